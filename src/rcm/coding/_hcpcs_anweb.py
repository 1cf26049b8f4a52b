"""Reading the CMS HCPCS quarterly file in its fixed-width record layout ("ANWEB").

The layout is CMS's "HCPCS Contractor Record" (``HCPC2026_recordlayout.txt``,
shipped in every quarterly zip, e.g. ``hcpc2026_jan_anweb.zip`` from
https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system/quarterly-update).
Each record is 320 characters; positions are 1-based and inclusive:

=========  ==================================================================
positions  field
=========  ==================================================================
1-5        HCPCS code (a modifier is in 4-5, with 1-3 blank)
6-10       sequence number (groups the lines of one code)
11         record identification code: 3 first line of a procedure,
           4 continuation, 7 first line of a modifier, 8 continuation
12-91      long description (continued on lines with code 4 or 8)
92-119     short description
120-127    pricing indicator codes (4 x 2)
128        multiple pricing indicator
129-146    coverage issues manual references (3 x 6)
147-170    Medicare carriers manual references (3 x 8)
171-180    statute number
181-204    lab certification codes (8 x 3)
205-229    cross-reference codes (5 x 5)
230        coverage code
231-232    ASC payment group
233-240    ASC payment group effective date (YYYYMMDD)
241-252    MOG payment group, indicator, date (not kept)
253-256    processing note number
257-259    BETOS code
261-265    type of service codes (5 x 1)
266-268    anesthesia base units
269-276    code added date (YYYYMMDD)
277-284    action effective date (YYYYMMDD)
285-292    termination date (YYYYMMDD): the last date the code may be used
293        action code
294-320    filler
=========  ==================================================================

Continuation lines (codes 4 and 8) carry text in 12-91 only.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from os import PathLike
from pathlib import PurePath

import attrs

from rcm.coding import _hcpcs_format
from rcm.coding import modifier as _modifier_format
from rcm.coding._hcpcs_files import Source, iter_text_lines, source_name
from rcm.coding._hcpcs_release import HcpcsCode, HcpcsRelease
from rcm.dates import DateRange, parse_ccyymmdd
from rcm.errors import InvalidDate, ReferenceDataError, ValidationError

__all__ = ["RECORD_LENGTH", "load_anweb", "release_name"]

logger = logging.getLogger(__name__)

#: The length of every record in the HCPCS fixed-width file.
RECORD_LENGTH = 320

_FIRST_PROCEDURE, _MORE_PROCEDURE, _FIRST_MODIFIER, _MORE_MODIFIER = "3", "4", "7", "8"
_FILE_NAME = re.compile(r"HCPC(\d{4})_([A-Z]{3})_ANWEB", re.IGNORECASE)


def release_name(source: Source) -> str:
    """Name a release after the CMS file name (``HCPC2026_JAN_ANWEB.txt`` -> ``"2026 JAN"``).

    Example:
        >>> release_name("data/HCPC2026_JAN_ANWEB_01122026.txt"), release_name("mine.txt")
        ('2026 JAN', 'mine')
    """
    name = source_name(source)
    found = _FILE_NAME.search(name)
    if found:
        return f"{found.group(1)} {found.group(2).upper()}"
    return PurePath(name).stem if isinstance(source, str | PathLike) else name


class _Record:
    """The fields of one 320-character line, sliced by the record layout."""

    __slots__ = ("line", "name", "text")

    def __init__(self, text: str, *, name: str, line: int) -> None:
        self.text = text
        self.name = name
        self.line = line

    def field(self, start: int, end: int) -> str:
        """The text at 1-based inclusive positions *start*-*end*, stripped."""
        return self.text[start - 1 : end].strip()

    def optional(self, start: int, end: int) -> str | None:
        return self.field(start, end) or None

    def repeated(self, start: int, width: int, count: int) -> tuple[str, ...]:
        if not self.text[start - 1 : start - 1 + width * count].strip():
            return ()
        cells = (self.field(start + i * width, start + (i + 1) * width - 1) for i in range(count))
        return tuple(cell for cell in cells if cell)

    def date(self, start: int, label: str) -> date | None:
        text = self.field(start, start + 7)
        if not text or text == "00000000":
            return None
        try:
            return parse_ccyymmdd(text)
        except InvalidDate:
            raise self.error(
                f"{label} at positions {start}-{start + 7} is {text!r}, not a YYYYMMDD date"
            ) from None

    def number(self, start: int, end: int, label: str) -> int | None:
        text = self.field(start, end)
        if not text:
            return None
        if not text.isascii() or not text.isdigit():
            raise self.error(f"{label} at positions {start}-{end} is {text!r}, not a number")
        return int(text)

    def error(self, message: str) -> ReferenceDataError:
        return ReferenceDataError(message, path=self.name, line=self.line)


def _code(record: _Record, recid: str) -> str:
    raw = record.text[:5]
    try:
        if recid in (_FIRST_MODIFIER, _MORE_MODIFIER):
            if raw[:3].strip():
                raise record.error(
                    f"modifier record has {raw[:3]!r} in positions 1-3, which must be blank"
                )
            return _modifier_format.validate(raw[3:5])
        return _hcpcs_format.validate(raw)
    except ValidationError as exc:
        raise record.error(f"bad code in positions 1-5: {exc}") from None


def _first_line(record: _Record, code: str, *, is_modifier: bool, release: str) -> HcpcsCode:
    return HcpcsCode(
        code=code,
        is_modifier=is_modifier,
        long_description=record.field(12, 91),
        short_description=record.field(92, 119),
        release=release,
        add_date=record.date(269, "the code added date"),
        action_effective_date=record.date(277, "the action effective date"),
        termination_date=record.date(285, "the termination date"),
        action_code=record.optional(293, 293),
        pricing_indicators=record.repeated(120, 2, 4),
        multiple_pricing_indicator=record.optional(128, 128),
        coverage_code=record.optional(230, 230),
        coverage_issues_references=record.repeated(129, 6, 3),
        carriers_manual_references=record.repeated(147, 8, 3),
        cross_references=record.repeated(205, 5, 5),
        lab_certifications=record.repeated(181, 3, 8),
        betos=record.optional(257, 259),
        types_of_service=record.repeated(261, 1, 5),
        anesthesia_base_units=record.number(266, 268, "the anesthesia base units"),
        processing_note=record.optional(253, 256),
        statute=record.optional(171, 180),
        asc_payment_group=record.optional(231, 232),
        asc_effective_date=record.date(233, "the ASC payment group effective date"),
    )


def load_anweb(
    source: Source,
    *,
    release: str | None = None,
    effective: DateRange | None = None,
    encoding: str = "cp1252",
) -> HcpcsRelease:
    r"""Load a HCPCS release from the CMS quarterly fixed-width file (``HCPCyyyy_MON_ANWEB*.txt``).

    Every record must be exactly :data:`RECORD_LENGTH` (320) characters (line
    endings aside). Continuation lines are joined to the code's long
    description with a space.

    Args:
        source: a path, or an open text file.
        release: the release name (default: from the file name, ``"2026 JAN"``).
        effective: the dates the release is in force; lookups outside are refused.
        encoding: the file's encoding (paths only; CMS files are ASCII).

    Raises:
        ReferenceDataError: the file is empty, a record has the wrong length, an
            unknown record identification code, a bad code or date, a
            continuation without a first line, or a code twice; always with the
            path and line.

    Example:
        >>> import io
        >>> text = "Syringe with needle, sterile, 1 cc or less, each".ljust(80)
        >>> record = ("A4206" + "00100" + "3" + text + "1 cc sterile syringe&needle").ljust(268)
        >>> record = (record + "19850101" + "20080101" + " " * 8 + "N").ljust(320)
        >>> release = load_anweb(io.StringIO(record + "\n"), release="demo")
        >>> release.get("A4206").add_date
        datetime.date(1985, 1, 1)
    """
    name = source_name(source)
    label = release if release is not None else release_name(source)
    entries: list[HcpcsCode] = []
    first_line: dict[str, int] = {}
    current: HcpcsCode | None = None
    continuation: list[str] = []

    def finish() -> None:
        if current is None:
            return
        text = " ".join([current.long_description, *continuation]).strip()
        entries.append(attrs.evolve(current, long_description=text) if continuation else current)

    last = 0
    for number, raw in iter_text_lines(source, encoding=encoding):
        last = number
        text = raw.rstrip("\r\n")
        if not text.strip() or text == "\x1a":  # a blank line, or a DOS end-of-file mark
            continue
        record = _Record(text, name=name, line=number)
        if len(text) != RECORD_LENGTH:
            raise record.error(
                f"the record is {len(text)} characters long, expected {RECORD_LENGTH} "
                "(CMS HCPCS fixed-width layout)"
            )
        recid = text[10]
        if recid not in (_FIRST_PROCEDURE, _MORE_PROCEDURE, _FIRST_MODIFIER, _MORE_MODIFIER):
            raise record.error(
                f"record identification code (position 11) is {recid!r}, expected 3, 4, 7 or 8"
            )
        if not text[5:10].strip().isdigit():
            raise record.error(
                f"sequence number (positions 6-10) is {text[5:10]!r}, expected digits"
            )
        code = _code(record, recid)
        if recid in (_MORE_PROCEDURE, _MORE_MODIFIER):
            if current is None or current.code != code:
                raise record.error(
                    f"continuation line for {code} does not follow a first line for {code}"
                )
            continuation.append(record.field(12, 91))
            continue
        if code in first_line:
            raise record.error(f"code {code} appears again (first on line {first_line[code]})")
        finish()
        first_line[code] = number
        current = _first_line(record, code, is_modifier=recid == _FIRST_MODIFIER, release=label)
        continuation = []
    finish()
    if not entries:
        raise ReferenceDataError("the file has no HCPCS records", path=name, line=max(last, 1))
    logger.debug("loaded %d HCPCS codes and modifiers from %s", len(entries), name)
    return HcpcsRelease(label, name, effective, tuple(entries))
