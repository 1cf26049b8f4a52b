"""Every edit code's reviewed example cases: bad.json must emit the code, good.json must not."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from rcm.claims import Claim
from rcm.edits import Context, History, registry, run
from rcm.testing._edits import example_tables, unchecked

CASES = Path(__file__).parent / "cases"


def load_case(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    claim = Claim.model_validate(data["claim"])
    for field, value in data.get("unchecked", ()):
        claim = unchecked(claim, field, value)
    history = None
    if "history" in data:
        history = History([Claim.model_validate(c) for c in data["history"]])
    assert "example" == data["tables"]
    context = Context(
        as_of=date.fromisoformat(data["as_of"]),
        tables=example_tables(),
        history=history,
        preview=data.get("preview", False),
    )
    return data, claim, context


def case_files():
    return sorted(CASES.glob("*/*.json"))


def test_every_registered_code_has_a_good_and_a_bad_case():
    found = {path.parent.name for path in CASES.glob("*/bad.json")}
    found_good = {path.parent.name for path in CASES.glob("*/good.json")}

    assert set(registry.codes()) == found
    assert set(registry.codes()) == found_good


@pytest.mark.parametrize("path", case_files(), ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_case(path):
    data, claim, context = load_case(path)
    code = path.parent.name
    before = claim.model_dump()
    report = run(claim, context)

    assert code == data["code"]
    assert path.stem == data["expect"]
    if path.stem == "bad":
        assert code in report.codes, report.format()
    else:
        assert code not in report.codes, report.format()
        assert report.ok, report.format()
    assert before == claim.model_dump()
