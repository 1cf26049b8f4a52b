"""Strategies for encounters, claims and service lines that are valid by construction.

Requires the ``rcmkit[testing]`` extra (hypothesis).

Every diagnosis drawn is a billable ICD-10-CM code in the release in force on
the claim's dates of service (all dates of one claim fall in one fiscal year,
so one release covers them). Procedure codes, modifiers, NPIs, NDCs and the
other codes are well-formed but made up. The people, payers and providers are
invented. Everything drawn is what the 837 writers can write and the reader
reads back unchanged.
"""

from __future__ import annotations

import string
from datetime import date, time, timedelta
from decimal import Decimal
from functools import cache
from typing import Any, Literal, TypeVar

from hypothesis import strategies as st

from rcm.claims import (
    Address,
    Adjustment,
    Claim,
    ClaimKind,
    Coverage,
    Diagnosis,
    Drug,
    Encounter,
    InpatientProcedure,
    LineAdjudication,
    Occurrence,
    OccurrenceSpan,
    OtherPayer,
    Patient,
    Payer,
    Procedure,
    Provider,
    ServiceLine,
    Subscriber,
    ValueCode,
)
from rcm.coding import icd10cm
from rcm.dates import DateRange, fiscal_year_range
from rcm.money import Money
from rcm.testing._codes import (
    cpt_codes,
    hcpcs_codes,
    icd10pcs_codes,
    modifiers,
    ndcs,
    npis,
    revenue_codes,
    taxonomy_codes,
)
from rcm.testing._values import money, service_dates

__all__ = ["claims", "encounters", "service_lines"]

T = TypeVar("T")

_KINDS: tuple[ClaimKind, ...] = ("professional", "institutional")
_CATEGORY_I: tuple[Literal["I"]] = ("I",)

# US states and DC (USPS codes), for addresses.
_STATE_LIST = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
_STATES = tuple(_STATE_LIST.split(" "))

# Code values drawn for the institutional code fields: real NUBC codes in
# common use (codes only; NUBC's descriptions do not ship).
_CONDITION_CODES = ("01", "02", "04", "05", "06", "07", "08", "09", "17", "18", "20", "39", "A1")
_OCCURRENCE_CODES = ("01", "02", "03", "04", "05", "06", "11", "24", "25", "A1", "A2", "B1")
_SPAN_CODES = ("70", "71", "72", "74", "75", "76", "77", "78", "79", "M0", "M1")
_VALUE_CODES = ("01", "02", "08", "09", "14", "15", "23", "31", "37", "45", "50", "80", "A1")
_DISCHARGE_STATUS = ("01", "02", "03", "04", "05", "06", "07", "20", "30", "43", "50", "51")
_ADMISSION_SOURCE = ("1", "2", "4", "5", "6", "7", "8", "9", "D", "E", "F")
# Facility type + classification (the first two characters of the type of bill).
_INPATIENT_TYPES = ("11", "12", "18", "21", "22", "41")
_OUTPATIENT_TYPES = ("13", "14", "23", "32", "33", "71", "72", "73", "75", "83", "85")
_POS = ("11", "12", "19", "21", "22", "23", "31", "32", "49", "81")
_FILING = ("CI", "MB", "MC", "BL", "HM", "12", "13", "14", "15", "16", "17", "WC", "CH", "VA")
_CARC = ("1", "2", "3", "4", "16", "18", "23", "45", "50", "96", "97", "197", "253")


def _check_kind(kind: object, *, allow_none: bool) -> None:
    if kind is None and allow_none:
        return
    if isinstance(kind, st.SearchStrategy):
        raise TypeError("kind takes 'professional' or 'institutional' (a value, not a strategy)")
    if kind not in _KINDS:
        allowed = "'professional', 'institutional'" + (" or None" if allow_none else "")
        raise ValueError(f"kind must be {allowed}, not {kind!r}")


