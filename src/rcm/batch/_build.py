"""Rows of Python values into a pandas DataFrame with fixed column kinds.

Every frame rcm.batch makes is declared as a schema: a tuple of ``(name,
kind)`` pairs. The row producers yield plain tuples in schema order (no
dicts), which are transposed in chunks with ``zip`` (C speed, bounded
intermediate memory) and each column is then converted once, by its kind:

* ``text``: pandas' ``string`` dtype (missing is ``<NA>``), the same on
  pandas 2 and 3 (whose default ``str`` dtype would otherwise take plain
  object columns of text, with ``NaN`` for missing).
* ``int``: pandas' nullable ``Int64`` (missing is ``<NA>``).
* ``bool``: numpy ``bool``.
* ``money``: under ``money="decimal"``, exact ``Decimal`` objects in an
  ``object`` column (missing is ``None``); under ``money="cents"``, exact
  whole cents in ``Int64``. Never float.
* ``decimal``: exact ``Decimal`` (units, quantities) in an ``object`` column,
  whatever the money policy.
* ``date``: ``datetime64[s]`` at midnight (day precision; missing is
  ``NaT``). Seconds, not nanoseconds, so every date a model can hold fits.

pandas is imported here only, lazily, inside :func:`require_pandas`.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from decimal import Decimal
from itertools import islice
from typing import TYPE_CHECKING, Any, Final, Literal

from rcm.batch._errors import MissingDependency
from rcm.errors import InvalidAmount, MoneyTypeError, ValidationError

if TYPE_CHECKING:
    from pandas import DataFrame

__all__ = [
    "MONEY_POLICIES",
    "Kind",
    "MoneyPolicy",
    "Schema",
    "build_frame",
    "check_money",
    "joined",
    "require_pandas",
]

logger = logging.getLogger(__name__)

#: How a column's values are stored (see the module docstring).
Kind = Literal["text", "int", "bool", "money", "decimal", "date"]
#: A frame's columns, in order, with their kinds.
Schema = tuple[tuple[str, Kind], ...]
#: How money columns are stored: exact ``Decimal`` objects or exact ``Int64`` cents.
MoneyPolicy = Literal["decimal", "cents"]
#: The money policies, in the order the docs list them.
MONEY_POLICIES: Final = ("decimal", "cents")

# Rows transposed per step: large enough that zip's per-call cost vanishes,
# small enough that the chunk of row tuples stays a few megabytes.
_CHUNK: Final = 16_384


def require_pandas(function: str) -> tuple[Any, Any]:
    """Import pandas and numpy, or raise :class:`MissingDependency` naming *function*.

    Example:
        >>> pd, np = require_pandas("rcm.batch.service_frame")
        >>> pd.__name__, np.__name__
        ('pandas', 'numpy')
    """
    try:
        pd = importlib.import_module("pandas")
        np = importlib.import_module("numpy")
    except ImportError as exc:
        raise MissingDependency(package="pandas", extra="pandas", function=function) from exc
    return pd, np


def check_money(money: object, function: str) -> MoneyPolicy:
    """Return *money* when it is a money policy, else raise :class:`ValidationError`.

    Example:
        >>> check_money("cents", "f")
        'cents'
        >>> check_money("float", "rcm.batch.service_frame")
        Traceback (most recent call last):
        ...
        rcm.errors.ValidationError: rcm.batch.service_frame: money must be 'decimal' or ...
    """
    if money == "decimal":
        return "decimal"
    if money == "cents":
        return "cents"
    raise ValidationError(
        f"{function}: money must be 'decimal' (exact Decimal objects) or 'cents' "
        f"(exact Int64 cents), not {money!r}; rcm never gives money as float",
        value=repr(money),
        expected="'decimal' or 'cents'",
    )


def _object_array(np: Any, values: list[Any]) -> Any:
    # Filling an empty object array never lets numpy look inside the values
    # (a tuple value would otherwise become a second dimension).
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _objects(pd: Any, np: Any, values: list[Any]) -> Any:
    # A Series with an explicit object dtype: pandas 3 infers nothing from it.
    return pd.Series(_object_array(np, values), dtype=object, copy=False)


def _cents(modules: tuple[Any, Any], name: str, values: list[Any]) -> Any:
    pd, np = modules
    # Amounts repeat (a payment on each of its rows, common charges), so each
    # distinct value is converted once.
    distinct = set(values)
    distinct.discard(None)
    kinds = {type(value) for value in distinct} - {Decimal}
    if kinds:
        odd = ", ".join(sorted(kind.__name__ for kind in kinds))
        raise MoneyTypeError(f"column {name!r} holds {odd}, not Decimal amounts")
    cents: dict[Any, int] = {None: 0}
    for value in distinct:
        # as_integer_ratio() is exact and reduced: an amount is whole cents
        # exactly when its denominator divides 100 (1.50 is 3/2, 1.005 is 201/200).
        numerator, denominator = value.as_integer_ratio()
        if 100 % denominator:
            raise InvalidAmount(
                f"column {name!r} holds {value}, which is not a whole number of cents",
                value=str(value),
                expected="at most 2 decimal places",
            )
        whole = numerator * (100 // denominator)
        if abs(whole) > _INT64_MAX:
            raise InvalidAmount(
                f"column {name!r} holds {value}, too large for 64-bit cents",
                value=str(value),
                expected="at most 92233720368547758.07 in absolute value",
            )
        cents[value] = whole
    count = len(values)
    data = np.fromiter(map(cents.__getitem__, values), dtype=np.int64, count=count)
    mask = np.fromiter((value is None for value in values), dtype=bool, count=count)
    return pd.arrays.IntegerArray(data, mask)


def _dates(np: Any, values: list[Any]) -> Any:
    # Day numbers since 1970-01-01, viewed as datetime64[D] (the int64 minimum
    # is NaT), each distinct date converted once: many times faster than
    # numpy's own conversion of date objects.
    days: dict[Any, int] = {None: _NAT}
    for value in set(values):
        if value is not None:
            days[value] = value.toordinal() - _EPOCH
    count = len(values)
    numbers = np.fromiter(map(days.__getitem__, values), dtype=np.int64, count=count)
    return numbers.view("datetime64[D]").astype("datetime64[s]")


_INT64_MAX: Final = 2**63 - 1  # the most cents an Int64 cell holds, either sign
_EPOCH: Final = 719_163  # date(1970, 1, 1).toordinal()
_NAT: Final = -(2**63)  # numpy's NaT as int64


def _column(
    modules: tuple[Any, Any], name: str, kind: Kind, values: list[Any], money: MoneyPolicy
) -> Any:
    pd, np = modules
    if kind == "text":
        return pd.array(_object_array(np, values), dtype="string")
    if kind == "decimal" or (kind == "money" and money == "decimal"):
        return _objects(pd, np, values)
    if kind == "money":
        return _cents(modules, name, values)
    if kind == "int":
        return pd.array(values, dtype="Int64")
    if kind == "bool":
        return np.array(values, dtype=bool)
    return _dates(np, values)  # kind == "date"


def build_frame(
    schema: Schema,
    rows: Iterable[tuple[Any, ...]],
    *,
    money: MoneyPolicy,
    function: str,
    modules: tuple[Any, Any] | None = None,
) -> DataFrame:
    """Build a DataFrame with *schema*'s columns from row tuples in schema order.

    Args:
        schema: the columns and their kinds.
        rows: one tuple per row, values in schema order.
        money: the money policy.
        function: the public function's name, for errors.
        modules: pandas and numpy, when the caller already has them.

    Example:
        >>> from decimal import Decimal
        >>> schema = (("code", "text"), ("paid", "money"))
        >>> frame = build_frame(schema, [("A", Decimal("1.50")), ("B", None)],
        ...                     money="cents", function="f")
        >>> frame["paid"].tolist(), str(frame["paid"].dtype)
        ([150, <NA>], 'Int64')
    """
    pd, np = modules if modules is not None else require_pandas(function)
    width = len(schema)
    columns: list[list[Any]] = [[] for _ in range(width)]
    iterator = iter(rows)
    count = 0
    while chunk := list(islice(iterator, _CHUNK)):
        count += len(chunk)
        for column, values in zip(columns, zip(*chunk, strict=True), strict=True):
            column.extend(values)
        del chunk
    data: dict[str, Any] = {}
    for (name, kind), column_values in zip(schema, columns, strict=True):
        data[name] = _column((pd, np), name, kind, column_values, money)
        column_values.clear()  # let the Python values go as soon as the column holds them
    logger.debug("%s: %d rows, money=%s", function, count, money)
    frame: DataFrame = pd.DataFrame(data, columns=[name for name, _ in schema], copy=False)
    return frame


def joined(values: Iterable[str], separator: str = ";") -> str:
    """Join codes for one text cell (``""`` when there are none).

    Example:
        >>> joined(("N130", "M15")), joined(())
        ('N130;M15', '')
    """
    return separator.join(values)
