from __future__ import annotations

import contextlib
import io
from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.claims import (
    Address,
    Claim,
    ClaimValidationError,
    Patient,
    Receiver,
    Submitter,
    Subscriber,
    X12ClaimError,
    from_encounter,
    read_837,
    write_837i,
    write_837p,
)
from rcm.claims.examples import (
    clinic_fees,
    institutional_claim,
    office_visit,
    professional_claim,
)
from rcm.errors import RcmError
from rcm.testing._claims import claims
from rcm.x12 import Delimiters, Envelope, X12Reader

ENVELOPE = Envelope(sender_id="CLINIC", receiver_id="ACME", date=date(2025, 3, 4), time=time(9, 30))
SUBMITTER = Submitter(name="CLINIC", id="C1", contact_name="EDI DESK", phone="2175550100")
RECEIVER = Receiver(name="ACME", id="60054")

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def write(claims_: list[Claim], **options: object) -> str:
    kind = claims_[0].kind
    writer = write_837p if kind == "professional" else write_837i
    return writer(claims_, submitter=SUBMITTER, receiver=RECEIVER, envelope=ENVELOPE, **options)  # type: ignore[arg-type]


def segments(text: str) -> list[list[str]]:
    return [s.split("*") for s in text.split("~") if s.strip()]


def grouped(claims_: list[Claim]) -> list[Claim]:
    """The order the guide's hierarchy puts claims in: provider, subscriber, patient."""
    order: dict[tuple[object, ...], dict[tuple[object, ...], dict[object, list[Claim]]]] = {}
    for claim in claims_:
        cov = claim.coverage
        self_pay = cov.relationship == "18"
        provider = (claim.billing_provider, claim.pay_to_address)
        subscriber = (
            cov.payer,
            cov.subscriber,
            cov.filing_indicator,
            cov.group_number,
            cov.group_name,
            cov.insurance_type,
            claim.responsibility,
            self_pay,
        )
        patient = None if self_pay else (claim.patient, cov.relationship)
        order.setdefault(provider, {}).setdefault(subscriber, {}).setdefault(patient, []).append(
            claim
        )
    return [
        c for subs in order.values() for pats in subs.values() for cs in pats.values() for c in cs
    ]


# --- round trips ------------------------------------------------------------------------------


@FAST
@given(claim=claims(kind="professional"))
def test_837p_round_trip(claim: Claim) -> None:
    assert [claim] == list(read_837(write([claim])))


@FAST
@given(claim=claims(kind="institutional"))
def test_837i_round_trip(claim: Claim) -> None:
    assert [claim] == list(read_837(write([claim])))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(claims(kind="professional"), min_size=2, max_size=4))
def test_many_claims_round_trip_in_grouped_order(batch: list[Claim]) -> None:
    text = write(batch, delimiters=Delimiters(suffix="\n"))
    assert grouped(batch) == list(read_837(text))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claim=claims())
def test_round_trip_with_other_delimiters(claim: Claim) -> None:
    delimiters = Delimiters(element="|", component=">", repetition="`", segment="\n")
    assert [claim] == list(read_837(write([claim], delimiters=delimiters)))


def test_read_is_strict_equal_for_examples() -> None:
    claim = professional_claim()
    (back,) = read_837(write([claim]), strict=True)
    assert claim == back
    assert () == back.relaxed_problems


# --- structure ------------------------------------------------------------------------------


def test_envelope_counts_and_control_numbers() -> None:
    claims_ = [professional_claim(), from_encounter(office_visit(), fee_schedule=clinic_fees())]
    text = write(claims_)
    reader = X12Reader(text, strict=True)  # strict: counts and control numbers must match
    ids = [seg.id for seg in reader]
    assert [] == reader.warnings
    assert ["ISA", "GS", "ST", "BHT"] == ids[:4]
    assert ["SE", "GE", "IEA"] == ids[-3:]
    segs = segments(text)
    se = next(s for s in segs if s[0] == "SE")
    st_index = next(i for i, s in enumerate(segs) if s[0] == "ST")
    se_index = segs.index(se)
    assert str(se_index - st_index + 1) == se[1]
    assert ["ST", "837", "0001", "005010X222A1"] == segs[st_index]
    assert ["GS", "HC", "CLINIC", "ACME", "20250304", "0930", "1", "X", "005010X222A1"] == segs[1]


