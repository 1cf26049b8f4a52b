"""A small, deterministic payer: it adjudicates claims into balanced 835 remittances.

``rcm demo`` and the property tests use it; it needs nothing but the runtime
dependencies. Two layers:

* :func:`adjudicate` turns a claim and one :class:`LineDecision` per line
  (allowed amount, deductible, coinsurance, copay, a denial, and the quirks
  real payers show: modifiers dropped or reordered, a line split in two, two
  lines bundled into one, no line control number) into a balanced
  :class:`~rcm.remit.ClaimPayment`. Hypothesis strategies draw the decisions
  (``rcm.testing``); the simulator draws them from a seeded ``random.Random``.
* :class:`PayerSimulator` decides with contract rates, a benefit design and
  a denial rate, denies what the edit engine predicted it would, and wraps
  claim payments into a :class:`~rcm.remit.Remittance`.

Everything here is made up; the CARC/RARC values are real codes.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Final

import attrs

from rcm.errors import ValidationError
from rcm.money import Money, allocate
from rcm.remit import (
    Adjustment,
    Amount,
    ClaimPayment,
    ClaimStatus,
    DateReference,
    Party,
    Payment,
    Procedure,
    ProviderAdjustment,
    ProviderAdjustmentItem,
    Reference,
    Remark,
    Remittance,
    ServicePayment,
    Trace,
)

if TYPE_CHECKING:
    from rcm.claims import Claim, FeeSchedule, ServiceLine
    from rcm.edits import Finding

__all__ = [
    "LineDecision",
    "PayerSimulator",
    "adjudicate",
    "remittance",
    "reversal_of",
]

_ZERO: Final = Money(0)
_COPAY: Final = Money("25.00")


@attrs.frozen(slots=True)
class LineDecision:
    """How a payer decides one claim line.

    Attributes:
        denial: ``(group, carc, rarcs)`` to deny the whole line, or ``None``.
        allowed: the allowed amount (at most the charge; ``None``: the charge).
        deductible: the patient's deductible on the line (PR-1).
        coinsurance: the patient's coinsurance (PR-2).
        copay: the patient's copay (PR-3).
        split: report the line as two service payments (units split) when it has
            two or more whole units.
        drop_modifiers: leave the modifiers off the service payment.
        reorder_modifiers: send the modifiers in reverse order.
        control_number: send the line item control number back (``REF*6R``).
        bundle_into: the 0-based line this one is bundled into (one service
            payment for both, with the other line's code).
        prior: what earlier payers' adjudication covers (a secondary payer
            reports it as ``OA-23``); the rest is what this payer decides on.

    Example:
        >>> LineDecision(allowed=Money("80.00"), coinsurance=Money("16.00")).denial is None
        True
    """

    denial: tuple[str, str, tuple[str, ...]] | None = None
    allowed: Money | None = None
    deductible: Money = _ZERO
    coinsurance: Money = _ZERO
    copay: Money = _ZERO
    split: bool = False
    drop_modifiers: bool = False
    reorder_modifiers: bool = False
    control_number: bool = True
    bundle_into: int | None = None
    prior: Money = _ZERO


def _dates(line: ServiceLine) -> tuple[DateReference, ...]:
    period = line.service_date
    if period is None:
        return ()
    if period.start == period.end:
        return (DateReference(qualifier="472", date=period.start),)
    return (
        DateReference(qualifier="150", date=period.start),
        DateReference(qualifier="151", date=period.end),
    )


def _procedure(line: ServiceLine, decision: LineDecision) -> Procedure:
    if line.procedure_code is None:
        return Procedure(qualifier="NU", code=line.revenue_code or "0001")
    modifiers = line.modifiers
    if decision.drop_modifiers:
        modifiers = ()
    elif decision.reorder_modifiers:
        modifiers = tuple(reversed(modifiers))
    return Procedure(qualifier=line.code_qualifier, code=line.procedure_code, modifiers=modifiers)


def _adjustments(charge: Money, decision: LineDecision) -> tuple[tuple[Adjustment, ...], Money]:
    """The line's CAS triplets and what it pays, balanced: charge - CAS = paid."""
    if decision.denial is not None:
        group, reason, _ = decision.denial
        if not charge:
            return (), _ZERO
        return (Adjustment(group=group, reason=reason, amount=charge),), _ZERO
    parts: list[Adjustment] = []
    base = charge
    if decision.prior:
        prior = min(decision.prior, charge)
        parts.append(Adjustment(group="OA", reason="23", amount=prior))
        base = charge - prior
    allowed = base if decision.allowed is None else min(decision.allowed, base)
    if base - allowed:
        parts.append(Adjustment(group="CO", reason="45", amount=base - allowed))
    owed = allowed
    for reason, amount in (
        ("1", decision.deductible),
        ("2", decision.coinsurance),
        ("3", decision.copay),
    ):
        share = min(amount, owed)
        if share > _ZERO:
            parts.append(Adjustment(group="PR", reason=reason, amount=share))
            owed -= share
    return tuple(parts), owed


