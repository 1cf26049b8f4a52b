"""The X12 strategies: arguments checked at once, values that writers accept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.testing._x12 import delimiters, segments
from rcm.x12 import Delimiters, Segment


def test_plain_values_are_refused_at_once() -> None:
    with pytest.raises(TypeError, match=r"st\.just"):
        delimiters(characters="|")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"st\.just"):
        segments(delimiters=Delimiters())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_elements"):
        segments(max_elements=0)


@settings(max_examples=100, deadline=None)
@given(d=delimiters(line_break_terminators=False, suffixes=st.just("")))
def test_delimiters_options(d: Delimiters) -> None:
    assert d.segment not in "\r\n"
    assert "" == d.suffix


@settings(max_examples=100, deadline=None)
@given(seg=segments(delimiters=delimiters(), max_elements=3))
def test_segments_avoid_their_separators(seg: Segment) -> None:
    d = seg.delimiters
    assert 1 <= len(seg) <= 3
    assert seg.elements[-1] != ""
    for value in seg.elements:
        assert d.element not in value
        assert d.segment not in value
    assert seg.id not in {"ISA", "GS", "ST", "SE", "GE", "IEA"}
