"""Claims and their parts: professional (CMS-1500 / 837P) and institutional (UB-04 / 837I).

A :class:`Claim` is one bill to one payer. ``kind`` says which form it is;
fields that only one form has must be empty on the other, and the model checks
the rules both forms share with their implementation guides (005010X222A1 and
005010X223A2): totals equal the sum of the lines, diagnosis pointers name
diagnoses, replacement and void claims carry the payer's claim number, and so
on. Every rule broken is listed in one :class:`~rcm.claims.ClaimValidationError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    AfterValidator,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from rcm.claims._base import ClaimModel
from rcm.claims._codes import check, is_lenient
from rcm.claims._errors import ClaimValidationError
from rcm.claims._parties import (
    _PERSON_FIELDS,
    Address,
    Coverage,
    ModifierCode,
    NdcCode,
    Patient,
    PosCode,
    Provider,
    Ref50,
    RevenueCode,
)
from rcm.dates import DateRange
from rcm.money import ZERO, Money

__all__ = [
    "Adjustment",
    "Claim",
    "ClaimKind",
    "Diagnosis",
    "Drug",
    "InpatientProcedure",
    "LineAdjudication",
    "Occurrence",
    "OccurrenceSpan",
    "OtherPayer",
    "Responsibility",
    "ServiceLine",
    "ValueCode",
]

#: ``"professional"`` (CMS-1500, 837P) or ``"institutional"`` (UB-04, 837I).
ClaimKind = Literal["professional", "institutional"]

#: Payer responsibility sequence (SBR01): primary, secondary, tertiary, then
#: payers 4 to 11 (A-H) and unknown (U).
Responsibility = Literal["P", "S", "T", "A", "B", "C", "D", "E", "F", "G", "H", "U"]

#: The order responsibility codes take (index 0 is the primary payer).
RESPONSIBILITY_ORDER: tuple[Responsibility, ...] = (
    "P",
    "S",
    "T",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
)

_Code2 = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{2}$")]
#: Product/service ID qualifiers the 837s allow for a line's procedure (SV101-1,
#: SV202-1, SVD03-1): HC CPT/HCPCS, ER jurisdiction specific, HP HIPPS (837I),
#: IV home infusion EDI coalition, WK advanced billing concepts.
PROCEDURE_QUALIFIERS = frozenset({"HC", "ER", "HP", "IV", "WK"})


def _check_qualifier(value: str, info: ValidationInfo) -> str:
    if value not in PROCEDURE_QUALIFIERS and not is_lenient(info):
        allowed = ", ".join(sorted(PROCEDURE_QUALIFIERS))
        raise ValueError(f"{value!r} is not a procedure code qualifier ({allowed})")
    return value


_Qualifier = Annotated[
    str, StringConstraints(pattern=r"^[0-9A-Z]{2}$"), AfterValidator(_check_qualifier)
]
_Positive = Annotated[Decimal, Field(gt=0, max_digits=15)]
_Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _compact_in(data: Any, name: str, kind: str, info: ValidationInfo) -> Any:
    """Compact ``data[name]`` as a code of *kind* (a before-validator helper)."""
    if isinstance(data, dict):
        value = data.get(name)
        if isinstance(value, str):
            code = check(kind, value, info)
            if code != value:  # copy only when the code changes
                data = {**data, name: code}
    return data


class Diagnosis(ClaimModel):
    """A diagnosis code on a claim, with present-on-admission for inpatient claims.

    Codes are stored compact (``E119``, shown ``E11.9``). ICD-9-CM is accepted
    for claims with dates of service before 2015-10-01, which 5010 files of
    that time carry (qualifier ``BK``/``BF`` instead of ``ABK``/``ABF``).

    Attributes:
        code: the ICD-10-CM (or ICD-9-CM) code, compact.
        system: ``"ICD-10-CM"`` or ``"ICD-9-CM"``.
        present_on_admission: the POA indicator (``Y``, ``N``, ``U``, ``W``) on
            institutional claims, ``None`` where it does not apply (exempt codes
            and professional claims).

    Example:
        >>> Diagnosis(code="e11.9")
        Diagnosis(code='E119', system='ICD-10-CM', present_on_admission=None)
        >>> Diagnosis(code="401.9", system="ICD-9-CM").code
        '4019'
    """

    code: str
    system: Literal["ICD-10-CM", "ICD-9-CM"] = "ICD-10-CM"
    present_on_admission: Literal["Y", "N", "U", "W"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _compact(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict):
            kind = "icd9cm" if data.get("system") == "ICD-9-CM" else "icd10cm"
            try:
                return _compact_in(data, "code", kind, info)
            except ClaimValidationError:
                raise
            except ValueError as exc:
                raise ClaimValidationError(str(exc), model="Diagnosis", field="code") from exc
        return data


class InpatientProcedure(ClaimModel):
    """An ICD-10-PCS (or ICD-9-CM volume 3) procedure on an institutional claim.

    The first procedure on a claim is the principal procedure (UB-04 FL74).

    Attributes:
        code: the procedure code, compact (``0DTJ4ZZ``).
        date: the date the procedure was performed.
        system: ``"ICD-10-PCS"`` or ``"ICD-9-CM"``.

    Example:
        >>> from datetime import date
        >>> InpatientProcedure(code="0DTJ4ZZ", date=date(2025, 3, 2)).code
        '0DTJ4ZZ'
    """

    code: str
    date: date
    system: Literal["ICD-10-PCS", "ICD-9-CM"] = "ICD-10-PCS"

    @model_validator(mode="before")
    @classmethod
    def _compact(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict):
            kind = "icd9pcs" if data.get("system") == "ICD-9-CM" else "icd10pcs"
            try:
                return _compact_in(data, "code", kind, info)
            except ClaimValidationError:
                raise
            except ValueError as exc:
                raise ClaimValidationError(
                    str(exc), model="InpatientProcedure", field="code"
                ) from exc
        return data


class Occurrence(ClaimModel):
    """An occurrence code and its date (UB-04 FL31-34; 837I HI ``BH``).

    Example:
        >>> from datetime import date
        >>> Occurrence(code="11", date=date(2025, 1, 2)).code
        '11'
    """

    code: _Code2
    date: date

    @model_validator(mode="before")
    @classmethod
    def _up(cls, data: Any) -> Any:
        if isinstance(data, dict) and "code" in data:
            data = {**data, "code": _upper(data["code"])}
        return data


class OccurrenceSpan(ClaimModel):
    """An occurrence span code and its period (UB-04 FL35-36; 837I HI ``BI``).

    Example:
        >>> from datetime import date
        >>> from rcm.dates import DateRange
        >>> OccurrenceSpan(code="74", period=DateRange(date(2025, 1, 2), date(2025, 1, 5))).code
        '74'
    """

    code: _Code2
    period: DateRange

    @model_validator(mode="before")
    @classmethod
    def _up(cls, data: Any) -> Any:
        if isinstance(data, dict) and "code" in data:
            data = {**data, "code": _upper(data["code"])}
        return data


class ValueCode(ClaimModel):
    """A value code and its amount (UB-04 FL39-41; 837I HI ``BE``).

    Example:
        >>> ValueCode(code="80", amount=Money("3.00")).amount
        Money('3.00')
    """

    code: _Code2
    amount: Money

    @model_validator(mode="before")
    @classmethod
    def _up(cls, data: Any) -> Any:
        if isinstance(data, dict) and "code" in data:
            data = {**data, "code": _upper(data["code"])}
        return data


class Drug(ClaimModel):
    """The drug billed on a service line: NDC and quantity (837 loop 2410).

    Attributes:
        ndc: the 11-digit National Drug Code (5-4-2), compact.
        quantity: the amount dispensed, in *unit*.
        unit: ``UN`` units, ``ML`` milliliters, ``GR`` grams, ``F2``
            international units, ``ME`` milligrams.

    Example:
        >>> from decimal import Decimal
        >>> Drug(ndc="00409-4888-20", quantity=Decimal("2"), unit="ML").ndc
        '00409488820'
    """

    ndc: NdcCode
    quantity: _Positive
    unit: Literal["F2", "GR", "ME", "ML", "UN"] = "UN"


#: Claim adjustment group codes: contractual obligation, correction and
#: reversal, other adjustment, payer initiated reduction, patient responsibility.
GroupCode = Literal["CO", "CR", "OA", "PI", "PR"]


class Adjustment(ClaimModel):
    """A claim adjustment (CAS) that another payer made: group, reason, amount.

    These are what a prior payer's 835 reported; a secondary claim repeats them
    in its COB loops. X12 calls the segment CAS, and the 835 uses the same
    group and reason codes.

    Attributes:
        group: ``CO``, ``CR``, ``OA``, ``PI`` or ``PR``.
        reason: the claim adjustment reason code (CARC), such as ``45``.
        amount: the amount adjusted (negative for a reversal).
        quantity: the units adjusted, when the payer reported them.

    Example:
        >>> Adjustment(group="PR", reason="1", amount=Money("20.00"))
        Adjustment(group='PR', reason='1', amount=Money('20.00'), quantity=None)
    """

    group: GroupCode
    reason: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{1,5}$", to_upper=True)]
    amount: Money
    quantity: Annotated[Decimal, Field(max_digits=15)] | None = None


def _group_adjustments(value: Any) -> Any:
    """Order adjustments so that each group's are together (one CAS per group)."""
    if not isinstance(value, (list, tuple)):
        return value
    order: dict[object, int] = {}
    for item in value:
        group = item.get("group") if isinstance(item, dict) else getattr(item, "group", None)
        order.setdefault(group, len(order))
    return tuple(
        sorted(
            value,
            key=lambda item: order[
                item.get("group") if isinstance(item, dict) else getattr(item, "group", None)
            ],
        )
    )


