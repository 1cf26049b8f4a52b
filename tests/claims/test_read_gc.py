"""read_837 pauses the garbage collector only while it reads, never while the caller runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest

from rcm.claims import Receiver, Submitter, read_837, write_837p
from rcm.claims.examples import professional_claim
from rcm.errors import RcmError
from rcm.x12 import Envelope

ENV = Envelope(sender_id="CLINIC", receiver_id="ACME", date=date(2025, 3, 4), time=time(9, 30))


def _text(count: int) -> str:
    claim = professional_claim()
    claims = [claim.model_copy(update={"claim_id": f"GC{n}"}) for n in range(count)]
    return write_837p(
        claims,
        envelope=ENV,
        submitter=Submitter(name="CLINIC", id="C1", phone="2175550100"),
        receiver=Receiver(name="ACME", id="60054"),
    )


def test_the_collector_is_on_whenever_the_caller_runs() -> None:
    assert gc.isenabled()
    seen = [gc.isenabled() for _ in read_837(_text(5))]
    assert [True] * 5 == seen
    assert gc.isenabled()


def test_a_caller_who_turned_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    try:
        seen = [gc.isenabled() for _ in read_837(_text(3))]
        assert [False] * 3 == seen
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_stopping_early_closes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "claims.837"
    path.write_text(_text(3))
    claims: Iterator[object] = read_837(path)
    next(claims)
    claims.close()  # type: ignore[attr-defined]
    assert gc.isenabled()
    path.unlink()  # the reader let go of the file (Windows would refuse otherwise)


def test_an_error_mid_file_leaves_the_collector_on() -> None:
    text = _text(2).replace("CLM*GC1*", "CLM*GC1*NOTANAMOUNT*", 1)
    claims = read_837(text)
    next(claims)
    with pytest.raises(RcmError):
        next(claims)
    assert gc.isenabled()
