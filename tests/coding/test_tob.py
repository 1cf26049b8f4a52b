from __future__ import annotations

import pytest
from hypothesis import given, settings

from rcm.coding import tob
from rcm.errors import InvalidComponent, InvalidLength
from rcm.testing._codes import tob_codes


@pytest.mark.parametrize(
    ("given", "facility", "classification", "frequency"),
    [
        ("0111", "hospital", "inpatient (Part A)", "admit through discharge claim"),
        ("0131", "hospital", "outpatient", "admit through discharge claim"),
        ("0137", "hospital", "outpatient", "replacement of prior claim"),
        ("0218", "skilled nursing", "inpatient (Part A)", "void/cancel of prior claim"),
        (
            "0329",
            "home health",
            "inpatient (Part B only)",
            "final claim for a home health PPS episode",
        ),
        (
            "0711",
            "clinic or hospital-based renal dialysis facility",
            "rural health clinic",
            "admit through discharge claim",
        ),
        (
            "0771",
            "clinic or hospital-based renal dialysis facility",
            "federally qualified health center",
            "admit through discharge claim",
        ),
        (
            "0851",
            "special facility or hospital ASC surgery",
            "critical access hospital",
            "admit through discharge claim",
        ),
        (
            "081A",
            "special facility or hospital ASC surgery",
            "hospice (non-hospital based)",
            "admission/election notice",
        ),
    ],
)
def test_parts(given: str, facility: str, classification: str, frequency: str) -> None:
    bill = tob.parse(given)
    assert (facility, classification, frequency) == (
        bill.facility_type_name,
        bill.classification_name,
        bill.frequency_name,
    )
    assert given == bill.formatted
    assert given[1:] == bill.code == tob.validate(given)
    assert given[1:3] == bill.facility_code


def test_frequency_flags() -> None:
    assert tob.parse("111").is_original
    assert tob.parse("117").is_replacement
    assert tob.parse("118").is_void
    assert not tob.parse("112").is_original


@pytest.mark.parametrize(
    ("bad", "error", "words"),
    [
        ("11", InvalidLength, "2 characters"),
        ("01111", InvalidLength, "5 characters"),
        ("1111", InvalidLength, "4 characters"),
        ("011", InvalidComponent, "facility type 0"),
        ("911", InvalidComponent, "facility type 9"),
        ("101", InvalidComponent, "classification 0"),
        ("116", InvalidComponent, "frequency '6'"),
        ("11L", InvalidComponent, "frequency 'L'"),
    ],
)
def test_errors_name_the_part(bad: str, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        tob.validate(bad)


def test_type_of_bill_checks_its_parts() -> None:
    with pytest.raises(InvalidComponent):
        tob.TypeOfBill("9", "1", "1")


@settings(max_examples=100, deadline=None)
@given(tob_codes())
def test_parse_round_trip(code: str) -> None:
    bill = tob.parse(code)
    assert bill == tob.parse(bill.formatted)
    assert code == bill.facility_type + bill.classification + bill.frequency