def _service(
    line: ServiceLine,
    decision: LineDecision,
    charge: Money,
    adjustments: tuple[Adjustment, ...],
    *,
    paid: Money,
    units: Decimal,
) -> ServicePayment:
    allowed = charge - sum((a.amount for a in adjustments if a.group.value != "PR"), _ZERO)
    allowed = max(allowed, _ZERO)
    references: tuple[Reference, ...] = ()
    if decision.control_number and line.line_control_number:
        references = (Reference(qualifier="6R", value=line.line_control_number),)
    remarks: tuple[Remark, ...] = ()
    if decision.denial is not None:
        remarks = tuple(Remark(qualifier="HE", code=code) for code in decision.denial[2])
    return ServicePayment(
        procedure=_procedure(line, decision),
        charge=charge,
        paid=paid,
        revenue_code=line.revenue_code,
        units_paid=units,
        dates=_dates(line),
        adjustments=adjustments,
        references=references,
        amounts=(Amount(qualifier="B6", amount=allowed),) if decision.denial is None else (),
        remarks=remarks,
    )


def _split(
    line: ServiceLine,
    decision: LineDecision,
    adjustments: tuple[Adjustment, ...],
    paid: Money,
) -> tuple[ServicePayment, ...] | None:
    units = line.units
    if units != units.to_integral_value() or units < 2:
        return None
    first = (units / 2).to_integral_value(rounding=ROUND_HALF_UP)
    weights = [int(first), int(units - first)]
    charges = allocate(line.charge, weights)
    per_adjustment = [allocate(a.amount, weights) for a in adjustments]
    out: list[ServicePayment] = []
    for part in range(2):
        parts = tuple(
            a.model_copy(update={"amount": shares[part]})
            for a, shares in zip(adjustments, per_adjustment, strict=True)
            if shares[part]
        )
        part_paid = charges[part] - sum((a.amount for a in parts), _ZERO)
        if part_paid < _ZERO or not charges[part]:
            return None
        out.append(
            _service(
                line, decision, charges[part], parts, paid=part_paid, units=Decimal(weights[part])
            )
        )
    if sum((s.paid for s in out), _ZERO) != paid:
        return None
    return tuple(out)


