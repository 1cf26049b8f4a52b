"""Trusted construction of the models :func:`rcm.claims.read_837` builds (lenient mode).

Validating a claim read from a file through pydantic costs more than reading
it. The 837 reader therefore builds its models with
:func:`rcm._pydantic.trusted_builder` when, and only when, the values pass the
checks below. Each check is *sufficient*, never merely likely: a value that
passes is one lenient validation (context ``{"lenient_codes": True}``) would
accept unchanged (already stripped, inside the pattern and length the field
declares, a tuple where the field is a tuple...). Anything else returns
``None`` and the reader validates the same data through pydantic as before,
so errors, their classes and their locations never change; the checks only
decide which of two equal results is cheaper to make.

``tests/claims/test_trusted.py`` proves, on every readable corpus 837 and on
generated claims, that every model the reader returns equals what validation
makes from its dump, with the same field types and ``repr``.

Strict reading (``read_837(..., strict=True)``) never comes here: its code
checks live in the validators.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from typing import Any, Final

from pydantic import BaseModel

from rcm.claims._claim import (
    _INSTITUTIONAL_ONLY,
    _INSTITUTIONAL_TUPLES,
    Adjustment,
    Claim,
    Diagnosis,
    Drug,
    InpatientProcedure,
    LineAdjudication,
    Occurrence,
    OccurrenceSpan,
    OtherPayer,
    ServiceLine,
    ValueCode,
    _check_adjustments,
    _claim_problems,
    _group_adjustments,
    _same_person,
)
from rcm.claims._claim import (
    _usual_professional_line as usual_line,
)
from rcm.claims._parties import Address, Coverage, Patient, Payer, Provider, Subscriber
from rcm.dates import DateRange
from rcm.money import Money

__all__ = [
    "address",
    "adjustment",
    "checked_line",
    "claim",
    "clm_fields_ok",
    "coverage",
    "line",
    "other_payer",
    "patient_from_subscriber",
    "payer",
    "person",
    "plain_professional",
    "pointers_ok",
    "procedure_ok",
    "sv1_ok",
    "units_ok",
]

# Printable ASCII (the ClaimModel text pattern ^[ -~]*$), non-empty, with no
# space at either end (str_strip_whitespace would change such a value).
_TEXT: Final = re.compile(r"[!-~](?:[ -~]*[!-~])?")
# A code in lenient mode (rcm.claims._codes: _SYNTAX): kept exactly as it is.
_CODE: Final = re.compile(r"[A-Z0-9]{1,48}")
_CODE2: Final = re.compile(r"[0-9A-Z]{2}")
_STATE: Final = re.compile(r"[0-9A-Z]{2,3}")
_POSTAL: Final = re.compile(r"[0-9A-Z]{3,15}")
_COUNTRY: Final = re.compile(r"[A-Z]{2,3}")
_FILING: Final = re.compile(r"[0-9A-Z]{1,2}")
_ONE: Final = re.compile(r"[0-9A-Z]")
_FACILITY: Final = re.compile(r"[1-9][0-9A-Z]")
_ALPHA2: Final = re.compile(r"[A-Z]{2}")
_DELAY: Final = re.compile(r"[0-9]{1,2}")
_ADMISSION_TYPE: Final = re.compile(r"[1-9]")
_DISCHARGE: Final = re.compile(r"[0-9]{2}")

_SEXES: Final = frozenset({None, "F", "M", "U"})
_RELATIONSHIPS: Final = frozenset({"01", "18", "19", "20", "21", "39", "40", "53", "G8"})
_INSURANCE_TYPES: Final = frozenset({None, "12", "13", "14", "15", "16", "41", "42", "43", "47"})
_RESPONSIBILITIES: Final = frozenset("PSTABCDEFGHU")
_UNIT_BASES: Final = frozenset({"UN", "MJ", "DA"})
_DRUG_UNITS: Final = frozenset({"F2", "GR", "ME", "ML", "UN"})
_YNW: Final = frozenset({"Y", "N", "W"})
_IY: Final = frozenset({"I", "Y"})
_ASSIGNMENTS: Final = frozenset({"A", "B", "C"})
_CAUSES: Final = frozenset({"AA", "EM", "OA"})
_KINDS: Final = frozenset({"professional", "institutional"})
_PX_SYSTEMS: Final = frozenset({"ICD-10-PCS", "ICD-9-CM"})


Check = Callable[[Any], bool]

# What the text and code checks found, by value: files repeat the same names,
# codes and identifiers thousands of times, and a dict lookup is cheaper than
# a regex match. Bounded so that memory stays flat on any file.
_SEEN_LIMIT: Final = 8192
_TEXT_LENGTHS: dict[str, int] = {}
_CODES_SEEN: dict[str, bool] = {}


def _length(value: Any) -> int:
    """The length of *value* when it is clean text (printable ASCII, stripped), else -1.

    ``None`` and the empty string give 0 (callers ask for at least 1 or 2).
    """
    if value is None or type(value) is not str:
        return 0 if value is None else -1
    found = _TEXT_LENGTHS.get(value)
    if found is None:
        if len(_TEXT_LENGTHS) >= _SEEN_LIMIT:
            _TEXT_LENGTHS.clear()
        found = _TEXT_LENGTHS[value] = len(value) if _TEXT.fullmatch(value) else -1
    return found


def _text(value: Any, low: int, high: int) -> bool:
    return low <= _length(value) <= high


def _opt_text(value: Any, low: int, high: int) -> bool:
    return value is None or low <= _length(value) <= high


def _code(value: Any) -> bool:
    """A code lenient validation keeps as it is (``rcm.claims._codes``: 1-48 of A-Z, 0-9)."""
    if type(value) is not str:
        return False
    found = _CODES_SEEN.get(value)
    if found is None:
        if len(_CODES_SEEN) >= _SEEN_LIMIT:
            _CODES_SEEN.clear()
        found = _CODES_SEEN[value] = _CODE.fullmatch(value) is not None
    return found


def _opt_code(value: Any) -> bool:
    return value is None or _code(value)


def _match(value: Any, pattern: re.Pattern[str]) -> bool:
    return type(value) is str and pattern.fullmatch(value) is not None


def _opt_match(value: Any, pattern: re.Pattern[str]) -> bool:
    return value is None or (type(value) is str and pattern.fullmatch(value) is not None)


def _opt(value: Any, cls: type) -> bool:
    return value is None or type(value) is cls


def _positive(value: Any) -> bool:
    """A Decimal > 0 within ``max_digits=15``.

    Counted before normalizing (pydantic counts after), which is stricter.
    """
    if type(value) is not Decimal:
        return False
    if value in _SMALL_WHOLE:
        # Equal to a whole number 1-99: at most 2 digits once normalized, which
        # is how pydantic counts max_digits (Decimal("1.000") passes it too).
        return True
    if not value.is_finite() or not value > 0:
        return False
    _sign, digits, exponent = value.as_tuple()
    return isinstance(exponent, int) and -15 <= exponent <= 0 and len(digits) <= 15


# Whole numbers of units most lines bill (a set lookup instead of as_tuple()).
_SMALL_WHOLE: Final = frozenset(Decimal(n) for n in range(1, 100))


def _codes(value: Any, most: int) -> bool:
    return type(value) is tuple and len(value) <= most and all(_code(item) for item in value)


_SET: Final = object.__setattr__
_NEW: Final = object.__new__
# BaseModel's __slots__ (pydantic v2): setting through them is what
# object.__setattr__ does for these names, without looking them up first.
_FIELDS_SET: Final = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_EXTRA: Final = BaseModel.__dict__["__pydantic_extra__"].__set__
_PRIVATE: Final = BaseModel.__dict__["__pydantic_private__"].__set__


def _make(cls: Any, template: dict[str, Any], data: dict[str, Any], **models: Any) -> Any:
    """The model :func:`rcm._pydantic.trusted_builder` makes, with validation's fields set.

    *template* gives the field order and defaults, *data* the values given
    (their names are the fields set, as validation records them), *models*
    the nested models built in place of the dicts or lists *data* holds.
    (trusted_builder would record every field as set when given them all.)
    """
    # One merge, object.__new__ and BaseModel's slot descriptors: the same
    # four attributes object.__setattr__ would set, with fewer lookups.
    values = {**template, **data, **models} if models else {**template, **data}
    model = _NEW(cls)
    _SET(model, "__dict__", values)
    _FIELDS_SET(model, set(data))
    _EXTRA(model, None)
    _PRIVATE(model, None)
    return model


def _template(cls: Any) -> dict[str, Any]:
    """The model's fields in order, with their defaults (``None`` for required ones)."""
    return {
        name: None if field.is_required() else field.default
        for name, field in cls.model_fields.items()
    }


