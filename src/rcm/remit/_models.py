"""The 835 as values: remittances, claim payments, service payments, adjustments.

Every model is a frozen pydantic v2 model (``extra="forbid"``): hashable,
comparable, JSON round-trippable, with a JSON Schema. Collections are tuples.
Amounts are :class:`rcm.money.Money`; quantities, rates and weights are
``Decimal``; dates are ``datetime.date``.

The field layout follows the ASC X12 005010X221A1 implementation guide (the
"TR3") loop by loop; each field's docstring names the element it comes from
(``CLP03``) so a reader of the guide finds it. The names of things are rcm's:
X12 calls the 2110 loop "service payment information", so rcm calls it
:class:`ServicePayment` (the claim side calls the same idea ``ServiceLine``).

PHI: names, member and patient identifiers and bank account numbers never
show in ``repr``/``str``: names are left out (``Field(repr=False)``) and
identifiers are masked to their last two characters.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from rcm.coding import carc as _carc
from rcm.coding import rarc as _rarc
from rcm.dates import DateRange
from rcm.errors import mask
from rcm.money import Money

__all__ = [
    "Address",
    "Adjustment",
    "AdjustmentGroup",
    "Amount",
    "ClaimPayment",
    "ClaimStatus",
    "Communication",
    "Contact",
    "DateReference",
    "DeliveryMethod",
    "EntityName",
    "HeaderNumber",
    "InpatientAdjudication",
    "OutpatientAdjudication",
    "Party",
    "Payment",
    "Procedure",
    "ProviderAdjustment",
    "ProviderAdjustmentItem",
    "ProviderSummary",
    "ProviderSupplementalSummary",
    "Quantity",
    "Reference",
    "Remark",
    "Remittance",
    "ServicePayment",
    "Trace",
]

#: A CARC value (format checked; see :mod:`rcm.coding.carc`).
CarcCode = Annotated[str, StringConstraints(pattern=_carc.PATTERN.pattern)]
#: A RARC value (format checked; see :mod:`rcm.coding.rarc`).
RarcCode = Annotated[str, StringConstraints(pattern=_rarc.PATTERN.pattern)]
#: A non-empty X12 identifier or code value.
Text = Annotated[str, StringConstraints(min_length=1)]


class _Model(BaseModel):
    """Base: frozen, no extra fields, identifiers masked in repr."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: Field names whose value is masked (last two characters shown) in repr.
    _masked: ClassVar[frozenset[str]] = frozenset()

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            if name in self._masked and isinstance(value, str):
                yield name, mask(value)
            else:
                yield name, value


class AdjustmentGroup(enum.StrEnum):
    """CAS01 claim adjustment group codes: who bears an adjustment.

    Example:
        >>> AdjustmentGroup("PR").name, AdjustmentGroup.CONTRACTUAL.value
        ('PATIENT_RESPONSIBILITY', 'CO')
    """

    #: CO: contractual obligation; the provider writes it off.
    CONTRACTUAL = "CO"
    #: PR: patient responsibility (deductible, coinsurance, copay...).
    PATIENT_RESPONSIBILITY = "PR"
    #: OA: other adjustment.
    OTHER = "OA"
    #: PI: payer-initiated reduction.
    PAYER_INITIATED = "PI"
    #: CR: correction and reversal (004010; not used from 005010 on, but still sent).
    CORRECTION = "CR"


class ClaimStatus(enum.StrEnum):
    """CLP02 claim status codes, with :attr:`meaning` in rcm's own words.

    Example:
        >>> ClaimStatus("22").meaning
        'reversal of a previous payment'
        >>> ClaimStatus.DENIED.value
        '4'
    """

    PROCESSED_AS_PRIMARY = "1"
    PROCESSED_AS_SECONDARY = "2"
    PROCESSED_AS_TERTIARY = "3"
    DENIED = "4"
    PROCESSED_AS_PRIMARY_FORWARDED = "19"
    PROCESSED_AS_SECONDARY_FORWARDED = "20"
    PROCESSED_AS_TERTIARY_FORWARDED = "21"
    REVERSAL = "22"
    NOT_OUR_CLAIM_FORWARDED = "23"
    PREDETERMINATION = "25"

    @property
    def meaning(self) -> str:
        """What the status says, in plain words.

        Example:
            >>> ClaimStatus.PROCESSED_AS_PRIMARY_FORWARDED.meaning
            'processed as primary, forwarded to another payer'
        """
        return _STATUS_MEANINGS[self]


_STATUS_MEANINGS = {
    ClaimStatus.PROCESSED_AS_PRIMARY: "processed as primary",
    ClaimStatus.PROCESSED_AS_SECONDARY: "processed as secondary",
    ClaimStatus.PROCESSED_AS_TERTIARY: "processed as tertiary",
    ClaimStatus.DENIED: "denied",
    ClaimStatus.PROCESSED_AS_PRIMARY_FORWARDED: "processed as primary, forwarded to another payer",
    ClaimStatus.PROCESSED_AS_SECONDARY_FORWARDED: (
        "processed as secondary, forwarded to another payer"
    ),
    ClaimStatus.PROCESSED_AS_TERTIARY_FORWARDED: (
        "processed as tertiary, forwarded to another payer"
    ),
    ClaimStatus.REVERSAL: "reversal of a previous payment",
    ClaimStatus.NOT_OUR_CLAIM_FORWARDED: "not our claim, forwarded to another payer",
    ClaimStatus.PREDETERMINATION: "predetermination pricing only, no payment",
}


