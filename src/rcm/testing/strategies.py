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

from rcm.testing._claims import claims, encounters, service_lines
from rcm.testing._codes import (
    cpt_codes,
    hcpcs_codes,
    icd10pcs_codes,
    modifiers,
    ndcs,
    npis,
    pos_codes,
    revenue_codes,
    taxonomy_codes,
    tob_codes,
)
from rcm.testing._edits import clean_claims, edit_cases, from_edit_table
from rcm.testing._icd10cm import icd10cm_codes
from rcm.testing._ledger import ledger_entries, line_decisions, posting_cases
from rcm.testing._remit import adjustments, claim_payments, remittances, service_payments
from rcm.testing._values import money, service_dates
from rcm.testing._x12 import acks_999, delimiters, segments

__all__ = [
    "acks_999",
    "adjustments",
    "claim_payments",
    "claims",
    "clean_claims",
    "cpt_codes",
    "delimiters",
    "edit_cases",
    "encounters",
    "from_edit_table",
    "hcpcs_codes",
    "icd10cm_codes",
    "icd10pcs_codes",
    "ledger_entries",
    "line_decisions",
    "modifiers",
    "money",
    "ndcs",
    "npis",
    "pos_codes",
    "posting_cases",
    "remittances",
    "revenue_codes",
    "segments",
    "service_dates",
    "service_lines",
    "service_payments",
    "taxonomy_codes",
    "tob_codes",
]
