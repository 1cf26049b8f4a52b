"""HCPCS Level II codes: the format, and loaders for the CMS files.

A HCPCS Level II code is a letter and four digits (``J1100``, ``G0008``).
CMS groups them by the letter (see :data:`SECTIONS`); the letters in use are
A-V except F, I, N and O. ``D`` codes are the ADA's CDT dental codes, which
HCPCS carries as Level II codes (their descriptors are ADA copyright).
HCPCS Level I is CPT (five digits): :func:`level` tells the two apart, and
:mod:`rcm.coding.cpt` checks CPT codes.

Level II codes and descriptors are public domain, but rcm ships no HCPCS
release: load the quarterly file from CMS with :func:`load_anweb` (the
fixed-width "ANWEB" record layout), or a CSV with :func:`load_csv`. A release
knows each code's add, action and termination dates, so
``release.lookup(code, on=date_of_service)`` refuses a code after its
termination date.

Example:
    >>> from rcm.coding import hcpcs
    >>> hcpcs.validate(" j1100 "), hcpcs.is_valid("99213"), hcpcs.level("99213")
    ('J1100', False, 1)
    >>> hcpcs.section("E0601")
    'Durable medical equipment'
"""

from __future__ import annotations

from rcm.coding._hcpcs_anweb import RECORD_LENGTH, load_anweb
from rcm.coding._hcpcs_csv import load_csv
from rcm.coding._hcpcs_format import (
    LETTERS,
    SECTIONS,
    compact,
    format,
    is_dental,
    is_valid,
    level,
    section,
    validate,
)
from rcm.coding._hcpcs_release import HcpcsCode, HcpcsRelease

__all__ = [
    "LETTERS",
    "RECORD_LENGTH",
    "SECTIONS",
    "HcpcsCode",
    "HcpcsRelease",
    "compact",
    "format",
    "is_dental",
    "is_valid",
    "level",
    "load_anweb",
    "load_csv",
    "section",
    "validate",
]
