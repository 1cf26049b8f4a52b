"""What a patient will owe before the service, from the plan's benefits.

The order benefits apply in, for each service in turn:

1. a service with a copay costs the copay (capped at the allowed amount), and
   no deductible or coinsurance;
2. otherwise the patient pays the deductible still to meet, then the
   coinsurance share of the rest (rounded half up to the cent);
3. what the patient pays never goes past what is left of the out-of-pocket
   maximum; when the cap bites, coinsurance is forgiven first, then the
   deductible, then the copay.

The deductible and out-of-pocket amounts met carry from one service to the
next, so a visit's estimate is right for its order. Plans differ (copays
that count toward the deductible, deductibles that apply before copays); this
is the common design and every figure it uses is on the :class:`Estimate`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Final

from pydantic import Field, model_validator

from rcm.errors import ValidationError
from rcm.money import ROUND_HALF_UP, Money
from rcm.patient._base import PatientModel

__all__ = ["Benefits", "Estimate", "EstimateLine", "Service", "estimate"]

_ZERO: Final = Money(0)


_Model = PatientModel


class Benefits(_Model):
    """The patient's cost-sharing for the plan year, as the 271 or the plan says.

    Attributes:
        deductible: the annual deductible.
        deductible_met: what has been paid toward it this year.
        coinsurance: the patient's share after the deductible (``0.20`` for 20%).
        copay: the copay of a service that has one (an office visit).
        out_of_pocket_max: the most the patient pays in the year.
        out_of_pocket_met: what the patient has paid toward it.

    Example:
        >>> b = Benefits(deductible=Money("1000.00"), deductible_met=Money("800.00"),
        ...              coinsurance=Decimal("0.2"), copay=Money("25.00"),
        ...              out_of_pocket_max=Money("3000.00"), out_of_pocket_met=Money("900.00"))
        >>> b.deductible_remaining, b.out_of_pocket_remaining
        (Money('200.00'), Money('2100.00'))
    """

    deductible: Money = _ZERO
    deductible_met: Money = _ZERO
    coinsurance: Annotated[Decimal, Field(ge=0, le=1)] = Decimal(0)
    copay: Money = _ZERO
    out_of_pocket_max: Money | None = None
    out_of_pocket_met: Money = _ZERO

    @model_validator(mode="after")
    def _check(self) -> Benefits:
        for name in ("deductible", "deductible_met", "copay", "out_of_pocket_met"):
            if getattr(self, name) < _ZERO:
                raise ValueError(f"{name} cannot be negative")
        if self.out_of_pocket_max is not None and self.out_of_pocket_max < _ZERO:
            raise ValueError("out_of_pocket_max cannot be negative")
        return self

    @property
    def deductible_remaining(self) -> Money:
        """What is left of the deductible (never below zero).

        Example:
            >>> Benefits(deductible=Money(500), deductible_met=Money(600)).deductible_remaining
            Money('0.00')
        """
        return max(self.deductible - self.deductible_met, _ZERO)

    @property
    def out_of_pocket_remaining(self) -> Money | None:
        """What is left before the out-of-pocket maximum (``None``: no maximum).

        Example:
            >>> Benefits().out_of_pocket_remaining is None
            True
        """
        if self.out_of_pocket_max is None:
            return None
        return max(self.out_of_pocket_max - self.out_of_pocket_met, _ZERO)


class Service(_Model):
    """A service to estimate: its code, the allowed amount, and whether a copay applies.

    Attributes:
        code: the procedure (or revenue) code, for the estimate's lines.
        allowed: what the plan allows for it (the contract rate times the units).
        copay: whether the plan charges its copay for it instead of deductible
            and coinsurance.

    Example:
        >>> Service(code="99213", allowed=Money("92.00"), copay=True).copay
        True
    """

    code: str
    allowed: Money
    copay: bool = False

    @model_validator(mode="after")
    def _check(self) -> Service:
        if self.allowed < _ZERO:
            raise ValueError("the allowed amount cannot be negative")
        return self


class EstimateLine(_Model):
    """What one service costs the patient, and why.

    Attributes:
        code: the service's code.
        allowed: the allowed amount.
        copay: the copay charged.
        deductible: the deductible applied.
        coinsurance: the coinsurance charged.
        patient: what the patient pays (the three above).
        insurance: what the plan pays (allowed minus patient).
        capped: whether the out-of-pocket maximum reduced it.

    Example:
        >>> from rcm.patient._examples import example_estimate
        >>> line = example_estimate().lines[1]
        >>> line.code, line.deductible, line.coinsurance, line.patient
        ('80053', Money('40.00'), Money('0.00'), Money('40.00'))
    """

    code: str
    allowed: Money
    copay: Money = _ZERO
    deductible: Money = _ZERO
    coinsurance: Money = _ZERO
    capped: bool = False

    @property
    def patient(self) -> Money:
        """Copay, deductible and coinsurance together.

        Example:
            >>> EstimateLine(code="X", allowed=Money(10), copay=Money(5)).patient
            Money('5.00')
        """
        return self.copay + self.deductible + self.coinsurance

    @property
    def insurance(self) -> Money:
        """What the plan pays.

        Example:
            >>> EstimateLine(code="X", allowed=Money(10), copay=Money(5)).insurance
            Money('5.00')
        """
        return self.allowed - self.patient


class Estimate(_Model):
    """A good-faith estimate of what the patient owes for a set of services.

    Attributes:
        benefits: the benefits it was computed from.
        lines: one per service, in order.

    Example:
        >>> from rcm.patient._examples import example_estimate
        >>> e = example_estimate()
        >>> e.patient, e.insurance, e.deductible_left, e.out_of_pocket_left
        (Money('110.00'), Money('225.00'), Money('0.00'), Money('1390.00'))
    """

    benefits: Benefits
    lines: tuple[EstimateLine, ...] = ()

    @property
    def patient(self) -> Money:
        """What the patient pays in all.

        Example:
            >>> Estimate(benefits=Benefits()).patient
            Money('0.00')
        """
        return sum((line.patient for line in self.lines), _ZERO)

    @property
    def insurance(self) -> Money:
        """What the plan pays in all.

        Example:
            >>> Estimate(benefits=Benefits()).insurance
            Money('0.00')
        """
        return sum((line.insurance for line in self.lines), _ZERO)

    @property
    def deductible_left(self) -> Money:
        """The deductible still to meet after these services.

        Example:
            >>> Estimate(benefits=Benefits(deductible=Money(50))).deductible_left
            Money('50.00')
        """
        used = sum((line.deductible for line in self.lines), _ZERO)
        return self.benefits.deductible_remaining - used

    @property
    def out_of_pocket_left(self) -> Money | None:
        """What is left before the out-of-pocket maximum after these services.

        Example:
            >>> Estimate(benefits=Benefits()).out_of_pocket_left is None
            True
        """
        remaining = self.benefits.out_of_pocket_remaining
        if remaining is None:
            return None
        return remaining - self.patient


def estimate(services: Iterable[Service], benefits: Benefits) -> Estimate:
    """Estimate what the patient owes for *services*, in order (see the module docstring).

    Raises:
        ValidationError: *services* holds something that is not a :class:`Service`.

    Example:
        >>> b = Benefits(deductible=Money("500.00"), deductible_met=Money("460.00"),
        ...              coinsurance=Decimal("0.20"), copay=Money("30.00"),
        ...              out_of_pocket_max=Money("1500.00"), out_of_pocket_met=Money("0.00"))
        >>> e = estimate([Service(code="99213", allowed=Money("95.00"), copay=True),
        ...               Service(code="80053", allowed=Money("40.00")),
        ...               Service(code="71046", allowed=Money("200.00"))], b)
        >>> owed = [(line.code, line.patient) for line in e.lines]
        >>> owed
        [('99213', Money('30.00')), ('80053', Money('40.00')), ('71046', Money('40.00'))]
    """
    deductible_left = benefits.deductible_remaining
    cap = benefits.out_of_pocket_remaining
    lines: list[EstimateLine] = []
    for service in services:
        if not isinstance(service, Service):
            raise ValidationError(
                f"estimate() takes Service values, not {type(service).__name__}",
                expected="rcm.patient.Service",
            )
        allowed = service.allowed
        copay = deductible = coinsurance = _ZERO
        if service.copay and benefits.copay:
            copay = min(benefits.copay, allowed)
        else:
            deductible = min(deductible_left, allowed)
            coinsurance = (allowed - deductible).multiply(
                benefits.coinsurance, rounding=ROUND_HALF_UP
            )
        capped = False
        if cap is not None:
            over = copay + deductible + coinsurance - cap
            if over > _ZERO:
                capped = True
                for name in ("coinsurance", "deductible", "copay"):
                    value = {"coinsurance": coinsurance, "deductible": deductible, "copay": copay}[
                        name
                    ]
                    cut = min(value, over)
                    over -= cut
                    if name == "coinsurance":
                        coinsurance -= cut
                    elif name == "deductible":
                        deductible -= cut
                    else:
                        copay -= cut
            cap -= copay + deductible + coinsurance
        deductible_left -= deductible
        lines.append(
            EstimateLine(
                code=service.code,
                allowed=allowed,
                copay=copay,
                deductible=deductible,
                coinsurance=coinsurance,
                capped=capped,
            )
        )
    return Estimate(benefits=benefits, lines=tuple(lines))
