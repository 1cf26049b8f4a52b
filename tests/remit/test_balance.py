"""Balancing: every rule, exactly, with the amounts on both sides."""

from __future__ import annotations

from decimal import Inexact, Rounded, localcontext

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.errors import InvalidAmount
from rcm.money import Money
from rcm.remit import (
    Adjustment,
    ClaimPayment,
    Payment,
    ProviderAdjustment,
    check_balance,
    read_835,
)
from rcm.remit._balance import _claim_problems
from rcm.remit._examples import example_remittance
from rcm.testing._remit import claim_payments, remittances, service_payments

SLOW_OK = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _with_line(remit, claim_index, line_index, **changes):
    claims = list(remit.claims)
    claim = claims[claim_index]
    lines = list(claim.services)
    lines[line_index] = lines[line_index].model_copy(update=changes)
    claims[claim_index] = claim.model_copy(update={"services": tuple(lines)})
    return remit.model_copy(update={"claims": tuple(claims)})


def test_the_example_balances():
    assert check_balance(example_remittance()) == ()


def test_a_wrong_line_payment_breaks_line_claim_paid_and_transaction_rules():
    remit = _with_line(example_remittance(), 0, 1, paid=Money("21.00"))
    problems = check_balance(remit)
    assert [(p.rule, p.claim_index, p.line_index) for p in problems] == [
        ("line", 1, 2),
        ("claim-paid", 1, None),
    ]
    line = problems[0]
    assert (line.expected, line.actual, line.difference) == (
        Money("20.00"),
        Money("21.00"),
        Money("1.00"),
    )
    assert line.patient_control_number == "PCN-1001"
    assert line.control_number == "0001"
    assert "claim 1 (PCN-1001), line 2" in str(line)


def test_a_wrong_line_charge_breaks_line_claim_charge():
    remit = _with_line(example_remittance(), 1, 0, charge=Money("81.00"))
    assert [p.rule for p in check_balance(remit)] == ["line", "claim-charge"]


def test_a_wrong_claim_payment_breaks_claim_rules_and_the_transaction():
    remit = example_remittance()
    claims = list(remit.claims)
    claims[1] = claims[1].model_copy(update={"paid": Money("56.50")})
    problems = check_balance(remit.model_copy(update={"claims": tuple(claims)}))
    assert [(p.rule, p.claim_index) for p in problems] == [
        ("claim", 2),
        ("claim-paid", 2),
        ("transaction", None),
    ]
    transaction = problems[-1]
    # sum of CLP04 176.50 - PLB 10.00 = 166.50 against BPR02 165.50
    assert (transaction.expected, transaction.actual) == (Money("166.50"), Money("165.50"))


def test_claim_level_adjustments_with_lines():
    # TigerShark example 1 shape: lines pay 122, a claim-level OA 101 of 122 makes CLP04 0
    claim = ClaimPayment(
        patient_control_number="P",
        status="25",
        charge=Money("205.00"),
        paid=Money("0.00"),
        adjustments=(Adjustment(group="OA", reason="101", amount=Money("122.00")),),
        services=(
            example_remittance()
            .claims[0]
            .services[0]
            .model_copy(
                update={
                    "charge": Money("205.00"),
                    "paid": Money("122.00"),
                    "adjustments": (Adjustment(group="CO", reason="45", amount=Money("83.00")),),
                }
            ),
        ),
    )
    assert check_balance(claim) == ()


def test_debit_payments_are_negative():
    remit = example_remittance()
    # PLB of 200 makes the net -24.50: a debit of 24.50
    plb = ProviderAdjustment.model_validate(
        {
            **dict(remit.provider_adjustments[0]),
            "items": ({"reason": "WO", "amount": Money("200.00")},),
        }
    )
    debit = remit.model_copy(
        update={
            "provider_adjustments": (plb,),
            "payment": remit.payment.model_copy(
                update={"amount": Money("24.50"), "credit_debit": "D"}
            ),
        }
    )
    assert check_balance(debit) == ()
    credit = debit.model_copy(
        update={"payment": debit.payment.model_copy(update={"credit_debit": "C"})}
    )
    assert [p.rule for p in check_balance(credit)] == ["transaction"]


def test_a_reversal_balances_with_negative_amounts(wrap, header):
    body = header.replace("BPR*I*100", "BPR*I*0") + (
        "CLP*A*22*-100*-80**MC*ICN1~CAS*CO*45*-20~NM1*QC*1*X~"
        "CLP*A*1*100*80**MC*ICN2~CAS*CO*45*20~NM1*QC*1*X~"
    )
    [remit] = read_835(wrap(body))
    assert check_balance(remit) == ()


