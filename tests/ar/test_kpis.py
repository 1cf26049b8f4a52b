from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rcm._demo_payer import LineDecision, adjudicate, remittance
from rcm.ar import KpiReport, kpis
from rcm.claims import Claim
from rcm.claims.examples import professional_claim
from rcm.errors import ValidationError
from rcm.money import Money
from rcm.remit.posting import Ledger, patient_payment, post

ACME = "60054"
START, END = date(2025, 3, 1), date(2025, 3, 31)


def _claim(claim_id: str) -> Claim:
    return Claim.model_validate({**dict(professional_claim()), "claim_id": claim_id})


def _scenario() -> Ledger:
    """Four claims of 225.00 (180.00 + 45.00), billed 2025-03-04.

    A: clean, paid in full at 80% allowed with a 20.00 copay.
    B: clean, line 2 denied CO-16.
    C: not clean, paid, then the patient pays its copay.
    D: clean edit result unknown, not adjudicated yet.
    """
    ledger = Ledger()
    claims = {name: _claim(f"CLM-{name}") for name in "ABCD"}
    cleanliness = {"A": True, "B": True, "C": False, "D": None}
    for name, claim in claims.items():
        ledger = ledger.bill(claim, on=date(2025, 3, 4), clean=cleanliness[name])
    paid = [
        LineDecision(allowed=Money("144.00"), copay=Money("20.00")),
        LineDecision(allowed=Money("36.00")),
    ]
    payments = [
        adjudicate(claims["A"], paid, payer_claim_number="IA"),
        adjudicate(
            claims["B"],
            [paid[0], LineDecision(denial=("CO", "16", ("M76",)))],
            payer_claim_number="IB",
        ),
        adjudicate(claims["C"], paid, payer_claim_number="IC"),
    ]
    remit = remittance(
        payments,
        payer_id=ACME,
        payer_name="ACME",
        payee_npi="1234567893",
        payee_name="CLINIC",
        trace_number="T1",
        paid_on=date(2025, 3, 20),
    )
    ledger = ledger.apply(post(ledger, remit))
    return ledger.add([patient_payment(ledger, "CLM-C", Money("20.00"), on=date(2025, 3, 25))])


def test_kpis_of_a_known_month() -> None:
    report = kpis(_scenario(), start=START, end=END)
    values = {kpi.key: (kpi.numerator, kpi.denominator, kpi.value) for kpi in report.kpis}
    d = Decimal
    assert (d(2), d(3), d("0.6667")) == values["clean_claim_rate"]
    assert (d(2), d(3), d("0.6667")) == values["first_pass_resolution_rate"]
    assert (d(1), d(3), d("0.3333")) == values["denial_rate"]
    assert (d("225.00"), d("675.00"), d("0.3333")) == values["denial_rate_dollars"]
    # Charges 900.00; contractual 3 x 36.00 (line 1) + 2 x 9.00 (line 2) = 126.00.
    # Payments: 3 x 124.00 + 2 x 36.00 + 20.00 (patient) = 464.00.
    assert (d("464.00"), d("774.00"), d("0.5995")) == values["net_collection_rate"]
    # Net A/R at the end: D 225.00, B's denied 45.00, copays of A and B 2 x 20.00.
    # Average daily net revenue: 774.00 / 31 days = 24.97.
    numerator, denominator, value = values["days_in_ar"]
    assert (d("310.00"), d("24.97"), d("12.4")) == (numerator, denominator, value)
    assert (d(0), d("310.00"), d(0)) == values["aged_ar_over_90"]


def test_every_kpi_documents_itself() -> None:
    for kpi in kpis(_scenario(), start=START, end=END).kpis:
        assert kpi.formula, kpi.key
        assert kpi.source, kpi.key
        assert kpi.includes, kpi.key
        assert kpi.excludes, kpi.key


def test_zero_denominators_give_none() -> None:
    report = kpis(Ledger(), start=START, end=END)
    assert all(kpi.value is None for kpi in report.kpis if kpi.key != "aged_ar_over_90")
    assert "n/a" == report["clean_claim_rate"].display()


def test_flows_outside_the_period_do_not_count() -> None:
    report = kpis(_scenario(), start=date(2025, 4, 1), end=date(2025, 4, 30))
    assert Decimal(0) == report["clean_claim_rate"].denominator
    assert Decimal(0) == report["net_collection_rate"].numerator


def test_bad_period_and_unknown_key() -> None:
    with pytest.raises(ValidationError, match="before it starts"):
        kpis(Ledger(), start=END, end=START)
    with pytest.raises(KeyError, match="no KPI"):
        kpis(Ledger(), start=START, end=END)["nope"]


def test_report_round_trips_and_prints() -> None:
    report = kpis(_scenario(), start=START, end=END)
    assert report == KpiReport.model_validate_json(report.model_dump_json())
    assert "clean claim rate" in report.table()
