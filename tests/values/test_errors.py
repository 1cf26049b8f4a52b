from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date
from pathlib import Path

import pytest

import rcm
import rcm.errors
from rcm.errors import RcmError, UnknownCode, X12Error, mask


def _all_error_classes() -> list[type[BaseException]]:
    """Every exception class defined anywhere in the rcm package."""
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(rcm.__path__, "rcm."):
        if info.name.startswith("rcm.testing") or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, BaseException)
                and obj.__module__.startswith("rcm")
                and not obj.__name__.startswith("_")  # internal, never escapes
            ):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[name] for name in sorted(found)]


ERROR_CLASSES = _all_error_classes()


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_error_is_an_rcm_error_with_a_documented_code(cls: type[RcmError]) -> None:
    assert issubclass(cls, RcmError), f"{cls} does not derive from rcm.errors.RcmError"
    docs = (Path(__file__).parents[2] / "docs" / "errors.md").read_text(encoding="utf-8")
    assert f"{{#{cls.error_code}}}" in docs, f"docs/errors.md has no section for {cls.error_code}"


def test_error_codes_are_unique_per_class() -> None:
    codes = [cls.error_code for cls in set(ERROR_CLASSES)]
    assert sorted(set(codes)) == sorted(codes)


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
