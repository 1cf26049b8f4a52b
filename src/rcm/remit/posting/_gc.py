"""Pause the cyclic garbage collector while posting builds many small objects."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, if it is on.

    Posting a large remittance allocates hundreds of thousands of entries that
    live on in the ledger, and every full collection walks all of them and the
    ledger again; entries make no reference cycles, so nothing is lost. The
    collector is switched back on when the block ends, however it ends, and
    left alone if it was already off.

    Example:
        >>> import gc
        >>> with gc_paused():
        ...     gc.isenabled()
        False
        >>> gc.isenabled()
        True
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
