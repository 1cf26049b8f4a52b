"""Fuzzing: mutated 835 files give a result or an RcmError, never anything else."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.errors import RcmError
from rcm.remit import check_balance, read_835, service_rows, summarize, write_835
from rcm.remit._examples import example_remittance

BASE = write_835([example_remittance()])
#: Characters that matter to an X12 reader: delimiters, digits, line breaks, letters.
ALPHABET = "*:^~\n\r 0123456789.-ABCDEFGHIJKLMNOPQRSTUVWXYZISAGSTEBPRCLPSVCCAS"


@st.composite
def mutations(draw: st.DrawFn, base: str) -> str:
    text = base
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["replace", "delete", "insert", "duplicate", "truncate"]))
        at = draw(st.integers(0, max(0, len(text) - 1)))
        if kind == "replace":
            text = text[:at] + draw(st.sampled_from(ALPHABET)) + text[at + 1 :]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            text = text[:at] + draw(st.text(ALPHABET, min_size=1, max_size=8)) + text[at:]
        elif kind == "duplicate":
            end = text.find("~", at)
            start = text.rfind("~", 0, at) + 1
            if end != -1:
                text = text[: end + 1] + text[start : end + 1] + text[end + 1 :]
        else:
            text = text[:at]
    return text


def _consume(text: str | bytes) -> None:
    with contextlib.suppress(RcmError):
        for remit in read_835(text):
            check_balance(remit)
            list(service_rows(remit))
    with contextlib.suppress(RcmError):
        summarize(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations(BASE))
def test_mutated_generated_835_only_raises_rcm_errors(text):
    _consume(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300).map(lambda b: BASE[:106].encode() + b))
def test_random_bytes_after_an_isa_only_raise_rcm_errors(data):
    _consume(data)


@pytest.mark.shared
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_real_835_only_raises_rcm_errors(corpus: Path, data):
    real = (corpus / "github-zentist-TigerShark/tests/5010-835-example-1.txt").read_text(
        encoding="utf-8"
    )
    _consume(data.draw(mutations(real)))