# --- small pieces ------------------------------------------------------------------


class Adjustment(_Model):
    """One adjustment of a ``CAS`` segment: group, reason, amount, quantity.

    A ``CAS`` carries up to six reason/amount/quantity triplets under one
    group code; rcm expands them into one ``Adjustment`` each. A positive
    amount reduces the payment; a negative one increases it.

    Example:
        >>> from rcm.money import Money
        >>> adj = Adjustment(group="CO", reason="45", amount=Money("12.00"))
        >>> adj
        Adjustment(group=<AdjustmentGroup.CONTRACTUAL: 'CO'>, reason='45', amount=Money('12.00'), quantity=None)
        >>> adj.model_dump_json()
        '{"group":"CO","reason":"45","amount":"12.00","quantity":null}'
    """  # noqa: E501 - doctest output

    #: CAS01: the group code.
    group: AdjustmentGroup
    #: CAS02/05/08/11/14/17: the CARC.
    reason: CarcCode
    #: CAS03/06/...: the amount.
    amount: Money
    #: CAS04/07/...: the units adjusted, when sent.
    quantity: Decimal | None = None


class Reference(_Model):
    """A ``REF`` segment: a qualifier and an identifier (the value is masked in repr).

    Example:
        >>> Reference(qualifier="6R", value="LINE0001")
        Reference(qualifier='6R', value='******01')
    """

    _masked = frozenset({"value"})

    #: REF01, e.g. ``6R`` line item control number, ``EA`` medical record number.
    qualifier: Text
    #: REF02.
    value: Text


class Amount(_Model):
    """An ``AMT`` segment: a qualifier and an amount.

    Example:
        >>> from rcm.money import Money
        >>> Amount(qualifier="B6", amount=Money("80.00")).amount
        Money('80.00')
    """

    #: AMT01, e.g. ``B6`` allowed (line), ``AU`` coverage amount (claim), ``I`` interest.
    qualifier: Text
    #: AMT02.
    amount: Money


class Quantity(_Model):
    """A ``QTY`` segment: a qualifier and a quantity.

    Example:
        >>> from decimal import Decimal
        >>> Quantity(qualifier="CA", quantity=Decimal("4")).quantity
        Decimal('4')
    """

    #: QTY01, e.g. ``CA`` covered days, ``VS`` visits.
    qualifier: Text
    #: QTY02.
    quantity: Decimal


class DateReference(_Model):
    """A ``DTM`` segment: a qualifier and a date.

    Example:
        >>> from datetime import date
        >>> DateReference(qualifier="472", date=date(2025, 3, 1)).date.isoformat()
        '2025-03-01'
    """

    #: DTM01, e.g. ``232``/``233`` statement period, ``050`` received, ``472`` service.
    qualifier: Text
    #: DTM02.
    date: dt.date


class Remark(_Model):
    """A remark code on a service line (``LQ``): RARC (``HE``) or NCPDP reject code (``RX``).

    Example:
        >>> Remark(qualifier="HE", code="N130").code
        'N130'
        >>> Remark(qualifier="HE", code="45")
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for Remark
        ...
    """

    #: LQ01: ``HE`` (RARC) or ``RX`` (NCPDP reject/payment code).
    qualifier: Text
    #: LQ02.
    code: Text

    @model_validator(mode="after")
    def _check_rarc(self) -> Remark:
        if self.qualifier == "HE" and not _rarc.PATTERN.match(self.code):
            raise ValueError(f"LQ02 {self.code!r} is not a RARC (LQ01 is HE)")
        return self


class Communication(_Model):
    """One communication number of a ``PER`` (``TE`` phone, ``EM`` e-mail, ``UR`` URL...).

    Example:
        >>> Communication(qualifier="TE", number="8005551212").qualifier
        'TE'
    """

    #: PER03/05/07.
    qualifier: Text
    #: PER04/06/08.
    number: Text


class Contact(_Model):
    """A ``PER`` contact: function code, name and up to three numbers.

    Example:
        >>> Contact(function="BL", name="EDI SUPPORT").name
        'EDI SUPPORT'
    """

    #: PER01: ``CX`` claims office, ``BL`` technical, ``IC`` information (web site).
    function: Text
    #: PER02.
    name: Text | None = None
    #: PER03-PER08.
    communications: tuple[Communication, ...] = ()


class Address(_Model):
    """``N3``/``N4``: street lines, city, state, postal code and country.

    Example:
        >>> Address(lines=("1 MAIN ST",), city="ALBANY", state="NY", postal_code="12237").city
        'ALBANY'
    """

    #: N301, N302 (empty when there is no N3).
    lines: tuple[Text, ...] = Field(default=(), max_length=2)
    #: N401.
    city: Text | None = None
    #: N402.
    state: Text | None = None
    #: N403.
    postal_code: Text | None = None
    #: N404.
    country_code: Text | None = None
    #: N407.
    country_subdivision: Text | None = None


