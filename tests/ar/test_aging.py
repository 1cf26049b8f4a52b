from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.ar import BUCKETS, AgingReport, aging, bucket_of
from rcm.errors import ValidationError
from rcm.money import Money
from rcm.remit.denials._examples import example_denied_ledger
from rcm.remit.posting import PATIENT, Ledger, PostingPolicy, post
from rcm.remit.posting._examples import example_ledger, example_payment
from rcm.testing._ledger import PostingCase, posting_cases

ZERO = Money(0)


def test_buckets() -> None:
    assert ("0-30", "31-60", "61-90", "91-120", "over 120") == BUCKETS
    assert [0, 0, 0, 1, 1, 2, 2, 3, 3, 4] == [
        bucket_of(d) for d in (-5, 0, 30, 31, 60, 61, 90, 91, 120, 121)
    ]


@pytest.mark.parametrize(
    ("as_of", "bucket"),
    [(date(2025, 4, 2), 0), (date(2025, 4, 3), 1), (date(2025, 6, 2), 3), (date(2025, 7, 2), 4)],
)
def test_age_counts_from_the_date_of_service(as_of: date, bucket: int) -> None:
    # Service 2025-03-03: 30 days later is 2025-04-02.
    report = aging(example_denied_ledger(), as_of=as_of)
    row = report.row("60054")
    assert Money("125.00") == row.buckets[bucket]
    assert Money("125.00") == row.total
    assert "insurance" == row.responsibility
    assert 1 == row.claims


def test_insurance_and_patient_are_apart() -> None:
    report = aging(example_denied_ledger(), as_of=date(2025, 5, 31))
    assert Money("125.00") == sum(report.insurance, ZERO)
    assert Money("2.40") == sum(report.patient, ZERO)
    assert ["60054", PATIENT] == [row.party for row in report.rows]


def test_responsibility_basis_ages_from_when_the_party_owed() -> None:
    # The patient owes since the remittance of 2025-03-20; the payer since the bill, 03-04.
    report = aging(example_denied_ledger(), as_of=date(2025, 4, 15), basis="responsibility")
    assert Money("2.40") == report.row(PATIENT).buckets[0]
    assert Money("125.00") == report.row("60054").buckets[1]


def test_unknown_basis() -> None:
    with pytest.raises(ValidationError, match="basis"):
        aging(Ledger(), as_of=date(2025, 1, 1), basis="posting")  # type: ignore[arg-type]


def test_credit_balances_stay_out_of_the_buckets() -> None:
    ledger = example_ledger()
    ledger = ledger.apply(post(ledger, example_payment()))
    again = example_payment().claims[0].model_copy(update={"payer_claim_control_number": "X"})
    remit = example_payment().model_copy(
        update={
            "claims": (again,),
            "trace": example_payment().trace.model_copy(update={"number": "T2"}),
        }
    )
    ledger = ledger.apply(post(ledger, remit, policy=PostingPolicy(allow_credit_balance=True)))
    report = aging(ledger, as_of=date(2025, 4, 30))
    assert Money("-140.00") == report.credits
    assert Money("44.80") == report.total  # the patient's share, twice
    assert ZERO == report.row("60054").total


def test_empty_ledger() -> None:
    report = aging(Ledger(), as_of=date(2025, 1, 1))
    assert () == report.rows
    assert ZERO == report.total
    assert report.over_90_share == 0


def test_report_round_trips_through_json() -> None:
    report = aging(example_denied_ledger(), as_of=date(2025, 5, 31))
    assert report == AgingReport.model_validate_json(report.model_dump_json())


def _ledger(case: PostingCase) -> Ledger:
    ledger = Ledger()
    for claim in case.claims:
        ledger = ledger.bill(claim, on=case.billed_on)
    for remittance in case.remittances:
        ledger = ledger.apply(post(ledger, remittance))
    return ledger


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(posting_cases(max_claims=3), st.integers(min_value=-10, max_value=200))
def test_no_later_event_leaks_into_an_earlier_date(case: PostingCase, offset: int) -> None:
    ledger = _ledger(case)
    as_of = case.billed_on + timedelta(days=offset)
    earlier = [entry for entry in ledger.entries if entry.posted_on <= as_of]
    bills = [bill for account in ledger.accounts.values() for bill in account.bills]
    then = Ledger.from_history(bills, earlier)
    for basis in ("service", "responsibility"):
        assert aging(then, as_of=as_of, basis=basis) == aging(ledger, as_of=as_of, basis=basis)
    report = aging(ledger, as_of=as_of)
    owed = ZERO
    for claim in case.claims:
        for amount in ledger.balances(claim.claim_id, as_of=as_of).values():
            owed += amount
    assert owed == report.total + report.credits
