"""The built-in families' fast paths give exactly what their plain definitions give.

The engine's checks take shortcuts for speed (bundled pairs looked up per date
of service through each column-1 code's map, history fetched once per day,
a quick "no" before a claim's full signature, set probes before table
lookups). Each shortcut is compared here with a straightforward reference
that follows the definition (every pair of same-day lines looked up in the
table, every line against the history, the full signature), on large, varied
batches: the benchmark's own claim mix (benchmarks/bench_edits.py) and
hypothesis-generated batches built from rcm.testing strategies. Findings must
be identical: codes, messages, lines, triggers, fixes, and order.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.claims import Claim
from rcm.edits import Context, Finding, History, Registry, Report, run_many
from rcm.edits._context import claim_signature, line_day, patient_key
from rcm.edits._facts import ClaimFacts
from rcm.edits.families import FAMILIES, aoc, dup, mn, mue, ptp
from rcm.edits.families._common import ncci_applies
from rcm.edits.tables import load_ptp
from rcm.edits.tables._common import date_int
from rcm.money import Money
from rcm.testing._claims import claims as any_claims
from rcm.testing._edits import clean_claims, edit_cases, example_tables

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_edits.py"

# -- references: the definitions, written plainly ---------------------------------------


def _coded_by_day(claim: Claim) -> dict[date, list[tuple[int, str, tuple[str, ...]]]]:
    """(index, code, modifiers) of the lines with a code and a date, by date, in claim order."""
    days: dict[date, list[tuple[int, str, tuple[str, ...]]]] = {}
    for index, line in enumerate(claim.lines):
        day = line_day(claim, line)
        if line.procedure_code is not None and day is not None:
            days.setdefault(day, []).append((index, line.procedure_code, line.modifiers))
    return days


def _ptp_findings(
    table: Any, row: int, mi: int, pair: tuple[int, int], first: tuple, second: tuple
) -> Iterator[Finding]:
    _, code1, modifiers1 = first
    _, code2, modifiers2 = second
    trigger = f"{table.label}: {table.row(row)}"
    mods = ptp.bypassing(modifiers1, modifiers2)
    common = {"lines": pair, "column1": code1, "column2": code2, "trigger": trigger}
    common["source"] = table.label
    if mi == 0:
        fix = None
        if mods:
            fix = f"remove {code2}: modifier {'/'.join(mods)} cannot bypass an indicator-0 edit"
        yield ptp.PTP001.finding(mi=mi, fix=fix, **common)
    elif not mods:
        yield ptp.PTP002.finding(mi=mi, **common)
    else:
        yield ptp.PTP003.finding(modifiers="/".join(mods), **common)
        if "59" in mods and not {"XE", "XS", "XP", "XU"} & set(mods):
            yield ptp.PTP004.finding(**common)


def ptp_reference(claim: Claim, context: Context) -> Iterator[Finding]:
    """Every ordered pair of distinct same-day lines, looked up pair by pair."""
    tables = context.tables.ptp_for(context.setting_for(claim))
    if not tables or not ncci_applies(claim):
        return
    for day, lines in _coded_by_day(claim).items():
        reported: set[tuple[int, int]] = set()
        for table in tables:
            for first in lines:
                for second in lines:
                    if first[1] == second[1]:
                        continue
                    row = table.index_in_force(first[1], second[1], date_int(day))
                    if row < 0 or table.modifier_indicator(row) == 9:
                        continue
                    pair = (min(first[0], second[0]), max(first[0], second[0]))
                    if pair in reported:
                        continue
                    reported.add(pair)
                    mi = table.modifier_indicator(row)
                    yield from _ptp_findings(table, row, mi, pair, first, second)
    history = context.history
    if history is None:
        return
    npi = claim.billing_provider.npi
    for index, line in enumerate(claim.lines):
        code2, day = line.procedure_code, line_day(claim, line)
        if code2 is None or day is None:
            continue
        for prior in history.lines_on(claim, day):
            if prior.provider != npi or prior.code == code2:
                continue
            for table in tables:
                row = table.index_in_force(prior.code, code2, date_int(day))
                if row < 0:
                    continue
                mi = table.modifier_indicator(row)
                if mi == 9 or (mi == 1 and ptp.bypassing(prior.modifiers, line.modifiers)):
                    break
                yield ptp.PTP005.finding(
                    lines=(index,),
                    column1=prior.code,
                    column2=code2,
                    mi=mi,
                    trigger=f"{table.label}: {table.row(row)}",
                    source=table.label,
                )
                break


_SIGNATURES: dict[int, tuple[History, int, set[tuple[object, ...]]]] = {}


def _same_bill(history: History, claim: Claim) -> bool:
    """The definition: a non-void claim in the history has the same signature."""
    held = _SIGNATURES.get(id(history))
    if held is None or held[0] is not history:
        held = (history, 0, set())
    known, count, signatures = held
    if count < len(history):  # run_many(cumulative=True) grows its copy as it goes
        signatures.update(
            claim_signature(prior) for prior in list(history)[count:] if prior.frequency_code != "8"
        )
        _SIGNATURES[id(history)] = (known, len(history), signatures)
    return claim_signature(claim) in signatures


def dup_reference(claim: Claim, context: Context) -> Iterator[Finding]:
    """Lines against each other, then the claim and each line against the whole history."""
    if len({(line_day(claim, ln), ln.procedure_code, ln.revenue_code) for ln in claim.lines}) < len(
        claim.lines
    ):
        yield from dup._within(claim)
    history = context.history
    if history is None or claim.frequency_code in ("7", "8") or not history.knows(claim):
        return
    if _same_bill(history, claim):
        prior = history.prior_bill(claim)
        trigger = None
        if prior is not None and prior.claim_id == claim.claim_id:
            trigger = "an earlier claim with the same patient control number and lines"
        yield dup.DUP002.finding(trigger=trigger)
        return
    npi = claim.billing_provider.npi
    for index, line in enumerate(claim.lines):
        code, day = line.procedure_code, line_day(claim, line)
        if code is None or day is None or dup.REPEAT_MODIFIERS & set(line.modifiers):
            continue
        for prior in history.lines_on(claim, day):
            same = prior.code == code and prior.provider == npi
            if same and sorted(prior.modifiers) == sorted(line.modifiers):
                yield dup.DUP003.finding(lines=(index,), code=code, day=day.isoformat())
                break


def mn_reference(claim: Claim, context: Context) -> Iterator[Finding]:
    """Every line's policies looked up by date, no shortcut for uncovered codes."""
    tables = context.tables.coverage
    for fact in mn.facts(claim).lines:
        if fact.code is None or fact.day is None:
            continue
        policies = [p for table in tables for p in table.policies(fact.code, on=fact.day)]
        if policies:
            yield from mn._line(claim, fact, fact.code, policies, tables)