class DeliveryMethod(_Model):
    """``RDM``: how the payee gets the remittance when it is not sent with the payment.

    Example:
        >>> DeliveryMethod(code="EM", communication="era@example.org").code
        'EM'
    """

    #: RDM01: ``BM`` by mail, ``EM`` e-mail, ``FT`` file transfer, ``OL`` online.
    code: Text
    #: RDM02.
    name: Text | None = None
    #: RDM03 (a single communication number in 005010).
    communication: Text | None = None


class Party(_Model):
    """Payer (loop 1000A, ``N1*PR``) or payee (loop 1000B, ``N1*PE``) identification.

    Example:
        >>> Party(entity_code="PR", name="ACME HEALTH", id_qualifier="XV", id="12345").name
        'ACME HEALTH'
    """

    #: N101: ``PR`` payer or ``PE`` payee.
    entity_code: Text
    #: N102.
    name: Text | None = None
    #: N103: ``XV`` plan ID, ``XX`` NPI, ``FI`` tax ID...
    id_qualifier: Text | None = None
    #: N104.
    id: Text | None = None
    #: N3/N4.
    address: Address | None = None
    #: REF (payer: ``2U``, ``EO``, ``HI``, ``NF``; payee: ``TJ``, ``PQ``, ``0B``, ``D3``).
    references: tuple[Reference, ...] = ()
    #: PER (payer: ``CX``, ``BL``, ``IC``).
    contacts: tuple[Contact, ...] = ()
    #: RDM (payee only).
    delivery: DeliveryMethod | None = None


class EntityName(_Model):
    """An ``NM1`` in loop 2100: patient, insured, corrected patient, rendering provider...

    The name fields never show in repr, and the identifier is masked.

    Example:
        >>> EntityName(entity_code="QC", entity_type="1", last_name="DOE", first_name="JANE",
        ...            id_qualifier="MI", id="W123456789")
        EntityName(entity_code='QC', entity_type='1', id_qualifier='MI', id='********89')
    """

    _masked = frozenset({"id"})

    #: NM101: ``QC`` patient, ``IL`` insured, ``74`` corrected insured, ``82`` rendering
    #: provider, ``TT`` crossover carrier, ``PR`` corrected priority payer, ``GB`` other subscriber.
    entity_code: Text
    #: NM102: ``1`` person, ``2`` non-person entity.
    entity_type: Text
    #: NM103.
    last_name: Text | None = Field(default=None, repr=False)
    #: NM104.
    first_name: Text | None = Field(default=None, repr=False)
    #: NM105.
    middle_name: Text | None = Field(default=None, repr=False)
    #: NM107.
    suffix: Text | None = Field(default=None, repr=False)
    #: NM108: ``MI`` member ID, ``HN`` HIC number, ``XX`` NPI, ``FI``, ``34`` SSN...
    id_qualifier: Text | None = None
    #: NM109.
    id: Text | None = None


class Procedure(_Model):
    """A composite medical procedure identifier (``SVC01``, ``SVC06``).

    Example:
        >>> Procedure(qualifier="HC", code="99213", modifiers=("25",)).modifiers
        ('25',)
    """

    #: -01: ``HC`` HCPCS/CPT, ``AD`` ADA dental, ``NU`` revenue code, ``N4`` NDC,
    #: ``HP`` HIPPS, ``IV`` HIEC, ``ER`` jurisdiction specific, ``WK`` ABC.
    qualifier: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2}$")]
    #: -02.
    code: Text
    #: -03 to -06.
    modifiers: tuple[Text, ...] = Field(default=(), max_length=4)
    #: -07.
    description: Text | None = None


# --- header ----------------------------------------------------------------------


class Payment(_Model):
    """``BPR``: the financial information, how much is paid and how.

    Bank account numbers are masked in repr.

    Example:
        >>> from datetime import date
        >>> from rcm.money import Money
        >>> p = Payment(handling_code="I", amount=Money("1.57"), credit_debit="C", method="ACH",
        ...             receiver_account="9876543210", date=date(2014, 1, 1))
        >>> "9876543210" in repr(p), p.signed_amount
        (False, Money('1.57'))
    """

    _masked = frozenset({"sender_account", "receiver_account"})

    #: BPR01: ``C`` payment with remittance, ``D`` payment only, ``H`` notification
    #: only, ``I`` remittance information only, ``P`` prenotification, ``U`` split, ``X``.
    handling_code: Text
    #: BPR02: the total actual provider payment.
    amount: Money
    #: BPR03: ``C`` credit, ``D`` debit.
    credit_debit: Text
    #: BPR04: ``ACH``, ``BOP``, ``CHK``, ``FWT``, ``NON``.
    method: Text
    #: BPR05: ``CCP``, ``CTX``.
    format: Text | None = None
    #: BPR06.
    sender_dfi_qualifier: Text | None = None
    #: BPR07: the payer's bank (routing number).
    sender_dfi_id: Text | None = None
    #: BPR08.
    sender_account_qualifier: Text | None = None
    #: BPR09 (masked in repr).
    sender_account: Text | None = None
    #: BPR10: the payer identifier (matches TRN03).
    payer_identifier: Text | None = None
    #: BPR11.
    payer_supplemental_code: Text | None = None
    #: BPR12.
    receiver_dfi_qualifier: Text | None = None
    #: BPR13: the payee's bank.
    receiver_dfi_id: Text | None = None
    #: BPR14.
    receiver_account_qualifier: Text | None = None
    #: BPR15 (masked in repr).
    receiver_account: Text | None = None
    #: BPR16: check issue or EFT effective date.
    date: dt.date | None = None

    @property
    def signed_amount(self) -> Money:
        """BPR02 with the sign BPR03 gives it: negative for a debit (``D``).

        Example:
            >>> from rcm.money import Money
            >>> Payment(handling_code="I", amount=Money("5.00"), credit_debit="D",
            ...         method="NON").signed_amount
            Money('-5.00')
        """
        return -self.amount if self.credit_debit == "D" else self.amount


