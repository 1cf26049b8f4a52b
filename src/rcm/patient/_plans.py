"""Payment plans: a balance in equal instalments of exact cents, on dates a month apart."""

from __future__ import annotations

from datetime import date
from typing import Final

from rcm.dates import add_months
from rcm.errors import InvalidAmount, ValidationError
from rcm.money import Money, allocate
from rcm.patient._base import PatientModel

__all__ = ["Instalment", "PaymentPlan", "payment_plan"]

_ZERO: Final = Money(0)
_MAX_INSTALMENTS: Final = 360


_Report = PatientModel


class Instalment(_Report):
    """One payment of a plan.

    Attributes:
        number: its 1-based number.
        due: the day it is due.
        amount: what is due.

    Example:
        >>> from datetime import date
        >>> Instalment(number=1, due=date(2025, 5, 1), amount=Money("33.34")).amount
        Money('33.34')
    """

    number: int
    due: date
    amount: Money


class PaymentPlan(_Report):
    """A balance split into instalments; they always add up to the balance.

    Attributes:
        balance: the amount the plan pays off.
        instalments: the payments, in order.

    Example:
        >>> from datetime import date
        >>> plan = payment_plan(Money("100.00"), instalments=3, first_due=date(2025, 1, 31))
        >>> dues = [(i.due.isoformat(), i.amount) for i in plan.instalments]
        >>> dues
        [('2025-01-31', Money('33.34')), ('2025-02-28', Money('33.33')), ('2025-03-31', Money('33.33'))]
        >>> plan.total == plan.balance
        True
    """  # noqa: E501 - doctest output

    balance: Money
    instalments: tuple[Instalment, ...]

    @property
    def total(self) -> Money:
        """The sum of the instalments (always the balance).

        Example:
            >>> from datetime import date
            >>> payment_plan(Money("10.00"), instalments=4, first_due=date(2025, 1, 1)).total
            Money('10.00')
        """
        return sum((i.amount for i in self.instalments), _ZERO)

    def remaining(self, *, paid: Money) -> Money:
        """What is left after *paid* has been paid toward the plan.

        Example:
            >>> from datetime import date
            >>> plan = payment_plan(Money("90.00"), instalments=3, first_due=date(2025, 1, 1))
            >>> plan.remaining(paid=Money("30.00"))
            Money('60.00')
        """
        return max(self.balance - paid, _ZERO)


def payment_plan(
    balance: Money,
    *,
    first_due: date,
    instalments: int | None = None,
    minimum_payment: Money | None = None,
    every_months: int = 1,
) -> PaymentPlan:
    """Split *balance* into equal instalments of exact cents, due *every_months* from *first_due*.

    Give either the number of *instalments* or a *minimum_payment* (the plan
    then has as many instalments as keep each at least that much). Cents that
    do not divide evenly go to the earliest instalments (largest remainder),
    so the instalments always add up to the balance. Due dates are counted
    from *first_due* with ``relativedelta`` (a plan starting on the 31st pays
    on the last day of shorter months, and on the 31st again when there is one).

    Raises:
        InvalidAmount: a balance that is not positive, or instalments smaller
            than a cent.
        ValidationError: neither or both of *instalments* and *minimum_payment*,
            a count outside 1 to 360, or *every_months* below 1.

    Example:
        >>> from datetime import date
        >>> plan = payment_plan(Money("250.00"), minimum_payment=Money("40.00"),
        ...                     first_due=date(2025, 3, 15))
        >>> len(plan.instalments), plan.instalments[0].amount, plan.instalments[-1].due
        (6, Money('41.67'), datetime.date(2025, 8, 15))
    """
    if not isinstance(balance, Money) or balance <= _ZERO:
        raise InvalidAmount(
            f"a payment plan needs a positive balance, not {balance!r}",
            value=str(balance),
            expected="a positive Money",
        )
    if (instalments is None) == (minimum_payment is None):
        raise ValidationError(
            "give exactly one of instalments= and minimum_payment=",
            expected="instalments or minimum_payment",
        )
    if minimum_payment is not None:
        if minimum_payment <= _ZERO:
            raise InvalidAmount(
                f"the minimum payment must be positive, not {minimum_payment}",
                value=str(minimum_payment),
                expected="a positive Money",
            )
        instalments = max(1, balance.cents // minimum_payment.cents)
    assert instalments is not None
    if isinstance(instalments, bool) or not 1 <= instalments <= _MAX_INSTALMENTS:
        raise ValidationError(
            f"a plan has 1 to {_MAX_INSTALMENTS} instalments, not {instalments}",
            value=str(instalments),
            expected=f"1 to {_MAX_INSTALMENTS}",
        )
    if instalments > balance.cents:
        raise InvalidAmount(
            f"{balance} cannot be paid in {instalments} instalments of at least a cent",
            value=str(balance),
            expected=f"at least {instalments} cents",
        )
    if every_months < 1:
        raise ValidationError(
            f"every_months must be at least 1, not {every_months}",
            value=str(every_months),
            expected="1 or more",
        )
    parts = allocate(balance, [1] * instalments)
    return PaymentPlan(
        balance=balance,
        instalments=tuple(
            Instalment(number=n + 1, due=add_months(first_due, n * every_months), amount=amount)
            for n, amount in enumerate(parts)
        ),
    )
