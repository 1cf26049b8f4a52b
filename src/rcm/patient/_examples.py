"""A patient ledger, statement and estimate for docstrings, docs and examples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rcm.money import Money
from rcm.patient._estimate import Benefits, Estimate, Service, estimate
from rcm.patient._statement import Statement, patient_keys, statement
from rcm.remit.posting import Ledger, post
from rcm.remit.posting._examples import example_ledger, example_payment

__all__ = ["example_estimate", "example_patient_ledger", "example_statement"]


def example_patient_ledger() -> Ledger:
    """The office visit, paid by ACME with 22.40 coinsurance left to the patient.

    Example:
        >>> example_patient_ledger().balances("ENC0000001")
        {'60054': Money('0.00'), 'patient': Money('22.40')}
    """
    ledger = example_ledger()
    return ledger.apply(post(ledger, example_payment()))


def example_statement() -> Statement:
    """The patient's statement of 2025-03-31.

    Example:
        >>> example_statement().statement_date
        datetime.date(2025, 3, 31)
    """
    ledger = example_patient_ledger()
    return statement(ledger, patient_keys(ledger)[0], on=date(2025, 3, 31))


def example_estimate() -> Estimate:
    """An office visit (copay), a lab panel (deductible) and an X-ray (coinsurance).

    Example:
        >>> len(example_estimate().lines)
        3
    """
    benefits = Benefits(
        deductible=Money("500.00"),
        deductible_met=Money("460.00"),
        coinsurance=Decimal("0.20"),
        copay=Money("30.00"),
        out_of_pocket_max=Money("1500.00"),
        out_of_pocket_met=Money("0.00"),
    )
    return estimate(
        [
            Service(code="99213", allowed=Money("95.00"), copay=True),
            Service(code="80053", allowed=Money("40.00")),
            Service(code="71046", allowed=Money("200.00")),
        ],
        benefits,
    )
