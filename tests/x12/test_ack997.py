"""read_997: 997 functional acknowledgments, generated and from the corpus.

A 997 is read into the same Ack999 model as a 999 (AK3/AK4/AK5 in the places
of IK3/IK4/IK5). Expected figures for corpus files are counted from the files'
own segments by a plain split, independently of rcm's reader.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from rcm.errors import RcmError
from rcm.testing.strategies import acks_999
from rcm.x12 import Ack999, AckParseError, Envelope, Segment, read_997, read_999, write_interchange

ENV = Envelope(
    sender_id="PAYER",
    receiver_id="PROVIDER",
    date=date(2025, 1, 2),
    time=time(12, 30),
    functional_id="FA",
)
PYX12 = "github-azoner-pyx12-2012/test/files"
STAEDI = "github-xlate-staedi/src/test/resources/x12"


def make(set_id: str, body: str) -> str:
    segments = [Segment(sid, tuple(rest)) for sid, *rest in (x.split("*") for x in body.split("~"))]
    return write_interchange([(set_id, "005010X230", segments)], envelope=ENV)


REJECTED_997 = (
    "AK1*HC*56~AK2*837*000000001~AK3*REF*3**8~AK4*2*127*7*BADREF~AK3*CLM*23**8~"
    "AK4*5:1*1331*7*95~AK4*3*66*1~AK5*R*4*5~AK9*R*1*1*0"
)


def test_a_rejected_997_in_full() -> None:
    (ack,) = read_997(make("997", REJECTED_997))
    assert ("997", "HC", "56", "R", (1, 1, 0)) == (
        ack.set_id,
        ack.functional_id,
        ack.group_control_number,
        ack.status.value,
        (ack.transactions_included, ack.transactions_received, ack.transactions_accepted),
    )
    (transaction,) = ack.transactions
    assert ("837", "000000001", "R", ("4", "5")) == (
        transaction.set_id,
        transaction.control_number,
        transaction.status.value,
        transaction.error_codes,
    )
    ref, clm = transaction.segment_errors
    assert ("REF", 3, None, "8") == (ref.segment_id, ref.position, ref.loop, ref.code)
    assert [(2, None, "127", "7", "BADREF")] == [
        (e.position, e.component_position, e.reference_number, e.code, e.bad_value)
        for e in ref.elements
    ]
    assert [(5, 1, "1331", "7"), (3, None, "66", "1")] == [
        (e.position, e.component_position, e.reference_number, e.code) for e in clm.elements
    ]
    assert all(e.contexts == () for e in clm.elements)


def test_the_bad_value_stays_out_of_repr() -> None:
    (ack,) = read_997(make("997", REJECTED_997))
    assert "BADREF" not in repr(ack)


@pytest.mark.parametrize(
    ("body", "match", "segment_id"),
    [
        ("AK2*837*1~AK5*A~AK9*A*1*1*1", "starts with AK1", "AK2"),
        ("AK1*HC*1~AK3*NM1*8**8~AK9*R*1*1*0", "AK3 outside an AK2 loop", "AK3"),
        ("AK1*HC*1~AK2*837*1~AK4*1*66*1~AK5*R~AK9*R*1*1*0", "AK4 outside an AK3 loop", "AK4"),
        ("AK1*HC*1~AK2*837*1~AK9*R*1*1*0", "has no AK5", "AK9"),
        # a 999's segments are not a 997's
        ("AK1*HC*1~AK2*837*1~IK5*A~AK9*A*1*1*1", "IK5 is not a segment of a 997", "IK5"),
        ("AK1*HC*1~AK2*837*1~AK3*NM1*8**8~CTX*CLM01:1~AK5*R~AK9*R*1*1*0", "CTX is not", "CTX"),
        ("AK1*HC*1~AK2*837*1~AK3*NM1*X**8~AK5*R~AK9*R*1*1*0", "not a number", "AK3"),
        ("AK1*HC*1~AK2*837*1~AK3*NM1*8**8~AK4*1*66X*1~AK5*R~AK9*R*1*1*0", "reference", "AK4"),
        ("AK1*health care*1~AK9*A*0*0*0", "functional identifier", "AK1"),
        ("AK1*HC*1~AK2*837*1~AK5*Q~AK9*R*1*1*0", "not an acknowledgment code", "AK5"),
    ],
)
def test_malformed_997s(body: str, match: str, segment_id: str) -> None:
    with pytest.raises(AckParseError, match=match) as info:
        read_997(make("997", body))
    assert segment_id == info.value.segment_id
    assert info.value.segment_index is not None


def test_the_wrong_reader_says_which_to_use() -> None:
    with pytest.raises(AckParseError, match="read it with read_999"):
        read_997(make("999", "AK1*HC*1~AK9*A*0*0*0"))
    with pytest.raises(AckParseError, match="read it with read_997"):
        read_999(make("997", "AK1*HC*1~AK9*A*0*0*0"))


@settings(max_examples=60, deadline=None)
@given(
    codes=st.lists(st.sampled_from(["A", "E", "R", "M", "W", "X"]), min_size=1, max_size=5),
    errors=st.integers(min_value=0, max_value=3),
)
def test_generated_997s_read_as_the_same_999_would(codes: list[str], errors: int) -> None:
    lines = ["AK1*HC*99"]
    for n, code in enumerate(codes, 1):
        lines.append(f"AK2*837*{n:04d}")
        for e in range(errors):
            lines.append(f"AK3*CLM*{10 + e}**8")
            lines.append(f"AK4*{e + 1}:2*1028*7")
        lines.append(f"AK5*{code}")
    accepted = sum(code in "AE" for code in codes)
    group = "A" if accepted == len(codes) else "R" if accepted == 0 else "P"
    lines.append(f"AK9*{group}*{len(codes)}*{len(codes)}*{accepted}")
    body = "~".join(lines)
    as_999 = body.replace("AK3*", "IK3*").replace("AK4*", "IK4*").replace("AK5*", "IK5*")
    (ack997,) = read_997(make("997", body))
    (ack999,) = read_999(make("999", as_999))
    assert ack999.model_copy(update={"set_id": "997"}) == ack997
    assert codes == [t.status.value for t in ack997.transactions]


# -- the corpus: pyx12's expected 997 outputs (004010) and StAEDI's 997s (005010X230) --


def _counts(path: Path) -> tuple[list[str], int, int]:
    """(AK5 codes, AK3 count, AK4 count) by splitting the file's own text."""
    text = path.read_text()
    term = text[105]
    segments = [seg.strip().split(text[3]) for seg in text.split(term) if seg.strip()]
    codes = [seg[1] for seg in segments if seg[0] == "AK5"]
    return codes, sum(seg[0] == "AK3" for seg in segments), sum(seg[0] == "AK4" for seg in segments)


