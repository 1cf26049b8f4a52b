"""The people and organizations on a claim: patients, subscribers, payers, providers.

Names, birth dates and addresses of patients and subscribers are PHI: they
never show in ``repr``, and member IDs show masked.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal, Self

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from rcm.claims._base import PRINTABLE_PATTERN, ClaimModel
from rcm.claims._codes import check, is_lenient
from rcm.claims._errors import ClaimValidationError

__all__ = [
    "Address",
    "Coverage",
    "Patient",
    "Payer",
    "Provider",
    "Sex",
    "Subscriber",
]

#: Administrative sex as the 837 DMG03 carries it: female, male, unknown.
Sex = Literal["F", "M", "U"]


def _digits_only(value: object) -> object:
    """Drop the hyphen and spaces of a formatted tax ID (``12-3456789``)."""
    if isinstance(value, str):
        return value.replace("-", "").replace(" ", "")
    return value


def _size(max_length: int, min_length: int = 1) -> StringConstraints:
    # Printable ASCII (the X12 extended character set), checked by the regex
    # engine of pydantic-core rather than in Python: reading 837s validates
    # hundreds of thousands of these.
    return StringConstraints(
        strip_whitespace=True,
        min_length=min_length,
        max_length=max_length,
        pattern=PRINTABLE_PATTERN,
    )


# X12 text fields by their 005010 element sizes: stripped, printable ASCII.
#: A name or organization name (NM103, 1-60).
Name60 = Annotated[str, _size(60)]
#: A first name (NM104, 1-35).
Name35 = Annotated[str, _size(35)]
#: A middle name (NM105, 1-25).
Name25 = Annotated[str, _size(25)]
#: A name suffix (NM107, 1-10).
Name10 = Annotated[str, _size(10)]
#: An address line (N301/N302, 1-55).
Line55 = Annotated[str, _size(55)]
#: A city (N401, 2-30).
City30 = Annotated[str, _size(30, 2)]
#: A reference identification (REF02, 1-50).
Ref50 = Annotated[str, _size(50)]
#: An entity identifier (NM109, 2-80).
Id80 = Annotated[str, _size(80, 2)]


def _code(kind: str) -> AfterValidator:
    def validate(value: str, info: ValidationInfo) -> str:
        return check(kind, value, info)

    return AfterValidator(validate)


# Codes by system, stored compact (see rcm.claims._codes.check).
NpiCode = Annotated[str, _code("npi")]
TaxonomyCode = Annotated[str, _code("taxonomy")]
ProcedureCode = Annotated[str, _code("procedure")]
ModifierCode = Annotated[str, _code("modifier")]
PosCode = Annotated[str, _code("pos")]
RevenueCode = Annotated[str, _code("revenue")]
NdcCode = Annotated[str, _code("ndc")]


_State = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
_Postal = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{3,15}$")]


class Address(ClaimModel):
    """A street address (the 837's N3 and N4 segments).

    Built in code, a US address needs its street line, a two-letter state and
    a 5- or 9-digit ZIP code; one with a ``country_code`` other than ``US``
    needs its street line and city. Read from a file (lenient validation, see
    :func:`rcm.claims.read_837`), an address keeps whatever parts the file had.

    Attributes:
        line1: street address (N301).
        line2: second address line (N302), optional.
        city: city (N401).
        state: two-letter state or province code (N402).
        postal_code: ZIP or postal code (N403).
        country_code: the country, for addresses outside the US (N404).

    Example:
        >>> Address(line1="1 MAIN ST", city="SPRINGFIELD", state="IL", postal_code="627011234")
        Address(line1='1 MAIN ST', line2=None, city='SPRINGFIELD', state='IL', postal_code='627011234', country_code=None)
        >>> Address(line1="1 MAIN ST", city="SPRINGFIELD", state="IL", postal_code="6270")
        Traceback (most recent call last):
        ...
        rcm.claims._errors.ClaimValidationError: Address (postal_code): a US ZIP code has 5 or 9 digits
    """  # noqa: E501

    line1: Line55 | None = None
    line2: Line55 | None = None
    city: City30 | None = None
    state: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{2,3}$")] | None = None
    postal_code: _Postal | None = None
    country_code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}$")] | None = None

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Self:
        if is_lenient(info):
            return self
        problems: list[tuple[str, str]] = []
        if self.line1 is None:
            problems.append(("line1", "an address needs its street line"))
        if self.city is None:
            problems.append(("city", "an address needs its city"))
        if self.country_code in (None, "US", "USA"):
            if self.state is None or not self.state.isalpha() or len(self.state) != 2:
                problems.append(("state", "a US address needs its two-letter state code"))
            if self.postal_code is None or not (
                self.postal_code.isdigit() and len(self.postal_code) in (5, 9)
            ):
                problems.append(("postal_code", "a US ZIP code has 5 or 9 digits"))
        if problems:
            raise ClaimValidationError(
                problems[0][1], model="Address", field=problems[0][0], problems=tuple(problems)
            )
        return self


class _Person(ClaimModel):
    """Name and demographics shared by :class:`Patient` and :class:`Subscriber`."""

    last_name: Name60 = Field(repr=False)
    first_name: Name35 | None = Field(default=None, repr=False)
    middle_name: Name25 | None = Field(default=None, repr=False)
    suffix: Name10 | None = Field(default=None, repr=False)
    birth_date: date | None = Field(default=None, repr=False)
    sex: Sex | None = None
    address: Address | None = Field(default=None, repr=False)

    def same_person(self, other: _Person) -> bool:
        """Whether *other* has the same name, birth date, sex and address.

        Example:
            >>> a = Patient(last_name="DOE", first_name="JANE")
            >>> a.same_person(Subscriber(member_id="W1", last_name="DOE", first_name="JANE"))
            True
        """
        return all(getattr(self, name) == getattr(other, name) for name in _PERSON_FIELDS)


_PERSON_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "suffix",
    "birth_date",
    "sex",
    "address",
)


class Patient(_Person):
    """The person who received the services.

    Every field but ``sex`` is PHI and is left out of ``repr``.

    Attributes:
        last_name: family name (NM103), up to 60 characters.
        first_name: given name (NM104).
        middle_name: middle name or initial (NM105).
        suffix: name suffix such as ``JR`` (NM107).
        birth_date: date of birth (DMG02); required on a claim that is sent.
        sex: ``F``, ``M`` or ``U`` (DMG03); required on a claim that is sent.
        address: home address (N3/N4).

    Example:
        >>> from datetime import date
        >>> Patient(last_name="DOE", first_name="JANE", birth_date=date(1980, 5, 1), sex="F")
        Patient(sex='F')
    """


class Subscriber(_Person):
    """The insured person, whose coverage pays: member ID, name and demographics.

    The member ID shows masked in ``repr``; names, birth date and address never.

    Attributes:
        member_id: the payer's identifier for the subscriber (NM109 with NM108 ``MI``).

    Example:
        >>> Subscriber(member_id="W123456789", last_name="DOE", first_name="JOHN")
        Subscriber(sex=None, member_id='********89')
    """

    _masked_fields: ClassVar[frozenset[str]] = frozenset({"member_id"})

    member_id: Id80

    @classmethod
    def from_patient(cls, patient: Patient, *, member_id: str) -> Self:
        """The subscriber who is the patient (relationship ``18``, self).

        Example:
            >>> patient = Patient(last_name="DOE", first_name="JANE", sex="F")
            >>> Subscriber.from_patient(patient, member_id="W1234").same_person(patient)
            True
        """
        data = {name: getattr(patient, name) for name in _PERSON_FIELDS}
        return cls(member_id=member_id, **data)

    def as_patient(self) -> Patient:
        """The subscriber's demographics as a :class:`Patient` (when they are the patient).

        Example:
            >>> Subscriber(member_id="W1", last_name="DOE", sex="M").as_patient().sex
            'M'
        """
        return Patient(**{name: getattr(self, name) for name in _PERSON_FIELDS})


class Payer(ClaimModel):
    """A health plan that receives claims (the 837's payer name loop, 2010BB).

    Attributes:
        name: the payer's name (NM103).
        payer_id: the payer identifier (NM109), what clearinghouses route on.
        id_qualifier: ``PI`` (payer identification) or ``XV`` (CMS plan ID).
        address: the payer's address, when the trading partner wants it.

    Example:
        >>> Payer(name="MEDICARE B", payer_id="00435").id_qualifier
        'PI'
    """

    name: Name60
    payer_id: Id80
    id_qualifier: Literal["PI", "XV"] = "PI"
    address: Address | None = None


class Provider(ClaimModel):
    """A provider on a claim: billing, rendering, referring, attending, a facility...

    A person (``entity="person"``) has a last and first name; an organization
    has its name in ``name``. Provider data is not PHI and shows in ``repr``.

    Attributes:
        name: the last name of a person or the organization name (NM103).
        entity: ``"person"`` (NM102 ``1``) or ``"organization"`` (``2``).
        first_name: a person's first name (NM104).
        middle_name: a person's middle name (NM105).
        suffix: a person's name suffix (NM107).
        npi: the National Provider Identifier (NM109 with NM108 ``XX``).
        taxonomy: the NUCC provider taxonomy code (PRV03), where the 837 carries
            one (billing, rendering on 837P, attending on 837I).
        tax_id: the federal tax ID (billing provider REF, EIN or SSN), never in
            ``repr``.
        tax_id_type: ``EI`` (employer identification number) or ``SY`` (SSN).
        address: the provider's address; required for the billing provider and a
            service facility.

    Example:
        >>> Provider(name="KILDARE", first_name="BEN", entity="person", npi="1234567893")
        Provider(name='KILDARE', entity='person', first_name='BEN', middle_name=None, suffix=None, npi='1234567893', taxonomy=None, tax_id_type='EI', address=None)
    """  # noqa: E501

    name: Name60
    entity: Literal["person", "organization"] = "organization"
    first_name: Name35 | None = None
    middle_name: Name25 | None = None
    suffix: Name10 | None = None
    npi: NpiCode | None = None
    taxonomy: TaxonomyCode | None = None
    tax_id: (
        Annotated[str, BeforeValidator(_digits_only), StringConstraints(pattern=r"^[0-9]{9}$")]
        | None
    ) = Field(default=None, repr=False)
    tax_id_type: Literal["EI", "SY"] = "EI"
    address: Address | None = None

    @model_validator(mode="after")
    def _check_entity(self) -> Self:
        if self.entity == "organization" and (
            self.first_name is not None or self.middle_name is not None or self.suffix is not None
        ):
            raise ClaimValidationError(
                "an organization has no first name, middle name or suffix",
                model="Provider",
                field="first_name",
                expected='entity="person" for a person',
            )
        return self


#: X12 individual relationship codes (SBR02/PAT01/2320 SBR02) that 005010X222A1
#: and X223A2 allow: 01 spouse, 18 self, 19 child, 20 employee, 21 unknown,
#: 39 organ donor, 40 cadaver donor, 53 life partner, G8 other relationship.
Relationship = Literal["01", "18", "19", "20", "21", "39", "40", "53", "G8"]

# SBR09 claim filing indicator codes in 005010X222A1/X223A2 (MB Medicare Part B,
# MA Part A, MC Medicaid, CI commercial, BL Blue Cross Blue Shield, HM HMO, ...).
_FILING_INDICATOR_CODES = (
    "11",
    "12",
    "13",
    "14",
    "15",
    "16",
    "17",
    "AM",
    "BL",
    "CH",
    "CI",
    "DS",
    "FI",
    "HM",
    "LM",
    "MA",
    "MB",
    "MC",
    "OF",
    "TV",
    "VA",
    "WC",
    "ZZ",
)
_FILING_INDICATORS = frozenset(_FILING_INDICATOR_CODES)


class Coverage(ClaimModel):
    """A coverage that can pay for an encounter: the payer, the subscriber, and how.

    Attributes:
        payer: the health plan; ``None`` only for another payer read from a file
            that leaves it out (see :attr:`rcm.claims.Claim.relaxed_problems`).
        subscriber: the insured person, with the member ID.
        relationship: the patient's relationship to the subscriber (X12 code):
            ``18`` self, ``01`` spouse, ``19`` child, ``G8`` other...
        filing_indicator: the claim filing indicator (SBR09): ``CI`` commercial,
            ``MB`` Medicare Part B, ``MA`` Part A, ``MC`` Medicaid, ``BL``...;
            ``None`` where the file has none.
        group_number: the group or policy number (SBR03).
        group_name: the group or plan name (SBR04).
        insurance_type: the insurance type code (SBR05), such as ``12`` for
            Medicare secondary working aged; 837P only.

    Example:
        >>> payer = Payer(name="ACME HEALTH", payer_id="12345")
        >>> sub = Subscriber(member_id="W123456789", last_name="DOE")
        >>> Coverage(payer=payer, subscriber=sub).relationship
        '18'
    """

    payer: Payer | None
    subscriber: Subscriber
    relationship: Relationship = "18"
    filing_indicator: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{1,2}$")] | None = "CI"
    group_number: Ref50 | None = None
    group_name: Name60 | None = None
    insurance_type: Literal["12", "13", "14", "15", "16", "41", "42", "43", "47"] | None = None

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Self:
        if is_lenient(info):
            return self
        if self.payer is None:
            raise ClaimValidationError(
                "a coverage needs its payer", model="Coverage", field="payer"
            )
        if self.filing_indicator is not None and self.filing_indicator not in _FILING_INDICATORS:
            raise ClaimValidationError(
                f"{self.filing_indicator!r} is not a claim filing indicator code (SBR09)",
                model="Coverage",
                field="filing_indicator",
                value=self.filing_indicator,
                expected=", ".join(sorted(_FILING_INDICATORS)),
            )
        return self
