"""From a coded encounter to a claim for one payer: :func:`from_encounter`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import Literal

from pydantic import Field

from rcm.claims._base import ClaimModel
from rcm.claims._claim import (
    RESPONSIBILITY_ORDER,
    Adjustment,
    Claim,
    Diagnosis,
    LineAdjudication,
    OtherPayer,
    ServiceLine,
)
from rcm.claims._encounter import Encounter, Procedure
from rcm.claims._errors import ClaimValidationError
from rcm.claims._fees import FeeSchedule, MissingPrice
from rcm.claims._parties import Ref50
from rcm.money import ROUND_HALF_UP, Money

__all__ = ["PayerAdjudication", "from_encounter"]

logger = logging.getLogger(__name__)

_ORDER_NAMES = {"primary": 0, "secondary": 1, "tertiary": 2}


class PayerAdjudication(ClaimModel):
    """What an earlier payer decided about the encounter, from its 835.

    :func:`from_encounter` puts it in the COB loops (2320/2330 and 2430) of
    the claim to the next payer.

    Attributes:
        paid_amount: what the payer paid for the claim.
        paid_date: the date of its remittance.
        adjustments: its claim-level adjustments.
        claim_control_number: its claim number for the claim.
        remaining_patient_liability: what the patient still owes.
        lines: its adjudication of each procedure, in the encounter's order
            (``None`` for a procedure it did not adjudicate), or ``()``.

    Example:
        >>> from datetime import date
        >>> PayerAdjudication(paid_amount=Money("80.00"), paid_date=date(2025, 4, 1)).paid_amount
        Money('80.00')
    """

    paid_amount: Money
    paid_date: date
    adjustments: tuple[Adjustment, ...] = ()
    claim_control_number: Ref50 | None = None
    remaining_patient_liability: Money | None = None
    lines: tuple[LineAdjudication | None, ...] = Field(default=(), max_length=999)


def _payer_index(encounter: Encounter, payer_order: int | str) -> int:
    if isinstance(payer_order, str):
        if payer_order not in _ORDER_NAMES:
            raise ClaimValidationError(
                f"payer_order {payer_order!r} is not 'primary', 'secondary' or 'tertiary'",
                model="Encounter",
                field="coverages",
            )
        index = _ORDER_NAMES[payer_order]
    elif isinstance(payer_order, int) and not isinstance(payer_order, bool):
        index = payer_order
    else:
        raise ClaimValidationError(
            "payer_order must be an int (0 for primary) or 'primary', 'secondary', 'tertiary'",
            model="Encounter",
            field="coverages",
        )
    if not 0 <= index < len(encounter.coverages):
        raise ClaimValidationError(
            f"payer_order {payer_order!r} names no coverage: the encounter has "
            f"{len(encounter.coverages)}",
            model="Encounter",
            field="coverages",
            claim_id=encounter.encounter_id,
        )
    return index


def _charge(procedure: Procedure, index: int, fees: FeeSchedule) -> Money:
    key = procedure.code if procedure.code is not None else procedure.revenue_code
    assert key is not None  # the Procedure model requires one of them
    try:
        unit_price = fees.price(key, procedure.modifiers)
    except MissingPrice as exc:
        raise MissingPrice(
            exc.message,
            code=exc.code,
            modifiers=exc.modifiers,
            schedule=exc.schedule,
            field=f"procedures[{index}]",
        ) from None
    return unit_price.multiply(procedure.units, rounding=ROUND_HALF_UP)


def from_encounter(
    encounter: Encounter,
    *,
    fee_schedule: FeeSchedule,
    payer_order: int | Literal["primary", "secondary", "tertiary"] = 0,
    adjudications: Sequence[PayerAdjudication] = (),
    claim_id: str | None = None,
) -> Claim:
    """Build the claim for one of the encounter's coverages.

    * Charges come from *fee_schedule*: the price of each procedure's code and
      modifiers (or of its revenue code when it has no code) times its units,
      rounded half up to the cent. A missing price raises :class:`MissingPrice`.
    * Professional claims list the principal diagnosis first, then the others
      in the order the lines point to them, then the rest (the CMS-1500 has 12
      places; unreferenced diagnoses past the 12th are left off and logged).
      Each line points to the diagnoses its procedure supports, at most four.
    * Lines are ordered as billing staff expect: professional lines by date
      of service, then highest charge first (so multiple-procedure reductions
      fall on the cheaper lines); institutional lines by revenue code, then
      date, as the UB-04 lists them.
    * The other coverages become the claim's other payers (COB); for a claim
      to a secondary or later payer, *adjudications* holds what each earlier
      payer decided, in order.

    Args:
        encounter: the coded encounter.
        fee_schedule: the provider's charges.
        payer_order: which coverage to bill: ``0``/``"primary"``,
            ``1``/``"secondary"``, ``2``/``"tertiary"``...
        adjudications: one :class:`PayerAdjudication` per earlier payer; needed
            when *payer_order* is not the primary.
        claim_id: the claim ID (CLM01); defaults to the encounter ID.

    Raises:
        MissingPrice: a procedure has no price.
        ClaimValidationError: anything else that keeps the claim from being valid
            (a professional procedure with no diagnosis, more than four
            diagnoses for a line, an institutional procedure with no revenue
            code, too many diagnoses...).

    Example:
        >>> from rcm.claims.examples import office_visit, clinic_fees
        >>> claim = from_encounter(office_visit(), fee_schedule=clinic_fees())
        >>> for line in claim.lines:
        ...     print(line.procedure_code, line.charge, line.diagnosis_pointers)
        99213 125.00 (2, 1)
        36415 15.00 (1,)
        >>> claim.total_charge, claim.responsibility, len(claim.other_payers)
        (Money('140.00'), 'P', 1)
    """
    index = _payer_index(encounter, payer_order)
    if len(adjudications) != index:
        raise ClaimValidationError(
            f"billing payer {index + 1} needs the adjudication of the {index} earlier "
            f"payer{'s' if index != 1 else ''}; {len(adjudications)} given",
            model="Encounter",
            field="coverages",
            claim_id=encounter.encounter_id,
        )
    for adjudication in adjudications:
        if adjudication.lines and len(adjudication.lines) != len(encounter.procedures):
            raise ClaimValidationError(
                "an adjudication's lines must match the encounter's procedures one to one",
                model="PayerAdjudication",
                field="lines",
                claim_id=encounter.encounter_id,
            )
    if encounter.kind == "professional":
        return _professional(encounter, fee_schedule, index, adjudications, claim_id)
    return _institutional(encounter, fee_schedule, index, adjudications, claim_id)


def _other_payers(
    encounter: Encounter, index: int, adjudications: Sequence[PayerAdjudication]
) -> tuple[OtherPayer, ...]:
    others: list[OtherPayer] = []
    for position, full in enumerate(encounter.coverages):
        if position == index:
            continue
        # The 837 carries no birth date or sex for another payer's subscriber.
        coverage = full.evolve(subscriber=full.subscriber.evolve(birth_date=None, sex=None))
        responsibility = RESPONSIBILITY_ORDER[position]
        if position < index:
            adj = adjudications[position]
            others.append(
                OtherPayer(
                    coverage=coverage,
                    responsibility=responsibility,
                    paid_amount=adj.paid_amount,
                    adjustments=adj.adjustments,
                    paid_date=adj.paid_date,
                    claim_control_number=adj.claim_control_number,
                    remaining_patient_liability=adj.remaining_patient_liability,
                )
            )
        else:
            others.append(OtherPayer(coverage=coverage, responsibility=responsibility))
    return tuple(others)


def _line_adjudications(
    adjudications: Sequence[PayerAdjudication], procedure_index: int
) -> tuple[LineAdjudication, ...]:
    found: list[LineAdjudication] = []
    for adjudication in adjudications:
        if adjudication.lines:
            line = adjudication.lines[procedure_index]
            if line is not None:
                found.append(line)
    return tuple(found)


def _common(encounter: Encounter, index: int, claim_id: str | None) -> dict[str, object]:
    return {
        "claim_id": claim_id if claim_id is not None else encounter.encounter_id,
        "billing_provider": encounter.billing_provider,
        "coverage": encounter.coverages[index],
        "responsibility": RESPONSIBILITY_ORDER[index],
        "patient": encounter.patient,
        "frequency_code": encounter.frequency_code,
        "original_claim_number": encounter.original_claim_number,
        "related_causes": encounter.related_causes,
        "accident_state": encounter.accident_state,
        "condition_codes": encounter.condition_codes,
        "prior_authorization": encounter.prior_authorization,
        "referral_number": encounter.referral_number,
        "medical_record_number": encounter.medical_record_number,
        "referring_provider": encounter.referring_provider,
        "rendering_provider": encounter.rendering_provider,
        "service_facility": encounter.service_facility,
    }


def _professional(
    encounter: Encounter,
    fees: FeeSchedule,
    index: int,
    adjudications: Sequence[PayerAdjudication],
    claim_id: str | None,
) -> Claim:
    drafts: list[tuple[tuple[date, int, int], int, Procedure, Money]] = []
    for position, procedure in enumerate(encounter.procedures):
        if procedure.code is None:
            raise ClaimValidationError(
                "a professional procedure needs a CPT/HCPCS code",
                model="Encounter",
                field=f"procedures[{position}].code",
                claim_id=encounter.encounter_id,
            )
        if not procedure.diagnoses:
            raise ClaimValidationError(
                f"procedure {procedure.code} supports no diagnosis; a professional line needs "
                "at least one diagnosis pointer",
                model="Encounter",
                field=f"procedures[{position}].diagnoses",
                claim_id=encounter.encounter_id,
            )
        if len(procedure.diagnoses) > 4:
            raise ClaimValidationError(
                f"procedure {procedure.code} supports {len(procedure.diagnoses)} diagnoses; "
                "a professional line points to at most 4",
                model="Encounter",
                field=f"procedures[{position}].diagnoses",
                claim_id=encounter.encounter_id,
            )
        charge = _charge(procedure, position, fees)
        start = (procedure.service_date or encounter.service_period).start
        drafts.append(((start, -charge.cents, position), position, procedure, charge))
    drafts.sort(key=lambda draft: draft[0])

    # Diagnoses: the principal, then in the order lines point to them, then the rest.
    by_code = {dx.code: dx for dx in encounter.diagnoses}
    principal = encounter.diagnoses[0]
    order: list[str] = [principal.code]
    for _, _, procedure, _ in drafts:
        for code in procedure.diagnoses:
            if code not in order:
                order.append(code)
    if len(order) > 12:
        raise ClaimValidationError(
            f"the procedures point to {len(order)} diagnoses (with the principal); a "
            "professional claim holds 12: split the encounter into several claims",
            model="Encounter",
            field="diagnoses",
            claim_id=encounter.encounter_id,
        )
    for dx in encounter.diagnoses:
        if dx.code not in order:
            if len(order) == 12:
                logger.info("diagnoses past the 12th that no line points to are left off the claim")
                break
            order.append(dx.code)
    diagnoses = tuple(
        Diagnosis(code=by_code[code].code, system=by_code[code].system) for code in order
    )
    position_of = {code: number for number, code in enumerate(order, start=1)}

    lines = []
    for _, position, procedure, charge in drafts:
        pos = procedure.place_of_service
        lines.append(
            ServiceLine(
                procedure_code=procedure.code,
                modifiers=procedure.modifiers,
                charge=charge,
                units=procedure.units,
                unit_basis=procedure.unit_basis,
                service_date=procedure.service_date or encounter.service_period,
                place_of_service=pos if pos != encounter.place_of_service else None,
                diagnosis_pointers=tuple(position_of[code] for code in procedure.diagnoses),
                drug=procedure.drug,
                adjudications=_line_adjudications(adjudications, position),
            )
        )
    return Claim(
        kind="professional",
        **_common(encounter, index, claim_id),
        place_of_service=encounter.place_of_service,
        diagnoses=diagnoses,
        admission_date=encounter.admission_date,
        onset_date=encounter.onset_date,
        accident_date=encounter.accident_date,
        supervising_provider=encounter.supervising_provider,
        other_payers=_other_payers(encounter, index, adjudications),
        lines=tuple(lines),
    )


def _institutional(
    encounter: Encounter,
    fees: FeeSchedule,
    index: int,
    adjudications: Sequence[PayerAdjudication],
    claim_id: str | None,
) -> Claim:
    if len(encounter.diagnoses) > 25:
        raise ClaimValidationError(
            f"the encounter has {len(encounter.diagnoses)} diagnoses; an institutional claim "
            "holds 25 (the principal and 24 others)",
            model="Encounter",
            field="diagnoses",
            claim_id=encounter.encounter_id,
        )
    drafts: list[tuple[tuple[str, date, int], int, Procedure, Money]] = []
    for position, procedure in enumerate(encounter.procedures):
        if procedure.revenue_code is None:
            raise ClaimValidationError(
                "an institutional procedure needs a revenue code",
                model="Encounter",
                field=f"procedures[{position}].revenue_code",
                claim_id=encounter.encounter_id,
            )
        charge = _charge(procedure, position, fees)
        start = (procedure.service_date or encounter.service_period).start
        drafts.append(((procedure.revenue_code, start, position), position, procedure, charge))
    drafts.sort(key=lambda draft: draft[0])
    lines = []
    for _, position, procedure, charge in drafts:
        service_date = procedure.service_date
        if service_date is None and procedure.code is not None:
            service_date = encounter.service_period
        lines.append(
            ServiceLine(
                procedure_code=procedure.code,
                modifiers=procedure.modifiers,
                charge=charge,
                units=procedure.units,
                unit_basis=procedure.unit_basis,
                service_date=service_date,
                revenue_code=procedure.revenue_code,
                drug=procedure.drug,
                adjudications=_line_adjudications(adjudications, position),
            )
        )
    return Claim(
        kind="institutional",
        **_common(encounter, index, claim_id),
        facility_type=encounter.facility_type,
        diagnoses=encounter.diagnoses,
        admitting_diagnosis=encounter.admitting_diagnosis,
        procedures=encounter.inpatient_procedures,
        occurrences=encounter.occurrences,
        occurrence_spans=encounter.occurrence_spans,
        value_codes=encounter.value_codes,
        statement_period=encounter.service_period,
        admission_date=encounter.admission_date,
        admission_time=encounter.admission_time,
        discharge_time=encounter.discharge_time,
        admission_type=encounter.admission_type,
        admission_source=encounter.admission_source,
        discharge_status=encounter.discharge_status,
        attending_provider=encounter.attending_provider,
        operating_provider=encounter.operating_provider,
        other_operating_provider=encounter.other_operating_provider,
        other_payers=_other_payers(encounter, index, adjudications),
        lines=tuple(lines),
    )
