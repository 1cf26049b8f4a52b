"""Exact US-dollar amounts: :class:`Money`, and :func:`allocate` for splitting.

Every amount in rcm is a ``Money``: a ``Decimal`` with exactly two places.
It is built from ``str``, ``int`` or ``Decimal``; a ``float`` is refused with
:class:`~rcm.errors.MoneyTypeError`, because ``0.1 + 0.2`` is not a price.
An amount with more than two places is refused with
:class:`~rcm.errors.InvalidAmount` unless the caller names how to round it with
:meth:`Money.quantize`, so no rounding ever happens silently.

Example:
    >>> from rcm.money import Money, allocate
    >>> Money("12.3")
    Money('12.30')
    >>> sum([Money("1.10"), Money("2.20")])
    Money('3.30')
    >>> Money("10.00") / Money("4.00")
    Decimal('2.5')
    >>> allocate(Money("100.00"), [1, 1, 1])
    (Money('33.34'), Money('33.33'), Money('33.33'))
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Final, SupportsIndex

from rcm.errors import InvalidAmount, MoneyTypeError

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

__all__ = ["CENT", "ROUND_HALF_UP", "ZERO", "Money", "allocate"]

#: One cent; the quantum of every amount.
CENT: Final = Decimal("0.01")

# Rounding modes are the decimal module's names; ROUND_HALF_UP is re-exported
# because it is the one money uses unless a payer contract says otherwise.


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, Money):
        return value._amount
    if isinstance(value, bool):
        raise MoneyTypeError(f"money cannot be built from a bool ({value!r})")
    if isinstance(value, float):
        raise MoneyTypeError(
            f"money cannot be built from the float {value!r}; pass a str such as "
            f"'{value:.2f}' or a Decimal"
        )
    if isinstance(value, Decimal):
        dec = value
    elif isinstance(value, int):
        dec = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
        if text.startswith("$"):
            text = text[1:]
        elif text.startswith("-$"):
            text = "-" + text[2:]
        try:
            dec = Decimal(text)
        except InvalidOperation:
            raise InvalidAmount(
                f"{value!r} is not a money amount", value=value, expected="a decimal number"
            ) from None
    else:
        raise MoneyTypeError(
            f"money cannot be built from {type(value).__name__}; use str, int or Decimal"
        )
    if not dec.is_finite():
        raise InvalidAmount(
            f"{value!r} is not a finite amount", value=str(value), expected="a finite number"
        )
    return dec


class Money:
    """An exact US-dollar amount with two decimal places, immutable and hashable.

    Args:
        value: a ``str`` (``"12.30"``, ``"$1,234.50"``), ``int`` or ``Decimal``
            with at most two decimal places, or another ``Money``.

    Raises:
        MoneyTypeError: for a ``float`` or any other type.
        InvalidAmount: for text that is not a number, NaN/infinity, or more
            than two decimal places (use :meth:`quantize` to round).

    Arithmetic: ``+``/``-`` with ``Money`` (and ``0``, so ``sum()`` works),
    ``*`` by an ``int`` or exact ``Decimal``, ``Money / Money -> Decimal``.
    Ordering against anything but ``Money`` raises ``TypeError``.

    Example:
        >>> Money("19.99") + Money("0.01")
        Money('20.00')
        >>> Money(5) * 3
        Money('15.00')
        >>> Money("1.005")
        Traceback (most recent call last):
        ...
        rcm.errors.InvalidAmount: '1.005' has more than 2 decimal places; ...
        >>> Money(0.1)
        Traceback (most recent call last):
        ...
        rcm.errors.MoneyTypeError: money cannot be built from the float 0.1; ...
    """

    __slots__ = ("_amount",)
    _amount: Decimal

    def __init__(self, value: Money | Decimal | int | str = 0) -> None:
        # Fast path for the common case, plain amount text such as "125.00"
        # (every X12 amount): Decimal() accepts exactly what the general path
        # accepts once "$" and "," are taken out, and refuses text holding them.
        dec: Decimal | None = None
        kind = value.__class__
        if kind is Decimal and value.is_finite():  # type: ignore[union-attr]
            dec = value  # type: ignore[assignment]
        elif kind is str:
            try:
                dec = Decimal(value)  # type: ignore[arg-type]  # it is a str
            except InvalidOperation:
                dec = None
            else:
                if not dec.is_finite():
                    dec = None  # the general path says why
        if dec is None:
            dec = _to_decimal(value)
        try:
            quantized = dec.quantize(CENT)
        except InvalidOperation:
            raise _too_large(str(value)) from None
        if quantized != dec:
            raise InvalidAmount(
                f"{str(value)!r} has more than 2 decimal places; use "
                "Money.quantize(value, rounding=...) to round it explicitly",
                value=str(value),
                expected="at most 2 decimal places",
            )
        _set_amount(self, quantized)

    @classmethod
    def quantize(cls, value: Money | Decimal | int | str, *, rounding: str) -> Money:
        """Build a ``Money`` from any exact value, rounding to cents with the named mode.

        Args:
            value: the amount, possibly with more than two places.
            rounding: a :mod:`decimal` rounding mode such as ``ROUND_HALF_UP``.

        Example:
            >>> from decimal import ROUND_HALF_EVEN
            >>> Money.quantize("2.675", rounding=ROUND_HALF_UP)
            Money('2.68')
            >>> Money.quantize("2.665", rounding=ROUND_HALF_EVEN)
            Money('2.66')
        """
        dec = _to_decimal(value)
        try:
            return cls(dec.quantize(CENT, rounding=rounding))
        except InvalidOperation:
            raise _too_large(str(value)) from None

    @classmethod
    def from_cents(cls, cents: int) -> Money:
        """Build from an integer number of cents.

        Example:
            >>> Money.from_cents(1999)
            Money('19.99')
        """
        if not isinstance(cents, int) or isinstance(cents, bool):
            raise MoneyTypeError(f"cents must be an int, not {type(cents).__name__}")
        if cls is Money:
            return _make(Decimal(cents).scaleb(-2))
        return cls(Decimal(cents).scaleb(-2))

    if TYPE_CHECKING:

        @property
        def amount(self) -> Decimal:
            """The amount as a ``Decimal`` with exactly two places."""

    else:
        # A C-level getter: posting, balancing and the edits read .amount dozens
        # of times per claim, and a Python property costs a frame each time.
        amount = property(
            attrgetter("_amount"),
            doc="""The amount as a ``Decimal`` with exactly two places.

            Example:
                >>> Money("7").amount
                Decimal('7.00')
            """,
        )

    @property
    def cents(self) -> int:
        """The amount in whole cents.

        Example:
            >>> Money("-1.25").cents
            -125
        """
        return int(self._amount.scaleb(2))

    def multiply(self, factor: Decimal | int | str, *, rounding: str) -> Money:
        """Multiply by any exact factor and round to cents with the named mode.

        Example:
            >>> Money("100.00").multiply(Decimal("0.8"), rounding=ROUND_HALF_UP)
            Money('80.00')
            >>> Money("33.33").multiply("0.2", rounding=ROUND_HALF_UP)
            Money('6.67')
        """
        if isinstance(factor, float):
            raise MoneyTypeError("multiply by a Decimal or str, never a float")
        return Money.quantize(self._amount * Decimal(factor), rounding=rounding)

    # --- immutability -----------------------------------------------------
    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Money is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Money is immutable")

    def __reduce__(self) -> tuple[type[Money], tuple[str]]:
        return (Money, (str(self._amount),))

    def __copy__(self) -> Money:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Money:
        return self

    # --- text ---------------------------------------------------------------
    def __repr__(self) -> str:
        return f"Money('{self._amount}')"

    def __str__(self) -> str:
        return str(self._amount)

    def __format__(self, spec: str) -> str:
        return format(self._amount, spec)

    # --- comparison ------------------------------------------------------------
    def __hash__(self) -> int:
        return hash(("Money", self._amount))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Money):
            return self._amount == other._amount
        if isinstance(other, (int, float, Decimal)) and not isinstance(other, bool):
            raise TypeError(
                f"cannot compare Money with {type(other).__name__}; compare with Money(...)"
            )
        return NotImplemented

    def _other(self, other: object, op: str) -> Decimal:
        if not isinstance(other, Money):
            raise TypeError(
                f"'{op}' not supported between Money and {type(other).__name__}; "
                "use Money(...) on both sides"
            )
        return other._amount

    def __lt__(self, other: Money) -> bool:
        return self._amount < self._other(other, "<")

    def __le__(self, other: Money) -> bool:
        return self._amount <= self._other(other, "<=")

    def __gt__(self, other: Money) -> bool:
        return self._amount > self._other(other, ">")

    def __ge__(self, other: Money) -> bool:
        return self._amount >= self._other(other, ">=")

    def __bool__(self) -> bool:
        return bool(self._amount)

    # --- arithmetic --------------------------------------------------------------
    def __add__(self, other: Money | int) -> Money:
        if other.__class__ is Money:  # the hot path: no checks needed
            return _make(self._amount + other._amount)
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return _make(self._amount + self._other(other, "+"))

    def __radd__(self, other: Money | int) -> Money:
        # sum() starts from the int 0; nothing else may be added to money.
        if other.__class__ is Money:
            return _make(other._amount + self._amount)
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return _make(self._other(other, "+") + self._amount)

    def __sub__(self, other: Money) -> Money:
        if other.__class__ is Money:
            return _make(self._amount - other._amount)
        return _make(self._amount - self._other(other, "-"))

    def __rsub__(self, other: Money | int) -> Money:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return -self
        return _make(self._other(other, "-") - self._amount)

    def __neg__(self) -> Money:
        # negating a two-place amount keeps two places: no quantize needed
        money: Money = _new(Money)
        _set_amount(money, -self._amount)
        return money

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return _make(abs(self._amount))

    def __mul__(self, factor: SupportsIndex | Decimal) -> Money:
        if isinstance(factor, (float, Money, bool)):
            raise MoneyTypeError(
                f"Money can be multiplied by an int or Decimal, not {type(factor).__name__}"
            )
        if isinstance(factor, Decimal):
            product = self._amount * factor
            try:
                exact = product.quantize(CENT) == product
            except InvalidOperation:
                raise _too_large(str(product)) from None
            if not exact:
                raise InvalidAmount(
                    f"{self!r} * {factor} is not a whole number of cents; use "
                    ".multiply(factor, rounding=...)",
                    value=str(product),
                    expected="at most 2 decimal places",
                )
            return _make(product)
        if isinstance(factor, int):
            return _make(self._amount * factor)
        raise MoneyTypeError(f"Money cannot be multiplied by {type(factor).__name__}")

    __rmul__ = __mul__

    def __truediv__(self, other: Money) -> Decimal:
        if not isinstance(other, Money):
            raise MoneyTypeError(
                "Money can only be divided by Money (giving a ratio); to split an "
                "amount use rcm.money.allocate(total, weights)"
            )
        return self._amount / other._amount

    # --- pydantic integration ----------------------------------------------------
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        """Let pydantic models hold ``Money``: JSON is a string such as ``"12.30"``."""
        from pydantic_core import PydanticCustomError, core_schema

        def validate(value: object) -> Money:
            # Report problems as pydantic errors so the model's error names the
            # field (loc); the rcm error's code and text are kept.
            if isinstance(value, Money):
                return value
            try:
                return Money(value)  # type: ignore[arg-type]  # wrong types are refused inside
            except (MoneyTypeError, InvalidAmount) as exc:
                raise PydanticCustomError(exc.error_code, str(exc)) from None

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda m: str(m._amount), when_used="json"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe ``Money`` in JSON Schema as a decimal string."""
        return {"type": "string", "pattern": r"^-?\d+(\.\d{1,2})?$", "examples": ["125.00"]}


