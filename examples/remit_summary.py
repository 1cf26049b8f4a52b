"""Build an 835 with rcm's writer, then read it back, check it and summarise it.

Run: python examples/remit_summary.py

Everything here is made up; nothing is read from disk. It shows the round
trip (write_835 -> read_835), balancing, netting a reversal, the flat
service-row export and the streaming summary that ``rcm remit summary`` prints.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import date
from decimal import Decimal

from rcm.money import Money
from rcm.remit import (
    Adjustment,
    ClaimPayment,
    ClaimStatus,
    DateReference,
    EntityName,
    Party,
    Payment,
    Procedure,
    ProviderAdjustment,
    ProviderAdjustmentItem,
    Remittance,
    ServicePayment,
    Trace,
    check_balance,
    net_claims,
    read_835,
    service_rows,
    summarize,
    write_835,
)


def line(code: str, charge: str, contractual: str, patient: str, reason: str) -> ServicePayment:
    """A service line that balances: paid = charge - contractual - patient share."""
    charge_m, co, pr = Money(charge), Money(contractual), Money(patient)
    adjustments = [Adjustment(group="CO", reason="45", amount=co)]
    if pr:
        adjustments.append(Adjustment(group="PR", reason=reason, amount=pr))
    return ServicePayment(
        procedure=Procedure(qualifier="HC", code=code),
        charge=charge_m,
        paid=charge_m - co - pr,
        units_paid=Decimal(1),
        dates=(DateReference(qualifier="472", date=date(2025, 3, 3)),),
        adjustments=tuple(adjustments),
    )


def claim(pcn: str, status: ClaimStatus, lines: list[ServicePayment]) -> ClaimPayment:
    return ClaimPayment(
        patient_control_number=pcn,
        status=status,
        charge=sum((item.charge for item in lines), Money(0)),
        paid=sum((item.paid for item in lines), Money(0)),
        patient_responsibility=sum(
            (a.amount for item in lines for a in item.adjustments if a.group == "PR"), Money(0)
        ),
        filing_indicator="CI",
        patient=EntityName(entity_code="QC", entity_type="1", last_name="SAMPLE", first_name="PAT"),
        services=tuple(lines),
    )


def negate(original: ClaimPayment) -> ClaimPayment:
    """How a payer reverses a payment: the same claim with every amount negated."""
    return original.model_copy(
        update={
            "status": ClaimStatus.REVERSAL,
            "charge": -original.charge,
            "paid": -original.paid,
            "patient_responsibility": -(original.patient_responsibility or Money(0)),
            "services": tuple(
                item.model_copy(
                    update={
                        "charge": -item.charge,
                        "paid": -item.paid,
                        "adjustments": tuple(
                            a.model_copy(update={"amount": -a.amount}) for a in item.adjustments
                        ),
                    }
                )
                for item in original.services
            ),
        }
    )


def build() -> Remittance:
    first = claim(
        "ACCT-001",
        ClaimStatus.PROCESSED_AS_PRIMARY,
        [line("99214", "180.00", "52.00", "25.00", "3"), line("81002", "20.00", "12.00", "0", "2")],
    )
    denied = claim("ACCT-002", ClaimStatus.DENIED, [line("97110", "95.00", "95.00", "0", "1")])
    earlier = claim(
        "ACCT-003",
        ClaimStatus.PROCESSED_AS_PRIMARY,
        [line("99213", "120.00", "40.00", "20.00", "2")],
    )
    corrected = claim(
        "ACCT-003",
        ClaimStatus.PROCESSED_AS_PRIMARY,
        [line("99213", "120.00", "30.00", "20.00", "2")],
    )
    claims = (first, denied, negate(earlier), corrected)
    interest = ProviderAdjustment(
        provider_id="1234567893",
        fiscal_period_end=date(2025, 12, 31),
        items=(ProviderAdjustmentItem(reason="L6", amount=Money("-1.15")),),
    )
    paid = sum((c.paid for c in claims), Money(0)) - interest.total
    return Remittance(
        control_number="1001",
        payment=Payment(
            handling_code="C", amount=paid, credit_debit="C", method="ACH", date=date(2025, 3, 14)
        ),
        trace=Trace(type_code="1", number="EFT20250314", originator_id="1234567890"),
        dates=(DateReference(qualifier="405", date=date(2025, 3, 13)),),
        payer=Party(entity_code="PR", name="EXAMPLE MUTUAL", id_qualifier="XV", id="EXMUT"),
        payee=Party(entity_code="PE", name="EXAMPLE CLINIC", id_qualifier="XX", id="1234567893"),
        claims=claims,
        provider_adjustments=(interest,),
    )


def main() -> int:
    remittance = build()
    text = write_835([remittance])
    [back] = read_835(text)
    assert back == remittance, "read_835(write_835(x)) must give x back"
    print(f"wrote and read back an 835 of {len(text)} characters: equal")

    problems = check_balance(back)
    print(f"balancing problems: {len(problems)}")
    for problem in problems:
        print(f"  {problem}")

    print("net per claim (reversals netted):")
    for net in net_claims(back.claims):
        print(f"  {net.patient_control_number}: paid {net.paid}, reversed: {net.has_reversal}")

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["patient_control_number", "claim_status", "procedure_code", "line_paid"])
    for row in service_rows(back):
        writer.writerow(
            [
                row["patient_control_number"],
                row["claim_status"],
                row["procedure_code"],
                row["line_paid"],
            ]
        )
    print("service rows (CSV):")
    print(out.getvalue().rstrip())

    summary = summarize(text, name="example.835")
    [transaction] = summary.transactions
    print(
        f"summary: payer {transaction.payer_name}, payment {transaction.payment_amount}, "
        f"{transaction.claim_count} claims, balanced: {summary.is_balanced}"
    )
    for group, reason, amount in transaction.adjustments:
        print(f"  {group}-{reason}: {amount}")
    return 0 if summary.is_balanced else 1


if __name__ == "__main__":
    sys.exit(main())
