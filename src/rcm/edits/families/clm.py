"""CLM: the claim as a document: required data, dates in order, totals, identifiers, units.

The claim models check much of this when a claim is built; these edits check
it again on claims read leniently from 837 files (``read_837``) or built
elsewhere, and check what depends on the day the claim is sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from rcm.coding import npi, pos
from rcm.edits._facts import ClaimFacts, facts
from rcm.edits._spec import Citation, EditSpec, Severity, Status
from rcm.edits.families._common import CLAIMS_MANUAL_CH26, SINCE, X12_837I, X12_837P
from rcm.errors import RcmError
from rcm.money import Money

if TYPE_CHECKING:
    from rcm.claims import Claim
    from rcm.edits._context import Context
    from rcm.edits._finding import Finding

__all__ = [
    "CLM001",
    "CLM002",
    "CLM003",
    "CLM004",
    "CLM005",
    "CLM006",
    "CLM007",
    "CLM008",
    "EDITS",
    "check",
]

NPI_RULE: Final = Citation(
    "45 CFR 162.406, Standard unique health identifier for health care providers",
    None,
    "https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-162/subpart-D",
)
POS_CODE_SET: Final = Citation(
    "CMS, Place of Service Code Set",
    None,
    "https://www.cms.gov/medicare/coding-billing/place-of-service-codes/code-sets",
)

CLM001 = EditSpec(
    code="CLM001",
    name="claim-required-data-missing",
    title="Required claim data missing",
    severity=Severity.ERROR,
    message="{field} is missing; {why}",
    description=(
        "The 837 implementation guides and the CMS-1500/UB-04 instructions require the "
        "patient's birth date and sex, the billing provider's NPI, address and tax ID, the "
        "place of service (professional) or type of bill, statement period and discharge "
        "status (institutional), and on each line a procedure code and date (professional) or "
        "a revenue code (institutional). A claim without them is returned unprocessed."
    ),
    citations=(X12_837P, X12_837I, CLAIMS_MANUAL_CH26),
    carc="16",
    rarcs=("MA130",),
    fix="fill in the missing item from the encounter or provider record",
    status=Status.STABLE,
    since=SINCE,
)
CLM002 = EditSpec(
    code="CLM002",
    name="claim-future-service-date",
    title="Date of service in the future",
    severity=Severity.ERROR,
    message="the service date {day} is after {as_of}, the day the claim is checked",
    description=(
        "Services are billed after they are given. A date of service after the day the claim "
        "goes out is a keying error (or a claim sent too early) and is rejected."
    ),
    citations=(CLAIMS_MANUAL_CH26,),
    carc="16",
    rarcs=("N301",),
    fix="correct the date of service, or hold the claim until after the service",
    status=Status.STABLE,
    since=SINCE,
)
CLM003 = EditSpec(
    code="CLM003",
    name="claim-dates-out-of-order",
    title="Claim dates out of order",
    severity=Severity.ERROR,
    message="{detail}",
    description=(
        "The claim's dates must agree: the patient is born before the service, admission comes "
        "before discharge, onset and accident dates come before the service, and an "
        "institutional claim's line dates fall inside its statement period."
    ),
    citations=(X12_837P, X12_837I),
    carc="16",
    rarcs=("N301",),
    fix="correct whichever date was keyed wrongly",
    status=Status.STABLE,
    since=SINCE,
)
CLM004 = EditSpec(
    code="CLM004",
    name="claim-total-mismatch",
    title="Total charge is not the sum of the lines",
    severity=Severity.ERROR,
    message="the total charge {total} is not the sum of the line charges {line_total}",
    description=(
        "CLM02 (the claim's total charge) must equal the sum of the service lines' charges; "
        "the implementation guides make it a syntax-level rule and clearinghouses reject the "
        "claim."
    ),
    citations=(X12_837P, X12_837I),
    carc="16",
    rarcs=("MA130",),
    fix="set the total to the sum of the line charges",
    status=Status.STABLE,
    since=SINCE,
)
CLM005 = EditSpec(
    code="CLM005",
    name="claim-npi-invalid",
    title="NPI fails its check digit",
    severity=Severity.ERROR,
    message="the {role} NPI {value} is not a valid NPI ({reason})",
    description=(
        "An NPI is ten digits starting with 1 or 2 whose last digit is a Luhn check digit "
        "over the prefix 80840 and the first nine digits. A mistyped NPI fails the check and "
        "the claim is rejected before adjudication."
    ),
    citations=(NPI_RULE,),
    carc="16",
    rarcs=("N257",),
    fix="copy the NPI from NPPES; a single wrong digit fails the check",
    status=Status.STABLE,
    since=SINCE,
)
CLM006 = EditSpec(
    code="CLM006",
    name="claim-units-not-positive",
    title="Service units not positive",
    severity=Severity.ERROR,
    message="the line has {units} units; units of service must be greater than zero",
    description=(
        "Each service line bills one or more units (or minutes, or days). Zero or negative "
        "units make the line unprocessable."
    ),
    citations=(X12_837P, X12_837I),
    carc="16",
    rarcs=("M53",),
    fix="bill the units given (at least 1)",
    status=Status.STABLE,
    since=SINCE,
)
CLM007 = EditSpec(
    code="CLM007",
    name="claim-place-of-service-invalid",
    title="Place of service not valid",
    severity=Severity.ERROR,
    message="place of service {code} is not valid on {day} ({reason})",
    description=(
        "The place of service (CMS-1500 item 24B, 837P CLM05-1 and SV105) must be a code CMS "
        "has assigned and in force on the date of service."
    ),
    citations=(POS_CODE_SET, CLAIMS_MANUAL_CH26),
    carc="16",
    rarcs=("M77",),
    fix="use the CMS place-of-service code for where the service was given",
    status=Status.STABLE,
    since=SINCE,
)
CLM008 = EditSpec(
    code="CLM008",
    name="claim-line-charge-zero",
    title="Line charge is zero",
    severity=Severity.WARNING,
    message="the line for {code} has a charge of {charge}",
    description=(
        "Most payers reject service lines without a charge; bill the provider's usual charge "
        "even for services expected to pay nothing (some no-pay quality codes are the "
        "exception, and usually carry a nominal charge such as $0.01)."
    ),
    citations=(CLAIMS_MANUAL_CH26,),
    carc="16",
    rarcs=("M79",),
    fix="bill the usual charge for the service",
    status=Status.STABLE,
    since=SINCE,
)

EDITS: Final = (CLM001, CLM002, CLM003, CLM004, CLM005, CLM006, CLM007, CLM008)

#: The "missing/incomplete/invalid ... primary identifier" remark code of each role.
_NPI_RARCS: Final = {
    "billing_provider": "N257",
    "rendering_provider": "N290",
    "referring_provider": "N286",
    "attending_provider": "N253",
    "operating_provider": "N262",
    "other_operating_provider": "N270",
    "supervising_provider": "N297",
    "service_facility": "N293",
}
_ROLES: Final = (
    "billing_provider",
    "rendering_provider",
    "referring_provider",
    "supervising_provider",
    "attending_provider",
    "operating_provider",
    "other_operating_provider",
    "service_facility",
)


def check(claim: Claim, context: Context) -> list[Finding]:
    """Check the claim's data, dates, totals, NPIs, units and places of service.

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context
        >>> list(check(professional_claim(), Context(as_of=date(2025, 3, 10))))
        []
    """
    found: list[Finding] = []
    # The per-line facts (charge total, last date, incomplete lines) come from the
    # claim's facts, gathered in the pass over the lines every check shares; the
    # claim's, patient's and provider's fields from their field dicts (a model
    # attribute read goes through pydantic's __getattr__ hook: see ClaimFacts).
    claim_facts = facts(claim)
    fields = claim_facts.values
    patient = fields["patient"].__dict__
    billing = fields["billing_provider"].__dict__
    birth_date = patient["birth_date"]
    if (
        birth_date is None
        or patient["sex"] is None
        or billing["npi"] is None
        or billing["address"] is None
        or billing["tax_id"] is None
    ):
        found.extend(_required_parties(claim))
    professional = claim_facts.kind == "professional"
    total = claim_facts.charges
    last_end = claim_facts.last_end
    late = last_end is not None and last_end > context.as_of
    incomplete = claim_facts.incomplete or (professional and fields["place_of_service"] is None)
    if incomplete or not professional:
        found.extend(_required_lines(claim))
    if (
        late
        or not professional
        or fields["onset_date"] is not None
        or fields["accident_date"] is not None
        or fields["admission_date"] is not None
    ):
        found.extend(_dates(claim, context))
    elif birth_date is not None:
        first = claim_facts.first_day
        if first is not None and birth_date > first:
            found.extend(_dates(claim, context))
    total_charge = fields["total_charge"]
    if total != total_charge.amount:
        found.append(CLM004.finding(total=f"${total_charge}", line_total=f"${Money(total)}"))
    problems = _NPI_PROBLEMS
    for role in _ROLES:
        provider = fields[role]
        if provider is None:
            continue
        value = provider.npi
        if value is None:
            continue
        reason = problems.get(value, _UNSEEN)
        if reason is _UNSEEN:
            reason = _npi_problem(value)
        if reason is not None:
            found.append(
                CLM005.finding(
                    role=role.replace("_", " "),
                    value=value,
                    reason=reason,
                    rarcs=(_NPI_RARCS.get(role, "N257"),),
                )
            )
    if professional:
        found.extend(_places(claim, claim_facts))
    return found


_ZERO: Final = Decimal(0)
#: What the memo dictionaries below give for a key they have not seen.
_UNSEEN: Final[Any] = object()
_NPI_PROBLEMS: dict[str, str | None] = {}


def _npi_problem(value: str) -> str | None:
    """Why *value* is not a valid NPI, or ``None`` (memoized: NPIs repeat)."""
    if value in _NPI_PROBLEMS:
        return _NPI_PROBLEMS[value]
    problem: str | None = None
    try:
        npi.validate(value)
    except RcmError as exc:
        problem = exc.message
    if len(_NPI_PROBLEMS) > 100_000:
        _NPI_PROBLEMS.clear()
    _NPI_PROBLEMS[value] = problem
    return problem


def _units(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


def _required_parties(claim: Claim) -> Iterator[Finding]:
    patient = claim.patient
    if patient.birth_date is None:
        yield CLM001.finding(
            field="the patient's birth date", why="DMG02 is required", rarcs=("N329",)
        )
    if patient.sex is None:
        yield CLM001.finding(field="the patient's sex", why="DMG03 is required", rarcs=("MA39",))
    billing = claim.billing_provider
    if billing.npi is None:
        yield CLM001.finding(
            field="the billing provider's NPI", why="NM109 (XX) is required", rarcs=("N257",)
        )
    if billing.address is None:
        yield CLM001.finding(field="the billing provider's address", why="N3/N4 are required")
    if billing.tax_id is None:
        yield CLM001.finding(field="the billing provider's tax ID", why="REF EI/SY is required")


def _required_lines(claim: Claim) -> Iterator[Finding]:
    for index, line in enumerate(claim.lines):
        if line.units <= 0:
            yield CLM006.finding(lines=(index,), units=_units(line.units))
        if not line.charge and line.procedure_code is not None:
            yield CLM008.finding(lines=(index,), code=line.procedure_code, charge="$0.00")
    if claim.kind == "professional":
        if claim.place_of_service is None:
            yield CLM001.finding(
                field="the place of service", why="CLM05-1 is required", rarcs=("M77",)
            )
        for index, line in enumerate(claim.lines):
            if line.procedure_code is None:
                yield CLM001.finding(
                    lines=(index,),
                    field="the procedure code",
                    why="SV101 is required on professional lines",
                    rarcs=("M51",),
                )
            if line.service_date is None:
                yield CLM001.finding(
                    lines=(index,),
                    field="the date of service",
                    why="DTP 472 is required on professional lines",
                    rarcs=("N301",),
                )
        return
    for label, value, element in (
        ("the type of bill", claim.facility_type, "CLM05"),
        ("the statement period", claim.statement_period, "DTP 434"),
        ("the discharge status", claim.discharge_status, "CL103"),
    ):
        if value is None:
            yield CLM001.finding(field=label, why=f"{element} is required")
    for index, line in enumerate(claim.lines):
        if line.revenue_code is None:
            yield CLM001.finding(
                lines=(index,),
                field="the revenue code",
                why="SV201 is required on institutional lines",
            )


def _dates(claim: Claim, context: Context) -> Iterator[Finding]:
    as_of = context.as_of
    first: date | None = None
    for index, line in enumerate(claim.lines):
        if line.service_date is None:
            continue
        end = line.service_date.end
        if end > as_of:
            yield CLM002.finding(lines=(index,), day=end.isoformat(), as_of=as_of.isoformat())
        start = line.service_date.start
        first = start if first is None or start < first else first
        period = claim.statement_period
        if period is not None and (start < period.start or end > period.end):
            yield CLM003.finding(
                lines=(index,),
                detail=(
                    f"line {index + 1}'s date {line.service_date.isoformat()} is outside the "
                    f"statement period {period.isoformat()}"
                ),
            )
    period = claim.statement_period
    if period is not None:
        if period.end > as_of and not any(line.service_date is not None for line in claim.lines):
            yield CLM002.finding(day=period.end.isoformat(), as_of=as_of.isoformat())
        first = period.start if first is None or period.start < first else first
    if first is None:
        return
    birth = claim.patient.birth_date
    if birth is not None and birth > first:
        yield CLM003.finding(detail="the patient's birth date is after the first date of service")
    for label, value in (("onset", claim.onset_date), ("accident", claim.accident_date)):
        if value is not None and value > first:
            yield CLM003.finding(
                detail=f"the {label} date {value.isoformat()} is after the first date of service "
                f"{first.isoformat()}"
            )
    discharge = claim.discharge_date
    if discharge is None and period is not None and claim.kind == "institutional":
        discharge = period.end
    admission = claim.admission_date
    if admission is not None and discharge is not None and admission > discharge:
        yield CLM003.finding(
            detail=f"admission {admission.isoformat()} is after discharge {discharge.isoformat()}"
        )


_POS_PROBLEMS: dict[tuple[str, date], str | None] = {}


def _pos_problem(code: str, day: date) -> str | None:
    key = (code, day)
    if key in _POS_PROBLEMS:
        return _POS_PROBLEMS[key]
    problem: str | None = None
    try:
        pos.lookup(code, on=day)
    except RcmError as exc:
        problem = exc.message
    if len(_POS_PROBLEMS) > 100_000:
        _POS_PROBLEMS.clear()
    _POS_PROBLEMS[key] = problem
    return problem


def _places(claim: Claim, claim_facts: ClaimFacts) -> Iterator[Finding]:
    day = claim_facts.first_day
    problems = _POS_PROBLEMS
    place = claim_facts.values["place_of_service"]
    if place is not None and day is not None:
        reason = problems.get((place, day), _UNSEEN)
        if reason is _UNSEEN:
            reason = _pos_problem(place, day)
        if reason is not None:
            yield CLM007.finding(code=place, day=day.isoformat(), reason=reason)
    for fact in claim_facts.lines:
        code = fact.values["place_of_service"]
        if code is None or fact.day is None:
            continue
        reason = problems.get((code, fact.day), _UNSEEN)
        if reason is _UNSEEN:
            reason = _pos_problem(code, fact.day)
        if reason is not None:
            yield CLM007.finding(
                lines=(fact.index,), code=code, day=fact.day.isoformat(), reason=reason
            )
