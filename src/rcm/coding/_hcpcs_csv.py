"""Reading a HCPCS Level II release from a CSV file (the shape derived copies use).

The columns, matched without regard to case and spacing:

* ``code`` (required): a Level II code, or a two-character modifier.
* ``long_description`` (required; also ``long_desc``, ``description``).
* ``short_description`` (optional; also ``short_desc``).
* ``recid`` (optional; also ``record_id``, ``rec_id``): the record identification
  code of the CMS layout: 3 code, 4 code continuation, 7 modifier, 8 modifier
  continuation. Without it a two-character code is a modifier.
* ``seqnum`` and any other column are ignored.

A continuation row's text is joined to the long description of the row it
follows. A CSV carries no dates, so its codes have no add or termination date;
give the release's ``effective`` dates when you know them.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

import attrs

from rcm.coding import _hcpcs_format
from rcm.coding import modifier as _modifier_format
from rcm.coding._hcpcs_files import Source, normalise_header, read_rows, source_name
from rcm.coding._hcpcs_release import HcpcsCode, HcpcsRelease
from rcm.dates import DateRange
from rcm.errors import ReferenceDataError, ValidationError

__all__ = ["load_csv"]

logger = logging.getLogger(__name__)

_COLUMNS = {
    "code": ("code", "hcpcs", "hcpcs_code", "hcpc"),
    "long": ("long_description", "long_desc", "description"),
    "short": ("short_description", "short_desc"),
    "recid": ("recid", "rec_id", "record_id", "ric"),
}


def _columns(header: list[str], *, name: str, line: int) -> dict[str, int]:
    keys = [normalise_header(cell) for cell in header]
    found: dict[str, int] = {}
    for role, names in _COLUMNS.items():
        for candidate in names:
            if candidate in keys:
                found[role] = keys.index(candidate)
                break
    for required in ("code", "long"):
        if required not in found:
            wanted = " or ".join(_COLUMNS[required])
            raise ReferenceDataError(
                f"the header {header!r} has no {wanted} column", path=name, line=line
            )
    return found


def load_csv(
    source: Source,
    *,
    release: str | None = None,
    effective: DateRange | None = None,
    encoding: str = "utf-8-sig",
    delimiter: str | None = None,
) -> HcpcsRelease:
    r"""Load a HCPCS Level II release from a CSV (or TSV) file of codes and descriptions.

    The accepted columns are ``code``, ``long_description``, optional
    ``short_description`` and ``recid`` (see :mod:`rcm.coding._hcpcs_csv`).

    Args:
        source: a path, or an open text file.
        release: the release name (default: the file name without extension).
        effective: the dates the release is in force; lookups outside are refused.
        encoding: the file's encoding (paths only).
        delimiter: force ``","`` or ``"\t"`` instead of guessing from the header.

    Raises:
        ReferenceDataError: an empty file, a missing column, a bad code or record
            id, a continuation without its first row, or a code twice; with the
            path and line.

    Example:
        >>> import io
        >>> text = "code,recid,long_description\nXE,7,Separate encounter\n"
        >>> release = load_csv(io.StringIO(text), release="demo")
        >>> release.get("XE").is_modifier, len(release)
        (True, 1)
    """
    name = source_name(source)
    label = release if release is not None else PurePath(name).stem
    rows = read_rows(source, encoding=encoding, delimiter=delimiter)
    first = next(rows, None)
    if first is None:
        raise ReferenceDataError("the file has no rows", path=name, line=1)
    header_line, header = first
    columns = _columns(header, name=name, line=header_line)
    width = max(columns.values()) + 1
    entries: list[HcpcsCode] = []
    first_line: dict[str, int] = {}
    last = header_line
    for line, row in rows:
        last = line
        if len(row) < width:
            raise ReferenceDataError(
                f"the row has {len(row)} cells, expected {width}", path=name, line=line
            )
        raw_code = row[columns["code"]].strip()
        recid = row[columns["recid"]].strip() if "recid" in columns else ""
        if not recid:
            recid = "7" if len(raw_code) == 2 else "3"
        if recid not in ("3", "4", "7", "8"):
            raise ReferenceDataError(
                f"record identification code {recid!r} is not 3, 4, 7 or 8", path=name, line=line
            )
        is_modifier = recid in ("7", "8")
        try:
            code = (
                _modifier_format.validate(raw_code)
                if is_modifier
                else _hcpcs_format.validate(raw_code)
            )
        except ValidationError as exc:
            raise ReferenceDataError(f"bad code: {exc}", path=name, line=line) from None
        text = row[columns["long"]].strip()
        if recid in ("4", "8"):
            if not entries or entries[-1].code != code:
                raise ReferenceDataError(
                    f"continuation row for {code} does not follow a row for {code}",
                    path=name,
                    line=line,
                )
            previous = entries[-1]
            entries[-1] = attrs.evolve(
                previous, long_description=f"{previous.long_description} {text}".strip()
            )
            continue
        if code in first_line:
            raise ReferenceDataError(
                f"code {code} appears again (first on line {first_line[code]})",
                path=name,
                line=line,
            )
        if not text:
            raise ReferenceDataError(f"code {code} has no long description", path=name, line=line)
        first_line[code] = line
        short = row[columns["short"]].strip() if "short" in columns else ""
        entries.append(HcpcsCode(code, is_modifier, text, short, label))
    if not entries:
        raise ReferenceDataError("the file has a header but no codes", path=name, line=last)
    logger.debug("loaded %d HCPCS codes and modifiers from %s", len(entries), name)
    return HcpcsRelease(label, name, effective, tuple(entries))
