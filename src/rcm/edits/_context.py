"""What a check may know besides the claim: the :class:`Context`.

The context says *when* (``as_of``, the day the claim is scrubbed), *for whom*
(payer, line of business), *by which rules* (the tables in force, payer rule
packs, selection) and *what came before* (claim :class:`History`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs

from rcm.dates import add_months
from rcm.edits._errors import EditSelectionError
from rcm.edits._facts import facts
from rcm.errors import EditDefinitionError

if TYPE_CHECKING:
    from rcm.claims import Claim, ServiceLine
    from rcm.coding.cpt import CptTable
    from rcm.coding.hcpcs import HcpcsRelease
    from rcm.coding.icd10cm import Release
    from rcm.edits._registry import Edit, Registry
    from rcm.edits.tables import AocTable, CoverageTable, MueTable, PtpTable
    from rcm.money import Money

__all__ = [
    "MEDICARE_FILING_LIMIT",
    "Context",
    "FilingLimit",
    "History",
    "LineOfBusiness",
    "PackRule",
    "RulePack",
    "Setting",
    "Tables",
    "claim_day",
    "line_day",
    "line_of_business_for",
]

#: Which NCCI table set applies: practitioner (837P), outpatient hospital
#: (837I), or DME supplier.
Setting: TypeAlias = Literal["practitioner", "outpatient_hospital", "dme"]

#: Lines of business rcm derives from the claim filing indicator (SBR09);
#: any other string may be given explicitly.
LineOfBusiness: TypeAlias = str

_FILING_TO_LOB = {
    "MA": "medicare",
    "MB": "medicare",
    "16": "medicare",  # Medicare Advantage HMO (health maintenance organization Medicare risk)
    "MC": "medicaid",
    "CH": "tricare",
    "VA": "va",
    "WC": "workers_comp",
    "AM": "auto",
}


def line_of_business_for(claim: Claim, context: Context | None = None) -> str:
    """The claim's line of business: the context's, or from the filing indicator.

    ``MA``/``MB`` (and ``16``, Medicare Advantage) give ``"medicare"``, ``MC``
    ``"medicaid"``, ``CH`` ``"tricare"``, ``VA`` ``"va"``, ``WC``
    ``"workers_comp"``, ``AM`` ``"auto"``; anything else ``"commercial"``.

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> line_of_business_for(professional_claim())
        'commercial'
    """
    if context is not None and context.line_of_business is not None:
        return context.line_of_business
    return lob_of(claim.coverage.filing_indicator)


def lob_of(indicator: str | None) -> str:
    """The line of business a claim filing indicator gives (``None``: ``"commercial"``).

    Example:
        >>> lob_of("MB"), lob_of(None), lob_of("ZZ")
        ('medicare', 'commercial', 'commercial')
    """
    return "commercial" if indicator is None else _FILING_TO_LOB.get(indicator, "commercial")


def payer_id(claim: Claim) -> str | None:
    """The billed payer's ID, or ``None`` when a leniently read claim has no payer.

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> payer_id(professional_claim())
        '60054'
    """
    payer = claim.coverage.payer
    return None if payer is None else payer.payer_id


def _as_tuple(value: object) -> object:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,)


def _as_optional_frozenset(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


def _as_optional_tuple(value: object) -> object:
    if value is None:
        return None
    return _as_tuple(value)


@attrs.frozen(slots=True)
class FilingLimit:
    """A timely-filing limit: days or months from the date of service.

    The most specific limit wins: one for the claim's payer ID, then one for
    its line of business, then a default (neither set). Medicare's statutory
    limit (42 CFR 424.44: one calendar year after the date of service) applies
    to Medicare claims when no limit is given.

    Attributes:
        days: the limit in days (``90``), or
        months: the limit in months (``12``), clipped to month ends.
        payer: the payer ID it applies to (``None``: any).
        line_of_business: the line of business it applies to (``None``: any).
        source: where the limit comes from (contract, manual section).
        basis: which date starts the clock: ``"from"`` (the first date of
            service; professional claims) or ``"through"`` (the last; CMS uses
            the "through" date of institutional claims).

    Example:
        >>> from datetime import date
        >>> limit = FilingLimit(days=90, payer="60054", source="ACME provider manual 4.2")
        >>> limit.deadline(date(2025, 3, 3))
        datetime.date(2025, 6, 1)
        >>> MEDICARE_FILING_LIMIT.deadline(date(2024, 2, 29))
        datetime.date(2025, 2, 28)
    """

    days: int | None = None
    months: int | None = None
    payer: str | None = None
    line_of_business: str | None = None
    source: str = "payer contract"
    basis: Literal["from", "through"] = "from"

    def __attrs_post_init__(self) -> None:
        if (self.days is None) == (self.months is None):
            raise EditDefinitionError("a FilingLimit needs exactly one of days= or months=")
        amount = self.days if self.days is not None else self.months
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise EditDefinitionError(f"a FilingLimit must be a positive int, not {amount!r}")

    def deadline(self, day: date) -> date:
        """The last day a claim for service on *day* may be filed.

        Example:
            >>> FilingLimit(months=12).deadline(date(2025, 1, 31))
            datetime.date(2026, 1, 31)
        """
        from datetime import timedelta

        if self.days is not None:
            return day + timedelta(days=self.days)
        assert self.months is not None
        return add_months(day, self.months)

    def describe(self) -> str:
        """The limit in words (``"90 days"``, ``"12 months"``).

        Example:
            >>> FilingLimit(days=90).describe()
            '90 days'
        """
        if self.days is not None:
            return f"{self.days} day{'s' if self.days != 1 else ''}"
        return f"{self.months} month{'s' if self.months != 1 else ''}"


#: Medicare: claims must be filed within one calendar year after the date of
#: service (42 CFR 424.44(a)(1); Medicare Claims Processing Manual, Pub.
#: 100-04, ch. 1, sec. 70). Institutional claims count from the "through" date.
MEDICARE_FILING_LIMIT = FilingLimit(
    months=12,
    line_of_business="medicare",
    source="42 CFR 424.44(a)(1); Medicare Claims Processing Manual, ch. 1, sec. 70",
)


@attrs.frozen(slots=True)
class Tables:
    """The reference tables in force for a run; every one is optional.

    Edits that need a table that is not loaded find nothing (their codes are
    listed in the report's ``skipped`` with the reason). Tables come from
    :mod:`rcm.edits.tables` loaders, from your own files.

    Attributes:
        ptp: NCCI procedure-to-procedure tables (practitioner, hospital).
        mue: NCCI MUE tables (practitioner, outpatient hospital, DME).
        aoc: NCCI add-on code tables.
        coverage: medical-necessity coverage tables (LCD articles, your own).
        icd10cm: ICD-10-CM releases to use instead of the bundled ones.
        hcpcs: a HCPCS Level II release, to check codes by date of service.
        cpt: your licensed CPT table, to check CPT codes by date of service.
        modifiers: every modifier your payer accepts; without it only CPT
            (numeric) modifiers are checked against rcm's list.
        filing_limits: timely-filing limits by payer and line of business.

    Example:
        >>> Tables().versions()
        ()
    """

    ptp: tuple[PtpTable, ...] = attrs.field(default=(), converter=_as_tuple)
    mue: tuple[MueTable, ...] = attrs.field(default=(), converter=_as_tuple)
    aoc: tuple[AocTable, ...] = attrs.field(default=(), converter=_as_tuple)
    coverage: tuple[CoverageTable, ...] = attrs.field(default=(), converter=_as_tuple)
    icd10cm: tuple[Release, ...] | None = attrs.field(default=None, converter=_as_optional_tuple)
    hcpcs: HcpcsRelease | None = attrs.field(default=None, eq=False)
    cpt: CptTable | None = attrs.field(default=None, eq=False)
    modifiers: frozenset[str] | None = attrs.field(default=None, converter=_as_optional_frozenset)
    filing_limits: tuple[FilingLimit, ...] = attrs.field(default=(), converter=_as_tuple)

    def ptp_for(self, setting: Setting) -> tuple[PtpTable, ...]:
        """The PTP tables for *setting*.

        Example:
            >>> Tables().ptp_for("practitioner")
            ()
        """
        return tuple(t for t in self.ptp if t.setting == setting)

    def mue_for(self, setting: Setting, day: date) -> MueTable | None:
        """The MUE table for *setting* in force on *day* (the latest that started by then).

        Example:
            >>> Tables().mue_for("practitioner", date(2026, 4, 1)) is None
            True
        """
        found: MueTable | None = _in_force([t for t in self.mue if t.setting == setting], day)
        return found

    def aoc_for(self, day: date) -> AocTable | None:
        """The add-on code table in force on *day*.

        Example:
            >>> Tables().aoc_for(date(2026, 4, 1)) is None
            True
        """
        found: AocTable | None = _in_force(list(self.aoc), day)
        return found

    def filing_limit_for(self, payer: str | None, line_of_business: str) -> FilingLimit | None:
        """The most specific filing limit for a payer and line of business.

        Example:
            >>> t = Tables(filing_limits=(FilingLimit(days=90), FilingLimit(days=180, payer="X1")))
            >>> t.filing_limit_for("X1", "commercial").days
            180
            >>> t.filing_limit_for("Y", "commercial").days
            90
            >>> Tables().filing_limit_for("00435", "medicare") is MEDICARE_FILING_LIMIT
            True
        """
        best: FilingLimit | None = None
        best_rank = -1
        for limit in self.filing_limits:
            if limit.payer is not None and limit.payer != payer:
                continue
            if limit.line_of_business is not None and limit.line_of_business != line_of_business:
                continue
            rank = (2 if limit.payer is not None else 0) + (
                1 if limit.line_of_business is not None else 0
            )
            if rank > best_rank:
                best, best_rank = limit, rank
        if best is None and line_of_business == "medicare":
            return MEDICARE_FILING_LIMIT
        return best

    def versions(self) -> tuple[str, ...]:
        """Every loaded table's description and version, for reports.

        Example:
            >>> from rcm.edits.tables import MueRow, MueTable
            >>> mue = MueTable([MueRow("97110", 4, 3, "Clinical")], setting="practitioner",
            ...                version="demo")
            >>> Tables(mue=mue).versions()
            ('NCCI MUE practitioner demo',)
        """
        out: list[str] = []
        for group in (self.ptp, self.mue, self.aoc, self.coverage):
            out.extend(table.label for table in group)
        if self.icd10cm is not None:
            out.extend(f"ICD-10-CM {r.version}" for r in self.icd10cm)
        if self.hcpcs is not None:
            out.append(f"HCPCS {self.hcpcs.name}")
        if self.cpt is not None:
            out.append(f"CPT {self.cpt.release}")
        return tuple(out)


def _in_force(tables: list[Any], day: date) -> Any:
    best = None
    for table in tables:
        start = table.effective
        if start is not None and start > day:
            continue
        if best is None or (
            start is not None and (best.effective is None or start > best.effective)
        ):
            best = table
    return best


# -- history -------------------------------------------------------------------------


def line_day(claim: Claim, line: ServiceLine) -> date | None:
    """The date of service a line counts on: its first day, or the claim's.

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> claim = professional_claim()
        >>> line_day(claim, claim.lines[0])
        datetime.date(2025, 3, 3)
    """
    if line.service_date is not None:
        return line.service_date.start
    if claim.statement_period is not None:
        return claim.statement_period.start
    return None


def claim_day(claim: Claim) -> date | None:
    """The claim's first date of service (lines, else the statement period).

    Example:
        >>> from rcm.claims.examples import institutional_claim
        >>> claim_day(institutional_claim())
        datetime.date(2025, 3, 1)
    """
    days = [line.service_date.start for line in claim.lines if line.service_date is not None]
    if claim.statement_period is not None:
        days.append(claim.statement_period.start)
    return min(days) if days else None


def patient_key(claim: Claim) -> tuple[object, ...]:
    """Who a claim is for, as a private key (never shown): payer, member, name, birth date."""
    return patient_key_of(claim.__dict__)


def patient_key_of(fields: dict[str, Any]) -> tuple[object, ...]:
    """:func:`patient_key` of the claim whose field dict is *fields*.

    The fields are read from the models' field dicts: an attribute read goes
    through pydantic's ``__getattr__`` hook (about 300 machine instructions,
    nine reads here for every claim checked).

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> claim = professional_claim()
        >>> patient_key_of(claim.__dict__) == patient_key(claim)
        True
    """
    patient = fields["patient"].__dict__
    coverage = fields["coverage"].__dict__
    payer = coverage["payer"]  # payer_id(claim), written out: this runs for every claim
    return (
        None if payer is None else payer.payer_id,
        coverage["subscriber"].member_id,
        patient["last_name"].upper(),
        (patient["first_name"] or "").upper(),
        patient["birth_date"],
    )


@attrs.frozen(slots=True)
class PriorLine:
    """A service line from a claim in the history, as the edits compare it.

    Attributes:
        claim_position: where its claim sits in the history.
        line_index: its 0-based index on that claim.
        day: the date of service it counts on.
        code: the procedure code (or revenue code when there is none).
        modifiers: its modifiers.
        units: its units.
        charge: its charge.
        provider: the billing provider's NPI.
        claim_id: its claim's ID (never shown in ``repr``): lines of an earlier
            version of the claim being checked (same ID) are not counted
            against it by the cross-claim edits.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> earlier = professional_claim().evolve(claim_id="CLM0000000")
        >>> history = History([earlier])
        >>> tuple(p.code for p in history.lines_on(professional_claim(), date(2025, 3, 3)))
        ('99214', '71046')
    """

    claim_position: int
    line_index: int
    day: date
    code: str
    modifiers: tuple[str, ...]
    units: Decimal
    charge: Money
    provider: str | None
    claim_id: str = attrs.field(default="", repr=False)


def claim_signature(claim: Claim, patient: tuple[object, ...] | None = None) -> tuple[object, ...]:
    """What makes two claims the same bill: patient, provider, lines (private key).

    *patient* is the claim's :func:`patient_key` when the caller has it already.
    """
    statement = claim.statement_period
    # line_day(claim, line), written out: this runs for every claim checked.
    fallback = statement.start if statement is not None else date.min
    lines = tuple(
        sorted(
            (
                line.service_date.start if line.service_date is not None else fallback,
                line.procedure_code or "",
                line.revenue_code or "",
                line.modifiers,
                line.units,
                # The amount, not Money itself: equal amounts are equal (and hash
                # alike) however they were written; Money has two places.
                line.charge.amount,
            )
            for line in claim.lines
        )
    )
    if patient is None:
        patient = patient_key(claim)
    return (patient, claim.billing_provider.npi, lines)


class _Index:
    """The history's lookup tables (built once; extended only by run_many)."""

    __slots__ = ("by_patient", "claim_ids", "claims", "last", "signatures")

    def __init__(self) -> None:
        self.claims: list[Claim] = []
        self.by_patient: dict[tuple[object, ...], dict[date, list[PriorLine]]] = {}
        self.signatures: dict[tuple[object, ...], int] = {}
        self.claim_ids: dict[str, int] = {}
        # The claim last asked about: its patient's lines by day (None: a patient
        # the history does not know) and its prior lines by day, as lines_on gave
        # them. PTP, MUE, AOC and DUP all ask about the same claim, several times
        # each: the patient key is hashed and looked up once per claim, not once
        # per question. One slot, replaced whole (atomic), keyed by the claim's
        # identity; add() empties it, so a claim checked again after the index
        # grew sees the new lines.
        self.last: tuple[
            object,
            dict[date, list[PriorLine]] | None,
            dict[date, tuple[PriorLine, ...]],
        ] = (None, None, {})

    def copy(self) -> _Index:
        new = _Index()
        new.claims = list(self.claims)
        new.by_patient = {
            who: {day: list(lines) for day, lines in days.items()}
            for who, days in self.by_patient.items()
        }
        new.signatures = dict(self.signatures)
        new.claim_ids = dict(self.claim_ids)
        return new

    def patient_days(
        self, claim: Claim
    ) -> tuple[object, dict[date, list[PriorLine]] | None, dict[date, tuple[PriorLine, ...]]]:
        """The one-slot entry for *claim*: (claim, its patient's lines by day, memo)."""
        last = self.last
        if last[0] is claim:
            return last
        claim_facts = facts(claim)
        patient = claim_facts._patient  # the property, without its call once it is known
        if patient is None:
            patient = claim_facts.patient
        last = (claim, self.by_patient.get(patient), {})
        self.last = last
        return last

    def add(self, claim: Claim) -> None:
        self.last = (None, None, {})
        position = len(self.claims)
        self.claims.append(claim)
        if claim.frequency_code == "8":  # a void cancels rather than bills
            return
        who = patient_key(claim)
        npi = claim.billing_provider.npi
        for index, line in enumerate(claim.lines):
            day = line_day(claim, line)
            if day is None:
                continue
            code = line.procedure_code or line.revenue_code or ""
            prior = PriorLine(
                position,
                index,
                day,
                code,
                line.modifiers,
                line.units,
                line.charge,
                npi,
                claim.claim_id,
            )
            self.by_patient.setdefault(who, {}).setdefault(day, []).append(prior)
        self.signatures.setdefault(claim_signature(claim, who), position)
        self.claim_ids.setdefault(claim.claim_id, position)


