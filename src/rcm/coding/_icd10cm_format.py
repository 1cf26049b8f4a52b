"""ICD-10-CM code *format* functions (no data needed), in python-stdnum style.

The shape of an ICD-10-CM code, from the tabular list's conventions: a letter,
a digit, then a digit or letter (the category, ``E11``, ``O9A``, ``C4A``),
optionally followed by a dot and one to four more letters or digits
(``E11.9``, ``S72.001A``, ``T36.0X1A``). Codes are 3 to 7 characters long
without the dot. Codes are stored compact (``E119``) and shown formatted
(``E11.9``).
"""

from __future__ import annotations

import re
from typing import Final

from rcm.coding._util import clean
from rcm.errors import InvalidFormat, InvalidLength, ValidationError

__all__ = ["PATTERN", "compact", "format", "is_valid", "validate"]

#: A compact ICD-10-CM code: a letter, then 2 to 6 letters or digits.
#: The second character was a digit in every release until FY2026 added
#: category QA0 (neurodevelopmental disorders related to specific genetic
#: pathogenic variants, e.g. QA0.0101), so a letter is accepted there too.
PATTERN: Final = re.compile(r"[A-Z][0-9A-Z][0-9A-Z][0-9A-Z]{0,4}", re.ASCII)

_SYSTEM = "ICD-10-CM code"
_EXPECTED = "a letter, then 2 to 6 letters or digits (E11.9, QA0.0101)"


def _shown(value: str) -> str:
    """*value* for a message: quoted, and cut short if it is long."""
    return repr(value) if len(value) <= 24 else repr(value[:20]) + "..."


def compact(value: str) -> str:
    """Return *value* without spaces or the dot, upper case.

    Raises:
        InvalidFormat: *value* is not a ``str``.

    Example:
        >>> compact(" e11.9 ")
        'E119'
        >>> compact("S72.001a")
        'S72001A'
    """
    return clean(value, " .", system=_SYSTEM)


def validate(value: str) -> str:
    """Return the compact form of *value*, or raise if its format is wrong.

    Only the format is checked; whether the code exists on a date of service
    is a question for a release (:func:`rcm.coding.icd10cm.lookup`).

    Raises:
        InvalidLength: fewer than 3 or more than 7 characters.
        InvalidFormat: a misplaced dot, or characters that no ICD-10-CM code has.

    Example:
        >>> validate("e11.9")
        'E119'
        >>> validate("E1")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidLength: 'E1' is not an ICD-10-CM code: it has 2 characters, ...
        >>> validate("E1.19")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidFormat: 'E1.19' is not an ICD-10-CM code: the dot must follow ...
    """
    code = compact(value)
    text = value.strip().replace(" ", "")
    if "." in text and (text.count(".") != 1 or text.index(".") != 3 or text.endswith(".")):
        raise InvalidFormat(
            f"{_shown(value)} is not an ICD-10-CM code: the dot must follow the third character "
            "and be followed by at least one more",
            value=code[:24],
            expected=_EXPECTED,
        )
    if not 3 <= len(code) <= 7:
        raise InvalidLength(
            f"{_shown(value)} is not an ICD-10-CM code: it has {len(code)} characters, "
            "not 3 to 7 (without the dot)",
            value=code[:24],
            expected="3 to 7 characters without the dot",
        )
    if PATTERN.fullmatch(code) is None:
        raise InvalidFormat(
            f"{_shown(value)} is not an ICD-10-CM code: expected {_EXPECTED}",
            value=code[:24],
            expected=_EXPECTED,
        )
    return code


def is_valid(value: object) -> bool:
    """Return whether *value* has the format of an ICD-10-CM code; never raises.

    Example:
        >>> is_valid("E11.9"), is_valid("s72001a"), is_valid("E1"), is_valid(None)
        (True, True, False, False)
    """
    if not isinstance(value, str):
        return False
    try:
        validate(value)
    except ValidationError:
        return False
    return True


def format(value: str) -> str:
    """Return *value* in display form (``E11.9``), or unchanged if it is not a code.

    Like every format function in rcm.coding, it never raises: anything that is
    not a valid code (including a non-``str``) comes back as it was given.

    Example:
        >>> format("e119"), format("S72001A"), format("E11"), format("not a code")
        ('E11.9', 'S72.001A', 'E11', 'not a code')
    """
    try:
        code = validate(value)
    except ValidationError:
        return value
    return code if len(code) == 3 else f"{code[:3]}.{code[3:]}"
