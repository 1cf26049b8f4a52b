"""The place-of-service table: rows with effective dates, read from the bundled CSV or yours.

The file format (what ``scripts/update/pos.py`` writes): ``# key: value``
comment lines (``release`` and ``source`` are read), then a CSV header
``code,start,end,facility,name,description`` and one row per code and name.
``start``/``end`` are ISO dates or empty (no stated start; still current),
``facility`` is ``Y`` or ``N``.
"""

from __future__ import annotations

import functools
import io
import logging
from collections.abc import Iterator, Mapping
from datetime import date
from importlib.resources import files
from types import MappingProxyType

import attrs

from rcm.coding import _pos_format
from rcm.coding._hcpcs_files import (
    Source,
    iter_text_lines,
    normalise_header,
    read_rows,
    source_name,
)
from rcm.dates import DateRange, parse_iso
from rcm.errors import InvalidDate, ReferenceDataError, UnknownCode, ValidationError

__all__ = ["BUNDLED_RESOURCE", "PlaceOfService", "PosTable", "bundled", "load"]

logger = logging.getLogger(__name__)

#: The bundled table inside the package.
BUNDLED_RESOURCE = "data/pos.csv"

_COLUMNS = ("code", "start", "end", "facility", "name", "description")


@attrs.frozen(slots=True)
class PlaceOfService:
    """One place-of-service code (and name) with the dates it applies.

    Attributes:
        code: the two-digit code (``"11"``).
        name: CMS's name for it (``"Office"``).
        description: CMS's description.
        effective: the days this row applies (``date.min`` start when CMS states
            no effective date, ``date.max`` end while current).
        facility: whether the Medicare physician fee schedule pays the facility
            rate for services here (Pub. 100-04, ch. 12, sec. 20.4.2).
        release: the table's release, so every answer says where it came from.

    Example:
        >>> from rcm.coding import pos
        >>> from datetime import date
        >>> office = pos.lookup("11", on=date(2025, 3, 1))
        >>> office.name, office.facility, office.since
        ('Office', False, None)
    """

    code: str
    name: str
    description: str
    effective: DateRange
    facility: bool
    release: str

    @property
    def since(self) -> date | None:
        """The effective date CMS states for this row, or ``None`` when it states none.

        Example:
            >>> from rcm.coding import pos
            >>> from datetime import date
            >>> pos.lookup("10", on=date(2025, 1, 1)).since
            datetime.date(2022, 1, 1)
        """
        return None if self.effective.start == date.min else self.effective.start


def _by_code(entries: tuple[PlaceOfService, ...]) -> Mapping[str, tuple[PlaceOfService, ...]]:
    grouped: dict[str, list[PlaceOfService]] = {}
    for entry in entries:
        grouped.setdefault(entry.code, []).append(entry)
    return MappingProxyType({code: tuple(rows) for code, rows in grouped.items()})


@attrs.frozen(slots=True)
class PosTable:
    """A place-of-service code set: its rows, release and source.

    Attributes:
        release: the release (``"2024-05-02"`` for the bundled CMS table).
        source: where it was read from.
        entries: every row, in file order.

    Example:
        >>> from rcm.coding import pos
        >>> table = pos.table()
        >>> table.release, "66" in table
        ('2024-05-02', True)
    """

    release: str
    source: str
    entries: tuple[PlaceOfService, ...] = attrs.field(repr=False)
    _rows: Mapping[str, tuple[PlaceOfService, ...]] = attrs.field(
        init=False,
        repr=False,
        eq=False,
        default=attrs.Factory(lambda self: _by_code(self.entries), takes_self=True),
    )

    def lookup(self, code: str, *, on: date) -> PlaceOfService:
        """Return the row for *code* in force on the date of service *on*.

        Raises:
            InvalidFormat: *code* is not two digits.
            UnknownCode: no such code, or it is not in force on *on*; the error
                names the code, the date and the release.

        Example:
            >>> from rcm.coding import pos
            >>> from datetime import date
            >>> pos.table().lookup("27", on=date(2023, 9, 30))
            Traceback (most recent call last):
            ...
            rcm.errors.UnknownCode: POS 27 (Outreach Site/Street) applies from 2023-10-01, ...
        """
        compact = _pos_format.validate(code)
        rows = self._rows.get(compact)
        if not rows:
            raise UnknownCode(
                f"place of service {compact} is not assigned in release {self.release}",
                code=compact,
                system="POS",
                date=on,
                release=self.release,
            )
        for row in rows:
            if on in row.effective:
                return row
        spans = ", ".join(_span(row) for row in rows)
        raise UnknownCode(
            f"POS {compact} ({rows[-1].name}) applies {spans}, not on {on.isoformat()} "
            f"(release {self.release})",
            code=compact,
            system="POS",
            date=on,
            release=self.release,
        )

    def on(self, day: date) -> tuple[PlaceOfService, ...]:
        """Every row in force on *day*, one per code, in code order.

        Example:
            >>> from rcm.coding import pos
            >>> from datetime import date
            >>> "10" in {row.code for row in pos.table().on(date(2021, 6, 1))}
            False
        """
        return tuple(
            row for code in sorted(self._rows) for row in self._rows[code] if day in row.effective
        )

    def history(self, code: str) -> tuple[PlaceOfService, ...]:
        """Every row for *code* (one per name it has had), oldest first; empty if unknown.

        Example:
            >>> from rcm.coding import pos
            >>> tuple(row.name for row in pos.table().history("02"))
            ('Telehealth', "Telehealth Provided Other than in Patient's Home")
        """
        return self._rows.get(_pos_format.validate(code), ())

    def __contains__(self, code: object) -> bool:
        return (
            isinstance(code, str)
            and _pos_format.is_valid(code)
            and bool(self._rows.get(_pos_format.compact(code)))
        )

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[PlaceOfService]:
        return iter(self.entries)


