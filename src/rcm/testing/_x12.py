"""Strategies for X12 syntax: delimiter sets and segments.

Requires the ``rcmkit[testing]`` extra (hypothesis).
"""

from __future__ import annotations

from typing import Literal

from hypothesis import strategies as st

from rcm.x12 import (
    Ack999,
    AckCode,
    AckElementError,
    AckSegmentError,
    Delimiters,
    Segment,
    TransactionAck,
)

__all__ = ["acks_999", "delimiters", "segments"]

#: Characters trading partners use as separators (punctuation and the ASCII
#: information separators 0x1C-0x1F), plus one non-ASCII one ("…").
SEPARATOR_CHARACTERS = "*~:^|>!}`\\_'\"#$%&+,;<=?@[]{}/\x1c\x1d\x1e\x1f\x07\u2026"

#: Envelope segments, which writers produce themselves and bodies never hold.
_ENVELOPE_IDS = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE"})


def _check_strategy(name: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise TypeError(
            f"{name} takes a hypothesis strategy, got {type(value).__name__}; "
            f"wrap a fixed value in st.just({value!r})"
        )


def delimiters(
    *,
    characters: st.SearchStrategy[str] | None = None,
    suffixes: st.SearchStrategy[str] | None = None,
    line_break_terminators: bool = True,
) -> st.SearchStrategy[Delimiters]:
    r"""Sets of four distinct X12 separators that a writer can write and a reader read.

    Shrinks toward the common ``* : ^ ~`` set with no suffix.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        characters: single characters to pick separators from (default: the
            punctuation and control characters seen in real files). Letters,
            digits and spaces are refused by :class:`~rcm.x12.Delimiters`, so
            they are filtered out.
        suffixes: what follows each terminator (default ``""``, ``"\n"`` or
            ``"\r\n"``; only ``""`` when the terminator is itself a line break).
        line_break_terminators: also draw ``"\n"`` or ``"\r"`` as the segment
            terminator, as some files do.

    Raises:
        TypeError: an argument that should be a strategy is a plain value.

    Examples:
        >>> from hypothesis import given
        >>> @given(delimiters())
        ... def test_all_differ(d):
        ...     assert len({d.element, d.component, d.repetition, d.segment}) == 4
        >>> test_all_differ()
    """
    _check_strategy("characters", characters)
    _check_strategy("suffixes", suffixes)
    chars = (
        characters if characters is not None else st.sampled_from(SEPARATOR_CHARACTERS)
    ).filter(lambda c: len(c) == 1 and not c.isalnum() and c not in " \r\n")
    suffix_strategy = suffixes if suffixes is not None else st.sampled_from(["", "\n", "\r\n"])

    @st.composite
    def build(draw: st.DrawFn) -> Delimiters:
        element = draw(st.just("*") | chars)
        component = draw((st.just(":") | chars).filter(lambda c: c != element))
        pair = (element, component)
        repetition = draw((st.just("^") | chars).filter(lambda c: c not in pair))
        used = (element, component, repetition)
        terminator_options = st.just("~") | chars
        if line_break_terminators:
            terminator_options = terminator_options | st.sampled_from(["\n", "\r"])
        segment = draw(terminator_options.filter(lambda c: c not in used))
        suffix = "" if segment in "\r\n" else draw(suffix_strategy)
        return Delimiters(element, component, repetition, segment, suffix)

    return build()


def segments(
    *,
    delimiters: st.SearchStrategy[Delimiters] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    values: st.SearchStrategy[str] | None = None,
    max_elements: int = 8,
) -> st.SearchStrategy[Segment]:
    """Body segments (never ISA/GS/ST/SE/GE/IEA) whose values avoid their separators.

    Each segment carries the drawn delimiters; some elements are composites
    (joined by the component separator) or repeated (joined by the repetition
    separator). The last element is never empty, because writers drop trailing
    empty elements, so what a writer writes reads back equal.

    Shrinks toward a two-letter segment with one short element.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        delimiters: where the separators come from (default the standard set;
            use ``delimiters()`` for all kinds).
        ids: segment IDs (default: 2-3 upper-case letters and digits, starting
            with a letter, envelope IDs excluded).
        values: the text of one component (default printable ASCII; characters
            that are separators of the drawn set are removed).
        max_elements: the most elements a segment has (at least 1).

    Raises:
        TypeError: an argument that should be a strategy is a plain value.
        ValueError: *max_elements* below 1.

    Examples:
        >>> from hypothesis import given
        >>> @given(segments())
        ... def test_round_trip_text(seg):
        ...     assert seg.to_x12().startswith(seg.id)
        >>> test_round_trip_text()
    """
    _check_strategy("delimiters", delimiters)
    _check_strategy("ids", ids)
    _check_strategy("values", values)
    if isinstance(max_elements, bool) or not isinstance(max_elements, int) or max_elements < 1:
        msg = f"max_elements must be an int of at least 1, got {max_elements!r}"
        raise ValueError(msg)
    delimiter_strategy = delimiters if delimiters is not None else st.just(Delimiters())
    id_strategy = (
        ids
        if ids is not None
        else st.from_regex(r"[A-Z][A-Z0-9]{1,2}", fullmatch=True).filter(
            lambda s: s not in _ENVELOPE_IDS
        )
    )
    value_strategy = (
        values
        if values is not None
        else st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=12)
    )

    @st.composite
    def build(draw: st.DrawFn) -> Segment:
        d = draw(delimiter_strategy)
        reserved = {d.element, d.component, d.segment, "\r", "\n"}
        if d.repetition:
            reserved.add(d.repetition)

        def clean(text: str) -> str:
            return "".join(c for c in text if c not in reserved)

        def element() -> str:
            kind = draw(st.sampled_from(["simple", "composite", "repeat"]))
            if kind == "composite":
                parts = draw(st.lists(value_strategy.map(clean), min_size=2, max_size=4))
                return d.component.join(parts)
            if kind == "repeat" and d.repetition:
                parts = draw(st.lists(value_strategy.map(clean), min_size=2, max_size=3))
                return d.repetition.join(parts)
            return clean(draw(value_strategy))

        sid = draw(id_strategy)
        count = draw(st.integers(min_value=1, max_value=max_elements))
        elements = [element() for _ in range(count)]
        if not elements[-1]:
            elements[-1] = draw(st.sampled_from("ABCXYZ0123456789"))
        return Segment(sid, tuple(elements), delimiters=d)

    return build()


