"""The registry and docs/edits/ document the same codes, each with the same sections."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from rcm.edits import registry
from rcm.edits.families import FAMILIES

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "edits"
HEADING = re.compile(r"^## ([A-Z]{2,4}[0-9]{3}) (.+) \{#([A-Z]{2,4}[0-9]{3})\}$", re.MULTILINE)
SUBSECTIONS = ["What it checks", "Why it matters", "Example", "Use instead", "References"]


def family_pages() -> list[Path]:
    return sorted(p for p in DOCS.glob("*.md") if p.stem != "index")


def documented() -> dict[str, tuple[str, str, str]]:
    found: dict[str, tuple[str, str, str]] = {}
    for page in family_pages():
        text = page.read_text(encoding="utf-8")
        for match in HEADING.finditer(text):
            code, title, anchor = match.groups()
            assert code not in found, f"{code} is documented twice"
            found[code] = (page.stem, title, anchor)
    return found


def test_registry_and_docs_list_the_same_codes():
    assert set(registry.codes()) == set(documented())


@pytest.mark.parametrize("code", registry.codes())
def test_each_code_has_its_anchor_page_and_title(code):
    page, title, anchor = documented()[code]
    spec = registry[code]

    assert code == anchor
    assert spec.family == page
    assert spec.title == title


@pytest.mark.parametrize("page", family_pages(), ids=lambda p: p.stem)
def test_each_section_has_the_fixed_subsections(page):
    text = page.read_text(encoding="utf-8")
    sections = HEADING.split(text)[1:]
    for start in range(0, len(sections), 4):
        code, body = sections[start], sections[start + 3]
        found = re.findall(r"^### (.+)$", body, re.MULTILINE)
        assert SUBSECTIONS == found, code


def test_every_family_has_a_page():
    assert {m.__name__.rsplit(".", 1)[-1] for m in FAMILIES} == {p.stem for p in family_pages()}


def test_pages_are_what_make_docs_writes():
    spec = importlib.util.spec_from_file_location(
        "make_docs", Path(__file__).with_name("make_docs.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for family in FAMILIES:
        name = family.__name__.rsplit(".", 1)[-1]
        expected = module.page(family)
        assert expected == (DOCS / f"{name}.md").read_text(encoding="utf-8"), (
            f"docs/edits/{name}.md is stale: run tests/edits/make_docs.py"
        )


def test_finding_urls_point_at_the_documented_anchor():
    for code, (page, _, anchor) in documented().items():
        url = registry[code].url_for_docs()
        assert url.endswith(f"/edits/{page}/#{anchor}")