# -- parties -------------------------------------------------------------------------

_ADDRESS: Final = _template(Address)
_ADDRESS_KEYS: Final = frozenset(_ADDRESS)


def address(data: dict[str, Any]) -> Address | None:
    """The :class:`Address` lenient validation makes of *data*, or ``None`` to validate."""
    get = data.get
    if (
        _opt_text(get("line1"), 1, 55)
        and _opt_text(get("line2"), 1, 55)
        and _opt_text(get("city"), 2, 30)
        and _opt_match(get("state"), _STATE)
        and _opt_match(get("postal_code"), _POSTAL)
        and _opt_match(get("country_code"), _COUNTRY)
        and data.keys() <= _ADDRESS_KEYS
    ):
        return _make(Address, _ADDRESS, data)  # type: ignore[no-any-return]
    return None


def _address_or_model(value: Any) -> Any:
    """*value* as the Address validation makes of it; ``False`` when it cannot tell."""
    if value is None or type(value) is Address:
        return value
    if type(value) is dict:
        return address(value) or False
    return False


_PATIENT: Final = _template(Patient)
_SUBSCRIBER: Final = _template(Subscriber)
_PATIENT_KEYS: Final = frozenset(_PATIENT)
_SUBSCRIBER_KEYS: Final = frozenset(_SUBSCRIBER)


