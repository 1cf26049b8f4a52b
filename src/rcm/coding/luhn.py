"""The Luhn (mod 10, "double-add-double") check digit, as ISO/IEC 7812 defines it.

The NPI check digit is a Luhn digit computed over the NPI with the card-issuer
prefix ``80840`` in front (see :mod:`rcm.coding.npi`); the same algorithm
protects card numbers and many other identifiers.

Like the code modules, this one offers ``compact``, ``validate``, ``is_valid``
and ``format`` for a digit string whose last digit is its Luhn check digit.

Example:
    >>> from rcm.coding import luhn
    >>> luhn.calc_check_digit("7992739871")
    '3'
    >>> luhn.validate("79927398713"), luhn.is_valid("79927398710")
    ('79927398713', False)
"""

from __future__ import annotations

import logging

from rcm.coding._util import clean
from rcm.errors import InvalidChecksum, InvalidFormat, ValidationError

__all__ = ["calc_check_digit", "checksum", "compact", "format", "is_valid", "validate"]

logger = logging.getLogger(__name__)

# Doubling a digit and adding the digits of the product: 0->0, 1->2, ..., 5->1 (10), 9->9 (18).
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def _digits(number: str) -> str:
    if not number or not number.isascii() or not number.isdigit():
        raise InvalidFormat(
            f"{number!r} is not a string of digits", value=number, expected="digits 0-9 only"
        )
    return number


def checksum(number: str) -> int:
    """Return the Luhn checksum of *number*: ``0`` when its last digit checks.

    Raises:
        InvalidFormat: *number* is empty or has a character that is not a digit.

    Example:
        >>> checksum("79927398713"), checksum("79927398710")
        (0, 7)
    """
    total = 0
    for position, char in enumerate(reversed(_digits(number))):
        digit = ord(char) - 48
        total += _DOUBLED[digit] if position % 2 else digit
    return total % 10


def calc_check_digit(number: str) -> str:
    """Return the Luhn check digit to append to *number*.

    Raises:
        InvalidFormat: *number* is empty or has a character that is not a digit.

    Example:
        >>> calc_check_digit("80840123456789")
        '3'
    """
    return str((10 - checksum(_digits(number) + "0")) % 10)


def compact(value: str) -> str:
    """Return *value* without spaces and hyphens.

    Example:
        >>> compact("7992 7398 713")
        '79927398713'
    """
    return clean(value, " -", system="Luhn number")


def validate(value: str) -> str:
    """Return the compact form of *value* if its last digit is its Luhn check digit.

    Raises:
        InvalidFormat: empty, not a ``str``, or not all digits.
        InvalidChecksum: the check digit does not match.

    Example:
        >>> validate("7992-7398-713")
        '79927398713'
        >>> validate("79927398714")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidChecksum: 79927398714 fails the Luhn check (check digit should be 3)
    """
    number = compact(value)
    if len(number) < 2:
        raise InvalidFormat(
            f"{number!r} is too short for a Luhn number", value=number, expected="2 or more digits"
        )
    if checksum(number) != 0:
        expected = calc_check_digit(number[:-1])
        raise InvalidChecksum(
            f"{number} fails the Luhn check (check digit should be {expected})",
            value=number,
            expected=f"check digit {expected}",
        )
    return number


def is_valid(value: object) -> bool:
    """Whether *value* is a digit string with a correct Luhn check digit; never raises.

    Example:
        >>> is_valid("79927398713"), is_valid(79927398713), is_valid(None)
        (True, False, False)
    """
    try:
        validate(value)  # type: ignore[arg-type]  # any object is checked
    except ValidationError:
        return False
    return True


def format(value: str) -> str:
    """Return the compact form of a valid number, or *value* unchanged.

    Example:
        >>> format(" 79927398713 "), format("12")
        ('79927398713', '12')
    """
    try:
        return validate(value)
    except ValidationError:
        return value