def _check_strategy(name: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise TypeError(
            f"{name} takes a strategy, not {type(value).__name__}; wrap a fixed value in "
            f"st.just({value!r})"
        )


# Made-up name parts: a draw picks whole words (one choice each), which keeps
# a claim's hundreds of draws cheap. Some carry the punctuation real names do.
_WORDS = (
    "ACME ALDER ASH BAY BEECH BIRCH BROOK CEDAR CLIFF COVE CREEK DALE ELM FERN FIELD FORD "
    "GLEN GROVE HALL HILL HOLLY IVY LAKE LARK LEE MAPLE MARSH MEAD MILL MOSS OAK PARK PINE "
    "POND REED RIDGE RIVER ROSE SAGE SHORE SPRING STONE VALE WELL WEST WILLOW WOOD YEW "
    "O'HARA SMITH-JONES ST.CLAIR D'ANGELO MC-KAY"
)
_WORD_LIST = tuple(_WORDS.split(" "))


@cache
def _words(max_words: int = 2, max_size: int = 10) -> st.SearchStrategy[str]:
    word = st.sampled_from(tuple(w for w in _WORD_LIST if len(w) <= max_size))
    return st.lists(word, min_size=1, max_size=max_words).map(" ".join)


@cache
def _digits(count: int) -> st.SearchStrategy[str]:
    return st.integers(min_value=0, max_value=10**count - 1).map(lambda n: f"{n:0{count}d}")


@cache
def _identifiers(min_size: int = 1, max_size: int = 20) -> st.SearchStrategy[str]:
    # A letter prefix and a number, at most max_size characters.
    width = max(min_size, min(max_size, 9)) - 1
    number = st.integers(min_value=0, max_value=10**width - 1).map(lambda n: f"{n:0{width}d}")
    return st.builds(lambda p, n: p + n, st.sampled_from("ABCDEFGHJKMNPRSTWXYZ"), number)


@cache
def _addresses(*, nine_digit_zip: bool = False) -> st.SearchStrategy[Address]:
    zips = _digits(9) if nine_digit_zip else st.one_of(_digits(5), _digits(9))
    return st.builds(
        Address,
        line1=st.builds(lambda n, s: f"{n} {s}", _digits(3), _words(2, 8)),
        line2=st.none() | st.builds(lambda n: f"SUITE {n}", _digits(3)),
        city=st.text(alphabet=string.ascii_uppercase, min_size=2, max_size=12),
        state=st.sampled_from(_STATES),
        postal_code=zips,
    )


def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


@cache
def _ages() -> st.SearchStrategy[int]:
    return st.integers(min_value=0, max_value=365 * 95)


def _birth_dates(before: date) -> st.SearchStrategy[date]:
    return _ages().map(lambda days: before - timedelta(days=days))


def _patients(on: date) -> st.SearchStrategy[Patient]:
    return st.builds(
        Patient,
        last_name=_words(1, 12),
        first_name=_words(1, 10),
        middle_name=_optional(_initials()),
        suffix=_optional(st.sampled_from(("JR", "SR", "II", "III"))),
        birth_date=_birth_dates(on),
        sex=st.sampled_from(("F", "M", "U")),
        address=_addresses(),
    )


@st.composite
def _subscribers(draw: st.DrawFn, on: date, demographics: bool) -> Subscriber:
    # The 837 carries a subscriber's birth date and sex together (DMG), and
    # not at all for another payer's subscriber (2330A).
    with_dmg = demographics and draw(st.booleans())
    return Subscriber(
        member_id=draw(_identifiers(2, 20)),
        last_name=draw(_words(1, 12)),
        first_name=draw(_words(1, 10)),
        middle_name=draw(_optional(_initials())),
        birth_date=draw(_birth_dates(on)) if with_dmg else None,
        sex=draw(st.sampled_from(("F", "M", "U"))) if with_dmg else None,
        address=draw(_optional(_addresses())),
    )


@cache
def _initials() -> st.SearchStrategy[str]:
    return st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=1)


@cache
def _payers() -> st.SearchStrategy[Payer]:
    return st.builds(
        Payer,
        name=_words(3, 10),
        payer_id=_identifiers(2, 10),
        id_qualifier=st.just("PI"),
        address=_optional(_addresses()),
    )


@st.composite
def _coverages(
    draw: st.DrawFn, patient: Patient, on: date, kind: ClaimKind, *, other: bool = False
) -> Coverage:
    relationship = draw(st.sampled_from(("18", "18", "01", "19", "G8")))
    if relationship == "18":
        subscriber = Subscriber.from_patient(patient, member_id=draw(_identifiers(2, 20)))
        if other:
            subscriber = subscriber.evolve(birth_date=None, sex=None)
    else:
        subscriber = draw(_subscribers(on, not other))
    return Coverage(
        payer=draw(_payers()),
        subscriber=subscriber,
        relationship=relationship,
        filing_indicator=draw(st.sampled_from(_FILING)),
        group_number=draw(_optional(_identifiers(1, 12))),
        group_name=draw(_optional(_words(2, 10))),
        insurance_type=(
            draw(_optional(st.sampled_from(("12", "13", "14", "15", "16", "41", "42", "43", "47"))))
            if kind == "professional"
            else None
        ),
    )