def person(data: dict[str, Any], *, subscriber: bool) -> Patient | Subscriber | None:
    """The :class:`Subscriber` (or :class:`Patient`) validation makes of *data*, or ``None``."""
    # _text, _opt_text and _opt written out (a person per subscriber level).
    get = data.get
    length = _length
    first, middle, suffix = get("first_name"), get("middle_name"), get("suffix")
    birth, sex = get("birth_date"), get("sex")
    if not (
        1 <= length(get("last_name")) <= 60
        and (first is None or 1 <= length(first) <= 35)
        and (middle is None or 1 <= length(middle) <= 25)
        and (suffix is None or 1 <= length(suffix) <= 10)
        and (birth is None or type(birth) is date)
        and (sex is None or (type(sex) is str and sex in _SEXES))
        and (
            (2 <= length(get("member_id")) <= 80 and data.keys() <= _SUBSCRIBER_KEYS)
            if subscriber
            else data.keys() <= _PATIENT_KEYS
        )
    ):
        return None
    given = get("address")
    where = given if given is None or type(given) is Address else _address_or_model(given)
    if where is False:
        return None
    cls, template = (Subscriber, _SUBSCRIBER) if subscriber else (Patient, _PATIENT)
    if where is given:  # (the reader gives an Address it built, or None)
        return _make(cls, template, data)  # type: ignore[no-any-return]
    return _make(cls, template, data, address=where)  # type: ignore[no-any-return]


def patient_from_subscriber(subscriber: Subscriber) -> Patient:
    """What :meth:`Subscriber.as_patient` returns, without validating again.

    The fields are a valid subscriber's, and a patient declares the same
    fields with the same types, so validation could not change them.
    """
    values = subscriber.__dict__
    if _PATIENT_PREFIX and len(values) == len(_SUBSCRIBER):
        # A patient's fields are a subscriber's, in the same order, but the
        # last (member_id): a copy of the subscriber's values without it.
        data = values.copy()
        del data["member_id"]
    else:
        data = {name: values[name] for name in _PATIENT}
    return _make(Patient, _PATIENT, data)  # type: ignore[no-any-return]


# Whether Patient's fields are Subscriber's without its last, member_id.
_PATIENT_PREFIX: Final = [*_PATIENT, "member_id"] == [*_SUBSCRIBER]


_PAYER: Final = _template(Payer)
_PAYER_KEYS: Final = frozenset(_PAYER)


def payer(data: dict[str, Any]) -> Payer | None:
    """The :class:`Payer` validation makes of *data*, or ``None`` to validate."""
    get = data.get
    if not (
        _text(get("name"), 1, 60)
        and _text(get("payer_id"), 2, 80)
        and get("id_qualifier", "PI") in ("PI", "XV")
        and data.keys() <= _PAYER_KEYS
    ):
        return None
    where = _address_or_model(get("address"))
    if where is False:
        return None
    return _make(Payer, _PAYER, data, address=where)  # type: ignore[no-any-return]


_COVERAGE: Final = _template(Coverage)
_COVERAGE_KEYS: Final = frozenset(_COVERAGE)


def coverage(data: dict[str, Any]) -> Coverage | None:
    """The :class:`Coverage` lenient validation makes of *data* (models inside), or ``None``.

    Lenient validation lets a coverage lack its payer (an other payer's 2330B).
    """
    # _opt, _opt_match and _opt_text written out (a coverage per claim, often).
    get = data.get
    relationship = get("relationship", "18")
    insurance = get("insurance_type")
    filing, number, name = get("filing_indicator"), get("group_number"), get("group_name")
    if (
        "payer" in data
        and (data["payer"] is None or type(data["payer"]) is Payer)
        and type(get("subscriber")) is Subscriber
        and type(relationship) is str
        and relationship in _RELATIONSHIPS
        and (filing is None or (type(filing) is str and _FILING.fullmatch(filing) is not None))
        and (number is None or 1 <= _length(number) <= 50)
        and (name is None or 1 <= _length(name) <= 60)
        and (insurance is None or (type(insurance) is str and insurance in _INSURANCE_TYPES))
        and data.keys() <= _COVERAGE_KEYS
    ):
        return _make(Coverage, _COVERAGE, data)  # type: ignore[no-any-return]
    return None


# -- lines ---------------------------------------------------------------------------

_ADJUSTMENT: Final = _template(Adjustment)
_ADJUSTMENT_KEYS: Final = frozenset(_ADJUSTMENT)
_GROUPS: Final = frozenset({"CO", "CR", "OA", "PI", "PR"})
_REASON: Final = re.compile(r"[0-9A-Z]{1,5}")


