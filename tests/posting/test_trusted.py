"""``post`` builds its PostingResult trusted: prove it is what validation makes.

``rcm.remit.posting._post`` builds the result with
``rcm._pydantic.trusted_builder`` (its entries are posting's own, and
validating each of them again cost more than a tenth of posting). These tests
show, on every real corpus 835 that reads (posted to an empty ledger and to a
ledger billed with claims made from the remittance) and on generated claims
and remittances, that the result and every model in it is exactly what
validation makes: ``type(m).model_validate(m.model_dump()) == m``, with the
same types in every field, the same ``repr``, JSON and hash.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from rcm.claims import Claim, ServiceLine
from rcm.claims.examples import professional_claim
from rcm.errors import RcmError
from rcm.remit import ClaimPayment, Remittance, read_835
from rcm.remit.posting import Ledger, LedgerEntry, PostingIssue, PostingResult, post
from rcm.testing._ledger import PostingCase, posting_cases

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same_types(built: Any, validated: Any, where: str) -> None:
    assert type(built) is type(validated), where
    if isinstance(built, BaseModel):
        for name in type(built).model_fields:
            _same_types(getattr(built, name), getattr(validated, name), f"{where}.{name}")
    elif isinstance(built, tuple):
        assert len(built) == len(validated), where
        for number, (a, b) in enumerate(zip(built, validated, strict=True)):
            _same_types(a, b, f"{where}[{number}]")


def assert_as_validated(result: PostingResult) -> None:
    """*result* and every model in it are what validation makes of the same values."""
    assert set(type(result).model_fields) == result.model_fields_set
    assert result.__pydantic_extra__ is None
    validated = PostingResult.model_validate(result.model_dump())
    assert validated == result
    _same_types(result, validated, "PostingResult")
    assert repr(validated) == repr(result)
    assert validated.model_dump_json() == result.model_dump_json()
    assert PostingResult.model_validate_json(result.model_dump_json()) == result
    assert hash(validated) == hash(result)
    assert all(type(entry) is LedgerEntry for entry in result.entries)
    for issue in result.issues:
        assert type(issue) is PostingIssue
        assert PostingIssue.model_validate(issue.model_dump()) == issue


def _claim_for(payment: ClaimPayment, payer_id: str) -> Claim | None:
    """A professional claim the payment pays (its lines from the service payments), if valid."""
    base = professional_claim()
    day = base.lines[0].service_date
    try:
        lines = tuple(
            ServiceLine(
                procedure_code=service.procedure.code,
                modifiers=service.procedure.modifiers,
                charge=abs(service.charge),
                service_date=service.service_period or day,
                diagnosis_pointers=(1,),
            )
            for service in payment.services
        ) or (base.lines[0].model_copy(update={"charge": abs(payment.charge)}),)
        coverage = base.coverage.model_copy(
            update={"payer": base.coverage.payer.model_copy(update={"payer_id": payer_id})}  # type: ignore[union-attr]
        )
        return Claim.model_validate(
            {
                **dict(base),
                "claim_id": payment.patient_control_number,
                "coverage": coverage,
                "lines": lines,
                "total_charge": None,
            }
        )
    except (PydanticValidationError, RcmError):
        return None


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
def test_results_of_posting_the_corpus_are_what_validation_makes(corpus: Path) -> None:
    paths = _readable_corpus_835s(corpus)
    assert len(paths) >= 15
    results = 0
    entries = 0
    for path in paths:
        for remit in read_835(path):
            on = remit.payment.date or remit.production_date or date(2025, 1, 1)
            assert_as_validated(post(Ledger(), remit, on=on))
            payer_id = remit.payer.id or "PAYER"
            claims = {}
            for payment in remit.claims:
                claim = _claim_for(payment, payer_id)
                if claim is not None:
                    claims.setdefault(claim.claim_id, claim)
            ledger = Ledger().bill_many(claims.values(), on=on)
            result = post(ledger, remit, on=on, payer=payer_id)
            assert_as_validated(result)
            results += 2
            entries += len(result.entries)
    assert results > 30
    assert entries > 100


def _post_all(case: PostingCase) -> list[PostingResult]:
    ledger = Ledger()
    for claim in case.claims:
        ledger = ledger.bill(claim, on=case.billed_on)
    results = []
    for remittance in (*case.remittances, *case.remittances[:1]):
        result = post(ledger, remittance)
        results.append(result)
        ledger = ledger.apply(result)
    return results


@SETTINGS
@given(posting_cases(max_claims=3))
def test_results_of_posting_generated_remittances_are_what_validation_makes(
    case: PostingCase,
) -> None:
    for result in _post_all(case):
        assert_as_validated(result)


def test_values_of_other_types_are_validated(
    ledger: Ledger, wrap: Any, payment: ClaimPayment
) -> None:
    remit: Remittance = wrap(payment)
    trusted = post(ledger, remit, on=date(2025, 4, 2))
    assert_as_validated(trusted)
    # A datetime is not a date to pydantic: it goes through validation, which
    # refuses one with a time of day, as it did before results were built trusted.
    with pytest.raises(PydanticValidationError, match="posted_on"):
        post(ledger, remit, on=datetime(2025, 4, 2, 10, 30))
    midnight = post(ledger, remit, on=datetime(2025, 4, 2))
    assert type(midnight.posted_on) is date
    assert trusted.posted_on == midnight.posted_on
