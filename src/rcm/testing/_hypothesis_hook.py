"""Register rcm's strategies with hypothesis's ``from_type``.

Hypothesis calls :func:`_setup` through the ``hypothesis`` entry point declared
in ``pyproject.toml``, so ``st.from_type(Money)`` draws rcm amounts in any
project that has rcm installed. It is a no-op when hypothesis is absent.
"""

from __future__ import annotations

from datetime import timedelta


def _setup() -> None:
    try:
        from hypothesis import strategies as st
    except ImportError:  # pragma: no cover - the hook only runs under hypothesis
        return

    from rcm.coding import tob
    from rcm.dates import DateRange
    from rcm.money import Money
    from rcm.testing import strategies
    from rcm.x12 import Delimiters, Segment

    st.register_type_strategy(Money, strategies.money())
    st.register_type_strategy(
        DateRange,
        st.builds(
            lambda start, days: DateRange(start, start + timedelta(days=days)),
            strategies.service_dates(),
            st.integers(min_value=0, max_value=30),
        ),
    )
    st.register_type_strategy(tob.TypeOfBill, strategies.tob_codes().map(tob.parse))
    st.register_type_strategy(Delimiters, strategies.delimiters())
    st.register_type_strategy(Segment, strategies.segments())
