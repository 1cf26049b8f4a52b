"""read_999: generated acknowledgments and the 999 files of the corpus.

The expected figures for corpus files were read off the files by hand (their
AK1/AK2/IK3/IK4/IK5/AK9 segments are quoted in the comments).
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.errors import RcmError, X12SyntaxError
from rcm.testing.strategies import acks_999
from rcm.x12 import (
    Ack999,
    AckCode,
    AckParseError,
    Envelope,
    Segment,
    read_999,
    write_interchange,
)

ENV = Envelope(
    sender_id="PAYER",
    receiver_id="PROVIDER",
    date=date(2025, 1, 2),
    time=time(12, 30),
    functional_id="FA",
)


def s(text: str) -> Segment:
    sid, *elements = text.split("*")
    return Segment(sid, tuple(elements))


def make_999(*bodies: str) -> str:
    transactions = [
        ("999", "005010X231A1", [s(line) for line in body.split("~") if line]) for body in bodies
    ]
    return write_interchange(transactions, envelope=ENV)


ACCEPTED = "AK1*HC*17*005010X222A1~AK2*837*0001*005010X222A1~IK5*A~AK9*A*1*1*1"
REJECTED = (
    "AK1*HC*17*005010X222A1~AK2*837*0001*005010X222A1~IK3*NM1*8*2010BA*8~"
    "CTX*CLM01:PCN123~IK4*9*67*7*BADID~CTX*SITUATIONAL TRIGGER*CLM*43**5:3*1325~"
    "IK4*3*66*1~IK5*R*5*I5~AK9*R*1*1*0*5"
)
PARTIAL = (
    "AK1*HC*17*005010X222A1~AK2*837*0001~IK5*A~AK2*837*0002~IK3*CLM*22**8~IK5*R*5~"
    "AK2*837*0003~IK5*E~AK9*P*3*3*2"
)


def test_accepted() -> None:
    (ack,) = read_999(make_999(ACCEPTED))
    assert (AckCode.ACCEPTED, True, False, False) == (
        ack.status,
        ack.accepted,
        ack.rejected,
        ack.partially_accepted,
    )
    assert ("HC", "17", "005010X222A1", 1, 1, 1) == (
        ack.functional_id,
        ack.group_control_number,
        ack.version,
        ack.transactions_included,
        ack.transactions_received,
        ack.transactions_accepted,
    )
    assert ("0001", "005010X231A1", "PAYER", "PROVIDER") == (
        ack.control_number,
        ack.implementation,
        ack.sender_id,
        ack.receiver_id,
    )
    assert [("837", "0001", "005010X222A1", AckCode.ACCEPTED, ())] == [
        (t.set_id, t.control_number, t.implementation, t.status, t.segment_errors)
        for t in ack.transactions
    ]


def test_rejected_with_segment_and_element_errors() -> None:
    (ack,) = read_999(make_999(REJECTED))
    assert ack.rejected
    assert ("5",) == ack.error_codes
    (transaction,) = ack.transactions
    assert (AckCode.REJECTED, ("5", "I5"), False) == (
        transaction.status,
        transaction.error_codes,
        transaction.accepted,
    )
    (error,) = transaction.segment_errors
    assert ("NM1", 8, "2010BA", "8") == (error.segment_id, error.position, error.loop, error.code)
    assert [("CLM01", "PCN123")] == [(c.name, c.reference) for c in error.contexts[0].ids]
    first, second = error.elements
    assert (9, None, "67", "7", "BADID") == (
        first.position,
        first.component_position,
        first.reference_number,
        first.code,
        first.bad_value,
    )
    (ctx,) = first.contexts
    assert ("CLM", 43, None, 5, 3, ("1325",)) == (
        ctx.segment_id,
        ctx.segment_position,
        ctx.loop,
        ctx.element_position,
        ctx.component_position,
        ctx.reference_numbers,
    )
    assert (3, "66", "1", None, ()) == (
        second.position,
        second.reference_number,
        second.code,
        second.bad_value,
        second.contexts,
    )
    assert [("0001", "NM1")] == [(t.control_number, e.segment_id) for t, e in ack.segment_errors()]
    # PHI stays out of repr: the bad value and the business-unit reference
    assert "BADID" not in repr(ack)
    assert "PCN123" not in repr(ack)


def test_partially_accepted_and_several_999s() -> None:
    acks = read_999(make_999(PARTIAL, ACCEPTED))
    assert [AckCode.PARTIALLY_ACCEPTED, AckCode.ACCEPTED] == [a.status for a in acks]
    partial = acks[0]
    assert partial.partially_accepted
    assert not partial.accepted
    assert not partial.rejected
    assert [("0001", "A", True), ("0002", "R", False), ("0003", "E", True)] == [
        (t.control_number, t.status.value, t.accepted) for t in partial.transactions
    ]
    assert (3, 3, 2) == (
        partial.transactions_included,
        partial.transactions_received,
        partial.transactions_accepted,
    )


def test_json_round_trip() -> None:
    (ack,) = read_999(make_999(REJECTED))
    again = Ack999.model_validate_json(ack.model_dump_json())
    assert ack == again
    assert "BADID" == again.transactions[0].segment_errors[0].elements[0].bad_value


@pytest.mark.parametrize(
    ("body", "match", "segment_id", "loop"),
    [
        ("AK2*837*0001~IK5*A~AK9*A*1*1*1", "starts with AK1", "AK2", None),
        ("AK1*HC*17~AK2*837*0001~AK9*A*1*1*1", "has no IK5", "AK9", "2000"),
        ("AK1*HC*17~IK3*NM1*8~AK9*A*1*1*1", "IK3 outside an AK2", "IK3", "2100"),
        ("AK1*HC*17~AK2*837*1~IK4*1*2*3~IK5*A~AK9*A*1*1*1", "IK4 outside", "IK4", "2110"),
        ("AK1*HC*17~AK2*837*0001~IK5*Q~AK9*A*1*1*1", "'Q' is not an acknowledgment", "IK5", "2000"),
        ("AK1*HC*17~AK2*837*0001~IK5*P~AK9*A*1*1*1", "'P' is not an", "IK5", "2000"),
        ("AK1*HC*17~AK9*A*1*X*1", "AK903 'X' is not a number", "AK9", None),
        ("AK1*HC*17~AK9*A*1*1", "AK904 is required", "AK9", None),
        ("AK1*HC*17~AK2*837*0001~IK3*NM1*x~IK5*R~AK9*R*1*1*0", "IK302 'x'", "IK3", "2100"),
        ("AK1*HC*17~AK2*837*0001~IK5*A", "no AK9", "IK5", None),
        ("AK1*HC*17~AK9*A*0*0*0~AK2*837*0001", "after AK9", "AK2", None),
        ("AK1*HC*17~BPR*I*1~AK9*A*0*0*0", "not a segment of a 999", "BPR", None),
        ("AK1*HC*17~CTX*X~AK9*A*0*0*0", "CTX outside", "CTX", None),
    ],
)
def test_malformed_999s(body: str, match: str, segment_id: str, loop: str | None) -> None:
    with pytest.raises(AckParseError, match=match) as info:
        read_999(make_999(body), name="ack.999")
    err = info.value
    assert ("ack.999", segment_id, loop) == (err.source, err.segment_id, err.loop)
    assert err.segment_index is not None
    assert err.segment_index > 3


def test_not_a_999() -> None:
    text = write_interchange([("835", "005010X221A1", [s("BPR*I*1")])], envelope=ENV)
    with pytest.raises(AckParseError, match="'835' is not a 999") as info:
        read_999(text)
    assert (3, "ST", 1) == (info.value.segment_index, info.value.segment_id, info.value.element)


def test_no_999_and_not_x12() -> None:
    with pytest.raises(AckParseError, match="no 999"):
        read_999(write_interchange([], envelope=ENV))
    with pytest.raises(X12SyntaxError):
        read_999(b"\x00garbage")


def test_envelope_problems_become_warnings_or_errors() -> None:
    text = make_999(ACCEPTED, ACCEPTED).replace("SE*6*0002", "SE*9*0002")
    first, second = read_999(text)
    assert () == first.warnings
    assert 1 == len(second.warnings)
    assert "SE01" in second.warnings[0]
    with pytest.raises(X12SyntaxError, match="SE01"):
        read_999(text, strict=True)


@settings(max_examples=60, deadline=None)
@given(
    codes=st.lists(st.sampled_from(["A", "E", "R", "M", "W", "X"]), min_size=1, max_size=5),
    errors=st.integers(min_value=0, max_value=3),
)
def test_generated_999s_read_back(codes: list[str], errors: int) -> None:
    lines = ["AK1*HC*99*005010X222A1"]
    for n, code in enumerate(codes, 1):
        lines.append(f"AK2*837*{n:04d}")
        for e in range(errors):
            lines.append(f"IK3*CLM*{10 + e}*2300*8")
            lines.append(f"IK4*{e + 1}:2*1028*7")
        lines.append(f"IK5*{code}")
    accepted = sum(code in "AE" for code in codes)
    group = "A" if accepted == len(codes) else "R" if accepted == 0 else "P"
    lines.append(f"AK9*{group}*{len(codes)}*{len(codes)}*{accepted}")
    (ack,) = read_999(make_999("~".join(lines)))
    assert codes == [t.status.value for t in ack.transactions]
    assert accepted == sum(t.accepted for t in ack.transactions) == ack.transactions_accepted
    assert [errors] * len(codes) == [len(t.segment_errors) for t in ack.transactions]
    assert all(
        (e.elements[0].position, e.elements[0].component_position) == (n + 1, 2)
        for t in ack.transactions
        for n, e in enumerate(t.segment_errors)
    )


# -- the corpus -------------------------------------------------------------------------

PYX12 = "github-azoner-pyx12/pyx12/tests"
IMS = "github-imsweb-x12-parser/src/test/resources/837_5010"
STAEDI = "github-xlate-staedi/src/test/resources/x12"
HEROPHILUS = "github-Project-Herophilus-Assets/Testing/TestData/samples-edi"
OOP = "github-Inteligenz-X12Parser/tests/OopFactory.X12.Tests.Unit/Parsing/_SampleEdiFiles"


@pytest.mark.shared
@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        # AK1*BE*146*005010X220A1 AK2*834*146001*005010X220A1 IK5*A AK9*A*1*1*1
        (
            f"{PYX12}/834_ls_le_ls_5010.999.txt",
            [("BE", "146", "A", (1, 1, 1), [("146001", "A", 0)])],
        ),
        # four 999s in two groups, each AK1*BE*13360001 AK2*834*0001 IK5*A AK9*A*1*1*1
        (
            f"{PYX12}/834_lui_id_5010.999.txt",
            [("BE", "13360001", "A", (1, 1, 1), [("0001", "A", 0)])] * 4,
        ),
        # AK1*HC*17456*005010X223A2 AK2*837*0001*005010X223A2 IK5*A AK9*A*1*1*1
        (f"{IMS}/x12_999_accepted.txt", [("HC", "17456", "A", (1, 1, 1), [("0001", "A", 0)])]),
        # AK1*HC*28 AK2*837*0028 IK3*NM*17**1 IK5*R*5 AK9*R*1*1*0
        (f"{IMS}/x12_999_rejected.txt", [("HC", "28", "R", (1, 1, 0), [("0028", "R", 1)])]),
        (
            f"{HEROPHILUS}/999 Sample (Rejected).txt",
            [("HC", "28", "R", (1, 1, 0), [("0028", "R", 1)])],
        ),
        # AK1*HC*28 AK2*837*0028 IK5*A AK9*A*1*1*1
        (
            f"{HEROPHILUS}/999 Sample (Accepted).txt",
            [("HC", "28", "A", (1, 1, 1), [("0028", "A", 0)])],
        ),
        # AK1*HC*17456 AK2 0001 A; 0002 R (IK3 CLM); 0003 R (IK3 REF); AK9*P*3*3*1
        (
            f"{STAEDI}/simple999.edi",
            [
                (
                    "HC",
                    "17456",
                    "P",
                    (3, 3, 1),
                    [("0001", "A", 0), ("0002", "R", 1), ("0003", "R", 1)],
                )
            ],
        ),
        (
            f"{OOP}/Acknowledgments/_999/DHS_Wisconsin_Sample.txt",
            [
                (
                    "HC",
                    "17456",
                    "P",
                    (3, 3, 1),
                    [("0001", "A", 0), ("002", "R", 1), ("0003", "R", 1)],
                )
            ],
        ),
    ],
)
def test_corpus_999s(corpus: Path, rel: str, expected: list[tuple[object, ...]]) -> None:
    acks = read_999(corpus / rel)
    got = [
        (
            a.functional_id,
            a.group_control_number,
            a.status.value,
            (a.transactions_included, a.transactions_received, a.transactions_accepted),
            [(t.control_number, t.status.value, len(t.segment_errors)) for t in a.transactions],
        )
        for a in acks
    ]
    assert expected == got


@pytest.mark.shared
def test_corpus_999_details(corpus: Path) -> None:
    (ack,) = read_999(corpus / STAEDI / "simple999.edi")
    second, third = ack.transactions[1], ack.transactions[2]
    # IK3*CLM*22**8 CTX*CLM01:123456789 IK4*2*782*1 IK5*R*5
    (clm,) = second.segment_errors
    assert ("CLM", 22, None, "8", ("5",)) == (
        clm.segment_id,
        clm.position,
        clm.loop,
        clm.code,
        second.error_codes,
    )
    assert [("CLM01", "123456789")] == [(i.name, i.reference) for i in clm.contexts[0].ids]
    assert [(2, "782", "1")] == [(e.position, e.reference_number, e.code) for e in clm.elements]
    # IK3*REF*57**3 CTX*SITUATIONAL TRIGGER^SITUATIONAL TRIGGER:2^...*CLM*43**5:3*1325
    (ref,) = third.segment_errors
    trigger, business = ref.contexts
    trig = "SITUATIONAL TRIGGER"
    assert [(trig, None), (trig, "2"), (trig, "3")] == [(i.name, i.reference) for i in trigger.ids]
    assert ("CLM", 43, 5, 3, ("1325",)) == (
        trigger.segment_id,
        trigger.segment_position,
        trigger.element_position,
        trigger.component_position,
        trigger.reference_numbers,
    )
    assert [("CLM01", "987654321")] == [(i.name, i.reference) for i in business.ids]


@pytest.mark.shared
def test_corpus_invalid_999(corpus: Path) -> None:
    # BROKEN on purpose: "IK5*A" comes before AK1
    with pytest.raises(AckParseError, match="starts with AK1") as info:
        read_999(corpus / STAEDI / "invalid999.edi")
    assert (4, "IK5") == (info.value.segment_index, info.value.segment_id)


@pytest.mark.shared
def test_every_corpus_file_reads_or_fails_cleanly(corpus: Path) -> None:
    """read_999 on every corpus file: a 999 comes back, anything else an RcmError."""
    read = 0
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.name == "MANIFEST.md":
            continue
        try:
            acks = read_999(path)
        except RcmError:
            continue
        read += 1
        assert all(isinstance(a, Ack999) for a in acks)
    assert 8 == read


@settings(max_examples=60, deadline=None)
@given(ack=acks_999())
def test_generated_acks_round_trip_as_json_and_agree_with_their_counts(ack: Ack999) -> None:
    assert ack == Ack999.model_validate_json(ack.model_dump_json())
    accepted = [t for t in ack.transactions if t.status.is_accepted]
    assert len(accepted) == ack.transactions_accepted <= ack.transactions_received
    assert ack.accepted == (len(accepted) == len(ack.transactions))
    assert all(t.segment_errors for t in ack.transactions if t.status is not AckCode.ACCEPTED)


def test_acks_999_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        acks_999(max_transactions=0)