def adjudicate(
    claim: Claim,
    decisions: Sequence[LineDecision],
    *,
    payer_claim_number: str,
    lines: Sequence[int] | None = None,
    status: ClaimStatus | str | None = None,
    received: date | None = None,
    interest: Money | None = None,
) -> ClaimPayment:
    """A balanced claim payment for *claim* from one decision per line.

    Args:
        claim: the claim adjudicated.
        decisions: one per claim line.
        payer_claim_number: the payer's claim number (CLP07).
        lines: the 0-based lines this payment covers (default: all; a payer
            may pay the others on a later remittance).
        status: CLP02 (default: ``4`` denied when every line is denied, else
            processed as the claim's payer order says).
        received: the date the payer received the claim (``DTM*050``).
        interest: prompt-payment interest for the claim (``AMT*I``).

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.remit import check_balance
        >>> claim = professional_claim()
        >>> paid = adjudicate(claim, [LineDecision(allowed=Money("100.00"),
        ...                                        coinsurance=Money("20.00")),
        ...                           LineDecision(denial=("CO", "97", ("M15",)))],
        ...                   payer_claim_number="ICN1")
        >>> paid.paid, paid.patient_responsibility, check_balance(paid)
        (Money('80.00'), Money('20.00'), ())
    """
    if len(decisions) != len(claim.lines):
        raise ValidationError(
            f"need one decision per claim line ({len(claim.lines)}), got {len(decisions)}",
            value=str(len(decisions)),
            expected=f"{len(claim.lines)} decisions",
        )
    chosen = list(range(len(claim.lines))) if lines is None else list(lines)
    bundled: dict[int, list[int]] = {}
    for index in chosen:
        target = decisions[index].bundle_into
        if target is not None and target != index and target in chosen:
            bundled.setdefault(target, []).append(index)
    skip = {i for members in bundled.values() for i in members}
    services: list[ServicePayment] = []
    for index in chosen:
        if index in skip:
            continue
        line = claim.lines[index]
        decision = decisions[index]
        charge = line.charge + sum((claim.lines[i].charge for i in bundled.get(index, ())), _ZERO)
        adjustments, paid = _adjustments(charge, decision)
        if decision.split and index not in bundled:
            parts = _split(line, decision, adjustments, paid)
            if parts is not None:
                services.extend(parts)
                continue
        services.append(_service(line, decision, charge, adjustments, paid=paid, units=line.units))
    charge = sum((s.charge for s in services), _ZERO)
    paid = sum((s.paid for s in services), _ZERO)
    patient = sum(
        (a.amount for s in services for a in s.adjustments if a.group.value == "PR"), _ZERO
    )
    if status is None:
        if (
            services
            and all(not s.paid for s in services)
            and any(decisions[i].denial is not None for i in chosen)
        ):
            status = ClaimStatus.DENIED
        else:
            status = {"P": "1", "S": "2", "T": "3"}.get(claim.responsibility, "1")
    dates = (DateReference(qualifier="050", date=received),) if received else ()
    amounts = (Amount(qualifier="I", amount=interest),) if interest else ()
    return ClaimPayment(
        patient_control_number=claim.claim_id,
        status=ClaimStatus(status),
        charge=charge,
        paid=paid,
        patient_responsibility=patient,
        filing_indicator=claim.coverage.filing_indicator,
        payer_claim_control_number=payer_claim_number,
        facility_code=claim.place_of_service or claim.facility_type,
        frequency=claim.frequency_code,
        dates=dates,
        amounts=amounts,
        services=tuple(services),
    )


def reversal_of(payment: ClaimPayment) -> ClaimPayment:
    """The reversal a payer sends to take back *payment*: every amount negated, CLP02 22.

    Example:
        >>> from rcm.remit import check_balance
        >>> original = ClaimPayment(patient_control_number="A1", status="1",
        ...                         charge=Money("100.00"), paid=Money("80.00"),
        ...                         adjustments=(Adjustment(group="CO", reason="45",
        ...                                                 amount=Money("20.00")),))
        >>> back = reversal_of(original)
        >>> back.status.value, back.paid, check_balance(back)
        ('22', Money('-80.00'), ())
    """

    def negate(items: tuple[Adjustment, ...]) -> tuple[Adjustment, ...]:
        return tuple(a.model_copy(update={"amount": -a.amount}) for a in items)

    services = tuple(
        s.model_copy(
            update={"charge": -s.charge, "paid": -s.paid, "adjustments": negate(s.adjustments)}
        )
        for s in payment.services
    )
    return payment.model_copy(
        update={
            "status": ClaimStatus.REVERSAL,
            "charge": -payment.charge,
            "paid": -payment.paid,
            "patient_responsibility": (
                -payment.patient_responsibility if payment.patient_responsibility else None
            ),
            "adjustments": negate(payment.adjustments),
            "amounts": (),
            "services": services,
        }
    )


