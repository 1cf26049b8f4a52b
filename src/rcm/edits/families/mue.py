"""MUE: NCCI medically unlikely edits: more units than a provider would report for a patient.

Each code's MUE has an adjudication indicator (MAI): 1, a claim-line edit
(each line is compared with the MUE on its own); 2, a date-of-service edit
based on policy (units on all lines of the date add up; an absolute limit);
3, a date-of-service edit based on clinical benchmarks (units add up; the
excess may be paid on appeal with documentation). Date-of-service edits add
up units across the provider's claims for the same day, so with a
:class:`~rcm.edits.History` rcm counts those too.

A line that spans several days (a date range) is allowed the MUE value for
each day of its span in the date-of-service edits.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Final

from rcm.edits._facts import MISSING, derived, facts
from rcm.edits._spec import EditSpec, Severity, Status
from rcm.edits.families._common import MUE_PAGE, NCCI_MANUAL, SINCE, ncci_applies

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from rcm.claims import Claim
    from rcm.edits._context import Context, History, PriorLine
    from rcm.edits._facts import LineFacts
    from rcm.edits._finding import Finding
    from rcm.edits.tables import MueRow, MueTable

__all__ = ["EDITS", "MUE001", "MUE002", "MUE003", "MUE004", "check"]

_WHY = (
    "An MUE is the most units of a code a provider would report for one patient on one date of "
    "service under most circumstances."
)

MUE001 = EditSpec(
    code="MUE001",
    name="mue-line-units",
    title="Units on a line exceed the MUE (line edit)",
    severity=Severity.ERROR,
    message="{code} is billed with {units} units on one line; the MUE is {limit} (MAI {mai}, "
    "line edit)",
    description=(
        f"{_WHY} With adjudication indicator 1 each claim line is compared with the MUE on its "
        "own, and a line over it is denied in full (not cut back). Units of the same code on "
        "separate lines are allowed only with modifiers that show they were separate (such as "
        "76, 77, 91, 59 or anatomic modifiers)."
    ),
    citations=(MUE_PAGE, NCCI_MANUAL),
    carc="151",
    rarcs=("N362",),
    fix="bill no more than the MUE per line; report units given at separate sites or sessions "
    "on separate lines with the modifier that shows it",
    status=Status.STABLE,
    since=SINCE,
    requires=("mue",),
)
MUE002 = EditSpec(
    code="MUE002",
    name="mue-day-units-policy",
    title="Units on a date of service exceed the MUE (policy)",
    severity=Severity.ERROR,
    message="{code} is billed with {units} units on {day}; the MUE is {limit} (MAI {mai}, "
    "date of service, policy)",
    description=(
        f"{_WHY} With adjudication indicator 2 the units of all lines for the date of service "
        "add up; when they pass the MUE every line of the code for that date is denied. The "
        "limit is absolute: it comes from regulation, policy or the code's definition (one per "
        "day, bilateral), and an appeal cannot pay more."
    ),
    citations=(MUE_PAGE, NCCI_MANUAL),
    carc="151",
    rarcs=("N362",),
    fix="bill no more than the MUE for the day; the code's definition or policy caps it",
    status=Status.STABLE,
    since=SINCE,
    requires=("mue",),
)
MUE003 = EditSpec(
    code="MUE003",
    name="mue-day-units-clinical",
    title="Units on a date of service exceed the MUE (clinical)",
    severity=Severity.ERROR,
    message="{code} is billed with {units} units on {day}; the MUE is {limit} (MAI {mai}, "
    "date of service, clinical)",
    description=(
        f"{_WHY} With adjudication indicator 3 the units of all lines for the date of service "
        "add up; when they pass the MUE every line of the code for that date is denied. The "
        "limit rests on clinical data, so units above it that were medically necessary can be "
        "paid on appeal with the record."
    ),
    citations=(MUE_PAGE, NCCI_MANUAL),
    carc="151",
    rarcs=("N362",),
    fix="bill the units the record supports; units above the MUE that were necessary are "
    "paid only on appeal, with the documentation",
    status=Status.STABLE,
    since=SINCE,
    requires=("mue",),
)
MUE004 = EditSpec(
    code="MUE004",
    name="mue-day-units-across-claims",
    title="Units on a date of service exceed the MUE across claims",
    severity=Severity.ERROR,
    message="{code}: {units} units on this claim and {prior} on earlier claims for {day} exceed "
    "the MUE of {limit} (MAI {mai})",
    description=(
        f"{_WHY} Date-of-service MUEs (indicators 2 and 3) count the units the provider billed "
        "for the patient on that date on every claim, so units sent on a later claim are "
        "denied once the day's total passes the MUE."
    ),
    citations=(MUE_PAGE, NCCI_MANUAL),
    carc="151",
    rarcs=("N362",),
    fix="check whether the earlier claim already billed these units; correct that claim "
    "instead of sending more",
    status=Status.STABLE,
    since=SINCE,
    requires=("mue", "history"),
)

EDITS: Final = (MUE001, MUE002, MUE003, MUE004)


def _units(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def _trigger(table: MueTable, row: MueRow) -> str:
    text = f"{table.label}: {row.code} MUE {row.value}, MAI {row.mai} ({row.meaning})"
    return f"{text}, {row.rationale}" if row.rationale else text


def check(claim: Claim, context: Context) -> list[Finding]:
    """Compare units per line (MAI 1) and per date of service (MAI 2, 3) with the MUEs.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context, Tables
        >>> from rcm.edits.tables import MueRow, MueTable
        >>> mue = MueTable([MueRow("71046", 0, 2, "demo")], setting="practitioner")
        >>> ctx = Context(as_of=date(2025, 3, 10), tables=Tables(mue=mue))
        >>> tuple(f.code for f in check(professional_claim(), ctx))
        ('MUE002',)
    """
    found: list[Finding] = []
    tables = context.tables
    if not tables.mue:
        return found
    claim_facts = facts(claim)
    # ncci_applies(claim) and context.setting_for(claim), with the claim's kind from
    # its facts (a model attribute read costs a pydantic __getattr__ hook each).
    professional = claim_facts.kind == "professional"
    if not professional and not ncci_applies(claim):
        return found
    setting = context.setting
    if setting is None:
        setting = "practitioner" if professional else "outpatient_hospital"
    history = context.history
    if history is not None and not history.knows(claim):
        history = None
    memo = derived(context)
    for day, lines in claim_facts.coded.items():
        key = ("mue", setting, day)
        table: MueTable | None = memo.get(key, MISSING)
        if table is MISSING:
            table = memo[key] = tables.mue_for(setting, day)
        if table is None:
            continue
        get = table.rows_by_code().get
        # The usual day: each code once, and nothing billed before on the day by the
        # provider (no history, or no prior line). Then a code's units for the day
        # are its line's units and nothing needs adding up: each line is compared
        # with its MUE directly, without the per-code totals.
        if (len(lines) == 1 or len({fact.code for fact in lines}) == len(lines)) and (
            history is None or not _priors(history, claim, day, claim_facts.npi)
        ):
            _each_once(found, table, get, lines, day)
            continue
        # code -> (line indexes, units, longest span, row)
        totals: dict[str, tuple[list[int], Decimal, int, MueRow]] | None = None
        for fact in lines:
            row = get(fact.code)  # type: ignore[arg-type]  # coded lines have codes
            if row is None:
                continue
            if row.mai == 1:
                if fact.units > row.value:
                    found.append(
                        MUE001.finding(
                            lines=(fact.index,),
                            code=fact.code,
                            units=_units(fact.units),
                            limit=row.value,
                            mai=row.mai,
                            trigger=_trigger(table, row),
                            source=table.label,
                        )
                    )
                continue
            service = fact.service
            # DateRange.days, written out (a property call per line otherwise); a
            # one-day range (DateRange.single) holds the same date object twice.
            if service is None or service.end is service.start:
                span = 1
            else:
                span = (service.end - service.start).days + 1
            if totals is None:
                totals = {row.code: ([fact.index], fact.units, span, row)}
            elif row.code not in totals:  # the usual case: each code once a day
                totals[row.code] = ([fact.index], fact.units, span, row)
            else:
                seen = totals[row.code]
                seen[0].append(fact.index)
                totals[row.code] = (seen[0], seen[1] + fact.units, max(seen[2], span), row)
        if totals:
            _per_day(
                found,
                claim,
                npi=claim_facts.npi,
                history=history,
                day=day,
                table=table,
                totals=totals,
            )
    return found


def _priors(history: History, claim: Claim, day: date, npi: str | None) -> list[PriorLine]:
    """The day's prior lines of the same provider."""
    day_lines = history.lines_on(claim, day)
    return [p for p in day_lines if p.provider == npi] if day_lines else []