def aoc_reference(claim: Claim, context: Context) -> Iterator[Finding]:
    """Each day's lines asked one by one whether they are add-on codes."""
    for day, lines in aoc.facts(claim).coded.items():
        table = context.tables.aoc_for(day)
        if table is None:
            continue
        addons = [f for f in lines if table.is_addon(f.code)]
        if addons:
            yield from aoc._addons(claim, context, table, day=day, lines=lines, addons=addons)


def mue_reference(claim: Claim, context: Context) -> Iterator[Finding]:
    """Per day: lines of MAI 1 one by one, then each other code's units added up, plus history."""
    tables = context.tables
    if not tables.mue or not ncci_applies(claim):
        return
    setting = context.setting_for(claim)
    history = context.history
    npi = claim.billing_provider.npi
    for day, entries in _coded_by_day(claim).items():
        table = tables.mue_for(setting, day)
        if table is None:
            continue
        groups: dict[str, list[int]] = {}
        for index, code, _ in entries:
            row = table.get(code)
            if row is None:
                continue
            units = claim.lines[index].units
            if row.mai != 1:
                groups.setdefault(code, []).append(index)
            elif units > row.value:
                yield mue.MUE001.finding(
                    lines=(index,),
                    code=code,
                    units=mue._units(units),
                    limit=row.value,
                    mai=row.mai,
                    trigger=mue._trigger(table, row),
                    source=table.label,
                )
        for code, indexes in groups.items():
            row = table.get(code)
            assert row is not None
            lines = [claim.lines[i] for i in indexes]
            units = sum((line.units for line in lines), Decimal(0))
            span = max(1 if ln.service_date is None else ln.service_date.days for ln in lines)
            limit = row.value * span
            common = {
                "lines": tuple(indexes),
                "code": code,
                "units": mue._units(units),
                "day": day.isoformat(),
                "limit": limit,
                "mai": row.mai,
                "trigger": mue._trigger(table, row),
                "source": table.label,
            }
            if units > limit:
                yield (mue.MUE002 if row.mai == 2 else mue.MUE003).finding(**common)
                continue
            if history is None:
                continue
            prior = sum(
                (
                    p.units
                    for p in history.lines_on(claim, day)
                    if p.provider == npi and p.code == code
                ),
                Decimal(0),
            )
            if prior and units + prior > limit:
                yield mue.MUE004.finding(prior=mue._units(prior), **common)


REFERENCES = {
    ptp: ptp_reference,
    dup: dup_reference,
    mn: mn_reference,
    aoc: aoc_reference,
    mue: mue_reference,
}


