"""Health Care Provider Taxonomy codes (NUCC): the format.

A taxonomy code is ten characters and ends in ``X`` (``207Q00000X`` family
medicine, ``261QM1300X`` multi-specialty clinic). NUCC describes it only as a
"unique alphanumeric code, ten characters in length"; every code in the NUCC
set (version 25.1 has 883) also has three digits first, digits or upper-case
letters in positions 4 and 5, digits in positions 6 to 9, and ``X`` last.
This module checks that shape; membership comes from the NUCC list, which
rcm does not ship (see nucc.org for its terms).

Example:
    >>> from rcm.coding import taxonomy
    >>> taxonomy.validate("207q00000x"), taxonomy.is_valid("207Q00000")
    ('207Q00000X', False)
"""

from __future__ import annotations

import logging
import re
from typing import Final

from rcm.coding._util import clean
from rcm.errors import InvalidFormat, InvalidLength, ValidationError

__all__ = ["compact", "format", "is_valid", "validate"]

logger = logging.getLogger(__name__)

_PATTERN: Final = re.compile(r"^[0-9]{3}[0-9A-Z]{2}[0-9]{4}X$")
_EXPECTED = "3 digits, 2 digits or letters, 4 digits, then X"


def compact(value: str) -> str:
    """Return *value* without spaces, dots and hyphens, upper case.

    Example:
        >>> compact(" 207q00000x ")
        '207Q00000X'
    """
    return clean(value, " .-", system="taxonomy code")


def validate(value: str) -> str:
    """Return the compact taxonomy code, or raise saying what is wrong.

    Raises:
        InvalidFormat: not a ``str``, or not in the shape of a NUCC code.
        InvalidLength: not ten characters.

    Example:
        >>> validate("261QM1300X")
        '261QM1300X'
        >>> validate("207Q00000Y")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidFormat: taxonomy code '207Q00000Y' does not end in X
    """
    code = compact(value)
    if len(code) != 10:
        raise InvalidLength(
            f"taxonomy code {code!r} has {len(code)} characters, expected 10",
            value=code,
            expected=_EXPECTED,
        )
    if code[-1] != "X":
        raise InvalidFormat(
            f"taxonomy code {code!r} does not end in X", value=code, expected=_EXPECTED
        )
    if not _PATTERN.match(code):
        raise InvalidFormat(
            f"taxonomy code {code!r} is not shaped like a NUCC code ({_EXPECTED})",
            value=code,
            expected=_EXPECTED,
        )
    return code


def is_valid(value: object) -> bool:
    """Whether *value* is shaped like a NUCC taxonomy code; never raises.

    Example:
        >>> is_valid("207Q00000X"), is_valid("207Q0000X"), is_valid(None)
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
        >>> format("207q00000x"), format("207")
        ('207Q00000X', '207')
    """
    try:
        return validate(value)
    except ValidationError:
        return value