def _each_once(
    found: list[Finding],
    table: MueTable,
    get: Callable[[str], MueRow | None],
    lines: list[LineFacts],
    day: date,
) -> None:
    # What check and _per_day give for a day whose codes are distinct and that has
    # no prior lines, in the same order (MAI 1 findings as the lines come, then
    # the per-day ones), without totals; tests/edits/test_equivalence.py compares.
    later: list[Finding] | None = None
    for fact in lines:
        row = get(fact.code)  # type: ignore[arg-type]  # coded lines have codes
        if row is None:
            continue
        units = fact.units
        if row.mai == 1:
            if units > row.value:
                found.append(
                    MUE001.finding(
                        lines=(fact.index,),
                        code=fact.code,
                        units=_units(units),
                        limit=row.value,
                        mai=row.mai,
                        trigger=_trigger(table, row),
                        source=table.label,
                    )
                )
            continue
        service = fact.service
        if service is None or service.end is service.start:
            limit = row.value
        else:
            limit = row.value * ((service.end - service.start).days + 1)
        if units > limit:
            if later is None:
                later = []
            later.append(
                (MUE002 if row.mai == 2 else MUE003).finding(
                    lines=(fact.index,),
                    code=row.code,
                    units=_units(units),
                    day=day.isoformat(),
                    limit=limit,
                    mai=row.mai,
                    trigger=_trigger(table, row),
                    source=table.label,
                )
            )
    if later:
        found.extend(later)


