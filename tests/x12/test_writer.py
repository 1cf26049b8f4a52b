"""X12Writer and write_interchange: envelopes, counts, control numbers, round trips."""

from __future__ import annotations

import io
from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.errors import X12SyntaxError
from rcm.testing._x12 import delimiters, segments
from rcm.x12 import (
    DEFAULT_DELIMITERS,
    Delimiters,
    Envelope,
    Segment,
    X12Reader,
    X12Writer,
    read_segments,
    write_interchange,
)

ENV = Envelope(
    sender_id="PAYER",
    receiver_id="PROVIDER",
    date=date(2025, 1, 2),
    time=time(12, 30),
    interchange_control_number=42,
    group_control_number=7,
    functional_id="HP",
    usage_indicator="T",
)
BODY = [Segment("BPR", ("I", "100", "C")), Segment("CLP", ("A1", "1", "100", "80"))]


def test_write_and_read_back_envelopes() -> None:
    text = write_interchange(
        [("835", "005010X221A1", BODY), ("835", "005010X221A1", BODY[:1])], envelope=ENV
    )
    reader = X12Reader(text)
    segs = list(reader)
    assert [] == reader.warnings
    assert ["ISA", "GS", "ST", "BPR", "CLP", "SE", "ST", "BPR", "SE", "GE", "IEA"] == [
        s.id for s in segs
    ]
    assert ("4", "0001") == (segs[5][1], segs[5][2])
    assert ("3", "0002") == (segs[8][1], segs[8][2])
    assert ("2", "7") == (segs[9][1], segs[9][2])
    assert ("1", "000000042") == (segs[10][1], segs[10][2])
    assert reader.interchange is not None
    assert ("PAYER", "PROVIDER", "T", "00501") == (
        reader.interchange.sender_id,
        reader.interchange.receiver_id,
        reader.interchange.usage_indicator,
        reader.interchange.version,
    )
    assert len(segs[0].to_x12()) == 106


def test_new_group_when_the_implementation_changes() -> None:
    text = write_interchange(
        [
            ("837", "005010X222A1", BODY[:1]),
            ("837", "005010X223A2", BODY[:1]),
            ("837", "005010X223A2", BODY[:1]),
        ],
        envelope=ENV,
    )
    segs = list(read_segments(text, strict=True))
    groups = [(s[6], s[8]) for s in segs if s.id == "GS"]
    assert [("7", "005010X222A1"), ("8", "005010X223A2")] == groups
    assert [("1", "7"), ("2", "8")] == [(s[1], s[2]) for s in segs if s.id == "GE"]
    assert "2" == segs[-1][1]


def test_given_control_numbers_and_004010() -> None:
    env = Envelope(
        sender_id="A", receiver_id="B", date=date(2003, 1, 2), time=time(9, 0), version="00401"
    )
    text = write_interchange(
        [("835", "004010X091A1", BODY, "123456"), ("835", "004010X091A1", BODY)], envelope=env
    )
    segs = list(read_segments(text, strict=True))
    assert "U" == segs[0][11]
    assert "" == segs[0].delimiters.repetition
    assert [("835", "123456"), ("835", "0002")] == [(s[1], s[2]) for s in segs if s.id == "ST"]
    assert "" == segs[2][3]  # no ST03 before 005010


def test_composites_are_rewritten_for_other_delimiters() -> None:
    out = Delimiters(element="|", component=">", repetition="}", segment="\n")
    svc = Segment("SVC", ("HC:99213:25", "A^B"))
    text = write_interchange([("835", "005010X221A1", [svc])], envelope=ENV, delimiters=out)
    assert "SVC|HC>99213>25|A}B\n" in text
    read = next(s for s in read_segments(text) if s.id == "SVC")
    assert ("HC", "99213", "25") == read.composite(1)
    assert ("A", "B") == read.repeats(2)


def test_binary_stream_and_streaming_writes() -> None:
    out = io.BytesIO()
    with X12Writer(out, envelope=ENV) as writer:
        for _ in range(1000):
            writer.write("835", "005010X221A1", iter(BODY))
    reader = X12Reader(out.getvalue(), strict=True)
    assert 1000 * 4 + 4 == sum(1 for _ in reader)


def test_no_trailers_after_an_error() -> None:
    out = io.StringIO()
    writer = X12Writer(out, envelope=ENV)
    writer.__enter__()
    writer.write("835", "005010X221A1", BODY)
    writer.__exit__(RuntimeError, RuntimeError(), None)
    assert "SE*4*0001~" in out.getvalue()
    assert "IEA" not in out.getvalue()


@pytest.mark.parametrize(
    ("segment", "match", "element"),
    [
        (Segment("NM1", ("QC", "1", "DOE*JOHN")), "element separator", 3),
        (Segment("NM1", ("QC", "1", "DOE~")), "segment terminator", 3),
        (Segment("NM1", ("QC", "1", "DOE\nX")), "line feed", 3),
        (Segment("SE", ("1", "0001")), "envelope segment", None),
        (Segment("nm1", ("QC",)), "not a segment ID", None),
    ],
)
def test_values_that_cannot_be_written(segment: Segment, match: str, element: int | None) -> None:
    with pytest.raises(X12SyntaxError, match=match) as info:
        write_interchange([("835", "005010X221A1", [BODY[0], segment])], envelope=ENV)
    assert 5 == info.value.segment_index  # ISA, GS, ST, BPR, then this one
    assert element == info.value.element


