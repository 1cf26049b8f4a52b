from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rcm.claims import (
    Adjustment,
    ClaimValidationError,
    Diagnosis,
    FeeSchedule,
    LineAdjudication,
    MissingPrice,
    PayerAdjudication,
    Procedure,
    from_encounter,
)
from rcm.claims.examples import (
    clinic_fees,
    hospital_fees,
    inpatient_stay,
    office_visit,
)
from rcm.dates import DateRange
from rcm.money import Money


def test_professional_claim_from_encounter() -> None:
    encounter = office_visit()
    claim = from_encounter(encounter, fee_schedule=clinic_fees())
    assert "professional" == claim.kind
    assert encounter.encounter_id == claim.claim_id
    assert encounter.coverages[0] == claim.coverage
    assert "P" == claim.responsibility
    assert "11" == claim.place_of_service
    # Highest charge first on the same day.
    assert ["99213", "36415"] == [line.procedure_code for line in claim.lines]
    # The principal diagnosis (the encounter's first) is diagnosis 1.
    assert ["E119", "I10"] == [dx.code for dx in claim.diagnoses]
    assert [(2, 1), (1,)] == [line.diagnosis_pointers for line in claim.lines]
    assert sum((line.charge for line in claim.lines), Money(0)) == claim.total_charge
    # The secondary coverage is the other payer.
    assert [("S", "77027")] == [
        (o.responsibility, o.coverage.payer.payer_id) for o in claim.other_payers
    ]


def test_charges_multiply_by_units_and_round_half_up() -> None:
    encounter = office_visit().evolve(
        procedures=(Procedure(code="J1100", units=Decimal("2.5"), diagnoses=("E119",)),)
    )
    fees = FeeSchedule.from_entries({"J1100": Money("0.99")})
    claim = from_encounter(encounter, fee_schedule=fees)
    # 0.99 * 2.5 = 2.475 -> 2.48
    assert Money("2.48") == claim.lines[0].charge


def test_lines_are_ordered_by_date_then_charge() -> None:
    day1 = DateRange.single(date(2025, 3, 3))
    day2 = DateRange.single(date(2025, 3, 4))
    encounter = office_visit().evolve(
        service_period=DateRange(date(2025, 3, 3), date(2025, 3, 4)),
        procedures=(
            Procedure(code="99212", diagnoses=("E119",), service_date=day2),
            Procedure(code="36415", diagnoses=("E119",), service_date=day1),
            Procedure(code="99214", diagnoses=("I10",), service_date=day1),
        ),
    )
    claim = from_encounter(encounter, fee_schedule=clinic_fees())
    assert ["99214", "36415", "99212"] == [line.procedure_code for line in claim.lines]
    assert [day1, day1, day2] == [line.service_date for line in claim.lines]


def test_missing_price_names_the_procedure() -> None:
    encounter = office_visit().evolve(
        procedures=(
            Procedure(code="99213", diagnoses=("E119",)),
            Procedure(code="99215", diagnoses=("E119",)),
        )
    )
    with pytest.raises(MissingPrice) as info:
        from_encounter(encounter, fee_schedule=clinic_fees())
    assert "99215" == info.value.code
    assert "procedures[1]" == info.value.field


def test_procedure_without_diagnosis() -> None:
    encounter = office_visit().evolve(procedures=(Procedure(code="99213"),))
    with pytest.raises(ClaimValidationError, match="supports no diagnosis"):
        from_encounter(encounter, fee_schedule=clinic_fees())


def test_more_than_four_diagnoses_for_a_line() -> None:
    dxs = tuple(Diagnosis(code=c) for c in ("E119", "I10", "J209", "R059", "M545"))
    encounter = office_visit().evolve(
        diagnoses=dxs,
        procedures=(Procedure(code="99213", diagnoses=tuple(d.code for d in dxs)),),
    )
    with pytest.raises(ClaimValidationError, match="at most 4"):
        from_encounter(encounter, fee_schedule=clinic_fees())