def reference_registry() -> Registry:
    """The built-in families, with the references in place of the fast checks."""
    registry = Registry(builtins=False, plugins=False)
    for module in FAMILIES:
        registry.register(module.EDITS, REFERENCES.get(module, module.check), origin="reference")
    return registry


def assert_same_reports(claims: list[Claim], context: Context) -> Counter[str]:
    """Run the batch both ways (with and without cumulative history); compare everything."""
    reference = attrs.evolve(context, registry=reference_registry())
    compared: Counter[str] = Counter()
    for cumulative in (False, True):
        fast = list(run_many(claims, context, cumulative=cumulative))
        slow = list(run_many(claims, reference, cumulative=cumulative))
        assert [r.model_dump() for r in slow] == [r.model_dump() for r in fast]
        assert [r.findings for r in slow] == [r.findings for r in fast]
        # The engine builds reports without validation: each is what validation gives.
        for report in fast:
            assert Report.model_validate(report.model_dump()) == report
            assert report.model_fields_set == set(Report.model_fields)
            assert all(
                type(getattr(report, name)) is tuple
                for name in ("findings", "edits", "skipped", "sources")
            )
        compared.update(f.code for r in fast for f in r.findings)
    return compared


def assert_same_history_answers(prior: list[Claim], claims: list[Claim]) -> int:
    """History's answers (per claim, from its one-slot memo) against plain scans of the claims.

    The claims are asked about in turn, each several times and in varied order
    (as the families ask), then added to a growing copy of the history as
    run_many(cumulative=True) does, and asked about again: the memo must not
    outlive the growth.
    """
    history, index = History(prior)._growing()
    known = list(prior)
    asked = 0
    # Each claim twice in a row: the second time its memo predates the add.
    for claim in (c for c in claims for _ in (0, 1)):
        who = patient_key(claim)
        same = [
            (position, p)
            for position, p in enumerate(known)
            if p.frequency_code != "8" and patient_key(p) == who
        ]
        days = [line_day(claim, line) for line in claim.lines]
        days = [d for d in dict.fromkeys(days) if d is not None] + [date(2026, 12, 31)]
        expected_knows = any(line_day(p, ln) is not None for _, p in same for ln in p.lines)
        for day in [*days, *reversed(days)]:
            expected = [
                (position, index)
                for position, p in same
                if p.claim_id != claim.claim_id
                for index, ln in enumerate(p.lines)
                if line_day(p, ln) == day
            ]
            actual = [(p.claim_position, p.line_index) for p in history.lines_on(claim, day)]
            assert expected == actual
            assert expected_knows == history.knows(claim)
            asked += 1
        signatures = {claim_signature(p) for _, p in same}
        expected_bill = expected_knows and claim_signature(claim) in signatures
        assert expected_bill == history.contains_bill(claim)
        index.add(claim)
        known.append(claim)
    return asked


# -- the benchmark's claim mix ----------------------------------------------------------


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_edits_for_tests", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_mix_gives_the_reference_findings(bench, tmp_path):
    mue, _ = bench._mue_table()
    codes = bench._codes(mue)
    path = tmp_path / "ccipra-v999r0-f1.txt"
    bench.write_ptp(path, codes, 120_000)
    tables = bench._tables(load_ptp(path), mue)
    claims = _varied(bench.make_claims(codes, 1200))
    # History: the benchmark's own, plus bills of the batch sent before and other
    # codes billed earlier for the same patients and days, so that the cross-claim
    # edits (DUP002, DUP003, PTP005, MUE004) have work.
    history = History(
        [*bench.make_claims(codes, 300, seed=99), *claims[::7], *_same_days(claims[::3])]
    )
    context = Context(as_of=bench.AS_OF, tables=tables, history=history)

    found = assert_same_reports(claims, context)
    found += assert_same_reports(claims, attrs.evolve(context, history=None))

    print(sorted(found.items()))
    expected = {"PTP001", "PTP002", "PTP003", "PTP005", "DUP002", "DUP003", "MUE002", "MUE004"}
    assert expected <= set(found)
    assert assert_same_history_answers(list(history), claims[:400]) > 400


_MODIFIERS = (("59",), ("RT",), ("XU", "LT"), ("25",), ("91",))


def _varied(claims: list[Claim]) -> list[Claim]:
    """The benchmark's claims, every third with modifiers and more units on some lines."""
    out = []
    for number, claim in enumerate(claims):
        if number % 3:
            out.append(claim)
            continue
        lines = list(claim.lines)
        for index in range(0, len(lines), 2):
            modifiers = _MODIFIERS[(number + index) % len(_MODIFIERS)]
            lines[index] = lines[index].evolve(modifiers=modifiers, units=Decimal(1 + index))
        out.append(claim.evolve(lines=tuple(lines)))
    return out


