"""The 835 mapping: segments to models, and clear errors for everything else."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

import pytest

from rcm.errors import RcmError, RemitParseError, X12SyntaxError
from rcm.money import Money
from rcm.remit import (
    AdjustmentGroup,
    ClaimContext,
    ClaimPayment,
    ClaimStatus,
    HeaderNumber,
    Remittance,
    iter_claims,
    read_835,
)
from rcm.remit._parse import TransactionEnd, events

CLAIM = (
    "LX*1~"
    "TS3*1234567893*11*20251231*1*100~"
    "CLP*PCN1*1*100*80*20*12*ICN1*11*1~"
    "NM1*QC*1*DOE*JANE****MI*W123456789~"
    "SVC*HC:99213:25*100*80**1~"
    "DTM*472*20250106~"
    "CAS*CO*45*0~"
    "CAS*PR*2*20~"
    "REF*6R*LINE1~"
    "AMT*B6*100~"
)


def test_mapping_works_on_segments_from_a_trivial_splitter(split, wrap, header):
    found = list(events(split(wrap(header + CLAIM))))
    kinds = [type(event).__name__ for event in found]
    assert kinds == ["Remittance", "HeaderNumber", "tuple", "TransactionEnd"]
    remit_header, lx, (context, claim), end = found
    assert isinstance(remit_header, Remittance)
    assert remit_header.payer.name == "ACME HEALTH"
    assert remit_header.claims == ()
    assert isinstance(lx, HeaderNumber)
    assert lx.provider_summary is not None
    assert lx.provider_summary.total_charge == Money("100.00")
    assert isinstance(context, ClaimContext)
    assert context.header_number == lx
    assert (context.claim_index, context.transaction_index) == (1, 1)
    assert isinstance(claim, ClaimPayment)
    assert claim.header_number == 1
    assert isinstance(end, TransactionEnd)
    assert end.claim_count == 1


def test_claim_and_service_fields(wrap, header):
    [remit] = read_835(wrap(header + CLAIM))
    claim = remit.claims[0]
    assert claim.patient_control_number == "PCN1"
    assert claim.status is ClaimStatus.PROCESSED_AS_PRIMARY
    assert (claim.charge, claim.paid, claim.patient_responsibility) == (
        Money("100"),
        Money("80"),
        Money("20"),
    )
    assert (claim.filing_indicator, claim.payer_claim_control_number) == ("12", "ICN1")
    assert (claim.facility_code, claim.frequency) == ("11", "1")
    assert claim.patient is not None
    assert (claim.patient.last_name, claim.patient.id) == ("DOE", "W123456789")
    line = claim.services[0]
    assert (line.procedure.qualifier, line.procedure.code, line.procedure.modifiers) == (
        "HC",
        "99213",
        ("25",),
    )
    assert line.units_paid == Decimal(1)
    assert line.service_period is not None
    assert line.service_period.start == date(2025, 1, 6)
    assert [(a.group, a.reason, a.amount) for a in line.adjustments] == [
        (AdjustmentGroup.CONTRACTUAL, "45", Money("0")),
        (AdjustmentGroup.PATIENT_RESPONSIBILITY, "2", Money("20")),
    ]
    assert line.line_item_control_number == "LINE1"
    assert line.allowed_amount == Money("100")


def test_cas_with_six_triplets_expands_in_order(wrap, header):
    body = header + "CLP*P*1*21*0~NM1*QC*1*X~CAS*CO*45*1*1*253*2**59*3*1.5*A1*4**B13*5**P21*6*2~"
    [remit] = read_835(wrap(body))
    adjustments = remit.claims[0].adjustments
    assert [(a.reason, a.amount, a.quantity) for a in adjustments] == [
        ("45", Money(1), Decimal(1)),
        ("253", Money(2), None),
        ("59", Money(3), Decimal("1.5")),
        ("A1", Money(4), None),
        ("B13", Money(5), None),
        ("P21", Money(6), Decimal(2)),
    ]
    assert {a.group for a in adjustments} == {AdjustmentGroup.CONTRACTUAL}


def test_reversal_and_drg_fields(wrap, header):
    body = header + (
        "CLP*PCN9*22*-500*-400*-100*MA*ICN9*11*7**470*1.9871*0.5~"
        "CAS*CR*45*-100~NM1*QC*1*ROE~"
        "MIA*3*1.25*0*400.01*MA01~"
        "MOA*0.8*12.5*MA130*N10*M15*MA01*N1*7.25*1.05~"
    )
    [remit] = read_835(wrap(body))
    claim = remit.claims[0]
    assert claim.is_reversal
    assert claim.status.meaning == "reversal of a previous payment"
    assert (claim.drg_code, claim.drg_weight, claim.discharge_fraction) == (
        "470",
        Decimal("1.9871"),
        Decimal("0.5"),
    )
    assert claim.adjustments[0].group is AdjustmentGroup.CORRECTION
    mia = claim.inpatient
    assert mia is not None
    assert (mia.covered_days, mia.pps_operating_outlier_amount) == (Decimal(3), Money("1.25"))
    assert mia.claim_drg_amount == Money("400.01")
    assert mia.remark_codes == ("MA01",)
    moa = claim.outpatient
    assert moa is not None
    assert moa.reimbursement_rate == Decimal("0.8")
    assert moa.remark_codes == ("MA130", "N10", "M15", "MA01", "N1")
    assert (moa.esrd_payment_amount, moa.nonpayable_professional_component_amount) == (
        Money("7.25"),
        Money("1.05"),
    )


def test_mia_remark_codes_20_to_23(wrap, header):
    elements = ["0"] + [""] * 18 + ["N1", "N2", "N3", "N4"]
    body = header + "CLP*P*1*1*1~NM1*QC*1*X~MIA*" + "*".join(elements) + "~"
    [remit] = read_835(wrap(body))
    assert remit.claims[0].inpatient is not None
    assert remit.claims[0].inpatient.remark_codes == ("N1", "N2", "N3", "N4")


def test_svc06_original_procedure_and_description(wrap, header):
    body = header + (
        "CLP*P*1*50*40~NM1*QC*1*X~"
        "SVC*HC:99214:GT:95:::OFFICE VISIT*50*40*0510*1*HC:99215*2~CAS*CO*45*10~LQ*HE*N130~"
        "LQ*RX*75~"
    )
    [remit] = read_835(wrap(body))
    line = remit.claims[0].services[0]
    assert line.procedure.modifiers == ("GT", "95")
    assert line.procedure.description == "OFFICE VISIT"
    assert line.revenue_code == "0510"
    assert line.original_procedure is not None
    assert line.original_procedure.code == "99215"
    assert line.original_units == Decimal(2)
    assert [(r.qualifier, r.code) for r in line.remarks] == [("HE", "N130"), ("RX", "75")]


def test_plb_with_six_pairs_and_references(wrap, header):
    body = header + (
        "CLP*P*1*100*100~NM1*QC*1*X~"
        "PLB*1234567893*20251231*WO:ICN1*1*L6*-2*FB:X9*3*CS*4*72:R*5*J1*6~"
    )
    # 100 paid - (1 - 2 + 3 + 4 + 5 + 6) = 83; the BPR says 100 here, so check items only
    [remit] = read_835(wrap(body))
    [plb] = remit.provider_adjustments
    assert plb.fiscal_period_end == date(2025, 12, 31)
    assert [(i.reason, i.reference, i.amount) for i in plb.items] == [
        ("WO", "ICN1", Money(1)),
        ("L6", None, Money(-2)),
        ("FB", "X9", Money(3)),
        ("CS", None, Money(4)),
        ("72", "R", Money(5)),
        ("J1", None, Money(6)),
    ]
    assert plb.total == Money(17)


def test_header_parts(wrap):
    body = (
        "BPR*C*1500*C*ACH*CCP*01*999999992*DA*777777*1512345678**01*999988880*DA*98765*20020913~"
        "TRN*1*12345*1512345678*SUPP~CUR*PR*CAD~REF*EV*RECEIVER~REF*F2*V1~DTM*405*20020916~"
        "N1*PR*PAYER NAME*XV*PLAN1~N3*1 MAIN ST*SUITE 2~N4*TOWN*AK*89111*US***X~REF*2U*999~"
        "PER*CX*CLAIMS*TE*8005551212~PER*BL*EDI*EM*EDI@EXAMPLE.ORG*TE*8005550000~"
        "N1*PE*HOSPITAL*XX*6543210903~N4*CITY*NY*10001~REF*TJ*123456789~RDM*EM*ERA*ERA@X.ORG~"
    )
    [remit] = read_835(wrap(body))
    payment = remit.payment
    assert (payment.handling_code, payment.amount, payment.method, payment.format) == (
        "C",
        Money(1500),
        "ACH",
        "CCP",
    )
    assert (payment.sender_account, payment.receiver_account) == ("777777", "98765")
    assert payment.date == date(2002, 9, 13)
    assert "777777" not in repr(payment)
    assert "98765" not in repr(payment)
    assert remit.trace.originator_supplemental_code == "SUPP"
    assert remit.currency == "CAD"
    assert [(r.qualifier, r.value) for r in remit.references] == [
        ("EV", "RECEIVER"),
        ("F2", "V1"),
    ]
    assert remit.production_date == date(2002, 9, 16)
    payer = remit.payer
    assert payer.address is not None
    assert payer.address.lines == ("1 MAIN ST", "SUITE 2")
    assert payer.address.country_subdivision == "X"
    assert [c.function for c in payer.contacts] == ["CX", "BL"]
    assert [(n.qualifier, n.number) for n in payer.contacts[1].communications] == [
        ("EM", "EDI@EXAMPLE.ORG"),
        ("TE", "8005550000"),
    ]
    payee = remit.payee
    assert payee.address is not None
    assert payee.address.lines == ()
    assert payee.address.city == "CITY"
    assert payee.delivery is not None
    assert payee.delivery.communication == "ERA@X.ORG"
    assert remit.claims == ()


def test_claim_names_and_ids_never_show_in_repr(wrap, header):
    [remit] = read_835(wrap(header + CLAIM))
    text = repr(remit) + str(remit.claims[0])
    assert "DOE" not in text
    assert "JANE" not in text
    assert "W123456789" not in text
    assert "********89" in text


def test_iter_claims_shares_one_context_header_per_transaction(wrap, header):
    claims = "".join(f"CLP*PCN{n}*1*10*10~NM1*QC*1*X~" for n in range(5))
    streamed = list(iter_claims(wrap(header + claims)))
    assert [claim.patient_control_number for _, claim in streamed] == [f"PCN{n}" for n in range(5)]
    assert len({id(context.remittance) for context, _ in streamed}) == 1
    assert [context.claim_index for context, _ in streamed] == [1, 2, 3, 4, 5]


def test_several_transactions_are_read_lazily(wrap, header):
    one = wrap(header + "CLP*A*1*5*5~NM1*QC*1*X~")
    body_start = one.index("ST*")
    body_end = one.index("GE*")
    transaction = one[body_start:body_end]
    text = (
        one[:body_start] + transaction * 2 + transaction.replace("*100*", "*BAD*") + one[body_end:]
    )
    text = text.replace("GE*1*1", "GE*3*1")
    reader = read_835(text)
    first = next(reader)
    second = next(reader)
    assert first == second
    with pytest.raises(RemitParseError) as info:
        next(reader)
    assert info.value.segment_id == "BPR"
    assert info.value.element == 2


# --- bad input -----------------------------------------------------------------


def _error(text: str) -> RcmError:
    with pytest.raises(RcmError) as info:
        list(read_835(text))
    return info.value


def test_non_numeric_clp_amount(wrap, header):
    err = _error(wrap(header + "CLP*PCN1*1*12X*80~NM1*QC*1*X~"))
    assert isinstance(err, RemitParseError)
    assert isinstance(err, ValueError)
    assert (err.segment_id, err.element, err.loop) == ("CLP", 3, "2100")
    assert err.segment_index == 8  # ISA GS ST BPR TRN N1 N1 CLP
    assert "12X" in str(err)


def test_amount_with_three_decimals(wrap, header):
    err = _error(wrap(header + "CLP*PCN1*1*1.005*1~NM1*QC*1*X~"))
    assert isinstance(err, RemitParseError)
    assert (err.segment_id, err.element) == ("CLP", 3)


def test_an_837_given_to_read_835(wrap):
    err = _error(wrap("BHT*0019*00*1*20250101*1200*CH~", set_id="837", st03="005010X222A1"))
    assert isinstance(err, RemitParseError)
    assert (err.segment_id, err.element) == ("ST", 1)
    assert "837" in err.message


def test_a_4010_835_is_refused_clearly(wrap, header):
    err = _error(wrap(header, st03="004010X091A1"))
    assert isinstance(err, RemitParseError)
    assert (err.segment_id, err.element) == ("ST", 3)
    assert "004010X091A1" in err.message


@pytest.mark.parametrize(
    ("body", "segment_id", "element"),
    [
        ("CLP*P*1*1*1~NM1*QC*1*X~HI*ABK:E119~", "HI", None),  # not an 835 segment
        ("CLP*P*1*1*1~NM1*QC*1*X~LQ*HE*N1~", "LQ", None),  # LQ outside a service line
        ("CLP*P*1*1*1******9~NM1*QC*1*X~", "CLP", 10),  # CLP10 is not used
        ("CLP*P*99*1*1~", "CLP", 2),  # unknown claim status
        ("CLP*P*1*1*1~CAS*XX*45*1~", "CAS", 1),  # unknown group
        ("CLP*P*1*1*1~CAS*CO*045*1~", "CAS", 2),  # not a CARC
        ("CLP*P*1*1*1~CAS*CO*45~", "CAS", 3),  # reason without amount
        ("CLP*P*1*1*1~SVC*99213*1*1~", "SVC", 1),  # composite without qualifier
        ("CLP*P*1*1*1~SVC*HC>99213*1*1~", "SVC", 1),  # wrong component separator
        ("CLP*P*1*1*1~NM1*ZZ*1*X~", "NM1", 1),  # unknown NM1 entity in 2100
        ("CLP*P*1*1*1~NM1*QC*1*X~NM1*QC*1*Y~", "NM1", 1),  # a second patient
        ("CLP*P*1*1*1~DTM*232*20250230~", "DTM", 2),  # not a real date
        ("CLP*P*1*1*1~MOA***XYZ~", "MOA", 3),  # not a RARC
        ("LX*1~LX*2~", "LX", None),  # header number without claims
        ("TS3*1*11*20251231*1*1~", "TS3", None),  # TS3 without LX
        ("PLB*1*20251231*WO*1~CLP*P*1*1*1~", "CLP", None),  # claim after PLB
        ("PLB*1*20251231~", "PLB", 3),  # PLB without a pair
        ("CLP*P*1*1*1~SVC*HC:1*1*1~QTY*ZK~", "QTY", 2),  # quantity missing
    ],
)
def test_bad_segments_name_where_and_what(wrap, header, body, segment_id, element):
    err = _error(wrap(header + body))
    assert isinstance(err, RemitParseError)
    assert err.segment_id == segment_id
    assert err.element == element
    assert err.segment_index is not None
    assert err.segment_index >= 8


@pytest.mark.parametrize(
    ("header_text", "segment_id"),
    [
        ("TRN*1*T~N1*PR*P~N1*PE*E~", "TRN"),  # no BPR first
        ("BPR*I*1*C*ACH~N1*PR*P~N1*PE*E~CLP*P*1*1*1~", "CLP"),  # no TRN
        ("BPR*I*1*C*ACH~TRN*1*T~N1*PE*E~", "N1"),  # payee before payer
        ("BPR*I*1*C*ACH~TRN*1*T~N1*PR*P~CLP*P*1*1*1~", "CLP"),  # no payee
        ("BPR*I*1*C*ACH~BPR*I*1*C*ACH~", "BPR"),  # two BPR
        ("BPR*I*1*C*ACH~TRN*1*T~N1*PR*P~RDM*EM~", "RDM"),  # RDM in the payer loop
        ("BPR*I*1*C*ACH~TRN*1*T~CUR*ZZ*CAD~", "CUR"),  # CUR01 not PR
    ],
)
def test_bad_headers(wrap, header_text, segment_id):
    err = _error(wrap(header_text))
    assert isinstance(err, RemitParseError)
    assert err.segment_id == segment_id


def test_truncated_file_is_a_clear_error(wrap, header):
    text = wrap(header + CLAIM)
    for cut in (len(text) // 3, len(text) // 2, len(text) - 30, 120):
        err = _error(text[:cut])
        assert isinstance(err, RcmError)


def test_missing_iea_is_a_warning_or_strict_error(wrap, header, caplog):
    text = wrap(header + CLAIM)
    text = text[: text.index("IEA*")]
    with caplog.at_level(logging.WARNING, logger="rcm.remit"):
        [remit] = read_835(text)
    assert len(remit.claims) == 1
    assert any("IEA" in record.getMessage() for record in caplog.records)
    with pytest.raises(X12SyntaxError):
        list(read_835(text, strict=True))


def test_wrong_se_count_is_a_warning_or_strict_error(wrap, header, caplog):
    text = wrap(header + CLAIM).replace("SE*16*", "SE*15*")
    with caplog.at_level(logging.WARNING, logger="rcm.remit"):
        [remit] = read_835(text)
    assert remit.claims[0].patient_control_number == "PCN1"
    assert any("SE01" in record.getMessage() for record in caplog.records)
    with pytest.raises(X12SyntaxError) as info:
        list(read_835(text, strict=True))
    assert info.value.segment_id == "SE"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "garbage", "ST*835*0001~BPR*I*1*C*ACH~SE*3*0001~", "ISA*00*", b"\xff\xfe\x00"],
)
def test_empty_and_garbage_input(text):
    with pytest.raises(RcmError):
        list(read_835(text))


def test_segments_outside_a_transaction(wrap, header):
    text = wrap(header).replace("GE*1*1~", "BPR*I*1*C*ACH~GE*1*1~")
    err = _error(text)
    assert isinstance(err, RcmError)


def test_error_messages_carry_no_patient_data(wrap, header):
    err = _error(wrap(header + "CLP*PCN1*1*1*1~NM1*QC*1*SMITH*JOHN****MI*W55555~NM1*QC*1*X~"))
    assert "SMITH" not in str(err)
    assert "W55555" not in str(err)