def test_claims_under_one_subscriber_share_one_hl() -> None:
    one = professional_claim()
    two = one.evolve(claim_id="CLM0000002")
    text = write([one, two])
    hls = [s for s in segments(text) if s[0] == "HL"]
    assert [["HL", "1", "", "20", "1"], ["HL", "2", "1", "22", "0"]] == hls
    assert 2 == sum(1 for s in segments(text) if s[0] == "CLM")


def test_dependents_get_patient_levels_and_providers_group() -> None:
    base = professional_claim()
    child = Patient(
        last_name="SAMPLE",
        first_name="KID",
        birth_date=date(2015, 1, 2),
        sex="M",
        address=Address(line1="12 ELM ST", city="SPRINGFIELD", state="IL", postal_code="62701"),
    )
    dependent = base.evolve(
        claim_id="CLM0000003",
        patient=child,
        coverage=base.coverage.evolve(relationship="19"),
    )
    other_provider = base.billing_provider.evolve(name="OTHER CLINIC", npi="1122334455")
    third = base.evolve(claim_id="CLM0000004", billing_provider=other_provider)
    batch = [base, dependent, third, base.evolve(claim_id="CLM0000005")]
    text = write(batch)
    hls = [s[1:] for s in segments(text) if s[0] == "HL"]
    # The subscriber's own claims and the dependent's: two subscriber levels
    # (one with a patient level under it); the second provider after.
    assert [
        ["1", "", "20", "1"],
        ["2", "1", "22", "0"],
        ["3", "1", "22", "1"],
        ["4", "3", "23", "0"],
        ["5", "", "20", "1"],
        ["6", "5", "22", "0"],
    ] == hls
    assert ["PAT", "19"] in segments(text)
    back = list(read_837(text))
    assert [batch[0], batch[3], batch[1], batch[2]] == back
    assert grouped(batch) == back


def test_transactions_split_at_the_limit() -> None:
    base = professional_claim()
    batch = [base.evolve(claim_id=f"C{n}") for n in range(5)]
    text = write(batch, max_claims_per_transaction=2)
    sts = [s for s in segments(text) if s[0] == "ST"]
    assert ["0001", "0002", "0003"] == [s[2] for s in sts]
    assert ["GE", "3", "1"] == next(s for s in segments(text) if s[0] == "GE")
    assert batch == list(read_837(text))


def test_stream_output() -> None:
    out = io.StringIO()
    assert "" == write([institutional_claim()], stream=out)
    assert [institutional_claim()] == list(read_837(out.getvalue()))


def test_situational_segments_only_when_needed() -> None:
    ids = [s[0] for s in segments(write([professional_claim()]))]
    for absent in ("PAT", "CAS", "SBR*S", "REF*F8", "NTE", "LIN", "SVD", "AMT"):
        assert absent not in ids
    replacement = professional_claim().evolve(frequency_code="7", original_claim_number="P123")
    segs = segments(write([replacement]))
    assert ["REF", "F8", "P123"] in segs
    assert next(s for s in segs if s[0] == "CLM")[5] == "11:B:7"


def test_837i_segments() -> None:
    segs = segments(write([institutional_claim()]))
    assert ["DTP", "434", "RD8", "20250301-20250303"] in segs
    assert ["DTP", "435", "DT", "202503011400"] in segs
    assert ["CL1", "1", "7", "01"] in segs
    assert ["HI", "BBR:0DTJ4ZZ:D8:20250302"] in segs
    assert ["HI", "BE:80:::2"] in segs
    assert ["SV2", "0120", "", "3600", "DA", "2"] in segs


# --- writer errors ----------------------------------------------------------------------------


def test_writer_refuses_the_wrong_kind() -> None:
    with pytest.raises(ClaimValidationError, match="write_837p writes professional"):
        write_837p(
            [institutional_claim()], submitter=SUBMITTER, receiver=RECEIVER, envelope=ENVELOPE
        )


