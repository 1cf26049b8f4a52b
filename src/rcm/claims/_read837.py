"""Read 837P (005010X222A1) and 837I (005010X223A2) files into claims, one at a time.

The reader walks the segments :class:`rcm.x12.X12Reader` yields and keeps
only what the current claim needs: the billing provider, subscriber and
patient levels above it, and the claim's own segments. Each claim is built
when its last segment has been read, so memory stays flat however big the
file is.

Real files carry what was sent, so claims are validated leniently (see
:attr:`rcm.claims.Claim.relaxed_problems`): code formats are not checked
beyond X12 syntax, and a total that differs from the lines, or a missing
billing-provider identifier, is kept as it was. Segments rcm does not model
(ambulance, DME, repricing, line-level providers...) are not kept: each claim
lists them in ``relaxed_problems`` (so the writers refuse to re-send a claim
that lost data) and the reader logs the totals at DEBUG.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from rcm.claims import _trusted
from rcm.claims._claim import Adjustment, Claim, ClaimKind, Diagnosis, ServiceLine
from rcm.claims._codes import LENIENT
from rcm.claims._errors import ClaimValidationError, X12ClaimError
from rcm.claims._parties import Address, Coverage, Patient, Payer, Provider, Subscriber
from rcm.dates import DateRange
from rcm.errors import RcmError
from rcm.money import Money
from rcm.x12 import RawSegment, Source, X12Reader

__all__ = ["read_837"]

logger = logging.getLogger(__name__)

_CONTEXT: Final = {LENIENT: True}
_CAUSE_CODES: Final = frozenset({"AA", "EM", "OA", ""})
_DRUG_UNITS: Final = frozenset({"F2", "GR", "ME", "ML", "UN"})
# How many repeated models the reader keeps (see _Reader.model).
_CACHE_SIZE: Final = 4096


def _freeze(value: Any) -> Any:
    if type(value) is dict:
        return tuple((key, _freeze(item)) for key, item in value.items())
    if type(value) is list:
        return tuple(_freeze(item) for item in value)
    return value


# Where a person's N3, N4 and DMG go in the reader's [NM1, N3, N4, DMG] lists.
_PERSON_PARTS: Final = {"N3": 1, "N4": 2, "DMG": 3}
# REF and AMT qualifiers of loop 2300 and 2320, by the field they fill.
_CLAIM_REFS: Final = {"9F": "referral_number", "G1": "prior_authorization",
                      "F8": "original_claim_number", "EA": "medical_record_number",
                      "LU": "accident_state"}  # fmt: skip
_OTHER_AMOUNTS: Final = {"D": "paid_amount", "A8": "non_covered_amount",
                         "EAF": "remaining_patient_liability"}  # fmt: skip
_PROFESSIONAL_DATES: Final = {"431": "onset_date", "439": "accident_date",
                              "435": "admission_date", "096": "discharge_date"}  # fmt: skip

# Segments that end a claim's run of segments.
_CLAIM_ENDS: Final = frozenset({"HL", "SE", "CLM", "ST", "GE", "IEA", "ISA", "GS"})
# Padding so that v[n] reads element n of a segment as "" past its end, as
# Segment[n] does, at the speed of tuple indexing.
_PAD: Final = ("",) * 24

# HI composite qualifiers (005010X222A1 / X223A2 HI segments): ICD-10 qualifiers
# start with A (ABK), ICD-9 ones do not (BK).
_DX_QUALIFIERS: Final = {
    "ABK": ("principal", "ICD-10-CM"),
    "BK": ("principal", "ICD-9-CM"),
    "ABF": ("other", "ICD-10-CM"),
    "BF": ("other", "ICD-9-CM"),
    "ABJ": ("admitting", "ICD-10-CM"),
    "BJ": ("admitting", "ICD-9-CM"),
    "APR": ("reason", "ICD-10-CM"),
    "PR": ("reason", "ICD-9-CM"),
    "ABN": ("external", "ICD-10-CM"),
    "BN": ("external", "ICD-9-CM"),
}
_PX_QUALIFIERS: Final = {
    "BBR": "ICD-10-PCS",
    "BR": "ICD-9-CM",
    "CAH": "ICD-10-PCS",
    "BBQ": "ICD-10-PCS",
    "BQ": "ICD-9-CM",
}
_HI_QUALIFIERS: Final = frozenset(
    {*_DX_QUALIFIERS, *_PX_QUALIFIERS, "BI", "BH", "BE", "BG", "TC", "DR", "BP", "BO"}
)
_CLAIM_PROVIDERS: Final = {
    "professional": {"DN": "referring_provider", "P3": "referring_provider",
                     "82": "rendering_provider", "77": "service_facility",
                     "DQ": "supervising_provider"},
    "institutional": {"71": "attending_provider", "72": "operating_provider",
                      "ZZ": "other_operating_provider", "82": "rendering_provider",
                      "77": "service_facility", "DN": "referring_provider"},
}  # fmt: skip


def _el(seg: RawSegment, position: int) -> str:
    """Element *position* (1-based) of a raw segment; ``""`` past its end, as ``Segment[n]``."""
    elements = seg[1]
    return elements[position - 1] if position <= len(elements) else ""


def _padded(seg: RawSegment) -> tuple[str, ...]:
    """The segment as ``v`` with ``v[0]`` its ID and ``v[n]`` element n (``""`` past the end)."""
    return (seg[0],) + seg[1] + _PAD  # (concatenation: cheaper than unpacking)


class _Context:
    """Where the reader is, for error messages."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.loop = ""
        # Values by their text: files repeat the same dates, amounts and units
        # thousands of times, and the values are immutable. Only values that
        # parsed are kept (bad text raises each time); each cache is bounded.
        self._money: dict[str, Money] = {}
        self._decimals: dict[str, Decimal] = {}
        self._dates: dict[str, date] = {}
        self._periods: dict[tuple[str, str], DateRange] = {}

    def error(self, message: str, seg: RawSegment, element: int | None = None) -> X12ClaimError:
        return X12ClaimError(
            message,
            source=self.name,
            segment_index=seg[2],
            segment_id=seg[0],
            loop=self.loop or None,
            element=element,
        )

    def money(self, seg: RawSegment, position: int, text: str) -> Money:
        found = self._money.get(text)
        if found is not None:
            return found
        if len(self._money) >= _CACHE_SIZE:
            self._money.clear()
        found = self._money[text] = self._parse_money(seg, position, text)
        return found

    def _parse_money(self, seg: RawSegment, position: int, text: str) -> Money:
        if not text:
            raise self.error(
                f"{seg[0]}{position:02d} is empty; an amount is required", seg, position
            )
        try:
            return Money(text)
        except RcmError as exc:
            raise self.error(
                f"{seg[0]}{position:02d} is not an amount: {exc}", seg, position
            ) from None

    def decimal(
        self, seg: RawSegment, position: int, text: str, *, required: bool = True
    ) -> Decimal | None:
        found = self._decimals.get(text)
        if found is not None:
            return found
        if not text:
            if required:
                raise self.error(
                    f"{seg[0]}{position:02d} is empty; a number is required", seg, position
                )
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            raise self.error(f"{seg[0]}{position:02d} {text!r} is not a number", seg, position)
        if len(self._decimals) >= _CACHE_SIZE:
            self._decimals.clear()
        self._decimals[text] = value
        return value

    def d8(self, seg: RawSegment, position: int, value: str) -> date:
        found = self._dates.get(value)
        if found is not None:
            return found
        if len(value) == 8 and value.isdigit():
            try:
                day = date(int(value[:4]), int(value[4:6]), int(value[6:]))
            except ValueError:
                pass
            else:
                if len(self._dates) >= _CACHE_SIZE:
                    self._dates.clear()
                self._dates[value] = day
                return day
        raise self.error(f"{seg[0]}{position:02d} {value!r} is not a CCYYMMDD date", seg, position)

    def period(self, seg: RawSegment, qualifier: str, text: str, position: int) -> DateRange:
        key = (qualifier, text)
        found = self._periods.get(key)
        if found is None:
            if len(self._periods) >= _CACHE_SIZE:
                self._periods.clear()
            found = self._periods[key] = self._period(seg, qualifier, text, position)
        return found

    def _period(self, seg: RawSegment, qualifier: str, text: str, position: int) -> DateRange:
        if qualifier == "D8":
            return DateRange.single(self.d8(seg, position, text))
        if qualifier == "RD8" and len(text) == 17 and text[8] == "-":
            start = self.d8(seg, position, text[:8])
            end = self.d8(seg, position, text[9:])
            if end < start:
                raise self.error(
                    f"{seg[0]}{position:02d} {text!r} ends before it starts", seg, position
                )
            return DateRange(start, end)
        raise self.error(
            f"{seg[0]}{position:02d} {text!r} is not a {qualifier or 'D8 or RD8'} date",
            seg,
            position,
        )

    def hhmm(self, seg: RawSegment, position: int, text: str) -> time:
        if len(text) >= 4 and text[:4].isdigit():
            hour, minute = int(text[:2]), int(text[2:4])
            if hour < 24 and minute < 60:
                return time(hour, minute)
        raise self.error(f"{seg[0]}{position:02d} {text!r} is not a time (HHMM)", seg, position)


