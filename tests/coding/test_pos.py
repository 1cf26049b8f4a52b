from __future__ import annotations

import csv
import importlib.util
import io
import json
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.coding import pos
from rcm.errors import (
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ReferenceDataError,
    UnknownCode,
)
from rcm.testing._codes import pos_codes

ROOT = Path(__file__).resolve().parents[2]

# The codes CMS's Place of Service Code Set page lists as assigned (everything else in
# 01-99 is "Unassigned"), checked against the page by hand.
ASSIGNED = {f"{n:02d}" for n in range(1, 28)} | {
    "31", "32", "33", "34", "41", "42", "49", "50", "51", "52", "53", "54", "55", "56", "57",
    "58", "60", "61", "62", "65", "66", "71", "72", "81", "99",
}  # fmt: skip
FACILITY_RATE = {
    "02", "19", "21", "22", "23", "24", "26", "31", "34", "41", "42", "51", "52", "53", "56", "61",
}  # fmt: skip


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_pos", ROOT / "scripts/update/pos.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundled_file_is_what_the_script_writes() -> None:
    script = load_script()
    bundled = (ROOT / "src/rcm/coding/data/pos.csv").read_text(encoding="utf-8")
    assert script.build() == bundled
    assert 0 == script.main(["--check"])


def test_every_assigned_code_and_no_other() -> None:
    table = pos.table()
    assert ASSIGNED == {row.code for row in table}
    assert len(ASSIGNED) == len(table)
    current = table.on(date(2026, 1, 1))
    assert sorted(ASSIGNED) == [row.code for row in current]
    for code in (f"{n:02d}" for n in range(1, 100)):
        if code not in ASSIGNED:
            with pytest.raises(UnknownCode) as info:
                pos.lookup(code, on=date(2026, 1, 1))
            assert (code, "POS", "2024-05-02") == (
                info.value.code,
                info.value.system,
                info.value.release,
            )


def test_release_and_source_are_visible_on_every_answer() -> None:
    table = pos.table()
    assert "2024-05-02" == table.release
    assert table.source.startswith("https://www.cms.gov/")
    assert all(row.release == table.release for row in table)


@pytest.mark.parametrize(
    ("code", "first_day", "name"),
    [
        ("10", date(2022, 1, 1), "Telehealth Provided in Patient's Home"),
        ("27", date(2023, 10, 1), "Outreach Site/Street"),
        ("66", date(2024, 8, 1), "Programs of All-Inclusive Care for the Elderly (PACE) Center"),
        ("58", date(2020, 1, 1), "Non-residential Opioid Treatment Facility"),
        ("19", date(2016, 1, 1), "Off Campus-Outpatient Hospital"),
    ],
)
def test_codes_added_on_a_date(code: str, first_day: date, name: str) -> None:
    entry = pos.lookup(code, on=first_day)
    assert (name, first_day) == (entry.name, entry.since)
    with pytest.raises(UnknownCode) as info:
        pos.lookup(code, on=date.fromordinal(first_day.toordinal() - 1))
    assert info.value.date == date.fromordinal(first_day.toordinal() - 1)
    assert first_day.isoformat() in str(info.value)


def test_names_that_changed() -> None:
    assert "Telehealth" == pos.lookup("02", on=date(2021, 12, 31)).name
    assert (
        "Telehealth Provided Other than in Patient's Home"
        == pos.lookup("02", on=date(2022, 1, 1)).name
    )
    assert "Outpatient Hospital" == pos.lookup("22", on=date(2015, 12, 31)).name
    assert "On Campus-Outpatient Hospital" == pos.lookup("22", on=date(2016, 1, 1)).name
    assert ["Telehealth", "Telehealth Provided Other than in Patient's Home"] == [
        row.name for row in pos.table().history("02")
    ]
    with pytest.raises(UnknownCode, match="2017-01-01 to 2021-12-31"):
        pos.lookup("02", on=date(2016, 12, 31))


def test_codes_without_a_stated_date_apply_on_any_date() -> None:
    office = pos.lookup("11", on=date(1995, 1, 1))
    assert office.since is None
    assert office.effective.start == date.min
    assert office is pos.lookup("11", on=date(2030, 1, 1))


