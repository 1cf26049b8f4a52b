"""Strategies for rcm's values: money and dates.

Requires the ``rcmkit[testing]`` extra (hypothesis).
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from rcm.money import Money

__all__ = ["money", "service_dates"]

_DEFAULT_MAX = Money("99999.99")


def _check_money_bound(name: str, value: object) -> Money:
    if isinstance(value, st.SearchStrategy):
        raise TypeError(
            f"{name} takes a Money value, not a strategy; draw the bound first or use st.just"
        )
    if not isinstance(value, Money):
        raise TypeError(f"{name} must be rcm.money.Money, not {type(value).__name__}")
    return value


def money(
    *, min_value: Money | None = None, max_value: Money | None = None
) -> st.SearchStrategy[Money]:
    """Amounts of :class:`~rcm.money.Money` between the bounds, inclusive.

    Shrinks toward the smallest allowed amount closest to ``$0.01`` when that is
    in range, so failing examples read like real, simple charges.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        min_value: the least amount (default ``Money("0.00")``).
        max_value: the greatest amount (default ``Money("99999.99")``).

    Raises:
        TypeError: a bound that is not ``Money`` (a strategy or a float).
        ValueError: ``min_value`` greater than ``max_value``, raised at once.

    Example:
        >>> from rcm.money import Money
        >>> strategy = money(min_value=Money("1.00"), max_value=Money("5.00"))
        >>> Money("1.00") <= strategy.example() <= Money("5.00")  # doctest: +SKIP
        True
    """
    low = _check_money_bound("min_value", min_value) if min_value is not None else Money(0)
    high = _check_money_bound("max_value", max_value) if max_value is not None else _DEFAULT_MAX
    if low > high:
        raise ValueError(f"min_value={low!r} is greater than max_value={high!r}")
    low_cents, high_cents = low.cents, high.cents
    # Shrink toward one cent when allowed: hypothesis shrinks integers toward
    # zero, so draw an offset from the preferred value and map it back.
    preferred = min(max(1, low_cents), high_cents)
    return st.one_of(
        st.integers(min_value=preferred, max_value=high_cents),
        st.integers(min_value=low_cents, max_value=preferred),
    ).map(Money.from_cents)


def service_dates(
    *, min_value: date = date(2024, 10, 1), max_value: date = date(2026, 9, 30)
) -> st.SearchStrategy[date]:
    """Dates of service between the bounds, inclusive.

    The default range is the span the bundled ICD-10-CM releases cover
    (FY2025 and FY2026), so codes drawn for these dates can be looked up.

    Requires the ``rcmkit[testing]`` extra.

    Raises:
        TypeError: a bound that is not a ``date`` (for example a strategy).
        ValueError: ``min_value`` after ``max_value``.

    Example:
        >>> from datetime import date
        >>> s = service_dates(min_value=date(2025, 1, 1), max_value=date(2025, 1, 31))
        >>> s.example().month  # doctest: +SKIP
        1
    """
    for name, value in (("min_value", min_value), ("max_value", max_value)):
        if not isinstance(value, date):
            raise TypeError(
                f"{name} takes a date, not {type(value).__name__}; "
                "to draw from a strategy, use .flatmap"
            )
    if min_value > max_value:
        raise ValueError(f"min_value={min_value} is after max_value={max_value}")
    return st.dates(min_value=min_value, max_value=max_value)
