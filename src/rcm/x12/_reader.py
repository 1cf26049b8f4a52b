r"""Streaming X12 tokenizer: text in, :class:`~rcm.x12.Segment` values out.

The reader takes its separators from each ISA header, reads the input in
chunks (1 MiB by default), splits each chunk with ``str.split`` and builds
segments lazily, so a file of any size is read in bounded memory. It tracks the
ISA/GS/ST envelopes as it goes and checks every trailer (IEA, GE, SE) against
its header.

Line breaks: when no separator is a carriage return or line feed, every CR and
LF in the data is layout (X12's character sets have no line breaks), so the
reader drops them wherever they are: after terminators, or inside segments of
files wrapped at 80 columns. When a line break *is* the terminator, the other
line-break character is dropped (``\\r\\n`` after a ``\\r`` terminator).
"""

from __future__ import annotations

import codecs
import io
import logging
import os
import re
from collections.abc import Callable, Generator, Iterator
from inspect import GEN_RUNNING, getgeneratorstate
from types import TracebackType
from typing import IO, Final, NoReturn

import attrs

from rcm.errors import X12Error, X12SyntaxError
from rcm.x12._envelope import (
    ISA_WIDTHS,
    FunctionalGroup,
    Interchange,
    TransactionHeader,
    WarningKind,
    X12Warning,
)
from rcm.x12._segment import DEFAULT_DELIMITERS, Delimiters, Segment

__all__ = ["RawSegment", "Source", "X12Reader", "read_segments"]

logger = logging.getLogger(__name__)

#: What the readers accept: a path, X12 text, bytes, or an open file.
Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes] | IO[str]
#: The most digits a count, length or control number is read as a number from
#: (X12's N0 elements here are at most 9 digits; int() refuses past 4,300).
_MAX_DIGITS: Final = 18
#: What :meth:`rcm.x12.X12Reader.raw` yields: ``(segment_id, elements, index)``.
RawSegment = tuple[str, tuple[str, ...], int]

#: Default size of each read, in bytes (binary input) or characters (text).
CHUNK_SIZE: Final = 1 << 20

#: How much text the ISA header search may look at (a real ISA is 106 characters;
#: files wrapped at short line lengths add a few line breaks).
_HEADER_WINDOW: Final = 4096
_HEADER_LIMIT: Final = 1024
#: A segment longer than this (characters) means the terminator is wrong.
_MAX_SEGMENT: Final = 64 << 20

_ENVELOPE_IDS: Final = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE"})
#: Segments that belong to the interchange itself, between ISA and the first GS:
#: TA1 (interchange acknowledgment), ISB (grade of service), ISE (deferred delivery).
_INTERCHANGE_LEVEL: Final = frozenset({"TA1", "ISB", "ISE"})
#: Segments whose last element is binary data of a declared length.
_BINARY_IDS: Final = frozenset({"BIN", "BDS"})
_SEGMENT_ID: Final = re.compile(r"[A-Z][A-Z0-9]{1,2}")
_LINE_BREAKS: Final = "\r\n"
_LEADING_SPACE: Final = " \t\r\n\ufeff"


def _segment_maker() -> Callable[[str, tuple[str, ...], int, Delimiters], Segment]:
    """A constructor for Segment that skips attrs' frozen ``__init__`` machinery.

    Building a segment is the tokenizer's main cost. Segment is a frozen,
    slotted attrs class with no validators or converters, so setting its four
    slots directly gives the same object faster. If Segment ever gains
    validation (or other fields), the plain constructor is used instead.
    """
    fields = attrs.fields(Segment)
    plain = (
        tuple(f.name for f in fields) == ("id", "elements", "index", "delimiters")
        and all(f.validator is None and f.converter is None for f in fields)
        and not hasattr(Segment, "__attrs_post_init__")
        and "__slots__" in Segment.__dict__
    )
    if not plain:  # pragma: no cover - depends on Segment's definition
        return Segment
    set_id, set_elements, set_index, set_delimiters = (
        Segment.__dict__[f.name].__set__ for f in fields
    )
    new = object.__new__

    def make(sid: str, elements: tuple[str, ...], index: int, delimiters: Delimiters) -> Segment:
        seg: Segment = new(Segment)
        set_id(seg, sid)
        set_elements(seg, elements)
        set_index(seg, index)
        set_delimiters(seg, delimiters)
        return seg

    return make


