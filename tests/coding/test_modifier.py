from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from rcm.coding import hcpcs, modifier
from rcm.errors import InvalidFormat, InvalidLength
from rcm.testing._codes import modifiers

# NCCI Policy Manual for Medicare Services, Chapter I, section E: the modifiers that may
# bypass a PTP edit with modifier indicator 1.
PTP_ANATOMIC = {"E1", "E2", "E3", "E4", "FA", "TA", "LT", "RT", "LC", "LD", "RC", "LM", "RI"}
PTP_ANATOMIC |= {f"F{n}" for n in range(1, 10)} | {f"T{n}" for n in range(1, 10)}
PTP_GLOBAL = {"24", "25", "57", "58", "78", "79"}
PTP_OTHER = {"27", "59", "91", "XE", "XS", "XP", "XU"}


def test_ptp_list_matches_the_ncci_manual() -> None:
    by_group = {
        group: {m.code for m in modifier.NCCI_MODIFIERS.values() if m.group == group}
        for group in ("anatomic", "global surgery", "other")
    }
    assert {"anatomic": PTP_ANATOMIC, "global surgery": PTP_GLOBAL, "other": PTP_OTHER} == by_group
    bypass = {m.code for m in modifier.NCCI_MODIFIERS.values() if m.ptp_bypass}
    assert PTP_ANATOMIC | PTP_GLOBAL | PTP_OTHER == bypass


@pytest.mark.parametrize(
    "code", ["25", "59", "XE", "XS", "XP", "XU", "LT", "RT", "50", "26", "TC", "76", "77", "91"]
)
def test_the_issue_list_is_in_the_table(code: str) -> None:
    entry = modifier.NCCI_MODIFIERS[code]
    assert code == entry.code
    assert entry.meaning
    assert entry.level == ("CPT" if code.isdigit() else "HCPCS")
    assert modifier.is_ncci_ptp_modifier(code) == entry.ptp_bypass


def test_codes_in_the_table_are_valid_modifiers() -> None:
    for code in modifier.NCCI_MODIFIERS:
        assert code == modifier.validate(code)


@pytest.mark.parametrize(
    ("bad", "error"),
    [("5", InvalidLength), ("255", InvalidLength), ("2#", InvalidFormat), ("é1", InvalidFormat)],
)
def test_errors(bad: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        modifier.validate(bad)


@settings(max_examples=100, deadline=None)
@given(modifiers())
def test_drawn_modifiers_are_valid(code: str) -> None:
    assert code == modifier.validate(code.lower())


@pytest.mark.shared
def test_level_ii_meanings_are_the_cms_short_descriptors(shared: Path) -> None:
    path = shared / "data" / "hcpcs" / "tuva_2022" / "hcpcs_level_2.csv"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    release = hcpcs.load_csv(path)
    for entry in modifier.NCCI_MODIFIERS.values():
        if entry.level == "HCPCS":
            found = release.get(entry.code)
            assert found is not None, entry.code
            assert found.is_modifier
            assert found.short_description == entry.meaning
