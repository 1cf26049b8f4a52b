"""The place-of-service code format (see :mod:`rcm.coding.pos`)."""

from __future__ import annotations

import logging

from rcm.coding._util import clean
from rcm.errors import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

__all__ = ["compact", "format", "is_valid", "validate"]

logger = logging.getLogger(__name__)


def compact(value: str) -> str:
    """Return *value* without spaces, a single digit padded with a leading zero.

    Example:
        >>> compact(" 11 "), compact("2")
        ('11', '02')
    """
    code = clean(value, " -", system="place of service")
    if len(code) == 1 and code.isascii() and code.isdigit():
        return "0" + code
    return code


def validate(value: str) -> str:
    """Return the two-digit code, or raise saying what is wrong (the format only).

    Raises:
        InvalidFormat: not a ``str``, or not digits.
        InvalidLength: not one or two digits.
        InvalidComponent: ``00``.

    Example:
        >>> validate("02")
        '02'
        >>> validate("111")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidLength: place of service '111' has 3 digits, expected 2
    """
    code = compact(value)
    if not code.isascii() or not code.isdigit():
        raise InvalidFormat(
            f"place of service {code!r} has characters other than digits",
            value=code,
            expected="2 digits",
        )
    if len(code) != 2:
        raise InvalidLength(
            f"place of service {code!r} has {len(code)} digits, expected 2",
            value=code,
            expected="2 digits",
        )
    if code == "00":
        raise InvalidComponent("place of service 00 is not a code", value=code, expected="01-99")
    return code


def is_valid(value: object) -> bool:
    """Whether *value* is shaped like a place-of-service code; never raises.

    Whether CMS assigned it is :func:`lookup`'s question.

    Example:
        >>> is_valid("11"), is_valid("00"), is_valid(11)
        (True, False, False)
    """
    try:
        validate(value)  # type: ignore[arg-type]  # any object is checked
    except ValidationError:
        return False
    return True


def format(value: str) -> str:
    """Return the display form (two digits), or *value* unchanged if invalid.

    Example:
        >>> format("2"), format("x")
        ('02', 'x')
    """
    try:
        return validate(value)
    except ValidationError:
        return value
