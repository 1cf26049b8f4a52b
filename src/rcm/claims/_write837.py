"""Write claims as 005010X222A1 (837P) and 005010X223A2 (837I) interchanges.

The writer checks every claim first (the model's rules and what the guide
needs to carry it) and raises :class:`~rcm.claims.ClaimValidationError`
before writing anything. Then it groups the claims the way the guide's
hierarchy wants: one billing provider level (HL 20) per billing provider, one
subscriber level (HL 22) per subscriber and payer under it, and a patient
level (HL 23) for each dependent patient; claims keep their order within a
group, and groups come in the order their first claim came.

Segments are rendered straight to text (the envelopes come from
:class:`rcm.x12.Envelope`), which keeps writing above 20,000 claims a second.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, time
from decimal import Decimal
from typing import IO, Any, Final, Literal, NamedTuple

import attrs

from rcm.claims._claim import (
    Adjustment,
    Claim,
    ClaimKind,
    Diagnosis,
    LineAdjudication,
    OtherPayer,
    ServiceLine,
)
from rcm.claims._errors import ClaimValidationError
from rcm.claims._parties import Address, Patient, Payer, Provider, Subscriber
from rcm.claims._x12_837 import (
    IMPLEMENTATIONS,
    Receiver,
    Submitter,
    format_decimal,
)
from rcm.dates import DateRange
from rcm.money import Money
from rcm.x12 import DEFAULT_DELIMITERS, Delimiters, Envelope

__all__ = ["write_837", "write_837i", "write_837p"]

logger = logging.getLogger(__name__)

#: The most claims written in one transaction set (ST/SE); the guides advise
#: at most 5,000 CLM segments per transaction.
MAX_CLAIMS_PER_TRANSACTION: Final = 5000

# A segment being built: its ID, then its elements as text (composites already
# joined with the component separator).
_Seg = tuple[str, ...]


# A service line's LX, SV1 and DTP segments are rendered straight to text
# (they are most of a claim's segments) and put in the list as a 1-tuple
# holding that text (no segment has only its ID), which renders as itself; the
# builder counts the segments and separators it stands for (pre_segments,
# pre_separators) and _text checks its separators with the rest.
_Item = _Seg


def _trimmed(seg: _Seg) -> _Seg:
    """*seg* without trailing empty elements, as _text would render it."""
    if seg[-1]:
        return seg
    size = len(seg) - 1
    while size > 1 and not seg[size - 1]:
        size -= 1
    return seg[:size]


# Formatted values are cached by value: a batch repeats the same dates,
# amounts and units thousands of times. Equal values always format the same
# (format_decimal drops the exponent and trailing zeros), so Decimal("1.0") and
# Decimal("1") sharing a cache entry is right.
_FORMAT_CACHE: Final = 4096


@functools.lru_cache(maxsize=_FORMAT_CACHE)
def _d8(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


@functools.lru_cache(maxsize=_FORMAT_CACHE)
def _decimal(value: Decimal) -> str:
    return format_decimal(value)


def _amount(value: Money) -> str:
    """``format_amount(value)``, from the two-place text a Money amount prints as."""
    amount = value.amount
    text = str(amount)
    if len(text) > 3 and text[-3] == ".":
        if text[-2:] == "00":
            text = text[:-3]
            return "0" if text == "-0" else text
        return text[:-1] if text[-1] == "0" else text
    return _decimal(amount)


def _hhmm(value: time) -> str:
    return f"{value.hour:02d}{value.minute:02d}"


def _period(value: DateRange) -> tuple[str, str]:
    return _period_of(value.start, value.end)


@functools.lru_cache(maxsize=_FORMAT_CACHE)
def _period_of(start: date, end: date) -> tuple[str, str]:
    if start == end:
        return "D8", _d8(start)
    return "RD8", f"{_d8(start)}-{_d8(end)}"


@functools.lru_cache(maxsize=_FORMAT_CACHE)
def _service_date(start: date, end: date) -> _Seg:
    return ("DTP", "472", *_period_of(start, end))


# LX segments, built once (837P allows 50 lines, 837I 999).
_LX: Final = tuple(("LX", str(number)) for number in range(1000))
_POINTERS: Final = tuple(str(number) for number in range(13))
_EMPTY8: Final = ("",) * 8


def _trim(values: list[str]) -> list[str]:
    while values and not values[-1]:
        values.pop()
    return values


# --- checks before writing ---------------------------------------------------------------


def _problems_for_837(claim: Claim) -> list[tuple[str, str]]:
    """What the guide needs beyond the model's own rules."""
    # A claim validated strictly has no model problems; one read leniently
    # lists what it breaks.
    problems = list(claim.relaxed_problems)
    add = problems.append
    patient = claim.patient
    subscriber = claim.coverage.subscriber
    self_pay = claim.coverage.relationship == "18"
    if self_pay:
        if subscriber.birth_date is None or subscriber.sex is None:
            add(("patient", "the patient (the subscriber) needs a birth date and sex (DMG)"))
    else:
        if patient.birth_date is None or patient.sex is None:
            add(("patient", "a patient who is not the subscriber needs a birth date and sex"))
        if patient.address is None:
            add(("patient.address", "a patient who is not the subscriber needs an address"))
        if (subscriber.birth_date is None) != (subscriber.sex is None):
            add(
                (
                    "coverage.subscriber",
                    "give the subscriber's birth date and sex together (DMG) or neither",
                )
            )
    billing = claim.billing_provider
    zip_code = billing.address.postal_code if billing.address is not None else None
    if billing.address is not None and (zip_code is None or len(zip_code) != 9):
        add(("billing_provider.address.postal_code", "the billing provider needs a 9-digit ZIP"))
    facility = claim.service_facility
    if facility is not None:
        if facility.address is None:
            add(("service_facility.address", "the service facility needs an address"))
        if facility.entity != "organization":
            add(("service_facility.entity", "the service facility is an organization"))
    fields = claim.__dict__
    for name in _PERSONS_I if claim.kind == "institutional" else _PERSONS_P:
        provider = fields[name]
        if provider is not None and provider.entity != "person":
            add((f"{name}.entity", f"the {name.replace('_', ' ')} must be a person"))
    return problems


