from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict

from rcm.dates import (
    DateRange,
    add_months,
    add_years,
    fiscal_year,
    fiscal_year_range,
    format_d8,
    format_rd8,
    parse_ccyymmdd,
    parse_date,
    parse_iso,
    parse_rd8,
)
from rcm.errors import InvalidDate, RcmError


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "2025101",
        "202510011",
        "2025-10-01",
        "20251301",
        "20250230",
        "abcdefgh",
        "２０２５１００１",
    ],
)
def test_ccyymmdd_is_exact(bad: str) -> None:
    with pytest.raises(InvalidDate) as info:
        parse_ccyymmdd(bad)
    assert isinstance(info.value, ValueError)
    assert info.value.value == bad


@pytest.mark.parametrize("bad", ["2025/10/01", "10/01/2025", "2025-1-01", "2025-10-1 ", "20251001"])
def test_iso_is_exact(bad: str) -> None:
    with pytest.raises(InvalidDate):
        parse_iso(bad)


@pytest.mark.parametrize("bad", ["03/04/05", "Oct 1 2025", "", "2025-10-01T00:00"])
def test_parse_date_never_guesses(bad: str) -> None:
    with pytest.raises(RcmError):
        parse_date(bad)


def test_rd8() -> None:
    assert DateRange(date(2025, 1, 1), date(2025, 1, 31)) == parse_rd8("20250101-20250131")
    with pytest.raises(InvalidDate):
        parse_rd8("20250131-20250101")
    with pytest.raises(InvalidDate):
        parse_rd8("20250101")


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_d8_round_trip(day: date) -> None:
    assert day == parse_ccyymmdd(format_d8(day))
    assert day == parse_iso(day.isoformat())
    assert day == parse_date(format_d8(day))


@given(st.dates(), st.integers(min_value=0, max_value=400))
def test_rd8_round_trip_and_length(start: date, length: int) -> None:
    try:
        end = start + timedelta(days=length)
    except OverflowError:
        return
    period = DateRange(start, end)
    assert period == parse_rd8(format_rd8(period))
    assert length + 1 == len(period) == len(list(period))
    assert start in period
    assert end in period
    assert start - timedelta(days=1) not in period if start > date.min else True


def test_month_arithmetic_clips_to_month_end() -> None:
    assert date(2024, 2, 29) == add_months(date(2024, 1, 31), 1)
    assert date(2025, 2, 28) == add_months(date(2025, 1, 31), 1)
    assert date(2025, 4, 30) == add_months(date(2025, 3, 31), 1)
    assert date(2024, 12, 31) == add_months(date(2025, 1, 31), -1)
    assert date(2025, 2, 28) == add_years(date(2024, 2, 29), 1)


def test_fiscal_years() -> None:
    assert 2026 == fiscal_year(date(2025, 10, 1))
    assert 2025 == fiscal_year(date(2025, 9, 30))
    assert DateRange(date(2025, 10, 1), date(2026, 9, 30)) == fiscal_year_range(2026)


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(9998, 1, 1)))
def test_every_date_is_in_its_fiscal_year(day: date) -> None:
    assert day in fiscal_year_range(fiscal_year(day))


def test_range_operations() -> None:
    a = DateRange(date(2025, 1, 1), date(2025, 1, 10))
    b = DateRange(date(2025, 1, 10), date(2025, 2, 1))
    c = DateRange(date(2025, 2, 2), date(2025, 2, 3))
    assert a.overlaps(b)
    assert not a.overlaps(c)
    assert DateRange.single(date(2025, 1, 10)) == a.intersection(b)
    assert a.intersection(c) is None
    assert "2025-01-01" not in a
    assert hash(a) == hash(DateRange(date(2025, 1, 1), date(2025, 1, 10)))


def test_range_rejects_bad_parts() -> None:
    with pytest.raises(InvalidDate):
        DateRange(date(2025, 1, 2), date(2025, 1, 1))
    with pytest.raises(InvalidDate):
        DateRange("2025-01-01", date(2025, 1, 1))  # type: ignore[arg-type]


class _Stay(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    period: DateRange


def test_range_in_pydantic_round_trips() -> None:
    stay = _Stay(period=DateRange(date(2025, 1, 1), date(2025, 1, 3)))
    text = stay.model_dump_json()
    assert text == '{"period":{"start":"2025-01-01","end":"2025-01-03"}}'
    assert stay == _Stay.model_validate_json(text)
    with pytest.raises(ValueError, match="before it starts"):
        _Stay.model_validate_json('{"period":{"start":"2025-01-03","end":"2025-01-01"}}')


def test_the_parse_and_format_caches_stay_bounded_and_exact() -> None:
    from rcm import dates

    start = date(2000, 1, 1)
    days = [start + timedelta(days=n) for n in range(3 * dates._CACHE_SIZE)]
    for _ in range(2):  # the second pass reads from the caches where they still hold
        for day in days:
            assert day == parse_ccyymmdd(format_d8(day))
    assert len(dates._PARSED) <= dates._CACHE_SIZE
    assert len(dates._FORMATTED) <= dates._CACHE_SIZE
    # a cached good date never lets a bad spelling of it through
    with pytest.raises(InvalidDate):
        parse_ccyymmdd(" 20000101")
    with pytest.raises(InvalidDate):
        parse_ccyymmdd("20000230")
