"""A flat export: one plain dict per service line, with its claim and payer context.

For analysts who want a CSV or a spreadsheet without pandas: every row has
the same keys (:data:`SERVICE_ROW_FIELDS`, in order), so
``csv.DictWriter(f, SERVICE_ROW_FIELDS)`` writes them directly.

Values are ``str``, ``int``, ``bool``, ``Decimal`` (amounts, as exact
decimals), ``datetime.date`` or ``None``. Patient names and member IDs are
left out on purpose (PHI); the patient control number links a row back to
the claim.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any, Final

from rcm.errors import ArgumentTypeError
from rcm.remit._models import AdjustmentGroup, ClaimPayment, Remittance, ServicePayment
from rcm.remit._parse import ClaimContext

__all__ = ["SERVICE_ROW_FIELDS", "service_rows"]

#: The keys of every row :func:`service_rows` yields, in column order.
SERVICE_ROW_FIELDS: Final = (
    "control_number",
    "payer_name",
    "payer_id",
    "payee_name",
    "payee_id",
    "payment_amount",
    "payment_method",
    "payment_date",
    "trace_number",
    "claim_index",
    "patient_control_number",
    "payer_claim_control_number",
    "claim_status",
    "claim_status_meaning",
    "is_reversal",
    "claim_charge",
    "claim_paid",
    "patient_responsibility",
    "filing_indicator",
    "facility_code",
    "frequency",
    "statement_from",
    "statement_to",
    "claim_adjustments",
    "line_number",
    "line_item_control_number",
    "procedure_qualifier",
    "procedure_code",
    "modifiers",
    "revenue_code",
    "units_paid",
    "service_from",
    "service_to",
    "line_charge",
    "line_paid",
    "allowed_amount",
    "line_adjustments",
    "adjustment_co",
    "adjustment_pr",
    "adjustment_oa",
    "adjustment_pi",
    "adjustment_cr",
    "remark_codes",
)

_GROUP_COLUMNS: Final = {
    AdjustmentGroup.CONTRACTUAL: "adjustment_co",
    AdjustmentGroup.PATIENT_RESPONSIBILITY: "adjustment_pr",
    AdjustmentGroup.OTHER: "adjustment_oa",
    AdjustmentGroup.PAYER_INITIATED: "adjustment_pi",
    AdjustmentGroup.CORRECTION: "adjustment_cr",
}


def _codes(adjustments: Iterable[Any]) -> str:
    return ";".join(f"{adj.group.value}-{adj.reason}:{adj.amount}" for adj in adjustments)


def _claim_base(remittance: Remittance, claim_index: int, claim: ClaimPayment) -> dict[str, Any]:
    payment = remittance.payment
    period = claim.statement_period
    remarks: list[str] = []
    if claim.inpatient is not None:
        remarks.extend(claim.inpatient.remark_codes)
    if claim.outpatient is not None:
        remarks.extend(claim.outpatient.remark_codes)
    return {
        "control_number": remittance.control_number,
        "payer_name": remittance.payer.name,
        "payer_id": remittance.payer.id or payment.payer_identifier,
        "payee_name": remittance.payee.name,
        "payee_id": remittance.payee.id,
        "payment_amount": payment.signed_amount.amount,
        "payment_method": payment.method,
        "payment_date": payment.date,
        "trace_number": remittance.trace.number,
        "claim_index": claim_index,
        "patient_control_number": claim.patient_control_number,
        "payer_claim_control_number": claim.payer_claim_control_number,
        "claim_status": claim.status.value,
        "claim_status_meaning": claim.status.meaning,
        "is_reversal": claim.is_reversal,
        "claim_charge": claim.charge.amount,
        "claim_paid": claim.paid.amount,
        "patient_responsibility": (
            claim.patient_responsibility.amount if claim.patient_responsibility else None
        ),
        "filing_indicator": claim.filing_indicator,
        "facility_code": claim.facility_code,
        "frequency": claim.frequency,
        "statement_from": period.start if period else None,
        "statement_to": period.end if period else None,
        "claim_adjustments": _codes(claim.adjustments),
        "_claim_remarks": remarks,
    }


def _line_columns(number: int | None, line: ServicePayment | None) -> dict[str, Any]:
    totals: dict[str, Decimal | None] = dict.fromkeys(_GROUP_COLUMNS.values(), None)
    if line is None:
        return {
            "line_number": None,
            "line_item_control_number": None,
            "procedure_qualifier": None,
            "procedure_code": None,
            "modifiers": None,
            "revenue_code": None,
            "units_paid": None,
            "service_from": None,
            "service_to": None,
            "line_charge": None,
            "line_paid": None,
            "allowed_amount": None,
            "line_adjustments": None,
            **totals,
        }
    for adj in line.adjustments:
        column = _GROUP_COLUMNS[adj.group]
        totals[column] = (totals[column] or Decimal("0.00")) + adj.amount.amount
    period = line.service_period
    allowed = line.allowed_amount
    return {
        "line_number": number,
        "line_item_control_number": line.line_item_control_number,
        "procedure_qualifier": line.procedure.qualifier,
        "procedure_code": line.procedure.code,
        "modifiers": ":".join(line.procedure.modifiers),
        "revenue_code": line.revenue_code,
        "units_paid": line.units_paid,
        "service_from": period.start if period else None,
        "service_to": period.end if period else None,
        "line_charge": line.charge.amount,
        "line_paid": line.paid.amount,
        "allowed_amount": allowed.amount if allowed is not None else None,
        "line_adjustments": _codes(line.adjustments),
        **totals,
    }


def _rows_for_claim(
    remittance: Remittance, claim_index: int, claim: ClaimPayment
) -> Iterator[dict[str, Any]]:
    base = _claim_base(remittance, claim_index, claim)
    claim_remarks: list[str] = base.pop("_claim_remarks")
    if not claim.services:
        row = {**base, **_line_columns(None, None), "remark_codes": ";".join(claim_remarks)}
        yield {field: row[field] for field in SERVICE_ROW_FIELDS}
        return
    for number, line in enumerate(claim.services, start=1):
        remarks = claim_remarks + [remark.code for remark in line.remarks]
        row = {**base, **_line_columns(number, line), "remark_codes": ";".join(remarks)}
        yield {field: row[field] for field in SERVICE_ROW_FIELDS}


def service_rows(
    source: Remittance
    | Iterable[Remittance]
    | Iterable[tuple[ClaimContext, ClaimPayment]]
    | str
    | os.PathLike[str]
    | bytes
    | IO[bytes]
    | IO[str],
) -> Iterator[dict[str, Any]]:
    """One flat dict per service line, with its claim and payer context.

    A claim without service lines gives one row whose line columns are
    ``None``, so no claim is missing from the export. Claim-level remark codes
    (MIA/MOA) are repeated on each of the claim's rows; claim-level adjustments
    are in ``claim_adjustments`` (``"CO-45:12.00;PR-2:3.00"``), not in the
    per-group line columns, so summing ``adjustment_co`` over rows gives the
    line-level total only.

    Args:
        source: a :class:`Remittance`, an iterable of them (such as
            :func:`read_835`), the ``(context, claim)`` pairs of
            :func:`iter_claims`, or an 835 source (a path, X12 text, bytes or an
            open file), which is streamed claim by claim in bounded memory.

    Example:
        >>> from rcm.remit._examples import example_remittance
        >>> rows = list(service_rows(example_remittance()))
        >>> first = rows.pop(0)
        >>> len(rows) + 1, first["procedure_code"], first["line_paid"], first["adjustment_co"]
        (3, '99213', Decimal('100.00'), Decimal('30.00'))
        >>> tuple(first) == SERVICE_ROW_FIELDS
        True
    """
    if isinstance(source, Remittance):
        for claim_index, claim in enumerate(source.claims, start=1):
            yield from _rows_for_claim(source, claim_index, claim)
        return
    if isinstance(source, (str, bytes, os.PathLike)) or hasattr(source, "read"):
        from rcm.remit._read import iter_claims

        for context, claim in iter_claims(source):  # type: ignore[arg-type]
            yield from _rows_for_claim(context.remittance, context.claim_index, claim)
        return
    if not isinstance(source, Iterable):
        raise ArgumentTypeError(
            function="rcm.remit.service_rows",
            expected="a Remittance, an iterable of them or of iter_claims pairs, or an 835 source",
            got=type(source).__name__,
        )
    for position, item in enumerate(source):
        if isinstance(item, Remittance):
            for claim_index, claim in enumerate(item.claims, start=1):
                yield from _rows_for_claim(item, claim_index, claim)
        elif (
            isinstance(item, tuple)
            and len(item) == 2
            and isinstance(item[0], ClaimContext)
            and isinstance(item[1], ClaimPayment)
        ):
            context, claim = item
            yield from _rows_for_claim(context.remittance, context.claim_index, claim)
        else:
            raise ArgumentTypeError(
                function="rcm.remit.service_rows",
                expected="a Remittance or an iter_claims (context, claim) pair",
                got=type(item).__name__,
                position=position,
            )
