"""The frame functions: 835 service lines, claim lines, edit findings, ledger entries, aging.

Each function turns rcm's models into one pandas DataFrame whose columns
are fixed (the ``*_COLUMNS`` tuples, in order) and whose dtypes follow the
column kinds in :data:`COLUMN_KINDS`. Patient names, member IDs and birth
dates are never read, so they cannot reach a cell.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any, Final

from rcm.batch._build import (
    Kind,
    MoneyPolicy,
    Schema,
    build_frame,
    check_money,
    joined,
    require_pandas,
)
from rcm.batch._errors import UnsupportedInput
from rcm.remit import SERVICE_ROW_FIELDS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pandas import DataFrame

    from rcm.ar import AgingReport
    from rcm.claims import Claim
    from rcm.edits import Report
    from rcm.remit import ClaimContext, ClaimPayment, Remittance
    from rcm.remit.posting import Ledger, LedgerEntry, PostingResult

__all__ = [
    "AGING_COLUMNS",
    "CLAIM_LINE_COLUMNS",
    "COLUMN_KINDS",
    "FINDING_COLUMNS",
    "LEDGER_COLUMNS",
    "SERVICE_COLUMNS",
    "aging_frame",
    "claim_line_frame",
    "finding_frame",
    "ledger_frame",
    "service_frame",
]

_SERVICE_KINDS: Final[Mapping[str, Kind]] = {
    "payment_amount": "money",
    "payment_date": "date",
    "claim_index": "int",
    "is_reversal": "bool",
    "claim_charge": "money",
    "claim_paid": "money",
    "patient_responsibility": "money",
    "statement_from": "date",
    "statement_to": "date",
    "line_number": "int",
    "units_paid": "decimal",
    "service_from": "date",
    "service_to": "date",
    "line_charge": "money",
    "line_paid": "money",
    "allowed_amount": "money",
    "adjustment_co": "money",
    "adjustment_pr": "money",
    "adjustment_oa": "money",
    "adjustment_pi": "money",
    "adjustment_cr": "money",
}
_SERVICE_SCHEMA: Final[Schema] = tuple(
    (name, _SERVICE_KINDS.get(name, "text")) for name in SERVICE_ROW_FIELDS
)

_CLAIM_LINE_SCHEMA: Final[Schema] = (
    ("claim_id", "text"),
    ("kind", "text"),
    ("payer_id", "text"),
    ("payer_name", "text"),
    ("filing_indicator", "text"),
    ("responsibility", "text"),
    ("billing_npi", "text"),
    ("rendering_npi", "text"),
    ("frequency_code", "text"),
    ("type_of_bill", "text"),
    ("statement_from", "date"),
    ("statement_to", "date"),
    ("total_charge", "money"),
    ("principal_diagnosis", "text"),
    ("line_number", "int"),
    ("line_item_control_number", "text"),
    ("procedure_qualifier", "text"),
    ("procedure_code", "text"),
    ("modifiers", "text"),
    ("revenue_code", "text"),
    ("units", "decimal"),
    ("unit_basis", "text"),
    ("place_of_service", "text"),
    ("service_from", "date"),
    ("service_to", "date"),
    ("line_charge", "money"),
    ("non_covered_charge", "money"),
    ("ndc", "text"),
    ("diagnosis_pointers", "text"),
    ("diagnosis_codes", "text"),
)

_FINDING_SCHEMA: Final[Schema] = (
    ("claim_id", "text"),
    ("as_of", "date"),
    ("code", "text"),
    ("name", "text"),
    ("severity", "text"),
    ("message", "text"),
    ("line_number", "int"),
    ("line_numbers", "text"),
    ("carc", "text"),
    ("rarcs", "text"),
    ("trigger", "text"),
    ("fix", "text"),
    ("source", "text"),
    ("url", "text"),
)

_LEDGER_SCHEMA: Final[Schema] = (
    ("entry_id", "text"),
    ("kind", "text"),
    ("amount", "money"),
    ("balance_effect", "money"),
    ("party", "text"),
    ("posted_on", "date"),
    ("claim_id", "text"),
    ("line_number", "int"),
    ("posting_key", "text"),
    ("group", "text"),
    ("reason", "text"),
    ("remarks", "text"),
    ("trace_number", "text"),
    ("payer_claim_number", "text"),
    ("claim_status", "text"),
    ("reversal", "bool"),
    ("reverses", "text"),
    ("source", "text"),
    ("memo", "text"),
)

_AGING_SCHEMA: Final[Schema] = (
    ("as_of", "date"),
    ("basis", "text"),
    ("party", "text"),
    ("responsibility", "text"),
    ("claims", "int"),
    ("days_0_30", "money"),
    ("days_31_60", "money"),
    ("days_61_90", "money"),
    ("days_91_120", "money"),
    ("days_over_120", "money"),
    ("total", "money"),
    ("credits", "money"),
)

#: :func:`service_frame`'s columns: :data:`rcm.remit.SERVICE_ROW_FIELDS`, in that order.
SERVICE_COLUMNS: Final = tuple(name for name, _ in _SERVICE_SCHEMA)
#: :func:`claim_line_frame`'s columns, in order.
CLAIM_LINE_COLUMNS: Final = tuple(name for name, _ in _CLAIM_LINE_SCHEMA)
#: :func:`finding_frame`'s columns, in order.
FINDING_COLUMNS: Final = tuple(name for name, _ in _FINDING_SCHEMA)
#: :func:`ledger_frame`'s columns, in order.
LEDGER_COLUMNS: Final = tuple(name for name, _ in _LEDGER_SCHEMA)
#: :func:`aging_frame`'s columns, in order.
AGING_COLUMNS: Final = tuple(name for name, _ in _AGING_SCHEMA)


def _kinds() -> Mapping[str, Kind]:
    kinds: dict[str, Kind] = {}
    for schema in (_SERVICE_SCHEMA, _CLAIM_LINE_SCHEMA, _FINDING_SCHEMA, _LEDGER_SCHEMA):
        for name, kind in schema:
            # A name means one thing in every frame (a test holds this).
            kinds.setdefault(name, kind)
    for name, kind in _AGING_SCHEMA:
        kinds.setdefault(name, kind)
    return MappingProxyType(kinds)


#: The kind of every column of every frame: ``"text"``, ``"int"``, ``"bool"``,
#: ``"money"``, ``"decimal"`` or ``"date"`` (a name has one kind in all frames).
COLUMN_KINDS: Final = _kinds()


# --- service_frame -------------------------------------------------------------------


_SERVICE_EXPECTED: Final = (
    "a Remittance, an iterable of Remittances or iter_claims pairs, or an 835 "
    "path, text, bytes or open file"
)


def _checked_remit_items(
    items: Iterable[Any], function: str
) -> Iterator[Remittance | tuple[ClaimContext, ClaimPayment]]:
    from rcm.remit import ClaimContext, ClaimPayment, Remittance

    for position, item in enumerate(items):
        if isinstance(item, Remittance) or (
            isinstance(item, tuple)
            and len(item) == 2
            and isinstance(item[0], ClaimContext)
            and isinstance(item[1], ClaimPayment)
        ):
            yield item
        else:
            raise UnsupportedInput(
                function=function,
                expected="a Remittance or an iter_claims (ClaimContext, ClaimPayment) pair",
                got=type(item).__name__,
                position=position,
            )


def service_frame(
    source: Remittance
    | Iterable[Remittance]
    | Iterable[tuple[ClaimContext, ClaimPayment]]
    | str
    | os.PathLike[str]
    | bytes
    | IO[bytes]
    | IO[str],
    *,
    money: MoneyPolicy = "decimal",
) -> DataFrame:
    """One row per 835 service line, with its claim and payment context.

    The rows are :func:`rcm.remit.service_rows`' rows, and the columns its
    :data:`~rcm.remit.SERVICE_ROW_FIELDS` (:data:`SERVICE_COLUMNS`), in
    that order: a claim payment without service lines gives one row whose
    line columns are empty, claim-level adjustments stay in
    ``claim_adjustments``. An 835 path, text, bytes or file is streamed claim
    by claim, so only the frame itself grows with the file.

    Args:
        source: what :func:`rcm.remit.service_rows` accepts: a
            :class:`~rcm.remit.Remittance`, an iterable of them (such as
            :func:`~rcm.remit.read_835`), :func:`~rcm.remit.iter_claims`
            pairs, or an 835 path, X12 text, bytes or open file.
        money: ``"decimal"`` (exact ``Decimal`` objects) or ``"cents"``
            (exact whole cents, nullable ``Int64``).

    Returns:
        A DataFrame: amounts per *money*, dates as ``datetime64[s]`` (``NaT``
        when absent), ``claim_index`` and ``line_number`` as ``Int64``,
        ``units_paid`` as exact ``Decimal``, text as pandas ``string``.

    Raises:
        MissingDependency: pandas is not installed.
        ValidationError: *money* is not ``"decimal"`` or ``"cents"``.
        UnsupportedInput: *source* (or an item of it) is not one of the above.
        RemitParseError: the 835 cannot be read (as :func:`~rcm.remit.read_835`).

    Example:
        >>> from rcm.remit import write_835
        >>> from rcm.remit._examples import example_remittance
        >>> frame = service_frame(write_835([example_remittance()]), money="cents")
        >>> tuple(frame.columns) == SERVICE_COLUMNS, len(frame), int(frame["line_paid"].sum())
        (True, 3, 17550)
        >>> str(frame["line_paid"].dtype), str(frame["payment_date"].dtype)
        ('Int64', 'datetime64[s]')
        >>> service_frame(example_remittance())["line_paid"].sum()
        Decimal('175.50')
    """
    function = "rcm.batch.service_frame"
    policy = check_money(money, function)
    modules = require_pandas(function)
    from rcm.remit import Remittance, service_rows

    checked: Any
    if isinstance(source, (Remittance, str, bytes, os.PathLike)) or hasattr(source, "read"):
        checked = source
    elif isinstance(source, Iterable):
        checked = _checked_remit_items(source, function)
    else:
        raise UnsupportedInput(
            function=function, expected=_SERVICE_EXPECTED, got=type(source).__name__
        )
    from operator import itemgetter

    values = itemgetter(*SERVICE_ROW_FIELDS)
    rows = map(values, service_rows(checked))
    return build_frame(_SERVICE_SCHEMA, rows, money=policy, function=function, modules=modules)


# --- claim_line_frame ----------------------------------------------------------------


def _claim_line_rows(claims: Iterable[Any], function: str) -> Iterator[tuple[Any, ...]]:
    from rcm.claims import Claim

    for position, claim in enumerate(claims):
        if not isinstance(claim, Claim):
            raise UnsupportedInput(
                function=function,
                expected="an rcm.claims Claim",
                got=type(claim).__name__,
                position=position,
            )
        coverage = claim.coverage
        payer = coverage.payer
        rendering = claim.rendering_provider
        period = claim.statement_period
        diagnoses = claim.diagnoses
        count = len(diagnoses)
        head = (
            claim.claim_id,
            claim.kind,
            payer.payer_id if payer is not None else None,
            payer.name if payer is not None else None,
            coverage.filing_indicator,
            claim.responsibility,
            claim.billing_provider.npi,
            rendering.npi if rendering is not None else None,
            claim.frequency_code,
            claim.type_of_bill,
            period.start if period is not None else None,
            period.end if period is not None else None,
            claim.total_charge.amount,
            diagnoses[0].code if diagnoses else None,
        )
        claim_pos = claim.place_of_service
        for number, line in enumerate(claim.lines, start=1):
            dates = line.service_date
            pointers = line.diagnosis_pointers
            non_covered = line.non_covered_charge
            drug = line.drug
            yield (
                *head,
                number,
                line.line_control_number,
                line.code_qualifier,
                line.procedure_code,
                joined(line.modifiers, ":"),
                line.revenue_code,
                line.units,
                line.unit_basis,
                line.place_of_service or claim_pos,
                dates.start if dates is not None else None,
                dates.end if dates is not None else None,
                line.charge.amount,
                non_covered.amount if non_covered is not None else None,
                drug.ndc if drug is not None else None,
                joined(str(p) for p in pointers),
                # A pointer naming no diagnosis (a leniently read claim lists it
                # in relaxed_problems) has no code; diagnosis_pointers keeps it.
                joined(diagnoses[p - 1].code for p in pointers if p <= count),
            )


def claim_line_frame(
    claims: Claim | Iterable[Claim], *, money: MoneyPolicy = "decimal"
) -> DataFrame:
    """One row per service line of rcm.claims claims, with claim-level context.

    Claim columns (the claim's ID, kind, payer, filing indicator,
    responsibility, billing and rendering NPIs, frequency, type of bill,
    statement dates, total charge and principal diagnosis) repeat on each of
    its lines; line columns follow (:data:`CLAIM_LINE_COLUMNS`). Line
    numbers are 1-based, as in the 837 (LX). ``place_of_service`` is the
    line's own, else the claim's; ``diagnosis_codes`` are the codes the
    line's pointers name, in pointer order (compact, ``E119``). The patient,
    subscriber, member ID and birth date are never read.

    Args:
        claims: one :class:`~rcm.claims.Claim` or any iterable of them (a
            generator streams).
        money: ``"decimal"`` or ``"cents"``, as for :func:`service_frame`.

    Raises:
        MissingDependency: pandas is not installed.
        ValidationError: *money* is not ``"decimal"`` or ``"cents"``.
        UnsupportedInput: an item is not a Claim.

    Example:
        >>> from rcm.claims.examples import institutional_claim, professional_claim
        >>> frame = claim_line_frame([professional_claim(), institutional_claim()])
        >>> len(frame), frame["line_charge"].sum() == sum(
        ...     c.total_charge for c in (professional_claim(), institutional_claim())).amount
        (5, True)
        >>> frame["line_number"].tolist()
        [1, 2, 1, 2, 3]
        >>> frame.loc[0, ["claim_id", "procedure_code", "diagnosis_codes"]].tolist()
        ['CLM0000001', '99214', 'J209;R059']
    """
    function = "rcm.batch.claim_line_frame"
    policy = check_money(money, function)
    modules = require_pandas(function)
    from rcm.claims import Claim

    items: Iterable[Any] = (claims,) if isinstance(claims, Claim) else claims
    if not isinstance(items, Iterable):
        raise UnsupportedInput(
            function=function,
            expected="a Claim or an iterable of Claims",
            got=type(claims).__name__,
        )
    return build_frame(
        _CLAIM_LINE_SCHEMA,
        _claim_line_rows(items, function),
        money=policy,
        function=function,
        modules=modules,
    )


# --- finding_frame -------------------------------------------------------------------


def _finding_rows(reports: Iterable[Any], function: str) -> Iterator[tuple[Any, ...]]:
    from rcm.edits import Report

    for position, report in enumerate(reports):
        if not isinstance(report, Report):
            raise UnsupportedInput(
                function=function,
                expected="an rcm.edits Report",
                got=type(report).__name__,
                position=position,
                hint="run the edits first: rcm.edits.run or run_many",
            )
        claim_id = report.claim_id
        as_of = report.as_of
        for finding in report.findings:
            lines = finding.lines
            yield (
                claim_id,
                as_of,
                finding.code,
                finding.name,
                finding.severity.value,
                finding.message,
                lines[0] + 1 if lines else None,
                joined(str(index + 1) for index in lines),
                finding.carc,
                joined(finding.rarcs),
                finding.trigger,
                finding.fix,
                finding.source,
                finding.url,
            )


def finding_frame(reports: Report | Iterable[Report]) -> DataFrame:
    """One row per edit finding of rcm.edits reports (a clean report adds no row).

    ``line_number`` is the first line the finding involves, 1-based (``<NA>``
    for a claim-level finding), so it joins :func:`claim_line_frame` on
    ``(claim_id, line_number)``; ``line_numbers`` lists them all (``"1;2"``
    for a PTP pair). ``severity`` is ``"error"``, ``"warning"`` or
    ``"info"``; ``rarcs`` are joined with ``;``. Citations stay on the
    :class:`~rcm.edits.Finding`.

    Args:
        reports: one :class:`~rcm.edits.Report` or any iterable of them (such
            as :func:`rcm.edits.run_many`).

    Raises:
        MissingDependency: pandas is not installed.
        UnsupportedInput: an item is not a Report.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context, run_many
        >>> reports = run_many([professional_claim()] * 2, Context(as_of=date(2025, 3, 10)),
        ...                    cumulative=True)
        >>> frame = finding_frame(reports)
        >>> frame.loc[0, ["claim_id", "code", "severity", "carc"]].tolist()
        ['CLM0000001', 'DUP002', 'error', '18']
        >>> frame["line_number"].tolist()
        [<NA>]
    """
    function = "rcm.batch.finding_frame"
    modules = require_pandas(function)
    from rcm.edits import Report

    items: Iterable[Any] = (reports,) if isinstance(reports, Report) else reports
    if not isinstance(items, Iterable):
        raise UnsupportedInput(
            function=function,
            expected="a Report or an iterable of Reports",
            got=type(reports).__name__,
        )
    return build_frame(
        _FINDING_SCHEMA,
        _finding_rows(items, function),
        money="decimal",
        function=function,
        modules=modules,
    )


# --- ledger_frame --------------------------------------------------------------------


def _ledger_rows(entries: Iterable[Any], function: str) -> Iterator[tuple[Any, ...]]:
    from rcm.remit.posting import LedgerEntry

    for position, entry in enumerate(entries):
        if not isinstance(entry, LedgerEntry):
            raise UnsupportedInput(
                function=function,
                expected="an rcm.remit.posting LedgerEntry",
                got=type(entry).__name__,
                position=position,
            )
        line_index = entry.line_index
        yield (
            entry.entry_id,
            entry.kind.value,
            entry.amount.amount,
            entry.balance_effect.amount,
            entry.party,
            entry.posted_on,
            entry.claim_id,
            line_index + 1 if line_index is not None else None,
            entry.posting_key,
            entry.group,
            entry.reason,
            joined(entry.remarks),
            entry.trace_number,
            entry.payer_claim_number,
            entry.claim_status,
            entry.reversal,
            entry.reverses,
            entry.source,
            entry.memo,
        )


def ledger_frame(
    ledger: Ledger | PostingResult | Iterable[LedgerEntry], *, money: MoneyPolicy = "decimal"
) -> DataFrame:
    """One row per ledger entry, in ledger order.

    ``amount`` is signed by its effect on what ``party`` owes (as on
    :class:`~rcm.remit.posting.LedgerEntry`); ``balance_effect`` is that
    amount for the kinds that change balances and zero for denials,
    information, interest and provider-level adjustments, so
    ``frame.groupby(["claim_id", "party"]).balance_effect.sum()`` are the
    balances. ``line_number`` is the entry's line, 1-based (``<NA>`` for the
    whole claim); ``remarks`` are joined with ``;``.

    Args:
        ledger: a :class:`~rcm.remit.posting.Ledger`, a
            :class:`~rcm.remit.posting.PostingResult`, or any iterable of
            :class:`~rcm.remit.posting.LedgerEntry`.
        money: ``"decimal"`` or ``"cents"``, as for :func:`service_frame`.

    Raises:
        MissingDependency: pandas is not installed.
        ValidationError: *money* is not ``"decimal"`` or ``"cents"``.
        UnsupportedInput: an item is not a LedgerEntry.

    Example:
        >>> from rcm.remit.posting import post
        >>> from rcm.remit.posting._examples import example_ledger, example_payment
        >>> ledger = example_ledger()
        >>> ledger = ledger.apply(post(ledger, example_payment()))
        >>> frame = ledger_frame(ledger, money="cents")
        >>> frame.groupby("party")["balance_effect"].sum().to_dict()
        {'60054': 0, 'patient': 2240}
    """
    function = "rcm.batch.ledger_frame"
    policy = check_money(money, function)
    modules = require_pandas(function)
    from rcm.remit.posting import Ledger, LedgerEntry, PostingResult

    items: Any
    if isinstance(ledger, (Ledger, PostingResult)):
        items = ledger.entries
    elif isinstance(ledger, LedgerEntry):
        items = (ledger,)
    elif isinstance(ledger, Iterable):
        items = ledger
    else:
        raise UnsupportedInput(
            function=function,
            expected="a Ledger, a PostingResult or an iterable of LedgerEntry",
            got=type(ledger).__name__,
        )
    return build_frame(
        _LEDGER_SCHEMA,
        _ledger_rows(items, function),
        money=policy,
        function=function,
        modules=modules,
    )


# --- aging_frame ---------------------------------------------------------------------


def _aging_rows(reports: Iterable[Any], function: str) -> Iterator[tuple[Any, ...]]:
    from rcm.ar import AgingReport

    for position, report in enumerate(reports):
        if not isinstance(report, AgingReport):
            raise UnsupportedInput(
                function=function,
                expected="an rcm.ar AgingReport",
                got=type(report).__name__,
                position=position,
            )
        for row in report.rows:
            buckets = row.buckets
            yield (
                report.as_of,
                report.basis,
                row.party,
                row.responsibility,
                row.claims,
                buckets[0].amount,
                buckets[1].amount,
                buckets[2].amount,
                buckets[3].amount,
                buckets[4].amount,
                row.total.amount,
                row.credits.amount,
            )


def aging_frame(
    report: AgingReport | Iterable[AgingReport], *, money: MoneyPolicy = "decimal"
) -> DataFrame:
    """One row per party of an AR aging (or of several, for a trend over as-of dates).

    The bucket columns are :data:`rcm.ar.BUCKETS` in order (``days_0_30`` is
    ``"0-30"``, ``days_over_120`` is ``"over 120"``); ``total`` is their
    sum and ``credits`` the party's credit balances, which the buckets leave
    out (as :class:`~rcm.ar.AgingRow` does). The report's own total row is
    not repeated: it is ``frame.sum()`` of the bucket columns.

    Args:
        report: an :class:`~rcm.ar.AgingReport`, or an iterable of them (for
            example one per month end).
        money: ``"decimal"`` or ``"cents"``, as for :func:`service_frame`.

    Raises:
        MissingDependency: pandas is not installed.
        ValidationError: *money* is not ``"decimal"`` or ``"cents"``.
        UnsupportedInput: an item is not an AgingReport.

    Example:
        >>> from rcm.ar._examples import example_aging
        >>> frame = aging_frame(example_aging())
        >>> frame[["party", "days_61_90", "total"]].to_dict("records")
        [{'party': '60054', 'days_61_90': Decimal('125.00'), 'total': Decimal('125.00')},
         {'party': 'patient', 'days_61_90': Decimal('2.40'), 'total': Decimal('2.40')}]
    """
    function = "rcm.batch.aging_frame"
    policy = check_money(money, function)
    modules = require_pandas(function)
    from rcm.ar import AgingReport

    items: Iterable[Any] = (report,) if isinstance(report, AgingReport) else report
    if not isinstance(items, Iterable):
        raise UnsupportedInput(
            function=function,
            expected="an AgingReport or an iterable of them",
            got=type(report).__name__,
        )
    return build_frame(
        _AGING_SCHEMA,
        _aging_rows(items, function),
        money=policy,
        function=function,
        modules=modules,
    )
