"""A CPT table loaded from the user's licensed file (rcm ships no CPT descriptors).

Accepted file: CSV or TSV (tab when the first line has a tab), UTF-8 (a BOM is
fine). Either a header row naming the columns, or no header and the code in the
first column and the descriptor in the second. Header names are matched without
regard to case, spaces, hyphens or underscores:

* code: ``code``, ``cpt``, ``cpt_code``, ``hcpcs``, ``hcpcs_code``, ``procedure_code``
* descriptor: ``descriptor``, ``long_descriptor``, ``long_description``,
  ``description``, ``clinician_descriptor``, ``consumer_descriptor``
* optional short descriptor: ``short_descriptor``, ``short_description``
* other columns are ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import date
from types import MappingProxyType

import attrs

from rcm.coding import _cpt_format
from rcm.coding._hcpcs_files import Source, in_force, normalise_header, read_rows, source_name
from rcm.dates import DateRange
from rcm.errors import ReferenceDataError, UnknownCode, ValidationError

__all__ = ["CptCode", "CptTable", "load"]

logger = logging.getLogger(__name__)

_CODE_COLUMNS = ("code", "cpt", "cpt_code", "hcpcs", "hcpcs_code", "procedure_code")
_DESCRIPTOR_COLUMNS = (
    "descriptor",
    "long_descriptor",
    "long_description",
    "description",
    "clinician_descriptor",
    "consumer_descriptor",
)
_SHORT_COLUMNS = ("short_descriptor", "short_description")


@attrs.frozen(slots=True)
class CptCode:
    """One CPT code and the descriptor from the user's licensed file.

    Attributes:
        code: the compact code (``"99213"``).
        descriptor: the descriptor text from your file.
        short_descriptor: the short descriptor, when your file has one.
        release: the table's release name, so every answer says where it came from.

    Example:
        >>> entry = CptCode("99213", "test descriptor", None, "my 2026 file")
        >>> entry.category, entry.release
        ('I', 'my 2026 file')
    """

    code: str
    descriptor: str
    short_descriptor: str | None
    release: str

    @property
    def category(self) -> _cpt_format.Category:
        """The CPT category (``"I"``, ``"II"``, ``"III"``, ``"PLA"``, ``"MAAA"``).

        Example:
            >>> CptCode("0042T", "test descriptor", None, "mine").category
            'III'
        """
        return _cpt_format.category(self.code)


def _index(entries: tuple[CptCode, ...]) -> Mapping[str, CptCode]:
    return MappingProxyType({entry.code: entry for entry in entries})


@attrs.frozen(slots=True)
class CptTable:
    """CPT codes loaded from a file, looked up by code and date of service.

    Attributes:
        release: what the table is (your words, or the file name).
        source: the file it was read from.
        effective: the dates the table is in force, if you said so; lookups for
            other dates are refused.
        entries: every code, in file order.

    Example:
        >>> entry = CptCode("99213", "test descriptor", None, "mine")
        >>> table = CptTable("mine", "<memory>", None, (entry,))
        >>> from datetime import date
        >>> table.lookup("99213", on=date(2026, 1, 5)).descriptor
        'test descriptor'
        >>> "99214" in table, len(table)
        (False, 1)
    """

    release: str
    source: str
    effective: DateRange | None
    entries: tuple[CptCode, ...] = attrs.field(repr=False)
    _by_code: Mapping[str, CptCode] = attrs.field(
        init=False,
        repr=False,
        eq=False,
        default=attrs.Factory(lambda self: _index(self.entries), takes_self=True),
    )

    def get(self, code: str) -> CptCode | None:
        """Return the entry for *code* whatever the date, or ``None``.

        Example:
            >>> CptTable("mine", "<memory>", None, ()).get("99213") is None
            True
        """
        try:
            return self._by_code.get(_cpt_format.validate(code))
        except ValidationError:
            return None

    def lookup(self, code: str, *, on: date) -> CptCode:
        """Return the entry for *code* on the date of service *on*.

        Raises:
            InvalidFormat: *code* is not shaped like a CPT code.
            UnknownCode: the table has no such code, or is not in force on *on*.

        Example:
            >>> from datetime import date
            >>> CptTable("mine", "<memory>", None, ()).lookup("99213", on=date(2026, 1, 5))
            Traceback (most recent call last):
            ...
            rcm.errors.UnknownCode: CPT code 99213 is not defined on 2026-01-05 in release mine
        """
        compact = _cpt_format.validate(code)
        entry = self._by_code.get(compact)
        if entry is None:
            raise UnknownCode(code=compact, system="CPT", date=on, release=self.release)
        if not in_force(self.effective, on):
            assert self.effective is not None  # in_force is True for None
            raise UnknownCode(
                f"CPT table {self.release} is in force {self.effective.isoformat()}, "
                f"not on {on.isoformat()}",
                code=compact,
                system="CPT",
                date=on,
                release=self.release,
            )
        return entry

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[CptCode]:
        return iter(self.entries)


def _find_column(header: list[str], names: tuple[str, ...]) -> int | None:
    keys = [normalise_header(cell) for cell in header]
    for name in names:
        if name in keys:
            return keys.index(name)
    return None


def load(
    source: Source,
    *,
    release: str | None = None,
    effective: DateRange | None = None,
    encoding: str = "utf-8-sig",
    delimiter: str | None = None,
) -> CptTable:
    r"""Load CPT codes and descriptors from your licensed CSV or TSV file.

    The accepted columns are listed in the module docs (``code`` and
    ``descriptor``, or their usual spellings; or no header at all, code then
    descriptor). Every code must be a valid CPT code and appear once.

    Args:
        source: a path, or an open text file.
        release: a name for the table (default: the file name).
        effective: the dates the table is in force; lookups outside are refused.
        encoding: the file's encoding (paths only).
        delimiter: force ``","`` or ``"\t"`` instead of guessing from the first line.

    Raises:
        ReferenceDataError: the file is empty, unreadable, lacks a column, or has a
            bad or repeated code or an empty descriptor; with the path and line.

    Example:
        >>> import io
        >>> table = load(io.StringIO("code,descriptor\n99213,test descriptor\n"), release="mine")
        >>> table.get("99213").descriptor, table.release
        ('test descriptor', 'mine')
    """
    name = source_name(source)
    rows = read_rows(source, encoding=encoding, delimiter=delimiter)
    first = next(rows, None)
    if first is None:
        raise ReferenceDataError("the file has no rows", path=name, line=1)
    line, header = first
    pending: list[tuple[int, list[str]]] = []
    if _cpt_format.is_valid(header[0]):
        code_col, desc_col, short_col = 0, 1, None
        pending.append(first)
    else:
        found_code = _find_column(header, _CODE_COLUMNS)
        found_desc = _find_column(header, _DESCRIPTOR_COLUMNS)
        if found_code is None or found_desc is None:
            missing = "code" if found_code is None else "descriptor"
            raise ReferenceDataError(
                f"no {missing} column in the header {header!r} (see rcm.coding.cpt.load for the "
                "accepted names), and the first cell is not a CPT code",
                path=name,
                line=line,
            )
        code_col, desc_col = found_code, found_desc
        short_col = _find_column(header, _SHORT_COLUMNS)
    label = release if release is not None else name
    entries: list[CptCode] = []
    seen: dict[str, int] = {}

    def take(line: int, row: list[str]) -> None:
        needed = max(code_col, desc_col)
        if len(row) <= needed:
            raise ReferenceDataError(
                f"the row has {len(row)} cells, expected at least {needed + 1}",
                path=name,
                line=line,
            )
        try:
            code = _cpt_format.validate(row[code_col])
        except ValidationError as exc:
            raise ReferenceDataError(f"bad CPT code: {exc}", path=name, line=line) from None
        if code in seen:
            raise ReferenceDataError(
                f"CPT code {code} appears again (first on line {seen[code]})", path=name, line=line
            )
        descriptor = row[desc_col].strip()
        if not descriptor:
            raise ReferenceDataError(
                f"CPT code {code} has an empty descriptor", path=name, line=line
            )
        short = (
            row[short_col].strip() or None
            if short_col is not None and short_col < len(row)
            else None
        )
        seen[code] = line
        entries.append(CptCode(code, descriptor, short, label))

    for line, row in pending:
        take(line, row)
    for line, row in rows:
        take(line, row)
    if not entries:
        raise ReferenceDataError("the file has a header but no codes", path=name, line=line)
    logger.debug("loaded %d CPT codes from %s", len(entries), name)
    return CptTable(label, name, effective, tuple(entries))
