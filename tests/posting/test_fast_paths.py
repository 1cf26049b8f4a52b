"""Posting's fast paths give exactly what the plain ways give.

* ``Ledger.apply(result)`` reads the runs of a result ``post`` made from its
  ``Layout``; ``Ledger.add(result.entries)`` finds them entry by entry.
* ``new_entry`` fills a ``LedgerEntry``'s slots directly; ``LedgerEntry(...)``
  goes through attrs.
* ``match_lines`` (and ``place``, which posting uses) against a plain copy of
  the matcher as it was before it was made faster (``_reference_match``).

Each is checked on the benchmark's payer-simulator mix and on
hypothesis-generated claims and remittances.
"""

from __future__ import annotations

import gc
import itertools
import pickle
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.claims import Claim, ServiceLine
from rcm.claims.examples import professional_claim
from rcm.dates import DateRange
from rcm.money import Money
from rcm.remit import ClaimPayment, ServicePayment
from rcm.remit.posting import EntryKind, Ledger, LedgerEntry, PostingResult, match_lines, post
from rcm.remit.posting._entries import new_entry
from rcm.remit.posting._ledger import _LAYOUTS
from rcm.remit.posting._match import How, LineMatch, MatchProblem, place
from rcm.testing._ledger import PostingCase, ledger_entries, posting_cases

if TYPE_CHECKING:  # the fixture's type (conftest is not importable under importlib mode)
    from conftest import SimulatorMix

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same_ledgers(fast: Ledger, plain: Ledger) -> None:
    assert plain == fast
    assert plain.entries == fast.entries
    for claim_id in plain.accounts:
        assert plain.entries_for(claim_id) == fast.entries_for(claim_id)
    for entry in plain.entries:
        if entry.posting_key is not None:
            assert plain.posting(entry.posting_key) == fast.posting(entry.posting_key)
            assert fast.is_posted(entry.posting_key)
        if entry.payer_claim_number is not None:
            number = entry.payer_claim_number
            assert plain.claim_for_payer_number(number) == fast.claim_for_payer_number(number)


def _apply_both_ways(ledger: Ledger, result: PostingResult) -> Ledger:
    fast = ledger.apply(result)
    plain = ledger.add(list(result.entries))  # a list: no layout can apply
    _same_ledgers(fast, plain)
    return fast


def test_apply_with_a_layout_is_add_on_the_simulator_mix(simulator_mix: SimulatorMix) -> None:
    claims, remit = simulator_mix(120)
    ledger = Ledger().bill_many(claims, on=date(2025, 3, 4))
    result = post(ledger, remit)
    assert result.entries
    assert id(result) in _LAYOUTS
    posted = _apply_both_ways(ledger, result)
    again = post(posted, remit)
    assert again.already_posted
    assert posted.apply(again) == posted


@SETTINGS
@given(posting_cases(max_claims=3))
def test_apply_with_a_layout_is_add_on_generated_cases(case: PostingCase) -> None:
    ledger = Ledger()
    for claim in case.claims:
        ledger = ledger.bill(claim, on=case.billed_on)
    for remit in case.remittances:
        ledger = _apply_both_ways(ledger, post(ledger, remit))


def test_a_layout_serves_only_its_own_result(simulator_mix: SimulatorMix) -> None:
    claims, remit = simulator_mix(5)
    ledger = Ledger().bill_many(claims, on=date(2025, 3, 4))
    result = post(ledger, remit)
    # A copy with other entries (or the same entries in another tuple) has no layout.
    shorter = result.model_copy(update={"entries": result.entries[:-3]})
    _same_ledgers(ledger.apply(shorter), ledger.add(shorter.entries))
    # Entries already in the ledger are refused either way.
    posted = ledger.apply(result)
    with pytest.raises(ValueError, match="already in the ledger"):
        posted.apply(result)
    # The layout goes with its result.
    key = id(result)
    del result, shorter
    gc.collect()
    assert key not in _LAYOUTS


def test_apply_with_a_layout_checks_the_claims_are_billed(simulator_mix: SimulatorMix) -> None:
    claims, remit = simulator_mix(3)
    ledger = Ledger().bill_many(claims, on=date(2025, 3, 4))
    result = post(ledger, remit)
    with pytest.raises(ValueError, match="no bill for"):
        Ledger().bill_many(claims[:1], on=date(2025, 3, 4)).apply(result)