_make_segment: Final = _segment_maker()


class _DecodeProblem(Exception):
    """Raised by the chunk source; the reader adds the segment position."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _describe(text: str, limit: int = 8) -> str:
    """Quote at most *limit* characters of *text*, so data (maybe PHI) stays out of messages."""
    shown = text[:limit]
    return repr(shown) + (f"... ({len(text)} characters)" if len(text) > limit else "")


def _decode_chunks(
    read: Callable[[int], bytes], encoding: str, chunk_size: int
) -> Generator[str, None, None]:
    """Decode a binary stream chunk by chunk (a BOM is dropped for UTF-8)."""
    codec = "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding
    decoder = codecs.getincrementaldecoder(codec)("strict")
    offset = 0
    first = True
    while True:
        data = read(chunk_size)
        if not isinstance(data, bytes | bytearray):
            raise _DecodeProblem(f"the stream returned {type(data).__name__}, not bytes")
        if first:
            first = False
            if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[1:6:2] == b"\x00\x00\x00":
                raise _DecodeProblem(
                    "the data is UTF-16 encoded; X12 files are ASCII or UTF-8 text"
                )
        final = not data
        try:
            text = decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            where = offset + exc.start
            raise _DecodeProblem(
                f"byte {where} ({data[exc.start : exc.start + 1]!r}) is not valid {encoding}: "
                "the data is not X12 text (binary or another encoding; pass encoding=)"
            ) from None
        offset += len(data)
        if text:
            yield text
        if final:
            return


def _file_chunks(
    path: str, label: str, encoding: str, chunk_size: int
) -> Generator[str, None, None]:
    """Open *path* only when reading starts; close it when the generator ends or closes."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise X12Error(f"cannot open the file: {exc.strerror}", source=label) from exc
    with handle:
        yield from _decode_chunks(handle.read, encoding, chunk_size)


def _text_chunks(text: str, chunk_size: int) -> Generator[str, None, None]:
    text = text.removeprefix("\ufeff")
    for start in range(0, len(text), chunk_size):
        yield text[start : start + chunk_size]


def _stream_chunks(stream: IO[str], chunk_size: int) -> Generator[str, None, None]:
    first = True
    while True:
        text = stream.read(chunk_size)
        if not isinstance(text, str):
            raise _DecodeProblem(f"the stream returned {type(text).__name__}, not str")
        if not text:
            return
        if first and text.startswith("\ufeff"):
            text = text[1:]
        first = False
        yield text


def _looks_like_x12(text: str) -> bool:
    return text.lstrip(_LEADING_SPACE).startswith("ISA")


