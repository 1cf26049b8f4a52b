from __future__ import annotations

import copy
import pickle
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticValidationError

from rcm.errors import InvalidAmount, MoneyTypeError, RcmError
from rcm.money import ZERO, Money, allocate
from rcm.testing.strategies import money


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("12.3", Decimal("12.30")),
        ("$1,234.50", Decimal("1234.50")),
        ("-$5", Decimal("-5.00")),
        (7, Decimal("7.00")),
        (Decimal("0.01"), Decimal("0.01")),
        ("  -0.50 ", Decimal("-0.50")),
        ("1.500", Decimal("1.50")),  # trailing zeros are exact, not rounding
    ],
)
def test_construction(given: object, expected: Decimal) -> None:
    assert expected == Money(given).amount  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["1.005", "abc", "", "NaN", "Infinity", "1e-5", "--1"])
def test_bad_text_is_invalid_amount(bad: str) -> None:
    with pytest.raises(InvalidAmount):
        Money(bad)


@pytest.mark.parametrize("bad", [0.1, 1.0, True, None, [1], b"1"])
def test_wrong_types_are_refused(bad: object) -> None:
    with pytest.raises(MoneyTypeError) as info:
        Money(bad)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, RcmError)


def test_quantize_names_the_rounding() -> None:
    assert Money("2.68") == Money.quantize("2.675", rounding=ROUND_HALF_UP)
    assert Money("2.66") == Money.quantize("2.665", rounding=ROUND_HALF_EVEN)
    with pytest.raises(TypeError):
        Money.quantize("2.675")  # type: ignore[call-arg]


def test_arithmetic_and_sum() -> None:
    assert Money("3.30") == sum([Money("1.10"), Money("2.20")])
    assert Money("-1.00") == Money("1.00") - Money("2.00")
    assert Money("15.00") == 3 * Money(5)
    assert Money("1.50") == Money("3.00") * Decimal("0.5")
    assert Decimal("2.5") == Money("10.00") / Money("4.00")
    assert Money("1.00") == abs(Money("-1.00"))
    assert Money("6.67") == Money("33.33").multiply("0.2", rounding=ROUND_HALF_UP)


def test_inexact_product_and_bad_division_raise() -> None:
    with pytest.raises(InvalidAmount):
        Money("1.01") * Decimal("0.5")
    with pytest.raises(MoneyTypeError):
        Money("1.00") / 3  # type: ignore[operator]
    with pytest.raises(MoneyTypeError):
        Money("1.00") * 0.5  # type: ignore[operator]


def test_comparisons_refuse_other_types() -> None:
    with pytest.raises(TypeError):
        Money("1.00") < 2  # type: ignore[operator]  # noqa: B015
    with pytest.raises(TypeError):
        Money("1.00") == Decimal("1.00")  # noqa: B015
    with pytest.raises(TypeError):
        Money("1.00") + 1  # type: ignore[operator]
    assert Money("1.00") != "1.00"
    assert Money("1.00") < Money("1.01")


def test_value_object_behaviour() -> None:
    amount = Money("12.30")
    assert repr(amount) == "Money('12.30')"
    assert str(amount) == "12.30"
    assert f"{amount:,.2f}" == "12.30"
    assert {amount: 1}[Money("12.3")] == 1
    assert pickle.loads(pickle.dumps(amount)) == amount
    assert copy.deepcopy(amount) is amount
    with pytest.raises(AttributeError):
        amount._amount = Decimal(1)  # type: ignore[misc]
    assert not ZERO
    assert Money.from_cents(-125) == Money("-1.25")


