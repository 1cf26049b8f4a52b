from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.coding import tob
from rcm.dates import DateRange
from rcm.money import Money
from rcm.x12 import Delimiters, Segment


@given(
    amount=st.from_type(Money),
    period=st.from_type(DateRange),
    bill=st.from_type(tob.TypeOfBill),
    delims=st.from_type(Delimiters),
    segment=st.from_type(Segment),
)
def test_from_type_is_registered_through_the_entry_point(
    amount: Money, period: DateRange, bill: tob.TypeOfBill, delims: Delimiters, segment: Segment
) -> None:
    assert isinstance(amount, Money)
    assert period.start <= period.end
    assert bill == tob.parse(bill.formatted)
    assert len({delims.element, delims.component, delims.segment}) == 3
    assert segment.id


def test_remit_models_are_registered() -> None:
    from rcm.remit import ClaimPayment, Remittance

    @given(remittance=st.from_type(Remittance), payment=st.from_type(ClaimPayment))
    def check(remittance: Remittance, payment: ClaimPayment) -> None:
        assert isinstance(remittance, Remittance)
        assert isinstance(payment, ClaimPayment)

    check()


def test_claim_models_are_registered() -> None:
    from rcm.claims import Claim, Encounter

    @given(claim=st.from_type(Claim), encounter=st.from_type(Encounter))
    @settings(max_examples=10, deadline=None)
    def check(claim: Claim, encounter: Encounter) -> None:
        assert claim.total_charge == sum((line.charge for line in claim.lines), Money(0))
        assert isinstance(encounter, Encounter)

    check()
