"""ICD-10-CM against the official CDC tabular XML files in ../shared (skipped without them)."""

from __future__ import annotations

import hashlib
import importlib.util
import re
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from rcm.coding import icd10cm
from rcm.coding._icd10cm_release import BUNDLED

pytestmark = pytest.mark.shared

FILES = {
    "FY2025": "icd10cm/fy2025_april/icd10cm-tabular-April-2025.xml",
    "FY2026": "icd10cm/fy2026_april/icd10c-tabular-April-1-2026.xml",
}
ON = {"FY2025": date(2025, 4, 1), "FY2026": date(2026, 4, 1)}


@pytest.fixture(scope="module")
def xml_paths(shared: Path) -> dict[str, Path]:
    paths = {version: shared / "data" / rel for version, rel in FILES.items()}
    for path in paths.values():
        if not path.is_file():
            pytest.skip(f"{path} is not available")
    return paths


@pytest.fixture(scope="module")
def loaded(xml_paths: dict[str, Path]) -> dict[str, icd10cm.Release]:
    return {version: icd10cm.load(path) for version, path in xml_paths.items()}


def _order_file_counts(shared: Path) -> tuple[int, int]:
    """Codes and headers in CMS's FY2026 order file, as its April 2026 addenda report says."""
    text = (shared / "data/icd10cm/fy2026_april/icd10cm_order_addenda_2026.txt").read_text()
    codes = re.search(r"(\d+) codes in icd10cm_order_2026\.txt", text)
    headers = re.search(r"(\d+) headers in icd10cm_order_2026\.txt", text)
    assert codes is not None
    assert headers is not None
    return int(codes.group(1)), int(headers.group(1))


def test_fy2026_counts_equal_the_cms_order_file(
    shared: Path, loaded: dict[str, icd10cm.Release]
) -> None:
    codes, headers = _order_file_counts(shared)
    fy26 = loaded["FY2026"]
    assert (74_719, 23_467) == (codes, headers)
    assert codes == len(fy26.codes(billable=True))
    assert headers == len(fy26.codes(billable=False))


def test_fy2025_billable_count_is_the_cms_total(loaded: dict[str, icd10cm.Release]) -> None:
    # FY2025: 74,260 billable codes (FY2024's 74,044 + 252 new - 36 deleted, per CMS).
    assert 74_260 == len(loaded["FY2025"].codes(billable=True))


def test_the_xml_year_gives_version_and_fiscal_year(loaded: dict[str, icd10cm.Release]) -> None:
    for version, release in loaded.items():
        assert version == release.version
        year = int(version[2:])
        assert (date(year - 1, 10, 1), date(year, 9, 30)) == (
            release.effective.start,
            release.effective.end,
        )


def test_fiscal_year_diff_is_the_published_one(loaded: dict[str, icd10cm.Release]) -> None:
    old = set(loaded["FY2025"].codes(billable=True))
    new = set(loaded["FY2026"].codes(billable=True))
    assert (487, 28) == (len(new - old), len(old - new))
    assert "E11A" in new - old
    assert "S301XXA" in old - new


def test_source_files_are_the_ones_bundled(xml_paths: dict[str, Path]) -> None:
    by_version = {b.version: b for b in BUNDLED}
    for version, path in xml_paths.items():
        assert by_version[version].source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert by_version[version].source.file == path.name


def test_bundled_releases_equal_the_xml(loaded: dict[str, icd10cm.Release]) -> None:
    for version, from_xml in loaded.items():
        bundled = icd10cm.release(on=ON[version])
        assert version == bundled.version
        assert list(from_xml) == list(bundled)
        assert from_xml.codes(billable=True) == bundled.codes(billable=True)
        for code in list(from_xml)[::40]:
            assert from_xml.lookup(code) == bundled.lookup(code)


def _script() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "scripts" / "update" / "icd10cm.py"
    spec = importlib.util.spec_from_file_location("update_icd10cm", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_update_script_reproduces_the_bundled_files(
    loaded: dict[str, icd10cm.Release],
) -> None:
    script = _script()
    data_dir = Path(icd10cm.__file__).parent / "data"
    for bundled in BUNDLED:
        rendered = script.render(bundled, loaded[bundled.version]._data())
        assert (data_dir / bundled.resource).read_bytes() == rendered