def _same_days(claims: list[Claim]) -> list[Claim]:
    """Each claim's patient and day with the next claim's lines, as an earlier claim."""
    out = []
    for before, after in itertools.pairwise(claims):
        when = before.lines[0].service_date
        lines = tuple(line.evolve(service_date=when) for line in after.lines[:3])
        lines += (before.lines[-1].evolve(units=Decimal(60)),)  # an earlier line of the day
        total = sum((line.charge for line in lines), start=Money("0"))
        out.append(before.evolve(lines=lines, total_charge=total, claim_id=f"H{before.claim_id}"))
    return out


# -- hypothesis batches -----------------------------------------------------------------

_DAYS = st.sampled_from([date(2025, 3, 3), date(2025, 3, 4)])


@st.composite
def batches(draw: st.DrawFn) -> list[Claim]:
    """Edit cases and clean claims on two days for one patient, some merged, some repeated."""
    cases = draw(st.lists(edit_cases(claims=clean_claims(service_dates=_DAYS)), max_size=8))
    claims = [case.claim for case in cases]
    claims += draw(st.lists(clean_claims(service_dates=_DAYS), max_size=4))
    if len(claims) >= 2 and draw(st.booleans()):
        # Two claims' lines on one claim: more same-day pairs and duplicates.
        first, second = claims[0], claims[1]
        lines = (*first.lines, *second.lines)[:50]
        total = sum((line.charge for line in lines), start=Money("0"))
        claims.append(first.model_copy(update={"lines": lines, "total_charge": total}))
    claims += draw(st.lists(st.sampled_from(claims), max_size=3)) if claims else []
    claims += draw(st.lists(any_claims(max_lines=6), max_size=3))
    return claims


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batches(),
    st.dates(min_value=date(2025, 3, 5), max_value=date(2026, 6, 30)),
    st.booleans(),
)
def test_generated_batches_give_the_reference_findings(claims, as_of, with_history):
    context = Context(as_of=as_of, tables=example_tables())
    if with_history:
        context = attrs.evolve(context, history=History(claims[: len(claims) // 2]))

    assert_same_reports(claims, context)
    assert_same_history_answers(claims[: len(claims) // 2], claims)


# -- the per-claim facts ------------------------------------------------------------------


def assert_facts_are_plain(claim: Claim) -> None:
    """ClaimFacts (read from the models' field dicts, in one pass) against plain attribute reads."""
    made = ClaimFacts(claim)
    lines = claim.lines
    assert [(f.index, f.line, f.code, f.modifiers, f.units) for f in made.lines] == [
        (i, ln, ln.procedure_code, ln.modifiers, ln.units) for i, ln in enumerate(lines)
    ]
    assert [f.day for f in made.lines] == [line_day(claim, ln) for ln in lines]
    # What the checks read from the field dicts instead of the models' attributes.
    assert [f.service for f in made.lines] == [ln.service_date for ln in lines]
    for fact, line in zip(made.lines, lines, strict=True):
        assert {name: getattr(line, name) for name in type(line).model_fields} == fact.values
    assert {name: getattr(claim, name) for name in type(claim).model_fields} == made.values
    assert claim.kind == made.kind
    assert claim.billing_provider.npi == made.npi
    coded: dict[date, list[int]] = {}
    for index, line in enumerate(lines):
        day = line_day(claim, line)
        if day is not None and line.procedure_code is not None:
            coded.setdefault(day, []).append(index)
    assert {d: [f.index for f in fs] for d, fs in made.coded.items()} == coded
    assert made.charges == sum((ln.charge.amount for ln in lines), Decimal(0))
    own = [ln.service_date for ln in lines if ln.service_date is not None]
    assert made.first_service == (min(r.start for r in own) if own else None)
    assert made.last_end == (max(r.end for r in own) if own else None)
    professional = claim.kind == "professional"
    incomplete = any(
        (professional and (ln.procedure_code is None or ln.service_date is None))
        or (not professional and ln.revenue_code is None)
        or ln.units <= 0
        or not ln.charge.amount
        for ln in lines
    )
    assert made.incomplete == incomplete


def test_facts_of_the_benchmark_mix_are_the_plain_reads(bench):
    mue, _ = bench._mue_table()
    for claim in _varied(bench.make_claims(bench._codes(mue), 300)):
        assert_facts_are_plain(claim)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_claims(max_lines=8))
def test_facts_of_generated_claims_are_the_plain_reads(claim):
    assert_facts_are_plain(claim)
