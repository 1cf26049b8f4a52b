from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.claims import (
    ClaimValidationError,
    FeeSchedule,
    FeeScheduleEntry,
    MissingPrice,
    load_fee_schedule,
)
from rcm.errors import RcmError, ReferenceDataError
from rcm.money import Money

CSV = """code,modifiers,amount,description
# a comment line
99213,,125.00,office visit
93000,,60.00,ecg
93000,26,25.00,ecg interpretation
93000,TC,35.00,ecg tracing

0120,,"1,800.00",room and board
J1100,,12.50,
"""


def test_load_from_path(tmp_path: Path) -> None:
    path = tmp_path / "fees.csv"
    path.write_text(CSV, encoding="utf-8")
    fees = load_fee_schedule(path)
    assert "fees" == fees.name
    assert 6 == len(fees)
    assert Money("125.00") == fees.price("99213")
    assert Money("25.00") == fees.price("93000", ["26"])
    assert Money("35.00") == fees.price("93000", ("TC",))
    assert Money("1800.00") == fees.price("0120")
    assert Money("12.50") == fees.price("j1100")
    assert "99213" in fees
    assert "99214" not in fees


def test_load_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "fees.csv"
    path.write_bytes(("\ufeff" + CSV.replace("\n", "\r\n")).encode("utf-8"))
    assert Money("60.00") == load_fee_schedule(path).price("93000")


def test_default_row_prices_unlisted_modifiers() -> None:
    fees = load_fee_schedule(io.StringIO(CSV))
    # 25 has no row of its own: the no-modifier row is the code's default.
    assert Money("125.00") == fees.price("99213", ["25"])
    # The most specific row wins: 26 is a subset of (26, 59).
    assert Money("25.00") == fees.price("93000", ["59", "26"])


def test_ambiguous_rows_are_an_error() -> None:
    fees = load_fee_schedule(io.StringIO(CSV))
    with pytest.raises(MissingPrice, match="equally well"):
        fees.price("93000", ["26", "TC"])


def test_missing_price_is_an_error_not_zero() -> None:
    fees = load_fee_schedule(io.StringIO(CSV))
    with pytest.raises(MissingPrice) as info:
        fees.price("99215", ["25"])
    assert "99215" == info.value.code
    assert ("25",) == info.value.modifiers
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, RcmError)


def test_schedule_wide_default_only_when_given() -> None:
    fees = load_fee_schedule(io.StringIO("code,amount\n*,10.00\n99213,125.00\n"))
    assert Money("10.00") == fees.price("99215")
    assert Money("10.00") == fees.default


def test_modifier_order_does_not_matter() -> None:
    text = "code,modifiers,amount\n93000,26:59,20.00\n"
    fees = load_fee_schedule(io.StringIO(text))
    assert Money("20.00") == fees.price("93000", ["59", "26"])
    assert (FeeScheduleEntry("93000", ("26", "59"), Money("20.00")),) == fees.entries()


@pytest.mark.parametrize(
    ("text", "line", "match"),
    [
        ("code,price\n99213,1.00\n", 1, "'code' and 'amount'"),
        ("code,amount\n99213,abc\n", 2, "not a money amount"),
        ("code,amount\n99213,1.005\n", 2, "decimal|places"),
        ("code,amount\n\n99213,1.00\n99213,2.00\n", 4, "priced twice"),
        ("code,amount\nXYZ,1.00\n", 2, "CPT"),
        ("code,modifiers,amount\n99213,Q,1.00\n", 2, "modifier"),
        ("code,amount\n99213,-1.00\n", 2, "negative"),
        ("code,amount\n99213,1.00,extra\n", 2, "more cells"),
        ("code,amount\n*,1.00\n*,2.00\n", 3, "twice"),
        ("", 1, "'code' and 'amount'"),
    ],
)
def test_bad_files_say_where(text: str, line: int, match: str) -> None:
    with pytest.raises(ReferenceDataError, match=match) as info:
        load_fee_schedule(io.StringIO(text), name="bad.csv")
    assert line == info.value.line
    assert "bad.csv" == info.value.path


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="cannot read"):
        load_fee_schedule(tmp_path / "nope.csv")


def test_from_entries_rejects_bad_input() -> None:
    with pytest.raises(ClaimValidationError, match="twice"):
        FeeSchedule.from_entries(
            [
                FeeScheduleEntry("99213", (), Money("1.00")),
                FeeScheduleEntry("99213", (), Money("2.00")),
            ]
        )
    with pytest.raises(ClaimValidationError, match="Money"):
        FeeSchedule.from_entries({"99213": "1.00"})  # type: ignore[dict-item]
    with pytest.raises(ClaimValidationError):
        FeeSchedule.from_entries({"nope": Money("1.00")})


codes = st.sampled_from(["99213", "99214", "93000", "J1100", "80053"])
modifier_sets = st.lists(st.sampled_from(["26", "TC", "59", "25", "XS"]), max_size=3, unique=True)


@settings(max_examples=100, deadline=None)
@given(
    rows=st.dictionaries(
        st.tuples(codes, modifier_sets.map(lambda m: tuple(sorted(m)))),
        st.integers(min_value=0, max_value=10**6).map(Money.from_cents),
        max_size=12,
    ),
    code=codes,
    mods=modifier_sets,
)
def test_price_is_an_exact_row_or_the_most_specific_subset(
    rows: dict[tuple[str, tuple[str, ...]], Money], code: str, mods: list[str]
) -> None:
    fees = FeeSchedule.from_entries(rows)
    key = (code, tuple(sorted(mods)))
    subsets = [m for c, m in rows if c == code and set(m) <= set(mods)]
    if key in rows:
        assert rows[key] == fees.price(code, mods)
        return
    if not subsets:
        with pytest.raises(MissingPrice):
            fees.price(code, mods)
        return
    best = max(len(m) for m in subsets)
    tied = [m for m in subsets if len(m) == best]
    if len(tied) > 1:
        with pytest.raises(MissingPrice):
            fees.price(code, mods)
    else:
        assert rows[(code, tied[0])] == fees.price(code, mods)
