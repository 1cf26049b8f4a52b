from __future__ import annotations

import inspect
from datetime import date
from pathlib import Path

import pytest

import rcm.errors
from rcm.errors import RcmError, UnknownCode, X12Error, mask

ERROR_CLASSES = [
    obj
    for _, obj in inspect.getmembers(rcm.errors, inspect.isclass)
    if issubclass(obj, BaseException)
]


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_error_is_an_rcm_error_with_a_documented_code(cls: type[RcmError]) -> None:
    assert issubclass(cls, RcmError)
    docs = (Path(__file__).parents[2] / "docs" / "errors.md").read_text(encoding="utf-8")
    assert f"{{#{cls.error_code}}}" in docs, f"docs/errors.md has no section for {cls.error_code}"


def test_error_codes_are_unique_per_class() -> None:
    codes = [cls.error_code for cls in ERROR_CLASSES]
    assert len(codes) == len(set(codes))


def test_unknown_code_carries_its_facts() -> None:
    err = UnknownCode(code="U099", system="ICD-10-CM", date=date(2025, 1, 1), release="FY2025")
    assert ("U099", "ICD-10-CM", date(2025, 1, 1), "FY2025") == (
        err.code,
        err.system,
        err.date,
        err.release,
    )
    assert isinstance(err, LookupError)
    assert isinstance(err, ValueError)
    assert err.url.endswith("#unknown-code")


def test_x12_location_text() -> None:
    assert "segment 4 (SE01): count" == str(
        X12Error("count", segment_index=4, segment_id="SE", element=1)
    )
    assert "f.835: bad" == str(X12Error("bad", source="f.835"))


@pytest.mark.parametrize(("value", "expected"), [("", ""), ("1", "*"), ("12345", "***45")])
def test_mask(value: str, expected: str) -> None:
    assert expected == mask(value)
