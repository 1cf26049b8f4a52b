"""X12Reader: tokenizing, delimiters, line breaks, sources, envelopes and warnings."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.errors import RcmError, X12Error, X12SyntaxError
from rcm.x12 import Delimiters, Segment, X12Reader, read_segments


def isa(
    *,
    elem: str = "*",
    rep: str = "^",
    comp: str = ":",
    control: str = "000000001",
    version: str = "00501",
) -> str:
    """An ISA segment (without terminator), fixed-width."""
    fields = [
        "ISA", "00", " " * 10, "00", " " * 10, "ZZ", "SENDER".ljust(15), "ZZ",
        "RECEIVER".ljust(15), "250102", "1230", rep, version, control, "0", "T", comp,
    ]  # fmt: skip
    return elem.join(fields)


def interchange(
    body: list[list[str]] | None = None,
    *,
    elem: str = "*",
    rep: str = "^",
    comp: str = ":",
    term: str = "~",
    suffix: str = "",
    control: str = "000000001",
    set_id: str = "835",
    count_fix: dict[str, str] | None = None,
) -> str:
    """A one-group, one-transaction interchange as text with correct counts."""
    body = body if body is not None else [["BPR", "I", "100", "C"], ["CLP", "A1", "1", "100"]]
    segs = [
        ["GS", "HP", "SENDER", "RECEIVER", "20250102", "1230", "7", "X", "005010X221A1"],
        ["ST", set_id, "0001", "005010X221A1"],
        *body,
        ["SE", str(len(body) + 2), "0001"],
        ["GE", "1", "7"],
        ["IEA", "1", control],
    ]
    fixes = count_fix or {}
    lines = [isa(elem=elem, rep=rep, comp=comp, control=control)]
    for seg in segs:
        key = seg[0]
        fixed = [key, *fixes[key].split("*")] if key in fixes else seg
        lines.append(elem.join(fixed))
    return "".join(line + term + suffix for line in lines)


SIMPLE = interchange()
IDS = ["ISA", "GS", "ST", "BPR", "CLP", "SE", "GE", "IEA"]


def ids(segments: object) -> list[str]:
    return [seg.id for seg in segments]  # type: ignore[attr-defined]


def test_reads_every_segment_with_index_and_delimiters() -> None:
    reader = X12Reader(SIMPLE)
    segments = list(reader)
    assert IDS == ids(segments)
    assert list(range(1, 9)) == [seg.index for seg in segments]
    assert Delimiters() == segments[3].delimiters
    assert ("I", "100", "C") == segments[3].elements
    assert [] == reader.warnings


def test_envelope_attributes_while_iterating() -> None:
    reader = X12Reader(SIMPLE)
    seen = {}
    for seg in reader:
        seen[seg.id] = (reader.interchange, reader.group, reader.transaction)
    interchange, group, transaction = seen["CLP"]
    assert interchange is not None
    assert group is not None
    assert transaction is not None
    assert ("ZZ", "SENDER", "ZZ", "RECEIVER") == (
        interchange.sender_qualifier,
        interchange.sender_id,
        interchange.receiver_qualifier,
        interchange.receiver_id,
    )
    assert ("000000001", "00501", "T", False) == (
        interchange.control_number,
        interchange.version,
        interchange.usage_indicator,
        interchange.ack_requested,
    )
    assert "2025-01-02 12:30:00" == f"{interchange.date} {interchange.time}"
    assert ("HP", "SENDER", "RECEIVER", "7", "005010X221A1") == (
        group.functional_id,
        group.sender_code,
        group.receiver_code,
        group.control_number,
        group.version,
    )
    assert ("835", "0001", "005010X221A1", 3) == (
        transaction.set_id,
        transaction.control_number,
        transaction.implementation,
        transaction.segment_index,
    )
    # the trailer still sees the envelope it closes
    assert seen["SE"][2] == transaction
    assert seen["GS"][2] is None


def test_implementation_falls_back_to_gs08() -> None:
    text = SIMPLE.replace("ST*835*0001*005010X221A1~", "ST*835*0001~")
    reader = X12Reader(text)
    impl = {reader.transaction.implementation for seg in reader if seg.id == "CLP"}  # type: ignore[union-attr]
    assert {"005010X221A1"} == impl


@pytest.mark.parametrize("suffix", ["", "\n", "\r\n", "\r", "\n\n", " \n"])
def test_line_breaks_after_terminators(suffix: str) -> None:
    segments = list(read_segments(interchange(suffix=suffix)))
    assert IDS == ids(segments)
    assert ("I", "100", "C") == segments[3].elements


@pytest.mark.parametrize(
    ("term", "suffix"), [("\n", ""), ("\r", "\n"), ("\r", ""), ("\x1d", "\r\n")]
)
def test_newline_and_control_characters_as_terminator(term: str, suffix: str) -> None:
    segments = list(read_segments(interchange(term=term, suffix=suffix)))
    assert IDS == ids(segments)
    assert term == segments[0].delimiters.segment
    assert ("A1", "1", "100") == segments[4].elements


@pytest.mark.parametrize(
    ("elem", "comp", "rep", "term"),
    [
        ("|", "^", "}", "~"),
        ("*", "|", "^", "~"),
        ("~", "^", "U", "_"),
        ("|", ">", "!", "!"[:0] or "\n"),
        ("*", "\\", "^", "~"),
        ("\x1c", "\x1f", "\x1e", "\x1d"),
        ("*", ">", "^", "\u2026"),
    ],
)
def test_any_legal_delimiters(elem: str, comp: str, rep: str, term: str) -> None:
    body = [["SVC", f"HC{comp}99213{comp}25", "100"], ["REF", f"A{rep}B" if rep != "U" else "A"]]
    segments = list(read_segments(interchange(body, elem=elem, comp=comp, rep=rep, term=term)))
    expected_rep = "" if rep == "U" else rep
    assert Delimiters(elem, comp, expected_rep, term) == segments[0].delimiters
    svc = segments[3]
    assert ("HC", "99213", "25") == svc.composite(1)
    if expected_rep:
        assert ("A", "B") == segments[4].repeats(1)


def test_004010_isa11_u_means_no_repetition_separator() -> None:
    text = SIMPLE.replace("*^*00501*", "*U*00401*")
    seg = next(iter(read_segments(text)))
    assert "" == seg.delimiters.repetition
    assert "U" == seg[11]


def test_bom_and_leading_whitespace() -> None:
    data = ("\ufeff\r\n  " + SIMPLE).encode()
    assert IDS == ids(read_segments(data))
    assert IDS == ids(read_segments("\ufeff" + SIMPLE))


def test_lines_wrapped_inside_segments() -> None:
    wrapped = "\n".join(SIMPLE[i : i + 80] for i in range(0, len(SIMPLE), 80))
    segments = list(read_segments(wrapped))
    assert [s.elements for s in read_segments(SIMPLE)] == [s.elements for s in segments]


def test_line_break_before_terminator_after_isa16() -> None:
    # TigerShark's files put "\n~" after ISA16 and "\n~" between segments.
    text = interchange(elem="|", comp="^", term="\n~").replace("\n~", "\n~")
    segments = list(read_segments(text))
    assert "~" == segments[0].delimiters.segment
    assert IDS == ids(segments)


def test_final_iea_without_terminator() -> None:
    assert IDS == ids(read_segments(SIMPLE[:-1]))
    assert IDS == ids(read_segments(SIMPLE[:-1] + "\n"))


def test_several_interchanges_with_different_delimiters() -> None:
    first = interchange(control="000000001")
    second = interchange(elem="|", comp="^", rep="}", term="\n", control="000000002")
    third = interchange(control="000000003", suffix="\r\n")
    reader = X12Reader(first + second + third)
    controls = []
    segments = []
    for seg in reader:
        segments.append(seg)
        if seg.id == "ST":
            assert reader.interchange is not None
            controls.append(reader.interchange.control_number)
    assert IDS * 3 == ids(segments)
    assert list(range(1, 25)) == [s.index for s in segments]
    assert ["000000001", "000000002", "000000003"] == controls
    assert "|" == segments[8].delimiters.element
    assert "*" == segments[16].delimiters.element
    assert [] == reader.warnings


def test_same_delimiter_interchanges_stay_on_the_fast_path() -> None:
    text = "".join(interchange(control=f"{n:09d}", suffix="\n") for n in range(1, 51))
    reader = X12Reader(text, chunk_size=300)
    assert IDS * 50 == ids(reader)
    assert [] == reader.warnings


@settings(max_examples=60, deadline=None)
@given(chunk_size=st.integers(min_value=1, max_value=400), suffix=st.sampled_from(["", "\r\n"]))
def test_chunk_boundaries_do_not_matter(chunk_size: int, suffix: str) -> None:
    text = interchange(suffix=suffix) + interchange(elem="|", term="\n", control="000000002")
    expected = [(s.id, s.elements, s.index) for s in read_segments(text)]
    got = [(s.id, s.elements, s.index) for s in read_segments(text, chunk_size=chunk_size)]
    assert expected == got
    data = text.encode()
    got_bytes = [(s.id, s.elements, s.index) for s in read_segments(data, chunk_size=chunk_size)]
    assert expected == got_bytes


# -- sources ---------------------------------------------------------------------------


def test_sources(tmp_path: Path) -> None:
    path = tmp_path / "era.835"
    path.write_bytes(SIMPLE.encode())
    assert IDS == ids(X12Reader(path))
    assert IDS == ids(X12Reader(str(path)))
    assert IDS == ids(X12Reader(SIMPLE.encode()))
    assert IDS == ids(X12Reader(bytearray(SIMPLE.encode())))
    assert IDS == ids(X12Reader(io.BytesIO(SIMPLE.encode())))
    assert IDS == ids(X12Reader(io.StringIO(SIMPLE)))
    with path.open("rb") as handle:
        assert IDS == ids(X12Reader(handle))
        assert not handle.closed  # a file the caller opened stays open
    assert str(path) == X12Reader(path).name
    assert "<bytes>" == X12Reader(b"").name
    assert "<string>" == X12Reader(SIMPLE).name
    assert "mine" == X12Reader(SIMPLE, name="mine").name


def test_a_file_named_isa(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("ISA_2025.edi").write_text(SIMPLE)
    assert IDS == ids(X12Reader("ISA_2025.edi"))


def test_context_manager_closes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "era.835"
    path.write_text(SIMPLE)
    with X12Reader(path) as reader:
        assert "ISA" == next(iter(reader)).id
    assert [] == list(reader)  # closed: nothing more comes


def test_latin1_with_encoding() -> None:
    text = interchange([["NM1", "QC", "1", "MÜLLER"]])
    with pytest.raises(X12SyntaxError, match="not valid utf-8"):
        list(read_segments(text.encode("latin-1")))
    segments = list(read_segments(text.encode("latin-1"), encoding="latin-1"))
    assert "MÜLLER" == segments[3][3]


# -- envelope warnings --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fix", "kind", "segment_id", "element"),
    [
        ({"SE": "5*0001"}, "count", "SE", 1),
        ({"SE": "4*0002"}, "control-number", "SE", 2),
        ({"GE": "2*7"}, "count", "GE", 1),
        ({"GE": "1*8"}, "control-number", "GE", 2),
        ({"IEA": "2*000000001"}, "count", "IEA", 1),
        ({"IEA": "1*000000009"}, "control-number", "IEA", 2),
    ],
)
def test_envelope_mismatches_warn_or_raise(
    fix: dict[str, str], kind: str, segment_id: str, element: int
) -> None:
    text = interchange(count_fix=fix)
    reader = X12Reader(text, name="era.835")
    segments = list(reader)
    assert IDS == ids(segments)  # reading goes on
    assert [(kind, segment_id, element)] == [
        (w.kind, w.segment_id, w.element) for w in reader.warnings
    ]
    expected_index = IDS.index(segment_id) + 1
    assert expected_index == reader.warnings[0].segment_index
    with pytest.raises(X12SyntaxError) as info:
        list(X12Reader(text, strict=True, name="era.835"))
    err = info.value
    assert ("era.835", expected_index, segment_id, element) == (
        err.source,
        err.segment_index,
        err.segment_id,
        err.element,
    )


def test_group_control_numbers_compare_as_numbers_others_as_written() -> None:
    reader = X12Reader(interchange(count_fix={"GE": "1*0007", "IEA": "1*1", "SE": "4*1"}))
    list(reader)
    assert [("SE", 2), ("IEA", 2)] == [(w.segment_id, w.element) for w in reader.warnings]


@pytest.mark.parametrize(
    ("cut_after", "missing"),
    [("SE", ["GS", "ISA"]), ("GE", ["ISA"]), ("CLP", ["ST", "GS", "ISA"])],
)
def test_missing_trailers(cut_after: str, missing: list[str]) -> None:
    text = SIMPLE[: SIMPLE.index("~", SIMPLE.index("~" + cut_after + "*") + 1) + 1]
    reader = X12Reader(text)
    list(reader)
    assert ["missing-trailer"] * len(missing) == [w.kind for w in reader.warnings]
    assert [f"{m} at" in w.message for m, w in zip(missing, reader.warnings, strict=True)]
    with pytest.raises(X12SyntaxError, match="has no"):
        list(X12Reader(text, strict=True))


def test_segment_outside_a_transaction() -> None:
    text = SIMPLE.replace("GE*1*7~", "GE*1*7~REF*X*1~")
    reader = X12Reader(text)
    list(reader)
    assert [("unexpected-segment", "REF", 8)] == [
        (w.kind, w.segment_id, w.segment_index) for w in reader.warnings
    ]


def test_isa_not_fixed_width_warns() -> None:
    text = SIMPLE.replace("SENDER         ", "SENDER", 1)
    reader = X12Reader(text)
    assert IDS == ids(reader)
    assert [("isa-format", 6)] == [(w.kind, w.element) for w in reader.warnings]
    with pytest.raises(X12SyntaxError, match="ISA06"):
        list(X12Reader(text, strict=True))


# -- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "match", "index"),
    [
        (b"", "empty", 1),
        (b"  \r\n ", "empty", 1),
        (SIMPLE[:50].encode(), "ends inside the ISA", 1),
        (SIMPLE[:104].encode(), "ends inside the ISA", 1),
        (SIMPLE[:-40].encode(), "truncated", 5),
        (b"GS*HP*A*B~", "does not start with an ISA", 1),
        (b"\x00\x01\x02\xff\xfe\x89PNG" * 30, "UTF-16|not valid utf-8|does not start", 1),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not valid utf-8", 1),
        (SIMPLE.encode("utf-16"), "UTF-16", 1),
        (SIMPLE.replace("*", "A").encode(), "separator 'A' is a letter", 1),
        (SIMPLE.replace(":~", "::").encode(), "must all differ|separator", 1),
        (SIMPLE.replace("CLP*", "c1p*").encode(), "'c1p' is not a segment ID", 5),
        (SIMPLE.replace("~CLP", "~\x00\x01P").encode(), "not a segment ID", 5),
    ],
)
def test_bad_input_raises_with_position(data: bytes, match: str, index: int) -> None:
    with pytest.raises(X12SyntaxError, match=match) as info:
        list(X12Reader(data, name="bad.x12"))
    assert "bad.x12" == info.value.source
    assert index == info.value.segment_index
    assert "bad.x12" in str(info.value)


def test_str_that_is_neither_x12_nor_a_file() -> None:
    with pytest.raises(X12SyntaxError, match="does not start with an ISA"):
        X12Reader("ST*835*0001~\nBPR*I~")
    with pytest.raises(X12SyntaxError, match="no such file"):
        X12Reader("missing-file.835")


def test_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(X12Error, match="cannot open"):
        X12Reader(tmp_path)


def test_wrong_source_type() -> None:
    with pytest.raises(TypeError, match="source must be"):
        X12Reader(12)  # type: ignore[arg-type]


def test_errors_are_rcm_errors() -> None:
    with pytest.raises(RcmError):
        list(read_segments(b"ISA"))


def test_segment_values_are_plain() -> None:
    seg = list(read_segments(SIMPLE))[4]
    assert Segment("CLP", ("A1", "1", "100")) == seg


def test_binary_segments() -> None:
    text = interchange([["BIN", "7", "AB*C:D^"], ["BDS", "ASC", "3", "xyz"]])
    segments = list(read_segments(text))
    assert ("7", "AB*C:D^") == segments[3].elements
    assert ("ASC", "3", "xyz") == segments[4].elements
    cut = interchange([["BIN", "9", "AB~CD\nEF"]]).replace("\n", "\n")
    with pytest.raises(X12SyntaxError, match="declares 9 bytes") as info:
        list(read_segments(cut))
    assert (4, "BIN", 2) == (info.value.segment_index, info.value.segment_id, info.value.element)
    with pytest.raises(X12SyntaxError, match="not a length"):
        list(read_segments(interchange([["BIN", "x", "AB"]])))


def test_messages_do_not_quote_data() -> None:
    """A truncated NM1 or a garbled segment must not put a patient's name in the message."""
    text = interchange([["NM1", "QC", "1", "DOEJOHNATHAN", "JANE"]])
    cut = text[: text.index("JANE") + 2]
    with pytest.raises(X12SyntaxError) as info:
        list(read_segments(cut))
    assert "DOE" not in str(info.value)
    garbled = text.replace("NM1*QC*1*", "NM1-QC-1-")
    with pytest.raises(X12SyntaxError, match="not a segment ID") as info:
        list(read_segments(garbled))
    assert "JOHNATHAN" not in str(info.value)