def _decimal15(value: Any) -> bool:
    """A finite Decimal within ``max_digits=15`` (counted before normalizing: stricter)."""
    if type(value) is not Decimal or not value.is_finite():
        return False
    _sign, digits, exponent = value.as_tuple()
    return isinstance(exponent, int) and -15 <= exponent <= 0 and len(digits) <= 15


def adjustment(data: dict[str, Any]) -> Adjustment | None:
    """The :class:`Adjustment` validation makes of *data*, or ``None`` to validate."""
    get = data.get
    group = get("group")
    quantity = get("quantity")
    if (
        type(group) is str
        and group in _GROUPS
        and _match(get("reason"), _REASON)
        and type(get("amount")) is Money
        and (quantity is None or _decimal15(quantity))
        and data.keys() <= _ADJUSTMENT_KEYS
    ):
        return _make(Adjustment, _ADJUSTMENT, data)  # type: ignore[no-any-return]
    return None


def _adjustments(values: Any) -> tuple[Any, ...] | None:
    """Adjustments as the models' before-validators order them, if the after-checks pass."""
    if type(values) not in (list, tuple):
        return None
    if not all(type(value) is Adjustment for value in values):
        return None
    found: tuple[Any, ...] = _group_adjustments(values)
    if _check_adjustments(found, "adjustments"):
        return None
    return found


def _qualifier(value: Any) -> bool:
    return value == "HC" or _match(value, _CODE2)


def _procedure_ok(get: Callable[..., Any]) -> bool:
    # Lenient: any code of X12 letters and digits is kept as it is, whatever the
    # qualifier (rcm.claims._claim._procedure and rcm.claims._codes.check).
    code = get("procedure_code", "")
    modifiers = get("modifiers", ())
    return (
        (code == "" or _code(code))
        and _qualifier(get("code_qualifier", "HC"))
        and (modifiers == () or _codes(modifiers, 4))
        and _opt_code(get("revenue_code"))
    )


_ADJUDICATION: Final = _template(LineAdjudication)
_ADJUDICATION_KEYS: Final = frozenset(_ADJUDICATION)


def _adjudication(data: Any) -> LineAdjudication | None:
    if type(data) is not dict:
        return None
    get = data.get
    if not (
        _text(get("payer_id"), 2, 80)
        and type(get("paid_amount")) is Money
        and _positive(get("units"))
        and ("procedure_code" not in data or _code(data["procedure_code"]))
        and _procedure_ok(get)
        and _opt(get("paid_date"), date)
        and _opt(get("remaining_patient_liability"), Money)
        and data.keys() <= _ADJUDICATION_KEYS
    ):
        return None
    if "adjustments" not in data:
        return _make(LineAdjudication, _ADJUDICATION, data)  # type: ignore[no-any-return]
    adjustments = _adjustments(data["adjustments"])
    if adjustments is None:
        return None
    return _make(  # type: ignore[no-any-return]
        LineAdjudication, _ADJUDICATION, data, adjustments=adjustments
    )


_DRUG: Final = _template(Drug)
_DRUG_KEYS: Final = frozenset(_DRUG)


def _drug(data: Any) -> Drug | None:
    if (
        type(data) is dict
        and _code(data.get("ndc"))
        and _positive(data.get("quantity"))
        and data.get("unit", "UN") in _DRUG_UNITS
        and data.keys() <= _DRUG_KEYS
    ):
        return _make(Drug, _DRUG, data)  # type: ignore[no-any-return]
    return None


def _pointers_ok(value: Any) -> bool:
    """1 to 12 each (ints), at most 4, none repeated."""
    if type(value) is not tuple or len(value) > 4:
        return False
    for pointer in value:
        if type(pointer) is not int or not 1 <= pointer <= 12:
            return False
    return len(value) < 2 or len(set(value)) == len(value)


_LINE: Final = _template(ServiceLine)
_LINE_KEYS: Final = frozenset(_LINE)


# -- a line's parts, checked once per text by the reader -----------------------------
#
# The reader proves an 837P line's SV1 values as it parses them (each check
# remembered by the text it was made on: files bill the same procedures, units
# and pointers over and over), then builds the line with checked_line(). The
# checks are line()'s, split by value.


def procedure_ok(procedure: tuple[Any, ...]) -> bool:
    """Whether a line's ``(qualifier, code, modifiers)`` (or ``()``) passes :func:`line`'s checks.

    Includes the after-validator's "no modifiers without a procedure code".
    """
    if not procedure:
        return True
    qualifier, code, modifiers = procedure
    return _code(code) and _qualifier(qualifier) and (modifiers == () or _codes(modifiers, 4))


def units_ok(units: Any) -> bool:
    """Whether *units* is a valid ``ServiceLine.units`` as it is."""
    return (type(units) is Decimal and units in _SMALL_WHOLE) or _positive(units)