@SLOW_OK
@given(service_payments())
def test_generated_lines_balance(line):
    assert line.charge - line.adjustment_total == line.paid


@SLOW_OK
@given(claim_payments())
def test_generated_claims_balance(claim):
    assert check_balance(claim) == ()


@SLOW_OK
@given(remittances(max_claims=4))
def test_generated_remittances_balance(remit):
    assert check_balance(remit) == ()


@SLOW_OK
@given(remittances(min_claims=1, max_claims=3), st.data())
def test_any_change_to_a_paid_amount_is_found(remit, data):
    index = data.draw(st.integers(0, len(remit.claims) - 1))
    delta = Money.from_cents(data.draw(st.integers(1, 10_000)))
    claims = list(remit.claims)
    claims[index] = claims[index].model_copy(update={"paid": claims[index].paid + delta})
    changed = remit.model_copy(update={"claims": tuple(claims)})
    problems = check_balance(changed)
    rules = {(p.rule, p.claim_index) for p in problems}
    assert ("claim", index + 1) in rules
    assert ("transaction", None) in rules
    claim_problem = next(p for p in problems if p.rule == "claim")
    assert claim_problem.difference == delta


def test_payment_model_for_transaction_rule_uses_bpr03():
    payment = Payment(handling_code="H", amount=Money("0.00"), credit_debit="C", method="NON")
    remit = example_remittance().model_copy(
        update={"claims": (), "header_numbers": (), "provider_adjustments": (), "payment": payment}
    )
    assert check_balance(remit) == ()


# --- the Decimal fast path agrees with the Money rules --------------------------------


def _perturbed_claims() -> st.SearchStrategy[ClaimPayment]:
    """Generated claims, some with one amount moved so that rules fail."""

    @st.composite
    def build(draw: st.DrawFn) -> ClaimPayment:
        claim = draw(claim_payments(max_services=3))
        where = draw(st.sampled_from(["none", "charge", "paid", "line-paid", "line-charge"]))
        delta = Money.from_cents(draw(st.integers(-5_000, 5_000)))
        if where in ("charge", "paid"):
            return claim.model_copy(update={where: getattr(claim, where) + delta})
        if where.startswith("line") and claim.services:
            field = where.removeprefix("line-")
            lines = list(claim.services)
            n = draw(st.integers(0, len(lines) - 1))
            lines[n] = lines[n].model_copy(update={field: getattr(lines[n], field) + delta})
            return claim.model_copy(update={"services": tuple(lines)})
        return claim

    return build()


@SLOW_OK
@given(_perturbed_claims())
def test_the_fast_path_finds_what_money_finds(claim):
    # _claim_problems is the Money computation every problem comes from
    assert list(check_balance(claim)) == _claim_problems(claim, 1, None)


def _huge_claim() -> ClaimPayment:
    # two lines of 60,000,000,000,000,000,000,000,000.00: their sum has 29 digits,
    # more than Money (and the default decimal context) holds
    huge = Money("60000000000000000000000000.00")
    line = example_remittance().claims[0].services[0]
    line = line.model_copy(update={"charge": huge, "paid": huge, "adjustments": ()})
    return ClaimPayment(
        patient_control_number="P",
        status="1",
        charge=huge,
        paid=huge,
        services=(line, line),
    )


def test_sums_too_large_for_money_still_fail_as_money_does():
    claim = _huge_claim()
    with pytest.raises(InvalidAmount):
        _claim_problems(claim, 1, None)  # the Money computation refuses the sum
    with pytest.raises(InvalidAmount):
        check_balance(claim)  # and so does check_balance: the fast path does not answer


def test_the_decimal_context_flags_are_left_as_they_were():
    claim = example_remittance().claims[0]
    with localcontext() as context:
        context.clear_flags()
        assert check_balance(claim) == ()
        assert not context.flags[Inexact]
        assert not context.flags[Rounded]
        context.flags[Rounded] = True  # set by earlier, unrelated work
        context.flags[Inexact] = True
        assert check_balance(example_remittance()) == ()
        assert context.flags[Rounded]
        assert context.flags[Inexact]
        with pytest.raises(InvalidAmount):
            check_balance(_huge_claim())
        assert context.flags[Rounded]
        assert context.flags[Inexact]