# Separators that files use in composites while their ISA16 declares another
# (several published TR3 examples do): tried, in order, when a composite holds
# no declared component separator but has the shape its qualifiers say.
_OTHER_COMPONENT_SEPARATORS: Final = (":", ">", "^", "|")
_PROCEDURE_QUALIFIERS: Final = frozenset({"HC", "ER", "HP", "IV", "WK", "N4", "AD", "AB"})


def _composite(value: str, component: str, first: frozenset[str] | None = None) -> list[str]:
    """An element's text split into components, forgiving a wrong ISA16.

    *first* is the set of codes the first component may hold (a qualifier);
    without it, any split on another separator is refused.
    """
    if not value:
        return []
    if component in value or first is None:
        return value.split(component)
    for other in _OTHER_COMPONENT_SEPARATORS:
        if other != component and other in value:
            parts = value.split(other)
            if parts[0] in first:
                return parts
    return [value]


def _address(n3: RawSegment | None, n4: RawSegment | None) -> dict[str, Any] | None:
    if n3 is None and n4 is None:
        return None
    return {
        "line1": (_el(n3, 1) or None) if n3 is not None else None,
        "line2": (_el(n3, 2) or None) if n3 is not None else None,
        "city": (_el(n4, 1) or None) if n4 is not None else None,
        "state": (_el(n4, 2) or None) if n4 is not None else None,
        "postal_code": (_el(n4, 3) or None) if n4 is not None else None,
        "country_code": (_el(n4, 4) or None) if n4 is not None else None,
    }


def _provider(nm1: RawSegment) -> dict[str, Any]:
    v = _padded(nm1)
    person = v[2] == "1"
    return {
        "name": v[3],
        "entity": "person" if person else "organization",
        "first_name": (v[4] or None) if person else None,
        "middle_name": (v[5] or None) if person else None,
        "suffix": (v[7] or None) if person else None,
        "npi": v[9] if v[8] == "XX" and v[9] else None,
    }


def _person(
    ctx: _Context, nm1: RawSegment, dmg: RawSegment | None, address: dict[str, Any] | None
) -> dict[str, Any]:
    v = _padded(nm1)
    data: dict[str, Any] = {
        "last_name": v[3],
        "first_name": v[4] or None,
        "middle_name": v[5] or None,
        "suffix": v[7] or None,
        "address": address,
    }
    if dmg is not None:
        if _el(dmg, 1) != "D8":
            raise ctx.error(f"DMG01 is {_el(dmg, 1)!r}; the birth date format must be D8", dmg, 1)
        data["birth_date"] = ctx.d8(dmg, 2, _el(dmg, 2))
        data["sex"] = _el(dmg, 3) or None
    return data


def _hi_parts(element: str, component: str) -> list[str]:
    if component in element:
        return element.split(component)
    for other in _OTHER_COMPONENT_SEPARATORS:
        if other != component and other in element:
            parts = element.split(other)
            if parts[0] in _HI_QUALIFIERS:
                return parts
    return [element]


def _clm05(text: str, component: str) -> list[str]:
    parts = _composite(text, component)
    if len(parts) == 1:
        for other in _OTHER_COMPONENT_SEPARATORS:
            split = parts[0].split(other)
            if len(split) == 3 and split[1] in ("A", "B"):
                return split
    return parts


def _pointer(text: str) -> int:
    if text.isascii() and text.isdigit():
        return int(text)
    value = Decimal(text)
    if value != value.to_integral_value():
        raise ValueError(text)
    return int(value)


