from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.coding import hcpcs
from rcm.dates import DateRange
from rcm.errors import (
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ReferenceDataError,
    UnknownCode,
)
from rcm.testing._codes import hcpcs_codes

# --- format ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["A0425", "E0601", "J1100", "G0008", "D0120", "U0003", "V2020"])
def test_real_level_ii_codes(code: str) -> None:
    assert code == hcpcs.validate(code.lower())
    assert 2 == hcpcs.level(code)


@pytest.mark.parametrize("letter", ["F", "I", "N", "O", "W", "X", "Y", "Z"])
def test_letters_not_used(letter: str) -> None:
    with pytest.raises(InvalidComponent):
        hcpcs.validate(f"{letter}1234")


@pytest.mark.parametrize(("bad", "error"), [("J110", InvalidLength), ("J11X0", InvalidFormat)])
def test_shape_errors(bad: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        hcpcs.validate(bad)


def test_cpt_codes_are_level_one_not_level_two() -> None:
    with pytest.raises(InvalidFormat, match="CPT"):
        hcpcs.validate("99213")
    assert 1 == hcpcs.level("0042T")
    for neither in ("ZZZZZ", "F1234", "J11", ""):
        with pytest.raises(InvalidFormat, match="neither"):
            hcpcs.level(neither)


def test_sections_and_dental() -> None:
    assert set(hcpcs.LETTERS) == set("ABCDEGHJKLMPQRSTUV")
    assert hcpcs.is_dental("d0120")
    assert not hcpcs.is_dental("E0601")
    assert hcpcs.SECTIONS["J"] == hcpcs.section("J9035")


@settings(max_examples=100, deadline=None)
@given(hcpcs_codes(letters="DJ"))
def test_strategy_letters(code: str) -> None:
    assert code[0] in "DJ"
    assert hcpcs.is_dental(code) == (code[0] == "D")


def test_strategy_refuses_unused_letters() -> None:
    with pytest.raises(ValueError, match="F"):
        hcpcs_codes(letters="AF")
    with pytest.raises(ValueError, match="empty"):
        hcpcs_codes(letters="")


# --- the fixed-width (ANWEB) loader -----------------------------------------------------

# Verbatim records from CMS's HCPC2026_JAN_ANWEB file (Level II content, public domain).
REAL_RECORDS = [
    "A4206001003Syringe with needle, sterile, 1 cc or less, each                                1 cc sterile syringe&needle 00      9                                                                                                     C                          D1A S      01985010120080101        N                           ",  # noqa: E501
    "A4220001003Refill kit for implantable infusion pump                                        Infusion pump refill kit    57      A60-14                                                                                                D                      0050D1A P      01994010119980303        N                           ",  # noqa: E501
    "   AM001007Physician, team member service                                                  Physician, team member svc                             4105.7                                                    QM                       D                      0069            1991010119970101        N                           ",  # noqa: E501
    "   AB001007Audiology service furnished personally by an audiologist without a              Aud svs w/o order evry 12mo                                                                                                               C                                      2023010120230101        N                           ",  # noqa: E501
    "   AB002008physician/npp order for non-acute hearing assessment unrelated to                                                                                                                                                                                                                                                    ",  # noqa: E501
]


def record(
    code: str,
    recid: str,
    long: str,
    short: str = "",
    *,
    seq: int = 100,
    pricing: tuple[str, ...] = (),
    coverage: str = "",
    betos: str = "",
    tos: str = "",
    base_units: int | None = None,
    added: str = "",
    action_date: str = "",
    terminated: str = "",
    action: str = "",
) -> str:
    """Build one 320-character record in the CMS HCPCS layout (1-based positions)."""
    line = [" "] * 320

    def put(start: int, text: str) -> None:
        for offset, char in enumerate(text):
            line[start - 1 + offset] = char

    put(1, code.rjust(5) if len(code) == 2 else code)
    put(6, f"{seq:05d}")
    put(11, recid)
    put(12, long[:80])
    if recid in "37":
        put(92, short[:28])
        put(120, "".join(pricing))
        put(230, coverage)
        put(257, betos)
        put(261, tos)
        if base_units is not None:
            put(266, f"{base_units:3d}")
        put(269, added)
        put(277, action_date)
        put(285, terminated)
        put(293, action)
    return "".join(line)


def fixture_lines() -> list[str]:
    return [
        record("AB", "7", "Audiology service furnished personally by an audiologist", "Aud svs",
               added="20230101", action_date="20230101", action="N"),
        record("AB", "8", "without a physician/npp order", seq=200),
        record("XE", "7", "Separate encounter, a service that is distinct because it occurred",
               "Separate encounter", added="20150101", action_date="20150101", action="N"),
        record("XE", "8", "during a separate encounter", seq=200),
        record("A4206", "3", "Syringe with needle, sterile, 1 cc or less, each",
               "1 cc sterile syringe&needle", pricing=("00",), coverage="C", betos="D1A",
               tos="S", base_units=0, added="19850101", action_date="20080101", action="N"),
        record("G0001", "3", "Test code discontinued at the end of 2025", "Test discontinued",
               added="20000101", action_date="20260101", terminated="20251231", action="D"),
        record("G0002", "3", "Test code added on 2026-01-01, with a long description that",
               "Test new code", added="20260101", action_date="20260101", action="A"),
        record("G0002", "4", "runs on over two continuation lines, as CMS wraps", seq=200),
        record("G0002", "4", "them at word boundaries", seq=300),
        record("J1100", "3", "Injection, dexamethasone sodium phosphate, 1 mg",
               "Dexamethasone sodium phos", pricing=("51",), coverage="C", betos="O1E",
               tos="1", added="19840101", action_date="20040101", action="N"),
    ]  # fmt: skip


def write(tmp_path: Path, lines: list[str], name: str = "HCPC2026_JAN_ANWEB.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("ascii"))
    return path


def test_real_records_parse_field_by_field() -> None:
    release = hcpcs.load_anweb(io.StringIO("\n".join(REAL_RECORDS)), release="2026 JAN")
    assert ["A4206", "A4220", "AM", "AB"] == [entry.code for entry in release]
    syringe = release.get("A4206")
    assert syringe is not None
    assert (
        "Syringe with needle, sterile, 1 cc or less, each",
        "1 cc sterile syringe&needle",
        ("00",),
        "9",
        "C",
        "D1A",
        ("S",),
        0,
        date(1985, 1, 1),
        date(2008, 1, 1),
        None,
        "N",
    ) == (
        syringe.long_description,
        syringe.short_description,
        syringe.pricing_indicators,
        syringe.multiple_pricing_indicator,
        syringe.coverage_code,
        syringe.betos,
        syringe.types_of_service,
        syringe.anesthesia_base_units,
        syringe.add_date,
        syringe.action_effective_date,
        syringe.termination_date,
        syringe.action_code,
    )
    refill = release.get("A4220")
    assert refill is not None
    assert (("60-14",), "0050", ("P",), date(1998, 3, 3)) == (
        refill.coverage_issues_references,
        refill.processing_note,
        refill.types_of_service,
        refill.action_effective_date,
    )
    team = release.get("AM")
    assert team is not None
    assert (True, ("4105.7",), ("QM",), "D", "0069") == (
        team.is_modifier,
        team.carriers_manual_references,
        team.cross_references,
        team.coverage_code,
        team.processing_note,
    )
    audiology = release.get("AB")
    assert audiology is not None
    assert audiology.long_description.endswith(
        "without a physician/npp order for non-acute hearing assessment unrelated to"
    )


def test_the_builder_writes_what_cms_writes() -> None:
    built = record(
        "A4206", "3", "Syringe with needle, sterile, 1 cc or less, each",
        "1 cc sterile syringe&needle", pricing=("00",), coverage="C", betos="D1A", tos="S",
        base_units=0, added="19850101", action_date="20080101", action="N",
    )  # fmt: skip
    real = REAL_RECORDS[0][:127] + " " + REAL_RECORDS[0][128:]  # the builder omits position 128
    assert real == built


def test_fixture_file_loads(tmp_path: Path) -> None:
    path = write(tmp_path, fixture_lines())
    release = hcpcs.load_anweb(path)
    assert ("2026 JAN", str(path), None) == (release.name, release.source, release.effective)
    assert ["AB", "XE", "A4206", "G0001", "G0002", "J1100"] == [entry.code for entry in release]
    assert [True, True, False, False, False, False] == [entry.is_modifier for entry in release]
    assert (
        "Test code added on 2026-01-01, with a long description that runs on over two "
        "continuation lines, as CMS wraps them at word boundaries"
    ) == release.get("G0002").long_description  # type: ignore[union-attr]
    assert all(entry.release == "2026 JAN" for entry in release)
    assert 6 == len(release)
    assert "xe" in release
    assert "G0003" not in release
    assert "not a code" not in release


def test_lookup_by_date_of_service(tmp_path: Path) -> None:
    release = hcpcs.load_anweb(write(tmp_path, fixture_lines()))
    assert "G0001" == release.lookup("g0001", on=date(2025, 12, 31)).code
    with pytest.raises(UnknownCode) as terminated:
        release.lookup("G0001", on=date(2026, 1, 1))
    assert ("G0001", "HCPCS", date(2026, 1, 1), "2026 JAN") == (
        terminated.value.code,
        terminated.value.system,
        terminated.value.date,
        terminated.value.release,
    )
    assert "terminated on 2025-12-31" in str(terminated.value)
    with pytest.raises(UnknownCode, match="added on 2026-01-01"):
        release.lookup("G0002", on=date(2025, 12, 31))
    assert release.lookup("G0002", on=date(2026, 1, 1)).short_description == "Test new code"
    assert release.lookup("xe", on=date(2026, 1, 1)).is_modifier
    with pytest.raises(UnknownCode):
        release.lookup("G9999", on=date(2026, 1, 1))
    with pytest.raises(InvalidFormat):
        release.lookup("G99", on=date(2026, 1, 1))


def test_release_effective_dates_are_enforced(tmp_path: Path) -> None:
    quarter = DateRange(date(2026, 1, 1), date(2026, 3, 31))
    release = hcpcs.load_anweb(write(tmp_path, fixture_lines()), effective=quarter)
    assert release.lookup("J1100", on=date(2026, 3, 31)).code == "J1100"
    with pytest.raises(UnknownCode, match=r"in force 2026-01-01\.\.2026-03-31"):
        release.lookup("J1100", on=date(2026, 4, 1))


def test_release_name_comes_from_the_file_name(tmp_path: Path) -> None:
    lines = fixture_lines()
    assert "2025 JUL" == hcpcs.load_anweb(write(tmp_path, lines, "HCPC2025_JUL_ANWEB_v3.txt")).name
    assert "mine" == hcpcs.load_anweb(write(tmp_path, lines, "mine.txt")).name
    assert "given" == hcpcs.load_anweb(write(tmp_path, lines, "x.txt"), release="given").name


def bad_file_cases() -> list[tuple[str, list[str], int, str]]:
    good = fixture_lines()
    short = good[4][:200]
    bad_units = good[4][:265] + " x " + good[4][268:]
    return [
        ("record too short", [*good[:4], short, *good[5:]], 5, "200 characters long"),
        ("record too long", [good[0] + "X"], 1, "321 characters long"),
        ("truncated file", [*good[:3], good[3][:100]], 4, "100 characters long"),
        ("bad recid", [good[4][:10] + "5" + good[4][11:]], 1, "position 11"),
        ("bad sequence", [good[4][:5] + "00A00" + good[4][10:]], 1, "sequence number"),
        ("bad code", [record("F1234", "3", "x", "x")], 1, "positions 1-5"),
        ("modifier junk", ["ZZ" + good[0][2:]], 1, "positions 1-3"),
        ("bad date", [record("J1100", "3", "x", "x", added="20250230")], 1, "added date"),
        ("bad base units", [bad_units], 1, "anesthesia base units"),
        ("orphan continuation", [good[7]], 1, "does not follow"),
        ("wrong continuation", [good[4], good[7]], 2, "does not follow"),
        ("repeated code", [good[4], good[9], good[4]], 3, "first on line 1"),
        ("empty", [], 1, "no HCPCS records"),
        ("blank lines only", ["", "   ", ""], 3, "no HCPCS records"),
        ("csv given to the fixed-width loader", ["code,long_description", "J1100,x"], 1, "320"),
    ]


@pytest.mark.parametrize(
    ("lines", "line", "words"),
    [case[1:] for case in bad_file_cases()],
    ids=[case[0] for case in bad_file_cases()],
)
def test_bad_fixed_width_files_name_the_line(
    tmp_path: Path, lines: list[str], line: int, words: str
) -> None:
    path = write(tmp_path, lines)
    with pytest.raises(ReferenceDataError) as info:
        hcpcs.load_anweb(path)
    assert str(path) == info.value.path
    assert line == info.value.line
    assert words in str(info.value)


def test_garbage_bytes(tmp_path: Path) -> None:
    path = tmp_path / "HCPC2026_JAN_ANWEB.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ReferenceDataError) as info:
        hcpcs.load_anweb(path)
    assert info.value.line == 1


def test_a_dos_end_of_file_mark_is_ignored(tmp_path: Path) -> None:
    release = hcpcs.load_anweb(write(tmp_path, [*fixture_lines(), "\x1a"]))
    assert 6 == len(release)


codes_for_files = st.lists(
    st.tuples(
        hcpcs_codes(),
        st.text(alphabet="abcdefghijklmnop ,/-()0123456789", min_size=1, max_size=200).map(
            lambda text: " ".join(text.split()) or "x"
        ),
        st.dates(min_value=date(1984, 1, 1), max_value=date(2026, 12, 31)),
        st.one_of(st.none(), st.dates(min_value=date(1984, 1, 1), max_value=date(2030, 12, 31))),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda row: row[0],
)


def wrap(text: str) -> list[str]:
    """Split a description into 80-character lines at spaces, as CMS does."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}".strip()
        if len(candidate) > 80 and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


@settings(max_examples=40, deadline=None)
@given(codes_for_files)
def test_round_trip_through_the_fixed_width_layout(
    rows: list[tuple[str, str, date, date | None]],
) -> None:
    lines: list[str] = []
    for code, text, added, terminated in rows:
        parts = wrap(text)
        lines.append(
            record(code, "3", parts[0], text[:28], added=f"{added:%Y%m%d}",
                   terminated=f"{terminated:%Y%m%d}" if terminated else "", action="N")
        )  # fmt: skip
        lines.extend(record(code, "4", part, seq=100 * (i + 2)) for i, part in enumerate(parts[1:]))
    release = hcpcs.load_anweb(io.StringIO("\n".join(lines)), release="prop")
    assert [(code, text, added, terminated) for code, text, added, terminated in rows] == [
        (e.code, e.long_description, e.add_date, e.termination_date) for e in release
    ]
    for code, _, added, terminated in rows:
        entry = (
            release.lookup(code, on=added) if terminated is None or terminated >= added else None
        )
        assert entry is None or entry.code == code
        assert (entry is None) == (release.get(code).effective is None)  # type: ignore[union-attr]
        if terminated is not None:
            with pytest.raises(UnknownCode):
                release.lookup(code, on=date.fromordinal(terminated.toordinal() + 1))


# --- the CSV loader ------------------------------------------------------------------


def test_csv_loader_small(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(
        "\ufeffcode,seqnum,recid,long_description,short_description\n"
        "XE,0010,7,Separate encounter,Separate encounter\n"
        "G0001,0010,3,Test code with a long,Test code\n"
        "G0001,0020,4,description,\n"
        'J1100,0010,3,"Injection, dexamethasone sodium phosphate, 1 mg",'
        "Dexamethasone sodium phos\n",
        encoding="utf-8",
    )
    year = DateRange(date(2022, 1, 1), date(2022, 12, 31))
    release = hcpcs.load_csv(path, effective=year)
    assert "codes" == release.name
    assert ["XE", "G0001", "J1100"] == [entry.code for entry in release]
    assert "Test code with a long description" == release.get("G0001").long_description  # type: ignore[union-attr]
    assert release.lookup("J1100", on=date(2022, 6, 1)).add_date is None
    with pytest.raises(UnknownCode, match="in force"):
        release.lookup("J1100", on=date(2023, 1, 1))


def test_csv_loader_without_recid_infers_modifiers() -> None:
    text = "HCPCS,Description\nLT,Left side\nE0601,Continuous positive airway pressure device\n"
    release = hcpcs.load_csv(io.StringIO(text), release="x")
    assert [True, False] == [entry.is_modifier for entry in release]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("code,short_description\nJ1100,x\n", 1, "long_description"),
        ("long_description\nx\n", 1, "code"),
        ("code,long_description\n", 1, "no codes"),
        ("code,long_description\nJ11,x\n", 2, "bad code"),
        ("code,recid,long_description\nJ1100,9,x\n", 2, "not 3, 4, 7 or 8"),
        ("code,recid,long_description\nJ1100,4,x\n", 2, "does not follow"),
        ("code,long_description\nJ1100,x\nJ1100,y\n", 3, "first on line 2"),
        ("code,long_description\nJ1100,\n", 2, "no long description"),
        ("code,long_description\nJ1100\n", 2, "cells"),
    ],
)
def test_bad_csv_files_name_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError) as info:
        hcpcs.load_csv(path)
    assert (str(path), line) == (info.value.path, info.value.line)
    assert words in str(info.value)


@pytest.mark.shared
def test_real_tuva_2022_csv(shared: Path) -> None:
    path = shared / "data" / "hcpcs" / "tuva_2022" / "hcpcs_level_2.csv"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    first_lines = {row["code"]: row for row in rows if row["recid"] in ("3", "7")}
    release = hcpcs.load_csv(path, release="HCPCS 2022 (tuva)")
    assert len(first_lines) == len(release)
    assert sorted(first_lines) == sorted(entry.code for entry in release)
    modifiers = {code for code, row in first_lines.items() if row["recid"] == "7"}
    assert modifiers == {entry.code for entry in release if entry.is_modifier}
    for code, row in first_lines.items():
        entry = release.get(code)
        assert entry is not None
        assert row["short_description"] == entry.short_description
        assert entry.long_description.startswith(row["long_description"].strip())
    continued = [row for row in rows if row["recid"] in ("4", "8")]
    for row in continued:
        entry = release.get(row["code"])
        assert entry is not None
        assert entry.long_description.endswith(row["long_description"].strip())
    on = date(2022, 6, 1)
    assert "Ground mileage, per statute mile" == release.lookup("A0425", on=on).long_description
    assert release.lookup("XE", on=on).is_modifier
