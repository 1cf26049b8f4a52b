"""Pause the cyclic garbage collector while posting builds many small objects."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Final

__all__ = ["PROMOTE_AT", "gc_paused"]

#: How many new objects a block must leave before they are promoted (see
#: :func:`gc_paused`): a large posting, not a claim or two.
PROMOTE_AT: Final = 20_000


@contextlib.contextmanager
def gc_paused(*, promote: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, if it is on.

    Posting a large remittance allocates hundreds of thousands of entries that
    live on in the ledger, and every full collection walks all of them and the
    ledger again; entries make no reference cycles, so nothing is lost. The
    collector is switched back on when the block ends, however it ends, and
    left alone if it was already off.

    With *promote* (:func:`~rcm.remit.posting.post`, :meth:`Ledger.add
    <rcm.remit.posting.Ledger.add>` and ``bill_many``, whose entries live on
    in the ledger) and at least :data:`PROMOTE_AT` new objects, the objects
    are handed to the collector's oldest generation as it is switched back
    on, with ``gc.freeze()`` then ``gc.unfreeze()`` (two list splices), as
    :func:`rcm.remit.read_835` does. Left in the youngest generation, the
    million entries of a large remittance would be walked one by one by the
    next young collection, and again as they age. The few objects of yours
    that were young at that moment (a young generation holds some thousands
    at most) move with them: a reference cycle among them is reclaimed at the
    next full collection instead of a young one. Small blocks promote
    nothing, so a loop posting one claim at a time keeps the collector's
    usual rhythm (promoting every time would keep the cycles your code makes
    between calls away from young collections, and promoted objects never
    count towards a full one). Nothing is promoted when objects are frozen
    already (your own ``gc.freeze()``), since ``gc.unfreeze()`` would
    release those too.

    Example:
        >>> import gc
        >>> with gc_paused(promote=True):
        ...     gc.isenabled()
        False
        >>> gc.isenabled(), gc.get_freeze_count()
        (True, 0)
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if promote and gc.get_count()[0] >= PROMOTE_AT and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()
