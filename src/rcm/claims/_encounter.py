"""An encounter: what happened, coded, before it becomes a claim for one payer."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import Field, StringConstraints, ValidationInfo, model_validator

from rcm.claims._base import ClaimModel
from rcm.claims._claim import (
    ClaimKind,
    Diagnosis,
    Drug,
    InpatientProcedure,
    Occurrence,
    OccurrenceSpan,
    ValueCode,
    _procedure,
)
from rcm.claims._errors import ClaimValidationError
from rcm.claims._parties import (
    Coverage,
    ModifierCode,
    Patient,
    PosCode,
    Provider,
    Ref50,
    RevenueCode,
)
from rcm.dates import DateRange

__all__ = ["Encounter", "Procedure"]

_Positive = Annotated[Decimal, Field(gt=0, max_digits=15)]
_Code2 = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{2}$", to_upper=True)]


_SELF_MISMATCH = (
    "the relationship is 18 (self) but the subscriber's name, birth date, sex or address "
    "differ from the patient's"
)


def _compact_dx(value: str) -> str:
    return value.strip().upper().replace(".", "").replace(" ", "")


class Procedure(ClaimModel):
    """A service performed in an encounter: one future service line.

    Attributes:
        code: the CPT or HCPCS code; may be left out on institutional
            encounters for a revenue-code-only line (room and board).
        modifiers: up to four modifiers, in order.
        units: how many units were given.
        unit_basis: ``UN`` units, ``MJ`` minutes (anesthesia), ``DA`` days.
        diagnoses: the diagnosis codes (of the encounter's) that this procedure
            treats, most important first; they become the line's pointers.
        service_date: when, if not the encounter's whole service period.
        revenue_code: the revenue code (institutional encounters).
        drug: the drug given (NDC and quantity), where drugs are billed.
        place_of_service: where, if not the encounter's place of service.

    Example:
        >>> Procedure(code="99213", modifiers=("25",), diagnoses=("E11.9",)).diagnoses
        ('E119',)
    """

    code: str | None = None
    modifiers: tuple[ModifierCode, ...] = Field(default=(), max_length=4)
    units: _Positive = Decimal(1)
    unit_basis: Literal["UN", "MJ", "DA"] = "UN"
    diagnoses: tuple[str, ...] = ()
    service_date: DateRange | None = None
    revenue_code: RevenueCode | None = None
    drug: Drug | None = None
    place_of_service: PosCode | None = None

    @model_validator(mode="before")
    @classmethod
    def _normalize(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            if isinstance(data.get("code"), str):
                try:
                    data["code"] = _procedure(data["code"], "procedure", info)
                except ValueError as exc:
                    raise ClaimValidationError(str(exc), model="Procedure", field="code") from exc
            if isinstance(data.get("diagnoses"), (list, tuple)):
                data["diagnoses"] = tuple(
                    _compact_dx(d) if isinstance(d, str) else d for d in data["diagnoses"]
                )
        return data

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.code is None and self.revenue_code is None:
            raise ClaimValidationError(
                "a procedure needs a CPT/HCPCS code or a revenue code",
                model="Procedure",
                field="code",
            )
        if self.modifiers and self.code is None:
            raise ClaimValidationError(
                "modifiers need a procedure code", model="Procedure", field="modifiers"
            )
        return self


class Encounter(ClaimModel):
    """A coded encounter: patient, coverages, providers, dates, diagnoses and procedures.

    This is what a practice-management or hospital system knows after coding;
    :func:`rcm.claims.from_encounter` turns it into a :class:`~rcm.claims.Claim`
    for one of its coverages. An encounter with a ``place_of_service`` becomes a
    professional claim; one with a ``facility_type`` an institutional claim.

    Attributes:
        encounter_id: the provider's account number; it becomes the claim ID
            (patient control number, CLM01) and shows masked.
        patient: the patient.
        coverages: the patient's coverages in order: primary, secondary, tertiary...
        billing_provider: who bills (NPI, taxonomy, tax ID, address).
        rendering_provider: who performed the services (professional).
        referring_provider: who referred the patient.
        supervising_provider: who supervised (professional).
        attending_provider: the attending physician (institutional).
        operating_provider: the operating physician (institutional).
        other_operating_provider: another operating physician (institutional).
        service_facility: where the services were given, if not the billing address.
        service_period: the dates of service; for an inpatient stay, admission
            to discharge (the statement period).
        place_of_service: the CMS place of service code (professional).
        facility_type: the first two digits of the type of bill (institutional).
        frequency_code: ``1`` original, ``7`` replacement, ``8`` void.
        original_claim_number: the payer's number of the claim replaced or voided.
        admission_date: the admission date (inpatient).
        admission_time: the admission hour (institutional).
        discharge_time: the discharge hour (institutional).
        admission_type: priority of admission (UB-04 FL14).
        admission_source: point of origin (UB-04 FL15).
        discharge_status: patient discharge status (UB-04 FL17).
        diagnoses: ICD-10-CM diagnoses, principal first, with POA for inpatient stays.
        admitting_diagnosis: the admitting diagnosis (institutional).
        procedures: the CPT/HCPCS procedures, each a future service line.
        inpatient_procedures: ICD-10-PCS procedures (institutional), principal first.
        condition_codes: condition codes.
        occurrences: occurrence codes with dates (institutional).
        occurrence_spans: occurrence spans (institutional).
        value_codes: value codes (institutional).
        related_causes: ``AA``, ``EM``, ``OA`` when an accident or employment caused it.
        accident_state: the state of an auto accident.
        accident_date: the accident date (professional).
        onset_date: the onset of the current illness (professional).
        prior_authorization: the prior authorization number.
        referral_number: the referral number.
        medical_record_number: the medical record number.

    Example:
        >>> from rcm.claims.examples import office_visit
        >>> encounter = office_visit()
        >>> encounter.kind, len(encounter.coverages), len(encounter.procedures)
        ('professional', 2, 2)
    """

    _masked_fields: ClassVar[frozenset[str]] = frozenset({"encounter_id", "original_claim_number"})

    encounter_id: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=38, pattern=r"^[!-~ ]+$"),
    ]
    patient: Patient
    coverages: tuple[Coverage, ...] = Field(min_length=1, max_length=11)
    billing_provider: Provider
    rendering_provider: Provider | None = None
    referring_provider: Provider | None = None
    supervising_provider: Provider | None = None
    attending_provider: Provider | None = None
    operating_provider: Provider | None = None
    other_operating_provider: Provider | None = None
    service_facility: Provider | None = None
    service_period: DateRange
    place_of_service: PosCode | None = None
    facility_type: Annotated[str, StringConstraints(pattern=r"^[1-9][0-9A-Z]$")] | None = None
    frequency_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]$")] = "1"
    original_claim_number: Ref50 | None = None
    admission_date: date | None = None
    admission_time: time | None = None
    discharge_time: time | None = None
    admission_type: Annotated[str, StringConstraints(pattern=r"^[1-9]$")] | None = None
    admission_source: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]$")] | None = None
    discharge_status: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")] | None = None
    diagnoses: tuple[Diagnosis, ...] = Field(min_length=1)
    admitting_diagnosis: Diagnosis | None = None
    procedures: tuple[Procedure, ...] = Field(min_length=1, max_length=999)
    inpatient_procedures: tuple[InpatientProcedure, ...] = Field(default=(), max_length=25)
    condition_codes: tuple[_Code2, ...] = Field(default=(), max_length=24)
    occurrences: tuple[Occurrence, ...] = Field(default=(), max_length=24)
    occurrence_spans: tuple[OccurrenceSpan, ...] = Field(default=(), max_length=24)
    value_codes: tuple[ValueCode, ...] = Field(default=(), max_length=24)
    related_causes: tuple[Literal["AA", "EM", "OA"], ...] = Field(default=(), max_length=3)
    accident_state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    accident_date: date | None = None
    onset_date: date | None = None
    prior_authorization: Ref50 | None = None
    referral_number: Ref50 | None = None
    medical_record_number: Ref50 | None = None

    @property
    def kind(self) -> ClaimKind:
        """``"professional"`` when there is a place of service, else ``"institutional"``.

        Example:
            >>> from rcm.claims.examples import inpatient_stay
            >>> inpatient_stay().kind
            'institutional'
        """
        return "professional" if self.place_of_service is not None else "institutional"

    @model_validator(mode="after")
    def _check(self) -> Self:
        problems: list[tuple[str, str]] = []
        if (self.place_of_service is None) == (self.facility_type is None):
            problems.append(
                (
                    "place_of_service",
                    "give exactly one of place_of_service (professional) and facility_type",
                )
            )
        for index, coverage in enumerate(self.coverages):
            if coverage.relationship == "18" and not self.patient.same_person(coverage.subscriber):
                problems.append((f"coverages[{index}].subscriber", _SELF_MISMATCH))
        codes = {dx.code for dx in self.diagnoses}
        for index, procedure in enumerate(self.procedures):
            problems.extend(
                (
                    f"procedures[{index}].diagnoses",
                    f"diagnosis {code} is not an encounter diagnosis",
                )
                for code in procedure.diagnoses
                if code not in codes
            )
            if procedure.service_date is not None and not (
                procedure.service_date.start in self.service_period
                and procedure.service_date.end in self.service_period
            ):
                problems.append(
                    (
                        f"procedures[{index}].service_date",
                        "the procedure's date is outside the encounter's service period",
                    )
                )
        if problems:
            raise ClaimValidationError(
                problems[0][1],
                model="Encounter",
                field=problems[0][0],
                claim_id=self.encounter_id,
                problems=tuple(problems),
            )
        return self
