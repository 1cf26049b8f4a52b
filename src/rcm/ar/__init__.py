"""Accounts receivable: aging as of any date, and revenue-cycle KPIs, from a posting ledger.

:func:`aging` buckets what each payer and the patient owe (0-30, 31-60,
61-90, 91-120, over 120 days) without letting later events leak into earlier
dates; :func:`kpis` computes the clean claim rate, first-pass resolution,
denial rates, net days in A/R, net collection rate and aged A/R, each with
its formula, includes and excludes.

Example:
    >>> from datetime import date
    >>> from rcm.ar import aging
    >>> from rcm.remit.denials._examples import example_denied_ledger
    >>> aging(example_denied_ledger(), as_of=date(2025, 5, 31)).total
    Money('127.40')
"""

from __future__ import annotations

from rcm.ar._aging import BUCKETS, AgingBasis, AgingReport, AgingRow, aging, bucket_of
from rcm.ar._kpis import Kpi, KpiReport, kpis

__all__ = [
    "BUCKETS",
    "AgingBasis",
    "AgingReport",
    "AgingRow",
    "Kpi",
    "KpiReport",
    "aging",
    "bucket_of",
    "kpis",
]