def test_facility_rate_flags() -> None:
    flags = {row.code: row.facility for row in pos.table().on(date(2025, 1, 1))}
    assert FACILITY_RATE == {code for code, facility in flags.items() if facility}
    assert not flags["10"]  # non-facility since CY 2024
    assert not flags["11"]


def test_every_row_has_a_name_and_description() -> None:
    for row in pos.table():
        assert row.name.strip() == row.name
        assert row.description.endswith(".")


@pytest.mark.parametrize(
    ("bad", "error"), [("100", InvalidLength), ("1A", InvalidFormat), ("00", InvalidComponent)]
)
def test_format_errors(bad: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        pos.lookup(bad, on=date(2025, 1, 1))


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)), st.data())
def test_drawn_codes_are_in_force(day: date, data: st.DataObject) -> None:
    code = data.draw(pos_codes(on=day))
    assert code == pos.lookup(code, on=day).code


def test_pos_codes_checks_its_argument() -> None:
    with pytest.raises(TypeError, match="flatmap"):
        pos_codes(on=st.dates())  # type: ignore[arg-type]


# --- cross-check with the derived copies in ../shared (tests only) ---------------------


def normalise(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


@pytest.mark.shared
def test_names_agree_with_the_shared_json(shared: Path) -> None:
    path = shared / "data" / "place_of_service" / "somo_platform_cms_place_of_service_codes.json"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    other = {row["code"]: row["description"] for row in json.loads(path.read_text("utf-8"))}
    ours = {row.code: row.name for row in pos.table().on(date(2024, 1, 1))}
    # That copy predates POS 66; every code it has, we have, with the same name.
    assert set(other) == set(ours) - {"66"}
    assert {code: normalise(name) for code, name in other.items()} == {
        code: normalise(ours[code]) for code in other
    }


@pytest.mark.shared
def test_codes_agree_with_the_tuva_2022_copy(shared: Path) -> None:
    path = shared / "data" / "place_of_service" / "tuva_2022_place_of_service.csv"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    # The 2022 copy has every code in force on 2022-09-04 (its commit date).
    assert codes == {row.code for row in pos.table().on(date(2022, 9, 4))}


# --- loading a table of your own -----------------------------------------------------------

HEADER = "code,start,end,facility,name,description\n"


def test_load_your_own_table(tmp_path: Path) -> None:
    path = tmp_path / "payer_pos.csv"
    path.write_text(
        "# release: payer 2025\n# source: my payer's manual\n"
        + HEADER
        + '11,,,N,Office,Office.\n21,2020-01-01,,Y,Inpatient Hospital,"Inpatient, hospital."\n',
        encoding="utf-8",
    )
    table = pos.load(path)
    assert ("payer 2025", "my payer's manual", 2) == (table.release, table.source, len(table))
    assert table.lookup("21", on=date(2020, 1, 1)).facility
    assert "Inpatient, hospital." == table.lookup("21", on=date(2021, 1, 1)).description
    assert "override" == pos.load(path, release="override").release


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("# release: x\n", 2, "header"),
        ("code,start,end,name\n11,,,Office\n", 1, "facility, description"),
        (HEADER, 1, "no codes"),
        (HEADER + "111,,,N,Office,x\n", 2, "bad code"),
        (HEADER + "11,2020-13-01,,N,Office,x\n", 2, "start"),
        (HEADER + "11,,01/01/2020,N,Office,x\n", 2, "end"),
        (HEADER + "11,2021-01-01,2020-01-01,N,Office,x\n", 2, "before it starts"),
        (HEADER + "11,,,Yes,Office,x\n", 2, "Y or N"),
        (HEADER + "11,,,N,,x\n", 2, "no name"),
        (HEADER + "11,,,N,Office\n", 2, "cells"),
        (HEADER + "11,,,N,Office,x\n11,2020-01-01,,N,Office,y\n", 3, "overlapping"),
        ("# c\n" + HEADER + '11,,,N,Office,"x\n', 3, "not readable"),
    ],
)
def test_bad_tables_name_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError) as info:
        pos.load(path)
    assert (str(path), line) == (info.value.path, info.value.line)
    assert words in str(info.value)


def test_load_from_a_stream() -> None:
    table = pos.load(io.StringIO(HEADER + "12,,,N,Home,Home.\n"), release="s")
    assert ["12"] == [row.code for row in table]
