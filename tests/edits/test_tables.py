"""Table loaders in the official layouts, rcm's cache file, and bad input."""

from __future__ import annotations

import random
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.edits.tables import (
    CACHE_FORMAT,
    AocRow,
    AocTable,
    CoveragePolicy,
    MueRow,
    MueTable,
    PtpRow,
    PtpTable,
    load_aoc,
    load_cache,
    load_coverage_csv,
    load_mcd_articles,
    load_mue,
    load_ptp,
    save_cache,
)
from rcm.errors import RcmError, ReferenceDataError

# The header lines of CMS's PTP text files: the AMA notice, the column titles,
# and the continuation lines under them (tab-separated like the rows).
PTP_HEADER = (
    "CPT codes, descriptions and other data only are copyright 2025 American Medical "
    "Association. All rights reserved.\n"
    "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\n"
    "\t\tprior to 1996\tDate\tDate\t0=not allowed\t\n"
    "\t\t\t\t*=no data\t1=allowed\t\n"
    "\t\t\t\t\t9=not applicable\t\n"
)


def ptp_text(rows):
    lines = ["\t".join(row) for row in rows]
    return PTP_HEADER + "\n".join(lines) + "\n"


def write(path: Path, text: str, encoding: str = "latin-1") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


MISUSE = "Misuse of column two code with column one code"
ROWS = [
    ("11042", "97597", "", "20100101", "20191231", "0", MISUSE),
    ("11042", "97597", "", "20200101", "*", "1", MISUSE),
    ("80053", "82565", "*", "19960101", "*", "0", "CPT Manual or CMS manual coding instructions"),
    ("99214", "99213", "", "20000101", "20000101", "9", "Mutually exclusive procedures"),
    ("G0008", "90471", "", "20050101", "*", "1", "Standards of medical / surgical practice"),
]  # fmt: skip


# -- PTP ---------------------------------------------------------------------------------


def test_ptp_reads_the_official_layout(tmp_path):
    table = load_ptp(write(tmp_path / "ccipra-v321r0-f1.txt", ptp_text(ROWS)))

    assert ("practitioner", "32.1r0", 5) == (table.setting, table.version, len(table))
    row = table.lookup("80053", "82565", on=date(2026, 4, 1))
    assert PtpRow(
        "80053", "82565", date(1996, 1, 1), None, 0, "CPT Manual or CMS manual coding instructions",
        before_1996=True,
    ) == row  # fmt: skip
    assert "NCCI PTP practitioner 32.1r0" == table.label


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2009, 12, 31), None),
        (date(2010, 1, 1), 0),
        (date(2019, 12, 31), 0),
        (date(2020, 1, 1), 1),
        (date(2030, 1, 1), 1),
    ],
)
def test_ptp_effective_and_deletion_dates_by_date_of_service(tmp_path, day, expected):
    table = load_ptp(write(tmp_path / "ccioph-v321r0-f1.txt", ptp_text(ROWS)))
    found = table.lookup("11042", "97597", on=day)

    assert "outpatient_hospital" == table.setting
    assert expected == (None if found is None else found.modifier_indicator)


def test_ptp_is_directional(tmp_path):
    table = load_ptp(write(tmp_path / "ccipra-v321r0-f1.txt", ptp_text(ROWS)))

    assert table.lookup("97597", "11042", on=date(2026, 1, 1)) is None
    assert table.has_column1("11042")
    assert not table.has_column1("97597")


def test_ptp_reads_several_parts_and_zips(tmp_path):
    first = write(tmp_path / "ccipra-v321r0-f1.txt", ptp_text(ROWS[:2]))
    archive = tmp_path / "ccipra-v321r0-f2.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ccipra-v321r0-f2.txt", ptp_text(ROWS[2:]))
        zf.writestr("README.pdf", "not text")
    table = load_ptp([first, archive])

    assert 5 == len(table)
    assert 0 == table.lookup("80053", "82565", on=date(2026, 1, 1)).modifier_indicator
    assert "ccipra-v321r0-f1.txt, ccipra-v321r0-f2.zip" == table.source


