from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.coding import cpt
from rcm.dates import DateRange
from rcm.errors import InvalidFormat, InvalidLength, ReferenceDataError, UnknownCode
from rcm.testing._codes import cpt_codes

# CPT descriptors are AMA-licensed: every descriptor in these tests is made up.


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("99213", "I"),
        ("00100", "I"),
        ("0001A", "I"),
        ("3074F", "II"),
        ("0042T", "III"),
        ("0001U", "PLA"),
        ("0002M", "MAAA"),
    ],
)
def test_categories(code: str, category: str) -> None:
    assert category == cpt.category(code.lower())


@pytest.mark.parametrize("bad", ["J1100", "G0008", "9921", "992133", "0042X", "A042T", "99-213"])
def test_not_cpt(bad: str) -> None:
    assert not cpt.is_valid(bad)
    with pytest.raises(InvalidFormat):
        cpt.validate(bad)


def test_level_ii_code_gets_a_hint() -> None:
    with pytest.raises(InvalidFormat, match=r"rcm\.coding\.hcpcs"):
        cpt.validate("J1100")


def test_length_error() -> None:
    with pytest.raises(InvalidLength):
        cpt.validate("9921")


@pytest.mark.parametrize("categories", [("I",), ("II", "III"), ("PLA", "MAAA"), cpt.CATEGORIES])
def test_strategy_respects_categories(categories: tuple[cpt.Category, ...]) -> None:
    @settings(max_examples=50, deadline=None)
    @given(cpt_codes(categories=categories))
    def check(code: str) -> None:
        assert cpt.category(code) in categories

    check()


@pytest.mark.parametrize("bad", [(), ("IV",), st.just("I")])
def test_strategy_refuses_bad_categories_at_once(bad: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        cpt_codes(categories=bad)  # type: ignore[arg-type]


# --- the loader ---------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "cpt.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_csv_with_header(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Code,Long Descriptor,Short Descriptor,Other\n"
        '99213,"test descriptor, one",TEST ONE,x\n'
        "0042T,test descriptor two,,y\n",
    )
    table = cpt.load(path, release="test 2026")
    assert 2 == len(table)
    assert ["99213", "0042T"] == [entry.code for entry in table]
    first = table.lookup("99213", on=date(2026, 3, 1))
    assert ("test descriptor, one", "TEST ONE", "test 2026") == (
        first.descriptor,
        first.short_descriptor,
        first.release,
    )
    assert table.get("0042T") is not None
    assert "III" == table.get("0042T").category  # type: ignore[union-attr]
    assert table.get("0042T").short_descriptor is None  # type: ignore[union-attr]
    assert str(path) == table.source


def test_load_tsv_without_header(tmp_path: Path) -> None:
    path = write(tmp_path, "99213\ttest descriptor\n3074F\tanother test descriptor\n", "x.txt")
    table = cpt.load(path)
    assert str(path) == table.release
    assert "another test descriptor" == table.lookup("3074f", on=date(2026, 1, 1)).descriptor


def test_load_from_an_open_stream() -> None:
    table = cpt.load(io.StringIO("cpt_code\tdescription\n99214\ttest descriptor\n"), release="s")
    assert "99214" in table
    assert "99215" not in table


def test_unknown_code_names_code_date_release(tmp_path: Path) -> None:
    table = cpt.load(write(tmp_path, "code,descriptor\n99213,test descriptor\n"), release="r1")
    with pytest.raises(UnknownCode) as info:
        table.lookup("99214", on=date(2026, 2, 2))
    assert ("99214", "CPT", date(2026, 2, 2), "r1") == (
        info.value.code,
        info.value.system,
        info.value.date,
        info.value.release,
    )


def test_effective_dates_are_enforced(tmp_path: Path) -> None:
    year = DateRange(date(2026, 1, 1), date(2026, 12, 31))
    table = cpt.load(write(tmp_path, "code,descriptor\n99213,test descriptor\n"), effective=year)
    assert table.lookup("99213", on=date(2026, 12, 31)).code == "99213"
    with pytest.raises(UnknownCode, match="in force"):
        table.lookup("99213", on=date(2027, 1, 1))


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("\n\n", 1, "no rows"),
        ("foo,bar\n99213,test descriptor\n", 1, "no code column"),
        ("code,foo\n99213,test descriptor\n", 1, "no descriptor column"),
        ("code,descriptor\n", 1, "no codes"),
        ("code,descriptor\n99213,test descriptor\nJ1100,test descriptor\n", 3, "bad CPT code"),
        ("code,descriptor\n99213,test descriptor\n99213,test again\n", 3, "first on line 2"),
        ("code,descriptor\n99213,\n", 2, "empty descriptor"),
        ("code,descriptor\n99213\n", 2, "cells"),
        ('code,descriptor\n99213,"unterminated\n', 2, "not readable"),
        ("code,descriptor\n99213,test\x00descriptor\n", 2, "NUL"),
    ],
)
def test_bad_files_name_the_line(tmp_path: Path, text: str, line: int | None, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ReferenceDataError) as info:
        cpt.load(path)
    assert str(path) == info.value.path
    assert line == info.value.line
    assert words in str(info.value)


def test_bad_bytes_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(b"code,descriptor\n99213,caf\xe9\n")
    with pytest.raises(ReferenceDataError) as info:
        cpt.load(path)
    assert 2 == info.value.line
    assert "latin" in cpt.load(path, encoding="latin-1").release
    with pytest.raises(ReferenceDataError) as missing:
        cpt.load(tmp_path / "nope.csv")
    assert missing.value.path is not None
    assert missing.value.path.endswith("nope.csv")


def test_a_huge_field_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, "code,descriptor\n99213," + "x" * 200_000 + "\n")
    with pytest.raises(ReferenceDataError) as info:
        cpt.load(path)
    assert 2 == info.value.line


@settings(max_examples=30, deadline=None)
@given(
    st.dictionaries(
        cpt_codes(),
        st.text(alphabet="abcdefghij ,;\"'", min_size=1, max_size=30).filter(str.strip),
        min_size=1,
        max_size=20,
    )
)
def test_round_trip_through_a_csv(rows: dict[str, str]) -> None:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["code", "descriptor"])
    writer.writerows(rows.items())
    table = cpt.load(io.StringIO(buffer.getvalue()), release="prop")
    assert {code: text.strip() for code, text in rows.items()} == {
        entry.code: entry.descriptor for entry in table
    }
