"""Ledger entries: one immutable row per money movement, with where it came from.

A ledger is a table of rows, so :class:`LedgerEntry` is an attrs frozen class
(machinery, like any table row), not a pydantic model: a ledger holds millions
of them and an attrs row costs a fraction of the time and memory. It still
rides in pydantic reports (:class:`~rcm.remit.posting.PostingResult`) and
round-trips through JSON with :meth:`LedgerEntry.to_dict` and
:meth:`LedgerEntry.from_dict`, the way :class:`~rcm.edits.Finding` does, so
one object is never modelled by both libraries.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from rcm.errors import mask
from rcm.money import Money

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

__all__ = ["BALANCE_KINDS", "PATIENT", "PATIENT_KINDS", "EntryKind", "LedgerEntry"]

#: The party name for the patient (every other party is a payer ID).
PATIENT: Final = "patient"


class EntryKind(enum.StrEnum):
    """What a ledger entry records.

    Example:
        >>> EntryKind("coinsurance").is_patient_responsibility
        True
        >>> EntryKind.DENIAL.affects_balance
        False
    """

    #: A service billed (one entry per claim line); positive.
    CHARGE = "charge"
    #: Money received, from a payer (CLP04/SVC03) or the patient; negative.
    PAYMENT = "payment"
    #: The contract's reduction (CO-45 and the like): written down; negative.
    CONTRACTUAL = "contractual"
    #: The patient's deductible (PR-1, PR-66), moved from the payer to the patient.
    DEDUCTIBLE = "deductible"
    #: The patient's coinsurance (PR-2), moved from the payer to the patient.
    COINSURANCE = "coinsurance"
    #: The patient's copay (PR-3), moved from the payer to the patient.
    COPAY = "copay"
    #: A non-covered service the patient owes (PR-96, PR-204, PR-50...).
    NON_COVERED = "non_covered"
    #: Any other patient responsibility (PR with another CARC).
    PATIENT_RESPONSIBILITY = "patient_responsibility"
    #: A denied amount (CO/OA/PI with a denial CARC). Held: it stays owed by
    #: the payer until it is paid, corrected, appealed or written off.
    DENIAL = "denial"
    #: An adjustment reported for information only (OA-23, a prior payer's
    #: effect; CO-133, pending review): no effect on any balance.
    INFORMATION = "information"
    #: A balance moved between parties (billing the next payer, for example).
    TRANSFER = "transfer"
    #: An amount the provider decides not to collect (a denial written off,
    #: a small balance, bad debt); negative.
    WRITE_OFF = "write_off"
    #: Interest the payer reports for the claim (``AMT*I``); the money itself
    #: comes in the provider-level adjustment ``PLB`` ``L6``. No balance effect.
    INTEREST = "interest"
    #: A provider-level adjustment (``PLB``): an offset of the deposit, not of
    #: any claim's balance. Its amount is the PLB amount as sent (positive:
    #: withheld from the payment).
    PROVIDER_ADJUSTMENT = "provider_adjustment"

    @property
    def affects_balance(self) -> bool:
        """Whether entries of this kind change what a party owes.

        Example:
            >>> kinds = [k.value for k in EntryKind if not k.affects_balance]
            >>> kinds
            ['denial', 'information', 'interest', 'provider_adjustment']
        """
        return self in BALANCE_KINDS

    @property
    def is_patient_responsibility(self) -> bool:
        """Whether the kind moves an amount to the patient (the PR group kinds).

        Example:
            >>> EntryKind.COPAY.is_patient_responsibility
            True
        """
        return self in PATIENT_KINDS


#: The kinds that move money between parties or change what they owe.
BALANCE_KINDS: Final = frozenset(
    {
        EntryKind.CHARGE,
        EntryKind.PAYMENT,
        EntryKind.CONTRACTUAL,
        EntryKind.DEDUCTIBLE,
        EntryKind.COINSURANCE,
        EntryKind.COPAY,
        EntryKind.NON_COVERED,
        EntryKind.PATIENT_RESPONSIBILITY,
        EntryKind.TRANSFER,
        EntryKind.WRITE_OFF,
    }
)

#: The patient-responsibility kinds (``PR`` adjustments).
PATIENT_KINDS: Final = frozenset(
    {
        EntryKind.DEDUCTIBLE,
        EntryKind.COINSURANCE,
        EntryKind.COPAY,
        EntryKind.NON_COVERED,
        EntryKind.PATIENT_RESPONSIBILITY,
    }
)


def _to_kind(value: EntryKind | str) -> EntryKind:
    return value if isinstance(value, EntryKind) else EntryKind(value)


def _mask_or_none(value: str | None) -> str:
    return "None" if value is None else repr(mask(value))


class _EntryFields:
    """The storage of a ledger entry: one slot per field (see :func:`new_entry`)."""

    __slots__ = (
        "amount",
        "claim_id",
        "claim_status",
        "entry_id",
        "group",
        "kind",
        "line_index",
        "memo",
        "party",
        "payer_claim_number",
        "posted_on",
        "posting_key",
        "reason",
        "remarks",
        "reversal",
        "reverses",
        "source",
        "trace_number",
    )


@attrs.frozen(slots=True)
class LedgerEntry(_EntryFields):
    """One immutable ledger row: a kind, a signed amount, who owes it, and its source.

    ``amount`` is signed by its effect on what ``party`` owes the provider:
    charges and amounts moved *to* a party are positive; payments,
    contractual adjustments, write-offs and amounts moved *away* are negative.
    A patient-responsibility adjustment is two entries with the same source:
    the payer's share goes down and the patient's goes up by the same amount.
    Entries of kinds that do not affect balances (denials, information,
    interest, provider-level adjustments) carry the amount as reported.

    A reversal (a payer's ``CLP02 = 22``, or :func:`reverse` of an entry) is
    an entry of the same kind with the opposite sign and ``reversal=True``;
    ``reverses`` names the entry it undoes when there is one.

    Attributes:
        entry_id: a deterministic ID (posting the same source again gives the same ID).
        kind: what the entry records.
        amount: the signed amount (see above).
        party: who owes it: a payer ID, or :data:`PATIENT`.
        posted_on: the accounting date.
        claim_id: the claim's patient control number (CLM01/CLP01), or ``None``
            for provider-level entries; masked in ``repr``.
        line_index: the 0-based claim line, or ``None`` for the whole claim.
        posting_key: what was posted once (a claim payment of a remittance, a
            bill, a PLB); posting the same key again is a no-op.
        group: the CAS group code (``CO``, ``PR``...) for adjustments.
        reason: the CARC for adjustments, the PLB reason for provider-level ones.
        remarks: the RARCs reported with it.
        trace_number: the remittance's TRN02 (check or EFT number).
        payer_claim_number: the payer's claim control number (CLP07).
        claim_status: CLP02 of the claim payment posted.
        reversal: whether the entry reverses an earlier one.
        reverses: the entry ID it reverses, when known.
        source: where it came from, as a short locator (``"835 EFT01 CLP2 SVC1 CAS CO-45"``).
        memo: free text for manual entries (never PHI).

    Example:
        >>> from datetime import date
        >>> from rcm.money import Money
        >>> entry = LedgerEntry("e1", EntryKind.PAYMENT, Money("-80.00"), "60054",
        ...                     date(2025, 3, 20), claim_id="ENC0000001", line_index=0)
        >>> entry.balance_effect, entry.is_insurance
        (Money('-80.00'), True)
        >>> entry
        LedgerEntry(entry_id='e1', kind='payment', amount=Money('-80.00'), party='60054', posted_on=datetime.date(2025, 3, 20), claim_id='********01', line_index=0)
        >>> LedgerEntry.from_dict(entry.to_dict()) == entry
        True
    """  # noqa: E501 - doctest output

    entry_id: str
    kind: EntryKind = attrs.field(converter=_to_kind)
    amount: Money
    party: str
    posted_on: date
    claim_id: str | None = None
    line_index: int | None = None
    posting_key: str | None = None
    group: str | None = None
    reason: str | None = None
    remarks: tuple[str, ...] = ()
    trace_number: str | None = None
    payer_claim_number: str | None = None
    claim_status: str | None = None
    reversal: bool = False
    reverses: str | None = None
    source: str = ""
    memo: str | None = None

    def __repr__(self) -> str:
        return (
            f"LedgerEntry(entry_id={self.entry_id!r}, kind={self.kind.value!r}, "
            f"amount={self.amount!r}, party={self.party!r}, posted_on={self.posted_on!r}, "
            f"claim_id={_mask_or_none(self.claim_id)}, line_index={self.line_index!r})"
        )

    @property
    def balance_effect(self) -> Money:
        """The entry's effect on what its party owes (zero for non-balance kinds).

        Example:
            >>> from datetime import date
            >>> from rcm.money import Money
            >>> LedgerEntry("d", "denial", Money("50.00"), "P1", date(2025, 1, 1)).balance_effect
            Money('0.00')
        """
        return self.amount if self.kind in BALANCE_KINDS else _ZERO

    @property
    def is_insurance(self) -> bool:
        """Whether the party is a payer (not the patient).

        Example:
            >>> from datetime import date
            >>> from rcm.money import Money
            >>> LedgerEntry("x", "charge", Money(1), PATIENT, date(2025, 1, 1)).is_insurance
            False
        """
        return self.party != PATIENT

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready values (amount as text, date in ISO form).

        Example:
            >>> from datetime import date
            >>> from rcm.money import Money
            >>> LedgerEntry("x", "charge", Money(5), "P1", date(2025, 1, 2)).to_dict()["amount"]
            '5.00'
        """
        return {
            "entry_id": self.entry_id,
            "kind": self.kind.value,
            "amount": str(self.amount),
            "party": self.party,
            "posted_on": self.posted_on.isoformat(),
            "claim_id": self.claim_id,
            "line_index": self.line_index,
            "posting_key": self.posting_key,
            "group": self.group,
            "reason": self.reason,
            "remarks": list(self.remarks),
            "trace_number": self.trace_number,
            "payer_claim_number": self.payer_claim_number,
            "claim_status": self.claim_status,
            "reversal": self.reversal,
            "reverses": self.reverses,
            "source": self.source,
            "memo": self.memo,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LedgerEntry:
        """Rebuild an entry from :meth:`to_dict` output (or its JSON).

        Raises:
            ValueError: a missing field, an unknown kind, a bad amount or date
                (rcm errors, which are ``ValueError`` subclasses, for the amount
                and date).

        Example:
            >>> from datetime import date
            >>> from rcm.money import Money
            >>> e = LedgerEntry("x", "write_off", Money("-3.00"), "patient", date(2025, 1, 2))
            >>> LedgerEntry.from_dict(e.to_dict()) == e
            True
        """
        from rcm.dates import parse_iso

        line_index = data.get("line_index")
        return cls(
            entry_id=str(data["entry_id"]),
            kind=EntryKind(data["kind"]),
            amount=Money(data["amount"]),
            party=str(data["party"]),
            posted_on=(
                data["posted_on"]
                if isinstance(data["posted_on"], date)
                else parse_iso(data["posted_on"])
            ),
            claim_id=data.get("claim_id"),
            line_index=None if line_index is None else int(line_index),
            posting_key=data.get("posting_key"),
            group=data.get("group"),
            reason=data.get("reason"),
            remarks=tuple(data.get("remarks", ())),
            trace_number=data.get("trace_number"),
            payer_claim_number=data.get("payer_claim_number"),
            claim_status=data.get("claim_status"),
            reversal=bool(data.get("reversal", False)),
            reverses=data.get("reverses"),
            source=str(data.get("source", "")),
            memo=data.get("memo"),
        )

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        """Let pydantic reports hold entries; JSON is :meth:`to_dict`."""
        from rcm._pydantic import dict_backed_schema

        return dict_backed_schema(
            cls,
            error_type="ledger_entry",
            label="a ledger entry",
            from_dict=cls.from_dict,
            to_dict=lambda e: e.to_dict(),
            when_used="json",
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe a ledger entry in JSON Schema."""
        text = {"type": "string"}
        optional = {"anyOf": [{"type": "string"}, {"type": "null"}]}
        return {
            "type": "object",
            "title": "LedgerEntry",
            "required": ["entry_id", "kind", "amount", "party", "posted_on"],
            "properties": {
                "entry_id": text,
                "kind": {"enum": [k.value for k in EntryKind]},
                "amount": {"type": "string", "pattern": r"^-?\d+(\.\d{1,2})?$"},
                "party": text,
                "posted_on": {"type": "string", "format": "date"},
                "claim_id": optional,
                "line_index": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]},
                "posting_key": optional,
                "group": optional,
                "reason": optional,
                "remarks": {"type": "array", "items": text},
                "trace_number": optional,
                "payer_claim_number": optional,
                "claim_status": optional,
                "reversal": {"type": "boolean"},
                "reverses": optional,
                "source": text,
                "memo": optional,
            },
        }


_ZERO: Final = Money(0)


class _Draft(_EntryFields):
    """A ledger entry under construction: the fast way to build one (see :func:`new_entry`).

    ``LedgerEntry`` is frozen, so attrs' ``__init__`` sets each of its 18 slots
    through ``object.__setattr__``, a C call that costs several times a plain
    assignment; posting makes ten entries per claim, and that was a third of
    its time. A ``_Draft`` has the same slots (both classes take them from
    ``_EntryFields``, which attrs reuses instead of declaring its own), so
    plain assignments fill them; then the object becomes a ``LedgerEntry``
    by ``__class__`` assignment, which Python allows between classes with
    the same layout. It never escapes as a ``_Draft``: the caller only ever
    sees a finished, frozen ``LedgerEntry``, equal to the one
    ``LedgerEntry(...)`` makes from the same values (tests check it).
    """

    __slots__ = ("__weakref__",)

    def __init__(  # noqa: PLR0917 - one argument per field, in field order
        self,
        entry_id: str,
        kind: EntryKind,
        amount: Money,
        party: str,
        posted_on: date,
        claim_id: str | None,
        line_index: int | None,
        posting_key: str | None,
        group: str | None,
        reason: str | None,
        remarks: tuple[str, ...],
        trace_number: str | None,
        payer_claim_number: str | None,
        claim_status: str | None,
        reversal: bool,
        reverses: str | None,
        source: str,
        memo: str | None,
    ) -> None:
        self.entry_id = entry_id
        self.kind = kind
        self.amount = amount
        self.party = party
        self.posted_on = posted_on
        self.claim_id = claim_id
        self.line_index = line_index
        self.posting_key = posting_key
        self.group = group
        self.reason = reason
        self.remarks = remarks
        self.trace_number = trace_number
        self.payer_claim_number = payer_claim_number
        self.claim_status = claim_status
        self.reversal = reversal
        self.reverses = reverses
        self.source = source
        self.memo = memo
        self.__class__ = LedgerEntry  # type: ignore[assignment]


_EntryMaker = Callable[
    [
        str,
        EntryKind,
        Money,
        str,
        date,
        str | None,
        int | None,
        str | None,
        str | None,
        str | None,
        tuple[str, ...],
        str | None,
        str | None,
        str | None,
        bool,
        str | None,
        str,
        str | None,
    ],
    LedgerEntry,
]


_PROBE: Final = (
    *("x", EntryKind.CHARGE, _ZERO, "p", date(2000, 1, 1)),
    *(None, None, None, None, None, (), None, None, None, False, None, "", None),
)


def _entry_maker() -> _EntryMaker:
    # attrs reuses slots a plain base class declares (attrs >= 22.2); with an
    # attrs that declared its own, the layouts would differ and the class
    # assignment would fail: then build entries the ordinary way.
    try:
        _Draft(*_PROBE)
    except TypeError:  # pragma: no cover - only with an old attrs
        return LedgerEntry
    return cast("_EntryMaker", _Draft)


#: ``LedgerEntry(...)`` with every field given, positionally in field order,
#: and ``kind`` an :class:`EntryKind` member (no conversion happens): the same
#: entry at a fraction of the cost, for posting's hot loops.
new_entry: Final = _entry_maker()
