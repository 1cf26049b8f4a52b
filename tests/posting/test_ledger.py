from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from rcm._demo_payer import LineDecision, adjudicate
from rcm.claims import Claim, ServiceLine
from rcm.claims.examples import professional_claim
from rcm.errors import InvalidAmount, ValidationError
from rcm.money import Money
from rcm.remit import DateReference, Procedure, Reference, Remittance, ServicePayment
from rcm.remit.posting import (
    PATIENT,
    EntryKind,
    Ledger,
    LedgerEntry,
    match_lines,
    patient_payment,
    post,
    reverse,
    transfer,
    write_off,
)
from rcm.remit.posting._examples import example_payment

PCN = "ENC0000001"
ACME = "60054"

Wrap = Callable[..., Remittance]


def test_bill_writes_one_charge_per_line_owed_by_the_payer() -> None:
    claim = professional_claim()
    ledger = Ledger().bill(claim, on=date(2025, 3, 4), clean=False)
    assert [(0, Money("180.00"), ACME), (1, Money("45.00"), ACME)] == [
        (e.line_index, e.amount, e.party) for e in ledger
    ]
    assert all(e.kind is EntryKind.CHARGE for e in ledger)
    assert (False,) == tuple(b.clean for b in ledger.account(claim.claim_id).bills)


def test_replacement_reverses_old_charges_and_charges_the_new_lines() -> None:
    claim = professional_claim()
    ledger = Ledger().bill(claim, on=date(2025, 3, 4))
    fixed_line = ServiceLine.model_validate({**dict(claim.lines[1]), "charge": Money("55.00")})
    replacement = Claim.model_validate(
        {
            **dict(claim),
            "frequency_code": "7",
            "original_claim_number": "ICN-1",
            "lines": (claim.lines[0], fixed_line),
            "total_charge": Money("235.00"),
        }
    )
    ledger = ledger.bill(replacement, on=date(2025, 3, 10))
    assert Money("235.00") == ledger.balance(claim.claim_id)
    assert {0: Money("180.00"), 1: Money("55.00")} == ledger.line_balances(claim.claim_id)
    assert replacement == ledger.account(claim.claim_id).claim
    assert Money("225.00") == ledger.balance(claim.claim_id, as_of=date(2025, 3, 9))


def test_void_of_an_unknown_claim_is_refused() -> None:
    claim = professional_claim()
    void = Claim.model_validate(
        {**dict(claim), "frequency_code": "8", "original_claim_number": "ICN-1"}
    )
    with pytest.raises(ValidationError, match="never billed"):
        Ledger().bill(void, on=date(2025, 3, 4))


def test_add_refuses_repeated_ids_and_unbilled_claims(ledger: Ledger) -> None:
    with pytest.raises(ValidationError, match="already in the ledger"):
        ledger.add([ledger.entries[0]])
    stray = LedgerEntry(
        "x1", EntryKind.PAYMENT, Money("-1.00"), ACME, date(2025, 1, 1), claim_id="OTHER"
    )
    with pytest.raises(ValidationError, match="no bill"):
        ledger.add([stray])
    with pytest.raises(ValidationError, match="LedgerEntry"):
        ledger.add(["not an entry"])  # type: ignore[list-item]


def test_ledger_is_immutable_and_from_history_rebuilds_it(ledger: Ledger) -> None:
    before = ledger
    after = ledger.apply(post(ledger, example_payment()))
    assert len(before) == 2
    assert len(after) == 10
    bills = [bill for account in after.accounts.values() for bill in account.bills]
    rebuilt = Ledger.from_history(bills, after.entries)
    assert rebuilt == after
    assert post(rebuilt, example_payment()).already_posted
    assert rebuilt.claim_for_payer_number("ACM2503200001") == PCN


def test_manual_entries(ledger: Ledger) -> None:
    ledger = ledger.apply(post(ledger, example_payment()))
    paid = patient_payment(ledger, PCN, Money("20.00"), on=date(2025, 4, 2), reference="R1")
    ledger = ledger.add([paid])
    small = write_off(ledger, PCN, Money("2.40"), party=PATIENT, on=date(2025, 4, 3))
    ledger = ledger.add([small])
    assert {ACME: Money(0), PATIENT: Money(0)} == ledger.balances(PCN)
    undo = reverse(ledger, small, on=date(2025, 4, 4))
    ledger = ledger.add([undo])
    assert Money("2.40") == ledger.balance(PCN, party=PATIENT)
    with pytest.raises(ValidationError, match="already reversed"):
        reverse(ledger, small, on=date(2025, 4, 5))
    moved = transfer(
        ledger, PCN, Money("2.40"), from_party=PATIENT, to_party="77027", on=date(2025, 4, 5)
    )
    ledger = ledger.add(moved)
    assert {ACME: Money(0), PATIENT: Money(0), "77027": Money("2.40")} == ledger.balances(PCN)