def remittance(
    claims: Iterable[ClaimPayment],
    *,
    payer_id: str,
    payer_name: str,
    payee_npi: str,
    payee_name: str,
    trace_number: str,
    paid_on: date,
    provider_adjustments: Sequence[ProviderAdjustmentItem] = (),
) -> Remittance:
    """Wrap claim payments into a balanced 835 remittance (BPR02 = CLP04s - PLBs).

    Example:
        >>> from datetime import date
        >>> from rcm.remit import check_balance
        >>> claim = ClaimPayment(patient_control_number="A1", status="1",
        ...                      charge=Money("10.00"), paid=Money("10.00"))
        >>> r = remittance([claim], payer_id="60054", payer_name="ACME", payee_npi="1234567893",
        ...                payee_name="CLINIC", trace_number="T1", paid_on=date(2025, 4, 1))
        >>> r.payment.amount, check_balance(r)
        (Money('10.00'), ())
    """
    payments = tuple(claims)
    plbs: tuple[ProviderAdjustment, ...] = ()
    if provider_adjustments:
        plbs = tuple(
            ProviderAdjustment(
                provider_id=payee_npi,
                fiscal_period_end=date(paid_on.year, 12, 31),
                items=tuple(provider_adjustments[i : i + 6]),
            )
            for i in range(0, len(provider_adjustments), 6)
        )
    net = sum((c.paid for c in payments), _ZERO) - sum((p.total for p in plbs), _ZERO)
    return Remittance(
        payment=Payment(
            handling_code="I" if not net else "C",
            amount=abs(net),
            credit_debit="D" if net < _ZERO else "C",
            method="ACH" if net else "NON",
            date=paid_on,
        ),
        trace=Trace(type_code="1", number=trace_number, originator_id=f"1{payer_id[:9]}"),
        payer=Party(entity_code="PR", name=payer_name, id_qualifier="XV", id=payer_id),
        payee=Party(entity_code="PE", name=payee_name, id_qualifier="XX", id=payee_npi),
        dates=(DateReference(qualifier="405", date=paid_on),),
        claims=payments,
        provider_adjustments=plbs,
    )


#: Denials the simulator draws at random: (group, CARC, RARCs).
RANDOM_DENIALS: Final[tuple[tuple[str, str, tuple[str, ...]], ...]] = (
    ("CO", "197", ()),
    ("CO", "16", ("M76",)),
    ("CO", "50", ("N115",)),
    ("CO", "97", ("M15",)),
    ("CO", "27", ()),
    ("CO", "29", ()),
    ("PR", "96", ()),
)