def test_ptp_sorts_rows_that_arrive_out_of_order(tmp_path):
    shuffled = list(reversed(ROWS))
    table = load_ptp(write(tmp_path / "x.txt", ptp_text(shuffled)), setting="practitioner")

    assert [r.column1 for r in table] == sorted(r.column1 for r in table)
    assert 1 == table.lookup("11042", "97597", on=date(2026, 1, 1)).modifier_indicator


def test_ptp_needs_a_setting_when_the_name_does_not_say(tmp_path):
    with pytest.raises(ReferenceDataError, match="setting"):
        load_ptp(write(tmp_path / "edits.txt", ptp_text(ROWS)))


@pytest.mark.parametrize(
    ("text", "match", "line"),
    [
        ("", "no PTP rows", None),
        ("just a note\n", "no PTP rows", None),
        (ptp_text(ROWS) + "80053\t82565\n", "7 tab-separated columns, found 2", 11),
        (ptp_text(ROWS) + "80053,82565,,20000101,*,0,x\n", "7 tab-separated columns", 11),
        (ptp_text(ROWS) + "8005\t82565\t\t20000101\t*\t0\tx\n", "five-character codes", 11),
        (ptp_text(ROWS) + "80053\t82565\t\t20000231\t*\t0\tx\n", "not a date", 11),
        (ptp_text(ROWS) + "80053\t82565\t\t2000-01-01\t*\t0\tx\n", "not a date", 11),
        (ptp_text(ROWS) + "80053\t82565\t\t20000101\t19990101\t0\tx\n", "before effective", 11),
        (ptp_text(ROWS) + "80053\t82565\t\t20000101\t*\t2\tx\n", "modifier indicator", 11),
        (ptp_text(ROWS) + "80053\t82565\tY\t20000101\t*\t0\tx\n", "pre-1996", 11),
        ("\n".join(["header"] * 60) + "\n", "first 50 lines", 51),
    ],
)
def test_ptp_bad_input_names_file_and_line(tmp_path, text, match, line):
    path = write(tmp_path / "ccipra-v321r0-f1.txt", text)
    with pytest.raises(ReferenceDataError, match=match) as info:
        load_ptp(path)

    assert "ccipra-v321r0-f1.txt" == info.value.path
    assert line == info.value.line
    assert isinstance(info.value, RcmError)


def test_ptp_missing_file_and_bad_zip(tmp_path):
    with pytest.raises(ReferenceDataError, match="cannot read"):
        load_ptp(tmp_path / "ccipra-v321r0-f1.txt")
    empty = tmp_path / "ccipra-v321r0-f1.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("notes.md", "nothing")
    with pytest.raises(ReferenceDataError, match=r"holds no \.txt"):
        load_ptp(empty)


def test_ptp_from_rows_refuses_bad_codes():
    with pytest.raises(ReferenceDataError, match="five-character"):
        PtpTable.from_rows([PtpRow("8005", "82565", date(2000, 1, 1), None, 0, "")])
    with pytest.raises(ReferenceDataError, match="modifier indicator"):
        PtpTable.from_rows([PtpRow("80053", "82565", date(2000, 1, 1), None, 3, "")])


codes = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=5, max_size=5)
days = st.dates(min_value=date(1996, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(codes, codes, days, st.one_of(st.none(), days), st.sampled_from([0, 1, 9])),
        max_size=40,
    ),
    days,
)
def test_ptp_lookup_agrees_with_a_scan(raw, day):
    rows = [
        PtpRow(c1, c2, eff, None if dl is None or dl < eff else dl, mi, f"r{i % 3}")
        for i, (c1, c2, eff, dl, mi) in enumerate(raw)
    ]
    table = PtpTable.from_rows(rows)
    for row in rows:
        expected = next(
            (r for r in sorted(rows, key=lambda r: r.effective)
             if (r.column1, r.column2) == (row.column1, row.column2) and r.in_force(day)),
            None,
        )  # fmt: skip
        found = table.lookup(row.column1, row.column2, on=day)
        assert (expected is None) == (found is None)
        if found is not None:
            assert found.in_force(day)
            assert (found.column1, found.column2) == (row.column1, row.column2)


# -- cache -------------------------------------------------------------------------------


