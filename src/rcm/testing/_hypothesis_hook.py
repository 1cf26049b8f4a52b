"""Register rcm's strategies with hypothesis's ``from_type``.

Hypothesis calls :func:`_setup` through the ``hypothesis`` entry point declared
in ``pyproject.toml``, so ``st.from_type(Money)`` draws rcm amounts in any
project that has rcm installed. It is a no-op when hypothesis is absent.
"""

from __future__ import annotations


def _setup() -> None:
    try:
        from hypothesis import strategies as st
    except ImportError:  # pragma: no cover - the hook only runs under hypothesis
        return

    from rcm.money import Money
    from rcm.testing import strategies

    st.register_type_strategy(Money, strategies.money())