@settings(max_examples=100, deadline=None)
@given(ledger_entries())
def test_new_entry_is_the_attrs_constructor(entry: LedgerEntry) -> None:
    values = attrs.astuple(entry, recurse=False)
    made = new_entry(*values)
    assert type(made) is LedgerEntry
    assert made == entry
    assert hash(made) == hash(entry)
    assert repr(made) == repr(entry)
    assert made.to_dict() == entry.to_dict()
    assert pickle.loads(pickle.dumps(made)) == entry
    assert attrs.evolve(made, memo="m") == attrs.evolve(entry, memo="m")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.memo = "changed"  # type: ignore[misc]


def test_new_entry_needs_a_kind_member() -> None:
    made = new_entry(
        *("e", EntryKind.CHARGE, Money(1), "P", date(2025, 1, 1), "C", 0, "k", None),
        *(None, (), None, None, None, False, None, "", None),
    )
    assert made.kind is EntryKind.CHARGE
    assert made == LedgerEntry("e", "charge", Money(1), "P", date(2025, 1, 1), "C", 0, "k")


def _compare_matchers(claim: Claim, payment: ClaimPayment, paid_before: frozenset[int]) -> None:
    expected = reference_match_lines(claim.lines, payment.services, paid_before=paid_before)
    assert expected == match_lines(claim.lines, payment.services, paid_before=paid_before)
    placed, problems = place(claim.lines, payment.services, paid_before=paid_before)
    assert expected[1] == problems
    assert [(m.service_index, m.lines, m.weights, m.how) for m in expected[0]] == [
        (index, *where) for index, where in enumerate(placed) if where is not None
    ]


def test_matching_is_the_reference_on_the_simulator_mix(simulator_mix: SimulatorMix) -> None:
    claims, remit = simulator_mix(200)
    by_id = {claim.claim_id: claim for claim in claims}
    for payment in remit.claims:
        claim = by_id[payment.patient_control_number]
        for paid_before in (frozenset(), frozenset({0}), frozenset(range(len(claim.lines)))):
            _compare_matchers(claim, payment, paid_before)


@SETTINGS
@given(posting_cases(max_claims=3), st.data())
def test_matching_is_the_reference_on_generated_cases(
    case: PostingCase, data: st.DataObject
) -> None:
    by_id = {claim.claim_id: claim for claim in case.claims}
    for remit in case.remittances:
        for payment in remit.claims:
            claim = by_id.get(payment.patient_control_number)
            if claim is None:
                continue
            paid_before = frozenset(
                data.draw(st.sets(st.integers(0, max(len(claim.lines) - 1, 0)), max_size=3))
            )
            _compare_matchers(claim, payment, paid_before)
            # Lines shuffled and services reversed: other orders, other ties.
            services = tuple(reversed(payment.services))
            _compare_matchers(
                claim.model_copy(update={"lines": tuple(reversed(claim.lines))}),
                payment.model_copy(update={"services": services}),
                paid_before,
            )


def test_bundles_are_tried_in_the_order_services_were_placed() -> None:
    # Two service payments over-charged by the one free line's charge: the one
    # placed by its control number (step 1) takes it, though it comes second.
    from rcm.remit import DateReference, Procedure, Reference

    base = professional_claim()
    day = base.lines[0].service_date

    def line(code: str, charge: str, control: str | None) -> ServiceLine:
        return ServiceLine(
            procedure_code=code,
            charge=Money(charge),
            service_date=day,
            diagnosis_pointers=(1,),
            line_control_number=control,
        )

    lines = (
        line("99213", "50.00", "A"),
        line("99214", "50.00", None),
        line("80053", "20.00", None),
    )
    dates = (DateReference(qualifier="472", date=day.start),)

    def service(code: str, control: str | None) -> ServicePayment:
        return ServicePayment(
            procedure=Procedure(qualifier="HC", code=code),
            charge=Money("70.00"),
            paid=Money(0),
            dates=dates,
            references=(Reference(qualifier="6R", value=control),) if control else (),
        )

    services = (service("99214", None), service("99213", "A"))
    matches, problems = match_lines(lines, services)
    assert () == problems
    assert [(0, (1,), "procedure"), (1, (0, 2), "bundle")] == [
        (m.service_index, m.lines, m.how) for m in matches
    ]
    assert (matches, problems) == reference_match_lines(lines, services)