def test_cache_round_trip(tmp_path):
    table = load_ptp(write(tmp_path / "ccipra-v321r0-f1.txt", ptp_text(ROWS)))
    path = save_cache(table, tmp_path / "ptp.rcmtable")
    loaded = load_cache(path)

    assert list(table) == list(loaded)
    assert (table.setting, table.version) == (loaded.setting, loaded.version)
    assert path.read_bytes().startswith(CACHE_FORMAT)
    assert not (tmp_path / "ptp.rcmtable.tmp").exists()


def test_cache_refuses_tampered_truncated_and_foreign_files(tmp_path):
    table = load_ptp(write(tmp_path / "ccipra-v321r0-f1.txt", ptp_text(ROWS)))
    path = save_cache(table, tmp_path / "ptp.rcmtable")
    data = path.read_bytes()

    tampered = tmp_path / "tampered.rcmtable"
    tampered.write_bytes(data[:-3] + bytes([data[-3] ^ 1]) + data[-2:])
    with pytest.raises(ReferenceDataError, match="checksum"):
        load_cache(tampered)
    truncated = tmp_path / "truncated.rcmtable"
    truncated.write_bytes(data[:-10])
    with pytest.raises(ReferenceDataError, match="truncated"):
        load_cache(truncated)
    header_cut = tmp_path / "cut.rcmtable"
    header_cut.write_bytes(data[:30])
    with pytest.raises(ReferenceDataError, match="truncated"):
        load_cache(header_cut)
    foreign = tmp_path / "foreign.rcmtable"
    foreign.write_bytes(b"\x80\x04\x95pickle")
    with pytest.raises(ReferenceDataError, match="not an rcm table cache"):
        load_cache(foreign)
    with pytest.raises(ReferenceDataError, match="cannot read"):
        load_cache(tmp_path / "missing.rcmtable")
    with pytest.raises(TypeError):
        save_cache(MueTable([], setting="dme"), tmp_path / "mue.rcmtable")  # type: ignore[arg-type]


# -- MUE ---------------------------------------------------------------------------------

MUE_NOTICE = (
    '"CPT codes, descriptions and other data only are copyright 2025 American Medical '
    'Association. All rights reserved.\n\nCPT\xae is a registered trademark."\n'
)


def mue_text(header: str, rows: list[str]) -> str:
    return MUE_NOTICE + header + "\n" + "\n".join(rows) + "\n"


PRACTITIONER = (
    '"HCPCS/\nCPT Code",Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale'
)


def test_mue_reads_the_official_layout(tmp_path):
    path = write(
        tmp_path / "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv",
        mue_text(
            PRACTITIONER,
            [
                "97110,4,3 Date of Service Edit: Clinical,Clinical: Data",
                "J1100,10,1 Line Edit,Nature of Service/Procedure",
                '0001U,1,2 Date of Service Edit: Policy,"Code Descriptor / CPT Instruction"',
            ],
        ),
        encoding="cp1252",
    )
    table = load_mue(path)

    assert ("practitioner", date(2026, 4, 1), "2026-04-01") == (
        table.setting,
        table.effective,
        table.version,
    )
    assert MueRow("J1100", 10, 1, "Nature of Service/Procedure") == table.get("J1100")
    assert 3 == table.get("97110").mai
    assert 3 == len(table)


@pytest.mark.parametrize(
    ("header", "setting"),
    [
        (
            PRACTITIONER.replace("Practitioner", "Outpatient Hospital"),
            "outpatient_hospital",
        ),
        (PRACTITIONER.replace("Practitioner", "DME Supplier"), "dme"),
    ],
)
def test_mue_setting_comes_from_the_header(tmp_path, header, setting):
    path = write(tmp_path / "mue.csv", mue_text(header, ["E0601,1,1 Line Edit,x"]), "cp1252")

    assert setting == load_mue(path).setting


@pytest.mark.parametrize(
    ("rows", "match"),
    [
        (["97110,four,3 Date of Service Edit: Clinical,x"], "not a whole number"),
        (["97110,4,4 Something,x"], "does not start with 1, 2 or 3"),
        (["97110,4,,x"], "does not start with 1, 2 or 3"),
        (["971,4,3 Date of Service Edit: Clinical,x"], "not a CPT/HCPCS code"),
        (["97110,4"], "expected 4 columns"),
        ([], "no rows"),
    ],
)
def test_mue_bad_rows(tmp_path, rows, match):
    path = write(tmp_path / "mue.csv", mue_text(PRACTITIONER, rows), "cp1252")
    with pytest.raises(ReferenceDataError, match=match):
        load_mue(path)


