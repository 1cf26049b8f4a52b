"""Medical-necessity coverage: which diagnoses support which procedures, by date.

Two layouts load into the same :class:`CoverageTable`:

1. rcm's coverage CSV (:func:`load_coverage_csv`), one row per procedure and
   diagnosis pattern, with a header row::

       procedure,diagnosis,effective,expires,policy
       82947,E11.9,2025-10-01,,A56789
       82947,E11.-,,,A56789
       93000,I20.0-I25.9,,,L12345

   ``diagnosis`` is a code (``E11.9``; the dot is optional), a category and
   everything below it (``E11.-`` or ``E11*``), or an inclusive range in
   the tabular list's sense (``I20.0-I25.9``). ``effective``/``expires`` are
   ``YYYY-MM-DD`` or ``CCYYMMDD`` (blank: open). ``policy`` names the LCD,
   article or payer policy the row comes from.

2. The Medicare Coverage Database's article download
   (:func:`load_mcd_articles`): ``article_x_hcpc_code.csv`` (article ×
   HCPCS/CPT code), ``article_x_icd10_covered.csv`` (article × covered
   ICD-10-CM code) and, for dates, ``article.csv`` (``article_eff_date``,
   ``article_end_date``). Rows join on ``article_id`` and ``article_version``.

A procedure a table does not list has no policy: the MN edits leave it alone.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import attrs

from rcm.coding.icd10cm import CodeRange
from rcm.edits.tables._common import PathLike, guarded, is_code5, open_text, parse_any_date
from rcm.errors import ReferenceDataError

__all__ = [
    "CoveragePolicy",
    "CoverageTable",
    "load_coverage_csv",
    "load_mcd_articles",
]

logger = logging.getLogger(__name__)


def _dx(code: str) -> str:
    return code.strip().upper().replace(".", "").replace(" ", "")


def _within(day: date, start: date | None, end: date | None) -> bool:
    if start is not None and day < start:
        return False
    return end is None or day <= end


@attrs.frozen(slots=True)
class CoveragePolicy:
    """The diagnoses that support one procedure under one policy, for a span of dates.

    Attributes:
        procedure: the CPT/HCPCS code.
        policy: the policy's name (``"article A56789 v3"``, ``"L12345"``).
        codes: diagnosis codes that support it, compact (``E119``).
        prefixes: categories that support it with everything below them (``E11``).
        ranges: inclusive ranges that support it.
        effective: the first date of service it applies to (``None``: any).
        expires: the last (``None``: no end).

    Example:
        >>> p = CoveragePolicy("82947", "A1", codes=frozenset({"E119"}), prefixes=("R73",))
        >>> p.supports("E11.9"), p.supports("R73.01"), p.supports("I10")
        (True, True, False)
    """

    procedure: str
    policy: str
    codes: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    ranges: tuple[CodeRange, ...] = ()
    effective: date | None = None
    expires: date | None = None

    def supports(self, diagnosis: str) -> bool:
        """Whether the diagnosis code supports the procedure under this policy.

        Example:
            >>> CoveragePolicy("93000", "L1", ranges=(CodeRange("I20", "I259"),)).supports("I25.10")
            True
        """
        code = _dx(diagnosis)
        if code in self.codes:
            return True
        if any(code.startswith(prefix) for prefix in self.prefixes):
            return True
        return any(code in r for r in self.ranges)

    def in_force(self, day: date) -> bool:
        """Whether the policy applies to a date of service.

        Example:
            >>> CoveragePolicy("1", "x", expires=date(2024, 1, 1)).in_force(date(2025, 1, 1))
            False
        """
        return _within(day, self.effective, self.expires)

    def examples(self, limit: int = 3) -> tuple[str, ...]:
        """A few supporting diagnoses, for messages (codes, then categories, then ranges).

        Example:
            >>> CoveragePolicy("1", "x", codes=frozenset({"E119", "E1165"})).examples()
            ('E11.65', 'E11.9')
        """
        out = [c if len(c) <= 3 else f"{c[:3]}.{c[3:]}" for c in sorted(self.codes)]
        out += [f"{p}.-" if len(p) == 3 else f"{p[:3]}.{p[3:]}-" for p in self.prefixes]
        out += [str(r) for r in self.ranges]
        return tuple(out[:limit])


class CoverageTable:
    """Coverage policies by procedure code.

    Example:
        >>> from datetime import date
        >>> t = CoverageTable([CoveragePolicy("82947", "A1", codes=frozenset({"E119"}))],
        ...                   version="demo")
        >>> t.supports("82947", ["E11.9"], on=date(2026, 1, 1))
        True
        >>> t.supports("82947", ["I10"], on=date(2026, 1, 1))
        False
        >>> t.supports("99213", ["I10"], on=date(2026, 1, 1)) is None
        True
    """

    __slots__ = ("_by_procedure", "effective", "source", "version")

    def __init__(
        self,
        policies: Iterable[CoveragePolicy],
        *,
        version: str = "custom",
        source: str = "<policies>",
    ) -> None:
        by_procedure: dict[str, list[CoveragePolicy]] = {}
        for policy in policies:
            by_procedure.setdefault(policy.procedure, []).append(policy)
        self._by_procedure = {code: tuple(items) for code, items in by_procedure.items()}
        self.version = version
        self.source = source
        #: Policies carry their own dates.
        self.effective: date | None = None

    def __repr__(self) -> str:
        return f"<CoverageTable {self.version}: {len(self)} procedures from {self.source}>"

    def __len__(self) -> int:
        return len(self._by_procedure)

    def __iter__(self) -> Iterator[CoveragePolicy]:
        for items in self._by_procedure.values():
            yield from items

    @property
    def label(self) -> str:
        """How reports name this table.

        Example:
            >>> CoverageTable([], version="LCD 2026-04").label
            'coverage LCD 2026-04'
        """
        return f"coverage {self.version}"

    def procedure_codes(self) -> frozenset[str]:
        """Every procedure code some policy of the table covers (on any date).

        Example:
            >>> from rcm.edits.tables import CoveragePolicy
            >>> CoverageTable([CoveragePolicy("82947", "L1", prefixes=("E11",))]).procedure_codes()
            frozenset({'82947'})
        """
        return frozenset(self._by_procedure)

    def policies(self, procedure: str, *, on: date) -> tuple[CoveragePolicy, ...]:
        """The policies for *procedure* in force on a date of service.

        Example:
            >>> CoverageTable([]).policies("82947", on=date(2026, 1, 1))
            ()
        """
        return tuple(p for p in self._by_procedure.get(procedure, ()) if p.in_force(on))

    def supports(self, procedure: str, diagnoses: Iterable[str], *, on: date) -> bool | None:
        """Whether any diagnosis supports the procedure under any policy in force.

        ``None`` when no policy covers the procedure on that date (nothing to check).

        Example:
            >>> CoverageTable([]).supports("82947", ["E11.9"], on=date(2026, 1, 1)) is None
            True
        """
        policies = self.policies(procedure, on=on)
        if not policies:
            return None
        codes = list(diagnoses)
        return any(p.supports(code) for p in policies for code in codes)


def _pattern(text: str, where: str, line: int) -> tuple[str, str | CodeRange]:
    value = text.strip().upper().replace(" ", "")
    if not value:
        raise ReferenceDataError("the diagnosis cell is empty", path=where, line=line)
    if value.endswith(("-", "*")) and "-" not in value[:-1]:
        prefix = _dx(value[:-1].rstrip("."))
        if not prefix.isalnum():
            raise ReferenceDataError(f"{text!r} is not a diagnosis pattern", path=where, line=line)
        return "prefix", prefix
    if "-" in value:
        first, _, last = value.partition("-")
        first, last = _dx(first), _dx(last.rstrip("-"))
        if not (first.isalnum() and last.isalnum()) or first[:3] > last[:3]:
            raise ReferenceDataError(f"{text!r} is not a diagnosis range", path=where, line=line)
        return "range", CodeRange(first, last)
    code = _dx(value)
    if not code.isalnum() or not code[0].isalpha() or not 3 <= len(code) <= 7:
        raise ReferenceDataError(f"{text!r} is not an ICD-10-CM code", path=where, line=line)
    return "code", code


@guarded
def load_coverage_csv(path: PathLike, *, version: str | None = None) -> CoverageTable:
    r"""Read rcm's coverage CSV (``procedure,diagnosis,effective,expires,policy``).

    Rows with the same procedure, policy and dates form one policy.

    Raises:
        ReferenceDataError: a missing column, a malformed code, pattern or date.

    Example:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "coverage.csv"
        >>> _ = path.write_text("procedure,diagnosis,effective,expires,policy\n"
        ...                     "82947,E11.-,2025-10-01,,A56789\n82947,R73.01,,,A56789\n")
        >>> table = load_coverage_csv(path)
        >>> table.supports("82947", ["E11.65"], on=date(2026, 1, 1))
        True
        >>> table.supports("82947", ["E11.65"], on=date(2025, 1, 1))
        False
    """
    file = Path(path)
    groups: dict[tuple[str, str, date | None, date | None], dict[str, list[object]]] = {}
    source = file.name
    for name, stream in open_text(file, encoding="utf-8-sig", suffixes=(".csv",)):
        source = name
        reader = csv.reader(stream)
        header: list[str] | None = None
        for record in reader:
            number = reader.line_num
            if header is None:
                header = [c.strip().lower() for c in record]
                missing = {"procedure", "diagnosis"} - set(header)
                if missing:
                    raise ReferenceDataError(
                        f"the header needs procedure and diagnosis columns (missing "
                        f"{', '.join(sorted(missing))}); expected "
                        "procedure,diagnosis,effective,expires,policy",
                        path=name,
                        line=number,
                    )
                continue
            if not any(c.strip() for c in record):
                continue
            row = dict(zip(header, record, strict=False))
            procedure = row.get("procedure", "").strip().upper()
            if not is_code5(procedure):
                raise ReferenceDataError(
                    f"{procedure!r} is not a CPT/HCPCS code", path=name, line=number
                )
            kind, value = _pattern(row.get("diagnosis", ""), name, number)
            key = (
                procedure,
                row.get("policy", "").strip() or source,
                parse_any_date(row.get("effective", ""), name, number),
                parse_any_date(row.get("expires", ""), name, number),
            )
            groups.setdefault(key, {"code": [], "prefix": [], "range": []})[kind].append(value)
        if header is None:
            raise ReferenceDataError("the coverage file is empty", path=name)
    policies = [
        CoveragePolicy(
            procedure=procedure,
            policy=policy,
            codes=frozenset(str(c) for c in parts["code"]),
            prefixes=tuple(str(p) for p in parts["prefix"]),
            ranges=tuple(r for r in parts["range"] if isinstance(r, CodeRange)),
            effective=effective,
            expires=expires,
        )
        for (procedure, policy, effective, expires), parts in groups.items()
    ]
    if not policies:
        raise ReferenceDataError("the coverage file has a header but no rows", path=source)
    return CoverageTable(policies, version=version or source, source=source)


def _read_csv(path: Path, needed: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    for name, stream in open_text(path, encoding="latin-1", suffixes=(".csv",)):
        reader = csv.reader(stream)
        header: list[str] | None = None
        for record in reader:
            number = reader.line_num
            if header is None:
                cells = [c.strip().lstrip("\ufeff").lstrip("ï»¿").lower() for c in record]
                if set(needed) <= set(cells):
                    header = cells
                elif number > 20:
                    break
                continue
            if not any(c.strip() for c in record):
                continue
            yield number, dict(zip(header, record, strict=False))
        if header is None:
            raise ReferenceDataError(
                f"no header row with the columns {', '.join(needed)}", path=name
            )


@guarded
def load_mcd_articles(
    hcpc_codes: PathLike,
    icd10_covered: PathLike | None = None,
    *,
    articles: PathLike | None = None,
    match_groups: bool = False,
    version: str | None = None,
) -> CoverageTable:
    r"""Read the Medicare Coverage Database article download into a coverage table.

    Args:
        hcpc_codes: ``article_x_hcpc_code.csv``, or the folder holding the
            download's CSVs (then the other two are found by name).
        icd10_covered: ``article_x_icd10_covered.csv``.
        articles: ``article.csv``, for the articles' effective and end dates.
        match_groups: pair HCPCS group *n* only with covered ICD-10 group *n*
            (articles that list codes group by group); by default every covered
            diagnosis of an article supports every procedure it lists.
        version: a name for the release (default: the file name).

    Raises:
        ReferenceDataError: a file is missing, lacks a needed column, or holds a
            malformed code or date.

    Example:
        >>> import pathlib, tempfile
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "article_x_hcpc_code.csv").write_text(
        ...     "article_id,article_version,hcpc_code_id,hcpc_code_group,range,last_updated\n"
        ...     "56789,3,82947,1,,2026-01-01 00:00:00\n")
        >>> _ = (d / "article_x_icd10_covered.csv").write_text(
        ...     "article_id,article_version,icd10_code_id,icd10_covered_group,range,last_updated\n"
        ...     "56789,3,E11.9,1,,2026-01-01 00:00:00\n")
        >>> _ = (d / "article.csv").write_text(
        ...     "article_id,article_version,title,article_eff_date,article_end_date\n"
        ...     "56789,3,Glucose,2025-10-01 00:00:00,\n")
        >>> table = load_mcd_articles(d)
        >>> table.supports("82947", ["E11.9"], on=date(2026, 1, 1))
        True
        >>> table.policies("82947", on=date(2026, 1, 1))[0].policy
        'article A56789 v3'
    """
    first = Path(hcpc_codes)
    if first.is_dir():
        folder = first
        first = folder / "article_x_hcpc_code.csv"
        icd10_covered = icd10_covered or folder / "article_x_icd10_covered.csv"
        candidate = folder / "article.csv"
        if articles is None and candidate.exists():
            articles = candidate
    if icd10_covered is None:
        raise ReferenceDataError(
            "load_mcd_articles needs article_x_icd10_covered.csv (or a folder holding it)",
            path=str(first),
        )
    spans: dict[tuple[str, str], tuple[date | None, date | None]] = {}
    if articles is not None:
        where = Path(articles).name
        for number, row in _read_csv(Path(articles), ("article_id", "article_version")):
            key = (row["article_id"].strip(), row["article_version"].strip())
            spans[key] = (
                parse_any_date(row.get("article_eff_date", ""), where, number),
                parse_any_date(row.get("article_end_date", ""), where, number),
            )
    procedures: dict[tuple[str, str], dict[str, set[str]]] = {}
    where = first.name
    for number, row in _read_csv(first, ("article_id", "article_version", "hcpc_code_id")):
        code = row["hcpc_code_id"].strip().upper()
        if not is_code5(code):
            raise ReferenceDataError(f"{code!r} is not a CPT/HCPCS code", path=where, line=number)
        group = row.get("hcpc_code_group", "").strip() if match_groups else ""
        key = (row["article_id"].strip(), row["article_version"].strip())
        procedures.setdefault(key, {}).setdefault(group, set()).add(code)
    covered: dict[tuple[str, str], dict[str, set[str]]] = {}
    where = Path(icd10_covered).name
    for number, row in _read_csv(
        Path(icd10_covered), ("article_id", "article_version", "icd10_code_id")
    ):
        code = _dx(row["icd10_code_id"])
        if not code.isalnum() or not code[:1].isalpha():
            raise ReferenceDataError(
                f"{row['icd10_code_id']!r} is not an ICD-10-CM code", path=where, line=number
            )
        group = row.get("icd10_covered_group", "").strip() if match_groups else ""
        key = (row["article_id"].strip(), row["article_version"].strip())
        covered.setdefault(key, {}).setdefault(group, set()).add(code)
    policies: list[CoveragePolicy] = []
    for key, groups in procedures.items():
        article_id, article_version = key
        effective, expires = spans.get(key, (None, None))
        diagnoses = covered.get(key, {})
        name = f"article A{article_id} v{article_version}"
        for group, codes in groups.items():
            supporting = frozenset(diagnoses.get(group, set()))
            if not supporting:
                continue
            policies.extend(
                CoveragePolicy(code, name, codes=supporting, effective=effective, expires=expires)
                for code in sorted(codes)
            )
    logger.debug("read %d article coverage policies", len(policies))
    return CoverageTable(policies, version=version or first.name, source=first.name)
