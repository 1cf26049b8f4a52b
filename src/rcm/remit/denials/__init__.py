"""Denial management: a root-cause taxonomy for every CARC/RARC, and what to do next.

:func:`classify` maps an adjustment (group, CARC, remark codes, and facts such
as an NCCI pair's modifier indicator) to a :class:`DenialCategory`, an
:class:`Action` and whether an appeal makes sense (:class:`Appeal`), from
rcm's own table (:func:`default_table`) or yours (:func:`load_denial_table`).
:func:`classify_finding` puts an edit finding's predicted CARC in the same
taxonomy, so prevention and denial analytics line up.

Example:
    >>> from rcm.remit.denials import classify
    >>> c = classify("CO", "197")
    >>> c.category.value, c.action.value, c.appeal.value
    ('authorization', 'appeal', 'yes')
"""

from __future__ import annotations

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

__all__ = [
    "Action",
    "Appeal",
    "Classification",
    "DenialCategory",
    "DenialRule",
    "DenialTable",
    "classify",
    "classify_finding",
    "default_table",
    "finding_context",
    "load_denial_table",
]