def test_unreferenced_diagnoses_past_twelve_are_left_off() -> None:
    codes = ["E119", "I10", "J209", "R059", "M545", "A000", "A001", "A009", "A020", "A021"]
    codes += ["A022", "A028", "A029", "A030"]
    encounter = office_visit().evolve(
        diagnoses=tuple(Diagnosis(code=c) for c in codes),
        procedures=(Procedure(code="99213", diagnoses=("A030", "I10")),),
    )
    claim = from_encounter(encounter, fee_schedule=clinic_fees())
    assert 12 == len(claim.diagnoses)
    assert ["E119", "A030", "I10"] == [dx.code for dx in claim.diagnoses[:3]]
    assert (2, 3) == claim.lines[0].diagnosis_pointers


def test_payer_order_and_adjudications() -> None:
    encounter = office_visit()
    with pytest.raises(ClaimValidationError, match="adjudication"):
        from_encounter(encounter, fee_schedule=clinic_fees(), payer_order="secondary")
    with pytest.raises(ClaimValidationError, match="names no coverage"):
        from_encounter(encounter, fee_schedule=clinic_fees(), payer_order=2)
    with pytest.raises(ClaimValidationError, match="primary"):
        from_encounter(encounter, fee_schedule=clinic_fees(), payer_order="fourth")  # type: ignore[arg-type]

    primary_id = encounter.coverages[0].payer.payer_id
    line_adjs = (
        LineAdjudication(
            payer_id=primary_id,
            paid_amount=Money("10.00"),
            procedure_code="36415",
            units=Decimal(1),
            paid_date=date(2025, 4, 1),
            adjustments=(Adjustment(group="PR", reason="2", amount=Money("5.00")),),
        ),
        LineAdjudication(
            payer_id=primary_id,
            paid_amount=Money("100.00"),
            procedure_code="99213",
            modifiers=("25",),
            units=Decimal(1),
            paid_date=date(2025, 4, 1),
            adjustments=(Adjustment(group="PR", reason="1", amount=Money("25.00")),),
        ),
    )
    adjudication = PayerAdjudication(
        paid_amount=Money("110.00"),
        paid_date=date(2025, 4, 1),
        claim_control_number="PRI000555",
        lines=line_adjs,
    )
    claim = from_encounter(
        encounter,
        fee_schedule=clinic_fees(),
        payer_order="secondary",
        adjudications=[adjudication],
    )
    assert "S" == claim.responsibility
    assert encounter.coverages[1] == claim.coverage
    (primary,) = claim.other_payers
    assert ("P", Money("110.00"), "PRI000555") == (
        primary.responsibility,
        primary.paid_amount,
        primary.claim_control_number,
    )
    # Line adjudications follow their procedures through the reordering.
    assert [("99213", Money("100.00")), ("36415", Money("10.00"))] == [
        (line.adjudications[0].procedure_code, line.adjudications[0].paid_amount)
        for line in claim.lines
    ]


def test_institutional_claim_from_encounter() -> None:
    encounter = inpatient_stay()
    claim = from_encounter(encounter, fee_schedule=hospital_fees())
    assert "institutional" == claim.kind
    assert "0111" == claim.type_of_bill
    assert encounter.service_period == claim.statement_period
    assert ["0120", "0300", "0360"] == [line.revenue_code for line in claim.lines]
    # Room and board: 2 days at 1800.
    assert Money("3600.00") == claim.lines[0].charge
    assert claim.lines[0].service_date is None
    assert encounter.diagnoses == claim.diagnoses
    assert "Y" == claim.diagnoses[0].present_on_admission
    assert encounter.inpatient_procedures == claim.procedures
    assert Money("13185.00") == claim.total_charge


def test_institutional_procedure_needs_a_revenue_code() -> None:
    encounter = inpatient_stay().evolve(procedures=(Procedure(code="80053"),))
    with pytest.raises(ClaimValidationError, match="revenue code"):
        from_encounter(encounter, fee_schedule=hospital_fees())


def test_replacement_claim_from_encounter() -> None:
    encounter = office_visit().evolve(frequency_code="7", original_claim_number="PAYERCLM1")
    claim = from_encounter(encounter, fee_schedule=clinic_fees())
    assert ("7", "PAYERCLM1") == (claim.frequency_code, claim.original_claim_number)
