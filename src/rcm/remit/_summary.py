"""Summaries of 835 files, computed while streaming (bounded memory)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from rcm.money import Money
from rcm.remit._balance import BalanceProblem, claim_problems, exactly, transaction_problem
from rcm.remit._models import AdjustmentGroup, ClaimPayment, ClaimStatus, Remittance
from rcm.remit._parse import TransactionEnd, events
from rcm.remit._read import _gc_paused
from rcm.x12 import Source, X12Reader

__all__ = ["RemitSummary", "TransactionSummary", "summarize"]

_ZERO = Money(0)
_DECIMAL_ZERO = Decimal(0)


@attrs.frozen(slots=True)
class TransactionSummary:
    """Totals of one 835 transaction set (no PHI: no patient names or IDs).

    Attributes:
        transaction_index: 1-based position in the source.
        control_number: ST02.
        payer_name: N102 of the payer loop.
        payer_id: N104 of the payer loop (or BPR10/TRN03 when absent).
        payee_name: N102 of the payee loop.
        payee_id: N104 of the payee loop (NPI or tax ID).
        payment_amount: BPR02, signed by BPR03 (a debit is negative).
        payment_method: BPR04.
        payment_date: BPR16.
        trace_number: TRN02.
        claim_count: how many CLP loops.
        claims_by_status: (CLP02 value, count) pairs, by status.
        total_charge: sum of CLP03.
        total_paid: sum of CLP04.
        total_patient_responsibility: sum of CLP05.
        adjustments: (group, reason, summed amount), claim and line level together,
            sorted by group and reason.
        provider_adjustments: (PLB reason, summed amount), sorted by reason.
        problem_count: how many balancing problems there are.
        problems: the first of them (up to ``max_problems``).

    Example:
        >>> from rcm.remit import summarize, write_835
        >>> from rcm.remit._examples import example_remittance
        >>> [summary] = summarize(write_835([example_remittance()])).transactions
        >>> summary.claim_count, summary.total_paid, summary.adjustments[0]
        (2, Money('175.50'), ('CO', '45', Money('69.50')))
    """

    transaction_index: int
    control_number: str | None
    payer_name: str | None
    payer_id: str | None
    payee_name: str | None
    payee_id: str | None
    payment_amount: Money
    payment_method: str
    payment_date: date | None
    trace_number: str
    claim_count: int
    claims_by_status: tuple[tuple[str, int], ...]
    total_charge: Money
    total_paid: Money
    total_patient_responsibility: Money
    adjustments: tuple[tuple[str, str, Money], ...]
    provider_adjustments: tuple[tuple[str, Money], ...]
    problem_count: int
    problems: tuple[BalanceProblem, ...]

    @property
    def provider_adjustment_total(self) -> Money:
        """The sum of the PLB amounts.

        Example:
            >>> from rcm.remit import summarize, write_835
            >>> from rcm.remit._examples import example_remittance
            >>> summarize(write_835([example_remittance()])).transactions[0].provider_adjustment_total
            Money('10.00')
        """  # noqa: E501 - doctest
        return sum((amount for _, amount in self.provider_adjustments), _ZERO)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (amounts as strings, dates in ISO form).

        Example:
            >>> from rcm.remit import summarize, write_835
            >>> from rcm.remit._examples import example_remittance
            >>> summarize(write_835([example_remittance()])).transactions[0].to_dict()["total_paid"]
            '175.50'
        """
        return {
            "transaction_index": self.transaction_index,
            "control_number": self.control_number,
            "payer": {"name": self.payer_name, "id": self.payer_id},
            "payee": {"name": self.payee_name, "id": self.payee_id},
            "payment": {
                "amount": str(self.payment_amount),
                "method": self.payment_method,
                "date": self.payment_date.isoformat() if self.payment_date else None,
                "trace_number": self.trace_number,
            },
            "claim_count": self.claim_count,
            "claims_by_status": dict(self.claims_by_status),
            "total_charge": str(self.total_charge),
            "total_paid": str(self.total_paid),
            "total_patient_responsibility": str(self.total_patient_responsibility),
            "adjustments": [
                {"group": group, "reason": reason, "amount": str(amount)}
                for group, reason, amount in self.adjustments
            ],
            "provider_adjustments": [
                {"reason": reason, "amount": str(amount)}
                for reason, amount in self.provider_adjustments
            ],
            "balanced": self.problem_count == 0,
            "problem_count": self.problem_count,
            "problems": [
                {
                    "rule": p.rule,
                    "claim_index": p.claim_index,
                    "patient_control_number": p.patient_control_number,
                    "line_index": p.line_index,
                    "expected": str(p.expected),
                    "actual": str(p.actual),
                    "message": p.message,
                }
                for p in self.problems
            ],
        }


