"""pandas DataFrames from rcm's models, for analysts in notebooks: exact money, no PHI.

Five functions, one row per thing an analyst counts:

* :func:`service_frame`: one row per 835 service line (the columns of
  :func:`rcm.remit.service_rows`), from remittances or a streamed 835 file.
* :func:`claim_line_frame`: one row per service line of rcm.claims claims.
* :func:`finding_frame`: one row per finding of rcm.edits reports.
* :func:`ledger_frame`: one row per posting-ledger entry.
* :func:`aging_frame`: one row per party of an AR aging.

Columns have stable names and order (the ``*_COLUMNS`` tuples) and kinds
(:data:`COLUMN_KINDS`). Money is never float: ``money="decimal"`` (the
default) keeps exact ``Decimal`` objects, ``money="cents"`` gives exact whole
cents as pandas' nullable ``Int64``. Dates are ``datetime64[s]`` at midnight
(``NaT`` when absent), so ``resample`` and ``dt.to_period("M")`` work.
Patient names, member IDs and birth dates are never read.

pandas is an optional extra (``pip install 'rcmkit[pandas]'``): importing
this module never imports it; calling a function without it raises
:class:`MissingDependency`.

Example:
    >>> from rcm.batch import service_frame
    >>> from rcm.remit._examples import example_remittance
    >>> frame = service_frame(example_remittance(), money="cents")
    >>> frame.groupby("procedure_code")["line_paid"].sum().to_dict()
    {'36415': 2000, '99212': 5550, '99213': 10000}
"""

from __future__ import annotations

from rcm.batch._build import MONEY_POLICIES, MoneyPolicy
from rcm.batch._errors import MissingDependency, UnsupportedInput
from rcm.batch._frames import (
    AGING_COLUMNS,
    CLAIM_LINE_COLUMNS,
    COLUMN_KINDS,
    FINDING_COLUMNS,
    LEDGER_COLUMNS,
    SERVICE_COLUMNS,
    aging_frame,
    claim_line_frame,
    finding_frame,
    ledger_frame,
    service_frame,
)

__all__ = [
    "AGING_COLUMNS",
    "CLAIM_LINE_COLUMNS",
    "COLUMN_KINDS",
    "FINDING_COLUMNS",
    "LEDGER_COLUMNS",
    "MONEY_POLICIES",
    "SERVICE_COLUMNS",
    "MissingDependency",
    "MoneyPolicy",
    "UnsupportedInput",
    "aging_frame",
    "claim_line_frame",
    "finding_frame",
    "ledger_frame",
    "service_frame",
]
