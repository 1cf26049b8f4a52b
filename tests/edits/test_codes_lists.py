"""The CARC and RARC values the edits predict exist in the X12 code lists (../shared copy)."""

from __future__ import annotations

import csv

import pytest

from rcm.edits import registry
from rcm.edits.families import clm

pytestmark = pytest.mark.shared

EXTRA_RARCS = {"N329", "MA39", "N257", "M77", "M51", "N301", *clm._NPI_RARCS.values()}


def _codes(path):
    with path.open(encoding="utf-8", errors="replace", newline="") as stream:
        return {row[0].strip(): row[1] for row in csv.reader(stream) if row}


def test_predicted_codes_exist(shared):
    folder = shared / "data" / "x12_codes" / "py835"
    carcs = _codes(folder / "claim_adjustment_reason_codes.csv")
    rarcs = _codes(folder / "remittance_advice_remark_codes.csv")
    used_carcs = {s.carc for s in registry.specs() if s.carc}
    used_rarcs = {r for s in registry.specs() for r in s.rarcs} | EXTRA_RARCS

    assert set() == used_carcs - set(carcs)
    assert set() == used_rarcs - set(rarcs)
    assert set() == {r for r in used_rarcs if "Stop:" in rarcs[r]}


def test_npi_remarks_name_the_role(shared):
    rarcs = _codes(shared / "data" / "x12_codes" / "py835" / "remittance_advice_remark_codes.csv")
    words = {
        "billing_provider": "billing provider",
        "rendering_provider": "rendering provider",
        "referring_provider": "referring provider",
        "attending_provider": "attending provider",
        "operating_provider": "operating provider",
        "other_operating_provider": "other provider",
        "supervising_provider": "supervising provider",
        "service_facility": "service facility",
    }
    for role, remark in clm._NPI_RARCS.items():
        assert words[role] in rarcs[remark], role
        assert "primary identifier" in rarcs[remark], role
