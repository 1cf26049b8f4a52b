"""Code values and code sets by date of service.

Each code system is a module with ``compact``, ``validate``, ``is_valid`` and
``format`` for the format alone (no data needed), as python-stdnum's modules
are; membership and attributes come from a release chosen by the date of
service (``icd10cm.release(on=...)``, ``hcpcs.load_anweb(...)``, ``pos.lookup``).

Modules: ``icd10cm``, ``icd10pcs``, ``cpt``, ``hcpcs``, ``modifier``, ``npi``
(with ``luhn``), ``pos``, ``revenue``, ``tob`` (type of bill), ``ndc``,
``taxonomy`` (NUCC), ``carc`` and ``rarc`` (remittance codes).

Importing this package reads no data.

Example:
    >>> from rcm.coding import icd10cm, npi, ndc
    >>> icd10cm.format("E119"), npi.is_valid("1234567893"), ndc.to_11("0002-1433-80")
    ('E11.9', True, '00002143380')
"""

from __future__ import annotations

from rcm.coding import (
    carc,
    cpt,
    hcpcs,
    icd10cm,
    icd10pcs,
    luhn,
    modifier,
    ndc,
    npi,
    pos,
    rarc,
    revenue,
    taxonomy,
    tob,
)
from rcm.coding._protocol import CodeModule

__all__ = [
    "CodeModule",
    "carc",
    "cpt",
    "hcpcs",
    "icd10cm",
    "icd10pcs",
    "luhn",
    "modifier",
    "ndc",
    "npi",
    "pos",
    "rarc",
    "revenue",
    "taxonomy",
    "tob",
]
