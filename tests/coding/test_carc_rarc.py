"""CARC and RARC: the stdnum-style format interface and the code-list loaders."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcm.coding import carc, rarc
from rcm.errors import InvalidFormat, ReferenceDataError, UnknownCode


@pytest.mark.parametrize(
    ("module", "good", "bad"),
    [
        (
            carc,
            ["1", "45", "306", "A1", "B13", "P21", "W9", "Y3"],
            ["0", "045", "1000", "CO45", "AB1", "A", ""],
        ),
        (
            rarc,
            ["M1", "M144", "MA01", "MA130", "N1", "N904", "N1234"],
            ["MA1", "M", "N12345", "45", "X1", ""],
        ),
    ],
)
def test_format_interface(module, good, bad):
    for code in good:
        assert module.is_valid(code)
        assert module.validate(f" {code.lower()} ") == code
        assert module.format(code.lower()) == code
        assert module.compact(f" {code.lower()}") == code
    for code in bad:
        assert not module.is_valid(code)
        with pytest.raises(InvalidFormat):
            module.validate(code)
        assert module.format(code) == code


@given(st.one_of(st.text(), st.integers(), st.none(), st.binary()))
def test_is_valid_never_raises(value):
    assert carc.is_valid(value) in (True, False)
    assert rarc.is_valid(value) in (True, False)


def test_load_from_text_with_date_columns():
    text = (
        "Code,Description,Start Date,Stop Date\n"
        "45,Own words,01/01/1995,\n"
        "22,Old,1995-01-01,20200101\n"
    )
    codes = carc.load(io.StringIO(text), release="mine")
    assert len(codes) == 2
    assert codes["45"].start == date(1995, 1, 1)
    assert codes["22"].stop == date(2020, 1, 1)
    assert codes.lookup("22", on=date(2019, 12, 31)).code == "22"
    with pytest.raises(UnknownCode) as info:
        codes.lookup("22", on=date(2020, 1, 2))
    assert (info.value.code, info.value.system, info.value.release) == ("22", "CARC", "mine")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Description\nx\n", 1),  # no code column
        ("Code\nCO45\n", 2),  # not a CARC
        ("Code\n45\n45\n", 3),  # repeated
        ("Code,Start\n45,2020/01/01\n", 2),  # date form not accepted
        ("", 1),  # empty
    ],
)
def test_bad_lists_name_file_and_line(text, line):
    with pytest.raises(ReferenceDataError) as info:
        carc.load(io.StringIO(text))
    assert info.value.line == line


def test_missing_file(tmp_path):
    with pytest.raises(ReferenceDataError):
        rarc.load(tmp_path / "none.csv")


@pytest.mark.shared
def test_real_lists_load(shared: Path):
    folder = shared / "data" / "x12_codes" / "py835"
    carcs = carc.load(folder / "claim_adjustment_reason_codes.csv", release="py835 2024-09")
    rarcs = rarc.load(folder / "remittance_advice_remark_codes.csv")
    # SOURCE.md: 405 CARC rows; 1,180 RARC rows of which 79 carry a Stop date
    assert len(carcs) == 405
    assert len(rarcs) == 1180
    assert sum(1 for entry in rarcs.values() if entry.stop is not None) == 79
    assert all(entry.start is not None for entry in rarcs.values())
    assert {"1", "45", "306", "A0", "B23", "P32", "W9", "Y3"} <= set(carcs)
    assert all(carc.is_valid(code) for code in carcs)
    assert all(rarc.is_valid(code) for code in rarcs)
    # the description is the user's data and never shows in repr
    assert "Deductible" not in repr(carcs["1"])