@cache
def _people(*, taxonomy: bool = False) -> st.SearchStrategy[Provider]:
    return st.builds(
        Provider,
        name=_words(1, 12),
        entity=st.just("person"),
        first_name=_words(1, 10),
        middle_name=_optional(_initials()),
        suffix=_optional(st.sampled_from(("JR", "SR", "MD"))),
        npi=npis(),
        taxonomy=_optional(taxonomy_codes()) if taxonomy else st.none(),
    )


@cache
def _billing_providers(kind: ClaimKind) -> st.SearchStrategy[Provider]:
    org = st.builds(
        Provider,
        name=_words(3, 10),
        entity=st.just("organization"),
        npi=npis(),
        taxonomy=_optional(taxonomy_codes()),
        tax_id=_digits(9),
        tax_id_type=st.just("EI"),
        address=_addresses(nine_digit_zip=True),
    )
    if kind == "institutional":
        return org
    person = st.builds(
        Provider,
        name=_words(1, 12),
        entity=st.just("person"),
        first_name=_words(1, 10),
        npi=npis(),
        taxonomy=_optional(taxonomy_codes()),
        tax_id=_digits(9),
        tax_id_type=st.sampled_from(("EI", "SY")),
        address=_addresses(nine_digit_zip=True),
    )
    return org | person


@cache
def _facilities() -> st.SearchStrategy[Provider]:
    return st.builds(
        Provider,
        name=_words(3, 10),
        entity=st.just("organization"),
        npi=_optional(npis()),
        address=_addresses(nine_digit_zip=True),
    )


@cache
def _procedure_codes() -> st.SearchStrategy[str]:
    return st.one_of(cpt_codes(categories=_CATEGORY_I), hcpcs_codes())


@cache
def _units(kind: ClaimKind) -> st.SearchStrategy[Decimal]:
    whole = st.integers(min_value=1, max_value=99).map(Decimal)
    half = st.integers(min_value=1, max_value=40).map(lambda n: Decimal(n) / 2)
    return whole | half if kind == "professional" else whole


@cache
def _drugs() -> st.SearchStrategy[Drug]:
    return st.builds(
        Drug,
        ndc=ndcs(),
        quantity=st.integers(min_value=1, max_value=999).map(Decimal),
        unit=st.sampled_from(("F2", "GR", "ME", "ML", "UN")),
    )


def _dates_within(period: DateRange) -> st.SearchStrategy[DateRange]:
    days = list(period)

    def build(pair: tuple[int, int]) -> DateRange:
        first, second = sorted(pair)
        return DateRange(days[first], days[second])

    index = st.integers(min_value=0, max_value=len(days) - 1)
    single = index.map(lambda i: DateRange.single(days[i]))
    return single | st.tuples(index, index).map(build)


@st.composite
def _service_line(
    draw: st.DrawFn,
    kind: ClaimKind,
    dates: st.SearchStrategy[DateRange],
    charges: st.SearchStrategy[Money],
    diagnosis_count: int,
) -> ServiceLine:
    has_code = kind == "professional" or draw(st.booleans())
    code = draw(_procedure_codes()) if has_code else None
    mods = tuple(draw(st.lists(modifiers(), max_size=4, unique=True))) if code is not None else ()
    pointers: tuple[int, ...] = ()
    if kind == "professional":
        pointers = tuple(
            draw(
                st.lists(
                    st.integers(min_value=1, max_value=diagnosis_count),
                    min_size=1,
                    max_size=min(4, diagnosis_count),
                    unique=True,
                )
            )
        )
    if kind == "professional":
        unit_basis = draw(st.sampled_from(("UN", "UN", "MJ")))
    else:
        unit_basis = draw(st.sampled_from(("UN", "UN", "DA")))
    service_date = draw(dates) if kind == "professional" else draw(_optional(dates))
    return ServiceLine(
        procedure_code=code,
        modifiers=mods,
        charge=draw(charges),
        units=draw(_units(kind)),
        unit_basis=unit_basis,
        service_date=service_date,
        place_of_service=(
            draw(_optional(st.sampled_from(_POS))) if kind == "professional" else None
        ),
        diagnosis_pointers=pointers,
        emergency=draw(st.booleans()) if kind == "professional" else False,
        revenue_code=draw(revenue_codes()) if kind == "institutional" else None,
        non_covered_charge=None,
        drug=draw(_optional(_drugs())),
        line_control_number=draw(_optional(_identifiers(1, 30))),
    )


