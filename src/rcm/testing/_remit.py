"""Strategies for 835 remittances whose amounts always balance.

Requires the ``rcmkit[testing]`` extra (hypothesis).

Every :class:`~rcm.remit.ServicePayment`, :class:`~rcm.remit.ClaimPayment`
and :class:`~rcm.remit.Remittance` drawn here passes
:func:`rcm.remit.check_balance`: adjustment amounts are split from the
difference between charge and payment with :func:`rcm.money.allocate`, so
the parts always add up. Reversals (``CLP02 = 22``) are drawn as a balanced
claim with every amount negated, as payers send them.
"""

from __future__ import annotations

import itertools
import string
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import strategies as st

from rcm.money import Money, allocate
from rcm.remit import (
    Address,
    Adjustment,
    AdjustmentGroup,
    Amount,
    ClaimPayment,
    ClaimStatus,
    Communication,
    Contact,
    DateReference,
    DeliveryMethod,
    EntityName,
    HeaderNumber,
    InpatientAdjudication,
    OutpatientAdjudication,
    Party,
    Payment,
    Procedure,
    ProviderAdjustment,
    ProviderAdjustmentItem,
    ProviderSummary,
    ProviderSupplementalSummary,
    Quantity,
    Reference,
    Remark,
    Remittance,
    ServicePayment,
    Trace,
)
from rcm.testing._values import money

__all__ = ["adjustments", "claim_payments", "remittances", "service_payments"]

T = TypeVar("T")

_ALNUM = string.ascii_uppercase + string.digits
_MAX_AMOUNT = Money("99999.99")

# Text that survives X12 writing: no delimiters, no leading/trailing space.
_words = st.text(_ALNUM, min_size=1, max_size=8)
_text = st.lists(_words, min_size=1, max_size=3).map(" ".join)
_ids = st.text(_ALNUM + "-", min_size=1, max_size=12).filter(lambda s: s[0] != "-")
_codes2 = st.text(_ALNUM, min_size=2, max_size=2)
_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
_quantities = st.integers(min_value=0, max_value=99999).map(lambda n: Decimal(n).scaleb(-2))
_small_money = st.integers(min_value=-99999, max_value=99999).map(Money.from_cents)

#: CARC values in the documented shape (numbers 1-306 and lettered codes).
_carcs = st.one_of(
    st.integers(min_value=1, max_value=306).map(str),
    st.sampled_from(["A1", "B13", "P21", "W1", "Y2", "D23"]),
)
#: RARC values in the documented shape.
_rarcs = st.one_of(
    st.integers(min_value=1, max_value=144).map(lambda n: f"M{n}"),
    st.integers(min_value=1, max_value=130).map(lambda n: f"MA{n:02d}"),
    st.integers(min_value=1, max_value=904).map(lambda n: f"N{n}"),
)


def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


# Strategies drawn inside the composites below are built once, here: building
# a strategy object on every draw costs hypothesis a validation each time.
_opt_quantities = _optional(_quantities)
_weights_pair = st.lists(st.integers(0, 9), min_size=2, max_size=2).filter(any)
_adjustment_counts = st.integers(0, 2)
_weights = st.integers(1, 100)


