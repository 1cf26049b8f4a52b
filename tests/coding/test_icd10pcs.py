from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.coding import icd10pcs
from rcm.errors import InvalidComponent, InvalidFormat, InvalidLength
from rcm.testing._codes import icd10pcs_codes

ALLOWED = set("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")


@pytest.mark.parametrize(
    # Real codes from the CMS ICD-10-PCS tables (public domain).
    ("code", "section"),
    [
        ("0DTJ4ZZ", "Medical and Surgical"),  # laparoscopic appendectomy
        ("02HV33Z", "Medical and Surgical"),
        ("10E0XZZ", "Obstetrics"),
        ("3E0234Z", "Administration"),
        ("BW03ZZZ", "Imaging"),
        ("XW033E5", "New Technology"),
    ],
)
def test_real_codes(code: str, section: str) -> None:
    assert code == icd10pcs.validate(code.lower())
    assert section == icd10pcs.section(code)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=7, max_size=7))
def test_any_seven_characters_without_i_and_o(code: str) -> None:
    assert icd10pcs.is_valid(code) == set(code).issubset(ALLOWED)


@pytest.mark.parametrize("letter", ["I", "O"])
def test_i_and_o_name_their_position(letter: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        icd10pcs.validate(f"0DT{letter}4ZZ")
    assert "position 4" in str(info.value)


@pytest.mark.parametrize("bad", ["0DTJ4Z", "0DTJ4ZZZ", ""])
def test_length(bad: str) -> None:
    with pytest.raises(InvalidLength):
        icd10pcs.validate(bad)


def test_section_refuses_an_undefined_first_character() -> None:
    assert icd10pcs.is_valid("ADTJ4ZZ")
    with pytest.raises(InvalidComponent):
        icd10pcs.section("ADTJ4ZZ")


@settings(max_examples=100, deadline=None)
@given(icd10pcs_codes())
def test_strategy_codes_have_a_section(code: str) -> None:
    assert icd10pcs.SECTIONS[code[0]] == icd10pcs.section(code)
