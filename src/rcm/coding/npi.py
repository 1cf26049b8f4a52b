"""National Provider Identifier (NPI): ten digits with a Luhn check digit.

The NPI final rule (45 CFR 162.406; 69 FR 3434, 2004-01-23) and CMS's
"Requirements for NPI Check Digit" define the format: nine digits and a check
digit, the first digit 1 or 2 (digits reserved for NPIs, so an NPI never
collides with other card-issuer identifiers). The check digit is the Luhn
digit of the NPI prefixed with ``80840`` (80 = health applications,
840 = United States), which is the same as adding the constant 24 to the
Luhn sum of the NPI alone.

The NPI carries no intelligence: a valid format does not mean that NPPES
assigned the number.

Example:
    >>> from rcm.coding import npi
    >>> npi.calc_check_digit("123456789")
    '3'
    >>> npi.validate("1234567893"), npi.is_valid("1234567890")
    ('1234567893', False)
"""

from __future__ import annotations

import logging

from rcm.coding import luhn
from rcm.coding._util import clean
from rcm.errors import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

__all__ = ["PREFIX", "calc_check_digit", "compact", "format", "is_valid", "validate"]

logger = logging.getLogger(__name__)

#: The ISO 7812 card-issuer prefix the check digit is computed with.
PREFIX = "80840"


def compact(value: str) -> str:
    """Return *value* without spaces and hyphens.

    Example:
        >>> compact(" 1234-567-893 ")
        '1234567893'
    """
    return clean(value, " -", system="NPI")


def calc_check_digit(number: str) -> str:
    """Return the check digit for the first nine digits of an NPI.

    Raises:
        InvalidFormat: *number* is not nine digits.

    Example:
        >>> calc_check_digit("199399999")
        '8'
    """
    if len(number) != 9 or not number.isascii() or not number.isdigit():
        raise InvalidFormat(
            f"{number!r} is not the nine-digit start of an NPI",
            value=number,
            expected="9 digits",
        )
    return luhn.calc_check_digit(PREFIX + number)


def validate(value: str) -> str:
    """Return the compact NPI, or raise saying what is wrong.

    Raises:
        InvalidFormat: not a ``str`` or not all digits.
        InvalidLength: not ten digits.
        InvalidComponent: the first digit is not 1 or 2.
        InvalidChecksum: the check digit does not match.

    Example:
        >>> validate("1993999998")
        '1993999998'
        >>> validate("1993999999")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidChecksum: NPI 1993999999 has check digit 9, expected 8
    """
    number = compact(value)
    if not number.isascii() or not number.isdigit():
        raise InvalidFormat(
            f"NPI {number!r} has characters other than digits", value=number, expected="10 digits"
        )
    if len(number) != 10:
        raise InvalidLength(
            f"NPI {number!r} has {len(number)} digits, expected 10",
            value=number,
            expected="10 digits",
        )
    if number[0] not in "12":
        raise InvalidComponent(
            f"NPI {number} starts with {number[0]}; NPIs start with 1 or 2",
            value=number,
            expected="first digit 1 or 2",
        )
    expected = calc_check_digit(number[:9])
    if number[9] != expected:
        raise InvalidChecksum(
            f"NPI {number} has check digit {number[9]}, expected {expected}",
            value=number,
            expected=f"check digit {expected}",
        )
    return number


def is_valid(value: object) -> bool:
    """Whether *value* is a well-formed NPI with a correct check digit; never raises.

    Example:
        >>> is_valid("1234567893"), is_valid(1234567893), is_valid("3234567893")
        (True, False, False)
    """
    try:
        validate(value)  # type: ignore[arg-type]  # any object is checked
    except ValidationError:
        return False
    return True


def format(value: str) -> str:
    """Return the display form (ten digits), or *value* unchanged if invalid.

    Example:
        >>> format("1234 567 893"), format("123")
        ('1234567893', '123')
    """
    try:
        return validate(value)
    except ValidationError:
        return value
