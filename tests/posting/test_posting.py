from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from rcm._demo_payer import LineDecision, adjudicate, reversal_of
from rcm.claims import Claim, PayerAdjudication, ServiceLine, from_encounter
from rcm.claims.examples import clinic_fees, office_visit, professional_claim
from rcm.errors import RcmError, ValidationError
from rcm.money import Money
from rcm.remit import (
    Adjustment,
    Amount,
    ClaimPayment,
    ClaimStatus,
    Procedure,
    ProviderAdjustmentItem,
    Remittance,
)
from rcm.remit.posting import (
    PATIENT,
    EntryKind,
    IssueKind,
    Ledger,
    PostingPolicy,
    PostingResult,
    post,
)
from rcm.remit.posting._examples import example_payment

ACME = "60054"
PCN = "ENC0000001"

Wrap = Callable[..., Remittance]


def _kinds(result: PostingResult) -> list[str]:
    return [issue.kind.value for issue in result.issues]


def test_example_posts_payment_contractual_and_coinsurance(ledger: Ledger) -> None:
    result = post(ledger, example_payment())
    assert (1, 0, 0) == (result.claims_posted, result.claims_already_posted, result.claims_held)
    assert Money("-89.60") == result.total(EntryKind.PAYMENT)
    assert Money("-28.00") == result.total(EntryKind.CONTRACTUAL)
    after = ledger.apply(result)
    assert {ACME: Money(0), PATIENT: Money("22.40")} == after.balances(PCN)
    assert {0: Money("20.00"), 1: Money("2.40")} == after.line_balances(PCN)
    assert all(e.posted_on == date(2025, 3, 20) for e in result.entries)
    assert all(e.trace_number == "EFT0000042" for e in result.entries)


def test_posting_twice_says_already_posted_and_adds_nothing(ledger: Ledger) -> None:
    ledger = ledger.apply(post(ledger, example_payment()))
    again = post(ledger, example_payment())
    assert again.already_posted
    assert () == again.entries
    assert ledger == ledger.apply(again)


def test_same_payment_resent_in_another_file_is_still_already_posted(ledger: Ledger) -> None:
    ledger = ledger.apply(post(ledger, example_payment()))
    resent = example_payment().model_copy(update={"control_number": "9999"})
    assert post(ledger, resent).already_posted


def test_unknown_claim_is_reported_with_the_item(
    wrap: Wrap, ledger: Ledger, payment: ClaimPayment
) -> None:
    stranger = payment.model_copy(update={"patient_control_number": "NOPE-123"})
    result = post(ledger, wrap(stranger))
    [issue] = result.issues
    assert IssueKind.UNKNOWN_CLAIM == issue.kind
    assert (1, "NOPE-123", Money("89.60")) == (
        issue.claim_index,
        issue.patient_control_number,
        issue.amount,
    )
    assert "NOPE-123" not in issue.message
    assert "NOPE-123" not in repr(issue)
    assert () == result.entries
    assert 1 == result.claims_held


def test_claim_found_by_payer_claim_number_when_the_pcn_changed(
    wrap: Wrap, ledger: Ledger, payment: ClaimPayment
) -> None:
    ledger = ledger.apply(post(ledger, example_payment()))
    reversal = reversal_of(payment).model_copy(update={"patient_control_number": "RENAMED"})
    result = post(ledger, wrap(reversal))
    assert [] == _kinds(result)
    after = ledger.apply(result)
    assert {ACME: Money("140.00"), PATIENT: Money(0)} == after.balances(PCN)


def test_unbalanced_claim_payment_is_held(
    wrap: Wrap, ledger: Ledger, payment: ClaimPayment
) -> None:
    broken = payment.model_copy(update={"paid": Money("90.00")})
    result = post(ledger, wrap(broken))
    assert [IssueKind.UNBALANCED] == [i.kind for i in result.held]
    assert () == result.entries


def test_amount_beyond_the_charge_is_held(
    wrap: Wrap, ledger: Ledger, payment: ClaimPayment
) -> None:
    ledger = ledger.apply(post(ledger, example_payment()))
    # The same payment again under another payer claim number and trace: the
    # payer would then owe less than nothing.
    twice = payment.model_copy(update={"payer_claim_control_number": "OTHER-ICN"})
    result = post(ledger, wrap(twice, trace="T9"))
    [issue] = result.issues
    assert IssueKind.NEGATIVE_BALANCE == issue.kind
    assert "more paid and adjusted than charged" in issue.message
    assert ledger == ledger.apply(result)


