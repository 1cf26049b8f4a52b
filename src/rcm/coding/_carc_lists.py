"""Shared machinery for the CARC and RARC modules: format checks and code-list files.

X12 publishes the Claim Adjustment Reason Codes (code source 139) and the
Remittance Advice Remark Codes (code source 411). Their *values* are facts rcm
may use; their *description text* is X12's and is licensed separately, so rcm
ships no descriptions. A user who has the lists loads them with
:func:`load_code_list`, which reads a CSV file with a header row:

* a ``code`` column (required), and optionally
* a ``description`` column,
* ``start`` / ``stop`` columns (also ``start date``, ``effective``, ``stop date``,
  ``deactivated``...) holding ``MM/DD/YYYY``, ``YYYY-MM-DD`` or ``CCYYMMDD`` dates.

Lists scraped from the X12 web pages often glue the dates to the end of the
description (``"...text.Start: 01/01/1997 | Stop: 07/01/2009"``); when there
are no date columns, those trailing ``Start:``/``Stop:`` notes are read as the
dates and the description is kept as given.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterator, Mapping
from datetime import date
from os import PathLike
from pathlib import Path
from typing import IO

import attrs

from rcm.coding._util import clean
from rcm.dates import parse_date
from rcm.errors import InvalidDate, InvalidFormat, ReferenceDataError, UnknownCode

__all__ = ["CodeEntry", "CodeList", "check_format", "load_code_list"]

logger = logging.getLogger(__name__)

_US_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_GLUED = re.compile(r"(Start|Stop|Last Modified):\s*(\d{2}/\d{2}/\d{4})")

_CODE_HEADERS = ("code", "carc", "rarc", "reason code", "remark code", "value")
_DESCRIPTION_HEADERS = ("description", "text", "definition")
_START_HEADERS = ("start", "start date", "effective", "effective date", "start_date")
_STOP_HEADERS = ("stop", "stop date", "end", "end date", "deactivated", "stop_date")


def check_format(value: object, pattern: re.Pattern[str], *, system: str, expected: str) -> str:
    """Compact *value* and check it against *pattern*; return the compact form.

    Raises:
        InvalidFormat: not a ``str``, empty, or not matching the pattern.

    Example:
        >>> check_format(" 45 ", re.compile(r"^[0-9]+$"), system="CARC", expected="digits")
        '45'
    """
    text = clean(value, " ", system=system)
    if not text:
        raise InvalidFormat(f"a {system} cannot be empty", value=text, expected=expected)
    if not pattern.match(text):
        raise InvalidFormat(
            f"{text!r} is not a {system} ({expected})", value=text, expected=expected
        )
    return text


def _parse_list_date(text: str, *, path: str, line: int) -> date | None:
    text = text.strip()
    if not text:
        return None
    match = _US_DATE.match(text)
    try:
        if match:
            month, day, year = match.groups()
            return date(int(year), int(month), int(day))
        return parse_date(text)
    except (InvalidDate, ValueError):
        raise ReferenceDataError(
            f"{text!r} is not a date in MM/DD/YYYY, YYYY-MM-DD or CCYYMMDD form",
            path=path,
            line=line,
        ) from None


@attrs.frozen(slots=True)
class CodeEntry:
    """One code of a loaded CARC or RARC list.

    Attributes:
        code: the code value, compact (``"45"``, ``"N130"``).
        description: the list's text for it, as loaded from the user's file
            (rcm ships none), or ``""``.
        start: the first date it may be used, when the list says.
        stop: the last date it may be used (X12's "stop" date), when the list says.

    Example:
        >>> from datetime import date
        >>> entry = CodeEntry("N130", stop=date(2020, 1, 1))
        >>> entry.is_active(date(2019, 6, 1)), entry.is_active(date(2021, 1, 1))
        (True, False)
    """

    code: str
    description: str = attrs.field(default="", repr=False)
    start: date | None = None
    stop: date | None = None

    def is_active(self, on: date) -> bool:
        """Whether the code may be used on *on* (inclusive of its start and stop dates).

        Example:
            >>> from datetime import date
            >>> CodeEntry("45", start=date(2000, 1, 1)).is_active(date(1999, 12, 31))
            False
        """
        if self.start is not None and on < self.start:
            return False
        return not (self.stop is not None and on > self.stop)


@attrs.frozen(slots=True)
class CodeList(Mapping[str, CodeEntry]):
    """A CARC or RARC code list loaded from a file: a read-only mapping code -> entry.

    Attributes:
        system: ``"CARC"`` or ``"RARC"``.
        source: where it was loaded from (a path or a name).
        release: the release the user says it is (``"2024-09"``), if given.
        entries: the entries by compact code.

    Example:
        >>> codes = CodeList("CARC", "mine", None, {"45": CodeEntry("45")})
        >>> "45" in codes, len(codes), codes.lookup("45").code
        (True, 1, '45')
    """

    system: str
    source: str
    release: str | None
    entries: Mapping[str, CodeEntry] = attrs.field(repr=lambda e: f"<{len(e)} codes>")

    def __getitem__(self, code: str) -> CodeEntry:
        return self.entries[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, code: object) -> bool:
        return code in self.entries

    def lookup(self, code: str, *, on: date | None = None) -> CodeEntry:
        """The entry for *code* (any spacing or case), in force on *on* if given.

        Raises:
            UnknownCode: the list does not define the code, or not on that date.

        Example:
            >>> from datetime import date
            >>> codes = CodeList("RARC", "mine", "2024", {"N1": CodeEntry("N1")})
            >>> codes.lookup(" n1 ").code
            'N1'
            >>> codes.lookup("N2")
            Traceback (most recent call last):
            ...
            rcm.errors.UnknownCode: RARC code N2 is not defined in release 2024
        """
        compact = code.strip().upper().replace(" ", "") if isinstance(code, str) else str(code)
        entry = self.entries.get(compact)
        release = self.release or self.source
        if entry is None or (on is not None and not entry.is_active(on)):
            raise UnknownCode(code=compact, system=self.system, date=on, release=release)
        return entry


def load_code_list(
    source: str | PathLike[str] | IO[str],
    *,
    system: str,
    pattern: re.Pattern[str],
    release: str | None = None,
) -> CodeList:
    r"""Read a CARC/RARC list from a CSV file (see the module docstring for the layout).

    Raises:
        ReferenceDataError: no ``code`` column, a code in the wrong format, a
            repeated code, or a date that is not in one of the accepted forms;
            the error names the file and line.

    Example:
        >>> import io, re
        >>> text = "Code,Description\n45,Some text.Start: 01/01/1995\n"
        >>> codes = load_code_list(io.StringIO(text), system="CARC",
        ...                        pattern=re.compile(r"^[0-9]+$"))
        >>> codes["45"].start
        datetime.date(1995, 1, 1)
    """
    if isinstance(source, (str, PathLike)):
        path = str(source)
        try:
            with Path(source).open(encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
        except OSError as exc:
            raise ReferenceDataError(f"cannot read the {system} list: {exc}", path=path) from None
    else:
        path = getattr(source, "name", f"<{system} list>")
        text = source.read()
        text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ReferenceDataError(f"the {system} list is empty", path=path, line=1) from None
    names = [name.strip().lower() for name in header]

    def column(candidates: tuple[str, ...]) -> int | None:
        for candidate in candidates:
            if candidate in names:
                return names.index(candidate)
        return None

    code_col = column(_CODE_HEADERS)
    if code_col is None:
        raise ReferenceDataError(
            f"the {system} list has no 'code' column (header: {header!r})", path=path, line=1
        )
    desc_col = column(_DESCRIPTION_HEADERS)
    start_col = column(_START_HEADERS)
    stop_col = column(_STOP_HEADERS)
    entries: dict[str, CodeEntry] = {}
    for line, row in enumerate(reader, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if code_col >= len(row):
            raise ReferenceDataError(f"row has no {system} code", path=path, line=line)
        try:
            code = check_format(row[code_col], pattern, system=system, expected=pattern.pattern)
        except InvalidFormat as exc:
            raise ReferenceDataError(exc.message, path=path, line=line) from None
        if code in entries:
            raise ReferenceDataError(f"{system} code {code} is listed twice", path=path, line=line)
        description = row[desc_col].strip() if desc_col is not None and desc_col < len(row) else ""
        start = stop = None
        if start_col is not None and start_col < len(row):
            start = _parse_list_date(row[start_col], path=path, line=line)
        if stop_col is not None and stop_col < len(row):
            stop = _parse_list_date(row[stop_col], path=path, line=line)
        if start_col is None and stop_col is None and description:
            for label, value in _GLUED.findall(description):
                if label == "Start":
                    start = _parse_list_date(value, path=path, line=line)
                elif label == "Stop":
                    stop = _parse_list_date(value, path=path, line=line)
        entries[code] = CodeEntry(code, description, start, stop)
    logger.debug("loaded %d %s codes from %s", len(entries), system, path)
    return CodeList(system, path, release, entries)
