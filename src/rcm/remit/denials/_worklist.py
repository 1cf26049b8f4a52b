"""The denials worklist: what is denied or underpaid, what it is worth, and how long is left.

Read from a posting ledger as of a date (entries posted later are not seen).
Each open item is a claim line (or a whole claim) whose payer still owes
money that a denial held, or whose allowed amount falls short of the
contract. Items are ranked by amount at risk per day left to act, so a large
denial about to expire comes first; items past their deadline come last.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
from pydantic import BaseModel, ConfigDict

from rcm.edits import MEDICARE_FILING_LIMIT, FilingLimit
from rcm.errors import mask
from rcm.money import ROUND_HALF_UP, Money
from rcm.remit.denials._taxonomy import (
    Action,
    Appeal,
    DenialCategory,
    DenialTable,
    classify_finding,
    default_table,
)
from rcm.remit.posting._gc import gc_paused

if TYPE_CHECKING:
    from rcm.claims import FeeSchedule
    from rcm.edits import Finding
    from rcm.remit.posting import Ledger, LedgerEntry

__all__ = ["MEDICARE_APPEALS", "PayerPolicy", "Worklist", "WorklistItem", "worklist"]

logger = logging.getLogger(__name__)

_ZERO: Final = Money(0)
_DEFAULT_FILING: Final = FilingLimit(days=365, source="rcm default")

# Kinds as text, so this module needs rcm.remit.posting only for typing.
_BALANCE: Final = frozenset(
    {
        "charge",
        "payment",
        "contractual",
        "deductible",
        "coinsurance",
        "copay",
        "non_covered",
        "patient_responsibility",
        "transfer",
        "write_off",
    }
)
_PATIENT_KINDS: Final = frozenset(
    {"deductible", "coinsurance", "copay", "non_covered", "patient_responsibility"}
)


@attrs.frozen(slots=True)
class PayerPolicy:
    """A payer's limits and rules for working denials.

    Attributes:
        appeal_days: days from the remittance to file an appeal (or a
            reconsideration).
        filing_limit: the timely-filing limit a corrected claim must meet (from
            the date of service); default 365 days, which many commercial
            contracts shorten.
        denial_table: the payer's own denial table (default: rcm's).
        source: where the limits come from (a contract section, a manual).

    Example:
        >>> PayerPolicy().appeal_deadline(date(2025, 3, 20))
        datetime.date(2025, 9, 16)
        >>> MEDICARE_APPEALS.appeal_deadline(date(2025, 3, 20))
        datetime.date(2025, 7, 18)
    """

    appeal_days: int = 180
    filing_limit: FilingLimit = _DEFAULT_FILING
    denial_table: DenialTable | None = None
    source: str = "rcm default"

    def appeal_deadline(self, remitted: date) -> date:
        """The last day to appeal a denial remitted on *remitted*.

        Example:
            >>> PayerPolicy(appeal_days=30).appeal_deadline(date(2025, 1, 31))
            datetime.date(2025, 3, 2)
        """
        return remitted + timedelta(days=self.appeal_days)

    def filing_deadline(self, service_date: date) -> date:
        """The last day to file a corrected claim for a service on *service_date*.

        Example:
            >>> PayerPolicy().filing_deadline(date(2025, 3, 3))
            datetime.date(2026, 3, 3)
        """
        return self.filing_limit.deadline(service_date)


#: Medicare Part A/B: 120 days to request a redetermination (42 CFR 405.942(a))
#: and one calendar year to file a claim (42 CFR 424.44).
MEDICARE_APPEALS: Final = PayerPolicy(
    appeal_days=120,
    filing_limit=MEDICARE_FILING_LIMIT,
    source="42 CFR 405.942(a); 42 CFR 424.44",
)


class _Report(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class WorklistItem(_Report):
    """One denied or underpaid item: what, how much, why, what to do, by when.

    Attributes:
        claim_id: the claim (masked in ``repr``).
        line_index: the 0-based claim line, or ``None`` for the whole claim.
        payer: the payer that denied or underpaid.
        kind: ``"denial"`` or ``"underpayment"``.
        category: the root cause.
        action: what to do next.
        appeal: whether an appeal makes sense.
        reasons: the adjustments behind it (``"CO-197"``), largest first.
        remarks: the remark codes reported with them.
        amount_at_risk: what is still owed and may be lost.
        remitted_on: when the payer remitted it.
        service_date: the first date of service.
        procedure_code: the line's procedure (or revenue) code.
        deadline: the last day to act (appeal, corrected claim or next payer),
            or ``None`` when no deadline applies (billing the patient).
        days_left: days from the as-of date to the deadline (negative: past).
        predicted_by: the edit code that predicted the denial, when findings
            were given and one did.
        note: the denial rule's note.

    Example:
        >>> from rcm.remit.denials._examples import example_worklist
        >>> item = example_worklist().items[0]
        >>> item.category.value, item.action.value, item.reasons, item.amount_at_risk
        ('authorization', 'appeal', ('CO-197',), Money('125.00'))
        >>> "ENC0000001" in repr(item)
        False
    """

    claim_id: str
    line_index: int | None
    payer: str
    kind: Literal["denial", "underpayment"]
    category: DenialCategory
    action: Action
    appeal: Appeal
    reasons: tuple[str, ...]
    remarks: tuple[str, ...] = ()
    amount_at_risk: Money
    remitted_on: date
    service_date: date
    procedure_code: str | None = None
    deadline: date | None = None
    days_left: int | None = None
    predicted_by: str | None = None
    note: str = ""

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            yield name, mask(value) if name == "claim_id" and isinstance(value, str) else value

    @property
    def expired(self) -> bool:
        """Whether the deadline has passed.

        Example:
            >>> from rcm.remit.denials._examples import example_worklist
            >>> example_worklist().items[0].expired
            False
        """
        return self.days_left is not None and self.days_left < 0

    @property
    def priority(self) -> Decimal:
        """Amount at risk per day left (a year when there is no deadline); higher first.

        Example:
            >>> from rcm.remit.denials._examples import example_worklist
            >>> example_worklist().items[0].priority
            Decimal('0.90')
        """
        days = 365 if self.days_left is None else max(self.days_left, 1)
        return (self.amount_at_risk.amount / days).quantize(Decimal("0.01"), ROUND_HALF_UP)


class Worklist(_Report):
    """Open denials and underpayments as of a date, ranked.

    Attributes:
        as_of: the date the worklist reflects.
        items: the open items, most urgent first (expired items last).

    Example:
        >>> from rcm.remit.denials._examples import example_worklist
        >>> work = example_worklist()
        >>> work.total_at_risk, work.by_category()
        (Money('125.00'), {'authorization': Money('125.00')})
    """

    as_of: date
    items: tuple[WorklistItem, ...] = ()

    @property
    def total_at_risk(self) -> Money:
        """The sum of the items' amounts at risk.

        Example:
            >>> Worklist(as_of=date(2025, 1, 1)).total_at_risk
            Money('0.00')
        """
        return sum((item.amount_at_risk for item in self.items), _ZERO)

    def by_category(self) -> dict[str, Money]:
        """Amount at risk per root cause, largest first.

        Example:
            >>> Worklist(as_of=date(2025, 1, 1)).by_category()
            {}
        """
        totals: dict[str, Money] = {}
        for item in self.items:
            totals[item.category.value] = (
                totals.get(item.category.value, _ZERO) + item.amount_at_risk
            )
        return dict(sorted(totals.items(), key=lambda pair: (-pair[1].cents, pair[0])))


def _policy_for(
    payer: str, policies: Mapping[str, PayerPolicy], default: PayerPolicy
) -> PayerPolicy:
    return policies.get(payer, default)


def _deadline(
    action: Action, appeal: Appeal, policy: PayerPolicy, remitted: date, service: date
) -> date | None:
    if action is Action.APPEAL:
        return policy.appeal_deadline(remitted)
    if action in (Action.CORRECT_AND_RESUBMIT, Action.BILL_NEXT_PAYER):
        return policy.filing_deadline(service)
    if action is Action.BILL_PATIENT:
        return None
    if appeal is not Appeal.NO:
        return policy.appeal_deadline(remitted)
    return None


def _predicted(
    findings: Sequence[Finding], line_index: int | None, carcs: set[str]
) -> Finding | None:
    for finding in findings:
        if finding.carc is None or finding.carc not in carcs:
            continue
        if line_index is None or not finding.lines or line_index in finding.lines:
            return finding
    return None


def worklist(
    ledger: Ledger,
    *,
    as_of: date,
    policies: Mapping[str, PayerPolicy] | None = None,
    default_policy: PayerPolicy | None = None,
    contracts: Mapping[str, FeeSchedule] | None = None,
    findings: Mapping[str, Sequence[Finding]] | None = None,
) -> Worklist:
    """Open denials and underpayments in *ledger* as of *as_of*, ranked.

    * A **denial** is open while the payer that denied still owes on the line
      (it was not paid on appeal, corrected, written off or moved). Its
      amount at risk is the smaller of what was denied and what is owed.
    * An **underpayment** is a paid line whose allowed amount (payment plus
      patient responsibility) is below the contract rate times the units, for
      payers in *contracts*.
    * The deadline follows the action: an appeal counts from the remittance
      (the payer's ``appeal_days``); a corrected claim or the next payer's
      claim from the date of service (the ``filing_limit``).
    * With the edit findings of a claim, an item that an edit predicted says
      so (``predicted_by``), and the facts the finding carries (an NCCI
      modifier indicator, an MUE adjudication indicator) refine the action.

    Args:
        ledger: the posting ledger.
        as_of: the date to look from; later entries are not seen.
        policies: per payer ID, its limits and denial table.
        default_policy: for payers not in *policies*.
        contracts: per payer ID, the contract's allowed amount per unit of each code.
        findings: per claim ID, the edit findings from before it was sent.

    Example:
        >>> from datetime import date
        >>> from rcm.remit.denials._examples import example_denied_ledger
        >>> work = worklist(example_denied_ledger(), as_of=date(2025, 4, 30))
        >>> items = [(i.procedure_code, i.reasons, i.days_left) for i in work.items]
        >>> items
        [('99213', ('CO-197',), 139)]
    """
    policies = policies or {}
    default = default_policy or PayerPolicy()
    contracts = contracts or {}
    findings = findings or {}
    items: list[WorklistItem] = []
    with gc_paused():
        _collect(items, ledger, as_of, policies, default, contracts, findings)
    items.sort(
        key=lambda item: (
            item.expired,
            -item.priority,
            -item.amount_at_risk.cents,
            item.claim_id,
            -1 if item.line_index is None else item.line_index,
        )
    )
    logger.debug("worklist as of %s: %d items", as_of, len(items))
    return Worklist(as_of=as_of, items=tuple(items))


def _collect(  # noqa: PLR0917 - a private helper of worklist()
    items: list[WorklistItem],
    ledger: Ledger,
    as_of: date,
    policies: Mapping[str, PayerPolicy],
    default: PayerPolicy,
    contracts: Mapping[str, FeeSchedule],
    findings: Mapping[str, Sequence[Finding]],
) -> None:
    for claim_id, account in ledger.accounts.items():
        entries = [e for e in ledger.entries_for(claim_id) if e.posted_on <= as_of]
        if not entries:
            continue
        items.extend(
            _claim_items(
                claim_id,
                account.claim,
                account.service_date,
                entries,
                as_of=as_of,
                policies=policies,
                default=default,
                contracts=contracts,
                findings=findings.get(claim_id, ()),
            )
        )


def _claim_items(
    claim_id: str,
    claim: Any,
    service_date: date,
    entries: list[LedgerEntry],
    *,
    as_of: date,
    policies: Mapping[str, PayerPolicy],
    default: PayerPolicy,
    contracts: Mapping[str, FeeSchedule],
    findings: Sequence[Finding],
) -> list[WorklistItem]:
    owed: dict[tuple[str, int | None], Money] = {}
    denied: dict[tuple[str, int | None], dict[tuple[str, str], Money]] = {}
    remarks: dict[tuple[str, int | None], list[str]] = {}
    remitted: dict[tuple[str, int | None], date] = {}
    allowed: dict[tuple[str, int], Money] = {}
    paid_lines: set[tuple[str, int]] = set()
    for entry in entries:
        kind = entry.kind.value
        slot = (entry.party, entry.line_index)
        if kind in _BALANCE:
            owed[slot] = owed.get(slot, _ZERO) + entry.amount
        if kind == "denial" and entry.group and entry.reason:
            reasons = denied.setdefault(slot, {})
            key = (entry.group, entry.reason)
            reasons[key] = reasons.get(key, _ZERO) + entry.amount
            remarks.setdefault(slot, []).extend(r for r in entry.remarks if r not in remarks[slot])
            if not entry.reversal:
                remitted[slot] = max(remitted.get(slot, entry.posted_on), entry.posted_on)
        if (
            entry.line_index is not None
            and entry.posting_key
            and entry.posting_key.startswith("835:")
        ):
            line_slot = (entry.party, entry.line_index)
            if kind == "payment":
                allowed[line_slot] = allowed.get(line_slot, _ZERO) - entry.amount
                paid_lines.add(line_slot)
                remitted.setdefault((entry.party, entry.line_index), entry.posted_on)
            elif kind in _PATIENT_KINDS and entry.amount < _ZERO:
                allowed[line_slot] = allowed.get(line_slot, _ZERO) - entry.amount
    items: list[WorklistItem] = []
    claim_level_left: dict[str, Money] = {}
    for slot, reasons in denied.items():
        payer, line_index = slot
        total = sum((amount for amount in reasons.values() if amount > _ZERO), _ZERO)
        if total <= _ZERO:
            continue
        if line_index is None:
            left = claim_level_left.get(payer)
            if left is None:
                left = sum((amount for (party, _), amount in owed.items() if party == payer), _ZERO)
            at_risk = min(total, left)
            claim_level_left[payer] = left - max(at_risk, _ZERO)
        else:
            at_risk = min(total, owed.get(slot, _ZERO))
        if at_risk <= _ZERO:
            continue
        ordered = sorted(
            (
                (group, reason, amount)
                for (group, reason), amount in reasons.items()
                if amount > _ZERO
            ),
            key=lambda item: (-item[2].cents, item[0], item[1]),
        )
        group, reason, _ = ordered[0]
        policy = _policy_for(payer, policies, default)
        table = policy.denial_table or default_table()
        line_remarks = tuple(remarks.get(slot, ()))
        finding = _predicted(findings, line_index, {r for _, r, _ in ordered})
        classification = (
            classify_finding(finding, group=group, table=table)
            if finding is not None and finding.carc == reason
            else None
        ) or table.classify(group, reason, line_remarks)
        when = remitted.get(slot, as_of)
        deadline = _deadline(
            classification.action, classification.appeal, policy, when, service_date
        )
        items.append(
            WorklistItem(
                claim_id=claim_id,
                line_index=line_index,
                payer=payer,
                kind="denial",
                category=classification.category,
                action=classification.action,
                appeal=classification.appeal,
                reasons=tuple(f"{g}-{r}" for g, r, _ in ordered),
                remarks=line_remarks,
                amount_at_risk=at_risk,
                remitted_on=when,
                service_date=service_date,
                procedure_code=_code(claim, line_index),
                deadline=deadline,
                days_left=None if deadline is None else (deadline - as_of).days,
                predicted_by=finding.code if finding is not None else None,
                note=classification.note,
            )
        )
    for (payer, line_index), got in sorted(allowed.items(), key=lambda pair: pair[0][1]):
        rates = contracts.get(payer)
        if rates is None or (payer, line_index) in denied or line_index >= len(claim.lines):
            continue
        expected = _expected(rates, claim.lines[line_index])
        if expected is None or got >= expected:
            continue
        at_risk = expected - got
        policy = _policy_for(payer, policies, default)
        when = remitted.get((payer, line_index), as_of)
        deadline = policy.appeal_deadline(when)
        items.append(
            WorklistItem(
                claim_id=claim_id,
                line_index=line_index,
                payer=payer,
                kind="underpayment",
                category=DenialCategory.CONTRACTUAL,
                action=Action.APPEAL,
                appeal=Appeal.YES,
                reasons=(),
                amount_at_risk=at_risk,
                remitted_on=when,
                service_date=service_date,
                procedure_code=_code(claim, line_index),
                deadline=deadline,
                days_left=(deadline - as_of).days,
                note=f"allowed {got}, contract {expected}",
            )
        )
    return items


def _code(claim: Any, line_index: int | None) -> str | None:
    if line_index is None or line_index >= len(claim.lines):
        return None
    line = claim.lines[line_index]
    code: str | None = line.procedure_code or line.revenue_code
    return code


def _expected(rates: FeeSchedule, line: Any) -> Money | None:
    from rcm.claims import MissingPrice

    code = line.procedure_code or line.revenue_code
    if code is None or code not in rates:
        return None
    try:
        unit = rates.price(code, line.modifiers)
    except MissingPrice:
        return None
    expected: Money = unit.multiply(line.units, rounding=ROUND_HALF_UP)
    return expected