class Trace(_Model):
    """``TRN``: the check or EFT trace number that ties the 835 to the money.

    Example:
        >>> Trace(type_code="1", number="12345", originator_id="1512345678").number
        '12345'
    """

    #: TRN01 (``1``: current transaction trace number).
    type_code: Text
    #: TRN02: check or EFT trace number.
    number: Text
    #: TRN03: payer identifier (``1`` + EIN, usually).
    originator_id: Text | None = None
    #: TRN04.
    originator_supplemental_code: Text | None = None


class ProviderSummary(_Model):
    """``TS3``: provider summary information for a header number (loop 2000).

    Elements that 005010 marks "not used" but that older payers still send
    (TS306-TS312, TS314, TS316, TS319, as named in 004010) are kept so nothing
    is lost.

    Example:
        >>> from datetime import date
        >>> from rcm.money import Money
        >>> ProviderSummary(provider_id="6543210903", facility_code="11",
        ...                 fiscal_period_end=date(2002, 12, 31), claim_count=1,
        ...                 total_charge=Money("211366.97")).claim_count
        1
    """

    #: TS301.
    provider_id: Text
    #: TS302: facility type code (place of service or type of bill first two digits).
    facility_code: Text
    #: TS303: last day of the provider's fiscal year.
    fiscal_period_end: dt.date
    #: TS304.
    claim_count: int
    #: TS305.
    total_charge: Money
    #: TS306 (004010: total covered charge).
    total_covered_charge: Money | None = None
    #: TS307 (004010: total noncovered charge).
    total_noncovered_charge: Money | None = None
    #: TS308 (004010: total denied charge).
    total_denied_charge: Money | None = None
    #: TS309 (004010: total provider payment).
    total_provider_payment: Money | None = None
    #: TS310 (004010: total interest).
    total_interest: Money | None = None
    #: TS311 (004010: total contractual adjustment).
    total_contractual_adjustment: Money | None = None
    #: TS312 (004010: total Gramm-Rudman reduction).
    total_gramm_rudman_reduction: Money | None = None
    #: TS313.
    total_msp_payer_amount: Money | None = None
    #: TS314 (004010: total blood deductible).
    total_blood_deductible: Money | None = None
    #: TS315.
    total_non_lab_charge: Money | None = None
    #: TS316 (004010: total coinsurance).
    total_coinsurance: Money | None = None
    #: TS317.
    total_hcpcs_reported_charge: Money | None = None
    #: TS318.
    total_hcpcs_payable: Money | None = None
    #: TS319 (004010: total deductible).
    total_deductible: Money | None = None
    #: TS320.
    total_professional_component: Money | None = None
    #: TS321.
    total_msp_patient_liability_met: Money | None = None
    #: TS322.
    total_patient_reimbursement: Money | None = None
    #: TS323.
    total_pip_claim_count: int | None = None
    #: TS324.
    total_pip_adjustment: Money | None = None


class ProviderSupplementalSummary(_Model):
    """``TS2``: provider supplemental summary (Medicare Part A inpatient totals).

    Example:
        >>> from rcm.money import Money
        >>> ProviderSupplementalSummary(total_drg_amount=Money("2178.45")).total_drg_amount
        Money('2178.45')
    """

    #: TS201.
    total_drg_amount: Money | None = None
    #: TS202.
    total_federal_specific_amount: Money | None = None
    #: TS203.
    total_hospital_specific_amount: Money | None = None
    #: TS204.
    total_disproportionate_share_amount: Money | None = None
    #: TS205.
    total_capital_amount: Money | None = None
    #: TS206.
    total_indirect_medical_education_amount: Money | None = None
    #: TS207.
    total_outlier_day_count: Decimal | None = None
    #: TS208.
    total_day_outlier_amount: Money | None = None
    #: TS209.
    total_cost_outlier_amount: Money | None = None
    #: TS210.
    average_drg_length_of_stay: Decimal | None = None
    #: TS211.
    total_discharge_count: Decimal | None = None
    #: TS212.
    total_cost_report_day_count: Decimal | None = None
    #: TS213.
    total_covered_day_count: Decimal | None = None
    #: TS214.
    total_noncovered_day_count: Decimal | None = None
    #: TS215.
    total_msp_pass_through_amount: Money | None = None
    #: TS216.
    average_drg_weight: Decimal | None = None
    #: TS217.
    total_pps_capital_fsp_drg_amount: Money | None = None
    #: TS218.
    total_pps_capital_hsp_drg_amount: Money | None = None
    #: TS219.
    total_pps_dsh_drg_amount: Money | None = None