def test_writer_refuses_a_delimiter_in_data_before_writing() -> None:
    claim = professional_claim()
    bad = claim.evolve(billing_provider=claim.billing_provider.evolve(name="A*B CLINIC"))
    out = io.StringIO()
    with pytest.raises(ClaimValidationError, match="delimiter") as info:
        write_837p(
            [claim, bad], submitter=SUBMITTER, receiver=RECEIVER, envelope=ENVELOPE, stream=out
        )
    assert "NM103" == info.value.field
    assert "" == out.getvalue()
    # With other delimiters the same claim is fine.
    delimiters = Delimiters(element="|", component=">", repetition="`", segment="~")
    text = write([bad], delimiters=delimiters)
    assert [bad] == list(read_837(text))


def test_component_separator_in_data_is_refused() -> None:
    claim = professional_claim()
    bad = claim.evolve(coverage=claim.coverage.evolve(group_name="A:B"))
    with pytest.raises(ClaimValidationError, match="':'"):
        write([bad])


def test_writer_needs_dependent_demographics() -> None:
    claim = professional_claim()
    dependent = claim.evolve(
        patient=Patient(last_name="KID", first_name="A"),
        coverage=claim.coverage.evolve(relationship="19"),
    )
    with pytest.raises(ClaimValidationError, match="birth date and sex") as info:
        write([dependent])
    assert {"patient", "patient.address"} <= {field for field, _ in info.value.problems}


def test_writer_needs_nine_digit_billing_zip() -> None:
    claim = professional_claim()
    address = claim.billing_provider.address
    assert address is not None
    provider = claim.billing_provider.evolve(address=address.evolve(postal_code="62701"))
    with pytest.raises(ClaimValidationError, match="9-digit ZIP"):
        write([claim.evolve(billing_provider=provider)])


def test_writer_refuses_empty_and_foreign_input() -> None:
    with pytest.raises(ClaimValidationError, match="no claims"):
        write_837p([], submitter=SUBMITTER, receiver=RECEIVER, envelope=ENVELOPE)
    with pytest.raises(ClaimValidationError, match="not a Claim"):
        write_837p(["x"], submitter=SUBMITTER, receiver=RECEIVER, envelope=ENVELOPE)  # type: ignore[list-item]


def test_submitter_needs_a_contact() -> None:
    with pytest.raises(ClaimValidationError, match="phone number"):
        Submitter(name="X", id="S1")


# --- reader errors ---------------------------------------------------------------------------


def replace_segment(text: str, prefix: str, new: str) -> str:
    parts = text.split("~")
    index = next(i for i, p in enumerate(parts) if p.startswith(prefix))
    parts[index] = new
    return "~".join(parts)


def test_bad_amount_names_the_segment() -> None:
    text = replace_segment(
        write([professional_claim()]), "CLM", "CLM*CLM0000001*ABC***11:B:1*Y*A*Y*Y"
    )
    with pytest.raises(X12ClaimError) as info:
        list(read_837(text, name="batch.837"))
    err = info.value
    assert ("CLM", 2, "2300", "batch.837") == (err.segment_id, err.element, err.loop, err.source)
    assert err.segment_index == 21
    assert "batch.837: segment 21 (CLM02, loop 2300)" in str(err)


def test_bad_date_names_the_segment() -> None:
    text = replace_segment(write([professional_claim()]), "DTP*472", "DTP*472*D8*20251345")
    with pytest.raises(X12ClaimError, match="not a CCYYMMDD date") as info:
        list(read_837(text))
    assert ("DTP", "2400") == (info.value.segment_id, info.value.loop)


def test_strict_reading_refuses_what_lenient_reading_keeps() -> None:
    text = replace_segment(
        write([professional_claim()]), "CLM", "CLM*CLM0000001*999***11:B:1*Y*A*Y*Y"
    )
    (claim,) = read_837(text)
    assert ("total_charge",) == tuple(field for field, _ in claim.relaxed_problems)
    with pytest.raises(X12ClaimError, match="not the sum"):
        list(read_837(text, strict=True))
    # A claim read with relaxed problems cannot be written again.
    with pytest.raises(ClaimValidationError, match="not the sum"):
        write([claim])