def pointers_ok(pointers: Any) -> bool:
    """Whether *pointers* is a valid ``ServiceLine.diagnosis_pointers`` (after-validator too)."""
    return _pointers_ok(pointers)


def sv1_ok(charge: Any, unit_basis: Any, place: Any) -> bool:
    """Whether an SV1's charge, unit basis (SV103) and place of service pass :func:`line`'s checks.

    The charge must not be negative (the after-validator's rule).
    """
    return (
        type(charge) is Money
        and charge.amount >= 0
        and type(unit_basis) is str
        and unit_basis in _UNIT_BASES
        and (place is None or _code(place))
    )


# The fields of a line the reader proved with the checks above (all of them
# for an SV1 whose checks passed); checked_line() checks the rest.
_SV1_FIELDS: Final = frozenset(
    {"charge", "unit_basis", "units", "place_of_service", "diagnosis_pointers", "emergency",
     "code_qualifier", "procedure_code", "modifiers"}
)  # fmt: skip


def checked_line(data: dict[str, Any]) -> ServiceLine | None:
    """The :class:`ServiceLine` validation makes of *data*, or ``None`` to validate.

    Only for a line whose SV1 values (the fields in ``_SV1_FIELDS``) passed
    :func:`procedure_ok`, :func:`units_ok`, :func:`pointers_ok` and
    :func:`sv1_ok`, with ``emergency`` ``True`` when set: the other fields
    are checked here as :func:`line` checks them.
    """
    models: dict[str, Any] = {}
    # The fields left to check (a set difference in C: most lines have two).
    for name in data.keys() - _SV1_FIELDS:
        value = data[name]
        if name == "service_date":
            if type(value) is not DateRange:
                return None
        elif name == "adjudications":
            if type(value) not in (list, tuple) or len(value) > 15:
                return None
            adjudications = []
            for item in value:
                built = _adjudication(item)
                if built is None:
                    return None
                adjudications.append(built)
            models["adjudications"] = tuple(adjudications)
        elif name == "line_control_number":
            if not 1 <= _length(value) <= 50:
                return None
        elif name == "drug":
            models["drug"] = _drug(value)
            if models["drug"] is None:
                return None
        else:
            return None
    return _make(ServiceLine, _LINE, data, **models)  # type: ignore[no-any-return]


def line(data: Any) -> ServiceLine | None:
    """The :class:`ServiceLine` lenient validation makes of *data*, or ``None`` to validate.

    A line the reader built already (with :func:`checked_line`) is kept.
    """
    if type(data) is not dict:
        return data if type(data) is ServiceLine else None
    get = data.get
    charge = get("charge")
    pointers = get("diagnosis_pointers", ())
    units = get("units")
    code = get("procedure_code")
    modifiers = get("modifiers", ())
    day = get("service_date")
    place = get("place_of_service")
    revenue = get("revenue_code")
    control = get("line_control_number")
    if not (
        # The after-validator's rules too: no negative charge, no repeated
        # pointer, no modifiers without a procedure code.
        type(charge) is Money
        and charge.amount >= 0  # exact cents: ServiceLine's `charge.cents >= 0`
        and ((code is None and "procedure_code" not in data) or _code(code))
        and _qualifier(get("code_qualifier", "HC"))
        and (modifiers == () or _codes(modifiers, 4))
        and (revenue is None or _code(revenue))
        and (
            (type(units) is Decimal and units in _SMALL_WHOLE)
            or _positive(units)
            or (units is None and "units" not in data)
        )
        and get("unit_basis", "UN") in _UNIT_BASES
        and (day is None or type(day) is DateRange)
        and (place is None or _code(place))
        and _pointers_ok(pointers)
        and type(get("emergency", False)) is bool
        and _opt(get("non_covered_charge"), Money)
        and (control is None or 1 <= _length(control) <= 50)
        and not (modifiers and code is None)
        and data.keys() <= _LINE_KEYS
    ):
        return None
    models: dict[str, Any] = {}
    drug = get("drug")
    if drug is not None:
        models["drug"] = _drug(drug)
        if models["drug"] is None:
            return None
    found = get("adjudications")
    if found is not None:
        if type(found) not in (list, tuple) or len(found) > 15:
            return None
        adjudications = []
        for item in found:
            built = _adjudication(item)
            if built is None:
                return None
            adjudications.append(built)
        models["adjudications"] = tuple(adjudications)
    return _make(ServiceLine, _LINE, data, **models)  # type: ignore[no-any-return]


# -- other payers --------------------------------------------------------------------

_OTHER: Final = _template(OtherPayer)
_OTHER_KEYS: Final = frozenset(_OTHER)