@attrs.frozen
class PayerSimulator:
    """A payer with contract rates, a benefit design and habits; deterministic for a seed.

    Attributes:
        payer_id: its payer ID (what the claims' coverage names).
        name: its name.
        rates: allowed amount per code (a fee schedule of contract rates).
        coinsurance: the patient's share of the allowed amount after the deductible.
        copay: a flat copay on evaluation and management visits (``99*`` codes).
        deductible: the deductible left to meet, per patient.
        denial_rate: the chance that a claim gets one line denied at random.
        deny_predicted: deny what the edit findings given to :meth:`pay` predict.
        quirk_rate: the chance of a matching quirk per line (modifiers dropped
            or reordered, a line split, no line control number).

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import clinic_fees, professional_claim
        >>> payer = PayerSimulator("60054", "ACME HEALTH PLAN", rates=clinic_fees())
        >>> remit = payer.pay([professional_claim()], seed=7, paid_on=date(2025, 4, 1),
        ...                   trace_number="T1", payee_npi="1234567893", payee_name="CLINIC")
        >>> remit == payer.pay([professional_claim()], seed=7, paid_on=date(2025, 4, 1),
        ...                    trace_number="T1", payee_npi="1234567893", payee_name="CLINIC")
        True
    """

    payer_id: str
    name: str
    rates: FeeSchedule | None = None
    coinsurance: Decimal = Decimal("0.20")
    copay: Money = _COPAY
    deductible: Money = _ZERO
    denial_rate: Decimal = Decimal("0.10")
    deny_predicted: bool = True
    quirk_rate: Decimal = Decimal("0.15")

    def _allowed(self, line: ServiceLine, rng: random.Random) -> Money:
        code = line.procedure_code or line.revenue_code
        if self.rates is not None and code is not None and code in self.rates:
            from rcm.claims import MissingPrice

            try:
                unit = self.rates.price(code, line.modifiers)
            except MissingPrice:
                unit = self.rates.price(code)
            allowed = unit.multiply(line.units, rounding=ROUND_HALF_UP)
            # A contract rate is below the charge: 70 to 90 per cent of the fee schedule.
            allowed = allowed.multiply(Decimal(rng.randint(70, 90)) / 100, rounding=ROUND_HALF_UP)
        else:
            allowed = line.charge.multiply(Decimal("0.75"), rounding=ROUND_HALF_UP)
        return min(allowed, line.charge)

    def decide(
        self,
        claim: Claim,
        rng: random.Random,
        *,
        findings: Sequence[Finding] = (),
        deductible_left: Money | None = None,
    ) -> list[LineDecision]:
        """One decision per line of *claim*, drawn from *rng*.

        Example:
            >>> import random
            >>> from rcm.claims.examples import professional_claim
            >>> payer = PayerSimulator("60054", "ACME", denial_rate=Decimal(0))
            >>> [d.denial for d in payer.decide(professional_claim(), random.Random(1))]
            [None, None]
        """
        denied: dict[int, tuple[str, str, tuple[str, ...]]] = {}
        if self.deny_predicted:
            for finding in findings:
                if finding.is_error and finding.carc is not None:
                    for index in finding.lines or range(len(claim.lines)):
                        denied.setdefault(index, ("CO", finding.carc, finding.rarcs))
        if not denied and rng.random() < float(self.denial_rate):
            denied[rng.randrange(len(claim.lines))] = rng.choice(RANDOM_DENIALS)
        left = self.deductible if deductible_left is None else deductible_left
        copay_used = False
        decisions: list[LineDecision] = []
        for index, line in enumerate(claim.lines):
            quirk = rng.random() < float(self.quirk_rate)
            quirks = LineDecision(
                drop_modifiers=quirk and rng.random() < 0.3 and bool(line.modifiers),
                reorder_modifiers=quirk and rng.random() < 0.3 and len(line.modifiers) > 1,
                split=quirk and rng.random() < 0.3,
                control_number=not (quirk and rng.random() < 0.5),
            )
            if index in denied:
                decisions.append(attrs.evolve(quirks, denial=denied[index]))
                continue
            allowed = self._allowed(line, rng)
            deductible = min(left, allowed)
            left -= deductible
            copay = _ZERO
            code = line.procedure_code or ""
            if not copay_used and code.startswith("99") and self.copay:
                copay = min(self.copay, allowed - deductible)
                copay_used = True
            rest = allowed - deductible - copay
            coinsurance = (
                _ZERO if copay else rest.multiply(self.coinsurance, rounding=ROUND_HALF_UP)
            )
            decisions.append(
                attrs.evolve(
                    quirks,
                    allowed=allowed,
                    deductible=deductible,
                    coinsurance=coinsurance,
                    copay=copay,
                )
            )
        return decisions

    def pay(
        self,
        claims: Iterable[Claim],
        *,
        seed: int,
        paid_on: date,
        trace_number: str,
        payee_npi: str,
        payee_name: str,
        findings: Mapping[str, Sequence[Finding]] | None = None,
    ) -> Remittance:
        """Adjudicate *claims* into one remittance, the same way every time for a *seed*.

        Each claim's decisions come from its own generator (seeded with the
        seed and the claim ID), so adding a claim does not change the others.

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> from rcm.remit import check_balance
            >>> payer = PayerSimulator("60054", "ACME HEALTH PLAN", denial_rate=Decimal(0))
            >>> remit = payer.pay([professional_claim()], seed=1, paid_on=date(2025, 4, 1),
            ...                   trace_number="T1", payee_npi="1234567893", payee_name="CLINIC")
            >>> check_balance(remit), remit.claims[0].status.value
            ((), '1')
        """
        findings = findings or {}
        deductibles: dict[str, Money] = {}
        payments: list[ClaimPayment] = []
        for number, claim in enumerate(claims, start=1):
            # Not for security: a reproducible simulation.
            rng = random.Random(f"{seed}:{self.payer_id}:{claim.claim_id}")  # noqa: S311
            member = claim.coverage.subscriber.member_id
            left = deductibles.get(member, self.deductible)
            decisions = self.decide(
                claim, rng, findings=findings.get(claim.claim_id, ()), deductible_left=left
            )
            deductibles[member] = left - sum((d.deductible for d in decisions), _ZERO)
            payments.append(
                adjudicate(
                    claim,
                    decisions,
                    payer_claim_number=f"{self.payer_id[:4]}{paid_on:%y%m%d}{number:05d}",
                    received=claim.service_period.end,
                )
            )
        return remittance(
            payments,
            payer_id=self.payer_id,
            payer_name=self.name,
            payee_npi=payee_npi,
            payee_name=payee_name,
            trace_number=trace_number,
            paid_on=paid_on,
        )

    def pay_secondary(
        self,
        claims: Iterable[Claim],
        *,
        paid_on: date,
        trace_number: str,
        payee_npi: str,
        payee_name: str,
    ) -> Remittance:
        """Adjudicate claims to this payer as the next payer: it pays what the patient owed.

        Each line's earlier adjudication (loop 2430) says what the patient still
        owed; the payer reports the rest as the prior payer's effect (``OA-23``)
        and pays what the patient owed, less this payer's copay on the first
        line of a claim (``PR-3``).

        Example:
            >>> from datetime import date
            >>> from rcm.claims import from_encounter
            >>> from rcm.claims.examples import clinic_fees, office_visit
            >>> from rcm.remit import check_balance
            >>> from rcm.remit.denials import secondary_claim
            >>> from rcm.remit.posting._examples import example_payment
            >>> primary = from_encounter(office_visit(), fee_schedule=clinic_fees())
            >>> claim = secondary_claim(primary, example_payment().claims[0],
            ...                         paid_date=date(2025, 3, 20))
            >>> payer = PayerSimulator("77027", "STATE MEDICAID", copay=Money("1.00"))
            >>> remit = payer.pay_secondary([claim], paid_on=date(2025, 4, 10), trace_number="M1",
            ...                             payee_npi="1234567893", payee_name="CLINIC")
            >>> c = remit.claims[0]
            >>> c.status.value, c.paid, c.patient_responsibility, check_balance(remit)
            ('2', Money('21.40'), Money('1.00'), ())
        """
        payments: list[ClaimPayment] = []
        for number, claim in enumerate(claims, start=1):
            decisions: list[LineDecision] = []
            copay_left = self.copay
            for line in claim.lines:
                owed = sum(
                    (a.remaining_patient_liability or _ZERO for a in line.adjudications), _ZERO
                )
                copay = min(copay_left, owed)
                copay_left -= copay
                decisions.append(LineDecision(prior=line.charge - owed, allowed=owed, copay=copay))
            payments.append(
                adjudicate(
                    claim,
                    decisions,
                    payer_claim_number=f"{self.payer_id[:4]}{paid_on:%y%m%d}{number:05d}",
                )
            )
        return remittance(
            payments,
            payer_id=self.payer_id,
            payer_name=self.name,
            payee_npi=payee_npi,
            payee_name=payee_name,
            trace_number=trace_number,
            paid_on=paid_on,
        )