# The providers that must be people, in the order their problems are listed.
_PERSONS_P: Final = (
    "referring_provider",
    "supervising_provider",
    "attending_provider",
    "operating_provider",
    "other_operating_provider",
)
_PERSONS_I: Final = (*_PERSONS_P, "rendering_provider")


def check_837(claim: Claim, *, kind: ClaimKind | None = None, position: int | None = None) -> None:
    """Raise :class:`ClaimValidationError` unless *claim* can be written as an 837.

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> check_837(professional_claim(), kind="professional")
        >>> check_837(professional_claim(), kind="institutional")
        Traceback (most recent call last):
        ...
        rcm.claims._errors.ClaimValidationError: Claim ********01 (kind): ...
    """
    found = _problems_for_837(claim)
    if not found and (kind is None or claim.kind == kind):
        return  # the usual claim: nothing to report
    problems: list[tuple[str, str]] = []
    if kind is not None and claim.kind != kind:
        writer = "write_837p" if kind == "professional" else "write_837i"
        problems.append(("kind", f"{writer} writes {kind} claims; this one is {claim.kind}"))
    problems.extend(found)
    if problems:
        field, message = problems[0]
        where = f" (claim {position} of the batch)" if position is not None else ""
        line = None
        if field.startswith("lines["):
            line = int(field[6 : field.index("]")]) + 1
        raise ClaimValidationError(
            message + where,
            model="Claim",
            field=field,
            claim_id=claim.claim_id,
            line=line,
            problems=tuple(problems),
        )


# --- grouping -------------------------------------------------------------------------------


class _SubscriberKey(NamedTuple):
    """What one subscriber level (HL 22) carries: everything but the claims.

    A named tuple rather than an attrs class: one is made for nearly every
    claim (most subscribers have one claim in a batch), and a tuple is built
    in one step where a frozen attrs class sets its eight fields one by one.
    """

    payer: Payer
    subscriber: Subscriber
    filing_indicator: str | None
    group_number: str | None
    group_name: str | None
    insurance_type: str | None
    responsibility: str
    self_pay: bool


_Groups = list[
    tuple[
        tuple[Provider, Address | None],
        list[tuple[_SubscriberKey, list[tuple[Patient | None, list[Claim]]]]],
    ]
]


# Objects compared one by one in a bucket of _group before it becomes a dict.
_BUCKET_SIZE: Final = 8


def _group(claims: Sequence[Claim]) -> _Groups:
    """Billing provider (and pay-to address), then subscriber, then patient; first come first."""
    # Equal models that are different objects cost a hash and a deep comparison
    # in every dict lookup: map each object to its first equal twin once, then
    # group on the twins' identities.
    # Hashing a model walks all its fields, so objects are first put in
    # buckets by a cheap key that equal models share (a member ID, a name...),
    # and compared only with the few objects of their bucket; a bucket that
    # grows large becomes a dict (hashing then costs less than comparing).
    buckets: dict[object, list[object] | dict[object, object]] = {}
    by_id: dict[int, Any] = {}

    def canon(value: Any, key: object) -> Any:
        found = by_id.get(id(value))
        if found is not None:
            return found
        bucket = buckets.get(key)
        if bucket is None:
            buckets[key] = [value]
            found = value
        elif type(bucket) is list:
            for other in bucket:
                if other == value:
                    found = other
                    break
            else:
                bucket.append(value)
                found = value
                if len(bucket) > _BUCKET_SIZE:
                    buckets[key] = {item: item for item in bucket}
        else:
            found = bucket.setdefault(value, value)  # type: ignore[union-attr]
        by_id[id(value)] = found
        return found

    providers: dict[tuple[int, int], tuple[tuple[Provider, Address | None], dict[Any, Any]]] = {}
    for claim in claims:
        coverage = claim.coverage
        self_pay = coverage.relationship == "18"
        # (by_id first: most claims share their provider and payer objects.)
        billing = claim.billing_provider
        provider = by_id.get(id(billing)) or canon(billing, ("provider", billing.npi, billing.name))
        pay_to = claim.pay_to_address
        if pay_to is not None:
            pay_to = by_id.get(id(pay_to)) or canon(pay_to, ("address", pay_to.postal_code))
        _, subscribers = providers.setdefault((id(provider), id(pay_to)), ((provider, pay_to), {}))
        payer: Any = coverage.payer  # never None here: check_837 refused such a claim
        if payer is not None:
            payer = by_id.get(id(payer)) or canon(payer, ("payer", payer.payer_id))
        subscriber = coverage.subscriber
        subscriber = by_id.get(id(subscriber)) or canon(
            subscriber, ("subscriber", subscriber.member_id)
        )
        sub_id = (
            id(payer),
            id(subscriber),
            coverage.filing_indicator,
            coverage.group_number,
            coverage.group_name,
            coverage.insurance_type,
            claim.responsibility,
            self_pay,
        )
        found = subscribers.get(sub_id)
        if found is None:
            key = _SubscriberKey(
                payer,
                subscriber,
                coverage.filing_indicator,
                coverage.group_number,
                coverage.group_name,
                coverage.insurance_type,
                claim.responsibility,
                self_pay,
            )
            found = subscribers[sub_id] = (key, {})
        patient: Patient | None = None
        if not self_pay:
            person = claim.patient
            patient_key = ("patient", person.last_name, person.first_name, person.birth_date)
            patient = canon(person, patient_key)
        patient_id = None if patient is None else (id(patient), coverage.relationship)
        patients: dict[Any, tuple[Patient | None, list[Claim]]] = found[1]
        patients.setdefault(patient_id, (patient, []))[1].append(claim)
    return [
        (
            provider_key,
            [(key, list(patients.values())) for key, patients in subscribers.values()],
        )
        for provider_key, subscribers in providers.values()
    ]


# --- segments -------------------------------------------------------------------------------