def other_payer(data: Any) -> OtherPayer | None:
    """The :class:`OtherPayer` lenient validation makes of *data*, or ``None`` to validate."""
    if type(data) is not dict:
        return None
    get = data.get
    responsibility = get("responsibility")
    if not (
        type(responsibility) is str
        and responsibility in _RESPONSIBILITIES
        and type(get("coverage")) is dict
        and _opt(get("paid_amount"), Money)
        and _opt(get("non_covered_amount"), Money)
        and _opt(get("remaining_patient_liability"), Money)
        and _opt(get("paid_date"), date)
        and _opt_text(get("claim_control_number"), 1, 50)
        and get("benefits_assigned", "Y") in _YNW
        and get("release_of_information", "Y") in _IY
        and data.keys() <= _OTHER_KEYS
    ):
        return None
    the_coverage = coverage(data["coverage"])
    if the_coverage is None:
        return None
    # OtherPayer's after-validator: loop 2330A carries no birth date or sex.
    subscriber = the_coverage.subscriber
    if subscriber.birth_date is not None or subscriber.sex is not None:
        return None
    if "adjustments" not in data:
        return _make(OtherPayer, _OTHER, data, coverage=the_coverage)  # type: ignore[no-any-return]
    adjustments = _adjustments(data["adjustments"])
    if adjustments is None:
        return None
    return _make(  # type: ignore[no-any-return]
        OtherPayer, _OTHER, data, coverage=the_coverage, adjustments=adjustments
    )


# -- institutional parts -------------------------------------------------------------

_PROCEDURE: Final = _template(InpatientProcedure)
_OCCURRENCE: Final = _template(Occurrence)
_SPAN: Final = _template(OccurrenceSpan)
_VALUE: Final = _template(ValueCode)


def _inpatient(data: Any) -> Any:
    if (
        type(data) is dict
        and _code(data.get("code"))
        and type(data.get("date")) is date
        and data.get("system", "ICD-10-PCS") in _PX_SYSTEMS
        and data.keys() <= _PROCEDURE.keys()
    ):
        return _make(InpatientProcedure, _PROCEDURE, data)
    return None


def _occurrence(data: Any) -> Any:
    if (
        type(data) is dict
        and _match(data.get("code"), _CODE2)
        and type(data.get("date")) is date
        and data.keys() <= _OCCURRENCE.keys()
    ):
        return _make(Occurrence, _OCCURRENCE, data)
    return None


def _span(data: Any) -> Any:
    if (
        type(data) is dict
        and _match(data.get("code"), _CODE2)
        and type(data.get("period")) is DateRange
        and data.keys() <= _SPAN.keys()
    ):
        return _make(OccurrenceSpan, _SPAN, data)
    return None


def _value(data: Any) -> Any:
    if (
        type(data) is dict
        and _match(data.get("code"), _CODE2)
        and type(data.get("amount")) is Money
        and data.keys() <= _VALUE.keys()
    ):
        return _make(ValueCode, _VALUE, data)
    return None


_PARTS: Final[tuple[tuple[str, int, Callable[[Any], Any]], ...]] = (
    ("procedures", 25, _inpatient),
    ("occurrences", 24, _occurrence),
    ("occurrence_spans", 24, _span),
    ("value_codes", 24, _value),
    ("other_payers", 10, other_payer),
    ("lines", 999, line),
)


# -- the claim -----------------------------------------------------------------------


def _diagnoses(value: Any, most: int) -> bool:
    return (
        type(value) in (list, tuple)
        and len(value) <= most
        and all(type(item) is Diagnosis for item in value)
    )


def _one(values: frozenset[str]) -> Check:
    return lambda value: type(value) is str and value in values


def _opt_pattern(pattern: re.Pattern[str]) -> Check:
    return lambda value: _opt_match(value, pattern)


def _opt_cls(cls: type) -> Check:
    return lambda value: value is None or type(value) is cls


def _opt_ref(value: Any) -> bool:
    return value is None or 1 <= _length(value) <= 50


