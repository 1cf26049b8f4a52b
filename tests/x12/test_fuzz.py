"""Fuzzing: mutated X12 (real corpus files and generated ones) raises only RcmError."""

from __future__ import annotations

import contextlib
import os
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.errors import RcmError
from rcm.testing._x12 import delimiters, segments
from rcm.x12 import Envelope, X12Reader, read_999, write_interchange

_SHARED = Path(os.environ.get("RCM_SHARED", str(Path(__file__).resolve().parents[3] / "shared")))
_CORPUS = _SHARED / "corpus" / "x12"

#: A spread of real files: 835s, 837s, 999s, odd delimiters, BOMs, CR terminators.
_PICKS = [
    "github-LinuxForHealth-x12/demo-file/demo.835",
    "github-LinuxForHealth-x12/demo-file/demo.837",
    "github-xlate-staedi/src/test/resources/x12/simple999.edi",
    "github-xlate-staedi/src/test/resources/x12/simple_with_binary_segment.edi",
    "github-xlate-staedi/src/test/resources/x12/issue128/ts210_80char.edi",
    "github-xlate-staedi/src/test/resources/x12/sample837-small.edi",
    "github-slott56-TigerShark/tests/835-example.txt",
    "github-zentist-TigerShark/tests/5010-835-example-1.txt",
    (
        "github-Kartik-Hirijaganer-X12-Parser-Encoder/packages/x12-edi-tools/tests/fixtures/"
        "270_custom_delimiters.x12"
    ),
    (
        "github-Inteligenz-X12Parser/tests/OopFactory.X12.Tests.Unit/Parsing/_SampleEdiFiles/"
        "INS/_837P/_5010/ST1309-XX.txt"
    ),
    (
        "github-Inteligenz-X12Parser/tests/OopFactory.X12.Tests.Unit/Parsing/_SampleEdiFiles/"
        "INS/_270/_5010/Example1_IG_0x1D.txt"
    ),
    "github-affect-therapeutics-edi-835-parser/tests/test_edi_835_files/nevada_medicaid.txt",
]
CORPUS_FILES = [(_CORPUS / rel).read_bytes() for rel in _PICKS if (_CORPUS / rel).is_file()]

ENV = Envelope(sender_id="S", receiver_id="R", date=date(2025, 1, 2), time=time(1, 2))


@st.composite
def generated(draw: st.DrawFn) -> bytes:
    d = draw(delimiters())
    body = draw(st.lists(segments(delimiters=st.just(d), max_elements=4), max_size=5))
    return write_interchange([("835", "005010X221A1", body)], envelope=ENV, delimiters=d).encode()


_BYTES = st.sampled_from([*list(b"*~:^|>\r\n \x00\xff\xe2ISAGEST0123456789"), 29])


@st.composite
def mutated(draw: st.DrawFn, originals: st.SearchStrategy[bytes]) -> bytes:
    data = bytearray(draw(originals))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate"]))
        if not data:
            break
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        if kind == "flip":
            data[at] = draw(_BYTES)
        elif kind == "insert":
            data[at:at] = bytes(draw(st.lists(_BYTES, min_size=1, max_size=4)))
        elif kind == "delete":
            del data[at : at + draw(st.integers(min_value=1, max_value=8))]
        elif kind == "truncate":
            del data[at:]
        else:
            data[at:at] = data[at : at + draw(st.integers(min_value=1, max_value=40))]
    return bytes(data)


def _read(data: bytes, *, strict: bool, chunk_size: int) -> list[int]:
    return [seg.index for seg in X12Reader(data, strict=strict, chunk_size=chunk_size)]


def _only_rcm_errors(data: bytes, chunk_size: int) -> None:
    """Reading *data* either works or raises an RcmError; nothing else escapes."""
    lenient: list[int] | None = None
    with contextlib.suppress(RcmError):
        lenient = _read(data, strict=False, chunk_size=chunk_size)
    if lenient is not None:
        assert list(range(1, len(lenient) + 1)) == lenient
    with contextlib.suppress(RcmError):
        strict = _read(data, strict=True, chunk_size=chunk_size)
        assert lenient == strict  # what strict mode accepts, lenient mode reads the same
    with contextlib.suppress(RcmError):
        read_999(data)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated(generated()), chunk_size=st.sampled_from([7, 64, 1 << 20]))
def test_mutated_generated_files(data: bytes, chunk_size: int) -> None:
    _only_rcm_errors(data, chunk_size)


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS_FILES, reason="X12 corpus not available")
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated(st.sampled_from(CORPUS_FILES or [b""])), chunk_size=st.sampled_from([5, 300]))
def test_mutated_corpus_files(data: bytes, chunk_size: int) -> None:
    _only_rcm_errors(data, chunk_size)


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    _only_rcm_errors(b"ISA" + data, 64)
    _only_rcm_errors(data, 64)


def test_a_huge_number_in_every_envelope_element_gives_an_rcm_error_or_a_warning() -> None:
    # int() refuses more than 4,300 digits with a bare ValueError: every element
    # the envelope layer reads as a number must be checked for length first.
    from rcm.remit import read_835, write_835
    from rcm.remit._examples import example_remittance

    text = write_835([example_remittance()])
    pieces = text.split("~")
    tried = 0
    for position, piece in enumerate(pieces):
        sid, *elements = piece.split("*")
        if sid not in {"GS", "ST", "SE", "GE", "IEA"}:
            continue
        for element in range(len(elements)):
            mutated = list(elements)
            mutated[element] = "9" * 100_000
            changed = [*pieces[:position], "*".join([sid, *mutated]), *pieces[position + 1 :]]
            with contextlib.suppress(RcmError):
                with X12Reader("~".join(changed)) as reader:
                    for _ in reader:
                        pass
                list(read_835("~".join(changed)))
            tried += 1
    assert tried >= 15  # GS, ST, SE, GE and IEA elements
