"""Write X12: segments in, an interchange with correct envelopes out.

:class:`X12Writer` streams: it writes the ISA when it opens, each transaction
set as it comes (ST, the body, SE with its segment count), a new functional
group whenever the implementation guide (GS08) changes, and the GE/IEA
trailers with their counts when it closes. Memory stays flat however many
transactions pass through. :func:`write_interchange` is the one-call form that
returns the text.

What the writer writes, :class:`~rcm.x12.X12Reader` reads back: values that
would break that (an element holding the element separator or the segment
terminator, a line break, an envelope segment inside a body) raise
:class:`rcm.errors.X12SyntaxError` naming the segment and element.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Sequence
from types import TracebackType
from typing import IO, Final, cast

from rcm.errors import X12SyntaxError
from rcm.x12._envelope import Envelope
from rcm.x12._segment import DEFAULT_DELIMITERS, Delimiters, Segment

__all__ = ["Transaction", "X12Writer", "write_interchange"]

logger = logging.getLogger(__name__)

#: One transaction set to write: ``(set_id, implementation, body)`` or
#: ``(set_id, implementation, body, control_number)``; *body* holds the
#: segments between ST and SE.
Transaction = tuple[str, str, Iterable[Segment]] | tuple[str, str, Iterable[Segment], str]

_SEGMENT_ID: Final = re.compile(r"[A-Z][A-Z0-9]{1,2}")
_ENVELOPE_IDS: Final = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE"})
_CONTROL: Final = re.compile(r"[0-9A-Za-z]{4,9}")


class X12Writer:
    r"""Write an X12 interchange to a text or binary stream, one transaction at a time.

    Use it as a context manager: entering writes the ISA, :meth:`write` writes
    a transaction set, and leaving writes the open group's GE and the IEA. If
    the ``with`` block raises, no trailers are written (the output is then
    incomplete on purpose, so it cannot pass for a whole interchange).

    Args:
        stream: where to write: a text stream, or a binary one (UTF-8 is written).
        envelope: what goes in the ISA and GS headers.
        delimiters: the separators to write with (their ``suffix``, such as
            ``"\n"``, follows every terminator).

    Examples:
        >>> import io
        >>> from datetime import date, time
        >>> env = Envelope(sender_id="PAYER", receiver_id="PROVIDER", date=date(2025, 1, 2),
        ...                time=time(12, 30), functional_id="HP")
        >>> out = io.StringIO()
        >>> with X12Writer(out, envelope=env, delimiters=Delimiters(suffix="\n")) as writer:
        ...     writer.write("835", "005010X221A1", [Segment("BPR", ("I", "100", "C"))])
        '0001'
        >>> print(out.getvalue())
        ISA*00*          *00*          *ZZ*PAYER          *ZZ*PROVIDER       *250102*1230*^*00501*000000001*0*P*:~
        GS*HP*PAYER*PROVIDER*20250102*1230*1*X*005010X221A1~
        ST*835*0001*005010X221A1~
        BPR*I*100*C~
        SE*3*0001~
        GE*1*1~
        IEA*1*000000001~
        <BLANKLINE>
    """  # noqa: E501

    def __init__(
        self,
        stream: IO[str] | IO[bytes],
        *,
        envelope: Envelope,
        delimiters: Delimiters = DEFAULT_DELIMITERS,
    ) -> None:
        if not isinstance(cast(object, envelope), Envelope):
            msg = f"envelope must be an rcm.x12.Envelope, got {type(envelope).__name__}"
            raise TypeError(msg)
        if not isinstance(cast(object, delimiters), Delimiters):
            msg = f"delimiters must be an rcm.x12.Delimiters, got {type(delimiters).__name__}"
            raise TypeError(msg)
        for char in (delimiters.element, delimiters.segment, delimiters.component):
            if char in "\r\n" and delimiters.suffix:
                raise X12SyntaxError(
                    "a line-break separator cannot be combined with a line-break suffix"
                )
        self._stream = stream
        self._binary = isinstance(stream, io.RawIOBase | io.BufferedIOBase) or (
            "b" in getattr(stream, "mode", "")
        )
        self.envelope = envelope
        self.delimiters = delimiters
        self._end = delimiters.segment + delimiters.suffix
        self._started = False
        self._finished = False
        self._group_version: str | None = None
        self._group_number = envelope.group_control_number
        self._groups = 0
        self._sets_in_group = 0
        self._sets = 0
        self._segments = 0
        self._used_controls: set[str] = set()
        self._known_ids: set[str] = set()

    # -- output ------------------------------------------------------------------

    def _emit(self, text: str) -> None:
        if self._binary:
            cast("IO[bytes]", self._stream).write(text.encode("utf-8"))
        else:
            cast("IO[str]", self._stream).write(text)

    def _line(self, seg: Segment, where: int, element_check: bool = True) -> str:
        """One segment as text, checked so that a reader gets it back."""
        d = self.delimiters
        sid = seg.id
        if sid not in self._known_ids:
            if not isinstance(sid, str) or not _SEGMENT_ID.fullmatch(sid):
                raise X12SyntaxError(
                    f"{sid!r} is not a segment ID (2 or 3 upper-case letters or digits)",
                    segment_index=where,
                )
            self._known_ids.add(sid)
        elements: Sequence[str] = seg.elements
        if elements and elements[-1] == "":
            trimmed = list(elements)
            while trimmed and trimmed[-1] == "":
                trimmed.pop()
            elements = trimmed
        source = seg.delimiters
        if source is not d and (
            source.component != d.component or source.repetition != d.repetition
        ):
            elements = [self._translate(value, source, sid, where, n) for n, value in
                        enumerate(elements, 1)]  # fmt: skip
        line = d.element.join((sid, *elements)) if elements else sid
        if element_check and (
            line.count(d.element) != len(elements)
            or d.segment in line
            or "\r" in line
            or "\n" in line
        ):
            for n, value in enumerate(elements, 1):
                for char, what in (
                    (d.element, "element separator"),
                    (d.segment, "segment terminator"),
                    ("\r", "carriage return"),
                    ("\n", "line feed"),
                ):
                    if char in value:
                        raise X12SyntaxError(
                            f"the value holds the {what} {char!r}, which X12 cannot carry "
                            "(choose other delimiters or remove it)",
                            segment_index=where,
                            segment_id=sid,
                            element=n,
                        )
        return line + self._end

    def _translate(
        self, value: str, source: Delimiters, sid: str, where: int, position: int
    ) -> str:
        """Rewrite a value's component and repetition separators for the output."""
        d = self.delimiters
        structural = {source.component, source.repetition}
        for char in (d.component, d.repetition):
            if char and char not in structural and char in value:
                raise X12SyntaxError(
                    f"the value holds {char!r}, a separator of the output, as data",
                    segment_index=where,
                    segment_id=sid,
                    element=position,
                )
        table = {ord(source.component): d.component}
        if source.repetition:
            if not d.repetition and source.repetition in value:
                raise X12SyntaxError(
                    "the value repeats but the output has no repetition separator",
                    segment_index=where,
                    segment_id=sid,
                    element=position,
                )
            table[ord(source.repetition)] = d.repetition or source.repetition
        return value.translate(table)

    # -- envelopes ---------------------------------------------------------------

    def open(self) -> X12Writer:
        """Write the ISA header (entering the ``with`` block calls this).

        Examples:
            >>> import io
            >>> from datetime import date, time
            >>> env = Envelope(sender_id="A", receiver_id="B", date=date(2025, 1, 2),
            ...                time=time(9, 0))
            >>> out = io.StringIO()
            >>> _ = X12Writer(out, envelope=env).open()
            >>> len(out.getvalue())
            106
        """
        if not self._started:
            self._started = True
            self._segments = 1
            self._emit(self._line(self.envelope.isa(self.delimiters), 1))
        return self

    def __enter__(self) -> X12Writer:
        return self.open()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()

    def _close_group(self) -> None:
        if self._group_version is not None:
            self._segments += 1
            ge = Segment(
                "GE",
                (str(self._sets_in_group), str(self._group_number - 1)),
                delimiters=self.delimiters,
            )
            self._emit(self._line(ge, self._segments))
            self._group_version = None

    def write(
        self,
        set_id: str,
        implementation: str,
        body: Iterable[Segment],
        *,
        control_number: str | None = None,
    ) -> str:
        """Write one transaction set: ST, the *body* segments, and SE; return ST02.

        A new functional group starts when *implementation* (GS08) differs from
        the previous transaction's. ST02 numbers run ``0001``, ``0002`` ... in
        the interchange unless *control_number* is given.

        Raises:
            X12SyntaxError: a body segment that is an envelope segment, has an
                invalid ID or holds a separator as data; a control number that is
                not 4-9 letters or digits, or is used twice.

        Examples:
            >>> import io
            >>> from datetime import date, time
            >>> env = Envelope(sender_id="A", receiver_id="B", date=date(2025, 1, 2),
            ...                time=time(9, 0), functional_id="FA")
            >>> with X12Writer(io.StringIO(), envelope=env) as writer:
            ...     writer.write("999", "005010X231A1", [], control_number="1234")
            '1234'
        """
        if self._finished:
            raise X12SyntaxError("the interchange is already closed (IEA written)")
        self.open()
        if not _SEGMENT_ID.fullmatch(set_id) and not (set_id.isdigit() and len(set_id) == 3):
            raise X12SyntaxError(f"ST01 must be a 3-digit transaction set ID, got {set_id!r}")
        if not implementation or not implementation.isascii() or not implementation.isalnum():
            raise X12SyntaxError(
                f"the implementation (GS08/ST03) must be letters and digits, got {implementation!r}"
            )
        if implementation != self._group_version:
            self._close_group()
            self._segments += 1
            gs = self.envelope.gs(implementation)
            gs = Segment(
                "GS",
                (*gs.elements[:5], str(self._group_number), *gs.elements[6:]),
                delimiters=self.delimiters,
            )
            self._emit(self._line(gs, self._segments))
            self._group_number += 1
            self._groups += 1
            self._sets_in_group = 0
            self._group_version = implementation
        if control_number is None:
            control_number = f"{self._sets + 1:04d}"
        elif not isinstance(control_number, str) or not _CONTROL.fullmatch(control_number):
            raise X12SyntaxError(f"ST02 must be 4 to 9 letters or digits, got {control_number!r}")
        if control_number in self._used_controls:
            raise X12SyntaxError(f"ST02 {control_number!r} is already used in this interchange")
        self._used_controls.add(control_number)
        self._sets += 1
        self._sets_in_group += 1
        st_elements: tuple[str, ...] = (set_id, control_number)
        if self.envelope.version >= "00501":
            st_elements = (set_id, control_number, implementation)
        self._segments += 1
        start = self._segments
        parts = [self._line(Segment("ST", st_elements, delimiters=self.delimiters), start)]
        emit = self._emit
        count = 1
        for seg in body:
            if not isinstance(cast(object, seg), Segment):
                msg = f"a transaction body holds Segment values, got {type(seg).__name__}"
                raise TypeError(msg)
            if seg.id in _ENVELOPE_IDS:
                raise X12SyntaxError(
                    f"{seg.id} is an envelope segment; the writer writes those itself",
                    segment_index=start + count,
                    segment_id=seg.id,
                )
            parts.append(self._line(seg, start + count))
            count += 1
            if len(parts) >= 512:
                emit("".join(parts))
                parts.clear()
        count += 1
        se = Segment("SE", (str(count), control_number), delimiters=self.delimiters)
        parts.append(self._line(se, start + count - 1))
        emit("".join(parts))
        self._segments = start + count - 1
        return control_number

    def close(self) -> None:
        """Write the GE and IEA trailers (leaving the ``with`` block calls this).

        Closing twice does nothing more. The stream itself stays open.

        Examples:
            >>> import io
            >>> from datetime import date, time
            >>> env = Envelope(sender_id="A", receiver_id="B", date=date(2025, 1, 2),
            ...                time=time(9, 0))
            >>> out = io.StringIO()
            >>> writer = X12Writer(out, envelope=env)
            >>> writer.close()
            >>> out.getvalue()[106:]
            'IEA*0*000000001~'
        """
        if self._finished:
            return
        self.open()
        self._close_group()
        self._segments += 1
        iea = Segment(
            "IEA",
            (str(self._groups), f"{self.envelope.interchange_control_number:09d}"),
            delimiters=self.delimiters,
        )
        self._emit(self._line(iea, self._segments))
        self._finished = True
        logger.debug("wrote %d transaction sets in %d groups", self._sets, self._groups)


