"""Helpers for the remit tests: build small 835 interchanges from segment text.

``wrap`` puts ISA/GS/ST ... SE/GE/IEA around body segments with correct counts;
``split`` is a deliberately trivial splitter (``str.split`` on ``~`` and
``*``), so the 835 mapping can be tested on segments that did not come from
:class:`rcm.x12.X12Reader`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rcm.x12 import Segment

ISA = (
    "ISA*00*          *00*          *ZZ*PAYER          *ZZ*PROVIDER       "
    "*250115*1200*^*00501*000000001*0*P*:~"
)

#: A minimal valid 835 header (BPR, TRN, payer and payee loops).
HEADER = (
    "BPR*I*100*C*ACH************20250115~"
    "TRN*1*TRACE1*1234567890~"
    "N1*PR*ACME HEALTH~"
    "N1*PE*MAIN CLINIC*XX*1234567893~"
)


def wrap_body(body: str, *, st03: str = "005010X221A1", set_id: str = "835") -> str:
    segments = [s for s in body.split("~") if s]
    head = f"GS*HP*PAYER*PROVIDER*20250115*1200*1*X*{st03 or '005010X221A1'}~"
    st = f"ST*{set_id}*0001" + (f"*{st03}" if st03 else "") + "~"
    se = f"SE*{len(segments) + 2}*0001~"
    return ISA + head + st + "".join(s + "~" for s in segments) + se + "GE*1*1~IEA*1*000000001~"


def split_segments(text: str) -> list[Segment]:
    segments = []
    for index, raw in enumerate((s for s in text.split("~") if s.strip()), start=1):
        parts = raw.strip().split("*")
        segments.append(Segment(parts[0], tuple(parts[1:]), index=index))
    return segments


@pytest.fixture
def wrap() -> Callable[..., str]:
    return wrap_body


@pytest.fixture
def split() -> Callable[[str], list[Segment]]:
    return split_segments


@pytest.fixture
def header() -> str:
    return HEADER
