"""Denial management: a root-cause taxonomy, a worklist, and the claims that answer denials.

:func:`classify` maps an adjustment (group, CARC, remark codes, and facts such
as an NCCI pair's modifier indicator) to a :class:`DenialCategory`, an
:class:`Action` and whether an appeal makes sense (:class:`Appeal`), from
rcm's own table (:func:`default_table`) or yours (:func:`load_denial_table`,
:class:`PayerPolicy`). :func:`classify_finding` puts an edit finding's
predicted CARC in the same taxonomy, so prevention and denial analytics line
up. :func:`worklist` ranks open denials and underpayments by amount at risk
and days left; :func:`corrected_claim`, :func:`void_claim` and
:func:`secondary_claim` build the claims that answer them.

Example:
    >>> from rcm.remit.denials import classify
    >>> c = classify("CO", "197")
    >>> c.category.value, c.action.value, c.appeal.value
    ('authorization', 'appeal', 'yes')
"""

from __future__ import annotations

from rcm.remit.denials._claims import (
    corrected_claim,
    effective_payments,
    secondary_claim,
    void_claim,
)
from rcm.remit.denials._taxonomy import (
    Action,
    Appeal,
    Classification,
    DenialCategory,
    DenialRule,
    DenialTable,
    classify,
    classify_finding,
    default_table,
    finding_context,
    load_denial_table,
)
from rcm.remit.denials._worklist import (
    MEDICARE_APPEALS,
    PayerPolicy,
    Worklist,
    WorklistItem,
    worklist,
)

__all__ = [
    "MEDICARE_APPEALS",
    "Action",
    "Appeal",
    "Classification",
    "DenialCategory",
    "DenialRule",
    "DenialTable",
    "PayerPolicy",
    "Worklist",
    "WorklistItem",
    "classify",
    "classify_finding",
    "corrected_claim",
    "default_table",
    "effective_payments",
    "finding_context",
    "load_denial_table",
    "secondary_claim",
    "void_claim",
    "worklist",
]
