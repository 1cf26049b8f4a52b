"""Payment posting: remittances into an exact, auditable, append-only ledger.

:meth:`Ledger.bill` records a claim and its charges; :func:`post` turns an
835 :class:`~rcm.remit.Remittance` into :class:`LedgerEntry` rows (payments,
contractual adjustments, patient responsibility by kind, held denials,
interest, provider-level adjustments) and reports every item it could not
apply; :meth:`Ledger.apply` adds them. Posting is idempotent and reversals net
out entry by entry. :func:`patient_payment`, :func:`write_off`,
:func:`transfer` and :func:`reverse` make the entries staff post by hand.

Example:
    >>> from rcm.remit.posting import post
    >>> from rcm.remit.posting._examples import example_ledger, example_payment
    >>> ledger = example_ledger()
    >>> result = post(ledger, example_payment())
    >>> ledger = ledger.apply(result)
    >>> ledger.balances("ENC0000001")
    {'60054': Money('0.00'), 'patient': Money('22.40')}
    >>> sorted({entry.kind.value for entry in result.entries})
    ['coinsurance', 'contractual', 'payment']
"""

from __future__ import annotations

from rcm.remit.posting._entries import (
    BALANCE_KINDS,
    PATIENT,
    PATIENT_KINDS,
    EntryKind,
    LedgerEntry,
)
from rcm.remit.posting._ledger import Account, Bill, Ledger, payer_of
from rcm.remit.posting._manual import patient_payment, reverse, transfer, write_off
from rcm.remit.posting._match import LineMatch, MatchProblem, match_lines
from rcm.remit.posting._post import PostingPolicy, post, remittance_key
from rcm.remit.posting._result import IssueKind, PostingIssue, PostingResult

__all__ = [
    "BALANCE_KINDS",
    "PATIENT",
    "PATIENT_KINDS",
    "Account",
    "Bill",
    "EntryKind",
    "IssueKind",
    "Ledger",
    "LedgerEntry",
    "LineMatch",
    "MatchProblem",
    "PostingIssue",
    "PostingPolicy",
    "PostingResult",
    "match_lines",
    "patient_payment",
    "payer_of",
    "post",
    "remittance_key",
    "reverse",
    "transfer",
    "write_off",
]
