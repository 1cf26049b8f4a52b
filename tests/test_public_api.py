"""The public surface is a snapshot, so API changes are deliberate.

Every public module (no ``_`` in its dotted path) must define ``__all__``, and
the union of them must equal ``tests/public_api.txt``. After an intended API
change, regenerate the snapshot and review the diff:

    python tests/test_public_api.py --update
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

import rcm

SNAPSHOT = Path(__file__).with_name("public_api.txt")


def public_modules() -> list[str]:
    names = ["rcm"]
    for info in pkgutil.walk_packages(rcm.__path__, "rcm."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        names.append(info.name)
    return sorted(names)


def current_api() -> list[str]:
    lines = []
    for name in public_modules():
        module = importlib.import_module(name)
        exported = getattr(module, "__all__", None)
        assert exported is not None, f"{name} has no __all__"
        lines.extend(f"{name}: {item}" for item in sorted(exported))
    return lines


def test_every_public_module_has_all_and_exports_exist() -> None:
    for name in public_modules():
        module = importlib.import_module(name)
        assert hasattr(module, "__all__"), f"{name} has no __all__"
        missing = [item for item in module.__all__ if not hasattr(module, item)]
        assert [] == missing, f"{name}.__all__ names what it does not define"


def test_public_api_matches_snapshot() -> None:
    expected = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    assert expected == current_api(), "API changed: run python tests/test_public_api.py --update"


if __name__ == "__main__":
    if "--update" in sys.argv:
        SNAPSHOT.write_text("\n".join(current_api()) + "\n", encoding="utf-8")
        print(f"wrote {SNAPSHOT}")
