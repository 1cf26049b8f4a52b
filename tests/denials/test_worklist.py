from __future__ import annotations

from datetime import date

from rcm._demo_payer import LineDecision, adjudicate, remittance
from rcm.claims.examples import clinic_fees
from rcm.edits.families.ptp import PTP001
from rcm.money import Money
from rcm.remit import ClaimPayment
from rcm.remit.denials import (
    MEDICARE_APPEALS,
    Action,
    Appeal,
    DenialCategory,
    PayerPolicy,
    Worklist,
    worklist,
)
from rcm.remit.denials._examples import example_denial, example_denied_ledger
from rcm.remit.posting import Ledger, post, write_off
from rcm.remit.posting._examples import example_ledger

PCN = "ENC0000001"
ACME = "60054"
AS_OF = date(2025, 4, 30)


def _remit(*payments: ClaimPayment, trace: str, paid_on: date) -> object:
    return remittance(
        payments,
        payer_id=ACME,
        payer_name="ACME",
        payee_npi="1234567893",
        payee_name="CLINIC",
        trace_number=trace,
        paid_on=paid_on,
    )


def _post(
    ledger: Ledger,
    decisions: list[LineDecision],
    *,
    trace: str,
    paid_on: date,
    icn: str = "ICN-X",
    lines: list[int] | None = None,
) -> Ledger:
    claim = ledger.account(PCN).claim
    payment = adjudicate(claim, decisions, payer_claim_number=icn, lines=lines)
    result = post(ledger, _remit(payment, trace=trace, paid_on=paid_on))  # type: ignore[arg-type]
    assert () == result.held
    return ledger.apply(result)


def test_denial_item_has_category_action_deadline_and_amount() -> None:
    work = worklist(example_denied_ledger(), as_of=AS_OF)
    [item] = work.items
    assert ("denial", 0, ACME, "99213") == (
        item.kind,
        item.line_index,
        item.payer,
        item.procedure_code,
    )
    assert (DenialCategory.AUTHORIZATION, Action.APPEAL, Appeal.YES) == (
        item.category,
        item.action,
        item.appeal,
    )
    assert (date(2025, 3, 20), date(2025, 9, 16), 139) == (
        item.remitted_on,
        item.deadline,
        item.days_left,
    )
    assert Money("125.00") == item.amount_at_risk == work.total_at_risk


def test_nothing_leaks_from_after_the_as_of_date() -> None:
    assert () == worklist(example_denied_ledger(), as_of=date(2025, 3, 19)).items


def test_payer_policy_sets_the_deadline() -> None:
    work = worklist(example_denied_ledger(), as_of=AS_OF, policies={ACME: MEDICARE_APPEALS})
    assert date(2025, 7, 18) == work.items[0].deadline
    assert work.items[0].expired is False
    late = worklist(
        example_denied_ledger(), as_of=date(2025, 8, 1), policies={ACME: MEDICARE_APPEALS}
    )
    assert late.items[0].expired


def test_denial_paid_on_appeal_leaves_the_worklist() -> None:
    ledger = example_denied_ledger()
    ledger = _post(
        ledger,
        [LineDecision(allowed=Money("100.00")), LineDecision(allowed=Money(0))],
        trace="APPEAL1",
        paid_on=date(2025, 5, 15),
        icn="ICN-APPEAL",
        lines=[0],
    )
    assert () == worklist(ledger, as_of=date(2025, 5, 31)).items
    # As of before the appeal was paid, the denial was open.
    assert 1 == len(worklist(ledger, as_of=date(2025, 5, 14)).items)


