"""The 835 reader builds its models trusted: prove they are what validation makes.

``rcm.remit._parse`` builds claim payments, service payments and their parts
(and the whole ``Remittance``) with ``rcm._pydantic.trusted_builder``,
skipping pydantic validation. These tests show, on every real corpus 835 that
reads and on generated remittances, that every model the reader returns is
exactly what validation would have produced: ``type(m).model_validate(
m.model_dump()) == m`` for every model, recursively, with the same types
(enum members, tuples, ``Money``, ``Decimal``, ``date``) in every field, the
same ``repr`` and JSON.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from rcm.errors import RcmError
from rcm.remit import (
    Adjustment,
    Amount,
    ClaimPayment,
    Communication,
    Contact,
    DateReference,
    EntityName,
    InpatientAdjudication,
    OutpatientAdjudication,
    Procedure,
    Quantity,
    Reference,
    Remark,
    Remittance,
    ServicePayment,
    iter_claims,
    read_835,
    write_835,
)
from rcm.testing._remit import claim_payments, remittances


def _same_types(built: Any, validated: Any, where: str) -> None:
    assert type(built) is type(validated), where
    if isinstance(built, BaseModel):
        assert built.model_fields_set <= set(type(built).model_fields), where
        assert built.__pydantic_extra__ is None, where
        for name in type(built).model_fields:
            _same_types(getattr(built, name), getattr(validated, name), f"{where}.{name}")
    elif isinstance(built, tuple):
        assert len(built) == len(validated), where
        for n, (a, b) in enumerate(zip(built, validated, strict=True)):
            _same_types(a, b, f"{where}[{n}]")


def _models(value: Any) -> list[BaseModel]:
    found: list[BaseModel] = []
    if isinstance(value, BaseModel):
        found.append(value)
        for name in type(value).model_fields:
            found.extend(_models(getattr(value, name)))
    elif isinstance(value, tuple):
        for item in value:
            found.extend(_models(item))
    return found


#: ClaimPayment fields set only when their segment is present (NM1 roles, MIA, MOA).
_CLAIM_SINGLES = frozenset(
    {
        "patient",
        "insured",
        "corrected_patient",
        "service_provider",
        "crossover_carrier",
        "corrected_priority_payer",
        "other_subscriber",
        "inpatient",
        "outpatient",
    }
)


#: The models the parser builds trusted (the others it validates).
_TRUSTED = (
    ClaimPayment,
    ServicePayment,
    Adjustment,
    Reference,
    DateReference,
    Amount,
    Quantity,
    Procedure,
    EntityName,
    Remark,
    Contact,
    Communication,
    InpatientAdjudication,
    OutpatientAdjudication,
    Remittance,
)


def _expected_fields_set(model: BaseModel) -> set[str]:
    # what model_validate records for the parser's input: every field it gives,
    # which for a claim leaves out the one-segment fields whose segment is absent
    if not isinstance(model, _TRUSTED):
        return set(model.model_fields_set)  # validated: whatever validation recorded
    fields = set(type(model).model_fields)
    if isinstance(model, ClaimPayment):
        fields -= {name for name in _CLAIM_SINGLES if getattr(model, name) is None}
    return fields


def assert_as_validated(model: BaseModel) -> int:
    """Check *model* and every model inside it; return how many were checked."""
    models = _models(model)
    for item in models:
        assert item.model_fields_set == _expected_fields_set(item)
        assert list(item.__dict__) == list(type(item).model_fields)  # every field, in order
        validated = type(item).model_validate(item.model_dump())
        assert validated == item
        _same_types(item, validated, type(item).__name__)
        assert repr(validated) == repr(item)
        assert validated.model_dump_json() == item.model_dump_json()
        assert hash(validated) == hash(item)
    return len(models)


def _readable_corpus_835s(corpus: Path) -> list[Path]:
    found = []
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.name != "MANIFEST.md":
            head = path.read_bytes()[:4096]
            if b"ST*835*" in head or b"ST|835|" in head:
                try:
                    list(read_835(path))
                except RcmError:
                    continue
                found.append(path)
    return found


@pytest.mark.shared
def test_every_model_read_from_the_corpus_is_what_validation_makes(corpus: Path) -> None:
    paths = _readable_corpus_835s(corpus)
    assert len(paths) >= 15  # the readable 835s of the corpus (test_corpus.py lists them)
    checked = 0
    claims = 0
    for path in paths:
        remittances_read = list(read_835(path))
        for remit in remittances_read:
            checked += assert_as_validated(remit)
            claims += len(remit.claims)
        streamed = [claim for _, claim in iter_claims(path)]
        assert streamed == [claim for remit in remittances_read for claim in remit.claims]
        for claim in streamed:
            assert_as_validated(claim)
    assert claims > 100
    assert checked > 1000


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(remit=remittances(max_claims=4))
def test_every_model_read_from_a_generated_835_is_what_validation_makes(
    remit: Remittance,
) -> None:
    [read] = read_835(write_835([remit]))
    assert_as_validated(read)
    assert read.claims == remit.claims


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=st.lists(claim_payments(max_services=4), min_size=1, max_size=3))
def test_streamed_claims_are_what_validation_makes(claims: list[ClaimPayment]) -> None:
    base = Remittance.model_validate(
        {
            "payment": {
                "handling_code": "I",
                "amount": sum((claim.paid for claim in claims), claims[0].paid * 0),
                "credit_debit": "C",
                "method": "NON",
                "date": "2025-01-31",
            },
            "trace": {"type_code": "1", "number": "T1"},
            "payer": {"entity_code": "PR", "name": "PAYER"},
            "payee": {"entity_code": "PE", "name": "CLINIC"},
            "claims": tuple(claim.model_copy(update={"header_number": None}) for claim in claims),
        }
    )
    streamed = [claim for _, claim in iter_claims(write_835([base]))]
    assert streamed == list(base.claims)
    for claim in streamed:
        assert_as_validated(claim)


def test_the_check_catches_a_wrong_type() -> None:
    # the helper itself must be able to fail: a str where validation gives an enum member
    [remit] = read_835(write_835([_example()]))
    claim = remit.claims[0]
    broken = claim.model_construct(**{**dict(claim), "status": claim.status.value})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic warns when it serialises the str
        with pytest.raises(AssertionError):
            assert_as_validated(broken)


def _example() -> Remittance:
    from rcm.remit._examples import example_remittance

    return example_remittance()


def test_model_copy_leaves_the_other_models_fields_sets_alone() -> None:
    # claims, lines and names read from one file share their fields-set objects:
    # pydantic copies a model's set before model_copy(update=...) adds to it
    [remit] = read_835(write_835([_example()]))
    first, second = remit.claims
    before = set(second.model_fields_set), set(second.services[0].model_fields_set)
    changed = first.model_copy(update={"patient": None, "frequency": "7"})
    line = first.services[0].model_copy(update={"revenue_code": "0450"})
    assert {"patient", "frequency"} <= changed.model_fields_set
    assert line.revenue_code == "0450"
    assert (set(second.model_fields_set), set(second.services[0].model_fields_set)) == before
    assert first.model_fields_set == _expected_fields_set(first)
