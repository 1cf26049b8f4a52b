"""Reference tables the edits use, read from the files CMS (or your payer) publishes.

None of these tables ships with rcm (they embed CPT codes, licensed by the
AMA): download them and load them here, then put them in
:class:`rcm.edits.Tables`.

- :func:`load_ptp`: NCCI procedure-to-procedure edits (tab-delimited text, or its zips).
- :func:`load_mue`: NCCI medically unlikely edits (CSV).
- :func:`load_aoc`: NCCI add-on code edits (delimited text with a header).
- :func:`load_coverage_csv` and :func:`load_mcd_articles`: medical-necessity coverage.
- :func:`save_cache` / :func:`load_cache`: rcm's own fast file for big PTP tables.

Example:
    >>> from datetime import date
    >>> from rcm.edits.tables import MueRow, MueTable
    >>> MueTable([MueRow("97110", 4, 3)], setting="practitioner").get("97110").value
    4
"""

from __future__ import annotations

from rcm.edits.tables._aoc import AocEntry, AocRow, AocTable, load_aoc
from rcm.edits.tables._cache import CACHE_FORMAT, load_cache, save_cache
from rcm.edits.tables._coverage import (
    CoveragePolicy,
    CoverageTable,
    load_coverage_csv,
    load_mcd_articles,
)
from rcm.edits.tables._mue import MAI_MEANINGS, MueRow, MueTable, load_mue
from rcm.edits.tables._ptp import PtpRow, PtpTable, load_ptp

__all__ = [
    "CACHE_FORMAT",
    "MAI_MEANINGS",
    "AocEntry",
    "AocRow",
    "AocTable",
    "CoveragePolicy",
    "CoverageTable",
    "MueRow",
    "MueTable",
    "PtpRow",
    "PtpTable",
    "load_aoc",
    "load_cache",
    "load_coverage_csv",
    "load_mcd_articles",
    "load_mue",
    "load_ptp",
    "save_cache",
]

for _cls in (
    AocEntry,
    AocRow,
    AocTable,
    CoveragePolicy,
    CoverageTable,
    MueRow,
    MueTable,
    PtpRow,
    PtpTable,
):
    _cls.__module__ = __name__
del _cls
