"""Strategies for ledgers: entries, payer decisions, and whole posting scenarios.

Requires the ``rcmkit[testing]`` extra (hypothesis).

:func:`posting_cases` draws claims and the remittances a payer sends for them
over two rounds (payments, denials, lines paid later, reversals with their
corrections, interest and provider-level adjustments), built by the same
adjudication code as rcm's payer simulator, so every remittance balances.
The contractual CARC is always ``45``, patient responsibility is ``PR-1/2/3``,
and denials come from :data:`DENIALS`, so a test can compute what every
balance must be without rcm's denial table.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final

import attrs
from hypothesis import strategies as st

from rcm._demo_payer import LineDecision, adjudicate, remittance, reversal_of
from rcm.claims import Claim
from rcm.money import Money
from rcm.remit import Amount, ClaimPayment, ProviderAdjustmentItem, Remittance
from rcm.remit.posting import PATIENT, EntryKind, LedgerEntry
from rcm.testing._values import money

__all__ = [
    "DENIALS",
    "PostingCase",
    "ledger_entries",
    "line_decisions",
    "posting_cases",
]

#: The denials :func:`line_decisions` draws: (group, CARC, RARCs); none is contractual.
DENIALS: Final[tuple[tuple[str, str, tuple[str, ...]], ...]] = (
    ("CO", "97", ("M15",)),
    ("CO", "16", ("M76",)),
    ("CO", "197", ()),
    ("CO", "50", ("N115",)),
    ("OA", "18", ()),
)

_ZERO: Final = Money(0)
_TRUE_FIRST: Final = st.booleans().map(operator.not_)


def _check_strategy(name: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise TypeError(
            f"{name} takes a strategy, not {type(value).__name__}; "
            f"to always use one value, pass st.just({value!r})"
        )


def _check_flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{name} takes True or False, not {type(value).__name__}")


def ledger_entries(
    *,
    kinds: st.SearchStrategy[EntryKind] | None = None,
    claim_ids: st.SearchStrategy[str] | None = None,
    parties: st.SearchStrategy[str] | None = None,
    dates: st.SearchStrategy[date] | None = None,
) -> st.SearchStrategy[LedgerEntry]:
    """Ledger entries, for testing code that stores or exchanges them.

    Entry IDs are drawn unique only by chance: use ``st.lists(...,
    unique_by=lambda e: e.entry_id)`` for a ledger's worth. Shrinks toward a
    one-cent charge owed by the patient.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        kinds: entry kinds (default: all).
        claim_ids: claim IDs (default: short made-up IDs).
        parties: parties (default: ``"patient"`` or a five-digit payer ID).
        dates: posting dates (default: FY2025 and FY2026).

    Raises:
        TypeError: a value where a strategy is wanted.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=20)
        ... @given(ledger_entries())
        ... def test_round_trip(entry):
        ...     assert LedgerEntry.from_dict(entry.to_dict()) == entry
        >>> test_round_trip()
    """
    for name, value in (
        ("kinds", kinds),
        ("claim_ids", claim_ids),
        ("parties", parties),
        ("dates", dates),
    ):
        _check_strategy(name, value)
    return st.builds(
        LedgerEntry,
        entry_id=st.text("ABCDEF0123456789", min_size=1, max_size=12).map(lambda s: f"e-{s}"),
        kind=kinds if kinds is not None else st.sampled_from(EntryKind),
        amount=st.integers(min_value=-999_999, max_value=999_999).map(Money.from_cents),
        party=parties
        if parties is not None
        else st.one_of(st.just(PATIENT), st.from_regex(r"\A[0-9]{5}\Z")),
        posted_on=dates
        if dates is not None
        else st.dates(min_value=date(2024, 10, 1), max_value=date(2026, 9, 30)),
        claim_id=claim_ids
        if claim_ids is not None
        else st.text("ABC0123456789", min_size=1, max_size=10),
        line_index=st.none() | st.integers(min_value=0, max_value=49),
        group=st.none() | st.sampled_from(("CO", "PR", "OA", "PI")),
        reason=st.none() | st.sampled_from(("45", "1", "2", "3", "97", "16")),
        remarks=st.lists(st.sampled_from(("M15", "N130", "M76")), max_size=2).map(tuple),
        reversal=st.booleans(),
    )


@st.composite
def _decision(
    draw: st.DrawFn, charge: Money, others: tuple[int, ...], quirks: bool
) -> LineDecision:
    if draw(st.integers(min_value=0, max_value=6)) == 0:
        denial = draw(st.sampled_from(DENIALS))
        return LineDecision(denial=denial, control_number=True)
    cents = charge.cents
    allowed = Money.from_cents(draw(st.integers(min_value=cents // 2, max_value=cents)))
    left = allowed.cents
    deductible = draw(st.integers(min_value=0, max_value=left))
    left -= deductible
    coinsurance = draw(st.integers(min_value=0, max_value=left))
    left -= coinsurance
    copay = draw(st.integers(min_value=0, max_value=left))
    decision = LineDecision(
        allowed=allowed,
        deductible=Money.from_cents(deductible),
        coinsurance=Money.from_cents(coinsurance),
        copay=Money.from_cents(copay),
    )
    if not quirks:
        return decision
    return attrs.evolve(
        decision,
        split=draw(st.booleans()),
        drop_modifiers=draw(st.booleans()),
        reorder_modifiers=draw(st.booleans()),
        control_number=draw(_TRUE_FIRST),
        bundle_into=draw(st.none() | st.sampled_from(others)) if others else None,
    )


def line_decisions(claim: Claim, *, quirks: bool = True) -> st.SearchStrategy[list[LineDecision]]:
    """One payer decision per line of *claim*: denials, allowed amounts, patient shares, quirks.

    About one line in seven is denied with a code from :data:`DENIALS`; the
    others get an allowed amount between half the charge and the charge, split
    into deductible, coinsurance, copay and payment. With *quirks*, a line may
    come back split, bundled into another line of the same date, with its
    modifiers dropped or reordered, or without its line control number.
    Shrinks toward full payment of every line with no quirk.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        claim: the claim the decisions are for (a value).
        quirks: whether to draw matching quirks (a value).

    Raises:
        TypeError: *claim* is not a :class:`~rcm.claims.Claim`, or *quirks* not a bool.

    Example:
        >>> from hypothesis import given, settings
        >>> from rcm.claims.examples import professional_claim
        >>> claim = professional_claim()
        >>> @settings(max_examples=20)
        ... @given(line_decisions(claim, quirks=False))
        ... def test_one_per_line(decisions):
        ...     assert len(decisions) == len(claim.lines)
        >>> test_one_per_line()
    """
    if not isinstance(claim, Claim):
        raise TypeError(f"claim takes a Claim value, not {type(claim).__name__}")
    _check_flag("quirks", quirks)
    parts = []
    for index, line in enumerate(claim.lines):
        others = tuple(
            other
            for other, candidate in enumerate(claim.lines)
            if other != index
            and candidate.service_date == line.service_date
            and candidate.procedure_code is not None
        )
        parts.append(_decision(line.charge, others, quirks))
    return st.tuples(*parts).map(list)


@attrs.frozen
class PostingCase:
    """Claims billed on one day and the remittances their payers send, in order.

    Attributes:
        claims: the claims (unique claim IDs, each to its primary payer).
        billed_on: the day they were billed.
        remittances: the remittances, in the order to post them; each is from
            one payer and named by :func:`rcm.remit.posting.remittance_key`.

    Example:
        >>> PostingCase(claims=(), billed_on=date(2025, 1, 2), remittances=()).remittances
        ()
    """

    claims: tuple[Claim, ...]
    billed_on: date
    remittances: tuple[Remittance, ...]


def _payer_remittances(
    round_number: int,
    payments: Sequence[tuple[str, ClaimPayment]],
    paid_on: date,
    interest: Money,
    withhold: Money,
) -> list[Remittance]:
    by_payer: dict[str, list[ClaimPayment]] = {}
    for payer, payment in payments:
        by_payer.setdefault(payer, []).append(payment)
    out: list[Remittance] = []
    for number, (payer, group) in enumerate(sorted(by_payer.items()), start=1):
        items: list[ProviderAdjustmentItem] = []
        if number == 1 and interest:
            group[0] = group[0].model_copy(
                update={"amounts": (*group[0].amounts, _interest(interest))}
            )
            items.append(ProviderAdjustmentItem(reason="L6", amount=-interest))
        if number == 1 and withhold:
            items.append(ProviderAdjustmentItem(reason="WO", reference="OLD-ICN", amount=withhold))
        out.append(
            remittance(
                group,
                payer_id=payer,
                payer_name=f"PAYER {payer}",
                payee_npi="1234567893",
                payee_name="TEST CLINIC",
                trace_number=f"R{round_number}P{number}",
                paid_on=paid_on,
                provider_adjustments=items,
            )
        )
    return out


def _interest(amount: Money) -> Amount:
    return Amount(qualifier="I", amount=amount)


@st.composite
def _case(
    draw: st.DrawFn,
    claims_strategy: st.SearchStrategy[list[Claim]],
    quirks: bool,
    reversals: bool,
) -> PostingCase:
    claims = draw(claims_strategy)
    billed_on = max(claim.service_period.end for claim in claims) + timedelta(days=1)
    first_day = billed_on + timedelta(days=draw(st.integers(min_value=7, max_value=40)))
    second_day = first_day + timedelta(days=draw(st.integers(min_value=1, max_value=60)))
    first: list[tuple[str, ClaimPayment]] = []
    second: list[tuple[str, ClaimPayment]] = []
    for number, claim in enumerate(claims, start=1):
        payer = claim.coverage.payer.payer_id if claim.coverage.payer else "00000"
        decisions = draw(line_decisions(claim, quirks=quirks))
        count = len(claim.lines)
        later = draw(st.integers(min_value=0, max_value=count - 1)) if count > 1 else 0
        now_lines = list(range(count - later))
        decisions_now = [
            attrs.evolve(d, bundle_into=None)
            if d.bundle_into is not None and d.bundle_into not in now_lines
            else d
            for d in decisions
        ]
        payment = adjudicate(
            claim, decisions_now, payer_claim_number=f"ICN{number}A", lines=now_lines
        )
        first.append((payer, payment))
        if later:
            rest = list(range(count - later, count))
            decisions_later = [
                attrs.evolve(d, bundle_into=None)
                if d.bundle_into is not None and d.bundle_into not in rest
                else d
                for d in decisions
            ]
            second.append(
                (
                    payer,
                    adjudicate(
                        claim, decisions_later, payer_claim_number=f"ICN{number}C", lines=rest
                    ),
                )
            )
        if reversals and draw(st.integers(min_value=0, max_value=3)) == 0:
            corrected = draw(line_decisions(claim, quirks=False))
            second.append((payer, reversal_of(payment)))
            second.append(
                (
                    payer,
                    adjudicate(
                        claim, corrected, payer_claim_number=f"ICN{number}B", lines=now_lines
                    ),
                )
            )
    interest = draw(st.none() | money(min_value=Money("0.01"), max_value=Money("9.99")))
    withhold = draw(st.none() | money(min_value=Money("0.01"), max_value=Money("50.00")))
    remittances = [
        *_payer_remittances(1, first, first_day, interest or _ZERO, withhold or _ZERO),
        *_payer_remittances(2, second, second_day, _ZERO, _ZERO),
    ]
    return PostingCase(tuple(claims), billed_on, tuple(remittances))


def posting_cases(
    *,
    claims: st.SearchStrategy[Claim] | None = None,
    min_claims: int = 1,
    max_claims: int = 3,
    quirks: bool = True,
    reversals: bool = True,
) -> st.SearchStrategy[PostingCase]:
    """Claims and the remittances that answer them: a posting scenario with known answers.

    Round one pays (or denies) every claim, some only in part; round two pays
    the lines left and, for some claims, reverses the first payment and sends
    a correction. The first remittance may carry claim interest (``AMT*I``)
    with its ``PLB L6``, and an overpayment recovery (``PLB WO``). Every
    remittance balances. Shrinks toward one claim paid in full at once.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        claims: original claims to primary payers (default: professional
            claims from :func:`rcm.testing.strategies.claims`); claim IDs are
            made unique.
        min_claims: the fewest claims.
        max_claims: the most claims.
        quirks: draw matching quirks (split, bundled, modifiers changed, no
            line control number); a value.
        reversals: draw reversals with corrections; a value.

    Raises:
        TypeError: a value where a strategy is wanted, or the reverse.
        ValueError: claim counts out of range.

    Example:
        >>> from hypothesis import given, settings
        >>> from rcm.remit import check_balance
        >>> @settings(max_examples=5, deadline=None)
        ... @given(posting_cases(max_claims=2))
        ... def test_balanced(case):
        ...     assert all(check_balance(r) == () for r in case.remittances)
        >>> test_balanced()
    """
    _check_strategy("claims", claims)
    _check_flag("quirks", quirks)
    _check_flag("reversals", reversals)
    for name, value in (("min_claims", min_claims), ("max_claims", max_claims)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} takes an int, not {type(value).__name__}")
    if not 1 <= min_claims <= max_claims:
        raise ValueError(f"need 1 <= min_claims <= max_claims, got {min_claims}, {max_claims}")
    if claims is None:
        from rcm.testing._claims import claims as claim_strategy

        claims = claim_strategy(
            kind="professional", secondary=False, frequencies=st.just("1"), max_lines=4
        )
    unique = st.lists(
        claims, min_size=min_claims, max_size=max_claims, unique_by=lambda c: c.claim_id
    )
    return _case(unique, quirks, reversals)