def write_interchange(
    transactions: Iterable[Transaction],
    *,
    envelope: Envelope,
    delimiters: Delimiters = DEFAULT_DELIMITERS,
) -> str:
    """Write *transactions* as one X12 interchange and return the text.

    Each transaction is ``(set_id, implementation, body)``, optionally with a
    fourth item, its ST02 control number; *body* holds the segments between ST
    and SE. See :class:`X12Writer` for the envelope rules.

    Examples:
        >>> from datetime import date, time
        >>> from rcm.x12 import read_segments
        >>> env = Envelope(sender_id="PAYER", receiver_id="PROVIDER", date=date(2025, 1, 2),
        ...                time=time(12, 30))
        >>> text = write_interchange(
        ...     [("835", "005010X221A1", [Segment("BPR", ("I", "100", "C"))])], envelope=env)
        >>> [seg.id for seg in read_segments(text)]
        ['ISA', 'GS', 'ST', 'BPR', 'SE', 'GE', 'IEA']
    """
    out = io.StringIO()
    with X12Writer(out, envelope=envelope, delimiters=delimiters) as writer:
        for item in transactions:
            if not isinstance(item, tuple) or len(item) not in (3, 4):
                msg = (
                    "each transaction is (set_id, implementation, body[, control_number]), "
                    f"got {type(item).__name__}"
                )
                raise TypeError(msg)
            control = item[3] if len(item) == 4 else None
            writer.write(item[0], item[1], item[2], control_number=control)
    return out.getvalue()
