from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.coding import luhn, npi
from rcm.errors import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from rcm.testing._codes import npis


def test_cms_worked_example() -> None:
    # CMS "Requirements for NPI Check Digit": 9-position identifier 123456789 gets check digit 3.
    assert "3" == npi.calc_check_digit("123456789")
    assert "1234567893" == npi.validate("1234567893")


def test_prefix_is_the_same_as_adding_24() -> None:
    # The CMS text: without the 80840 prefix, add the constant 24 to the Luhn sum.
    for body in ("123456789", "199399999", "100000000", "299999999"):
        total = 24
        for position, char in enumerate(reversed(body)):
            digit = int(char)
            if position % 2 == 0:
                digit *= 2
                digit = digit - 9 if digit > 9 else digit
            total += digit
        assert str((10 - total % 10) % 10) == npi.calc_check_digit(body)


@settings(max_examples=200, deadline=None)
@given(npis())
def test_drawn_npis_check_against_the_prefixed_luhn(value: str) -> None:
    assert luhn.is_valid(npi.PREFIX + value)
    assert value == npi.validate(value)
    assert value[0] in "12"


@settings(max_examples=200, deadline=None)
@given(npis(), st.integers(min_value=1, max_value=9))
def test_changing_the_check_digit_is_caught(value: str, shift: int) -> None:
    wrong = value[:9] + str((int(value[9]) + shift) % 10)
    with pytest.raises(InvalidChecksum) as info:
        npi.validate(wrong)
    assert info.value.expected == f"check digit {value[9]}"


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ("123456789", InvalidLength),
        ("12345678931", InvalidLength),
        ("123456789X", InvalidFormat),
        ("3234567893", InvalidComponent),
        ("0234567893", InvalidComponent),
        ("1234567890", InvalidChecksum),
    ],
)
def test_errors_say_what_is_wrong(bad: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        npi.validate(bad)


@pytest.mark.parametrize("bad", ["12345678", "1234567890", "12345678X"])
def test_calc_check_digit_needs_nine_digits(bad: str) -> None:
    with pytest.raises(InvalidFormat):
        npi.calc_check_digit(bad)
