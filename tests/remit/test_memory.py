"""Streaming keeps memory flat: a file ten times longer does not need ten times the memory."""

from __future__ import annotations

import gc
import tracemalloc

from rcm.remit import iter_claims, summarize, write_835
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
