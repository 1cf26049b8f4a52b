"""``rcm remit summary``: text and JSON output, exit codes 0, 1 and 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rcm.cli import main
from rcm.money import Money
from rcm.remit import write_835
from rcm.remit._examples import example_remittance


@pytest.fixture
def balanced(tmp_path: Path) -> Path:
    path = tmp_path / "era.835"
    path.write_text(write_835([example_remittance()]), encoding="utf-8")
    return path


@pytest.fixture
def unbalanced(tmp_path: Path) -> Path:
    remit = example_remittance()
    payment = remit.payment.model_copy(update={"amount": Money("1.00")})
    path = tmp_path / "bad.835"
    path.write_text(write_835([remit.model_copy(update={"payment": payment})]), encoding="utf-8")
    return path


def test_summary_of_a_balanced_file(balanced, capsys):
    assert main(["remit", "summary", str(balanced)]) == 0
    out = capsys.readouterr().out
    assert "1 transaction(s), 2 claim(s), balanced" in out
    assert "payer:    ACME HEALTH PLAN" in out
    assert "payment:  165.50 by ACH on 2025-01-15, trace EFT0000001" in out
    assert "1 processed as primary: 2" in out
    assert "CO   45        69.50" in out
    assert "balancing: OK" in out
    assert "DOE" not in out


def test_summary_json(balanced, capsys):
    assert main(["remit", "summary", str(balanced), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["balanced"] is True
    assert data["claim_count"] == 2
    [transaction] = data["transactions"]
    assert transaction["payment"]["amount"] == "165.50"
    assert transaction["claims_by_status"] == {"1": 2}
    assert {"group": "PR", "reason": "2", "amount": "20.00"} in transaction["adjustments"]


def test_unbalanced_file_exits_1_and_names_the_problem(unbalanced, capsys):
    assert main(["remit", "summary", str(unbalanced)]) == 1
    out = capsys.readouterr().out
    assert "1 balancing problem(s)" in out
    assert "transaction 0001: sum of CLP04 175.50 - PLB 10.00 = 165.50" in out
    assert main(["remit", "summary", str(unbalanced), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["transactions"][0]["problems"][0]["rule"] == "transaction"


@pytest.mark.parametrize(
    "content",
    ["", "not x12 at all", "ISA*00*", None],
)
def test_unreadable_input_exits_2(tmp_path, capsys, content):
    path = tmp_path / "x.835"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["remit", "summary", str(path)]) == 2
    assert "rcm remit summary: cannot read" in capsys.readouterr().err


def test_an_837_exits_2(tmp_path, capsys, wrap):
    path = tmp_path / "claim.837"
    path.write_text(wrap("BHT*0019*00*1~", set_id="837", st03="005010X222A1"), encoding="utf-8")
    assert main(["remit", "summary", str(path)]) == 2
    assert "not an 835" in capsys.readouterr().err
