"""docs/batch.md lists every frame's columns, in order, with their kinds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rcm.batch import (
    AGING_COLUMNS,
    CLAIM_LINE_COLUMNS,
    COLUMN_KINDS,
    FINDING_COLUMNS,
    LEDGER_COLUMNS,
    SERVICE_COLUMNS,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "batch.md"
FRAMES = {
    "service_frame": SERVICE_COLUMNS,
    "claim_line_frame": CLAIM_LINE_COLUMNS,
    "finding_frame": FINDING_COLUMNS,
    "ledger_frame": LEDGER_COLUMNS,
    "aging_frame": AGING_COLUMNS,
}
ROW = re.compile(r"^\| `(?P<name>[a-z0-9_]+)` \| (?P<kind>[a-z]+) \|")


def _documented(section: str) -> list[tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n### {section}\n")
    end = text.find("\n#", start + 1)
    body = text[start : end if end != -1 else len(text)]
    return [
        (match["name"], match["kind"])
        for line in body.splitlines()
        if (match := ROW.match(line)) is not None
    ]


@pytest.mark.parametrize("section", sorted(FRAMES))
def test_docs_list_the_columns_in_order_with_their_kinds(section: str) -> None:
    expected = [(name, COLUMN_KINDS[name]) for name in FRAMES[section]]
    assert expected == _documented(section)
