"""MN: the diagnoses do not support the procedure under the coverage policies loaded.

Medicare pays only for services reasonable and necessary for the diagnosis
(Social Security Act section 1862(a)(1)(A)); local coverage determinations
and their billing articles list the ICD-10-CM codes that support each
procedure. Load those lists (or your payer's) as a
:class:`~rcm.edits.tables.CoverageTable`; a procedure no policy lists is not
checked.

An advance beneficiary notice changes who pays, not whether the service is
covered: lines with GA (ABN on file), GZ (no ABN) or GX (voluntary ABN) are
reported as MN002 (info) instead of MN001.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from rcm.edits._facts import LineFacts, derived, facts
from rcm.edits._spec import Citation, EditSpec, Severity, Status
from rcm.edits.families._common import SINCE, format_dx, line_diagnoses

if TYPE_CHECKING:
    from rcm.claims import Claim
    from rcm.edits._context import Context
    from rcm.edits._finding import Finding
    from rcm.edits.tables import CoveragePolicy, CoverageTable

__all__ = ["ABN_MODIFIERS", "EDITS", "MN001", "MN002", "check"]

#: Modifiers that say an advance beneficiary notice was (or was not) given.
ABN_MODIFIERS: Final = frozenset({"GA", "GZ", "GX"})

_SSA: Final = Citation(
    "Social Security Act section 1862(a)(1)(A)",
    "reasonable and necessary",
    "https://www.ssa.gov/OP_Home/ssact/title18/1862.htm",
)
_PIM: Final = Citation(
    "Medicare Program Integrity Manual (Pub. 100-08)",
    "Chapter 13, Local Coverage Determinations",
    "https://www.cms.gov/medicare/regulations-guidance/manuals/internet-only-manuals-ioms",
)
_MCD: Final = Citation(
    "CMS, Medicare Coverage Database",
    "billing and coding articles",
    "https://www.cms.gov/medicare-coverage-database/search.aspx",
)

MN001 = EditSpec(
    code="MN001",
    name="mn-diagnosis-not-supported",
    title="Diagnosis does not support the procedure",
    severity=Severity.ERROR,
    message="none of {diagnoses} supports {code} under {policy}",
    description=(
        "The coverage policy in force on the date of service lists the diagnoses that support "
        "the procedure; none of the line's diagnoses is among them, so the payer will deny the "
        "line as not medically necessary."
    ),
    citations=(_SSA, _PIM, _MCD),
    carc="50",
    rarcs=("N115",),
    fix="point the line at the diagnosis that made the service necessary; if none on the "
    "policy applies, get an ABN (Medicare) before the service",
    status=Status.STABLE,
    since=SINCE,
    requires=("coverage",),
)
MN002 = EditSpec(
    code="MN002",
    name="mn-not-supported-abn",
    title="Diagnosis does not support the procedure (ABN modifier present)",
    severity=Severity.INFO,
    message="none of {diagnoses} supports {code} under {policy}; modifier {modifier} is reported",
    description=(
        "The line would fail medical necessity, but it carries GA, GZ or GX: the denial is "
        "expected, and the modifier decides whether the patient (GA, GX) or the provider (GZ) "
        "is liable."
    ),
    citations=(_SSA, _PIM),
    status=Status.STABLE,
    since=SINCE,
    requires=("coverage",),
)

EDITS: Final = (MN001, MN002)


def check(claim: Claim, context: Context) -> list[Finding]:
    """Check each line's diagnoses against the coverage policies for its procedure.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context, Tables
        >>> from rcm.edits.tables import CoveragePolicy, CoverageTable
        >>> policy = CoveragePolicy("71046", "L99999", prefixes=("J18",))
        >>> ctx = Context(as_of=date(2025, 3, 10), tables=Tables(coverage=CoverageTable([policy])))
        >>> tuple(f.message for f in check(professional_claim(), ctx))
        ('none of R05.9 supports 71046 under L99999',)
    """
    found: list[Finding] = []
    tables = context.tables.coverage
    if not tables:
        return found
    # Most procedures have no coverage policy at all: one set probe per line
    # (the codes any table covers, per context) skips them before the by-date
    # policy lookup.
    memo = derived(context)
    covered: frozenset[str] | None = memo.get(("mn-codes",))
    if covered is None:
        covered = memo[("mn-codes",)] = frozenset().union(
            *(table.procedure_codes() for table in tables)
        )
    for fact in facts(claim).lines:
        code = fact.code
        if code is None or code not in covered:
            continue
        day = fact.day
        if day is None:
            continue
        policies = [p for table in tables for p in table.policies(code, on=day)]
        if policies:
            found.extend(_line(claim, fact, code, policies, tables))
    return found


def _line(
    claim: Claim,
    fact: LineFacts,
    code: str,
    policies: list[CoveragePolicy],
    tables: tuple[CoverageTable, ...],
) -> Iterator[Finding]:
    diagnoses = [dx.code for dx in line_diagnoses(claim, fact.line)]
    if any(p.supports(dx) for p in policies for dx in diagnoses):
        return
    names = ", ".join(dict.fromkeys(p.policy for p in policies))
    shown = ", ".join(format_dx(d) for d in diagnoses) or "no diagnosis"
    examples = [e for p in policies for e in p.examples()]
    abn = [m for m in fact.modifiers if m in ABN_MODIFIERS]
    source = ", ".join(dict.fromkeys(t.label for t in tables))
    index = fact.index
    if abn:
        yield MN002.finding(
            lines=(index,),
            diagnoses=shown,
            code=code,
            policy=names,
            modifier=abn[0],
            source=source,
        )
        return
    fix = None
    if examples:
        fix = (
            f"point the line at a supporting diagnosis if the record shows one (the policy "
            f"lists {', '.join(dict.fromkeys(examples[:4]))}...); otherwise get an ABN "
            "before the service"
        )
    yield MN001.finding(
        lines=(index,),
        diagnoses=shown,
        code=code,
        policy=names,
        fix=fix,
        source=source,
        trigger=f"{names}: {code} is covered only for the listed diagnoses",
    )
