"""The HCPCS Level II code format and its sections (see :mod:`rcm.coding.hcpcs`)."""

from __future__ import annotations

import logging
import re
from types import MappingProxyType
from typing import Final, Literal

from rcm.coding import _cpt_format as cpt
from rcm.coding._util import clean
from rcm.errors import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

__all__ = [
    "LETTERS",
    "SECTIONS",
    "compact",
    "format",
    "is_dental",
    "is_valid",
    "level",
    "section",
    "validate",
]

logger = logging.getLogger(__name__)

#: What each first letter covers, in CMS's words (HCPCS Level II general
#: information and the annual HCPCS file's index, public domain).
SECTIONS: Final = MappingProxyType(
    {
        "A": (
            "Transportation services, medical and surgical supplies, miscellaneous and experimental"
        ),
        "B": "Enteral and parenteral therapy",
        "C": "Outpatient prospective payment system (temporary codes)",
        "D": "Dental procedures (CDT)",
        "E": "Durable medical equipment",
        "G": "Procedures and professional services (temporary codes)",
        "H": "Alcohol and drug abuse treatment services (state Medicaid agencies)",
        "J": "Drugs administered other than oral method, chemotherapy drugs",
        "K": "Temporary codes for durable medical equipment MACs",
        "L": "Orthotic and prosthetic procedures and devices",
        "M": "Medical services and quality measures",
        "P": "Pathology and laboratory services",
        "Q": "Miscellaneous services (temporary codes)",
        "R": "Diagnostic radiology services",
        "S": "Temporary national codes (non-Medicare)",
        "T": "National codes established for state Medicaid agencies",
        "U": "Coronavirus laboratory tests",
        "V": "Vision and hearing services",
    }
)

#: The first letters HCPCS Level II uses.
LETTERS: Final = "".join(SECTIONS)

_PATTERN: Final = re.compile(r"^[A-Z][0-9]{4}$")
_EXPECTED = f"a letter ({', '.join(LETTERS)}) and 4 digits"


def compact(value: str) -> str:
    """Return *value* without spaces, dots and hyphens, upper case.

    Example:
        >>> compact(" g0008 ")
        'G0008'
    """
    return clean(value, " .-", system="HCPCS code")


def validate(value: str) -> str:
    """Return the compact HCPCS Level II code, or raise saying what is wrong.

    Raises:
        InvalidFormat: not a ``str``, or not a letter and four digits.
        InvalidLength: not five characters.
        InvalidComponent: a first letter HCPCS does not use (F, I, N, O, W-Z).

    Example:
        >>> validate("a0425")
        'A0425'
        >>> validate("F1234")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidComponent: HCPCS code F1234 starts with F, which ...
    """
    code = compact(value)
    if len(code) != 5:
        raise InvalidLength(
            f"HCPCS code {code!r} has {len(code)} characters, expected 5",
            value=code,
            expected=_EXPECTED,
        )
    if not _PATTERN.match(code):
        hint = " (that is a CPT code: see rcm.coding.cpt)" if cpt.is_valid(code) else ""
        raise InvalidFormat(
            f"{code!r} is not a HCPCS Level II code{hint}", value=code, expected=_EXPECTED
        )
    if code[0] not in SECTIONS:
        raise InvalidComponent(
            f"HCPCS code {code} starts with {code[0]}, which HCPCS Level II does not use",
            value=code,
            expected=_EXPECTED,
        )
    return code


def is_valid(value: object) -> bool:
    """Whether *value* is shaped like a HCPCS Level II code; never raises.

    Example:
        >>> is_valid("J1100"), is_valid("I1100"), is_valid(b"J1100")
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
        >>> format("j1100"), format("J11")
        ('J1100', 'J11')
    """
    try:
        return validate(value)
    except ValidationError:
        return value


def level(value: str) -> Literal[1, 2]:
    """Return ``1`` for a CPT (HCPCS Level I) code, ``2`` for a Level II code.

    Raises:
        InvalidFormat: *value* is neither.

    Example:
        >>> level("99213"), level("0042T"), level("G0008")
        (1, 1, 2)
    """
    if cpt.is_valid(value):
        return 1
    if is_valid(value):
        return 2
    raise InvalidFormat(
        f"{value!r} is neither a CPT nor a HCPCS Level II code",
        value=str(value),
        expected="a CPT code (HCPCS Level I) or " + _EXPECTED,
    )


def section(value: str) -> str:
    """Return what a Level II code's first letter covers (:data:`SECTIONS`).

    Example:
        >>> section("J9035")
        'Drugs administered other than oral method, chemotherapy drugs'
    """
    return SECTIONS[validate(value)[0]]


def is_dental(value: str) -> bool:
    """Whether a valid Level II code is a CDT dental code (``D`` codes, ADA copyright).

    Example:
        >>> is_dental("D0120"), is_dental("E0601")
        (True, False)
    """
    return validate(value)[0] == "D"