def service_lines(
    *,
    kind: ClaimKind = "professional",
    dates: st.SearchStrategy[DateRange] | None = None,
    charges: st.SearchStrategy[Money] | None = None,
    diagnosis_count: int = 1,
) -> st.SearchStrategy[ServiceLine]:
    """Service lines of one kind, valid by construction.

    Professional lines have a CPT/HCPCS code, up to four modifiers, a service
    date and one to four diagnosis pointers up to *diagnosis_count*;
    institutional lines a revenue code and, sometimes, a procedure code.
    Shrinks toward one unit of one made-up code for ``$0.01``.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        kind: ``"professional"`` (837P) or ``"institutional"`` (837I); a value.
        dates: a strategy of service dates (``DateRange``); default one day in
            FY2026.
        charges: a strategy of line charges (default ``$0.01`` to ``$9,999.99``).
        diagnosis_count: how many diagnoses the claim has (1 to 12), the
            largest pointer a professional line may hold; a value.

    Raises:
        TypeError: a value where a strategy is wanted, or the reverse.
        ValueError: an unknown kind or a diagnosis count outside 1-12.

    Example:
        >>> from hypothesis import given
        >>> @given(service_lines(kind="professional", diagnosis_count=3))
        ... def test_pointers(line):
        ...     assert 1 <= len(line.diagnosis_pointers) <= 3
        >>> test_pointers()
    """
    _check_kind(kind, allow_none=False)
    _check_strategy("dates", dates)
    _check_strategy("charges", charges)
    if isinstance(diagnosis_count, bool) or not isinstance(diagnosis_count, int):
        raise TypeError(f"diagnosis_count takes an int, not {type(diagnosis_count).__name__}")
    if not 1 <= diagnosis_count <= 12:
        raise ValueError(f"diagnosis_count must be 1 to 12, not {diagnosis_count}")
    if dates is None:
        dates = service_dates(min_value=date(2025, 10, 1), max_value=date(2026, 9, 30)).map(
            DateRange.single
        )
    if charges is None:
        charges = money(min_value=Money("0.01"), max_value=Money("9999.99"))
    return _service_line(kind, dates, charges, diagnosis_count)


def _window(day: date) -> DateRange:
    """A week from *day*, cut at the end of its fiscal year (one ICD-10-CM release)."""
    fiscal_end = fiscal_year_range(day.year + 1 if day.month >= 10 else day.year).end
    return DateRange(day, min(day + timedelta(days=6), fiscal_end))


@cache
def _billable_in(release: icd10cm.Release) -> st.SearchStrategy[str]:
    # Index into the release's billable codes: building a sampled_from over
    # ~74,000 codes for every claim would cost more than drawing the claim.
    # Only codes whose format rcm accepts (a release can carry oddities).
    codes = tuple(c for c in release.codes(billable=True) if icd10cm.is_valid(c))
    return st.integers(min_value=0, max_value=len(codes) - 1).map(codes.__getitem__)


def _billable(on: date) -> st.SearchStrategy[str]:
    """Billable ICD-10-CM codes in the release in force on *on*."""
    return _billable_in(icd10cm.release(on=on))


