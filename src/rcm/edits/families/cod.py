"""COD: codes that are invalid, not billable, or not in force on the date of service.

HIPAA names the code sets valid on the date of service (45 CFR 162.1002);
a code the release in force does not define, or a heading that is not a
leaf of the tabular list, is rejected before any payment rule runs.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Final

from rcm.coding import icd10cm
from rcm.edits._facts import ClaimFacts, facts
from rcm.edits._spec import Citation, EditSpec, Severity, Status
from rcm.edits.families._common import HIPAA_CODE_SETS, SINCE, day_text, format_dx, guideline
from rcm.errors import RcmError

if TYPE_CHECKING:
    from rcm.claims import Claim
    from rcm.edits._context import Context
    from rcm.edits._finding import Finding

__all__ = ["COD001", "COD002", "COD003", "COD004", "COD005", "COD006", "COD007", "EDITS", "check"]

#: ICD-10-CM replaced ICD-9-CM for dates of service from this day (45 CFR 162.1002(c)).
ICD10_START: Final = date(2015, 10, 1)

COD001 = EditSpec(
    code="COD001",
    name="dx-code-unknown",
    title="Diagnosis code not in ICD-10-CM",
    severity=Severity.ERROR,
    message="{code} is not an ICD-10-CM code (release {release})",
    description=(
        "Each diagnosis must be a code the ICD-10-CM release in force on the date of service "
        "defines. A code that no release defines is a typo or an invented code; the payer "
        "rejects the claim as having an invalid diagnosis."
    ),
    citations=(HIPAA_CODE_SETS, guideline("I.A.1")),
    carc="146",
    rarcs=("M76",),
    fix="check the code against the tabular list; look up the condition in the index",
    status=Status.STABLE,
    since=SINCE,
)
COD002 = EditSpec(
    code="COD002",
    name="dx-code-not-billable",
    title="Diagnosis code is a heading",
    severity=Severity.ERROR,
    message="{code} is a heading in ICD-10-CM ({release}), not a billable code",
    description=(
        "Only the most specific codes of the tabular list (its leaves) may be reported. A "
        "category or subcategory that has codes below it is a heading; claims that report "
        "one are rejected."
    ),
    citations=(HIPAA_CODE_SETS, guideline("I.B.2")),
    carc="146",
    rarcs=("M76",),
    fix="report the most specific code below the heading",
    status=Status.STABLE,
    since=SINCE,
)
COD003 = EditSpec(
    code="COD003",
    name="dx-missing-seventh-character",
    title="Diagnosis code lacks its 7th character",
    severity=Severity.ERROR,
    message="{code} needs a 7th character ({choices})",
    description=(
        "Codes in categories that take a 7th character (injuries, poisonings, pregnancy, some "
        "musculoskeletal codes) are incomplete without it; a code shorter than six characters "
        "takes the placeholder X before it."
    ),
    citations=(guideline("I.A.5"), guideline("I.A.6")),
    carc="146",
    rarcs=("M76",),
    fix="add the 7th character that fits the encounter (placeholder X where needed)",
    status=Status.STABLE,
    since=SINCE,
)
COD004 = EditSpec(
    code="COD004",
    name="procedure-code-invalid",
    title="Procedure code invalid on the date of service",
    severity=Severity.ERROR,
    message="{code} is not a valid procedure code on {day}: {reason}",
    description=(
        "A procedure code must be a CPT or HCPCS Level II code in force on the date of "
        "service. The shape is always checked; with a HCPCS release or your CPT table in the "
        "context, so are additions and terminations by date."
    ),
    citations=(HIPAA_CODE_SETS,),
    carc="181",
    rarcs=("M51",),
    fix="use the code in force on the date of service (check the quarterly HCPCS update)",
    status=Status.STABLE,
    since=SINCE,
)
COD005 = EditSpec(
    code="COD005",
    name="dx-code-not-in-force",
    title="Diagnosis code not in force on the date of service",
    severity=Severity.ERROR,
    message="{code} is not valid on {day} (release {release}); {other}",
    description=(
        "ICD-10-CM changes every October 1 (and sometimes April 1). A code added later, or "
        "deleted earlier, is invalid for the date of service even though it is a real code; "
        "the release in force on the date of service decides (for inpatient claims, the "
        "discharge date)."
    ),
    citations=(HIPAA_CODE_SETS, guideline("I.A.1")),
    carc="146",
    rarcs=("M76",),
    fix="use the code valid on the date of service",
    status=Status.STABLE,
    since=SINCE,
)
COD006 = EditSpec(
    code="COD006",
    name="dx-code-set-mismatch",
    title="Diagnosis code set does not match the date of service",
    severity=Severity.ERROR,
    message="{code} is {system} but the date of service {day} needs {expected}",
    description=(
        "ICD-10-CM applies to dates of service from October 1, 2015; ICD-9-CM before. A claim "
        "whose diagnoses use the other code set is rejected."
    ),
    citations=(HIPAA_CODE_SETS,),
    carc="146",
    rarcs=("M76",),
    fix="code the diagnoses in the code set in force on the date of service",
    status=Status.STABLE,
    since=SINCE,
)
COD007 = EditSpec(
    code="COD007",
    name="dx-release-missing",
    title="No ICD-10-CM release for the date of service",
    severity=Severity.INFO,
    message="no ICD-10-CM release is loaded for {day}; diagnosis codes were not checked",
    description=(
        "rcm ships recent ICD-10-CM releases; older or newer dates of service need the "
        "release for that year, loaded with rcm.coding.icd10cm.load and passed in "
        "Tables(icd10cm=...). Until then the COD and DX edits cannot check the diagnoses."
    ),
    citations=(Citation("rcm documentation", "ICD-10-CM releases"),),
    fix="load the CDC tabular XML for that fiscal year",
    status=Status.STABLE,
    since=SINCE,
)

EDITS: Final = (COD001, COD002, COD003, COD004, COD005, COD006, COD007)


def dx_day(claim: Claim) -> date | None:
    """The date whose ICD-10-CM release applies.

    That is the discharge ("through") date of an institutional claim, else the
    first date of service.

    Example:
        >>> from rcm.claims.examples import institutional_claim
        >>> dx_day(institutional_claim())
        datetime.date(2025, 3, 3)
    """
    claim_facts = facts(claim)
    if claim_facts.kind == "institutional":
        statement = claim_facts.values["statement_period"]
        if statement is not None:
            return statement.end  # type: ignore[no-any-return]  # a DateRange's date
    return claim_facts.first_day


def release_for(context: Context, day: date) -> icd10cm.Release | None:
    """The ICD-10-CM release in force on *day* (the context's, or rcm's), or ``None``.

    Example:
        >>> from rcm.edits import Context
        >>> release_for(Context(as_of=date(2026, 1, 1)), date(2025, 11, 1)).version
        'FY2026'
    """
    try:
        return icd10cm.release(on=day, releases=context.tables.icd10cm)
    except icd10cm.NoReleaseForDate:
        return None


def claim_release(claim: Claim, context: Context) -> tuple[date | None, icd10cm.Release | None]:
    """The claim's :func:`dx_day` and the ICD-10-CM release in force on it (or ``None``).

    COD and DX both need them; they are worked out once per claim and context
    (kept on the claim's facts).

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context
        >>> day, release = claim_release(professional_claim(), Context(as_of=date(2026, 1, 1)))
        >>> day, release.version
        (datetime.date(2025, 3, 3), 'FY2025')
    """
    claim_facts = facts(claim)
    held = claim_facts.release
    if held is not None and held[0] is context:
        return held[1], held[2]
    day = dx_day(claim)
    release = None if day is None else release_for(context, day)
    claim_facts.release = (context, day, release)
    return day, release


@functools.lru_cache(maxsize=8)
def _billable_sorted(release: icd10cm.Release) -> tuple[str, ...]:
    return tuple(sorted(release.codes(billable=True)))


def billable_below(release: icd10cm.Release, code: str, limit: int = 3) -> tuple[str, ...]:
    """A few billable codes below a heading, in code order.

    Example:
        >>> r = icd10cm.release(on=date(2025, 11, 1))
        >>> billable_below(r, "E11")
        ('E11.00', 'E11.01', 'E11.10')
    """
    codes = _billable_sorted(release)
    start = bisect_left(codes, code)
    out: list[str] = []
    for candidate in codes[start:]:
        if not candidate.startswith(code) or len(out) >= limit:
            break
        out.append(format_dx(candidate))
    return tuple(out)


def _other_release(context: Context, code: str, current: icd10cm.Release) -> str | None:
    candidates = (
        context.tables.icd10cm if context.tables.icd10cm is not None else icd10cm.releases()
    )
    for other in candidates:
        if other is not current and other.is_billable(code):
            start = other.effective.start.isoformat()
            return f"it is a code of {other.version} (from {start})"
    return None


# Shape checks of procedure codes, by code: 0 neither, 1 CPT, 2 HCPCS Level II.
_SHAPES: dict[str, int] = {}


def procedure_shape(code: str) -> int:
    """0 when *code* is neither CPT nor HCPCS Level II in shape, 1 for CPT, 2 for HCPCS.

    Example:
        >>> procedure_shape("99213"), procedure_shape("J1100"), procedure_shape("9921X")
        (1, 2, 0)
    """
    found = _SHAPES.get(code)
    if found is None:
        from rcm.coding import cpt, hcpcs

        found = 2 if hcpcs.is_valid(code) else 1 if cpt.is_valid(code) else 0
        if len(_SHAPES) > 100_000:
            _SHAPES.clear()
        _SHAPES[code] = found
    return found


def check(claim: Claim, context: Context) -> list[Finding]:
    """Check every code on the claim against the code sets in force.

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context
        >>> list(check(professional_claim(), Context(as_of=date(2025, 3, 10))))
        []
    """
    found: list[Finding] = []
    day, release = claim_release(claim, context)
    if day is not None:
        _diagnoses(found, claim, context, day, release)
    _procedures(found, facts(claim), context)
    return found


def _diagnoses(
    found: list[Finding],
    claim: Claim,
    context: Context,
    day: date,
    release: icd10cm.Release | None,
) -> None:
    looked = False
    claim_facts = facts(claim)
    diagnoses = claim_facts.values["diagnoses"]
    if claim_facts.kind == "institutional":
        extra = (*claim.reason_for_visit, *claim.external_causes)
        if claim.admitting_diagnosis is not None:
            extra = (claim.admitting_diagnosis, *extra)
        diagnoses = (*diagnoses, *extra)
    for dx in diagnoses:
        values = dx.__dict__  # two fields, one pydantic __getattr__ hook
        code = values["code"]
        if values["system"] == "ICD-9-CM":
            if day >= ICD10_START:
                found.append(
                    COD006.finding(
                        code=code,
                        system="ICD-9-CM",
                        day=day_text(day),
                        expected="ICD-10-CM",
                        trigger="ICD-10-CM compliance date 2015-10-01",
                    )
                )
            continue
        if day < ICD10_START:
            found.append(
                COD006.finding(
                    code=format_dx(code),
                    system="ICD-10-CM",
                    day=day_text(day),
                    expected="ICD-9-CM",
                    trigger="ICD-10-CM compliance date 2015-10-01",
                )
            )
            continue
        if not looked:
            looked = True
            if release is None:
                found.append(COD007.finding(day=day_text(day)))
                return
        assert release is not None
        if not release.is_billable(code):
            found.extend(_not_billable(context, release, code, day))


def _not_billable(
    context: Context, release: icd10cm.Release, code: str, day: date
) -> Iterator[Finding]:
    entry = release.get(code)
    shown = format_dx(code)
    source = f"ICD-10-CM {release.version}"
    if entry is None:
        other = _other_release(context, code, release)
        if other is not None:
            yield COD005.finding(
                code=shown,
                day=day_text(day),
                release=release.version,
                other=other,
                source=source,
            )
        else:
            yield COD001.finding(code=shown, release=release.version, source=source)
        return
    if entry.seventh_characters and len(code) < 7:
        choices = ", ".join(f"{s.character} {s.meaning}" for s in entry.seventh_characters[:3])
        if len(entry.seventh_characters) > 3:
            choices += ", ..."
        padded = code.ljust(6, "X")
        example = format_dx(padded + entry.seventh_characters[0].character)
        yield COD003.finding(
            code=shown,
            choices=choices,
            source=source,
            trigger=f"{entry.formatted} {entry.description}",
            fix=f"report the full code, e.g. {example}",
        )
        return
    below = billable_below(release, code)
    fix = f"report a billable code below it, such as {', '.join(below)}" if below else None
    yield COD002.finding(
        code=shown,
        release=release.version,
        source=source,
        trigger=f"{entry.formatted} {entry.description}",
        fix=fix,
    )


def _procedures(found: list[Finding], claim_facts: ClaimFacts, context: Context) -> None:
    tables = context.tables
    hcpcs, cpt = tables.hcpcs, tables.cpt
    shapes = _SHAPES
    for fact in claim_facts.lines:
        code = fact.code
        if code is None or fact.values["code_qualifier"] != "HC":
            continue
        shape = shapes.get(code)
        if shape is None:
            shape = procedure_shape(code)
        day = fact.day
        if shape == 0:
            found.append(
                COD004.finding(
                    lines=(fact.index,),
                    code=code,
                    day=day_text(day),
                    reason="neither a CPT code nor a HCPCS Level II code",
                )
            )
            continue
        table = hcpcs if shape == 2 else cpt
        if table is None or day is None:
            continue
        if table.get(code) is None:
            name = "HCPCS" if shape == 2 else "CPT"
            found.append(
                COD004.finding(
                    lines=(fact.index,), code=code, day=day_text(day), reason=f"not in {name}"
                )
            )
            continue
        try:
            table.lookup(code, on=day)
        except RcmError as exc:  # UnknownCode: added after, or terminated before, the day
            found.append(
                COD004.finding(
                    lines=(fact.index,), code=code, day=day_text(day), reason=exc.message
                )
            )
