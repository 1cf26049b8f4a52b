from __future__ import annotations

from datetime import date

import pytest

from rcm.claims import Claim, from_encounter
from rcm.claims.examples import clinic_fees, office_visit
from rcm.errors import ValidationError
from rcm.money import Money
from rcm.patient import Statement, patient_balance, patient_keys, statement
from rcm.patient._examples import example_patient_ledger
from rcm.remit.posting import PATIENT, Ledger, patient_payment, transfer, write_off

PCN = "ENC0000001"


def _key(ledger: Ledger) -> str:
    return ledger.account(PCN).patient_key


def test_statement_lines_show_insurance_and_patient_columns() -> None:
    ledger = example_patient_ledger()
    s = statement(ledger, _key(ledger), on=date(2025, 3, 31))
    first, second = s.lines
    assert (Money("125.00"), Money("80.00"), Money("25.00"), Money("20.00"), Money("20.00")) == (
        first.charge,
        first.insurance_paid,
        first.insurance_adjusted,
        first.coinsurance,
        first.balance,
    )
    assert (Money("15.00"), Money("9.60"), Money("3.00"), Money("2.40")) == (
        second.charge,
        second.insurance_paid,
        second.insurance_adjusted,
        second.balance,
    )
    assert Money("22.40") == s.amount_due == patient_balance(ledger, _key(ledger))
    assert date(2025, 4, 30) == s.due_date
    assert (Money("22.40"), Money(0), Money(0), Money(0), Money(0)) == s.aging


def test_statement_ages_from_when_the_patient_owed() -> None:
    ledger = example_patient_ledger()
    s = statement(ledger, _key(ledger), on=date(2025, 6, 30), due_in_days=15)
    # Owed since the remittance of 2025-03-20: 102 days.
    assert Money("22.40") == s.aging[3]
    assert date(2025, 7, 15) == s.due_date


def test_payments_and_write_offs_show_and_reduce_the_balance() -> None:
    ledger = example_patient_ledger()
    ledger = ledger.add(
        [patient_payment(ledger, PCN, Money("20.00"), on=date(2025, 4, 5), line_index=0)]
    )
    ledger = ledger.add(
        [
            write_off(
                ledger,
                PCN,
                Money("2.40"),
                party=PATIENT,
                on=date(2025, 4, 6),
                line_index=1,
                memo="small balance",
            )
        ]
    )
    s = statement(ledger, _key(ledger), on=date(2025, 4, 30))
    assert [(Money("20.00"), Money(0), Money(0)), (Money(0), Money("2.40"), Money(0))] == [
        (line.patient_paid, line.patient_adjusted, line.balance) for line in s.lines
    ]
    assert Money(0) == s.amount_due
    assert () == patient_keys(ledger, as_of=date(2025, 4, 30))
    assert 1 == len(patient_keys(ledger, as_of=date(2025, 4, 5)))


def test_later_entries_are_not_on_an_earlier_statement() -> None:
    ledger = example_patient_ledger()
    assert () == statement(ledger, _key(ledger), on=date(2025, 3, 19)).lines
    ledger = ledger.add([patient_payment(ledger, PCN, Money("5.00"), on=date(2025, 5, 1))])
    assert Money("22.40") == statement(ledger, _key(ledger), on=date(2025, 4, 30)).amount_due


def test_one_statement_for_several_claims_of_a_patient() -> None:
    ledger = example_patient_ledger()
    other = from_encounter(office_visit(), fee_schedule=clinic_fees(), claim_id="ENC0000002")
    ledger = ledger.bill(other, on=date(2025, 3, 10))
    moved = transfer(
        ledger,
        "ENC0000002",
        Money("15.00"),
        from_party="60054",
        to_party=PATIENT,
        on=date(2025, 3, 25),
        line_index=1,
    )
    ledger = ledger.add(moved)
    s = statement(ledger, _key(ledger), on=date(2025, 3, 31))
    assert 3 == len(s.lines)
    assert Money("37.40") == s.amount_due


def test_claim_moved_to_the_secondary_shows_as_adjusted() -> None:
    ledger = example_patient_ledger()
    moved = transfer(
        ledger,
        PCN,
        Money("20.00"),
        from_party=PATIENT,
        to_party="77027",
        on=date(2025, 3, 25),
        line_index=0,
    )
    s = statement(ledger.add(moved), _key(ledger), on=date(2025, 3, 31))
    assert Money("20.00") == s.lines[0].patient_adjusted
    assert Money("2.40") == s.amount_due


def test_phi_is_on_the_statement_text_but_not_in_repr() -> None:
    ledger = example_patient_ledger()
    s = statement(ledger, _key(ledger), on=date(2025, 3, 31))
    assert "PAT SAMPLE" in s.text()
    assert "SAMPLE" not in repr(s)
    assert PCN not in repr(s.lines[0])
    assert s == Statement.model_validate_json(s.model_dump_json())


def test_unknown_patient_and_bad_due_days() -> None:
    ledger = example_patient_ledger()
    with pytest.raises(ValidationError, match="patient key"):
        statement(ledger, "nobody", on=date(2025, 3, 31))
    with pytest.raises(ValidationError, match="due_in_days"):
        statement(ledger, _key(ledger), on=date(2025, 3, 31), due_in_days=-1)


def test_patient_key_prefers_the_medical_record_number() -> None:
    claim = from_encounter(office_visit(), fee_schedule=clinic_fees())
    with_mrn = Claim.model_validate({**dict(claim), "medical_record_number": "MRN-77"})
    ledger = Ledger().bill(with_mrn, on=date(2025, 3, 4))
    assert "MRN-77" == ledger.account(claim.claim_id).patient_key
