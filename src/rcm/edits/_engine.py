"""Running edits: :func:`run`, :func:`run_many`, and the :class:`Report` they return."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, ClassVar, Final

from pydantic import BaseModel, ConfigDict, Field

from rcm.claims._claim import Claim  # at run time: run() checks what it is given
from rcm.edits._context import Context, History, line_of_business_for
from rcm.edits._errors import EditCheckError
from rcm.edits._facts import facts
from rcm.edits._finding import Finding
from rcm.edits._registry import Edit, Registry, _longest, registry
from rcm.edits._spec import Severity, Status
from rcm.errors import EditDefinitionError, expect_type, mask

__all__ = ["Report", "run", "run_many"]

logger = logging.getLogger(__name__)

#: What each ``requires`` name of an :class:`EditSpec` needs in the context.
REQUIREMENTS: Final = {
    "ptp": "an NCCI PTP table (Tables.ptp)",
    "mue": "an NCCI MUE table (Tables.mue)",
    "aoc": "an NCCI add-on code table (Tables.aoc)",
    "coverage": "a coverage table (Tables.coverage)",
    "history": "claim history (Context.history)",
}


def _rcm_version() -> str:
    import rcm

    return str(rcm.__version__)


class Report(BaseModel):
    """What the edits found on one claim, in a deterministic order.

    A report is a noun users exchange (store it, send it, diff it), so it is a
    frozen pydantic model with a JSON form; its findings are attrs
    :class:`~rcm.edits.Finding` values that pydantic carries through their own
    schema (never modelled twice). Findings are sorted by first line (claim
    findings first), then code.

    Attributes:
        claim_id: the claim's ID (patient control number); shown masked.
        as_of: the day the claim was checked.
        findings: every finding of every edit that ran.
        edits: the codes that ran.
        skipped: codes selected but not run, each with the reason
            (``"MUE001: needs an NCCI MUE table (Tables.mue)"``).
        sources: the tables and releases consulted, with versions.
        rcm_version: the rcm version that produced the report.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context, run
        >>> report = run(professional_claim(), Context(as_of=date(2025, 3, 10)))
        >>> report.ok, report.findings
        (True, ())
        >>> report  # doctest: +ELLIPSIS
        Report(claim_id='********01', as_of=datetime.date(2025, 3, 10), findings=(), ...)
        >>> Report.model_validate_json(report.model_dump_json()) == report
        True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    _masked: ClassVar[frozenset[str]] = frozenset({"claim_id"})

    claim_id: str | None = None
    as_of: date
    findings: tuple[Finding, ...] = ()
    edits: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    rcm_version: str = Field(default="")

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            if name in self._masked and isinstance(value, str):
                yield name, mask(value)
            else:
                yield name, value

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity ``ERROR``.

        Example:
            >>> from datetime import date
            >>> Report(as_of=date(2026, 1, 1)).errors
            ()
        """
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity ``WARNING``.

        Example:
            >>> from datetime import date
            >>> Report(as_of=date(2026, 1, 1)).warnings
            ()
        """
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """Whether no finding is an error (warnings and info are fine).

        Example:
            >>> from datetime import date
            >>> Report(as_of=date(2026, 1, 1)).ok
            True
        """
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def codes(self) -> tuple[str, ...]:
        """The distinct codes found, sorted.

        Example:
            >>> from datetime import date
            >>> from rcm.edits.families.clm import CLM006
            >>> Report(as_of=date(2026, 1, 1),
            ...        findings=(CLM006.finding(lines=(0,), units="0"),)).codes
            ('CLM006',)
        """
        return tuple(sorted({f.code for f in self.findings}))

    @property
    def carcs(self) -> tuple[str, ...]:
        """The adjustment reason codes the error findings predict, sorted, distinct.

        Example:
            >>> from datetime import date
            >>> from rcm.edits.families.ptp import PTP001
            >>> f = PTP001.finding(lines=(0, 1), column1="80053", column2="82565", mi="0")
            >>> Report(as_of=date(2026, 1, 1), findings=(f,)).carcs
            ('97',)
        """
        return tuple(sorted({f.carc for f in self.findings if f.carc is not None and f.is_error}))

    def for_line(self, index: int) -> tuple[Finding, ...]:
        """The findings that involve the 0-based line *index*.

        Example:
            >>> from datetime import date
            >>> Report(as_of=date(2026, 1, 1)).for_line(0)
            ()
        """
        return tuple(f for f in self.findings if index in f.lines)

    def format(self) -> str:
        """The findings as text, one per line, with fixes and references.

        Example:
            >>> from datetime import date
            >>> from rcm.edits.families.mue import MUE001
            >>> f = MUE001.finding(lines=(0,), code="97110", units=6, limit=4, mai="1")
            >>> print(Report(as_of=date(2026, 1, 1), findings=(f,)).format())  # doctest: +ELLIPSIS
            MUE001 [error] line 1: 97110 is billed with 6 units on one line; the MUE is 4 ...
              fix: ...
              see: https://rcmkit.readthedocs.io/en/latest/edits/mue/#MUE001
        """
        if not self.findings:
            return "no findings"
        out: list[str] = []
        for finding in self.findings:
            out.append(str(finding))
            if finding.trigger:
                out.append(f"  because: {finding.trigger}")
            if finding.fix:
                out.append(f"  fix: {finding.fix}")
            if finding.url:
                out.append(f"  see: {finding.url}")
        return "\n".join(out)