class HeaderNumber(_Model):
    """Loop 2000: an ``LX`` header number that groups claims, with its summaries.

    Claims point back to their group through :attr:`ClaimPayment.header_number`.

    Example:
        >>> HeaderNumber(number=1).provider_summary is None
        True
    """

    #: LX01.
    number: int
    #: TS3.
    provider_summary: ProviderSummary | None = None
    #: TS2.
    supplemental_summary: ProviderSupplementalSummary | None = None


# --- claim -----------------------------------------------------------------------


class InpatientAdjudication(_Model):
    """``MIA``: inpatient adjudication information (Medicare Part A and the like).

    Example:
        >>> from decimal import Decimal
        >>> from rcm.money import Money
        >>> mia = InpatientAdjudication(covered_days=Decimal("0"), claim_drg_amount=Money("19.37"),
        ...                             remark_codes=("N689",))
        >>> mia.remark_codes
        ('N689',)
    """

    #: MIA01: covered days or visits.
    covered_days: Decimal
    #: MIA02.
    pps_operating_outlier_amount: Money | None = None
    #: MIA03.
    lifetime_psychiatric_days: Decimal | None = None
    #: MIA04.
    claim_drg_amount: Money | None = None
    #: MIA05, MIA20-MIA23: claim payment remark codes (RARC).
    remark_codes: tuple[RarcCode, ...] = Field(default=(), max_length=5)
    #: MIA06.
    disproportionate_share_amount: Money | None = None
    #: MIA07.
    msp_pass_through_amount: Money | None = None
    #: MIA08.
    pps_capital_amount: Money | None = None
    #: MIA09.
    pps_capital_fsp_drg_amount: Money | None = None
    #: MIA10.
    pps_capital_hsp_drg_amount: Money | None = None
    #: MIA11.
    pps_capital_dsh_drg_amount: Money | None = None
    #: MIA12.
    old_capital_amount: Money | None = None
    #: MIA13.
    pps_capital_ime_amount: Money | None = None
    #: MIA14.
    pps_operating_hospital_specific_drg_amount: Money | None = None
    #: MIA15.
    cost_report_day_count: Decimal | None = None
    #: MIA16.
    pps_operating_federal_specific_drg_amount: Money | None = None
    #: MIA17.
    pps_capital_outlier_amount: Money | None = None
    #: MIA18.
    indirect_teaching_amount: Money | None = None
    #: MIA19.
    nonpayable_professional_component_amount: Money | None = None
    #: MIA24.
    pps_capital_exception_amount: Money | None = None


class OutpatientAdjudication(_Model):
    """``MOA``: outpatient adjudication information (claim-level remark codes).

    Example:
        >>> OutpatientAdjudication(remark_codes=("MA02",)).remark_codes
        ('MA02',)
    """

    #: MOA01: reimbursement rate (a percentage as a decimal).
    reimbursement_rate: Decimal | None = None
    #: MOA02.
    hcpcs_payable_amount: Money | None = None
    #: MOA03-MOA07: claim payment remark codes (RARC).
    remark_codes: tuple[RarcCode, ...] = Field(default=(), max_length=5)
    #: MOA08.
    esrd_payment_amount: Money | None = None
    #: MOA09.
    nonpayable_professional_component_amount: Money | None = None


