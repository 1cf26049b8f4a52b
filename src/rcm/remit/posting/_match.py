"""Match an 835's service payments (loop 2110) to the claim's service lines.

What payers really do, and what the matcher tolerates:

* the line item control number (``REF*6R``) comes back: it decides;
* the procedure comes back changed, with the billed one in ``SVC06``: the
  billed one is compared;
* modifiers are dropped or reordered: the same set scores above a subset,
  which scores above none in common;
* one billed line is paid as two (units split): both go to the line while
  their charges fit in its charge;
* two billed lines are paid as one (bundled): the service payment's charge
  is the sum of the lines' charges; its amounts are split across them in
  proportion to their charges;
* some lines are paid on a later remittance: lines already paid by the same
  payer are chosen last.

A service payment that fits no line, or that fits two lines that differ, is
reported and never placed by guess.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final, Literal

import attrs

from rcm.dates import DateRange
from rcm.money import Money

if TYPE_CHECKING:
    from rcm.claims import ServiceLine
    from rcm.remit import ServicePayment

__all__ = ["LineMatch", "MatchProblem", "match_lines"]

#: How a service payment was matched.
How = Literal["control number", "procedure", "split", "bundle", "charge and date"]

_ZERO: Final = Money(0)
_D0: Final = Decimal(0)
_MAX_BUNDLE: Final = 3
_MAX_BUNDLE_CANDIDATES: Final = 12


@attrs.frozen(slots=True)
class LineMatch:
    """Where one service payment goes: one claim line, or several for a bundle.

    Attributes:
        service_index: the service payment's 0-based position in its claim payment.
        lines: the 0-based claim lines it pays (more than one for a bundle).
        weights: the line charges a bundle's amounts are split by (one per line).
        how: what matched it.

    Example:
        >>> LineMatch(0, (1,), (Money("50.00"),), "procedure").lines
        (1,)
    """

    service_index: int
    lines: tuple[int, ...]
    weights: tuple[Money, ...]
    how: How


@attrs.frozen(slots=True)
class MatchProblem:
    """A service payment the matcher could not place.

    Attributes:
        service_index: its 0-based position in the claim payment.
        kind: ``"unmatched"`` (no line fits) or ``"ambiguous"`` (lines that
            differ fit equally well).
        message: what was compared, in words (codes only).
        candidates: the 0-based lines that fit equally well (``ambiguous``).

    Example:
        >>> MatchProblem(0, "unmatched", "no line bills 99999").kind
        'unmatched'
    """

    service_index: int
    kind: Literal["unmatched", "ambiguous"]
    message: str
    candidates: tuple[int, ...] = ()


def _codes(service: ServicePayment) -> tuple[str, str, tuple[str, ...]]:
    procedure = service.original_procedure or service.procedure
    return procedure.qualifier, procedure.code, procedure.modifiers


def _line_code(line: ServiceLine, qualifier: str) -> str | None:
    if qualifier == "NU":
        return line.revenue_code
    return line.procedure_code


def _modifier_score(billed: tuple[str, ...], paid: tuple[str, ...]) -> int:
    if billed == paid:
        return 3
    if set(billed) == set(paid):
        return 2
    if set(paid) < set(billed):
        return 1
    return 0


def _same(a: ServiceLine, b: ServiceLine) -> bool:
    return (
        a.procedure_code == b.procedure_code
        and a.revenue_code == b.revenue_code
        and a.modifiers == b.modifiers
        and a.units == b.units
        and a.charge == b.charge
        and a.service_date == b.service_date
    )


class _Periods:
    """Service payments' service periods, computed only when asked for."""

    __slots__ = ("_found", "_services")

    def __init__(self, services: Sequence[ServicePayment]) -> None:
        self._services = services
        self._found: dict[int, DateRange | None] = {}

    def __getitem__(self, index: int) -> DateRange | None:
        if index not in self._found:
            self._found[index] = self._services[index].service_period
        return self._found[index]


def _dates_fit(period: DateRange | None, line: ServiceLine) -> bool:
    if period is None or line.service_date is None:
        return True
    return period.overlaps(line.service_date)