# -- planning ----------------------------------------------------------------------------


class _Plan:
    """Which checks run, for one context (and one payer / line of business)."""

    __slots__ = (
        "base",
        "by_epoch",
        "context",
        "dated",
        "edits",
        "fixed",
        "ran",
        "rules",
        "skipped",
        "skipped_codes",
        "sources",
        "user",
    )

    def __init__(self, context: Context, reg: Registry, payer: str | None, lob: str) -> None:
        self.context = context
        packs = [p for p in context.packs if p.applies_to(payer, lob)]
        edits: list[Edit] = list(reg.edits())
        for pack in packs:
            for edit in pack.edits:
                for spec in edit.specs:
                    spec.check_definition()
                    if spec.code in reg:
                        raise EditDefinitionError(
                            f"rule pack {pack.name!r}: edit {spec.code} collides with a "
                            "registered edit; codes are never reused"
                        )
                edits.append(edit)
        self.edits = edits
        self.rules = [rule for pack in packs for rule in pack.rules]
        specs = [spec for edit in edits for spec in edit.specs]
        extra = [spec for pack in packs for edit in pack.edits for spec in edit.specs]
        self.dated = [s for s in specs if s.effective is not None or s.expires is not None]
        base = reg.enabled(
            select=context.select, ignore=context.ignore, preview=context.preview, extra=extra
        )
        # The user's say: True/False where select/ignore speaks, None where it is silent
        # (then pack rules decide, then rcm's defaults).
        ignored = reg.normalize(context.ignore, "ignore", extra=extra)
        self.user: dict[str, bool | None] = {}
        for spec in specs:
            spoken = bool(context.select) or _longest(spec.code, ignored) is not None
            self.user[spec.code] = (spec.code in base) if spoken else None
        self.by_epoch: dict[tuple[bool, ...], list[tuple[Edit, frozenset[str]]]] = {}
        self.base = base
        tables = context.tables
        self.sources = tables.versions()
        missing = {name for name, ok in _available(context).items() if not ok}
        skipped: list[str] = []
        for spec in specs:
            need = [name for name in spec.requires if name in missing]
            if need and (self.user.get(spec.code) or spec.code in base):
                skipped.append(f"{spec.code}: needs {REQUIREMENTS[need[0]]}")
        self.skipped = tuple(sorted(skipped))
        self.skipped_codes = frozenset(entry.split(":", 1)[0] for entry in skipped)
        self.ran: dict[tuple[bool, ...], tuple[str, ...]] = {}
        # Without rule packs or dated edits every claim gets the same checks: they
        # are worked out once, not looked up by the claim's first date each time.
        self.fixed: tuple[list[tuple[Edit, frozenset[str]]], tuple[str, ...]] | None = None
        if not (self.rules or self.dated):
            self.fixed = self.steps(None)

    def steps(self, day: date | None) -> tuple[list[tuple[Edit, frozenset[str]]], tuple[str, ...]]:
        """The checks to run on a claim whose first date of service is *day*, and the codes."""
        if day is None or not (self.rules or self.dated):
            key: tuple[bool, ...] = ()
        else:
            key = tuple(rule.active_on(day) for rule in self.rules) + tuple(
                spec.applies_on(day) for spec in self.dated
            )
        steps = self.by_epoch.get(key)
        if steps is None:
            steps = self._build(day)
            self.by_epoch[key] = steps
            codes = {code for _, group in steps for code in group} - self.skipped_codes
            self.ran[key] = tuple(sorted(codes))
        return steps, self.ran[key]

    def _build(self, day: date | None) -> list[tuple[Edit, frozenset[str]]]:
        active_rules = [r for r in self.rules if day is None or r.active_on(day)]
        steps: list[tuple[Edit, frozenset[str]]] = []
        for edit in self.edits:
            codes: set[str] = set()
            for spec in edit.specs:
                if spec.status is Status.REMOVED:
                    continue
                if day is not None and not spec.applies_on(day):
                    continue
                decision = self.user.get(spec.code)
                if decision is None:
                    decision = _pack_decision(spec.code, active_rules)
                if decision is None:
                    decision = spec.code in self.base
                if decision:
                    codes.add(spec.code)
            if codes:
                steps.append((edit, frozenset(codes)))
        logger.debug(
            "edit plan for %s: %d checks, codes %s",
            day,
            len(steps),
            sorted(c for _, cs in steps for c in cs),
        )
        return steps


