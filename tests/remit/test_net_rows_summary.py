"""Reversal netting, the flat service-row export and streaming summaries."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.errors import InvalidAmount
from rcm.money import Money
from rcm.remit import (
    SERVICE_ROW_FIELDS,
    ClaimStatus,
    check_balance,
    iter_claims,
    net_claims,
    read_835,
    service_rows,
    summarize,
    write_835,
)
from rcm.remit._examples import example_remittance
from rcm.remit._parse import TransactionEnd
from rcm.remit._summary import _Accumulator
from rcm.testing._remit import claim_payments, remittances

FEW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _reverse(claim):
    """The payer's reversal of *claim*: the same claim, every amount negated."""

    def negate(adjustments):
        return tuple(a.model_copy(update={"amount": -a.amount}) for a in adjustments)

    return claim.model_copy(
        update={
            "status": ClaimStatus.REVERSAL,
            "charge": -claim.charge,
            "paid": -claim.paid,
            "patient_responsibility": -claim.patient_responsibility
            if claim.patient_responsibility
            else None,
            "adjustments": negate(claim.adjustments),
            "services": tuple(
                line.model_copy(
                    update={
                        "charge": -line.charge,
                        "paid": -line.paid,
                        "adjustments": negate(line.adjustments),
                    }
                )
                for line in claim.services
            ),
        }
    )


def test_original_and_reversal_net_to_nothing():
    original = example_remittance().claims[0]
    [net] = net_claims([original, _reverse(original)])
    assert net.is_fully_reversed
    assert (net.charge, net.paid, net.patient_responsibility) == (Money(0), Money(0), Money(0))
    assert net.adjustments == ()
    assert len(net.payments) == 2


def test_reversal_and_correction_net_to_the_difference():
    original = example_remittance().claims[1]
    correction = original.model_copy(update={"paid": Money("60.50")})
    net = net_claims([_reverse(original), correction, example_remittance().claims[0]])
    assert [n.patient_control_number for n in net] == ["PCN-1002", "PCN-1001"]
    assert net[0].paid == Money("5.00")
    assert net[0].has_reversal
    assert not net[0].is_fully_reversed
    assert not net[1].has_reversal


@FEW
@given(claim_payments(statuses=st.just(ClaimStatus.DENIED)))
def test_any_claim_and_its_reversal_cancel(claim):
    [net] = net_claims([claim, _reverse(claim)])
    assert net.is_fully_reversed
    assert check_balance(_reverse(claim)) == ()


def test_service_rows_one_per_line_with_context():
    remit = example_remittance()
    rows = list(service_rows(remit))
    assert len(rows) == 3
    assert all(list(row) == list(SERVICE_ROW_FIELDS) for row in rows)
    first = rows[0]
    assert (first["payer_name"], first["trace_number"], first["patient_control_number"]) == (
        "ACME HEALTH PLAN",
        "EFT0000001",
        "PCN-1001",
    )
    assert (first["line_number"], first["procedure_code"], first["modifiers"]) == (1, "99213", "25")
    assert (first["line_charge"], first["line_paid"], first["allowed_amount"]) == (
        Decimal("150.00"),
        Decimal("100.00"),
        Decimal("120.00"),
    )
    assert (first["adjustment_co"], first["adjustment_pr"], first["adjustment_oa"]) == (
        Decimal("30.00"),
        Decimal("20.00"),
        None,
    )
    assert first["line_adjustments"] == "CO-45:30.00;PR-2:20.00"
    assert rows[1]["remark_codes"] == "N130"
    text = repr(rows)
    assert "DOE" not in text
    assert "W123456789" not in text


def test_claims_without_lines_still_get_a_row(wrap, header):
    [remit] = read_835(wrap(header + "CLP*A*4*50*0~CAS*CO*50*50~NM1*QC*1*X~MOA***MA01~"))
    [row] = service_rows(remit)
    assert row["line_number"] is None
    assert row["claim_adjustments"] == "CO-50:50.00"
    assert row["remark_codes"] == "MA01"


