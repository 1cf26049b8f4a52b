"""Type of bill (UB-04 form locator 4, 837I ``CLM05``): the format and its three parts.

A type of bill is three characters, shown on the UB-04 with a leading zero
(``0111``):

1. the type of facility (``1`` hospital, ``2`` skilled nursing, ``3`` home
   health, ... ``8`` special facility);
2. the bill classification (``1`` inpatient Part A, ``3`` outpatient, ...; for
   clinics and special facilities it names the kind of clinic or facility);
3. the frequency: where the claim stands in a sequence (``1`` admit through
   discharge, ``7`` replacement of a prior claim, ``8`` void/cancel of a prior
   claim, ...).

In the 837I, ``CLM05-1`` carries the first two characters (the facility code)
and ``CLM05-3`` the frequency. The NUBC maintains the codes; the short labels
here are rcm's own, following the lists CMS publishes in the *Medicare Claims
Processing Manual* (Pub. 100-04), Chapter 25, section 75.1 (form locator 4).

Example:
    >>> from rcm.coding import tob
    >>> tob.validate("0111"), tob.format("111")
    ('111', '0111')
    >>> bill = tob.parse("0117")
    >>> bill.facility_type_name, bill.classification_name, bill.frequency_name
    ('hospital', 'inpatient (Part A)', 'replacement of prior claim')
"""

from __future__ import annotations

import logging
from types import MappingProxyType
from typing import Final

import attrs

from rcm.coding._util import clean
from rcm.errors import InvalidComponent, InvalidLength, ValidationError

__all__ = [
    "CLASSIFICATIONS",
    "CLINIC_CLASSIFICATIONS",
    "FACILITY_TYPES",
    "FREQUENCIES",
    "SPECIAL_FACILITY_CLASSIFICATIONS",
    "TypeOfBill",
    "compact",
    "format",
    "is_valid",
    "parse",
    "validate",
]

logger = logging.getLogger(__name__)

#: The first character: the type of facility.
FACILITY_TYPES: Final = MappingProxyType(
    {
        "1": "hospital",
        "2": "skilled nursing",
        "3": "home health",
        "4": "religious nonmedical health care institution (hospital)",
        "5": "reserved (formerly religious nonmedical, extended care)",
        "6": "intermediate care",
        "7": "clinic or hospital-based renal dialysis facility",
        "8": "special facility or hospital ASC surgery",
    }
)

#: The second character for facility types 1-6: the bill classification.
CLASSIFICATIONS: Final = MappingProxyType(
    {
        "1": "inpatient (Part A)",
        "2": "inpatient (Part B only)",
        "3": "outpatient",
        "4": "other (Part B)",
        "5": "intermediate care, level I",
        "6": "intermediate care, level II",
        "7": "reserved (formerly subacute inpatient)",
        "8": "swing bed",
        "9": "reserved",
    }
)

#: The second character for facility type 7 (clinics).
CLINIC_CLASSIFICATIONS: Final = MappingProxyType(
    {
        "1": "rural health clinic",
        "2": "hospital-based or independent renal dialysis facility",
        "3": "free-standing clinic",
        "4": "outpatient rehabilitation facility",
        "5": "comprehensive outpatient rehabilitation facility",
        "6": "community mental health center",
        "7": "federally qualified health center",
        "8": "licensed freestanding emergency medical facility",
        "9": "other clinic",
    }
)

#: The second character for facility type 8 (special facilities).
SPECIAL_FACILITY_CLASSIFICATIONS: Final = MappingProxyType(
    {
        "1": "hospice (non-hospital based)",
        "2": "hospice (hospital based)",
        "3": "ambulatory surgical center services to hospital outpatients",
        "4": "free-standing birthing center",
        "5": "critical access hospital",
        "6": "residential facility",
        "7": "reserved",
        "8": "reserved",
        "9": "other special facility",
    }
)

#: The third character: the claim frequency.
FREQUENCIES: Final = MappingProxyType(
    {
        "0": "non-payment/zero claim",
        "1": "admit through discharge claim",
        "2": "interim, first claim",
        "3": "interim, continuing claim",
        "4": "interim, last claim",
        "5": "late charge(s) only",
        "7": "replacement of prior claim",
        "8": "void/cancel of prior claim",
        "9": "final claim for a home health PPS episode",
        "A": "admission/election notice",
        "B": "termination/revocation notice",
        "C": "change of provider",
        "D": "void/cancel",
        "E": "change of ownership",
        "F": "beneficiary initiated adjustment",
        "G": "CWF initiated adjustment",
        "H": "CMS initiated adjustment",
        "I": "MAC initiated adjustment (other than QIO or provider)",
        "J": "initiated adjustment, other",
        "K": "OIG initiated adjustment",
        "M": "MSP initiated adjustment",
        "P": "QIO adjustment",
        "Q": "claim submitted for reconsideration or reopening outside timely limits",
        "X": "void/cancel of a prior abbreviated encounter submission",
        "Y": "replacement of a prior abbreviated encounter submission",
        "Z": "new abbreviated encounter submission",
    }
)

_EXPECTED = "3 characters (facility type 1-8, classification 1-9, frequency), or 4 with a leading 0"


def compact(value: str) -> str:
    """Return *value* without spaces and without the UB-04 leading zero.

    Example:
        >>> compact(" 0111 "), compact("831")
        ('111', '831')
    """
    code = clean(value, " -", system="type of bill")
    if len(code) == 4 and code[0] == "0":
        return code[1:]
    return code