def test_bad_arguments() -> None:
    with pytest.raises(X12SyntaxError, match="ST02"):
        write_interchange([("835", "X", BODY, "12")], envelope=ENV)
    with pytest.raises(X12SyntaxError, match="already used"):
        write_interchange([("835", "X", BODY, "1234"), ("835", "X", BODY, "1234")], envelope=ENV)
    with pytest.raises(X12SyntaxError, match="ST01"):
        write_interchange([("83", "X", BODY)], envelope=ENV)
    with pytest.raises(TypeError, match="each transaction"):
        write_interchange([["835", "X", BODY]], envelope=ENV)  # type: ignore[list-item]
    with pytest.raises(TypeError, match="Segment"):
        write_interchange([("835", "X", ["BPR*I"])], envelope=ENV)  # type: ignore[list-item]
    with pytest.raises(X12SyntaxError, match="longer than"):
        Envelope(sender_id="X" * 16, receiver_id="B", date=date(2025, 1, 1), time=time(0, 0))
    with pytest.raises(X12SyntaxError, match="1 to 999999999"):
        Envelope(
            sender_id="A",
            receiver_id="B",
            date=date(2025, 1, 1),
            time=time(0, 0),
            interchange_control_number=0,
        )
    out = io.StringIO()
    writer = X12Writer(out, envelope=ENV)
    writer.close()
    writer.close()
    assert 1 == out.getvalue().count("IEA")
    with pytest.raises(X12SyntaxError, match="already closed"):
        writer.write("835", "X", BODY)


def _structure(seg: Segment) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Elements as repetitions of components, whatever the separators."""
    return tuple(
        tuple(tuple(rep.split(seg.delimiters.component)) for rep in seg.repeats(position))
        for position in range(1, len(seg) + 1)
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_round_trip(data: st.DataObject) -> None:
    d = data.draw(delimiters(), label="delimiters")
    # segments built with the output's separators come back equal, element for element
    own = data.draw(st.lists(segments(delimiters=st.just(d)), max_size=6), label="own")
    # segments built with the standard ones come back with the same structure
    taken = {d.element, d.component, d.repetition, d.segment, *DEFAULT_DELIMITERS.element}
    safe = st.text(st.characters(min_codepoint=32, max_codepoint=126, exclude_characters=taken))
    other = data.draw(st.lists(segments(values=safe), max_size=6), label="standard")
    transactions = [("835", "005010X221A1", own), ("837", "005010X222A1", other)]
    text = write_interchange(transactions, envelope=ENV, delimiters=d)
    chunk_size = data.draw(st.integers(min_value=64, max_value=5000), label="chunk_size")
    reader = X12Reader(text, strict=True, chunk_size=chunk_size)
    read = [s for s in reader if s.id not in {"ISA", "GS", "ST", "SE", "GE", "IEA"}]
    assert [(s.id, s.elements) for s in own] == [(s.id, s.elements) for s in read[: len(own)]]
    assert [(s.id, _structure(s)) for s in other] == [
        (s.id, _structure(s)) for s in read[len(own) :]
    ]
    plain = Delimiters(d.element, d.component, d.repetition, d.segment)
    assert all(s.delimiters == plain for s in read)
    assert [] == reader.warnings


@settings(max_examples=100, deadline=None)
@given(
    sets=st.lists(
        st.tuples(delimiters(), st.lists(segments(max_elements=3), max_size=3)),
        min_size=1,
        max_size=4,
    ),
    chunk_size=st.integers(min_value=8, max_value=2000),
)
def test_concatenated_interchanges_round_trip(
    sets: list[tuple[Delimiters, list[Segment]]], chunk_size: int
) -> None:
    """Several interchanges, each with its own separators, in one stream."""
    texts = []
    for n, (d, body) in enumerate(sets, 1):
        env = Envelope(
            sender_id="A", receiver_id="B", date=date(2025, 1, 2), time=time(1, 2),
            interchange_control_number=n,
        )  # fmt: skip
        safe = [seg for seg in body if _writable(seg, d)]
        texts.append(write_interchange([("835", "005010X221A1", safe)], envelope=env, delimiters=d))
    reader = X12Reader("".join(texts), strict=True, chunk_size=chunk_size)
    controls = [reader.interchange.control_number for seg in reader if seg.id == "ISA"]  # type: ignore[union-attr]
    assert [f"{n:09d}" for n in range(1, len(sets) + 1)] == controls
    assert [] == reader.warnings


def _writable(seg: Segment, d: Delimiters) -> bool:
    taken = {d.element, d.component, d.repetition, d.segment}
    return not any(c in taken for value in seg.elements for c in value if c not in ":^")


def test_default_delimiters_are_standard() -> None:
    assert Delimiters() == DEFAULT_DELIMITERS
