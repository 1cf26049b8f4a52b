"""835 balancing: every way the amounts of a remittance can fail to add up.

The 005010X221A1 guide (section 1.10.2, "balancing") requires an 835 to
balance at three levels. rcm checks them exactly, in ``Decimal``, and reports
every failure, not only the first:

``line``
    For each service line: ``SVC02`` (charge) minus the line's ``CAS``
    amounts equals ``SVC03`` (paid).
``claim``
    For each claim: ``CLP03`` (charge) minus all the claim-level and
    line-level ``CAS`` amounts equals ``CLP04`` (paid).
``claim-charge``
    For a claim with service lines: the lines' charges add up to ``CLP03``.
``claim-paid``
    For a claim with service lines: the lines' payments minus the claim-level
    ``CAS`` amounts equal ``CLP04``. (The guide lets a payer put an adjustment
    at claim level even when it reports lines; this is the rule that keeps
    the lines and the claim consistent then.)
``transaction``
    ``BPR02`` (signed by ``BPR03``: a debit is negative) equals the sum of
    ``CLP04`` minus the sum of the ``PLB`` amounts.

Speed: almost every claim balances, so each claim is first checked in plain
``Decimal`` arithmetic on the amounts' values, which builds no ``Money``
objects (and no objects the garbage collector must track). Only a claim that
fails a rule, or whose sums would not be exact in the current decimal context
(the ``Inexact`` signal), is checked again with ``Money`` to build the
:class:`BalanceProblem` values, exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, Inexact, Rounded, getcontext
from typing import Literal, TypeVar

import attrs

from rcm.errors import ArgumentTypeError
from rcm.money import Money
from rcm.remit._models import ClaimPayment, ProviderAdjustment, Remittance

__all__ = ["BalanceProblem", "BalanceRule", "check_balance"]

#: The balancing rules (see the module docstring).
BalanceRule = Literal["line", "claim", "claim-charge", "claim-paid", "transaction"]

_ZERO = Money(0)
_DECIMAL_ZERO = Decimal(0)

T = TypeVar("T")
R = TypeVar("R")


@attrs.frozen(slots=True)
class BalanceProblem:
    """One balancing failure: which rule, where, and the amounts on both sides.

    Attributes:
        rule: the rule that failed (``"line"``, ``"claim"``, ``"claim-charge"``,
            ``"claim-paid"`` or ``"transaction"``).
        expected: what the rule computes from the other amounts (for example
            ``SVC02`` minus the line's adjustments).
        actual: the amount the 835 reports (for example ``SVC03``).
        claim_index: the claim's 1-based position in its transaction (``None``
            for the transaction rule).
        patient_control_number: the claim's CLP01, to find it in a billing system.
        line_index: the service line's 1-based position in its claim (line rule only).
        control_number: the transaction's ST02, when known.
        description: how *expected* is computed, in words.

    Example:
        >>> from rcm.money import Money
        >>> p = BalanceProblem("line", Money("110.00"), Money("100.00"), claim_index=1,
        ...                    patient_control_number="PCN1", line_index=2,
        ...                    description="SVC02 - line CAS")
        >>> p.difference
        Money('-10.00')
        >>> str(p)
        'claim 1 (PCN1), line 2: SVC02 - line CAS = 110.00, but the 835 says 100.00 (off by -10.00)'
    """

    rule: BalanceRule
    expected: Money
    actual: Money
    claim_index: int | None = None
    patient_control_number: str | None = None
    line_index: int | None = None
    control_number: str | None = None
    description: str = ""

    @property
    def difference(self) -> Money:
        """``actual - expected``.

        Example:
            >>> from rcm.money import Money
            >>> BalanceProblem("claim", Money(5), Money(7)).difference
            Money('2.00')
        """
        return self.actual - self.expected

    @property
    def message(self) -> str:
        """The problem in words (``str()`` gives the same).

        Example:
            >>> from rcm.money import Money
            >>> BalanceProblem("transaction", Money(5), Money(7), control_number="0001",
            ...                description="sum(CLP04) - PLB").message
            'transaction 0001: sum(CLP04) - PLB = 5.00, but the 835 says 7.00 (off by 2.00)'
        """
        where: list[str] = []
        if self.claim_index is not None:
            claim = f"claim {self.claim_index}"
            if self.patient_control_number:
                claim += f" ({self.patient_control_number})"
            where.append(claim)
        elif self.control_number:
            where.append(f"transaction {self.control_number}")
        else:
            where.append("transaction")
        if self.line_index is not None:
            where.append(f"line {self.line_index}")
        what = self.description or self.rule
        return (
            f"{', '.join(where)}: {what} = {self.expected}, but the 835 says {self.actual} "
            f"(off by {self.difference})"
        )

    def __str__(self) -> str:
        return self.message


def _claim_balances(claim: ClaimPayment) -> bool:
    """Whether *claim* passes the line and claim rules, summed in ``Decimal``."""
    claim_level = _DECIMAL_ZERO
    for adj in claim.adjustments:
        claim_level += adj.amount.amount
    charge: Decimal = claim.charge.amount
    paid: Decimal = claim.paid.amount
    services = claim.services
    if not services:
        return charge - claim_level == paid
    all_adjustments = claim_level
    line_charges = _DECIMAL_ZERO
    line_paid = _DECIMAL_ZERO
    for line in services:
        line_adj = _DECIMAL_ZERO
        for adj in line.adjustments:
            line_adj += adj.amount.amount
        line_charge: Decimal = line.charge.amount
        this_paid: Decimal = line.paid.amount
        if line_charge - line_adj != this_paid:
            return False
        all_adjustments += line_adj
        line_charges += line_charge
        line_paid += this_paid
    return (
        charge - all_adjustments == paid
        and line_charges == charge
        and line_paid - claim_level == paid
    )


def exactly(check: Callable[[T], R], arg: T) -> R | None:
    """``check(arg)`` in Decimal, or ``None`` unless every operation was exact.

    ``Money`` arithmetic refuses what does not fit in cents; plain ``Decimal``
    arithmetic would round silently instead (the ``Inexact`` signal, for sums
    beyond the context's precision). So a fast path only answers when the
    context records no rounding; otherwise the caller redoes the work with
    ``Money``, which raises or reports exactly as it always has. ``Rounded``
    is watched, not only ``Inexact``: a sum of 29 digits that rounds away only
    zeros is exact, but ``Money`` refuses it (too large for cents). The
    context's flags are left as they were.
    """
    flags = getcontext().flags
    inexact = flags[Inexact]
    rounded = flags[Rounded]
    if inexact or rounded:  # set earlier by other code: clear them to see ours
        flags[Inexact] = flags[Rounded] = False
    try:
        result: R | None = check(arg)
    except ArithmeticError:  # a trap in the caller's context: let Money decide
        result = None
    if flags[Rounded]:  # every inexact result is also rounded
        result = None
        flags[Inexact] = inexact
        flags[Rounded] = rounded
    elif inexact or rounded:
        flags[Inexact] = inexact
        flags[Rounded] = rounded
    return result


def _unbalanced(claims: Sequence[ClaimPayment]) -> tuple[list[int], Decimal]:
    """The 0-based positions of the claims that fail a rule, and the sum of CLP04."""
    failing = []
    total = _DECIMAL_ZERO
    # one pass: a claim's amounts are read from memory once, for both sums
    for n, claim in enumerate(claims):
        if not _claim_balances(claim):
            failing.append(n)
        total += claim.paid.amount
    return failing, total


def claim_problems(
    claim: ClaimPayment, claim_index: int, control_number: str | None = None
) -> list[BalanceProblem]:
    """Every line and claim balancing problem of one claim (internal helper)."""
    if exactly(_claim_balances, claim):
        return []
    return _claim_problems(claim, claim_index, control_number)


def _claim_problems(
    claim: ClaimPayment, claim_index: int, control_number: str | None
) -> list[BalanceProblem]:
    problems: list[BalanceProblem] = []
    pcn = claim.patient_control_number
    claim_level = sum((adj.amount for adj in claim.adjustments), _ZERO)
    all_adjustments = claim_level
    line_charges = _ZERO
    line_paid = _ZERO
    for line_index, line in enumerate(claim.services, start=1):
        line_adj = sum((adj.amount for adj in line.adjustments), _ZERO)
        all_adjustments += line_adj
        line_charges += line.charge
        line_paid += line.paid
        expected = line.charge - line_adj
        if expected != line.paid:
            problems.append(
                BalanceProblem(
                    "line",
                    expected,
                    line.paid,
                    claim_index,
                    pcn,
                    line_index,
                    control_number,
                    f"SVC02 {line.charge} - line CAS {line_adj}",
                )
            )
    expected = claim.charge - all_adjustments
    if expected != claim.paid:
        problems.append(
            BalanceProblem(
                "claim",
                expected,
                claim.paid,
                claim_index,
                pcn,
                None,
                control_number,
                f"CLP03 {claim.charge} - all CAS {all_adjustments}",
            )
        )
    if claim.services:
        if line_charges != claim.charge:
            problems.append(
                BalanceProblem(
                    "claim-charge",
                    line_charges,
                    claim.charge,
                    claim_index,
                    pcn,
                    None,
                    control_number,
                    "sum of SVC02",
                )
            )
        expected = line_paid - claim_level
        if expected != claim.paid:
            problems.append(
                BalanceProblem(
                    "claim-paid",
                    expected,
                    claim.paid,
                    claim_index,
                    pcn,
                    None,
                    control_number,
                    f"sum of SVC03 {line_paid} - claim-level CAS {claim_level}",
                )
            )
    return problems


def transaction_problem(
    payment: Money,
    claim_paid_total: Money,
    provider_adjustments: Iterable[ProviderAdjustment],
    control_number: str | None = None,
) -> BalanceProblem | None:
    """The transaction-level problem, if BPR02 does not match (internal helper)."""
    plb_total = sum((plb.total for plb in provider_adjustments), _ZERO)
    expected = claim_paid_total - plb_total
    if expected == payment:
        return None
    return BalanceProblem(
        "transaction",
        expected,
        payment,
        control_number=control_number,
        description=f"sum of CLP04 {claim_paid_total} - PLB {plb_total}",
    )


def check_balance(item: Remittance | ClaimPayment) -> tuple[BalanceProblem, ...]:
    """Every balancing problem of a remittance (or of one claim), exactly, in file order.

    An empty tuple means it balances. See the module docstring for the rules.

    Args:
        item: a whole :class:`Remittance` (all rules), or one :class:`ClaimPayment`
            (the line and claim rules; its ``claim_index`` is 1).

    Example:
        >>> from rcm.money import Money
        >>> from rcm.remit._examples import example_remittance
        >>> remit = example_remittance()
        >>> check_balance(remit)
        ()
        >>> changed = remit.model_copy(update={"payment": remit.payment.model_copy(
        ...     update={"amount": Money("175.50")})})
        >>> rules = [problem.rule for problem in check_balance(changed)]
        >>> rules
        ['transaction']
    """
    if not isinstance(item, (Remittance, ClaimPayment)):
        raise ArgumentTypeError(
            function="rcm.remit.check_balance",
            expected="a Remittance or a ClaimPayment",
            got=type(item).__name__,
        )
    if isinstance(item, ClaimPayment):
        return tuple(claim_problems(item, 1))
    problems: list[BalanceProblem] = []
    control_number = item.control_number
    claims = item.claims
    fast = exactly(_unbalanced, claims)
    if fast is None:  # a sum was not exact: Money decides (and refuses what it must)
        indices: Iterable[int] = range(len(claims))
        paid_total = sum((claim.paid for claim in claims), _ZERO)
    else:
        indices, paid = fast
        paid_total = Money(paid)
    for n in indices:
        problems.extend(_claim_problems(claims[n], n + 1, control_number))
    problem = transaction_problem(
        item.payment.signed_amount, paid_total, item.provider_adjustments, item.control_number
    )
    if problem is not None:
        problems.append(problem)
    return tuple(problems)
