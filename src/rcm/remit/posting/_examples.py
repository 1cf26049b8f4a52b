"""A small ledger and a remittance that pays it, for docstrings, docs and examples.

The claim is :func:`rcm.claims.examples.office_visit` billed to its primary
payer (ACME HEALTH PLAN, payer ID ``60054``); every name and number is made up.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rcm.claims import from_encounter
from rcm.claims.examples import clinic_fees, office_visit
from rcm.money import Money
from rcm.remit import (
    Adjustment,
    Amount,
    ClaimPayment,
    DateReference,
    Party,
    Payment,
    Procedure,
    Remittance,
    ServicePayment,
    Trace,
)
from rcm.remit.posting._ledger import Ledger

__all__ = ["example_ledger", "example_payment"]


def example_ledger() -> Ledger:
    """A ledger with the office visit (99213-25 for 125.00, 36415 for 15.00) billed on 2025-03-04.

    Example:
        >>> example_ledger().balance("ENC0000001")
        Money('140.00')
    """
    claim = from_encounter(office_visit(), fee_schedule=clinic_fees())
    return Ledger().bill(claim, on=date(2025, 3, 4), clean=True)


def _line(
    code: str, modifiers: tuple[str, ...], charge: str, allowed: str, coins: str
) -> ServicePayment:
    paid = Money(allowed) - Money(coins)
    return ServicePayment(
        procedure=Procedure(qualifier="HC", code=code, modifiers=modifiers),
        charge=Money(charge),
        paid=paid,
        units_paid=Decimal(1),
        dates=(DateReference(qualifier="472", date=date(2025, 3, 3)),),
        adjustments=(
            Adjustment(group="CO", reason="45", amount=Money(charge) - Money(allowed)),
            Adjustment(group="PR", reason="2", amount=Money(coins)),
        ),
        amounts=(Amount(qualifier="B6", amount=Money(allowed)),),
    )


def example_payment() -> Remittance:
    """ACME's 835 for the office visit: allowed 100.00 and 12.00, 20% coinsurance.

    Example:
        >>> [claim.paid for claim in example_payment().claims]
        [Money('89.60')]
    """
    lines = (
        _line("99213", ("25",), "125.00", "100.00", "20.00"),
        _line("36415", (), "15.00", "12.00", "2.40"),
    )
    claim = ClaimPayment(
        patient_control_number="ENC0000001",
        status="1",
        charge=Money("140.00"),
        paid=Money("89.60"),
        patient_responsibility=Money("22.40"),
        filing_indicator="CI",
        payer_claim_control_number="ACM2503200001",
        services=lines,
    )
    return Remittance(
        control_number="0042",
        payment=Payment(
            handling_code="I",
            amount=Money("89.60"),
            credit_debit="C",
            method="ACH",
            date=date(2025, 3, 20),
        ),
        trace=Trace(type_code="1", number="EFT0000042", originator_id="1600540000"),
        payer=Party(entity_code="PR", name="ACME HEALTH PLAN", id_qualifier="XV", id="60054"),
        payee=Party(
            entity_code="PE", name="SPRINGFIELD FAMILY CLINIC", id_qualifier="XX", id="1234567893"
        ),
        dates=(DateReference(qualifier="405", date=date(2025, 3, 19)),),
        claims=(claim,),
    )
