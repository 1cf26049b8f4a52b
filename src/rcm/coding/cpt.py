"""CPT (HCPCS Level I) codes: the format, the category, and a loader for your licensed file.

The AMA's CPT code set has these shapes:

========  ==========================  ==================================
category  shape                       example
========  ==========================  ==================================
``I``     5 digits, or 4 digits + A   ``99213``; ``0001A`` (vaccine admin)
``II``    4 digits + ``F``            ``3074F`` (performance measures)
``III``   4 digits + ``T``            ``0042T`` (emerging technology)
``PLA``   4 digits + ``U``            ``0001U`` (proprietary lab analyses)
``MAAA``  4 digits + ``M``            ``0002M`` (administrative MAAA codes)
========  ==========================  ==================================

CPT descriptors are copyrighted by the AMA and licensed, so rcm ships none,
not even in its tests: load the file your licence gives you with :func:`load`.

Example:
    >>> from rcm.coding import cpt
    >>> cpt.validate(" 99213 "), cpt.category("3074f"), cpt.is_valid("A0425")
    ('99213', 'II', False)
"""

from __future__ import annotations

import logging
import re
from typing import Final, Literal

from rcm.coding._cpt_table import CptCode, CptTable, load
from rcm.coding._util import clean
from rcm.errors import InvalidFormat, InvalidLength, ValidationError

__all__ = [
    "CATEGORIES",
    "Category",
    "CptCode",
    "CptTable",
    "category",
    "compact",
    "format",
    "is_valid",
    "load",
    "validate",
]

logger = logging.getLogger(__name__)

#: The category names :func:`category` returns.
Category = Literal["I", "II", "III", "PLA", "MAAA"]

#: Every category, in the order the AMA's book presents them.
CATEGORIES: Final[tuple[Category, ...]] = ("I", "II", "III", "PLA", "MAAA")

_PATTERN: Final = re.compile(r"^[0-9]{4}[0-9AFTUM]$")
_BY_SUFFIX: Final[dict[str, Category]] = {
    "A": "I",
    "F": "II",
    "T": "III",
    "U": "PLA",
    "M": "MAAA",
}
_EXPECTED = "5 digits, or 4 digits and A, F, T, U or M"


def compact(value: str) -> str:
    """Return *value* without spaces and dots, upper case.

    Example:
        >>> compact(" 0042t ")
        '0042T'
    """
    return clean(value, " .", system="CPT code")


def validate(value: str) -> str:
    """Return the compact CPT code, or raise saying what is wrong.

    Raises:
        InvalidFormat: not a ``str`` or not shaped like a CPT code.
        InvalidLength: not five characters.

    Example:
        >>> validate("0001u")
        '0001U'
        >>> validate("J1100")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidFormat: 'J1100' is not a CPT code (...); HCPCS Level II codes ...
    """
    code = compact(value)
    if len(code) != 5:
        raise InvalidLength(
            f"CPT code {code!r} has {len(code)} characters, expected 5",
            value=code,
            expected=_EXPECTED,
        )
    if not _PATTERN.match(code):
        hint = ""
        if code[0].isalpha() and code[1:].isdigit():
            hint = "; HCPCS Level II codes (a letter and 4 digits) are checked by rcm.coding.hcpcs"
        raise InvalidFormat(
            f"{code!r} is not a CPT code (expected {_EXPECTED}){hint}",
            value=code,
            expected=_EXPECTED,
        )
    return code


def is_valid(value: object) -> bool:
    """Whether *value* is shaped like a CPT code of any category; never raises.

    Example:
        >>> is_valid("99213"), is_valid("9921"), is_valid(99213)
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
        >>> format("99213 "), format("992")
        ('99213', '992')
    """
    try:
        return validate(value)
    except ValidationError:
        return value


def category(value: str) -> Category:
    """Return the CPT category of a code: ``"I"``, ``"II"``, ``"III"``, ``"PLA"`` or ``"MAAA"``.

    Raises:
        InvalidFormat: *value* is not shaped like a CPT code.

    Example:
        >>> tuple(category(c) for c in ("99213", "0001A", "3074F", "0042T", "0001U", "0002M"))
        ('I', 'I', 'II', 'III', 'PLA', 'MAAA')
    """
    code = validate(value)
    return _BY_SUFFIX.get(code[4], "I")
