"""The ledger: claims billed and every entry posted against them, append-only.

A :class:`Ledger` is an immutable value: :meth:`Ledger.bill` and
:meth:`Ledger.add` return a new ledger and leave the old one as it was, so an
earlier ledger is an exact record of what was known then. Billing systems
usually persist entries themselves; :meth:`Ledger.from_history` rebuilds a
ledger from stored bills and entries, and idempotency keeps working because
it is derived from the entries (their ``posting_key``).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import operator
import weakref
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, Final, Protocol

import attrs

from rcm.claims._claim import Claim  # at run time: bill() checks what it is given
from rcm.errors import ValidationError, expect_type, mask
from rcm.money import Money
from rcm.remit.posting._entries import BALANCE_KINDS, PATIENT, EntryKind, LedgerEntry
from rcm.remit.posting._gc import gc_paused

__all__ = ["Account", "Bill", "Ledger", "payer_of"]

logger = logging.getLogger(__name__)

_ZERO: Final = Money(0)


def payer_of(claim: Claim) -> str:
    """The party a claim bills: its payer's ID (NM109 of loop 2010BB).

    Raises:
        ValidationError: the claim has no payer (only claims read leniently can).

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> payer_of(professional_claim())
        '60054'
    """
    payer = claim.coverage.payer
    if payer is None:
        raise ValidationError(
            "the claim has no payer, so the ledger cannot tell who owes its charges",
            value=mask(claim.claim_id),
            expected="a claim with coverage.payer",
        )
    return payer.payer_id


@attrs.frozen(slots=True)
class Bill:
    """A claim sent to a payer, as the ledger knows it.

    Attributes:
        claim: the claim as sent.
        billed_on: the date it was sent.
        payer: the party billed (:func:`payer_of` the claim).
        clean: whether it passed the edits with no error before it was sent
            (``None``: not known). The clean claim rate counts it.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> bill = Bill(professional_claim(), date(2025, 3, 4), "60054", clean=True)
        >>> bill.frequency, bill.responsibility
        ('1', 'P')
    """

    claim: Claim = attrs.field(repr=False)
    billed_on: date
    payer: str
    clean: bool | None = None

    @property
    def frequency(self) -> str:
        """The claim frequency code (``1`` original, ``7`` replacement, ``8`` void).

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> Bill(professional_claim(), date(2025, 3, 4), "60054").frequency
            '1'
        """
        return self.claim.frequency_code

    @property
    def responsibility(self) -> str:
        """The billed payer's place in the order (``P``, ``S``, ``T``...).

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> Bill(professional_claim(), date(2025, 3, 4), "60054").responsibility
            'P'
        """
        return self.claim.responsibility


@attrs.frozen(slots=True)
class Account:
    """One claim ID (patient control number) and every bill sent for it.

    Attributes:
        claim_id: the patient control number (CLM01), masked in ``repr``.
        bills: the bills in the order they were sent.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> ledger = Ledger().bill(professional_claim(), on=date(2025, 3, 4))
        >>> account = ledger.account("CLM0000001")
        >>> account.voided, account.service_date, account.payers
        (False, datetime.date(2025, 3, 3), ('60054',))
    """

    claim_id: str = attrs.field(repr=mask)
    bills: tuple[Bill, ...]
    # Values derived from the (immutable) bills, kept once asked for: posting
    # asks every account for its payers and service date.
    _cache: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    @property
    def claim(self) -> Claim:
        """The claim as it stands: the latest bill that is not a void.

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> ledger = Ledger().bill(professional_claim(), on=date(2025, 3, 4))
            >>> ledger.account("CLM0000001").claim.total_charge
            Money('225.00')
        """
        for bill in reversed(self.bills):
            if bill.frequency != "8":
                return bill.claim
        return self.bills[0].claim

    @property
    def voided(self) -> bool:
        """Whether the latest bill voids the claim (frequency ``8``).

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> Ledger().bill(professional_claim(), on=date(2025, 3, 4)).account(
            ...     "CLM0000001").voided
            False
        """
        return self.bills[-1].frequency == "8"

    @property
    def first_billed(self) -> date:
        """The date the claim was first billed.

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> Ledger().bill(professional_claim(), on=date(2025, 3, 4)).account(
            ...     "CLM0000001").first_billed
            datetime.date(2025, 3, 4)
        """
        return self.bills[0].billed_on

    @property
    def service_date(self) -> date:
        """The first date of service of the claim.

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> Ledger().bill(professional_claim(), on=date(2025, 3, 4)).account(
            ...     "CLM0000001").service_date
            datetime.date(2025, 3, 3)
        """
        found: date | None = self._cache.get("service")
        if found is None:
            found = self._cache["service"] = self.bills[0].claim.service_period.start
        return found

    @property
    def payers(self) -> tuple[str, ...]:
        """The payers billed, in the order first billed.

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> Ledger().bill(professional_claim(), on=date(2025, 3, 4)).account(
            ...     "CLM0000001").payers
            ('60054',)
        """
        found: tuple[str, ...] | None = self._cache.get("payers")
        if found is None:
            seen: list[str] = []
            for bill in self.bills:
                if bill.payer not in seen:
                    seen.append(bill.payer)
            found = self._cache["payers"] = tuple(seen)
        return found

    @property
    def primary_payer(self) -> str:
        """The party the charges were billed to (the first bill's payer).

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> Ledger().bill(professional_claim(), on=date(2025, 3, 4)).account(
            ...     "CLM0000001").primary_payer
            '60054'
        """
        return self.bills[0].payer

    @property
    def patient_key(self) -> str:
        """A key that groups a patient's claims for statements, without PHI.

        The claim's medical record number when it has one; otherwise a short
        hash of the patient's name and birth date.

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> key = Ledger().bill(professional_claim(), on=date(2025, 3, 4)).account(
            ...     "CLM0000001").patient_key
            >>> len(key)
            16
        """
        return patient_key_of(self.bills[0].claim)


def patient_key_of(claim: Claim) -> str:
    """The patient key of a claim (see :attr:`Account.patient_key`)."""
    if claim.medical_record_number:
        return claim.medical_record_number
    patient = claim.patient
    text = "|".join(
        (
            patient.last_name,
            patient.first_name or "",
            patient.birth_date.isoformat() if patient.birth_date else "",
        )
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@attrs.frozen(slots=True)
class _Index:
    """Lookups over the entries, rebuilt incrementally by :meth:`Ledger.add`."""

    # Positions in Ledger.entries, as the runs of neighbouring entries (a
    # bill's charges, one posting): a claim has a few, a posting key one.
    by_claim: dict[str, tuple[range, ...]]
    keys: dict[str, tuple[range, ...]]
    payer_numbers: dict[str, str]
    entry_ids: set[str]


def _empty_index() -> _Index:
    return _Index({}, {}, {}, set())


_ENTRY_TYPE: Final = {LedgerEntry}
_ENTRY_ID: Final = operator.attrgetter("entry_id")
_CLAIM_AND_KEY: Final = operator.attrgetter("claim_id", "posting_key")
_KIND: Final = operator.attrgetter("kind")


#: A run of neighbouring entries with the same claim and posting key: both, and its length.
Run = tuple["str | None", "str | None", int]


def _runs_of(entries: tuple[LedgerEntry, ...]) -> Iterator[Run]:
    # Compared in C: the entries of one posting share their strings.
    for (claim_id, key), run in itertools.groupby(entries, _CLAIM_AND_KEY):
        yield claim_id, key, len(list(run))


def _payer_numbers_of(entries: tuple[LedgerEntry, ...]) -> Iterator[tuple[str, str]]:
    # Payments with a payer claim number (CLP07) for a claim, in order.
    payments = map(operator.is_, map(_KIND, entries), itertools.repeat(EntryKind.PAYMENT))
    for entry in itertools.compress(entries, payments):
        if entry.payer_claim_number and entry.claim_id is not None:
            yield entry.payer_claim_number, entry.claim_id


@attrs.frozen(slots=True)
class Layout:
    """What :func:`~rcm.remit.posting.post` knows of the entries of a result it made.

    Ledger.apply reads a result's runs and payer claim numbers from here
    instead of entry by entry: the same values :meth:`Ledger.add` would
    find, known for free while posting (tests compare both ways).

    Attributes:
        entries: the result's entries (the very tuple: a layout is only used
            for it).
        runs: each run of entries with the same claim and posting key, in order.
        payer_numbers: the payer claim number and claim of each payment entry
            with one, in order.
    """

    entries: tuple[LedgerEntry, ...] = attrs.field(repr=False)
    runs: tuple[Run, ...]
    payer_numbers: tuple[tuple[str, str], ...] = attrs.field(repr=False)


# The layouts of live posting results, by id(result); a result's layout is
# dropped when the result is (weakref callback), so an id is never reused
# while its layout is here.
_LAYOUTS: dict[int, tuple[weakref.ref[object], Layout]] = {}


def remember_layout(result: object, layout: Layout) -> None:
    """Keep *layout* for *result* (a posting result) while the result lives."""
    key = id(result)

    def forget(_: weakref.ref[object]) -> None:
        _LAYOUTS.pop(key, None)

    _LAYOUTS[key] = (weakref.ref(result, forget), layout)


def _layout_of(result: object, entries: tuple[LedgerEntry, ...]) -> Layout | None:
    found = _LAYOUTS.get(id(result))
    if found is None:
        return None
    ref, layout = found
    if ref() is not result or layout.entries is not entries:
        return None
    return layout


def _grown(
    old: dict[str, tuple[range, ...]], grown: dict[str, list[range]]
) -> dict[str, tuple[range, ...]]:
    """*old* runs with *grown* ones appended, as a new dict."""
    index = dict(old)
    for name, runs in grown.items():
        before = index.get(name)
        index[name] = (*before, *runs) if before else tuple(runs)
    return index


_FIRST: Final = operator.itemgetter(0)
_SECOND: Final = operator.itemgetter(1)
_THIRD: Final = operator.itemgetter(2)


def _all_new(old: Mapping[str, object], names: list[str]) -> bool:
    """Whether *names* are distinct and none is a key of *old*."""
    return len(set(names)) == len(names) and old.keys().isdisjoint(names)


def _grown_by_columns(
    old: _Index, runs: tuple[Run, ...], start: int, accounts: Mapping[str, Account]
) -> tuple[dict[str, tuple[range, ...]], dict[str, tuple[range, ...]]] | None:
    """The claim and posting key indexes with *runs* added, or ``None`` to do it run by run.

    A posting result (or a day's bills) has one run per claim and posting
    key, each key new and each claim billed: then both indexes grow by whole
    columns, with map() and zip() (a claim's runs are its old ones plus
    ``(positions,)``), instead of a Python loop and a list per claim. Any
    other shape (a claim or key twice, a key already posted, an entry with
    no claim, a claim not billed) returns ``None``, and Ledger.add's loop
    does it, with its errors.
    """
    claims = list(map(_FIRST, runs))
    keys = list(map(_SECOND, runs))
    if (
        None in claims
        or None in keys
        or not _all_new(old.keys, keys)
        or len(set(claims)) != len(claims)
        or not all(map(accounts.__contains__, claims))
    ):
        return None
    bounds = list(itertools.accumulate(map(_THIRD, runs), initial=start))
    singles = list(zip(map(range, bounds, bounds[1:]), strict=False))
    by_claim = dict(old.by_claim)
    by_claim.update(
        zip(
            claims,
            map(operator.add, map(old.by_claim.get, claims, itertools.repeat(())), singles),
            strict=True,
        )
    )
    by_key = dict(old.keys)
    by_key.update(zip(keys, singles, strict=True))
    return by_claim, by_key


def _pick(entries: tuple[LedgerEntry, ...], runs: tuple[range, ...]) -> tuple[LedgerEntry, ...]:
    """The entries in *runs*, in order."""
    if len(runs) == 1:
        return entries[runs[0].start : runs[0].stop]
    return tuple(itertools.chain.from_iterable(entries[run.start : run.stop] for run in runs))


@attrs.frozen(slots=True)
class Ledger:
    """Bills and ledger entries: what each claim was charged and everything posted to it.

    Build one with ``Ledger()`` and :meth:`bill`; post remittances with
    :func:`rcm.remit.posting.post` and :meth:`apply`. Every method that changes
    something returns a new ledger.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> ledger = Ledger().bill(professional_claim(), on=date(2025, 3, 4))
        >>> len(ledger), ledger.balance("CLM0000001")
        (2, Money('225.00'))
        >>> ledger.balances("CLM0000001")
        {'60054': Money('225.00')}
    """

    entries: tuple[LedgerEntry, ...] = attrs.field(default=(), repr=lambda e: f"<{len(e)}>")
    accounts: Mapping[str, Account] = attrs.field(
        factory=lambda: MappingProxyType({}), repr=lambda a: f"<{len(a)}>"
    )
    _index: _Index = attrs.field(factory=_empty_index, repr=False, eq=False)

    @classmethod
    def from_history(cls, bills: Iterable[Bill], entries: Iterable[LedgerEntry]) -> Ledger:
        """Rebuild a ledger from stored bills (in the order sent) and entries.

        Unlike :meth:`bill`, this writes no charge entries: the stored entries
        already hold them.

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> ledger = Ledger().bill(professional_claim(), on=date(2025, 3, 4))
            >>> bills = [b for a in ledger.accounts.values() for b in a.bills]
            >>> Ledger.from_history(bills, ledger.entries) == ledger
            True
        """
        accounts: dict[str, Account] = {}
        for bill in bills:
            claim_id = bill.claim.claim_id
            old = accounts.get(claim_id)
            accounts[claim_id] = Account(claim_id, (*old.bills, bill) if old else (bill,))
        return cls((), MappingProxyType(accounts)).add(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[LedgerEntry]:
        return iter(self.entries)

    # --- lookups ---------------------------------------------------------------------

    def account(self, claim_id: str) -> Account | None:
        """The account of a claim ID, or ``None`` when it was never billed.

        Example:
            >>> Ledger().account("X") is None
            True
        """
        return self.accounts.get(claim_id)

    def claim_for_payer_number(self, payer_claim_number: str) -> str | None:
        """The claim ID a payer's claim control number (CLP07) was posted to, if any.

        Example:
            >>> Ledger().claim_for_payer_number("ICN1") is None
            True
        """
        return self._index.payer_numbers.get(payer_claim_number)

    def entries_for(self, claim_id: str) -> tuple[LedgerEntry, ...]:
        """Every entry of one claim, in posting order.

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> ledger = Ledger().bill(professional_claim(), on=date(2025, 3, 4))
            >>> kinds = [e.kind.value for e in ledger.entries_for("CLM0000001")]
            >>> kinds
            ['charge', 'charge']
        """
        return _pick(self.entries, self._index.by_claim.get(claim_id, ()))

    def posting(self, posting_key: str) -> tuple[LedgerEntry, ...]:
        """The entries posted under one posting key (empty when it was never posted).

        Example:
            >>> Ledger().posting("835:T1:1")
            ()
        """
        return _pick(self.entries, self._index.keys.get(posting_key, ()))

    def is_posted(self, posting_key: str) -> bool:
        """Whether anything was posted under *posting_key*.

        Example:
            >>> Ledger().is_posted("835:T1:1")
            False
        """
        return posting_key in self._index.keys

    def balance(
        self,
        claim_id: str,
        *,
        party: str | None = None,
        line_index: int | object | None = ...,
        as_of: date | None = None,
    ) -> Money:
        """What is still owed on a claim: the sum of its entries' balance effects.

        Args:
            claim_id: the claim.
            party: only this party's share (a payer ID or ``"patient"``).
            line_index: only this line (``None``: only claim-level entries);
                leave out for the whole claim.
            as_of: only entries posted on or before this date.

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> ledger = Ledger().bill(professional_claim(), on=date(2025, 3, 4))
            >>> ledger.balance("CLM0000001", line_index=1), ledger.balance("CLM0000001",
            ...     party="patient")
            (Money('45.00'), Money('0.00'))
            >>> ledger.balance("CLM0000001", as_of=date(2025, 3, 3))
            Money('0.00')
        """
        total = _ZERO
        for entry in self.entries_for(claim_id):
            if entry.kind not in BALANCE_KINDS:
                continue
            if party is not None and entry.party != party:
                continue
            if line_index is not ... and entry.line_index != line_index:
                continue
            if as_of is not None and entry.posted_on > as_of:
                continue
            total += entry.amount
        return total

    def balances(self, claim_id: str, *, as_of: date | None = None) -> dict[str, Money]:
        """What each party owes on a claim, in the order parties first appear.

        Example:
            >>> Ledger().balances("none")
            {}
        """
        found: dict[str, Money] = {}
        for entry in self.entries_for(claim_id):
            if entry.kind not in BALANCE_KINDS:
                continue
            if as_of is not None and entry.posted_on > as_of:
                continue
            found[entry.party] = found.get(entry.party, _ZERO) + entry.amount
        return found

    def line_balances(
        self, claim_id: str, *, party: str | None = None, as_of: date | None = None
    ) -> dict[int | None, Money]:
        """What is owed per claim line (``None``: claim-level entries).

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> Ledger().bill(professional_claim(), on=date(2025, 3, 4)).line_balances(
            ...     "CLM0000001")
            {0: Money('180.00'), 1: Money('45.00')}
        """
        found: dict[int | None, Money] = {}
        for entry in self.entries_for(claim_id):
            if entry.kind not in BALANCE_KINDS:
                continue
            if party is not None and entry.party != party:
                continue
            if as_of is not None and entry.posted_on > as_of:
                continue
            found[entry.line_index] = found.get(entry.line_index, _ZERO) + entry.amount
        return found

    # --- changes --------------------------------------------------------------------

    def add(self, entries: Iterable[LedgerEntry]) -> Ledger:
        """A new ledger with *entries* appended.

        Raises:
            ValidationError: an entry ID already in the ledger (or repeated), or
                an entry for a claim ID that was never billed.

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> from rcm.remit.posting import write_off
            >>> ledger = Ledger().bill(professional_claim(), on=date(2025, 3, 4))
            >>> entry = write_off(ledger, "CLM0000001", Money("5.00"), party="60054",
            ...                   on=date(2025, 4, 1), line_index=1)
            >>> ledger.add([entry]).balance("CLM0000001")
            Money('220.00')
        """
        new = tuple(entries)
        if not new:
            return self
        with gc_paused(promote=True):
            return self._add(new)

    def _add(self, new: tuple[LedgerEntry, ...], layout: Layout | None = None) -> Ledger:
        # A posting result adds about ten entries per claim: the checks and
        # index updates below run over columns with map() and over runs of
        # entries for the same claim and posting key, not entry by entry; for
        # a result post() made, its Layout already knows the runs.
        if layout is None and set(map(type, new)) != _ENTRY_TYPE:
            for entry in new:
                if not isinstance(entry, LedgerEntry):
                    raise ValidationError(
                        f"a ledger holds LedgerEntry values, not {type(entry).__name__}",
                        expected="LedgerEntry",
                    )
        old_index = self._index
        old_ids = old_index.entry_ids
        entry_ids = set(old_ids)
        entry_ids.update(map(_ENTRY_ID, new))
        if len(entry_ids) != len(old_ids) + len(new):
            seen: set[str] = set()
            for entry_id in map(_ENTRY_ID, new):
                if entry_id in seen or entry_id in old_ids:
                    raise ValidationError(
                        f"entry {entry_id!r} is already in the ledger",
                        value=entry_id,
                        expected="a new entry ID",
                    )
                seen.add(entry_id)
        start = len(self.entries)
        accounts = self.accounts
        runs = tuple(_runs_of(new)) if layout is None else layout.runs
        numbers = tuple(_payer_numbers_of(new)) if layout is None else layout.payer_numbers
        payer_numbers = dict(old_index.payer_numbers)
        if _all_new(old_index.payer_numbers, list(map(_FIRST, numbers))):
            payer_numbers.update(numbers)
        else:
            for payer_number, number_claim in numbers:
                payer_numbers.setdefault(payer_number, number_claim)
        grown = _grown_by_columns(old_index, runs, start, accounts)
        if grown is not None:
            return Ledger(
                (*self.entries, *new),
                self.accounts,
                _Index(grown[0], grown[1], payer_numbers, entry_ids),
            )
        grown_claims: dict[str, list[range]] = {}
        grown_keys: dict[str, list[range]] = {}
        first = start
        for claim_id, key, count in runs:
            end = first + count
            positions = range(first, end)
            if claim_id is not None:
                if claim_id not in accounts:
                    entry_id = new[first - start].entry_id
                    raise ValidationError(
                        f"entry {entry_id!r} is for claim {mask(claim_id)}, which "
                        "the ledger has no bill for",
                        value=entry_id,
                        expected="an entry for a billed claim",
                    )
                grown_claims.setdefault(claim_id, []).append(positions)
            if key is not None:
                grown_keys.setdefault(key, []).append(positions)
            first = end
        return Ledger(
            (*self.entries, *new),
            self.accounts,
            _Index(
                _grown(old_index.by_claim, grown_claims),
                _grown(old_index.keys, grown_keys),
                payer_numbers,
                entry_ids,
            ),
        )

    def apply(self, result: _HasEntries) -> Ledger:
        """A new ledger with a posting result's entries appended (see :meth:`add`).

        Example:
            >>> from rcm.remit.posting import post
            >>> from rcm.remit.posting._examples import example_ledger, example_payment
            >>> ledger = example_ledger()
            >>> after = ledger.apply(post(ledger, example_payment()))
            >>> len(after) - len(ledger), after.balance("ENC0000001")
            (8, Money('22.40'))
        """
        new = result.entries
        layout = _layout_of(result, new)
        if layout is None or not new:
            return self.add(new)
        with gc_paused(promote=True):
            return self._add(new, layout)

    def bill_many(self, claims: Iterable[Claim], *, on: date, clean: bool | None = None) -> Ledger:
        """A new ledger with every claim billed on *on*, as :meth:`bill` would, in one step.

        New original claims are added together (fast for a day's batch of
        thousands); a claim whose ID the ledger or the batch already has is
        billed after them, one by one, as :meth:`bill` does.

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> claim = professional_claim()
            >>> other = claim.evolve(claim_id="CLM0000002")
            >>> ledger = Ledger().bill_many([claim, other], on=date(2025, 3, 4), clean=True)
            >>> len(ledger.accounts), ledger.balance("CLM0000002")
            (2, Money('225.00'))
            >>> ledger == Ledger().bill(claim, on=date(2025, 3, 4), clean=True).bill(
            ...     other, on=date(2025, 3, 4), clean=True)
            True
        """
        with gc_paused(promote=True):
            return self._bill_many(claims, on=on, clean=clean)

    def _bill_many(self, claims: Iterable[Claim], *, on: date, clean: bool | None) -> Ledger:
        fresh: dict[str, Claim] = {}
        later: list[Claim] = []
        for position, claim in enumerate(claims):
            expect_type(
                claim,
                Claim,
                function="rcm.remit.posting.Ledger.bill_many",
                expected="a Claim",
                position=position,
            )
            claim_id = claim.claim_id
            if claim_id in self.accounts or claim_id in fresh or claim.frequency_code == "8":
                later.append(claim)
            else:
                fresh[claim_id] = claim
        accounts = dict(self.accounts)
        entries: list[LedgerEntry] = []
        for claim_id, claim in fresh.items():
            payer = payer_of(claim)
            accounts[claim_id] = Account(claim_id, (Bill(claim, on, payer, clean),))
            key = f"bill:{claim_id}:1"
            frequency = claim.frequency_code
            for line_index, line in enumerate(claim.lines):
                entries.append(
                    LedgerEntry(
                        entry_id=f"{key}#{line_index + 1}",
                        kind=EntryKind.CHARGE,
                        amount=line.charge,
                        party=payer,
                        posted_on=on,
                        claim_id=claim_id,
                        line_index=line_index,
                        posting_key=key,
                        source=f"bill 1 frequency {frequency} line {line_index + 1}",
                    )
                )
        ledger = Ledger(self.entries, MappingProxyType(accounts), self._index).add(entries)
        for claim in later:
            ledger = ledger.bill(claim, on=on, clean=clean)
        return ledger

    def bill(
        self,
        claim: Claim,
        *,
        on: date,
        clean: bool | None = None,
        transfer: Money | None = None,
    ) -> Ledger:
        """A new ledger with *claim* billed on *on*.

        * An original claim (frequency ``1``) with a new claim ID adds one
          ``charge`` entry per line, owed by the claim's payer.
        * A replacement (``7``) reverses the charges in force and charges the
          new lines; a void (``8``) reverses them and marks the claim voided
          (its payer's reversal can still be posted; nothing else can).
        * A claim to a later payer (``S``, ``T``...) for a claim ID already
          billed moves what the patient owes, line by line, to that payer
          (``transfer`` entries), or *transfer* at claim level when given.
        * Billing the same claim to the same payer again changes nothing.

        Args:
            claim: the claim sent.
            on: the date it was sent.
            clean: whether it passed the edits with no error (for the clean claim rate).
            transfer: for a later payer's claim, the amount to move to it
                instead of the patient's balance.

        Raises:
            ValidationError: a void or replacement for a claim ID never billed,
                or a claim with no payer.

        Example:
            >>> from datetime import date
            >>> from rcm.claims.examples import professional_claim
            >>> claim = professional_claim()
            >>> ledger = Ledger().bill(claim, on=date(2025, 3, 4))
            >>> ledger.bill(claim, on=date(2025, 3, 5)) == ledger
            True
        """
        expect_type(claim, Claim, function="rcm.remit.posting.Ledger.bill", expected="a Claim")
        payer = payer_of(claim)
        claim_id = claim.claim_id
        account = self.accounts.get(claim_id)
        if account is not None:
            for bill in account.bills:
                if bill.payer == payer and bill.claim == claim:
                    logger.debug("claim %s already billed to %s", mask(claim_id), payer)
                    return self
        frequency = claim.frequency_code
        if account is None and frequency == "8":
            raise ValidationError(
                f"claim {mask(claim_id)} voids a claim the ledger never billed",
                value=mask(claim_id),
                expected="a void of a billed claim ID",
            )
        bill = Bill(claim, on, payer, clean)
        bills = (bill,) if account is None else (*account.bills, bill)
        number = len(bills)
        key = f"bill:{claim_id}:{number}"
        entries: list[LedgerEntry] = []

        def charge(
            line_index: int | None, amount: Money, party: str, kind: EntryKind, **extra: object
        ) -> None:
            entries.append(
                LedgerEntry(
                    entry_id=f"{key}#{len(entries) + 1}",
                    kind=kind,
                    amount=amount,
                    party=party,
                    posted_on=on,
                    claim_id=claim_id,
                    line_index=line_index,
                    posting_key=key,
                    source=f"bill {number} frequency {frequency}"
                    + ("" if line_index is None else f" line {line_index + 1}"),
                    **extra,  # type: ignore[arg-type]
                )
            )

        accounts = dict(self.accounts)
        accounts[claim_id] = Account(claim_id, bills)
        updated = Ledger(self.entries, MappingProxyType(accounts), self._index)
        if account is None or frequency in ("7", "8"):
            if account is not None:
                # Reverse the charges in force, line by line, with the party that holds them.
                held: dict[tuple[str, int | None], Money] = {}
                for entry in self.entries_for(claim_id):
                    if entry.kind is EntryKind.CHARGE:
                        slot = (entry.party, entry.line_index)
                        held[slot] = held.get(slot, _ZERO) + entry.amount
                for (party, line_index), amount in held.items():
                    if amount:
                        charge(line_index, -amount, party, EntryKind.CHARGE, reversal=True)
            if frequency != "8":
                party = (
                    payer
                    if claim.responsibility == "P" or account is None
                    else (account.primary_payer)
                )
                for line_index, line in enumerate(claim.lines):
                    charge(line_index, line.charge, party, EntryKind.CHARGE)
        elif payer not in account.payers or claim.responsibility != "P":
            if transfer is not None:
                if transfer:
                    charge(None, -transfer, PATIENT, EntryKind.TRANSFER, memo=f"to {payer}")
                    charge(None, transfer, payer, EntryKind.TRANSFER, memo="from patient")
            else:
                owed = self.line_balances(claim_id, party=PATIENT)
                for line_index, amount in owed.items():
                    if amount > _ZERO:
                        charge(line_index, -amount, PATIENT, EntryKind.TRANSFER, memo=f"to {payer}")
                        charge(line_index, amount, payer, EntryKind.TRANSFER, memo="from patient")
        return updated.add(entries)


class _HasEntries(Protocol):
    """Anything with an ``entries`` tuple (a posting result)."""

    @property
    def entries(self) -> tuple[LedgerEntry, ...]: ...
