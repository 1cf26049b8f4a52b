"""Reversals and corrections: net a claim's payments into what it finally comes to.

When a payer re-adjudicates a claim it sends, usually in the same 835, a
*reversal* (``CLP02 = 22``) that repeats the earlier payment with every amount
negated (charge, payment, adjustments, often with the ``CR`` group in 004010),
and a *correction*: the claim as now adjudicated. The reversal may also come
in a later 835 than the original. Summing every payment of a claim (keyed by
its patient control number, CLP01) nets them: the original and its reversal
cancel out and the correction remains.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from rcm.money import Money
from rcm.remit._models import Adjustment, AdjustmentGroup, ClaimPayment

__all__ = ["NetClaim", "net_claims"]

_ZERO = Money(0)


@attrs.frozen(slots=True)
class NetClaim:
    """The net effect of every payment of one claim (same patient control number).

    Attributes:
        patient_control_number: CLP01, the key the payments were netted by.
        payments: the claim payments netted, in the order given.
        charge: the sum of their CLP03.
        paid: the sum of their CLP04: what the provider keeps for the claim.
        patient_responsibility: the sum of their CLP05.
        adjustments: claim- and line-level adjustments summed by group and reason;
            pairs that net to zero are left out.

    Example:
        >>> from rcm.money import Money
        >>> from rcm.remit import ClaimPayment
        >>> original = ClaimPayment(patient_control_number="A1", status="1",
        ...                         charge=Money("100.00"), paid=Money("80.00"))
        >>> reversal = ClaimPayment(patient_control_number="A1", status="22",
        ...                         charge=Money("-100.00"), paid=Money("-80.00"))
        >>> [net] = net_claims([original, reversal])
        >>> net.paid, net.has_reversal, net.is_fully_reversed
        (Money('0.00'), True, True)
    """

    patient_control_number: str
    payments: tuple[ClaimPayment, ...] = attrs.field(repr=lambda p: f"<{len(p)} payments>")
    charge: Money
    paid: Money
    patient_responsibility: Money
    adjustments: tuple[Adjustment, ...]

    @property
    def has_reversal(self) -> bool:
        """Whether any of the payments is a reversal (CLP02 = 22).

        Example:
            >>> from rcm.money import Money
            >>> from rcm.remit import ClaimPayment
            >>> net_claims([ClaimPayment(patient_control_number="A", status="1",
            ...     charge=Money(1), paid=Money(1))])[0].has_reversal
            False
        """
        return any(payment.is_reversal for payment in self.payments)

    @property
    def is_fully_reversed(self) -> bool:
        """Whether the payments cancel out: a reversal and nothing left to pay or adjust.

        Example:
            >>> from rcm.money import Money
            >>> from rcm.remit import ClaimPayment
            >>> net_claims([ClaimPayment(patient_control_number="A", status="22",
            ...     charge=Money(-1), paid=Money(-1))])[0].is_fully_reversed
            False
        """
        return (
            self.has_reversal
            and not self.charge
            and not self.paid
            and not self.patient_responsibility
            and not self.adjustments
        )


def net_claims(claims: Iterable[ClaimPayment]) -> tuple[NetClaim, ...]:
    """Net claim payments by patient control number (CLP01), reversals included.

    Use it on the claims of one remittance, or of several (a reversal can come
    in a later 835 than the payment it reverses). The result keeps the order
    in which each patient control number first appears.

    Example:
        >>> from rcm.money import Money
        >>> from rcm.remit import Adjustment, ClaimPayment
        >>> reversal = ClaimPayment(patient_control_number="A1", status="22",
        ...     charge=Money("-100.00"), paid=Money("-80.00"),
        ...     adjustments=(Adjustment(group="CO", reason="45", amount=Money("-20.00")),))
        >>> correction = ClaimPayment(patient_control_number="A1", status="1",
        ...     charge=Money("100.00"), paid=Money("90.00"),
        ...     adjustments=(Adjustment(group="CO", reason="45", amount=Money("10.00")),))
        >>> [net] = net_claims([reversal, correction])
        >>> net.paid, [(a.group.value, a.reason, a.amount) for a in net.adjustments]
        (Money('10.00'), [('CO', '45', Money('-10.00'))])
    """
    grouped: dict[str, list[ClaimPayment]] = {}
    for claim in claims:
        grouped.setdefault(claim.patient_control_number, []).append(claim)
    result = []
    for pcn, payments in grouped.items():
        by_reason: dict[tuple[AdjustmentGroup, str], Money] = {}
        for payment in payments:
            for _, adj in payment.all_adjustments():
                key = (adj.group, adj.reason)
                by_reason[key] = by_reason.get(key, _ZERO) + adj.amount
        result.append(
            NetClaim(
                patient_control_number=pcn,
                payments=tuple(payments),
                charge=sum((p.charge for p in payments), _ZERO),
                paid=sum((p.paid for p in payments), _ZERO),
                patient_responsibility=sum(
                    (p.patient_responsibility or _ZERO for p in payments), _ZERO
                ),
                adjustments=tuple(
                    Adjustment(group=group, reason=reason, amount=amount)
                    for (group, reason), amount in by_reason.items()
                    if amount
                ),
            )
        )
    return tuple(result)
