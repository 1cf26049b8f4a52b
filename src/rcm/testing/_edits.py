"""Strategies and fixtures for the edit engine: clean claims, and claims that trip one edit.

Requires the ``rcmkit[testing]`` extra (hypothesis).

The tables here (:func:`example_tables`) are **illustrative**: a handful of
rows in the official layouts with values rcm made up for testing. They are
not CMS's tables and must not be used to scrub real claims.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs
from hypothesis import strategies as st

from rcm.claims import (
    Address,
    Claim,
    Coverage,
    Diagnosis,
    Patient,
    Payer,
    Provider,
    ServiceLine,
    Subscriber,
)
from rcm.dates import DateRange
from rcm.edits import Context, FilingLimit, History, Tables
from rcm.edits.tables import (
    AocRow,
    AocTable,
    CoveragePolicy,
    CoverageTable,
    MueRow,
    MueTable,
    PtpRow,
    PtpTable,
)
from rcm.money import Money

__all__ = [
    "MUTATIONS",
    "EditCase",
    "Mutation",
    "add_line",
    "clean_claim",
    "clean_claims",
    "context_for",
    "edit_cases",
    "example_tables",
    "from_edit_table",
    "make_case",
    "unchecked",
]

#: The default date of service of :func:`clean_claim` (FY2025).
CLEAN_DAY: Final = date(2025, 3, 3)


def unchecked(model: Any, path: str, value: Any) -> Any:
    """A copy of a claims model with one field changed *without* validation.

    For building the malformed claims that lenient 837 reading lets through
    (zero units, a total that does not add up, a bad NPI): the models refuse
    them when validated. *path* is dotted, with ``[i]`` for tuple items
    (``"lines[0].units"``); *value* is converted to the type of the value it
    replaces (``"0"`` becomes ``Decimal("0")`` for units, ``Money`` for amounts).

    Requires the ``rcmkit[testing]`` extra.

    Example:
        >>> claim = clean_claim()
        >>> unchecked(claim, "lines[0].units", "0").lines[0].units
        Decimal('0')
        >>> claim.lines[0].units
        Decimal('1')
    """
    head, _, rest = path.partition(".")
    name, index = head, None
    if "[" in head:
        name, _, tail = head.partition("[")
        index = int(tail.rstrip("]"))
    current = getattr(model, name)
    if index is not None:
        items = list(current)
        items[index] = unchecked(items[index], rest, value) if rest else _like(items[index], value)
        new: Any = tuple(items)
    elif rest:
        new = unchecked(current, rest, value)
    else:
        new = _like(current, value)
    return model.model_copy(update={name: new})


def _like(old: Any, value: Any) -> Any:
    if value is None or isinstance(value, type(old)):
        return value
    if isinstance(old, Money):
        return Money(value)
    if isinstance(old, Decimal):
        return Decimal(str(value))
    if isinstance(old, bool):
        return bool(value)
    if isinstance(old, int):
        return int(value)
    if isinstance(old, tuple):
        return tuple(value)
    if isinstance(old, date):
        return date.fromisoformat(str(value))
    return value


def _patient() -> Patient:
    return Patient(
        last_name="TESTPATIENT",
        first_name="ALEX",
        birth_date=date(1961, 7, 4),
        sex="F",
        address=Address(line1="1 TEST WAY", city="SPRINGFIELD", state="IL", postal_code="62701"),
    )


def _billing() -> Provider:
    return Provider(
        name="TEST FAMILY PRACTICE",
        npi="1234567893",
        tax_id="123456789",
        address=Address(line1="100 MAIN ST", city="SPRINGFIELD", state="IL", postal_code="62701"),
    )


def _line(
    code: str, day: date, pointers: tuple[int, ...], charge: str, **extra: Any
) -> ServiceLine:
    return ServiceLine(
        procedure_code=code,
        charge=Money(charge),
        service_date=DateRange.single(day),
        diagnosis_pointers=pointers,
        **extra,
    )


def clean_claim(*, day: date = CLEAN_DAY) -> Claim:
    """A professional claim that no built-in edit objects to under :func:`example_tables`.

    Two diagnoses (E11.9, I10), an office visit (99213) and a glucose test
    (82947, which the example coverage supports for E11.9). Every name and
    number is invented.

    Requires the ``rcmkit[testing]`` extra.

    Example:
        >>> from rcm.edits import run
        >>> claim = clean_claim()
        >>> tuple(line.procedure_code for line in claim.lines)
        ('99213', '82947')
        >>> run(claim, context_for(claim)).findings
        ()
    """
    patient = _patient()
    lines = (
        _line("99213", day, (1, 2), "125.00"),
        _line("82947", day, (1,), "20.00"),
    )
    return Claim(
        kind="professional",
        claim_id="EDITCASE0001",
        billing_provider=_billing(),
        rendering_provider=Provider(
            name="TESTDOC", first_name="SAM", entity="person", npi="1999999992"
        ),
        coverage=Coverage(
            payer=Payer(name="ACME HEALTH PLAN", payer_id="60054"),
            subscriber=Subscriber.from_patient(patient, member_id="TST000123401"),
        ),
        patient=patient,
        place_of_service="11",
        diagnoses=(Diagnosis(code="E11.9"), Diagnosis(code="I10")),
        lines=lines,
        total_charge=sum((line.charge for line in lines), Money(0)),
    )


@functools.cache
def example_tables() -> Tables:
    """Small, **illustrative** tables in the official layouts (values invented for tests).

    - PTP (practitioner): 80053/82947 indicator 0; 99213/36415 indicator 1;
      80053/82565 indicator 0; 99214/99213 indicator 0; 99213/93000
      indicator 1 deleted at the end of 2019.
    - MUE (practitioner): 99213 1/MAI 2, 99214 1/MAI 2, 80053 1/MAI 2,
      82947 2/MAI 1, 85025 1/MAI 3, 36415 2/MAI 3.
    - AOC: 99292 type 1 with 99291; 0054T type 2; 99417 type 3 with 99205, 99215.
    - Coverage: 82947 for E11.- and R73.-.
    - Filing limit: 365 days for every payer.

    Requires the ``rcmkit[testing]`` extra.

    Example:
        >>> example_tables().versions()[0]
        'NCCI PTP practitioner example (illustrative)'
    """
    since = date(2000, 1, 1)
    version = "example (illustrative)"
    misuse = "Misuse of column two code with column one code"
    practice = "Standards of medical / surgical practice"
    ptp = PtpTable.from_rows(
        [
            PtpRow("80053", "82565", since, None, 0, misuse),
            PtpRow("80053", "82947", since, None, 0, misuse),
            PtpRow("99213", "36415", date(2010, 1, 1), None, 1, practice),
            PtpRow("99213", "93000", since, date(2019, 12, 31), 1, practice),
            PtpRow("99214", "99213", since, None, 0, "Mutually exclusive procedures"),
        ],
        setting="practitioner",
        version=version,
        source="rcm.testing example",
    )
    mue = MueTable(
        [
            MueRow("36415", 2, 3, "Clinical: Data"),
            MueRow("80053", 1, 2, "Code Descriptor / CPT Instruction"),
            MueRow("82947", 2, 1, "Clinical: Data"),
            MueRow("85025", 1, 3, "Clinical: Data"),
            MueRow("99213", 1, 2, "Code Descriptor / CPT Instruction"),
            MueRow("99214", 1, 2, "Code Descriptor / CPT Instruction"),
        ],
        setting="practitioner",
        version=version,
        source="rcm.testing example",
    )
    aoc = AocTable(
        [
            AocRow("99292", "99291", 1),
            AocRow("0054T", None, 2),
            AocRow("99417", "99205", 3),
            AocRow("99417", "99215", 3),
        ],
        version=version,
        source="rcm.testing example",
    )
    coverage = CoverageTable(
        [CoveragePolicy("82947", "example policy (illustrative)", prefixes=("E11", "R73"))],
        version=version,
        source="rcm.testing example",
    )
    limit = FilingLimit(days=365, source="example contract (illustrative)")
    return Tables(ptp=ptp, mue=mue, aoc=aoc, coverage=coverage, filing_limits=(limit,))


def context_for(claim: Claim, **changes: Any) -> Context:
    """The example context for *claim*: :func:`example_tables`, checked a week after service.

    Requires the ``rcmkit[testing]`` extra.

    Example:
        >>> context_for(clean_claim()).as_of
        datetime.date(2025, 3, 10)
    """
    last = max(line.service_date.end for line in claim.lines if line.service_date is not None)
    values: dict[str, Any] = {"as_of": last + timedelta(days=7), "tables": example_tables()}
    values.update(changes)
    return Context(**values)


# -- building blocks for mutations -------------------------------------------------------


def _total(claim: Claim, lines: tuple[ServiceLine, ...], **changes: Any) -> Claim:
    return claim.evolve(
        lines=lines, total_charge=sum((ln.charge for ln in lines), Money(0)), **changes
    )


def _day(claim: Claim) -> date:
    first = claim.lines[0].service_date
    assert first is not None
    return first.start


def add_line(
    claim: Claim,
    code: str,
    *,
    pointers: tuple[int, ...] = (1,),
    modifiers: tuple[str, ...] = (),
    units: int = 1,
    charge: str = "10.00",
) -> Claim:
    """*claim* with one more professional line on its first date of service.

    Requires the ``rcmkit[testing]`` extra.

    Example:
        >>> tuple(ln.procedure_code for ln in add_line(clean_claim(), "85025").lines)
        ('99213', '82947', '85025')
    """
    line = _line(code, _day(claim), pointers, charge, modifiers=modifiers, units=Decimal(units))
    return _total(claim, (*claim.lines, line))


def _find(claim: Claim, code: str) -> int | None:
    for index, line in enumerate(claim.lines):
        if line.procedure_code == code:
            return index
    return None


def _ensure(claim: Claim, code: str, **kw: Any) -> tuple[Claim, int]:
    index = _find(claim, code)
    if index is None:
        claim = add_line(claim, code, **kw)
        index = len(claim.lines) - 1
    return claim, index


def _set(claim: Claim, index: int, **changes: Any) -> Claim:
    lines = list(claim.lines)
    lines[index] = lines[index].evolve(**changes)
    return _total(claim, tuple(lines))


def _dx(claim: Claim, diagnoses: tuple[str, ...], **changes: Any) -> Claim:
    return claim.evolve(diagnoses=tuple(Diagnosis(code=c) for c in diagnoses), **changes)


def _only(claim: Claim, *lines: ServiceLine) -> Claim:
    return _total(claim, lines)


@attrs.frozen(slots=True)
class EditCase:
    """A claim and a context that must trip one edit (and may trip *also*).

    Attributes:
        code: the edit the case is for.
        claim: the claim.
        context: the context to run it in.
        also: other codes the case may also produce (info-level companions).

    Example:
        >>> case = make_case("MUE002")
        >>> case.code, case.claim.lines[0].units
        ('MUE002', Decimal('2'))
    """

    code: str
    claim: Claim
    context: Context
    also: frozenset[str] = frozenset()


Change = Callable[[Claim, Context], tuple[Claim, Context]]


@attrs.frozen(slots=True)
class Mutation:
    """How to turn a clean claim into one that trips an edit, and how to fix it.

    Attributes:
        code: the edit.
        apply: ``apply(claim, context) -> (claim, context)``, a valid claim.
        description: what the mutation does, in words.
        also: codes it may also produce.
        unchecked: changes applied after *apply* without validation, as
            ``(path, value)`` pairs (see :func:`unchecked`); a value may be a
            function of the claim.
        fixed: ``fixed(claim, context)``: the near miss that does not trip the
            edit (default: the clean claim as it is).
        fix_description: what *fixed* does, in words.

    Example:
        >>> MUTATIONS["DX001"].description
        'add E10.9 to a claim with E11.9 (type 1 and type 2 diabetes)'
    """

    code: str
    apply: Change
    description: str
    also: frozenset[str] = frozenset()
    unchecked: tuple[tuple[str, Any], ...] = ()
    fixed: Change | None = None
    fix_description: str = "the clean claim"

    def bad(self, claim: Claim, context: Context) -> tuple[Claim, Context]:
        """The mutated claim and context (unchecked changes applied).

        Example:
            >>> claim, _ = MUTATIONS["CLM006"].bad(clean_claim(), context_for(clean_claim()))
            >>> claim.lines[0].units
            Decimal('0')
        """
        claim, context = self.apply(claim, context)
        for path, value in self.unchecked:
            claim = unchecked(claim, path, value(claim) if callable(value) else value)
        return claim, context

    def good(self, claim: Claim, context: Context) -> tuple[Claim, Context]:
        """The near miss: a claim and context that must not trip the edit.

        Example:
            >>> claim, _ = MUTATIONS["PTP002"].good(clean_claim(), context_for(clean_claim()))
            >>> claim.lines[-1].modifiers
            ('XE',)
        """
        if self.fixed is None:
            return claim, context
        return self.fixed(claim, context)


def _fy2025(day: date) -> bool:
    return day < date(2025, 10, 1)


def _m_cod001(c: Claim, x: Context) -> tuple[Claim, Context]:
    return _dx(c, ("E11.9", "I10.9")), x


def _m_cod002(c: Claim, x: Context) -> tuple[Claim, Context]:
    return _dx(c, ("E11.9", "I25")), x


def _m_cod003(c: Claim, x: Context) -> tuple[Claim, Context]:
    return _dx(c, ("E11.9", "S72.001")), x


def _same(c: Claim, x: Context) -> tuple[Claim, Context]:
    return c, x


def _m_cod005(c: Claim, x: Context) -> tuple[Claim, Context]:
    # E11.A arrived in FY2026; T78.07XA left after FY2025.
    other = "E11.A" if _fy2025(_day(c)) else "T78.07XA"
    return _dx(c, ("E11.9", other)), x


def _m_cod006(c: Claim, x: Context) -> tuple[Claim, Context]:
    line = _line("99213", _day(c), (1, 2), "125.00")
    diagnoses = (
        Diagnosis(code="250.00", system="ICD-9-CM"),
        Diagnosis(code="401.9", system="ICD-9-CM"),
    )
    return _total(c, (line,), diagnoses=diagnoses), x


def _m_cod007(c: Claim, x: Context) -> tuple[Claim, Context]:
    day = date(2023, 6, 1)
    lines = tuple(ln.evolve(service_date=DateRange.single(day)) for ln in c.lines)
    return _total(c, lines), attrs.evolve(x, as_of=day + timedelta(days=7))


def _m_dx001(c: Claim, x: Context) -> tuple[Claim, Context]:
    return _dx(c, (*(d.code for d in c.diagnoses), "E10.9")), x


def _m_dx002(c: Claim, x: Context) -> tuple[Claim, Context]:
    diagnoses = tuple(Diagnosis(code=code) for code in ("G63", "E11.9", "I10", "E85.4"))
    lines = tuple(
        ln.evolve(diagnosis_pointers=tuple(p + 1 for p in ln.diagnosis_pointers)) for ln in c.lines
    )
    return _total(c, lines, diagnoses=diagnoses), x


def _m_dx003(c: Claim, x: Context) -> tuple[Claim, Context]:
    codes = [d.code for d in c.diagnoses]
    return _dx(c, (*codes, "G63")), x


def _m_dx005(c: Claim, x: Context) -> tuple[Claim, Context]:
    codes = [d.code for d in c.diagnoses]
    return _dx(c, (*codes, codes[0])), x


def _m_clm001(c: Claim, x: Context) -> tuple[Claim, Context]:
    patient = c.patient.evolve(birth_date=None)
    subscriber = c.coverage.subscriber.evolve(birth_date=None)
    return c.evolve(patient=patient, coverage=c.coverage.evolve(subscriber=subscriber)), x


def _m_clm002(c: Claim, x: Context) -> tuple[Claim, Context]:
    return c, attrs.evolve(x, as_of=_day(c) - timedelta(days=1))


def _m_clm003(c: Claim, x: Context) -> tuple[Claim, Context]:
    return c.evolve(onset_date=_day(c) + timedelta(days=1)), x


def _m_clm007(c: Claim, x: Context) -> tuple[Claim, Context]:
    return c.evolve(place_of_service="29"), x


# 93000 (ECG) is on no clean claim and in no example table row in force: a neutral line.
_NEUTRAL = "93000"


def _m_clm008(c: Claim, x: Context) -> tuple[Claim, Context]:
    return add_line(c, _NEUTRAL, charge="0.00"), x


def _m_mod001(c: Claim, x: Context) -> tuple[Claim, Context]:
    return _set(c, 0, modifiers=("28",)), x


def _m_mod002(c: Claim, x: Context) -> tuple[Claim, Context]:
    return add_line(c, _NEUTRAL, modifiers=("26", "TC")), x


def _m_mod003(c: Claim, x: Context) -> tuple[Claim, Context]:
    return add_line(c, _NEUTRAL, modifiers=("TC", "TC")), x


def _m_mod004(c: Claim, x: Context) -> tuple[Claim, Context]:
    return add_line(c, _NEUTRAL, modifiers=("59", "XS")), x


def _m_ptp001(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, _ = _ensure(c, "82947", charge="20.00")
    return add_line(claim, "80053", charge="40.00"), x


def _m_ptp002(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, _ = _ensure(c, "99213", pointers=(1,), charge="125.00")
    return add_line(claim, "36415"), x


def _m_ptp003(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, _ = _ensure(c, "99213", pointers=(1,), charge="125.00")
    return add_line(claim, "36415", modifiers=("XE",)), x


def _m_ptp004(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, _ = _ensure(c, "99213", pointers=(1,), charge="125.00")
    return add_line(claim, "36415", modifiers=("59",)), attrs.evolve(x, preview=True)


def _m_ptp005(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, _ = _ensure(c, "82947", charge="20.00")
    earlier = _only(claim, _line("80053", _day(claim), (1,), "40.00")).evolve(
        claim_id="EDITCASE0000"
    )
    return claim, attrs.evolve(x, history=History([earlier]))


def _m_mue001(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, index = _ensure(c, "82947", charge="20.00")
    return _set(claim, index, units=Decimal(3)), x


def _m_mue002(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, index = _ensure(c, "99213", pointers=(1,), charge="125.00")
    return _set(claim, index, units=Decimal(2)), x


def _m_mue003(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, index = _ensure(c, "85025")
    return _set(claim, index, units=Decimal(2)), x


def _m_mue004(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, index = _ensure(c, "85025")
    claim = _set(claim, index, modifiers=("91",))
    earlier = _only(claim, _line("85025", _day(claim), (1,), "10.00"))
    return claim, attrs.evolve(x, history=History([earlier.evolve(claim_id="EDITCASE0000")]))


def _m_aoc001(c: Claim, x: Context) -> tuple[Claim, Context]:
    return add_line(c, "99292", charge="90.00"), x


def _m_aoc002(c: Claim, x: Context) -> tuple[Claim, Context]:
    return _only(c, _line("0054T", _day(c), (1,), "50.00")), x


def _m_aoc003(c: Claim, x: Context) -> tuple[Claim, Context]:
    return add_line(c, "99417", charge="60.00"), x


def _m_mn001(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim = _dx(c, ("E11.9", "I10"))
    claim, index = _ensure(claim, "82947", charge="20.00")
    return _set(claim, index, diagnosis_pointers=(2,)), x


def _m_mn002(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, x = _m_mn001(c, x)
    index = _find(claim, "82947")
    assert index is not None
    return _set(claim, index, modifiers=("GA",)), x


def _m_dup001(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, index = _ensure(c, "82947", charge="20.00")
    return _total(claim, (*claim.lines, claim.lines[index])), x


def _m_dup002(c: Claim, x: Context) -> tuple[Claim, Context]:
    return c, attrs.evolve(x, history=History([c]))


def _m_dup003(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, index = _ensure(c, "82947", charge="20.00")
    earlier = _only(claim, claim.lines[index]).evolve(claim_id="EDITCASE0000")
    return claim, attrs.evolve(x, history=History([earlier]))


def _m_dup004(c: Claim, x: Context) -> tuple[Claim, Context]:
    # 82947's MUE is a line edit, so two lines of it trip only the duplicate check.
    kept = tuple(ln for ln in c.lines if ln.procedure_code != "82947")
    line = _line("82947", _day(c), (1,), "10.00")
    return _total(c, (*kept, line, line.evolve(charge=Money("12.00")))), x


def _late(c: Claim, days: int) -> date:
    return _day(c) + timedelta(days=365 + days)


def _m_tf001(c: Claim, x: Context) -> tuple[Claim, Context]:
    return c, attrs.evolve(x, as_of=_late(c, 10))


def _m_tf002(c: Claim, x: Context) -> tuple[Claim, Context]:
    return c, attrs.evolve(x, as_of=_late(c, -10))


def _m_tf003(c: Claim, x: Context) -> tuple[Claim, Context]:
    return c.evolve(delay_reason="1"), attrs.evolve(x, as_of=_late(c, 10))


def _f_cod003(c: Claim, x: Context) -> tuple[Claim, Context]:
    return _dx(c, ("E11.9", "S72.001A")), x


def _f_dx002(c: Claim, x: Context) -> tuple[Claim, Context]:
    diagnoses = tuple(Diagnosis(code=code) for code in ("E85.4", "G63", "E11.9", "I10"))
    lines = tuple(
        ln.evolve(diagnosis_pointers=tuple(p + 2 for p in ln.diagnosis_pointers)) for ln in c.lines
    )
    return _total(c, lines, diagnoses=diagnoses), x


def _f_dx003(c: Claim, x: Context) -> tuple[Claim, Context]:
    codes = [d.code for d in c.diagnoses]
    return _dx(c, (*codes, "E85.4", "G63")), x


def _f_ptp001(c: Claim, x: Context) -> tuple[Claim, Context]:
    kept = tuple(ln for ln in c.lines if ln.procedure_code != "82947")
    return add_line(_total(c, kept), "80053", charge="40.00"), x


def _f_ptp002(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, _ = _ensure(c, "99213", pointers=(1,), charge="125.00")
    return add_line(claim, "36415", modifiers=("XE",)), x


def _f_mue001(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, index = _ensure(c, "82947", charge="20.00")
    return _set(claim, index, units=Decimal(2)), x


def _f_aoc001(c: Claim, x: Context) -> tuple[Claim, Context]:
    return add_line(add_line(c, "99291", charge="250.00"), "99292", charge="90.00"), x


def _f_aoc003(c: Claim, x: Context) -> tuple[Claim, Context]:
    return add_line(add_line(c, "99215", charge="210.00"), "99417", charge="60.00"), x


def _f_dup001(c: Claim, x: Context) -> tuple[Claim, Context]:
    kept = tuple(ln for ln in c.lines if ln.procedure_code != "82947")
    line = _line("82947", _day(c), (1,), "40.00", units=Decimal(2))
    return _total(c, (*kept, line)), x


def _f_dup002(c: Claim, x: Context) -> tuple[Claim, Context]:
    replacement = c.evolve(frequency_code="7", original_claim_number="PAYER0001")
    return replacement, attrs.evolve(x, history=History([c]))


def _f_dup003(c: Claim, x: Context) -> tuple[Claim, Context]:
    claim, x = _m_dup003(c, x)
    index = _find(claim, "82947")
    assert index is not None
    return _set(claim, index, modifiers=("91",)), x


#: Near misses: (fix function, what it does) by code.
_FIXES: Final[dict[str, tuple[Change, str]]] = {
    "COD003": (_f_cod003, "report S72.001A (initial encounter for closed fracture)"),
    "DX002": (_f_dx002, "list E85.4 first, then G63"),
    "DX003": (_f_dx003, "add E85.4 (amyloidosis) before G63"),
    "PTP001": (_f_ptp001, "bill 80053 alone; it includes the glucose test"),
    "PTP002": (_f_ptp002, "add XE to 36415 (a separate encounter)"),
    "MUE001": (_f_mue001, "bill 2 units"),
    "AOC001": (_f_aoc001, "bill 99291 with 99292"),
    "AOC003": (_f_aoc003, "bill 99417 with 99215"),
    "DUP001": (_f_dup001, "bill 82947 once with 2 units"),
    "DUP002": (_f_dup002, "send it as a replacement (frequency 7) with the payer's claim number"),
    "DUP003": (_f_dup003, "add 91 (repeat clinical laboratory test)"),
}


def _mutations() -> Mapping[str, Mutation]:
    table = [
        Mutation("COD001", _m_cod001, "replace I10 with I10.9, which ICD-10-CM does not define"),
        Mutation("COD002", _m_cod002, "replace I10 with the heading I25"),
        Mutation("COD003", _m_cod003, "replace I10 with S72.001, which lacks its 7th character"),
        Mutation(
            "COD004",
            _same,
            "make the first procedure code 9921X (unchecked)",
            unchecked=(("lines[0].procedure_code", "9921X"),),
        ),
        Mutation("COD005", _m_cod005, "add a diagnosis from the other fiscal year's release"),
        Mutation("COD006", _m_cod006, "code the diagnoses in ICD-9-CM"),
        Mutation("COD007", _m_cod007, "move the service to 2023, before the bundled releases"),
        Mutation("DX001", _m_dx001, "add E10.9 to a claim with E11.9 (type 1 and type 2 diabetes)"),
        Mutation("DX002", _m_dx002, "list G63 (a manifestation) first, with its underlying E85.4"),
        Mutation("DX003", _m_dx003, "add G63 without any condition its 'code first' note names"),
        Mutation(
            "DX004",
            _same,
            "point the office visit at diagnosis 9 (unchecked)",
            unchecked=(("lines[0].diagnosis_pointers", (1, 9)),),
        ),
        Mutation("DX005", _m_dx005, "list the first diagnosis twice"),
        Mutation("CLM001", _m_clm001, "leave out the patient's birth date"),
        Mutation("CLM002", _m_clm002, "check the claim the day before the service"),
        Mutation("CLM003", _m_clm003, "put the onset date after the service"),
        Mutation(
            "CLM004",
            _same,
            "add $1.00 to the total charge (unchecked)",
            unchecked=(("total_charge", lambda c: str(c.total_charge + Money("1.00"))),),
        ),
        Mutation(
            "CLM005",
            _same,
            "change the rendering NPI's check digit (unchecked)",
            unchecked=(("rendering_provider.npi", "1999999993"),),
        ),
        Mutation(
            "CLM006",
            _same,
            "bill 0 units on the first line (unchecked)",
            unchecked=(("lines[0].units", "0"),),
        ),
        Mutation("CLM007", _m_clm007, "use place of service 29, which CMS has not assigned"),
        Mutation("CLM008", _m_clm008, "add a 93000 line with a $0.00 charge"),
        Mutation("MOD001", _m_mod001, "put modifier 28 (not a CPT modifier) on the first line"),
        Mutation("MOD002", _m_mod002, "add a 93000 line with both 26 and TC"),
        Mutation("MOD003", _m_mod003, "add a 93000 line with TC twice"),
        Mutation("MOD004", _m_mod004, "add a 93000 line with 59 and XS"),
        Mutation("PTP001", _m_ptp001, "add 80053, which bundles 82947 (indicator 0)"),
        Mutation(
            "PTP002", _m_ptp002, "add 36415, bundled into 99213 (indicator 1), without a modifier"
        ),
        Mutation("PTP003", _m_ptp003, "add 36415 with XE, which bypasses the indicator-1 pair"),
        Mutation(
            "PTP004",
            _m_ptp004,
            "add 36415 with 59 (preview edits on)",
            also=frozenset({"PTP003"}),
        ),
        Mutation("PTP005", _m_ptp005, "bill 80053 on an earlier claim for the same day"),
        Mutation("MUE001", _m_mue001, "bill 3 units of 82947 (MUE 2, line edit)"),
        Mutation("MUE002", _m_mue002, "bill 2 units of 99213 (MUE 1, policy)"),
        Mutation("MUE003", _m_mue003, "bill 2 units of 85025 (MUE 1, clinical)"),
        Mutation("MUE004", _m_mue004, "bill 85025 again (91) after an earlier claim billed it"),
        Mutation("AOC001", _m_aoc001, "add 99292 without its primary 99291"),
        Mutation("AOC002", _m_aoc002, "bill the type 2 add-on code 0054T alone"),
        Mutation("AOC003", _m_aoc003, "add 99417 without a listed primary (99205, 99215)"),
        Mutation("MN001", _m_mn001, "point 82947 at I10, which the coverage does not list"),
        Mutation("MN002", _m_mn002, "point 82947 at I10 and add GA (ABN on file)"),
        Mutation("DUP001", _m_dup001, "repeat the 82947 line exactly"),
        Mutation("DUP002", _m_dup002, "send the same claim again"),
        Mutation("DUP003", _m_dup003, "bill 82947 again after an earlier claim billed it"),
        Mutation("DUP004", _m_dup004, "bill 82947 on two lines with different charges"),
        Mutation("TF001", _m_tf001, "check the claim 375 days after the service"),
        Mutation("TF002", _m_tf002, "check the claim 355 days after the service"),
        Mutation("TF003", _m_tf003, "check it 375 days after, with delay reason 1"),
    ]
    out: dict[str, Mutation] = {}
    for mutation in table:
        fix = _FIXES.get(mutation.code)
        if fix is not None:
            mutation = attrs.evolve(mutation, fixed=fix[0], fix_description=fix[1])  # noqa: PLW2901
        out[mutation.code] = mutation
    return MappingProxyType(out)


#: A mutation for every built-in edit code.
MUTATIONS: Final = _mutations()


def make_case(code: str, claim: Claim | None = None) -> EditCase:
    """Mutate *claim* (default :func:`clean_claim`) so that it trips edit *code*.

    Requires the ``rcmkit[testing]`` extra.

    Raises:
        KeyError: no mutation is known for *code*.

    Example:
        >>> from rcm.edits import run
        >>> case = make_case("PTP001")
        >>> run(case.claim, case.context).codes
        ('PTP001',)
    """
    mutation = MUTATIONS[code]
    base = clean_claim() if claim is None else claim
    new_claim, context = mutation.bad(base, context_for(base))
    return EditCase(code, new_claim, context, mutation.also)


# -- strategies -------------------------------------------------------------------------


def _check_strategy(name: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise TypeError(
            f"{name} takes a hypothesis strategy, got {type(value).__name__}; "
            f"wrap a fixed value in st.just({value!r})"
        )


def clean_claims(
    *,
    service_dates: st.SearchStrategy[date] | None = None,
    charges: st.SearchStrategy[Money] | None = None,
) -> st.SearchStrategy[Claim]:
    """Professional claims that no built-in edit objects to under :func:`context_for`.

    Variations of :func:`clean_claim`: the date of service, the charges, and
    which clean lines and diagnoses appear (99213, 82947, 85025; E11.9, I10).
    Shrinks toward one line (99213), one diagnosis (E11.9) and $0.01.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        service_dates: dates of service (default: FY2025 and FY2026, the
            bundled ICD-10-CM releases).
        charges: line charges (default $0.01 to $999.99).

    Raises:
        TypeError: an argument that is not a strategy.

    Example:
        >>> from hypothesis import given, settings
        >>> from rcm.edits import run
        >>> @settings(max_examples=5, deadline=None)
        ... @given(clean_claims())
        ... def test_clean(claim):
        ...     assert run(claim, context_for(claim)).ok
        >>> test_clean()
    """
    _check_strategy("service_dates", service_dates)
    _check_strategy("charges", charges)
    days = (
        st.dates(min_value=date(2024, 10, 1), max_value=date(2026, 6, 30))
        if service_dates is None
        else service_dates
    )
    amounts = (
        st.integers(min_value=1, max_value=99_999).map(Money.from_cents)
        if charges is None
        else charges
    )

    @st.composite
    def build(draw: st.DrawFn) -> Claim:
        day = draw(days)
        with_i10 = draw(st.booleans())
        extra = draw(st.lists(st.sampled_from(["82947", "85025"]), unique=True, max_size=2))
        lines = [_line("99213", day, (1, 2) if with_i10 else (1,), "1.00")]
        lines.extend(_line(code, day, (1,), "1.00") for code in extra)
        lines = [ln.evolve(charge=draw(amounts)) for ln in lines]
        base = clean_claim(day=day)
        diagnoses = ("E11.9", "I10") if with_i10 else ("E11.9",)
        return _dx(_total(base, tuple(lines)), diagnoses)

    return build()


def edit_cases(
    *,
    codes: st.SearchStrategy[str] | None = None,
    claims: st.SearchStrategy[Claim] | None = None,
) -> st.SearchStrategy[EditCase]:
    """Cases (claim and context) that each trip one edit: mutations of clean claims.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        codes: which edits (default: every built-in code).
        claims: the clean claims to mutate (default :func:`clean_claims`).

    Raises:
        TypeError: an argument that is not a strategy.

    Example:
        >>> from hypothesis import given, settings, strategies as st
        >>> from rcm.edits import run
        >>> @settings(max_examples=5, deadline=None)
        ... @given(edit_cases(codes=st.just("MUE001")))
        ... def test_trips(case):
        ...     assert "MUE001" in run(case.claim, case.context).codes
        >>> test_trips()
    """
    _check_strategy("codes", codes)
    _check_strategy("claims", claims)
    chosen = st.sampled_from(sorted(MUTATIONS)) if codes is None else codes
    base = clean_claims() if claims is None else claims
    return st.builds(make_case, chosen, base)


def from_edit_table(
    table: PtpTable,
    *,
    indicators: st.SearchStrategy[int] | None = None,
    on: date = CLEAN_DAY,
) -> st.SearchStrategy[Claim]:
    """Claims that bill both codes of a pair from *table* on one day (in force on *on*).

    Requires the ``rcmkit[testing]`` extra.

    Args:
        table: the PTP table to draw pairs from.
        indicators: modifier indicators to draw pairs with (default 0 and 1).
        on: the date of service.

    Raises:
        TypeError: *table* is not a :class:`~rcm.edits.tables.PtpTable`, or an
            argument that should be a strategy is not.
        ValueError: the table has no pair with those indicators on *on*, raised at once.

    Example:
        >>> from hypothesis import given, settings
        >>> from rcm.edits import run
        >>> @settings(max_examples=5, deadline=None)
        ... @given(from_edit_table(example_tables().ptp[0]))
        ... def test_pair_found(claim):
        ...     assert {"PTP001", "PTP002"} & set(run(claim, context_for(claim)).codes)
        >>> test_pair_found()
    """
    if not isinstance(table, PtpTable):
        raise TypeError(f"table must be a PtpTable, not {type(table).__name__}")
    _check_strategy("indicators", indicators)
    wanted = {0, 1}
    rows = [r for r in table if r.in_force(on) and r.modifier_indicator in wanted]
    if not rows:
        raise ValueError(f"the table has no pair with indicator 0 or 1 in force on {on}")

    @st.composite
    def build(draw: st.DrawFn) -> Claim:
        pool = rows
        if indicators is not None:
            indicator = draw(indicators)
            pool = [r for r in rows if r.modifier_indicator == indicator] or rows
        row = draw(st.sampled_from(pool))
        lines = (
            _line(row.column1, on, (1,), "50.00"),
            _line(row.column2, on, (1,), "10.00"),
        )
        return _total(clean_claim(day=on), lines)

    return build()