def test_credit_balance_policy_posts_the_overpayment(
    wrap: Wrap, ledger: Ledger, payment: ClaimPayment
) -> None:
    ledger = ledger.apply(post(ledger, example_payment()))
    twice = payment.model_copy(update={"payer_claim_control_number": "OTHER-ICN"})
    result = post(ledger, wrap(twice, trace="T9"), policy=PostingPolicy(allow_credit_balance=True))
    assert 1 == result.claims_posted
    assert Money("-140.00") == ledger.apply(result).balance(PCN, party=ACME)


def test_duplicate_payment_from_another_trace_is_held(
    wrap: Wrap, ledger: Ledger, payment: ClaimPayment
) -> None:
    ledger = ledger.apply(post(ledger, example_payment()))
    result = post(ledger, wrap(payment, trace="T-DUP"))
    assert [IssueKind.DUPLICATE_PAYMENT] == [i.kind for i in result.issues]


def test_conflicting_repost_is_reported(wrap: Wrap, ledger: Ledger, payment: ClaimPayment) -> None:
    first = wrap(payment, trace="T5")
    ledger = ledger.apply(post(ledger, first))
    changed = reversal_of(payment)
    second = wrap(changed, trace="T5")
    result = post(ledger, second)
    assert [IssueKind.CONFLICTING_REPOST] == [i.kind for i in result.issues]
    assert () == result.entries


def test_voided_claim_takes_only_the_reversal(
    wrap: Wrap, ledger: Ledger, payment: ClaimPayment
) -> None:
    ledger = ledger.apply(post(ledger, example_payment()))
    claim = ledger.account(PCN).claim
    void = Claim.model_validate(
        {**dict(claim), "frequency_code": "8", "original_claim_number": "ACM2503200001"}
    )
    ledger = ledger.bill(void, on=date(2025, 3, 25))
    assert ledger.account(PCN).voided
    assert Money("-140.00") == ledger.balance(PCN, party=ACME)
    held = post(ledger, wrap(payment, trace="T7"))
    assert [IssueKind.VOIDED_CLAIM] == [i.kind for i in held.issues]
    back = post(ledger, wrap(reversal_of(payment), trace="T8"))
    assert [] == _kinds(back)
    after = ledger.apply(back)
    assert {ACME: Money(0), PATIENT: Money(0)} == after.balances(PCN)


def test_reversal_without_original_is_held(
    wrap: Wrap, ledger: Ledger, payment: ClaimPayment
) -> None:
    result = post(ledger, wrap(reversal_of(payment)))
    assert [IssueKind.REVERSAL_WITHOUT_ORIGINAL] == [i.kind for i in result.issues]


def test_reversal_and_correction_net_out(wrap: Wrap, ledger: Ledger, payment: ClaimPayment) -> None:
    ledger = ledger.apply(post(ledger, example_payment()))
    claim = ledger.account(PCN).claim
    correction = adjudicate(
        claim,
        [
            LineDecision(allowed=Money("110.00"), coinsurance=Money("22.00")),
            LineDecision(allowed=Money("12.00"), coinsurance=Money("2.40")),
        ],
        payer_claim_number="ACM-NEW",
    )
    # The correction first in the file: the reversal is still applied first.
    result = post(ledger, wrap(correction, reversal_of(payment)))
    assert [] == _kinds(result)
    after = ledger.apply(result)
    assert {ACME: Money(0), PATIENT: Money("24.40")} == after.balances(PCN)
    reversed_entries = [e for e in result.entries if e.reversal]
    assert len(reversed_entries) == 8
    assert all(e.reverses for e in reversed_entries)
    payments = sum(
        (e.amount for e in after.entries_for(PCN) if e.kind is EntryKind.PAYMENT), Money(0)
    )
    assert Money("-97.60") == payments


def test_predetermination_posts_nothing(wrap: Wrap, ledger: Ledger, payment: ClaimPayment) -> None:
    predetermination = payment.model_copy(update={"status": ClaimStatus.PREDETERMINATION})
    result = post(ledger, wrap(predetermination))
    assert [IssueKind.PREDETERMINATION] == [i.kind for i in result.issues]
    assert () == result.held
    assert () == result.entries