def test_posting_hands_its_entries_to_the_oldest_generation(simulator_mix: SimulatorMix) -> None:
    claims, remit = simulator_mix(300)
    gc.collect()
    ledger = Ledger().bill_many(claims, on=date(2025, 3, 4))
    assert gc.isenabled()
    assert gc.get_count()[0] < 1000
    result = post(ledger, remit)
    assert gc.isenabled()
    assert gc.get_count()[0] < 1000
    assert gc.get_freeze_count() == 0
    posted = ledger.apply(result)
    assert gc.isenabled()
    assert gc.get_count()[0] < 1000
    assert len(posted) == len(ledger) + len(result.entries) > 2000


def test_posting_leaves_frozen_objects_frozen_and_a_disabled_collector_disabled(
    simulator_mix: SimulatorMix,
) -> None:
    claims, remit = simulator_mix(10)
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        ledger = Ledger().bill_many(claims, on=date(2025, 3, 4))
        ledger = ledger.apply(post(ledger, remit))
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    gc.disable()
    try:
        fresh = Ledger().bill_many(claims, on=date(2025, 3, 4))
        assert fresh.apply(post(fresh, remit)) == ledger
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_small_posting_leaves_young_objects_young(simulator_mix: SimulatorMix) -> None:
    import weakref

    class Cycle:
        def __init__(self) -> None:
            self.me = self

    claims, remit = simulator_mix(2)
    ledger = Ledger().bill_many(claims, on=date(2025, 3, 4))
    gc.collect()
    cycle = Cycle()
    alive = weakref.ref(cycle)
    del cycle
    ledger.apply(post(ledger, remit))
    # Still in a young generation, so a young collection reclaims it.
    gc.collect(1)
    assert alive() is None


# --- The reference matcher -------------------------------------------------------
# match_lines as it was before it was made faster (commit 5dc3614), kept as the
# straightforward version the fast one must agree with.

_ZERO = Money(0)
_D0 = Decimal(0)
_MAX_BUNDLE = 3
_MAX_BUNDLE_CANDIDATES = 12


def _ref_codes(service: ServicePayment) -> tuple[str, str, tuple[str, ...]]:
    procedure = service.original_procedure or service.procedure
    return procedure.qualifier, procedure.code, procedure.modifiers


def _ref_line_code(line: ServiceLine, qualifier: str) -> str | None:
    if qualifier == "NU":
        return line.revenue_code
    return line.procedure_code


def _ref_modifier_score(billed: tuple[str, ...], paid: tuple[str, ...]) -> int:
    if billed == paid:
        return 3
    if set(billed) == set(paid):
        return 2
    if set(paid) < set(billed):
        return 1
    return 0


def _ref_same(a: ServiceLine, b: ServiceLine) -> bool:
    return (
        a.procedure_code == b.procedure_code
        and a.revenue_code == b.revenue_code
        and a.modifiers == b.modifiers
        and a.units == b.units
        and a.charge == b.charge
        and a.service_date == b.service_date
    )


class _RefPeriods:
    """Service payments' service periods, computed only when asked for."""

    __slots__ = ("_found", "_services")

    def __init__(self, services: Sequence[ServicePayment]) -> None:
        self._services = services
        self._found: dict[int, DateRange | None] = {}

    def __getitem__(self, index: int) -> DateRange | None:
        if index not in self._found:
            self._found[index] = self._services[index].service_period
        return self._found[index]


def _ref_dates_fit(period: DateRange | None, line: ServiceLine) -> bool:
    if period is None or line.service_date is None:
        return True
    return period.overlaps(line.service_date)


