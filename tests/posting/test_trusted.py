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
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from rcm.remit import ClaimPayment, Remittance
from rcm.remit.posting import Ledger, LedgerEntry, PostingIssue, PostingResult, post
from rcm.testing._ledger import PostingCase, posting_cases

if TYPE_CHECKING:  # the fixture's type (conftest is not importable under importlib mode)
    from conftest import CorpusPosting

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


@pytest.mark.shared
def test_results_of_posting_the_corpus_are_what_validation_makes(
    corpus_postings: list[CorpusPosting],
) -> None:
    assert len({case.path for case in corpus_postings}) >= 15
    entries = 0
    for case in corpus_postings:
        assert_as_validated(post(Ledger(), case.remittance, on=case.on))
        result = post(case.billed, case.remittance, on=case.on, payer=case.payer_id)
        assert_as_validated(result)
        entries += len(result.entries)
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
