"""Remittance Advice Remark Codes (RARC): the extra explanation on an 835.

RARCs travel in ``LQ*HE`` (service lines), ``MIA``/``MOA`` (claims) and explain
a CARC further. X12 maintains the list (code source 411). The values are
``M`` and one to three digits (``M15``), ``MA`` and two or three digits
(``MA01``, ``MA130``), or ``N`` and one to four digits (``N130``).

This module checks the *format* only; a code list the user loads with
:func:`load` answers whether a code is in force on a date (rcm ships no RARC
descriptions: X12 owns that text).

Example:
    >>> from rcm.coding import rarc
    >>> rarc.validate(" ma01 "), rarc.is_valid("N130"), rarc.is_valid("X1")
    ('MA01', True, False)
"""

from __future__ import annotations

import re
from os import PathLike
from typing import IO, Final

from rcm.coding._carc_lists import CodeEntry, CodeList, check_format, load_code_list
from rcm.errors import InvalidFormat

__all__ = ["PATTERN", "CodeEntry", "CodeList", "compact", "format", "is_valid", "load", "validate"]

#: The shape of a RARC value.
PATTERN: Final = re.compile(r"^(?:MA[0-9]{2,3}|M[0-9]{1,3}|N[0-9]{1,4})$")

_EXPECTED = "M and 1-3 digits, MA and 2-3 digits, or N and 1-4 digits"


def compact(value: str) -> str:
    """Return *value* without spaces, upper case.

    Example:
        >>> compact(" n 130")
        'N130'
    """
    return value.strip().replace(" ", "").upper()


def validate(value: str) -> str:
    """Return the compact RARC, or raise if its format is wrong.

    Raises:
        InvalidFormat: empty, not a ``str``, or not shaped like a RARC.

    Example:
        >>> validate("m15")
        'M15'
        >>> validate("45")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidFormat: '45' is not a RARC (...)
    """
    return check_format(value, PATTERN, system="RARC", expected=_EXPECTED)


def is_valid(value: object) -> bool:
    """Whether *value* is shaped like a RARC; never raises.

    Example:
        >>> is_valid("MA130"), is_valid(None)
        (True, False)
    """
    try:
        validate(value)  # type: ignore[arg-type]  # any object is checked
    except InvalidFormat:
        return False
    return True


def format(value: str) -> str:
    """Return the display form (the compact form), or *value* unchanged if invalid.

    Example:
        >>> format("n130 "), format("??")
        ('N130', '??')
    """
    try:
        return validate(value)
    except InvalidFormat:
        return value


def load(source: str | PathLike[str] | IO[str], *, release: str | None = None) -> CodeList:
    r"""Load a RARC list from a CSV file with a ``Code`` column (see :mod:`rcm.coding._carc_lists`).

    Trailing ``Start: MM/DD/YYYY`` / ``Stop: MM/DD/YYYY`` notes in the
    description become the entry's dates when the file has no date columns.

    Raises:
        ReferenceDataError: the file cannot be read as a RARC list.

    Example:
        >>> import io
        >>> from datetime import date
        >>> text = "Code,Description\nN1,Old text.Start: 01/01/2000 | Stop: 06/30/2010\n"
        >>> codes = load(io.StringIO(text))
        >>> codes["N1"].is_active(date(2011, 1, 1))
        False
    """
    return load_code_list(source, system="RARC", pattern=PATTERN, release=release)
