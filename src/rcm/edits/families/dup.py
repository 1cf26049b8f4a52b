"""DUP: the same service twice on one claim, or the same bill or service sent again.

Payers detect duplicates by beneficiary, provider, date of service,
procedure and modifiers (Medicare Claims Processing Manual, chapter 1,
section 120). A repeat that was real says so with a modifier: 76 or 77
(repeat procedure by the same or another physician) or 91 (repeat clinical
laboratory test); corrected claims go as replacements (frequency 7), not
again as originals.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from rcm.edits._context import line_day
from rcm.edits._facts import facts
from rcm.edits._spec import EditSpec, Severity, Status
from rcm.edits.families._common import DUPLICATES, SINCE

if TYPE_CHECKING:
    from datetime import date

    from rcm.claims import Claim
    from rcm.edits._context import Context
    from rcm.edits._finding import Finding

__all__ = ["DUP001", "DUP002", "DUP003", "DUP004", "EDITS", "REPEAT_MODIFIERS", "check"]

#: Modifiers that mark a real repeat of a service on the same day.
REPEAT_MODIFIERS: Final = frozenset({"76", "77", "91"})

DUP001 = EditSpec(
    code="DUP001",
    name="dup-line",
    title="Duplicate service line",
    severity=Severity.ERROR,
    message="{code} is billed twice for {day} with the same modifiers, units and charge",
    description=(
        "Two lines with the same procedure, modifiers, date, units and charge are an exact "
        "duplicate: the second is denied. A service really given twice carries a repeat "
        "modifier (76, 77, 91) or is billed as one line with the units."
    ),
    citations=(DUPLICATES,),
    carc="18",
    fix="remove the repeated line, or bill one line with the total units",
    status=Status.STABLE,
    since=SINCE,
)
DUP002 = EditSpec(
    code="DUP002",
    name="dup-claim",
    title="Duplicate claim",
    severity=Severity.ERROR,
    message="this claim repeats a claim already sent for the same patient, provider, dates and "
    "services",
    description=(
        "A claim sent again as an original (frequency 1) with the same patient, provider, "
        "dates and lines is denied as an exact duplicate, and resending it delays payment. "
        "To correct a claim, send a replacement (frequency 7) with the payer's claim number."
    ),
    citations=(DUPLICATES,),
    carc="18",
    fix="do not resend; check the claim's status (276/277), or send a replacement "
    "(frequency 7) to correct it",
    status=Status.STABLE,
    since=SINCE,
    requires=("history",),
)
DUP003 = EditSpec(
    code="DUP003",
    name="dup-line-across-claims",
    title="Service already billed on an earlier claim",
    severity=Severity.ERROR,
    message="{code} for {day} was already billed on an earlier claim",
    description=(
        "The same provider already billed the procedure, with the same modifiers, for the "
        "patient on that date on another claim; the payer denies the second as a duplicate."
    ),
    citations=(DUPLICATES,),
    carc="18",
    fix="remove the line; if the service was repeated, add 76, 77 or 91; to change the "
    "earlier claim, send a replacement",
    status=Status.STABLE,
    since=SINCE,
    requires=("history",),
)
DUP004 = EditSpec(
    code="DUP004",
    name="dup-same-code-lines",
    title="Same procedure on several lines for one day",
    severity=Severity.WARNING,
    message="{code} is on {count} lines for {day} with the same modifiers",
    description=(
        "The same procedure with the same modifiers on several lines for one day looks like a "
        "duplicate to payers even when units or charges differ; most want one line with the "
        "total units, or modifiers that show why the lines differ."
    ),
    citations=(DUPLICATES,),
    fix="combine the lines into one with the total units, or add the modifier that "
    "distinguishes them (76, 77, 91, 59/X, anatomic)",
    status=Status.STABLE,
    since=SINCE,
)

EDITS: Final = (DUP001, DUP002, DUP003, DUP004)


def check(claim: Claim, context: Context) -> list[Finding]:
    """Look for repeated lines on the claim, and for the claim or its lines in the history.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context, History
        >>> ctx = Context(as_of=date(2025, 3, 10), history=History([professional_claim()]))
        >>> tuple(f.code for f in check(professional_claim(), ctx))
        ('DUP002',)
    """
    found: list[Finding] = []
    claim_facts = facts(claim)
    lines = claim_facts.lines
    if len(lines) > 1:
        # Distinct procedure codes on every line cannot repeat a (day, code,
        # revenue code) key: the usual claim is cleared without building the keys.
        codes = {f.code for f in lines}
        if None in codes or len(codes) < len(lines):
            seen = {(f.day, f.code, f.line.revenue_code) for f in lines}
            if len(seen) < len(lines):
                found.extend(_within(claim))
    history = context.history
    # frequency_code from the field dict: a model attribute read goes through
    # pydantic's __getattr__ hook (see ClaimFacts)
    if (
        history is None
        or claim_facts.values["frequency_code"] in ("7", "8")
        or not history.knows(claim)
    ):
        return found
    if history.contains_bill(claim):
        prior = history.prior_bill(claim)
        trigger = None
        if prior is not None and prior.claim_id == claim.claim_id:
            trigger = "an earlier claim with the same patient control number and lines"
        found.append(DUP002.finding(trigger=trigger))
        return found
    npi = claim_facts.npi
    # Day by day: the day's prior lines of the same provider are fetched once. Each
    # finding names one line, so the engine's sort (by line, then code) puts them
    # in claim order whatever order the days come in.
    for day, coded in claim_facts.coded.items():
        day_lines = history.lines_on(claim, day)
        if not day_lines:  # the usual case: nothing billed before on the day
            continue
        priors = [p for p in day_lines if p.provider == npi]
        if not priors:
            continue
        for fact in coded:
            if fact.modifiers and REPEAT_MODIFIERS.intersection(fact.modifiers):
                continue
            code = fact.code
            modifiers: list[str] | None = None  # sorted only when a prior line has the code
            for prior_line in priors:
                if prior_line.code != code:
                    continue
                if modifiers is None:
                    modifiers = sorted(fact.modifiers)
                if sorted(prior_line.modifiers) == modifiers:
                    found.append(
                        DUP003.finding(lines=(fact.index,), code=code, day=day.isoformat())
                    )
                    break
    return found


def _within(claim: Claim) -> Iterator[Finding]:
    groups: dict[tuple[date, str | None, str | None, tuple[str, ...]], list[int]] = {}
    for index, line in enumerate(claim.lines):
        code = line.procedure_code or line.revenue_code
        day = line_day(claim, line)
        if code is None or day is None or REPEAT_MODIFIERS.intersection(line.modifiers):
            continue
        key = (day, line.procedure_code, line.revenue_code, tuple(sorted(line.modifiers)))
        groups.setdefault(key, []).append(index)
    for (day, procedure, revenue, _), indexes in groups.items():
        if len(indexes) < 2:
            continue
        code = procedure or revenue
        exact: dict[tuple[object, object], list[int]] = {}
        for index in indexes:
            line = claim.lines[index]
            exact.setdefault((line.units, line.charge), []).append(index)
        shown = str(day)
        for same in exact.values():
            if len(same) > 1:
                yield DUP001.finding(lines=tuple(same), code=code, day=shown)
        if len(exact) > 1:
            yield DUP004.finding(lines=tuple(indexes), code=code, count=len(indexes), day=shown)