def _pack_decision(code: str, rules: list[Any]) -> bool | None:
    best = None
    best_len = -1
    for rule in rules:
        if code.startswith(rule.prefix) and len(rule.prefix) >= best_len:
            best, best_len = rule, len(rule.prefix)
    if best is None:
        return None
    return bool(best.action == "enable")


def _available(context: Context) -> dict[str, bool]:
    tables = context.tables
    return {
        "ptp": bool(tables.ptp),
        "mue": bool(tables.mue),
        "aoc": bool(tables.aoc),
        "coverage": bool(tables.coverage),
        "history": context.history is not None,
    }


_PLANS: dict[tuple[int, int, str | None, str], tuple[Context, _Plan]] = {}
_PLAN_LIMIT: Final = 32


def _plan_for(context: Context, claim: Claim) -> _Plan:
    reg = context.registry if context.registry is not None else registry
    payer = context.payer_for(claim) if context.packs else ""
    lob = line_of_business_for(claim, context) if context.packs else ""
    reg._ensure()
    key = (id(context), reg.generation, payer, lob)
    cached = _PLANS.get(key)
    if cached is not None and cached[0] is context:
        return cached[1]
    plan = _Plan(context, reg, payer, lob)
    if len(_PLANS) >= _PLAN_LIMIT:
        _PLANS.pop(next(iter(_PLANS)))
    # Keep the context alive with its plan so its id is not reused meanwhile.
    _PLANS[key] = (context, plan)
    return plan


def _sort_key(finding: Finding) -> tuple[int, str]:
    return (finding.lines[0] if finding.lines else -1, finding.code)


def _check(claim: Claim, context: Context, plan: _Plan) -> tuple[list[Finding], tuple[str, ...]]:
    findings: list[Finding] = []
    append = findings.append
    fixed = plan.fixed
    steps, ran = fixed if fixed is not None else plan.steps(facts(claim).first_day)
    for edit, codes in steps:
        try:
            found = edit.check(claim, context)
            if found.__class__ is list and not found:
                continue  # most checks find nothing on most claims (built-ins return lists)
            for finding in found:
                if finding.code in codes:
                    append(finding)
                elif finding.code not in edit.codes:
                    raise EditDefinitionError(
                        f"a check for {'/'.join(edit.codes)} returned a finding of "
                        f"{finding.code}, which it does not declare"
                    )
        except EditDefinitionError:
            raise
        except Exception as exc:
            raise EditCheckError(code="/".join(edit.codes), claim_id=claim.claim_id) from exc
    if len(findings) > 1:
        findings.sort(key=_sort_key)
    return findings, ran