class _Builder:
    """Builds and renders the segments of 837 transaction sets of one kind.

    Composite elements are joined as they are built, counting the component
    separators they add; :meth:`render` then checks a whole claim's text at
    once: as many element and component separators as were put there, and no
    segment terminator, repetition separator or line break in the data.
    """

    def __init__(self, kind: ClaimKind, delimiters: Delimiters) -> None:
        self.professional = kind == "professional"
        self.e = delimiters.element
        self.c = delimiters.component
        self.end = delimiters.segment + delimiters.suffix
        self.components = 0
        # Composites by their parts: (text, component separators in it).
        self._composites: dict[tuple[str, ...], tuple[str, int]] = {}
        self._pointers: dict[tuple[int, ...], tuple[str, int]] = {}
        forbidden = {delimiters.segment, "\r", "\n"}
        if delimiters.repetition:
            forbidden.add(delimiters.repetition)
        self.forbidden = re.compile("[" + re.escape("".join(sorted(forbidden))) + "]")
        end = self.end
        self.end_elements = end.count(self.e)
        self.end_components = end.count(self.c)
        self.end_forbidden = tuple((char, end.count(char)) for char in sorted(forbidden))
        # Service lines rendered straight to text (see _Item); off to explain a problem.
        self.pre = True
        self.pre_segments = 0  # segments beyond one that the pre-rendered texts hold
        self.pre_separators = 0  # element separators the pre-rendered texts hold
        # A transaction checked as one text (see transaction); off to check piece by piece.
        self.whole = True
        self._dates: dict[tuple[date, date], str] = {}
        all_chars = forbidden | {delimiters.element, delimiters.component}
        self.any_delimiter = re.compile("[" + re.escape("".join(sorted(all_chars))) + "]")

    # -- rendering --------------------------------------------------------------------

    def comp(self, *parts: str) -> str:
        """A composite element, without trailing empty components."""
        found = self._composites.get(parts)
        if found is None:
            end = len(parts)
            while end and not parts[end - 1]:
                end -= 1
            found = (self.c.join(parts[:end]), end - 1 if end > 1 else 0)
            if len(self._composites) >= _FORMAT_CACHE:
                self._composites.clear()
            self._composites[parts] = found
        self.components += found[1]
        return found[0]

    def render(self, segs: list[_Item], claim: Claim | None = None) -> tuple[str, int]:
        """The segments as text with terminators, and how many there are.

        Raises :class:`ClaimValidationError` naming the first element that
        holds a delimiter.
        """
        text, count, wrong = self._text(segs)
        if wrong:
            if claim is not None and any(len(seg) == 1 for seg in segs):
                self.pre = False  # the claim's segments as tuples, to find the culprit
                try:
                    segs = []
                    self.claim(segs, claim)
                finally:
                    self.pre = True
            self._explain(segs, claim)
        return text, count

    def _text(self, segs: list[_Item]) -> tuple[str, int, bool]:
        """The segments as text, how many there are, and whether data holds a delimiter."""
        text, count, separators = self._join(segs)
        return text, count, self._wrong(text, count, separators)

    def _join(self, segs: list[_Item]) -> tuple[str, int, int]:
        """The segments as text, how many there are, and the element separators put there."""
        join = self.e.join
        end = self.end
        count, self.pre_segments = self.pre_segments, 0
        separators, self.pre_separators = self.pre_separators, 0
        text = ""
        if self.whole:
            # Joined in C: the same text when no segment ends with an empty
            # element, which shows as an element separator before a
            # terminator (data ending with one is refused below anyway).
            text = end.join(map(join, segs)) + end
            if self.e + end in text:
                text = ""
            else:
                count += len(segs)
                separators += sum(map(len, segs)) - len(segs)
        if not text:
            lines: list[str] = []
            append = lines.append
            for seg in segs:
                if seg[-1]:
                    append(join(seg))
                    separators += len(seg) - 1
                else:
                    size = len(seg) - 1
                    while size > 1 and not seg[size - 1]:
                        size -= 1
                    append(join(seg[:size]))
                    separators += size - 1
            count += len(segs)
            text = end.join(lines) + end
        return text, count, separators

    def _wrong(self, text: str, count: int, separators: int) -> bool:
        """Whether data in *text* (of *count* segments) holds a delimiter.

        The check runs on the finished text: each character counted there is
        what the segments hold plus what the terminators add, so the counts
        say the same as counting the segments alone. Resets the count of
        component separators that ``comp`` put in.
        """
        components, self.components = self.components, 0
        wrong = (
            text.count(self.e) != separators + count * self.end_elements
            or text.count(self.c) != components + count * self.end_components
        )
        for char, n in self.end_forbidden:
            if wrong or text.count(char) != count * n:
                wrong = True
                break
        return wrong

    def transaction(self, claims: Sequence[Claim]) -> tuple[str, int]:
        """The levels and claims of one transaction set (ST/SE) as text, and how many segments.

        Raises :class:`ClaimValidationError` as checking each level and claim
        in turn would.
        """
        groups = _group(claims)
        if self.whole:
            # The usual batch holds no delimiter in its data: join each claim
            # (with the levels before it) as it is built, and check the
            # transaction's text once. The counts add up piece by piece, and
            # a piece's text never holds fewer separators than were put
            # there, so the total matches only when every piece's does. When
            # something is wrong (or building raises) the transaction is
            # built again and checked piece by piece, in the order written,
            # so the same error comes out. (Joined claim by claim rather than
            # as one list: a list of a whole transaction's segment tuples
            # keeps them all alive, which costs the garbage collector and
            # the caches more than the joins save.)
            pieces: list[str] = []
            totals = [0, 0]  # segments, element separators

            def join(segs: list[_Item], claim: Claim | None) -> None:
                if claim is not None:  # levels are joined with the claim after them
                    text, count, separators = self._join(segs)
                    pieces.append(text)
                    totals[0] += count
                    totals[1] += separators
                    segs.clear()

            segs: list[_Item] = []
            try:
                self._levels(groups, segs, join)
                if segs:
                    join(segs, claims[0])
            except ClaimValidationError:
                pass
            else:
                text = "".join(pieces)
                if not self._wrong(text, totals[0], totals[1]):
                    return text, totals[0]
            self.components = 0
            self.pre_segments = self.pre_separators = 0
        texts: list[str] = []
        counts = [0]

        def flush(segs: list[_Item], claim: Claim | None) -> None:
            text, count = self.render(segs, claim)
            texts.append(text)
            counts[0] += count
            segs.clear()

        self._levels(groups, [], flush)
        return "".join(texts), counts[0]

    def _levels(
        self,
        groups: _Groups,
        segs: list[_Item],
        flush: Callable[[list[_Item], Claim | None], None] | None,
    ) -> None:
        """Build the levels' and claims' segments into *segs*, calling *flush* after each."""
        hl = 0
        for (provider, pay_to), subscribers in groups:
            hl += 1
            provider_hl = hl
            self.billing(segs, hl, provider, pay_to)
            if flush is not None:
                flush(segs, None)
            for key, patients in subscribers:
                hl += 1
                subscriber_hl = hl
                has_patients = any(patient is not None for patient, _ in patients)
                self.subscriber(segs, hl, provider_hl, key, has_patients)
                if flush is not None:
                    flush(segs, None)
                for patient, claim_list in patients:
                    if patient is not None:
                        hl += 1
                        relationship = claim_list[0].coverage.relationship
                        self.patient(segs, hl, subscriber_hl, patient, relationship)
                        if flush is not None:
                            flush(segs, None)
                    for claim in claim_list:
                        self.claim(segs, claim)
                        if flush is not None:
                            flush(segs, claim)

    def _explain(self, segs: list[_Seg], claim: Claim | None) -> None:
        for seg in segs:
            for position, element in enumerate(seg[1:], start=1):
                # A composite's components were joined by us; look inside each.
                values = element.split(self.c) if self.c in element else (element,)
                for value in values:
                    match = self.any_delimiter.search(value)
                    if match is not None:
                        raise ClaimValidationError(
                            f"{seg[0]}{position:02d} holds {match.group()!r}, a delimiter of the "
                            "interchange: choose other delimiters or remove it",
                            model="Claim" if claim is not None else "Submitter",
                            field=f"{seg[0]}{position:02d}",
                            claim_id=claim.claim_id if claim is not None else None,
                        )
        # A component separator inside a simple element.
        raise ClaimValidationError(
            f"a value holds {self.c!r}, the component separator of the interchange: choose "
            "other delimiters or remove it",
            model="Claim" if claim is not None else "Submitter",
            claim_id=claim.claim_id if claim is not None else None,
        )

    # -- small pieces -------------------------------------------------------------------

    @staticmethod
    def name(entity_code: str, provider: Provider) -> _Seg:
        npi = ("XX", provider.npi) if provider.npi else ()
        if provider.entity == "organization":
            return ("NM1", entity_code, "2", provider.name, "", "", "", "", *npi)
        return (
            "NM1",
            entity_code,
            "1",
            provider.name,
            provider.first_name or "",
            provider.middle_name or "",
            "",
            provider.suffix or "",
            *npi,
        )

    @staticmethod
    def person(code: str, person: Patient | Subscriber, *ids: str) -> _Seg:
        seg = (
            "NM1",
            code,
            "1",
            person.last_name,
            person.first_name or "",
            person.middle_name or "",
            "",
            person.suffix or "",
            *ids,
        )
        # Trimmed here so that the transaction's text is joined in one go (see _text).
        return seg if ids else _trimmed(seg)

    @staticmethod
    def address(segs: list[_Item], address: Address) -> None:
        if address.line1 is None or address.city is None:
            # Only an address read leniently from a file can lack them.
            raise ClaimValidationError(
                "an address without its street line or city cannot be written (N3/N4)",
                model="Address",
                field="line1" if address.line1 is None else "city",
            )
        if address.line2:
            segs.append(("N3", address.line1, address.line2))
        else:
            segs.append(("N3", address.line1))
        country = address.country_code
        # N404 only when there is one (render() would trim it; the same text).
        if country:
            segs.append(
                ("N4", address.city, address.state or "", address.postal_code or "", country)
            )
        else:
            segs.append(("N4", address.city, address.state or "", address.postal_code or ""))

    def adjustments(self, segs: list[_Item], adjustments: Sequence[Adjustment]) -> None:
        current: list[str] = []
        group = ""
        for adjustment in adjustments:
            if adjustment.group != group:
                if current:
                    segs.append(("CAS", group, *_trim(current)))
                group = adjustment.group
                current = []
            quantity = adjustment.quantity
            current.extend(
                (
                    adjustment.reason,
                    _amount(adjustment.amount),
                    _decimal(quantity) if quantity is not None else "",
                )
            )
        if current:
            segs.append(("CAS", group, *_trim(current)))

    def hi(self, segs: list[_Item], composites: list[str]) -> None:
        segs.extend(
            ("HI", *composites[start : start + 12]) for start in range(0, len(composites), 12)
        )

    def dx(self, diagnosis: Diagnosis, icd10: str, icd9: str, *, poa: bool = False) -> str:
        qualifier = icd10 if diagnosis.system == "ICD-10-CM" else icd9
        if poa and diagnosis.present_on_admission:
            return self.comp(
                qualifier, diagnosis.code, "", "", "", "", "", "", diagnosis.present_on_admission
            )
        return self.comp(qualifier, diagnosis.code)

    def pointers(self, pointers: tuple[int, ...]) -> str:
        """SV107, the diagnosis pointers as a composite (as ``comp`` would join them)."""
        found = self._pointers.get(pointers)
        if found is None:
            found = self._pointers[pointers] = (
                self.c.join([_POINTERS[p] for p in pointers]),
                len(pointers) - 1 if len(pointers) > 1 else 0,
            )
        self.components += found[1]
        return found[0]

    def procedure(self, qualifier: str, code: str | None, modifiers: Sequence[str]) -> str:
        if code is None:
            return ""
        return self.comp(qualifier, code, *modifiers)

    # -- levels -------------------------------------------------------------------------

    def header(
        self,
        submitter: Submitter,
        receiver: Receiver,
        *,
        reference: str,
        created: tuple[str, str],
        purpose: str,
        claim_type: str,
    ) -> list[_Item]:
        segs: list[_Item] = [
            ("BHT", "0019", purpose, reference, created[0], created[1], claim_type)
        ]
        if submitter.entity == "organization":
            segs.append(("NM1", "41", "2", submitter.name, "", "", "", "", "46", submitter.id))
        else:
            first = submitter.first_name or ""
            middle = submitter.middle_name or ""
            segs.append(
                ("NM1", "41", "1", submitter.name, first, middle, "", "", "46", submitter.id)
            )
        contacts: list[str] = []
        for qualifier, value in (("TE", submitter.phone), ("EM", submitter.email),
                                 ("FX", submitter.fax)):  # fmt: skip
            if value:
                contacts.extend((qualifier, value))
        segs.append(("PER", "IC", submitter.contact_name or "", *contacts[:6]))
        segs.append(("NM1", "40", "2", receiver.name, "", "", "", "", "46", receiver.id))
        return segs

    def billing(
        self, segs: list[_Item], hl: int, provider: Provider, pay_to: Address | None
    ) -> None:
        segs.append(("HL", str(hl), "", "20", "1"))
        if provider.taxonomy:
            segs.append(("PRV", "BI", "PXC", provider.taxonomy))
        segs.append(self.name("85", provider))
        assert provider.address is not None
        self.address(segs, provider.address)
        assert provider.tax_id is not None
        segs.append(("REF", provider.tax_id_type, provider.tax_id))
        if pay_to is not None:
            segs.append(("NM1", "87", "2"))
            self.address(segs, pay_to)

    def sbr(
        self,
        *,
        responsibility: str,
        relationship: str,
        group_number: str | None,
        group_name: str | None,
        insurance_type: str | None,
        filing: str | None,
    ) -> _Seg:
        return (
            "SBR",
            responsibility,
            relationship,
            group_number or "",
            group_name or "",
            (insurance_type or "") if self.professional else "",
            "",
            "",
            "",
            filing or "",
        )

    def subscriber(
        self, segs: list[_Item], hl: int, parent: int, key: _SubscriberKey, has_patients: bool
    ) -> None:
        sub = key.subscriber
        segs += (
            ("HL", str(hl), str(parent), "22", "1" if has_patients else "0"),
            # SBR as self.sbr() builds it, without a call with six keywords.
            (
                "SBR",
                key.responsibility,
                "18" if key.self_pay else "",
                key.group_number or "",
                key.group_name or "",
                (key.insurance_type or "") if self.professional else "",
                "",
                "",
                "",
                key.filing_indicator or "",
            ),
            (
                "NM1",
                "IL",
                "1",
                sub.last_name,
                sub.first_name or "",
                sub.middle_name or "",
                "",
                sub.suffix or "",
                "MI",
                sub.member_id,
            ),
        )
        if sub.address is not None:
            self.address(segs, sub.address)
        if sub.birth_date is not None and sub.sex is not None:
            segs.append(("DMG", "D8", _d8(sub.birth_date), sub.sex))
        payer = key.payer
        segs.append(
            ("NM1", "PR", "2", payer.name, "", "", "", "", payer.id_qualifier, payer.payer_id)
        )
        if payer.address is not None:
            self.address(segs, payer.address)

    def patient(
        self, segs: list[_Item], hl: int, parent: int, patient: Patient, relationship: str
    ) -> None:
        assert patient.address is not None
        assert patient.birth_date is not None
        assert patient.sex is not None
        segs += (
            ("HL", str(hl), str(parent), "23", "0"),
            ("PAT", relationship),
            self.person("QC", patient),
        )
        self.address(segs, patient.address)
        segs.append(("DMG", "D8", _d8(patient.birth_date), patient.sex))

    # -- the claim (2300) ---------------------------------------------------------------

    def claim(self, segs: list[_Item], claim: Claim) -> None:
        if self.professional:
            self._professional(segs, claim)
        else:
            self._institutional(segs, claim)

    def _refs(self, segs: list[_Item], claim: Claim, *, accident_state: bool = False) -> None:
        if claim.referral_number:
            segs.append(("REF", "9F", claim.referral_number))
        if claim.prior_authorization:
            segs.append(("REF", "G1", claim.prior_authorization))
        if claim.original_claim_number:
            segs.append(("REF", "F8", claim.original_claim_number))
        if accident_state and claim.accident_state:
            segs.append(("REF", "LU", claim.accident_state))
        if claim.medical_record_number:
            segs.append(("REF", "EA", claim.medical_record_number))

    def _professional(self, segs: list[_Item], claim: Claim) -> None:
        assert claim.place_of_service is not None
        causes = ""
        if claim.related_causes:
            parts = list(claim.related_causes) + [""] * (3 - len(claim.related_causes))
            causes = self.comp(*parts, claim.accident_state or "")
        segs.append(  # trimmed: the transaction's text is joined in one go (see _text)
            _trimmed(
                (
                    "CLM",
                    claim.claim_id,
                    _amount(claim.total_charge),
                    "",
                    "",
                    self.comp(claim.place_of_service, "B", claim.frequency_code),
                    "Y" if claim.provider_signature else "N",
                    claim.assignment,
                    claim.benefits_assigned,
                    claim.release_of_information,
                    claim.patient_signature_source or "",
                    causes,
                    # CLM12-CLM19 are never sent and CLM20 seldom: left off when
                    # empty, rather than trimmed by render() (the same text).
                    *((*_EMPTY8, claim.delay_reason) if claim.delay_reason else ()),
                )
            )
        )
        if claim.onset_date is not None:
            segs.append(("DTP", "431", "D8", _d8(claim.onset_date)))
        if claim.accident_date is not None:
            segs.append(("DTP", "439", "D8", _d8(claim.accident_date)))
        if claim.admission_date is not None:
            segs.append(("DTP", "435", "D8", _d8(claim.admission_date)))
        if claim.discharge_date is not None:
            segs.append(("DTP", "096", "D8", _d8(claim.discharge_date)))
        if claim.patient_paid is not None:
            segs.append(("AMT", "F5", _amount(claim.patient_paid)))
        self._refs(segs, claim)
        if claim.note:
            segs.append(("NTE", "ADD", claim.note))
        diagnoses = claim.diagnoses
        self.hi(
            segs,
            [self.dx(diagnoses[0], "ABK", "BK"), *(self.dx(d, "ABF", "BF") for d in diagnoses[1:])],
        )
        if claim.condition_codes:
            self.hi(segs, [self.comp("BG", code) for code in claim.condition_codes])
        if claim.referring_provider is not None:
            segs.append(self.name("DN", claim.referring_provider))
        if claim.rendering_provider is not None:
            segs.append(self.name("82", claim.rendering_provider))
            if claim.rendering_provider.taxonomy:
                segs.append(("PRV", "PE", "PXC", claim.rendering_provider.taxonomy))
        if claim.service_facility is not None:
            self._facility(segs, claim.service_facility)
        if claim.supervising_provider is not None:
            segs.append(self.name("DQ", claim.supervising_provider))
        for other in claim.other_payers:
            self._other_payer(segs, other)
        for number, line in enumerate(claim.lines, start=1):
            self._line(segs, number, line)

    def _facility(self, segs: list[_Item], facility: Provider) -> None:
        assert facility.address is not None
        npi = ("XX", facility.npi) if facility.npi else ()
        segs.append(("NM1", "77", "2", facility.name, "", "", "", "", *npi))
        self.address(segs, facility.address)

    def _institutional(self, segs: list[_Item], claim: Claim) -> None:
        assert claim.facility_type is not None
        assert claim.statement_period is not None
        assert claim.discharge_status is not None
        segs.append(
            _trimmed(
                (
                    "CLM",
                    claim.claim_id,
                    _amount(claim.total_charge),
                    "",
                    "",
                    self.comp(claim.facility_type, "A", claim.frequency_code),
                    "",
                    claim.assignment,
                    claim.benefits_assigned,
                    claim.release_of_information,
                    *(("",) * 10),
                    claim.delay_reason or "",
                )
            )
        )
        if claim.discharge_time is not None:
            segs.append(("DTP", "096", "TM", _hhmm(claim.discharge_time)))
        period = claim.statement_period
        segs.append(("DTP", "434", "RD8", f"{_d8(period.start)}-{_d8(period.end)}"))
        if claim.admission_date is not None:
            if claim.admission_time is not None:
                stamp = _d8(claim.admission_date) + _hhmm(claim.admission_time)
                segs.append(("DTP", "435", "DT", stamp))
            else:
                segs.append(("DTP", "435", "D8", _d8(claim.admission_date)))
        segs.append(
            (
                "CL1",
                claim.admission_type or "",
                claim.admission_source or "",
                claim.discharge_status,
            )
        )
        self._refs(segs, claim, accident_state=True)
        segs.append(("HI", self.dx(claim.diagnoses[0], "ABK", "BK", poa=True)))
        if claim.admitting_diagnosis is not None:
            segs.append(("HI", self.dx(claim.admitting_diagnosis, "ABJ", "BJ")))
        if claim.reason_for_visit:
            segs.append(("HI", *(self.dx(dx, "APR", "PR") for dx in claim.reason_for_visit)))
        if claim.external_causes:
            segs.append(
                ("HI", *(self.dx(dx, "ABN", "BN", poa=True) for dx in claim.external_causes))
            )
        self.hi(segs, [self.dx(dx, "ABF", "BF", poa=True) for dx in claim.diagnoses[1:]])
        if claim.procedures:
            first, *rest = claim.procedures
            qualifier = "BBR" if first.system == "ICD-10-PCS" else "BR"
            segs.append(("HI", self.comp(qualifier, first.code, "D8", _d8(first.date))))
            self.hi(
                segs,
                [
                    self.comp(
                        "BBQ" if p.system == "ICD-10-PCS" else "BQ", p.code, "D8", _d8(p.date)
                    )
                    for p in rest
                ],
            )
        self.hi(
            segs,
            [
                self.comp(
                    "BI", span.code, "RD8", f"{_d8(span.period.start)}-{_d8(span.period.end)}"
                )
                for span in claim.occurrence_spans
            ],
        )
        self.hi(segs, [self.comp("BH", o.code, "D8", _d8(o.date)) for o in claim.occurrences])
        self.hi(
            segs,
            [self.comp("BE", v.code, "", "", _amount(v.amount)) for v in claim.value_codes],
        )
        self.hi(segs, [self.comp("BG", code) for code in claim.condition_codes])
        if claim.attending_provider is not None:
            segs.append(self.name("71", claim.attending_provider))
            if claim.attending_provider.taxonomy:
                segs.append(("PRV", "AT", "PXC", claim.attending_provider.taxonomy))
        for code, provider in (
            ("72", claim.operating_provider),
            ("ZZ", claim.other_operating_provider),
            ("82", claim.rendering_provider),
        ):
            if provider is not None:
                segs.append(self.name(code, provider))
        if claim.service_facility is not None:
            self._facility(segs, claim.service_facility)
        if claim.referring_provider is not None:
            segs.append(self.name("DN", claim.referring_provider))
        for other in claim.other_payers:
            self._other_payer(segs, other)
        for number, line in enumerate(claim.lines, start=1):
            self._line(segs, number, line)

    def _other_payer(self, segs: list[_Item], other: OtherPayer) -> None:
        coverage = other.coverage
        segs.append(
            self.sbr(
                responsibility=other.responsibility,
                relationship=coverage.relationship,
                group_number=coverage.group_number,
                group_name=coverage.group_name,
                insurance_type=coverage.insurance_type,
                filing=coverage.filing_indicator,
            )
        )
        self.adjustments(segs, other.adjustments)
        if other.paid_amount is not None:
            segs.append(("AMT", "D", _amount(other.paid_amount)))
        # The guides order these two AMT segments differently.
        amounts = [("A8", other.non_covered_amount), ("EAF", other.remaining_patient_liability)]
        if not self.professional:
            amounts.reverse()
        for qualifier, amount in amounts:
            if amount is not None:
                segs.append(("AMT", qualifier, _amount(amount)))
        segs.append(("OI", "", "", other.benefits_assigned, "", "", other.release_of_information))
        sub = coverage.subscriber
        segs.append(self.person("IL", sub, "MI", sub.member_id))
        if sub.address is not None:
            self.address(segs, sub.address)
        payer = coverage.payer
        assert payer is not None  # a relaxed problem otherwise, refused before writing
        segs.append(
            ("NM1", "PR", "2", payer.name, "", "", "", "", payer.id_qualifier, payer.payer_id)
        )
        if payer.address is not None:
            self.address(segs, payer.address)
        if other.paid_date is not None:
            segs.append(("DTP", "573", "D8", _d8(other.paid_date)))
        if other.claim_control_number:
            segs.append(("REF", "F8", other.claim_control_number))

    def _line(self, segs: list[_Item], number: int, line: ServiceLine) -> None:
        code = line.procedure_code
        # self.procedure(), without its call.
        procedure = "" if code is None else self.comp(line.code_qualifier, code, *line.modifiers)
        day = line.service_date
        pointers = line.diagnosis_pointers
        if self.professional and self.pre and procedure and pointers and day is not None:
            # LX, SV1 and DTP*472 as text: the tuples below, joined as render
            # joins them (SV107, the pointers, is never empty here, so nothing
            # trails but SV109).
            e = self.e
            sv1 = (
                f"SV1{e}{procedure}{e}{_amount(line.charge)}{e}{line.unit_basis}{e}"
                f"{_decimal(line.units)}{e}{line.place_of_service or ''}{e}{e}"
                f"{self.pointers(pointers)}"
            )
            separators = 11  # LX 1, SV1 7, DTP 3
            if line.emergency:
                sv1 += f"{e}{e}Y"
                separators += 2
            end = self.end
            segs.append((f"LX{e}{number}{end}{sv1}{end}{self.service_date(day.start, day.end)}",))
            self.pre_segments += 2
            self.pre_separators += separators
        else:
            self._line_segments(segs, number, line, procedure)
        if line.line_control_number:
            segs.append(("REF", "6R", line.line_control_number))
        drug = line.drug
        if drug is not None:
            segs.append(("LIN", "", "N4", drug.ndc))
            segs.append(("CTP", "", "", "", _decimal(drug.quantity), drug.unit))
        for adjudication in line.adjudications:
            self._adjudication(segs, adjudication)

    def service_date(self, start: date, end: date) -> str:
        """The DTP*472 segment of a line as text."""
        found = self._dates.get((start, end))
        if found is None:
            if len(self._dates) >= _FORMAT_CACHE:
                self._dates.clear()
            found = self._dates[start, end] = self.e.join(_service_date(start, end))
        return found

    def _line_segments(
        self, segs: list[_Item], number: int, line: ServiceLine, procedure: str
    ) -> None:
        segs.append(_LX[number] if number < len(_LX) else ("LX", str(number)))
        if self.professional:
            segs.append(
                (
                    "SV1",
                    procedure,
                    _amount(line.charge),
                    line.unit_basis,
                    _decimal(line.units),
                    line.place_of_service or "",
                    "",
                    self.pointers(line.diagnosis_pointers),
                    "",
                    "Y" if line.emergency else "",
                )
            )
        else:
            assert line.revenue_code is not None
            non_covered = line.non_covered_charge
            segs.append(
                (
                    "SV2",
                    line.revenue_code,
                    procedure,
                    _amount(line.charge),
                    line.unit_basis,
                    _decimal(line.units),
                    "",
                    _amount(non_covered) if non_covered is not None else "",
                )
            )
        day = line.service_date
        if day is not None:
            segs.append(_service_date(day.start, day.end))

    def _adjudication(self, segs: list[_Item], adj: LineAdjudication) -> None:
        segs.append(
            (
                "SVD",
                adj.payer_id,
                _amount(adj.paid_amount),
                self.procedure(adj.code_qualifier, adj.procedure_code, adj.modifiers),
                "" if self.professional else (adj.revenue_code or ""),
                _decimal(adj.units),
            )
        )
        self.adjustments(segs, adj.adjustments)
        assert adj.paid_date is not None  # a relaxed problem otherwise, refused before writing
        segs.append(("DTP", "573", "D8", _d8(adj.paid_date)))
        if adj.remaining_patient_liability is not None:
            segs.append(("AMT", "EAF", _amount(adj.remaining_patient_liability)))


