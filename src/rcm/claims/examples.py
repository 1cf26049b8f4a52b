"""Small, made-up encounters, claims and fee schedules to try rcm.claims with.

Every person, number and address here is invented (NPIs have valid check
digits but belong to no one). The docs and doctests use them; so can you.

Example:
    >>> from rcm.claims import from_encounter
    >>> from rcm.claims.examples import clinic_fees, office_visit
    >>> from_encounter(office_visit(), fee_schedule=clinic_fees()).total_charge
    Money('140.00')
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from rcm.claims._build import from_encounter
from rcm.claims._claim import (
    Claim,
    Diagnosis,
    InpatientProcedure,
    Occurrence,
    ServiceLine,
    ValueCode,
)
from rcm.claims._encounter import Encounter, Procedure
from rcm.claims._fees import FeeSchedule
from rcm.claims._parties import Address, Coverage, Patient, Payer, Provider, Subscriber
from rcm.dates import DateRange
from rcm.money import Money

__all__ = [
    "clinic_fees",
    "hospital_fees",
    "inpatient_stay",
    "institutional_claim",
    "office_visit",
    "professional_claim",
]


def _patient() -> Patient:
    return Patient(
        last_name="SAMPLE",
        first_name="PAT",
        birth_date=date(1970, 4, 12),
        sex="F",
        address=Address(line1="12 ELM ST", city="SPRINGFIELD", state="IL", postal_code="62701"),
    )


def _clinic() -> Provider:
    return Provider(
        name="SPRINGFIELD FAMILY CLINIC",
        npi="1234567893",
        taxonomy="207Q00000X",
        tax_id="123456789",
        address=Address(
            line1="100 MAIN ST", city="SPRINGFIELD", state="IL", postal_code="627011234"
        ),
    )


def _coverages(patient: Patient) -> tuple[Coverage, ...]:
    primary = Coverage(
        payer=Payer(name="ACME HEALTH PLAN", payer_id="60054"),
        subscriber=Subscriber.from_patient(patient, member_id="ACM000123401"),
        relationship="18",
        filing_indicator="CI",
        group_number="GRP7788",
    )
    secondary = Coverage(
        payer=Payer(name="STATE MEDICAID", payer_id="77027"),
        subscriber=Subscriber.from_patient(patient, member_id="MCD99887766"),
        relationship="18",
        filing_indicator="MC",
    )
    return (primary, secondary)


def office_visit() -> Encounter:
    """An office visit with a blood draw: two diagnoses, two procedures, two coverages.

    Example:
        >>> office_visit().service_period.start
        datetime.date(2025, 3, 3)
    """
    patient = _patient()
    return Encounter(
        encounter_id="ENC0000001",
        patient=patient,
        coverages=_coverages(patient),
        billing_provider=_clinic(),
        rendering_provider=Provider(
            name="HOUSE",
            first_name="GREG",
            entity="person",
            npi="1999999992",
            taxonomy="207Q00000X",
        ),
        service_period=DateRange.single(date(2025, 3, 3)),
        place_of_service="11",
        diagnoses=(Diagnosis(code="E11.9"), Diagnosis(code="I10")),
        procedures=(
            Procedure(code="36415", diagnoses=("E11.9",)),
            Procedure(code="99213", modifiers=("25",), diagnoses=("I10", "E11.9")),
        ),
    )


def clinic_fees() -> FeeSchedule:
    """The clinic's charges for the codes :func:`office_visit` uses, and a few more.

    Example:
        >>> clinic_fees().price("99213")
        Money('125.00')
    """
    return FeeSchedule.from_entries(
        {
            "99212": Money("90.00"),
            "99213": Money("125.00"),
            "99214": Money("180.00"),
            "36415": Money("15.00"),
            "93000": Money("60.00"),
            ("93000", ("26",)): Money("25.00"),
            "J1100": Money("12.50"),
        },
        name="clinic 2025",
    )


def professional_claim() -> Claim:
    """A two-line professional claim built directly (no fee schedule).

    Example:
        >>> professional_claim().lines[0].procedure_code
        '99214'
    """
    patient = _patient()
    day = DateRange.single(date(2025, 3, 3))
    return Claim(
        kind="professional",
        claim_id="CLM0000001",
        billing_provider=_clinic(),
        coverage=_coverages(patient)[0],
        patient=patient,
        total_charge=Money("225.00"),
        place_of_service="11",
        diagnoses=(Diagnosis(code="J20.9"), Diagnosis(code="R05.9")),
        lines=(
            ServiceLine(
                procedure_code="99214",
                charge=Money("180.00"),
                service_date=day,
                diagnosis_pointers=(1, 2),
            ),
            ServiceLine(
                procedure_code="71046",
                charge=Money("45.00"),
                service_date=day,
                diagnosis_pointers=(2,),
            ),
        ),
    )


def _hospital() -> Provider:
    return Provider(
        name="SPRINGFIELD GENERAL HOSPITAL",
        npi="1456789019",
        taxonomy="282N00000X",
        tax_id="987654321",
        address=Address(
            line1="900 OAK AVE", city="SPRINGFIELD", state="IL", postal_code="627025555"
        ),
    )


def inpatient_stay() -> Encounter:
    """A three-day inpatient stay: room and board, a lab test, a procedure.

    Example:
        >>> inpatient_stay().service_period.days
        3
    """
    patient = _patient()
    stay = DateRange(date(2025, 3, 1), date(2025, 3, 3))
    return Encounter(
        encounter_id="ADM0000042",
        patient=patient,
        coverages=_coverages(patient)[:1],
        billing_provider=_hospital(),
        attending_provider=Provider(
            name="WELBY",
            first_name="MARCUS",
            entity="person",
            npi="1678901236",
            taxonomy="207R00000X",
        ),
        service_period=stay,
        facility_type="11",
        admission_date=date(2025, 3, 1),
        admission_time=time(14, 0),
        discharge_time=time(10, 0),
        admission_type="1",
        admission_source="7",
        discharge_status="01",
        diagnoses=(
            Diagnosis(code="K35.80", present_on_admission="Y"),
            Diagnosis(code="E11.9", present_on_admission="Y"),
        ),
        admitting_diagnosis=Diagnosis(code="R10.31"),
        procedures=(
            Procedure(revenue_code="0120", units=Decimal(2), unit_basis="DA"),
            Procedure(revenue_code="0300", code="80053", service_date=DateRange.single(stay.start)),
            Procedure(revenue_code="0360", service_date=DateRange.single(date(2025, 3, 2))),
        ),
        inpatient_procedures=(InpatientProcedure(code="0DTJ4ZZ", date=date(2025, 3, 2)),),
        occurrences=(Occurrence(code="11", date=date(2025, 2, 28)),),
        value_codes=(ValueCode(code="80", amount=Money("2.00")),),
    )


def hospital_fees() -> FeeSchedule:
    """The hospital's charge master for :func:`inpatient_stay`.

    Example:
        >>> hospital_fees().price("0120")
        Money('1800.00')
    """
    return FeeSchedule.from_entries(
        {
            "0120": Money("1800.00"),
            "0360": Money("9500.00"),
            "80053": Money("85.00"),
        },
        name="charge master 2025",
    )


def institutional_claim() -> Claim:
    """The institutional claim for :func:`inpatient_stay` to its only payer.

    Example:
        >>> institutional_claim().total_charge
        Money('13185.00')
    """
    return from_encounter(inpatient_stay(), fee_schedule=hospital_fees())
