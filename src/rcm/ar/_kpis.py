"""Revenue-cycle KPIs from a posting ledger, each with its formula, includes and excludes.

The definitions follow HFMA's MAP Keys where one exists (clean claim rate,
CL-1; aged A/R as a share of billed A/R, AR-1; net days in A/R) and HFMA's
Claim Integrity Task Force for the initial denial rate, adapted to what a
ledger knows; where they differ, the KPI says so. The others (first-pass
resolution, net collection rate) are the common MGMA-style definitions.
Every KPI carries its numerator and denominator, so a report can be audited.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Final, Literal

from pydantic import BaseModel, ConfigDict

from rcm.ar._aging import aging
from rcm.errors import ValidationError
from rcm.money import Money
from rcm.remit.posting import BALANCE_KINDS, EntryKind
from rcm.remit.posting._gc import gc_paused

if TYPE_CHECKING:
    from rcm.remit.posting import Ledger, LedgerEntry

__all__ = ["Kpi", "KpiReport", "kpis"]

logger = logging.getLogger(__name__)

_ZERO: Final = Money(0)
_SHARE: Final = Decimal("0.0001")
_DAYS: Final = Decimal("0.1")


class _Report(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Kpi(_Report):
    """One KPI: its value, the numbers behind it, and what it counts.

    Attributes:
        key: a stable identifier (``"clean_claim_rate"``).
        name: its name for people.
        value: a share between 0 and 1 (``unit="share"``) or days
            (``unit="days"``); ``None`` when the denominator is zero.
        numerator: what is counted (claims or dollars).
        denominator: what it is counted against.
        unit: ``"share"`` or ``"days"``.
        formula: the formula in words.
        includes: what is counted.
        excludes: what is left out.
        source: where the definition comes from.

    Example:
        >>> from rcm.ar._examples import example_kpis
        >>> kpi = example_kpis()["denial_rate"]
        >>> kpi.value, kpi.numerator, kpi.denominator, kpi.display()
        (Decimal('1.0000'), Decimal('1'), Decimal('1'), '100.0%')
    """

    key: str
    name: str
    value: Decimal | None
    numerator: Decimal
    denominator: Decimal
    unit: Literal["share", "days"] = "share"
    formula: str
    includes: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    source: str = ""

    def display(self) -> str:
        """The value for people: a percentage with one decimal, or days.

        Example:
            >>> Kpi(key="k", name="K", value=Decimal("0.9512"), numerator=Decimal(1),
            ...     denominator=Decimal(1), formula="").display()
            '95.1%'
        """
        if self.value is None:
            return "n/a"
        if self.unit == "days":
            return f"{self.value} days"
        return f"{(self.value * 100).quantize(_DAYS, ROUND_HALF_UP)}%"


class KpiReport(_Report):
    """The KPIs of a period, as one auditable report.

    Attributes:
        start: the first day of the period.
        end: the last day of the period (balances are as of this day).
        kpis: the KPIs, in a fixed order.

    Example:
        >>> from rcm.ar._examples import example_kpis
        >>> report = example_kpis()
        >>> keys = [kpi.key for kpi in report.kpis]
        >>> tuple(keys[:3])
        ('clean_claim_rate', 'first_pass_resolution_rate', 'denial_rate')
        >>> report["net_collection_rate"].display()
        '7.0%'
    """

    start: date
    end: date
    kpis: tuple[Kpi, ...] = ()

    def __getitem__(self, key: str) -> Kpi:
        for kpi in self.kpis:
            if kpi.key == key:
                return kpi
        msg = f"no KPI {key!r}; the report has {', '.join(k.key for k in self.kpis)}"
        raise KeyError(msg)

    def table(self) -> str:
        """The KPIs as text lines (name, value, numerator / denominator).

        Example:
            >>> from rcm.ar._examples import example_kpis
            >>> print(example_kpis().table().splitlines()[0])
            clean claim rate                          100.0%  (1 / 1)
        """
        return "\n".join(
            f"{kpi.name:<40} {kpi.display():>8}  ({kpi.numerator} / {kpi.denominator})"
            for kpi in self.kpis
        )


def _share(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if not denominator:
        return None
    return (numerator / denominator).quantize(_SHARE, ROUND_HALF_UP)


def _first_postings(ledger: Ledger) -> Iterator[tuple[str, list[LedgerEntry], Money]]:
    """Each claim's first primary-payer adjudication: (claim, its entries, payer owes after)."""
    for claim_id, account in ledger.accounts.items():
        primary = account.primary_payer
        owed = _ZERO
        current: str | None = None
        group: list[LedgerEntry] = []
        for entry in ledger.entries_for(claim_id):
            key = entry.posting_key or ""
            if current is not None and key != current:
                break
            if (
                current is None
                and key.startswith("835:")
                and entry.party == primary
                and entry.claim_status not in ("22", "25")
            ):
                current = key
            if current is not None:
                group.append(entry)
            if entry.party == primary and entry.kind in BALANCE_KINDS:
                owed += entry.amount
        if group:
            yield claim_id, group, owed


