"""Property tests: after posting, every balance is exactly what the remittances say."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.money import Money
from rcm.remit import ClaimPayment
from rcm.remit.posting import PATIENT, IssueKind, Ledger, post
from rcm.testing._ledger import PostingCase, posting_cases

ZERO = Money(0)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _run(case: PostingCase) -> tuple[Ledger, list[tuple[str, ClaimPayment]], list[IssueKind]]:
    """Bill, post every remittance in order; return the ledger, what posted, and held kinds."""
    ledger = Ledger()
    for claim in case.claims:
        ledger = ledger.bill(claim, on=case.billed_on)
    posted: list[tuple[str, ClaimPayment]] = []
    held: list[IssueKind] = []
    for remittance in case.remittances:
        result = post(ledger, remittance)
        ledger = ledger.apply(result)
        held_claims = {issue.claim_index for issue in result.held}
        held.extend(issue.kind for issue in result.held)
        posted.extend(
            (remittance.payer.id or "", payment)
            for index, payment in enumerate(remittance.claims, start=1)
            if index not in held_claims
        )
    return ledger, posted, held


def _expected(
    case: PostingCase, posted: list[tuple[str, ClaimPayment]]
) -> dict[str, dict[str, Money]]:
    """Per claim and party, what must be owed, computed from the 835 amounts alone.

    Charges are owed by the payer; CLP04 is paid; CARC 45 is contractual; PR
    adjustments move to the patient; every other CAS is a denial that stays
    owed by the payer.
    """
    owed: dict[str, dict[str, Money]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for claim in case.claims:
        payer = claim.coverage.payer.payer_id if claim.coverage.payer else ""
        owed[claim.claim_id][payer] += claim.total_charge
    for payer, payment in posted:
        party = owed[payment.patient_control_number]
        party[payer] -= payment.paid
        for _, adjustment in payment.all_adjustments():
            if adjustment.group.value == "PR":
                party[payer] -= adjustment.amount
                party[PATIENT] += adjustment.amount
            elif adjustment.reason == "45":
                party[payer] -= adjustment.amount
    return owed


@SETTINGS
@given(posting_cases(max_claims=3))
def test_balances_equal_charge_minus_payments_minus_adjustments(case: PostingCase) -> None:
    ledger, posted, held = _run(case)
    assert set(held) <= {
        IssueKind.AMBIGUOUS_LINE,
        IssueKind.UNMATCHED_LINE,
        IssueKind.REVERSAL_WITHOUT_ORIGINAL,
    }
    expected = _expected(case, posted)
    for claim in case.claims:
        want = dict(expected[claim.claim_id])
        got = ledger.balances(claim.claim_id)
        for party in set(want) | set(got):
            assert want.get(party, ZERO) == got.get(party, ZERO), (party, want, got)
        paid = sum((p.paid for _, p in posted if p.patient_control_number == claim.claim_id), ZERO)
        contractual = sum(
            (
                a.amount
                for _, p in posted
                if p.patient_control_number == claim.claim_id
                for _, a in p.all_adjustments()
                if a.reason == "45" and a.group.value != "PR"
            ),
            ZERO,
        )
        assert claim.total_charge - paid - contractual == ledger.balance(claim.claim_id)


@SETTINGS
@given(posting_cases(max_claims=3, quirks=False))
def test_without_quirks_everything_posts_line_by_line(case: PostingCase) -> None:
    ledger, posted, held = _run(case)
    assert [] == held
    assert sum(len(r.claims) for r in case.remittances) == len(posted)
    for claim in case.claims:
        lines = ledger.line_balances(claim.claim_id)
        # Every amount lands on a line; no line is owed less than nothing.
        assert ZERO == lines.get(None, ZERO)
        assert all(amount >= ZERO for amount in lines.values())


@SETTINGS
@given(posting_cases(max_claims=2), st.data())
def test_posting_twice_changes_nothing(case: PostingCase, data: st.DataObject) -> None:
    ledger, _, _ = _run(case)
    remittance = data.draw(st.sampled_from(case.remittances))
    again = post(ledger, remittance)
    assert () == again.entries
    assert 0 == again.claims_posted
    assert ledger.apply(again) == ledger
