from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings

from rcm.coding import taxonomy
from rcm.errors import InvalidFormat, InvalidLength
from rcm.testing._codes import taxonomy_codes


@pytest.mark.parametrize(
    "code", ["207Q00000X", "261QM1300X", "363LA2100X", "101Y00000X", "2084P0800X"]
)
def test_real_codes(code: str) -> None:
    assert code == taxonomy.validate(code.lower())


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ("207Q00000", InvalidLength),
        ("207Q00000XX", InvalidLength),
        ("207Q00000Y", InvalidFormat),
        ("A07Q00000X", InvalidFormat),
        ("207Q0A000X", InvalidFormat),
    ],
)
def test_errors(bad: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        taxonomy.validate(bad)


@settings(max_examples=100, deadline=None)
@given(taxonomy_codes())
def test_drawn_codes(code: str) -> None:
    assert code == taxonomy.validate(code)
    assert code.endswith("X")


@pytest.mark.shared
def test_every_nucc_code_is_valid(shared: Path) -> None:
    path = shared / "data" / "nucc_taxonomy" / "nucc_taxonomy_251.csv"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        codes = [row["Code"] for row in csv.DictReader(handle)]
    assert 883 == len(codes)
    assert [] == [code for code in codes if not taxonomy.is_valid(code)]
