"""Claim Adjustment Reason Codes (CARC): the *why* of every 835 adjustment.

A CARC is the reason code of a ``CAS`` triplet (``CAS*CO*45*12.00``: group
``CO``, reason ``45``). X12 maintains the list (code source 139) and updates it
three times a year. The values are one to three digits (``1``-``306`` and
counting) or a letter and one or two digits (``A1``, ``B13``, ``P21``, ``W1``).

This module checks the *format* only, as python-stdnum modules do; whether a
code is in force on a date is a question for a code list the user loads with
:func:`load` (rcm ships no CARC descriptions: X12 owns that text).

Example:
    >>> from rcm.coding import carc
    >>> carc.validate(" 45 "), carc.is_valid("B13"), carc.is_valid("045")
    ('45', True, False)
    >>> carc.format("co-45")
    'co-45'
"""

from __future__ import annotations

import re
from os import PathLike
from typing import IO, Final

from rcm.coding._carc_lists import CodeEntry, CodeList, check_format, load_code_list
from rcm.errors import InvalidFormat

__all__ = ["PATTERN", "CodeEntry", "CodeList", "compact", "format", "is_valid", "load", "validate"]

#: The shape of a CARC value: ``1``-``999`` without leading zeros, or a letter
#: and one or two digits.
PATTERN: Final = re.compile(r"^(?:[1-9][0-9]{0,2}|[A-Z][0-9]{1,2})$")

_EXPECTED = "1 to 3 digits without a leading zero, or a letter and 1 or 2 digits"


def compact(value: str) -> str:
    """Return *value* without spaces, upper case.

    Example:
        >>> compact(" b13 ")
        'B13'
    """
    return value.strip().replace(" ", "").upper()


def validate(value: str) -> str:
    """Return the compact CARC, or raise if its format is wrong.

    Raises:
        InvalidFormat: empty, not a ``str``, or not shaped like a CARC.

    Example:
        >>> validate("p21")
        'P21'
        >>> validate("CO45")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidFormat: 'CO45' is not a CARC (...)
    """
    return check_format(value, PATTERN, system="CARC", expected=_EXPECTED)


def is_valid(value: object) -> bool:
    """Whether *value* is shaped like a CARC; never raises.

    Example:
        >>> is_valid("45"), is_valid(45), is_valid("")
        (True, False, False)
    """
    try:
        validate(value)  # type: ignore[arg-type]  # any object is checked
    except InvalidFormat:
        return False
    return True


def format(value: str) -> str:
    """Return the display form (the compact form), or *value* unchanged if invalid.

    Example:
        >>> format(" 45"), format("not a code")
        ('45', 'not a code')
    """
    try:
        return validate(value)
    except InvalidFormat:
        return value


def load(source: str | PathLike[str] | IO[str], *, release: str | None = None) -> CodeList:
    r"""Load a CARC list from a CSV file with a ``Code`` column (see :mod:`rcm.coding._carc_lists`).

    Args:
        source: a path or an open text file.
        release: what the list is, in your words (``"2024-11"``); shown in errors.

    Raises:
        ReferenceDataError: the file cannot be read as a CARC list.

    Example:
        >>> import io
        >>> codes = load(io.StringIO("Code,Description\n45,Your own text\n"), release="mine")
        >>> codes.lookup("45").description
        'Your own text'
    """
    return load_code_list(source, system="CARC", pattern=PATTERN, release=release)