_anything: Check = lambda value: True  # noqa: E731  (built in claim())
# The checks of the claim's fields, by name, for the fields read from text
# (the models the reader built itself are checked by type in claim()).
_CLAIM_CHECKS: Final[dict[str, Check]] = {
    "kind": _one(_KINDS),
    "claim_id": lambda value: 1 <= _length(value) <= 38,
    "billing_provider": _anything,
    "pay_to_address": _opt_cls(Address),
    "coverage": _anything,
    "responsibility": _one(_RESPONSIBILITIES),
    "patient": _anything,
    "total_charge": _anything,
    "frequency_code": lambda value: _match(value, _ONE),
    "original_claim_number": _opt_ref,
    "place_of_service": _opt_code,
    "facility_type": _opt_pattern(_FACILITY),
    "provider_signature": lambda value: type(value) is bool,
    "assignment": _one(_ASSIGNMENTS),
    "benefits_assigned": _one(_YNW),
    "release_of_information": _one(_IY),
    "patient_signature_source": lambda value: value is None or value == "P",
    "related_causes": lambda value: (
        type(value) is tuple and len(value) <= 3 and all(c in _CAUSES for c in value)
    ),
    "accident_state": _opt_pattern(_ALPHA2),
    "delay_reason": _opt_pattern(_DELAY),
    "diagnoses": lambda value: _diagnoses(value, 1 << 30),
    "admitting_diagnosis": _opt_cls(Diagnosis),
    "reason_for_visit": lambda value: _diagnoses(value, 3),
    "external_causes": lambda value: _diagnoses(value, 12),
    "procedures": _anything,
    "condition_codes": lambda value: (
        type(value) in (list, tuple) and len(value) <= 24 and all(_match(c, _CODE2) for c in value)
    ),
    "occurrences": _anything,
    "occurrence_spans": _anything,
    "value_codes": _anything,
    "statement_period": _opt_cls(DateRange),
    "admission_date": _opt_cls(date),
    "admission_time": _opt_cls(time),
    "discharge_date": _opt_cls(date),
    "discharge_time": _opt_cls(time),
    "admission_type": _opt_pattern(_ADMISSION_TYPE),
    "admission_source": _opt_pattern(_ONE),
    "discharge_status": _opt_pattern(_DISCHARGE),
    "onset_date": _opt_cls(date),
    "accident_date": _opt_cls(date),
    "prior_authorization": _opt_ref,
    "referral_number": _opt_ref,
    "medical_record_number": _opt_ref,
    "patient_paid": _opt_cls(Money),
    "note": lambda value: value is None or 1 <= _length(value) <= 80,
    "referring_provider": _opt_cls(Provider),
    "rendering_provider": _opt_cls(Provider),
    "supervising_provider": _opt_cls(Provider),
    "attending_provider": _opt_cls(Provider),
    "operating_provider": _opt_cls(Provider),
    "other_operating_provider": _opt_cls(Provider),
    "service_facility": _opt_cls(Provider),
    "other_payers": _anything,
    "lines": _anything,
}
_CLAIM: Final = _template(Claim)
# What claim() checks itself before the loop over the others.
_CLAIM_CHECKED: Final = frozenset(
    {"kind", "claim_id", "billing_provider", "coverage", "patient", "total_charge",
     "responsibility"}
)  # fmt: skip
_TUPLES: Final = ("diagnoses", "reason_for_visit", "external_causes", "condition_codes")
# How claim() handles each field, in one pass over the data: (what, check or
# builder, most): _SKIP for the fields checked before the pass, _CHECK for a
# check, _TUPLE for a check and a tuple made of a list, _PART for models built
# from a list of dicts (at most *most*).
_SKIP, _CHECK, _TUPLE, _PART = 0, 1, 2, 3
_HANDLERS: Final[dict[str, tuple[int, Callable[[Any], Any], int]]] = {
    name: (_SKIP, _anything, 0) if name in _CLAIM_CHECKED
    else (_TUPLE, check, 0) if name in _TUPLES
    else (_CHECK, check, 0)
    for name, check in _CLAIM_CHECKS.items()
}  # fmt: skip
_HANDLERS.update({name: (_PART, make, most) for name, most, make in _PARTS})

# The claim fields only CLM05-CLM20 give (the reader's later loops never set
# them; accident_state is left out, as a REF*LU may set it on an 837I).
_CLM_ONLY: Final = frozenset(
    {"place_of_service", "facility_type", "frequency_code", "provider_signature", "assignment",
     "benefits_assigned", "release_of_information", "patient_signature_source",
     "related_causes", "delay_reason"}
)  # fmt: skip
# What claim() need not check when clm_fields_ok() passed the CLM's fields.
_CLAIM_AND_CLM_CHECKED: Final = _CLAIM_CHECKED | _CLM_ONLY


def clm_fields_ok(fields: dict[str, Any]) -> bool:
    """Whether the claim fields a CLM's elements 5-20 gave pass :func:`claim`'s checks.

    The reader remembers the answer by the elements' text, and tells
    :func:`claim` (``clm_checked=True``) to skip those of the fields that
    nothing else sets. Each is the check :func:`claim` would make (none of
    these is a list turned into a tuple).
    """
    for name, value in fields.items():
        handler = _HANDLERS.get(name)
        if handler is None or handler[0] != _CHECK or not handler[1](value):
            return False
    return True


_NOTHING: Final = Decimal(0)
# What a professional claim must leave unset (Claim's "fields of the other kind" rule).
_NOT_PROFESSIONAL: Final = frozenset((*_INSTITUTIONAL_ONLY, *_INSTITUTIONAL_TUPLES))


