"""Procedure code modifiers (CPT and HCPCS Level II): the format, and the NCCI-relevant ones.

A modifier is two characters, digits or upper-case letters: CPT (Level I)
modifiers are two digits (``25``, ``59``), HCPCS Level II modifiers are letters
or a letter and a digit (``LT``, ``XE``, ``F1``). This module checks the shape;
the full list and descriptions come with a HCPCS release
(:func:`rcm.coding.hcpcs.load_anweb`) for Level II, and with your CPT licence
for Level I.

:data:`NCCI_MODIFIERS` lists the modifiers that matter to NCCI edits: those
CMS names in the *NCCI Policy Manual for Medicare Services*, Chapter I,
section E ("Modifiers and Modifier Indicators") as the ones that may bypass a
procedure-to-procedure (PTP) edit when the clinical circumstances justify it,
plus 26, TC, 50, 76 and 77, which bear on MUE and payment edits.
Level II meanings are CMS's HCPCS short descriptors (public domain); CPT
modifier descriptors are the AMA's, so for those rcm gives its own short
plain-words label instead.

Example:
    >>> from rcm.coding import modifier
    >>> modifier.validate("-xs"), modifier.is_valid("5")
    ('XS', False)
    >>> modifier.NCCI_MODIFIERS["XS"].meaning, modifier.NCCI_MODIFIERS["XS"].ptp_bypass
    ('Separate organ/structure', True)
"""

from __future__ import annotations

import logging
import re
from types import MappingProxyType
from typing import Final, Literal

import attrs

from rcm.coding._util import clean
from rcm.errors import InvalidFormat, InvalidLength, ValidationError

__all__ = [
    "NCCI_MODIFIERS",
    "NCCI_SOURCE",
    "NcciModifier",
    "compact",
    "format",
    "is_ncci_ptp_modifier",
    "is_valid",
    "validate",
]

logger = logging.getLogger(__name__)

_PATTERN: Final = re.compile(r"^[0-9A-Z]{2}$")

#: Where the list of PTP-associated modifiers comes from.
NCCI_SOURCE: Final = (
    "CMS, NCCI Policy Manual for Medicare Services, Chapter I, section E "
    "(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/"
    "medicare-ncci-policy-manual)"
)


@attrs.frozen(slots=True)
class NcciModifier:
    """A modifier that NCCI edits take into account.

    Attributes:
        code: the modifier (``"59"``).
        meaning: a short meaning: CMS's HCPCS short descriptor for Level II
            modifiers, rcm's own label for CPT modifiers.
        level: ``"CPT"`` (Level I) or ``"HCPCS"`` (Level II).
        group: how the NCCI Policy Manual groups it: ``"anatomic"``,
            ``"global surgery"``, ``"other"``; or ``"payment"`` for those outside
            the PTP list.
        ptp_bypass: whether it may bypass a PTP edit whose modifier indicator is 1.

    Example:
        >>> NCCI_MODIFIERS["25"].group, NCCI_MODIFIERS["26"].ptp_bypass
        ('global surgery', False)
    """

    code: str
    meaning: str
    level: Literal["CPT", "HCPCS"]
    group: Literal["anatomic", "global surgery", "other", "payment"]
    ptp_bypass: bool