def match_lines(
    lines: Sequence[ServiceLine],
    services: Sequence[ServicePayment],
    *,
    paid_before: frozenset[int] = frozenset(),
) -> tuple[tuple[LineMatch, ...], tuple[MatchProblem, ...]]:
    """Place each service payment on the claim's lines (see the module docstring).

    Args:
        lines: the claim's service lines.
        services: the claim payment's service payments.
        paid_before: lines the same payer already paid on an earlier remittance;
            they are chosen only when no other line fits as well.

    Returns:
        The matches and the problems, each in service payment order.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.remit import DateReference, Procedure, ServicePayment
        >>> day = (DateReference(qualifier="472", date=date(2025, 3, 3)),)
        >>> paid = [ServicePayment(procedure=Procedure(qualifier="HC", code=code),
        ...                        charge=Money(charge), paid=Money(0), dates=day)
        ...         for code, charge in [("71046", "45.00"), ("99214", "180.00")]]
        >>> matches, problems = match_lines(professional_claim().lines, paid)
        >>> [(m.service_index, m.lines, m.how) for m in matches], problems
        ([(0, (1,), 'procedure'), (1, (0,), 'procedure')], ())
    """
    placed, problems = place(lines, services, paid_before=paid_before)
    return (
        tuple(LineMatch(index, *where) for index, where in enumerate(placed) if where is not None),
        problems,
    )


#: Where :func:`place` put one service payment: the lines, their charges
#: (the weights a bundle's amounts are split by) and how it matched.
Placed = tuple[tuple[int, ...], tuple[Money, ...], How]


def place(
    lines: Sequence[ServiceLine],
    services: Sequence[ServicePayment],
    *,
    paid_before: frozenset[int] = frozenset(),
) -> tuple[list[Placed | None], tuple[MatchProblem, ...]]:
    """:func:`match_lines` for posting: one :data:`Placed` or ``None`` per service payment.

    The same matching as :func:`match_lines` (which is built on it), without
    making a :class:`LineMatch` per service payment: posting matches every
    line of every claim, and needs only where each service payment goes.
    """
    assigned: dict[int, list[int]] = {}  # line -> services assigned to it
    found: list[Placed | None] = [None] * len(services)
    order: list[int] = []  # the service payments in the order they were placed
    problems: list[MatchProblem] = []

    # 1. The line item control number decides when it names exactly one line.
    # With REF*6R on every line, as most professional claims send it, this
    # loop is all the matching there is, so it is kept lean.
    by_control: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        control = line.line_control_number
        if control:
            by_control.setdefault(control, []).append(index)
    pending: list[int] = []
    # Whether a service payment placed here charges more than its line (a
    # bundle, for step 3); when none does, step 3 has nothing to look at.
    over = False
    if by_control:
        for service_index, service in enumerate(services):
            control = _control_number(service)
            hits = by_control.get(control) if control else None
            if hits is not None and len(hits) == 1:
                line_index = hits[0]
                taken = assigned.get(line_index)
                if taken is None:
                    assigned[line_index] = [service_index]
                else:
                    taken.append(service_index)
                charge = lines[line_index].charge
                found[service_index] = ((line_index,), (charge,), "control number")
                order.append(service_index)
                if not over and abs(service.charge.amount) > charge.amount:
                    over = True
            else:
                pending.append(service_index)
    else:
        pending = list(range(len(services)))
    if pending:
        _by_procedure(lines, services, pending, paid_before, assigned, found, order, problems)
        over = True  # not worth tracking on this rarer path
    if over:
        _bundles(lines, services, assigned, found, order)
    return found, tuple(problems)


def _control_number(service: ServicePayment) -> str | None:
    # ServicePayment.line_item_control_number, inlined for the hot loop.
    for reference in service.references:
        if reference.qualifier == "6R":
            return reference.value
    return None


