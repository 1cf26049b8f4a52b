"""What the 837 writers and reader share: the guides, and who sends to whom.

Structure follows the ASC X12 005010 implementation guides 005010X222A1
(837P) and 005010X223A2 (837I), as published in the machine-readable maps that
ship with pyx12 (``map/837.5010.X222.A1.xml``, ``837Q3.I.5010.X223.A1.xml``):
loop and segment order, usage, repeats and code values.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Final, Literal, Self

from pydantic import StringConstraints, model_validator

from rcm.claims._base import ClaimModel
from rcm.claims._claim import ClaimKind
from rcm.claims._errors import ClaimValidationError
from rcm.claims._parties import Id80, Name25, Name35, Name60
from rcm.money import Money

__all__ = [
    "IMPLEMENTATIONS",
    "INSTITUTIONAL",
    "PROFESSIONAL",
    "Receiver",
    "Submitter",
    "format_amount",
    "format_decimal",
]

#: 005010X222A1: the 837 professional guide (with its addenda).
PROFESSIONAL: Final = "005010X222A1"
#: 005010X223A2: the 837 institutional guide (with its addenda).
INSTITUTIONAL: Final = "005010X223A2"
#: The guide each kind of claim is written with.
IMPLEMENTATIONS: Final[dict[ClaimKind, str]] = {
    "professional": PROFESSIONAL,
    "institutional": INSTITUTIONAL,
}

_Phone = Annotated[str, StringConstraints(pattern=r"^[0-9]{10,15}$")]
_Email = Annotated[str, StringConstraints(pattern=r"^[!-~]{3,80}$")]


class Submitter(ClaimModel):
    """Who sends the 837 (loop 1000A): a name, an ID the receiver assigned, a contact.

    Attributes:
        name: the organization name, or a person's last name (NM103).
        id: the submitter's identifier (ETIN) at the receiver (NM109).
        entity: ``"organization"`` (NM102 ``2``) or ``"person"`` (``1``).
        first_name: a person's first name (NM104).
        middle_name: a person's middle name (NM105).
        contact_name: the EDI contact's name (PER02).
        phone: the contact's phone number, digits only (PER ``TE``).
        email: the contact's e-mail address (PER ``EM``).
        fax: the contact's fax number, digits only (PER ``FX``).

    At least one of *phone*, *email* and *fax* is required.

    Example:
        >>> Submitter(name="SPRINGFIELD FAMILY CLINIC", id="TGJ23", phone="2175550100").id
        'TGJ23'
    """

    name: Name60
    id: Id80
    entity: Literal["person", "organization"] = "organization"
    first_name: Name35 | None = None
    middle_name: Name25 | None = None
    contact_name: Name60 | None = None
    phone: _Phone | None = None
    email: _Email | None = None
    fax: _Phone | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.phone is None and self.email is None and self.fax is None:
            raise ClaimValidationError(
                "the submitter needs a phone number, e-mail address or fax number",
                model="Submitter",
                field="phone",
            )
        if self.entity == "organization" and (self.first_name or self.middle_name):
            raise ClaimValidationError(
                "an organization has no first or middle name", model="Submitter", field="first_name"
            )
        return self


class Receiver(ClaimModel):
    """Who receives the 837 (loop 1000B): a payer or clearinghouse, by name and ID.

    Example:
        >>> Receiver(name="ACME CLEARINGHOUSE", id="133052274").name
        'ACME CLEARINGHOUSE'
    """

    name: Name60
    id: Id80


def format_decimal(value: Decimal) -> str:
    """An X12 ``R`` (decimal) value: no exponent, no trailing zeros after the point.

    Example:
        >>> [format_decimal(Decimal(text)) for text in ("1.50", "2", "10")]
        ['1.5', '2', '10']
    """
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value:f}".rstrip("0")


def format_amount(value: Money) -> str:
    """A money amount as X12 writes it: ``125``, ``125.5``, ``-3.07``.

    Example:
        >>> format_amount(Money("125.00")), format_amount(Money("0.50"))
        ('125', '0.5')
    """
    return format_decimal(value.amount)
