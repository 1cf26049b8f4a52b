"""AOC: NCCI add-on codes billed without an eligible primary code on the same day.

An add-on code describes a service performed with a primary service by the
same practitioner and is rarely payable alone (NCCI Policy Manual for
Medicare Services, Chapter I, section U). CMS's AOC table sorts them by
type: type 1 codes are paid only with one of their listed primary codes;
type 2 codes have no list (each contractor keeps its own); type 3 codes have
a partial list that contractors may extend. Primaries billed on an earlier
claim for the same day count when a :class:`~rcm.edits.History` is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from rcm.edits._facts import MISSING, LineFacts, derived, facts
from rcm.edits._spec import EditSpec, Severity, Status
from rcm.edits.families._common import AOC_PAGE, NCCI_MANUAL, SINCE

if TYPE_CHECKING:
    from datetime import date

    from rcm.claims import Claim
    from rcm.edits._context import Context
    from rcm.edits._finding import Finding
    from rcm.edits.tables import AocEntry, AocTable

__all__ = ["AOC001", "AOC002", "AOC003", "EDITS", "check"]

AOC001 = EditSpec(
    code="AOC001",
    name="aoc-primary-missing",
    title="Add-on code without its primary code (type 1)",
    severity=Severity.ERROR,
    message="add-on code {addon} (type 1) has none of its primary codes on {day}",
    description=(
        "A type 1 add-on code is paid only when one of the primary codes listed for it is "
        "paid to the same practitioner for the same patient on the same date of service."
    ),
    citations=(NCCI_MANUAL, AOC_PAGE),
    carc="107",
    rarcs=("N122",),
    fix="bill the add-on code with the primary procedure it adds to (on the same claim)",
    status=Status.STABLE,
    since=SINCE,
    requires=("aoc",),
)
AOC002 = EditSpec(
    code="AOC002",
    name="aoc-billed-alone",
    title="Add-on code billed without any other procedure (type 2)",
    severity=Severity.WARNING,
    message="add-on code {addon} (type 2) is the only procedure on {day}",
    description=(
        "A type 2 add-on code has no national list of primary codes; each contractor keeps "
        "one. Billed with no other procedure on the day it has no primary at all and will be "
        "denied."
    ),
    citations=(NCCI_MANUAL, AOC_PAGE),
    carc="107",
    rarcs=("N122",),
    fix="bill the add-on code with its primary procedure; check the contractor's list",
    status=Status.STABLE,
    since=SINCE,
    requires=("aoc",),
)
AOC003 = EditSpec(
    code="AOC003",
    name="aoc-listed-primary-missing",
    title="Add-on code without a listed primary code (type 3)",
    severity=Severity.WARNING,
    message="add-on code {addon} (type 3) has none of its listed primary codes on {day}",
    description=(
        "A type 3 add-on code has a partial national list of primary codes; contractors may "
        "accept others. Without a listed primary the claim depends on the contractor's own list."
    ),
    citations=(NCCI_MANUAL, AOC_PAGE),
    carc="107",
    rarcs=("N122",),
    fix="bill a listed primary code, or confirm the contractor accepts this one",
    status=Status.STABLE,
    since=SINCE,
    requires=("aoc",),
)

EDITS: Final = (AOC001, AOC002, AOC003)


def _listed(entry: AocEntry, limit: int = 5) -> str:
    codes = sorted(entry.primaries)
    text = ", ".join(codes[:limit])
    return text + (f" and {len(codes) - limit} more" if len(codes) > limit else "")


def check(claim: Claim, context: Context) -> list[Finding]:
    """Check each add-on code for a primary code on its date of service.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context, Tables
        >>> from rcm.edits.tables import AocRow, AocTable
        >>> aoc = AocTable([AocRow("71046", "99213", 1)])
        >>> ctx = Context(as_of=date(2025, 3, 10), tables=Tables(aoc=aoc))
        >>> tuple(f.code for f in check(professional_claim(), ctx))
        ('AOC001',)
    """
    found: list[Finding] = []
    tables = context.tables
    if not tables.aoc:
        return found
    claim_facts = facts(claim)
    memo = derived(context)
    for day, lines in claim_facts.coded.items():
        # The table in force on the day and its add-on codes as a set (per context):
        # one probe per line instead of a method call.
        key = ("aoc", day)
        held: tuple[AocTable, frozenset[str]] | None = memo.get(key, MISSING)
        if held is MISSING:
            in_force = tables.aoc_for(day)
            held = memo[key] = None if in_force is None else (in_force, in_force.addon_codes())
        if held is None:
            continue
        table, addon_codes = held
        addons = [f for f in lines if f.code in addon_codes]
        if addons:
            found.extend(_addons(claim, context, table, day=day, lines=lines, addons=addons))
    return found


def _addons(
    claim: Claim,
    context: Context,
    table: AocTable,
    *,
    day: date,
    lines: list[LineFacts],
    addons: list[LineFacts],
) -> Iterator[Finding]:
    history = context.history
    npi = facts(claim).npi
    codes = {f.code for f in lines}
    if history is not None and history.knows(claim):
        codes.update(p.code for p in history.lines_on(claim, day) if p.provider == npi)
    shown = day.isoformat()
    source = table.label
    for fact in addons:
        code = fact.code
        assert code is not None
        entry = table.entry(code, on=day)
        if entry is None:
            continue
        present = codes - {code}
        if entry.type == 2:
            if not any(not table.is_addon(c) for c in present if c is not None):
                yield AOC002.finding(lines=(fact.index,), addon=code, day=shown, source=source)
            continue
        if present & entry.primaries:
            continue
        trigger = f"{source}: {code} type {entry.type}, primary codes {_listed(entry)}"
        spec = AOC001 if entry.type == 1 else AOC003
        yield spec.finding(
            lines=(fact.index,),
            addon=code,
            day=shown,
            trigger=trigger,
            source=source,
            fix=f"bill {code} with one of its primary codes: {_listed(entry)}",
        )