def _pointers(text: str, component: str) -> list[str]:
    parts = _composite(text, component)
    if len(parts) == 1 and not parts[0].isdigit():
        for other in _OTHER_COMPONENT_SEPARATORS:
            split = parts[0].split(other)
            if all(p.isdigit() for p in split if p):
                return split
    return parts


class _Level:
    """The segments of one HL level (2000A, 2000B or 2000C) before its claims."""

    __slots__ = ("built", "segments")

    def __init__(self) -> None:
        self.segments: list[RawSegment] = []
        self.built: Any = None


class _Reader:
    def __init__(self, source: Source, name: str | None, strict: bool) -> None:
        self.x12 = X12Reader(source, name=name)
        self.ctx = _Context(self.x12.name)
        self.strict = strict
        # Lenient reading builds models trusted where rcm.claims._trusted's
        # checks prove validation would give the same (strict reading never).
        self.fast = not strict
        self.component = ":"
        self.skipped: dict[str, int] = {}
        # Models that repeat from claim to claim (diagnoses, providers, other
        # payers, adjustments) are validated once; bounded so memory stays flat.
        self._models: dict[tuple[Any, ...], Any] = {}
        # The same, by the text they were read from (no _freeze of the data):
        # diagnoses and adjustments repeat most.
        self._by_text: dict[tuple[Any, ...], Any] = {}
        # Whether SV104's text is a valid unit count (rcm.claims._trusted.units_ok).
        self._units_ok: dict[str, bool] = {}

    def address(self, n3: RawSegment | None, n4: RawSegment | None) -> Any:
        """A person's N3/N4 as the Address lenient validation makes, or as a dict to validate.

        An address built once is reused for the same text (a patient's claims
        repeat it); one the trusted checks cannot prove stays a dict, so the
        person's validation reports it as before.
        """
        if not self.fast:
            return _address(n3, n4)
        key = ("N3N4", n3[1] if n3 is not None else None, n4[1] if n4 is not None else None)
        found = self._by_text.get(key)
        if found is None:
            data = _address(n3, n4)
            if data is None:
                return None
            found = _trusted.address(data)
            if found is None:
                return data
            self._remember(key, found)
        return found

    def _remember(self, key: tuple[Any, ...], model: Any) -> None:
        if len(self._by_text) >= _CACHE_SIZE:
            self._by_text.clear()
        self._by_text[key] = model

    def model(self, cls: type[Any], data: dict[str, Any], seg: RawSegment) -> Any:
        """*data* validated as *cls*, reusing an equal model read before."""
        key = (cls, _freeze(data))
        found = self._models.get(key)
        if found is None:
            if len(self._models) >= _CACHE_SIZE:
                self._models.clear()
            found = self._models[key] = self._validate(cls, data, seg)
        return found

    # -- levels ---------------------------------------------------------------------

    def _validate(self, model: type[Any], data: dict[str, Any], seg: RawSegment) -> Any:
        try:
            return model.model_validate(data, context=None if self.strict else _CONTEXT)
        except ClaimValidationError as exc:
            raise X12ClaimError(
                f"the {model.__name__.lower()} could not be read: {exc}",
                source=self.ctx.name,
                segment_index=seg[2],
                segment_id=seg[0],
                loop=self.ctx.loop or None,
            ) from exc

    def billing(self, level: _Level) -> tuple[Provider, Address | None]:
        if level.built is not None:
            return level.built  # type: ignore[no-any-return]
        ctx = self.ctx
        ctx.loop = "2010AA"
        taxonomy = None
        nm1 = None
        target = ""
        addresses: dict[str, list[RawSegment | None]] = {"85": [None, None], "87": [None, None]}
        tax: tuple[str, str] | None = None
        for seg in level.segments:
            sid = seg[0]
            if sid == "PRV":
                taxonomy = _el(seg, 3) or None
            elif sid == "NM1":
                target = _el(seg, 1)
                if target == "85":
                    nm1 = seg
            elif sid in ("N3", "N4") and target in addresses:
                addresses[target][0 if sid == "N3" else 1] = seg
            elif sid == "REF" and target == "85" and _el(seg, 1) in ("EI", "SY"):
                tax = (_el(seg, 1), _el(seg, 2))
        if nm1 is None:
            raise ctx.error("the billing provider level has no NM1*85 (2010AA)", level.segments[0])
        data = _provider(nm1)
        data["taxonomy"] = taxonomy
        data["address"] = _address(*addresses["85"])
        if tax is not None:
            data["tax_id_type"], data["tax_id"] = tax
        provider = self._validate(Provider, data, nm1)
        pay_to = None
        if addresses["87"] != [None, None]:
            pay_to = self._validate(Address, _address(*addresses["87"]) or {}, nm1)
        level.built = (provider, pay_to)
        return level.built  # type: ignore[no-any-return]

    def subscriber(self, level: _Level) -> dict[str, Any]:
        if level.built is not None:
            return level.built  # type: ignore[no-any-return]
        ctx = self.ctx
        ctx.loop = "2000B"
        sbr = None
        target = ""
        parts: dict[str, list[RawSegment | None]] = {"IL": [None, None, None, None],
                                                     "PR": [None, None, None, None]}  # fmt: skip
        for seg in level.segments:
            sid = seg[0]
            if sid == "SBR":
                sbr = seg
            elif sid == "NM1":
                target = _el(seg, 1)
                if target in parts:
                    parts[target][0] = seg
            elif target in parts and sid in _PERSON_PARTS:
                parts[target][_PERSON_PARTS[sid]] = seg
        first = level.segments[0]
        if sbr is None:
            raise ctx.error("the subscriber level has no SBR segment", first)
        il, pr = parts["IL"], parts["PR"]
        il_nm1, pr_nm1 = il[0], pr[0]
        if il_nm1 is None:
            raise ctx.error("the subscriber level has no subscriber name (NM1*IL, 2010BA)", first)
        if pr_nm1 is None:
            raise ctx.error("the subscriber level has no payer name (NM1*PR, 2010BB)", first)
        ctx.loop = "2010BA"
        subscriber = _person(ctx, il_nm1, il[3], self.address(il[1], il[2]))
        subscriber["member_id"] = _el(il_nm1, 9)
        subscriber_model = (self.fast and _trusted.person(subscriber, subscriber=True)) or (
            self._validate(Subscriber, subscriber, il_nm1)
        )
        ctx.loop = "2010BB"
        # A file names the same few payers over and over: by their segments' text.
        payer_key = ("PR", pr_nm1[1], pr[1][1] if pr[1] else None, pr[2][1] if pr[2] else None)
        payer = self._by_text.get(payer_key)
        if payer is None:
            payer_data = {
                "name": _el(pr_nm1, 3),
                "payer_id": _el(pr_nm1, 9),
                "id_qualifier": _el(pr_nm1, 8) or "PI",
                "address": _address(pr[1], pr[2]),
            }
            payer = (self.fast and _trusted.payer(payer_data)) or self._validate(
                Payer, payer_data, pr_nm1
            )
            self._remember(payer_key, payer)
        v = _padded(sbr)
        level.built = {
            "sbr": sbr,
            "responsibility": v[1],
            "relationship": v[2],
            "coverage": {
                "payer": payer,
                "subscriber": subscriber_model,
                "filing_indicator": v[9] or None,
                "group_number": v[3] or None,
                "group_name": v[4] or None,
                "insurance_type": v[5] or None,
            },
        }
        return level.built  # type: ignore[no-any-return]

    def patient(self, level: _Level) -> tuple[Patient, str]:
        if level.built is not None:
            return level.built  # type: ignore[no-any-return]
        ctx = self.ctx
        ctx.loop = "2000C"
        pat = nm1 = n3 = n4 = dmg = None
        for seg in level.segments:
            sid = seg[0]
            if sid == "PAT":
                pat = seg
            elif sid == "NM1" and _el(seg, 1) == "QC":
                nm1 = seg
            elif sid == "N3":
                n3 = seg
            elif sid == "N4":
                n4 = seg
            elif sid == "DMG":
                dmg = seg
        first = level.segments[0]
        if pat is None or nm1 is None:
            raise ctx.error("the patient level needs a PAT and an NM1*QC segment", first)
        ctx.loop = "2010CA"
        data = _person(ctx, nm1, dmg, self.address(n3, n4))
        patient = (self.fast and _trusted.person(data, subscriber=False)) or self._validate(
            Patient, data, nm1
        )
        level.built = (patient, _el(pat, 1))
        return level.built  # type: ignore[no-any-return]

    # -- the walk -------------------------------------------------------------------

    def claims(self) -> Iterator[Claim]:
        ctx = self.ctx
        kind: ClaimKind | None = None
        in_837 = False
        billing: _Level | None = None
        subscriber: _Level | None = None
        patient: _Level | None = None
        collecting: list[RawSegment] | None = None
        current: _Level | None = None
        claims_read = 0
        x12 = self.x12
        ends = _CLAIM_ENDS
        with x12:
            # Raw (id, elements, index) tuples: a claim's segments are only
            # collected here and read once, so Segment objects would be waste.
            for seg in x12.raw():
                sid = seg[0]
                if collecting is not None:
                    if sid not in ends:
                        collecting.append(seg)
                        continue
                    yield self._claim(collecting, kind, billing, subscriber, patient)
                    claims_read += 1
                    collecting = None
                if sid == "CLM":
                    if not in_837 or subscriber is None or billing is None:
                        raise ctx.error("a CLM segment outside a subscriber or patient level", seg)
                    collecting = [seg]
                    current = None
                elif sid == "HL":
                    if not in_837:
                        raise ctx.error("an HL segment outside an 837 transaction set", seg)
                    level_code = _el(seg, 3)
                    current = _Level()
                    current.segments.append(seg)
                    if level_code == "20":
                        billing, subscriber, patient = current, None, None
                    elif level_code == "22":
                        if billing is None:
                            raise ctx.error(
                                "a subscriber level (HL 22) before any billing provider", seg, 3
                            )
                        subscriber, patient = current, None
                    elif level_code == "23":
                        if subscriber is None:
                            raise ctx.error(
                                "a patient level (HL 23) before any subscriber level", seg, 3
                            )
                        patient = current
                    else:
                        # Not a level a claim can hang from: a CLM under it is refused.
                        logger.debug("%s: HL03 %r at segment %d ignored", ctx.name, level_code,
                                     seg[2])  # fmt: skip
                        billing = subscriber = patient = None
                elif sid == "ST":
                    kind = self._start(seg)
                    interchange = x12.interchange
                    if interchange is not None:
                        self.component = interchange.delimiters.component
                    in_837 = True
                    billing = subscriber = patient = current = None
                elif sid == "SE":
                    in_837 = False
                    current = None
                elif current is not None:
                    current.segments.append(seg)
            if collecting is not None:
                yield self._claim(collecting, kind, billing, subscriber, patient)
                claims_read += 1
        if self.skipped:
            logger.debug(
                "%s: skipped segments rcm does not model: %s",
                ctx.name,
                ", ".join(f"{k} x{v}" for k, v in sorted(self.skipped.items())),
            )
        logger.debug("%s: read %d claims", ctx.name, claims_read)

    def _start(self, st: RawSegment) -> ClaimKind | None:
        ctx = self.ctx
        ctx.loop = "ST"
        if _el(st, 1) != "837":
            raise ctx.error(f"transaction set {_el(st, 1)!r} is not an 837", st, 1)
        header = self.x12.transaction
        implementation = header.implementation if header is not None else _el(st, 3)
        group = self.x12.group
        version = implementation or (group.version if group is not None else "")
        if not version.startswith("00501"):
            label = version or "an unknown version"
            raise ctx.error(
                f"this 837 is {label}; rcm reads 005010 837s only (005010X222A1 professional, "
                "005010X223A2 institutional)",
                st,
                3,
            )
        if "X222" in version:
            return "professional"
        if "X223" in version:
            return "institutional"
        if "X224" in version:
            raise ctx.error("this is an 837D (dental, 005010X224); rcm reads 837P and 837I", st, 3)
        return None  # told by the claims themselves (CLM05-2)

    # -- one claim --------------------------------------------------------------------

    def _claim(
        self,
        segs: list[RawSegment],
        kind: ClaimKind | None,
        billing: _Level | None,
        subscriber: _Level | None,
        patient: _Level | None,
    ) -> Claim:
        assert billing is not None
        assert subscriber is not None
        ctx = self.ctx
        clm = segs[0]
        provider, pay_to = self.billing(billing)
        sub = self.subscriber(subscriber)
        if patient is not None:
            patient_model, relationship = self.patient(patient)
        else:
            relationship = sub["relationship"] or "18"
            patient_model = None
        coverages = sub.setdefault("coverages", {})
        coverage = coverages.get(relationship)
        if coverage is None:
            coverage_data = {**sub["coverage"], "relationship": relationship}
            coverage = coverages[relationship] = (
                self.fast and _trusted.coverage(coverage_data)
            ) or self._validate(Coverage, coverage_data, sub["sbr"])
        ctx.loop = "2300"
        v = _padded(clm)
        component = self.component
        # CLM05 (facility, "B" or "A", frequency) repeats from claim to claim.
        key = ("CLM05", v[5], component)
        facility = self._by_text.get(key)
        if facility is None:
            facility = tuple(_clm05(v[5], component))
            self._remember(key, facility)
        if kind is None:
            kind = "institutional" if len(facility) > 1 and facility[1] == "A" else "professional"
        professional = kind == "professional"
        data: dict[str, Any] = {
            "kind": kind,
            "claim_id": v[1],
            "billing_provider": provider,
            "pay_to_address": pay_to,
            "coverage": coverage,
            "responsibility": sub["responsibility"],
            "total_charge": ctx.money(clm, 2, v[2]),
        }
        if patient_model is None:
            patient_model = sub.get("patient")
        if patient_model is None:
            subscriber_model: Subscriber = coverage.subscriber
            try:
                # The subscriber is the patient: built once per subscriber level.
                patient_model = sub["patient"] = (
                    _trusted.patient_from_subscriber(subscriber_model)
                    if self.fast
                    else subscriber_model.as_patient()
                )
            except ClaimValidationError as exc:
                raise ctx.error(
                    f"the subscriber (the patient) could not be read: {exc}", clm
                ) from None
        data["patient"] = patient_model
        # CLM05-CLM20 repeat from claim to claim: the fields they give, and
        # whether rcm.claims._trusted's checks pass them all, by their text.
        clm_key = ("CLM", professional, component, v[5:12], v[20])
        found = self._by_text.get(clm_key)
        if found is None:
            found = self._clm_fields(clm, v, facility, professional, component)
            self._remember(clm_key, found)
        data.update(found[0])
        clm_checked: bool = found[1]
        # What this claim's loops hold that rcm does not model yet is counted
        # apart: never dropped silently, but listed on the claim (so writers
        # refuse it), and added to the file's totals for the DEBUG log.
        totals = self.skipped
        dropped: dict[str, int] = {}
        self.skipped = dropped
        self._claim_body(segs, data, professional)
        self.skipped = totals
        for sid, count in dropped.items():
            totals[sid] = totals.get(sid, 0) + count
        claim = self.fast and _trusted.claim(data, clm_checked=clm_checked)
        if not claim:
            try:
                claim = Claim.model_validate(data, context=None if self.strict else _CONTEXT)
            except ClaimValidationError as exc:
                raise X12ClaimError(
                    f"claim {exc.location or ''}: {exc.message}".replace("claim Claim", "claim"),
                    source=ctx.name,
                    segment_index=clm[2],
                    segment_id="CLM",
                    loop="2300",
                ) from exc
        if dropped:
            listed = ", ".join(f"{sid} x{count}" for sid, count in sorted(dropped.items()))
            claim._relaxed = (
                *claim._relaxed,
                ("unmodeled_segments", f"segments rcm does not model were not kept: {listed}"),
            )
        return claim

    def _clm_fields(
        self,
        clm: RawSegment,
        v: tuple[str, ...],
        facility: tuple[str, ...],
        professional: bool,
        component: str,
    ) -> tuple[dict[str, Any], bool]:
        """The claim fields CLM05-CLM20 give, and whether :func:`rcm.claims._trusted.clm_fields_ok`.

        Raises the reader's error for an empty facility code (never remembered).
        """
        ctx = self.ctx
        fields: dict[str, Any] = {}
        if not facility or not facility[0]:
            raise ctx.error("CLM05-1 (facility code) is empty", clm, 5)
        if professional:
            fields["place_of_service"] = facility[0]
        else:
            fields["facility_type"] = facility[0]
        if len(facility) > 2 and facility[2]:
            fields["frequency_code"] = facility[2]
        if professional and v[6]:
            fields["provider_signature"] = v[6] == "Y"
        if v[7]:
            fields["assignment"] = v[7]
        if v[8]:
            fields["benefits_assigned"] = v[8]
        if v[9]:
            fields["release_of_information"] = v[9]
        if professional:
            if v[10]:
                fields["patient_signature_source"] = v[10]
            causes = _composite(v[11], component, _CAUSE_CODES)
            if causes:
                fields["related_causes"] = tuple(c for c in causes[:3] if c)
                if len(causes) > 3 and causes[3]:
                    fields["accident_state"] = causes[3]
        if v[20]:
            fields["delay_reason"] = v[20]
        return fields, self.fast and _trusted.clm_fields_ok(fields)

    def _claim_body(self, segs: list[RawSegment], data: dict[str, Any], professional: bool) -> None:
        ctx = self.ctx
        roles = _CLAIM_PROVIDERS["professional" if professional else "institutional"]
        diagnoses: list[Diagnosis] = []
        lines: list[ServiceLine | dict[str, Any]] = []
        others: list[dict[str, Any]] = []
        condition_codes: list[str] = []
        state = "claim"
        provider: dict[str, Any] | None = None
        address: list[RawSegment | None] = [None, None]
        other: dict[str, Any] = {}
        other_target = ""
        other_parts: dict[str, list[RawSegment | None]] = {}
        line: dict[str, Any] = {}
        # Whether the line's SV1 values passed the trusted checks (_service).
        line_proved = False
        adjudication: dict[str, Any] | None = None
        skipped = self.skipped
        component = self.component
        fast = self.fast

        def close_provider() -> None:
            nonlocal provider
            if provider is not None:
                if address != [None, None]:
                    provider["address"] = _address(*address)
                role, nm1 = provider.pop("_role"), provider.pop("_nm1")
                data[role] = self.model(Provider, provider, nm1)
            provider = None
            address[0] = address[1] = None

        def close_other() -> None:
            if not other:
                return
            il = other_parts.get("IL", [None, None, None])
            pr = other_parts.get("PR", [None, None, None])
            if il[0] is None:
                raise ctx.error(
                    "an other-payer loop (2320) needs its subscriber (NM1*IL, 2330A)",
                    other["sbr"],
                )
            nm1 = il[0]
            sub_data = _person(ctx, nm1, None, self.address(il[1], il[2]))
            sub_data["member_id"] = _el(nm1, 9)
            ctx.loop = "2330A"
            sub = (fast and _trusted.person(sub_data, subscriber=True)) or self.model(
                Subscriber, sub_data, nm1
            )
            pr_nm1 = pr[0]
            sbr = other.pop("sbr")
            payer = None
            if pr_nm1 is not None:  # a missing 2330B is a relaxed problem of the claim
                ctx.loop = "2330B"
                # By the segments' text, as the subscriber level's payer.
                payer_key = (
                    "PR",
                    pr_nm1[1],
                    pr[1][1] if pr[1] else None,
                    pr[2][1] if pr[2] else None,
                )
                payer = self._by_text.get(payer_key)
                if payer is None:
                    payer_data = {
                        "name": _el(pr_nm1, 3),
                        "payer_id": _el(pr_nm1, 9),
                        "id_qualifier": _el(pr_nm1, 8) or "PI",
                        "address": _address(pr[1], pr[2]),
                    }
                    payer = (fast and _trusted.payer(payer_data)) or self.model(
                        Payer, payer_data, pr_nm1
                    )
                    self._remember(payer_key, payer)
            s = _padded(sbr)
            other["coverage"] = {
                "payer": payer,
                "subscriber": sub,
                "relationship": s[2],
                "filing_indicator": s[9] or None,
                "group_number": s[3] or None,
                "group_name": s[4] or None,
                "insurance_type": s[5] or None,
            }
            others.append(dict(other))
            other.clear()
            other_parts.clear()

        def close_line() -> None:
            # The line is built here when its SV1 was proved (lines are most of
            # a claim's models); otherwise it stays a dict for _trusted.claim
            # or validation to judge, as before. Each line has its own dict
            # (handed over as it is, not copied).
            nonlocal line
            if line:
                built = line_proved and _trusted.checked_line(line)
                lines.append(built or line)
                line = {}

        for seg in segs[1:]:
            sid = seg[0]
            if sid == "LX":  # (before v: an LX's elements are not read)
                if state == "claim":
                    close_provider()
                elif state == "cob":
                    close_other()
                close_line()
                line_proved = False
                state = "line"
                ctx.loop = "2400"
                adjudication = None
                line["adjudications"] = []
                continue
            v = (sid,) + seg[1] + _PAD
            if state == "line":
                if sid in ("SV1", "SV2"):
                    line_proved = self._service(seg, v, line, professional)
                elif sid == "DTP" and v[1] == "472":
                    line["service_date"] = ctx.period(seg, v[2], v[3], 3)
                elif sid == "REF" and v[1] == "6R":
                    line["line_control_number"] = v[2]
                elif sid == "LIN":
                    if v[2] == "N4":
                        line["drug"] = {"ndc": v[3]}
                    else:
                        skipped["LIN"] = skipped.get("LIN", 0) + 1
                elif sid == "CTP" and "drug" in line:
                    unit = _composite(v[5], component, _DRUG_UNITS)
                    line["drug"]["quantity"] = ctx.decimal(seg, 4, v[4])
                    if unit and unit[0]:
                        line["drug"]["unit"] = unit[0]
                elif sid == "SVD":
                    ctx.loop = "2430"
                    adjudication = self._svd(seg, v, professional)
                    line["adjudications"].append(adjudication)
                elif adjudication is not None and sid == "CAS":
                    adjudication["adjustments"].extend(self._cas(seg, v))
                elif adjudication is not None and sid == "DTP" and v[1] == "573":
                    adjudication["paid_date"] = ctx.d8(seg, 3, v[3])
                elif adjudication is not None and sid == "AMT" and v[1] == "EAF":
                    adjudication["remaining_patient_liability"] = ctx.money(seg, 2, v[2])
                else:
                    skipped[sid] = skipped.get(sid, 0) + 1
                continue
            if sid == "SBR":
                if state == "claim":
                    close_provider()
                else:
                    close_other()
                state = "cob"
                ctx.loop = "2320"
                other["sbr"] = seg
                other["responsibility"] = v[1]
                other["adjustments"] = []
                other_target = ""
                continue
            if state == "cob":
                if sid == "CAS":
                    other["adjustments"].extend(self._cas(seg, v))
                elif sid == "AMT":
                    name = _OTHER_AMOUNTS.get(v[1])
                    if name is not None:
                        other[name] = ctx.money(seg, 2, v[2])
                elif sid == "OI":
                    if v[3]:
                        other["benefits_assigned"] = v[3]
                    if v[6]:
                        other["release_of_information"] = v[6]
                elif sid == "NM1":
                    other_target = v[1] if v[1] in ("IL", "PR") else ""
                    if other_target:
                        ctx.loop = "2330A" if other_target == "IL" else "2330B"
                        other_parts[other_target] = [seg, None, None]
                    else:
                        skipped["NM1"] = skipped.get("NM1", 0) + 1
                elif sid in ("N3", "N4") and other_target:
                    other_parts[other_target][1 if sid == "N3" else 2] = seg
                elif sid == "DTP" and v[1] == "573" and other_target == "PR":
                    other["paid_date"] = ctx.d8(seg, 3, v[3])
                elif sid == "REF" and v[1] == "F8" and other_target == "PR":
                    other["claim_control_number"] = v[2]
                else:
                    skipped[sid] = skipped.get(sid, 0) + 1
                continue
            # 2300 and 2310x
            if sid == "NM1":
                close_provider()
                role = roles.get(v[1])
                if role is None:
                    skipped["NM1"] = skipped.get("NM1", 0) + 1
                    continue
                ctx.loop = "2310"
                provider = _provider(seg)
                provider["_role"], provider["_nm1"] = role, seg
            elif provider is not None and sid in ("N3", "N4"):
                address[0 if sid == "N3" else 1] = seg
            elif provider is not None and sid == "PRV":
                provider["taxonomy"] = v[3] or None
            elif provider is not None and sid == "REF":
                skipped["REF"] = skipped.get("REF", 0) + 1
            elif sid == "DTP":
                self._claim_date(seg, v, data, professional)
            elif sid == "HI":
                self._hi(seg, data, diagnoses, condition_codes)
            elif sid == "REF":
                name = _CLAIM_REFS.get(v[1])
                if name is not None and not (name == "accident_state" and professional):
                    data[name] = v[2]
                else:
                    skipped["REF"] = skipped.get("REF", 0) + 1
            elif sid == "CL1":
                if v[1]:
                    data["admission_type"] = v[1]
                if v[2]:
                    data["admission_source"] = v[2]
                if v[3]:
                    data["discharge_status"] = v[3]
            elif sid == "AMT" and v[1] == "F5" and professional:
                data["patient_paid"] = ctx.money(seg, 2, v[2])
            elif sid == "NTE" and v[1] == "ADD" and professional:
                data["note"] = v[2]
            else:
                skipped[sid] = skipped.get(sid, 0) + 1
        if state == "claim":
            close_provider()
        elif state == "cob":
            close_other()
        close_line()
        data["diagnoses"] = diagnoses
        if condition_codes:
            data["condition_codes"] = condition_codes
        data["other_payers"] = others
        data["lines"] = lines

    # -- pieces -------------------------------------------------------------------------

    def _claim_date(
        self, seg: RawSegment, v: tuple[str, ...], data: dict[str, Any], professional: bool
    ) -> None:
        ctx = self.ctx
        qualifier, fmt, text = v[1], v[2], v[3]
        if professional:
            name = _PROFESSIONAL_DATES.get(qualifier)
            if name is not None:
                data[name] = ctx.d8(seg, 3, v[3])
            else:
                self.skipped["DTP"] = self.skipped.get("DTP", 0) + 1
            return
        if qualifier == "434":
            data["statement_period"] = ctx.period(seg, fmt, text, 3)
        elif qualifier == "435":
            data["admission_date"] = ctx.d8(seg, 3, text[:8])
            if fmt == "DT":
                data["admission_time"] = ctx.hhmm(seg, 3, text[8:])
        elif qualifier == "096":
            data["discharge_time"] = ctx.hhmm(seg, 3, text)
        else:
            self.skipped["DTP"] = self.skipped.get("DTP", 0) + 1

    def _hi(
        self,
        seg: RawSegment,
        data: dict[str, Any],
        diagnoses: list[Diagnosis],
        condition_codes: list[str],
    ) -> None:
        ctx = self.ctx
        elements = seg[1]
        component = self.component
        position = 0
        while position < len(elements):
            element = elements[position]
            position += 1
            if not element:
                continue
            parts = _hi_parts(element, component)
            if (
                len(parts) == 1
                and parts[0] in _HI_QUALIFIERS
                and position < len(elements)
                and elements[position] not in _HI_QUALIFIERS
            ):
                # Some writers put the qualifier and the code in two elements.
                parts.append(elements[position])
                position += 1
            qualifier = parts[0]
            code = parts[1] if len(parts) > 1 else ""
            if not code:
                raise ctx.error(f"HI{position:02d} {element!r} has no code", seg, position)
            if qualifier in _DX_QUALIFIERS:
                role, system = _DX_QUALIFIERS[qualifier]
                poa = parts[8] if len(parts) > 8 and parts[8] else None
                key = (code, system, poa)
                dx = self._by_text.get(key)
                if dx is None:
                    dx = self.model(
                        Diagnosis,
                        {"code": code, "system": system, "present_on_admission": poa},
                        seg,
                    )
                    self._remember(key, dx)
                if role == "principal":
                    diagnoses.insert(0, dx)
                elif role == "other":
                    diagnoses.append(dx)
                elif role == "admitting":
                    data["admitting_diagnosis"] = dx
                elif role == "reason":
                    data.setdefault("reason_for_visit", []).append(dx)
                else:
                    data.setdefault("external_causes", []).append(dx)
            elif qualifier in _PX_QUALIFIERS:
                day = ctx.d8(seg, position, parts[3] if len(parts) > 3 else "")
                procedure = {"code": code, "date": day, "system": _PX_QUALIFIERS[qualifier]}
                procedures = data.setdefault("procedures", [])
                if qualifier in ("BBR", "BR", "CAH"):
                    procedures.insert(0, procedure)
                else:
                    procedures.append(procedure)
            elif qualifier == "BG":
                condition_codes.append(code)
            elif qualifier == "BH":
                day = ctx.d8(seg, position, parts[3] if len(parts) > 3 else "")
                data.setdefault("occurrences", []).append({"code": code, "date": day})
            elif qualifier == "BI":
                span = ctx.period(seg, "RD8", parts[3] if len(parts) > 3 else "", position)
                data.setdefault("occurrence_spans", []).append({"code": code, "period": span})
            elif qualifier == "BE":
                text = parts[4] if len(parts) > 4 else ""
                try:
                    amount = Money(text)
                except RcmError as exc:
                    raise ctx.error(
                        f"HI{position:02d} value amount {text!r}: {exc}", seg, position
                    ) from None
                data.setdefault("value_codes", []).append({"code": code, "amount": amount})
            else:
                self.skipped[f"HI*{qualifier}"] = self.skipped.get(f"HI*{qualifier}", 0) + 1

    def _service(
        self, seg: RawSegment, v: tuple[str, ...], line: dict[str, Any], professional: bool
    ) -> bool:
        """Read an SV1 or SV2 into *line*; whether its values passed the trusted checks.

        Only an 837P line's first SV1 is proved (lenient reading only): its
        values are then what :func:`rcm.claims._trusted.checked_line` trusts.
        """
        ctx = self.ctx
        component = self.component
        proved = False
        if professional:
            if v[0] != "SV1":
                raise ctx.error("an 837P service line is an SV1 segment", seg)
            # A second SV1 in one line may leave fields of the first: not proved.
            first = "charge" not in line
            procedure, procedure_ok = self._procedure_checked(v[1], component)
            charge = line["charge"] = ctx.money(seg, 2, v[2])
            line["unit_basis"] = v[3]
            units = line["units"] = ctx.decimal(seg, 4, v[4])
            if v[5]:
                line["place_of_service"] = v[5]
            key = ("SV107", v[7], component)
            found = self._by_text.get(key)
            if found is None:
                pointers = _pointers(v[7], component)
                try:
                    # Some files write a pointer as "1.00"; a whole number is read as one.
                    parsed = tuple(_pointer(p) for p in pointers if p)
                except (ValueError, ArithmeticError):
                    raise ctx.error(
                        f"SV107 {v[7]!r} holds a pointer that is not a number", seg, 7
                    ) from None
                found = (parsed, _trusted.pointers_ok(parsed))
                self._remember(key, found)
            line["diagnosis_pointers"] = found[0]
            if v[9] == "Y":
                line["emergency"] = True
            if self.fast and first and procedure_ok and found[1]:
                units_ok = self._units_ok.get(v[4])
                if units_ok is None:
                    if len(self._units_ok) >= _CACHE_SIZE:
                        self._units_ok.clear()
                    units_ok = self._units_ok[v[4]] = _trusted.units_ok(units)
                proved = units_ok and _trusted.sv1_ok(charge, v[3], v[5] or None)
        else:
            if v[0] != "SV2":
                raise ctx.error("an 837I service line is an SV2 segment", seg)
            line["revenue_code"] = v[1]
            procedure = self._procedure(v[2], component)
            line["charge"] = ctx.money(seg, 3, v[3])
            line["unit_basis"] = v[4]
            line["units"] = ctx.decimal(seg, 5, v[5])
            if v[7]:
                line["non_covered_charge"] = ctx.money(seg, 7, v[7])
        if procedure:
            line["code_qualifier"], line["procedure_code"], line["modifiers"] = procedure
        return proved

    def _procedure(self, text: str, component: str) -> tuple[Any, ...]:
        """A line's procedure composite as (qualifier, code, modifiers), or ``()``."""
        return self._procedure_checked(text, component)[0]

    def _procedure_checked(self, text: str, component: str) -> tuple[tuple[Any, ...], bool]:
        """:meth:`_procedure`, and whether it passes :func:`rcm.claims._trusted.procedure_ok`.

        Remembered by its text: a file bills the same procedures again and again.
        """
        key = ("PROC", text, component)
        found = self._by_text.get(key)
        if found is None:
            parts = _composite(text, component, _PROCEDURE_QUALIFIERS)
            procedure = (
                (parts[0], parts[1] if len(parts) > 1 else "", tuple(m for m in parts[2:6] if m))
                if parts
                else ()
            )
            found = (procedure, _trusted.procedure_ok(procedure))
            self._remember(key, found)
        return found

    def _svd(self, seg: RawSegment, v: tuple[str, ...], professional: bool) -> dict[str, Any]:
        ctx = self.ctx
        procedure = self._procedure(v[3], self.component)
        adjudication: dict[str, Any] = {
            "payer_id": v[1],
            "paid_amount": ctx.money(seg, 2, v[2]),
            "units": ctx.decimal(seg, 5, v[5]),
            "adjustments": [],
        }
        if procedure:
            (
                adjudication["code_qualifier"],
                adjudication["procedure_code"],
                adjudication["modifiers"],
            ) = procedure
        if not professional and v[4]:
            adjudication["revenue_code"] = v[4]
        return adjudication

    def _cas(self, seg: RawSegment, v: tuple[str, ...]) -> list[Adjustment]:
        ctx = self.ctx
        group = v[1]
        found = []
        for start in range(2, 20, 3):
            if not v[start]:
                continue
            key = ("CAS", group, v[start], v[start + 1], v[start + 2])
            known = self._by_text.get(key)
            if known is not None:
                found.append(known)
                continue
            amount = ctx.money(seg, start + 1, v[start + 1])
            quantity = ctx.decimal(seg, start + 2, v[start + 2], required=False)
            data = {"group": group, "reason": v[start], "amount": amount, "quantity": quantity}
            adjustment = (self.fast and _trusted.adjustment(data)) or self.model(
                Adjustment, data, seg
            )
            self._remember(key, adjustment)
            found.append(adjustment)
        return found