def _transactions(claims: Sequence[Claim], per_transaction: int) -> Iterator[Sequence[Claim]]:
    for start in range(0, len(claims), per_transaction):
        yield claims[start : start + per_transaction]


def write_837(
    claims: Iterable[Claim],
    *,
    kind: ClaimKind,
    submitter: Submitter,
    receiver: Receiver,
    envelope: Envelope,
    reference_id: str | None = None,
    purpose: Literal["00", "18"] = "00",
    claim_type: Literal["CH", "RP"] = "CH",
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    stream: IO[str] | None = None,
    max_claims_per_transaction: int = MAX_CLAIMS_PER_TRANSACTION,
) -> str:
    """Write *claims* of one kind as an 837 interchange (see :func:`write_837p`).

    Example:
        >>> from datetime import date, time
        >>> from rcm.claims import Receiver, Submitter
        >>> from rcm.claims.examples import institutional_claim
        >>> from rcm.x12 import Envelope
        >>> env = Envelope(sender_id="HOSP", receiver_id="PAYER", date=date(2025, 3, 4),
        ...                time=time(9, 30), functional_id="HC")
        >>> text = write_837([institutional_claim()], kind="institutional",
        ...                  submitter=Submitter(name="HOSP", id="H1", phone="2175550100"),
        ...                  receiver=Receiver(name="PAYER", id="P1"), envelope=env)
        >>> "ST*837*0001*005010X223A2~" in text
        True
    """
    batch = tuple(claims)
    if not batch:
        raise ClaimValidationError("there are no claims to write", model="Claim")
    if not isinstance(max_claims_per_transaction, int) or max_claims_per_transaction < 1:
        raise ClaimValidationError(
            "max_claims_per_transaction must be a positive int", model="Claim"
        )
    for position, claim in enumerate(batch, start=1):
        if not isinstance(claim, Claim):
            raise ClaimValidationError(
                f"claim {position} is a {type(claim).__name__}, not a Claim", model="Claim"
            )
        check_837(claim, kind=kind, position=position)
    for model, name in ((submitter, "submitter"), (receiver, "receiver")):
        if not isinstance(model, (Submitter, Receiver)):
            raise ClaimValidationError(f"{name} must be a {name.title()}", model=name.title())
    if envelope.functional_id != "HC":
        envelope = attrs.evolve(envelope, functional_id="HC")
    implementation = IMPLEMENTATIONS[kind]
    reference = reference_id or f"{envelope.interchange_control_number:09d}"
    created = (envelope.date.strftime("%Y%m%d"), envelope.time.strftime("%H%M"))
    builder = _Builder(kind, delimiters)
    header_text, header_count = builder.render(
        builder.header(
            submitter,
            receiver,
            reference=reference,
            created=created,
            purpose=purpose,
            claim_type=claim_type,
        )
    )
    end = builder.end
    e = delimiters.element
    isa = envelope.isa(delimiters).to_x12(delimiters)
    gs = envelope.gs(implementation)
    # Render everything before writing so that a problem leaves the stream untouched.
    chunks: list[str] = [isa, e.join(("GS", *gs.elements)) + end]
    count = 0
    for count, chunk in enumerate(_transactions(batch, max_claims_per_transaction), start=1):
        control = f"{count:04d}"
        text, n = builder.transaction(chunk)
        body = [e.join(("ST", "837", control, implementation)) + end, header_text, text]
        segments = 1 + header_count + n
        segments += 1
        body.append(e.join(("SE", str(segments), control)) + end)
        chunks.append("".join(body))
    chunks.append(e.join(("GE", str(count), gs.elements[5])) + end)
    chunks.append(e.join(("IEA", "1", f"{envelope.interchange_control_number:09d}")) + end)
    text = "".join(chunks)
    if stream is not None:
        stream.write(text)
    logger.debug("wrote %d %s claims in %d transactions", len(batch), kind, count)
    return text if stream is None else ""


