from __future__ import annotations

from datetime import date, time

import pytest

from rcm._demo_payer import LineDecision, adjudicate, reversal_of
from rcm.claims import (
    ClaimValidationError,
    Receiver,
    Submitter,
    from_encounter,
    read_837,
    write_837p,
)
from rcm.claims.examples import clinic_fees, office_visit, professional_claim
from rcm.money import Money
from rcm.remit import Procedure
from rcm.remit.denials import corrected_claim, effective_payments, secondary_claim, void_claim
from rcm.remit.posting._examples import example_payment
from rcm.x12 import Envelope

PAID_ON = date(2025, 3, 20)


def _write(claim) -> str:  # type: ignore[no-untyped-def]
    env = Envelope(
        sender_id="CLINIC",
        receiver_id="MCD",
        date=date(2025, 3, 21),
        time=time(9, 0),
        functional_id="HC",
    )
    return write_837p(
        [claim],
        envelope=env,
        submitter=Submitter(name="CLINIC", id="C1", phone="2175550100"),
        receiver=Receiver(name="STATE MEDICAID", id="77027"),
    )


def test_corrected_and_void_claims() -> None:
    claim = professional_claim()
    fixed = corrected_claim(claim, payer_claim_number="ICN9", lines=(claim.lines[0],))
    assert ("7", "ICN9", Money("180.00")) == (
        fixed.frequency_code,
        fixed.original_claim_number,
        fixed.total_charge,
    )
    void = void_claim(claim, payer_claim_number="ICN9")
    assert ("8", claim.lines) == (void.frequency_code, void.lines)
    text = _write(fixed)
    assert "REF*F8*ICN9" in text
    assert "CLM*CLM0000001*180***11:B:7" in text


def test_corrected_claim_still_checks_the_rules() -> None:
    with pytest.raises(ClaimValidationError):
        corrected_claim(professional_claim(), payer_claim_number="ICN9", lines=())


def test_secondary_claim_carries_the_primary_adjudication() -> None:
    primary = from_encounter(office_visit(), fee_schedule=clinic_fees())
    claim = secondary_claim(primary, example_payment().claims[0], paid_date=PAID_ON)
    assert ("S", "77027", "1") == (
        claim.responsibility,
        claim.coverage.payer.payer_id,
        claim.frequency_code,
    )
    [prior] = claim.other_payers
    assert ("P", Money("89.60"), Money("22.40"), "ACM2503200001", PAID_ON) == (
        prior.responsibility,
        prior.paid_amount,
        prior.remaining_patient_liability,
        prior.claim_control_number,
        prior.paid_date,
    )
    for line in claim.lines:
        [adj] = line.adjudications
        assert line.charge == adj.paid_amount + sum((a.amount for a in adj.adjustments), Money(0))
    # The 837P writer accepts it and the reader gives it back.
    [back] = list(read_837(_write(claim)))
    assert claim.other_payers[0].paid_amount == back.other_payers[0].paid_amount
    assert [line.adjudications[0].paid_amount for line in claim.lines] == [
        line.adjudications[0].paid_amount for line in back.lines
    ]


def test_secondary_after_reversal_uses_the_correction() -> None:
    primary = from_encounter(office_visit(), fee_schedule=clinic_fees())
    first = example_payment().claims[0]
    correction = adjudicate(
        primary,
        [
            LineDecision(allowed=Money("110.00"), coinsurance=Money("22.00")),
            LineDecision(allowed=Money("12.00"), coinsurance=Money("2.40")),
        ],
        payer_claim_number="ICN-NEW",
    )
    payments = [first, reversal_of(first), correction]
    assert [correction] == list(effective_payments(payments))
    claim = secondary_claim(primary, payments, paid_date=PAID_ON)
    assert (Money("97.60"), Money("24.40"), "ICN-NEW") == (
        claim.other_payers[0].paid_amount,
        claim.other_payers[0].remaining_patient_liability,
        claim.other_payers[0].claim_control_number,
    )


def test_secondary_of_a_bundled_payment_splits_by_charge() -> None:
    primary = from_encounter(office_visit(), fee_schedule=clinic_fees())
    bundled = adjudicate(
        primary,
        [LineDecision(allowed=Money("112.00")), LineDecision(bundle_into=0)],
        payer_claim_number="ICN-B",
    )
    claim = secondary_claim(primary, bundled, paid_date=PAID_ON)
    for line in claim.lines:
        [adj] = line.adjudications
        assert line.charge == adj.paid_amount + sum((a.amount for a in adj.adjustments), Money(0))
    assert Money("112.00") == sum(
        (line.adjudications[0].paid_amount for line in claim.lines), Money(0)
    )


def test_no_next_payer() -> None:
    claim = professional_claim()
    payment = adjudicate(claim, [LineDecision(), LineDecision()], payer_claim_number="I")
    with pytest.raises(ClaimValidationError, match="names no payer after P"):
        secondary_claim(claim, payment, paid_date=PAID_ON)


def test_service_payment_that_fits_no_line() -> None:
    primary = from_encounter(office_visit(), fee_schedule=clinic_fees())
    payment = example_payment().claims[0]
    odd = payment.services[0].model_copy(
        update={"procedure": Procedure(qualifier="HC", code="80053"), "dates": ()}
    )
    with pytest.raises(ClaimValidationError, match="cannot be placed"):
        secondary_claim(
            primary,
            payment.model_copy(update={"services": (odd, payment.services[1])}),
            paid_date=PAID_ON,
        )


def test_everything_reversed() -> None:
    primary = from_encounter(office_visit(), fee_schedule=clinic_fees())
    first = example_payment().claims[0]
    with pytest.raises(ClaimValidationError, match="no claim payment stands"):
        secondary_claim(primary, [first, reversal_of(first)], paid_date=PAID_ON)
