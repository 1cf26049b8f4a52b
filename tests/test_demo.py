"""``rcm demo``: the whole cycle on bundled data, deterministic, runtime dependencies only."""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import date

import pytest

from rcm._demo import DEFAULT_AS_OF, install, run_demo
from rcm.errors import ValidationError
from rcm.money import Money
from rcm.remit import check_balance


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return run_demo(as_of=DEFAULT_AS_OF, seed=7)


def test_same_inputs_same_run_other_seed_other_run(result) -> None:  # type: ignore[no-untyped-def]
    assert result.text == run_demo(as_of=DEFAULT_AS_OF, seed=7).text
    assert result.text != run_demo(as_of=DEFAULT_AS_OF, seed=8).text


def test_every_step_ran(result) -> None:  # type: ignore[no-untyped-def]
    text = result.text
    for heading in (
        "1. Encounters",
        "2. Edits",
        "3. 837P",
        "4. Remittances",
        "5. Posting",
        "6. Secondary claims",
        "7. Denials worklist",
        "8. Corrected claim",
        "9. Patient statement",
        "10. AR aging",
        "11. KPIs",
    ):
        assert heading in text
    assert "identical" in text
    assert "posting them again: no change" in text


def test_the_books_balance(result) -> None:  # type: ignore[no-untyped-def]
    assert all(check_balance(r) == () for r in result.remittances)
    assert [] == [issue for posting in result.postings for issue in posting.held]
    owed = Money(0)
    for claim_id in result.ledger.accounts:
        owed += result.ledger.balance(claim_id)
    assert owed == result.aging.total + result.aging.credits
    assert result.statement is not None
    assert result.plan is not None
    assert result.statement.amount_due == result.plan.total


def test_prevention_and_denials_share_the_taxonomy(result) -> None:  # type: ignore[no-untyped-def]
    predicted = [item for item in result.worklist.items if item.predicted_by]
    assert ["COD002"] == [item.predicted_by for item in predicted]
    assert "coding" == predicted[0].category.value
    [fixed] = result.corrected
    assert "7" == fixed.frequency_code
    assert fixed.original_claim_number
    assert result.secondary
    assert all(c.responsibility == "S" and c.other_payers[0].paid_date for c in result.secondary)


def test_as_of_outside_the_bundled_data() -> None:
    with pytest.raises(ValidationError, match="pick an as-of date"):
        run_demo(as_of=date(2024, 11, 1), seed=1)


def test_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="rcm")
    install(parser.add_subparsers())
    args = parser.parse_args(["demo", "--as-of", "2025-09-15", "--seed", "2"])
    assert 0 == args.func(args)
    assert "as of 2025-09-15 (seed 2)" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        parser.parse_args(["demo", "--as-of", "09/15/2025"])


def test_runs_without_hypothesis() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "from rcm._demo import run_demo\n"
        "print(run_demo().text.splitlines()[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert 0 == done.returncode, done.stderr
    assert "rcm demo" in done.stdout
