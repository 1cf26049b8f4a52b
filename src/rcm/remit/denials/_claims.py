"""Claims that answer a remittance: replacements, voids, and the claim to the next payer."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final

from rcm.claims import (
    Adjustment as ClaimAdjustment,
)
from rcm.claims import (
    Claim,
    ClaimValidationError,
    Coverage,
    LineAdjudication,
    OtherPayer,
    ServiceLine,
    Subscriber,
)
from rcm.errors import mask
from rcm.money import Money, allocate
from rcm.remit import Adjustment, ClaimPayment, ServicePayment

__all__ = ["corrected_claim", "effective_payments", "secondary_claim", "void_claim"]

logger = logging.getLogger(__name__)

_ZERO: Final = Money(0)
_ORDER: Final = ("P", "S", "T", "A", "B", "C", "D", "E", "F", "G", "H")


def _rebuild(claim: Claim, changes: Mapping[str, Any]) -> Claim:
    data = {**dict(claim), **changes}
    if "lines" in changes and "total_charge" not in changes:
        data["total_charge"] = None
    return Claim.model_validate(data)


def corrected_claim(original: Claim, *, payer_claim_number: str, **changes: Any) -> Claim:
    """A replacement claim (frequency ``7``) for *original*, with the payer's claim number.

    The payer's number (its ICN/DCN from CLP07) goes in ``original_claim_number``
    (REF F8). Pass the corrections as field values (``lines=...``,
    ``diagnoses=...``); when the lines change and no total is given, the total
    is the sum of the new lines.

    Raises:
        ClaimValidationError: the corrected claim breaks a claim rule.

    Example:
        >>> from rcm.claims import ServiceLine
        >>> from rcm.claims.examples import professional_claim
        >>> claim = professional_claim()
        >>> fixed = corrected_claim(claim, payer_claim_number="ICN250320001",
        ...     lines=(claim.lines[0].model_copy(update={"modifiers": ("25",)}), claim.lines[1]))
        >>> fixed.frequency_code, fixed.original_claim_number, fixed.lines[0].modifiers
        ('7', 'ICN250320001', ('25',))
    """
    return _rebuild(
        original,
        {**changes, "frequency_code": "7", "original_claim_number": payer_claim_number},
    )


def void_claim(original: Claim, *, payer_claim_number: str) -> Claim:
    """A void (frequency ``8``) of *original*, naming the payer's claim number.

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> void = void_claim(professional_claim(), payer_claim_number="ICN1")
        >>> void.frequency_code, void.total_charge
        ('8', Money('225.00'))
    """
    return _rebuild(original, {"frequency_code": "8", "original_claim_number": payer_claim_number})


def effective_payments(payments: Iterable[ClaimPayment]) -> tuple[ClaimPayment, ...]:
    """The claim payments that still stand: each reversal takes out the payment it undoes.

    A reversal (CLP02 22) cancels the latest earlier payment with the opposite
    claim payment amount (and the same payer claim number, when it has one).

    Example:
        >>> from rcm.remit import ClaimPayment, ClaimStatus
        >>> paid = ClaimPayment(patient_control_number="A", status="1", charge=Money(100),
        ...                     paid=Money(80), payer_claim_control_number="I1")
        >>> back = paid.model_copy(update={"status": ClaimStatus.REVERSAL,
        ...                               "charge": Money(-100), "paid": Money(-80)})
        >>> again = paid.model_copy(update={"paid": Money(90),
        ...                                "payer_claim_control_number": "I2"})
        >>> standing = effective_payments([paid, back, again])
        >>> numbers = [p.payer_claim_control_number for p in standing]
        >>> numbers
        ['I2']
    """
    standing: list[ClaimPayment] = []
    for payment in payments:
        if not payment.is_reversal:
            standing.append(payment)
            continue
        for position in range(len(standing) - 1, -1, -1):
            candidate = standing[position]
            number = payment.payer_claim_control_number
            if candidate.paid == -payment.paid and (
                not number or candidate.payer_claim_control_number in (None, number)
            ):
                del standing[position]
                break
    return tuple(standing)


def _convert(adjustments: Iterable[Adjustment]) -> tuple[ClaimAdjustment, ...]:
    merged: dict[tuple[str, str], Money] = {}
    for adjustment in adjustments:
        key = (adjustment.group.value, adjustment.reason)
        merged[key] = merged.get(key, _ZERO) + adjustment.amount
    return tuple(
        ClaimAdjustment(group=group, reason=reason, amount=amount)
        for (group, reason), amount in merged.items()
        if amount
    )


def _next_coverage(primary: Claim) -> tuple[Coverage, str]:
    position = _ORDER.index(primary.responsibility)
    later = sorted(
        (other for other in primary.other_payers if other.responsibility in _ORDER),
        key=lambda other: _ORDER.index(other.responsibility),
    )
    for other in later:
        if _ORDER.index(other.responsibility) > position:
            return other.coverage, other.responsibility
    raise ClaimValidationError(
        f"claim {mask(primary.claim_id)} names no payer after {primary.responsibility}: add the "
        "next coverage to other_payers, or pass next_coverage=",
        model="Claim",
        field="other_payers",
        claim_id=primary.claim_id,
    )


def _line_adjudication(
    line: ServiceLine,
    parts: Sequence[tuple[ServicePayment, Money, tuple[Adjustment, ...]]],
    *,
    payer_id: str,
    paid_date: date,
    bundled: bool,
) -> LineAdjudication:
    service = parts[0][0]
    paid = sum((part[1] for part in parts), _ZERO)
    adjustments = [adj for part in parts for adj in part[2]]
    # Units paid as the payer reported them (a split line's parts add up);
    # the billed units when it reported none, or for a line of a bundle.
    reported = [s.units_paid for s, _, _ in parts]
    units = line.units
    if not bundled and all(u is not None and u > 0 for u in reported):
        units = sum((u for u in reported if u is not None), start=Decimal(0))
    procedure = service.procedure
    procedure_code = line.procedure_code
    modifiers: tuple[str, ...] = line.modifiers
    if procedure.qualifier in ("HC", "ER", "HP", "IV", "WK") and procedure.code:
        procedure_code = procedure.code
        modifiers = procedure.modifiers
    patient = sum((a.amount for a in adjustments if a.group.value == "PR"), _ZERO)
    return LineAdjudication(
        payer_id=payer_id,
        paid_amount=paid,
        procedure_code=procedure_code,
        code_qualifier=line.code_qualifier,
        modifiers=modifiers,
        revenue_code=line.revenue_code,
        units=units,
        adjustments=_convert(adjustments),
        paid_date=paid_date,
        remaining_patient_liability=patient,
    )


def secondary_claim(
    primary: Claim,
    payments: ClaimPayment | Iterable[ClaimPayment],
    *,
    paid_date: date,
    next_coverage: Coverage | None = None,
    claim_id: str | None = None,
) -> Claim:
    """The claim to the next payer, with the prior payer's adjudication in the COB loops.

    From the primary (or any earlier) payer's claim payments for *primary*,
    build the claim to the payer after it in ``other_payers``: the same
    services and diagnoses, the earlier payer moved into ``other_payers``
    with what it paid (AMT D), its claim-level adjustments (CAS), its claim
    number (REF F8), the remittance date (DTP 573) and what the patient still
    owes (AMT EAF); and each line's adjudication (loop 2430: SVD paid amount,
    CAS, remaining patient liability), matched line by line as posting does.
    Reversals take out the payments they undo (:func:`effective_payments`).

    Args:
        primary: the claim the earlier payer adjudicated.
        payments: its claim payment(s) for the claim, in the order received
            (lines paid on a later remittance, reversals and corrections included).
        paid_date: the date of the earlier payer's remittance (DTP 573).
        next_coverage: the coverage to bill (default: the first of the claim's
            other payers after its own place in the order).
        claim_id: the new claim's ID (default: the same patient control number).

    Raises:
        ClaimValidationError: no next payer, a service payment that fits no
            line, or a claim that breaks a claim rule.

    Example:
        >>> from datetime import date
        >>> from rcm.claims import from_encounter
        >>> from rcm.claims.examples import clinic_fees, office_visit
        >>> from rcm.remit.posting._examples import example_payment
        >>> primary = from_encounter(office_visit(), fee_schedule=clinic_fees())
        >>> claim = secondary_claim(primary, example_payment().claims[0],
        ...                         paid_date=date(2025, 3, 20))
        >>> claim.responsibility, claim.coverage.payer.name
        ('S', 'STATE MEDICAID')
        >>> prior = claim.other_payers[0]
        >>> prior.responsibility, prior.paid_amount, prior.remaining_patient_liability
        ('P', Money('89.60'), Money('22.40'))
        >>> paid = [(a.paid_amount, a.remaining_patient_liability) for l in claim.lines
        ...         for a in l.adjudications]
        >>> paid
        [(Money('80.00'), Money('20.00')), (Money('9.60'), Money('2.40'))]
    """
    from rcm.remit.posting import match_lines

    given = [payments] if isinstance(payments, ClaimPayment) else list(payments)
    standing = effective_payments(given)
    if not standing:
        raise ClaimValidationError(
            f"claim {mask(primary.claim_id)}: no claim payment stands (all were reversed)",
            model="ClaimPayment",
            field="payments",
            claim_id=primary.claim_id,
        )
    if next_coverage is None:
        coverage, responsibility = _next_coverage(primary)
    else:
        coverage = next_coverage
        position = _ORDER.index(primary.responsibility)
        responsibility = _ORDER[position + 1]
    if coverage.relationship == "18":
        # Other payers' subscribers carry no birth date or sex (loop 2330A has
        # no DMG); the billed payer's subscriber who is the patient needs them.
        coverage = coverage.evolve(
            subscriber=Subscriber.from_patient(
                primary.patient, member_id=coverage.subscriber.member_id
            )
        )
    payer = primary.coverage.payer
    assert payer is not None  # a claim built strictly always has its payer
    per_line: dict[int, list[tuple[ServicePayment, Money, tuple[Adjustment, ...]]]] = {}
    bundled: set[int] = set()
    claim_level: list[Adjustment] = []
    paid_total = _ZERO
    patient_total = _ZERO
    for payment in standing:
        paid_total += payment.paid
        patient_total += sum(
            (adj.amount for _, adj in payment.all_adjustments() if adj.group.value == "PR"), _ZERO
        )
        claim_level.extend(payment.adjustments)
        matches, problems = match_lines(primary.lines, payment.services)
        if problems:
            problem = problems[0]
            raise ClaimValidationError(
                f"claim {mask(primary.claim_id)}: service payment {problem.service_index + 1} "
                f"cannot be placed on a line ({problem.message})",
                model="ClaimPayment",
                field=f"services[{problem.service_index}]",
                claim_id=primary.claim_id,
            )
        for match in matches:
            service = payment.services[match.service_index]
            if len(match.lines) == 1:
                per_line.setdefault(match.lines[0], []).append(
                    (service, service.paid, service.adjustments)
                )
                continue
            # A bundle: split the adjustments by charge and derive each line's payment.
            shares = [allocate(adj.amount, match.weights) for adj in service.adjustments]
            bundled.update(match.lines)
            for position, line_index in enumerate(match.lines):
                parts = tuple(
                    adj.model_copy(update={"amount": share[position]})
                    for adj, share in zip(service.adjustments, shares, strict=True)
                    if share[position]
                )
                paid = primary.lines[line_index].charge - sum((a.amount for a in parts), _ZERO)
                per_line.setdefault(line_index, []).append((service, paid, parts))
    lines = []
    for index, line in enumerate(primary.lines):
        adjudications = [a for a in line.adjudications if a.payer_id != payer.payer_id]
        placed = per_line.get(index)
        if placed:
            adjudications.append(
                _line_adjudication(
                    line,
                    placed,
                    payer_id=payer.payer_id,
                    paid_date=paid_date,
                    bundled=index in bundled,
                )
            )
        lines.append(line.model_copy(update={"adjudications": tuple(adjudications)}))
    prior = OtherPayer(
        coverage=primary.coverage.evolve(
            subscriber=primary.coverage.subscriber.evolve(birth_date=None, sex=None)
        ),
        responsibility=primary.responsibility,
        paid_amount=paid_total,
        remaining_patient_liability=patient_total,
        adjustments=_convert(claim_level),
        paid_date=paid_date,
        claim_control_number=standing[-1].payer_claim_control_number,
    )
    others = [prior]
    for other in primary.other_payers:
        if other.responsibility in (responsibility, primary.responsibility):
            continue
        others.append(other)
    others.sort(key=lambda other: _ORDER.index(other.responsibility))
    logger.debug(
        "secondary claim for %s to %s",
        mask(primary.claim_id),
        coverage.payer and coverage.payer.name,
    )
    return _rebuild(
        primary,
        {
            "claim_id": claim_id or primary.claim_id,
            "coverage": coverage,
            "responsibility": responsibility,
            "frequency_code": "1",
            "original_claim_number": None,
            "other_payers": tuple(others),
            "lines": tuple(lines),
            "total_charge": primary.total_charge,
        },
    )