def run(claim: Claim, context: Context) -> Report:
    """Run every selected edit on *claim* and return the :class:`Report`.

    Checks are pure: the claim is never changed. Findings come back in a
    deterministic order (by first line, then code).

    Raises:
        EditCheckError: a check raised (a bug in that edit); the cause is chained.
        EditDefinitionError: a check returned a finding it does not declare.
        EditSelectionError: a ``select``/``ignore`` entry is malformed.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context, run
        >>> claim = professional_claim()
        >>> bad = claim.evolve(lines=(claim.lines[0], claim.lines[0]),
        ...                    total_charge=claim.lines[0].charge + claim.lines[0].charge)
        >>> report = run(bad, Context(as_of=date(2025, 3, 10)))
        >>> tuple((f.code, f.lines) for f in report.findings)
        (('DUP001', (0, 1)),)
        >>> report.findings[0].carc
        '18'
    """
    expect_type(claim, Claim, function="rcm.edits.run", expected="a Claim")
    return _run(claim, context, _plan_for(context, claim))


def _run(claim: Claim, context: Context, plan: _Plan) -> Report:
    findings, ran = _check(claim, context, plan)
    # _report(...), written out: two Python calls fewer for every claim checked.
    report = _new(Report)
    _setattr(
        report,
        "__dict__",
        {
            "claim_id": claim.claim_id,
            "as_of": context.as_of,
            "findings": tuple(findings),
            "edits": ran,
            "skipped": plan.skipped,
            "sources": plan.sources,
            "rcm_version": _VERSION[0] if _VERSION else _version(),
        },
    )
    # a set of its own: pydantic's model_copy(update=...) adds to it
    _setattr(report, "__pydantic_fields_set__", set(_REPORT_FIELDS))
    _setattr(report, "__pydantic_extra__", None)
    _setattr(report, "__pydantic_private__", None)
    return report


_REPORT_FIELDS: Final = frozenset(
    {"claim_id", "as_of", "findings", "edits", "skipped", "sources", "rcm_version"}
)
_new: Final = Report.__new__
_setattr: Final = object.__setattr__


_VERSION: list[str] = []


def _version() -> str:
    if not _VERSION:
        _VERSION.append(_rcm_version())
    return _VERSION[0]


def run_many(
    claims: Iterable[Claim], context: Context, *, cumulative: bool = False
) -> Iterator[Report]:
    """Run the edits on many claims, yielding one :class:`Report` per claim, in order.

    Args:
        claims: any iterable (a generator of a million claims streams).
        context: the context for every claim.
        cumulative: also treat the claims already checked in this batch as
            history, so a claim sent twice in one batch is caught (DUP) and
            units add up across the batch's claims (MUE). The context's own
            history is never changed.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context, run_many
        >>> claims = [professional_claim(), professional_claim()]
        >>> reports = run_many(claims, Context(as_of=date(2025, 3, 10)), cumulative=True)
        >>> tuple(r.codes for r in reports)
        ((), ('DUP002',))
    """
    import attrs

    index = None
    if cumulative:
        base = context.history if context.history is not None else History(())
        history, index = base._growing()
        context = attrs.evolve(context, history=history)
    reg = context.registry if context.registry is not None else registry
    # Without rule packs the plan does not depend on the claim (payer and line of
    # business only choose packs), so it is looked up once, and again only if an
    # edit is registered meanwhile (the registry's generation changes).
    shared: _Plan | None = None
    generation = -1
    for position, claim in enumerate(claims):
        expect_type(
            claim, Claim, function="rcm.edits.run_many", expected="a Claim", position=position
        )
        if context.packs:
            report = run(claim, context)
        else:
            if shared is None or reg.generation != generation:
                shared = _plan_for(context, claim)
                generation = reg.generation
            report = _run(claim, context, shared)
        if index is not None:
            index.add(claim)
        yield report
