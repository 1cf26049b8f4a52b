"""Code values and code sets by date of service.

Each code system is a module with ``compact``, ``validate``, ``is_valid`` and
``format`` for the format alone (no data needed); membership and attributes
come from a release chosen by the date of service.

Example:
    >>> from rcm.coding import icd10cm
    >>> icd10cm.format("E119")
    'E11.9'
"""

from __future__ import annotations

from rcm.coding import icd10cm

__all__ = ["icd10cm"]
