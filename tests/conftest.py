"""Shared fixtures: where the real reference data and X12 corpus live.

Tests that need ``../shared`` take the ``shared`` fixture; it skips the test
with a reason when the folder is absent (a fresh clone without it still
passes). ``RCM_SHARED`` overrides the location.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_root() -> Path:
    return Path(os.environ.get("RCM_SHARED", str(_DEFAULT_SHARED)))


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ``../shared`` folder, or skip."""
    root = shared_root()
    if not (root / "data").is_dir():
        pytest.skip(f"real reference data not available at {root} (set RCM_SHARED)")
    return root


@pytest.fixture(scope="session")
def corpus(shared: Path) -> Path:
    """The real X12 corpus folder ``../shared/corpus/x12``, or skip."""
    path = shared / "corpus" / "x12"
    if not path.is_dir():
        pytest.skip(f"X12 corpus not available at {path}")
    return path