@pytest.mark.shared
def test_every_corpus_997_reads_with_the_counts_of_its_own_segments(corpus: Path) -> None:
    paths = [
        *sorted(corpus.glob(f"{PYX12}/*.997.base")),
        corpus / STAEDI / "simple997.edi",
        corpus / STAEDI / "simple997-multiple-interchanges.edi",
        corpus / STAEDI / "optionalInterchangeServices.edi",
    ]
    assert len(paths) >= 20
    for path in paths:
        acks = read_997(path)
        codes, ak3, ak4 = _counts(path)
        transactions = [t for a in acks for t in a.transactions]
        assert codes == [t.status.value for t in transactions], path.name
        assert ak3 == sum(len(t.segment_errors) for t in transactions), path.name
        assert ak4 == sum(len(e.elements) for t in transactions for e in t.segment_errors)
        assert all(a.set_id == "997" for a in acks)


@pytest.mark.shared
def test_a_corpus_997_in_detail(corpus: Path) -> None:
    (ack,) = read_997(corpus / PYX12 / "bad_elements.997.base")
    (transaction,) = ack.transactions
    # AK3*CLM*23**8~AK4*5:1*1331*7*95
    clm = transaction.segment_errors[-1]
    assert ("CLM", 23, "8") == (clm.segment_id, clm.position, clm.code)
    assert [(5, 1, "1331", "7")] == [
        (e.position, e.component_position, e.reference_number, e.code) for e in clm.elements
    ]
    assert ("R", ("4", "5")) == (transaction.status.value, transaction.error_codes)


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "match", "segment_index"),
    [
        # BROKEN on purpose (the manifest): each gets a clear error at the right segment
        ("invalid997.edi", "AK402 '66 NON NUMERIC'", 7),
        ("invalid997_min.edi", "AK101", 4),
        ("extraDelimiter997.edi", "AK302", 6),
        # ST*997 then SE: no AK1/AK9, which a 997 requires
        ("empty997.edi", "starts with AK1", 3),
    ],
)
def test_broken_corpus_997s_fail_clearly(
    corpus: Path, name: str, match: str, segment_index: int
) -> None:
    with pytest.raises(AckParseError, match=match) as info:
        read_997(corpus / STAEDI / name)
    assert segment_index == info.value.segment_index


