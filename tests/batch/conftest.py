"""Helpers shared by the rcm.batch tests."""

from __future__ import annotations

import sys
from decimal import Decimal
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

from rcm.batch import COLUMN_KINDS


def money_columns(frame: pd.DataFrame) -> list[str]:
    return [name for name in frame.columns if COLUMN_KINDS[name] == "money"]


def as_cents(values: Any) -> list[int | None]:
    """Decimal cells (or None) as whole cents, for comparing with the cents policy."""
    out: list[int | None] = []
    for value in values:
        if value is None:
            out.append(None)
        else:
            assert isinstance(value, Decimal)
            out.append(int(value * 100))
    return out


def int_cells(values: Any) -> list[int | None]:
    """Int64 cells as Python ints, <NA> as None."""
    return [None if value is pd.NA else int(value) for value in values]


def assert_policies_agree(decimal_frame: pd.DataFrame, cents_frame: pd.DataFrame) -> None:
    """The two money policies hold the same amounts, and every other column is equal."""
    assert list(decimal_frame.columns) == list(cents_frame.columns)
    for name in decimal_frame.columns:
        if COLUMN_KINDS[name] == "money":
            assert str(decimal_frame[name].dtype) == "object"
            assert str(cents_frame[name].dtype) == "Int64"
            assert as_cents(decimal_frame[name]) == int_cells(cents_frame[name]), name
        else:
            pd.testing.assert_series_equal(decimal_frame[name], cents_frame[name])


EXPECTED_DTYPES = {
    "text": "string",
    "decimal": "object",
    "int": "Int64",
    "bool": "bool",
    "date": "datetime64[s]",
}


def assert_dtypes(frame: pd.DataFrame, money: str) -> None:
    """Every column has the dtype its kind promises under *money*."""
    for name in frame.columns:
        kind = COLUMN_KINDS[name]
        if kind == "money":
            expected = "object" if money == "decimal" else "Int64"
        else:
            expected = EXPECTED_DTYPES[kind]
        assert expected == str(frame[name].dtype), name


def cells(frame: pd.DataFrame) -> list[Any]:
    """Every cell of the frame, as Python values."""
    return [value for column in frame.columns for value in frame[column].tolist()]


@pytest.fixture(scope="session")
def helpers() -> ModuleType:
    """This module, so tests can use its helpers (test modules cannot import it by name)."""
    return sys.modules[__name__]