def acks_999(
    *,
    max_transactions: int = 5,
    set_ids: st.SearchStrategy[Literal["999", "997"]] | None = None,
) -> st.SearchStrategy[Ack999]:
    """999 (and 997) acknowledgments whose counts agree with their transaction verdicts.

    Each transaction is accepted, accepted with errors (with a segment error)
    or rejected (with a segment error); the group verdict and the
    included/received/accepted counts follow from them as AK9 requires.
    Shrinks toward one accepted transaction.

    Requires the ``rcmkit[testing]`` extra.

    A 997 (``set_id="997"``) has what :func:`rcm.x12.read_997` gives: no CTX
    contexts and no implementation references, as a 997 carries neither.

    Args:
        max_transactions: the most transaction acknowledgments in the group (1 or more).
        set_ids: which kind each acknowledgment is (default: ``"999"`` or ``"997"``).

    Raises:
        ValueError: *max_transactions* below 1, raised at once.

    Example:
        >>> from hypothesis import given
        >>> @given(acks_999())
        ... def test(ack):
        ...     assert ack.transactions_accepted <= ack.transactions_received
        >>> test()
    """
    if isinstance(max_transactions, bool) or not isinstance(max_transactions, int):
        raise TypeError("max_transactions takes an int")
    if max_transactions < 1:
        raise ValueError(f"max_transactions={max_transactions} must be at least 1")
    if set_ids is None:
        set_ids = st.sampled_from(("999", "997"))
    elif not isinstance(set_ids, st.SearchStrategy):
        raise TypeError("set_ids takes a strategy, such as st.just('997')")
    numbers = st.integers(min_value=1, max_value=999_999_999).map(str)
    segment_errors = st.builds(
        AckSegmentError,
        segment_id=st.sampled_from(("NM1", "CLM", "SV1", "DTP", "REF")),
        position=st.integers(min_value=1, max_value=9_999),
        loop=st.sampled_from(("2010BA", "2300", "2400")),
        code=st.sampled_from(("3", "5", "8")),
        elements=st.lists(
            st.builds(
                AckElementError,
                position=st.integers(min_value=1, max_value=20),
                code=st.sampled_from(("1", "2", "4", "7")),
            ),
            max_size=2,
        ).map(tuple),
    )

    @st.composite
    def transaction(draw: st.DrawFn, index: int, set_id: str) -> TransactionAck:
        status = draw(
            st.sampled_from((AckCode.ACCEPTED, AckCode.ACCEPTED_WITH_ERRORS, AckCode.REJECTED))
        )
        errors = () if status is AckCode.ACCEPTED else (draw(segment_errors),)
        return TransactionAck(
            set_id="837",
            control_number=f"{index:04d}",
            implementation="005010X222A1" if set_id == "999" else None,
            status=status,
            error_codes=() if status is not AckCode.REJECTED else ("5",),
            segment_errors=errors,
        )

    @st.composite
    def ack(draw: st.DrawFn) -> Ack999:
        set_id = draw(set_ids)
        if set_id not in ("999", "997"):
            raise ValueError(f"set_ids drew {set_id!r}: an acknowledgment is a '999' or a '997'")
        count = draw(st.integers(min_value=1, max_value=max_transactions))
        transactions = tuple(draw(transaction(i, set_id)) for i in range(1, count + 1))
        accepted = sum(t.status.is_accepted for t in transactions)
        if accepted == count:
            status = AckCode.ACCEPTED
        elif accepted == 0:
            status = AckCode.REJECTED
        else:
            status = AckCode.PARTIALLY_ACCEPTED
        return Ack999(
            control_number=draw(numbers),
            implementation="005010X231A1" if set_id == "999" else "005010X230",
            set_id=set_id,
            functional_id="HC",
            group_control_number=draw(numbers),
            version="005010X222A1",
            status=status,
            transactions_included=count,
            transactions_received=count,
            transactions_accepted=accepted,
            transactions=transactions,
        )

    return ack()
