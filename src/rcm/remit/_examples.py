"""A small, balanced, made-up remittance used in docstrings, docs and examples.

Every name and number here is invented; the CARC/RARC values are real codes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rcm.money import Money
from rcm.remit._models import (
    Address,
    Adjustment,
    AdjustmentGroup,
    Amount,
    ClaimPayment,
    ClaimStatus,
    Communication,
    Contact,
    DateReference,
    EntityName,
    HeaderNumber,
    Party,
    Payment,
    Procedure,
    ProviderAdjustment,
    ProviderAdjustmentItem,
    ProviderSummary,
    Reference,
    Remark,
    Remittance,
    ServicePayment,
    Trace,
)

__all__ = ["example_remittance"]


def _adj(group: str, reason: str, amount: str) -> Adjustment:
    return Adjustment(group=AdjustmentGroup(group), reason=reason, amount=Money(amount))


def example_remittance() -> Remittance:
    """A two-claim, balanced 835 remittance with a provider-level adjustment.

    Claim PCN-1001 pays 120.00 of 200.00 over two lines; claim PCN-1002 pays
    55.50 of 80.00; a 10.00 overpayment recovery (PLB ``WO``) brings the
    payment (BPR02) to 165.50.

    Example:
        >>> remit = example_remittance()
        >>> [claim.paid for claim in remit.claims], remit.payment.amount
        ([Money('120.00'), Money('55.50')], Money('165.50'))
    """
    payer = Party(
        entity_code="PR",
        name="ACME HEALTH PLAN",
        id_qualifier="XV",
        id="ACME01",
        address=Address(
            lines=("100 INSURANCE WAY",), city="HARTFORD", state="CT", postal_code="06101"
        ),
        references=(Reference(qualifier="2U", value="ACME01"),),
        contacts=(
            Contact(
                function="BL",
                name="EDI SUPPORT",
                communications=(Communication(qualifier="TE", number="8005550100"),),
            ),
        ),
    )
    payee = Party(
        entity_code="PE",
        name="MAIN STREET CLINIC",
        id_qualifier="XX",
        id="1234567893",
        address=Address(lines=("1 MAIN ST",), city="SPRINGFIELD", state="IL", postal_code="62701"),
        references=(Reference(qualifier="TJ", value="371234567"),),
    )
    office_visit = ServicePayment(
        procedure=Procedure(qualifier="HC", code="99213", modifiers=("25",)),
        charge=Money("150.00"),
        paid=Money("100.00"),
        units_paid=Decimal(1),
        dates=(DateReference(qualifier="472", date=date(2025, 1, 6)),),
        adjustments=(_adj("CO", "45", "30.00"), _adj("PR", "2", "20.00")),
        references=(Reference(qualifier="6R", value="1001-1"),),
        amounts=(Amount(qualifier="B6", amount=Money("120.00")),),
    )
    venipuncture = ServicePayment(
        procedure=Procedure(qualifier="HC", code="36415"),
        charge=Money("50.00"),
        paid=Money("20.00"),
        units_paid=Decimal(1),
        dates=(DateReference(qualifier="472", date=date(2025, 1, 6)),),
        adjustments=(_adj("CO", "45", "25.00"), _adj("PR", "3", "5.00")),
        references=(Reference(qualifier="6R", value="1001-2"),),
        amounts=(Amount(qualifier="B6", amount=Money("25.00")),),
        remarks=(Remark(qualifier="HE", code="N130"),),
    )
    first = ClaimPayment(
        patient_control_number="PCN-1001",
        status=ClaimStatus.PROCESSED_AS_PRIMARY,
        charge=Money("200.00"),
        paid=Money("120.00"),
        patient_responsibility=Money("25.00"),
        filing_indicator="12",
        payer_claim_control_number="ICN250115001",
        facility_code="11",
        frequency="1",
        header_number=1,
        patient=EntityName(
            entity_code="QC",
            entity_type="1",
            last_name="DOE",
            first_name="JANE",
            id_qualifier="MI",
            id="W123456789",
        ),
        dates=(DateReference(qualifier="050", date=date(2025, 1, 8)),),
        services=(office_visit, venipuncture),
    )
    second = ClaimPayment(
        patient_control_number="PCN-1002",
        status=ClaimStatus.PROCESSED_AS_PRIMARY,
        charge=Money("80.00"),
        paid=Money("55.50"),
        patient_responsibility=Money("10.00"),
        filing_indicator="12",
        payer_claim_control_number="ICN250115002",
        facility_code="11",
        frequency="1",
        header_number=1,
        patient=EntityName(
            entity_code="QC",
            entity_type="1",
            last_name="ROE",
            first_name="RICHARD",
            id_qualifier="MI",
            id="W987654321",
        ),
        services=(
            ServicePayment(
                procedure=Procedure(qualifier="HC", code="99212"),
                charge=Money("80.00"),
                paid=Money("55.50"),
                units_paid=Decimal(1),
                dates=(DateReference(qualifier="472", date=date(2025, 1, 7)),),
                adjustments=(_adj("CO", "45", "14.50"), _adj("PR", "1", "10.00")),
                references=(Reference(qualifier="6R", value="1002-1"),),
            ),
        ),
    )
    return Remittance(
        control_number="0001",
        payment=Payment(
            handling_code="I",
            amount=Money("165.50"),
            credit_debit="C",
            method="ACH",
            format="CCP",
            sender_dfi_qualifier="01",
            sender_dfi_id="021000021",
            sender_account_qualifier="DA",
            sender_account="1234567890",
            payer_identifier="1060000001",
            receiver_dfi_qualifier="01",
            receiver_dfi_id="071000013",
            receiver_account_qualifier="DA",
            receiver_account="9876543210",
            date=date(2025, 1, 15),
        ),
        trace=Trace(type_code="1", number="EFT0000001", originator_id="1060000001"),
        references=(Reference(qualifier="EV", value="MAINSTCLINIC"),),
        dates=(DateReference(qualifier="405", date=date(2025, 1, 14)),),
        payer=payer,
        payee=payee,
        header_numbers=(
            HeaderNumber(
                number=1,
                provider_summary=ProviderSummary(
                    provider_id="1234567893",
                    facility_code="11",
                    fiscal_period_end=date(2025, 12, 31),
                    claim_count=2,
                    total_charge=Money("280.00"),
                ),
            ),
        ),
        claims=(first, second),
        provider_adjustments=(
            ProviderAdjustment(
                provider_id="1234567893",
                fiscal_period_end=date(2025, 12, 31),
                items=(
                    ProviderAdjustmentItem(
                        reason="WO", reference="ICN241201009", amount=Money("10.00")
                    ),
                ),
            ),
        ),
    )
