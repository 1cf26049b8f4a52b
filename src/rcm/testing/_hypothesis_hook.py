"""Register rcm's strategies with hypothesis's ``from_type``.

Hypothesis calls :func:`_setup` through the ``hypothesis`` entry point declared
in ``pyproject.toml``, so ``st.from_type(Money)`` draws rcm amounts in any
project that has rcm installed. It is a no-op when hypothesis is absent.

Hypothesis runs the hook while it is itself being imported, which may be in
the middle of importing ``rcm.testing``; so every strategy is registered
through ``st.deferred`` and rcm's strategy modules are imported only when a
test first draws from one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any


def _strategy(name: str) -> Callable[[], Any]:
    def build() -> Any:
        from rcm.testing import strategies

        return getattr(strategies, name)()

    return build


def _date_ranges() -> Any:
    from hypothesis import strategies as st

    from rcm.dates import DateRange
    from rcm.testing import strategies

    return st.builds(
        lambda start, days: DateRange(start, start + timedelta(days=days)),
        strategies.service_dates(),
        st.integers(min_value=0, max_value=30),
    )


def _types_of_bill() -> Any:
    from rcm.coding import tob
    from rcm.testing import strategies

    return strategies.tob_codes().map(tob.parse)


def _setup() -> None:
    try:
        from hypothesis import strategies as st
    except ImportError:  # pragma: no cover - the hook only runs under hypothesis
        return

    # Only value classes are imported here: they import nothing of rcm.testing.
    from rcm.claims import Claim, Encounter, ServiceLine
    from rcm.coding import tob
    from rcm.dates import DateRange
    from rcm.money import Money
    from rcm.remit import Adjustment, ClaimPayment, Remittance, ServicePayment
    from rcm.remit.posting import LedgerEntry
    from rcm.x12 import Ack999, Delimiters, Segment

    registrations: list[tuple[type, Callable[[], Any]]] = [
        (Money, _strategy("money")),
        (DateRange, _date_ranges),
        (tob.TypeOfBill, _types_of_bill),
        (Delimiters, _strategy("delimiters")),
        (Segment, _strategy("segments")),
        (Ack999, _strategy("acks_999")),
        (Remittance, _strategy("remittances")),
        (ClaimPayment, _strategy("claim_payments")),
        (ServicePayment, _strategy("service_payments")),
        (Adjustment, _strategy("adjustments")),
        (Claim, _strategy("claims")),
        (Encounter, _strategy("encounters")),
        (ServiceLine, _strategy("service_lines")),
        (LedgerEntry, _strategy("ledger_entries")),
    ]
    for cls, build in registrations:
        st.register_type_strategy(cls, st.deferred(build))
