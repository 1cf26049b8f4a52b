"""National Drug Codes (NDC): the FDA's 10-digit layouts and the 11-digit billing form.

The FDA assigns ten-digit NDCs in three segments, labeler-product-package, in
one of three layouts: ``4-4-2``, ``5-3-2`` or ``5-4-1``. Claims (the 837 ``LIN``
segment with qualifier ``N4``, and CMS's crosswalks) use the HIPAA
eleven-digit ``5-4-2`` form, made by putting a zero in front of the short
segment:

======  ================  ===============
layout  FDA (10 digits)   billing (5-4-2)
======  ================  ===============
4-4-2   ``1234-5678-90``  ``01234567890``
5-3-2   ``12345-678-90``  ``12345067890``
5-4-1   ``12345-6789-0``  ``12345678900``
======  ================  ===============

The hyphens say which segment is short, so a bare ten-digit ``1234567890`` is
ambiguous: rcm refuses it unless you give its ``layout``. Eleven digits are
taken to be ``5-4-2`` already. The compact form is the eleven-digit string.

The FDA has announced a move to a uniform 12-digit NDC; this module handles
the current 10- and 11-digit forms.

Example:
    >>> from rcm.coding import ndc
    >>> ndc.to_11("0002-1433-80"), ndc.format("00002143380")
    ('00002143380', '00002-1433-80')
    >>> ndc.to_11("0002143380", layout="4-4-2")
    '00002143380'
    >>> ndc.is_valid("0002143380")
    False
"""

from __future__ import annotations

import logging
import re
from typing import Final, Literal, get_args

from rcm.coding._util import clean
from rcm.errors import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

__all__ = [
    "LAYOUTS",
    "Layout",
    "compact",
    "format",
    "is_valid",
    "split",
    "to_10",
    "to_11",
    "validate",
]

logger = logging.getLogger(__name__)

#: The segment layouts: the FDA's three ten-digit ones and the eleven-digit billing form.
Layout = Literal["4-4-2", "5-3-2", "5-4-1", "5-4-2"]

#: Every layout, the ten-digit ones first.
LAYOUTS: Final[tuple[Layout, ...]] = get_args(Layout)

_WIDTHS: Final[dict[str, tuple[int, int, int]]] = {
    layout: (int(layout[0]), int(layout[2]), int(layout[4])) for layout in LAYOUTS
}
_HYPHENATED: Final = re.compile(r"^([0-9]+)-([0-9]+)-([0-9]+)$")
_EXPECTED = "11 digits (5-4-2), or 10 digits with hyphens in a 4-4-2, 5-3-2 or 5-4-1 layout"


def _pad(parts: tuple[str, str, str]) -> str:
    labeler, product, package = parts
    return labeler.zfill(5) + product.zfill(4) + package.zfill(2)


def compact(value: str) -> str:
    """Return the eleven-digit form when the layout is known, else *value* without spaces.

    Hyphens are read as the layout and dropped; a value whose layout cannot be
    told (a bare ten-digit string) is returned without spaces and hyphens.

    Example:
        >>> compact("0002-1433-80"), compact(" 00002 1433 80 "), compact("0002143380")
        ('00002143380', '00002143380', '0002143380')
    """
    text = clean(value, " ", system="NDC")
    found = _HYPHENATED.match(text)
    if found:
        parts = (found.group(1), found.group(2), found.group(3))
        widths = tuple(len(part) for part in parts)
        if any(widths == _WIDTHS[layout] for layout in LAYOUTS):
            return _pad(parts)
    return text.replace("-", "")


def _check_layout(layout: object) -> Layout:
    if layout not in LAYOUTS:
        raise InvalidComponent(
            f"NDC layout {layout!r} is not one of {', '.join(LAYOUTS)}",
            value=str(layout),
            expected="a layout: " + ", ".join(LAYOUTS),
        )
    return layout