def test_unknown_payer_is_held(wrap: Wrap, ledger: Ledger, payment: ClaimPayment) -> None:
    visit = office_visit()
    primary = ledger.account(PCN).claim
    secondary = from_encounter(
        visit,
        fee_schedule=clinic_fees(),
        payer_order=1,
        adjudications=[PayerAdjudication(paid_amount=Money("89.60"), paid_date=date(2025, 3, 20))],
    )
    ledger = ledger.bill(secondary, on=date(2025, 3, 21))
    assert primary.coverage.payer.payer_id in ledger.account(PCN).payers
    denied = payment.model_copy(update={"status": ClaimStatus.DENIED})
    remit = wrap(denied)
    stranger = remit.model_copy(
        update={
            "payer": remit.payer.model_copy(update={"id": "99999"}),
            "trace": remit.trace.model_copy(update={"originator_id": "199999"}),
        }
    )
    result = post(ledger, stranger)
    assert [IssueKind.UNKNOWN_PAYER] == [i.kind for i in result.issues]
    # Telling post() the payer resolves it.
    assert 1 == post(ledger, wrap(payment), payer=ACME).claims_posted


def test_deposit_mismatch_is_a_note(ledger: Ledger) -> None:
    remit = example_payment()
    off = remit.model_copy(
        update={"payment": remit.payment.model_copy(update={"amount": Money("90.00")})}
    )
    result = post(ledger, off)
    assert [IssueKind.DEPOSIT_MISMATCH] == [i.kind for i in result.issues]
    assert 1 == result.claims_posted


def test_interest_and_plb_are_recorded_without_touching_balances(
    ledger: Ledger, payment: ClaimPayment
) -> None:
    with_interest = payment.model_copy(
        update={"amounts": (Amount(qualifier="I", amount=Money("1.27")),)}
    )
    from rcm._demo_payer import remittance

    remit = remittance(
        [with_interest],
        payer_id=ACME,
        payer_name="ACME",
        payee_npi="1234567893",
        payee_name="CLINIC",
        trace_number="T-INT",
        paid_on=date(2025, 4, 1),
        provider_adjustments=[
            ProviderAdjustmentItem(reason="L6", amount=Money("-1.27")),
            ProviderAdjustmentItem(reason="WO", reference="ACM-OLD", amount=Money("10.00")),
        ],
    )
    result = post(ledger, remit)
    assert [] == _kinds(result)
    assert Money("1.27") == result.total(EntryKind.INTEREST)
    plb = [e for e in result.entries if e.kind is EntryKind.PROVIDER_ADJUSTMENT]
    assert [("L6", Money("-1.27")), ("WO", Money("10.00"))] == [(e.reason, e.amount) for e in plb]
    assert remit.payment.signed_amount == -result.total(EntryKind.PAYMENT) - sum(
        (e.amount for e in plb), Money(0)
    )
    after = ledger.apply(result)
    assert {ACME: Money(0), PATIENT: Money("22.40")} == after.balances(PCN)
    assert post(after, remit).already_posted


def test_interest_without_plb_is_a_note(wrap: Wrap, ledger: Ledger, payment: ClaimPayment) -> None:
    with_interest = payment.model_copy(
        update={"amounts": (Amount(qualifier="I", amount=Money("1.27")),)}
    )
    result = post(ledger, wrap(with_interest))
    assert [IssueKind.INTEREST_MISMATCH] == [i.kind for i in result.issues]


def test_denial_is_held_with_the_payer(wrap: Wrap, ledger: Ledger) -> None:
    claim = ledger.account(PCN).claim
    denied = adjudicate(
        claim,
        [LineDecision(denial=("CO", "197", ())), LineDecision(allowed=Money("12.00"))],
        payer_claim_number="ICN-D",
    )
    result = post(ledger, wrap(denied))
    after = ledger.apply(result)
    denial = [e for e in result.entries if e.kind is EntryKind.DENIAL]
    assert [(0, "CO", "197", Money("125.00"))] == [
        (e.line_index, e.group, e.reason, e.amount) for e in denial
    ]
    assert {0: Money("125.00"), 1: Money(0)} == after.line_balances(PCN)


def test_information_only_adjustment_changes_no_balance(
    wrap: Wrap, ledger: Ledger, payment: ClaimPayment
) -> None:
    line = payment.services[1]
    pending = line.model_copy(
        update={
            "paid": Money("0.00"),
            "adjustments": (Adjustment(group="CO", reason="133", amount=Money("15.00")),),
        }
    )
    claim = payment.model_copy(
        update={
            "services": (payment.services[0], pending),
            "paid": Money("80.00"),
            "patient_responsibility": Money("20.00"),
        }
    )
    result = post(ledger, wrap(claim))
    assert [] == _kinds(result)
    info = [e for e in result.entries if e.kind is EntryKind.INFORMATION]
    assert [("133", Money("15.00"))] == [(e.reason, e.amount) for e in info]
    assert Money("15.00") == ledger.apply(result).balance(PCN, party=ACME)


