"""Writing: what write_835 writes, read_835 reads back equal."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.errors import X12SyntaxError
from rcm.remit import Reference, check_balance, read_835, remittance_segments, write_835
from rcm.remit._examples import example_remittance
from rcm.testing._remit import remittances
from rcm.x12 import Delimiters, Envelope, X12Reader


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        remittances(max_claims=4), min_size=1, max_size=2, unique_by=lambda r: r.control_number
    )
)
def test_read_of_write_is_identity_and_balanced(batch):
    for remit in batch:
        assert check_balance(remit) == ()
    assert list(read_835(write_835(batch))) == batch


DELIMITER_SETS = [
    Delimiters(),
    Delimiters(element="|", component=">", repetition="^", segment="~", suffix="\n"),
    Delimiters(element="*", component="\\", repetition="!", segment="\n"),
]


@pytest.mark.parametrize("delimiters", DELIMITER_SETS)
def test_round_trip_with_other_delimiters(delimiters):
    remit = example_remittance()
    text = write_835([remit], delimiters=delimiters)
    assert list(read_835(text)) == [remit]


def test_the_writer_counts_segments_so_the_reader_has_no_warnings():
    text = write_835(
        [example_remittance(), example_remittance().model_copy(update={"control_number": "0002"})]
    )
    reader = X12Reader(text, strict=True)
    ids = [seg.id for seg in reader]
    assert ids.count("ST") == 2
    assert reader.warnings == []


def test_control_numbers_are_kept_or_assigned():
    remit = example_remittance()
    twice = list(read_835(write_835([remit, remit])))  # duplicate ST02: renumbered
    assert [r.control_number for r in twice] == ["0001", "0002"]
    unnamed = remit.model_copy(update={"control_number": None})
    assert next(read_835(write_835([unnamed]))).control_number == "0001"


def test_explicit_envelope():
    envelope = Envelope(
        sender_id="PAYERX", receiver_id="CLINIC", date=date(2025, 2, 1), time=time(8, 30)
    )
    text = write_835([example_remittance()], envelope=envelope)
    reader = X12Reader(text)
    list(reader)
    assert reader.interchange is not None
    assert (reader.interchange.sender_id, reader.interchange.date) == ("PAYERX", date(2025, 2, 1))


def test_the_body_comes_out_in_guide_order():
    ids = [seg.id for seg in remittance_segments(example_remittance())]
    assert ids[:2] == ["BPR", "TRN"]
    assert ids.index("N1") < ids.index("LX") < ids.index("TS3") < ids.index("CLP")
    assert ids[-1] == "PLB"


def test_values_holding_a_delimiter_are_refused():
    remit = example_remittance()
    bad = remit.model_copy(update={"references": (Reference(qualifier="EV", value="A*B"),)})
    with pytest.raises(X12SyntaxError) as info:
        write_835([bad])
    assert info.value.segment_id == "REF"


def test_nothing_to_write_and_no_date_for_an_envelope():
    with pytest.raises(X12SyntaxError):
        write_835([])
    remit = example_remittance()
    undated = remit.model_copy(
        update={"dates": (), "payment": remit.payment.model_copy(update={"date": None})}
    )
    with pytest.raises(X12SyntaxError):
        write_835([undated])
