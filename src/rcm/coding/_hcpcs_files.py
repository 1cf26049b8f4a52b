"""Reading the text files the HCPCS, CPT and POS loaders take, with located errors.

Every loader here turns a problem in a file into a
:class:`~rcm.errors.ReferenceDataError` naming the file and the line, never a
``UnicodeDecodeError`` or ``csv.Error`` from deep inside.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable, Iterator
from datetime import date
from os import PathLike, fspath
from pathlib import Path
from typing import IO, TypeAlias

from rcm.dates import DateRange
from rcm.errors import ReferenceDataError

__all__ = [
    "Source",
    "in_force",
    "iter_text_lines",
    "normalise_header",
    "read_rows",
    "source_name",
]

logger = logging.getLogger(__name__)

#: What a loader accepts: a path, or a text file already open.
Source: TypeAlias = str | PathLike[str] | IO[str]


def source_name(source: Source) -> str:
    """Return a name for *source* to show in errors (the path, or the file's ``name``).

    Example:
        >>> import io
        >>> source_name("hcpcs.txt"), source_name(io.StringIO(""))
        ('hcpcs.txt', '<stream>')
    """
    if isinstance(source, str | PathLike):
        return fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


def iter_text_lines(source: Source, *, encoding: str) -> Iterator[tuple[int, str]]:
    r"""Yield ``(line_number, text)`` for each line of *source*, line endings kept.

    A path is read as bytes and decoded line by line, so a bad byte is reported
    with its line number.

    Raises:
        ReferenceDataError: the file cannot be opened, a line is not *encoding*
            text, or a line has a NUL character.

    Example:
        >>> import io
        >>> list(iter_text_lines(io.StringIO("a\nb"), encoding="utf-8"))
        [(1, 'a\n'), (2, 'b')]
    """
    name = source_name(source)
    for number, text in _decoded(source, name=name, encoding=encoding):
        if "\x00" in text:
            raise ReferenceDataError(
                "the line has a NUL character: this looks like binary data, not text",
                path=name,
                line=number,
            )
        yield number, text


def _decoded(source: Source, *, name: str, encoding: str) -> Iterator[tuple[int, str]]:
    if not isinstance(source, str | PathLike):
        yield from enumerate(source, 1)
        return
    try:
        data = Path(source).read_bytes()
    except OSError as exc:
        raise ReferenceDataError(
            f"cannot read the file ({exc.strerror or exc.__class__.__name__})", path=name
        ) from None
    for number, raw in enumerate(data.splitlines(keepends=True), 1):
        try:
            yield number, raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ReferenceDataError(
                f"byte {exc.start + 1} of the line is not {encoding} text", path=name, line=number
            ) from None


def normalise_header(cell: str) -> str:
    """Return a header cell as a lookup key: lower case, words joined by ``_``.

    Example:
        >>> normalise_header(" Long Description ")
        'long_description'
    """
    return "_".join(cell.strip().lstrip("\ufeff").lower().replace("-", " ").split())


def read_rows(
    source: Source, *, encoding: str = "utf-8-sig", delimiter: str | None = None
) -> Iterator[tuple[int, list[str]]]:
    r"""Yield ``(line_number, cells)`` for each non-blank row of a CSV or TSV file.

    The delimiter is a tab when the first line has one, else a comma, unless
    *delimiter* says otherwise. Quoted fields follow the CSV rules.

    Raises:
        ReferenceDataError: unreadable file, bad quoting, NUL bytes, a field over
            the ``csv`` size limit; always with the path and line.

    Example:
        >>> import io
        >>> list(read_rows(io.StringIO('code\tdescriptor\n99999\t"test, descriptor"\n')))
        [(1, ['code', 'descriptor']), (2, ['99999', 'test, descriptor'])]
    """
    name = source_name(source)
    lines = iter_text_lines(source, encoding=encoding)
    first = next(lines, None)
    if first is None:
        raise ReferenceDataError("the file is empty (expected a header row)", path=name, line=1)
    if delimiter is None:
        delimiter = "\t" if "\t" in first[1] else ","

    def texts() -> Iterable[str]:
        yield first[1]
        for _, text in lines:
            yield text

    reader = csv.reader(texts(), delimiter=delimiter, strict=True)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ReferenceDataError(
                f"not readable as delimited text ({exc})", path=name, line=reader.line_num
            ) from None
        if any(cell.strip() for cell in row):
            yield reader.line_num, row


def in_force(effective: DateRange | None, on: date) -> bool:
    """Whether *on* falls in *effective*; ``None`` means no limit is known.

    Example:
        >>> in_force(None, date(2025, 1, 1))
        True
        >>> in_force(DateRange(date(2025, 1, 1), date(2025, 3, 31)), date(2025, 4, 1))
        False
    """
    return effective is None or on in effective
