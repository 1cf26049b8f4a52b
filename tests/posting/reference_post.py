"""Posting as it was before the session-3 fast paths (commit 3b539bb), for equivalence tests.

A plain copy of ``rcm.remit.posting._post`` (docstrings and comments dropped):
``test_post_equivalence.py`` posts the same remittances with it and with
``rcm.remit.posting.post`` and requires the very same results. Not a test
module itself (no ``test_`` prefix); loaded by path.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final, Literal

import attrs

from rcm._pydantic import trusted_builder
from rcm.errors import ValidationError, mask
from rcm.money import Money, allocate
from rcm.remit import (
    Adjustment,
    AdjustmentGroup,
    ClaimPayment,
    ClaimStatus,
    Remittance,
    ServicePayment,
    check_balance,
)
from rcm.remit.denials import DenialCategory, DenialTable, default_table
from rcm.remit.posting._entries import BALANCE_KINDS, PATIENT, EntryKind, LedgerEntry, new_entry
from rcm.remit.posting._gc import gc_paused
from rcm.remit.posting._ledger import Account, Layout, Ledger, Run, remember_layout
from rcm.remit.posting._match import Placed, place
from rcm.remit.posting._result import IssueKind, PostingIssue, PostingResult

__all__ = ["PostingPolicy", "post", "remittance_key"]
logger = logging.getLogger(__name__)
_ZERO: Final = Money(0)
_D0: Final = Decimal(0)
_ORDER_OF_STATUS: Final[Mapping[ClaimStatus, str]] = {
    ClaimStatus.PROCESSED_AS_PRIMARY: "P",
    ClaimStatus.PROCESSED_AS_PRIMARY_FORWARDED: "P",
    ClaimStatus.PROCESSED_AS_SECONDARY: "S",
    ClaimStatus.PROCESSED_AS_SECONDARY_FORWARDED: "S",
    ClaimStatus.PROCESSED_AS_TERTIARY: "T",
    ClaimStatus.PROCESSED_AS_TERTIARY_FORWARDED: "T",
}
_TEXT: Final[Mapping[enum.Enum, str]] = {
    **{member: member.value for member in AdjustmentGroup},
    **{member: member.value for member in ClaimStatus},
}
_PR_KINDS: Final[Mapping[str, EntryKind]] = {
    "1": EntryKind.DEDUCTIBLE,
    "66": EntryKind.DEDUCTIBLE,
    "2": EntryKind.COINSURANCE,
    "3": EntryKind.COPAY,
}
_NON_COVERED: Final = frozenset({DenialCategory.NON_COVERED, DenialCategory.MEDICAL_NECESSITY})


@attrs.frozen(slots=True)
class PostingPolicy:
    denial_table: DenialTable | None = None
    unmatched_lines: Literal["hold", "claim"] = "hold"
    allow_credit_balance: bool = False


def remittance_key(remittance: Remittance) -> str:
    trace = remittance.trace
    return f"835:{trace.originator_id or ''}:{trace.number}"


def _payer_identifiers(remittance: Remittance) -> tuple[str, ...]:
    found: list[str] = []
    for value in (
        remittance.payer.id,
        remittance.trace.originator_id,
        remittance.payment.payer_identifier,
        *(ref.value for ref in remittance.payer.references if ref.qualifier == "2U"),
    ):
        if value and value not in found:
            found.append(value)
    return tuple(found)


def _fingerprint(payment: ClaimPayment) -> str:
    return "|".join(
        (
            payment.patient_control_number,
            payment.status.value,
            str(payment.charge),
            str(payment.paid),
        )
    )


@attrs.define(slots=True)
class _Run:
    ledger: Ledger
    remittance: Remittance
    posted_on: date
    table: DenialTable
    policy: PostingPolicy
    payer_override: str | None
    identifiers: tuple[str, ...]
    key: str
    entries: list[LedgerEntry] = attrs.field(factory=list)
    issues: list[PostingIssue] = attrs.field(factory=list)
    moved: dict[str, dict[str, Decimal]] = attrs.field(factory=dict)
    plans: dict[tuple[str, str, tuple[str, ...]], _Plan] = attrs.field(factory=dict)
    negatives: dict[Decimal, Money] = attrs.field(factory=dict)
    trace: str = attrs.field(init=False)
    runs: list[Run] = attrs.field(factory=list)
    payer_numbers: list[tuple[str, str]] = attrs.field(factory=list)
    posted: int = 0
    skipped: int = 0
    held: int = 0

    def __attrs_post_init__(self) -> None:
        self.trace = self.remittance.trace.number

    def add_posting(self, entries: list[LedgerEntry], claim_id: str, key: str, paid: bool) -> None:
        self.entries.extend(entries)
        runs = self.runs
        if runs and runs[-1][0] == claim_id and (runs[-1][1] == key):
            runs[-1] = (claim_id, key, runs[-1][2] + len(entries))
        else:
            runs.append((claim_id, key, len(entries)))
        number = entries[0].payer_claim_number
        if paid and number:
            self.payer_numbers.append((number, claim_id))

    def add(self, entries: list[LedgerEntry]) -> None:
        for entry in entries:
            self.entries.append(entry)
            claim_id = entry.claim_id
            key = entry.posting_key
            runs = self.runs
            if runs and runs[-1][0] == claim_id and (runs[-1][1] == key):
                runs[-1] = (claim_id, key, runs[-1][2] + 1)
            else:
                runs.append((claim_id, key, 1))
            number = entry.payer_claim_number
            if entry.kind is EntryKind.PAYMENT and number and (claim_id is not None):
                self.payer_numbers.append((number, claim_id))

    def issue(
        self,
        kind: IssueKind,
        message: str,
        *,
        held: bool = True,
        claim_index: int | None = None,
        payment: ClaimPayment | None = None,
        service_index: int | None = None,
        amount: Money | None = None,
        candidates: tuple[int, ...] = (),
    ) -> None:
        self.issues.append(
            PostingIssue(
                kind=kind,
                held=held,
                message=message,
                claim_index=claim_index,
                service_index=service_index,
                patient_control_number=payment.patient_control_number if payment else None,
                payer_claim_number=payment.payer_claim_control_number if payment else None,
                amount=amount,
                candidates=candidates,
            )
        )


def _balances(payment: ClaimPayment) -> bool:
    claim_level = _D0
    for adjustment in payment.adjustments:
        claim_level += adjustment.amount.amount
    adjusted = claim_level
    charges = paid = _D0
    services = payment.services
    for line in services:
        line_adjusted = _D0
        for adjustment in line.adjustments:
            line_adjusted += adjustment.amount.amount
        line_charge = line.charge.amount
        line_paid = line.paid.amount
        if line_charge - line_adjusted != line_paid:
            return False
        adjusted += line_adjusted
        charges += line_charge
        paid += line_paid
    claim_charge = payment.charge.amount
    claim_paid = payment.paid.amount
    if claim_charge - adjusted != claim_paid:
        return False
    return not services or (charges == claim_charge and paid - claim_level == claim_paid)


def _find_account(run: _Run, payment: ClaimPayment) -> Account | None:
    account = run.ledger.account(payment.patient_control_number)
    if account is not None:
        return account
    number = payment.payer_claim_control_number
    if number:
        claim_id = run.ledger.claim_for_payer_number(number)
        if claim_id is not None:
            return run.ledger.account(claim_id)
    return None


def _resolve_payer(run: _Run, account: Account, payment: ClaimPayment) -> str | None:
    if run.payer_override is not None:
        return run.payer_override
    payers = account.payers
    for identifier in run.identifiers:
        if identifier in payers:
            return identifier
    order = _ORDER_OF_STATUS.get(payment.status)
    if order is not None:
        for bill in account.bills:
            if bill.responsibility == order:
                return bill.payer
    if len(payers) == 1:
        return payers[0]
    return None


def _claim_remarks(payment: ClaimPayment) -> tuple[str, ...]:
    remarks: list[str] = []
    if payment.outpatient is not None:
        remarks.extend(payment.outpatient.remark_codes)
    if payment.inpatient is not None:
        remarks.extend(payment.inpatient.remark_codes)
    return tuple(remarks)


def _line_remarks(service: ServicePayment) -> tuple[str, ...]:
    return tuple(remark.code for remark in service.remarks if remark.qualifier == "HE")


_Lines = tuple[int | None, ...]
_ONE: Final = Money(1)
_CLAIM_LINES: Final[_Lines] = (None,)
_CLAIM_WEIGHTS: Final = (_ONE,)


def _split(
    lines: _Lines, weights: tuple[Money, ...], amount: Money
) -> Iterable[tuple[int | None, Money]]:
    if len(lines) == 1:
        return ((lines[0], amount),)
    if not any(weights):
        weights = tuple(_ONE for _ in lines)
    return zip(lines, allocate(amount, weights), strict=True)


_Plan = tuple[EntryKind, bool, bool]
_MOVE_ON: Final = frozenset({DenialCategory.CONTRACTUAL, DenialCategory.PATIENT_RESPONSIBILITY})


def _plan(table: DenialTable, group: str, reason: str, remarks: tuple[str, ...]) -> _Plan:
    classification = table.classify(group, reason, remarks)
    if group == "PR":
        kind = _PR_KINDS.get(reason)
        if kind is None:
            kind = (
                EntryKind.NON_COVERED
                if classification.category in _NON_COVERED
                else EntryKind.PATIENT_RESPONSIBILITY
            )
        return (kind, True, True)
    if classification.category in _MOVE_ON:
        return (EntryKind.CONTRACTUAL, True, False)
    if classification.is_denial:
        return (EntryKind.DENIAL, False, False)
    return (EntryKind.INFORMATION, False, False)


_NUMBERED: Final = 64
_SUFFIXES: Final = tuple(f"#{number}" for number in range(1, _NUMBERED + 1))
_SVC: Final = tuple(f"SVC{number}" for number in range(1, _NUMBERED + 1))


def _entry_id(key: str, count: int) -> str:
    return key + _SUFFIXES[count] if count < _NUMBERED else f"{key}#{count + 1}"


def _build(
    run: _Run,
    claim_id: str,
    payment: ClaimPayment,
    party: str,
    key: str,
    where: str,
    targets: Sequence[Placed | None],
) -> tuple[list[LedgerEntry], dict[str, Decimal], bool]:
    entries: list[LedgerEntry] = []
    append = entries.append
    change: dict[str, Decimal] = {}
    posted_on = run.posted_on
    trace = run.trace
    number = payment.payer_claim_control_number
    status = _TEXT[payment.status]
    plans = run.plans
    negatives = run.negatives
    memo: str | None = _fingerprint(payment)
    payment_kind = EntryKind.PAYMENT
    paid_any = False

    def adjust(
        group: str,
        reason: str,
        total: Money,
        lines: _Lines,
        weights: tuple[Money, ...],
        source: str,
        remarks: tuple[str, ...],
    ) -> None:
        nonlocal memo
        plan_key = (group, reason, remarks)
        plan = plans.get(plan_key)
        if plan is None:
            plan = plans[plan_key] = _plan(run.table, group, reason, remarks)
        kind, negate, to_patient = plan
        label = f"{where} {source} CAS {group}-{reason}"
        parts = ((lines[0], total),) if len(lines) == 1 else _split(lines, weights, total)
        for line_index, amount in parts:
            value = amount.amount
            if not value:
                continue
            if negate:
                change[party] = change.get(party, _D0) - value
                payer_amount = negatives.get(value)
                if payer_amount is None:
                    payer_amount = negatives[value] = -amount
            else:
                payer_amount = amount
            append(
                new_entry(
                    _entry_id(key, len(entries)),
                    kind,
                    payer_amount,
                    party,
                    posted_on,
                    claim_id,
                    line_index,
                    key,
                    group,
                    reason,
                    remarks,
                    trace,
                    number,
                    status,
                    False,
                    None,
                    label,
                    memo,
                )
            )
            memo = None
            if to_patient:
                change[PATIENT] = change.get(PATIENT, _D0) + value
                append(
                    new_entry(
                        _entry_id(key, len(entries)),
                        kind,
                        amount,
                        PATIENT,
                        posted_on,
                        claim_id,
                        line_index,
                        key,
                        group,
                        reason,
                        remarks,
                        trace,
                        number,
                        status,
                        False,
                        None,
                        label,
                        None,
                    )
                )

    def pay(
        parts: Iterable[tuple[int | None, Money]], source: str, remarks: tuple[str, ...]
    ) -> None:
        nonlocal memo, paid_any
        for line_index, amount in parts:
            value = amount.amount
            if not value:
                continue
            change[party] = change.get(party, _D0) - value
            paid = negatives.get(value)
            if paid is None:
                paid = negatives[value] = -amount
            append(
                new_entry(
                    _entry_id(key, len(entries)),
                    payment_kind,
                    paid,
                    party,
                    posted_on,
                    claim_id,
                    line_index,
                    key,
                    None,
                    None,
                    remarks,
                    trace,
                    number,
                    status,
                    False,
                    None,
                    source,
                    memo,
                )
            )
            memo = None
            paid_any = True

    services = payment.services
    claim_remarks = _claim_remarks(payment)
    if not services:
        pay(((None, payment.paid),), f"{where} CLP04", ())
        for adjustment in payment.adjustments:
            adjust(
                _TEXT[adjustment.group],
                adjustment.reason,
                adjustment.amount,
                _CLAIM_LINES,
                _CLAIM_WEIGHTS,
                "CLP",
                claim_remarks,
            )
    else:
        shares: list[list[tuple[Adjustment, Money]]] | None = None
        if payment.adjustments:
            shares = [[] for _ in services]
            weights = [abs(service.paid) for service in services]
            if not any(weights):
                weights = [abs(service.charge) for service in services]
            if not any(weights):
                weights = [_ONE for _ in services]
            for adjustment in payment.adjustments:
                for index, part in enumerate(allocate(adjustment.amount, weights)):
                    shares[index].append((adjustment, part))
        for index, service in enumerate(services):
            target = targets[index]
            if target is None:
                lines: _Lines = _CLAIM_LINES
                line_weights: tuple[Money, ...] = _CLAIM_WEIGHTS
            else:
                lines = target[0]
                line_weights = target[1]
            remarks = (
                (*_line_remarks(service), *claim_remarks) if service.remarks else claim_remarks
            )
            source = _SVC[index] if index < _NUMBERED else f"SVC{index + 1}"
            paid = service.paid
            share = shares[index] if shares is not None else None
            if share:
                paid -= sum((part for _, part in share), _ZERO)
            pay(
                ((lines[0], paid),) if len(lines) == 1 else _split(lines, line_weights, paid),
                f"{where} {source} SVC03",
                remarks,
            )
            for adjustment in service.adjustments:
                adjust(
                    _TEXT[adjustment.group],
                    adjustment.reason,
                    adjustment.amount,
                    lines,
                    line_weights,
                    source,
                    remarks,
                )
            if share:
                for adjustment, part in share:
                    if part:
                        adjust(
                            _TEXT[adjustment.group],
                            adjustment.reason,
                            part,
                            lines,
                            line_weights,
                            f"{source} CLP",
                            remarks,
                        )
    for reported in payment.amounts:
        if reported.qualifier == "I" and reported.amount:
            append(
                new_entry(
                    _entry_id(key, len(entries)),
                    EntryKind.INTEREST,
                    reported.amount,
                    party,
                    posted_on,
                    claim_id,
                    None,
                    key,
                    None,
                    None,
                    (),
                    trace,
                    number,
                    status,
                    False,
                    None,
                    f"{where} AMT*I",
                    memo,
                )
            )
            memo = None
    return (entries, change, paid_any)


def _paid_before(history: Sequence[LedgerEntry], party: str) -> frozenset[int]:
    return frozenset(
        entry.line_index
        for entry in history
        if entry.kind is EntryKind.PAYMENT
        and entry.party == party
        and (entry.line_index is not None)
        and entry.amount
    )


def _find_original(
    run: _Run, account: Account, payment: ClaimPayment, party: str
) -> tuple[LedgerEntry, ...] | None:
    entries = run.ledger.entries_for(account.claim_id)
    reversed_ids = {entry.reverses for entry in entries if entry.reverses}
    postings: dict[str, list[LedgerEntry]] = {}
    for entry in entries:
        if (
            entry.posting_key
            and entry.posting_key.startswith("835:")
            and (entry.claim_status != ClaimStatus.REVERSAL.value)
            and (entry.party in (party, PATIENT))
        ):
            postings.setdefault(entry.posting_key, []).append(entry)
    for key in reversed(list(postings)):
        group = postings[key]
        if any(entry.entry_id in reversed_ids for entry in group):
            continue
        if not any(entry.party == party for entry in group):
            continue
        number = payment.payer_claim_control_number
        if number and group[0].payer_claim_number not in (None, number):
            continue
        paid = sum((e.amount for e in group if e.kind is EntryKind.PAYMENT), _ZERO)
        if paid == payment.paid:
            return tuple(group)
    return None


def _reverse(
    run: _Run, payment: ClaimPayment, original: tuple[LedgerEntry, ...], *, key: str, where: str
) -> list[LedgerEntry]:
    out: list[LedgerEntry] = []
    for entry in original:
        out.append(
            attrs.evolve(
                entry,
                entry_id=f"{key}#{len(out) + 1}",
                amount=-entry.amount,
                posted_on=run.posted_on,
                posting_key=key,
                trace_number=run.remittance.trace.number,
                payer_claim_number=payment.payer_claim_control_number or entry.payer_claim_number,
                claim_status=payment.status.value,
                reversal=True,
                reverses=entry.entry_id,
                source=f"{where} reverses {entry.entry_id}",
            )
        )
    return out


def _is_duplicate(history: Sequence[LedgerEntry], payment: ClaimPayment, party: str) -> bool:
    number = payment.payer_claim_control_number
    if not number or payment.is_reversal:
        return False
    entries = history
    reversed_ids = {entry.reverses for entry in entries if entry.reverses}
    postings: dict[str, list[LedgerEntry]] = {}
    for entry in entries:
        if entry.posting_key and entry.posting_key.startswith("835:") and (entry.party == party):
            postings.setdefault(entry.posting_key, []).append(entry)
    for group in postings.values():
        first = group[0]
        if (
            first.payer_claim_number == number
            and first.claim_status == payment.status.value
            and (not first.reversal)
            and (not any(entry.entry_id in reversed_ids for entry in group))
            and (
                sum((e.amount for e in group if e.kind is EntryKind.PAYMENT), _ZERO)
                == -payment.paid
            )
            and payment.paid
        ):
            return True
    return False


def _changes(entries: Iterable[LedgerEntry]) -> dict[str, Decimal]:
    change: dict[str, Decimal] = {}
    for entry in entries:
        if entry.kind in BALANCE_KINDS:
            change[entry.party] = change.get(entry.party, _D0) + entry.amount.amount
    return change


def _check_negative(
    run: _Run, account: Account, party: str, change: dict[str, Decimal], held: dict[str, Decimal]
) -> str:
    if not change:
        return ""
    balances = held
    moved = run.moved.get(account.claim_id)
    if moved:
        balances = dict(held)
        for moved_party, amount in moved.items():
            balances[moved_party] = balances.get(moved_party, _D0) + amount
    total_before = sum(balances.values(), _D0)
    total_after = total_before + sum(change.values(), _D0)
    payer_after = balances.get(party, _D0) + change.get(party, _D0)
    if total_after < 0:
        return f"the claim would have {Money(-total_after)} more paid and adjusted than charged (balance {Money(total_before)} before)"  # noqa: E501
    if payer_after < 0:
        return f"payer {party} would owe {Money(payer_after)} (it owes {Money(balances.get(party, _D0))}); bill it first, or post a reversal before a correction"  # noqa: E501
    return ""


def _post_claim(run: _Run, index: int, payment: ClaimPayment) -> None:
    key = f"{run.key}:{index}"
    where = f"835 {run.trace} CLP{index}"
    pcn = mask(payment.patient_control_number)
    if run.ledger.is_posted(key):
        existing = run.ledger.posting(key)
        fingerprint = _fingerprint(payment)
        stored = next((e.memo for e in existing if e.memo), None)
        if stored is not None and stored != fingerprint:
            run.held += 1
            run.issue(
                IssueKind.CONFLICTING_REPOST,
                f"claim payment {index} ({pcn}) was posted before from this remittance with other content; post a reversal and the correction instead",  # noqa: E501
                claim_index=index,
                payment=payment,
                amount=payment.paid,
            )
        else:
            run.skipped += 1
        return
    if payment.status is ClaimStatus.PREDETERMINATION:
        run.issue(
            IssueKind.PREDETERMINATION,
            f"claim payment {index} ({pcn}) is a predetermination; nothing is posted",
            held=False,
            claim_index=index,
            payment=payment,
        )
        return

    def hold(kind: IssueKind, message: str, **extra: object) -> None:
        run.held += 1
        run.issue(kind, message, claim_index=index, payment=payment, **extra)

    account = _find_account(run, payment)
    if account is None:
        hold(
            IssueKind.UNKNOWN_CLAIM,
            f"no billed claim has patient control number {pcn}"
            + (
                f" or payer claim number {payment.payer_claim_control_number}"
                if payment.payer_claim_control_number
                else ""
            ),
            amount=payment.paid,
        )
        return
    problems = () if _balances(payment) else check_balance(payment)
    if problems:
        hold(
            IssueKind.UNBALANCED,
            f"claim payment {index} ({pcn}) does not balance: {problems[0].description or problems[0].rule} = {problems[0].expected}, but the 835 says {problems[0].actual}",  # noqa: E501
            amount=payment.paid,
        )
        return
    if account.voided and (not payment.is_reversal):
        hold(
            IssueKind.VOIDED_CLAIM,
            f"claim {pcn} was voided; only a reversal can be posted to it",
            amount=payment.paid,
        )
        return
    party = _resolve_payer(run, account, payment)
    if party is None:
        hold(
            IssueKind.UNKNOWN_PAYER,
            f"the remittance's payer ({', '.join(run.identifiers) or 'no identifier'}) is none of the payers claim {pcn} was billed to ({', '.join(account.payers)}); post with payer=...",  # noqa: E501
            amount=payment.paid,
        )
        return
    owed: dict[str, Decimal] = {}
    remitted: list[LedgerEntry] = []
    for entry in run.ledger.entries_for(account.claim_id):
        if entry.kind in BALANCE_KINDS:
            owner = entry.party
            owed[owner] = owed.get(owner, _D0) + entry.amount.amount
        posting_key = entry.posting_key
        if posting_key and posting_key.startswith("835:"):
            remitted.append(entry)
    if remitted and _is_duplicate(remitted, payment, party):
        hold(
            IssueKind.DUPLICATE_PAYMENT,
            f"claim {pcn}: payer claim number {payment.payer_claim_control_number} with status {payment.status.value} and payment {payment.paid} is already posted from another remittance",  # noqa: E501
            amount=payment.paid,
        )
        return
    entries: list[LedgerEntry]
    change: dict[str, Decimal]
    if payment.is_reversal:
        original = _find_original(run, account, payment, party)
        if original is None:
            hold(
                IssueKind.REVERSAL_WITHOUT_ORIGINAL,
                f"claim {pcn}: the reversal of {-payment.paid} matches no payment posted from payer {party}",  # noqa: E501
                amount=payment.paid,
            )
            return
        entries = _reverse(run, payment, original, key=key, where=where)
        change = _changes(entries)
        paid = None
    else:
        services = payment.services
        claim = account.claim
        targets, problems_found = place(
            claim.lines,
            services,
            paid_before=_paid_before(remitted, party) if remitted else frozenset(),
        )
        held = False
        for problem in problems_found:
            kind = (
                IssueKind.AMBIGUOUS_LINE
                if problem.kind == "ambiguous"
                else IssueKind.UNMATCHED_LINE
            )
            service = services[problem.service_index]
            proc = service.procedure
            stop = kind is IssueKind.AMBIGUOUS_LINE or run.policy.unmatched_lines == "hold"
            run.issue(
                kind,
                f"claim {pcn}, service {problem.service_index + 1} ({proc.qualifier} {proc.code}, charge {service.charge}): {problem.message}",  # noqa: E501
                claim_index=index,
                payment=payment,
                service_index=problem.service_index + 1,
                amount=service.paid,
                candidates=tuple(i + 1 for i in problem.candidates),
                held=stop,
            )
            held = held or stop
        if held:
            run.held += 1
            return
        entries, change, paid = _build(run, account.claim_id, payment, party, key, where, targets)
    if not run.policy.allow_credit_balance:
        message = _check_negative(run, account, party, change, owed)
        if message:
            hold(IssueKind.NEGATIVE_BALANCE, f"claim {pcn}: {message}", amount=payment.paid)
            return
    if not entries:
        paid = None
        entries = [
            LedgerEntry(
                entry_id=f"{key}#1",
                kind=EntryKind.INFORMATION,
                amount=_ZERO,
                party=party,
                posted_on=run.posted_on,
                claim_id=account.claim_id,
                posting_key=key,
                trace_number=run.remittance.trace.number,
                payer_claim_number=payment.payer_claim_control_number,
                claim_status=payment.status.value,
                source=f"{where} (no amounts)",
            )
        ]
    if entries[0].memo is None:
        entries[0] = attrs.evolve(entries[0], memo=_fingerprint(payment))
    moved = run.moved.setdefault(account.claim_id, {})
    for moved_party, amount in change.items():
        moved[moved_party] = moved.get(moved_party, _D0) + amount
    if paid is None:
        run.add(entries)
    else:
        run.add_posting(entries, account.claim_id, key, paid)
    run.posted += 1


def _provider_adjustments(run: _Run, party: str) -> None:
    remittance = run.remittance
    if not remittance.provider_adjustments:
        return
    key = f"{run.key}:PLB"
    if run.ledger.is_posted(key):
        return
    where = f"835 {remittance.trace.number}"
    made: list[LedgerEntry] = []
    for number, plb in enumerate(remittance.provider_adjustments, start=1):
        for item_number, item in enumerate(plb.items, start=1):
            claim_id = None
            if item.reference:
                claim_id = run.ledger.claim_for_payer_number(item.reference)
                if claim_id is None and run.ledger.account(item.reference) is not None:
                    claim_id = item.reference
            made.append(
                LedgerEntry(
                    entry_id=f"{key}#{len(made) + 1}",
                    kind=EntryKind.PROVIDER_ADJUSTMENT,
                    amount=item.amount,
                    party=party,
                    posted_on=run.posted_on,
                    claim_id=claim_id,
                    posting_key=key,
                    reason=item.reason,
                    trace_number=remittance.trace.number,
                    payer_claim_number=item.reference,
                    source=f"{where} PLB{number} item {item_number}",
                )
            )
    run.add(made)


def post(
    ledger: Ledger,
    remittance: Remittance,
    *,
    on: date | None = None,
    payer: str | None = None,
    policy: PostingPolicy | None = None,
) -> PostingResult:
    with gc_paused(promote=True):
        return _post(ledger, remittance, on=on, payer=payer, policy=policy)


def _post(
    ledger: Ledger,
    remittance: Remittance,
    *,
    on: date | None,
    payer: str | None,
    policy: PostingPolicy | None,
) -> PostingResult:
    policy = policy or PostingPolicy()
    posted_on = on or remittance.payment.date or remittance.production_date
    if posted_on is None:
        raise ValidationError(
            f"remittance {remittance.trace.number} has no payment date (BPR16) or production date (DTM*405): pass on=",  # noqa: E501
            value=remittance.trace.number,
            expected="a posting date",
        )
    identifiers = _payer_identifiers(remittance)
    run = _Run(
        ledger=ledger,
        remittance=remittance,
        posted_on=posted_on,
        table=policy.denial_table or default_table(),
        policy=policy,
        payer_override=payer,
        identifiers=identifiers,
        key=remittance_key(remittance),
    )
    order = sorted(enumerate(remittance.claims, start=1), key=lambda pair: not pair[1].is_reversal)
    for index, payment in order:
        _post_claim(run, index, payment)
    payer_party = payer or next(
        (i for i in identifiers if any((i in a.payers for a in ledger.accounts.values()))),
        identifiers[0] if identifiers else "unknown",
    )
    _provider_adjustments(run, payer_party)
    claimed = sum((c.paid.amount for c in remittance.claims), _D0)
    withheld = sum((p.total.amount for p in remittance.provider_adjustments), _D0)
    deposit = remittance.payment.signed_amount
    if claimed - withheld != deposit.amount:
        run.issue(
            IssueKind.DEPOSIT_MISMATCH,
            f"the payment (BPR02) is {deposit}, but the claims paid {Money(claimed)} less {Money(withheld)} of provider-level adjustments (PLB) makes {Money(claimed - withheld)}",  # noqa: E501
            held=False,
            amount=deposit,
        )
    interest = sum(
        (a.amount for c in remittance.claims for a in c.amounts if a.qualifier == "I"), _ZERO
    )
    plb_interest = -sum(
        (i.amount for p in remittance.provider_adjustments for i in p.items if i.reason == "L6"),
        _ZERO,
    )
    if interest != plb_interest:
        run.issue(
            IssueKind.INTEREST_MISMATCH,
            f"claim interest (AMT*I) adds to {interest} but PLB L6 pays {plb_interest}",
            held=False,
            amount=interest - plb_interest,
        )
    run.issues.sort(key=lambda issue: (issue.claim_index or 0, issue.service_index or 0))
    logger.debug(
        "posted %s: %d claims, %d skipped, %d held",
        remittance.trace.number,
        run.posted,
        run.skipped,
        run.held,
    )
    result = _result(
        {
            "trace_number": remittance.trace.number,
            "payer": payer_party,
            "posted_on": posted_on,
            "entries": tuple(run.entries),
            "issues": tuple(run.issues),
            "claims_posted": run.posted,
            "claims_already_posted": run.skipped,
            "claims_held": run.held,
            "deposit": remittance.payment.signed_amount,
        }
    )
    remember_layout(result, Layout(result.entries, tuple(run.runs), tuple(run.payer_numbers)))
    return result


_trusted_result: Final = trusted_builder(PostingResult)


def _result(values: dict[str, Any]) -> PostingResult:
    if (
        type(values["trace_number"]) is str
        and type(values["payer"]) is str
        and (type(values["posted_on"]) is date)
        and (type(values["deposit"]) is Money)
    ):
        return _trusted_result(values)
    return PostingResult.model_validate(values)