class X12Reader:
    """Read X12 segments lazily from a file, bytes or text, tracking the envelopes.

    Iterating the reader yields every :class:`~rcm.x12.Segment` in order (the
    ISA, GS, ST, SE, GE and IEA included), each with ``index`` (its 1-based
    ordinal in the stream) and the ``delimiters`` of its interchange. The
    reader is single-pass: iterating it again continues where it stopped.

    While iterating, :attr:`interchange`, :attr:`group` and :attr:`transaction`
    describe the envelopes the current segment is in (a trailer still sees the
    envelope it closes). Envelope problems (control numbers or counts that do not
    match, trailers that never come, segments outside any transaction, an ISA
    that is not fixed-width) are appended to :attr:`warnings` and reading goes
    on; with ``strict=True`` they raise :class:`rcm.errors.X12SyntaxError`.
    Input that cannot be read as X12 at all (no ISA, an ISA cut short,
    separators that are letters or digits, a segment ID that is not one, data
    that ends inside a segment, bytes that are not text) always raises
    :class:`rcm.errors.X12SyntaxError`, naming the segment position.

    Args:
        source: a path (``str`` or :class:`os.PathLike`), X12 text (a ``str`` that
            starts with ``ISA`` after an optional BOM and whitespace), ``bytes``, or
            an open binary or text file.
        strict: raise instead of warning about envelope problems.
        name: the source name used in messages (default: the path, the file's
            name, ``"<bytes>"`` or ``"<string>"``).
        encoding: how to decode binary input (default UTF-8; a UTF-8 BOM is skipped).
        chunk_size: how much to read at a time (bytes or characters).

    Attributes:
        name: the source name used in messages.
        strict: whether envelope problems raise.
        warnings: the problems read past so far.
        interchange: the current :class:`~rcm.x12.Interchange` (``None`` before the first ISA).
        group: the current :class:`~rcm.x12.FunctionalGroup` (``None`` outside a GS).
        transaction: the current :class:`~rcm.x12.TransactionHeader` (``None`` outside an ST).

    Examples:
        >>> text = ("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       "
        ...         "*250102*1230*^*00501*000000001*0*P*:~"
        ...         "GS*HP*SENDER*RECEIVER*20250102*1230*1*X*005010X221A1~"
        ...         "ST*835*0001~BPR*I*100*C*ACH~SE*3*0001~GE*1*1~IEA*1*000000001~")
        >>> with X12Reader(text) as reader:
        ...     for seg in reader:
        ...         if seg.id == "BPR":
        ...             print(seg.index, seg[2], reader.transaction.set_id, reader.group.version)
        4 100 835 005010X221A1
        >>> reader.warnings
        []
    """

    def __init__(
        self,
        source: Source,
        *,
        strict: bool = False,
        name: str | None = None,
        encoding: str = "utf-8",
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
            msg = f"chunk_size must be a positive int, got {chunk_size!r}"
            raise TypeError(msg)
        self.strict = strict
        self.warnings: list[X12Warning] = []
        self.interchange: Interchange | None = None
        self.group: FunctionalGroup | None = None
        self.transaction: TransactionHeader | None = None
        self._chunks: Generator[str, None, None]
        self._iterator: Generator[RawSegment, None, None] | None = None
        self._delims = DEFAULT_DELIMITERS
        self._closed = False
        # envelope bookkeeping
        self._isa_segment: Segment | None = None
        self._gs_segment: Segment | None = None
        self._st_segment: Segment | None = None
        self._groups_in_interchange = 0
        self._sets_in_group = 0
        self._last_id = ""
        self.name = self._open(source, name, encoding, chunk_size)

    # -- opening -----------------------------------------------------------------

    def _open(self, source: Source, name: str | None, encoding: str, chunk_size: int) -> str:
        try:
            codecs.lookup(encoding)
        except LookupError:
            msg = f"unknown encoding {encoding!r}"
            raise TypeError(msg) from None
        if isinstance(source, bytes | bytearray | memoryview):
            data = memoryview(source).cast("B")
            pos = 0

            def read(size: int) -> bytes:
                nonlocal pos
                piece = bytes(data[pos : pos + size])
                pos += len(piece)
                return piece

            self._chunks = _decode_chunks(read, encoding, chunk_size)
            return name or "<bytes>"
        if (
            isinstance(source, str)
            and (_looks_like_x12(source[:_HEADER_LIMIT]) or not source)
            # a file named "ISA..." is a file: X12 text is at least 106 characters
            and not (len(source) < 106 and os.path.isfile(source))
        ):
            self._chunks = _text_chunks(source, chunk_size)
            return name or "<string>"
        if isinstance(source, str | os.PathLike):
            path = os.fspath(source)
            label = name or str(path)
            if isinstance(source, str) and ("\n" in source or len(source) > 4096):
                raise X12SyntaxError(
                    "the text does not start with an ISA segment (and is not a file name)",
                    source=name or "<string>",
                    segment_index=1,
                )
            if not os.path.exists(path):
                if isinstance(source, str):
                    raise X12SyntaxError(
                        f"no such file, and the text does not start with an ISA segment: "
                        f"{_describe(source, 40)}",
                        source=label,
                    )
                raise X12Error("cannot open the file: no such file", source=label)
            if os.path.isdir(path):
                raise X12Error("cannot open the file: it is a directory", source=label)
            self._chunks = _file_chunks(path, label, encoding, chunk_size)
            return label
        if not hasattr(source, "read"):
            msg = (
                "source must be a path, X12 text, bytes or a file object, "
                f"got {type(source).__name__}"
            )
            raise TypeError(msg)
        label = name or str(getattr(source, "name", "<stream>"))
        if isinstance(source, io.TextIOBase):
            self._chunks = _stream_chunks(source, chunk_size)
        else:
            self._chunks = self._sniff_stream(source, encoding, chunk_size)
        return label

    @staticmethod
    def _sniff_stream(
        stream: IO[bytes] | IO[str], encoding: str, size: int
    ) -> Generator[str, None, None]:
        first = stream.read(size)
        if isinstance(first, str):
            rest: Iterator[str] = _stream_chunks(stream, size)  # type: ignore[arg-type]
            first = first.removeprefix("\ufeff")
            if first:
                yield first
                yield from rest
            return
        pending: list[bytes] = [first]

        def read(n: int) -> bytes:
            if pending:
                return pending.pop()
            return stream.read(n)  # type: ignore[return-value]

        yield from _decode_chunks(read, encoding, size)

    # -- context manager and iteration --------------------------------------------

    def __enter__(self) -> X12Reader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file the reader opened itself (never a file object it was given).

        Examples:
            >>> reader = X12Reader("ISA*00*")
            >>> reader.close()
        """
        self._closed = True
        self._chunks.close()
        if self._iterator is not None and getgeneratorstate(self._iterator) != GEN_RUNNING:
            self._iterator.close()

    def __iter__(self) -> Iterator[Segment]:
        return self._wrap(self.raw())

    def raw(self) -> Iterator[RawSegment]:
        """Yield ``(segment_id, elements, index)`` tuples, not :class:`~rcm.x12.Segment` objects.

        The same segments, checks and envelope tracking as iterating the reader,
        for parsers on a hot path that do not need segment objects (an 835 or
        837 reader sees millions of segments). ``elements`` is the tuple a
        :class:`~rcm.x12.Segment` would hold; the current interchange's separators are
        ``reader.interchange.delimiters``. Iterating the reader and iterating
        ``raw()`` share one position.

        Examples:
            >>> text = ("ISA*00*          *00*          *ZZ*A              *ZZ*B              "
            ...         "*250102*1230*^*00501*000000001*0*P*:~IEA*0*000000001~")
            >>> with X12Reader(text) as reader:
            ...     [(sid, index) for sid, elements, index in reader.raw()]
            [('ISA', 1), ('IEA', 2)]
        """
        if self._iterator is None:
            if self._closed:
                return iter(())
            self._iterator = self._segments()
        return self._iterator

    def _wrap(self, raw: Iterator[RawSegment]) -> Generator[Segment, None, None]:
        make = _make_segment
        for sid, elements, index in raw:
            yield make(sid, elements, index, self._delims)

    def __repr__(self) -> str:
        return f"X12Reader(name={self.name!r}, strict={self.strict})"

    # -- problems ----------------------------------------------------------------

    def _fail(
        self,
        message: str,
        *,
        segment_index: int | None = None,
        segment_id: str | None = None,
        element: int | None = None,
    ) -> NoReturn:
        raise self._error(
            message, segment_index=segment_index, segment_id=segment_id, element=element
        )

    def _error(
        self,
        message: str,
        *,
        segment_index: int | None = None,
        segment_id: str | None = None,
        element: int | None = None,
    ) -> X12SyntaxError:
        return X12SyntaxError(
            message,
            source=self.name,
            segment_index=segment_index,
            segment_id=segment_id,
            element=element,
        )

    def _warn(
        self,
        message: str,
        kind: WarningKind,
        segment_index: int,
        segment_id: str,
        element: int | None = None,
    ) -> None:
        if self.strict:
            self._fail(message, segment_index=segment_index, segment_id=segment_id, element=element)
        warning = X12Warning(message, segment_index, segment_id, kind, element)
        logger.debug("%s: %s", self.name, warning)
        self.warnings.append(warning)

    # -- the ISA header ------------------------------------------------------------

    def _read_isa(self, text: str, index: int) -> tuple[list[str], str, int]:
        """Find the ISA's 16 elements, ISA16 and the terminator at the start of *text*.

        Returns the elements (``"ISA"`` first, CR/LF removed), the terminator and
        the offset just after it.
        """
        where = {"segment_index": index, "segment_id": "ISA"}
        if len(text) < 4:
            self._fail(
                f"the input ends inside the ISA segment ({len(text)} characters; an ISA has 106)",
                **where,  # type: ignore[arg-type]
            )
        sep = text[3]
        skip = _LINE_BREAKS.replace(sep, "")
        chars: list[str] = []
        count = 0
        i = 3
        end = min(len(text), _HEADER_LIMIT)
        while count < 16:
            if i >= end:
                if i >= len(text):
                    self._fail(
                        f"the input ends inside the ISA segment after {count} of its 16 "
                        f"elements ({len(''.join(chars)) + 3} characters; an ISA has 106)",
                        **where,  # type: ignore[arg-type]
                    )
                self._fail(
                    f"no ISA segment: {_HEADER_LIMIT} characters hold only {count} element "
                    f"separators {sep!r} (an ISA has 16)",
                    **where,  # type: ignore[arg-type]
                )
            c = text[i]
            i += 1
            if c in skip:
                continue
            if c == sep:
                count += 1
            chars.append(c)
        while i < len(text) and text[i] in skip:
            i += 1
        if i + 1 >= len(text):
            self._fail(
                "the input ends inside the ISA segment, before ISA16 and its segment terminator",
                **where,  # type: ignore[arg-type]
            )
        component = text[i]
        terminator = text[i + 1]
        stop = i + 2
        if terminator in _LINE_BREAKS:
            # A line break right after ISA16 is the terminator only if a segment
            # ID (a letter) follows it; otherwise it is layout before the real one.
            j = i + 1
            while j < len(text) and text[j] in _LINE_BREAKS:
                j += 1
            if j < len(text) and not text[j].isalpha() and not text[j].isspace():
                terminator, stop = text[j], j + 1
        elements = "".join(chars).split(sep)
        elements[16] = component
        return elements, terminator, stop

    def _delimiters(self, elements: list[str], sep: str, terminator: str, index: int) -> Delimiters:
        isa11 = elements[11]
        repetition = isa11 if len(isa11) == 1 and not isa11.isalnum() and isa11 != " " else ""
        try:
            return Delimiters(
                element=sep, component=elements[16], repetition=repetition, segment=terminator
            )
        except X12SyntaxError as exc:
            if repetition and "must all differ" in exc.message:
                # ISA11 repeats another separator: the interchange has no usable
                # repetition separator (004010 files put other values there).
                self._warn(
                    f"ISA11 {repetition!r} repeats another separator; read as no "
                    "repetition separator",
                    "isa-format",
                    index,
                    "ISA",
                    11,
                )
                return self._delimiters(
                    [*elements[:11], "U", *elements[12:]], sep, terminator, index
                )
            self._fail(f"bad ISA separators: {exc.message}", segment_index=index, segment_id="ISA")

    def _check_isa_widths(self, elements: list[str], index: int) -> None:
        for position, (value, width) in enumerate(zip(elements[1:], ISA_WIDTHS, strict=True), 1):
            if len(value) != width:
                self._warn(
                    f"ISA{position:02d} is {len(value)} characters; the ISA is fixed-width and "
                    f"ISA{position:02d} has {width}",
                    "isa-format",
                    index,
                    "ISA",
                    position,
                )
                return

    # -- envelopes -----------------------------------------------------------------

    def _close_open(self, upto: str, index: int, segment_id: str) -> None:
        """Warn about each ST, GS (and ISA when *upto* is ISA) still open."""
        if self._st_segment is not None:
            st = self._st_segment
            self._warn(
                f"transaction set ST at segment {st.index} (control number {st[2]!r}) "
                f"has no SE before this {segment_id}",
                "missing-trailer",
                index,
                segment_id,
            )
            self._st_segment = None
        if upto in ("GS", "ISA") and self._gs_segment is not None:
            gs = self._gs_segment
            self._warn(
                f"functional group GS at segment {gs.index} (control number {gs[6]!r}) "
                f"has no GE before this {segment_id}",
                "missing-trailer",
                index,
                segment_id,
            )
            self._gs_segment = None
        if upto == "ISA" and self._isa_segment is not None:
            isa = self._isa_segment
            self._warn(
                f"interchange ISA at segment {isa.index} (control number {isa[13].strip()!r}) "
                f"has no IEA before this {segment_id}",
                "missing-trailer",
                index,
                segment_id,
            )
            self._isa_segment = None

    @staticmethod
    def _same_number(a: str, b: str, *, numeric: bool) -> bool:
        a, b = a.strip(), b.strip()
        # int() refuses more than 4,300 digits; no control number has more than 9
        if numeric and a.isdigit() and b.isdigit() and max(len(a), len(b)) <= _MAX_DIGITS:
            return int(a) == int(b)
        return a == b

    def _check_count(self, seg: Segment, expected: int, what: str) -> None:
        value = seg[1].strip()
        if not value.isdigit() or len(value) > _MAX_DIGITS or int(value) != expected:
            self._warn(
                f"{seg.id}01 is {value!r} but the {what} has {expected}",
                "count",
                seg.index,
                seg.id,
                1,
            )

    def _check_control(self, seg: Segment, position: int, header: Segment, h_pos: int) -> None:
        # GS06/GE02 are numbers (N0, 1-9 digits: 0007 is 7); ISA13/IEA02 are fixed
        # 9-digit strings and ST02/SE02 identifiers (AN), compared as written.
        if not self._same_number(seg[position], header[h_pos], numeric=seg.id == "GE"):
            self._warn(
                f"{seg.id}{position:02d} control number {seg[position].strip()!r} does not "
                f"match {header.id}{h_pos:02d} {header[h_pos].strip()!r} "
                f"(segment {header.index})",
                "control-number",
                seg.index,
                seg.id,
                position,
            )

    def _start_interchange(self, seg: Segment) -> None:
        self._close_open("ISA", seg.index, "ISA")
        self._isa_segment = seg
        self._groups_in_interchange = 0
        self.interchange = Interchange.from_segment(seg)
        self.group = None
        self.transaction = None
        if self.interchange.date is None:
            self._warn(
                f"ISA09 {seg[9]!r} is not a YYMMDD date", "invalid-value", seg.index, "ISA", 9
            )

    def _on_envelope(self, seg: Segment, tx_count: int) -> bool:
        """Track one envelope segment (not ISA); return whether a transaction is open."""
        sid = seg.id
        if sid == "ST":
            if self._gs_segment is None:
                self._warn(
                    "ST outside a functional group (no GS)", "unexpected-segment", seg.index, sid
                )
            self._close_open("ST", seg.index, sid)
            self._st_segment = seg
            self._sets_in_group += 1
            version = self.group.version if self.group is not None else ""
            self.transaction = TransactionHeader.from_segment(seg, group_version=version)
            return True
        if sid == "SE":
            st = self._st_segment
            if st is None:
                self._warn("SE without an open ST", "unexpected-segment", seg.index, sid)
                return False
            self._check_count(seg, tx_count + 1, "transaction set (ST to SE)")
            self._check_control(seg, 2, st, 2)
            self._st_segment = None
            return False
        if sid == "GS":
            if self._isa_segment is None:
                self._warn(
                    "GS outside an interchange (no ISA)", "unexpected-segment", seg.index, sid
                )
            self._close_open("GS", seg.index, sid)
            self._gs_segment = seg
            self._groups_in_interchange += 1
            self._sets_in_group = 0
            self.group = FunctionalGroup.from_segment(seg)
            self.transaction = None
            if self.group.date is None:
                self._warn(
                    f"GS04 {seg[4]!r} is not a CCYYMMDD date", "invalid-value", seg.index, sid, 4
                )
            return False
        if sid == "GE":
            self._close_open("ST", seg.index, sid)
            gs = self._gs_segment
            if gs is None:
                self._warn("GE without an open GS", "unexpected-segment", seg.index, sid)
                return False
            self._check_count(seg, self._sets_in_group, "functional group (ST count)")
            self._check_control(seg, 2, gs, 6)
            self._gs_segment = None
            return False
        # IEA
        self._close_open("GS", seg.index, sid)
        isa = self._isa_segment
        if isa is None:
            self._warn("IEA without an open ISA", "unexpected-segment", seg.index, sid)
            return False
        self._check_count(seg, self._groups_in_interchange, "interchange (GS count)")
        self._check_control(seg, 2, isa, 13)
        self._isa_segment = None
        return False

    def _outside(self, seg: Segment) -> None:
        if (
            seg.id in _INTERCHANGE_LEVEL
            and self._isa_segment is not None
            and self._gs_segment is None
        ):
            return
        where = "a transaction set (ST/SE)"
        if self._isa_segment is None:
            where = "an interchange (after IEA or before ISA)"
        self._warn(f"{seg.id} segment outside {where}", "unexpected-segment", seg.index, seg.id)

    def _finish(self, index: int) -> None:
        self._close_open("ISA", index, "end of input")

    def _bad_id(
        self, piece: str, elem: str, index: int, before: list[str]
    ) -> tuple[str, tuple[str, ...]] | None:
        stripped = piece.lstrip(" \t")
        if not stripped.strip():
            return None
        parts = stripped.split(elem)
        if _SEGMENT_ID.fullmatch(parts[0]):
            if parts[0] in _BINARY_IDS:
                return parts[0], self._binary(parts, elem, index)
            return parts[0], tuple(parts[1:])
        previous = next((p for p in reversed(before) if p.strip()), None)
        last_id = previous.split(elem)[0].strip() if previous is not None else self._last_id
        after = f" after segment {index - 1} ({last_id})" if index > 1 else ""
        raise self._error(
            f"{_describe(parts[0])} is not a segment ID (2 or 3 upper-case letters or digits)"
            f"{after}; the data is not X12 with these separators",
            segment_index=index,
        )

    # -- the tokenizer -------------------------------------------------------------

    def _segments(self) -> Generator[RawSegment, None, None]:
        chunks = self._chunks
        buf = ""
        eof = False
        index = 0
        known: set[str] = set()
        make = _make_segment  # envelope segments are kept as objects for the checks
        in_tx = False
        tx_count = 0
        started = False

        def more() -> str | None:
            try:
                return next(chunks, None)
            except _DecodeProblem as exc:
                self._fail(exc.message, segment_index=index + 1)

        try:
            while True:
                # ---- header phase: an ISA declares the separators ----
                while len(buf) < _HEADER_WINDOW and not eof:
                    chunk = more()
                    if chunk is None:
                        eof = True
                    else:
                        buf += chunk
                buf = buf.lstrip(_LEADING_SPACE)
                if not buf:
                    if not started:
                        self._fail("the input is empty: no ISA segment", segment_index=1)
                    break
                if not buf.startswith("ISA"):
                    self._fail(
                        f"the data does not start with an ISA segment (it starts "
                        f"{_describe(buf)}); every X12 interchange begins with ISA",
                        segment_index=index + 1,
                    )
                started = True
                index += 1
                isa_elements, term, stop = self._read_isa(buf, index)
                delims = self._delimiters(isa_elements, buf[3], term, index)
                self._check_isa_widths(isa_elements, index)
                isa = Segment("ISA", tuple(isa_elements[1:]), index, delims)
                self._delims = delims
                self._start_interchange(isa)
                in_tx = False
                self._last_id = "ISA"
                yield "ISA", isa.elements, index
                buf = buf[stop:]
                elem = delims.element
                removals = [
                    c
                    for c in _LINE_BREAKS
                    if c not in (term, elem, delims.component, delims.repetition)
                ]
                isa_prefix = "ISA" + elem
                restart = False
                # ---- body phase: split on the terminator, chunk by chunk ----
                while True:
                    cut = buf.rfind(term)
                    if cut < 0:
                        if eof:
                            break
                        if len(buf) > _MAX_SEGMENT:
                            self._fail(
                                f"no segment terminator {term!r} in {len(buf)} characters: "
                                "the data is not X12 with these separators",
                                segment_index=index + 1,
                            )
                        chunk = more()
                        if chunk is None:
                            eof = True
                        else:
                            buf += chunk
                        continue
                    body = buf[:cut]
                    buf = buf[cut + 1 :]
                    text = body
                    for c in removals:
                        text = text.replace(c, "")
                    pieces = text.split(term)
                    for i, piece in enumerate(pieces):
                        if not piece:
                            continue
                        sid, sep, rest = piece.partition(elem)
                        elements = tuple(rest.split(elem)) if sep else ()
                        if sid not in known:
                            if sid in _BINARY_IDS:
                                elements = self._binary([sid, *elements], elem, index + 1)
                            elif _SEGMENT_ID.fullmatch(sid):
                                known.add(sid)
                            elif piece.lstrip(_LEADING_SPACE).startswith("ISA"):
                                sid = "ISA"  # with other separators: re-read it (below)
                            else:
                                fixed = self._bad_id(piece, elem, index + 1, pieces[:i])
                                if fixed is None:
                                    continue
                                sid, elements = fixed
                        index += 1
                        if sid in _ENVELOPE_IDS:
                            if sid == "ISA":
                                parts = piece.split(elem) if piece.startswith(isa_prefix) else []
                                new = self._isa_in_stream(parts, elem, term, removals, index)
                                if new is None:
                                    # different separators: re-read from this ISA's raw text
                                    pos = -1
                                    for _ in range(i):
                                        pos = body.find(term, pos + 1)
                                    buf = body[pos + 1 :] + term + buf
                                    index -= 1
                                    restart = True
                                    break
                                delims = self._delims = new
                                seg = make(sid, elements, index, delims)
                                self._start_interchange(seg)
                                in_tx = False
                            else:
                                seg = make(sid, elements, index, delims)
                                in_tx = self._on_envelope(seg, tx_count)
                                tx_count = 1
                            self._last_id = sid
                            yield sid, elements, index
                            continue
                        if in_tx:
                            tx_count += 1
                            yield sid, elements, index
                        else:
                            seg = make(sid, elements, index, delims)
                            self._last_id = sid
                            self._outside(seg)
                            yield sid, elements, index
                    if restart:
                        break
                    last = pieces[-1]
                    self._last_id = last.split(elem, 1)[0] if last else self._last_id
                if restart:
                    continue
                # ---- end of input: what is left has no terminator ----
                tail = buf
                for c in removals:
                    tail = tail.replace(c, "")
                tail = tail.strip()
                if tail.startswith("ISA"):
                    continue  # an interchange with other separators, or a cut-off ISA
                if tail:
                    parts = tail.split(elem)
                    if parts[0] != "IEA":
                        self._fail(
                            f"the input ends inside a segment ({_describe(tail, 3)}) with no "
                            f"segment terminator {term!r}: the data looks truncated",
                            segment_index=index + 1,
                            segment_id=parts[0] if _SEGMENT_ID.fullmatch(parts[0]) else None,
                        )
                    index += 1
                    seg = make("IEA", tuple(parts[1:]), index, delims)
                    self._on_envelope(seg, tx_count)
                    yield "IEA", seg.elements, index
                break
            self._finish(index + 1)
        finally:
            self.close()

    def _binary(self, parts: list[str], elem: str, index: int) -> tuple[str, ...]:
        """Check a BIN or BDS segment: its data must be as long as it says.

        Binary data may hold any character; data holding the segment terminator
        or line breaks cannot be split out of the stream this way, so it is
        refused rather than cut.
        """
        sid = parts[0]
        at = 1 if sid == "BIN" else 2  # BIN01 / BDS02 is the length
        declared = parts[at].strip() if len(parts) > at else ""
        data = elem.join(parts[at + 1 :])
        size = len(data) if data.isascii() else len(data.encode("utf-8"))
        if not declared.isdigit() or len(declared) > _MAX_DIGITS:
            self._fail(
                f"{sid}{at:02d} {declared!r} is not a length",
                segment_index=index,
                segment_id=sid,
                element=at,
            )
        if int(declared) != size:
            self._fail(
                f"{sid}{at:02d} declares {declared} bytes of binary data but {size} are there: "
                "binary data holding the segment terminator or line breaks is not supported",
                segment_index=index,
                segment_id=sid,
                element=at + 1,
            )
        return (*parts[1 : at + 1], data)

    def _isa_in_stream(
        self, parts: list[str], elem: str, term: str, removals: list[str], index: int
    ) -> Delimiters | None:
        """Read an ISA met mid-stream; ``None`` when its separators differ from the current."""
        if len(parts) != 17 or len(parts[16]) != 1:
            return None
        delims = self._delimiters(parts, elem, term, index)
        if delims.component in removals or delims.repetition in removals:
            return None
        self._check_isa_widths(parts, index)
        return delims


def read_segments(
    source: Source,
    *,
    strict: bool = False,
    name: str | None = None,
    encoding: str = "utf-8",
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Segment]:
    """Yield the segments of *source* lazily (see :class:`X12Reader` for the arguments).

    The file (when *source* is a path) is closed when the iteration ends.
    Envelope problems are only logged at DEBUG here (use :class:`X12Reader`
    to see its ``warnings``), or raised with ``strict=True``.

    Examples:
        >>> text = ("ISA*00*          *00*          *ZZ*A              *ZZ*B              "
        ...         "*250102*1230*^*00501*000000001*0*P*:~IEA*0*000000001~")
        >>> [seg.id for seg in read_segments(text)]
        ['ISA', 'IEA']
    """
    with X12Reader(
        source, strict=strict, name=name, encoding=encoding, chunk_size=chunk_size
    ) as reader:
        yield from reader