def _per_day(
    found: list[Finding],
    claim: Claim,
    *,
    npi: str | None,
    history: History | None,
    day: date,
    table: MueTable,
    totals: dict[str, tuple[list[int], Decimal, int, MueRow]],
) -> None:
    # The day's prior lines of the same provider, fetched once for all its codes
    # (the first time a code within its MUE needs them).
    priors: list[PriorLine] | None = None
    for code, (lines, units, span, row) in totals.items():
        limit = row.value * span
        if units > limit:
            spec = MUE002 if row.mai == 2 else MUE003
            found.append(
                spec.finding(
                    lines=tuple(lines),
                    code=code,
                    units=_units(units),
                    day=day.isoformat(),
                    limit=limit,
                    mai=row.mai,
                    trigger=_trigger(table, row),
                    source=table.label,
                )
            )
            continue
        if history is None:
            continue
        if priors is None:
            day_lines = history.lines_on(claim, day)
            priors = [p for p in day_lines if p.provider == npi] if day_lines else []
        if not priors:
            continue
        prior = sum((p.units for p in priors if p.code == code), Decimal(0))
        if prior and units + prior > limit:
            found.append(
                MUE004.finding(
                    lines=tuple(lines),
                    code=code,
                    units=_units(units),
                    prior=_units(prior),
                    day=day.isoformat(),
                    limit=limit,
                    mai=row.mai,
                    trigger=_trigger(table, row),
                    source=table.label,
                )
            )
