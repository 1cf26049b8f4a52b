"""MOD: modifiers that are unknown, repeated, or contradict each other on a line.

A line's modifiers change what is paid (26 professional component, TC
technical component, 50 bilateral, LT/RT sides). Some combinations cannot
be true at once, and payers reject them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from rcm.coding.modifier import NCCI_MODIFIERS
from rcm.edits._facts import facts
from rcm.edits._spec import Citation, EditSpec, Severity, Status
from rcm.edits.families._common import CLAIMS_MANUAL_CH12, NCCI_MANUAL, SINCE

if TYPE_CHECKING:
    from rcm.claims import Claim
    from rcm.edits._context import Context
    from rcm.edits._finding import Finding

__all__ = ["CONFLICTS", "CPT_MODIFIERS", "EDITS", "MOD001", "MOD002", "MOD003", "MOD004", "check"]

#: The CPT (Level I) modifiers in use: two digits each. The codes are facts;
#: their descriptors are the AMA's and are not reproduced here.
CPT_MODIFIERS: Final = frozenset(
    {
        "22", "23", "24", "25", "26", "27", "32", "33", "47", "50", "51", "52", "53", "54",
        "55", "56", "57", "58", "59", "62", "63", "66", "73", "74", "76", "77", "78", "79",
        "80", "81", "82", "90", "91", "92", "93", "95", "96", "97", "99",
    }
)  # fmt: skip

#: Pairs that cannot both be on one line, with the reason.
CONFLICTS: Final = {
    frozenset({"26", "TC"}): "the professional and technical components together are the "
    "global service: bill the code without either modifier",
    frozenset({"50", "LT"}): "50 already means both sides",
    frozenset({"50", "RT"}): "50 already means both sides",
    frozenset({"LT", "RT"}): "one line is one side: bill 50 (or two lines, LT and RT) as the "
    "payer requires",
    frozenset({"GA", "GZ"}): "GA says an ABN is on file and GZ says none is",
    frozenset({"GY", "GZ"}): "GY is for statutorily excluded services, GZ for expected "
    "medical-necessity denials",
}
_X_MODIFIERS: Final = frozenset({"XE", "XS", "XP", "XU"})
_HCPCS_MODIFIERS: Final = Citation(
    "CMS, HCPCS Level II quarterly update (modifiers)",
    None,
    "https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system/quarterly-update",
)

MOD001 = EditSpec(
    code="MOD001",
    name="modifier-unknown",
    title="Unknown modifier",
    severity=Severity.ERROR,
    message="modifier {modifier} is not a {kind}",
    description=(
        "A modifier must exist in the code set in force: CPT's two-digit modifiers or the "
        "HCPCS Level II modifiers. rcm knows the CPT modifier codes; Level II modifiers "
        "(letters) are checked against the HCPCS release in Tables(hcpcs=...), or the list in "
        "Tables(modifiers=...)."
    ),
    citations=(_HCPCS_MODIFIERS,),
    carc="4",
    rarcs=("N519",),
    fix="use a modifier from the current CPT or HCPCS Level II list",
    status=Status.STABLE,
    since=SINCE,
)
MOD002 = EditSpec(
    code="MOD002",
    name="modifier-conflict",
    title="Conflicting modifiers on one line",
    severity=Severity.ERROR,
    message="modifiers {first} and {second} contradict each other on one line",
    description=(
        "Some modifiers cannot be true together: 26 (professional component) with TC "
        "(technical component), 50 (bilateral) with LT or RT, LT with RT, GA with GZ. Payers "
        "reject the line."
    ),
    citations=(CLAIMS_MANUAL_CH12, NCCI_MANUAL),
    carc="4",
    rarcs=("N519",),
    status=Status.STABLE,
    since=SINCE,
)
MOD003 = EditSpec(
    code="MOD003",
    name="modifier-repeated",
    title="Modifier repeated on a line",
    severity=Severity.WARNING,
    message="modifier {modifier} appears {count} times on the line",
    description="Each modifier goes on a line once; the four places are for different ones.",
    citations=(CLAIMS_MANUAL_CH12,),
    carc="4",
    fix="remove the repeated modifier",
    status=Status.STABLE,
    since=SINCE,
)
MOD004 = EditSpec(
    code="MOD004",
    name="modifier-59-with-x",
    title="Modifier 59 with an X modifier",
    severity=Severity.WARNING,
    message="modifier 59 and {x} are both on the line",
    description=(
        "The X{EPSU} modifiers are subsets of 59; CMS instructs not to report 59 together with "
        "an X modifier on the same line."
    ),
    citations=(NCCI_MANUAL,),
    carc="4",
    fix="keep the X modifier and remove 59",
    status=Status.STABLE,
    since=SINCE,
)

EDITS: Final = (MOD001, MOD002, MOD003, MOD004)


def check(claim: Claim, context: Context) -> list[Finding]:
    """Check each line's modifiers.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context
        >>> claim = professional_claim()
        >>> line = claim.lines[1].evolve(modifiers=("26", "TC"))
        >>> bad = claim.evolve(lines=(claim.lines[0], line))
        >>> tuple(f.code for f in check(bad, Context(as_of=date(2025, 3, 10))))
        ('MOD002',)
    """
    found: list[Finding] = []
    known = _known(context)
    # The lines' modifiers from the claim's facts (a model attribute read goes
    # through pydantic's __getattr__ hook: see ClaimFacts).
    for fact in facts(claim).lines:
        modifiers = fact.modifiers
        index = fact.index
        if not modifiers:
            continue
        for modifier in modifiers:
            if known is not None:
                if modifier not in known:
                    found.append(
                        MOD001.finding(
                            lines=(index,), modifier=modifier, kind="modifier in the list in force"
                        )
                    )
            elif modifier.isdigit() and modifier not in CPT_MODIFIERS:
                found.append(MOD001.finding(lines=(index,), modifier=modifier, kind="CPT modifier"))
        if len(modifiers) == 1:
            continue
        seen = set(modifiers)
        if len(seen) < len(modifiers):
            for modifier in dict.fromkeys(modifiers):
                count = modifiers.count(modifier)
                if count > 1:
                    found.append(MOD003.finding(lines=(index,), modifier=modifier, count=count))
        ordered = list(dict.fromkeys(modifiers))
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                reason = CONFLICTS.get(frozenset({first, second}))
                if reason is not None:
                    found.append(
                        MOD002.finding(
                            lines=(index,),
                            first=first,
                            second=second,
                            fix=reason,
                            trigger=_describe(first, second),
                        )
                    )
        if "59" in seen:
            found.extend(MOD004.finding(lines=(index,), x=x) for x in sorted(seen & _X_MODIFIERS))
    return found


_RELEASE_MODIFIERS: dict[int, tuple[object, frozenset[str]]] = {}


def _known(context: Context) -> frozenset[str] | None:
    """The modifier list in force: the context's, else a HCPCS release's plus CPT's."""
    tables = context.tables
    if tables.modifiers is not None:
        return tables.modifiers
    release = tables.hcpcs
    if release is None:
        return None
    cached = _RELEASE_MODIFIERS.get(id(release))
    if cached is None or cached[0] is not release:
        level2 = frozenset(e.code for e in release.entries if e.is_modifier)
        cached = (release, level2 | CPT_MODIFIERS if level2 else frozenset())
        _RELEASE_MODIFIERS[id(release)] = cached
    return cached[1] or None


def _describe(first: str, second: str) -> str:
    parts = []
    for code in (first, second):
        entry = NCCI_MODIFIERS.get(code)
        parts.append(f"{code} {entry.meaning}" if entry is not None else code)
    return " / ".join(parts)