class _Charge(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    amount: Money


def test_pydantic_field_round_trips_as_string() -> None:
    charge = _Charge(amount=Money("125"))
    assert charge.model_dump_json() == '{"amount":"125.00"}'
    assert charge == _Charge.model_validate_json(charge.model_dump_json())
    assert _Charge.model_json_schema()["properties"]["amount"]["type"] == "string"
    with pytest.raises(PydanticValidationError):
        _Charge(amount=1.5)  # type: ignore[arg-type]
    with pytest.raises(PydanticValidationError):
        _Charge.model_validate_json('{"amount": "1.234"}')


@given(
    total=money(min_value=Money("-100000.00"), max_value=Money("100000.00")),
    weights=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12).filter(
        any
    ),
)
@settings(max_examples=300)
def test_allocate_parts_sum_to_total(total: Money, weights: list[int]) -> None:
    parts = allocate(total, weights)
    assert total == sum(parts, ZERO)
    assert len(weights) == len(parts)
    # every part is within one cent of its exact share
    weight_sum = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = total.amount * weight / weight_sum
        assert abs(part.amount - exact) < Decimal("0.01")
    # zero weights get nothing
    for part, weight in zip(parts, weights, strict=True):
        if weight == 0:
            assert ZERO == part


@given(
    total=money(),
    weights=st.lists(money(min_value=Money("0.01")), min_size=1, max_size=8),
)
def test_allocate_by_line_charges(total: Money, weights: list[Money]) -> None:
    assert total == sum(allocate(total, weights), ZERO)


@pytest.mark.parametrize(
    ("weights", "error"),
    [
        ([], InvalidAmount),
        ([0, 0], InvalidAmount),
        ([-1, 2], InvalidAmount),
        ([0.5], MoneyTypeError),
    ],
)
def test_allocate_rejects_bad_weights(weights: list[object], error: type[Exception]) -> None:
    with pytest.raises(error):
        allocate(Money("1.00"), weights)  # type: ignore[arg-type]


@given(a=money(), b=money(), c=money())
def test_addition_is_exact_and_associative(a: Money, b: Money, c: Money) -> None:
    assert (a + b) + c == a + (b + c)
    assert a == (a + b) - b


def test_money_strategy_rejects_bad_bounds() -> None:
    with pytest.raises(ValueError, match="greater"):
        money(min_value=Money("2.00"), max_value=Money("1.00"))
    with pytest.raises(TypeError, match=r"st\.just"):
        money(min_value=st.just(Money("1.00")))  # type: ignore[arg-type]


@given(amount=money(min_value=Money("0.05"), max_value=Money("0.10")))
def test_money_strategy_respects_bounds(amount: Money) -> None:
    assert Money("0.05") <= amount <= Money("0.10")


@given(st.text(alphabet="0123456789.,-+$ eE_naNIfity\t", max_size=12))
def test_text_fast_path_agrees_with_the_general_path(text: str) -> None:
    # Money(str) tries Decimal(text) first; the general path (_to_decimal) is
    # the definition of what text is accepted.
    from decimal import InvalidOperation

    from rcm.errors import RcmError
    from rcm.money import CENT, _to_decimal

    try:
        dec = _to_decimal(text)
        expected: object = dec if dec.quantize(CENT) == dec else "InvalidAmount"
    except InvalidOperation:
        expected = "InvalidAmount"  # too many digits for cents
    except RcmError as exc:
        expected = type(exc).__name__
    try:
        actual: object = Money(text).amount
    except RcmError as exc:
        actual = type(exc).__name__
    assert expected == actual


@pytest.mark.parametrize("value", ["1E100", 10**40, Decimal("1E27"), "-" + "9" * 30])
def test_amounts_too_large_for_cents_are_refused_clearly(value: object) -> None:
    with pytest.raises(InvalidAmount, match="too large"):
        Money(value)  # type: ignore[arg-type]


def test_arithmetic_past_the_largest_amount_is_refused_clearly() -> None:
    big = Money("9" * 26)
    with pytest.raises(InvalidAmount, match="too large"):
        big + big


@pytest.mark.parametrize(
    "operation",
    [
        lambda: Money.quantize("1E100", rounding=ROUND_HALF_UP),
        lambda: Money("9" * 26) * Decimal("10.5"),
        lambda: Money("9" * 26) * 10,
        lambda: Money("9" * 26).multiply("1000", rounding=ROUND_HALF_UP),
    ],
)
def test_every_way_to_overflow_cents_gives_invalid_amount(operation: object) -> None:
    with pytest.raises(InvalidAmount, match="too large"):
        operation()  # type: ignore[operator]