def test_written_off_denial_leaves_the_worklist() -> None:
    ledger = example_denied_ledger()
    entry = write_off(
        ledger, PCN, Money("125.00"), party=ACME, on=date(2025, 5, 1), line_index=0, reason="197"
    )
    ledger = ledger.add([entry])
    assert () == worklist(ledger, as_of=date(2025, 5, 2)).items
    partly = example_denied_ledger().add(
        [
            write_off(
                example_denied_ledger(),
                PCN,
                Money("100.00"),
                party=ACME,
                on=date(2025, 5, 1),
                line_index=0,
            )
        ]
    )
    assert Money("25.00") == worklist(partly, as_of=date(2025, 5, 2)).total_at_risk


def test_prediction_ties_back_and_refines_the_action() -> None:
    ledger = example_ledger()
    ledger = _post(
        ledger,
        [LineDecision(allowed=Money("100.00")), LineDecision(denial=("CO", "97", ("M15",)))],
        trace="B1",
        paid_on=date(2025, 3, 20),
    )
    plain = worklist(ledger, as_of=AS_OF).items[0]
    assert (DenialCategory.BUNDLING, Action.CORRECT_AND_RESUBMIT, Appeal.DEPENDS, None) == (
        plain.category,
        plain.action,
        plain.appeal,
        plain.predicted_by,
    )
    finding = PTP001.finding(lines=(0, 1), column1="99213", column2="36415", mi="0")
    tied = worklist(ledger, as_of=AS_OF, findings={PCN: [finding]}).items[0]
    assert (DenialCategory.BUNDLING, Action.WRITE_OFF, Appeal.NO, "PTP001") == (
        tied.category,
        tied.action,
        tied.appeal,
        tied.predicted_by,
    )
    assert tied.deadline is None


def test_underpayment_against_the_contract() -> None:
    ledger = example_ledger()
    # Contract: 99213 at 125.00 (clinic_fees); the payer allowed 100.00.
    ledger = _post(
        ledger,
        [
            LineDecision(allowed=Money("100.00"), coinsurance=Money("20.00")),
            LineDecision(allowed=Money("15.00")),
        ],
        trace="U1",
        paid_on=date(2025, 3, 20),
    )
    work = worklist(ledger, as_of=AS_OF, contracts={ACME: clinic_fees()})
    [item] = work.items
    assert ("underpayment", 0, Money("25.00"), Action.APPEAL) == (
        item.kind,
        item.line_index,
        item.amount_at_risk,
        item.action,
    )
    assert "allowed 100.00" in item.note
    assert () == worklist(ledger, as_of=AS_OF).items


def test_ranking_puts_urgent_money_first_and_expired_last() -> None:
    ledger = example_ledger()
    ledger = _post(
        ledger,
        [LineDecision(denial=("CO", "197", ())), LineDecision(denial=("CO", "16", ("M76",)))],
        trace="R1",
        paid_on=date(2025, 3, 20),
    )
    short = PayerPolicy(appeal_days=45)
    work = worklist(ledger, as_of=AS_OF, default_policy=short)
    # 99213 (125.00): appeal by 2025-05-04, 4 days left; 36415 (15.00): a corrected
    # claim within 365 days of service.
    assert [("99213", 4), ("36415", 307)] == [(i.procedure_code, i.days_left) for i in work.items]
    later = worklist(ledger, as_of=date(2025, 6, 1), default_policy=short)
    assert ["36415", "99213"] == [i.procedure_code for i in later.items]
    assert later.items[-1].expired
    assert {"authorization": Money("125.00"), "coding": Money("15.00")} == work.by_category()


def test_worklist_round_trips_through_json() -> None:
    work = worklist(example_denied_ledger(), as_of=AS_OF)
    assert work == Worklist.model_validate_json(work.model_dump_json())
    assert PCN not in repr(work.items[0])


def test_reversed_denial_is_gone() -> None:
    from rcm._demo_payer import reversal_of

    ledger = example_denied_ledger()
    denied = example_denial().claims[0]
    result = post(ledger, _remit(reversal_of(denied), trace="REV", paid_on=date(2025, 4, 2)))  # type: ignore[arg-type]
    ledger = ledger.apply(result)
    assert () == worklist(ledger, as_of=AS_OF).items
