"""An aging report and KPIs of the example denial ledger, for docstrings and docs."""

from __future__ import annotations

from datetime import date

from rcm.ar._aging import AgingReport, aging
from rcm.ar._kpis import KpiReport, kpis
from rcm.remit.denials._examples import example_denied_ledger

__all__ = ["example_aging", "example_kpis"]


def example_aging() -> AgingReport:
    """The aging of :func:`~rcm.remit.denials._examples.example_denied_ledger` on 2025-05-31.

    Example:
        >>> example_aging().as_of
        datetime.date(2025, 5, 31)
    """
    return aging(example_denied_ledger(), as_of=date(2025, 5, 31))


def example_kpis() -> KpiReport:
    """The KPIs of the same ledger for March 2025.

    Example:
        >>> len(example_kpis().kpis)
        7
    """
    return kpis(example_denied_ledger(), start=date(2025, 3, 1), end=date(2025, 3, 31))
