"""Properties of rcm.batch frames over generated remittances, claims, ledgers and reports."""

from __future__ import annotations

from datetime import date
from types import ModuleType

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.ar import aging
from rcm.batch import (
    CLAIM_LINE_COLUMNS,
    LEDGER_COLUMNS,
    SERVICE_COLUMNS,
    aging_frame,
    claim_line_frame,
    finding_frame,
    ledger_frame,
    service_frame,
)
from rcm.claims import Claim
from rcm.edits import run
from rcm.remit import Remittance, write_835
from rcm.remit.posting import Ledger, LedgerEntry, post
from rcm.testing._edits import EditCase
from rcm.testing._ledger import PostingCase, posting_cases
from rcm.testing.strategies import claims, edit_cases, ledger_entries, remittances

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Values no real claim field can hold, put where the patient's and subscribers'
# PHI lives, so "no cell holds them" cannot fail by coincidence.
SENTINEL = "ZZPHISENTINEL"
SENTINEL_BIRTH_DATE = date(1901, 2, 3)


def _with_sentinel_phi(claim: Claim, number: int) -> Claim:
    def person(model, role: str):  # type: ignore[no-untyped-def]
        update = {
            "last_name": f"{SENTINEL}LAST{role}{number}",
            "first_name": f"{SENTINEL}FIRST{role}{number}",
            "middle_name": f"{SENTINEL}MIDDLE{role}{number}",
        }
        if model.birth_date is not None:
            update["birth_date"] = SENTINEL_BIRTH_DATE
        if hasattr(model, "member_id"):
            update["member_id"] = f"{SENTINEL}MEMBER{role}{number}"
        return model.model_copy(update=update)

    coverage = claim.coverage.model_copy(
        update={"subscriber": person(claim.coverage.subscriber, "S")}
    )
    others = tuple(
        other.model_copy(
            update={
                "coverage": other.coverage.model_copy(
                    update={"subscriber": person(other.coverage.subscriber, f"O{index}")}
                )
            }
        )
        for index, other in enumerate(claim.other_payers)
    )
    return claim.model_copy(
        update={"patient": person(claim.patient, "P"), "coverage": coverage, "other_payers": others}
    )


def _expected_service_rows(remits: list[Remittance]) -> int:
    return sum(max(1, len(claim.services)) for remit in remits for claim in remit.claims)


@SETTINGS
@given(remits=st.lists(remittances(max_claims=4), max_size=3))
def test_service_frame_totals_equal_the_models(
    remits: list[Remittance], helpers: ModuleType
) -> None:
    cents = service_frame(remits, money="cents")
    decimal = service_frame(remits, money="decimal")
    assert SERVICE_COLUMNS == tuple(cents.columns)
    assert _expected_service_rows(remits) == len(cents)
    lines = [line for remit in remits for claim in remit.claims for line in claim.services]
    assert sum(line.paid.cents for line in lines) == int(cents["line_paid"].sum())
    assert sum(line.charge.cents for line in lines) == int(cents["line_charge"].sum())
    assert sum((line.paid.amount for line in lines), start=0) == decimal["line_paid"].sum()
    claim_rows = cents[cents["line_number"].isna() | (cents["line_number"] == 1)]
    claims_paid = [claim.paid.cents for remit in remits for claim in remit.claims]
    assert len(claims_paid) == len(claim_rows)
    assert sum(claims_paid) == int(claim_rows["claim_paid"].sum())
    helpers.assert_policies_agree(decimal, cents)
    helpers.assert_dtypes(cents, "cents")
    helpers.assert_dtypes(decimal, "decimal")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(remittances(max_claims=4))
def test_a_streamed_835_gives_the_frame_of_its_models(remit: Remittance) -> None:
    pd.testing.assert_frame_equal(service_frame(remit), service_frame(write_835([remit])))


