"""Helpers the table loaders share: opening files (and zips), dates, codes."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Final, ParamSpec, TypeAlias, TypeVar

from rcm.errors import ReferenceDataError

__all__ = [
    "NO_DATE",
    "PathLike",
    "as_paths",
    "date_int",
    "int_date",
    "open_text",
    "parse_any_date",
    "parse_ccyymmdd_int",
]

#: A path or a sequence of paths (CMS splits big tables into several files).
PathLike: TypeAlias = "str | os.PathLike[str]"

#: The "no deletion date" value in packed date columns (CCYYMMDD as an int).
NO_DATE: Final = 99991231

_CODE5: Final = re.compile(r"^[0-9A-Z]{5}$")


def date_int(day: date) -> int:
    """A date as the integer ``CCYYMMDD`` (how packed tables compare dates).

    Example:
        >>> date_int(date(2026, 4, 1))
        20260401
    """
    return day.year * 10000 + day.month * 100 + day.day


def int_date(value: int) -> date | None:
    """The inverse of :func:`date_int`; :data:`NO_DATE` gives ``None``.

    Example:
        >>> int_date(20260401), int_date(NO_DATE)
        (datetime.date(2026, 4, 1), None)
    """
    if value == NO_DATE:
        return None
    return date(value // 10000, value // 100 % 100, value % 100)


def parse_ccyymmdd_int(text: str, cache: dict[str, int], where: str, line: int) -> int:
    """Parse ``CCYYMMDD`` to its int form, checking it is a real date (memoized).

    Raises:
        ReferenceDataError: not eight digits, or not a calendar date.

    Example:
        >>> parse_ccyymmdd_int("20260401", {}, "t.txt", 9)
        20260401
        >>> parse_ccyymmdd_int("20260230", {}, "t.txt", 9)
        Traceback (most recent call last):
        ...
        rcm.errors.ReferenceDataError: t.txt, line 9: '20260230' is not a date (CCYYMMDD)
    """
    value = cache.get(text)
    if value is not None:
        return value
    stripped = text.strip()
    if len(stripped) == 8 and stripped.isascii() and stripped.isdigit():
        number = int(stripped)
        try:
            date(number // 10000, number // 100 % 100, number % 100)
        except ValueError:
            pass
        else:
            cache[text] = number
            return number
    raise ReferenceDataError(f"{text!r} is not a date (CCYYMMDD)", path=where, line=line)


def parse_any_date(text: str, where: str, line: int) -> date | None:
    """Parse a table date in one of the layouts CMS files use.

    ``CCYYMMDD``, ``YYYY-MM-DD`` (a time after it is dropped), ``YYYYDDD``
    (year and day of year, as the NCCI add-on code file writes dates), or
    ``MM/DD/YYYY``; blank or ``*`` is ``None``.

    Raises:
        ReferenceDataError: anything else.

    Example:
        >>> parse_any_date("2026091", "aoc.txt", 3)
        datetime.date(2026, 4, 1)
        >>> parse_any_date("2026-04-01 00:00:00", "article.csv", 2)
        datetime.date(2026, 4, 1)
        >>> parse_any_date("04/01/2026", "x.csv", 2), parse_any_date("*", "x", 1)
        (datetime.date(2026, 4, 1), None)
    """
    from datetime import timedelta

    value = text.strip()
    if value in ("", "*"):
        return None
    try:
        if len(value) >= 10 and value[4] == "-" and value[7] == "-":
            return date.fromisoformat(value[:10])
        if value.isdigit() and len(value) == 8:
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        if value.isdigit() and len(value) == 7:
            year, day_of_year = int(value[:4]), int(value[4:])
            first = date(year, 1, 1)
            result = first + timedelta(days=day_of_year - 1)
            if not 1 <= day_of_year or result.year != year:
                raise ValueError("day of year out of range")
            return result
        if len(value) == 10 and value[2] == "/" and value[5] == "/":
            return date(int(value[6:]), int(value[:2]), int(value[3:5]))
    except ValueError:
        pass
    raise ReferenceDataError(
        f"{text!r} is not a date (CCYYMMDD, YYYY-MM-DD, YYYYDDD or MM/DD/YYYY)",
        path=where,
        line=line,
    )


def is_code5(code: str) -> bool:
    """Whether *code* is a five-character CPT/HCPCS code (upper case).

    Example:
        >>> is_code5("0001U"), is_code5("0001u"), is_code5("J110")
        (True, False, False)
    """
    return bool(_CODE5.match(code))


@contextlib.contextmanager
def reading(where: str) -> Iterator[None]:
    r"""Turn decoding and CSV errors while reading *where* into :class:`ReferenceDataError`.

    Example:
        >>> with reading("x.csv"):
        ...     b"\x8f".decode("cp1252")
        Traceback (most recent call last):
        ...
        rcm.errors.ReferenceDataError: x.csv: cannot decode the file: ...
    """
    try:
        yield
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(
            f"cannot decode the file: byte {exc.object[exc.start : exc.start + 1]!r} at offset "
            f"{exc.start} is not {exc.encoding}",
            path=where,
        ) from None
    except csv.Error as exc:
        raise ReferenceDataError(f"not readable as CSV: {exc}", path=where) from None


_P = ParamSpec("_P")
_R = TypeVar("_R")


def guarded(function: Callable[_P, _R]) -> Callable[_P, _R]:
    r"""Wrap a loader so undecodable or malformed-CSV input raises ReferenceDataError.

    The error names the loader's first argument (the file).

    Example:
        >>> @guarded
        ... def loader(path):
        ...     return b"\x8f".decode("cp1252")
        >>> loader("t.csv")
        Traceback (most recent call last):
        ...
        rcm.errors.ReferenceDataError: t.csv: cannot decode the file: ...
    """

    @functools.wraps(function)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        first: object = args[0] if args else "<input>"
        where = ", ".join(str(a) for a in first) if isinstance(first, (list, tuple)) else str(first)
        with reading(where):
            return function(*args, **kwargs)

    return wrapper


def as_paths(paths: PathLike | list[PathLike] | tuple[PathLike, ...]) -> list[Path]:
    """One path or several, as a list of :class:`~pathlib.Path`.

    Example:
        >>> [p.name for p in as_paths("a.txt")], len(as_paths(["a", "b"]))
        (['a.txt'], 2)
    """
    if isinstance(paths, (list, tuple)):
        return [Path(p) for p in paths]
    return [Path(paths)]


def open_text(
    path: Path, *, encoding: str = "latin-1", suffixes: tuple[str, ...] = (".txt",)
) -> Iterator[tuple[str, io.TextIOBase]]:
    r"""Yield ``(name, text stream)`` for a file, or for each matching member of a zip.

    CMS ships NCCI tables as zips; pass the zip and rcm reads the members
    whose names end with one of *suffixes* (sorted by name).

    Raises:
        ReferenceDataError: the file is missing or not readable.

    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp()); (d / "t.txt").write_text("x\n")
        2
        >>> tuple((name, stream.read()) for name, stream in open_text(d / "t.txt"))
        (('t.txt', 'x\n'),)
    """
    where = str(path)
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = sorted(
                    n
                    for n in archive.namelist()
                    if n.lower().endswith(suffixes) and not n.endswith("/")
                )
                if not members:
                    raise ReferenceDataError(
                        f"the zip holds no {'/'.join(suffixes)} file", path=where
                    )
                for member in members:
                    with archive.open(member) as raw:
                        yield (
                            f"{path.name}:{member}",
                            io.TextIOWrapper(raw, encoding=encoding, newline=""),
                        )
            return
        with path.open("r", encoding=encoding, newline="") as stream:
            yield path.name, stream
    except OSError as exc:
        raise ReferenceDataError(
            f"cannot read the file: {exc.strerror or exc}", path=where
        ) from None
    except zipfile.BadZipFile as exc:
        raise ReferenceDataError(f"not a readable zip: {exc}", path=where) from None