def _check_strategy(name: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise TypeError(
            f"{name} takes a strategy, not {type(value).__name__}; "
            f"to always use one value, pass st.just({value!r})"
        )


def _check_sizes(min_name: str, low: int, max_name: str, high: int | None) -> None:
    if isinstance(low, bool) or not isinstance(low, int) or low < 0:
        raise ValueError(f"{min_name}={low!r} must be a non-negative int")
    if high is not None and (isinstance(high, bool) or not isinstance(high, int) or high < low):
        raise ValueError(f"{max_name}={high!r} must be an int >= {min_name}={low}")


def _split(
    draw: st.DrawFn,
    total: Money,
    count: int,
    groups: st.SearchStrategy[AdjustmentGroup],
    reasons: st.SearchStrategy[str],
) -> tuple[Adjustment, ...]:
    """*count* adjustments whose amounts sum to *total* (allocated by random weights)."""
    if count == 0:
        return ()
    weights = [draw(_weights) for _ in range(count)]
    parts = allocate(total, weights)
    return tuple(
        Adjustment(
            group=draw(groups),
            reason=draw(reasons),
            amount=part,
            quantity=draw(_opt_quantities),
        )
        for part in parts
    )


def adjustments(
    *,
    groups: st.SearchStrategy[AdjustmentGroup] | None = None,
    reasons: st.SearchStrategy[str] | None = None,
    amounts: st.SearchStrategy[Money] | None = None,
) -> st.SearchStrategy[Adjustment]:
    """CAS adjustments: a group, a CARC-shaped reason, an amount and maybe a quantity.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        groups: group codes to draw (default: CO, PR, OA, PI).
        reasons: CARC values to draw (default: numeric and lettered CARCs).
        amounts: amounts to draw (default: ``money()`` up to 99999.99).

    Raises:
        TypeError: an argument that is not a strategy (use ``st.just``).

    Example:
        >>> from hypothesis import strategies as st
        >>> from rcm.remit import AdjustmentGroup
        >>> strategy = adjustments(groups=st.just(AdjustmentGroup.CONTRACTUAL))
        >>> strategy.example().group  # doctest: +SKIP
        <AdjustmentGroup.CONTRACTUAL: 'CO'>
    """
    for name, value in (("groups", groups), ("reasons", reasons), ("amounts", amounts)):
        _check_strategy(name, value)
    return st.builds(
        Adjustment,
        group=groups if groups is not None else _default_groups,
        reason=reasons if reasons is not None else _carcs,
        amount=amounts if amounts is not None else money(),
        quantity=_opt_quantities,
    )


_default_groups = st.sampled_from(
    [
        AdjustmentGroup.CONTRACTUAL,
        AdjustmentGroup.PATIENT_RESPONSIBILITY,
        AdjustmentGroup.OTHER,
        AdjustmentGroup.PAYER_INITIATED,
    ]
)
_positive_money = money(min_value=Money("0.01"))


_procedures = st.builds(
    Procedure,
    qualifier=st.sampled_from(["HC", "AD", "NU", "N4", "HP"]),
    code=st.text(_ALNUM, min_size=4, max_size=11),
    modifiers=st.lists(_codes2, max_size=4).map(tuple),
    description=_optional(_text),
)
_references = st.builds(
    Reference, qualifier=st.sampled_from(["6R", "EA", "BB", "1W", "LU", "0K"]), value=_ids
)
_amounts = st.builds(
    Amount, qualifier=st.sampled_from(["B6", "KH", "T", "AU", "I", "F5"]), amount=_small_money
)
_quantity_segments = st.builds(
    Quantity, qualifier=st.sampled_from(["CA", "VS", "ZK", "NE"]), quantity=_quantities
)
_remarks = st.one_of(
    st.builds(Remark, qualifier=st.just("HE"), code=_rarcs),
    st.builds(Remark, qualifier=st.just("RX"), code=_ids),
)
_communications = st.builds(
    Communication, qualifier=st.sampled_from(["TE", "EM", "FX", "UR"]), number=_ids
)
_contacts = st.builds(
    Contact,
    function=st.sampled_from(["CX", "BL", "IC"]),
    name=_optional(_text),
    communications=st.lists(_communications, max_size=3).map(tuple),
)


def _line_dates(qualifiers: tuple[str, ...]) -> st.SearchStrategy[tuple[DateReference, ...]]:
    return st.lists(
        st.builds(DateReference, qualifier=st.sampled_from(qualifiers), date=_dates), max_size=2
    ).map(tuple)


_line_extras = st.fixed_dictionaries(
    {
        "revenue_code": _optional(st.text(string.digits, min_size=4, max_size=4)),
        "units_paid": _opt_quantities,
        "original_procedure": _optional(_procedures),
        "original_units": _opt_quantities,
        "dates": _line_dates(("472", "150", "151")),
        "references": st.lists(_references, max_size=2).map(tuple),
        "amounts": st.lists(_amounts, max_size=2).map(tuple),
        "quantities": st.lists(_quantity_segments, max_size=1).map(tuple),
        "remarks": st.lists(_remarks, max_size=2).map(tuple),
    }
)
_line_adjustment_counts: dict[int, st.SearchStrategy[int]] = {}


def _share(draw: st.DrawFn, total: Money) -> Money:
    """A random share of *total* (between none and all of it)."""
    return allocate(total, draw(_weights_pair))[0]


@st.composite
def _service_payment(
    draw: st.DrawFn,
    charges: st.SearchStrategy[Money],
    procedures: st.SearchStrategy[Procedure],
    counts: st.SearchStrategy[int],
) -> ServicePayment:
    charge = draw(charges)
    count = draw(counts)
    # paid is a share of the charge; the adjustments carry the rest (all of it
    # is paid when there is no adjustment).
    paid = charge if count == 0 else _share(draw, charge)
    return ServicePayment(
        procedure=draw(procedures),
        charge=charge,
        paid=paid,
        adjustments=_split(draw, charge - paid, count, _default_groups, _carcs),
        **draw(_line_extras),
    )


def service_payments(
    *,
    charges: st.SearchStrategy[Money] | None = None,
    procedures: st.SearchStrategy[Procedure] | None = None,
    max_adjustments: int = 3,
) -> st.SearchStrategy[ServicePayment]:
    """Balanced service payments (loop 2110): charge minus adjustments equals paid.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        charges: line charges to draw (default: ``money()`` from 0.01 to 99999.99).
        procedures: SVC01 procedures to draw.
        max_adjustments: the most CAS adjustments per line.

    Raises:
        TypeError: an argument that is not a strategy.
        ValueError: a negative ``max_adjustments``.

    Example:
        >>> from rcm.remit import check_balance
        >>> line = service_payments().example()  # doctest: +SKIP
        >>> line.charge - line.adjustment_total == line.paid  # doctest: +SKIP
        True
    """
    _check_strategy("charges", charges)
    _check_strategy("procedures", procedures)
    _check_sizes("min_adjustments", 0, "max_adjustments", max_adjustments)
    return _service_payment(
        charges if charges is not None else _positive_money,
        procedures if procedures is not None else _procedures,
        st.integers(0, max_adjustments),
    )


_names = st.builds(
    EntityName,
    entity_code=st.just("QC"),
    entity_type=st.just("1"),
    last_name=_optional(_words),
    first_name=_optional(_words),
    middle_name=_optional(_words),
    suffix=_optional(st.sampled_from(["JR", "SR", "III"])),
    id_qualifier=_optional(st.sampled_from(["MI", "HN", "34"])),
    id=_optional(_ids),
)


def _role(code: str) -> st.SearchStrategy[EntityName | None]:
    return _optional(_names.map(lambda name: name.model_copy(update={"entity_code": code})))


_mia = st.builds(
    InpatientAdjudication,
    covered_days=_quantities,
    pps_operating_outlier_amount=_optional(_small_money),
    lifetime_psychiatric_days=_optional(_quantities),
    claim_drg_amount=_optional(_small_money),
    remark_codes=st.lists(_rarcs, max_size=5).map(tuple),
    cost_report_day_count=_optional(_quantities),
    pps_capital_exception_amount=_optional(_small_money),
    indirect_teaching_amount=_optional(_small_money),
)
_moa = st.builds(
    OutpatientAdjudication,
    reimbursement_rate=_optional(_quantities),
    hcpcs_payable_amount=_optional(_small_money),
    remark_codes=st.lists(_rarcs, max_size=5).map(tuple),
    esrd_payment_amount=_optional(_small_money),
    nonpayable_professional_component_amount=_optional(_small_money),
)


def _negate(claim: ClaimPayment) -> ClaimPayment:
    """The reversal of *claim*: every balancing amount negated, CLP02 = 22."""

    def adj(items: tuple[Adjustment, ...]) -> tuple[Adjustment, ...]:
        return tuple(item.model_copy(update={"amount": -item.amount}) for item in items)

    services = tuple(
        line.model_copy(
            update={
                "charge": -line.charge,
                "paid": -line.paid,
                "adjustments": adj(line.adjustments),
            }
        )
        for line in claim.services
    )
    return ClaimPayment.model_validate(
        {
            **dict(claim),
            "status": ClaimStatus.REVERSAL,
            "charge": -claim.charge,
            "paid": -claim.paid,
            "patient_responsibility": (
                -claim.patient_responsibility if claim.patient_responsibility else None
            ),
            "adjustments": adj(claim.adjustments),
            "services": services,
        }
    )


_claim_extras = st.fixed_dictionaries(
    {
        "patient_control_number": _ids,
        "filing_indicator": _optional(st.sampled_from(["MA", "MB", "MC", "12", "CI", "HM"])),
        "payer_claim_control_number": _optional(_ids),
        "facility_code": _optional(st.sampled_from(["11", "13", "21", "22", "83"])),
        "frequency": _optional(st.sampled_from(["1", "7", "8"])),
        "drg_code": _optional(st.text(string.digits, min_size=3, max_size=3)),
        "drg_weight": _opt_quantities,
        "discharge_fraction": _opt_quantities,
        "patient": _role("QC"),
        "insured": _role("IL"),
        "corrected_patient": _role("74"),
        "service_provider": _optional(
            _names.map(lambda n: n.model_copy(update={"entity_code": "82", "entity_type": "2"}))
        ),
        "crossover_carrier": _optional(
            st.builds(
                EntityName,
                entity_code=st.just("TT"),
                entity_type=st.just("2"),
                last_name=_optional(_text),
                id_qualifier=st.just("AD"),
                id=_ids,
            )
        ),
        "corrected_priority_payer": _optional(
            st.builds(
                EntityName,
                entity_code=st.just("PR"),
                entity_type=st.just("2"),
                last_name=_optional(_text),
                id_qualifier=st.just("PI"),
                id=_ids,
            )
        ),
        "other_subscriber": _role("GB"),
        "inpatient": _optional(_mia),
        "outpatient": _optional(_moa),
        "dates": _line_dates(("232", "233", "050", "036")),
        "references": st.lists(_references, max_size=2).map(tuple),
        "contacts": st.lists(_contacts, max_size=1).map(tuple),
        "amounts": st.lists(_amounts, max_size=2).map(tuple),
        "quantities": st.lists(_quantity_segments, max_size=2).map(tuple),
    }
)
_with_pr = st.booleans()


@st.composite
def _claim_payment(
    draw: st.DrawFn,
    lines_strategy: st.SearchStrategy[list[ServicePayment]],
    statuses: st.SearchStrategy[ClaimStatus],
) -> ClaimPayment:
    lines = tuple(draw(lines_strategy))
    count = draw(_adjustment_counts)
    if lines:
        charge = sum((line.charge for line in lines), Money(0))
        line_paid = sum((line.paid for line in lines), Money(0))
        # claim-level adjustments take a share of what the lines paid
        share = _share(draw, line_paid) if count and line_paid else Money(0)
        if not share:
            count = 0
        paid = line_paid - share
        claim_adjustments = _split(draw, share, count, _default_groups, _carcs)
    else:
        charge = draw(_positive_money)
        paid = charge if count == 0 else _share(draw, charge)
        claim_adjustments = _split(draw, charge - paid, count, _default_groups, _carcs)
    pr_total = sum(
        (adj.amount for adj in _all(claim_adjustments, lines) if adj.group == "PR"), Money(0)
    )
    status = draw(statuses)
    claim = ClaimPayment(
        status=ClaimStatus.PROCESSED_AS_PRIMARY if status is ClaimStatus.REVERSAL else status,
        charge=charge,
        paid=paid,
        patient_responsibility=pr_total if draw(_with_pr) else None,
        adjustments=claim_adjustments,
        services=lines,
        **draw(_claim_extras),
    )
    return _negate(claim) if status is ClaimStatus.REVERSAL else claim


def _all(
    claim_level: tuple[Adjustment, ...], lines: tuple[ServicePayment, ...]
) -> list[Adjustment]:
    found = list(claim_level)
    for line in lines:
        found.extend(line.adjustments)
    return found


def claim_payments(
    *,
    services: st.SearchStrategy[ServicePayment] | None = None,
    min_services: int = 0,
    max_services: int = 4,
    statuses: st.SearchStrategy[ClaimStatus] | None = None,
) -> st.SearchStrategy[ClaimPayment]:
    """Balanced claim payments (loop 2100) with their service payments.

    Claim charge is the sum of the line charges; claim-level adjustments take
    a share of what the lines paid; a claim without lines adjusts its own
    charge. A drawn status of ``22`` gives a reversal: a balanced claim with
    every amount negated.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        services: service payments to draw (default: :func:`service_payments`).
        min_services: the fewest service lines per claim.
        max_services: the most service lines per claim.
        statuses: CLP02 statuses to draw (default: all of them).

    Raises:
        TypeError: an argument that is not a strategy.
        ValueError: ``min_services`` greater than ``max_services``, or negative.

    Example:
        >>> from rcm.remit import check_balance
        >>> check_balance(claim_payments().example())  # doctest: +SKIP
        ()
    """
    _check_strategy("services", services)
    _check_strategy("statuses", statuses)
    _check_sizes("min_services", min_services, "max_services", max_services)
    return _claim_payment(
        st.lists(
            services if services is not None else service_payments(),
            min_size=min_services,
            max_size=max_services,
        ),
        statuses if statuses is not None else st.sampled_from(list(ClaimStatus)),
    )


_addresses = st.builds(
    Address,
    lines=st.lists(_text, max_size=2).map(tuple),
    city=_optional(_text),
    state=_optional(st.text(string.ascii_uppercase, min_size=2, max_size=2)),
    postal_code=_optional(st.text(string.digits, min_size=5, max_size=9)),
    country_code=_optional(st.just("US")),
    country_subdivision=st.none(),
).filter(lambda a: bool(a.lines or a.city or a.state or a.postal_code or a.country_code))


def _party(code: str, *, payee: bool) -> st.SearchStrategy[Party]:
    return st.builds(
        Party,
        entity_code=st.just(code),
        name=_optional(_text),
        id_qualifier=_optional(st.sampled_from(["XX", "FI", "XV"])),
        id=_optional(_ids),
        address=_optional(_addresses),
        references=st.lists(_references, max_size=2).map(tuple),
        contacts=st.lists(_contacts, max_size=2).map(tuple) if not payee else st.just(()),
        delivery=(
            _optional(
                st.builds(
                    DeliveryMethod,
                    code=st.sampled_from(["BM", "EM", "FT", "OL"]),
                    name=_optional(_text),
                    communication=_optional(_ids),
                )
            )
            if payee
            else st.none()
        ),
    )


_ts3 = st.builds(
    ProviderSummary,
    provider_id=_ids,
    facility_code=st.sampled_from(["11", "13", "21"]),
    fiscal_period_end=_dates,
    claim_count=st.integers(0, 999),
    total_charge=money(),
    total_msp_payer_amount=_optional(_small_money),
    total_hcpcs_payable=_optional(_small_money),
    total_pip_claim_count=_optional(st.integers(0, 99)),
    total_pip_adjustment=_optional(_small_money),
    total_provider_payment=_optional(_small_money),
)
_ts2 = st.builds(
    ProviderSupplementalSummary,
    total_drg_amount=_optional(_small_money),
    total_outlier_day_count=_optional(_quantities),
    average_drg_weight=_optional(_quantities),
    total_pps_dsh_drg_amount=_optional(_small_money),
)
_plb_items = st.builds(
    ProviderAdjustmentItem,
    reason=st.sampled_from(["WO", "L6", "FB", "CS", "72", "J1"]),
    reference=_optional(_ids),
    amount=_small_money,
)
_plbs = st.builds(
    ProviderAdjustment,
    provider_id=_ids,
    fiscal_period_end=_dates,
    items=st.lists(_plb_items, min_size=1, max_size=6).map(tuple),
)


_payments = st.fixed_dictionaries(
    {
        "handling_code": st.sampled_from(["C", "D", "H", "I", "P", "U", "X"]),
        "method": st.sampled_from(["ACH", "BOP", "CHK", "FWT", "NON"]),
        "format": _optional(st.sampled_from(["CCP", "CTX"])),
        "sender_dfi_qualifier": _optional(st.just("01")),
        "sender_dfi_id": _optional(st.text(string.digits, min_size=9, max_size=9)),
        "sender_account_qualifier": _optional(st.just("DA")),
        "sender_account": _optional(_ids),
        "payer_identifier": _optional(st.text(string.digits, min_size=10, max_size=10)),
        "payer_supplemental_code": _optional(_ids),
        "receiver_dfi_qualifier": _optional(st.just("01")),
        "receiver_dfi_id": _optional(st.text(string.digits, min_size=9, max_size=9)),
        "receiver_account_qualifier": _optional(st.just("DA")),
        "receiver_account": _optional(_ids),
        "date": _optional(_dates),
    }
)
_header_extras = st.fixed_dictionaries(
    {
        "control_number": st.text(_ALNUM, min_size=4, max_size=9),
        "trace": st.builds(
            Trace,
            type_code=st.just("1"),
            number=_ids,
            originator_id=_optional(st.text(string.digits, min_size=10, max_size=10)),
            originator_supplemental_code=_optional(_ids),
        ),
        "currency": _optional(st.sampled_from(["USD", "CAD"])),
        "references": st.lists(
            st.builds(Reference, qualifier=st.sampled_from(["EV", "F2"]), value=_ids),
            max_size=2,
        ).map(tuple),
        "dates": _dates.map(lambda when: (DateReference(qualifier="405", date=when),)),
        "payer": _party("PR", payee=False),
        "payee": _party("PE", payee=True),
        "provider_adjustments": st.lists(_plbs, max_size=2).map(tuple),
    }
)
_header_numbers = st.builds(
    HeaderNumber,
    number=st.just(1),
    provider_summary=_optional(_ts3),
    supplemental_summary=st.none(),
)
_cuts = st.sets(st.integers(1, 20), max_size=2)
_use_lx = st.booleans()
_ts2_or_none = _optional(_ts2)


@st.composite
def _remittance(
    draw: st.DrawFn, claims_strategy: st.SearchStrategy[list[ClaimPayment]]
) -> Remittance:
    drawn: list[ClaimPayment] = draw(claims_strategy)
    header_numbers: list[HeaderNumber] = []
    use_lx: bool = draw(_use_lx)
    if drawn and use_lx:
        # split the claims into contiguous LX groups
        cuts = sorted(cut for cut in draw(_cuts) if cut < len(drawn))
        bounds = [0, *cuts, len(drawn)]
        grouped: list[ClaimPayment] = []
        for number, (start, end) in enumerate(itertools.pairwise(bounds), start=1):
            header = draw(_header_numbers)
            supplemental = draw(_ts2_or_none) if header.provider_summary is not None else None
            header_numbers.append(
                header.model_copy(update={"number": number, "supplemental_summary": supplemental})
            )
            grouped += [
                claim.model_copy(update={"header_number": number}) for claim in drawn[start:end]
            ]
        drawn = grouped
    extras: dict[str, Any] = draw(_header_extras)
    plbs: tuple[ProviderAdjustment, ...] = extras["provider_adjustments"]
    net = sum((claim.paid for claim in drawn), Money(0)) - sum(
        (plb.total for plb in plbs), Money(0)
    )
    payment = Payment(
        amount=abs(net), credit_debit="D" if net < Money(0) else "C", **draw(_payments)
    )
    return Remittance.model_validate(
        {
            **extras,
            "payment": payment,
            "header_numbers": tuple(header_numbers),
            "claims": tuple(drawn),
        }
    )


def remittances(
    *,
    claims: st.SearchStrategy[ClaimPayment] | None = None,
    min_claims: int = 0,
    max_claims: int = 5,
) -> st.SearchStrategy[Remittance]:
    """Balanced 835 remittances: BPR02 is what the claims paid minus the PLB amounts.

    Every remittance drawn satisfies ``check_balance(r) == ()`` and
    ``list(read_835(write_835([r]))) == [r]``. A net negative payment is
    drawn as a debit (``BPR03 = D``). Each has a production date
    (``DTM*405``), so :func:`rcm.remit.write_835` can build an envelope.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        claims: claim payments to draw (default: :func:`claim_payments`).
        min_claims: the fewest claims.
        max_claims: the most claims.

    Raises:
        TypeError: an argument that is not a strategy.
        ValueError: ``min_claims`` greater than ``max_claims``, or negative.

    Example:
        >>> from rcm.remit import check_balance
        >>> check_balance(remittances(max_claims=2).example())  # doctest: +SKIP
        ()
    """
    _check_strategy("claims", claims)
    _check_sizes("min_claims", min_claims, "max_claims", max_claims)
    return _remittance(
        st.lists(
            claims if claims is not None else claim_payments(),
            min_size=min_claims,
            max_size=max_claims,
        )
    )
