from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from rcm._demo_payer import remittance
from rcm.remit import ClaimPayment, Remittance
from rcm.remit.posting import Ledger
from rcm.remit.posting._examples import example_ledger, example_payment


def _wrap(*claims: ClaimPayment, trace: str = "T2", paid_on: date = date(2025, 4, 1)) -> Remittance:
    """A balanced remittance from ACME (60054) holding *claims*."""
    return remittance(
        claims,
        payer_id="60054",
        payer_name="ACME HEALTH PLAN",
        payee_npi="1234567893",
        payee_name="SPRINGFIELD FAMILY CLINIC",
        trace_number=trace,
        paid_on=paid_on,
    )


Wrap = Callable[..., Remittance]


@pytest.fixture
def wrap() -> Wrap:
    """Make a balanced ACME remittance: ``wrap(claim_payment, ..., trace="T2")``."""
    return _wrap


@pytest.fixture
def ledger() -> Ledger:
    return example_ledger()


@pytest.fixture
def payment() -> ClaimPayment:
    return example_payment().claims[0]