def test_service_rows_from_a_source_streams_and_matches():
    text = write_835([example_remittance()])
    assert list(service_rows(text)) == list(service_rows(example_remittance()))
    assert list(service_rows(iter_claims(text))) == list(service_rows(read_835(text)))


def test_service_rows_write_as_csv():
    out = io.StringIO()
    writer = csv.DictWriter(out, SERVICE_ROW_FIELDS)
    writer.writeheader()
    writer.writerows(service_rows(example_remittance()))
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    assert lines[1].split(",")[SERVICE_ROW_FIELDS.index("line_paid")] == "100.00"


@FEW
@given(remittances(max_claims=4))
def test_rows_add_up_to_the_claims(remit):
    rows = list(service_rows(remit))
    claims_with_lines = [c for c in remit.claims if c.services]
    line_rows = [r for r in rows if r["line_number"] is not None]
    assert len(line_rows) == sum(len(c.services) for c in claims_with_lines)
    assert len(rows) - len(line_rows) == len(remit.claims) - len(claims_with_lines)
    assert sum((r["line_paid"] for r in line_rows), Decimal(0)) == sum(
        (line.paid.amount for c in remit.claims for line in c.services), Decimal(0)
    )


def test_summary_of_the_example():
    summary = summarize(write_835([example_remittance()]), name="era.835")
    assert summary.source == "era.835"
    assert summary.is_balanced
    [t] = summary.transactions
    assert (t.claim_count, t.claims_by_status) == (2, (("1", 2),))
    assert (t.total_charge, t.total_paid, t.total_patient_responsibility) == (
        Money("280.00"),
        Money("175.50"),
        Money("35.00"),
    )
    assert t.adjustments == (
        ("CO", "45", Money("69.50")),
        ("PR", "1", Money("10.00")),
        ("PR", "2", Money("20.00")),
        ("PR", "3", Money("5.00")),
    )
    assert t.provider_adjustments == (("WO", Money("10.00")),)
    assert t.to_dict()["balanced"] is True


@FEW
@given(remittances(max_claims=4))
def test_summary_totals_match_the_models(remit):
    summary = summarize(write_835([remit]))
    [t] = summary.transactions
    assert t.total_paid == sum((c.paid for c in remit.claims), Money(0))
    assert t.payment_amount == remit.payment.signed_amount
    assert summary.is_balanced


def test_summary_counts_problems_but_keeps_only_some():
    remit = example_remittance()
    claims = tuple(c.model_copy(update={"paid": c.paid + Money(1)}) for c in remit.claims)
    text = write_835([remit.model_copy(update={"claims": claims})])
    summary = summarize(text, max_problems=1)
    [t] = summary.transactions
    assert t.problem_count == 5  # 2 x (claim, claim-paid) + transaction
    assert len(t.problems) == 1


def test_summary_totals_too_large_for_money_fail_as_money_does():
    # two claims of 60,000,000,000,000,000,000,000,000.00: their total has 29 digits,
    # more than Money holds; the Decimal fast path must not answer for it
    remit = example_remittance()
    huge = Money("60000000000000000000000000.00")
    claim = remit.claims[0].model_copy(
        update={"charge": huge, "paid": huge, "adjustments": (), "services": ()}
    )
    accumulator = _Accumulator(remit, 1, None)
    accumulator.add(claim)
    with pytest.raises(InvalidAmount):
        accumulator.add(claim)
    small = _Accumulator(remit, 1, None)
    for claim in remit.claims:
        small.add(claim)
    summary = small.finish(TransactionEnd(remit.provider_adjustments, 2, 99))
    assert summary.total_paid == sum((claim.paid for claim in remit.claims), Money(0))
    assert summary.total_charge == sum((claim.charge for claim in remit.claims), Money(0))