def reference_match_lines(
    lines: Sequence[ServiceLine],
    services: Sequence[ServicePayment],
    *,
    paid_before: frozenset[int] = frozenset(),
) -> tuple[tuple[LineMatch, ...], tuple[MatchProblem, ...]]:
    """``match_lines`` as it was before ``place``: every step written out plainly."""
    assigned: dict[int, list[int]] = {}  # line -> services assigned to it
    charge_used: dict[int, Decimal] = {}
    periods = _RefPeriods(services)
    found: dict[int, LineMatch] = {}
    problems: list[MatchProblem] = []

    def take(service_index: int, line_index: int, how: How) -> None:
        assigned.setdefault(line_index, []).append(service_index)
        charge_used[line_index] = charge_used.get(line_index, _D0) + abs(
            services[service_index].charge.amount
        )
        found[service_index] = LineMatch(
            service_index, (line_index,), (lines[line_index].charge,), how
        )

    # 1. The line item control number decides when it names exactly one line.
    by_control: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line.line_control_number:
            by_control.setdefault(line.line_control_number, []).append(index)
    pending: list[int] = []
    for service_index, service in enumerate(services):
        control = service.line_item_control_number
        hits = by_control.get(control, []) if control else []
        if len(hits) == 1:
            take(service_index, hits[0], "control number")
        else:
            pending.append(service_index)

    # 2. Procedure (the billed one from SVC06 when sent), modifiers, units, date.
    for service_index in pending:
        service = services[service_index]
        qualifier, code, modifiers = _ref_codes(service)
        units = service.original_units or service.units_paid
        candidates = [
            index
            for index, line in enumerate(lines)
            if (
                _ref_line_code(line, qualifier) == code
                or (
                    service.revenue_code is not None
                    and line.revenue_code == service.revenue_code
                    and line.procedure_code in (None, code)
                )
            )
            and _ref_dates_fit(periods[service_index], line)
        ]
        how: How = "procedure"
        if not candidates:
            # The payer changed the code without SVC06: a unique line with the
            # same charge on the same date, not yet paid here, is it.
            candidates = [
                index
                for index, line in enumerate(lines)
                if line.charge == abs(service.charge)
                and index not in assigned
                and periods[service_index] is not None
                and _ref_dates_fit(periods[service_index], line)
            ]
            how = "charge and date"
            if len(candidates) != 1:
                problems.append(
                    MatchProblem(
                        service_index,
                        "unmatched",
                        f"no claim line bills {qualifier} {code}"
                        + (" on the service date" if periods[service_index] else ""),
                    )
                )
                continue
        scored: list[tuple[int, int]] = []
        for index in candidates:
            line = lines[index]
            score = 4 * _ref_modifier_score(line.modifiers, modifiers)
            if units is not None and units == line.units:
                score += 2
            if line.charge == abs(service.charge):
                score += 3
            if index in assigned:
                remaining = line.charge.amount - charge_used.get(index, _D0)
                if abs(service.charge.amount) > remaining:
                    continue  # the line's charge is used up
                score -= 20
                if how == "procedure":
                    how = "split"
            if index in paid_before:
                score -= 10
            scored.append((score, index))
        if not scored:
            problems.append(
                MatchProblem(
                    service_index,
                    "unmatched",
                    f"every claim line billing {code} is already paid in full by this claim "
                    "payment",
                )
            )
            continue
        best = max(score for score, _ in scored)
        top = [index for score, index in scored if score == best]
        first = top[0]
        if len(top) > 1 and not all(_ref_same(lines[first], lines[other]) for other in top[1:]):
            problems.append(
                MatchProblem(
                    service_index,
                    "ambiguous",
                    f"{code} fits claim lines "
                    + ", ".join(str(index + 1) for index in top)
                    + " equally well and they differ",
                    tuple(top),
                )
            )
            continue
        if first in assigned and how != "split":
            how = "split"
        elif first not in assigned and how == "split":
            how = "procedure"
        take(service_index, first, how)

    # 3. Bundles: a charge above its line's that equals it plus other unpaid lines'.
    for service_index, match in list(found.items()):
        line_index = match.lines[0]
        service = services[service_index]
        if len(assigned[line_index]) != 1:
            continue
        excess = abs(service.charge) - lines[line_index].charge
        if excess <= _ZERO:
            continue
        free = [
            index
            for index, line in enumerate(lines)
            if index not in assigned and _ref_dates_fit(periods[service_index], line)
        ][:_MAX_BUNDLE_CANDIDATES]
        for size in range(1, _MAX_BUNDLE + 1):
            combo = next(
                (
                    group
                    for group in itertools.combinations(free, size)
                    if sum((lines[i].charge for i in group), _ZERO) == excess
                ),
                None,
            )
            if combo is not None:
                members = (line_index, *combo)
                for index in combo:
                    assigned[index] = [service_index]
                found[service_index] = LineMatch(
                    service_index,
                    members,
                    tuple(lines[i].charge for i in members),
                    "bundle",
                )
                break
    return tuple(found[i] for i in sorted(found)), tuple(problems)
