"""Small helpers shared by the code-format modules."""

from __future__ import annotations

from rcm.errors import InvalidFormat

__all__ = ["clean"]


def clean(value: object, deletechars: str = " .-", *, system: str = "code") -> str:
    """Return *value* upper-cased with *deletechars* removed.

    Raises ``InvalidFormat`` (never ``AttributeError``) for a non-``str``.

    Example:
        >>> clean(" e11.9 ")
        'E119'
    """
    if not isinstance(value, str):
        raise InvalidFormat(
            f"a {system} must be given as str, not {type(value).__name__}",
            expected="str",
        )
    text = value.strip()
    # Upper-case ASCII only: str.upper() maps "ß" to "SS" and "ſ" to "S",
    # which would turn non-codes into valid-looking ones.
    if text.isascii():
        text = text.upper()
    for char in deletechars:
        text = text.replace(char, "")
    return text
