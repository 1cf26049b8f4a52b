"""ICD-10-PCS procedure codes (inpatient procedures): the format only.

An ICD-10-PCS code has exactly seven characters, each a digit or an upper-case
letter other than ``I`` and ``O`` (left out so they are not read as 1 and 0).
Each position is an axis whose meaning depends on the section, the first
character (CMS, *ICD-10-PCS Official Guidelines for Coding and Reporting*,
A.1-A.2). Codes have no decimal point; rcm shows them as they are stored.

rcm ships no ICD-10-PCS tables: this module checks the shape only.

Example:
    >>> from rcm.coding import icd10pcs
    >>> icd10pcs.validate("0dt j4zz"), icd10pcs.is_valid("0DTJ4ZO")
    ('0DTJ4ZZ', False)
    >>> icd10pcs.section("0DTJ4ZZ")
    'Medical and Surgical'
"""

from __future__ import annotations

import logging
import re
from types import MappingProxyType
from typing import Final

from rcm.coding._util import clean
from rcm.errors import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

__all__ = ["SECTIONS", "compact", "format", "is_valid", "section", "validate"]

logger = logging.getLogger(__name__)

_CHAR = "[0-9A-HJ-NP-Z]"
_PATTERN: Final = re.compile(f"^{_CHAR}{{7}}$")

#: Section names by first character (CMS ICD-10-PCS tables, public domain).
SECTIONS: Final = MappingProxyType(
    {
        "0": "Medical and Surgical",
        "1": "Obstetrics",
        "2": "Placement",
        "3": "Administration",
        "4": "Measurement and Monitoring",
        "5": "Extracorporeal or Systemic Assistance and Performance",
        "6": "Extracorporeal or Systemic Therapies",
        "7": "Osteopathic",
        "8": "Other Procedures",
        "9": "Chiropractic",
        "B": "Imaging",
        "C": "Nuclear Medicine",
        "D": "Radiation Therapy",
        "F": "Physical Rehabilitation and Diagnostic Audiology",
        "G": "Mental Health",
        "H": "Substance Abuse Treatment",
        "X": "New Technology",
    }
)


def compact(value: str) -> str:
    """Return *value* without spaces, dots and hyphens, upper case.

    Example:
        >>> compact(" 0dt-j4zz ")
        '0DTJ4ZZ'
    """
    return clean(value, " .-", system="ICD-10-PCS code")


def validate(value: str) -> str:
    """Return the compact code, or raise saying what is wrong.

    Raises:
        InvalidFormat: not a ``str``, or a character outside 0-9 and A-Z without I and O.
        InvalidLength: not seven characters.

    Example:
        >>> validate("02HV33Z")
        '02HV33Z'
        >>> validate("02HV3IZ")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidFormat: ICD-10-PCS code '02HV3IZ' has 'I' at position 6 ...
    """
    code = compact(value)
    if len(code) != 7:
        raise InvalidLength(
            f"ICD-10-PCS code {code!r} has {len(code)} characters, expected 7",
            value=code,
            expected="7 characters",
        )
    if not _PATTERN.match(code):
        position, char = next(
            (index, char) for index, char in enumerate(code, 1) if not re.fullmatch(_CHAR, char)
        )
        raise InvalidFormat(
            f"ICD-10-PCS code {code!r} has {char!r} at position {position}; "
            "only digits and letters other than I and O are used",
            value=code,
            expected="7 of 0-9, A-H, J-N, P-Z",
        )
    return code


def is_valid(value: object) -> bool:
    """Whether *value* is shaped like an ICD-10-PCS code; never raises.

    Example:
        >>> is_valid("0DTJ4ZZ"), is_valid("0DTJ4Z"), is_valid(None)
        (True, False, False)
    """
    try:
        validate(value)  # type: ignore[arg-type]  # any object is checked
    except ValidationError:
        return False
    return True


def format(value: str) -> str:
    """Return the display form (the compact code), or *value* unchanged if invalid.

    Example:
        >>> format("0dtj4zz"), format("0DTJ")
        ('0DTJ4ZZ', '0DTJ')
    """
    try:
        return validate(value)
    except ValidationError:
        return value


def section(value: str) -> str:
    """Return the name of the section a code belongs to (its first character).

    Raises:
        InvalidFormat: the code is malformed.
        InvalidComponent: the first character is not a section CMS defines.

    Example:
        >>> section("BW03ZZZ")
        'Imaging'
    """
    code = validate(value)
    try:
        return SECTIONS[code[0]]
    except KeyError:
        raise InvalidComponent(
            f"ICD-10-PCS code {code} starts with {code[0]!r}, which is not a section",
            value=code,
            expected=f"first character one of {', '.join(SECTIONS)}",
        ) from None
