"""The edit engine: find what a payer would deny, say why, and what would fix it.

An edit is declared as data (:class:`EditSpec`: a stable code such as
``PTP001``, severity, message, citations, the CARC/RARC a payer would
return) and checked by a pure function of the claim and a :class:`Context`.
:func:`run` returns a :class:`Report` of :class:`Finding` values.

Example:
    >>> from datetime import date
    >>> from rcm.claims.examples import professional_claim
    >>> from rcm.edits import Context, Tables, run
    >>> from rcm.edits.tables import PtpRow, PtpTable
    >>> ptp = PtpTable.from_rows([PtpRow("99214", "71046", date(2020, 1, 1), None, 1, "demo")])
    >>> report = run(professional_claim(), Context(as_of=date(2025, 3, 10), tables=Tables(ptp=ptp)))
    >>> finding = report.findings[0]
    >>> finding.code, finding.lines, finding.carc
    ('PTP002', (0, 1), '97')
    >>> finding.message
    '71046 is bundled into 99214 (modifier indicator 1) and no NCCI modifier is reported'
"""

from __future__ import annotations

from rcm.edits._context import (
    MEDICARE_FILING_LIMIT,
    Context,
    FilingLimit,
    History,
    PackRule,
    PriorLine,
    RulePack,
    Tables,
)
from rcm.edits._engine import Report, run, run_many
from rcm.edits._errors import EditCheckError, EditPluginError, EditSelectionError
from rcm.edits._finding import Finding
from rcm.edits._registry import (
    ENTRY_POINT_GROUP,
    NO_PLUGINS_ENV,
    Edit,
    Registry,
    load_plugins,
    register,
    registry,
)
from rcm.edits._spec import CODE_PATTERN, DOCS_URL, Citation, EditSpec, Severity, Status
from rcm.edits.plugins import Check

__all__ = [
    "CODE_PATTERN",
    "DOCS_URL",
    "ENTRY_POINT_GROUP",
    "MEDICARE_FILING_LIMIT",
    "NO_PLUGINS_ENV",
    "Check",
    "Citation",
    "Context",
    "Edit",
    "EditCheckError",
    "EditPluginError",
    "EditSelectionError",
    "EditSpec",
    "FilingLimit",
    "Finding",
    "History",
    "PackRule",
    "PriorLine",
    "Registry",
    "Report",
    "RulePack",
    "Severity",
    "Status",
    "Tables",
    "load_plugins",
    "register",
    "registry",
    "run",
    "run_many",
]

for _cls in (
    Citation,
    Context,
    Edit,
    EditCheckError,
    EditPluginError,
    EditSelectionError,
    EditSpec,
    FilingLimit,
    Finding,
    History,
    PackRule,
    PriorLine,
    Registry,
    Report,
    RulePack,
    Severity,
    Status,
    Tables,
):
    _cls.__module__ = __name__
del _cls
