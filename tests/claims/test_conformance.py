"""rcm's 837s pass pyx12's 005010 validation (X222A1 and X223A2 maps).

pyx12 is a test-only dependency: the test skips when it is not installed.
Each example is one file holding many generated claims (both kinds, with
secondary claims carrying COB loops, and replacement and void claims), so
a few files cover hundreds of claims.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time

import pytest
from hypothesis import HealthCheck, given, settings

from rcm.claims import Claim, ClaimKind, Receiver, Submitter, write_837
from rcm.claims.examples import institutional_claim, professional_claim
from rcm.testing._claims import claims
from rcm.x12 import Delimiters, Envelope

pyx12_document = pytest.importorskip("pyx12.x12n_document")
pyx12_params = pytest.importorskip("pyx12.params")

ENVELOPE = Envelope(sender_id="CLINIC", receiver_id="ACME", date=date(2025, 3, 4), time=time(9, 30))
SUBMITTER = Submitter(name="CLINIC", id="C1", contact_name="EDI DESK", phone="2175550100")
RECEIVER = Receiver(name="ACME", id="60054")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage())


@contextmanager
def _pyx12_log() -> Iterator[_Collect]:
    logger = logging.getLogger("pyx12")
    handler = _Collect()
    old = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old[0])
        logger.propagate = old[1]


def pyx12_errors(text: str) -> list[str]:
    """pyx12's complaints about *text* (empty when it accepts the file)."""
    ack = io.StringIO()
    with _pyx12_log() as log:
        ok = pyx12_document.x12n_document(
            param=pyx12_params.params(),
            src_file=io.StringIO(text),
            fd_997=ack,
            fd_html=None,
        )
    problems = list(log.messages)
    if not ok and not problems:
        problems.append("pyx12 rejected the file:\n" + ack.getvalue())
    return problems


def write(batch: list[Claim], kind: ClaimKind) -> str:
    return write_837(
        batch,
        kind=kind,
        submitter=SUBMITTER,
        receiver=RECEIVER,
        envelope=ENVELOPE,
        delimiters=Delimiters(suffix="\n"),
    )


def test_pyx12_catches_errors() -> None:
    # The oracle is real: a bad code value is reported.
    text = write([professional_claim()], "professional").replace("******CI~", "******QQ~")
    assert any("SBR09" in message for message in pyx12_errors(text))


@pytest.mark.parametrize(
    ("claim", "kind"),
    [(professional_claim(), "professional"), (institutional_claim(), "institutional")],
)
def test_examples_pass(claim: Claim, kind: ClaimKind) -> None:
    assert [] == pyx12_errors(write([claim], kind))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["professional", "institutional"])
def test_generated_claims_pass_pyx12(kind: ClaimKind) -> None:
    # Draw the claims one at a time (cheap for hypothesis), then validate them
    # in a few files of 50; a failing file is narrowed down to its claim.
    drawn: list[Claim] = []

    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(claim=claims(kind=kind))
    def collect(claim: Claim) -> None:
        drawn.append(claim)

    collect()
    for start in range(0, len(drawn), 50):
        batch = drawn[start : start + 50]
        problems = pyx12_errors(write(batch, kind))
        if problems:
            culprit = next((c for c in batch if pyx12_errors(write([c], kind))), None)
            detail = culprit.model_dump_json(indent=1) if culprit is not None else "(the batch)"
            pytest.fail(f"pyx12 rejected generated {kind} claims: {problems[:5]}\n{detail}")
    # Hundreds of claims, with COB loops and replacements among them.
    assert len(drawn) >= 120
    assert any(c.responsibility == "S" and c.other_payers for c in drawn)
    assert any(c.frequency_code == "7" for c in drawn)
    assert any(c.frequency_code == "8" for c in drawn)
    assert any(line.adjudications for c in drawn for line in c.lines)
