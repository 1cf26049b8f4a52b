"""X12 envelopes: what the ISA, GS and ST headers say, and reading problems as warnings.

These are machinery values (attrs, frozen, slotted). The reader builds them
from header segments; the writer takes an :class:`Envelope` that says what to
put in the headers it writes.

Element layouts follow the X12 005010 control segments (ISA/IEA interchange,
GS/GE functional group, ST/SE transaction set) as published in the HIPAA
implementation guides' appendix B and in pyx12's ``map/*.xml`` files.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from typing import Any, Final, Literal

import attrs

from rcm.errors import X12SyntaxError
from rcm.x12._segment import DEFAULT_DELIMITERS, Delimiters, Segment

__all__ = [
    "Envelope",
    "FunctionalGroup",
    "Interchange",
    "TransactionHeader",
    "WarningKind",
    "X12Warning",
]

#: What an :class:`X12Warning` is about.
WarningKind = Literal[
    "control-number",
    "count",
    "missing-trailer",
    "unexpected-segment",
    "isa-format",
    "invalid-value",
]

#: Width of each ISA element (ISA01..ISA16): the ISA is fixed-length, 106
#: characters with its terminator.
ISA_WIDTHS: Final = (2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1)


@attrs.frozen(slots=True)
class X12Warning:
    """A problem the reader found and read past (``strict=False``).

    With ``strict=True`` the same problem raises
    :class:`rcm.errors.X12SyntaxError` instead.

    Attributes:
        message: what is wrong, in words (no PHI: envelope values only).
        segment_index: the 1-based ordinal of the segment it concerns.
        segment_id: that segment's ID (``"SE"``).
        kind: ``"control-number"`` (a trailer's control number differs from its
            header's), ``"count"`` (a trailer's count is wrong),
            ``"missing-trailer"`` (an ISA, GS or ST is never closed),
            ``"unexpected-segment"`` (a segment outside the envelope it needs),
            ``"isa-format"`` (the ISA is not the fixed 106-character layout) or
            ``"invalid-value"`` (an envelope date or time that is not one).
        element: the 1-based element position concerned, when there is one.

    Examples:
        >>> w = X12Warning("SE01 is 5 but the transaction has 6 segments",
        ...                segment_index=9, segment_id="SE", kind="count", element=1)
        >>> str(w)
        'segment 9 (SE01): SE01 is 5 but the transaction has 6 segments'
    """

    message: str
    segment_index: int
    segment_id: str
    kind: WarningKind
    element: int | None = None

    def __str__(self) -> str:
        name = self.segment_id
        if self.element is not None:
            name += f"{self.element:02d}"
        return f"segment {self.segment_index} ({name}): {self.message}"


def _parse_yymmdd(value: str) -> _dt.date | None:
    if len(value) != 6 or not value.isascii() or not value.isdigit():
        return None
    try:
        # ISA09 has a two-digit year; HIPAA interchanges are all 20YY.
        return _dt.date(2000 + int(value[:2]), int(value[2:4]), int(value[4:]))
    except ValueError:
        return None


def _parse_ccyymmdd(value: str) -> _dt.date | None:
    if len(value) != 8 or not value.isascii() or not value.isdigit():
        return None
    try:
        return _dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


_TIME = re.compile(r"([0-9]{2})([0-9]{2})(?:([0-9]{2})([0-9]{0,2}))?")


def _parse_time(value: str) -> _dt.time | None:
    """HHMM, HHMMSS or HHMMSSD[D] (X12 data element 337) as a time."""
    match = _TIME.fullmatch(value)
    if match is None:
        return None
    hour, minute, second, decimal = match.groups()
    try:
        micro = int(decimal.ljust(6, "0")) if decimal else 0
        return _dt.time(int(hour), int(minute), int(second or 0), micro)
    except ValueError:
        return None


@attrs.frozen(slots=True)
class Interchange:
    """The interchange header (ISA) of the envelope being read.

    Identifiers keep their X12 meaning but lose the fixed-width padding
    (``"ZZ"``, ``"SENDER"``, not ``"SENDER         "``).

    Attributes:
        sender_qualifier: ISA05, e.g. ``"ZZ"``.
        sender_id: ISA06.
        receiver_qualifier: ISA07.
        receiver_id: ISA08.
        date: ISA09 (``YYMMDD``, read as 20YY), or ``None`` when it is not a date.
        time: ISA10 (``HHMM``), or ``None`` when it is not a time.
        control_number: ISA13, as written (leading zeros kept).
        version: ISA12, e.g. ``"00501"``.
        usage_indicator: ISA15, ``"P"`` (production) or ``"T"`` (test).
        ack_requested: ISA14 is ``"1"`` (a TA1 is requested).
        delimiters: the separators the ISA declares.
        segment_index: the ISA's 1-based ordinal in the stream.
        authorization_qualifier: ISA01.
        security_qualifier: ISA03.

    Examples:
        >>> from rcm.x12 import read_segments, X12Reader
        >>> text = ("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       "
        ...         "*250102*1230*^*00501*000000042*0*T*:~IEA*0*000000042~")
        >>> reader = X12Reader(text)
        >>> first = next(iter(reader))
        >>> reader.interchange.sender_id, reader.interchange.date, reader.interchange.version
        ('SENDER', datetime.date(2025, 1, 2), '00501')
    """

    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    date: _dt.date | None
    time: _dt.time | None
    control_number: str
    version: str
    usage_indicator: str
    ack_requested: bool
    delimiters: Delimiters
    segment_index: int = 0
    authorization_qualifier: str = "00"
    security_qualifier: str = "00"

    @classmethod
    def from_segment(cls, segment: Segment) -> Interchange:
        """Build from an ISA segment (its delimiters must already be the declared ones).

        Examples:
            >>> isa = Segment("ISA", ("00", "", "00", "", "ZZ", "A", "ZZ", "B", "250102",
            ...                       "1230", "^", "00501", "000000001", "0", "P", ":"))
            >>> Interchange.from_segment(isa).control_number
            '000000001'
        """
        s = segment
        return cls(
            sender_qualifier=s[5].strip(),
            sender_id=s[6].strip(),
            receiver_qualifier=s[7].strip(),
            receiver_id=s[8].strip(),
            date=_parse_yymmdd(s[9].strip()),
            time=_parse_time(s[10].strip()),
            control_number=s[13].strip(),
            version=s[12].strip(),
            usage_indicator=s[15].strip(),
            ack_requested=s[14].strip() == "1",
            delimiters=s.delimiters,
            segment_index=s.index,
            authorization_qualifier=s[1].strip(),
            security_qualifier=s[3].strip(),
        )


@attrs.frozen(slots=True)
class FunctionalGroup:
    """The functional group header (GS) being read.

    Attributes:
        functional_id: GS01, e.g. ``"HP"`` (835), ``"HC"`` (837), ``"FA"`` (999).
        sender_code: GS02, the application sender's code.
        receiver_code: GS03, the application receiver's code.
        date: GS04 (``CCYYMMDD``; ``YYMMDD`` in versions before 004010), or ``None``
            when it is not a date.
        time: GS05 (``HHMM[SS[D..]]``), or ``None`` when it is not a time.
        control_number: GS06, as written.
        version: GS08, e.g. ``"005010X221A1"``.
        responsible_agency: GS07, ``"X"`` for ASC X12.
        segment_index: the GS's 1-based ordinal in the stream.

    Examples:
        >>> gs = Segment("GS", ("HP", "PAYER", "PROV", "20250102", "1230", "7", "X",
        ...                     "005010X221A1"))
        >>> group = FunctionalGroup.from_segment(gs)
        >>> group.functional_id, group.date, group.version
        ('HP', datetime.date(2025, 1, 2), '005010X221A1')
    """

    functional_id: str
    sender_code: str
    receiver_code: str
    date: _dt.date | None
    time: _dt.time | None
    control_number: str
    version: str
    responsible_agency: str = "X"
    segment_index: int = 0

    @classmethod
    def from_segment(cls, segment: Segment) -> FunctionalGroup:
        """Build from a GS segment.

        Examples:
            >>> FunctionalGroup.from_segment(Segment("GS", ("FA",))).functional_id
            'FA'
        """
        s = segment
        return cls(
            functional_id=s[1].strip(),
            sender_code=s[2].strip(),
            receiver_code=s[3].strip(),
            date=_parse_ccyymmdd(s[4].strip()) or _parse_yymmdd(s[4].strip()),
            time=_parse_time(s[5].strip()),
            control_number=s[6].strip(),
            version=s[8].strip(),
            responsible_agency=s[7].strip(),
            segment_index=s.index,
        )


@attrs.frozen(slots=True)
class TransactionHeader:
    """The transaction set header (ST) being read.

    Attributes:
        set_id: ST01, e.g. ``"835"``.
        control_number: ST02, as written.
        implementation: ST03 (the implementation guide, e.g. ``"005010X221A1"``),
            or the group's GS08 when ST03 is absent (004010 has no ST03).
        segment_index: the ST's 1-based ordinal in the stream.

    Examples:
        >>> st = Segment("ST", ("835", "0001"), index=3)
        >>> TransactionHeader.from_segment(st, group_version="005010X221A1")
        TransactionHeader(set_id='835', control_number='0001', implementation='005010X221A1', segment_index=3)
    """  # noqa: E501

    set_id: str
    control_number: str
    implementation: str
    segment_index: int = 0

    @classmethod
    def from_segment(cls, segment: Segment, *, group_version: str = "") -> TransactionHeader:
        """Build from an ST segment; *group_version* (GS08) fills in a missing ST03.

        Examples:
            >>> TransactionHeader.from_segment(Segment("ST", ("999", "0001", "005010X231A1")))
            TransactionHeader(set_id='999', control_number='0001', implementation='005010X231A1', segment_index=0)
        """  # noqa: E501
        s = segment
        return cls(
            set_id=s[1].strip(),
            control_number=s[2].strip(),
            implementation=s[3].strip() or group_version,
            segment_index=s.index,
        )


def _fits(width: int) -> Callable[[Any, attrs.Attribute[str], str], None]:
    def check(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str):
            raise X12SyntaxError(f"{attribute.name} must be a str, got {type(value).__name__}")
        if len(value) > width:
            raise X12SyntaxError(
                f"{attribute.name} {value!r} is longer than its {width}-character ISA field"
            )
        if not value.isascii() or not value.isprintable():
            raise X12SyntaxError(f"{attribute.name} must be printable ASCII, got {value!r}")

    return check


def _control(instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 999_999_999:
        raise X12SyntaxError(
            f"{attribute.name} must be an integer from 1 to 999999999, got {value!r}"
        )


@attrs.frozen(slots=True)
class Envelope:
    """What a writer puts in the ISA and GS headers it writes.

    Identifiers are padded to their fixed ISA widths on writing; values longer
    than the field raise :class:`rcm.errors.X12SyntaxError` at once.

    Attributes:
        sender_id: ISA06 (at most 15 characters).
        receiver_id: ISA08 (at most 15 characters).
        date: ISA09 and GS04.
        time: ISA10 and GS05 (written ``HHMM``).
        interchange_control_number: ISA13/IEA02 (1 to 999999999).
        group_control_number: GS06/GE02 (1 to 999999999).
        functional_id: GS01: ``"HP"`` for 835, ``"HC"`` for 837, ``"FA"`` for 999.
        application_sender_code: GS02 (defaults to *sender_id*).
        application_receiver_code: GS03 (defaults to *receiver_id*).
        sender_qualifier: ISA05, default ``"ZZ"`` (mutually defined).
        receiver_qualifier: ISA07, default ``"ZZ"``.
        usage_indicator: ISA15, ``"P"`` or ``"T"``.
        version: ISA12, default ``"00501"``.
        ack_requested: ISA14; ``True`` writes ``1`` (TA1 requested).

    Examples:
        >>> from datetime import date, time
        >>> env = Envelope(sender_id="PAYER", receiver_id="PROVIDER", date=date(2025, 1, 2),
        ...                time=time(12, 30), functional_id="HP")
        >>> env.application_sender_code, env.interchange_control_number
        ('PAYER', 1)
    """

    sender_id: str = attrs.field(validator=_fits(15))
    receiver_id: str = attrs.field(validator=_fits(15))
    date: _dt.date = attrs.field(validator=attrs.validators.instance_of(_dt.date))
    time: _dt.time = attrs.field(validator=attrs.validators.instance_of(_dt.time))
    functional_id: str = attrs.field(default="HP")
    interchange_control_number: int = attrs.field(default=1, validator=_control)
    group_control_number: int = attrs.field(default=1, validator=_control)
    application_sender_code: str = attrs.field(default="")
    application_receiver_code: str = attrs.field(default="")
    sender_qualifier: str = attrs.field(default="ZZ", validator=_fits(2))
    receiver_qualifier: str = attrs.field(default="ZZ", validator=_fits(2))
    usage_indicator: Literal["P", "T"] = attrs.field(
        default="P", validator=attrs.validators.in_(("P", "T"))
    )
    version: str = attrs.field(default="00501", validator=_fits(5))
    ack_requested: bool = False

    def __attrs_post_init__(self) -> None:
        if not self.application_sender_code:
            object.__setattr__(self, "application_sender_code", self.sender_id)
        if not self.application_receiver_code:
            object.__setattr__(self, "application_receiver_code", self.receiver_id)
        for name in ("functional_id", "application_sender_code", "application_receiver_code"):
            value = getattr(self, name)
            if not value or not value.isascii() or not value.isprintable():
                raise X12SyntaxError(f"{name} must be printable ASCII, got {value!r}")
        if len(self.application_sender_code) > 15 or len(self.application_receiver_code) > 15:
            raise X12SyntaxError("GS02 and GS03 application codes are at most 15 characters")

    def isa(self, delimiters: Delimiters = DEFAULT_DELIMITERS) -> Segment:
        """The ISA header segment, fixed-width, for *delimiters*.

        In a ``00401`` (or older) interchange ISA11 is the standards identifier
        ``U``; from ``00402`` on it is the repetition separator.

        Examples:
            >>> from datetime import date, time
            >>> env = Envelope(sender_id="A", receiver_id="B", date=date(2025, 1, 2),
            ...                time=time(9, 5))
            >>> len(env.isa().to_x12())
            106
        """
        if self.version < "00402":
            isa11 = "U"
        else:
            if not delimiters.repetition:
                raise X12SyntaxError(
                    f"an ISA12 {self.version} interchange needs a repetition separator in ISA11"
                )
            isa11 = delimiters.repetition
        return Segment(
            "ISA",
            (
                "00",
                " " * 10,
                "00",
                " " * 10,
                self.sender_qualifier.ljust(2),
                self.sender_id.ljust(15),
                self.receiver_qualifier.ljust(2),
                self.receiver_id.ljust(15),
                self.date.strftime("%y%m%d"),
                self.time.strftime("%H%M"),
                isa11,
                self.version,
                f"{self.interchange_control_number:09d}",
                "1" if self.ack_requested else "0",
                self.usage_indicator,
                delimiters.component,
            ),
            delimiters=delimiters,
        )

    def gs(self, implementation: str) -> Segment:
        """The GS header segment for a group whose GS08 is *implementation*.

        Examples:
            >>> from datetime import date, time
            >>> env = Envelope(sender_id="A", receiver_id="B", date=date(2025, 1, 2),
            ...                time=time(9, 5), group_control_number=7)
            >>> env.gs("005010X221A1").to_x12()
            'GS*HP*A*B*20250102*0905*7*X*005010X221A1~'
        """
        return Segment(
            "GS",
            (
                self.functional_id,
                self.application_sender_code,
                self.application_receiver_code,
                self.date.strftime("%Y%m%d"),
                self.time.strftime("%H%M"),
                str(self.group_control_number),
                "X",
                implementation,
            ),
        )