def write_837p(
    claims: Iterable[Claim],
    *,
    submitter: Submitter,
    receiver: Receiver,
    envelope: Envelope,
    reference_id: str | None = None,
    purpose: Literal["00", "18"] = "00",
    claim_type: Literal["CH", "RP"] = "CH",
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    stream: IO[str] | None = None,
    max_claims_per_transaction: int = MAX_CLAIMS_PER_TRANSACTION,
) -> str:
    r"""Write professional claims as a 005010X222A1 837P interchange.

    Every claim is checked first: the model's rules, and what the guide needs
    to carry it (a subscriber who is the patient needs a birth date and sex, a
    dependent patient an address, the billing provider a 9-digit ZIP...). The
    first claim that fails raises :class:`~rcm.claims.ClaimValidationError`
    listing all its problems, and nothing is written.

    Claims are grouped under one billing provider level (HL 20) per billing
    provider and pay-to address, one subscriber level (HL 22) per subscriber,
    payer and payer order, and one patient level (HL 23) per dependent patient;
    groups come in the order of their first claim, and claims keep their order
    within a group. Reading the result with :func:`~rcm.claims.read_837` gives
    the claims back in that order.

    Args:
        claims: the professional claims.
        submitter: who sends the file (1000A).
        receiver: who receives it (1000B).
        envelope: the ISA and GS headers; GS01 is set to ``HC``. Its date and
            time are also the BHT creation date and time.
        reference_id: BHT03, the originator's reference for this batch
            (default: the interchange control number).
        purpose: BHT02, ``00`` original or ``18`` reissue.
        claim_type: BHT06, ``CH`` chargeable (claims) or ``RP`` reporting
            (encounters).
        delimiters: the separators (and an optional suffix such as ``"\n"``).
        stream: a text stream to write to; the text is returned when ``None``.
        max_claims_per_transaction: start a new ST/SE after this many claims.

    Returns:
        The interchange text, or ``""`` when *stream* is given.

    Raises:
        ClaimValidationError: a claim that cannot be written (wrong kind,
            missing data, a value holding a delimiter), before anything is written.

    Example:
        >>> from datetime import date, time
        >>> from rcm.claims import Receiver, Submitter
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.x12 import Envelope
        >>> env = Envelope(sender_id="CLINIC", receiver_id="ACME", date=date(2025, 3, 4),
        ...                time=time(9, 30), functional_id="HC")
        >>> text = write_837p([professional_claim()], envelope=env,
        ...                   submitter=Submitter(name="CLINIC", id="C1", phone="2175550100"),
        ...                   receiver=Receiver(name="ACME", id="60054"))
        >>> print(" ".join(line.split("*", 1)[0] for line in text.split("~")[:9]))
        ISA GS ST BHT NM1 PER NM1 HL PRV
        >>> print(" ".join(text.split("~")[-4:]))
        SE*27*0001 GE*1*1 IEA*1*000000001
    """
    return write_837(
        claims,
        kind="professional",
        submitter=submitter,
        receiver=receiver,
        envelope=envelope,
        reference_id=reference_id,
        purpose=purpose,
        claim_type=claim_type,
        delimiters=delimiters,
        stream=stream,
        max_claims_per_transaction=max_claims_per_transaction,
    )


