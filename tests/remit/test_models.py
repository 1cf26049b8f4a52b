"""The remit models: frozen, strict, JSON round trip, JSON Schema, no PHI in repr."""

from __future__ import annotations

import json
from datetime import date

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings

from rcm.money import Money
from rcm.remit import (
    Adjustment,
    ClaimPayment,
    ClaimStatus,
    EntityName,
    HeaderNumber,
    Party,
    Payment,
    Procedure,
    ProviderAdjustment,
    ProviderAdjustmentItem,
    Remark,
    Remittance,
    ServicePayment,
    Trace,
)
from rcm.remit._examples import example_remittance
from rcm.testing._remit import remittances

MODELS = [
    Adjustment,
    ClaimPayment,
    EntityName,
    HeaderNumber,
    Party,
    Payment,
    Procedure,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
]


def test_models_are_frozen_and_hashable():
    remit = example_remittance()
    with pytest.raises(pydantic.ValidationError):
        remit.payment = remit.payment  # type: ignore[misc]
    assert hash(remit) == hash(example_remittance())
    assert {remit, example_remittance()} == {remit}


def test_extra_fields_are_refused():
    with pytest.raises(pydantic.ValidationError):
        Adjustment.model_validate({"group": "CO", "reason": "45", "amount": "1.00", "note": "x"})


def test_floats_are_refused_for_money():
    with pytest.raises(pydantic.ValidationError):
        Adjustment(group="CO", reason="45", amount=1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("group", "XX"),
        ("reason", "045"),
        ("reason", "CO45"),
        ("reason", ""),
    ],
)
def test_adjustment_codes_are_checked(field, value):
    data = {"group": "CO", "reason": "45", "amount": Money(1)}
    data[field] = value
    with pytest.raises(pydantic.ValidationError):
        Adjustment.model_validate(data)


def test_rarc_checked_for_he_remarks_only():
    assert Remark(qualifier="RX", code="75").code == "75"
    with pytest.raises(pydantic.ValidationError):
        Remark(qualifier="HE", code="75")


def test_claim_status_meanings_cover_every_status():
    meanings = {status: status.meaning for status in ClaimStatus}
    assert len(set(meanings.values())) == len(ClaimStatus)
    assert ClaimStatus("4").meaning == "denied"


def test_json_round_trip_of_the_example():
    remit = example_remittance()
    text = remit.model_dump_json()
    assert Remittance.model_validate_json(text) == remit
    data = json.loads(text)
    assert data["payment"]["amount"] == "165.50"
    assert data["claims"][0]["services"][0]["adjustments"][0] == {
        "group": "CO",
        "reason": "45",
        "amount": "30.00",
        "quantity": None,
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(remittances(max_claims=3))
def test_json_round_trip_property(remit):
    assert Remittance.model_validate_json(remit.model_dump_json()) == remit
    assert Remittance.model_validate(remit.model_dump()) == remit


@pytest.mark.parametrize("model", MODELS)
def test_json_schema_is_available(model):
    schema = model.model_json_schema()
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False


def test_money_is_a_decimal_string_in_the_schema():
    schema = Adjustment.model_json_schema()
    assert schema["properties"]["amount"]["type"] == "string"


def test_repr_hides_names_ids_and_accounts():
    remit = example_remittance()
    text = repr(remit) + str(remit)
    for secret in ("DOE", "JANE", "ROE", "RICHARD", "W123456789", "W987654321", "9876543210"):
        assert secret not in text
    assert "********89" in text  # masked member ID keeps its last two characters


def test_remittance_header_numbers_must_group_claims_in_order():
    remit = example_remittance()
    first, second = remit.claims
    with pytest.raises(pydantic.ValidationError):
        remit.model_validate(
            {**dict(remit), "claims": (first, second.model_copy(update={"header_number": 2}))}
        )
    with pytest.raises(pydantic.ValidationError):
        remit.model_validate({**dict(remit), "header_numbers": ()})
    with pytest.raises(pydantic.ValidationError):
        remit.model_validate(
            {**dict(remit), "claims": (first, second.model_copy(update={"header_number": None}))}
        )


def test_plb_takes_one_to_six_pairs():
    item = ProviderAdjustmentItem(reason="WO", amount=Money(1))
    ProviderAdjustment(provider_id="1", fiscal_period_end=date(2025, 12, 31), items=(item,) * 6)
    for items in ((), (item,) * 7):
        with pytest.raises(pydantic.ValidationError):
            ProviderAdjustment(provider_id="1", fiscal_period_end=date(2025, 12, 31), items=items)


def test_payment_signed_amount_and_properties():
    debit = Payment(handling_code="I", amount=Money("12.00"), credit_debit="D", method="NON")
    assert debit.signed_amount == Money("-12.00")
    remit = example_remittance()
    assert remit.production_date == date(2025, 1, 14)
    assert remit.provider_adjustment_total == Money("10.00")
    claim = remit.claims[0]
    assert claim.received_date == date(2025, 1, 8)
    assert claim.statement_period is None
    assert claim.adjustment_total == Money("80.00")
    assert [line for line, _ in claim.all_adjustments()] == [1, 1, 2, 2]


def test_trace_and_party_minimal():
    assert Trace(type_code="1", number="X").originator_id is None
    with pytest.raises(pydantic.ValidationError):
        Party(entity_code="PR", name="")