def test_004010_and_other_transactions_are_refused() -> None:
    text = write([professional_claim()])
    old = text.replace("005010X222A1", "004010X098A1")
    with pytest.raises(X12ClaimError, match="005010 837s only"):
        list(read_837(old))
    remit = text.replace("ST*837*0001*005010X222A1", "ST*835*0001*005010X221A1")
    with pytest.raises(X12ClaimError, match="not an 837"):
        list(read_837(remit))


@pytest.mark.parametrize(
    "text",
    ["", "garbage", "ISA*00", b"\xff\xfe\x00junk", "ISA" + "*" * 200],
    ids=["empty", "garbage", "short-isa", "binary", "stars"],
)
def test_not_x12_gives_rcm_errors(text: str | bytes) -> None:
    with pytest.raises(RcmError):
        list(read_837(text))


def test_truncated_file_gives_rcm_errors() -> None:
    text = write([professional_claim(), institutional_claim().evolve(kind="institutional")][:1])
    for cut in range(0, len(text), 37):
        with contextlib.suppress(RcmError):
            list(read_837(text[:cut]))


def test_claim_before_any_level_is_refused() -> None:
    text = write([professional_claim()])
    start = text.index("HL*1")
    end = text.index("CLM*")
    with pytest.raises(X12ClaimError, match="outside a subscriber"):
        list(read_837(text[:start] + text[end:]))


def test_streaming_reads_claim_by_claim() -> None:
    base = professional_claim()
    text = write([base.evolve(claim_id=f"C{n}") for n in range(3)])
    reader = read_837(text)
    assert "C0" == next(reader).claim_id
    assert ["C1", "C2"] == [c.claim_id for c in reader]


def test_units_and_amounts_keep_their_values() -> None:
    claim = professional_claim()
    line = claim.lines[0].evolve(units=Decimal("1.5"))
    claim = claim.evolve(lines=(line, claim.lines[1]))
    (back,) = read_837(write([claim]))
    assert Decimal("1.5") == back.lines[0].units
    assert "SV1*HC:99214*180*UN*1.5***1:2" in write([claim])


def test_subscriber_not_patient_reads_back() -> None:
    claim = professional_claim()
    subscriber = Subscriber(member_id="W99", last_name="PARENT", first_name="PAM")
    patient = claim.patient.evolve(first_name="CHILD")
    dependent = claim.evolve(
        patient=patient, coverage=claim.coverage.evolve(subscriber=subscriber, relationship="19")
    )
    assert [dependent] == list(read_837(write([dependent])))


def test_segments_rcm_does_not_model_are_listed_never_dropped_silently() -> None:
    text = write([professional_claim()])
    clm_end = text.index("~", text.index("CLM*")) + 1
    # A PWK (claim supplemental information) in loop 2300: rcm does not model it yet.
    with_pwk = text[:clm_end] + "PWK*OZ*BM***AC*DOC123~" + text[clm_end:]
    se = with_pwk.index("SE*")
    count = int(with_pwk[se + 3 : with_pwk.index("*", se + 3)])
    with_pwk = with_pwk.replace(f"SE*{count}*", f"SE*{count + 1}*")
    (back,) = read_837(with_pwk)
    assert [("unmodeled_segments", "segments rcm does not model were not kept: PWK x1")] == [
        problem for problem in back.relaxed_problems if problem[0] == "unmodeled_segments"
    ]
    with pytest.raises(ClaimValidationError):
        write([back])


# --- the writer's fast paths ------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(claims(kind="professional"), min_size=1, max_size=4))
def test_lines_rendered_as_text_equal_lines_rendered_from_tuples(batch: list[Claim]) -> None:
    """The writer renders LX/SV1/DTP straight to text; the tuple path gives the same bytes."""
    from rcm.claims import _write837

    fast = write(batch)
    original = _write837._Builder.__init__

    def tuples_only(self: _write837._Builder, *args: object) -> None:
        original(self, *args)  # type: ignore[arg-type]
        self.pre = False

    _write837._Builder.__init__ = tuples_only  # type: ignore[method-assign]
    try:
        slow = write(batch)
    finally:
        _write837._Builder.__init__ = original  # type: ignore[method-assign]
    assert fast == slow