def _table() -> MappingProxyType[str, NcciModifier]:
    rows: list[NcciModifier] = []

    def add(
        code: str,
        meaning: str,
        group: Literal["anatomic", "global surgery", "other", "payment"],
        *,
        bypass: bool = True,
    ) -> None:
        level: Literal["CPT", "HCPCS"] = "CPT" if code.isdigit() else "HCPCS"
        rows.append(NcciModifier(code, meaning, level, group, bypass))

    # Anatomic modifiers (HCPCS Level II short descriptors).
    for code, meaning in (
        ("E1", "Upper left eyelid"),
        ("E2", "Lower left eyelid"),
        ("E3", "Upper right eyelid"),
        ("E4", "Lower right eyelid"),
        ("FA", "Left hand, thumb"),
        ("F1", "Left hand, second digit"),
        ("F2", "Left hand, third digit"),
        ("F3", "Left hand, fourth digit"),
        ("F4", "Left hand, fifth digit"),
        ("F5", "Right hand, thumb"),
        ("F6", "Right hand, second digit"),
        ("F7", "Right hand, third digit"),
        ("F8", "Right hand, fourth digit"),
        ("F9", "Right hand, fifth digit"),
        ("TA", "Left foot, great toe"),
        ("T1", "Left foot, second digit"),
        ("T2", "Left foot, third digit"),
        ("T3", "Left foot, fourth digit"),
        ("T4", "Left foot, fifth digit"),
        ("T5", "Right foot, great toe"),
        ("T6", "Right foot, second digit"),
        ("T7", "Right foot, third digit"),
        ("T8", "Right foot, fourth digit"),
        ("T9", "Right foot, fifth digit"),
        ("LT", "Left side"),
        ("RT", "Right side"),
        ("LC", "Lft circum coronary artery"),
        ("LD", "Left ant des coronary artery"),
        ("RC", "Right coronary artery"),
        ("LM", "Left main coronary artery"),
        ("RI", "Ramus intermedius cor artery"),
    ):
        add(code, meaning, "anatomic")
    # Global surgery modifiers (CPT; rcm's own short labels).
    for code, meaning in (
        ("24", "Unrelated E/M service during a postoperative period"),
        ("25", "Significant, separately identifiable E/M service on the same day"),
        ("57", "Decision for surgery"),
        ("58", "Staged or related procedure during the postoperative period"),
        ("78", "Unplanned return to the operating room during the postoperative period"),
        ("79", "Unrelated procedure during the postoperative period"),
    ):
        add(code, meaning, "global surgery")
    # Other PTP-associated modifiers.
    for code, meaning in (
        ("27", "Multiple outpatient hospital E/M encounters on the same date"),
        ("59", "Distinct procedural service"),
        ("91", "Repeat clinical diagnostic laboratory test"),
        ("XE", "Separate encounter"),
        ("XS", "Separate organ/structure"),
        ("XP", "Separate practitioner"),
        ("XU", "Unusual separate service"),
    ):
        add(code, meaning, "other")
    # Not PTP-bypass modifiers, but they change how MUE and payment edits count a line.
    for code, meaning in (
        ("26", "Professional component"),
        ("TC", "Technical component"),
        ("50", "Bilateral procedure"),
        ("76", "Repeat procedure by the same physician"),
        ("77", "Repeat procedure by another physician"),
    ):
        add(code, meaning, "payment", bypass=False)
    return MappingProxyType({row.code: row for row in rows})


#: NCCI-relevant modifiers by code (see the module docs for the source).
NCCI_MODIFIERS: Final = _table()


def compact(value: str) -> str:
    """Return *value* without spaces and hyphens, upper case.

    Example:
        >>> compact(" -59 ")
        '59'
    """
    return clean(value, " -", system="modifier")


def validate(value: str) -> str:
    """Return the compact modifier, or raise saying what is wrong.

    Raises:
        InvalidFormat: not a ``str``, or a character other than a digit or letter.
        InvalidLength: not two characters.

    Example:
        >>> validate("rt")
        'RT'
        >>> validate("RTX")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidLength: modifier 'RTX' has 3 characters, expected 2
    """
    code = compact(value)
    if len(code) != 2:
        raise InvalidLength(
            f"modifier {code!r} has {len(code)} characters, expected 2",
            value=code,
            expected="2 digits or letters",
        )
    if not _PATTERN.match(code):
        raise InvalidFormat(
            f"modifier {code!r} has a character other than a digit or letter",
            value=code,
            expected="2 digits or letters",
        )
    return code


def is_valid(value: object) -> bool:
    """Whether *value* is shaped like a modifier; never raises.

    Example:
        >>> is_valid("25"), is_valid("2"), is_valid(25)
        (True, False, False)
    """
    try:
        validate(value)  # type: ignore[arg-type]  # any object is checked
    except ValidationError:
        return False
    return True


def format(value: str) -> str:
    """Return the display form (the compact modifier), or *value* unchanged if invalid.

    Example:
        >>> format("xu"), format("X")
        ('XU', 'X')
    """
    try:
        return validate(value)
    except ValidationError:
        return value


def is_ncci_ptp_modifier(value: str) -> bool:
    """Whether a valid modifier is one NCCI lets bypass a PTP edit (modifier indicator 1).

    Raises:
        InvalidFormat: *value* is not shaped like a modifier.

    Example:
        >>> is_ncci_ptp_modifier("XU"), is_ncci_ptp_modifier("26"), is_ncci_ptp_modifier("GA")
        (True, False, False)
    """
    entry = NCCI_MODIFIERS.get(validate(value))
    return entry is not None and entry.ptp_bypass
