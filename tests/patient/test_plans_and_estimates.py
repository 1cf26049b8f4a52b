from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.errors import InvalidAmount, RcmError, ValidationError
from rcm.money import Money
from rcm.patient import Benefits, Service, estimate, payment_plan
from rcm.testing.strategies import money


@settings(max_examples=200)
@given(
    money(min_value=Money("0.01"), max_value=Money("99999.99")),
    st.integers(min_value=1, max_value=60),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=1, max_value=3),
)
def test_plan_instalments_sum_to_the_balance(
    balance: Money, count: int, first: date, every: int
) -> None:
    if count > balance.cents:
        with pytest.raises(InvalidAmount):
            payment_plan(balance, instalments=count, first_due=first)
        return
    plan = payment_plan(balance, instalments=count, first_due=first, every_months=every)
    amounts = [i.amount for i in plan.instalments]
    assert balance == plan.total == sum(amounts, Money(0))
    assert max(amounts).cents - min(amounts).cents <= 1
    assert amounts == sorted(amounts, reverse=True)
    dues = [i.due for i in plan.instalments]
    assert dues == sorted(dues)
    assert first == dues[0]
    assert list(range(1, count + 1)) == [i.number for i in plan.instalments]


def test_plan_dates_clip_to_month_ends_and_come_back() -> None:
    plan = payment_plan(Money("40.00"), instalments=4, first_due=date(2025, 1, 31))
    assert [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)] == [
        i.due for i in plan.instalments
    ]


def test_minimum_payment_sets_the_count() -> None:
    plan = payment_plan(Money("100.00"), minimum_payment=Money("30.00"), first_due=date(2025, 1, 1))
    assert [Money("33.34"), Money("33.33"), Money("33.33")] == [i.amount for i in plan.instalments]
    single = payment_plan(
        Money("10.00"), minimum_payment=Money("30.00"), first_due=date(2025, 1, 1)
    )
    assert [Money("10.00")] == [i.amount for i in single.instalments]
    assert Money("60.00") == plan.remaining(paid=Money("40.00"))
    assert Money(0) == plan.remaining(paid=Money("150.00"))


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"balance": Money(0), "instalments": 2}, InvalidAmount),
        ({"balance": Money("-5.00"), "instalments": 2}, InvalidAmount),
        ({"balance": Money("10.00")}, ValidationError),
        (
            {"balance": Money("10.00"), "instalments": 2, "minimum_payment": Money(1)},
            ValidationError,
        ),
        ({"balance": Money("10.00"), "instalments": 0}, ValidationError),
        ({"balance": Money("10.00"), "instalments": 361}, ValidationError),
        ({"balance": Money("10.00"), "minimum_payment": Money(0)}, InvalidAmount),
        ({"balance": Money("10.00"), "instalments": 2, "every_months": 0}, ValidationError),
    ],
)
def test_plan_refuses_bad_input(kwargs: dict[str, object], error: type[Exception]) -> None:
    balance = kwargs.pop("balance")
    with pytest.raises(error):
        payment_plan(balance, first_due=date(2025, 1, 1), **kwargs)  # type: ignore[arg-type]


BENEFITS = Benefits(
    deductible=Money("500.00"),
    deductible_met=Money("450.00"),
    coinsurance=Decimal("0.20"),
    copay=Money("25.00"),
    out_of_pocket_max=Money("2000.00"),
    out_of_pocket_met=Money("1900.00"),
)


def test_estimate_applies_copay_deductible_coinsurance_then_the_cap() -> None:
    e = estimate(
        [
            Service(code="99214", allowed=Money("130.00"), copay=True),
            Service(code="71046", allowed=Money("80.00")),
            Service(code="93000", allowed=Money("99.99")),
        ],
        BENEFITS,
    )
    rows = [(line.copay, line.deductible, line.coinsurance, line.capped) for line in e.lines]
    # 100.00 is left to the out-of-pocket maximum. Copay 25.00; deductible 50.00 and
    # 20% of 30.00; the third service's 20.00 coinsurance is cut to the 19.00 left.
    assert [
        (Money("25.00"), Money(0), Money(0), False),
        (Money(0), Money("50.00"), Money("6.00"), False),
        (Money(0), Money(0), Money("19.00"), True),
    ] == rows
    assert Money("100.00") == e.patient
    assert Money("0.00") == e.out_of_pocket_left
    assert Money("0.00") == e.deductible_left


def test_coinsurance_rounds_half_up() -> None:
    e = estimate([Service(code="X", allowed=Money("0.05"))], Benefits(coinsurance=Decimal("0.5")))
    assert Money("0.03") == e.lines[0].coinsurance


@pytest.mark.parametrize(
    "kwargs",
    [
        {"coinsurance": Decimal("1.5")},
        {"deductible": Money("-1.00")},
        {"copay": 0.5},
        {"out_of_pocket_max": Money("-1.00")},
        {"unknown": 1},
    ],
)
def test_bad_benefits_raise_rcm_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(RcmError):
        Benefits(**kwargs)  # type: ignore[arg-type]


def test_bad_services() -> None:
    with pytest.raises(ValidationError, match="allowed"):
        Service(code="X", allowed=Money("-1.00"))
    with pytest.raises(ValidationError, match="Service values"):
        estimate([("99213", Money(1))], BENEFITS)  # type: ignore[list-item]


@settings(max_examples=200)
@given(
    st.lists(st.tuples(money(max_value=Money("5000.00")), st.booleans()), max_size=6),
    money(max_value=Money("3000.00")),
    money(max_value=Money("3000.00")),
    st.integers(min_value=0, max_value=100).map(lambda n: Decimal(n) / 100),
    money(max_value=Money("100.00")),
    money(max_value=Money("5000.00")),
    money(max_value=Money("5000.00")),
)
def test_estimate_invariants(items, deductible, met, rate, copay, oop_max, oop_met) -> None:  # type: ignore[no-untyped-def]
    benefits = Benefits(
        deductible=deductible,
        deductible_met=met,
        coinsurance=rate,
        copay=copay,
        out_of_pocket_max=oop_max,
        out_of_pocket_met=oop_met,
    )
    services = [Service(code=f"S{i}", allowed=a, copay=c) for i, (a, c) in enumerate(items)]
    e = estimate(services, benefits)
    for service, line in zip(services, e.lines, strict=True):
        assert service.allowed == line.patient + line.insurance
        assert Money(0) <= line.patient <= service.allowed
        assert line.insurance >= Money(0)
    assert e.patient <= benefits.out_of_pocket_remaining
    assert Money(0) <= e.deductible_left <= benefits.deductible_remaining
