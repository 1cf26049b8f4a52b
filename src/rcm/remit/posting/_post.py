"""Post an 835 remittance to a ledger: :func:`post`."""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final, Literal

import attrs

from rcm._pydantic import trusted_builder
from rcm.errors import ValidationError, expect_type, mask
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

# CLP02 statuses that say which payer in the order adjudicated the claim.
_ORDER_OF_STATUS: Final[Mapping[ClaimStatus, str]] = {
    ClaimStatus.PROCESSED_AS_PRIMARY: "P",
    ClaimStatus.PROCESSED_AS_PRIMARY_FORWARDED: "P",
    ClaimStatus.PROCESSED_AS_SECONDARY: "S",
    ClaimStatus.PROCESSED_AS_SECONDARY_FORWARDED: "S",
    ClaimStatus.PROCESSED_AS_TERTIARY: "T",
    ClaimStatus.PROCESSED_AS_TERTIARY_FORWARDED: "T",
}

# Enum values as plain text (``member.value`` goes through a descriptor each time).
_TEXT: Final[Mapping[enum.Enum, str]] = {
    **{member: member.value for member in AdjustmentGroup},
    **{member: member.value for member in ClaimStatus},
}

# The patient-responsibility kind of each PR CARC that has its own kind.
_PR_KINDS: Final[Mapping[str, EntryKind]] = {
    "1": EntryKind.DEDUCTIBLE,
    "66": EntryKind.DEDUCTIBLE,
    "2": EntryKind.COINSURANCE,
    "3": EntryKind.COPAY,
}
_NON_COVERED: Final = frozenset({DenialCategory.NON_COVERED, DenialCategory.MEDICAL_NECESSITY})


@attrs.frozen(slots=True)
class PostingPolicy:
    """Choices a practice makes about posting.

    Attributes:
        denial_table: the table that says which adjustments are contractual,
            patient responsibility, denials or information (default: rcm's).
        unmatched_lines: ``"hold"`` (the default) holds a claim payment with a
            service payment that fits no line; ``"claim"`` posts such service
            payments at claim level (``line_index=None``) and still reports them.
        allow_credit_balance: post claim payments that leave the payer owing
            less than nothing (an overpayment to refund) instead of holding them.

    Example:
        >>> PostingPolicy().unmatched_lines
        'hold'
    """

    denial_table: DenialTable | None = None
    unmatched_lines: Literal["hold", "claim"] = "hold"
    allow_credit_balance: bool = False


def remittance_key(remittance: Remittance) -> str:
    """What identifies a remittance for idempotency: payer (TRN03) and trace number (TRN02).

    The same payment re-sent in another file (new ISA/ST control numbers) has
    the same key.

    Example:
        >>> from rcm.remit._examples import example_remittance
        >>> remittance_key(example_remittance())
        '835:1060000001:EFT0000001'
    """
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
            _TEXT[payment.status],
            # str(Money) is str of its Decimal: without the extra frame.
            str(payment.charge.amount),
            str(payment.paid.amount),
        )
    )


@attrs.define(slots=True)
class _Run:
    """The state of one posting run."""

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
    # Where this run's postings to each claim start in ``entries``: one
    # position, or a list for a claim paid more than once (see _moved).
    starts: dict[str, int | list[int]] = attrs.field(factory=dict)
    # What each (group, CARC, remarks) posts: the denial table's answer, once per run.
    plans: dict[tuple[str, str, tuple[str, ...]], _Plan] = attrs.field(factory=dict)
    # Negated amounts, shared by the entries of the run (see _build).
    negatives: dict[Decimal, Money] = attrs.field(factory=dict)
    # Bundles' parts by cents, shared by the entries of the run (see _allocate).
    made: dict[int, Money] = attrs.field(factory=dict)
    trace: str = attrs.field(init=False)
    # The runs and payer claim numbers of the entries, for Ledger.apply (Layout).
    runs: list[Run] = attrs.field(factory=list)
    payer_numbers: list[tuple[str, str]] = attrs.field(factory=list)
    posted: int = 0
    skipped: int = 0
    held: int = 0

    def __attrs_post_init__(self) -> None:
        self.trace = self.remittance.trace.number

    def add_posting(self, entries: list[LedgerEntry], claim_id: str, key: str, paid: bool) -> None:
        """Add a claim payment's entries: all for *claim_id* under *key*, payments if *paid*."""
        self.entries.extend(entries)
        runs = self.runs
        if runs and runs[-1][0] == claim_id and runs[-1][1] == key:
            runs[-1] = (claim_id, key, runs[-1][2] + len(entries))
        else:
            runs.append((claim_id, key, len(entries)))
        number = entries[0].payer_claim_number
        if paid and number:
            self.payer_numbers.append((number, claim_id))

    def add(self, entries: list[LedgerEntry]) -> None:
        """Add entries of any kind (reversals, PLB), finding their runs one by one."""
        for entry in entries:
            self.entries.append(entry)
            claim_id = entry.claim_id
            key = entry.posting_key
            runs = self.runs
            if runs and runs[-1][0] == claim_id and runs[-1][1] == key:
                runs[-1] = (claim_id, key, runs[-1][2] + 1)
            else:
                runs.append((claim_id, key, 1))
            number = entry.payer_claim_number
            if entry.kind is EntryKind.PAYMENT and number and claim_id is not None:
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
    """Whether a claim payment balances (the rules of ``check_balance``), in plain ``Decimal``."""
    # Plain loops, not sum(generator): this runs for every claim payment and
    # most lists here hold one to three items.
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