def test_mue_without_header(tmp_path):
    with pytest.raises(ReferenceDataError, match="no MUE header"):
        load_mue(write(tmp_path / "mue.csv", "97110\t4\t3\n" * 50))


@pytest.mark.shared
def test_mue_real_practitioner_file(shared):
    folder = shared / "data" / "ncci_mue"
    table = load_mue(folder / "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv")
    counts = {1: 0, 2: 0, 3: 0}
    for row in table:
        counts[row.mai] += 1

    # SOURCE.md: 15,095 codes; MAI 1 = 41 rows, 2 = 5,417, 3 = 9,637.
    assert 15_095 == len(table)
    assert {1: 41, 2: 5_417, 3: 9_637} == counts
    assert ("practitioner", date(2026, 4, 1)) == (table.setting, table.effective)


# -- AOC ---------------------------------------------------------------------------------

AOC_HEADER = (
    "Add-on Code\tPrimary Code\tAOC Edit Type\tAOC Effective Date\tAOC Deletion Date\t"
    "Primary Code Effective Date\tPrimary Code Deletion Date\tSpecial Instruction Notes"
)


def test_aoc_reads_types_primaries_and_dates(tmp_path):
    rows = [
        "99292\t99291\t1\t2000001\t*\t2000001\t*\t",
        "22552\t22551\t1\t2016001\t\t2016001\t2024366\t",
        "22552\t22554\t1\t2016001\t\t2025001\t\t",
        "0054T\tCCCCC\t2\t2004001\t\t\t\t",
        "99417\t99205\tType 3\t20210101\t\t20210101\t\t",
    ]
    table = load_aoc(write(tmp_path / "aoc.txt", AOC_HEADER + "\n" + "\n".join(rows) + "\n"))

    assert frozenset({"99291"}) == table.entry("99292", on=date(2026, 1, 1)).primaries
    assert frozenset({"22551"}) == table.entry("22552", on=date(2024, 12, 31)).primaries
    assert frozenset({"22554"}) == table.entry("22552", on=date(2025, 1, 1)).primaries
    assert 2 == table.entry("0054T", on=date(2026, 1, 1)).type
    assert frozenset() == table.entry("0054T", on=date(2026, 1, 1)).primaries
    assert 3 == table.entry("99417", on=date(2026, 1, 1)).type
    assert table.entry("99417", on=date(2020, 12, 31)) is None


def test_aoc_reads_comma_separated(tmp_path):
    text = "Add-on Code,Primary Code,AOC Edit Type\n99292,99291,I\n"
    table = load_aoc(write(tmp_path / "aoc.csv", text))

    assert AocRow("99292", "99291", 1) == next(iter(table))


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("9929\t99291\t1\t\t\t\t\t\n", "add-on code"),
        ("99292\t9929\t1\t\t\t\t\t\n", "primary code"),
        ("99292\t99291\t4\t\t\t\t\t\n", "edit type"),
        ("99292\t99291\t1\t2000400\t\t\t\t\n", "not a date"),
        ("", "no rows"),
    ],
)
def test_aoc_bad_rows(tmp_path, body, match):
    with pytest.raises(ReferenceDataError, match=match):
        load_aoc(write(tmp_path / "aoc.txt", AOC_HEADER + "\n" + body))


def test_aoc_without_header(tmp_path):
    with pytest.raises(ReferenceDataError, match="no AOC header"):
        load_aoc(write(tmp_path / "aoc.txt", "a\tb\tc\n" * 40))
    with pytest.raises(ReferenceDataError, match="not 1, 2 or 3"):
        AocTable([AocRow("99292", "99291", 5)])


# -- coverage ----------------------------------------------------------------------------


