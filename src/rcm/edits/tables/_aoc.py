"""NCCI add-on code (AOC) edit tables: add-on codes, their type, and their primary codes.

CMS publishes the Medicare AOC edit file (a text file and the same table as
an Excel workbook) with one row per add-on/primary pair: the add-on code,
the primary code, the AOC edit type (1, 2 or 3), and the effective and
deletion dates of the add-on code and of the primary code. Type 1 add-on
codes are paid only with one of their listed primaries; type 2 codes have no
list (contractors make their own); type 3 codes have a partial list.

rcm reads the table as delimited text with a header row (tab or comma
separated: the text file, or the workbook saved as CSV), finding the columns
by their names. Dates may be ``YYYYDDD`` (year and day of year, as the AOC
file writes them), ``CCYYMMDD``, ``YYYY-MM-DD`` or ``MM/DD/YYYY``; blank or
``*`` means none. A primary code of ``CCCCC``, ``N/A`` or blank means
"contractor defined" (type 2).

Source: CMS, "Medicare NCCI Add-on Code Edits"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-add-code-edits),
and the NCCI Policy Manual for Medicare Services, Chapter I, section U.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable, Iterator
from datetime import date

import attrs

from rcm.edits.tables._common import (
    PathLike,
    as_paths,
    guarded,
    is_code5,
    open_text,
    parse_any_date,
)
from rcm.errors import ReferenceDataError

__all__ = ["AocEntry", "AocRow", "AocTable", "load_aoc"]

logger = logging.getLogger(__name__)

_CONTRACTOR = frozenset({"", "CCCCC", "N/A", "NA", "*", "NONE"})


def _within(day: date, start: date | None, end: date | None) -> bool:
    if start is not None and day < start:
        return False
    return end is None or day <= end


@attrs.frozen(slots=True)
class AocRow:
    """One row of the AOC table: an add-on code with one primary code (or none).

    Attributes:
        addon: the add-on code.
        primary: an acceptable primary code, or ``None`` (contractor defined).
        type: the AOC edit type: 1, 2 or 3.
        effective: when the add-on code took effect (``None``: no date given).
        deleted: when it was deleted (``None``: in force).
        primary_effective: when this primary became acceptable.
        primary_deleted: when it stopped being acceptable.

    Example:
        >>> from datetime import date
        >>> row = AocRow("99292", "99291", 1, date(2000, 1, 1))
        >>> row.in_force(date(2026, 4, 1))
        True
    """

    addon: str
    primary: str | None
    type: int
    effective: date | None = None
    deleted: date | None = None
    primary_effective: date | None = None
    primary_deleted: date | None = None

    def in_force(self, day: date) -> bool:
        """Whether the add-on code (and this primary) apply on a date of service.

        Example:
            >>> AocRow("99292", "99291", 1, deleted=date(2020, 1, 1)).in_force(date(2021, 1, 1))
            False
        """
        return _within(day, self.effective, self.deleted) and _within(
            day, self.primary_effective, self.primary_deleted
        )


@attrs.frozen(slots=True)
class AocEntry:
    """What the table says about an add-on code on a date of service.

    Attributes:
        addon: the add-on code.
        type: 1 (listed primaries only), 2 (no list) or 3 (a partial list).
        primaries: the listed primary codes in force that day.

    Example:
        >>> AocEntry("99292", 1, frozenset({"99291"})).accepts("99291")
        True
    """

    addon: str
    type: int
    primaries: frozenset[str]

    def accepts(self, code: str) -> bool:
        """Whether *code* is a listed primary.

        Example:
            >>> AocEntry("99292", 1, frozenset({"99291"})).accepts("99213")
            False
        """
        return code in self.primaries


class AocTable:
    """The NCCI add-on code table, by add-on code.

    Example:
        >>> from datetime import date
        >>> t = AocTable([AocRow("99292", "99291", 1)], version="demo")
        >>> t.entry("99292", on=date(2026, 4, 1))
        AocEntry(addon='99292', type=1, primaries=frozenset({'99291'}))
        >>> t.is_addon("99291"), t.label
        (False, 'NCCI AOC demo')
    """

    __slots__ = ("_by_addon", "_cache", "effective", "source", "version")

    def __init__(
        self,
        rows: Iterable[AocRow],
        *,
        version: str = "custom",
        effective: date | None = None,
        source: str = "<rows>",
    ) -> None:
        by_addon: dict[str, list[AocRow]] = {}
        for row in rows:
            if row.type not in (1, 2, 3):
                raise ReferenceDataError(
                    f"AOC edit type {row.type!r} for {row.addon} is not 1, 2 or 3", path=source
                )
            by_addon.setdefault(row.addon, []).append(row)
        self._by_addon = {code: tuple(rows) for code, rows in by_addon.items()}
        self._cache: dict[tuple[str, date], AocEntry | None] = {}
        self.version = version
        self.effective = effective
        self.source = source

    def __repr__(self) -> str:
        return f"<AocTable {self.version}: {len(self)} add-on codes from {self.source}>"

    def __len__(self) -> int:
        return len(self._by_addon)

    def __iter__(self) -> Iterator[AocRow]:
        for rows in self._by_addon.values():
            yield from rows

    @property
    def label(self) -> str:
        """How reports name this table.

        Example:
            >>> AocTable([], version="2026Q2").label
            'NCCI AOC 2026Q2'
        """
        return f"NCCI AOC {self.version}"

    def is_addon(self, code: str) -> bool:
        """Whether *code* is an add-on code on any date.

        Example:
            >>> AocTable([AocRow("99292", None, 2)]).is_addon("99292")
            True
        """
        return code in self._by_addon

    def addon_codes(self) -> frozenset[str]:
        """Every add-on code of the table (on any date).

        Example:
            >>> AocTable([AocRow("99292", "99291", 1)]).addon_codes()
            frozenset({'99292'})
        """
        return frozenset(self._by_addon)

    def entry(self, addon: str, *, on: date) -> AocEntry | None:
        """The add-on code's type and primaries in force on a date of service.

        ``None`` when *addon* is not an add-on code on that date.

        Example:
            >>> t = AocTable([AocRow("99292", "99291", 1, effective=date(2026, 1, 1))])
            >>> t.entry("99292", on=date(2025, 6, 1)) is None
            True
        """
        key = (addon, on)
        if key in self._cache:
            return self._cache[key]
        rows = self._by_addon.get(addon, ())
        live = [r for r in rows if _within(on, r.effective, r.deleted)]
        result: AocEntry | None = None
        if live:
            primaries = frozenset(
                r.primary
                for r in live
                if r.primary is not None and _within(on, r.primary_effective, r.primary_deleted)
            )
            result = AocEntry(addon, max(r.type for r in live), primaries)
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[key] = result
        return result


def _find_columns(cells: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        text = cell.replace("-", " ").replace("_", " ")
        is_date = any(w in text for w in ("date", "effective", "deletion", "termination", "end "))
        primary = "primary" in text
        if primary and ("effective" in text or "begin" in text):
            found.setdefault("primary_effective", index)
        elif primary and any(w in text for w in ("deletion", "termination", "end")):
            found.setdefault("primary_deleted", index)
        elif primary:
            found.setdefault("primary", index)
        elif "effective" in text or "begin" in text:
            found.setdefault("effective", index)
        elif any(w in text for w in ("deletion", "termination", "end")):
            found.setdefault("deleted", index)
        elif "type" in text:
            found.setdefault("type", index)
        elif not is_date and ("add on" in text or "addon" in text or text.startswith("aoc")):
            found.setdefault("addon", index)
    if {"addon", "primary", "type"} <= set(found):
        return found
    return None


_ROMAN = {"I": 1, "II": 2, "III": 3}


def _type(text: str, where: str, line: int) -> int:
    value = text.strip().upper().removeprefix("TYPE").strip()
    if value in ("1", "2", "3"):
        return int(value)
    if value in _ROMAN:
        return _ROMAN[value]
    raise ReferenceDataError(f"AOC edit type {text!r} is not 1, 2 or 3", path=where, line=line)


@guarded
def load_aoc(
    path: PathLike, *, version: str | None = None, effective: date | None = None
) -> AocTable:
    r"""Read the NCCI add-on code table from delimited text (tab or comma) with a header row.

    Raises:
        ReferenceDataError: no header row naming the add-on code, primary code
            and type columns; a malformed code, type or date (with file and line).

    Example:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "aoc.txt"
        >>> _ = path.write_text(
        ...     "Add-on Code\tPrimary Code\tAOC Edit Type\tAOC Effective Date\t"
        ...     "AOC Deletion Date\tPrimary Code Effective Date\tPrimary Code Deletion Date\n"
        ...     "99292\t99291\t1\t2000001\t*\t2000001\t*\n"
        ...     "0054T\tCCCCC\t2\t2004001\t\t\t\n")
        >>> table = load_aoc(path, version="demo")
        >>> table.entry("99292", on=date(2026, 4, 1)).primaries, table.entry("0054T", on=date(2026, 4, 1)).type
        (frozenset({'99291'}), 2)
    """  # noqa: E501
    file = as_paths(path)[0]
    rows: list[AocRow] = []
    source = file.name
    for name, stream in open_text(file, encoding="cp1252", suffixes=(".txt", ".csv")):
        source = name
        text = stream.read()
        first = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = "\t" if "\t" in first else ","
        reader = csv.reader(text.splitlines(), delimiter=delimiter)
        columns: dict[str, int] | None = None
        for record in reader:
            number = reader.line_num
            if columns is None:
                cells = [" ".join(c.split()).lower() for c in record]
                columns = _find_columns(cells)
                if columns is None and number > 30:
                    break
                continue
            if not any(c.strip() for c in record):
                continue
            rows.append(_row(record, columns, name, number))
        if columns is None:
            raise ReferenceDataError(
                "no AOC header row naming the add-on code, primary code and edit type columns",
                path=name,
            )
    if not rows:
        raise ReferenceDataError("the AOC file has a header but no rows", path=source)
    logger.debug("read %d AOC rows from %s", len(rows), source)
    return AocTable(rows, version=version or source, effective=effective, source=source)


def _row(record: list[str], columns: dict[str, int], where: str, line: int) -> AocRow:
    def cell(name: str) -> str:
        index = columns.get(name)
        if index is None or index >= len(record):
            return ""
        return record[index].strip()

    addon = cell("addon").upper()
    if not is_code5(addon):
        raise ReferenceDataError(
            f"add-on code {addon!r} is not a CPT/HCPCS code", path=where, line=line
        )
    primary_text = cell("primary").upper()
    primary: str | None = None
    if primary_text not in _CONTRACTOR:
        if not is_code5(primary_text):
            raise ReferenceDataError(
                f"primary code {primary_text!r} is not a CPT/HCPCS code", path=where, line=line
            )
        primary = primary_text
    return AocRow(
        addon=addon,
        primary=primary,
        type=_type(cell("type"), where, line),
        effective=parse_any_date(cell("effective"), where, line),
        deleted=parse_any_date(cell("deleted"), where, line),
        primary_effective=parse_any_date(cell("primary_effective"), where, line),
        primary_deleted=parse_any_date(cell("primary_deleted"), where, line),
    )