def _by_procedure(  # noqa: PLR0917 - internal step of place()
    lines: Sequence[ServiceLine],
    services: Sequence[ServicePayment],
    pending: list[int],
    paid_before: frozenset[int],
    assigned: dict[int, list[int]],
    found: list[Placed | None],
    order: list[int],
    problems: list[MatchProblem],
) -> None:
    """Step 2: procedure (the billed one from SVC06 when sent), modifiers, units, date."""
    periods = _Periods(services)
    # What the services placed so far take of each line's charge.
    charge_used: dict[int, Decimal] = {}
    for line_index, taken in assigned.items():
        for service_index in taken:
            charge_used[line_index] = charge_used.get(line_index, _D0) + abs(
                services[service_index].charge.amount
            )

    def take(service_index: int, line_index: int, how: How) -> None:
        assigned.setdefault(line_index, []).append(service_index)
        charge_used[line_index] = charge_used.get(line_index, _D0) + abs(
            services[service_index].charge.amount
        )
        found[service_index] = ((line_index,), (lines[line_index].charge,), how)
        order.append(service_index)

    for service_index in pending:
        service = services[service_index]
        qualifier, code, modifiers = _codes(service)
        units = service.original_units or service.units_paid
        charge = abs(service.charge.amount)
        # The service period once per service payment, not once per line
        # (service_period builds a DateRange each time it is read).
        period = periods[service_index]
        revenue_code = service.revenue_code
        candidates = [
            index
            for index, line in enumerate(lines)
            if (
                _line_code(line, qualifier) == code
                or (
                    revenue_code is not None
                    and line.revenue_code == revenue_code
                    and line.procedure_code in (None, code)
                )
            )
            and _dates_fit(period, line)
        ]
        how: How = "procedure"
        if not candidates:
            # The payer changed the code without SVC06: a unique line with the
            # same charge on the same date, not yet paid here, is it.
            candidates = [
                index
                for index, line in enumerate(lines)
                if line.charge.amount == charge
                and index not in assigned
                and period is not None
                and _dates_fit(period, line)
            ]
            how = "charge and date"
            if len(candidates) != 1:
                problems.append(
                    MatchProblem(
                        service_index,
                        "unmatched",
                        f"no claim line bills {qualifier} {code}"
                        + (" on the service date" if period else ""),
                    )
                )
                continue
        scored: list[tuple[int, int]] = []
        for index in candidates:
            line = lines[index]
            score = 4 * _modifier_score(line.modifiers, modifiers)
            if units is not None and units == line.units:
                score += 2
            if line.charge.amount == charge:
                score += 3
            if index in assigned:
                remaining = line.charge.amount - charge_used.get(index, _D0)
                if charge > remaining:
                    continue  # the line's charge is used up
                score -= 20
                if how == "procedure":
                    how = "split"
            if index in paid_before:
                score -= 10
            scored.append((score, index))
        if not scored:
            problems.append(
                MatchProblem(
                    service_index,
                    "unmatched",
                    f"every claim line billing {code} is already paid in full by this claim "
                    "payment",
                )
            )
            continue
        best = max(score for score, _ in scored)
        top = [index for score, index in scored if score == best]
        first = top[0]
        if len(top) > 1 and not all(_same(lines[first], lines[other]) for other in top[1:]):
            problems.append(
                MatchProblem(
                    service_index,
                    "ambiguous",
                    f"{code} fits claim lines "
                    + ", ".join(str(index + 1) for index in top)
                    + " equally well and they differ",
                    tuple(top),
                )
            )
            continue
        if first in assigned and how != "split":
            how = "split"
        elif first not in assigned and how == "split":
            how = "procedure"
        take(service_index, first, how)


def _bundles(
    lines: Sequence[ServiceLine],
    services: Sequence[ServicePayment],
    assigned: dict[int, list[int]],
    found: list[Placed | None],
    order: list[int],
) -> None:
    """Step 3: a charge above its line's that equals it plus other unpaid lines' charges.

    Service payments are tried in the order they were placed (by control
    number first, then by procedure), as bundles take lines from later ones.
    """
    periods: _Periods | None = None
    for service_index in order:
        where = found[service_index]
        assert where is not None
        line_index = where[0][0]
        if len(assigned[line_index]) != 1:
            continue
        # Decimal, not Money: most service payments have no excess, and
        # this test runs for every one of them.
        excess_amount = abs(services[service_index].charge.amount) - lines[line_index].charge.amount
        if excess_amount <= _D0:
            continue
        if periods is None:
            periods = _Periods(services)
        period = periods[service_index]
        free = [
            index
            for index, line in enumerate(lines)
            if index not in assigned and _dates_fit(period, line)
        ][:_MAX_BUNDLE_CANDIDATES]
        # The lines' charges as Decimal, summed in C (sum over map): the same
        # test as adding their Money, without a Python __add__ per term.
        charges = [line.charge.amount for line in lines]
        pick = charges.__getitem__
        for size in range(1, _MAX_BUNDLE + 1):
            combo = next(
                (
                    group
                    for group in itertools.combinations(free, size)
                    if sum(map(pick, group)) == excess_amount
                ),
                None,
            )
            if combo is not None:
                members = (line_index, *combo)
                for index in combo:
                    assigned[index] = [service_index]
                found[service_index] = (
                    members,
                    tuple(lines[i].charge for i in members),
                    "bundle",
                )
                break