def test_no_posting_date_raises(ledger: Ledger) -> None:
    remit = example_payment()
    undated = remit.model_copy(
        update={"payment": remit.payment.model_copy(update={"date": None}), "dates": ()}
    )
    with pytest.raises(ValidationError, match="pass on="):
        post(ledger, undated)
    assert 1 == post(ledger, undated, on=date(2025, 4, 2)).claims_posted


def test_result_round_trips_through_json(ledger: Ledger) -> None:
    result = post(ledger, example_payment())
    assert result == PostingResult.model_validate_json(result.model_dump_json())
    assert "LedgerEntry" in str(PostingResult.model_json_schema())


def test_errors_are_rcm_errors(ledger: Ledger) -> None:
    with pytest.raises(RcmError):
        ledger.add([ledger.entries[0]])


def _units_claim() -> Claim:
    base = professional_claim()
    lines = (
        base.lines[0],
        ServiceLine.model_validate(
            {**dict(base.lines[1]), "units": Decimal(4), "charge": Money("180.00")}
        ),
    )
    return Claim.model_validate({**dict(base), "lines": lines, "total_charge": Money("360.00")})


def test_a_line_paid_as_two_service_payments_goes_to_that_line(wrap: Wrap) -> None:
    claim = _units_claim()
    ledger = Ledger().bill(claim, on=date(2025, 3, 4))
    paid = adjudicate(
        claim,
        [LineDecision(allowed=Money("100.00")), LineDecision(allowed=Money("160.00"), split=True)],
        payer_claim_number="ICN-S",
    )
    assert 3 == len(paid.services)
    result = post(ledger, wrap(paid))
    assert [] == _kinds(result)
    assert {0: Money(0), 1: Money(0)} == ledger.apply(result).line_balances(claim.claim_id)


def test_two_lines_paid_as_one_are_split_by_charge(wrap: Wrap) -> None:
    claim = professional_claim()
    ledger = Ledger().bill(claim, on=date(2025, 3, 4))
    paid = adjudicate(
        claim,
        [LineDecision(allowed=Money("200.00")), LineDecision(bundle_into=0)],
        payer_claim_number="ICN-B",
    )
    assert 1 == len(paid.services)
    result = post(ledger, wrap(paid))
    assert [] == _kinds(result)
    after = ledger.apply(result)
    assert {0: Money(0), 1: Money(0)} == after.line_balances(claim.claim_id)
    payments = {e.line_index: e.amount for e in result.entries if e.kind is EntryKind.PAYMENT}
    assert {0: Money("-160.00"), 1: Money("-40.00")} == payments


def test_changed_code_with_svc06_and_dropped_modifier_match(
    wrap: Wrap, ledger: Ledger, payment: ClaimPayment
) -> None:
    office, lab = payment.services
    downcoded = office.model_copy(
        update={
            "procedure": Procedure(qualifier="HC", code="99212"),
            "original_procedure": Procedure(qualifier="HC", code="99213", modifiers=("25",)),
        }
    )
    dropped = lab.model_copy(update={"procedure": Procedure(qualifier="HC", code="36415")})
    claim = payment.model_copy(update={"services": (dropped, downcoded)})
    result = post(ledger, wrap(claim))
    assert [] == _kinds(result)
    lines = {e.line_index for e in result.entries if e.kind is EntryKind.PAYMENT}
    assert {0, 1} == lines
    assert {0: Money("20.00"), 1: Money("2.40")} == ledger.apply(result).line_balances(PCN)


def test_lines_paid_on_a_later_remittance(wrap: Wrap, ledger: Ledger) -> None:
    claim = ledger.account(PCN).claim
    decisions = [LineDecision(allowed=Money("100.00")), LineDecision(allowed=Money("12.00"))]
    first = adjudicate(claim, decisions, payer_claim_number="ICN-1", lines=[1])
    second = adjudicate(claim, decisions, payer_claim_number="ICN-2", lines=[0])
    ledger = ledger.apply(post(ledger, wrap(first, trace="A")))
    assert {0: Money("125.00"), 1: Money(0)} == ledger.line_balances(PCN)
    ledger = ledger.apply(post(ledger, wrap(second, trace="B")))
    assert {0: Money(0), 1: Money(0)} == ledger.line_balances(PCN)