def _claims_tuple(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    return tuple(claims)


@attrs.frozen(slots=True)
class History:
    """Claims already sent, for duplicate and per-day unit checks across claims.

    Give the claims billed before (for the same patients); the DUP edits look
    for the same bill or the same service sent again, the MUE and AOC edits
    count units and primary codes across claims on the same date of service.
    Voided claims (frequency ``8``) count for nothing.

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> history = History([professional_claim()])
        >>> len(history), history.contains_bill(professional_claim())
        (1, True)
    """

    claims: tuple[Claim, ...] = attrs.field(
        converter=_claims_tuple, repr=lambda c: f"<{len(c)} claims>"
    )
    _index: _Index = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        index = _Index()
        for claim in self.claims:
            index.add(claim)
        object.__setattr__(self, "_index", index)

    def __len__(self) -> int:
        return len(self._index.claims)

    def __iter__(self) -> Iterator[Claim]:
        return iter(self._index.claims)

    def lines_on(self, claim: Claim, day: date) -> tuple[PriorLine, ...]:
        """Prior lines for the same patient on *day* (any provider).

        Lines of claims with the same claim ID as *claim* (earlier versions of
        it) are left out: a claim is not counted against itself.

        Example:
            >>> from rcm.claims.examples import professional_claim
            >>> History([]).lines_on(professional_claim(), date(2025, 3, 3))
            ()
            >>> History([professional_claim()]).lines_on(professional_claim(), date(2025, 3, 3))
            ()
        """
        index = self._index
        last = index.last
        if last[0] is not claim:
            last = index.patient_days(claim)
        days = last[1]
        if days is None:  # a patient the history does not know
            return ()
        memo = last[2]
        cached = memo.get(day)
        if cached is not None:
            return cached
        found = days.get(day)
        if not found:
            result: tuple[PriorLine, ...] = ()
        else:
            own = claim.claim_id
            result = tuple(p for p in found if p.claim_id != own)
        memo[day] = result
        return result

    def knows(self, claim: Claim) -> bool:
        """Whether the history holds any claim for the same patient (a quick first test).

        Example:
            >>> from rcm.claims.examples import professional_claim
            >>> History([professional_claim()]).knows(professional_claim())
            True
        """
        index = self._index
        last = index.last
        if last[0] is not claim:
            last = index.patient_days(claim)
        return last[1] is not None

    def contains_bill(self, claim: Claim) -> bool:
        """Whether the history holds the same bill (patient, provider, lines).

        Example:
            >>> from rcm.claims.examples import institutional_claim, professional_claim
            >>> History([institutional_claim()]).contains_bill(professional_claim())
            False
        """
        claim_facts = facts(claim)
        index = self._index
        last = index.last
        if last[0] is not claim:
            last = index.patient_days(claim)
        days = last[1]
        if days is None:
            return False
        # A quick "no" before the full signature (sorting every line, reading every
        # charge): the same bill has, for the claim's first dated line, a prior line
        # of the same patient, day, code and provider in the index. Exact: a line
        # whose signature day is that date (not the date.min stand-in) is indexed
        # under it, with the same code and NPI, unless its claim is a void, and voids
        # have no signature either.
        npi = claim_facts.npi
        for fact in claim_facts.lines:
            day = fact.day
            if day is None or day == date.min:
                continue
            code = fact.code or fact.line.revenue_code or ""
            for prior in days.get(day, ()):
                if prior.code == code and prior.provider == npi:
                    break
            else:
                return False
            break
        return claim_facts.signature in self._index.signatures

    def prior_bill(self, claim: Claim) -> Claim | None:
        """The claim in the history that is the same bill, or ``None``.

        Example:
            >>> from rcm.claims.examples import professional_claim
            >>> History([professional_claim()]).prior_bill(professional_claim()) is not None
            True
        """
        position = self._index.signatures.get(facts(claim).signature)
        return None if position is None else self._index.claims[position]

    def claim_at(self, position: int) -> Claim:
        """The claim at *position* (as :class:`PriorLine` refers to it).

        Example:
            >>> from rcm.claims.examples import professional_claim
            >>> History([professional_claim()]).claim_at(0).kind
            'professional'
        """
        return self._index.claims[position]

    def extended(self, claims: Iterable[Claim]) -> History:
        """A new history with *claims* added after these.

        Example:
            >>> from rcm.claims.examples import professional_claim
            >>> len(History([]).extended([professional_claim()]))
            1
        """
        return History([*self.claims, *claims])

    def _growing(self) -> tuple[History, _Index]:
        """A private copy whose index :func:`rcm.edits.run_many` may extend."""
        copy = History.__new__(History)
        index = self._index.copy()
        object.__setattr__(copy, "claims", self.claims)
        object.__setattr__(copy, "_index", index)
        return copy, index


# -- payer rule packs ---------------------------------------------------------------


def _check_action(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in ("enable", "disable"):
        raise EditDefinitionError(f"PackRule.action must be 'enable' or 'disable', not {value!r}")


@attrs.frozen(slots=True)
class PackRule:
    """One rule of a payer rule pack: enable or disable edits by prefix, by date of service.

    Attributes:
        action: ``"enable"`` or ``"disable"``.
        prefix: a code or prefix (``"MN"``, ``"PTP004"``).
        effective: the first date of service it applies to (``None``: always).
        expires: the last date of service it applies to (``None``: no end).
        reason: why (shown in the debug log and docs of the pack).

    Example:
        >>> from datetime import date
        >>> rule = PackRule("disable", "TF", effective=date(2026, 1, 1))
        >>> rule.active_on(date(2025, 12, 31)), rule.active_on(date(2026, 2, 1))
        (False, True)
    """

    action: Literal["enable", "disable"] = attrs.field(validator=_check_action)
    prefix: str
    effective: date | None = None
    expires: date | None = None
    reason: str = ""

    def active_on(self, day: date) -> bool:
        """Whether the rule applies to a date of service.

        Example:
            >>> PackRule("enable", "MN").active_on(date(2020, 1, 1))
            True
        """
        if self.effective is not None and day < self.effective:
            return False
        return self.expires is None or day <= self.expires


@attrs.frozen(slots=True)
class RulePack:
    """A payer's rules: which edits to enable or disable, and edits of its own, by date.

    A pack applies to claims for its payer ID and/or line of business (both
    ``None``: every claim). Its rules override rcm's defaults (stable on,
    preview off) but never your explicit ``select``/``ignore``; among its
    rules the longest matching prefix wins, and on a tie the later rule.
    Its own edits run like registered ones while the pack applies; their
    codes must not collide with registered codes.

    Attributes:
        name: the pack's name (``"acme-commercial"``).
        version: the pack's version or release date.
        payer: the payer ID it applies to.
        line_of_business: the line of business it applies to.
        rules: enable/disable rules.
        edits: the pack's own edits (:class:`~rcm.edits.Edit`).

    Example:
        >>> pack = RulePack("acme", payer="60054", rules=(PackRule("enable", "PTP004"),))
        >>> pack.applies_to("60054", "commercial"), pack.applies_to("99999", "commercial")
        (True, False)
    """

    name: str
    rules: tuple[PackRule, ...] = attrs.field(default=(), converter=_as_tuple)
    edits: tuple[Edit, ...] = attrs.field(default=(), converter=_as_tuple)
    payer: str | None = None
    line_of_business: str | None = None
    version: str = ""

    def applies_to(self, payer: str | None, line_of_business: str) -> bool:
        """Whether the pack applies to a payer ID and line of business.

        Example:
            >>> RulePack("medicare", line_of_business="medicare").applies_to("00435", "medicare")
            True
        """
        if self.payer is not None and self.payer != payer:
            return False
        return self.line_of_business is None or self.line_of_business == line_of_business


def _prefixes(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        raise EditSelectionError(
            f"select/ignore take a tuple of codes or prefixes, not the string {value!r}; "
            f"write ({value!r},)",
            value=value,
            expected="a tuple of codes or prefixes",
        )
    return tuple(value)  # type: ignore[arg-type]  # checked in the registry


def _check_setting(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in (None, "practitioner", "outpatient_hospital", "dme"):
        raise EditSelectionError(
            f"setting must be 'practitioner', 'outpatient_hospital', 'dme' or None, not {value!r}",
            value=str(value),
            expected="practitioner, outpatient_hospital, dme",
        )


def _check_as_of(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    from datetime import datetime

    if not isinstance(value, date) or isinstance(value, datetime):
        raise EditSelectionError(
            f"Context.as_of must be a datetime.date (the day the claim is checked), not {value!r}",
            value=repr(value),
            expected="datetime.date",
        )


@attrs.frozen(slots=True)
class Context:
    """Everything a check may use besides the claim.

    Attributes:
        as_of: the day the claim is checked (and would be sent): timely filing
            counts to it and future dates of service are measured from it.
            Always explicit; rcm never reads the clock.
        payer: the payer ID (default: the claim's ``coverage.payer.payer_id``).
        line_of_business: ``"medicare"``, ``"medicaid"``, ``"commercial"``...
            (default: from the claim's filing indicator).
        tables: the reference tables in force (:class:`Tables`).
        history: claims sent before (:class:`History`), for cross-claim checks.
        select: codes or prefixes to run (empty: every stable edit).
        ignore: codes or prefixes not to run.
        preview: also run preview edits.
        packs: payer rule packs (:class:`RulePack`).
        setting: which NCCI tables apply (default: practitioner for
            professional claims, outpatient hospital for institutional ones).
        registry: the registry to use (default: :data:`rcm.edits.registry`).

    Example:
        >>> from datetime import date
        >>> ctx = Context(as_of=date(2026, 4, 15), select=("PTP", "MUE"))
        >>> ctx.select, ctx.history is None
        (('PTP', 'MUE'), True)
        >>> Context(as_of="2026-04-15")
        Traceback (most recent call last):
        ...
        rcm.edits._errors.EditSelectionError: Context.as_of must be a datetime.date ...
    """

    as_of: date = attrs.field(validator=_check_as_of)
    payer: str | None = None
    line_of_business: str | None = None
    tables: Tables = attrs.field(factory=Tables)
    history: History | None = attrs.field(default=None, eq=False)
    select: tuple[str, ...] = attrs.field(default=(), converter=_prefixes)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_prefixes)
    preview: bool = False
    packs: tuple[RulePack, ...] = attrs.field(default=(), converter=_as_tuple)
    setting: Setting | None = attrs.field(default=None, validator=_check_setting)
    registry: Registry | None = attrs.field(default=None, eq=False, repr=False)

    def setting_for(self, claim: Claim) -> Setting:
        """The NCCI setting for *claim*: the context's, else by claim kind.

        Example:
            >>> from rcm.claims.examples import institutional_claim
            >>> Context(as_of=date(2026, 1, 1)).setting_for(institutional_claim())
            'outpatient_hospital'
        """
        if self.setting is not None:
            return self.setting
        return "practitioner" if claim.kind == "professional" else "outpatient_hospital"

    def payer_for(self, claim: Claim) -> str | None:
        """The payer ID: the context's, else the claim's (``None`` if it has none).

        Example:
            >>> from rcm.claims.examples import professional_claim
            >>> Context(as_of=date(2026, 1, 1)).payer_for(professional_claim())
            '60054'
        """
        return self.payer if self.payer is not None else payer_id(claim)