class ServicePayment(_Model):
    """One service line's payment: what X12 calls loop 2110, "service payment information".

    rcm calls it ``ServicePayment`` because X12 does; the claim side of rcm
    calls the same line a ``ServiceLine``.

    Example:
        >>> from rcm.money import Money
        >>> line = ServicePayment(
        ...     procedure=Procedure(qualifier="HC", code="99213"),
        ...     charge=Money("100.00"), paid=Money("80.00"),
        ...     adjustments=(Adjustment(group="CO", reason="45", amount=Money("20.00")),),
        ...     references=(Reference(qualifier="6R", value="L1"),),
        ...     amounts=(Amount(qualifier="B6", amount=Money("80.00")),))
        >>> line.line_item_control_number, line.allowed_amount
        ('L1', Money('80.00'))
    """

    #: SVC01.
    procedure: Procedure
    #: SVC02: the line charge.
    charge: Money
    #: SVC03: the line payment.
    paid: Money
    #: SVC04: NUBC revenue code.
    revenue_code: Text | None = None
    #: SVC05: units paid.
    units_paid: Decimal | None = None
    #: SVC06: the procedure as billed, when the payer paid a different one.
    original_procedure: Procedure | None = None
    #: SVC07: units billed, when they differ from SVC05.
    original_units: Decimal | None = None
    #: DTM: ``472`` service date, ``150``/``151`` service period.
    dates: tuple[DateReference, ...] = ()
    #: CAS: line-level adjustments.
    adjustments: tuple[Adjustment, ...] = ()
    #: REF: ``6R`` line item control number, ``LU``, ``APC``, rendering provider IDs...
    references: tuple[Reference, ...] = ()
    #: AMT: ``B6`` allowed, ``KH`` deduction, ``T`` tax...
    amounts: tuple[Amount, ...] = ()
    #: QTY: federal mandate categories.
    quantities: tuple[Quantity, ...] = ()
    #: LQ: remark codes.
    remarks: tuple[Remark, ...] = ()

    @property
    def line_item_control_number(self) -> str | None:
        """``REF*6R``: the provider's line control number from the 837, if sent.

        Example:
            >>> from rcm.money import Money
            >>> ServicePayment(procedure=Procedure(qualifier="HC", code="99213"),
            ...                charge=Money(1), paid=Money(1)).line_item_control_number is None
            True
        """
        return _find_reference(self.references, "6R")

    @property
    def allowed_amount(self) -> Money | None:
        """``AMT*B6``: the allowed amount, if sent.

        Example:
            >>> from rcm.money import Money
            >>> ServicePayment(procedure=Procedure(qualifier="HC", code="99213"),
            ...                charge=Money(1), paid=Money(1)).allowed_amount is None
            True
        """
        return _find_amount(self.amounts, "B6")

    @property
    def service_period(self) -> DateRange | None:
        """The service date(s): ``DTM*472``, or ``150``/``151`` (a missing end is the start).

        Example:
            >>> from datetime import date
            >>> from rcm.money import Money
            >>> line = ServicePayment(procedure=Procedure(qualifier="HC", code="99213"),
            ...     charge=Money(1), paid=Money(1),
            ...     dates=(DateReference(qualifier="472", date=date(2025, 1, 2)),))
            >>> line.service_period.days
            1
        """
        single = _find_date(self.dates, "472")
        if single is not None:
            return DateRange(single, single)
        start = _find_date(self.dates, "150")
        end = _find_date(self.dates, "151")
        if start is None and end is None:
            return None
        first = start or end
        last = end or start
        assert first is not None and last is not None  # noqa: PT018 - narrowing
        return DateRange(min(first, last), max(first, last))

    @property
    def adjustment_total(self) -> Money:
        """The sum of the line's adjustments.

        Example:
            >>> from rcm.money import Money
            >>> ServicePayment(procedure=Procedure(qualifier="HC", code="99213"),
            ...                charge=Money(1), paid=Money(1)).adjustment_total
            Money('0.00')
        """
        return sum((adj.amount for adj in self.adjustments), Money(0))