def test_line_that_fits_two_different_lines_is_held(wrap: Wrap) -> None:
    base = professional_claim()
    twin = ServiceLine.model_validate({**dict(base.lines[0]), "charge": Money("150.00")})
    claim = Claim.model_validate(
        {**dict(base), "lines": (base.lines[0], twin), "total_charge": Money("330.00")}
    )
    ledger = Ledger().bill(claim, on=date(2025, 3, 4))
    paid = adjudicate(
        claim,
        [
            LineDecision(allowed=Money("100.00")),
            LineDecision(allowed=Money("100.00")),
        ],
        payer_claim_number="ICN-A",
    )
    # Two lines of 99214 on the same day: their charges tell them apart.
    assert [] == _kinds(post(ledger, wrap(paid)))
    same_charge = paid.model_copy(
        update={
            "services": tuple(
                s.model_copy(
                    update={
                        "charge": Money("165.00"),
                        "paid": Money("100.00"),
                        "adjustments": (
                            Adjustment(group="CO", reason="45", amount=Money("65.00")),
                        ),
                    }
                )
                for s in paid.services
            )
        }
    )
    result = post(ledger, wrap(same_charge))
    [issue, *_] = result.issues
    assert IssueKind.AMBIGUOUS_LINE == issue.kind
    assert (1, 2) == issue.candidates
    assert () == result.entries


def test_unmatched_line_is_held_or_posted_at_claim_level(
    wrap: Wrap, ledger: Ledger, payment: ClaimPayment
) -> None:
    office, lab = payment.services
    # A code no line bills, and no date to fall back on.
    stranger = lab.model_copy(
        update={"procedure": Procedure(qualifier="HC", code="80053"), "dates": ()}
    )
    claim = payment.model_copy(update={"services": (office, stranger)})
    held = post(ledger, wrap(claim))
    assert [IssueKind.UNMATCHED_LINE] == [i.kind for i in held.issues]
    assert 2 == held.issues[0].service_index
    assert () == held.entries
    posted = post(ledger, wrap(claim), policy=PostingPolicy(unmatched_lines="claim"))
    assert [IssueKind.UNMATCHED_LINE] == [i.kind for i in posted.issues]
    assert () == posted.held
    assert {e.line_index for e in posted.entries} == {0, None}


def test_secondary_claim_moves_the_patient_share_and_secondary_pays(ledger: Ledger) -> None:
    ledger = ledger.apply(post(ledger, example_payment()))
    secondary = from_encounter(
        office_visit(),
        fee_schedule=clinic_fees(),
        payer_order=1,
        adjudications=[PayerAdjudication(paid_amount=Money("89.60"), paid_date=date(2025, 3, 20))],
    )
    ledger = ledger.bill(secondary, on=date(2025, 3, 21))
    medicaid = secondary.coverage.payer.payer_id
    assert {ACME: Money(0), PATIENT: Money(0), medicaid: Money("22.40")} == ledger.balances(PCN)
    lines = [
        ("99213", ("25",), "125.00", "16.00", "4.00"),
        ("36415", (), "15.00", "2.40", "0.00"),
    ]
    services = []
    for code, modifiers, charge, paid, patient in lines:
        adjustments = [
            Adjustment(group="OA", reason="23", amount=Money(charge) - Money(paid) - Money(patient))
        ]
        if Money(patient):
            adjustments.append(Adjustment(group="PR", reason="2", amount=Money(patient)))
        services.append(payment_line(code, modifiers, charge, paid, tuple(adjustments)))
    claim_payment = ClaimPayment(
        patient_control_number=PCN,
        status="2",
        charge=Money("140.00"),
        paid=Money("18.40"),
        payer_claim_control_number="MCD-1",
        services=tuple(services),
    )
    from rcm._demo_payer import remittance

    remit = remittance(
        [claim_payment],
        payer_id=medicaid,
        payer_name="STATE MEDICAID",
        payee_npi="1234567893",
        payee_name="CLINIC",
        trace_number="M1",
        paid_on=date(2025, 4, 10),
    )
    result = post(ledger, remit)
    assert [] == _kinds(result)
    after = ledger.apply(result)
    assert {ACME: Money(0), PATIENT: Money("4.00"), medicaid: Money(0)} == after.balances(PCN)
    info = {e.reason for e in result.entries if e.kind is EntryKind.INFORMATION}
    assert {"23"} == info


def payment_line(code, modifiers, charge, paid, adjustments):  # type: ignore[no-untyped-def]
    from rcm.remit import DateReference, ServicePayment

    return ServicePayment(
        procedure=Procedure(qualifier="HC", code=code, modifiers=modifiers),
        charge=Money(charge),
        paid=Money(paid),
        dates=(DateReference(qualifier="472", date=date(2025, 3, 3)),),
        adjustments=adjustments,
    )