def _check_adjustments(adjustments: tuple[Adjustment, ...], where: str) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    counts: dict[str, int] = {}
    for adjustment in adjustments:
        counts[adjustment.group] = counts.get(adjustment.group, 0) + 1
    if len(counts) > 5:
        problems.append((where, "at most 5 adjustment groups (CAS segments) per loop"))
    for group, count in counts.items():
        if count > 6:
            problems.append((where, f"at most 6 adjustments of group {group} (one CAS segment)"))
    return problems


class LineAdjudication(ClaimModel):
    """How another payer adjudicated one service line (837 loop 2430, from its 835).

    Attributes:
        payer_id: the other payer's identifier, as in :attr:`OtherPayer` (SVD01).
        paid_amount: what that payer paid for the line (SVD02).
        procedure_code: the procedure the payer adjudicated (SVD03); needed on
            837P, and on 837I when the line has one.
        code_qualifier: the procedure code's qualifier, as on the line.
        modifiers: its modifiers.
        revenue_code: the revenue code (837I SVD04).
        units: the units paid (SVD05).
        adjustments: the line's adjustments (CAS).
        paid_date: the date of the payer's remittance (DTP 573); required to write.
        remaining_patient_liability: what the patient still owes (AMT EAF).

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> adj = LineAdjudication(payer_id="12345", paid_amount=Money("80.00"),
        ...     procedure_code="99213", units=Decimal(1), paid_date=date(2025, 2, 1),
        ...     adjustments=(Adjustment(group="CO", reason="45", amount=Money("20.00")),))
        >>> adj.paid_amount + sum(a.amount for a in adj.adjustments)
        Money('100.00')
    """

    payer_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]
    paid_amount: Money
    procedure_code: str | None = None
    code_qualifier: _Qualifier = "HC"
    modifiers: tuple[ModifierCode, ...] = Field(default=(), max_length=4)
    revenue_code: RevenueCode | None = None
    units: _Positive
    adjustments: tuple[Adjustment, ...] = ()
    paid_date: date | None = None
    remaining_patient_liability: Money | None = None

    @model_validator(mode="before")
    @classmethod
    def _normalize(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            if "adjustments" in data:
                data["adjustments"] = _group_adjustments(data["adjustments"])
            kind = "procedure" if data.get("code_qualifier", "HC") == "HC" else "other"
            if isinstance(data.get("procedure_code"), str):
                try:
                    data["procedure_code"] = _procedure(data["procedure_code"], kind, info)
                except ValueError as exc:
                    raise ClaimValidationError(
                        str(exc), model="LineAdjudication", field="procedure_code"
                    ) from exc
        return data

    @model_validator(mode="after")
    def _check(self) -> Self:
        problems = _check_adjustments(self.adjustments, "adjustments")
        if problems:
            raise ClaimValidationError(
                problems[0][1], model="LineAdjudication", field=problems[0][0]
            )
        return self


def _procedure(code: str, kind: str, info: ValidationInfo) -> str:
    if kind == "other":
        return check("procedure", code, _LENIENT_INFO) if code else code
    return check("procedure", code, info)


class _LenientInfo:
    """A stand-in ValidationInfo whose context asks for syntax-only code checks."""

    context: ClassVar[dict[str, bool]] = {"lenient_codes": True}


_LENIENT_INFO: Any = _LenientInfo()


class ServiceLine(ClaimModel):
    """One service line: what was done, when, for how much (837 loop 2400).

    Professional lines (837P SV1) need a procedure code, a service date and
    one to four diagnosis pointers; institutional lines (837I SV2) need a
    revenue code and carry a procedure code where the payer wants one. X12
    calls this the service line (LX/SV1/SV2); the 835's answer to it is
    ``ServicePayment`` in :mod:`rcm.remit`.

    Attributes:
        procedure_code: CPT or HCPCS code (SV101-2 / SV202-2), compact.
        code_qualifier: ``HC`` (CPT/HCPCS); ``HP`` (HIPPS rate codes on 837I),
            ``ER``, ``IV`` and ``WK`` are read but their codes are not checked.
        modifiers: up to four procedure modifiers, in order.
        charge: the line charge (SV102 / SV203).
        units: service units (SV104 / SV205).
        unit_basis: ``UN`` units, ``MJ`` minutes (anesthesia, 837P), ``DA`` days (837I).
        service_date: the date or dates of service (DTP 472).
        place_of_service: 837P only, when it differs from the claim's (SV105).
        diagnosis_pointers: 837P only: one to four 1-based positions in the
            claim's diagnoses (SV107), the first being the primary one.
        emergency: 837P emergency indicator (SV109).
        revenue_code: 837I revenue code (SV201).
        non_covered_charge: 837I non-covered charge (SV207).
        drug: the drug billed (NDC and quantity), when one is.
        line_control_number: the provider's line item control number (REF 6R).
        adjudications: other payers' adjudication of this line (secondary claims).

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from rcm.dates import DateRange
        >>> line = ServiceLine(procedure_code="99213", modifiers=("25",), charge=Money("125.00"),
        ...                    units=Decimal(1), service_date=DateRange.single(date(2025, 3, 3)),
        ...                    diagnosis_pointers=(1, 2))
        >>> line.modifiers, line.charge
        (('25',), Money('125.00'))
    """

    procedure_code: str | None = None
    code_qualifier: _Qualifier = "HC"
    modifiers: tuple[ModifierCode, ...] = Field(default=(), max_length=4)
    charge: Money
    units: _Positive = Decimal(1)
    unit_basis: Literal["UN", "MJ", "DA"] = "UN"
    service_date: DateRange | None = None
    place_of_service: PosCode | None = None
    diagnosis_pointers: tuple[Annotated[int, Field(ge=1, le=12)], ...] = Field(
        default=(), max_length=4
    )
    emergency: bool = False
    revenue_code: RevenueCode | None = None
    non_covered_charge: Money | None = None
    drug: Drug | None = None
    line_control_number: Ref50 | None = None
    adjudications: tuple[LineAdjudication, ...] = Field(default=(), max_length=15)

    @model_validator(mode="before")
    @classmethod
    def _normalize(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict):
            value = data.get("procedure_code")
            if isinstance(value, str):
                kind = "procedure" if data.get("code_qualifier", "HC") == "HC" else "other"
                try:
                    code = _procedure(value, kind, info)
                except ValueError as exc:
                    raise ClaimValidationError(
                        str(exc), model="ServiceLine", field="procedure_code"
                    ) from exc
                if code != value:
                    data = {**data, "procedure_code": code}
        return data

    @model_validator(mode="after")
    def _check(self) -> Self:
        pointers = self.diagnosis_pointers
        if (
            self.charge.cents >= 0
            and len(set(pointers)) == len(pointers)
            and not (self.modifiers and self.procedure_code is None)
        ):
            return self
        problems: list[tuple[str, str]] = []
        if self.charge.cents < 0:
            problems.append(("charge", "a line charge cannot be negative"))
        if len(set(self.diagnosis_pointers)) != len(self.diagnosis_pointers):
            problems.append(("diagnosis_pointers", "a diagnosis pointer is repeated"))
        if self.modifiers and self.procedure_code is None:
            problems.append(("modifiers", "modifiers need a procedure code"))
        if problems:
            raise ClaimValidationError(
                problems[0][1], model="ServiceLine", field=problems[0][0], problems=tuple(problems)
            )
        return self


class OtherPayer(ClaimModel):
    """Another payer on the claim, and what it did (837 loops 2320 and 2330A/B).

    On a primary claim this names the secondary coverage; on a secondary claim
    it carries the primary payer's adjudication from its 835 (paid amount,
    claim-level adjustments, remittance date).

    Attributes:
        coverage: the other payer, subscriber and relationship. The 837 carries
            the subscriber's name, member ID and address here, not the birth
            date or sex (loop 2330A has no DMG), so those must be left out.
        responsibility: that payer's place in the order (SBR01).
        paid_amount: what it paid for the claim (AMT D).
        non_covered_amount: what it found not covered (AMT A8).
        remaining_patient_liability: what the patient still owes (AMT EAF).
        adjustments: claim-level adjustments (CAS).
        paid_date: the date of its remittance (DTP 573).
        claim_control_number: its claim number for this claim (REF F8).
        benefits_assigned: OI03, ``Y``, ``N`` or ``W`` (not applicable).
        release_of_information: OI06, ``I`` (informed consent) or ``Y`` (signed).

    Example:
        >>> from rcm.claims import Payer, Subscriber
        >>> cov = Coverage(payer=Payer(name="PRIMARY PLAN", payer_id="11111"),
        ...                subscriber=Subscriber(member_id="A1", last_name="DOE"))
        >>> OtherPayer(coverage=cov, responsibility="P", paid_amount=Money("80.00")).paid_amount
        Money('80.00')
    """

    coverage: Coverage
    responsibility: Responsibility
    paid_amount: Money | None = None
    non_covered_amount: Money | None = None
    remaining_patient_liability: Money | None = None
    adjustments: tuple[Adjustment, ...] = ()
    paid_date: date | None = None
    claim_control_number: Ref50 | None = None
    benefits_assigned: Literal["Y", "N", "W"] = "Y"
    release_of_information: Literal["I", "Y"] = "Y"

    @model_validator(mode="before")
    @classmethod
    def _normalize(cls, data: Any) -> Any:
        if isinstance(data, dict) and "adjustments" in data:
            data = {**data, "adjustments": _group_adjustments(data["adjustments"])}
        return data

    @model_validator(mode="after")
    def _check(self) -> Self:
        problems = _check_adjustments(self.adjustments, "adjustments")
        subscriber = self.coverage.subscriber
        if subscriber.birth_date is not None or subscriber.sex is not None:
            message = (
                "the 837 carries no birth date or sex for another payer's subscriber "
                "(loop 2330A): leave them out"
            )
            problems.append(("coverage.subscriber", message))
        if problems:
            raise ClaimValidationError(problems[0][1], model="OtherPayer", field=problems[0][0])
        return self


_ClaimId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=38, pattern=r"^[!-~ ]+$")
]


