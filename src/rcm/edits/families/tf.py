"""TF: timely filing: the claim goes out after (or close to) the payer's filing limit.

Every payer sets a time limit for filing, counted from the date of service:
Medicare one calendar year (42 CFR 424.44), Medicaid plans and commercial
payers their own (often 90 to 365 days). Put your payers' limits in
:class:`~rcm.edits.Tables` as :class:`~rcm.edits.FilingLimit` values; without
one, only Medicare claims are checked. The clock runs to the context's
``as_of`` date, the day the claim is checked. Professional lines count from
their own first date; institutional claims from the statement's "through"
date (as CMS counts them).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Final

from rcm.edits._context import FilingLimit, lob_of
from rcm.edits._facts import MISSING, derived, facts
from rcm.edits._spec import Citation, EditSpec, Severity, Status
from rcm.edits.families._common import CLAIMS_MANUAL_CH1, SINCE

if TYPE_CHECKING:
    from rcm.claims import Claim
    from rcm.edits._context import Context
    from rcm.edits._finding import Finding

__all__ = ["EDITS", "TF001", "TF002", "TF003", "WARN_DAYS", "check"]

#: TF002 warns when the deadline is this many days away or fewer.
WARN_DAYS: Final = 30

_CFR: Final = Citation(
    "42 CFR 424.44, Time limits for filing claims",
    None,
    "https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-B/part-424/subpart-C/section-424.44",
)

TF001 = EditSpec(
    code="TF001",
    name="tf-limit-passed",
    title="Filing limit passed",
    severity=Severity.ERROR,
    message="service on {day}: the filing limit of {limit} ended on {deadline}, {late} days "
    "before {as_of}",
    description=(
        "A claim filed after the payer's time limit is denied, and the patient may not be "
        "billed for it. Some payers accept late claims with proof of a qualifying delay "
        "(claim delay reason code, CLM20)."
    ),
    citations=(_CFR, CLAIMS_MANUAL_CH1),
    carc="29",
    fix="if a qualifying delay applies (retroactive eligibility, administrative error), "
    "report the delay reason code and keep the proof; otherwise write the charge off",
    status=Status.STABLE,
    since=SINCE,
)
TF002 = EditSpec(
    code="TF002",
    name="tf-limit-near",
    title="Filing limit near",
    severity=Severity.WARNING,
    message="service on {day}: the filing limit of {limit} ends on {deadline}, in {left} days",
    description=(
        "The claim is within days of the payer's filing limit: send it now, and fix anything "
        "else the edits report first, because a rejected claim does not stop the clock."
    ),
    citations=(_CFR,),
    fix="send the claim today",
    status=Status.STABLE,
    since=SINCE,
)
TF003 = EditSpec(
    code="TF003",
    name="tf-limit-passed-delay-reason",
    title="Filing limit passed, delay reason given",
    severity=Severity.WARNING,
    message="service on {day}: the filing limit of {limit} ended on {deadline}; delay reason "
    "{reason} is reported",
    description=(
        "The claim is late but reports a claim delay reason code (CLM20); whether the payer "
        "accepts it depends on the reason and the proof."
    ),
    citations=(_CFR, CLAIMS_MANUAL_CH1),
    carc="29",
    fix="keep the proof of the delay ready for the payer",
    status=Status.STABLE,
    since=SINCE,
)

EDITS: Final = (TF001, TF002, TF003)


def _starts(claim: Claim, limit: FilingLimit) -> list[tuple[tuple[int, ...], date]]:
    """Which lines (or the claim) start the clock, and on which day."""
    if claim.kind == "institutional" or limit.basis == "through":
        if claim.statement_period is not None:
            return [((), claim.statement_period.end)]
        days = [line.service_date.end for line in claim.lines if line.service_date is not None]
        return [((), max(days))] if days else []
    out: list[tuple[tuple[int, ...], date]] = []
    for index, line in enumerate(claim.lines):
        if line.service_date is not None:
            out.append(((index,), line.service_date.start))
    return out


def check(claim: Claim, context: Context) -> list[Finding]:
    """Compare the day the claim is checked with the payer's filing deadline.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context, FilingLimit, Tables
        >>> ctx = Context(as_of=date(2025, 9, 1),
        ...               tables=Tables(filing_limits=(FilingLimit(days=90),)))
        >>> tuple(f.code for f in check(professional_claim(), ctx))
        ('TF001', 'TF001')
    """
    found: list[Finding] = []
    # The line of business and the payer, as line_of_business_for and payer_for give
    # them, read from the coverage's field dict (a model attribute read goes through
    # pydantic's __getattr__ hook: see ClaimFacts).
    claim_facts = facts(claim)
    coverage = claim_facts.values["coverage"].__dict__
    lob = context.line_of_business
    if lob is None:
        lob = lob_of(coverage["filing_indicator"])
    payer = context.payer
    if payer is None:
        billed = coverage["payer"]
        payer = None if billed is None else billed.payer_id
    memo = derived(context)
    key = ("tf", payer, lob)
    limit: FilingLimit | None = memo.get(key, MISSING)
    if limit is MISSING:
        limit = memo[key] = context.tables.filing_limit_for(payer, lob)
    if limit is None or claim_facts.values["frequency_code"] == "8":
        return found
    as_of = context.as_of
    if claim_facts.kind != "institutional" and limit.basis == "from":
        # The usual case, decided without listing the lines: the earliest line
        # start is the earliest clock start (what _starts would give).
        earliest = claim_facts.first_service
        if earliest is None:
            return found
        dated = ("tf-deadline", payer, lob, earliest)
        deadline: date | None = memo.get(dated)
        if deadline is None:
            deadline = memo[dated] = limit.deadline(earliest)
        if (deadline - as_of).days > WARN_DAYS:
            return found
    starts = _starts(claim, limit)
    if not starts:
        return found
    # Nothing is near its deadline: one comparison with the earliest start decides.
    earliest = min(day for _, day in starts)
    if (limit.deadline(earliest) - as_of).days > WARN_DAYS:
        return found
    described = limit.describe()
    trigger = f"{described} from the date of service ({limit.source})"
    deadlines: dict[date, date] = {}
    for lines, day in starts:
        deadline = deadlines.get(day)
        if deadline is None:
            deadline = deadlines[day] = limit.deadline(day)
        if as_of > deadline:
            if claim.delay_reason is not None:
                found.append(
                    TF003.finding(
                        lines=lines,
                        day=day.isoformat(),
                        limit=described,
                        deadline=deadline.isoformat(),
                        reason=claim.delay_reason,
                        trigger=trigger,
                    )
                )
            else:
                found.append(
                    TF001.finding(
                        lines=lines,
                        day=day.isoformat(),
                        limit=described,
                        deadline=deadline.isoformat(),
                        late=(as_of - deadline).days,
                        as_of=as_of.isoformat(),
                        trigger=trigger,
                    )
                )
        elif (deadline - as_of).days <= WARN_DAYS:
            found.append(
                TF002.finding(
                    lines=lines,
                    day=day.isoformat(),
                    limit=described,
                    deadline=deadline.isoformat(),
                    left=(deadline - as_of).days,
                    trigger=trigger,
                )
            )
    return found