@SETTINGS
@given(drawn=st.lists(claims(max_lines=5), max_size=4))
def test_claim_line_frame_rows_and_totals(drawn: list[Claim], helpers: ModuleType) -> None:
    cents = claim_line_frame(drawn, money="cents")
    decimal = claim_line_frame(drawn)
    assert CLAIM_LINE_COLUMNS == tuple(cents.columns)
    assert sum(len(claim.lines) for claim in drawn) == len(cents)
    assert sum(claim.total_charge.cents for claim in drawn) == int(cents["line_charge"].sum())
    expected_numbers = [n for claim in drawn for n in range(1, len(claim.lines) + 1)]
    assert expected_numbers == cents["line_number"].tolist()
    expected_ids = [claim.claim_id for claim in drawn for _ in claim.lines]
    assert expected_ids == cents["claim_id"].tolist()
    helpers.assert_policies_agree(decimal, cents)
    helpers.assert_dtypes(cents, "cents")


@SETTINGS
@given(drawn=st.lists(claims(max_lines=3), min_size=1, max_size=3))
def test_no_phi_reaches_any_cell(drawn: list[Claim], helpers: ModuleType) -> None:
    marked = [_with_sentinel_phi(claim, n) for n, claim in enumerate(drawn)]
    frame = claim_line_frame(marked)
    for cell in helpers.cells(frame):
        if isinstance(cell, str):
            assert SENTINEL not in cell
        elif isinstance(cell, pd.Timestamp):
            assert pd.Timestamp(SENTINEL_BIRTH_DATE) != cell
    # and the frame is the same as without the marks: PHI never entered it
    pd.testing.assert_frame_equal(claim_line_frame(drawn), frame)


@SETTINGS
@given(entries=st.lists(ledger_entries(), max_size=12))
def test_ledger_frame_sums_equal_the_entries(
    entries: list[LedgerEntry], helpers: ModuleType
) -> None:
    cents = ledger_frame(entries, money="cents")
    decimal = ledger_frame(entries)
    assert LEDGER_COLUMNS == tuple(cents.columns)
    assert len(entries) == len(cents)
    assert sum(e.amount.cents for e in entries) == int(cents["amount"].sum())
    assert sum(e.balance_effect.cents for e in entries) == int(cents["balance_effect"].sum())
    assert [e.kind.value for e in entries] == cents["kind"].tolist()
    helpers.assert_policies_agree(decimal, cents)


def _posted(case: PostingCase) -> Ledger:
    ledger = Ledger()
    for claim in case.claims:
        ledger = ledger.bill(claim, on=case.billed_on)
    for remittance in case.remittances:
        ledger = ledger.apply(post(ledger, remittance))
    return ledger


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=posting_cases(max_claims=3), offset=st.integers(min_value=0, max_value=150))
def test_ledger_and_aging_frames_agree_with_the_ledger(
    case: PostingCase, offset: int, helpers: ModuleType
) -> None:
    ledger = _posted(case)
    frame = ledger_frame(ledger, money="cents")
    balances = frame.groupby(["claim_id", "party"])["balance_effect"].sum()
    for claim in case.claims:
        for party, amount in ledger.balances(claim.claim_id).items():
            assert amount.cents == int(balances.get((claim.claim_id, party), 0))
    as_of = case.billed_on + pd.Timedelta(days=offset).to_pytimedelta()
    report = aging(ledger, as_of=as_of)
    aged = aging_frame(report, money="cents")
    assert len(report.rows) == len(aged)
    assert report.total.cents == int(aged["total"].sum())
    assert report.credits.cents == int(aged["credits"].sum())
    helpers.assert_policies_agree(aging_frame(report), aged)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_cases())
def test_finding_frame_has_one_row_per_finding(case: EditCase) -> None:
    report = run(case.claim, case.context)
    frame = finding_frame([report, report])
    assert 2 * len(report.findings) == len(frame)
    assert [f.code for f in report.findings] * 2 == frame["code"].tolist()
    firsts = [f.lines[0] + 1 if f.lines else None for f in report.findings] * 2
    assert firsts == [None if n is pd.NA else n for n in frame["line_number"].tolist()]