class ClaimPayment(_Model):
    """One claim's adjudication: loop 2100 with its service payments (loop 2110).

    Example:
        >>> from rcm.money import Money
        >>> claim = ClaimPayment(
        ...     patient_control_number="PCN1", status="22", charge=Money("-100.00"),
        ...     paid=Money("-80.00"), filing_indicator="MC",
        ...     adjustments=(Adjustment(group="CO", reason="45", amount=Money("-20.00")),),
        ...     patient=EntityName(entity_code="QC", entity_type="1", last_name="DOE"))
        >>> claim.is_reversal, claim.status.meaning
        (True, 'reversal of a previous payment')
        >>> "DOE" in repr(claim)
        False
    """

    #: CLP01: the provider's patient control number from the 837 (CLM01).
    patient_control_number: Text
    #: CLP02.
    status: ClaimStatus
    #: CLP03: total claim charge.
    charge: Money
    #: CLP04: claim payment.
    paid: Money
    #: CLP05: patient responsibility.
    patient_responsibility: Money | None = None
    #: CLP06: claim filing indicator (``MA``, ``MB``, ``MC``, ``12``, ``CI``...).
    filing_indicator: Text | None = None
    #: CLP07: the payer's claim control number (ICN/DCN).
    payer_claim_control_number: Text | None = None
    #: CLP08: facility type code (place of service or type of bill).
    facility_code: Text | None = None
    #: CLP09: claim frequency code (``1`` original, ``7`` replacement, ``8`` void).
    frequency: Text | None = None
    #: CLP11: DRG code.
    drg_code: Text | None = None
    #: CLP12: DRG weight.
    drg_weight: Decimal | None = None
    #: CLP13: discharge fraction (a percentage as a decimal).
    discharge_fraction: Decimal | None = None
    #: LX01 of the header number (loop 2000) the claim is in, if any.
    header_number: int | None = None
    #: CAS: claim-level adjustments.
    adjustments: tuple[Adjustment, ...] = ()
    #: NM1*QC.
    patient: EntityName | None = None
    #: NM1*IL.
    insured: EntityName | None = None
    #: NM1*74: the corrected patient or insured name and ID.
    corrected_patient: EntityName | None = None
    #: NM1*82.
    service_provider: EntityName | None = None
    #: NM1*TT.
    crossover_carrier: EntityName | None = None
    #: NM1*PR.
    corrected_priority_payer: EntityName | None = None
    #: NM1*GB.
    other_subscriber: EntityName | None = None
    #: MIA.
    inpatient: InpatientAdjudication | None = None
    #: MOA.
    outpatient: OutpatientAdjudication | None = None
    #: DTM: ``232``/``233`` statement period, ``036`` coverage expiration, ``050`` received.
    dates: tuple[DateReference, ...] = ()
    #: REF: other claim identifiers and rendering provider identifiers.
    references: tuple[Reference, ...] = ()
    #: PER*CX: claim contacts.
    contacts: tuple[Contact, ...] = ()
    #: AMT: ``AU`` coverage, ``I`` interest, ``F5`` patient paid...
    amounts: tuple[Amount, ...] = ()
    #: QTY: ``CA`` covered days, ``VS`` visits...
    quantities: tuple[Quantity, ...] = ()
    #: Loop 2110.
    services: tuple[ServicePayment, ...] = ()

    @property
    def is_reversal(self) -> bool:
        """Whether the claim reverses an earlier payment (CLP02 = 22).

        A reversal carries the earlier amounts negated; a corrected claim with
        the new adjudication usually follows. :func:`rcm.remit.net_claims` nets them.

        Example:
            >>> from rcm.money import Money
            >>> ClaimPayment(patient_control_number="1", status="1", charge=Money(1),
            ...              paid=Money(1)).is_reversal
            False
        """
        return self.status is ClaimStatus.REVERSAL

    @property
    def statement_period(self) -> DateRange | None:
        """The claim statement period (``DTM*232``/``233``; one alone is a single day).

        Example:
            >>> from datetime import date
            >>> from rcm.money import Money
            >>> claim = ClaimPayment(patient_control_number="1", status="1", charge=Money(1),
            ...     paid=Money(1), dates=(DateReference(qualifier="232", date=date(2025, 1, 2)),
            ...                           DateReference(qualifier="233", date=date(2025, 1, 5))))
            >>> claim.statement_period.days
            4
        """
        start = _find_date(self.dates, "232")
        end = _find_date(self.dates, "233")
        if start is None and end is None:
            return None
        first = start or end
        last = end or start
        assert first is not None and last is not None  # noqa: PT018 - narrowing
        return DateRange(min(first, last), max(first, last))

    @property
    def received_date(self) -> dt.date | None:
        """``DTM*050``: when the payer received the claim.

        Example:
            >>> from rcm.money import Money
            >>> ClaimPayment(patient_control_number="1", status="1", charge=Money(1),
            ...              paid=Money(1)).received_date is None
            True
        """
        return _find_date(self.dates, "050")

    @property
    def adjustment_total(self) -> Money:
        """The sum of the claim-level and all line-level adjustments.

        Example:
            >>> from rcm.money import Money
            >>> ClaimPayment(patient_control_number="1", status="1", charge=Money(1),
            ...              paid=Money(1)).adjustment_total
            Money('0.00')
        """
        total = sum((adj.amount for adj in self.adjustments), Money(0))
        for line in self.services:
            total += line.adjustment_total
        return total

    def all_adjustments(self) -> Iterator[tuple[int | None, Adjustment]]:
        """Every adjustment with its 1-based line number (``None`` for claim level).

        Example:
            >>> from rcm.money import Money
            >>> claim = ClaimPayment(patient_control_number="1", status="1", charge=Money(5),
            ...     paid=Money(3),
            ...     adjustments=(Adjustment(group="PR", reason="1", amount=Money(2)),))
            >>> pairs = [(line, adj.reason) for line, adj in claim.all_adjustments()]
            >>> pairs
            [(None, '1')]
        """
        for adj in self.adjustments:
            yield None, adj
        for number, line in enumerate(self.services, start=1):
            for adj in line.adjustments:
                yield number, adj


# --- trailer and transaction ------------------------------------------------------


class ProviderAdjustmentItem(_Model):
    """One reason/amount pair of a ``PLB`` segment.

    A positive amount is money the payer withholds (it reduces BPR02); a
    negative amount is money it adds (interest, a bonus).

    Example:
        >>> from rcm.money import Money
        >>> ProviderAdjustmentItem(reason="L6", amount=Money("-1.27")).amount
        Money('-1.27')
    """

    #: PLB03-1 (05, 07, ...): the provider adjustment reason code (``WO``, ``L6``, ``CV``...).
    reason: Text
    #: PLB03-2: the reference (often the claim's ICN for ``WO``/``FB``), if any.
    reference: Text | None = None
    #: PLB04 (06, 08, ...).
    amount: Money