def read_837(source: Source, *, strict: bool = False, name: str | None = None) -> Iterator[Claim]:
    """Read the claims of an 837P or 837I file, one at a time.

    Each claim's ``kind`` tells which guide it came from (``"professional"``
    for 005010X222A1, ``"institutional"`` for 005010X223A2). A file may hold
    several interchanges, groups and transaction sets of either kind. Claims
    come in file order, so reading what :func:`~rcm.claims.write_837p` wrote
    gives back the claims it was given, grouped as it wrote them.

    Args:
        source: a path, X12 text, ``bytes``, or an open file (as
            :class:`rcm.x12.X12Reader` takes).
        strict: validate every claim as if built in code (codes checked,
            totals equal to the lines...) instead of leniently.
        name: what to call the source in error messages.

    Raises:
        X12ClaimError: an 837 that cannot be read (a 004010 or dental 837,
            another transaction set, a CLM outside a subscriber level, an
            amount or date that is not one, a claim missing what its model
            requires), naming the segment position, ID, loop and element.
        X12SyntaxError: input that is not X12.

    Example:
        >>> from datetime import date, time
        >>> from rcm.claims import Receiver, Submitter, write_837p
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.x12 import Envelope
        >>> env = Envelope(sender_id="CLINIC", receiver_id="ACME", date=date(2025, 3, 4),
        ...                time=time(9, 30))
        >>> text = write_837p([professional_claim()], envelope=env,
        ...                   submitter=Submitter(name="CLINIC", id="C1", phone="2175550100"),
        ...                   receiver=Receiver(name="ACME", id="60054"))
        >>> [claim] = read_837(text)
        >>> claim == professional_claim(), claim.kind
        (True, 'professional')
    """
    return _collector_paused(_Reader(source, name, strict).claims())


_END: Final = object()


def _collector_paused(claims: Iterator[Claim]) -> Iterator[Claim]:
    """Yield from *claims* with the cyclic garbage collector paused while each is read.

    Reading a claim makes hundreds of small objects and no reference cycles;
    young collections walking them cost several percent of reading. The
    collector is switched back on before each claim is handed over, so the
    caller's code always runs with it as it was, and it is left alone if the
    caller had it off.
    """
    try:
        while True:
            paused = gc.isenabled()
            if paused:
                gc.disable()
            try:
                claim = next(claims, _END)
            finally:
                if paused:
                    gc.enable()
            if claim is _END:
                return
            yield claim  # type: ignore[misc]  # not _END here
    finally:
        close = getattr(claims, "close", None)
        if close is not None:
            close()