class Claim(ClaimModel):
    """A professional (CMS-1500 / 837P) or institutional (UB-04 / 837I) claim.

    One claim bills one payer (``coverage``) for one patient. Fields marked
    "837P" or "837I" belong to one kind only and must be left empty on the
    other. The claim checks itself when built; :func:`rcm.claims.write_837p`
    and :func:`~rcm.claims.write_837i` check the rest of what the guides
    require before they write anything.

    Attributes:
        kind: ``"professional"`` or ``"institutional"``.
        claim_id: the provider's patient control number (CLM01), shown masked.
        billing_provider: who bills (2010AA); needs an NPI, address and tax ID.
        pay_to_address: where payments go when not the billing address (2010AB).
        coverage: the payer billed, the subscriber and the patient's relationship.
        responsibility: the billed payer's place in the order (SBR01): ``P``, ``S``, ``T``...
        patient: the patient. When ``coverage.relationship`` is ``18`` (self) the
            patient is the subscriber and the demographics must be the same.
        total_charge: the claim total (CLM02); must equal the sum of the line charges.
        frequency_code: the claim frequency (CLM05-3): ``1`` original,
            ``7`` replacement, ``8`` void; on 837I the last digit of the type of bill.
        original_claim_number: the payer's claim number for the claim replaced
            or voided (REF F8); required when the frequency is ``7`` or ``8``.
        place_of_service: 837P place of service (CLM05-1).
        facility_type: 837I type of facility and bill classification, the first
            two digits of the type of bill (``11`` hospital inpatient).
        provider_signature: 837P CLM06, the provider's signature is on file.
        assignment: CLM07, ``A`` assigned, ``B`` lab services only, ``C`` not assigned.
        benefits_assigned: CLM08, ``Y``, ``N`` or ``W`` (not applicable).
        release_of_information: CLM09, ``I`` informed consent or ``Y`` signed.
        patient_signature_source: 837P CLM10, ``P`` when the provider generated the
            patient's signature.
        related_causes: 837P CLM11 codes ``AA`` auto accident, ``EM`` employment,
            ``OA`` other accident.
        accident_state: the state of an auto accident (837P CLM11-4, with related
            cause ``AA``; 837I REF ``LU``).
        delay_reason: CLM20 delay reason code.
        diagnoses: the diagnoses; the first is the principal (837I) or primary
            one. 837P allows 12, 837I 25 (a principal and 24 others).
        admitting_diagnosis: 837I admitting diagnosis.
        reason_for_visit: 837I patient's reason for visit (up to 3).
        external_causes: 837I external cause of injury codes (up to 12).
        procedures: 837I ICD-10-PCS procedures, the first being the principal.
        condition_codes: condition codes (up to 24 on either form).
        occurrences: 837I occurrence codes with dates.
        occurrence_spans: 837I occurrence span codes with periods.
        value_codes: 837I value codes with amounts.
        statement_period: 837I statement covers period (DTP 434), required.
        admission_date: admission date (837I DTP 435; 837P DTP 435 for inpatient services).
        admission_time: 837I admission hour and minute.
        discharge_date: 837P discharge date (DTP 096).
        discharge_time: 837I discharge hour (DTP 096 TM).
        admission_type: 837I priority of admission (CL101).
        admission_source: 837I point of origin (CL102).
        discharge_status: 837I patient discharge status (CL103), required.
        onset_date: 837P onset of current illness (DTP 431).
        accident_date: 837P accident date (DTP 439).
        prior_authorization: prior authorization number (REF G1).
        referral_number: referral number (REF 9F).
        medical_record_number: medical record number (REF EA).
        patient_paid: 837P amount the patient paid (AMT F5).
        note: 837P claim note (NTE ADD), up to 80 characters.
        referring_provider: referring provider (837P 2310A, 837I 2310F).
        rendering_provider: rendering provider (837P 2310B, 837I 2310D).
        supervising_provider: 837P supervising provider (2310D).
        attending_provider: 837I attending provider (2310A).
        operating_provider: 837I operating physician (2310B).
        other_operating_provider: 837I other operating physician (2310C).
        service_facility: where the services were given (837P 2310C, 837I 2310E).
        other_payers: other payers and what they did (2320), at most 10.
        lines: the service lines: 1 to 50 on 837P, 1 to 999 on 837I.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> claim = professional_claim()
        >>> claim.kind, claim.total_charge, len(claim.lines)
        ('professional', Money('225.00'), 2)
        >>> claim  # doctest: +ELLIPSIS
        Claim(kind='professional', claim_id='********01', ...)
        >>> Claim.model_validate_json(claim.model_dump_json()) == claim
        True
    """

    _masked_fields: ClassVar[frozenset[str]] = frozenset({"claim_id", "original_claim_number"})

    kind: ClaimKind
    claim_id: _ClaimId
    billing_provider: Provider
    pay_to_address: Address | None = None
    coverage: Coverage
    responsibility: Responsibility = "P"
    patient: Patient
    total_charge: Money
    frequency_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]$")] = "1"
    original_claim_number: Ref50 | None = None
    place_of_service: PosCode | None = None
    facility_type: Annotated[str, StringConstraints(pattern=r"^[1-9][0-9A-Z]$")] | None = None
    provider_signature: bool = True
    assignment: Literal["A", "B", "C"] = "A"
    benefits_assigned: Literal["Y", "N", "W"] = "Y"
    release_of_information: Literal["I", "Y"] = "Y"
    patient_signature_source: Literal["P"] | None = None
    related_causes: tuple[Literal["AA", "EM", "OA"], ...] = Field(default=(), max_length=3)
    accident_state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    delay_reason: Annotated[str, StringConstraints(pattern=r"^[0-9]{1,2}$")] | None = None
    diagnoses: tuple[Diagnosis, ...] = ()
    admitting_diagnosis: Diagnosis | None = None
    reason_for_visit: tuple[Diagnosis, ...] = Field(default=(), max_length=3)
    external_causes: tuple[Diagnosis, ...] = Field(default=(), max_length=12)
    procedures: tuple[InpatientProcedure, ...] = Field(default=(), max_length=25)
    condition_codes: tuple[_Code2, ...] = Field(default=(), max_length=24)
    occurrences: tuple[Occurrence, ...] = Field(default=(), max_length=24)
    occurrence_spans: tuple[OccurrenceSpan, ...] = Field(default=(), max_length=24)
    value_codes: tuple[ValueCode, ...] = Field(default=(), max_length=24)
    statement_period: DateRange | None = None
    admission_date: date | None = None
    admission_time: time | None = None
    discharge_date: date | None = None
    discharge_time: time | None = None
    admission_type: Annotated[str, StringConstraints(pattern=r"^[1-9]$")] | None = None
    admission_source: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]$")] | None = None
    discharge_status: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")] | None = None
    onset_date: date | None = None
    accident_date: date | None = None
    prior_authorization: Ref50 | None = None
    referral_number: Ref50 | None = None
    medical_record_number: Ref50 | None = None
    patient_paid: Money | None = None
    note: _Note | None = None
    referring_provider: Provider | None = None
    rendering_provider: Provider | None = None
    supervising_provider: Provider | None = None
    attending_provider: Provider | None = None
    operating_provider: Provider | None = None
    other_operating_provider: Provider | None = None
    service_facility: Provider | None = None
    other_payers: tuple[OtherPayer, ...] = Field(default=(), max_length=10)
    lines: tuple[ServiceLine, ...] = Field(min_length=1, max_length=999)

    # The rules a leniently validated claim (one read from a file) breaks.
    _relaxed: tuple[tuple[str, str], ...] = PrivateAttr(default=())

    @model_validator(mode="before")
    @classmethod
    def _fill_total(cls, data: Any) -> Any:
        # The total may be left out: it is then the sum of the line charges.
        if type(data) is not dict:
            if not isinstance(data, Mapping):
                return data
            data = dict(data)
        if data.get("total_charge") is None:
            lines = data.get("lines")
            if isinstance(lines, (list, tuple)) and all(
                isinstance(line, ServiceLine) for line in lines
            ):
                data = {**data, "total_charge": sum((line.charge for line in lines), ZERO)}
        codes = data.get("condition_codes")
        if codes and isinstance(codes, (list, tuple)):
            data = {**data, "condition_codes": tuple(_upper(c) for c in codes)}
        return data

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Self:
        relaxed: list[tuple[str, str]] = []
        problems = _claim_problems(self, relaxed=relaxed if is_lenient(info) else None)
        if problems:
            raise _problem_error(self, problems)
        if relaxed:
            self._relaxed = tuple(relaxed)
        return self

    @property
    def relaxed_problems(self) -> tuple[tuple[str, str], ...]:
        """The rules this claim breaks that lenient reading let through, as ``(field, message)``.

        Claims read from files by :func:`rcm.claims.read_837` are validated
        leniently: the total, the billing provider's identifiers and some
        kind-specific required fields may be as the file had them, and codes
        only need to be X12 text (code formats are not listed here: the edits
        check codes). Such a claim lists here the structural rules it breaks; a
        claim built in code never has any (it would not validate). The 837
        writers refuse a claim that has any.

        Example:
            >>> from rcm.claims.examples import professional_claim
            >>> professional_claim().relaxed_problems
            ()
        """
        # Straight from pydantic's private-attribute dict: `self._relaxed` goes
        # through BaseModel.__getattr__, which costs more (writers ask per claim).
        private = self.__pydantic_private__
        return self._relaxed if private is None else private["_relaxed"]

    @property
    def type_of_bill(self) -> str | None:
        """The 837I type of bill, four digits with the leading zero (``"0111"``).

        Example:
            >>> from rcm.claims.examples import institutional_claim
            >>> institutional_claim().type_of_bill
            '0111'
        """
        if self.facility_type is None:
            return None
        return f"0{self.facility_type}{self.frequency_code}"

    @property
    def service_period(self) -> DateRange:
        """The dates the claim covers: the statement period, or the span of the line dates.

        Example:
            >>> from rcm.claims.examples import professional_claim
            >>> professional_claim().service_period.isoformat()
            '2025-03-03..2025-03-03'
        """
        if self.statement_period is not None:
            return self.statement_period
        dates = [line.service_date for line in self.lines if line.service_date is not None]
        if not dates:
            msg = "the claim has neither a statement period nor line service dates"
            raise ClaimValidationError(msg, model="Claim", field="lines", claim_id=self.claim_id)
        return DateRange(min(d.start for d in dates), max(d.end for d in dates))


