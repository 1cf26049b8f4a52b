"""Streaming keeps memory flat: a file ten times longer does not need ten times the memory."""

from __future__ import annotations

import gc
import tracemalloc
import weakref

from rcm.remit import check_balance, iter_claims, read_835, summarize, write_835
from rcm.remit._examples import example_remittance


def _repeated(claims: int) -> str:
    """An 835 whose claim loops repeat the example's, *claims* claims in one transaction."""
    text = write_835([example_remittance()])
    segments = text.split("~")
    first = next(i for i, seg in enumerate(segments) if seg.startswith("CLP*"))
    plb = next(i for i, seg in enumerate(segments) if seg.startswith("PLB*"))
    se = next(i for i, seg in enumerate(segments) if seg.startswith("SE*"))
    block = segments[first:plb]  # the example's two claims
    body = [seg.replace("CLP*PCN-", f"CLP*N{n}-", 1) for n in range(claims // 2) for seg in block]
    head, tail = segments[:first], segments[plb:se]
    st = next(i for i, seg in enumerate(head) if seg.startswith("ST*"))
    count = len(head) - st + len(body) + len(tail) + 1
    out = [*head, *body, *tail, f"SE*{count}*0001", *segments[se + 1 :]]
    return "~".join(out)


def test_iter_claims_holds_one_claim_at_a_time():
    text = _repeated(2000)
    for _ in iter_claims(_repeated(20)):  # warm caches and imports
        pass
    samples = {}
    gc.collect()
    tracemalloc.start()
    try:
        for context, _claim in iter_claims(text):
            if context.claim_index in (200, 1000, 1800):
                samples[context.claim_index] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    # holding the claims read so far would add about 15 kB per claim (24 MB here)
    assert samples[1800] - samples[200] < 500_000, samples
    assert samples[1800] - samples[1000] < 500_000, samples


def test_summarize_does_not_keep_claims():
    text = _repeated(2000)
    summarize(_repeated(20))
    gc.collect()
    tracemalloc.start()
    try:
        summary = summarize(text)
        current = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert summary.claim_count == 2000
    assert current < 2_000_000, current


def test_read_835_hands_its_models_to_the_oldest_generation():
    text = _repeated(2000)  # about 50,000 new objects: above PROMOTE_AT
    gc.collect()
    [remit] = read_835(text)
    # the collector is on again, and the youngest generation is not left holding
    # the transaction's objects for the next young collection to walk
    assert gc.isenabled()
    assert gc.get_count()[0] < 1000
    assert gc.get_freeze_count() == 0
    assert len(remit.claims) == 2000
    # the repeated claims balance; BPR02 is the example's, so only the transaction rule fails
    assert [problem.rule for problem in check_balance(remit)] == ["transaction"]


def test_read_835_leaves_objects_you_froze_frozen():
    text = _repeated(20)
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        [remit] = read_835(text)
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    assert len(remit.claims) == 20


def test_read_835_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        [remit] = read_835(_repeated(20))
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert len(remit.claims) == 20


class _Node:
    pass


def test_a_small_read_leaves_your_young_cycles_to_young_collections():
    # reading many small files in a loop must not keep garbage cycles from
    # young collections (a promoted cycle waits for the next full collection)
    text = _repeated(20)
    gc.collect()
    node = _Node()
    node.self = node  # type: ignore[attr-defined]
    ref = weakref.ref(node)
    del node
    [remit] = read_835(text)
    gc.collect(1)  # the young generations only
    assert ref() is None
    assert len(remit.claims) == 20