def _span(row: PlaceOfService) -> str:
    start, end = row.effective.start, row.effective.end
    if end == date.max:
        return f"from {start.isoformat()}" if start != date.min else "always"
    if start == date.min:
        return f"until {end.isoformat()}"
    return f"{start.isoformat()} to {end.isoformat()}"


def _date(text: str, *, label: str, name: str, line: int) -> date | None:
    if not text.strip():
        return None
    try:
        return parse_iso(text.strip())
    except InvalidDate:
        raise ReferenceDataError(
            f"{label} {text!r} is not a YYYY-MM-DD date", path=name, line=line
        ) from None


def _parse(lines: list[str], *, name: str, release: str | None) -> PosTable:
    metadata: dict[str, str] = {}
    body_start = 0
    for index, text in enumerate(lines):
        stripped = text.strip()
        if not stripped.startswith("#"):
            body_start = index
            break
        key, _, value = stripped.lstrip("#").partition(":")
        metadata.setdefault(key.strip().lower(), value.strip())
    else:
        body_start = len(lines)
    label = release or metadata.get("release") or name
    try:
        rows = list(read_rows(io.StringIO("".join(lines[body_start:])), delimiter=","))
    except ReferenceDataError as exc:
        line = None if exc.line is None else body_start + exc.line
        raise ReferenceDataError(exc.message, path=name, line=line) from None
    if not rows:
        raise ReferenceDataError("no header row and no codes", path=name, line=body_start + 1)
    header_line, header = rows[0]
    keys = [normalise_header(cell) for cell in header]
    missing = [column for column in _COLUMNS if column not in keys]
    if missing:
        raise ReferenceDataError(
            f"the header lacks the column(s) {', '.join(missing)} (expected {','.join(_COLUMNS)})",
            path=name,
            line=body_start + header_line,
        )
    where = {column: keys.index(column) for column in _COLUMNS}
    entries: list[PlaceOfService] = []
    for row_line, cells in rows[1:]:
        line = body_start + row_line
        if len(cells) < len(header):
            raise ReferenceDataError(
                f"the row has {len(cells)} cells, expected {len(header)}", path=name, line=line
            )
        try:
            code = _pos_format.validate(cells[where["code"]])
        except ValidationError as exc:
            raise ReferenceDataError(f"bad code: {exc}", path=name, line=line) from None
        start = _date(cells[where["start"]], label="start", name=name, line=line) or date.min
        end = _date(cells[where["end"]], label="end", name=name, line=line) or date.max
        if end < start:
            raise ReferenceDataError(
                f"POS {code} ends ({end.isoformat()}) before it starts ({start.isoformat()})",
                path=name,
                line=line,
            )
        flag = cells[where["facility"]].strip().upper()
        if flag not in ("Y", "N"):
            raise ReferenceDataError(f"facility is {flag!r}, expected Y or N", path=name, line=line)
        title = cells[where["name"]].strip()
        if not title:
            raise ReferenceDataError(f"POS {code} has no name", path=name, line=line)
        effective = DateRange(start, end)
        clash = next(
            (e for e in entries if e.code == code and e.effective.overlaps(effective)), None
        )
        if clash is not None:
            raise ReferenceDataError(
                f"POS {code} has rows with overlapping dates ({clash.effective.isoformat()} "
                f"and {effective.isoformat()})",
                path=name,
                line=line,
            )
        entries.append(
            PlaceOfService(
                code, title, cells[where["description"]].strip(), effective, flag == "Y", label
            )
        )
    if not entries:
        raise ReferenceDataError("the file has a header but no codes", path=name, line=len(lines))
    return PosTable(label, metadata.get("source", name), tuple(entries))


def load(source: Source, *, release: str | None = None, encoding: str = "utf-8") -> PosTable:
    r"""Load a place-of-service table in the bundled file's format (your own or a newer one).

    Args:
        source: a path, or an open text file.
        release: the release name (default: the file's ``# release:`` line).
        encoding: the file's encoding (paths only).

    Raises:
        ReferenceDataError: an empty file, a missing column, a bad code, date or
            facility flag, or overlapping rows for a code; with the path and line.

    Example:
        >>> import io
        >>> text = "# release: mine\ncode,start,end,facility,name,description\n11,,,N,Office,\n"
        >>> table = load(io.StringIO(text))
        >>> table.release, len(table)
        ('mine', 1)
    """
    name = source_name(source)
    lines = [text for _, text in iter_text_lines(source, encoding=encoding)]
    if not lines:
        raise ReferenceDataError("the file is empty", path=name, line=1)
    return _parse(lines, name=name, release=release)


@functools.cache
def bundled() -> PosTable:
    """The table rcm ships, built from the CMS POS page by ``scripts/update/pos.py``.

    Example:
        >>> bundled().release
        '2024-05-02'
    """
    resource = files("rcm.coding").joinpath(BUNDLED_RESOURCE)
    text = resource.read_text(encoding="utf-8")
    table = _parse(
        text.splitlines(keepends=True), name=f"rcm.coding/{BUNDLED_RESOURCE}", release=None
    )
    logger.debug("loaded the bundled POS table, release %s", table.release)
    return table