@pytest.mark.shared
def test_every_corpus_file_reads_as_997_or_fails_cleanly(corpus: Path) -> None:
    read = 0
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.name == "MANIFEST.md":
            continue
        try:
            acks = read_997(path)
        except RcmError:
            continue
        read += 1
        assert all(a.set_id == "997" for a in acks)
    assert 22 == read


# -- generated acknowledgments of both kinds, written as X12 and read back ---------------


def _as_x12(ack: Ack999) -> str:
    """The acknowledgment's segments, spelled the way its kind spells them."""
    names = {"IK3": "AK3", "IK4": "AK4", "IK5": "AK5"} if ack.set_id == "997" else {}
    lines = [f"AK1*{ack.functional_id}*{ack.group_control_number}*{ack.version or ''}"]
    for transaction in ack.transactions:
        lines.append(
            f"AK2*{transaction.set_id}*{transaction.control_number}*"
            f"{transaction.implementation or ''}"
        )
        for error in transaction.segment_errors:
            lines.append(
                f"{names.get('IK3', 'IK3')}*{error.segment_id}*{error.position}*"
                f"{error.loop or ''}*{error.code or ''}"
            )
            for element in error.elements:
                position = ":".join(
                    str(p)
                    for p in (
                        element.position,
                        element.component_position,
                        element.repetition_position,
                    )
                    if p is not None
                )
                lines.append(
                    f"{names.get('IK4', 'IK4')}*{position}*{element.reference_number or ''}*"
                    f"{element.code}*{element.bad_value or ''}"
                )
        lines.append("*".join([names.get("IK5", "IK5"), transaction.status.value,
                               *transaction.error_codes]))  # fmt: skip
    lines.append(
        "*".join(
            [
                "AK9",
                ack.status.value,
                str(ack.transactions_included),
                str(ack.transactions_received),
                str(ack.transactions_accepted),
                *ack.error_codes,
            ]
        )
    )
    segments = [
        Segment(sid, tuple(rest)) for sid, *rest in (line.rstrip("*").split("*") for line in lines)
    ]
    return write_interchange([(ack.set_id, ack.implementation or "", segments)], envelope=ENV)


@settings(max_examples=60, deadline=None)
@given(ack=acks_999())
def test_generated_acks_of_both_kinds_read_back_equal(ack: Ack999) -> None:
    reader = read_997 if ack.set_id == "997" else read_999
    (back,) = reader(_as_x12(ack))
    # the envelope supplies the ST02 control number and who sent it
    expected = ack.model_copy(
        update={"control_number": back.control_number, "sender_id": "PAYER",
                "receiver_id": "PROVIDER"}
    )  # fmt: skip
    assert expected == back


def test_the_strategy_makes_both_kinds_and_refuses_bad_arguments() -> None:
    for kind in ("999", "997"):
        assert kind == find(acks_999(), lambda ack, kind=kind: ack.set_id == kind).set_id
    with pytest.raises(TypeError, match="strategy"):
        acks_999(set_ids="997")  # type: ignore[arg-type]

    @given(acks_999(set_ids=st.just("998")))  # type: ignore[arg-type]
    def draws_a_bad_kind(ack: Ack999) -> None:
        pass

    with pytest.raises(ValueError, match="'999' or a '997'"):
        draws_a_bad_kind()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x01garbage\xff" * 10,
        make("997", REJECTED_997)[:150],  # truncated inside the 997
        make("997", REJECTED_997).replace("*", "|").replace("~", "\n", 3),  # wrong delimiters
        make("997", REJECTED_997).replace("AK3*REF*3", "AK3*REF*" + "9" * 100_000, 1),  # huge
    ],
    ids=["empty", "garbage", "truncated", "wrong-delimiters", "huge-element"],
)
def test_bad_input_gives_a_clear_rcm_error(text: str) -> None:
    with pytest.raises(RcmError) as info:
        read_997(text)
    assert str(info.value)