def plain_professional(made: Claim, data: dict[str, Any]) -> bool:
    """Whether the 837P claim *made* (from *data*) surely breaks no rule of ``_claim_problems``.

    Sufficient conditions for the usual professional claim read from a file
    (every line with a procedure, a date and pointers that name diagnoses, the
    total equal to the lines; other payers each with a payer and their own
    responsibility, and line adjudications dated, with their procedure, by one
    of those payers): each is a rule of
    ``rcm.claims._claim._claim_problems`` (relaxable or not) seen to hold, so
    that function would return no problem and relax none. Anything else says
    ``False`` and the caller runs ``_claim_problems`` itself.
    ``tests/claims/test_trusted.py`` checks the two agree.
    """
    fields = made.__dict__
    diagnoses = fields["diagnoses"]
    lines = fields["lines"]
    coverage = fields["coverage"]
    billing = fields["billing_provider"]
    if not (
        fields["kind"] == "professional"
        and data.keys().isdisjoint(_NOT_PROFESSIONAL)
        and 0 < len(diagnoses) <= 12
        and 0 < len(lines) <= 50
        and fields["place_of_service"] is not None
        and coverage.payer is not None
        and billing.npi is not None
        and billing.address is not None
        and billing.tax_id is not None
        and (fields["frequency_code"] not in ("7", "8") or fields["original_claim_number"])
        and (fields["accident_state"] is None or "AA" in fields["related_causes"])
    ):
        return False
    if coverage.relationship == "18" and not _same_person(fields["patient"], coverage.subscriber):
        return False
    system = diagnoses[0].system
    for dx in diagnoses:
        if dx.system != system or dx.present_on_admission is not None:
            return False
    # Other payers (a secondary claim's COB loops): each with its payer, no
    # responsibility used twice (but U), as the rules' last section asks. The
    # payers' IDs are what line adjudications must name.
    payer_ids: set[str] = set()
    others = fields["other_payers"]
    if others:
        seen = {fields["responsibility"]}
        for other in others:
            values = other.__dict__
            payer = values["coverage"].payer
            responsibility = values["responsibility"]
            if payer is None or (responsibility in seen and responsibility != "U"):
                return False
            seen.add(responsibility)
            payer_ids.add(payer.payer_id)
    count = len(diagnoses)
    # The line charges summed as Decimals: each Money + Money in _claim_problems
    # adds the same Decimals in the same context (then quantizes, which changes
    # nothing below 10**26, and raises above). Charges are never negative (a
    # line's rule), so a total below 10**24 means every partial sum was exact.
    total = _NOTHING
    for line in lines:
        values = line.__dict__
        if not usual_line(values, count):
            return False
        # A line with adjudications takes the rules' detailed path: the checks
        # above are that path's line rules; these are its adjudication rules.
        for adjudication in values["adjudications"]:
            found = adjudication.__dict__
            if (
                found["paid_date"] is None
                or found["payer_id"] not in payer_ids
                or found["procedure_code"] is None
            ):
                return False
        total += values["charge"].amount
    return total.adjusted() < 24 and total == fields["total_charge"].amount


def claim(data: dict[str, Any], *, clm_checked: bool = False) -> Claim | None:
    """The :class:`Claim` lenient validation makes of *data*, or ``None`` to validate.

    The claim's own rules run as its validator runs them (in lenient mode):
    a claim that breaks one that cannot be relaxed is left to validation,
    which raises the error it always raised. With *clm_checked*, the fields
    in ``_CLM_ONLY`` passed :func:`clm_fields_ok` already.
    """
    get = data.get
    kind = get("kind")
    responsibility = get("responsibility", "P")
    if not (
        type(get("billing_provider")) is Provider
        and type(get("coverage")) is Coverage
        and type(get("patient")) is Patient
        and type(get("total_charge")) is Money
        and type(kind) is str
        and kind in _KINDS
        and 1 <= _length(get("claim_id")) <= 38
        and type(responsibility) is str
        and responsibility in _RESPONSIBILITIES
    ):
        return None
    # The other fields by their checks (the ones above need none again), the
    # lists as tuples and the parts built, in one pass.
    # Only the fields not checked already are walked (a set difference in C:
    # most of a claim's fields are); an unknown name is left, and refused.
    handlers = _HANDLERS
    models: dict[str, Any] = {}
    for name in data.keys() - (_CLAIM_AND_CLM_CHECKED if clm_checked else _CLAIM_CHECKED):
        values = data[name]
        handler = handlers.get(name)
        if handler is None:
            return None
        what, check, most = handler
        if what == _PART:
            if values is None:
                continue
            if type(values) not in (list, tuple) or len(values) > most:
                return None
            built = []
            for value in values:
                made = check(value)
                if made is None:
                    return None
                built.append(made)
            models[name] = tuple(built)
            continue
        if not check(values):
            return None
        if what == _TUPLE and values is not None and type(values) is not tuple:
            models[name] = tuple(values)
    if not models.get("lines"):
        return None
    made_claim: Claim = _make(Claim, _CLAIM, data, **models)
    # Claim's one private attribute, as pydantic's init_private_attributes sets it.
    _SET(made_claim, "__pydantic_private__", {"_relaxed": ()})
    if plain_professional(made_claim, data):
        return made_claim
    relaxed: list[tuple[str, str]] = []
    if _claim_problems(made_claim, relaxed=relaxed):
        return None
    if relaxed:
        made_claim._relaxed = tuple(relaxed)
    return made_claim
