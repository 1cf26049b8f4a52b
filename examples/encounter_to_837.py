"""From a coded encounter to a claim to an 837P, and back, with its CMS-1500 boxes.

Builds an office visit (made-up patient, clinic and payers), prices it with a
fee schedule loaded from CSV text, makes the claim for the primary payer,
writes the 837P, reads it back, then bills the secondary payer with the
primary's adjudication in the COB loops. Needs nothing outside the package.

Run: ``python examples/encounter_to_837.py``
"""

from __future__ import annotations

import io
from datetime import date, time
from decimal import Decimal

from rcm.claims import (
    Adjustment,
    LineAdjudication,
    PayerAdjudication,
    Receiver,
    Submitter,
    cms1500_fields,
    from_encounter,
    load_fee_schedule,
    read_837,
    write_837p,
)
from rcm.claims.examples import office_visit
from rcm.money import Money
from rcm.x12 import Delimiters, Envelope

FEE_SCHEDULE = """code,modifiers,amount,description
99213,,125.00,established patient visit
36415,,15.00,venipuncture
"""


def main() -> None:
    encounter = office_visit()
    fees = load_fee_schedule(io.StringIO(FEE_SCHEDULE), name="clinic 2025")

    claim = from_encounter(encounter, fee_schedule=fees)
    print(
        f"claim for {claim.coverage.payer.name if claim.coverage.payer else '?'}: "
        f"{len(claim.lines)} lines, total {claim.total_charge}"
    )
    for line in claim.lines:
        print(
            f"  {line.procedure_code} {' '.join(line.modifiers):3} {line.charge:>8} "
            f"pointers {line.diagnosis_pointers}"
        )

    envelope = Envelope(
        sender_id="SFC01",
        receiver_id="ACMEHP",
        date=date(2025, 3, 4),
        time=time(9, 30),
        interchange_control_number=1001,
    )
    submitter = Submitter(name="SPRINGFIELD FAMILY CLINIC", id="SFC01", phone="2175550100")
    text = write_837p(
        [claim],
        envelope=envelope,
        submitter=submitter,
        receiver=Receiver(name="ACME HEALTH PLAN", id="60054"),
        delimiters=Delimiters(suffix="\n"),
    )
    print(f"837P: {text.count(chr(10))} segments")

    (back,) = read_837(text)
    assert back == claim, "reading the 837 gives the claim back"
    print("read back: the same claim")

    # The primary paid; bill the secondary with the primary's adjudication.
    primary_id = encounter.coverages[0].payer.payer_id if encounter.coverages[0].payer else ""
    paid = {"99213": Money("100.00"), "36415": Money("12.00")}
    lines = []
    for procedure in encounter.procedures:
        code = procedure.code or ""
        charge = fees.price(code, procedure.modifiers)
        lines.append(
            LineAdjudication(
                payer_id=primary_id,
                paid_amount=paid[code],
                procedure_code=code,
                modifiers=procedure.modifiers,
                units=Decimal(1),
                paid_date=date(2025, 3, 28),
                adjustments=(Adjustment(group="PR", reason="2", amount=charge - paid[code]),),
            )
        )
    adjudication = PayerAdjudication(
        paid_amount=sum(paid.values(), Money(0)),
        paid_date=date(2025, 3, 28),
        claim_control_number="ACME778899",
        lines=tuple(lines),
    )
    secondary = from_encounter(
        encounter, fee_schedule=fees, payer_order="secondary", adjudications=[adjudication]
    )
    text = write_837p(
        [secondary],
        envelope=envelope,
        submitter=submitter,
        receiver=Receiver(name="STATE MEDICAID", id="77027"),
    )
    assert [secondary] == list(read_837(text))
    print(
        f"secondary claim: responsibility {secondary.responsibility}, primary paid "
        f"{secondary.other_payers[0].paid_amount}"
    )

    (page,) = cms1500_fields(claim)
    print("CMS-1500:", {box: page[box] for box in ("1", "21.A", "21.B", "24D.1.code", "28")})


if __name__ == "__main__":
    main()
