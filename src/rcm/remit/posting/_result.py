"""What posting a remittance did: the entries it made and every item it could not apply."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from rcm.errors import mask
from rcm.money import Money
from rcm.remit.posting._entries import EntryKind, LedgerEntry

__all__ = ["IssueKind", "PostingIssue", "PostingResult"]


class IssueKind(enum.StrEnum):
    """Why an item of a remittance was not applied (or deserves a look).

    Example:
        >>> IssueKind("unknown_claim") is IssueKind.UNKNOWN_CLAIM
        True
    """

    #: No claim in the ledger has the patient control number (CLP01) or the
    #: payer's claim number (CLP07).
    UNKNOWN_CLAIM = "unknown_claim"
    #: A service payment fits no line of the claim.
    UNMATCHED_LINE = "unmatched_line"
    #: A service payment fits two claim lines that differ.
    AMBIGUOUS_LINE = "ambiguous_line"
    #: Applying it would leave the payer owing less than nothing, or the claim
    #: with more paid and adjusted than charged.
    NEGATIVE_BALANCE = "negative_balance"
    #: The claim was voided; only a reversal can be posted to it.
    VOIDED_CLAIM = "voided_claim"
    #: The claim payment's own amounts do not balance (see ``check_balance``).
    UNBALANCED = "unbalanced"
    #: The remittance's payer is none of the payers the claim was billed to.
    UNKNOWN_PAYER = "unknown_payer"
    #: A reversal (CLP02 22) of a payment the ledger does not hold.
    REVERSAL_WITHOUT_ORIGINAL = "reversal_without_original"
    #: The same payment (payer, claim number, status, amounts) is already
    #: posted from another remittance.
    DUPLICATE_PAYMENT = "duplicate_payment"
    #: The remittance was posted before with different content for this item.
    CONFLICTING_REPOST = "conflicting_repost"
    #: A predetermination (CLP02 25): nothing is owed or paid; nothing posted.
    PREDETERMINATION = "predetermination"
    #: The remittance's payment (BPR02) is not what its claims and PLBs add to.
    DEPOSIT_MISMATCH = "deposit_mismatch"
    #: Claim interest (AMT*I) does not add up to the PLB ``L6`` interest.
    INTEREST_MISMATCH = "interest_mismatch"


class _Report(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PostingIssue(_Report):
    """One item of a remittance that was not applied, or that needs a look, with where it is.

    Attributes:
        kind: what is wrong.
        held: whether the item was not applied (``False``: a note; the item
            posted, or there was nothing to post).
        message: the problem in words (codes and amounts; the patient control
            number masked).
        claim_index: the claim payment's 1-based position in the transaction.
        service_index: the service payment's 1-based position in its claim payment.
        patient_control_number: CLP01, to find the claim (masked in ``repr``).
        payer_claim_number: CLP07.
        amount: the amount concerned (the claim payment's CLP04, for instance).
        candidates: the 1-based claim lines an ambiguous service payment fits.

    Example:
        >>> issue = PostingIssue(kind="unknown_claim", held=True, message="no claim ...",
        ...                      claim_index=2, patient_control_number="PCN-9")
        >>> issue.held, "PCN-9" in repr(issue)
        (True, False)
    """

    kind: IssueKind
    held: bool
    message: str
    claim_index: int | None = None
    service_index: int | None = None
    patient_control_number: str | None = None
    payer_claim_number: str | None = None
    amount: Money | None = None
    candidates: tuple[int, ...] = ()

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            if name == "patient_control_number" and isinstance(value, str):
                yield name, mask(value)
            else:
                yield name, value

    def __str__(self) -> str:
        where = []
        if self.claim_index is not None:
            where.append(f"claim {self.claim_index}")
        if self.service_index is not None:
            where.append(f"service {self.service_index}")
        prefix = f"{', '.join(where)}: " if where else ""
        return f"{prefix}{self.kind.value}: {self.message}"


class PostingResult(_Report):
    """What posting one remittance produced: new ledger entries and the issues.

    Posting is all-or-nothing per claim payment: a claim payment with a held
    issue contributes no entries, and can be posted later once the cause is
    fixed. Apply the entries with :meth:`Ledger.apply <rcm.remit.posting.Ledger.apply>`.

    Attributes:
        trace_number: the remittance's TRN02 (check or EFT number).
        payer: the payer the remittance came from (its identifier).
        posted_on: the accounting date of the entries.
        entries: the new entries, in posting order.
        issues: everything held or worth a look, in file order.
        claims_posted: claim payments applied now.
        claims_already_posted: claim payments found already in the ledger (skipped).
        claims_held: claim payments not applied because of an issue.
        deposit: the money the remittance moves (BPR02, negative for a debit).

    Example:
        >>> from datetime import date
        >>> from rcm.remit.posting import Ledger, post
        >>> from rcm.remit._examples import example_remittance
        >>> result = post(Ledger(), example_remittance())
        >>> result.claims_held, [issue.kind.value for issue in result.issues]
        (2, ['unknown_claim', 'unknown_claim'])
    """

    trace_number: str
    payer: str
    posted_on: date
    entries: tuple[LedgerEntry, ...] = ()
    issues: tuple[PostingIssue, ...] = ()
    claims_posted: int = 0
    claims_already_posted: int = 0
    claims_held: int = 0
    deposit: Money = Money(0)

    @property
    def already_posted(self) -> bool:
        """Whether the whole remittance was posted before: nothing new, nothing held.

        Example:
            >>> from datetime import date
            >>> PostingResult(trace_number="T", payer="P", posted_on=date(2025, 1, 1),
            ...               claims_already_posted=3).already_posted
            True
        """
        return (
            not self.entries
            and self.claims_posted == 0
            and self.claims_held == 0
            and self.claims_already_posted > 0
        )

    @property
    def held(self) -> tuple[PostingIssue, ...]:
        """The issues whose items were not applied.

        Example:
            >>> from datetime import date
            >>> PostingResult(trace_number="T", payer="P", posted_on=date(2025, 1, 1)).held
            ()
        """
        return tuple(issue for issue in self.issues if issue.held)

    def total(self, kind: EntryKind | str) -> Money:
        """The sum of the new entries' amounts of one kind.

        Example:
            >>> from datetime import date
            >>> PostingResult(trace_number="T", payer="P", posted_on=date(2025, 1, 1)
            ...               ).total("payment")
            Money('0.00')
        """
        wanted = EntryKind(kind)
        return sum((e.amount for e in self.entries if e.kind is wanted), Money(0))

    def summary(self) -> str:
        """One line for people: claims posted, already posted, held; money posted.

        Example:
            >>> from datetime import date
            >>> PostingResult(trace_number="T1", payer="P", posted_on=date(2025, 1, 1)
            ...               ).summary()
            'remittance T1: 0 claims posted, 0 already posted, 0 held; 0 entries; paid 0.00'
        """
        return (
            f"remittance {self.trace_number}: {self.claims_posted} claims posted, "
            f"{self.claims_already_posted} already posted, {self.claims_held} held; "
            f"{len(self.entries)} entries; paid {-self.total(EntryKind.PAYMENT)}"
        )