def kpis(ledger: Ledger, *, start: date, end: date) -> KpiReport:
    """The revenue-cycle KPIs of the period *start* to *end* (inclusive) from *ledger*.

    Flows (claims billed, payments, charges) count what was posted in the
    period; balances are as of *end*. See each KPI's ``formula``,
    ``includes`` and ``excludes``, and the AR guide in the docs.

    Raises:
        ValidationError: *end* before *start*.

    Example:
        >>> from datetime import date
        >>> from rcm.remit.denials._examples import example_denied_ledger
        >>> report = kpis(example_denied_ledger(), start=date(2025, 3, 1), end=date(2025, 3, 31))
        >>> report["clean_claim_rate"].value, report["denial_rate"].value
        (Decimal('1.0000'), Decimal('1.0000'))
        >>> report["days_in_ar"].display()
        '28.8 days'
    """
    with gc_paused():
        return _kpis(ledger, start, end)


def _kpis(ledger: Ledger, start: date, end: date) -> KpiReport:
    if end < start:
        raise ValidationError(
            f"the period ends ({end.isoformat()}) before it starts ({start.isoformat()})",
            value=f"{start.isoformat()}..{end.isoformat()}",
            expected="start <= end",
        )
    days = Decimal((end - start).days + 1)

    # Claims billed in the period (originals to the primary payer).
    clean = known = 0
    for account in ledger.accounts.values():
        bill = account.bills[0]
        if (
            bill.frequency == "1"
            and bill.responsibility == "P"
            and start <= bill.billed_on <= end
            and bill.clean is not None
        ):
            known += 1
            clean += bill.clean

    # First adjudications in the period.
    remitted = denied = resolved = 0
    remitted_charges = denied_charges = _ZERO
    for claim_id, group, owed_after in _first_postings(ledger):
        if not start <= group[0].posted_on <= end:
            continue
        account = ledger.accounts[claim_id]
        charge = account.bills[0].claim.total_charge
        remitted += 1
        remitted_charges += charge
        has_denial = any(e.kind is EntryKind.DENIAL and e.amount > _ZERO for e in group)
        if has_denial:
            denied += 1
            denied_charges += charge
        elif not owed_after:
            resolved += 1

    # Flows in the period.
    charges = contractual = payments = _ZERO
    for entry in ledger.entries:
        if not start <= entry.posted_on <= end or entry.claim_id is None:
            continue
        kind = entry.kind
        if kind is EntryKind.CHARGE:
            charges += entry.amount
        elif kind is EntryKind.CONTRACTUAL:
            contractual -= entry.amount
        elif kind is EntryKind.PAYMENT:
            payments -= entry.amount
    net_revenue = charges - contractual

    report = aging(ledger, as_of=end)
    net_ar = report.total + report.credits
    daily = net_revenue.amount / days
    days_in_ar = (net_ar.amount / daily).quantize(_DAYS, ROUND_HALF_UP) if daily else None

    items = (
        Kpi(
            key="clean_claim_rate",
            name="clean claim rate",
            value=_share(Decimal(clean), Decimal(known)),
            numerator=Decimal(clean),
            denominator=Decimal(known),
            formula="original claims that passed the edits with no error / original claims "
            "billed with their edit result known",
            includes=(
                "original claims (frequency 1) first billed in the period to the primary payer",
            ),
            excludes=(
                "replacement and void claims",
                "claims to secondary and later payers",
                "claims billed without an edit result (clean=None)",
            ),
            source="HFMA MAP Key CL-1 (clean claim rate): claims that pass edits with no "
            "manual intervention",
        ),
        Kpi(
            key="first_pass_resolution_rate",
            name="first-pass resolution rate",
            value=_share(Decimal(resolved), Decimal(remitted)),
            numerator=Decimal(resolved),
            denominator=Decimal(remitted),
            formula="claims whose first primary adjudication had no denial and left the "
            "payer owing nothing / claims first adjudicated in the period",
            includes=("the first 835 posting from the claim's primary payer in the period",),
            excludes=("reversals and predeterminations", "secondary payers' adjudications"),
            source="common practice-management definition (first-pass yield); not a MAP Key",
        ),
        Kpi(
            key="denial_rate",
            name="initial denial rate (claims)",
            value=_share(Decimal(denied), Decimal(remitted)),
            numerator=Decimal(denied),
            denominator=Decimal(remitted),
            formula="claims with any denial in their first primary adjudication / claims "
            "first adjudicated in the period",
            includes=("partial denials (one line denied)", "zero-paid claims"),
            excludes=(
                "contractual adjustments and patient responsibility",
                "information-only adjustments (OA-23, CO-133)",
                "denials on later adjudications (after an appeal or correction)",
            ),
            source="HFMA Claim Integrity Task Force (2021), initial denial rate as a share "
            "of claim volume; rcm counts claims remitted rather than claims submitted",
        ),
        Kpi(
            key="denial_rate_dollars",
            name="initial denial rate (dollars)",
            value=_share(denied_charges.amount, remitted_charges.amount),
            numerator=denied_charges.amount,
            denominator=remitted_charges.amount,
            formula="gross charges of claims with an initial denial / gross charges of claims "
            "first adjudicated in the period",
            includes=("the whole claim's charge when any line was denied",),
            excludes=("as for the claim count",),
            source="HFMA Claim Integrity Task Force (2021), initial denial rate as a share "
            "of claim dollars",
        ),
        Kpi(
            key="days_in_ar",
            name="net days in A/R",
            value=days_in_ar,
            numerator=net_ar.amount,
            denominator=daily.quantize(Decimal("0.01"), ROUND_HALF_UP),
            unit="days",
            formula="net A/R at the end of the period / (charges - contractual adjustments "
            "posted in the period / days in the period)",
            includes=("insurance and patient balances", "credit balances (they reduce net A/R)"),
            excludes=(
                "denials written off, bad debt and charity already posted (they are no longer A/R)",
            ),
            source="HFMA MAP Key net days in A/R, with net patient service revenue taken as "
            "charges minus contractual adjustments posted",
        ),
        Kpi(
            key="net_collection_rate",
            name="net collection rate",
            value=_share(payments.amount, net_revenue.amount),
            numerator=payments.amount,
            denominator=net_revenue.amount,
            formula="payments posted in the period (payers and patients, net of reversals) / "
            "(charges - contractual adjustments posted in the period)",
            includes=("insurance and patient payments",),
            excludes=("interest and provider-level adjustments (PLB)",),
            source="MGMA adjusted (net) collection rate; not a MAP Key",
        ),
        Kpi(
            key="aged_ar_over_90",
            name="aged A/R over 90 days (share)",
            value=_share(report.over_90.amount, report.total.amount),
            numerator=report.over_90.amount,
            denominator=report.total.amount,
            formula="A/R older than 90 days from the date of service / total billed A/R, "
            "at the end of the period",
            includes=("insurance and patient balances owed",),
            excludes=("credit balances",),
            source="HFMA MAP Key AR-1 (aged A/R as a percentage of total billed A/R)",
        ),
    )
    logger.debug("kpis %s..%s", start, end)
    return KpiReport(start=start, end=end, kpis=items)