def write_837i(
    claims: Iterable[Claim],
    *,
    submitter: Submitter,
    receiver: Receiver,
    envelope: Envelope,
    reference_id: str | None = None,
    purpose: Literal["00", "18"] = "00",
    claim_type: Literal["CH", "RP"] = "CH",
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    stream: IO[str] | None = None,
    max_claims_per_transaction: int = MAX_CLAIMS_PER_TRANSACTION,
) -> str:
    """Write institutional claims as a 005010X223A2 837I interchange.

    Works as :func:`write_837p` does, for institutional claims.

    Example:
        >>> from datetime import date, time
        >>> from rcm.claims import Receiver, Submitter
        >>> from rcm.claims.examples import institutional_claim
        >>> from rcm.x12 import Envelope
        >>> env = Envelope(sender_id="HOSP", receiver_id="ACME", date=date(2025, 3, 4),
        ...                time=time(9, 30))
        >>> text = write_837i([institutional_claim()], envelope=env,
        ...                   submitter=Submitter(name="HOSP", id="H1", email="edi@example.org"),
        ...                   receiver=Receiver(name="ACME", id="60054"))
        >>> for segment in text.split("~"):
        ...     if segment.startswith(("CLM", "CL1", "HI*ABK")):
        ...         print(segment)
        CLM*ADM0000042*13185***11:A:1**A*Y*Y
        CL1*1*7*01
        HI*ABK:K3580:::::::Y
    """
    return write_837(
        claims,
        kind="institutional",
        submitter=submitter,
        receiver=receiver,
        envelope=envelope,
        reference_id=reference_id,
        purpose=purpose,
        claim_type=claim_type,
        delimiters=delimiters,
        stream=stream,
        max_claims_per_transaction=max_claims_per_transaction,
    )
