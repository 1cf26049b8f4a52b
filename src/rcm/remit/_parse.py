"""Map a stream of X12 segments to 835 models, one claim at a time.

The mapping consumes the segments of an :class:`rcm.x12.X12Reader` (as the
reader's ``raw()`` tuples, or any ``Iterable[Segment]``), envelope segments
(ISA/GS/ST ... SE/GE/IEA) included, and produces a stream of *events*: a
transaction's header (a :class:`~rcm.remit.Remittance` with no claims yet),
each :class:`~rcm.remit.HeaderNumber`, each :class:`~rcm.remit.ClaimPayment`
as soon as its last segment has been read, and the transaction's end (its
provider-level adjustments). Only the claim being read is ever held, so memory
does not grow with the number of claims.

Strictness (decided here, documented in ``docs/remit/index.md``):

* A segment the 835 does not define where it appears (an ``HI`` in a claim, a
  ``CLP`` before the payee, an unknown ID) is a :class:`RemitParseError`:
  rcm never drops data silently.
* An element the 005010X221A1 guide marks "not used" that carries a value is a
  ``RemitParseError`` naming the element, for the same reason (TS3's
  004010-era totals are the exception: they are modelled and kept).
* Amounts must be X12 decimals (``-12.5``, ``100``) with at most two places;
  dates ``CCYYMMDD``; code values their documented format.

Speed. The claim loops (2100/2110) are most of every 835, so they are read on
a fast path: plain ``(id, elements, index)`` tuples instead of segment objects,
one ``if`` chain in the generator itself instead of a helper call per segment,
and models built as :func:`rcm._pydantic.trusted_builder` builds them (for the
hottest ones, a leaner equivalent: :func:`_lean_builder`) instead of by pydantic
validation. Every value the fast path hands to a builder has been checked here
exactly as the model's validation would check it: non-empty text for ``Text``
fields, :class:`~rcm.money.Money` from :func:`_money_text`, ``Decimal`` from
:func:`_decimal_opt`, ``date`` objects, enum *members* for group and status
codes, ``fullmatch`` for the models' anchored patterns, tuples for collections,
and the size limits of the models' fields. ``tests/remit/test_trusted.py``
proves it on the real corpus and on generated remittances. Segments that occur
once per transaction (the header, TS3/TS2, PLB) still go through
``model_validate``: they cost nothing measurable.

Values that repeat are parsed once: amounts, quantities and dates by their
text, and whole ``DTM``/``AMT``/``CAS`` segments and ``SVC01`` procedures by
their elements (models are frozen, so one instance can stand for every
occurrence). The caches are bounded.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Final, TypeVar

import attrs
from pydantic import BaseModel, ValidationError

from rcm._pydantic import trusted_builder
from rcm.coding import carc as _carc
from rcm.coding import rarc as _rarc
from rcm.errors import InvalidAmount, RemitParseError
from rcm.money import Money
from rcm.remit._models import (
    Adjustment,
    AdjustmentGroup,
    Amount,
    ClaimPayment,
    ClaimStatus,
    Communication,
    Contact,
    DateReference,
    EntityName,
    HeaderNumber,
    InpatientAdjudication,
    OutpatientAdjudication,
    Procedure,
    ProviderAdjustment,
    Quantity,
    Reference,
    Remark,
    Remittance,
    ServicePayment,
)
from rcm.x12 import DEFAULT_DELIMITERS, Delimiters, RawSegment, Segment, X12Reader

__all__ = ["ClaimContext", "TransactionEnd", "events"]

M = TypeVar("M", bound=BaseModel)

logger = logging.getLogger(__name__)

#: Implementation guides this reader accepts (ST03, or GS08 when ST03 is absent).
SUPPORTED_VERSIONS: Final = ("005010X221A1", "005010X221")

_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_INTEGER = re.compile(r"[0-9]+")
_CARC = _carc.PATTERN
_RARC = _rarc.PATTERN
#: Group and status codes to their enum members (what validation makes of the text).
_GROUPS: Final = {group.value: group for group in AdjustmentGroup}
_STATUSES: Final = {status.value: status for status in ClaimStatus}
_QUALIFIER = re.compile(r"[A-Z0-9]{2}")
_CONTROL = re.compile(r"[0-9A-Za-z]{4,9}")

# Highest element position the guide uses, and used-position gaps ("not used"
# elements in the middle), per segment ID.
_LAYOUT: Final[dict[str, tuple[int, tuple[int, ...]]]] = {
    "ST": (3, ()),
    "SE": (2, ()),
    "BPR": (16, ()),
    "TRN": (4, ()),
    "CUR": (2, ()),
    "REF": (2, ()),
    "DTM": (2, ()),
    "N1": (4, ()),
    "N3": (2, ()),
    "N4": (7, (5, 6)),
    "PER": (8, ()),
    "RDM": (3, ()),
    "LX": (1, ()),
    "TS3": (24, ()),
    "TS2": (19, ()),
    "CLP": (13, (10,)),
    "CAS": (19, ()),
    "NM1": (9, (6,)),
    "MIA": (24, ()),
    "MOA": (9, ()),
    "AMT": (2, ()),
    "QTY": (2, ()),
    "SVC": (7, ()),
    "LQ": (2, ()),
    "PLB": (14, ()),
}

#: The element count from which a segment may hold a "not used" value: the
#: first gap, or one past the highest used position. One dict look-up and one
#: comparison per segment decide whether the full check must run.
_CHECK_FROM: Final = {sid: min((*gaps, highest + 1)) for sid, (highest, gaps) in _LAYOUT.items()}

_NM1_ROLES: Final = {
    "QC": "patient",
    "IL": "insured",
    "74": "corrected_patient",
    "82": "service_provider",
    "TT": "crossover_carrier",
    "PR": "corrected_priority_payer",
    "GB": "other_subscriber",
}
#: The optional claim fields that hold one segment each, absent, in field order.
_NO_SINGLES: Final = dict.fromkeys((*_NM1_ROLES.values(), "inpatient", "outpatient"))
#: The claim fields the parser always gives (all but the one-segment ones).
_CLAIM_ALWAYS: Final = set(ClaimPayment.model_fields).difference(_NO_SINGLES)

# Fields sets. pydantic keeps, per model, the set of field names its input
# gave (``model_fields_set``); validation and trusted_builder make a new one
# per model. For the models the parser makes by the thousand those sets were
# half the memory of a claim, so every model with the same given fields
# shares one set instead. pydantic never changes a model's set in place
# (frozen models refuse assignment, and model_copy copies the set before it
# adds to it), so sharing it is safe.
#: Sets a model's fields set through its slot (a quarter of object.__setattr__'s cost).
_set_fields: Final[Callable[[BaseModel, set[str]], None]] = BaseModel.__dict__[
    "__pydantic_fields_set__"
].__set__
#: Claim fields sets by the one-segment fields present (in the order they came).
_CLAIM_FIELDS: dict[tuple[str, ...], set[str]] = {}

_ENVELOPE: Final = frozenset({"ISA", "GS", "GE", "IEA", "TA1"})

# Loop names used in error locations.
ENVELOPE: Final = "envelope"
HEADER: Final = "header"
PAYER: Final = "1000A"
PAYEE: Final = "1000B"
LX_LOOP: Final = "2000"
CLAIM: Final = "2100"
LINE: Final = "2110"
SUMMARY: Final = "summary"

# Trusted constructors for the models of loops 2100/2110 (see the module
# docstring for what the parser checks before calling them).
_set_dict: Final = BaseModel.__dict__["__dict__"].__set__
_set_extra: Final = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private: Final = BaseModel.__dict__["__pydantic_private__"].__set__


def _lean_builder(cls: type[M]) -> Callable[[dict[str, Any]], M]:
    """What ``trusted_builder(cls)`` builds, for dicts that give every field in field order.

    For the models the claim loops make by the hundred thousand. The object is
    the one :func:`rcm._pydantic.trusted_builder` makes from a complete dict
    (which is asked for first, so that its refusals apply: default factories,
    ``model_post_init``, extra fields), with two differences that take a
    fifth off the parse time: the four slots are set through their
    descriptors (a quarter of ``object.__setattr__``'s cost each), and every
    model of the class shares one fields set (all fields are given; see the
    note on fields sets above). The caller must give every field, in field
    order: ``tests/remit/test_trusted.py`` checks each model's fields, their
    order, repr and JSON against validation's.
    """
    trusted_builder(cls)  # its checks on the model class
    fields_set = set(cls.model_fields)
    new = cls.__new__
    set_dict = _set_dict
    set_fields = _set_fields
    set_extra = _set_extra
    set_private = _set_private

    def build(values: dict[str, Any]) -> M:
        model: M = new(cls)
        set_dict(model, values)
        set_fields(model, fields_set)
        set_extra(model, None)
        set_private(model, None)
        return model

    build.__name__ = build.__qualname__ = f"build_{cls.__name__}"
    return build


_build_claim: Final = _lean_builder(ClaimPayment)
_build_line: Final = _lean_builder(ServicePayment)
_build_adjustment: Final = _lean_builder(Adjustment)
_build_reference: Final = _lean_builder(Reference)
_build_date: Final = _lean_builder(DateReference)
_build_amount: Final = _lean_builder(Amount)
_build_quantity: Final = trusted_builder(Quantity)
_build_procedure: Final = _lean_builder(Procedure)
_build_name: Final = _lean_builder(EntityName)
_build_remark: Final = trusted_builder(Remark)
_build_contact: Final = trusted_builder(Contact)
_build_communication: Final = trusted_builder(Communication)
_build_inpatient: Final = trusted_builder(InpatientAdjudication)
_build_outpatient: Final = trusted_builder(OutpatientAdjudication)
_build_remittance: Final = trusted_builder(Remittance)
#: Remittance's own model validator (claims grouped under the LX header numbers).
_check_header_numbers: Final[Callable[[Remittance], Remittance]] = (
    Remittance.__pydantic_decorators__.model_validators["_check_header_numbers"].func
)


@attrs.frozen(slots=True)
class ClaimContext:
    """Where a streamed claim payment sits: its transaction and header number.

    :func:`rcm.remit.iter_claims` yields ``(ClaimContext, ClaimPayment)`` pairs.
    The same context objects are shared by every claim of a transaction, so
    streaming a 200,000-claim transaction holds one header, not 200,000.

    Attributes:
        remittance: the transaction's header: payment, trace, payer, payee,
            references and dates, with ``claims``, ``header_numbers`` and
            ``provider_adjustments`` empty (they are not read yet when the
            claim is yielded; PLB comes after the last claim).
        header_number: the LX/TS3/TS2 group the claim is in, if any.
        claim_index: the claim's 1-based position in its transaction.
        transaction_index: the transaction's 1-based position in the source.
        segment_index: the 1-based ordinal of the claim's CLP segment.

    Example:
        >>> from rcm.remit import iter_claims, write_835
        >>> from rcm.remit._examples import example_remittance
        >>> context, claim = next(iter_claims(write_835([example_remittance()])))
        >>> context.remittance.payer.name, context.claim_index, claim.patient_control_number
        ('ACME HEALTH PLAN', 1, 'PCN-1001')
    """

    remittance: Remittance
    header_number: HeaderNumber | None
    claim_index: int
    transaction_index: int
    segment_index: int = 0


def _context_maker() -> Callable[[Remittance, HeaderNumber | None, int, int, int], ClaimContext]:
    """A constructor for ClaimContext that sets its slots directly (one per claim).

    ClaimContext is a frozen, slotted attrs class without validators, so
    setting its five slots through their descriptors makes the same object as
    its ``__init__``, without the frozen-setattr detour for each.
    """
    names = ("remittance", "header_number", "claim_index", "transaction_index", "segment_index")
    fields = attrs.fields(ClaimContext)
    if tuple(f.name for f in fields) != names or any(
        f.validator is not None or f.converter is not None for f in fields
    ):  # pragma: no cover - depends on ClaimContext's definition
        return ClaimContext
    set_remittance, set_header, set_claim, set_transaction, set_segment = (
        ClaimContext.__dict__[name].__set__ for name in names
    )
    new = object.__new__

    def make(
        remittance: Remittance,
        header_number: HeaderNumber | None,
        claim_index: int,
        transaction_index: int,
        segment_index: int,
    ) -> ClaimContext:
        context: ClaimContext = new(ClaimContext)
        set_remittance(context, remittance)
        set_header(context, header_number)
        set_claim(context, claim_index)
        set_transaction(context, transaction_index)
        set_segment(context, segment_index)
        return context

    return make


_claim_context: Final = _context_maker()


@attrs.frozen(slots=True)
class TransactionEnd:
    """The end of one transaction in the event stream (its SE was read).

    Attributes:
        provider_adjustments: the transaction's PLB segments.
        claim_count: how many claims it had.
        segment_index: the SE's 1-based ordinal.

    Example:
        >>> TransactionEnd((), 0, 9).claim_count
        0
    """

    provider_adjustments: tuple[ProviderAdjustment, ...]
    claim_count: int
    segment_index: int


#: What :func:`events` yields (a bare ClaimPayment with ``contexts=False``).
Event = (
    Remittance | HeaderNumber | tuple[ClaimContext, ClaimPayment] | ClaimPayment | TransactionEnd
)


class _Error(Exception):
    """Raised inside helpers; turned into RemitParseError with the location."""

    def __init__(self, message: str, element: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.element = element


def _unused_element(sid: str, elements: tuple[str, ...]) -> _Error | None:
    """The error for a "not used" element that has a value, if any (gaps first)."""
    count = len(elements)
    highest, gaps = _LAYOUT.get(sid, (count, ()))
    for position in gaps:
        if position <= count and elements[position - 1]:
            return _unused(sid, position)
    if count > highest and any(elements[highest:]):
        for position in range(highest + 1, count + 1):
            if elements[position - 1]:
                return _unused(sid, position)
    return None


def _unused(sid: str, position: int) -> _Error:
    return _Error(f"{sid}{position:02d} is not used in 005010X221A1 but has a value", position)


def _element(elements: tuple[str, ...], position: int) -> str:
    return elements[position - 1] if position <= len(elements) else ""


def _required(elements: tuple[str, ...], position: int, name: str) -> str:
    value = elements[position - 1] if position <= len(elements) else ""
    if not value:
        raise _Error(f"{name} is required", position)
    return value


def _optional(elements: tuple[str, ...], position: int) -> str | None:
    value = elements[position - 1] if position <= len(elements) else ""
    return value or None


def _components(text: str, component: str) -> tuple[str, ...]:
    """A composite element split into its components (``()`` when empty)."""
    return tuple(text.split(component)) if text else ()


# The caches below are bounded: each is cleared when it reaches the limit.
_CACHE_LIMIT: Final = 50_000

#: Amounts already parsed, by their exact text. Money is immutable, so one
#: instance can stand for every occurrence; 835s repeat amounts a lot (fee
#: schedules, copays, zero).
_AMOUNTS: dict[str, Money] = {}


def _money_text(text: str, position: int, seg_id: str) -> Money:
    money = _AMOUNTS.get(text)
    if money is not None:
        return money
    if not _NUMBER.fullmatch(text):
        raise _Error(f"{seg_id}{position:02d} {text!r} is not a number", position)
    try:
        money = Money(text)
    except InvalidAmount:
        raise _Error(
            f"{seg_id}{position:02d} {text!r} has more than two decimal places", position
        ) from None
    if len(_AMOUNTS) >= _CACHE_LIMIT:
        _AMOUNTS.clear()
    _AMOUNTS[text] = money
    return money


def _money(elements: tuple[str, ...], position: int, seg_id: str) -> Money:
    text = elements[position - 1] if position <= len(elements) else ""
    if not text:
        raise _Error(f"{seg_id}{position:02d} (an amount) is required", position)
    return _money_text(text, position, seg_id)


def _money_opt(elements: tuple[str, ...], position: int, seg_id: str) -> Money | None:
    text = elements[position - 1] if position <= len(elements) else ""
    if not text:
        return None
    return _money_text(text, position, seg_id)


_QUANTITIES: dict[str, Decimal] = {}


def _decimal_opt(elements: tuple[str, ...], position: int, seg_id: str) -> Decimal | None:
    text = elements[position - 1] if position <= len(elements) else ""
    if not text:
        return None
    known = _QUANTITIES.get(text)
    if known is not None:
        return known
    if not _NUMBER.fullmatch(text):
        raise _Error(f"{seg_id}{position:02d} {text!r} is not a number", position)
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise _Error(f"{seg_id}{position:02d} {text!r} is not a number", position) from None
    if len(_QUANTITIES) >= _CACHE_LIMIT:
        _QUANTITIES.clear()
    _QUANTITIES[text] = value
    return value


def _decimal(elements: tuple[str, ...], position: int, seg_id: str) -> Decimal:
    value = _decimal_opt(elements, position, seg_id)
    if value is None:
        raise _Error(f"{seg_id}{position:02d} (a quantity) is required", position)
    return value


def _int_opt(elements: tuple[str, ...], position: int, seg_id: str) -> int | None:
    value = _decimal_opt(elements, position, seg_id)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise _Error(f"{seg_id}{position:02d} {value} is not a whole number", position)
    return int(value)


#: Dates already parsed, by their text (835s repeat a few dates many times).
_DATES: dict[str, date] = {}


def _date(elements: tuple[str, ...], position: int, seg_id: str) -> date:
    text = elements[position - 1] if position <= len(elements) else ""
    when = _DATES.get(text)
    if when is not None:
        return when
    if not text:
        raise _Error(f"{seg_id}{position:02d} (a date) is required", position)
    if len(text) != 8 or not text.isdigit() or not text.isascii():
        raise _Error(f"{seg_id}{position:02d} {text!r} is not a CCYYMMDD date", position)
    try:
        when = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise _Error(f"{seg_id}{position:02d} {text!r} is not a real date", position) from None
    if len(_DATES) >= _CACHE_LIMIT:
        _DATES.clear()
    _DATES[text] = when
    return when


def _date_opt(elements: tuple[str, ...], position: int, seg_id: str) -> date | None:
    if position > len(elements) or not elements[position - 1]:
        return None
    return _date(elements, position, seg_id)


# --- whole segments, cached by their elements ------------------------------------
#
# A DTM, AMT or CAS segment's model(s) depend on its elements alone, and files
# repeat them (service dates, allowed amounts of a fee schedule, copays), so
# each distinct elements tuple is parsed and built once.

_DTM_MODELS: dict[tuple[str, ...], tuple[DateReference]] = {}
_AMT_MODELS: dict[tuple[str, ...], tuple[Amount]] = {}
_CAS_MODELS: dict[tuple[str, ...], tuple[Adjustment, ...]] = {}
#: Procedures (SVC01) by component separator, then by text.
_PROCEDURES: dict[str, dict[str, Procedure]] = {}


#: Entries per cache of whole models: they hold more memory than a Money, and
#: the values worth caching are the few that repeat (a few MB at most).
_MODEL_CACHE_LIMIT: Final = 10_000


def _remember(cache: dict[Any, Any], key: object, value: object) -> None:
    if len(cache) >= _MODEL_CACHE_LIMIT:
        cache.clear()
    cache[key] = value


def _dtm(el: tuple[str, ...]) -> tuple[DateReference]:
    found = _DTM_MODELS.get(el)
    if found is None:
        model = _build_date({"qualifier": _required(el, 1, "DTM01"), "date": _date(el, 2, "DTM")})
        found = (model,)
        _remember(_DTM_MODELS, el, found)
    return found


def _amount(el: tuple[str, ...]) -> tuple[Amount]:
    found = _AMT_MODELS.get(el)
    if found is None:
        model = _build_amount(
            {"qualifier": _required(el, 1, "AMT01"), "amount": _money(el, 2, "AMT")}
        )
        found = (model,)
        _remember(_AMT_MODELS, el, found)
    return found


def _adjustments(el: tuple[str, ...]) -> tuple[Adjustment, ...]:
    found = _CAS_MODELS.get(el)
    if found is None:
        found = _parse_adjustments(el)
        _remember(_CAS_MODELS, el, found)
    return found


def _reference(el: tuple[str, ...]) -> Reference:
    if len(el) >= 2 and el[0] and el[1]:  # the usual case, without helper calls
        return _build_reference({"qualifier": el[0], "value": el[1]})
    return _build_reference(
        {"qualifier": _required(el, 1, "REF01"), "value": _required(el, 2, "REF02")}
    )


def _quantity(el: tuple[str, ...]) -> Quantity:
    return _build_quantity(
        {"qualifier": _required(el, 1, "QTY01"), "quantity": _decimal(el, 2, "QTY")}
    )


def _contact_values(el: tuple[str, ...]) -> dict[str, Any]:
    """PER as validated-model input (header loops)."""
    communications = []
    for position in (3, 5, 7):
        qualifier = _element(el, position)
        number = _element(el, position + 1)
        if qualifier or number:
            if not (qualifier and number):
                raise _Error(
                    f"PER{position:02d}/PER{position + 1:02d} must both be present", position
                )
            communications.append({"qualifier": qualifier, "number": number})
    return {
        "function": _required(el, 1, "PER01"),
        "name": _optional(el, 2),
        "communications": tuple(communications),
    }


def _contact(el: tuple[str, ...]) -> Contact:
    """PER in a claim, built trusted (the same checks as :func:`_contact_values`)."""
    values = _contact_values(el)
    values["communications"] = tuple(
        _build_communication(item) for item in values["communications"]
    )
    return _build_contact(values)


def _parse_adjustments(el: tuple[str, ...]) -> tuple[Adjustment, ...]:
    group_code = el[0] if el else ""
    group = _GROUPS.get(group_code)
    if group is None:
        raise _Error(f"CAS01 {group_code!r} is not a claim adjustment group code", 1)
    found = []
    count = len(el)
    for position in range(2, min(count, 19) + 1, 3):
        reason = el[position - 1]
        amount_text = el[position] if position < count else ""
        quantity_text = el[position + 1] if position + 1 < count else ""
        if not reason:
            if amount_text or quantity_text:
                raise _Error(f"CAS{position:02d} (reason) is missing for an amount", position)
            continue
        # fullmatch: the model's pattern is anchored at both ends (no trailing newline)
        if not _CARC.fullmatch(reason):
            raise _Error(f"CAS{position:02d} {reason!r} is not a CARC", position)
        if not amount_text:
            raise _Error(f"CAS{position + 1:02d} (amount) is required", position + 1)
        amount = _money_text(amount_text, position + 1, "CAS")
        quantity = _decimal_opt(el, position + 2, "CAS") if quantity_text else None
        adjustment = _build_adjustment(
            {"group": group, "reason": reason, "amount": amount, "quantity": quantity}
        )
        found.append(adjustment)
    if not found:
        raise _Error("CAS has no adjustment (CAS02/CAS03 are required)", 2)
    return tuple(found)


def _procedure(el: tuple[str, ...], position: int, component: str) -> Procedure | None:
    text = el[position - 1] if position <= len(el) else ""
    if not text:
        return None
    return _build_procedure(_procedure_values(text, position, component))


def _procedure_values(text: str, position: int, component: str) -> dict[str, Any]:
    parts = text.split(component)
    if len(parts) == 2 and _QUALIFIER.fullmatch(parts[0]) and parts[1]:
        return {"qualifier": parts[0], "code": parts[1], "modifiers": (), "description": None}
    if len(parts) > 7 and any(parts[7:]):
        raise _Error(f"SVC{position:02d} has more components than the guide uses (7)", position)
    qualifier = parts[0]
    if not _QUALIFIER.fullmatch(qualifier):
        raise _Error(
            f"SVC{position:02d}-1 {qualifier!r} is not a product/service ID qualifier "
            "(check the component separator, ISA16)",
            position,
        )
    code = parts[1] if len(parts) > 1 else ""
    if not code:
        raise _Error(f"SVC{position:02d}-2 (the procedure code) is required", position)
    modifiers = tuple(parts[2:6])
    while modifiers and not modifiers[-1]:
        modifiers = modifiers[:-1]
    if "" in modifiers:
        raise _Error(f"SVC{position:02d} has an empty modifier before a later one", position)
    description = parts[6] if len(parts) > 6 and parts[6] else None
    return {
        "qualifier": qualifier,
        "code": code,
        "modifiers": modifiers,
        "description": description,
    }


def _name(el: tuple[str, ...]) -> EntityName:
    count = len(el)
    e = el if count >= 9 else el + _PAD[9 - count]
    if not e[0]:
        raise _Error("NM101 is required", 1)
    if not e[1]:
        raise _Error("NM102 is required", 2)
    return _build_name(
        {
            "entity_code": e[0],
            "entity_type": e[1],
            "last_name": e[2] or None,
            "first_name": e[3] or None,
            "middle_name": e[4] or None,
            "suffix": e[6] or None,
            "id_qualifier": e[7] or None,
            "id": e[8] or None,
        }
    )


def _remark_codes(el: tuple[str, ...], positions: tuple[int, ...], seg_id: str) -> tuple[str, ...]:
    codes = []
    for position in positions:
        code = _element(el, position)
        if code:
            # fullmatch: the model's RarcCode pattern is anchored at both ends
            if not _RARC.fullmatch(code):
                raise _Error(f"{seg_id}{position:02d} {code!r} is not a RARC", position)
            codes.append(code)
    return tuple(codes)


_MIA_AMOUNTS: Final = (
    (2, "pps_operating_outlier_amount"),
    (4, "claim_drg_amount"),
    (6, "disproportionate_share_amount"),
    (7, "msp_pass_through_amount"),
    (8, "pps_capital_amount"),
    (9, "pps_capital_fsp_drg_amount"),
    (10, "pps_capital_hsp_drg_amount"),
    (11, "pps_capital_dsh_drg_amount"),
    (12, "old_capital_amount"),
    (13, "pps_capital_ime_amount"),
    (14, "pps_operating_hospital_specific_drg_amount"),
    (16, "pps_operating_federal_specific_drg_amount"),
    (17, "pps_capital_outlier_amount"),
    (18, "indirect_teaching_amount"),
    (19, "nonpayable_professional_component_amount"),
    (24, "pps_capital_exception_amount"),
)
MIA_REMARKS: Final = (5, 20, 21, 22, 23)
#: InpatientAdjudication's fields in order (MIA gives every one).
_MIA_FIELDS: Final = tuple(InpatientAdjudication.model_fields)
MOA_REMARKS: Final = (3, 4, 5, 6, 7)


def _mia(el: tuple[str, ...]) -> InpatientAdjudication:
    result: dict[str, Any] = {
        "covered_days": _decimal(el, 1, "MIA"),
        "lifetime_psychiatric_days": _decimal_opt(el, 3, "MIA"),
        "cost_report_day_count": _decimal_opt(el, 15, "MIA"),
        "remark_codes": _remark_codes(el, MIA_REMARKS, "MIA"),
    }
    for position, name in _MIA_AMOUNTS:
        result[name] = _money_opt(el, position, "MIA")
    # every field is given; the builder lays them out in field order
    return _build_inpatient({name: result[name] for name in InpatientAdjudication.model_fields})


def _moa(el: tuple[str, ...]) -> OutpatientAdjudication:
    return _build_outpatient(
        {
            "reimbursement_rate": _decimal_opt(el, 1, "MOA"),
            "hcpcs_payable_amount": _money_opt(el, 2, "MOA"),
            "remark_codes": _remark_codes(el, MOA_REMARKS, "MOA"),
            "esrd_payment_amount": _money_opt(el, 8, "MOA"),
            "nonpayable_professional_component_amount": _money_opt(el, 9, "MOA"),
        }
    )


#: TS3 positions 6 to 24 and their field names (None: a count, not an amount).
TS3_FIELDS: Final = (
    (6, "total_covered_charge"),
    (7, "total_noncovered_charge"),
    (8, "total_denied_charge"),
    (9, "total_provider_payment"),
    (10, "total_interest"),
    (11, "total_contractual_adjustment"),
    (12, "total_gramm_rudman_reduction"),
    (13, "total_msp_payer_amount"),
    (14, "total_blood_deductible"),
    (15, "total_non_lab_charge"),
    (16, "total_coinsurance"),
    (17, "total_hcpcs_reported_charge"),
    (18, "total_hcpcs_payable"),
    (19, "total_deductible"),
    (20, "total_professional_component"),
    (21, "total_msp_patient_liability_met"),
    (22, "total_patient_reimbursement"),
    (24, "total_pip_adjustment"),
)

#: TS2 positions, field names and whether the element is money (else a quantity).
TS2_FIELDS: Final = (
    (1, "total_drg_amount", True),
    (2, "total_federal_specific_amount", True),
    (3, "total_hospital_specific_amount", True),
    (4, "total_disproportionate_share_amount", True),
    (5, "total_capital_amount", True),
    (6, "total_indirect_medical_education_amount", True),
    (7, "total_outlier_day_count", False),
    (8, "total_day_outlier_amount", True),
    (9, "total_cost_outlier_amount", True),
    (10, "average_drg_length_of_stay", False),
    (11, "total_discharge_count", False),
    (12, "total_cost_report_day_count", False),
    (13, "total_covered_day_count", False),
    (14, "total_noncovered_day_count", False),
    (15, "total_msp_pass_through_amount", True),
    (16, "average_drg_weight", False),
    (17, "total_pps_capital_fsp_drg_amount", True),
    (18, "total_pps_capital_hsp_drg_amount", True),
    (19, "total_pps_dsh_drg_amount", True),
)


def _ts3(el: tuple[str, ...]) -> dict[str, Any]:
    count = _int_opt(el, 4, "TS3")
    if count is None:
        raise _Error("TS304 (claim count) is required", 4)
    result: dict[str, Any] = {
        "provider_id": _required(el, 1, "TS301"),
        "facility_code": _required(el, 2, "TS302"),
        "fiscal_period_end": _date(el, 3, "TS3"),
        "claim_count": count,
        "total_charge": _money(el, 5, "TS3"),
        "total_pip_claim_count": _int_opt(el, 23, "TS3"),
    }
    for position, name in TS3_FIELDS:
        result[name] = _money_opt(el, position, "TS3")
    return result


def _ts2(el: tuple[str, ...]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for position, name, is_money in TS2_FIELDS:
        if is_money:
            result[name] = _money_opt(el, position, "TS2")
        else:
            result[name] = _decimal_opt(el, position, "TS2")
    return result


def _plb(el: tuple[str, ...], component: str) -> dict[str, Any]:
    items = []
    for position in range(3, 15, 2):
        parts = _components(_element(el, position), component)
        amount_text = _element(el, position + 1)
        if not parts:
            if amount_text:
                raise _Error(f"PLB{position:02d} (reason) is missing for an amount", position)
            continue
        if len(parts) > 2 and any(parts[2:]):
            raise _Error(f"PLB{position:02d} has more than two components", position)
        if not parts[0]:
            raise _Error(f"PLB{position:02d}-1 (the adjustment reason) is required", position)
        if not amount_text:
            raise _Error(f"PLB{position + 1:02d} (amount) is required", position + 1)
        items.append(
            {
                "reason": parts[0],
                "reference": parts[1] if len(parts) > 1 and parts[1] else None,
                "amount": _money_text(amount_text, position + 1, "PLB"),
            }
        )
    if not items:
        raise _Error("PLB has no adjustment (PLB03/PLB04 are required)", 3)
    return {
        "provider_id": _required(el, 1, "PLB01"),
        "fiscal_period_end": _date(el, 2, "PLB"),
        "items": tuple(items),
    }


def _bpr(el: tuple[str, ...]) -> dict[str, Any]:
    return {
        "handling_code": _required(el, 1, "BPR01"),
        "amount": _money(el, 2, "BPR"),
        "credit_debit": _required(el, 3, "BPR03"),
        "method": _required(el, 4, "BPR04"),
        "format": _optional(el, 5),
        "sender_dfi_qualifier": _optional(el, 6),
        "sender_dfi_id": _optional(el, 7),
        "sender_account_qualifier": _optional(el, 8),
        "sender_account": _optional(el, 9),
        "payer_identifier": _optional(el, 10),
        "payer_supplemental_code": _optional(el, 11),
        "receiver_dfi_qualifier": _optional(el, 12),
        "receiver_dfi_id": _optional(el, 13),
        "receiver_account_qualifier": _optional(el, 14),
        "receiver_account": _optional(el, 15),
        "date": _date_opt(el, 16, "BPR"),
    }


def _validation_message(exc: ValidationError, what: str) -> str:
    # pydantic's own text repeats the input value, which may be PHI: build the
    # message from the location and the error kind only.
    problems = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(part) for part in error["loc"])
        problems.append(f"{where}: {error['msg']}" if where else error["msg"])
    return f"{what} is not valid: " + "; ".join(problems)


class _Transaction:
    """The state of the transaction being read (the claim being read is in :func:`_events`)."""

    __slots__ = (
        "claim_count",
        "current_lx",
        "header",
        "loop",
        "lx_numbers",
        "party",
        "pending_lx",
        "plbs",
        "remittance",
    )

    def __init__(self, control_number: str, implementation: str) -> None:
        self.header: dict[str, Any] = {
            "control_number": control_number or None,
            "implementation": implementation,
            "references": [],
            "dates": [],
        }
        self.loop = HEADER
        self.party: dict[str, Any] | None = None
        self.remittance: Remittance | None = None
        self.current_lx: HeaderNumber | None = None
        self.pending_lx: dict[str, Any] | None = None
        self.lx_numbers: set[int] = set()
        self.plbs: list[ProviderAdjustment] = []
        self.claim_count = 0


def _new_party(entity_code: str, el: tuple[str, ...]) -> dict[str, Any]:
    return {
        "entity_code": entity_code,
        "name": _optional(el, 2),
        "id_qualifier": _optional(el, 3),
        "id": _optional(el, 4),
        "address": None,
        "references": [],
        "contacts": [],
        "delivery": None,
    }


def _finish_party(party: dict[str, Any]) -> dict[str, Any]:
    party["references"] = tuple(party["references"])
    party["contacts"] = tuple(party["contacts"])
    return party


#: Tuples of empty elements, to pad a segment to the positions a parser reads
#: (one concatenation instead of a length check per element).
_PAD: Final = tuple(("",) * n for n in range(16))


def _new_claim(el: tuple[str, ...], header_number: int | None) -> dict[str, Any]:
    """CLP01-CLP13 and the header number: the first fields of a claim, in field order."""
    count = len(el)
    e = el if count >= 13 else el + _PAD[13 - count]
    status = _STATUSES.get(e[1])
    if status is None:
        if not e[1]:
            raise _Error("CLP02 (claim status) is required", 2)
        raise _Error(f"CLP02 {e[1]!r} is not a claim status code", 2)
    if not e[0]:
        raise _Error("CLP01 is required", 1)
    amounts = _AMOUNTS
    charge = amounts.get(e[2])
    if charge is None:
        charge = _money(e, 3, "CLP")
    paid = amounts.get(e[3])
    if paid is None:
        paid = _money(e, 4, "CLP")
    # (a cached Money of zero is falsy: `or` then parses it again, to the same value)
    responsibility = (amounts.get(e[4]) or _money_text(e[4], 5, "CLP")) if e[4] else None
    return {
        "patient_control_number": e[0],
        "status": status,
        "charge": charge,
        "paid": paid,
        "patient_responsibility": responsibility,
        "filing_indicator": e[5] or None,
        "payer_claim_control_number": e[6] or None,
        "facility_code": e[7] or None,
        "frequency": e[8] or None,
        "drg_code": e[10] or None,
        "drg_weight": _decimal_opt(e, 12, "CLP") if e[11] else None,
        "discharge_fraction": _decimal_opt(e, 13, "CLP") if e[12] else None,
        "header_number": header_number,
    }


def _new_line(
    el: tuple[str, ...], procedures: dict[str, Procedure], component: str
) -> dict[str, Any]:
    """SVC01-SVC07: the first fields of a service payment, in field order.

    *procedures* caches the procedures parsed with *component* by their text.
    """
    count = len(el)
    e = el if count >= 7 else el + _PAD[7 - count]
    procedure = procedures.get(e[0])
    if procedure is None:
        procedure = _procedure(e, 1, component)
        if procedure is None:
            raise _Error("SVC01 (the procedure) is required", 1)
        _remember(procedures, e[0], procedure)
    original_units = _decimal_opt(e, 7, "SVC") if e[6] else None
    amounts = _AMOUNTS
    charge = amounts.get(e[1])
    if charge is None:
        charge = _money(e, 2, "SVC")
    paid = amounts.get(e[2])
    if paid is None:
        paid = _money(e, 3, "SVC")
    # (a cached zero is falsy: `or` then parses it again, to the same value)
    units_paid = (_QUANTITIES.get(e[4]) or _decimal_opt(e, 5, "SVC")) if e[4] else None
    return {
        "procedure": procedure,
        "charge": charge,
        "paid": paid,
        "revenue_code": e[3] or None,
        "units_paid": units_paid,
        "original_procedure": _procedure(e, 6, component) if e[5] else None,
        "original_units": original_units,
    }


def _segments_as_raw(
    segments: Iterable[Segment], current: list[Delimiters]
) -> Iterator[RawSegment]:
    for seg in segments:
        current[0] = seg.delimiters
        yield seg.id, seg.elements, seg.index


def events(
    segments: X12Reader | Iterable[Segment],
    *,
    source: str | None = None,
    contexts: bool = True,
) -> Iterator[Event]:
    """Read 835 transactions from *segments* and yield their parts as they complete.

    Yields, per transaction: its header :class:`Remittance` (no claims), each
    :class:`HeaderNumber` when its first claim starts, each
    ``(ClaimContext, ClaimPayment)``, and a :class:`TransactionEnd`.

    Args:
        segments: an :class:`~rcm.x12.X12Reader` (read through its fast
            :meth:`~rcm.x12.X12Reader.raw` tuples), or any iterable of segments.
        source: the source name used in error messages.
        contexts: yield ``(ClaimContext, ClaimPayment)`` pairs; with ``False``,
            the bare ``ClaimPayment`` (for readers that do not need the context).

    Raises:
        RemitParseError: anything that is not a readable 005010X221A1 835,
            naming the segment's ordinal, ID, loop and element.

    Example:
        >>> from rcm.remit import write_835
        >>> from rcm.remit._examples import example_remittance
        >>> from rcm.x12 import X12Reader
        >>> [type(e).__name__ for e in events(X12Reader(write_835([example_remittance()])))]
        ['Remittance', 'HeaderNumber', 'tuple', 'tuple', 'TransactionEnd']
    """
    if isinstance(segments, X12Reader):
        reader = segments

        def reader_delimiters() -> Delimiters:
            interchange = reader.interchange
            return interchange.delimiters if interchange is not None else DEFAULT_DELIMITERS

        return _events(reader.raw(), reader_delimiters, source, contexts)
    current = [DEFAULT_DELIMITERS]
    return _events(_segments_as_raw(segments, current), lambda: current[0], source, contexts)


def _events(
    raw: Iterable[RawSegment],
    delimiters: Callable[[], Delimiters],
    source: str | None,
    contexts: bool,
) -> Iterator[Event]:
    group_version = ""
    t: _Transaction | None = None
    transaction_index = 0
    sid = ""
    el: tuple[str, ...] = ()
    index: int | None = None
    loop = ENVELOPE
    component = DEFAULT_DELIMITERS.component
    procedures: dict[str, Procedure] = {}
    # module-level tables as locals: the hot path looks them up once per segment
    check_from = _CHECK_FROM
    cas_models = _CAS_MODELS
    dtm_models = _DTM_MODELS
    amt_models = _AMT_MODELS
    build_reference = _build_reference
    # The claim being read: its CLP fields, one-segment fields, collections and
    # lines. The collection names without a prefix point at the claim's or the
    # current line's lists (whichever the segments belong to now).
    claim: dict[str, Any] = {}
    singles: dict[str, Any] = {}
    claim_segment_index = 0
    line: dict[str, Any] | None = None
    services: list[ServicePayment] = []
    # The collections are tuples from the start, grown by concatenation: lines
    # hold one or two of each, `() + t` is `t` itself (so a line with one DTM,
    # AMT or CAS shares the cached tuple), and no list is made and copied.
    claim_adjustments: tuple[Adjustment, ...] = ()
    claim_dates: tuple[DateReference, ...] = ()
    claim_references: tuple[Reference, ...] = ()
    claim_contacts: tuple[Contact, ...] = ()
    claim_amounts: tuple[Amount, ...] = ()
    claim_quantities: tuple[Quantity, ...] = ()
    line_adjustments: tuple[Adjustment, ...] = ()
    line_dates: tuple[DateReference, ...] = ()
    line_references: tuple[Reference, ...] = ()
    line_amounts: tuple[Amount, ...] = ()
    line_quantities: tuple[Quantity, ...] = ()
    line_remarks: tuple[Remark, ...] = ()
    try:
        for sid, el, index in raw:
            if t is None:
                loop = ENVELOPE
                if sid == "ST":
                    error = _unused_element(sid, el)
                    if error is not None:
                        raise error
                    set_id = _element(el, 1)
                    if set_id != "835":
                        raise _Error(f"transaction set {set_id or '(none)'} is not an 835", 1)
                    implementation = _element(el, 3) or group_version
                    if implementation not in SUPPORTED_VERSIONS:
                        raise _Error(
                            f"implementation guide {implementation or '(none)'} is not "
                            f"supported; rcm reads {SUPPORTED_VERSIONS[0]} 835s",
                            3,
                        )
                    control = _element(el, 2)
                    if not _CONTROL.fullmatch(control):
                        raise _Error(
                            f"ST02 {control!r} is not a control number (4 to 9 letters or digits)",
                            2,
                        )
                    transaction_index += 1
                    t = _Transaction(control, implementation)
                    loop = HEADER
                    component = delimiters().component
                    procedures = _PROCEDURES.setdefault(component, {})
                elif sid == "GS":
                    group_version = _element(el, 8)
                elif sid not in _ENVELOPE:
                    raise _Error(f"segment {sid} is outside a transaction set (ST/SE)")
                continue

            limit = check_from.get(sid)
            if limit is not None and len(el) >= limit:
                error = _unused_element(sid, el)
                if error is not None:
                    raise error

            # --- loops 2100 and 2110 (the hot path) --------------------------------
            if loop in (LINE, CLAIM):
                if sid == "CAS":
                    found = cas_models.get(el)
                    if found is None:
                        found = _adjustments(el)
                    if line is None:
                        claim_adjustments += found
                    else:
                        line_adjustments += found
                    continue
                if sid == "DTM":
                    when = dtm_models.get(el)
                    if when is None:
                        when = _dtm(el)
                    if line is None:
                        claim_dates += when
                    else:
                        line_dates += when
                    continue
                if sid == "SVC":
                    if line is not None:
                        line["dates"] = line_dates
                        line["adjustments"] = line_adjustments
                        line["references"] = line_references
                        line["amounts"] = line_amounts
                        line["quantities"] = line_quantities
                        line["remarks"] = line_remarks
                        service = _build_line(line)
                        services.append(service)
                    line = _new_line(el, procedures, component)
                    line_adjustments = line_dates = line_references = line_amounts = ()
                    line_quantities = line_remarks = ()
                    loop = t.loop = LINE
                    continue
                if sid == "REF":
                    if len(el) == 2 and el[0] and el[1]:  # the usual case, without a call
                        reference = build_reference({"qualifier": el[0], "value": el[1]})
                    else:
                        reference = _reference(el)
                    if line is None:
                        claim_references += (reference,)
                    else:
                        line_references += (reference,)
                    continue
                if sid == "AMT":
                    amount = amt_models.get(el)
                    if amount is None:
                        amount = _amount(el)
                    if line is None:
                        claim_amounts += amount
                    else:
                        line_amounts += amount
                    continue
                if sid == "QTY":
                    if line is None:
                        claim_quantities += (_quantity(el),)
                    else:
                        line_quantities += (_quantity(el),)
                    continue
                if sid == "LQ":
                    if line is None:
                        raise _Error("LQ belongs to a service line (loop 2110), not a claim")
                    qualifier = _required(el, 1, "LQ01")
                    code = _required(el, 2, "LQ02")
                    # .match, as the Remark model's own check does
                    if qualifier == "HE" and not _RARC.match(code):
                        raise _Error(f"LQ02 {code!r} is not a RARC", 2)
                    line_remarks += (_build_remark({"qualifier": qualifier, "code": code}),)
                    continue
                if line is None:
                    if sid == "NM1":
                        entity = _element(el, 1)
                        role = _NM1_ROLES.get(entity)
                        if role is None:
                            raise _Error(f"NM101 {entity!r} is not used in loop 2100", 1)
                        if role in singles:
                            raise _Error(f"a second NM1*{entity} in one claim", 1)
                        singles[role] = _name(el)
                        continue
                    if sid == "MIA":
                        if "inpatient" in singles:
                            raise _Error("a second MIA in one claim")
                        singles["inpatient"] = _mia(el)
                        continue
                    if sid == "MOA":
                        if "outpatient" in singles:
                            raise _Error("a second MOA in one claim")
                        singles["outpatient"] = _moa(el)
                        continue
                    if sid == "PER":
                        claim_contacts += (_contact(el),)
                        continue
                if sid not in _BOUNDARY:
                    raise _Error(f"segment {sid} is not expected in loop {loop}")
                # the claim ends: build it (fields in ClaimPayment's order)
                if line is not None:
                    line["dates"] = line_dates
                    line["adjustments"] = line_adjustments
                    line["references"] = line_references
                    line["amounts"] = line_amounts
                    line["quantities"] = line_quantities
                    line["remarks"] = line_remarks
                    service = _build_line(line)
                    services.append(service)
                    line = None
                claim["adjustments"] = claim_adjustments
                # Every one-segment field, present or not (None), so that the claim
                # dict holds all fields in field order and the builder takes its
                # fast path; update() keeps the positions _NO_SINGLES gave.
                claim.update(_NO_SINGLES)
                if singles:
                    claim.update(singles)
                claim["dates"] = claim_dates
                claim["references"] = claim_references
                claim["contacts"] = claim_contacts
                claim["amounts"] = claim_amounts
                claim["quantities"] = claim_quantities
                claim["services"] = tuple(services)
                payment = _build_claim(claim)
                # The fields set is what validating the parser's input always gave:
                # the CLP fields and collections, and the one-segment fields present.
                present = tuple(singles)
                fields_set = _CLAIM_FIELDS.get(present)
                if fields_set is None:
                    fields_set = _CLAIM_ALWAYS.union(present)
                    _remember(_CLAIM_FIELDS, present, fields_set)
                _set_fields(payment, fields_set)
                t.claim_count += 1
                assert t.remittance is not None
                if not contexts:
                    yield payment
                else:
                    yield (
                        _claim_context(
                            t.remittance,
                            t.current_lx,
                            t.claim_count,
                            transaction_index,
                            claim_segment_index,
                        ),
                        payment,
                    )
                loop = t.loop = LX_LOOP

            # --- the header: BPR ... and loops 1000A/1000B ---------------------------
            elif loop in (HEADER, PAYER, PAYEE):
                if sid in _BOUNDARY:
                    yield _finish_header(t, loop)
                    loop = t.loop = LX_LOOP
                elif loop == HEADER:
                    _header_segment(t, sid, el)
                    loop = t.loop
                    continue
                else:
                    _party_segment(t, sid, el, loop)
                    loop = t.loop
                    continue

            # --- between claims: LX/TS3/TS2, CLP, PLB, SE ------------------------------
            if loop == LX_LOOP:
                if sid == "CLP":
                    if t.pending_lx is not None:
                        yield _finish_lx(t)
                    current_lx = t.current_lx
                    claim = _new_claim(el, current_lx.number if current_lx is not None else None)
                    singles = {}
                    claim_segment_index = index
                    services = []
                    claim_adjustments = claim_dates = claim_references = claim_amounts = ()
                    claim_quantities = claim_contacts = ()
                    loop = t.loop = CLAIM
                    continue
                if sid == "LX":
                    if t.pending_lx is not None:
                        raise _Error(f"header number {t.pending_lx['number']} has no claims (CLP)")
                    number = _int_opt(el, 1, "LX")
                    if number is None:
                        raise _Error("LX01 (header number) is required", 1)
                    if number in t.lx_numbers:
                        raise _Error(f"LX01 {number} repeats within the transaction", 1)
                    if t.claim_count and t.current_lx is None:
                        raise _Error("an LX after claims that have no header number")
                    t.lx_numbers.add(number)
                    t.pending_lx = {"number": number}
                    continue
                if sid == "TS3" or sid == "TS2":  # noqa: PLR1714
                    pending = t.pending_lx
                    key = "provider_summary" if sid == "TS3" else "supplemental_summary"
                    if pending is None or key in pending:
                        raise _Error(f"{sid} must follow an LX, once")
                    if sid == "TS2" and "provider_summary" not in pending:
                        raise _Error("TS2 must follow a TS3")
                    pending[key] = _ts3(el) if sid == "TS3" else _ts2(el)
                    continue
                if sid == "PLB" or sid == "SE":  # noqa: PLR1714
                    if t.pending_lx is not None:
                        raise _Error(f"header number {t.pending_lx['number']} has no claims (CLP)")
                    loop = t.loop = SUMMARY
                else:
                    raise _Error(f"segment {sid} is not expected in loop {loop}")

            if loop == SUMMARY:
                if sid == "PLB":
                    t.plbs.append(ProviderAdjustment.model_validate(_plb(el, component)))
                    continue
                if sid == "SE":
                    yield TransactionEnd(tuple(t.plbs), t.claim_count, index)
                    t = None
                    loop = ENVELOPE
                    continue
                raise _Error(f"segment {sid} is not expected after PLB")
        if t is not None:
            raise RemitParseError(
                "the input ends inside an 835 transaction set (no SE)",
                source=source,
                segment_index=index,
                segment_id=sid or None,
                loop=t.loop,
            )
    except _Error as exc:
        raise RemitParseError(
            exc.message,
            source=source,
            segment_index=index,
            segment_id=sid,
            loop=_loop_of(sid, el, loop),
            element=exc.element,
        ) from None
    except ValidationError as exc:
        raise RemitParseError(
            _validation_message(exc, "the data"),
            source=source,
            segment_index=index,
            segment_id=sid,
            loop=_loop_of(sid, el, loop),
        ) from None


#: The loop a segment starts (or always belongs to), for error locations.
_STARTS: Final = {"CLP": CLAIM, "SVC": LINE, "LX": LX_LOOP, "TS3": LX_LOOP, "TS2": LX_LOOP}


def _loop_of(sid: str, el: tuple[str, ...], current: str) -> str:
    if sid in _STARTS:
        return _STARTS[sid]
    if sid == "PLB":
        return SUMMARY
    if sid == "N1":
        return {"PR": PAYER, "PE": PAYEE}.get(_element(el, 1), current)
    return current


_BOUNDARY: Final = frozenset({"LX", "CLP", "PLB", "SE"})


def _header_segment(t: _Transaction, sid: str, el: tuple[str, ...]) -> None:
    header = t.header
    if sid == "BPR":
        if "payment" in header:
            raise _Error("a second BPR in one transaction")
        header["payment"] = _bpr(el)
    elif "payment" not in header:
        raise _Error(f"BPR must be the first segment after ST, not {sid}")
    elif sid == "TRN":
        if "trace" in header:
            raise _Error("a second TRN in one transaction")
        header["trace"] = {
            "type_code": _required(el, 1, "TRN01"),
            "number": _required(el, 2, "TRN02"),
            "originator_id": _optional(el, 3),
            "originator_supplemental_code": _optional(el, 4),
        }
    elif sid == "CUR":
        if _element(el, 1) != "PR":
            raise _Error("CUR01 must be PR (payer)", 1)
        if "currency" in header:
            raise _Error("a second CUR in one transaction")
        header["currency"] = _required(el, 2, "CUR02")
    elif sid == "REF":
        header["references"].append(
            {"qualifier": _required(el, 1, "REF01"), "value": _required(el, 2, "REF02")}
        )
    elif sid == "DTM":
        header["dates"].append(
            {"qualifier": _required(el, 1, "DTM01"), "date": _date(el, 2, "DTM")}
        )
    elif sid == "N1":
        if _element(el, 1) != "PR":
            raise _Error("the first N1 must be N1*PR (payer, loop 1000A)", 1)
        t.party = _new_party("PR", el)
        t.loop = PAYER
    else:
        raise _Error(f"segment {sid} is not expected in the 835 header")


def _party_segment(t: _Transaction, sid: str, el: tuple[str, ...], loop: str) -> None:
    party = t.party
    assert party is not None
    if sid == "N1":
        if loop == PAYEE:
            raise _Error("a third N1 in the 835 header", 1)
        if _element(el, 1) != "PE":
            raise _Error("the second N1 must be N1*PE (payee, loop 1000B)", 1)
        t.header["payer"] = _finish_party(party)
        t.party = _new_party("PE", el)
        t.loop = PAYEE
    elif sid == "N3":
        address = party["address"] or {}
        if "lines" in address or "city" in address:
            raise _Error("N3 must come once, before N4")
        address["lines"] = tuple(
            text for text in (_required(el, 1, "N301"), _optional(el, 2)) if text
        )
        party["address"] = address
    elif sid == "N4":
        address = party["address"] or {}
        if "city" in address:
            raise _Error("a second N4 in one party")
        address.update(
            city=_optional(el, 1),
            state=_optional(el, 2),
            postal_code=_optional(el, 3),
            country_code=_optional(el, 4),
            country_subdivision=_optional(el, 7),
        )
        party["address"] = address
    elif sid == "REF":
        party["references"].append(
            {"qualifier": _required(el, 1, "REF01"), "value": _required(el, 2, "REF02")}
        )
    elif sid == "PER" and loop == PAYER:
        party["contacts"].append(_contact_values(el))
    elif sid == "RDM" and loop == PAYEE:
        if party["delivery"] is not None:
            raise _Error("a second RDM in the payee loop")
        party["delivery"] = {
            "code": _required(el, 1, "RDM01"),
            "name": _optional(el, 2),
            "communication": _optional(el, 3),
        }
    else:
        raise _Error(f"segment {sid} is not expected in loop {loop}")


def _finish_header(t: _Transaction, loop: str) -> Remittance:
    header = t.header
    if "payment" not in header:
        raise _Error("the 835 has no BPR")
    if "trace" not in header:
        raise _Error("the 835 header has no TRN")
    if loop != PAYEE or t.party is None:
        raise _Error("the 835 header needs a payer (N1*PR) and a payee (N1*PE) loop")
    header["payee"] = _finish_party(t.party)
    t.party = None
    header["references"] = tuple(header["references"])
    header["dates"] = tuple(header["dates"])
    remittance = Remittance.model_validate(header)
    t.remittance = remittance
    return remittance


def _finish_lx(t: _Transaction) -> HeaderNumber:
    pending = t.pending_lx
    assert pending is not None
    t.pending_lx = None
    header = HeaderNumber.model_validate(pending)
    t.current_lx = header
    return header


def remittance_of(
    header: Remittance,
    header_numbers: tuple[HeaderNumber, ...],
    claims: tuple[ClaimPayment, ...],
    provider_adjustments: tuple[ProviderAdjustment, ...],
) -> Remittance:
    """A transaction's whole :class:`Remittance` from the parts :func:`events` yielded.

    Every part is already a model (the header and PLBs validated, the claims
    built from checked values), so the remittance is built trusted too; its
    own rule (claims grouped under the header numbers in order) is still
    checked, and breaking it raises ``ValueError`` as validation would.

    Example:
        >>> from rcm.remit import write_835
        >>> from rcm.remit._examples import example_remittance
        >>> from rcm.x12 import X12Reader
        >>> header, lx, (_, first), (_, second), end = events(
        ...     X12Reader(write_835([example_remittance()])))
        >>> remittance_of(header, (lx,), (first, second), end.provider_adjustments) == (
        ...     example_remittance().model_copy(update={"control_number": "0001"}))
        True
    """
    fields = dict(header)
    fields.update(
        header_numbers=header_numbers,
        claims=claims,
        provider_adjustments=provider_adjustments,
    )
    remittance = _build_remittance(fields)
    _check_header_numbers(remittance)  # the model's own rule, run once
    return remittance