# Where a service payment's amounts go: the claim lines and the weights a
# bundle's amounts are split by (a match's ``lines`` and ``weights``).
_Lines = tuple[int | None, ...]
_ONE: Final = Money(1)
_CLAIM_LINES: Final[_Lines] = (None,)
_CLAIM_WEIGHTS: Final = (_ONE,)


def _split(
    lines: _Lines, weights: tuple[Money, ...], amount: Money, made: dict[int, Money]
) -> Iterable[tuple[int | None, Money]]:
    if len(lines) == 1:
        return ((lines[0], amount),)
    if not any(weights):
        weights = tuple(_ONE for _ in lines)
    return zip(lines, _allocate(amount, weights, made), strict=True)


_HUNDRED: Final = Decimal(100)


def _allocate(
    total: Money, weights: tuple[Money, ...], made: dict[int, Money]
) -> tuple[Money, ...]:
    """:func:`~rcm.money.allocate` for ``Money`` weights, in whole cents: the same parts.

    A bundle splits its payment and each of its adjustments across its
    lines by their charges. ``allocate`` takes any weights (``int``,
    ``Decimal``, ``Money``) and scales them to integers; ``Money`` weights
    are whole cents already, so this does the same largest-remainder split
    on cents directly (each part the floor of its exact share, the cents
    left one each to the largest remainders, ties to the earlier part, a
    negative total split as its absolute value and negated), and takes each
    part's ``Money`` from *made* (the run's, by cents: the same few amounts
    come back). Negative weights go to ``allocate``, for its error.
    tests/posting/test_post_equivalence.py compares both.
    """
    scaled = [int(weight.amount * _HUNDRED) for weight in weights]
    if min(scaled) < 0:
        return allocate(total, weights)
    whole = sum(scaled)
    cents = int(total.amount * _HUNDRED)
    sign = -1 if cents < 0 else 1
    cents = abs(cents)
    shares = [cents * weight // whole for weight in scaled]
    left = cents - sum(shares)
    if left:
        remainders = sorted(
            ((cents * weight % whole, -index) for index, weight in enumerate(scaled)),
            reverse=True,
        )
        for _, negative_index in remainders[:left]:
            shares[-negative_index] += 1
    parts: list[Money] = []
    for share in shares:
        signed = sign * share
        part = made.get(signed)
        if part is None:
            part = made[signed] = Money.from_cents(signed)
        parts.append(part)
    return tuple(parts)


# What a CAS adjustment posts, from the denial table's classification: the
# entry kind, whether the payer's entry is the negated amount, and whether
# the patient gets the amount too (patient responsibility).
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
        return kind, True, True
    if classification.category in _MOVE_ON:
        return EntryKind.CONTRACTUAL, True, False
    if classification.is_denial:
        return EntryKind.DENIAL, False, False
    return EntryKind.INFORMATION, False, False


# Entry IDs are the posting key and "#1", "#2"...; joining ready-made
# suffixes costs a fifth of formatting the number each time.
_NUMBERED: Final = 64
_SUFFIXES: Final = tuple(f"#{number}" for number in range(1, _NUMBERED + 1))
_SVC: Final = tuple(f"SVC{number}" for number in range(1, _NUMBERED + 1))


def _entry_id(key: str, count: int) -> str:
    """The ID of the entry after *count* others under *key*: ``key#count+1``."""
    return key + _SUFFIXES[count] if count < _NUMBERED else f"{key}#{count + 1}"


def _build(  # noqa: PLR0917 - internal, called once per claim payment
    run: _Run,
    claim_id: str,
    payment: ClaimPayment,
    party: str,
    key: str,
    where: str,
    targets: Sequence[Placed | None],
) -> tuple[list[LedgerEntry], dict[str, Decimal], bool]:
    """The entries of one claim payment, their balance changes, and whether any pays.

    The changes are per party, in ``Decimal``. This is the hot loop of posting
    (about ten entries per claim), written for speed:

    * a service payment placed on one line (nearly all of them) is posted
      inline, in one loop with its adjustments: no helper call, no
      ``(line, amount)`` parts, no :func:`allocate`; bundles, claim payments
      without service payments and claim-level adjustments split across the
      service payments take the general helpers below;
    * what each party's balance moves by is kept in two local ``Decimal``
      sums, not a dict updated entry by entry;
    * what is the same on every entry is looked up once; entries are made
      with :func:`new_entry`, and the first one gets the fingerprint memo
      once all are made (it is ours until returned, see ``_mark_first``);
    * a payer's entries share one negated ``Money`` per amount for the whole
      run (the same few amounts come back claim after claim, and ``Money``
      is immutable).

    tests/posting/test_post_equivalence.py proves the entries and changes are
    what the plain version (tests/posting/reference_post.py) makes.
    """
    entries: list[LedgerEntry] = []
    append = entries.append
    posted_on = run.posted_on
    trace = run.trace
    number = payment.payer_claim_control_number
    status = _TEXT[payment.status]
    plans = run.plans
    negatives = run.negatives
    made = run.made
    table = run.table
    # What this claim payment moves: the payer's and the patient's balance
    # (None: untouched, so the party is no key of the changes). The general
    # helpers add theirs to ``change``; both are merged at the end.
    payer_moved: Decimal | None = None
    patient_moved: Decimal | None = None
    change: dict[str, Decimal] = {}
    paid_any = False

    def adjust(  # noqa: PLR0917 - positional on purpose, as new_entry
        group: str,
        reason: str,
        total: Money,
        lines: _Lines,
        weights: tuple[Money, ...],
        source: str,
        remarks: tuple[str, ...],
    ) -> None:
        # The general way: any number of lines (a bundle splits the amount).
        plan_key = (group, reason, remarks)
        plan = plans.get(plan_key)
        if plan is None:
            plan = plans[plan_key] = _plan(table, group, reason, remarks)
        kind, negate, to_patient = plan
        label = f"{where} {source} CAS {group}-{reason}"
        parts = ((lines[0], total),) if len(lines) == 1 else _split(lines, weights, total, made)
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
                    None,
                )
            )
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
    ) -> bool:
        # The general way; whether anything was paid.
        paid = False
        for line_index, amount in parts:
            value = amount.amount
            if not value:
                continue
            change[party] = change.get(party, _D0) - value
            payer_amount = negatives.get(value)
            if payer_amount is None:
                payer_amount = negatives[value] = -amount
            append(
                new_entry(
                    _entry_id(key, len(entries)),
                    EntryKind.PAYMENT,
                    payer_amount,
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
                    None,
                )
            )
            paid = True
        return paid

    services = payment.services
    claim_remarks = _claim_remarks(payment)
    if not services:
        paid_any = pay(((None, payment.paid),), f"{where} CLP04", ())
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
        # Claim-level CAS with service lines reduce what the lines paid:
        # split each across the service payments by what they paid.
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
            if len(lines) != 1:
                # A bundle: its amounts are split across its lines.
                if pay(_split(lines, line_weights, paid, made), f"{where} {source} SVC03", remarks):
                    paid_any = True
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
            else:
                # One line: pay() and adjust() inlined (see the docstring).
                line_index = lines[0]
                value = paid.amount
                if value:
                    payer_moved = -value if payer_moved is None else payer_moved - value
                    payer_amount = negatives.get(value)
                    if payer_amount is None:
                        payer_amount = negatives[value] = -paid
                    count = len(entries)
                    append(
                        new_entry(
                            key + _SUFFIXES[count] if count < _NUMBERED else f"{key}#{count + 1}",
                            EntryKind.PAYMENT,
                            payer_amount,
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
                            f"{where} {source} SVC03",
                            None,
                        )
                    )
                    paid_any = True
                for adjustment in service.adjustments:
                    group = _TEXT[adjustment.group]
                    reason = adjustment.reason
                    plan_key = (group, reason, remarks)
                    plan = plans.get(plan_key)
                    if plan is None:
                        plan = plans[plan_key] = _plan(table, group, reason, remarks)
                    amount = adjustment.amount
                    value = amount.amount
                    if not value:
                        continue
                    kind, negate, to_patient = plan
                    label = f"{where} {source} CAS {group}-{reason}"
                    if negate:
                        payer_moved = -value if payer_moved is None else payer_moved - value
                        payer_amount = negatives.get(value)
                        if payer_amount is None:
                            payer_amount = negatives[value] = -amount
                    else:
                        payer_amount = amount
                    count = len(entries)
                    append(
                        new_entry(
                            key + _SUFFIXES[count] if count < _NUMBERED else f"{key}#{count + 1}",
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
                            None,
                        )
                    )
                    if to_patient:
                        patient_moved = value if patient_moved is None else patient_moved + value
                        count += 1
                        append(
                            new_entry(
                                key + _SUFFIXES[count]
                                if count < _NUMBERED
                                else f"{key}#{count + 1}",
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
                    None,
                )
            )
    if entries:
        _mark_first(entries[0], _fingerprint(payment))
    if payer_moved is not None:
        change[party] = change.get(party, _D0) + payer_moved
    if patient_moved is not None:
        change[PATIENT] = change.get(PATIENT, _D0) + patient_moved
    return entries, change, paid_any


