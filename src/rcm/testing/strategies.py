"""Hypothesis strategies for rcm's values and models, for your property tests.

Requires the ``rcmkit[testing]`` extra (``pip install 'rcmkit[testing]'``).
The strategies follow hypothesis house style: plural names, keyword-only
arguments, and arguments that take strategies where a value would be drawn.
With the extra installed, ``st.from_type(Money)`` and the like work without any
import, through rcm's hypothesis entry point.

Example:
    >>> from hypothesis import given
    >>> from rcm.testing.strategies import money
    >>> @given(money())
    ... def test_money_is_never_negative(amount):
    ...     assert amount.cents >= 0
    >>> test_money_is_never_negative()
"""

from __future__ import annotations

from rcm.testing._values import money, service_dates

__all__ = ["money", "service_dates"]