@pytest.mark.parametrize("amount", [Money(0), Money("-1.00")])
def test_manual_amounts_must_be_positive(ledger: Ledger, amount: Money) -> None:
    with pytest.raises(InvalidAmount):
        write_off(ledger, PCN, amount, party=ACME, on=date(2025, 4, 1))
    with pytest.raises(InvalidAmount):
        patient_payment(ledger, PCN, amount, on=date(2025, 4, 1))


def test_manual_entries_need_a_billed_claim_and_two_parties(ledger: Ledger) -> None:
    with pytest.raises(ValidationError, match="never billed"):
        write_off(ledger, "NOPE", Money(1), party=ACME, on=date(2025, 4, 1))
    with pytest.raises(ValidationError, match="two different parties"):
        transfer(ledger, PCN, Money(1), from_party=ACME, to_party=ACME, on=date(2025, 4, 1))
    foreign = LedgerEntry("zz", EntryKind.CHARGE, Money(1), ACME, date(2025, 1, 1), claim_id=PCN)
    with pytest.raises(ValidationError, match="not a claim entry"):
        reverse(ledger, foreign, on=date(2025, 4, 1))


def test_entry_json_round_trip_and_repr_masks_the_claim() -> None:
    entry = LedgerEntry(
        "e",
        EntryKind.COPAY,
        Money("25.00"),
        PATIENT,
        date(2025, 1, 2),
        claim_id="ACCOUNT-991",
        remarks=("N130",),
        group="PR",
        reason="3",
    )
    assert entry == LedgerEntry.from_dict(entry.to_dict())
    assert "ACCOUNT-991" not in repr(entry)
    with pytest.raises(ValueError):  # noqa: PT011 - an unknown kind
        LedgerEntry.from_dict({**entry.to_dict(), "kind": "bogus"})


def _svc(
    code: str, charge: str, *, control: str | None = None, day: date | None = None
) -> ServicePayment:
    return ServicePayment(
        procedure=Procedure(qualifier="HC", code=code),
        charge=Money(charge),
        paid=Money(0),
        references=(Reference(qualifier="6R", value=control),) if control else (),
        dates=(DateReference(qualifier="472", date=day),) if day else (),
    )


def test_control_number_beats_the_procedure() -> None:
    lines = tuple(
        ServiceLine.model_validate({**dict(line), "line_control_number": f"L{i}"})
        for i, line in enumerate(professional_claim().lines)
    )
    # The payer sends the second line's control number with the first line's code.
    matches, problems = match_lines(lines, [_svc("99214", "45.00", control="L1")])
    assert () == problems
    assert [((1,), "control number")] == [(m.lines, m.how) for m in matches]


def test_changed_code_without_svc06_falls_back_to_charge_and_date() -> None:
    lines = professional_claim().lines
    matches, problems = match_lines(lines, [_svc("71045", "45.00", day=date(2025, 3, 3))])
    assert () == problems
    assert [((1,), "charge and date")] == [(m.lines, m.how) for m in matches]


def test_wrong_date_does_not_match() -> None:
    lines = professional_claim().lines
    matches, problems = match_lines(lines, [_svc("71046", "45.00", day=date(2025, 4, 3))])
    assert () == matches
    assert ["unmatched"] == [p.kind for p in problems]


def test_adjudicated_line_later_prefers_unpaid_lines(wrap: Wrap) -> None:
    claim = professional_claim()
    two = Claim.model_validate(
        {**dict(claim), "lines": (claim.lines[1], claim.lines[1]), "total_charge": Money("90.00")}
    )
    ledger = Ledger().bill(two, on=date(2025, 3, 4))
    decisions = [LineDecision(allowed=Money("40.00")), LineDecision(allowed=Money("40.00"))]
    first = adjudicate(two, decisions, payer_claim_number="I1", lines=[0])
    second = adjudicate(two, decisions, payer_claim_number="I2", lines=[1])
    ledger = ledger.apply(post(ledger, wrap(first, trace="A")))
    ledger = ledger.apply(post(ledger, wrap(second, trace="B")))
    assert {0: Money(0), 1: Money(0)} == ledger.line_balances(two.claim_id)
