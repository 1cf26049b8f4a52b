"""ICD-10-CM diagnosis codes: the format, and the code set in force on a date of service.

The format functions (:func:`compact`, :func:`validate`, :func:`is_valid`,
:func:`format`) need no data, as python-stdnum's do. Codes are stored compact
(``E119``) and shown formatted (``E11.9``).

Membership, descriptions and instructional notes come from a
:class:`Release`: rcm ships the FY2025 and FY2026 tabular lists (public domain,
CDC/NCHS), and :func:`load` reads any newer CDC tabular XML. Every lookup takes
the date of service (inpatient: the discharge date) and uses the release in
force on that date; fiscal years run October 1 to September 30. Nothing is read
until the first lookup, and each release is read once.

Example:
    >>> from datetime import date
    >>> from rcm.coding import icd10cm
    >>> icd10cm.validate("e11.9"), icd10cm.format("S72001A"), icd10cm.is_valid("E1")
    ('E119', 'S72.001A', False)
    >>> entry = icd10cm.lookup("E11.9", on=date(2025, 11, 3))
    >>> entry.description, entry.billable, entry.release
    ('Type 2 diabetes mellitus without complications', True, 'FY2026')
    >>> icd10cm.is_billable("E11", on=date(2025, 11, 3))
    False
"""

from __future__ import annotations

from rcm.coding._icd10cm_format import PATTERN, compact, format, is_valid, validate
from rcm.coding._icd10cm_model import CodeRange, Entry, Note, SeventhCharacter, Source
from rcm.coding._icd10cm_release import (
    Release,
    is_billable,
    load,
    lookup,
    register,
    release,
    releases,
    unregister,
)
from rcm.errors import NoReleaseForDate

__all__ = [
    "PATTERN",
    "CodeRange",
    "Entry",
    "NoReleaseForDate",
    "Note",
    "Release",
    "SeventhCharacter",
    "Source",
    "compact",
    "format",
    "is_billable",
    "is_valid",
    "load",
    "lookup",
    "register",
    "release",
    "releases",
    "unregister",
    "validate",
]
