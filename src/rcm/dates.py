"""Exact date parsing, inclusive date ranges and calendar arithmetic.

Claim data only ever uses a handful of exact formats, so rcm parses exactly
those and nothing else: ``CCYYMMDD`` (X12 ``D8``), ``CCYYMMDD-CCYYMMDD``
(X12 ``RD8``) and ISO ``YYYY-MM-DD``. There is deliberately no "guess the
format" parser: ``dateutil.parser.parse("03/04/05")`` picks an answer, and a
wrong date of service is a wrong claim.

Month arithmetic uses :class:`dateutil.relativedelta.relativedelta`, which
clips to the end of the month rather than overflowing.

Example:
    >>> from datetime import date
    >>> from rcm.dates import DateRange, add_months, parse_d8, parse_rd8
    >>> parse_d8("20251001")
    datetime.date(2025, 10, 1)
    >>> parse_rd8("20250101-20250131").days
    31
    >>> add_months(date(2025, 1, 31), 1)
    datetime.date(2025, 2, 28)
    >>> date(2025, 1, 15) in DateRange(date(2025, 1, 1), date(2025, 1, 31))
    True
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from rcm.errors import InvalidDate

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

__all__ = [
    "DateRange",
    "add_months",
    "add_years",
    "fiscal_year",
    "fiscal_year_range",
    "format_d8",
    "format_rd8",
    "parse_ccyymmdd",
    "parse_d8",
    "parse_date",
    "parse_iso",
    "parse_rd8",
]


def parse_ccyymmdd(value: str) -> date:
    """Parse exactly eight digits ``CCYYMMDD`` into a date.

    Raises:
        InvalidDate: anything else, including impossible dates such as Feb 30.

    Example:
        >>> parse_ccyymmdd("20240229")
        datetime.date(2024, 2, 29)
        >>> parse_ccyymmdd("20250230")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidDate: '20250230' is not a real date ...
    """
    # X12 files repeat the same few dates thousands of times; a hit skips the checks,
    # which only ever let these same eight-digit strings in.
    cached = _PARSED.get(value) if value.__class__ is str else None
    if cached is not None:
        return cached
    if not isinstance(value, str) or len(value) != 8 or not value.isascii() or not value.isdigit():
        raise InvalidDate(
            f"{value!r} is not a CCYYMMDD date", value=str(value), expected="CCYYMMDD, 8 digits"
        )
    try:
        parsed = date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError as exc:
        raise InvalidDate(
            f"{value!r} is not a real date ({exc})", value=value, expected="a calendar date"
        ) from None
    if len(_PARSED) >= _CACHE_SIZE:
        _PARSED.clear()  # bounded: start afresh rather than grow
    _PARSED[value] = parsed
    return parsed


#: Dates already parsed and formatted (dates are immutable, so sharing them is safe).
_PARSED: dict[str, date] = {}
_FORMATTED: dict[date, str] = {}
_CACHE_SIZE: Final = 4096


#: X12 calls ``CCYYMMDD`` the ``D8`` date format qualifier.
parse_d8 = parse_ccyymmdd


def parse_rd8(value: str) -> DateRange:
    """Parse an X12 ``RD8`` range ``CCYYMMDD-CCYYMMDD`` into an inclusive :class:`DateRange`.

    Example:
        >>> parse_rd8("20250301-20250305")
        DateRange(start=datetime.date(2025, 3, 1), end=datetime.date(2025, 3, 5))
    """
    if not isinstance(value, str) or len(value) != 17 or value[8] != "-":
        raise InvalidDate(
            f"{value!r} is not an RD8 date range",
            value=str(value),
            expected="CCYYMMDD-CCYYMMDD",
        )
    return DateRange(parse_ccyymmdd(value[:8]), parse_ccyymmdd(value[9:]))


def parse_iso(value: str) -> date:
    """Parse exactly ``YYYY-MM-DD`` (ISO 8601 calendar date, no time).

    Example:
        >>> parse_iso("2025-10-01")
        datetime.date(2025, 10, 1)
    """
    if (
        not isinstance(value, str)
        or len(value) != 10
        or value[4] != "-"
        or value[7] != "-"
        or not (value[:4] + value[5:7] + value[8:]).isdigit()
        or not value.isascii()
    ):
        raise InvalidDate(f"{value!r} is not an ISO date", value=str(value), expected="YYYY-MM-DD")
    return parse_ccyymmdd(value[:4] + value[5:7] + value[8:])


def parse_date(value: str | date) -> date:
    """Parse a date given as ``date``, ``YYYY-MM-DD`` or ``CCYYMMDD``; nothing else.

    This is what command lines and CSV loaders use where both spellings occur.

    Example:
        >>> parse_date("2025-10-01") == parse_date("20251001")
        True
        >>> parse_date("10/01/2025")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidDate: '10/01/2025' is not a date in YYYY-MM-DD or CCYYMMDD form
    """
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            return parse_iso(text)
        if len(text) == 8:
            return parse_ccyymmdd(text)
    raise InvalidDate(
        f"{value!r} is not a date in YYYY-MM-DD or CCYYMMDD form",
        value=str(value),
        expected="YYYY-MM-DD or CCYYMMDD",
    )


def format_d8(value: date) -> str:
    """Format a date as X12 ``D8`` (``CCYYMMDD``).

    Example:
        >>> format_d8(date(2025, 3, 7))
        '20250307'
    """
    text = _FORMATTED.get(value)
    if text is None:
        text = f"{value.year:04d}{value.month:02d}{value.day:02d}"
        if len(_FORMATTED) >= _CACHE_SIZE:
            _FORMATTED.clear()
        _FORMATTED[value] = text
    return text


def format_rd8(value: DateRange) -> str:
    """Format a :class:`DateRange` as X12 ``RD8``.

    Example:
        >>> format_rd8(DateRange(date(2025, 3, 1), date(2025, 3, 5)))
        '20250301-20250305'
    """
    return f"{format_d8(value.start)}-{format_d8(value.end)}"


def add_months(value: date, months: int) -> date:
    """Add (or subtract) whole months, clipping to the month's last day.

    Example:
        >>> add_months(date(2024, 1, 31), 1)
        datetime.date(2024, 2, 29)
        >>> add_months(date(2025, 3, 31), -1)
        datetime.date(2025, 2, 28)
    """
    result: date = value + relativedelta(months=months)
    return result


def add_years(value: date, years: int) -> date:
    """Add (or subtract) whole years; Feb 29 becomes Feb 28 in common years.

    Example:
        >>> add_years(date(2024, 2, 29), 1)
        datetime.date(2025, 2, 28)
    """
    result: date = value + relativedelta(years=years)
    return result


def fiscal_year(value: date) -> int:
    """The US federal fiscal year of a date (FY2026 runs 2025-10-01 to 2026-09-30).

    ICD-10-CM, MS-DRG and IPPS releases follow the federal fiscal year.

    Example:
        >>> fiscal_year(date(2025, 9, 30)), fiscal_year(date(2025, 10, 1))
        (2025, 2026)
    """
    return value.year + 1 if value.month >= 10 else value.year


def fiscal_year_range(year: int) -> DateRange:
    """The inclusive date range of federal fiscal year *year*.

    Example:
        >>> fiscal_year_range(2026)
        DateRange(start=datetime.date(2025, 10, 1), end=datetime.date(2026, 9, 30))
    """
    return DateRange(date(year - 1, 10, 1), date(year, 9, 30))


def _check_order(instance: DateRange, attribute: attrs.Attribute[date], value: date) -> None:
    if value < instance.start:
        raise InvalidDate(
            f"date range ends ({value.isoformat()}) before it starts "
            f"({instance.start.isoformat()})",
            value=f"{instance.start.isoformat()}..{value.isoformat()}",
            expected="start <= end",
        )


def _check_date(instance: DateRange, attribute: attrs.Attribute[date], value: object) -> None:
    if not isinstance(value, date):
        raise InvalidDate(
            f"DateRange.{attribute.name} must be a datetime.date, not {type(value).__name__}",
            value=str(value),
            expected="datetime.date",
        )


@attrs.frozen(slots=True)
class DateRange:
    """An inclusive range of dates (both ends belong to it), immutable and hashable.

    Service periods, release effective dates and fiscal years are all
    ``DateRange``s. ``len()`` and :attr:`days` count days including both ends.

    Raises:
        InvalidDate: when *end* is before *start* or either is not a ``date``.

    Example:
        >>> r = DateRange(date(2025, 1, 30), date(2025, 2, 2))
        >>> r.days, date(2025, 2, 2) in r, date(2025, 2, 3) in r
        (4, True, False)
        >>> tuple(d.day for d in r)
        (30, 31, 1, 2)
        >>> DateRange.single(date(2025, 5, 1)).days
        1
    """

    start: date = attrs.field(validator=_check_date)
    end: date = attrs.field(validator=[_check_date, _check_order])

    @classmethod
    def single(cls, day: date) -> DateRange:
        """A one-day range.

        Example:
            >>> DateRange.single(date(2025, 1, 1)).end
            datetime.date(2025, 1, 1)
        """
        return cls(day, day)

    @property
    def days(self) -> int:
        """Number of days in the range, counting both ends.

        Example:
            >>> DateRange(date(2024, 1, 1), date(2024, 12, 31)).days
            366
        """
        return (self.end - self.start).days + 1

    def __len__(self) -> int:
        return self.days

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        return self.start <= day <= self.end

    def __iter__(self) -> Iterator[date]:
        day = self.start
        one = timedelta(days=1)
        while day <= self.end:
            yield day
            day += one

    def overlaps(self, other: DateRange) -> bool:
        """Whether the two ranges share at least one day.

        Example:
            >>> a = DateRange(date(2025, 1, 1), date(2025, 1, 10))
            >>> a.overlaps(DateRange(date(2025, 1, 10), date(2025, 2, 1)))
            True
        """
        return self.start <= other.end and other.start <= self.end

    def intersection(self, other: DateRange) -> DateRange | None:
        """The days both ranges share, or ``None``.

        Example:
            >>> a = DateRange(date(2025, 1, 1), date(2025, 1, 10))
            >>> a.intersection(DateRange(date(2025, 1, 5), date(2025, 3, 1)))
            DateRange(start=datetime.date(2025, 1, 5), end=datetime.date(2025, 1, 10))
        """
        if not self.overlaps(other):
            return None
        return DateRange(max(self.start, other.start), min(self.end, other.end))

    def isoformat(self) -> str:
        """``start..end`` in ISO form (the text used in messages).

        Example:
            >>> DateRange(date(2025, 10, 1), date(2026, 9, 30)).isoformat()
            '2025-10-01..2026-09-30'
        """
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        """Let pydantic models hold a ``DateRange``; JSON is ``{"start": ..., "end": ...}``."""
        from pydantic_core import core_schema

        fields_schema = core_schema.typed_dict_schema(
            {
                "start": core_schema.typed_dict_field(core_schema.date_schema()),
                "end": core_schema.typed_dict_field(core_schema.date_schema()),
            }
        )

        def from_dict(value: dict[str, date]) -> DateRange:
            return cls(value["start"], value["end"])

        return core_schema.json_or_python_schema(
            json_schema=core_schema.no_info_after_validator_function(from_dict, fields_schema),
            python_schema=core_schema.union_schema(
                [
                    core_schema.is_instance_schema(cls),
                    core_schema.no_info_after_validator_function(from_dict, fields_schema),
                ]
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda r: {"start": r.start, "end": r.end}
            ),
        )