def _diagnoses(on: date, min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(_billable(on), min_size=min_size, max_size=max_size, unique=True)


def _balanced_adjudication(
    draw: st.DrawFn, line: ServiceLine, payer_id: str, paid_date: date
) -> LineAdjudication:
    charge = line.charge
    paid = Money.from_cents(draw(st.integers(min_value=0, max_value=charge.cents)))
    adjustments: tuple[Adjustment, ...] = ()
    if charge - paid:
        patient = Money.from_cents(draw(st.integers(min_value=0, max_value=(charge - paid).cents)))
        contractual = charge - paid - patient
        parts = []
        if contractual:
            parts.append(Adjustment(group="CO", reason="45", amount=contractual))
        if patient:
            parts.append(
                Adjustment(
                    group="PR", reason=draw(st.sampled_from(("1", "2", "3"))), amount=patient
                )
            )
        adjustments = tuple(parts)
    return LineAdjudication(
        payer_id=payer_id,
        paid_amount=paid,
        procedure_code=line.procedure_code,
        code_qualifier=line.code_qualifier,
        modifiers=line.modifiers,
        revenue_code=line.revenue_code,
        units=line.units,
        adjustments=adjustments,
        paid_date=paid_date,
        remaining_patient_liability=draw(_optional(st.just(charge - paid))),
    )


@st.composite
def _claim(  # noqa: PLR0917 - a composite strategy's arguments are positional
    draw: st.DrawFn,
    kind: ClaimKind | None,
    lines: st.SearchStrategy[ServiceLine] | None,
    min_lines: int,
    max_lines: int,
    secondary: bool | None,
    dates: st.SearchStrategy[date],
    frequencies: st.SearchStrategy[str],
) -> Claim:
    the_kind: ClaimKind = kind if kind is not None else draw(st.sampled_from(_KINDS))
    professional = the_kind == "professional"
    day = draw(dates)
    window = _window(day)
    period = draw(_dates_within(window))
    # ICD-10-CM: valid on the last date (inpatient: the discharge date); the
    # whole window is in one fiscal year, so in one release.
    max_dx = 12 if professional else 25
    if lines is not None:
        drawn_lines = draw(st.lists(lines, min_size=min_lines, max_size=max_lines))
        needed = max((max(line.diagnosis_pointers, default=1) for line in drawn_lines), default=1)
        codes = draw(_diagnoses(period.end, needed, max(needed, 4)))
    else:
        codes = draw(_diagnoses(period.end, 1, 5 if professional else 8))
        line_dates = _dates_within(period)
        drawn_lines = draw(
            st.lists(
                service_lines(kind=the_kind, dates=line_dates, diagnosis_count=min(len(codes), 12)),
                min_size=min_lines,
                max_size=max_lines,
            )
        )
    codes = codes[:max_dx]
    inpatient = False
    facility_type: str | None = None
    poa: list[Literal["Y", "N", "U", "W"] | None] = [None] * len(codes)
    if not professional:
        facility_type = draw(st.sampled_from(_INPATIENT_TYPES + _OUTPATIENT_TYPES))
        inpatient = facility_type in _INPATIENT_TYPES
        if inpatient:
            poa = [draw(st.sampled_from(("Y", "N", "U", "W", None))) for _ in codes]
    diagnoses = tuple(
        Diagnosis(code=code, present_on_admission=flag)
        for code, flag in zip(codes, poa, strict=True)
    )
    patient = draw(_patients(period.start))
    coverage = draw(_coverages(patient, period.start, the_kind))
    frequency = draw(frequencies)
    original = draw(_identifiers(5, 20)) if frequency in ("7", "8") else None

    # COB: a secondary claim carries the primary payer's adjudication.
    is_secondary = draw(st.booleans()) if secondary is None else secondary
    other_payers: list[OtherPayer] = []
    responsibility: Literal["P", "S"] = "P"
    if is_secondary:
        responsibility = "S"
        primary_cov = draw(_coverages(patient, period.start, the_kind, other=True))
        paid_date = period.end + timedelta(days=draw(st.integers(min_value=1, max_value=60)))
        primary_payer = primary_cov.payer
        assert primary_payer is not None
        assert coverage.payer is not None
        payer_id = primary_payer.payer_id
        if payer_id == coverage.payer.payer_id:
            payer_id = payer_id + "X" if len(payer_id) < 10 else payer_id[:-1] + "X"
            primary_cov = primary_cov.evolve(payer=primary_payer.evolve(payer_id=payer_id))
        adjudicated: list[ServiceLine] = []
        for line in drawn_lines:
            if draw(st.booleans()) or not adjudicated:
                adj = _balanced_adjudication(draw, line, payer_id, paid_date)
                adjudicated.append(line.evolve(adjudications=(adj,)))
            else:
                adjudicated.append(line)
        drawn_lines = adjudicated
        paid = sum((a.paid_amount for line in drawn_lines for a in line.adjudications), Money(0))
        other_payers.append(
            OtherPayer(
                coverage=primary_cov,
                responsibility="P",
                paid_amount=paid,
                non_covered_amount=draw(_optional(money(max_value=Money("99.99")))),
                remaining_patient_liability=draw(_optional(money(max_value=Money("999.99")))),
                adjustments=tuple(
                    draw(
                        st.lists(
                            st.builds(
                                Adjustment,
                                group=st.sampled_from(("CO", "OA", "PI", "PR")),
                                reason=st.sampled_from(_CARC),
                                amount=money(max_value=Money("999.99")),
                                quantity=_optional(
                                    st.integers(min_value=1, max_value=9).map(Decimal)
                                ),
                            ),
                            max_size=3,
                        )
                    )
                ),
                paid_date=paid_date,
                claim_control_number=draw(_optional(_identifiers(5, 20))),
                benefits_assigned=draw(st.sampled_from(("Y", "N", "W"))),
                release_of_information=draw(st.sampled_from(("I", "Y"))),
            )
        )
    if draw(st.booleans()):
        tertiary = draw(_coverages(patient, period.start, the_kind, other=True))
        other_payers.append(
            OtherPayer(coverage=tertiary, responsibility="T" if is_secondary else "S")
        )

    common: dict[str, Any] = {
        "kind": the_kind,
        "claim_id": draw(_identifiers(1, 20)),
        "billing_provider": draw(_billing_providers(the_kind)),
        "pay_to_address": draw(_optional(_addresses())),
        "coverage": coverage,
        "responsibility": responsibility,
        "patient": patient,
        "frequency_code": frequency,
        "original_claim_number": original,
        "assignment": draw(st.sampled_from(("A", "B", "C"))),
        "benefits_assigned": draw(st.sampled_from(("Y", "N", "W"))),
        "release_of_information": draw(st.sampled_from(("I", "Y"))),
        "diagnoses": diagnoses,
        "condition_codes": tuple(
            draw(st.lists(st.sampled_from(_CONDITION_CODES), max_size=3, unique=True))
        ),
        "prior_authorization": draw(_optional(_identifiers(1, 20))),
        "referral_number": draw(_optional(_identifiers(1, 20))),
        "medical_record_number": draw(_optional(_identifiers(1, 20))),
        "referring_provider": draw(_optional(_people())),
        "rendering_provider": draw(_optional(_people(taxonomy=professional))),
        "service_facility": draw(_optional(_facilities())),
        "other_payers": tuple(other_payers),
        "lines": tuple(drawn_lines),
    }
    if professional:
        causes = tuple(draw(st.lists(st.sampled_from(("AA", "EM", "OA")), max_size=2, unique=True)))
        common["related_causes"] = causes
        common["accident_state"] = draw(st.sampled_from(_STATES)) if "AA" in causes else None
    else:
        causes = ()
        common["accident_state"] = draw(_optional(st.sampled_from(_STATES)))
    if professional:
        return Claim(
            **common,
            place_of_service=draw(st.sampled_from(_POS)),
            provider_signature=draw(st.booleans()),
            patient_signature_source=draw(st.sampled_from(("P", None))),
            onset_date=draw(_optional(st.just(period.start - timedelta(days=3)))),
            accident_date=(period.start - timedelta(days=1)) if causes else None,
            patient_paid=draw(_optional(money(min_value=Money("0.01"), max_value=Money("99.99")))),
            note=draw(_optional(_words(4, 10))),
            supervising_provider=draw(_optional(_people())),
        )
    assert facility_type is not None
    stay = period
    admission = stay.start if inpatient else None
    in_period = st.sampled_from(list(stay))
    return Claim(
        **common,
        facility_type=facility_type,
        admitting_diagnosis=(Diagnosis(code=draw(_billable(stay.end))) if inpatient else None),
        reason_for_visit=(
            ()
            if inpatient
            else tuple(Diagnosis(code=code) for code in draw(_diagnoses(stay.end, 0, 2)))
        ),
        procedures=tuple(
            InpatientProcedure(code=code, date=draw(in_period))
            for code in draw(
                st.lists(icd10pcs_codes(), max_size=3 if inpatient else 0, unique=True)
            )
        ),
        occurrences=tuple(
            Occurrence(code=code, date=draw(in_period))
            for code in draw(st.lists(st.sampled_from(_OCCURRENCE_CODES), max_size=2, unique=True))
        ),
        occurrence_spans=tuple(
            OccurrenceSpan(code=code, period=draw(_dates_within(stay)))
            for code in draw(st.lists(st.sampled_from(_SPAN_CODES), max_size=2, unique=True))
        ),
        value_codes=tuple(
            ValueCode(code=code, amount=draw(money(max_value=Money("9999.99"))))
            for code in draw(st.lists(st.sampled_from(_VALUE_CODES), max_size=2, unique=True))
        ),
        statement_period=stay,
        admission_date=admission,
        admission_time=(
            draw(_optional(st.builds(time, st.integers(0, 23), st.integers(0, 59))))
            if inpatient
            else None
        ),
        discharge_time=(
            draw(_optional(st.builds(time, st.integers(0, 23), st.integers(0, 59))))
            if inpatient
            else None
        ),
        admission_type=draw(st.sampled_from(("1", "2", "3", "4", "5", "9"))) if inpatient else None,
        admission_source=draw(st.sampled_from(_ADMISSION_SOURCE)) if inpatient else None,
        discharge_status=draw(st.sampled_from(_DISCHARGE_STATUS)),
        attending_provider=draw(_optional(_people(taxonomy=True))),
        operating_provider=draw(_optional(_people())),
        other_operating_provider=draw(_optional(_people())),
    )


def claims(
    *,
    kind: ClaimKind | None = None,
    lines: st.SearchStrategy[ServiceLine] | None = None,
    min_lines: int = 1,
    max_lines: int = 4,
    secondary: bool | None = None,
    dates: st.SearchStrategy[date] | None = None,
    frequencies: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Claim]:
    """Claims of one or both kinds, valid by construction for their dates of service.

    Diagnoses are billable ICD-10-CM codes in the release in force on the
    claim's last date of service; other codes are well-formed. Some claims are
    to a secondary payer, carrying the primary payer's adjudication in COB
    loops with balanced line adjudications; some are replacements (``7``) or
    voids (``8``) with the payer's original claim number. Shrinks toward a
    one-line original claim to a primary payer.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        kind: ``"professional"``, ``"institutional"``, or ``None`` for both; a value.
        lines: a strategy of service lines (default :func:`service_lines` of
            the claim's kind, dated within the claim's period).
        min_lines: the fewest lines (at least 1).
        max_lines: the most lines (at most 50 for professional claims).
        secondary: ``True`` for claims to a secondary payer only, ``False``
            for none, ``None`` (the default) for both; a value.
        dates: a strategy of first dates of service (default FY2025 and FY2026,
            which the bundled ICD-10-CM releases cover).
        frequencies: a strategy of claim frequency codes (default mostly ``1``,
            sometimes ``7`` or ``8``).

    Raises:
        TypeError: a value where a strategy is wanted, or the reverse.
        ValueError: an unknown kind or line counts out of range, at once.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10, deadline=None)
        ... @given(claims(kind="institutional"))
        ... def test_total(claim):
        ...     assert claim.total_charge == sum(line.charge for line in claim.lines)
        >>> test_total()
    """
    _check_kind(kind, allow_none=True)
    _check_strategy("lines", lines)
    _check_strategy("dates", dates)
    _check_strategy("frequencies", frequencies)
    for name, value in (("min_lines", min_lines), ("max_lines", max_lines)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} takes an int, not {type(value).__name__}")
    top = 50 if kind == "professional" else 999
    if not 1 <= min_lines <= max_lines <= top:
        raise ValueError(f"need 1 <= min_lines <= max_lines <= {top}, got {min_lines}, {max_lines}")
    if secondary is not None and not isinstance(secondary, bool):
        raise TypeError(f"secondary takes True, False or None, not {type(secondary).__name__}")
    if dates is None:
        dates = service_dates()
    if frequencies is None:
        frequencies = st.sampled_from(("1", "1", "1", "7", "8"))
    return _claim(kind, lines, min_lines, max_lines, secondary, dates, frequencies)


@st.composite
def _encounter(
    draw: st.DrawFn,
    kind: ClaimKind | None,
    dates: st.SearchStrategy[date],
    max_procedures: int,
    max_coverages: int,
) -> Encounter:
    the_kind: ClaimKind = kind if kind is not None else draw(st.sampled_from(_KINDS))
    professional = the_kind == "professional"
    period = draw(_dates_within(_window(draw(dates))))
    codes = draw(_diagnoses(period.end, 1, 6))
    patient = draw(_patients(period.start))
    count = draw(st.integers(min_value=1, max_value=max_coverages))
    coverages = tuple(draw(_coverages(patient, period.start, the_kind)) for _ in range(count))
    inpatient = False
    facility_type = None
    if not professional:
        facility_type = draw(st.sampled_from(_INPATIENT_TYPES + _OUTPATIENT_TYPES))
        inpatient = facility_type in _INPATIENT_TYPES
    diagnoses = tuple(
        Diagnosis(
            code=code,
            present_on_admission=(
                draw(st.sampled_from(("Y", "N", "U", "W"))) if inpatient else None
            ),
        )
        for code in codes
    )

    def procedure() -> Procedure:
        has_code = professional or draw(st.booleans())
        code = draw(_procedure_codes()) if has_code else None
        return Procedure(
            code=code,
            modifiers=(tuple(draw(st.lists(modifiers(), max_size=4, unique=True))) if code else ()),
            units=draw(_units(the_kind)),
            diagnoses=tuple(
                draw(st.lists(st.sampled_from(codes), min_size=1, max_size=4, unique=True))
            ),
            service_date=draw(_optional(_dates_within(period))),
            revenue_code=None if professional else draw(revenue_codes()),
            drug=draw(_optional(_drugs())),
        )

    procedures = tuple(
        procedure() for _ in range(draw(st.integers(min_value=1, max_value=max_procedures)))
    )
    return Encounter(
        encounter_id=draw(_identifiers(1, 20)),
        patient=patient,
        coverages=coverages,
        billing_provider=draw(_billing_providers(the_kind)),
        rendering_provider=draw(_optional(_people(taxonomy=True))),
        referring_provider=draw(_optional(_people())),
        attending_provider=None if professional else draw(_optional(_people(taxonomy=True))),
        service_period=period,
        place_of_service=draw(st.sampled_from(_POS)) if professional else None,
        facility_type=facility_type,
        admission_date=period.start if inpatient else None,
        admission_type=draw(st.sampled_from(("1", "2", "3"))) if inpatient else None,
        admission_source=draw(st.sampled_from(_ADMISSION_SOURCE)) if inpatient else None,
        discharge_status=None if professional else draw(st.sampled_from(_DISCHARGE_STATUS)),
        diagnoses=diagnoses,
        procedures=procedures,
        prior_authorization=draw(_optional(_identifiers(1, 20))),
    )


def encounters(
    *,
    kind: ClaimKind | None = None,
    dates: st.SearchStrategy[date] | None = None,
    max_procedures: int = 5,
    max_coverages: int = 3,
) -> st.SearchStrategy[Encounter]:
    """Coded encounters, valid by construction for their dates of service.

    Each procedure supports one to four of the encounter's diagnoses (billable
    ICD-10-CM codes on the last date of service); institutional procedures
    have revenue codes. Coverages come in order (primary first). Shrinks
    toward one procedure, one diagnosis and one coverage.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        kind: ``"professional"``, ``"institutional"``, or ``None`` for both; a value.
        dates: a strategy of first dates of service (default FY2025 and FY2026).
        max_procedures: the most procedures (1 or more).
        max_coverages: the most coverages (1 to 11).

    Raises:
        TypeError: a value where a strategy is wanted, or the reverse.
        ValueError: an unknown kind or counts out of range, at once.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10, deadline=None)
        ... @given(encounters(kind="professional"))
        ... def test_supported(encounter):
        ...     codes = {dx.code for dx in encounter.diagnoses}
        ...     assert all(set(p.diagnoses) <= codes for p in encounter.procedures)
        >>> test_supported()
    """
    _check_kind(kind, allow_none=True)
    _check_strategy("dates", dates)
    for name, value, top in (
        ("max_procedures", max_procedures, 999),
        ("max_coverages", max_coverages, 11),
    ):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} takes an int, not {type(value).__name__}")
        if not 1 <= value <= top:
            raise ValueError(f"{name} must be 1 to {top}, not {value}")
    if dates is None:
        dates = service_dates()
    return _encounter(kind, dates, max_procedures, max_coverages)
