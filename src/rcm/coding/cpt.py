"""CPT (HCPCS Level I) codes: the format, the category, and a loader for your licensed file.

The AMA's CPT code set has these shapes:

========  ==========================  ==================================
category  shape                       example
========  ==========================  ==================================
``I``     5 digits, or 4 digits + A   ``99213``; ``0001A`` (vaccine admin)
``II``    4 digits + ``F``            ``3074F`` (performance measures)
``III``   4 digits + ``T``            ``0042T`` (emerging technology)
``PLA``   4 digits + ``U``            ``0001U`` (proprietary lab analyses)
``MAAA``  4 digits + ``M``            ``0002M`` (administrative MAAA codes)
========  ==========================  ==================================

CPT descriptors are copyrighted by the AMA and licensed, so rcm ships none,
not even in its tests: load the file your licence gives you with :func:`load`.

Example:
    >>> from rcm.coding import cpt
    >>> cpt.validate(" 99213 "), cpt.category("3074f"), cpt.is_valid("A0425")
    ('99213', 'II', False)
"""

from __future__ import annotations

from rcm.coding._cpt_format import (
    CATEGORIES,
    Category,
    category,
    compact,
    format,
    is_valid,
    validate,
)
from rcm.coding._cpt_table import CptCode, CptTable, load

__all__ = [
    "CATEGORIES",
    "Category",
    "CptCode",
    "CptTable",
    "category",
    "compact",
    "format",
    "is_valid",
    "load",
    "validate",
]
