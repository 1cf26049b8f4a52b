"""What a patient owes after insurance, and the statement that tells them.

A patient's claims are grouped by :attr:`Account.patient_key
<rcm.remit.posting.Account.patient_key>` (the claim's medical record number,
or a hash of name and birth date). A statement lists each service line with
what was charged, what insurance paid and adjusted, what became the
patient's responsibility (by kind), what the patient paid, and what is left;
it ages the balance from the day each amount became the patient's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

from pydantic import Field

from rcm.ar import BUCKETS, bucket_of
from rcm.claims import Patient
from rcm.errors import ValidationError, mask
from rcm.money import Money
from rcm.patient._base import PatientModel
from rcm.remit.posting import PATIENT, EntryKind

if TYPE_CHECKING:
    from rcm.remit.posting import Account, Ledger

__all__ = ["Statement", "StatementLine", "patient_balance", "patient_keys", "statement"]

logger = logging.getLogger(__name__)

_ZERO: Final = Money(0)
_PAYER_ADJUSTMENTS: Final = frozenset({EntryKind.CONTRACTUAL, EntryKind.WRITE_OFF})


_Report = PatientModel


class StatementLine(_Report):
    """One service line on a statement.

    Attributes:
        claim_id: the claim (masked in ``repr``).
        line_index: the 0-based claim line (``None``: claim-level amounts).
        service_date: the date of service.
        procedure_code: the procedure or revenue code (codes only; rcm ships no
            CPT descriptors).
        charge: what was billed.
        insurance_paid: what the payers paid.
        insurance_adjusted: what the payers' contracts took off, and payer write-offs.
        deductible: the patient's deductible on it.
        coinsurance: the patient's coinsurance.
        copay: the patient's copay.
        other_responsibility: non-covered and other patient responsibility.
        patient_paid: what the patient paid toward it.
        patient_adjusted: patient balances written off or moved to another payer.
        balance: what the patient owes on it now.

    Example:
        >>> from rcm.patient._examples import example_statement
        >>> line = example_statement().lines[0]
        >>> line.procedure_code, line.charge, line.insurance_paid, line.coinsurance, line.balance
        ('99213', Money('125.00'), Money('80.00'), Money('20.00'), Money('20.00'))
    """

    claim_id: str
    line_index: int | None
    service_date: date
    procedure_code: str | None = None
    charge: Money = _ZERO
    insurance_paid: Money = _ZERO
    insurance_adjusted: Money = _ZERO
    deductible: Money = _ZERO
    coinsurance: Money = _ZERO
    copay: Money = _ZERO
    other_responsibility: Money = _ZERO
    patient_paid: Money = _ZERO
    patient_adjusted: Money = _ZERO
    balance: Money = _ZERO

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            yield name, mask(value) if name == "claim_id" and isinstance(value, str) else value

    @property
    def patient_responsibility(self) -> Money:
        """Deductible, coinsurance, copay and other responsibility together.

        Example:
            >>> from rcm.patient._examples import example_statement
            >>> example_statement().lines[0].patient_responsibility
            Money('20.00')
        """
        return self.deductible + self.coinsurance + self.copay + self.other_responsibility


class Statement(_Report):
    """A patient statement: the lines, what insurance did, what is owed, by when.

    Attributes:
        patient_key: the key the claims were grouped by.
        patient: the patient (names and address for the mailing; never in ``repr``).
        statement_date: the date of the statement (entries after it are not seen).
        due_date: when payment is due.
        lines: the service lines, by date of service.
        aging: the balance by age since it became the patient's (0-30 ... over 120).

    Example:
        >>> from rcm.patient._examples import example_statement
        >>> s = example_statement()
        >>> s.amount_due, s.due_date, s.aging[0]
        (Money('22.40'), datetime.date(2025, 4, 30), Money('22.40'))
        >>> "SAMPLE" in repr(s)
        False
    """

    patient_key: str
    patient: Patient = Field(repr=False)
    statement_date: date
    due_date: date
    lines: tuple[StatementLine, ...] = ()
    aging: tuple[Money, Money, Money, Money, Money] = (_ZERO, _ZERO, _ZERO, _ZERO, _ZERO)

    @property
    def amount_due(self) -> Money:
        """What the patient owes in all (the sum of the line balances).

        Example:
            >>> from rcm.patient._examples import example_statement
            >>> example_statement().amount_due
            Money('22.40')
        """
        return sum((line.balance for line in self.lines), _ZERO)

    @property
    def insurance_paid(self) -> Money:
        """What insurance paid on these lines.

        Example:
            >>> from rcm.patient._examples import example_statement
            >>> example_statement().insurance_paid
            Money('89.60')
        """
        return sum((line.insurance_paid for line in self.lines), _ZERO)

    def text(self) -> str:
        """The statement as plain text (it names the patient: it is for the patient).

        "moved" is what was written off or moved to another payer (a secondary
        coverage) after it became the patient's.

        Example:
            >>> from rcm.patient._examples import example_statement
            >>> print(example_statement().text())  # doctest: +NORMALIZE_WHITESPACE
            STATEMENT 2025-03-31  PAT SAMPLE  due 2025-04-30
            date       code     charge ins paid  ins adj your share    paid   moved  balance
            2025-03-03 99213    125.00    80.00    25.00      20.00    0.00    0.00    20.00
            2025-03-03 36415     15.00     9.60     3.00       2.40    0.00    0.00     2.40
            AMOUNT DUE 22.40  (0-30: 22.40, 31-60: 0.00, 61-90: 0.00, 91-120: 0.00, over 120: 0.00)
        """
        name = " ".join(p for p in (self.patient.first_name, self.patient.last_name) if p)
        out = [
            f"STATEMENT {self.statement_date.isoformat()}  {name}  due {self.due_date.isoformat()}",
            (
                f"{'date':<10} {'code':<6} {'charge':>8} {'ins paid':>8} {'ins adj':>8} "
                f"{'your share':>10} {'paid':>7} {'moved':>7} {'balance':>8}"
            ),
        ]
        out.extend(
            f"{line.service_date.isoformat():<10} {(line.procedure_code or '')[:6]:<6} "
            f"{line.charge!s:>8} {line.insurance_paid!s:>8} {line.insurance_adjusted!s:>8} "
            f"{line.patient_responsibility!s:>10} {line.patient_paid!s:>7} "
            f"{line.patient_adjusted!s:>7} {line.balance!s:>8}"
            for line in self.lines
        )
        ages = ", ".join(
            f"{label}: {amount}" for label, amount in zip(BUCKETS, self.aging, strict=True)
        )
        out.append(f"AMOUNT DUE {self.amount_due}  ({ages})")
        return "\n".join(out)


def patient_keys(ledger: Ledger, *, as_of: date | None = None) -> tuple[str, ...]:
    """The patient keys that owe something (as of a date), in first-billed order.

    Example:
        >>> from rcm.patient._examples import example_patient_ledger
        >>> len(patient_keys(example_patient_ledger()))
        1
    """
    keys: list[str] = []
    for claim_id, account in ledger.accounts.items():
        key = account.patient_key
        if key in keys:
            continue
        if ledger.balance(claim_id, party=PATIENT, as_of=as_of):
            keys.append(key)
    return tuple(keys)


def _accounts(ledger: Ledger, patient_key: str) -> list[Account]:
    return [a for a in ledger.accounts.values() if a.patient_key == patient_key]


def patient_balance(ledger: Ledger, patient_key: str, *, as_of: date | None = None) -> Money:
    """What a patient owes across their claims, after insurance.

    Example:
        >>> from rcm.patient._examples import example_patient_ledger
        >>> ledger = example_patient_ledger()
        >>> key = patient_keys(ledger)[0]
        >>> patient_balance(ledger, key)
        Money('22.40')
    """
    return sum(
        (
            ledger.balance(account.claim_id, party=PATIENT, as_of=as_of)
            for account in _accounts(ledger, patient_key)
        ),
        _ZERO,
    )


def statement(ledger: Ledger, patient_key: str, *, on: date, due_in_days: int = 30) -> Statement:
    """The statement of a patient's claims as of *on*.

    Every line of the patient's claims with a patient amount (responsibility,
    payment, adjustment or balance) is listed; lines the patient never owed
    on are left off.

    Args:
        ledger: the posting ledger.
        patient_key: the patient (see :func:`patient_keys`).
        on: the statement date; entries posted after it are not counted.
        due_in_days: days from the statement date to the due date.

    Raises:
        ValidationError: no claim in the ledger has that patient key, or a
            negative *due_in_days*.

    Example:
        >>> from datetime import date
        >>> from rcm.patient._examples import example_patient_ledger
        >>> ledger = example_patient_ledger()
        >>> s = statement(ledger, patient_keys(ledger)[0], on=date(2025, 3, 31))
        >>> balances = [(line.procedure_code, line.balance) for line in s.lines]
        >>> balances
        [('99213', Money('20.00')), ('36415', Money('2.40'))]
    """
    accounts = _accounts(ledger, patient_key)
    if not accounts:
        raise ValidationError(
            "no claim in the ledger belongs to that patient key",
            value=mask(patient_key),
            expected="a key from patient_keys(ledger)",
        )
    if due_in_days < 0:
        raise ValidationError(
            f"due_in_days must not be negative, not {due_in_days}",
            value=str(due_in_days),
            expected="0 or more days",
        )
    lines: list[StatementLine] = []
    buckets = [0, 0, 0, 0, 0]
    ordinal = on.toordinal()
    for account in accounts:
        claim = account.claim
        per_line: dict[int | None, dict[str, Money]] = {}
        since: dict[int | None, date] = {}
        for entry in ledger.entries_for(account.claim_id):
            if entry.posted_on > on or not entry.kind.affects_balance:
                continue
            amounts = per_line.setdefault(entry.line_index, {})

            def add(name: str, amount: Money, amounts: dict[str, Money] = amounts) -> None:
                amounts[name] = amounts.get(name, _ZERO) + amount

            kind = entry.kind
            if entry.party == PATIENT:
                add("balance", entry.amount)
                if kind is EntryKind.PAYMENT:
                    add("patient_paid", -entry.amount)
                elif kind in (EntryKind.WRITE_OFF, EntryKind.TRANSFER) and entry.amount < _ZERO:
                    add("patient_adjusted", -entry.amount)
                elif kind is EntryKind.DEDUCTIBLE:
                    add("deductible", entry.amount)
                elif kind is EntryKind.COINSURANCE:
                    add("coinsurance", entry.amount)
                elif kind is EntryKind.COPAY:
                    add("copay", entry.amount)
                elif kind.is_patient_responsibility:
                    add("other_responsibility", entry.amount)
                if entry.amount > _ZERO and entry.line_index not in since:
                    since[entry.line_index] = entry.posted_on
            elif kind is EntryKind.CHARGE:
                add("charge", entry.amount)
            elif kind is EntryKind.PAYMENT:
                add("insurance_paid", -entry.amount)
            elif kind in _PAYER_ADJUSTMENTS:
                add("insurance_adjusted", -entry.amount)
        for line_index in sorted(per_line, key=lambda i: -1 if i is None else i):
            amounts = per_line[line_index]
            patient_side = any(
                amounts.get(name)
                for name in (
                    "balance",
                    "patient_paid",
                    "patient_adjusted",
                    "deductible",
                    "coinsurance",
                    "copay",
                    "other_responsibility",
                )
            )
            if not patient_side:
                continue
            line = (
                claim.lines[line_index]
                if line_index is not None and line_index < len(claim.lines)
                else None
            )
            service = (
                line.service_date.start
                if line is not None and line.service_date is not None
                else account.service_date
            )
            balance = amounts.get("balance", _ZERO)
            if balance > _ZERO:
                start = since.get(line_index, on).toordinal()
                buckets[bucket_of(ordinal - start)] += balance.cents
            lines.append(
                StatementLine(
                    claim_id=account.claim_id,
                    line_index=line_index,
                    service_date=service,
                    procedure_code=(line.procedure_code or line.revenue_code) if line else None,
                    **amounts,
                )
            )
    lines.sort(
        key=lambda line: (
            line.service_date,
            line.claim_id,
            -1 if line.line_index is None else line.line_index,
        )
    )
    logger.debug("statement of %d lines", len(lines))
    return Statement(
        patient_key=patient_key,
        patient=accounts[0].claim.patient,
        statement_date=on,
        due_date=on + timedelta(days=due_in_days),
        lines=tuple(lines),
        aging=(
            Money.from_cents(buckets[0]),
            Money.from_cents(buckets[1]),
            Money.from_cents(buckets[2]),
            Money.from_cents(buckets[3]),
            Money.from_cents(buckets[4]),
        ),
    )
