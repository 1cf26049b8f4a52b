"""rcm's cache file for big tables: a JSON header and raw :mod:`array` columns.

Reading CMS's text for two million PTP rows takes seconds; reading the cache
takes one copy per column. The format is rcm's own, never ``pickle`` (which
runs code when loaded): a magic line, the header length, a UTF-8 JSON header
(kind, setting, version, source, row count, byte order, and each column's
type code, offset and length, plus the SHA-256 of the columns) and the
columns' bytes. Loading checks all of it and raises
:class:`~rcm.errors.ReferenceDataError` on any mismatch, so a truncated or
tampered file never loads.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from array import array
from pathlib import Path
from typing import Final

from rcm.edits.tables._ptp import PtpTable
from rcm.errors import ReferenceDataError

__all__ = ["CACHE_FORMAT", "load_cache", "save_cache"]

#: The first bytes of every rcm table cache file (format version 1).
CACHE_FORMAT: Final = b"RCMTABLE 1\n"

_COLUMNS: Final = {
    "keys": "Q",
    "effective": "I",
    "deleted": "I",
    "mi": "B",
    "pre": "B",
    "rationale": "H",
}


def save_cache(table: PtpTable, path: str | os.PathLike[str]) -> Path:
    """Write *table* to an rcm cache file (a temporary file, then renamed into place).

    Raises:
        TypeError: *table* is not a table rcm caches (today: :class:`PtpTable`).

    Example:
        >>> import pathlib, tempfile
        >>> from datetime import date
        >>> from rcm.edits.tables import PtpRow, PtpTable, load_cache
        >>> table = PtpTable.from_rows([PtpRow("80053", "82565", date(2000, 1, 1), None, 0, "x")],
        ...                            version="demo")
        >>> path = save_cache(table, pathlib.Path(tempfile.mkdtemp()) / "ptp.rcmtable")
        >>> load_cache(path).lookup("80053", "82565", on=date(2026, 1, 1)).modifier_indicator
        0
    """
    if not isinstance(table, PtpTable):
        raise TypeError(f"rcm caches PtpTable tables, not {type(table).__name__}")
    columns = table._columns()
    digest = hashlib.sha256()
    layout = []
    offset = 0
    for name, typecode in _COLUMNS.items():
        column = columns[name]
        if column.typecode != typecode:
            raise TypeError(f"column {name} has type {column.typecode}, expected {typecode}")
        size = len(column) * column.itemsize
        layout.append({"name": name, "typecode": typecode, "offset": offset, "bytes": size})
        digest.update(column.tobytes())
        offset += size
    header = {
        "kind": "ncci-ptp",
        "setting": table.setting,
        "version": table.version,
        "source": table.source,
        "rows": len(table),
        "byteorder": sys.byteorder,
        "columns": layout,
        "rationales": list(table._rationales),
        "sha256": digest.hexdigest(),
    }
    blob = json.dumps(header, separators=(",", ":")).encode("utf-8")
    target = Path(path)
    temporary = target.with_name(target.name + ".tmp")
    with temporary.open("wb") as out:
        out.write(CACHE_FORMAT)
        out.write(len(blob).to_bytes(8, "little"))
        out.write(blob)
        for name in _COLUMNS:
            columns[name].tofile(out)
    temporary.replace(target)
    return target


def load_cache(path: str | os.PathLike[str], *, verify: bool = True) -> PtpTable:
    """Read a table written by :func:`save_cache`.

    Args:
        path: the cache file.
        verify: check the columns' SHA-256 (about 0.1 s for two million rows).

    Raises:
        ReferenceDataError: not an rcm cache file, another format version, a
            header or length mismatch, or a checksum mismatch.

    Example:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "junk.rcmtable"
        >>> _ = path.write_bytes(b"not a cache")
        >>> load_cache(path)
        Traceback (most recent call last):
        ...
        rcm.errors.ReferenceDataError: ...junk.rcmtable: not an rcm table cache file ...
    """
    where = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReferenceDataError(
            f"cannot read the file: {exc.strerror or exc}", path=where
        ) from None
    if not data.startswith(CACHE_FORMAT):
        raise ReferenceDataError(
            f"not an rcm table cache file (expected it to start with {CACHE_FORMAT!r})", path=where
        )
    start = len(CACHE_FORMAT)
    if len(data) < start + 8:
        raise ReferenceDataError("the cache file is truncated", path=where)
    size = int.from_bytes(data[start : start + 8], "little")
    body = start + 8 + size
    if body > len(data):
        raise ReferenceDataError("the cache file is truncated", path=where)
    try:
        header = json.loads(data[start + 8 : body].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReferenceDataError(f"the cache header is not JSON: {exc}", path=where) from None
    if not isinstance(header, dict) or header.get("kind") != "ncci-ptp":
        raise ReferenceDataError("the cache holds no NCCI PTP table", path=where)
    try:
        rows = int(header["rows"])
        layout = header["columns"]
        columns: dict[str, array[int]] = {}
        payload = memoryview(data)[body:]
        digest = hashlib.sha256()
        for entry in layout:
            name, typecode = entry["name"], entry["typecode"]
            if _COLUMNS.get(name) != typecode:
                raise ReferenceDataError(f"unexpected column {name}/{typecode}", path=where)
            column: array[int] = array(typecode)
            begin, length = int(entry["offset"]), int(entry["bytes"])
            if begin + length > len(payload) or length != rows * column.itemsize:
                raise ReferenceDataError(f"column {name} is truncated", path=where)
            chunk = payload[begin : begin + length]
            if verify:
                digest.update(chunk)
            column.frombytes(chunk)
            if header.get("byteorder") != sys.byteorder:
                column.byteswap()
            columns[name] = column
        if set(columns) != set(_COLUMNS):
            raise ReferenceDataError("the cache lacks a column", path=where)
        if verify and digest.hexdigest() != header["sha256"]:
            raise ReferenceDataError("the cache's checksum does not match its columns", path=where)
        return PtpTable(
            keys=columns["keys"],
            effective=columns["effective"],
            deleted=columns["deleted"],
            mi=columns["mi"],
            pre=columns["pre"],
            rationale=columns["rationale"],
            rationales=tuple(str(r) for r in header["rationales"]),
            setting=header["setting"],
            version=str(header["version"]),
            source=f"{header['source']} (cache {Path(path).name})",
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, ReferenceDataError):
            raise
        raise ReferenceDataError(f"the cache header is malformed: {exc!r}", path=where) from None