# Money blocks attribute assignment; its own code sets the slot through the
# slot's descriptor, which is also the fastest way to set it.
_set_amount = Money.__dict__["_amount"].__set__
_new = object.__new__


def _make(amount: Decimal) -> Money:
    # Fast path for results of exact arithmetic on two-place amounts: they
    # already have at most two places, so only the exponent needs fixing.
    money: Money = _new(Money)
    try:
        _set_amount(money, amount.quantize(CENT))
    except InvalidOperation:
        raise _too_large(str(amount)) from None
    return money


def _too_large(value: str) -> InvalidAmount:
    # Decimal's default context holds 28 digits: 26 before the point and 2 after.
    return InvalidAmount(
        f"{value[:40]!r} is too large for an amount",
        value=value[:40],
        expected=f"at most {_MAX_DIGITS} digits before the decimal point",
    )


_MAX_DIGITS: Final = 26


#: Zero dollars.
ZERO: Final = Money(0)


def allocate(total: Money, weights: Sequence[Money | Decimal | int]) -> tuple[Money, ...]:
    """Split *total* in proportion to *weights*; the parts always sum to *total*.

    Uses the largest-remainder method on whole cents: each part first gets the
    floor of its exact share, then the cents left over go one each to the parts
    with the largest remainders (ties to the earlier part). A negative total is
    split like its absolute value and negated.

    Args:
        total: the amount to split.
        weights: non-negative weights (``int``, ``Decimal`` or ``Money``, such
            as line charges), at least one of them positive.

    Raises:
        InvalidAmount: no weights, a negative weight, or all weights zero.
        MoneyTypeError: a float weight.

    Example:
        >>> allocate(Money("10.00"), [Money("30.00"), Money("70.00")])
        (Money('3.00'), Money('7.00'))
        >>> allocate(Money("-0.05"), [1, 1])
        (Money('-0.03'), Money('-0.02'))
    """
    if not isinstance(total, Money):
        raise MoneyTypeError(f"total must be Money, not {type(total).__name__}")
    if not weights:
        raise InvalidAmount("allocate needs at least one weight", expected="one or more weights")
    decimals: list[Decimal] = []
    for weight in weights:
        if isinstance(weight, Money):
            dec = weight.amount
        elif isinstance(weight, (float, bool)) or not isinstance(weight, (int, Decimal)):
            raise MoneyTypeError(
                f"weights must be int, Decimal or Money, not {type(weight).__name__}"
            )
        else:
            dec = Decimal(weight)
        if not dec.is_finite() or dec < 0:
            raise InvalidAmount(
                f"weight {weight!r} is negative or not finite",
                value=str(weight),
                expected="non-negative finite weights",
            )
        decimals.append(dec)
    if not any(decimals):
        raise InvalidAmount("all weights are zero", expected="at least one positive weight")
    # Exact integer arithmetic: scale the weights to integers so that no
    # Decimal context rounding can push a share over a cent boundary.
    places = max(-min(int(dec.as_tuple().exponent), 0) for dec in decimals)
    scaled = [int(dec.scaleb(places)) for dec in decimals]
    scaled_sum = sum(scaled)
    cents = total.cents
    sign = -1 if cents < 0 else 1
    cents = abs(cents)
    shares = [cents * weight // scaled_sum for weight in scaled]
    remainders = [(cents * weight % scaled_sum, -index) for index, weight in enumerate(scaled)]
    left = cents - sum(shares)
    for _, negative_index in sorted(remainders, reverse=True)[:left]:
        shares[-negative_index] += 1
    return tuple(Money.from_cents(sign * share) for share in shares)
