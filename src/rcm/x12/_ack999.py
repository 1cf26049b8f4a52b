"""Read 999 and 997 acknowledgments into frozen models.

A 999 (implementation acknowledgment, 005010X231A1) answers one functional
group that was sent (an 837 batch, say): the group's verdict (AK9: accepted,
accepted with errors, partially accepted, rejected), one AK2 loop per
transaction set it reports on with that set's verdict (IK5), and for each error
the segment (IK3, loop 2100) and element (IK4, loop 2110) it was found in, with
context (CTX).

A 997 (functional acknowledgment: 004010, and 005010X230, which some payers
still send instead of a 999) has the same shape with older segment names: AK3
for IK3, AK4 for IK4, AK5 for IK5, and no CTX. :func:`read_997` reads it into
the same :class:`Ack999` model (``set_id`` says which it was), so one worklist
serves both.

Structure from the 999 implementation guide as machine-readable in pyx12's
``map/999.5010.xml`` and from the 997 segment definitions (AK3: segment ID,
position, loop, error code; AK4: element position composite, data element
reference number, error code, bad data copy). Only code values are kept, never
code descriptions (the X12 code lists' wording is not rcm's to ship).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from enum import StrEnum
from typing import ClassVar, Final, Literal, NoReturn

from pydantic import BaseModel, ConfigDict, Field

from rcm.errors import X12Error
from rcm.x12._envelope import X12Warning
from rcm.x12._reader import Source, X12Reader
from rcm.x12._segment import Segment

__all__ = [
    "Ack999",
    "AckCode",
    "AckContext",
    "AckContextId",
    "AckElementError",
    "AckParseError",
    "AckSegmentError",
    "TransactionAck",
    "read_997",
    "read_999",
]

logger = logging.getLogger(__name__)


class AckParseError(X12Error):
    """A 999 or 997 is well-formed X12 but not a readable acknowledgment.

    Examples:
        >>> err = AckParseError("IK5 without AK2", segment_index=6, segment_id="IK5", loop="2000")
        >>> str(err)
        'segment 6 (IK5, loop 2000): IK5 without AK2'
    """

    message = "the acknowledgment could not be read"
    error_code = "ack-parse"


class AckCode(StrEnum):
    """The verdict codes of AK901 (a functional group) and IK501 (a transaction set).

    ``P`` (partially accepted) applies to groups only.

    Examples:
        >>> AckCode("P") is AckCode.PARTIALLY_ACCEPTED, AckCode.ACCEPTED.is_accepted
        (True, True)
    """

    ACCEPTED = "A"
    ACCEPTED_WITH_ERRORS = "E"
    PARTIALLY_ACCEPTED = "P"
    REJECTED = "R"
    REJECTED_AUTHENTICATION = "M"
    REJECTED_ASSURANCE = "W"
    REJECTED_DECRYPTION = "X"

    @property
    def is_accepted(self) -> bool:
        """``A`` or ``E``: the receiver took the data (``E`` with noted errors).

        Examples:
            >>> AckCode.ACCEPTED_WITH_ERRORS.is_accepted
            True
        """
        return self in (AckCode.ACCEPTED, AckCode.ACCEPTED_WITH_ERRORS)

    @property
    def is_rejected(self) -> bool:
        """``R``, ``M``, ``W`` or ``X``: the data was refused.

        Examples:
            >>> AckCode.REJECTED.is_rejected, AckCode.PARTIALLY_ACCEPTED.is_rejected
            (True, False)
        """
        return self not in (
            AckCode.ACCEPTED,
            AckCode.ACCEPTED_WITH_ERRORS,
            AckCode.PARTIALLY_ACCEPTED,
        )


_FROZEN = ConfigDict(frozen=True, extra="forbid")


class AckContextId(BaseModel):
    """One context identification (CTX01, composite C998).

    Attributes:
        name: CTX01-1, e.g. ``"SITUATIONAL TRIGGER"`` or ``"CLM01"``.
        reference: CTX01-2; for a business unit (``CLM01``) this is the claim's
            patient control number, so it is kept out of ``repr``.

    Examples:
        >>> AckContextId(name="CLM01", reference="PCN123")
        AckContextId(name='CLM01')
    """

    model_config = _FROZEN

    name: str
    reference: str | None = Field(default=None, repr=False)


class AckContext(BaseModel):
    """A CTX segment: the context an error was found in.

    Attributes:
        ids: CTX01, repeated context identifications.
        segment_id: CTX02, the segment of the trigger (situational context).
        segment_position: CTX03, its position in the transaction set.
        loop: CTX04, its loop.
        element_position: CTX05-1.
        component_position: CTX05-2.
        repetition_position: CTX05-3.
        reference_numbers: CTX06, data element reference numbers.

    Examples:
        >>> AckContext(ids=(AckContextId(name="SITUATIONAL TRIGGER"),), segment_id="CLM",
        ...         segment_position=43).segment_position
        43
    """

    model_config = _FROZEN

    ids: tuple[AckContextId, ...] = ()
    segment_id: str | None = None
    segment_position: int | None = None
    loop: str | None = None
    element_position: int | None = None
    component_position: int | None = None
    repetition_position: int | None = None
    reference_numbers: tuple[str, ...] = ()


class AckElementError(BaseModel):
    """An IK4 (loop 2110): an error in one element of the segment in error.

    Attributes:
        position: IK401-1, the element's position in its segment.
        component_position: IK401-2, the component, for a composite.
        repetition_position: IK401-3, the repetition, for a repeating element.
        reference_number: IK402, the data element reference number.
        code: IK403, the implementation data element syntax error code.
        bad_value: IK404, a copy of the bad data (may be PHI: kept out of ``repr``).
        contexts: the element's CTX segments.

    Examples:
        >>> AckElementError(position=2, reference_number="782", code="1", bad_value="x")
        AckElementError(position=2, component_position=None, repetition_position=None, reference_number='782', code='1', contexts=())
    """  # noqa: E501

    model_config = _FROZEN

    position: int
    component_position: int | None = None
    repetition_position: int | None = None
    reference_number: str | None = None
    code: str
    bad_value: str | None = Field(default=None, repr=False)
    contexts: tuple[AckContext, ...] = ()


class AckSegmentError(BaseModel):
    """An IK3 (loop 2100): a segment of the acknowledged transaction set in error.

    Attributes:
        segment_id: IK301, e.g. ``"CLM"``.
        position: IK302, the segment's position in its transaction set (ST is 1).
        loop: IK303, the loop identifier, when given.
        code: IK304, the segment syntax error code, when given.
        contexts: the segment's CTX segments.
        elements: its element errors (IK4 loops).

    Examples:
        >>> AckSegmentError(segment_id="CLM", position=22, code="8").loop is None
        True
    """

    model_config = _FROZEN

    segment_id: str
    position: int
    loop: str | None = None
    code: str | None = None
    contexts: tuple[AckContext, ...] = ()
    elements: tuple[AckElementError, ...] = ()


class TransactionAck(BaseModel):
    """An AK2 loop (2000): the verdict on one transaction set that was sent.

    Attributes:
        set_id: AK201, e.g. ``"837"``.
        control_number: AK202, the ST02 of the set acknowledged.
        implementation: AK203, when given.
        status: IK501.
        error_codes: IK502-IK506, the transaction set syntax error codes.
        segment_errors: the IK3 loops.

    Examples:
        >>> ack = TransactionAck(set_id="837", control_number="0001", status=AckCode.REJECTED,
        ...                      error_codes=("5",))
        >>> ack.accepted, ack.status.value
        (False, 'R')
    """

    model_config = _FROZEN

    set_id: str
    control_number: str
    implementation: str | None = None
    status: AckCode
    error_codes: tuple[str, ...] = ()
    segment_errors: tuple[AckSegmentError, ...] = ()

    @property
    def accepted(self) -> bool:
        """Whether the set was accepted (``A``, or ``E`` with errors noted).

        Example:
            >>> TransactionAck(set_id="837", control_number="1", status=AckCode.REJECTED).accepted
            False
        """
        return self.status.is_accepted


class Ack999(BaseModel):
    """One 999 (or 997) transaction set: the acknowledgment of one functional group.

    Attributes:
        control_number: the 999's own ST02.
        implementation: its ST03 (``"005010X231A1"``).
        set_id: ``"999"``, or ``"997"`` for a functional acknowledgment read by
            :func:`read_997` (its AK3/AK4/AK5 fill the IK3/IK4/IK5 fields).
        sender_id: ISA06 of the interchange that carried the 999 (who acknowledges).
        receiver_id: ISA08 (who sent the group being acknowledged).
        functional_id: AK101, the acknowledged group's GS01 (``"HC"`` for 837).
        group_control_number: AK102, its GS06.
        version: AK103, its GS08, when given.
        status: AK901, the group's verdict.
        transactions_included: AK902.
        transactions_received: AK903.
        transactions_accepted: AK904.
        error_codes: AK905-AK909, the group syntax error codes.
        transactions: the AK2 loops, in order.
        warnings: envelope problems the reader noted around this 999 (as text).

    Examples:
        >>> text = ("ISA*00*          *00*          *ZZ*PAYER          *ZZ*PROVIDER       "
        ...         "*250102*1230*^*00501*000000001*0*P*:~GS*FA*PAYER*PROVIDER*20250102*1230*1*X*"
        ...         "005010X231A1~ST*999*0001*005010X231A1~AK1*HC*17*005010X222A1~"
        ...         "AK2*837*0001*005010X222A1~IK3*NM1*8*2010BA*8~IK4*9*67*7~IK5*R*5~"
        ...         "AK9*R*1*1*0~SE*8*0001~GE*1*1~IEA*1*000000001~")
        >>> (ack,) = read_999(text)
        >>> ack.status, ack.rejected, ack.group_control_number
        (<AckCode.REJECTED: 'R'>, True, '17')
        >>> error = ack.transactions[0].segment_errors[0]
        >>> error.segment_id, error.position, error.loop, error.elements[0].position
        ('NM1', 8, '2010BA', 9)
    """

    model_config = _FROZEN

    control_number: str
    implementation: str | None = None
    set_id: Literal["999", "997"] = "999"
    sender_id: str = ""
    receiver_id: str = ""
    functional_id: str
    group_control_number: str
    version: str | None = None
    status: AckCode
    transactions_included: int
    transactions_received: int
    transactions_accepted: int
    error_codes: tuple[str, ...] = ()
    transactions: tuple[TransactionAck, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def accepted(self) -> bool:
        """The whole group was accepted (``A``, or ``E`` with errors noted).

        Example:
            >>> Ack999(control_number="1", functional_id="HC", group_control_number="1",
            ...        status=AckCode.ACCEPTED_WITH_ERRORS, transactions_included=1,
            ...        transactions_received=1, transactions_accepted=1).accepted
            True
        """
        return self.status.is_accepted

    @property
    def partially_accepted(self) -> bool:
        """Some transaction sets were accepted and some rejected (``P``).

        Example:
            >>> Ack999(control_number="1", functional_id="HC", group_control_number="1",
            ...        status=AckCode.PARTIALLY_ACCEPTED, transactions_included=2,
            ...        transactions_received=2, transactions_accepted=1).partially_accepted
            True
        """
        return self.status is AckCode.PARTIALLY_ACCEPTED

    @property
    def rejected(self) -> bool:
        """The whole group was rejected (``R``, ``M``, ``W`` or ``X``).

        Example:
            >>> Ack999(control_number="1", functional_id="HC", group_control_number="1",
            ...        status=AckCode.REJECTED, transactions_included=1,
            ...        transactions_received=1, transactions_accepted=0).rejected
            True
        """
        return self.status.is_rejected

    def segment_errors(self) -> Iterator[tuple[TransactionAck, AckSegmentError]]:
        """Every segment error, with the transaction set it belongs to.

        Examples:
            >>> Ack999(control_number="1", functional_id="HC", group_control_number="1",
            ...        status=AckCode.ACCEPTED, transactions_included=0,
            ...        transactions_received=0, transactions_accepted=0).segment_errors()
            <generator object ...>
        """
        for transaction in self.transactions:
            for error in transaction.segment_errors:
                yield transaction, error


# -- parsing --------------------------------------------------------------------------


#: Segments that may come outside the acknowledgments: envelopes, and the
#: interchange-level TA1 (interchange acknowledgment), ISB and ISE (grade of service).
_OUTSIDE_ACKS: Final = frozenset({"ISA", "GS", "GE", "IEA", "TA1", "ISB", "ISE", "SE"})
#: Positions and counts in an acknowledgment are N0 elements of at most 6-9 digits
#: (X12's dictionary); anything longer is not one (and int() refuses past 4,300).
_MAX_DIGITS: Final = 9
#: The segments of a 997 that play the part of a 999's (a 997 has no CTX).
_997_NAMES: Final = {"IK3": "AK3", "IK4": "AK4", "IK5": "AK5"}


class _Parser:
    """Builds Ack999 values from the segments of one 999 (or 997) transaction set."""

    _GROUP_CODES: ClassVar[frozenset[str]] = frozenset(code.value for code in AckCode)
    _SET_CODES: ClassVar[frozenset[str]] = _GROUP_CODES - {"P"}

    def __init__(self, source: str, set_id: Literal["999", "997"] = "999") -> None:
        self.source = source
        self.set_id = set_id
        #: what each 999 segment is called in this kind of acknowledgment
        self.name = dict(_997_NAMES) if set_id == "997" else {k: k for k in _997_NAMES}
        self.name["CTX"] = "CTX"
        # a 999's IK4 opens loop 2110; a 997's AK4 sits in the AK3 loop (2100)
        self.element_loop = "2100" if set_id == "997" else "2110"
        # segment ID as sent -> the 999 segment it plays the part of
        self.role = {sent: role for role, sent in self.name.items()}
        if set_id == "997":
            del self.role["CTX"]

    def error(self, message: str, seg: Segment, *, loop: str | None = None,
              element: int | None = None) -> AckParseError:  # fmt: skip
        return AckParseError(
            message,
            source=self.source,
            segment_index=seg.index,
            segment_id=seg.id,
            loop=loop,
            element=element,
        )

    def integer(self, seg: Segment, position: int, *, loop: str | None,
                required: bool = True) -> int | None:  # fmt: skip
        value = seg[position].strip()
        if not value:
            if required:
                raise self.error(f"{seg.id}{position:02d} is required", seg, loop=loop,
                                 element=position)  # fmt: skip
            return None
        if not value.isdigit() or len(value) > _MAX_DIGITS:
            raise self.error(f"{seg.id}{position:02d} {value[:20]!r} is not a number of at "
                             f"most {_MAX_DIGITS} digits", seg, loop=loop,
                             element=position)  # fmt: skip
        return int(value)

    def part(self, seg: Segment, position: int, index: int, *, loop: str) -> int | None:
        parts = seg.composite(position)
        value = parts[index].strip() if index < len(parts) else ""
        if not value:
            return None
        if not value.isdigit() or len(value) > _MAX_DIGITS:
            raise self.error(
                f"{seg.id}{position:02d}-{index + 1} {value[:20]!r} is not a number of at most "
                f"{_MAX_DIGITS} digits",
                seg,
                loop=loop,
                element=position,
            )
        return int(value)

    def code(self, seg: Segment, codes: frozenset[str], *, loop: str | None) -> AckCode:
        value = seg[1].strip()
        if value not in codes:
            raise self.error(
                f"{seg.id}01 {value!r} is not an acknowledgment code ({', '.join(sorted(codes))})",
                seg,
                loop=loop,
                element=1,
            )
        return AckCode(value)

    @staticmethod
    def codes(seg: Segment, first: int, last: int) -> tuple[str, ...]:
        return tuple(v.strip() for v in (seg[p] for p in range(first, last + 1)) if v.strip())

    def context(self, seg: Segment, loop: str) -> AckContext:
        ids = []
        for repeat in seg.repeats(1):
            name, _, reference = repeat.partition(seg.delimiters.component)
            ids.append(AckContextId(name=name, reference=reference or None))
        if not ids:
            raise self.error("CTX01 is required", seg, loop=loop, element=1)
        return AckContext(
            ids=tuple(ids),
            segment_id=seg[2].strip() or None,
            segment_position=self.integer(seg, 3, loop=loop, required=False),
            loop=seg[4].strip() or None,
            element_position=self.part(seg, 5, 0, loop=loop),
            component_position=self.part(seg, 5, 1, loop=loop),
            repetition_position=self.part(seg, 5, 2, loop=loop),
            reference_numbers=tuple(p for p in seg.composite(6) if p),
        )

    def reference_number(self, seg: Segment, position: int, loop: str) -> str | None:
        # a data element reference number is N0, at most four digits (X12's dictionary)
        value = seg[position].strip()
        if value and not (value.isdigit() and len(value) <= 4):
            raise self.error(
                f"{seg.id}{position:02d} {value!r} is not a data element reference number "
                "(up to 4 digits)",
                seg,
                loop=loop,
                element=position,
            )
        return value or None

    def functional_id(self, ak1: Segment) -> str:
        value = ak1[1].strip() or self._missing(ak1, 1, None)
        if not (len(value) == 2 and value.isalpha() and value.isupper()):
            raise self.error(
                f"AK101 {value!r} is not a functional identifier code (two letters, as GS01)",
                ak1,
                element=1,
            )
        return value

    def parse(self, segments: list[Segment], header: dict[str, str]) -> Ack999:
        """*segments*: ST through SE of one 999 (or 997)."""
        n = self.name
        kind = self.set_id
        el_loop = self.element_loop
        body = segments[1:-1] if segments[-1].id == "SE" else segments[1:]
        if not body or body[0].id != "AK1":
            where = body[0] if body else segments[0]
            raise self.error(f"a {kind} starts with AK1 (functional group response header)", where)
        ak1 = body[0]
        transactions: list[TransactionAck] = []
        ak9: Segment | None = None
        # the AK2 loop being read, as mutable parts
        ak2: Segment | None = None
        seg_errors: list[AckSegmentError] = []
        ik3: Segment | None = None
        ik3_ctx: list[AckContext] = []
        elements: list[AckElementError] = []
        ik4: Segment | None = None
        ik4_ctx: list[AckContext] = []

        def close_ik4() -> None:
            nonlocal ik4, ik4_ctx
            if ik4 is not None:
                elements.append(
                    AckElementError(
                        position=self.part(ik4, 1, 0, loop=el_loop)
                        or self._missing(ik4, 1, el_loop),
                        component_position=self.part(ik4, 1, 1, loop=el_loop),
                        repetition_position=self.part(ik4, 1, 2, loop=el_loop),
                        reference_number=self.reference_number(ik4, 2, el_loop),
                        code=ik4[3].strip() or self._missing(ik4, 3, el_loop),
                        bad_value=ik4[4] or None,
                        contexts=tuple(ik4_ctx),
                    )
                )
            ik4, ik4_ctx = None, []

        def close_ik3() -> None:
            nonlocal ik3, ik3_ctx, elements
            close_ik4()
            if ik3 is not None:
                seg_errors.append(
                    AckSegmentError(
                        segment_id=ik3[1].strip() or self._missing(ik3, 1, "2100"),
                        position=self.integer(ik3, 2, loop="2100") or 0,
                        loop=ik3[3].strip() or None,
                        code=ik3[4].strip() or None,
                        contexts=tuple(ik3_ctx),
                        elements=tuple(elements),
                    )
                )
            ik3, ik3_ctx, elements = None, [], []

        role = self.role
        for seg in body[1:]:
            sid = role.get(seg.id, seg.id)
            if ak9 is not None:
                raise self.error(f"{seg.id} after AK9 (AK9 ends the {kind})", seg)
            if sid == "AK2":
                if ak2 is not None:
                    raise self.error(
                        f"AK2 at segment {ak2.index} has no {n['IK5']}", seg, loop="2000"
                    )
                ak2 = seg
            elif sid == "IK3" and seg.id == n["IK3"]:
                if ak2 is None:
                    raise self.error(f"{seg.id} outside an AK2 loop", seg, loop="2100")
                close_ik3()
                ik3 = seg
            elif sid == "IK4" and seg.id == n["IK4"]:
                if ik3 is None:
                    raise self.error(
                        f"{seg.id} outside an {n['IK3']} loop", seg, loop=self.element_loop
                    )
                close_ik4()
                ik4 = seg
            elif sid == "CTX" and "CTX" in role:
                if ik4 is not None:
                    ik4_ctx.append(self.context(seg, "2110"))
                elif ik3 is not None:
                    ik3_ctx.append(self.context(seg, "2100"))
                else:
                    raise self.error("CTX outside an IK3 or IK4 loop", seg)
            elif sid == "IK5" and seg.id == n["IK5"]:
                if ak2 is None:
                    raise self.error(f"{seg.id} without AK2", seg, loop="2000")
                close_ik3()
                transactions.append(
                    TransactionAck(
                        set_id=ak2[1].strip() or self._missing(ak2, 1, "2000"),
                        control_number=ak2[2].strip() or self._missing(ak2, 2, "2000"),
                        implementation=ak2[3].strip() or None,
                        status=self.code(seg, self._SET_CODES, loop="2000"),
                        error_codes=self.codes(seg, 2, 6),
                        segment_errors=tuple(seg_errors),
                    )
                )
                ak2, seg_errors = None, []
            elif sid == "AK9":
                if ak2 is not None:
                    raise self.error(
                        f"AK2 at segment {ak2.index} has no {n['IK5']}", seg, loop="2000"
                    )
                ak9 = seg
            else:
                raise self.error(f"{seg.id} is not a segment of a {kind}", seg)
        if ak2 is not None:
            raise self.error(f"AK2 at segment {ak2.index} has no {n['IK5']}", ak2, loop="2000")
        if ak9 is None:
            raise self.error(f"the {kind} has no AK9 (functional group response trailer)", body[-1])
        return Ack999(
            control_number=segments[0][2].strip(),
            implementation=segments[0][3].strip() or None,
            set_id=kind,
            sender_id=header.get("sender_id", ""),
            receiver_id=header.get("receiver_id", ""),
            functional_id=self.functional_id(ak1),
            group_control_number=ak1[2].strip() or self._missing(ak1, 2, None),
            version=ak1[3].strip() or None,
            status=self.code(ak9, self._GROUP_CODES, loop=None),
            transactions_included=self.integer(ak9, 2, loop=None) or 0,
            transactions_received=self.integer(ak9, 3, loop=None) or 0,
            transactions_accepted=self.integer(ak9, 4, loop=None) or 0,
            error_codes=self.codes(ak9, 5, 9),
            transactions=tuple(transactions),
        )

    def _missing(self, seg: Segment, position: int, loop: str | None) -> NoReturn:
        raise self.error(f"{seg.id}{position:02d} is required", seg, loop=loop, element=position)


def read_999(
    source: Source, *, strict: bool = False, name: str | None = None
) -> tuple[Ack999, ...]:
    """Read every 999 transaction set in *source*, in order.

    *source* is anything :class:`~rcm.x12.X12Reader` reads. Envelope problems
    (wrong SE counts and the like) are kept on each acknowledgment's
    ``warnings``, or raised with ``strict=True``.

    Raises:
        AckParseError: a transaction set that is not a 999, a 999 whose loops are
            out of order, a missing required element, an unknown verdict code, or
            no 999 at all.
        rcm.errors.X12SyntaxError: input that is not X12.

    Examples:
        >>> text = ("ISA*00*          *00*          *ZZ*PAYER          *ZZ*PROVIDER       "
        ...         "*250102*1230*^*00501*000000001*0*P*:~GS*FA*PAYER*PROVIDER*20250102*1230*1*X*"
        ...         "005010X231A1~ST*999*0001*005010X231A1~AK1*HC*17*005010X222A1~"
        ...         "AK2*837*0001*005010X222A1~IK5*A~AK9*A*1*1*1~SE*6*0001~GE*1*1~IEA*1*000000001~")
        >>> [(a.status.value, a.transactions_accepted, a.accepted) for a in read_999(text)]
        [('A', 1, True)]
    """
    return _read_acks(source, "999", strict=strict, name=name)


def read_997(
    source: Source, *, strict: bool = False, name: str | None = None
) -> tuple[Ack999, ...]:
    """Read every 997 functional acknowledgment in *source*, in order, as :class:`Ack999`.

    A 997 (004010, or 005010X230) reports what a 999 reports with older
    segment names: its AK3 (segment in error), AK4 (element in error) and AK5
    (transaction set verdict) fill the fields a 999's IK3, IK4 and IK5 fill,
    and ``set_id`` is ``"997"``. A 997 has no CTX segments, so ``contexts`` is
    always empty. Everything else is as :func:`read_999` says.

    Raises:
        AckParseError: a transaction set that is not a 997, loops out of order,
            a missing required element, an unknown verdict code, or no 997 at all.
        rcm.errors.X12SyntaxError: input that is not X12.

    Examples:
        >>> text = ("ISA*00*          *00*          *ZZ*PAYER          *ZZ*PROVIDER       "
        ...         "*250102*1230*U*00401*000000001*0*P*:~GS*FA*PAYER*PROVIDER*20250102*1230*1*X*"
        ...         "004010~ST*997*0001~AK1*HC*56~AK2*837*0001~AK3*NM1*8**8~AK4*9*67*7~"
        ...         "AK5*R*5~AK9*R*1*1*0~SE*8*0001~GE*1*1~IEA*1*000000001~")
        >>> (ack,) = read_997(text)
        >>> ack.set_id, ack.rejected, ack.transactions[0].status.value
        ('997', True, 'R')
        >>> error = ack.transactions[0].segment_errors[0]
        >>> error.segment_id, error.position, error.elements[0].reference_number
        ('NM1', 8, '67')
    """
    return _read_acks(source, "997", strict=strict, name=name)


def _read_acks(
    source: Source, set_id: Literal["999", "997"], *, strict: bool, name: str | None
) -> tuple[Ack999, ...]:
    acks: list[tuple[int, Ack999]] = []
    with X12Reader(source, strict=strict, name=name) as reader:
        parser = _Parser(reader.name, set_id)
        current: list[Segment] | None = None
        for seg in reader:
            sid = seg.id
            if sid == "ST":
                transaction = reader.transaction
                if transaction is None or transaction.set_id != set_id:
                    found = transaction.set_id if transaction is not None else seg[1]
                    hint = {"997": "; read it with read_997", "999": "; read it with read_999"}
                    raise AckParseError(
                        f"transaction set {found!r} is not a {set_id}{hint.get(found, '')}",
                        source=reader.name,
                        segment_index=seg.index,
                        segment_id="ST",
                        element=1,
                    )
                current = [seg]
            elif current is not None:
                current.append(seg)
                if sid == "SE":
                    header = {}
                    if reader.interchange is not None:
                        header = {
                            "sender_id": reader.interchange.sender_id,
                            "receiver_id": reader.interchange.receiver_id,
                        }
                    acks.append((current[0].index, parser.parse(current, header)))
                    current = None
            elif sid not in _OUTSIDE_ACKS:
                raise AckParseError(
                    f"{sid} outside a {set_id} transaction set",
                    source=reader.name,
                    segment_index=seg.index,
                    segment_id=sid,
                )
        if current is not None:  # the input ended inside a 999 (no SE): read what is there
            header = {}
            acks.append((current[0].index, parser.parse(current, header)))
        warnings = list(reader.warnings)
    if not acks:
        raise AckParseError(f"no {set_id} transaction set in the input", source=reader.name)
    return tuple(_with_warnings(acks, warnings))


def _with_warnings(acks: list[tuple[int, Ack999]], warnings: list[X12Warning]) -> Iterator[Ack999]:
    """Give each warning to the 999 whose ST comes last at or before it."""
    for position, (start, ack) in enumerate(acks):
        end = acks[position + 1][0] if position + 1 < len(acks) else None
        mine = tuple(
            str(w)
            for w in warnings
            if (w.segment_index >= start or position == 0)
            and (end is None or w.segment_index < end)
        )
        yield ack.model_copy(update={"warnings": mine}) if mine else ack
