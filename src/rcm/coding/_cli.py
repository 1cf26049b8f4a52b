"""``rcm codes ...``: look codes up from the command line.

The system of each code is recognised from its shape (see :func:`detect_system`);
ICD-10-CM answers come from the bundled release in force on ``--on``; CPT and
HCPCS answers come from files the user passes (``--cpt-file``,
``--hcpcs-file``), because CPT is AMA-licensed and no current HCPCS file ships.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

import attrs

from rcm.coding import cpt, hcpcs, icd10cm, icd10pcs
from rcm.dates import parse_date
from rcm.errors import RcmError, ValidationError

__all__ = ["CodeReport", "detect_system", "install", "lookup_codes"]

System = Literal["ICD-10-CM", "ICD-10-PCS", "CPT", "HCPCS"]

_SYSTEM_NAMES: dict[str, System] = {
    "icd10cm": "ICD-10-CM",
    "icd10pcs": "ICD-10-PCS",
    "cpt": "CPT",
    "hcpcs": "HCPCS",
}
_HCPCS_SHAPE = re.compile(r"^[A-Z][0-9]{4}$")
_CPT_SHAPE = re.compile(r"^[0-9]{4}[0-9AFTUM]$")


def detect_system(code: str) -> System | None:
    """Guess the code system of *code* from its shape alone.

    Rules, in order: a dot means ICD-10-CM; four digits and a digit or
    ``F``/``T``/``U``/``M`` is CPT; a letter and four digits (``J1100``) is
    HCPCS Level II (write the ICD-10-CM code ``J11.00`` with its dot); a
    seven-character code starting with a digit is ICD-10-PCS; any other
    ICD-10-CM shape is ICD-10-CM. ``None`` when nothing fits.

    Example:
        >>> [detect_system(c) for c in ["E11.9", "99213", "J1100", "0DTJ4ZZ", "S72001A", "??"]]
        ['ICD-10-CM', 'CPT', 'HCPCS', 'ICD-10-PCS', 'ICD-10-CM', None]
    """
    text = code.strip().upper()
    if "." in text:
        return "ICD-10-CM" if icd10cm.is_valid(text) else None
    if _CPT_SHAPE.match(text):
        return "CPT"
    if _HCPCS_SHAPE.match(text):
        return "HCPCS"
    if len(text) == 7 and text[0].isdigit() and icd10pcs.is_valid(text):
        return "ICD-10-PCS"
    if icd10cm.is_valid(text):
        return "ICD-10-CM"
    if icd10pcs.is_valid(text):
        return "ICD-10-PCS"
    return None


@attrs.frozen
class CodeReport:
    """What ``rcm codes lookup`` says about one code.

    Attributes:
        input: the code as typed.
        code: the compact code, or the input when it could not be compacted.
        formatted: the display form.
        system: the code system, or ``None`` when the shape fits none.
        valid: whether the code is well formed and, where data is loaded,
            defined on the date of service.
        billable: whether it may be reported on a claim that day; ``None`` when
            rcm has no data to say (CPT or HCPCS without a file).
        description: the official description, where rcm may show one.
        release: the release that answered, or ``None``.
        message: a note or the reason the code is not valid.

    Example:
        >>> from datetime import date
        >>> report = lookup_codes(["E11.9"], on=date(2025, 10, 1))[0]
        >>> report.system, report.valid, report.billable, report.release
        ('ICD-10-CM', True, True, 'ICD-10-CM FY2026 (April 1, 2026 tabular list)')
    """

    input: str
    code: str
    formatted: str
    system: System | None
    valid: bool
    billable: bool | None
    description: str | None
    release: str | None
    message: str = ""

    @property
    def ok(self) -> bool:
        """Whether the code may be billed (or, lacking data, is at least well formed).

        Example:
            >>> from datetime import date
            >>> lookup_codes(["E11"], on=date(2025, 10, 1))[0].ok
            False
        """
        return self.valid and self.billable is not False

    def as_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready ``dict``.

        Example:
            >>> from datetime import date
            >>> lookup_codes(["99213"], on=date(2025, 10, 1))[0].as_dict()["system"]
            'CPT'
        """
        return attrs.asdict(self)


def _icd10cm_report(text: str, on: date) -> CodeReport:
    try:
        code = icd10cm.validate(text)
    except ValidationError as exc:
        return CodeReport(text, text, text, "ICD-10-CM", False, None, None, None, str(exc))
    chosen = icd10cm.release(on=on)
    entry = chosen.get(code)
    if entry is None:
        message = f"not defined on {on.isoformat()} in {chosen.name}"
        return CodeReport(
            text, code, icd10cm.format(code), "ICD-10-CM", False, False, None, chosen.name, message
        )
    message = "" if entry.billable else "a header, not billable: report a more specific code"
    return CodeReport(
        text,
        code,
        entry.formatted,
        "ICD-10-CM",
        True,
        entry.billable,
        entry.description,
        chosen.name,
        message,
    )


def _table_report(
    text: str,
    on: date,
    *,
    system: System,
    module: Any,
    table: cpt.CptTable | hcpcs.HcpcsRelease | None,
    missing_note: str,
) -> CodeReport:
    try:
        code = module.validate(text)
    except ValidationError as exc:
        return CodeReport(text, text, text, system, False, None, None, None, str(exc))
    formatted = module.format(code)
    if table is None:
        return CodeReport(text, code, formatted, system, True, None, None, None, missing_note)
    release = table.release if isinstance(table, cpt.CptTable) else table.name
    try:
        entry = table.lookup(code, on=on)
    except RcmError as exc:
        return CodeReport(text, code, formatted, system, False, False, None, release, str(exc))
    description = getattr(entry, "descriptor", None) or getattr(entry, "long_description", None)
    return CodeReport(text, code, formatted, system, True, True, description, release)


