"""The CPT code format: shapes, categories and the stdnum-style functions (see rcm.coding.cpt)."""

from __future__ import annotations

import logging
import re
from typing import Final, Literal

from rcm.coding._util import clean
from rcm.errors import InvalidFormat, InvalidLength, ValidationError

__all__ = ["CATEGORIES", "Category", "category", "compact", "format", "is_valid", "validate"]

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
