"""Write 835 remittances as X12 that :func:`rcm.remit.read_835` reads back equal.

:func:`remittance_segments` turns one :class:`~rcm.remit.Remittance` into the
segments between its ST and SE, in the 005010X221A1 order; :func:`write_835`
wraps any number of them in one interchange with :func:`rcm.x12.write_interchange`,
which numbers the envelopes and counts their segments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from rcm.dates import format_d8
from rcm.errors import X12SyntaxError
from rcm.money import Money
from rcm.remit._models import (
    Adjustment,
    ClaimPayment,
    Contact,
    EntityName,
    HeaderNumber,
    Party,
    Procedure,
    Remittance,
    ServicePayment,
)
from rcm.remit._parse import MIA_REMARKS, MOA_REMARKS, TS2_FIELDS, TS3_FIELDS
from rcm.x12 import (
    DEFAULT_DELIMITERS,
    Delimiters,
    Envelope,
    Segment,
    Transaction,
    write_interchange,
)

__all__ = ["remittance_segments", "write_835"]

_NAME_ORDER = (
    "patient",
    "insured",
    "corrected_patient",
    "service_provider",
    "crossover_carrier",
    "corrected_priority_payer",
    "other_subscriber",
)


def _num(value: Money | Decimal | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Money):
        return str(value.amount)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _d8(value: dt.date | None) -> str:
    return "" if value is None else format_d8(value)


def _s(value: str | None) -> str:
    return value or ""


def _seg(segment_id: str, *elements: str) -> Segment:
    return Segment(segment_id, tuple(elements))


def _party(party: Party) -> Iterator[Segment]:
    yield _seg("N1", party.entity_code, _s(party.name), _s(party.id_qualifier), _s(party.id))
    address = party.address
    if address is not None:
        if address.lines:
            yield _seg("N3", *address.lines)
        if any(
            (
                address.city,
                address.state,
                address.postal_code,
                address.country_code,
                address.country_subdivision,
            )
        ):
            yield _seg(
                "N4",
                _s(address.city),
                _s(address.state),
                _s(address.postal_code),
                _s(address.country_code),
                "",
                "",
                _s(address.country_subdivision),
            )
    for ref in party.references:
        yield _seg("REF", ref.qualifier, ref.value)
    for contact in party.contacts:
        yield _contact(contact)
    if party.delivery is not None:
        d = party.delivery
        yield _seg("RDM", d.code, _s(d.name), _s(d.communication))


def _contact(contact: Contact) -> Segment:
    elements = [contact.function, _s(contact.name)]
    for communication in contact.communications:
        elements += [communication.qualifier, communication.number]
    return _seg("PER", *elements)


def _cas(adjustments: tuple[Adjustment, ...]) -> Iterator[Segment]:
    # Consecutive adjustments of one group share a CAS, six triplets at most.
    batch: list[Adjustment] = []
    for adj in adjustments:
        if batch and (adj.group != batch[0].group or len(batch) == 6):
            yield _cas_segment(batch)
            batch = []
        batch.append(adj)
    if batch:
        yield _cas_segment(batch)


def _cas_segment(batch: list[Adjustment]) -> Segment:
    elements = [batch[0].group.value]
    for adj in batch:
        elements += [adj.reason, _num(adj.amount), _num(adj.quantity)]
    return _seg("CAS", *elements)


def _name(name: EntityName) -> Segment:
    return _seg(
        "NM1",
        name.entity_code,
        name.entity_type,
        _s(name.last_name),
        _s(name.first_name),
        _s(name.middle_name),
        "",
        _s(name.suffix),
        _s(name.id_qualifier),
        _s(name.id),
    )


def _composite(procedure: Procedure | None, delimiters: Delimiters) -> str:
    if procedure is None:
        return ""
    parts = [procedure.qualifier, procedure.code, *procedure.modifiers]
    if procedure.description is not None:
        parts += [""] * (6 - len(parts)) + [procedure.description]
    return delimiters.component.join(parts)


def _lx(header: HeaderNumber) -> Iterator[Segment]:
    yield _seg("LX", str(header.number))
    ts3 = header.provider_summary
    if ts3 is not None:
        elements = [
            ts3.provider_id,
            ts3.facility_code,
            _d8(ts3.fiscal_period_end),
            str(ts3.claim_count),
            _num(ts3.total_charge),
        ] + [""] * 19
        for position, name in TS3_FIELDS:
            elements[position - 1] = _num(getattr(ts3, name))
        elements[22] = _num(ts3.total_pip_claim_count)
        yield _seg("TS3", *elements)
    ts2 = header.supplemental_summary
    if ts2 is not None:
        yield _seg("TS2", *(_num(getattr(ts2, name)) for _, name, _ in TS2_FIELDS))


def _claim(claim: ClaimPayment, delimiters: Delimiters) -> Iterator[Segment]:
    yield _seg(
        "CLP",
        claim.patient_control_number,
        claim.status.value,
        _num(claim.charge),
        _num(claim.paid),
        _num(claim.patient_responsibility),
        _s(claim.filing_indicator),
        _s(claim.payer_claim_control_number),
        _s(claim.facility_code),
        _s(claim.frequency),
        "",
        _s(claim.drg_code),
        _num(claim.drg_weight),
        _num(claim.discharge_fraction),
    )
    yield from _cas(claim.adjustments)
    for role in _NAME_ORDER:
        name = getattr(claim, role)
        if name is not None:
            yield _name(name)
    mia = claim.inpatient
    if mia is not None:
        elements = [""] * 24
        elements[0] = _num(mia.covered_days)
        elements[2] = _num(mia.lifetime_psychiatric_days)
        elements[14] = _num(mia.cost_report_day_count)
        for position, code in zip(MIA_REMARKS, mia.remark_codes, strict=False):
            elements[position - 1] = code
        for position, name in (
            (2, "pps_operating_outlier_amount"),
            (4, "claim_drg_amount"),
            (6, "disproportionate_share_amount"),
            (7, "msp_pass_through_amount"),
            (8, "pps_capital_amount"),
            (9, "pps_capital_fsp_drg_amount"),
            (10, "pps_capital_hsp_drg_amount"),
            (11, "pps_capital_dsh_drg_amount"),
            (12, "old_capital_amount"),
            (13, "pps_capital_ime_amount"),
            (14, "pps_operating_hospital_specific_drg_amount"),
            (16, "pps_operating_federal_specific_drg_amount"),
            (17, "pps_capital_outlier_amount"),
            (18, "indirect_teaching_amount"),
            (19, "nonpayable_professional_component_amount"),
            (24, "pps_capital_exception_amount"),
        ):
            elements[position - 1] = _num(getattr(mia, name))
        yield _seg("MIA", *elements)
    moa = claim.outpatient
    if moa is not None:
        elements = [""] * 9
        elements[0] = _num(moa.reimbursement_rate)
        elements[1] = _num(moa.hcpcs_payable_amount)
        for position, code in zip(MOA_REMARKS, moa.remark_codes, strict=False):
            elements[position - 1] = code
        elements[7] = _num(moa.esrd_payment_amount)
        elements[8] = _num(moa.nonpayable_professional_component_amount)
        yield _seg("MOA", *elements)
    for ref in claim.references:
        yield _seg("REF", ref.qualifier, ref.value)
    for when in claim.dates:
        yield _seg("DTM", when.qualifier, _d8(when.date))
    for contact in claim.contacts:
        yield _contact(contact)
    for amount in claim.amounts:
        yield _seg("AMT", amount.qualifier, _num(amount.amount))
    for quantity in claim.quantities:
        yield _seg("QTY", quantity.qualifier, _num(quantity.quantity))
    for line in claim.services:
        yield from _line(line, delimiters)


def _line(line: ServicePayment, delimiters: Delimiters) -> Iterator[Segment]:
    yield _seg(
        "SVC",
        _composite(line.procedure, delimiters),
        _num(line.charge),
        _num(line.paid),
        _s(line.revenue_code),
        _num(line.units_paid),
        _composite(line.original_procedure, delimiters),
        _num(line.original_units),
    )
    for when in line.dates:
        yield _seg("DTM", when.qualifier, _d8(when.date))
    yield from _cas(line.adjustments)
    for ref in line.references:
        yield _seg("REF", ref.qualifier, ref.value)
    for amount in line.amounts:
        yield _seg("AMT", amount.qualifier, _num(amount.amount))
    for quantity in line.quantities:
        yield _seg("QTY", quantity.qualifier, _num(quantity.quantity))
    for remark in line.remarks:
        yield _seg("LQ", remark.qualifier, remark.code)


def remittance_segments(
    remittance: Remittance, *, delimiters: Delimiters = DEFAULT_DELIMITERS
) -> Iterator[Segment]:
    """The segments of one remittance between its ST and SE, in 005010X221A1 order.

    Args:
        remittance: what to write.
        delimiters: used to join composites (SVC01, PLB03).

    Raises:
        X12SyntaxError: a value contains one of the delimiters.

    Example:
        >>> from rcm.remit._examples import example_remittance
        >>> ids = [seg.id for seg in remittance_segments(example_remittance())]
        >>> ids[:6] == ["BPR", "TRN", "REF", "DTM", "N1", "N3"]
        True
    """
    forbidden = {delimiters.element, delimiters.segment, delimiters.component}
    if delimiters.repetition:
        forbidden.add(delimiters.repetition)
    for seg in _segments(remittance, delimiters):
        for position, value in enumerate(seg.elements, start=1):
            if any(char in value for char in forbidden) and not _composite_ok(
                seg.id, position, value, delimiters
            ):
                raise X12SyntaxError(
                    f"{seg.id}{position:02d} contains a delimiter character; it cannot be "
                    "written with these delimiters",
                    segment_id=seg.id,
                    element=position,
                )
        # Composites are joined with these delimiters' component separator.
        yield Segment(seg.id, seg.elements, delimiters=delimiters)


def _composite_ok(segment_id: str, position: int, value: str, delimiters: Delimiters) -> bool:
    # Composites are joined with the component separator on purpose; their
    # parts must still be free of every delimiter.
    composite = (segment_id == "SVC" and position in {1, 6}) or (
        segment_id == "PLB" and position in {3, 5, 7, 9, 11, 13}
    )
    if not composite:
        return False
    others = {delimiters.element, delimiters.segment}
    if delimiters.repetition:
        others.add(delimiters.repetition)
    return not any(char in value for char in others)


def _segments(remittance: Remittance, delimiters: Delimiters) -> Iterator[Segment]:
    p = remittance.payment
    yield _seg(
        "BPR",
        p.handling_code,
        _num(p.amount),
        p.credit_debit,
        p.method,
        _s(p.format),
        _s(p.sender_dfi_qualifier),
        _s(p.sender_dfi_id),
        _s(p.sender_account_qualifier),
        _s(p.sender_account),
        _s(p.payer_identifier),
        _s(p.payer_supplemental_code),
        _s(p.receiver_dfi_qualifier),
        _s(p.receiver_dfi_id),
        _s(p.receiver_account_qualifier),
        _s(p.receiver_account),
        _d8(p.date),
    )
    tr = remittance.trace
    yield _seg(
        "TRN",
        tr.type_code,
        tr.number,
        _s(tr.originator_id),
        _s(tr.originator_supplemental_code),
    )
    if remittance.currency is not None:
        yield _seg("CUR", "PR", remittance.currency)
    for ref in remittance.references:
        yield _seg("REF", ref.qualifier, ref.value)
    for when in remittance.dates:
        yield _seg("DTM", when.qualifier, _d8(when.date))
    yield from _party(remittance.payer)
    yield from _party(remittance.payee)
    headers = {header.number: header for header in remittance.header_numbers}
    current: int | None = None
    for claim in remittance.claims:
        if claim.header_number is not None and claim.header_number != current:
            current = claim.header_number
            yield from _lx(headers[current])
        yield from _claim(claim, delimiters)
    for plb in remittance.provider_adjustments:
        elements = [plb.provider_id, _d8(plb.fiscal_period_end)]
        for item in plb.items:
            reason = item.reason
            if item.reference is not None:
                reason += delimiters.component + item.reference
            elements += [reason, _num(item.amount)]
        yield _seg("PLB", *elements)


def _default_envelope(remittances: list[Remittance]) -> Envelope:
    first = remittances[0]
    when = first.production_date or first.payment.date
    if when is None:
        raise X12SyntaxError(
            "write_835 needs an envelope= (rcm.x12.Envelope) when the first remittance has "
            "neither a production date (DTM*405) nor a payment date (BPR16)"
        )
    sender = first.payment.payer_identifier or first.trace.originator_id or "PAYER"
    receiver = first.payee.id or "PAYEE"
    return Envelope(
        sender_id=sender[:15],
        receiver_id=receiver[:15],
        date=when,
        time=dt.time(0, 0),
        functional_id="HP",
    )


def write_835(
    remittances: Iterable[Remittance],
    *,
    envelope: Envelope | None = None,
    delimiters: Delimiters = DEFAULT_DELIMITERS,
) -> str:
    """Write remittances as one X12 interchange; :func:`rcm.remit.read_835` reads it back equal.

    Each remittance becomes one ST/SE transaction set in one functional group
    (GS01 ``HP``). ST02 is the remittance's ``control_number`` when every
    remittance has one, else the transactions are numbered ``0001``, ``0002``...

    Args:
        remittances: the remittances to write (at least one).
        envelope: the ISA/GS header values. When omitted, sender is the payer
            identifier (BPR10, else TRN03), receiver the payee's ID, and the date
            the first remittance's production date (DTM*405) or payment date.
        delimiters: the separators to write with.

    Raises:
        X12SyntaxError: no remittances, a value that contains a delimiter, or
            no envelope and no date to build one from.

    Example:
        >>> from rcm.remit import read_835
        >>> from rcm.remit._examples import example_remittance
        >>> text = write_835([example_remittance()])
        >>> text[:3], list(read_835(text)) == [example_remittance()]
        ('ISA', True)
    """
    items = list(remittances)
    if not items:
        raise X12SyntaxError("write_835 needs at least one remittance")
    if envelope is None:
        envelope = _default_envelope(items)
    numbers = [item.control_number for item in items]
    use_own = all(numbers) and len(set(numbers)) == len(numbers)
    transactions: list[Transaction] = []
    for position, item in enumerate(items, start=1):
        control = item.control_number if use_own and item.control_number else f"{position:04d}"
        body = list(remittance_segments(item, delimiters=delimiters))
        transactions.append(("835", item.implementation, body, control))
    return write_interchange(transactions, envelope=envelope, delimiters=delimiters)