def validate(value: str) -> str:
    """Return the three-character type of bill, or raise saying what is wrong.

    Raises:
        InvalidFormat: not a ``str``.
        InvalidLength: not three characters (four with a leading zero).
        InvalidComponent: a facility type, classification or frequency that is
            not assigned.

    Example:
        >>> validate("0131")
        '131'
        >>> validate("0916")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidComponent: type of bill 916 has facility type 9; expected 1-8
    """
    code = compact(value)
    if len(code) != 3:
        raise InvalidLength(
            f"type of bill {code!r} has {len(code)} characters, expected 3 (or 4 with a leading 0)",
            value=code,
            expected=_EXPECTED,
        )
    facility, classification, frequency = code[0], code[1], code[2]
    if facility not in FACILITY_TYPES:
        raise InvalidComponent(
            f"type of bill {code} has facility type {facility}; expected 1-8",
            value=code,
            expected="facility type 1-8",
        )
    if classification not in "123456789":
        raise InvalidComponent(
            f"type of bill {code} has bill classification {classification}; expected 1-9",
            value=code,
            expected="bill classification 1-9",
        )
    if frequency not in FREQUENCIES:
        raise InvalidComponent(
            f"type of bill {code} has frequency {frequency!r}, which is not assigned",
            value=code,
            expected=f"frequency one of {''.join(FREQUENCIES)}",
        )
    return code


def is_valid(value: object) -> bool:
    """Whether *value* is a well-formed type of bill; never raises.

    Example:
        >>> is_valid("0111"), is_valid("111"), is_valid("0011"), is_valid(111)
        (True, True, False, False)
    """
    try:
        validate(value)  # type: ignore[arg-type]  # any object is checked
    except ValidationError:
        return False
    return True


def format(value: str) -> str:
    """Return the UB-04 display form (four characters, leading zero), or *value* unchanged.

    Example:
        >>> format("831"), format("8")
        ('0831', '8')
    """
    try:
        return "0" + validate(value)
    except ValidationError:
        return value


@attrs.frozen(slots=True)
class TypeOfBill:
    """A type of bill split into its three parts.

    Attributes:
        facility_type: the first character (``"1"`` hospital ...).
        classification: the second character.
        frequency: the third character (``"1"`` original, ``"7"`` replacement, ``"8"`` void).

    Example:
        >>> bill = TypeOfBill("8", "3", "1")
        >>> bill.code, bill.formatted, bill.facility_code, bill.classification_name
        ('831', '0831', '83', 'ambulatory surgical center services to hospital outpatients')
    """

    facility_type: str
    classification: str
    frequency: str

    def __attrs_post_init__(self) -> None:
        validate(self.facility_type + self.classification + self.frequency)

    @property
    def code(self) -> str:
        """The compact three-character code.

        Example:
            >>> parse("0111").code
            '111'
        """
        return self.facility_type + self.classification + self.frequency

    @property
    def formatted(self) -> str:
        """The UB-04 form with the leading zero.

        Example:
            >>> parse("111").formatted
            '0111'
        """
        return "0" + self.code

    @property
    def facility_code(self) -> str:
        """The first two characters, what the 837I carries in ``CLM05-1``.

        Example:
            >>> parse("0131").facility_code
            '13'
        """
        return self.facility_type + self.classification

    @property
    def facility_type_name(self) -> str:
        """A short label for the type of facility.

        Example:
            >>> parse("0211").facility_type_name
            'skilled nursing'
        """
        return FACILITY_TYPES[self.facility_type]

    @property
    def classification_name(self) -> str:
        """A short label for the classification, read by the facility type.

        Example:
            >>> parse("0711").classification_name, parse("0131").classification_name
            ('rural health clinic', 'outpatient')
        """
        if self.facility_type == "7":
            return CLINIC_CLASSIFICATIONS[self.classification]
        if self.facility_type == "8":
            return SPECIAL_FACILITY_CLASSIFICATIONS[self.classification]
        return CLASSIFICATIONS[self.classification]

    @property
    def frequency_name(self) -> str:
        """A short label for the claim frequency.

        Example:
            >>> parse("0118").frequency_name
            'void/cancel of prior claim'
        """
        return FREQUENCIES[self.frequency]

    @property
    def is_original(self) -> bool:
        """Whether this is an original claim (frequency ``1``, admit through discharge).

        Example:
            >>> parse("0111").is_original, parse("0117").is_original
            (True, False)
        """
        return self.frequency == "1"

    @property
    def is_replacement(self) -> bool:
        """Whether the claim replaces a prior claim (frequency ``7``).

        Example:
            >>> parse("0137").is_replacement
            True
        """
        return self.frequency == "7"

    @property
    def is_void(self) -> bool:
        """Whether the claim voids or cancels a prior claim (frequency ``8``).

        Example:
            >>> parse("0138").is_void
            True
        """
        return self.frequency == "8"


def parse(value: str) -> TypeOfBill:
    """Split a type of bill into its facility type, classification and frequency.

    Raises:
        ValidationError: as :func:`validate`.

    Example:
        >>> parse("0321")
        TypeOfBill(facility_type='3', classification='2', frequency='1')
    """
    code = validate(value)
    return TypeOfBill(code[0], code[1], code[2])
