from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.coding import luhn
from rcm.errors import InvalidChecksum, InvalidFormat

digit_strings = st.text(alphabet="0123456789", min_size=1, max_size=30)


@pytest.mark.parametrize(
    "number",
    # Published Luhn examples: the ISO/IEC 7812 textbook number, card test numbers.
    ["79927398713", "4111111111111111", "5500005555555559", "378282246310005", "00"],
)
def test_known_valid_numbers(number: str) -> None:
    assert 0 == luhn.checksum(number)
    assert number[-1] == luhn.calc_check_digit(number[:-1])
    assert number == luhn.validate(number)


@pytest.mark.parametrize("number", ["79927398710", "4111111111111112", "378282246310006"])
def test_known_invalid_numbers(number: str) -> None:
    assert not luhn.is_valid(number)
    with pytest.raises(InvalidChecksum) as info:
        luhn.validate(number)
    assert info.value.value == number


@settings(max_examples=200, deadline=None)
@given(digit_strings)
def test_appending_the_check_digit_makes_a_valid_number(body: str) -> None:
    number = body + luhn.calc_check_digit(body)
    assert 0 == luhn.checksum(number)
    assert number == luhn.validate(number)


@settings(max_examples=200, deadline=None)
@given(digit_strings, st.data())
def test_every_single_digit_error_is_caught(body: str, data: st.DataObject) -> None:
    number = body + luhn.calc_check_digit(body)
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 1))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    assert not luhn.is_valid(number[:position] + wrong + number[position + 1 :])


@settings(max_examples=200, deadline=None)
@given(digit_strings, st.data())
def test_adjacent_transpositions_are_caught_except_09(body: str, data: st.DataObject) -> None:
    number = body + luhn.calc_check_digit(body)
    if len(number) < 2:
        return
    i = data.draw(st.integers(min_value=0, max_value=len(number) - 2))
    a, b = number[i], number[i + 1]
    swapped = number[:i] + b + a + number[i + 2 :]
    if a != b and {a, b} != {"0", "9"}:
        assert not luhn.is_valid(swapped)


@pytest.mark.parametrize("bad", ["", "12a4", "١٢٣", "12.5"])
def test_non_digits_are_invalid_format(bad: str) -> None:
    with pytest.raises(InvalidFormat):
        luhn.checksum(bad)
    with pytest.raises(InvalidFormat):
        luhn.calc_check_digit(bad)