_PROFESSIONAL_ONLY = (
    "place_of_service",
    "patient_signature_source",
    "discharge_date",
    "onset_date",
    "accident_date",
    "patient_paid",
    "note",
    "supervising_provider",
)
_INSTITUTIONAL_ONLY = (
    "facility_type",
    "admitting_diagnosis",
    "statement_period",
    "admission_time",
    "discharge_time",
    "admission_type",
    "admission_source",
    "discharge_status",
    "attending_provider",
    "operating_provider",
    "other_operating_provider",
)
_INSTITUTIONAL_TUPLES = (
    "reason_for_visit",
    "external_causes",
    "procedures",
    "occurrences",
    "occurrence_spans",
    "value_codes",
)


def _problem_error(claim: Claim, problems: list[tuple[str, str]]) -> ClaimValidationError:
    field, message = problems[0]
    line = None
    if field.startswith("lines["):
        line = int(field[6 : field.index("]")]) + 1
    return ClaimValidationError(
        message,
        model="Claim",
        field=field,
        claim_id=claim.claim_id,
        line=line,
        problems=tuple(problems),
    )


def _same_person(patient: Patient, subscriber: Any) -> bool:
    """``patient.same_person(subscriber)``, comparing the field dicts (identity first)."""
    mine, theirs = patient.__dict__, subscriber.__dict__
    for name in _PERSON_FIELDS:
        value, other = mine[name], theirs[name]
        if value is not other and value != other:
            return False
    return True


