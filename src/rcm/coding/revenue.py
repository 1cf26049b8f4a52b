"""UB-04 revenue codes (form locator 42, 837I ``SV201``): the format.

A revenue code is four digits with a leading zero for the classic range
(``0450`` emergency room). The NUBC assigns them in groups of ten: the first
three digits name the category (``045X``), the last the subcategory, where 0
is the general classification. The classic range is ``0001``-``0999`` (``0001``
is the total-charges line, ``0022``-``0024`` carry HIPPS rate codes, ``010X``
to ``099X`` are charge categories), extended by ``100X``, ``210X`` and ``310X``.
This module checks the four-digit shape only.

Some systems drop the leading zero (``450``): :func:`compact` puts it back.
rcm ships no revenue code descriptions (NUBC owns the text).

Example:
    >>> from rcm.coding import revenue
    >>> revenue.compact("450"), revenue.validate("0450"), revenue.category("0451")
    ('0450', '0450', '045X')
"""

from __future__ import annotations

import logging

from rcm.coding._util import clean
from rcm.errors import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

__all__ = ["TOTAL_CHARGES", "category", "compact", "format", "is_valid", "validate"]

logger = logging.getLogger(__name__)

#: The revenue code of the total-charges line on a UB-04.
TOTAL_CHARGES = "0001"


def compact(value: str) -> str:
    """Return *value* without spaces, padded with a leading zero to four digits.

    Only a three-digit value is padded (``'450'`` becomes ``'0450'``).

    Example:
        >>> compact(" 450 "), compact("0450"), compact("45")
        ('0450', '0450', '45')
    """
    code = clean(value, " -", system="revenue code")
    if len(code) == 3 and code.isascii() and code.isdigit():
        return "0" + code
    return code


def validate(value: str) -> str:
    """Return the four-digit revenue code, or raise saying what is wrong.

    Raises:
        InvalidFormat: not a ``str``, or not all digits.
        InvalidLength: not three or four digits.
        InvalidComponent: ``0000``.

    Example:
        >>> validate("0001"), validate("0762")
        ('0001', '0762')
        >>> validate("45X")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidFormat: revenue code '45X' has characters other than digits
    """
    code = compact(value)
    if not code.isascii() or not code.isdigit():
        raise InvalidFormat(
            f"revenue code {code!r} has characters other than digits",
            value=code,
            expected="4 digits",
        )
    if len(code) != 4:
        raise InvalidLength(
            f"revenue code {code!r} has {len(code)} digits, expected 4 (or 3 without the "
            "leading zero)",
            value=code,
            expected="4 digits",
        )
    if code == "0000":
        raise InvalidComponent(
            "revenue code 0000 is not assigned", value=code, expected="0001-9999"
        )
    return code


def is_valid(value: object) -> bool:
    """Whether *value* is shaped like a revenue code; never raises.

    Example:
        >>> is_valid("0450"), is_valid("450"), is_valid(450), is_valid("04500")
        (True, True, False, False)
    """
    try:
        validate(value)  # type: ignore[arg-type]  # any object is checked
    except ValidationError:
        return False
    return True


def format(value: str) -> str:
    """Return the display form (four digits, leading zero), or *value* unchanged if invalid.

    Example:
        >>> format("450"), format("4X")
        ('0450', '4X')
    """
    try:
        return validate(value)
    except ValidationError:
        return value


def category(value: str) -> str:
    """Return the revenue code's category, the first three digits and ``X``.

    Example:
        >>> category("450"), category("0001")
        ('045X', '000X')
    """
    return validate(value)[:3] + "X"
