"""Entries billing staff make by hand: patient payments, write-offs, transfers, reversals.

Each function returns new entries (it never changes the ledger); add them
with :meth:`Ledger.add <rcm.remit.posting.Ledger.add>`. IDs are derived from
the claim, the date, the kind and how many entries the claim has, so the
same call on the same ledger gives the same IDs.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from rcm.errors import InvalidAmount, ValidationError, mask
from rcm.money import Money
from rcm.remit.posting._entries import PATIENT, EntryKind, LedgerEntry
from rcm.remit.posting._ledger import Ledger

__all__ = ["patient_payment", "reverse", "transfer", "write_off"]

_ZERO: Final = Money(0)


def _check(ledger: Ledger, claim_id: str, amount: Money, what: str) -> None:
    if ledger.account(claim_id) is None:
        raise ValidationError(
            f"claim {mask(claim_id)} was never billed",
            value=mask(claim_id),
            expected="a billed claim",
        )
    if not isinstance(amount, Money) or amount <= _ZERO:
        raise InvalidAmount(
            f"a {what} amount must be a positive Money, not {amount!r}",
            value=str(amount),
            expected="a positive amount",
        )


def _key(ledger: Ledger, claim_id: str, what: str, on: date) -> str:
    return f"manual:{claim_id}:{what}:{on.isoformat()}:{len(ledger.entries_for(claim_id)) + 1}"


def patient_payment(
    ledger: Ledger,
    claim_id: str,
    amount: Money,
    *,
    on: date,
    line_index: int | None = None,
    reference: str | None = None,
) -> LedgerEntry:
    """A payment from the patient toward a claim.

    Args:
        ledger: the ledger (to check the claim and number the entry).
        claim_id: the claim paid toward.
        amount: what the patient paid (positive).
        on: the date received.
        line_index: the line paid toward, or ``None`` for the claim.
        reference: a receipt or card transaction reference (no card numbers).

    Raises:
        ValidationError: a claim never billed.
        InvalidAmount: an amount that is not positive.

    Example:
        >>> from datetime import date
        >>> from rcm.remit.posting._examples import example_ledger
        >>> entry = patient_payment(example_ledger(), "ENC0000001", Money("20.00"),
        ...                         on=date(2025, 4, 2))
        >>> entry.kind.value, entry.amount, entry.party
        ('payment', Money('-20.00'), 'patient')
    """
    _check(ledger, claim_id, amount, "payment")
    key = _key(ledger, claim_id, "patient-payment", on)
    return LedgerEntry(
        entry_id=f"{key}#1",
        kind=EntryKind.PAYMENT,
        amount=-amount,
        party=PATIENT,
        posted_on=on,
        claim_id=claim_id,
        line_index=line_index,
        posting_key=key,
        source="patient payment",
        memo=reference,
    )


def write_off(
    ledger: Ledger,
    claim_id: str,
    amount: Money,
    *,
    party: str,
    on: date,
    line_index: int | None = None,
    reason: str | None = None,
    memo: str | None = None,
) -> LedgerEntry:
    """An amount the provider will not collect from *party* (a denial, a small balance, bad debt).

    Args:
        ledger: the ledger.
        claim_id: the claim.
        amount: what is written off (positive).
        party: who is released (a payer ID or ``"patient"``).
        on: the date.
        line_index: the line, or ``None`` for the claim.
        reason: the CARC of the denial written off, if it is one.
        memo: why, in words (no PHI).

    Raises:
        ValidationError: a claim never billed.
        InvalidAmount: an amount that is not positive.

    Example:
        >>> from datetime import date
        >>> from rcm.remit.posting._examples import example_ledger
        >>> entry = write_off(example_ledger(), "ENC0000001", Money("5.00"), party="patient",
        ...                   on=date(2025, 4, 2), memo="small balance")
        >>> entry.kind.value, entry.amount
        ('write_off', Money('-5.00'))
    """
    _check(ledger, claim_id, amount, "write-off")
    key = _key(ledger, claim_id, "write-off", on)
    return LedgerEntry(
        entry_id=f"{key}#1",
        kind=EntryKind.WRITE_OFF,
        amount=-amount,
        party=party,
        posted_on=on,
        claim_id=claim_id,
        line_index=line_index,
        posting_key=key,
        reason=reason,
        source="write-off",
        memo=memo,
    )


def transfer(
    ledger: Ledger,
    claim_id: str,
    amount: Money,
    *,
    from_party: str,
    to_party: str,
    on: date,
    line_index: int | None = None,
    memo: str | None = None,
) -> tuple[LedgerEntry, LedgerEntry]:
    """Move part of what one party owes to another (a denial billed to the patient, say).

    Raises:
        ValidationError: a claim never billed, or the same party twice.
        InvalidAmount: an amount that is not positive.

    Example:
        >>> from datetime import date
        >>> from rcm.remit.posting._examples import example_ledger
        >>> out, into = transfer(example_ledger(), "ENC0000001", Money("15.00"),
        ...                      from_party="60054", to_party="patient", on=date(2025, 4, 2))
        >>> (out.party, out.amount), (into.party, into.amount)
        (('60054', Money('-15.00')), ('patient', Money('15.00')))
    """
    _check(ledger, claim_id, amount, "transfer")
    if from_party == to_party:
        raise ValidationError(
            "a transfer needs two different parties", value=from_party, expected="two parties"
        )
    key = _key(ledger, claim_id, "transfer", on)
    common = {
        "kind": EntryKind.TRANSFER,
        "posted_on": on,
        "claim_id": claim_id,
        "line_index": line_index,
        "posting_key": key,
        "memo": memo,
    }
    return (
        LedgerEntry(
            entry_id=f"{key}#1",
            amount=-amount,
            party=from_party,
            source=f"transfer to {to_party}",
            **common,  # type: ignore[arg-type]
        ),
        LedgerEntry(
            entry_id=f"{key}#2",
            amount=amount,
            party=to_party,
            source=f"transfer from {from_party}",
            **common,  # type: ignore[arg-type]
        ),
    )


def reverse(
    ledger: Ledger, entry: LedgerEntry, *, on: date, memo: str | None = None
) -> LedgerEntry:
    """An entry that undoes *entry* (a mispost): same kind, opposite sign, ``reverses`` set.

    Raises:
        ValidationError: the entry is not in the ledger, or is already reversed.

    Example:
        >>> from datetime import date
        >>> from rcm.remit.posting._examples import example_ledger
        >>> ledger = example_ledger()
        >>> charge = ledger.entries_for("ENC0000001")[0]
        >>> undo = reverse(ledger, charge, on=date(2025, 4, 2), memo="charged twice")
        >>> undo.amount == -charge.amount, undo.reverses == charge.entry_id
        (True, True)
    """
    if entry.claim_id is None or entry not in ledger.entries_for(entry.claim_id):
        raise ValidationError(
            f"entry {entry.entry_id!r} is not a claim entry of this ledger",
            value=entry.entry_id,
            expected="an entry of the ledger",
        )
    if any(other.reverses == entry.entry_id for other in ledger.entries_for(entry.claim_id)):
        raise ValidationError(
            f"entry {entry.entry_id!r} is already reversed",
            value=entry.entry_id,
            expected="an entry not yet reversed",
        )
    key = _key(ledger, entry.claim_id, "reversal", on)
    return LedgerEntry(
        entry_id=f"{key}#1",
        kind=entry.kind,
        amount=-entry.amount,
        party=entry.party,
        posted_on=on,
        claim_id=entry.claim_id,
        line_index=entry.line_index,
        posting_key=key,
        group=entry.group,
        reason=entry.reason,
        remarks=entry.remarks,
        reversal=True,
        reverses=entry.entry_id,
        source=f"reverses {entry.entry_id}",
        memo=memo,
    )