@attrs.frozen(slots=True)
class RemitSummary:
    """Totals of every transaction in an 835 source.

    Attributes:
        source: the source name (path, ``"<string>"``...).
        transactions: one :class:`TransactionSummary` per ST/SE.
        warnings: envelope problems the X12 reader read past, as text.

    Example:
        >>> from rcm.remit import summarize, write_835
        >>> from rcm.remit._examples import example_remittance
        >>> summary = summarize(write_835([example_remittance()]))
        >>> summary.claim_count, summary.is_balanced
        (2, True)
    """

    source: str
    transactions: tuple[TransactionSummary, ...]
    warnings: tuple[str, ...] = ()

    @property
    def claim_count(self) -> int:
        """Claims in all transactions.

        Example:
            >>> RemitSummary("x", ()).claim_count
            0
        """
        return sum(t.claim_count for t in self.transactions)

    @property
    def problem_count(self) -> int:
        """Balancing problems in all transactions.

        Example:
            >>> RemitSummary("x", ()).problem_count
            0
        """
        return sum(t.problem_count for t in self.transactions)

    @property
    def is_balanced(self) -> bool:
        """Whether no transaction has a balancing problem.

        Example:
            >>> RemitSummary("x", ()).is_balanced
            True
        """
        return self.problem_count == 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Example:
            >>> RemitSummary("x", ()).to_dict()["balanced"]
            True
        """
        return {
            "source": self.source,
            "claim_count": self.claim_count,
            "balanced": self.is_balanced,
            "problem_count": self.problem_count,
            "warnings": list(self.warnings),
            "transactions": [t.to_dict() for t in self.transactions],
        }


class _Accumulator:
    """One transaction's running totals.

    The totals are kept as ``Decimal`` values and turned into ``Money`` once,
    at the end: each claim's additions are made in plain ``Decimal`` and kept
    only when they were exact (see :func:`rcm.remit._balance.exactly`);
    otherwise the claim is added with ``Money`` arithmetic, which raises for
    totals too large for cents exactly as it always has.
    """

    def __init__(self, header: Remittance, index: int, max_problems: int | None) -> None:
        self.header = header
        self.index = index
        self.max_problems = max_problems
        self.claim_count = 0
        self.statuses: dict[ClaimStatus, int] = {}
        self.charge = _DECIMAL_ZERO
        self.paid = _DECIMAL_ZERO
        self.patient = _DECIMAL_ZERO
        self.adjustments: dict[tuple[AdjustmentGroup, str], Decimal] = {}
        self.problems: list[BalanceProblem] = []
        self.problem_count = 0

    def _problems(self, found: Iterable[BalanceProblem]) -> None:
        for problem in found:
            self.problem_count += 1
            if self.max_problems is None or len(self.problems) < self.max_problems:
                self.problems.append(problem)

    def add(self, claim: ClaimPayment) -> None:
        self.claim_count += 1
        status = claim.status
        self.statuses[status] = self.statuses.get(status, 0) + 1
        totals = exactly(self._totals_with, claim)
        if totals is None:
            self._add_money(claim)
        else:
            self.charge, self.paid, self.patient, updates = totals
            self.adjustments.update(updates)
        self._problems(claim_problems(claim, self.claim_count, self.header.control_number))

    def _totals_with(self, claim: ClaimPayment) -> _Totals:
        """The totals with *claim* added (the accumulator is not changed)."""
        responsibility = claim.patient_responsibility
        patient = self.patient
        if responsibility is not None:
            patient += responsibility.amount
        known = self.adjustments
        updates: dict[tuple[AdjustmentGroup, str], Decimal] = {}
        for adj in claim.adjustments:
            key = (adj.group, adj.reason)
            updates[key] = updates.get(key, known.get(key, _DECIMAL_ZERO)) + adj.amount.amount
        for line in claim.services:
            for adj in line.adjustments:
                key = (adj.group, adj.reason)
                updates[key] = updates.get(key, known.get(key, _DECIMAL_ZERO)) + adj.amount.amount
        return (
            self.charge + claim.charge.amount,
            self.paid + claim.paid.amount,
            patient,
            updates,
        )

    def _add_money(self, claim: ClaimPayment) -> None:
        """Add *claim* with Money arithmetic (what the Decimal path falls back to)."""
        self.charge = (Money(self.charge) + claim.charge).amount
        self.paid = (Money(self.paid) + claim.paid).amount
        if claim.patient_responsibility is not None:
            self.patient = (Money(self.patient) + claim.patient_responsibility).amount
        for _, adj in claim.all_adjustments():
            key = (adj.group, adj.reason)
            total = Money(self.adjustments.get(key, _DECIMAL_ZERO)) + adj.amount
            self.adjustments[key] = total.amount

    def finish(self, end: TransactionEnd) -> TransactionSummary:
        header = self.header
        payment = header.payment
        paid = Money(self.paid)
        problem = transaction_problem(
            payment.signed_amount, paid, end.provider_adjustments, header.control_number
        )
        if problem is not None:
            self._problems([problem])
        plb: dict[str, Money] = {}
        for segment in end.provider_adjustments:
            for item in segment.items:
                plb[item.reason] = plb.get(item.reason, _ZERO) + item.amount
        adjustments = {
            (group.value, reason): Money(amount)
            for (group, reason), amount in self.adjustments.items()
        }
        return TransactionSummary(
            transaction_index=self.index,
            control_number=header.control_number,
            payer_name=header.payer.name,
            payer_id=header.payer.id or payment.payer_identifier or header.trace.originator_id,
            payee_name=header.payee.name,
            payee_id=header.payee.id,
            payment_amount=payment.signed_amount,
            payment_method=payment.method,
            payment_date=payment.date,
            trace_number=header.trace.number,
            claim_count=self.claim_count,
            claims_by_status=tuple(
                sorted(
                    ((status.value, count) for status, count in self.statuses.items()),
                    key=lambda kv: int(kv[0]),
                )
            ),
            total_charge=Money(self.charge),
            total_paid=paid,
            total_patient_responsibility=Money(self.patient),
            adjustments=tuple(
                (group, reason, amount)
                for (group, reason), amount in sorted(adjustments.items(), key=_reason_key)
            ),
            provider_adjustments=tuple(sorted(plb.items())),
            problem_count=self.problem_count,
            problems=tuple(self.problems),
        )


#: What _Accumulator._totals_with computes: charge, paid, patient and adjustment totals.
_Totals = tuple[Decimal, Decimal, Decimal, dict[tuple[AdjustmentGroup, str], Decimal]]


def _reason_key(item: tuple[tuple[str, str], Money]) -> tuple[str, int, str]:
    (group, reason), _ = item
    # numeric CARCs in numeric order, then the lettered ones
    return (group, int(reason) if reason.isdigit() else 1000, reason)


def summarize(
    source: Source,
    *,
    strict: bool = False,
    name: str | None = None,
    max_problems: int | None = 1000,
) -> RemitSummary:
    """Read an 835 source claim by claim and total it, checking every balancing rule.

    Memory stays bounded whatever the file size: claims are totalled as they
    stream past and only the first *max_problems* problems per transaction are
    kept (all are counted).

    Args:
        source: a path, X12 text, bytes, or an open file.
        strict: raise for envelope problems instead of recording them as warnings.
        name: the source name used in messages.
        max_problems: how many balancing problems to keep per transaction
            (``None``: all).

    Raises:
        X12SyntaxError: the input is not X12.
        RemitParseError: the X12 is not a readable 005010X221A1 835.

    Example:
        >>> from rcm.remit import write_835
        >>> from rcm.remit._examples import example_remittance
        >>> summary = summarize(write_835([example_remittance()]))
        >>> summary.transactions[0].claims_by_status
        (('1', 2),)
    """
    transactions: list[TransactionSummary] = []
    with X12Reader(source, strict=strict, name=name) as reader, _gc_paused():
        # nothing but rcm's own code runs inside: the collector may stay paused
        current: _Accumulator | None = None
        for event in events(reader, source=reader.name, contexts=False):
            if type(event) is ClaimPayment:
                assert current is not None
                current.add(event)
            elif isinstance(event, Remittance):
                current = _Accumulator(event, len(transactions) + 1, max_problems)
            elif isinstance(event, TransactionEnd):
                assert current is not None
                transactions.append(current.finish(event))
                current = None
        return RemitSummary(
            reader.name, tuple(transactions), tuple(str(w) for w in reader.warnings)
        )
