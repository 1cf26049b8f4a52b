from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rcm.cli import main


def test_lookup_reports_each_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["codes", "lookup", "E11.9", "S72.001A", "99213", "--on", "2025-10-01"])
    lines = capsys.readouterr().out.splitlines()
    assert 3 == len(lines)
    assert lines[0].startswith("E11.9")
    assert "Type 2 diabetes mellitus without complications" in lines[0]
    assert "FY2026" in lines[0]
    assert "S72.001A" in lines[1]
    assert "billable" in lines[1]
    assert "CPT" in lines[2]
    assert "AMA" in lines[2]


def test_lookup_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["codes", "lookup", "e119", "--on", "20251001", "--json"])
    [report] = json.loads(capsys.readouterr().out)
    assert {
        "input": "e119",
        "code": "E119",
        "formatted": "E11.9",
        "system": "ICD-10-CM",
        "valid": True,
        "billable": True,
        "description": "Type 2 diabetes mellitus without complications",
        "release": "ICD-10-CM FY2026 (April 1, 2026 tabular list)",
        "message": "",
    } == report


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("E11", "not billable"),  # a category header
        ("E11.99X", "INVALID"),  # well formed, not defined
        ("XYZ", "INVALID"),
        ("9921", "INVALID"),  # four digits: no system
    ],
)
def test_unknown_or_unbillable_codes_exit_1(
    code: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert 1 == main(["codes", "lookup", code, "--on", "2025-10-01"])
    assert expected in capsys.readouterr().out


def test_date_outside_every_release_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(["codes", "lookup", "E11.9", "--on", "2019-01-01"])
    err = capsys.readouterr().err
    assert "2019-01-01" in err
    assert "FY2025" in err


@pytest.mark.parametrize(
    "argv", [["codes", "lookup", "E11.9"], ["codes", "lookup", "E11.9", "--on", "01/02/2025"]]
)
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(argv)
    assert capsys.readouterr().err


def test_cpt_file_supplies_descriptors(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    # Made-up descriptor text: real CPT descriptors are AMA-licensed.
    path = tmp_path / "cpt.csv"
    path.write_text("code,descriptor\n99213,test descriptor one\n", encoding="utf-8")
    assert 0 == main(["codes", "lookup", "99213", "--on", "2025-10-01", "--cpt-file", str(path)])
    assert "test descriptor one" in capsys.readouterr().out
    assert 1 == main(["codes", "lookup", "99214", "--on", "2025-10-01", "--cpt-file", str(path)])


def test_console_script_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rcm.cli", "codes", "lookup", "E11.9", "--on", "2025-10-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == result.returncode, result.stderr
    assert "E11.9" in result.stdout
