"""``post`` and ``Ledger.apply`` give exactly what they gave before their session-3 fast paths.

``reference_post.py`` (beside this file) is a plain copy of
``rcm.remit.posting._post`` as it was before (commit 3b539bb). Every check
posts the same remittance to the same ledger with both and requires equal
results: the same entries (field by field, with the same field types), the
same issues and counts, and the same ledger once applied; and ``Ledger.add``
growing its indexes by whole columns (``_grown_by_columns``) gives the same
indexes, in the same order, as its loop run by run. Inputs: the
benchmark's payer-simulator mix, remittances that pay one claim twice (the
balance changes a run keeps between claim payments), the real 835s of the
corpus, and hypothesis-generated posting cases (reversals, interest, PLBs,
split and bundled lines).
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.errors import RcmError
from rcm.money import Money
from rcm.remit import Remittance
from rcm.remit.posting import Ledger, PostingResult, _ledger, post
from rcm.testing._ledger import PostingCase, posting_cases

if TYPE_CHECKING:  # the fixtures' types (conftest is not importable under importlib mode)
    from conftest import CorpusPosting, SimulatorMix

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load_reference() -> ModuleType:
    path = Path(__file__).with_name("reference_post.py")
    spec = importlib.util.spec_from_file_location("_rcm_reference_post", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


reference = _load_reference()


def _same_entries(fast: tuple[Any, ...], plain: tuple[Any, ...]) -> None:
    assert [e.entry_id for e in plain] == [e.entry_id for e in fast]
    for mine, theirs in zip(fast, plain, strict=True):
        assert attrs.astuple(theirs, recurse=False) == attrs.astuple(mine, recurse=False)
        for field in attrs.fields(type(theirs)):
            name = field.name
            assert type(getattr(theirs, name)) is type(getattr(mine, name)), name
        assert theirs == mine


def _same_results(fast: PostingResult, plain: PostingResult) -> None:
    _same_entries(fast.entries, plain.entries)
    assert plain.issues == fast.issues
    assert [str(i) for i in plain.issues] == [str(i) for i in fast.issues]
    assert plain == fast


def _add_run_by_run(ledger: Ledger, entries: tuple[Any, ...]) -> Ledger:
    """``ledger.add(entries)`` with the column fast paths of Ledger.add switched off."""
    with (
        mock.patch.object(_ledger, "_grown_by_columns", return_value=None),
        mock.patch.object(_ledger, "_all_new", return_value=False),
    ):
        return ledger.add(list(entries))


def _same_index(fast: Ledger, plain: Ledger) -> None:
    assert plain == fast
    assert plain._index == fast._index
    assert list(plain._index.by_claim) == list(fast._index.by_claim)
    assert list(plain._index.keys) == list(fast._index.keys)
    assert list(plain._index.payer_numbers) == list(fast._index.payer_numbers)


def _post_both(ledger: Ledger, remit: Remittance, **options: Any) -> Ledger:
    """Post with both, compare, apply (both ways), post again; the ledger after."""
    fast = post(ledger, remit, **options)
    plain = reference.post(ledger, remit, **options)
    _same_results(fast, plain)
    after = ledger.apply(fast)
    assert after == ledger.apply(plain)
    assert after == ledger.add(list(fast.entries))
    _same_index(after, _add_run_by_run(ledger, fast.entries))
    _same_results(post(after, remit, **options), reference.post(after, remit, **options))
    return after


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_posting_the_simulator_mix_is_the_reference(seed: int, simulator_mix: SimulatorMix) -> None:
    claims, remit = simulator_mix(150, seed=seed, prefix="Q", trace=f"EQ{seed}")
    ledger = Ledger().bill_many(claims, on=date(2025, 3, 4))
    _post_both(ledger, remit)


def test_paying_claims_twice_in_one_remittance_is_the_reference(
    simulator_mix: SimulatorMix,
) -> None:
    claims, remit = simulator_mix(80, seed=4, prefix="Q", trace="EQ4", pay_twice=True)
    ledger = Ledger().bill_many(claims, on=date(2025, 3, 4))
    _post_both(ledger, remit)
    _post_both(ledger, remit, policy=None)
    fast = post(ledger, remit)
    assert fast.claims_held > 0  # some second payments overdraw the claim
    assert fast.claims_posted > 80  # and some fit


def test_the_policy_choices_are_the_reference(simulator_mix: SimulatorMix) -> None:
    claims, remit = simulator_mix(60, seed=5, prefix="Q", trace="EQ5", pay_twice=True)
    ledger = Ledger().bill_many(claims[::2], on=date(2025, 3, 4))
    for unmatched in ("hold", "claim"):
        for credit in (False, True):
            fast = post(
                ledger,
                remit,
                policy=reference_policy(unmatched_lines=unmatched, allow_credit_balance=credit)[0],
            )
            plain = reference.post(
                ledger,
                remit,
                policy=reference_policy(unmatched_lines=unmatched, allow_credit_balance=credit)[1],
            )
            _same_results(fast, plain)


def reference_policy(**choices: Any) -> tuple[Any, Any]:
    from rcm.remit.posting import PostingPolicy

    return PostingPolicy(**choices), reference.PostingPolicy(**choices)


@pytest.mark.shared
def test_posting_the_corpus_is_the_reference(corpus_postings: list[CorpusPosting]) -> None:
    entries = 0
    for case in corpus_postings:
        _post_both(Ledger(), case.remittance, on=case.on)
        after = _post_both(case.billed, case.remittance, on=case.on, payer=case.payer_id)
        entries += len(after) - len(case.billed)
    assert len(corpus_postings) >= 15
    assert entries > 100


@SETTINGS
@given(posting_cases(max_claims=3))
def test_posting_generated_cases_is_the_reference(case: PostingCase) -> None:
    ledger = Ledger()
    for claim in case.claims:
        ledger = ledger.bill(claim, on=case.billed_on)
    for remit in case.remittances:
        ledger = _post_both(ledger, remit)


_CENTS = st.integers(min_value=-(10**9), max_value=10**9)


@settings(max_examples=200, deadline=None)
@given(_CENTS, st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=6))
def test_bundle_splits_are_what_allocate_makes(total: int, weights: list[int]) -> None:
    from rcm.money import allocate
    from rcm.remit.posting._post import _allocate

    if not any(weights):
        weights = [*weights[:-1], 1]
    amounts = tuple(Money.from_cents(weight) for weight in weights)
    expected = allocate(Money.from_cents(total), amounts)
    made: dict[int, Money] = {}
    assert expected == _allocate(Money.from_cents(total), amounts, made)
    assert expected == _allocate(Money.from_cents(total), amounts, made)  # from *made*
    assert all(type(part) is Money for part in _allocate(Money.from_cents(total), amounts, {}))


def test_a_negative_bundle_weight_is_refused_as_allocate_refuses_it() -> None:
    from rcm.money import allocate
    from rcm.remit.posting._post import _allocate

    weights = (Money("5.00"), Money("-1.00"))
    with pytest.raises(RcmError) as plain:
        allocate(Money("3.00"), weights)
    with pytest.raises(type(plain.value)) as fast:
        _allocate(Money("3.00"), weights, {})
    assert str(plain.value) == str(fast.value)