def _usual_professional_line(values: dict[str, Any], diagnoses: int) -> bool:
    """Whether a professional line's fields (its ``__dict__``) break no line rule.

    True for the usual line: pointers that all name one of the claim's
    *diagnoses*, a procedure, a date of service, and no institutional-only
    field. The claim rules skip their detailed line checks for such a line,
    and the 837 reader's shortcut (``_trusted.plain_professional``) asks the
    same question, so both rest on this one definition.

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> line = professional_claim().lines[0]
        >>> _usual_professional_line(line.__dict__, 2), _usual_professional_line(line.__dict__, 0)
        (True, False)
    """
    pointers = values["diagnosis_pointers"]
    return bool(
        pointers
        and max(pointers) <= diagnoses
        and values["procedure_code"] is not None
        and values["service_date"] is not None
        and values["revenue_code"] is None
        and values["non_covered_charge"] is None
        and values["unit_basis"] != "DA"
    )


def _claim_problems(
    claim: Claim, *, relaxed: list[tuple[str, str]] | None = None
) -> list[tuple[str, str]]:
    """The rules *claim* breaks.

    With *relaxed* (lenient validation) the relaxable ones go there instead;
    Claim.relaxed_problems keeps them.
    """
    problems: list[tuple[str, str]] = []

    def add(field: str, message: str, *, relaxable: bool = False) -> None:
        if relaxable and relaxed is not None:
            relaxed.append((field, message))
        else:
            problems.append((field, message))

    professional = claim.kind == "professional"
    other_kind = "837I" if professional else "837P"

    # Fields of the other kind must be empty. (Checked on the field dict first:
    # readers run this for every claim, and nearly all pass.)
    fields = claim.__dict__
    other_fields = _INSTITUTIONAL_ONLY if professional else _PROFESSIONAL_ONLY
    if any(fields[name] is not None for name in other_fields):
        for name in other_fields:
            if getattr(claim, name) is not None:
                add(name, f"{name} belongs on an {other_kind} claim, not a {claim.kind} one")
    if professional:
        if any(fields[name] for name in _INSTITUTIONAL_TUPLES):
            for name in _INSTITUTIONAL_TUPLES:
                if getattr(claim, name):
                    add(name, f"{name} belongs on an 837I claim, not a professional one")
    else:
        if claim.related_causes:
            add("related_causes", "related causes (CLM11) are 837P; use occurrence codes on 837I")
        if not claim.provider_signature:
            add("provider_signature", "the provider signature indicator (CLM06) is 837P only")

    if not claim.diagnoses:
        add("diagnoses", "the claim has no diagnosis", relaxable=True)

    # The billing provider.
    billing = claim.billing_provider
    if billing.npi is None:
        add("billing_provider.npi", "the billing provider has no NPI", relaxable=True)
    if billing.address is None:
        add("billing_provider.address", "the billing provider has no address", relaxable=True)
    if billing.tax_id is None:
        add(
            "billing_provider.tax_id",
            "the billing provider has no tax ID (EIN or SSN)",
            relaxable=True,
        )
    if not professional and billing.entity != "organization":
        add("billing_provider.entity", "an 837I billing provider is an organization")

    # The patient and the subscriber.
    if claim.coverage.relationship == "18" and not _same_person(
        claim.patient, claim.coverage.subscriber
    ):
        add(
            "patient",
            "the relationship is 18 (self) but the patient's name, birth date, sex or "
            "address differ from the subscriber's",
        )

    # Frequency and the payer's claim number.
    if claim.frequency_code in ("7", "8") and claim.original_claim_number is None:
        add(
            "original_claim_number",
            f"frequency {claim.frequency_code} ("
            f"{'replacement' if claim.frequency_code == '7' else 'void'}) needs the "
            "payer's original claim number",
        )

    # Kind-specific requirements.
    if professional:
        if claim.place_of_service is None:
            add("place_of_service", "a professional claim needs a place of service")
        if len(claim.diagnoses) > 12:
            add("diagnoses", f"an 837P claim has at most 12 diagnoses, not {len(claim.diagnoses)}")
        if len(claim.lines) > 50:
            add("lines", f"an 837P claim has at most 50 service lines, not {len(claim.lines)}")
        for dx_index, dx in enumerate(claim.diagnoses):
            if dx.present_on_admission is not None:
                add(f"diagnoses[{dx_index}].present_on_admission", "POA is for 837I claims")
    else:
        if claim.facility_type is None:
            add("facility_type", "an institutional claim needs the facility type (type of bill)")
        if claim.statement_period is None:
            add("statement_period", "an institutional claim needs its statement period")
        if claim.facility_type is not None:
            try:
                check("tob", f"{claim.facility_type}{claim.frequency_code}")
            except ValueError as exc:
                add("facility_type", str(exc), relaxable=True)
        if claim.discharge_status is None:
            add("discharge_status", "an institutional claim needs the patient discharge status")
        if len(claim.diagnoses) > 25:
            add("diagnoses", f"an 837I claim has at most 25 diagnoses, not {len(claim.diagnoses)}")
    if professional and claim.accident_state is not None and "AA" not in claim.related_causes:
        add("accident_state", "the accident state is for auto accidents (related cause AA)")
    systems = {dx.system for dx in claim.diagnoses}
    if len(systems) > 1:
        add("diagnoses", "the diagnoses mix ICD-9-CM and ICD-10-CM")

    # Service lines.
    count = len(claim.diagnoses)
    total = ZERO
    payer_ids = {
        other.coverage.payer.payer_id
        for other in claim.other_payers
        if other.coverage.payer is not None
    }
    for index, line in enumerate(claim.lines):
        total += line.charge
        values = line.__dict__
        if professional:
            # The usual line breaks no rule: skip the detailed checks below.
            if _usual_professional_line(values, count) and not values["adjudications"]:
                continue
        elif (
            values["revenue_code"] is not None
            and not values["diagnosis_pointers"]
            and values["place_of_service"] is None
            and not values["emergency"]
            and values["unit_basis"] != "MJ"
            and not values["adjudications"]
        ):
            continue
        where = f"lines[{index}]"
        if professional:
            if line.procedure_code is None:
                add(f"{where}.procedure_code", "a professional line needs a procedure code")
            if line.service_date is None:
                add(f"{where}.service_date", "a professional line needs its date of service")
            if not line.diagnosis_pointers:
                add(
                    f"{where}.diagnosis_pointers",
                    "the line has no diagnosis pointer",
                    relaxable=True,
                )
            for pointer in line.diagnosis_pointers:
                if pointer > count:
                    add(
                        f"{where}.diagnosis_pointers",
                        f"pointer {pointer} names no diagnosis (the claim has {count})",
                        relaxable=True,
                    )
            if line.revenue_code is not None or line.non_covered_charge is not None:
                add(f"{where}.revenue_code", "revenue codes belong on 837I lines")
            if line.unit_basis == "DA":
                add(f"{where}.unit_basis", "837P lines are in units (UN) or minutes (MJ)")
        else:
            if line.revenue_code is None:
                add(f"{where}.revenue_code", "an institutional line needs a revenue code")
            if line.diagnosis_pointers:
                add(f"{where}.diagnosis_pointers", "837I lines have no diagnosis pointers")
            if line.place_of_service is not None or line.emergency:
                add(f"{where}.place_of_service", "837I lines have no place of service")
            if line.unit_basis == "MJ":
                add(f"{where}.unit_basis", "837I lines are in units (UN) or days (DA)")
        for adj_index, adjudication in enumerate(line.adjudications):
            if adjudication.paid_date is None:
                add(
                    f"{where}.adjudications[{adj_index}].paid_date",
                    "a line adjudication needs its remittance date (DTP 573)",
                    relaxable=True,
                )
            if adjudication.payer_id not in payer_ids:
                add(
                    f"{where}.adjudications[{adj_index}].payer_id",
                    "the adjudicating payer is not one of the claim's other payers",
                    relaxable=True,
                )
            if professional and adjudication.procedure_code is None:
                add(
                    f"{where}.adjudications[{adj_index}].procedure_code",
                    "an 837P line adjudication needs the procedure code",
                    relaxable=True,
                )
            if not professional and adjudication.revenue_code is None:
                add(
                    f"{where}.adjudications[{adj_index}].revenue_code",
                    "an 837I line adjudication needs the revenue code",
                    relaxable=True,
                )
    if total != claim.total_charge:
        add(
            "total_charge",
            f"the total charge {claim.total_charge} is not the sum of the line charges {total}",
            relaxable=True,
        )

    # Other payers.
    if claim.coverage.payer is None:
        add("coverage.payer", "the claim has no payer")
    seen = {claim.responsibility}
    for index, other in enumerate(claim.other_payers):
        if other.coverage.payer is None:
            add(
                f"other_payers[{index}].coverage.payer",
                "the other payer has no name or ID (loop 2330B)",
                relaxable=True,
            )
        if other.responsibility in seen and other.responsibility != "U":
            add(
                f"other_payers[{index}].responsibility",
                f"payer responsibility {other.responsibility} is used twice",
                relaxable=True,
            )
        seen.add(other.responsibility)
    return problems