_set_slot: Final = object.__setattr__


def _mark_first(entry: LedgerEntry, fingerprint: str) -> None:
    """Give the first entry of a claim payment its fingerprint memo.

    The first entry carries the claim payment's fingerprint, so a re-post
    with other content is told apart from a plain re-post. :func:`_build`
    makes every entry with no memo (one argument less to juggle per entry)
    and sets it here, once per claim payment, on an entry it has just made
    and not yet handed to anyone: the frozen class refuses ``entry.memo =``,
    and ``object.__setattr__`` sets the slot as attrs' own ``__init__`` does.
    """
    _set_slot(entry, "memo", fingerprint)


def _paid_before(history: Sequence[LedgerEntry], party: str) -> frozenset[int]:
    return frozenset(
        entry.line_index
        for entry in history
        if entry.kind is EntryKind.PAYMENT
        and entry.party == party
        and entry.line_index is not None
        and entry.amount
    )


def _find_original(
    run: _Run, account: Account, payment: ClaimPayment, party: str
) -> tuple[LedgerEntry, ...] | None:
    """The entries of the posting a reversal undoes, latest first among candidates."""
    entries = run.ledger.entries_for(account.claim_id)
    reversed_ids = {entry.reverses for entry in entries if entry.reverses}
    postings: dict[str, list[LedgerEntry]] = {}
    for entry in entries:
        if (
            entry.posting_key
            and entry.posting_key.startswith("835:")
            and entry.claim_status != ClaimStatus.REVERSAL.value
            and entry.party in (party, PATIENT)
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
    run: _Run,
    payment: ClaimPayment,
    original: tuple[LedgerEntry, ...],
    *,
    key: str,
    where: str,
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
        if entry.posting_key and entry.posting_key.startswith("835:") and entry.party == party:
            postings.setdefault(entry.posting_key, []).append(entry)
    for group in postings.values():
        first = group[0]
        if (
            first.payer_claim_number == number
            and first.claim_status == payment.status.value
            and not first.reversal
            and not any(entry.entry_id in reversed_ids for entry in group)
            and sum((e.amount for e in group if e.kind is EntryKind.PAYMENT), _ZERO)
            == -payment.paid
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


def _moved(run: _Run, claim_id: str) -> dict[str, Decimal] | None:
    """The balance changes this run made to a claim, per party (``None``: none yet).

    Summed from the run's entries when asked (only for a claim paid twice in
    one remittance) rather than kept per claim: a dict and its ``Decimal``
    sums for each of 100,000 claims is memory a large posting pays for in
    page faults. A posting's entries are neighbours with one posting key.
    """
    found = run.starts.get(claim_id)
    if found is None:
        return None
    entries = run.entries
    moved: dict[str, Decimal] = {}
    for start in (found,) if isinstance(found, int) else found:
        key = entries[start].posting_key
        for position in range(start, len(entries)):
            entry = entries[position]
            if entry.posting_key != key:
                break
            if entry.kind in BALANCE_KINDS:
                moved[entry.party] = moved.get(entry.party, _D0) + entry.amount.amount
    return moved


def _check_negative(
    run: _Run,
    account: Account,
    party: str,
    change: dict[str, Decimal],
    held: dict[str, Decimal],
) -> str:
    """A message when the changes would overdraw the payer or the claim, else ``""``.

    *held* is what each party owes on the claim in the ledger (the balance
    effects of its entries), before this run.
    """
    if not change:
        return ""
    balances = held
    moved = _moved(run, account.claim_id)
    if moved:
        balances = dict(held)
        for moved_party, amount in moved.items():
            balances[moved_party] = balances.get(moved_party, _D0) + amount
    total_before = sum(balances.values(), _D0)
    total_after = total_before + sum(change.values(), _D0)
    payer_after = balances.get(party, _D0) + change.get(party, _D0)
    if total_after < 0:
        return (
            f"the claim would have {Money(-total_after)} more paid and adjusted than charged "
            f"(balance {Money(total_before)} before)"
        )
    if payer_after < 0:
        return (
            f"payer {party} would owe {Money(payer_after)} (it owes "
            f"{Money(balances.get(party, _D0))}); bill it first, or post a reversal before a "
            "correction"
        )
    return ""


class _Masked:
    """A patient control number that masks itself when formatted (see :func:`mask`)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def __format__(self, spec: str) -> str:
        return format(mask(self._value), spec)

    def __str__(self) -> str:
        return mask(self._value)


def _post_claim(run: _Run, index: int, payment: ClaimPayment) -> None:
    key = f"{run.key}:{index}"
    where = f"835 {run.trace} CLP{index}"
    # The masked patient control number is only for messages (held items):
    # ``{pcn}`` below formats it when one is made.
    pcn = _Masked(payment.patient_control_number)
    if run.ledger.is_posted(key):
        existing = run.ledger.posting(key)
        fingerprint = _fingerprint(payment)
        stored = next((e.memo for e in existing if e.memo), None)
        if stored is not None and stored != fingerprint:
            run.held += 1
            run.issue(
                IssueKind.CONFLICTING_REPOST,
                f"claim payment {index} ({pcn}) was posted before from this remittance with "
                "other content; post a reversal and the correction instead",
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
        run.issue(kind, message, claim_index=index, payment=payment, **extra)  # type: ignore[arg-type]

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
            f"claim payment {index} ({pcn}) does not balance: "
            f"{problems[0].description or problems[0].rule} = {problems[0].expected}, "
            f"but the 835 says {problems[0].actual}",
            amount=payment.paid,
        )
        return
    if account.voided and not payment.is_reversal:
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
            f"the remittance's payer ({', '.join(run.identifiers) or 'no identifier'}) is none "
            f"of the payers claim {pcn} was billed to ({', '.join(account.payers)}); "
            "post with payer=...",
            amount=payment.paid,
        )
        return
    # One pass over the claim's entries: what each party owes, and the
    # entries posted from remittances (for duplicates and lines paid before).
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
            f"claim {pcn}: payer claim number {payment.payer_claim_control_number} with status "
            f"{payment.status.value} and payment {payment.paid} is already posted from another "
            "remittance",
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
                f"claim {pcn}: the reversal of {-payment.paid} matches no payment posted from "
                f"payer {party}",
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
                f"claim {pcn}, service {problem.service_index + 1} ({proc.qualifier} "
                f"{proc.code}, charge {service.charge}): {problem.message}",
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
        # A zero-dollar claim payment: keep its key so re-posting is a no-op.
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
        # Reversals and zero-dollar payments: mark the first entry too.
        entries[0] = attrs.evolve(entries[0], memo=_fingerprint(payment))
    start = len(run.entries)
    earlier = run.starts.get(account.claim_id)
    if earlier is None:
        run.starts[account.claim_id] = start
    elif isinstance(earlier, int):
        run.starts[account.claim_id] = [earlier, start]
    else:
        earlier.append(start)
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
    """Post a remittance to a ledger: match every claim and line, make the entries.

    Nothing is changed: apply the result with :meth:`Ledger.apply
    <rcm.remit.posting.Ledger.apply>`. For each claim payment (loop 2100):

    * it is found by patient control number (CLP01), else by the payer's claim
      number (CLP07) seen on an earlier payment;
    * its payer is the bill whose payer ID the remittance names (N104, TRN03,
      BPR10, REF*2U), else the one CLP02's order names, else the only payer;
    * service payments are matched to lines (:func:`match_lines`);
    * ``CLP04``/``SVC03`` become ``payment`` entries; each ``CAS`` triplet
      becomes a contractual adjustment, a patient-responsibility move (two
      entries: payer down, patient up), a held ``denial``, or ``information``,
      as the denial table classifies it; ``AMT*I`` becomes ``interest``;
    * a reversal (CLP02 22) reverses, entry by entry, the posting it undoes;
    * posting is all-or-nothing per claim payment: any held issue (an unknown
      claim, a line that fits none or two, a balance that would go below zero,
      a voided claim, amounts that do not balance) posts nothing for it and
      reports it.

    ``PLB`` provider-level adjustments become ``provider_adjustment`` entries.
    Posting is idempotent: the same remittance (payer and trace number) posted
    again makes no entries and counts its claims as already posted.

    Args:
        ledger: the ledger with the claims billed.
        remittance: the 835 transaction.
        on: the accounting date (default: BPR16, else the production date DTM*405).
        payer: the payer ID the remittance is from, when the ledger cannot tell.
        policy: posting choices (:class:`PostingPolicy`).

    Raises:
        ValidationError: no date to post on (no *on*, BPR16 or DTM*405).

    Example:
        >>> from datetime import date
        >>> from rcm.remit.posting import Ledger
        >>> from rcm.remit.posting._examples import example_ledger, example_payment
        >>> ledger = example_ledger()
        >>> result = post(ledger, example_payment())
        >>> result.summary()
        'remittance EFT0000042: 1 claims posted, 0 already posted, 0 held; 8 entries; paid 89.60'
        >>> ledger = ledger.apply(result)
        >>> ledger.balances("ENC0000001")
        {'60054': Money('0.00'), 'patient': Money('22.40')}
        >>> post(ledger, example_payment()).already_posted
        True
    """
    expect_type(ledger, Ledger, function="rcm.remit.posting.post", expected="a Ledger")
    expect_type(remittance, Remittance, function="rcm.remit.posting.post", expected="a Remittance")
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
            f"remittance {remittance.trace.number} has no payment date (BPR16) or production "
            "date (DTM*405): pass on=",
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
    # Reversals first, each group in file order (what a stable sort on "not a
    # reversal" gives, without a key call per claim payment).
    numbered = list(enumerate(remittance.claims, start=1))
    reversal = ClaimStatus.REVERSAL
    order = [pair for pair in numbered if pair[1].status is reversal]
    if order:
        order.extend(pair for pair in numbered if pair[1].status is not reversal)
    else:
        order = numbered
    for index, payment in order:
        _post_claim(run, index, payment)
    payer_party = payer or next(
        (i for i in identifiers if any(i in a.payers for a in ledger.accounts.values())),
        identifiers[0] if identifiers else "unknown",
    )
    _provider_adjustments(run, payer_party)
    # Notes on the remittance as a whole.
    claimed = sum((c.paid.amount for c in remittance.claims), _D0)
    withheld = sum((p.total.amount for p in remittance.provider_adjustments), _D0)
    deposit = remittance.payment.signed_amount
    if claimed - withheld != deposit.amount:
        run.issue(
            IssueKind.DEPOSIT_MISMATCH,
            f"the payment (BPR02) is {deposit}, but the claims paid {Money(claimed)} less "
            f"{Money(withheld)} of provider-level adjustments (PLB) makes "
            f"{Money(claimed - withheld)}",
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
    """The posting result, built without validating its (many) entries again.

    Validation would only check that each entry is a ``LedgerEntry`` and each
    issue a ``PostingIssue`` (it accepts instances as they are), which posting
    made itself; the other values are checked here to be of the exact types
    validation gives (``date``, not a ``datetime``, for instance). Anything
    else goes through validation. tests/posting/test_trusted.py proves the
    result is what validation makes.
    """
    if (
        type(values["trace_number"]) is str
        and type(values["payer"]) is str
        and type(values["posted_on"]) is date
        and type(values["deposit"]) is Money
    ):
        return _trusted_result(values)
    return PostingResult.model_validate(values)
