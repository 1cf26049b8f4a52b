"""Place of service (POS) codes: the format, and the CMS code set bundled with rcm.

A place-of-service code is two digits (``11`` office, ``21`` inpatient
hospital, ``10`` telehealth in the patient's home). It goes on professional
claims: CMS-1500 item 24B, 837P ``CLM05-1`` and ``SV105``. CMS maintains the
set and publishes it as a web page only; rcm bundles it as a table written
from that page by ``scripts/update/pos.py`` (source URL and release in the
file's header), with the effective date CMS states for each code and whether
the Medicare physician fee schedule pays the facility or the non-facility rate
there.

``lookup(code, on=date_of_service)`` answers with a :class:`PlaceOfService`;
a code CMS has not assigned, or one not yet in force on that date, is an
:class:`~rcm.errors.UnknownCode`. :func:`load` reads a table in the same format
(a newer release, or your payer's).

Example:
    >>> from datetime import date
    >>> from rcm.coding import pos
    >>> pos.validate("1"), pos.is_valid("11")
    ('01', True)
    >>> entry = pos.lookup("10", on=date(2025, 6, 1))
    >>> entry.name, entry.facility, entry.release
    ("Telehealth Provided in Patient's Home", False, '2024-05-02')
"""

from __future__ import annotations

import logging
from datetime import date

from rcm.coding._pos_format import compact, format, is_valid, validate
from rcm.coding._pos_table import PlaceOfService, PosTable, bundled, load

__all__ = [
    "PlaceOfService",
    "PosTable",
    "compact",
    "format",
    "is_valid",
    "load",
    "lookup",
    "table",
    "validate",
]

logger = logging.getLogger(__name__)


def table() -> PosTable:
    """The bundled CMS place-of-service table (loaded once, on first use).

    Example:
        >>> t = table()
        >>> t.source
        'https://www.cms.gov/medicare/coding-billing/place-of-service-codes/code-sets'
    """
    return bundled()


def lookup(code: str, *, on: date) -> PlaceOfService:
    """Return the bundled entry for *code* in force on the date of service *on*.

    Raises:
        InvalidFormat: *code* is not two digits.
        UnknownCode: CMS has not assigned *code*, or not yet on *on*.

    Example:
        >>> from datetime import date
        >>> lookup("02", on=date(2021, 3, 1)).name
        'Telehealth'
        >>> lookup("13", on=date(2025, 1, 1)).facility
        False
        >>> lookup("30", on=date(2025, 1, 1))
        Traceback (most recent call last):
        ...
        rcm.errors.UnknownCode: place of service 30 is not assigned in release 2024-05-02
    """
    return bundled().lookup(code, on=on)
