"""Accounts receivable aging from a posting ledger, as of any date.

Only entries posted on or before the as-of date count, so an aging as of a
past date is exactly what the ledger said that day: later payments, denials
and transfers do not leak back.

What each claim owes is split by party (each payer, and the patient). A
party's positive balance on a claim goes to one age bucket; a negative one
(a credit balance: an overpayment to refund) is totalled apart, not netted
into the buckets.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Final, Literal

from pydantic import BaseModel, ConfigDict

from rcm.errors import ValidationError, expect_type
from rcm.money import Money
from rcm.remit.posting import BALANCE_KINDS, PATIENT

if TYPE_CHECKING:
    from rcm.remit.posting import Ledger

__all__ = ["BUCKETS", "AgingBasis", "AgingReport", "AgingRow", "aging", "bucket_of"]

logger = logging.getLogger(__name__)

#: The age buckets, in days: 0-30, 31-60, 61-90, 91-120, over 120.
BUCKETS: Final = ("0-30", "31-60", "61-90", "91-120", "over 120")
_UPPER: Final = (30, 60, 90, 120)

#: ``"service"``: age from the claim's first date of service (HFMA's aged
#: A/R); ``"responsibility"``: from the day the party became responsible (the
#: bill to a payer, the move to the patient).
AgingBasis = Literal["service", "responsibility"]

_ZERO: Final = Money(0)


def bucket_of(days: int) -> int:
    """The bucket index (0 to 4) of an age in days; negative ages count as 0.

    Example:
        >>> buckets = [bucket_of(d) for d in (0, 30, 31, 90, 91, 120, 121, 400)]
        >>> buckets
        [0, 0, 1, 2, 3, 3, 4, 4]
    """
    for index, upper in enumerate(_UPPER):
        if days <= upper:
            return index
    return len(_UPPER)


class _Report(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AgingRow(_Report):
    """What one party owes, by age.

    Attributes:
        party: a payer ID, or ``"patient"``.
        responsibility: ``"insurance"`` or ``"patient"``.
        buckets: the amounts in :data:`BUCKETS` order.
        claims: how many claims it owes on.
        credits: its credit balances (negative), not in the buckets.

    Example:
        >>> from rcm.ar._examples import example_aging
        >>> row = example_aging().rows[0]
        >>> row.party, row.total, row.buckets[2]
        ('60054', Money('125.00'), Money('125.00'))
    """

    party: str
    responsibility: Literal["insurance", "patient"]
    buckets: tuple[Money, Money, Money, Money, Money]
    claims: int
    credits: Money = _ZERO

    @property
    def total(self) -> Money:
        """The sum of the buckets.

        Example:
            >>> AgingRow(party="P", responsibility="insurance", claims=1,
            ...          buckets=(Money(1), Money(2), Money(0), Money(0), Money(0))).total
            Money('3.00')
        """
        return sum(self.buckets, _ZERO)

    @property
    def over_90(self) -> Money:
        """What is older than 90 days.

        Example:
            >>> AgingRow(party="P", responsibility="insurance", claims=1,
            ...          buckets=(Money(1), Money(2), Money(0), Money(4), Money(8))).over_90
            Money('12.00')
        """
        return self.buckets[3] + self.buckets[4]


def _add(a: tuple[Money, ...], b: tuple[Money, ...]) -> tuple[Money, Money, Money, Money, Money]:
    s = [x + y for x, y in zip(a, b, strict=True)]
    return (s[0], s[1], s[2], s[3], s[4])


_EMPTY: Final = (_ZERO, _ZERO, _ZERO, _ZERO, _ZERO)


class AgingReport(_Report):
    """Receivables by party and age as of a date.

    Attributes:
        as_of: the date.
        basis: what the age counts from (:data:`AgingBasis`).
        rows: one per party owing anything, payers first (by ID), then the patient.

    Example:
        >>> from rcm.ar._examples import example_aging
        >>> report = example_aging()
        >>> report.insurance, report.patient
        ((Money('0.00'), Money('0.00'), Money('125.00'), Money('0.00'), Money('0.00')), (Money('0.00'), Money('0.00'), Money('2.40'), Money('0.00'), Money('0.00')))
        >>> report.total, report.over_90_share
        (Money('127.40'), Decimal('0.0000'))
        >>> print(report.table())  # doctest: +NORMALIZE_WHITESPACE
        party         0-30   31-60   61-90  91-120  over 120   total
        60054         0.00    0.00  125.00    0.00      0.00  125.00
        patient       0.00    0.00    2.40    0.00      0.00    2.40
        total         0.00    0.00  127.40    0.00      0.00  127.40
    """  # noqa: E501 - doctest output

    as_of: date
    basis: AgingBasis = "service"
    rows: tuple[AgingRow, ...] = ()

    @property
    def insurance(self) -> tuple[Money, Money, Money, Money, Money]:
        """What payers owe, by bucket.

        Example:
            >>> AgingReport(as_of=date(2025, 1, 1)).insurance[0]
            Money('0.00')
        """
        total = _EMPTY
        for row in self.rows:
            if row.responsibility == "insurance":
                total = _add(total, row.buckets)
        return total

    @property
    def patient(self) -> tuple[Money, Money, Money, Money, Money]:
        """What patients owe, by bucket.

        Example:
            >>> AgingReport(as_of=date(2025, 1, 1)).patient[4]
            Money('0.00')
        """
        total = _EMPTY
        for row in self.rows:
            if row.responsibility == "patient":
                total = _add(total, row.buckets)
        return total

    @property
    def totals(self) -> tuple[Money, Money, Money, Money, Money]:
        """Everything owed, by bucket.

        Example:
            >>> AgingReport(as_of=date(2025, 1, 1)).totals
            (Money('0.00'), Money('0.00'), Money('0.00'), Money('0.00'), Money('0.00'))
        """
        return _add(self.insurance, self.patient)

    @property
    def total(self) -> Money:
        """Everything owed (credit balances excluded).

        Example:
            >>> AgingReport(as_of=date(2025, 1, 1)).total
            Money('0.00')
        """
        return sum(self.totals, _ZERO)

    @property
    def credits(self) -> Money:
        """The credit balances (negative), kept out of the buckets.

        Example:
            >>> AgingReport(as_of=date(2025, 1, 1)).credits
            Money('0.00')
        """
        return sum((row.credits for row in self.rows), _ZERO)

    @property
    def over_90(self) -> Money:
        """What is older than 90 days.

        Example:
            >>> AgingReport(as_of=date(2025, 1, 1)).over_90
            Money('0.00')
        """
        totals = self.totals
        return totals[3] + totals[4]

    @property
    def over_90_share(self) -> Decimal:
        """What is older than 90 days as a share of the total (0 when nothing is owed).

        Example:
            >>> AgingReport(as_of=date(2025, 1, 1)).over_90_share
            Decimal('0')
        """
        if not self.total:
            return Decimal(0)
        return (self.over_90 / self.total).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    def row(self, party: str) -> AgingRow | None:
        """The row of one party, or ``None`` when it owes nothing.

        Example:
            >>> AgingReport(as_of=date(2025, 1, 1)).row("patient") is None
            True
        """
        return next((row for row in self.rows if row.party == party), None)

    def table(self) -> str:
        """The report as a fixed-width text table (for people and logs).

        Example:
            >>> print(AgingReport(as_of=date(2025, 1, 1)).table())
            party         0-30   31-60   61-90  91-120  over 120   total
            total         0.00    0.00    0.00    0.00      0.00    0.00
        """
        widths = (7, 7, 7, 7, 9)
        head = "party    " + " ".join(
            f"{label:>{width}}" for label, width in zip(BUCKETS, widths, strict=True)
        )
        lines = [head + f" {'total':>7}"]

        def line(name: str, amounts: tuple[Money, ...]) -> str:
            cells = " ".join(
                f"{amount!s:>{width}}" for amount, width in zip(amounts, widths, strict=True)
            )
            return f"{name[:8]:<8} {cells} {sum(amounts, _ZERO)!s:>7}"

        lines.extend(line(row.party, row.buckets) for row in self.rows)
        lines.append(line("total", self.totals))
        return "\n".join(lines)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic collector while the pass allocates (nothing here makes cycles)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _owed(
    ledger: Ledger, as_of: date, with_first: bool
) -> tuple[dict[tuple[str, str], Decimal], dict[tuple[str, str], int]]:
    """One pass over the entries: what each (claim, party) owes, and since when."""
    owed: dict[tuple[str, str], Decimal] = {}
    first: dict[tuple[str, str], int] = {}
    kinds = BALANCE_KINDS
    get = owed.get
    for entry in ledger.entries:
        if entry.kind not in kinds or entry.posted_on > as_of:
            continue
        claim_id = entry.claim_id
        if claim_id is None:
            continue
        key = (claim_id, entry.party)
        amount = entry.amount.amount
        before = get(key)
        owed[key] = amount if before is None else before + amount
        if with_first and amount > 0 and key not in first:
            first[key] = entry.posted_on.toordinal()
    return owed, first


def aging(ledger: Ledger, *, as_of: date, basis: AgingBasis = "service") -> AgingReport:
    """Age what every party owes on every claim, as of *as_of*.

    Args:
        ledger: the posting ledger.
        as_of: the date; entries posted after it are not counted.
        basis: ``"service"`` (the default) ages from the first date of
            service; ``"responsibility"`` from the day the party first owed
            on the claim (its bill, or the move to it).

    Raises:
        ValidationError: an unknown *basis*.

    Example:
        >>> from datetime import date
        >>> from rcm.remit.denials._examples import example_denied_ledger
        >>> report = aging(example_denied_ledger(), as_of=date(2025, 5, 31))
        >>> rows = [(row.party, row.total, row.buckets.index(row.total)) for row in report.rows]
        >>> rows
        [('60054', Money('125.00'), 2), ('patient', Money('2.40'), 2)]
        >>> aging(example_denied_ledger(), as_of=date(2025, 3, 1)).total
        Money('0.00')
    """
    from rcm.remit.posting import Ledger  # not at import: posting imports rcm.ar

    expect_type(ledger, Ledger, function="rcm.ar.aging", expected="a Ledger")
    if basis not in ("service", "responsibility"):
        raise ValidationError(
            f"basis must be 'service' or 'responsibility', not {basis!r}",
            value=str(basis),
            expected="'service' or 'responsibility'",
        )
    with _gc_paused():
        owed, first = _owed(ledger, as_of, basis == "responsibility")
    ordinal = as_of.toordinal()
    accounts = ledger.accounts
    service_days: dict[str, int] = {}
    per_party: dict[str, list[Decimal]] = {}
    claims: dict[str, int] = {}
    credits: dict[str, Decimal] = {}
    by_service = basis == "service"
    # The youngest day of each bucket: ages of 0-30 days are bucket 0, and so on.
    d30, d60, d90, d120 = ordinal - 30, ordinal - 60, ordinal - 90, ordinal - 120
    zero = Decimal(0)
    for (claim_id, party), amount in owed.items():
        if amount <= zero:
            if amount:
                credits[party] = credits.get(party, zero) + amount
                per_party.setdefault(party, [zero, zero, zero, zero, zero])
            continue
        if by_service:
            start = service_days.get(claim_id)
            if start is None:
                start = service_days[claim_id] = accounts[claim_id].service_date.toordinal()
        else:
            start = first.get((claim_id, party), ordinal)
        amounts = per_party.get(party)
        if amounts is None:
            amounts = per_party[party] = [zero, zero, zero, zero, zero]
        if start >= d30:
            amounts[0] += amount
        elif start >= d60:
            amounts[1] += amount
        elif start >= d90:
            amounts[2] += amount
        elif start >= d120:
            amounts[3] += amount
        else:
            amounts[4] += amount
        claims[party] = claims.get(party, 0) + 1
    rows = [
        AgingRow(
            party=party,
            responsibility="patient" if party == PATIENT else "insurance",
            buckets=(
                Money(amounts[0]),
                Money(amounts[1]),
                Money(amounts[2]),
                Money(amounts[3]),
                Money(amounts[4]),
            ),
            claims=claims.get(party, 0),
            credits=Money(credits.get(party, zero)),
        )
        for party, amounts in sorted(per_party.items(), key=lambda p: (p[0] == PATIENT, p[0]))
    ]
    logger.debug("aging as of %s: %d balances, %d parties", as_of, len(owed), len(rows))
    return AgingReport(as_of=as_of, basis=basis, rows=tuple(rows))
