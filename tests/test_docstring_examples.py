"""Every public function, class, method and property has a docstring with an example.

"Public" is what the public modules export in ``__all__`` (see
test_public_api.py), and the public methods and properties those classes
define themselves. The examples run as doctests (pytest --doctest-modules).
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from collections.abc import Iterator
from pathlib import Path


def _load_public_modules() -> list[str]:
    # the one definition of "public module" lives in test_public_api.py (pytest's
    # importlib mode does not let test modules import each other by name)
    path = Path(__file__).with_name("test_public_api.py")
    spec = importlib.util.spec_from_file_location("_rcm_public_api", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names: list[str] = module.public_modules()
    return names


def _public_callables() -> Iterator[tuple[str, object]]:
    seen: set[int] = set()
    for name in _load_public_modules():
        module = importlib.import_module(name)
        for item in module.__all__:
            obj = getattr(module, item)
            if not (getattr(obj, "__module__", None) or "").startswith("rcm"):
                continue
            if id(obj) in seen:
                continue
            if inspect.isfunction(obj):
                seen.add(id(obj))
                yield f"{name}.{item}", obj
            elif inspect.isclass(obj):
                seen.add(id(obj))
                yield f"{name}.{item}", obj
                for attr, value in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if isinstance(value, staticmethod | classmethod):
                        value = value.__func__  # noqa: PLW2901
                    if isinstance(value, property):
                        value = value.fget  # noqa: PLW2901
                    if (
                        inspect.isfunction(value)
                        and value.__module__.startswith("rcm")
                        and id(value) not in seen
                    ):
                        seen.add(id(value))
                        yield f"{name}.{item}.{attr}", value


def test_the_walk_finds_the_public_surface() -> None:
    names = {name for name, _ in _public_callables()}
    assert {"rcm.money.Money", "rcm.money.allocate", "rcm.x12.X12Reader.raw"} <= names
    assert len(names) > 300


def test_every_public_callable_has_an_example() -> None:
    missing = [
        name for name, obj in _public_callables() if ">>>" not in (inspect.getdoc(obj) or "")
    ]
    assert [] == missing