def lookup_codes(
    codes: Sequence[str],
    *,
    on: date,
    system: System | None = None,
    cpt_table: cpt.CptTable | None = None,
    hcpcs_release: hcpcs.HcpcsRelease | None = None,
) -> list[CodeReport]:
    """Report on each code for the date of service *on*.

    Args:
        codes: the codes as typed (dots and case do not matter).
        on: the date of service.
        system: force one code system instead of recognising each code's shape.
        cpt_table: a CPT file the user is licensed for (see :func:`rcm.coding.cpt.load`).
        hcpcs_release: a HCPCS Level II release (see :mod:`rcm.coding.hcpcs`).

    Example:
        >>> from datetime import date
        >>> [(r.formatted, r.ok) for r in lookup_codes(["e119", "U09.9X"], on=date(2025, 10, 1))]
        [('E11.9', True), ('U09.9X', False)]
    """
    reports = []
    for text in codes:
        chosen = system or detect_system(text)
        if chosen == "ICD-10-CM":
            reports.append(_icd10cm_report(text, on))
        elif chosen == "CPT":
            note = "format valid; CPT descriptors are AMA-licensed and do not ship (--cpt-file)"
            reports.append(
                _table_report(
                    text, on, system="CPT", module=cpt, table=cpt_table, missing_note=note
                )
            )
        elif chosen == "HCPCS":
            note = "format valid; no HCPCS release loaded (--hcpcs-file)"
            reports.append(
                _table_report(
                    text, on, system="HCPCS", module=hcpcs, table=hcpcs_release, missing_note=note
                )
            )
        elif chosen == "ICD-10-PCS":
            note = "format valid; no ICD-10-PCS release ships with rcm"
            reports.append(
                _table_report(
                    text, on, system="ICD-10-PCS", module=icd10pcs, table=None, missing_note=note
                )
            )
        else:
            reports.append(
                CodeReport(
                    text, text, text, None, False, None, None, None,
                    "not the shape of an ICD-10-CM, ICD-10-PCS, CPT or HCPCS code",
                )
            )  # fmt: skip
    return reports


def _print_text(reports: Sequence[CodeReport], out: Callable[[str], None]) -> None:
    width = max(len(r.formatted) for r in reports)
    for r in reports:
        if not r.valid:
            status = "INVALID"
        elif r.billable is None:
            status = "valid"
        else:
            status = "billable" if r.billable else "not billable"
        line = f"{r.formatted:<{width}}  {r.system or '?':<10}  {status:<12}"
        if r.description:
            line += f"  {r.description}"
        if r.release:
            line += f"  [{r.release}]"
        if r.message:
            line += f"  ({r.message})"
        out(line)


def _run_lookup(args: argparse.Namespace) -> int:
    on = parse_date(args.on)
    cpt_table = cpt.load(args.cpt_file) if args.cpt_file else None
    hcpcs_release = None
    if args.hcpcs_file:
        path = Path(args.hcpcs_file)
        loader = hcpcs.load_csv if path.suffix.lower() == ".csv" else hcpcs.load_anweb
        hcpcs_release = loader(path)
    reports = lookup_codes(
        args.codes,
        on=on,
        system=_SYSTEM_NAMES[args.system] if args.system else None,
        cpt_table=cpt_table,
        hcpcs_release=hcpcs_release,
    )
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], indent=2))
    else:
        _print_text(reports, print)
    return 0 if all(r.ok for r in reports) else 1


def install(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``rcm codes`` and its subcommands to the top-level parser.

    Example:
        >>> parser = argparse.ArgumentParser(prog="rcm")
        >>> install(parser.add_subparsers())
        >>> parser.parse_args(["codes", "lookup", "E11.9", "--on", "2025-10-01"]).codes
        ['E11.9']
    """
    codes = subparsers.add_parser("codes", help="look up and check codes")
    codes_sub = codes.add_subparsers(dest="codes_command", metavar="SUBCOMMAND")
    codes_sub.required = True
    lookup = codes_sub.add_parser(
        "lookup",
        help="check codes on a date of service",
        description=(
            "For each code: its system, whether it is valid and billable on the date of "
            "service, its description and the release used. Exit status 1 if any code is "
            "invalid, unknown or not billable on that date."
        ),
    )
    lookup.add_argument("codes", nargs="+", metavar="CODE")
    lookup.add_argument(
        "--on", required=True, metavar="DATE", help="date of service, YYYY-MM-DD or CCYYMMDD"
    )
    lookup.add_argument("--json", action="store_true", help="machine-readable output")
    lookup.add_argument(
        "--system", choices=sorted(_SYSTEM_NAMES), help="force a code system for every code"
    )
    lookup.add_argument("--cpt-file", metavar="FILE", help="a licensed CPT code/descriptor file")
    lookup.add_argument(
        "--hcpcs-file", metavar="FILE", help="a CMS HCPCS quarterly file (fixed width, or .csv)"
    )
    lookup.set_defaults(func=_run_lookup)