def test_coverage_csv_patterns_and_dates(tmp_path):
    text = (
        "procedure,diagnosis,effective,expires,policy\n"
        "82947,E11.9,2025-10-01,,A1\n"
        "82947,R73.0-,,,A1\n"
        "93000,I20.0-I25.9,20200101,20251231,L2\n"
        "93000,I48*,20200101,20251231,L2\n"
    )
    table = load_coverage_csv(write(tmp_path / "coverage.csv", text))

    assert table.supports("82947", ["E11.9"], on=date(2025, 10, 1))
    assert not table.supports("82947", ["E11.9"], on=date(2025, 9, 30))
    assert table.supports("82947", ["R73.01"], on=date(2025, 1, 1))
    assert table.supports("93000", ["I25.10"], on=date(2025, 6, 1))
    assert table.supports("93000", ["I48.91"], on=date(2025, 6, 1))
    assert not table.supports("93000", ["I26.99"], on=date(2025, 6, 1))
    assert table.supports("93000", ["I25.10"], on=date(2026, 1, 1)) is None
    assert table.supports("99213", ["I10"], on=date(2025, 6, 1)) is None


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("code,dx\n82947,E11.9\n", "procedure and diagnosis columns"),
        ("procedure,diagnosis\n8294,E11.9\n", "CPT/HCPCS"),
        ("procedure,diagnosis\n82947,11.9\n", "ICD-10-CM"),
        ("procedure,diagnosis\n82947,E11-A10\n", "range"),
        ("procedure,diagnosis\n82947,\n", "empty"),
        ("procedure,diagnosis,effective\n82947,E11.9,01-01-2025\n", "not a date"),
        ("procedure,diagnosis\n", "no rows"),
        ("", "empty"),
    ],
)
def test_coverage_bad_input(tmp_path, text, match):
    with pytest.raises(ReferenceDataError, match=match):
        load_coverage_csv(write(tmp_path / "coverage.csv", text))


def test_mcd_articles_layout(tmp_path):
    write(
        tmp_path / "article_x_hcpc_code.csv",
        "article_id,article_version,hcpc_code_id,hcpc_code_group,range,last_updated,"
        "long_description,short_description\n"
        "56789,3,82947,1,,2026-01-01 00:00:00,,\n"
        "56789,3,83036,2,,2026-01-01 00:00:00,,\n"
        "11111,1,93000,1,,2026-01-01 00:00:00,,\n",
    )
    write(
        tmp_path / "article_x_icd10_covered.csv",
        "article_id,article_version,icd10_code_id,icd10_covered_group,range,last_updated,"
        "description,asterisk\n"
        "56789,3,E11.9,1,,2026-01-01 00:00:00,,\n"
        "56789,3,R73.01,2,,2026-01-01 00:00:00,,\n",
    )
    write(
        tmp_path / "article.csv",
        "article_id,article_version,title,article_eff_date,article_end_date\n"
        "56789,3,Glucose,2025-10-01 00:00:00,\n"
        "11111,1,ECG,2020-01-01 00:00:00,2024-12-31 00:00:00\n",
    )
    table = load_mcd_articles(tmp_path)
    grouped = load_mcd_articles(
        tmp_path / "article_x_hcpc_code.csv",
        tmp_path / "article_x_icd10_covered.csv",
        articles=tmp_path / "article.csv",
        match_groups=True,
    )
    day = date(2026, 1, 5)

    assert table.supports("83036", ["E11.9"], on=day)
    assert not grouped.supports("83036", ["E11.9"], on=day)
    assert grouped.supports("83036", ["R73.01"], on=day)
    assert table.supports("82947", ["E11.9"], on=date(2025, 9, 30)) is None
    assert table.supports("93000", ["I10"], on=day) is None  # no covered codes listed
    assert CoveragePolicy.__name__ == type(table.policies("82947", on=day)[0]).__name__


def test_mcd_missing_columns_and_files(tmp_path):
    write(tmp_path / "article_x_hcpc_code.csv", "id,code\n1,82947\n")
    with pytest.raises(ReferenceDataError, match="no header row with the columns"):
        load_mcd_articles(tmp_path / "article_x_hcpc_code.csv", tmp_path / "nothing.csv")
    with pytest.raises(ReferenceDataError, match="needs article_x_icd10_covered"):
        load_mcd_articles(tmp_path / "article_x_hcpc_code.csv")


def test_loaders_refuse_garbage_bytes(tmp_path):
    rng = random.Random(5)
    garbage = bytes(rng.randrange(256) for _ in range(4000))
    path = tmp_path / "ccipra-v321r0-f1.txt"
    path.write_bytes(garbage)
    for loader in (load_ptp, load_mue, load_aoc, load_coverage_csv):
        with pytest.raises(ReferenceDataError):
            loader(path)