class ProviderAdjustment(_Model):
    """``PLB``: provider-level adjustments, not tied to one claim (up to six per segment).

    Example:
        >>> from datetime import date
        >>> from rcm.money import Money
        >>> plb = ProviderAdjustment(provider_id="1234567890", fiscal_period_end=date(2025, 12, 31),
        ...     items=(ProviderAdjustmentItem(reason="WO", reference="ICN1", amount=Money("10.00")),
        ...            ProviderAdjustmentItem(reason="L6", amount=Money("-0.50"))))
        >>> plb.total
        Money('9.50')
    """

    #: PLB01: the provider (NPI or other) the adjustment applies to.
    provider_id: Text
    #: PLB02: last day of the provider's fiscal year.
    fiscal_period_end: dt.date
    #: PLB03-PLB14 pairs.
    items: tuple[ProviderAdjustmentItem, ...] = Field(min_length=1, max_length=6)

    @property
    def total(self) -> Money:
        """The sum of the segment's amounts.

        Example:
            >>> from datetime import date
            >>> from rcm.money import Money
            >>> ProviderAdjustment(provider_id="1", fiscal_period_end=date(2025, 12, 31),
            ...     items=(ProviderAdjustmentItem(reason="CS", amount=Money(3)),)).total
            Money('3.00')
        """
        return sum((item.amount for item in self.items), Money(0))


class Remittance(_Model):
    """One 835 transaction set (ST to SE): a payment and the claims it pays.

    Example:
        >>> from rcm.money import Money
        >>> remit = Remittance(
        ...     payment=Payment(handling_code="I", amount=Money("0.00"), credit_debit="C",
        ...                     method="NON"),
        ...     trace=Trace(type_code="1", number="T1"),
        ...     payer=Party(entity_code="PR", name="ACME"),
        ...     payee=Party(entity_code="PE", name="CLINIC", id_qualifier="XX", id="1234567893"))
        >>> remit.claims, remit.payer.name
        ((), 'ACME')
        >>> Remittance.model_validate_json(remit.model_dump_json()) == remit
        True
    """

    #: ST02: 4 to 9 letters or digits (``None`` for a remittance built in code;
    #: the writer numbers it then).
    control_number: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z]{4,9}$")] | None = None
    #: ST03 (or GS08 when ST03 is absent).
    implementation: str = "005010X221A1"
    #: BPR.
    payment: Payment
    #: TRN.
    trace: Trace
    #: CUR02: currency code, when not US dollars (CUR01 is always ``PR``).
    currency: Text | None = None
    #: REF: ``EV`` receiver identification, ``F2`` version identification.
    references: tuple[Reference, ...] = ()
    #: DTM: ``405`` production date.
    dates: tuple[DateReference, ...] = ()
    #: Loop 1000A.
    payer: Party
    #: Loop 1000B.
    payee: Party
    #: Loop 2000 LX/TS3/TS2 groups (claims point at them by number).
    header_numbers: tuple[HeaderNumber, ...] = ()
    #: Loop 2100, in file order.
    claims: tuple[ClaimPayment, ...] = ()
    #: PLB.
    provider_adjustments: tuple[ProviderAdjustment, ...] = ()

    @model_validator(mode="after")
    def _check_header_numbers(self) -> Remittance:
        # Claims sit inside their LX groups in the X12, so the groups must cover
        # the claims contiguously and in order, each with at least one claim.
        numbers = [header.number for header in self.header_numbers]
        if len(set(numbers)) != len(numbers):
            raise ValueError("LX01 header numbers repeat within the transaction")
        order: list[int | None] = []
        for claim in self.claims:
            if not order or order[-1] != claim.header_number:
                order.append(claim.header_number)
        if not numbers:
            if any(number is not None for number in order):
                raise ValueError("claims point at header numbers the remittance does not have")
        elif order != numbers:
            raise ValueError(
                "claims must be grouped under the header numbers in order, every header "
                "number with at least one claim and every claim with a header number"
            )
        return self

    @property
    def production_date(self) -> dt.date | None:
        """``DTM*405``: the date the payer produced the 835.

        Example:
            >>> from rcm.money import Money
            >>> Remittance(payment=Payment(handling_code="I", amount=Money(0), credit_debit="C",
            ...            method="NON"), trace=Trace(type_code="1", number="T"),
            ...            payer=Party(entity_code="PR"), payee=Party(entity_code="PE")
            ...            ).production_date is None
            True
        """
        return _find_date(self.dates, "405")

    @property
    def provider_adjustment_total(self) -> Money:
        """The sum of all PLB amounts.

        Example:
            >>> from rcm.money import Money
            >>> Remittance(payment=Payment(handling_code="I", amount=Money(0), credit_debit="C",
            ...            method="NON"), trace=Trace(type_code="1", number="T"),
            ...            payer=Party(entity_code="PR"), payee=Party(entity_code="PE")
            ...            ).provider_adjustment_total
            Money('0.00')
        """
        return sum((plb.total for plb in self.provider_adjustments), Money(0))


def _find_reference(references: tuple[Reference, ...], qualifier: str) -> str | None:
    for ref in references:
        if ref.qualifier == qualifier:
            return ref.value
    return None


def _find_amount(amounts: tuple[Amount, ...], qualifier: str) -> Money | None:
    for amt in amounts:
        if amt.qualifier == qualifier:
            return amt.amount
    return None


def _find_date(dates: tuple[DateReference, ...], qualifier: str) -> dt.date | None:
    for ref in dates:
        if ref.qualifier == qualifier:
            return ref.date
    return None
