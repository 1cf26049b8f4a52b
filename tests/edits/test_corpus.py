"""The edits on every 837 claim of the real X12 corpus (../shared): no check ever fails,
and the total-charge edit agrees with an independent reading of the raw segments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from rcm.claims import read_837
from rcm.edits import Context, run
from rcm.errors import RcmError

pytestmark = pytest.mark.shared


def _files(corpus: Path) -> list[Path]:
    found = []
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.suffix.lower() == ".md" or path.stat().st_size > 2_000_000:
            continue
        head = path.read_bytes()[:4000]
        if b"837" in head:
            found.append(path)
    return found


def _raw_total_mismatch(data: bytes) -> bool | None:
    """For a file with one CLM and SV1 lines: does CLM02 differ from the sum of SV102?"""
    text = data.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf")
    if not text.startswith("ISA") or len(text) < 106:
        return None
    element, terminator = text[3], text[105]
    segments = [s.strip() for s in text.split(terminator)]
    claims = [s for s in segments if s.startswith(f"CLM{element}")]
    lines = [s for s in segments if s.startswith(f"SV1{element}")]
    if len(claims) != 1 or not lines:
        return None
    total = Decimal(claims[0].split(element)[2])
    charges = sum(Decimal(s.split(element)[2]) for s in lines)
    return total != charges


def test_edits_run_on_every_corpus_claim(corpus):
    checked = agreed = 0
    context = Context(as_of=date(2026, 4, 1))
    for path in _files(corpus):
        try:
            claims = list(read_837(path))
        except RcmError:
            continue
        for claim in claims:
            report = run(claim, context)  # never raises: every check handles what it reads
            checked += 1
        if len(claims) == 1:
            expected = _raw_total_mismatch(path.read_bytes())
            if expected is not None:
                assert expected == ("CLM004" in report.codes), path.name
                agreed += 1

    assert checked > 1000
    assert agreed > 5