def validate(value: str, *, layout: Layout | None = None) -> str:
    """Return the eleven-digit NDC, or raise saying what is wrong.

    Args:
        value: the NDC, hyphenated in an FDA layout or as eleven digits.
        layout: the layout of a bare ten-digit value (``"4-4-2"``, ``"5-3-2"``,
            ``"5-4-1"``); with hyphens, the hyphens must match it.

    Raises:
        InvalidFormat: not a ``str``, characters other than digits and hyphens,
            segments in no known layout, or a bare ten-digit value without *layout*.
        InvalidLength: not ten or eleven digits.
        InvalidComponent: an unknown *layout*, or hyphens that disagree with it.

    Example:
        >>> validate("12345-678-90"), validate("12345-6789-0")
        ('12345067890', '12345678900')
        >>> validate("1234567890")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidFormat: NDC '1234567890' has 10 digits and no hyphens, so its layout ...
    """
    if layout is not None:
        _check_layout(layout)
    text = clean(value, " ", system="NDC")
    found = _HYPHENATED.match(text)
    if found:
        parts = (found.group(1), found.group(2), found.group(3))
        widths = tuple(len(part) for part in parts)
        matching = [name for name in LAYOUTS if _WIDTHS[name] == widths]
        if not matching:
            raise InvalidFormat(
                f"NDC {text!r} has segments of {'-'.join(map(str, widths))} digits, "
                "which is not an NDC layout",
                value=text,
                expected=_EXPECTED,
            )
        if layout is not None and layout != matching[0]:
            raise InvalidComponent(
                f"NDC {text!r} is hyphenated {matching[0]}, not {layout}",
                value=text,
                expected=f"the {layout} layout",
            )
        return _pad(parts)
    digits = text
    if not digits.isascii() or not digits.isdigit():
        raise InvalidFormat(
            f"NDC {digits!r} has characters other than digits and hyphens",
            value=digits,
            expected=_EXPECTED,
        )
    if len(digits) == 11:
        if layout not in (None, "5-4-2"):
            raise InvalidComponent(
                f"NDC {digits!r} has 11 digits, which is the 5-4-2 layout, not {layout}",
                value=digits,
                expected="10 digits for a ten-digit layout",
            )
        return digits
    if len(digits) != 10:
        raise InvalidLength(
            f"NDC {digits!r} has {len(digits)} digits, expected 10 or 11",
            value=digits,
            expected=_EXPECTED,
        )
    if layout is None or layout == "5-4-2":
        raise InvalidFormat(
            f"NDC {digits!r} has 10 digits and no hyphens, so its layout (4-4-2, 5-3-2 or "
            "5-4-1) cannot be told; pass layout=",
            value=digits,
            expected=_EXPECTED,
        )
    first, second, _ = _WIDTHS[layout]
    return _pad((digits[:first], digits[first : first + second], digits[first + second :]))


def is_valid(value: object) -> bool:
    """Whether *value* is an NDC whose eleven-digit form can be told; never raises.

    Example:
        >>> is_valid("0002-1433-80"), is_valid("00002143380"), is_valid("0002143380")
        (True, True, False)
    """
    try:
        validate(value)  # type: ignore[arg-type]  # any object is checked
    except ValidationError:
        return False
    return True


def format(value: str) -> str:
    """Return the hyphenated eleven-digit form (``5-4-2``), or *value* unchanged if invalid.

    Example:
        >>> format("12345-678-90"), format("123")
        ('12345-0678-90', '123')
    """
    try:
        code = validate(value)
    except ValidationError:
        return value
    return f"{code[:5]}-{code[5:9]}-{code[9:]}"


def to_11(value: str, *, layout: Layout | None = None) -> str:
    """Return the eleven-digit billing form (the same as :func:`validate`).

    Example:
        >>> to_11("12345-6789-0"), to_11("1234567890", layout="5-3-2")
        ('12345678900', '12345067890')
    """
    return validate(value, layout=layout)


def split(value: str, *, layout: Layout | None = None) -> tuple[str, str, str]:
    """Return the labeler, product and package segments of the eleven-digit form.

    Example:
        >>> split("0002-1433-80")
        ('00002', '1433', '80')
    """
    code = validate(value, layout=layout)
    return code[:5], code[5:9], code[9:]


def to_10(value: str, *, layout: Layout) -> str:
    """Return the hyphenated FDA ten-digit form in *layout*, dropping the padding zero.

    An eleven-digit NDC does not say which segment was padded, so the layout
    must be given (the FDA's NDC directory lists each product's layout).

    Raises:
        InvalidComponent: *layout* is not a ten-digit layout, or the segment it
            shortens does not start with the padding zero.

    Example:
        >>> to_10("00002143380", layout="4-4-2")
        '0002-1433-80'
        >>> to_10("12345678900", layout="5-4-1")
        '12345-6789-0'
    """
    target = _check_layout(layout)
    if target == "5-4-2":
        raise InvalidComponent(
            "5-4-2 is the eleven-digit form; to_10 needs 4-4-2, 5-3-2 or 5-4-1",
            value=str(value),
            expected="a ten-digit layout",
        )
    labeler, product, package = split(value)
    padded = {"4-4-2": labeler, "5-3-2": product, "5-4-1": package}[target]
    if padded[0] != "0":
        raise InvalidComponent(
            f"NDC {labeler}-{product}-{package} cannot be written {target}: "
            f"the segment {padded} has no padding zero",
            value=labeler + product + package,
            expected=f"a padding zero in the segment {target} shortens",
        )
    if target == "4-4-2":
        return f"{labeler[1:]}-{product}-{package}"
    if target == "5-3-2":
        return f"{labeler}-{product[1:]}-{package}"
    return f"{labeler}-{product}-{package[1:]}"
