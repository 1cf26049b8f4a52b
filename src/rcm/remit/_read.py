"""Read 835 files: whole transactions (:func:`read_835`) or claim by claim (:func:`iter_claims`)."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterator
from typing import Final

from rcm.remit._models import ClaimPayment, HeaderNumber, Remittance
from rcm.remit._parse import ClaimContext, Event, TransactionEnd, events, remittance_of
from rcm.x12 import Source, X12Reader

__all__ = ["iter_claims", "read_835"]

logger = logging.getLogger(__name__)


#: How many new objects a transaction must leave before they are promoted
#: (see :func:`_gc_paused`): about 700 claims; rcm.remit.posting uses the same.
PROMOTE_AT: Final = 20_000


@contextlib.contextmanager
def _gc_paused(*, promote: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while rcm builds models, if it is on.

    Reading allocates many small container objects that live on (the models),
    and each full collection walks all of them again: on a 20,000-claim
    transaction that is most of the time spent. The collector is switched back
    on before any of your code runs (every ``yield`` happens outside the pause)
    and when anything goes wrong; it is left alone if it was already off.

    With *promote* (:func:`read_835`, whose models live on with the
    remittance) and at least :data:`PROMOTE_AT` new objects (a large
    transaction, not a few claims), the objects built are handed to the
    collector's oldest generation as it is switched back on, with
    ``gc.freeze()`` then ``gc.unfreeze()`` (two list splices). Left in the
    youngest generation, the hundreds of thousands of objects of a large
    transaction would be walked one by one by the next young collection, and
    again as they age: a fifth of the time of reading them. Objects that were
    young at that moment (yours too) move with them: a reference cycle among
    them is reclaimed at the next full collection instead of a young one;
    that is why small transactions promote nothing (reading many small files
    in a loop would otherwise keep your garbage cycles from every young
    collection). Nothing is promoted when objects are frozen already (your
    own ``gc.freeze()``), since ``gc.unfreeze()`` would release those too.
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


def _log_warnings(reader: X12Reader, seen: int) -> int:
    for warning in reader.warnings[seen:]:
        # Envelope facts only (counts, control numbers): no PHI.
        logger.warning("%s: %s", reader.name, warning)
    return len(reader.warnings)


def read_835(
    source: Source, *, strict: bool = False, name: str | None = None
) -> Iterator[Remittance]:
    """Read an 835 file, yielding one :class:`Remittance` per ST/SE transaction set, lazily.

    Each remittance is complete (header, claims, PLB) when it is yielded; the
    next transaction is not read until you ask for it. A transaction's claims
    are held in memory together; for one huge transaction use
    :func:`iter_claims`.

    Args:
        source: a path, X12 text, bytes, or an open file (see :class:`rcm.x12.X12Reader`).
        strict: raise :class:`rcm.errors.X12SyntaxError` for envelope problems
            (wrong SE/GE/IEA counts or control numbers) instead of logging them
            as warnings on the ``rcm.remit`` logger.
        name: the source name used in error messages.

    Raises:
        X12SyntaxError: the input is not X12 (no ISA, truncated, bad delimiters).
        RemitParseError: the X12 is not a readable 005010X221A1 835 (another
            transaction set, an 004010 guide, a non-numeric amount, a segment
            out of place); it names the segment number, ID, loop and element.

    Example:
        >>> from rcm.remit import write_835
        >>> from rcm.remit._examples import example_remittance
        >>> [remit] = read_835(write_835([example_remittance()]))
        >>> remit.payer.name, len(remit.claims), remit.payment.amount
        ('ACME HEALTH PLAN', 2, Money('165.50'))
    """
    with X12Reader(source, strict=strict, name=name) as reader:
        stream = events(reader, source=reader.name, contexts=False)
        seen = 0
        while True:
            with _gc_paused(promote=True):
                remittance = _next_remittance(stream)
            seen = _log_warnings(reader, seen)
            if remittance is None:
                return
            yield remittance


def _next_remittance(stream: Iterator[Event]) -> Remittance | None:
    """Read events up to the end of the next transaction and build its Remittance."""
    header: Remittance | None = None
    header_numbers: list[HeaderNumber] = []
    claims: list[ClaimPayment] = []
    for event in stream:
        if type(event) is ClaimPayment:  # events(..., contexts=False) yields them bare
            claims.append(event)
        elif isinstance(event, HeaderNumber):
            header_numbers.append(event)
        elif isinstance(event, Remittance):
            header = event
        elif isinstance(event, TransactionEnd):
            assert header is not None
            return remittance_of(
                header, tuple(header_numbers), tuple(claims), event.provider_adjustments
            )
    return None


def iter_claims(
    source: Source, *, strict: bool = False, name: str | None = None
) -> Iterator[tuple[ClaimContext, ClaimPayment]]:
    """Stream the claim payments of an 835 one by one, in bounded memory.

    Yields ``(context, claim)`` pairs as each claim's last segment is read.
    ``context`` is a :class:`ClaimContext`: ``context.remittance`` is the
    transaction's header (payment, trace, payer, payee; no claims, and no PLB
    because PLB follows the last claim), ``context.header_number`` the LX group,
    ``context.claim_index``/``transaction_index`` the positions. Only one claim
    is held at a time, so a transaction of 200,000 claims streams in the memory
    of one. For totals and PLBs of huge files, see :func:`rcm.remit.summarize`.

    Args:
        source: a path, X12 text, bytes, or an open file.
        strict: raise for envelope problems instead of logging them.
        name: the source name used in error messages.

    Raises:
        X12SyntaxError: the input is not X12.
        RemitParseError: the X12 is not a readable 005010X221A1 835.

    Example:
        >>> from rcm.remit import write_835
        >>> from rcm.remit._examples import example_remittance
        >>> for context, claim in iter_claims(write_835([example_remittance()])):
        ...     print(context.claim_index, claim.patient_control_number, claim.paid)
        1 PCN-1001 120.00
        2 PCN-1002 55.50
    """
    with X12Reader(source, strict=strict, name=name) as reader:
        stream = events(reader, source=reader.name)
        seen = 0
        # The collector is paused while each claim is read, as _gc_paused does,
        # written out here because this runs once per claim: the context
        # manager's own cost would be a tenth of reading a claim.
        while True:
            paused = gc.isenabled()
            if paused:
                gc.disable()
            try:
                item = next(stream, None)
                while item is not None and not isinstance(item, (tuple, TransactionEnd)):
                    item = next(stream, None)
            finally:
                if paused:
                    gc.enable()
            if item is None or isinstance(item, TransactionEnd):
                seen = _log_warnings(reader, seen)
                if item is None:
                    return
                continue
            yield item
