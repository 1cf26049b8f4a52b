from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.coding import ndc
from rcm.errors import InvalidComponent, InvalidFormat, InvalidLength
from rcm.testing._codes import ndcs


@pytest.mark.parametrize(
    ("ten", "eleven"),
    # The FDA/CMS conversion examples: pad the short segment with a leading zero.
    [
        ("1234-5678-90", "01234567890"),
        ("12345-678-90", "12345067890"),
        ("12345-6789-0", "12345678900"),
        ("0002-1433-80", "00002143380"),
        ("12345-6789-01", "12345678901"),
    ],
)
def test_to_11(ten: str, eleven: str) -> None:
    assert eleven == ndc.to_11(ten)
    assert eleven == ndc.compact(ten)
    assert f"{eleven[:5]}-{eleven[5:9]}-{eleven[9:]}" == ndc.format(ten)


@pytest.mark.parametrize(
    ("layout", "eleven", "ten"),
    [
        ("4-4-2", "01234567890", "1234-5678-90"),
        ("5-3-2", "12345067890", "12345-678-90"),
        ("5-4-1", "12345678900", "12345-6789-0"),
    ],
)
def test_bare_ten_digits_need_a_layout(layout: ndc.Layout, eleven: str, ten: str) -> None:
    with pytest.raises(InvalidFormat, match="layout"):
        ndc.validate("1234567890")
    assert not ndc.is_valid("1234567890")
    assert eleven == ndc.to_11("1234567890", layout=layout)
    assert ten == ndc.to_10(eleven, layout=layout)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(ndc.LAYOUTS[:3]), st.data())
def test_ten_to_eleven_and_back(layout: ndc.Layout, data: st.DataObject) -> None:
    value = data.draw(ndcs(layouts=(layout,)))
    eleven = ndc.to_11(value)
    assert value == ndc.to_10(eleven, layout=layout)
    assert eleven == ndc.to_11(value.replace("-", ""), layout=layout)
    assert tuple(eleven[a:b] for a, b in ((0, 5), (5, 9), (9, 11))) == ndc.split(value)


@settings(max_examples=100, deadline=None)
@given(ndcs(layouts=ndc.LAYOUTS[3:]))
def test_eleven_digits_are_5_4_2_already(value: str) -> None:
    assert value == ndc.validate(value) == ndc.validate(value, layout="5-4-2")
    with pytest.raises(InvalidComponent):
        ndc.validate(value, layout="4-4-2")


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ("123-4567-890", InvalidFormat),
        ("12345-67-890", InvalidFormat),
        ("1234-5678-9X", InvalidFormat),
        ("123456789", InvalidLength),
        ("123456789012", InvalidLength),
        ("1234A678901", InvalidFormat),
        ("1234--5678-90", InvalidFormat),
    ],
)
def test_errors(bad: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        ndc.validate(bad)


def test_layout_must_agree_with_hyphens_and_exist() -> None:
    with pytest.raises(InvalidComponent, match="hyphenated 4-4-2"):
        ndc.validate("1234-5678-90", layout="5-3-2")
    with pytest.raises(InvalidComponent):
        ndc.validate("1234567890", layout="3-3-3")  # type: ignore[arg-type]


def test_to_10_needs_the_padding_zero() -> None:
    with pytest.raises(InvalidComponent, match="padding zero"):
        ndc.to_10("12345678901", layout="4-4-2")
    with pytest.raises(InvalidComponent, match="eleven-digit form"):
        ndc.to_10("12345678901", layout="5-4-2")
