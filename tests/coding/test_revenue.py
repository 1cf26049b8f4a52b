from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.coding import revenue
from rcm.errors import InvalidComponent, InvalidFormat, InvalidLength
from rcm.testing._codes import revenue_codes


@pytest.mark.parametrize(
    ("given", "expected"),
    [("0450", "0450"), ("450", "0450"), (" 0001 ", "0001"), ("1001", "1001"), ("022", "0022")],
)
def test_compact_and_validate(given: str, expected: str) -> None:
    assert expected == revenue.validate(given)
    assert expected == revenue.format(given)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999))
def test_three_digits_gain_the_leading_zero(number: int) -> None:
    code = f"{number:04d}"
    assert code == revenue.validate(code[1:])
    assert code[:3] + "X" == revenue.category(code)


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ("45", InvalidLength),
        ("04500", InvalidLength),
        ("045X", InvalidFormat),
        ("0000", InvalidComponent),
    ],
)
def test_errors(bad: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        revenue.validate(bad)


@settings(max_examples=100, deadline=None)
@given(revenue_codes())
def test_drawn_codes_are_four_digits(code: str) -> None:
    assert 4 == len(code)
    assert code == revenue.validate(code)
