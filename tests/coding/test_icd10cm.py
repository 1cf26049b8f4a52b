"""rcm.coding.icd10cm: format functions, bundled releases, dates of service, notes."""

from __future__ import annotations

import gzip
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.coding import icd10cm
from rcm.coding._icd10cm_release import BUNDLED
from rcm.dates import DateRange
from rcm.errors import (
    InvalidDate,
    InvalidFormat,
    InvalidLength,
    RcmError,
    ReferenceDataError,
    UnknownCode,
)
from rcm.testing._icd10cm import icd10cm_codes

LAST_FY2025 = date(2025, 9, 30)
FIRST_FY2026 = date(2025, 10, 1)
ANY_DATE = st.dates(min_value=date(2024, 10, 1), max_value=date(2026, 9, 30))

# -- format -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("E11.9", "E119"),
        ("e11.9", "E119"),
        (" S72.001a ", "S72001A"),
        ("T36.0X1A", "T360X1A"),
        ("O9A.1", "O9A1"),
        ("U07.1", "U071"),
        ("Z3A.01", "Z3A01"),
        ("E11", "E11"),
        ("E11 .9", "E119"),
        ("qa0.0101", "QA00101"),  # FY2026 category QA0: a letter in second place
    ],
)
def test_validate_returns_compact(given: str, expected: str) -> None:
    assert expected == icd10cm.validate(given)
    assert icd10cm.is_valid(given)


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ("", InvalidLength),
        ("E1", InvalidLength),
        ("E11.99999", InvalidLength),
        ("E119999X9", InvalidLength),
        ("1E1", InvalidFormat),
        ("E-1", InvalidFormat),
        ("E1.19", InvalidFormat),
        ("E11.", InvalidFormat),
        ("E11..9", InvalidFormat),
        ("E11-9", InvalidFormat),
        ("E11.9!", InvalidFormat),
        ("É11", InvalidFormat),
        ("E\uff111", InvalidFormat),  # a full-width digit is not an ASCII digit
    ],
)
def test_validate_refuses(given: str, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        icd10cm.validate(given)
    assert isinstance(info.value, RcmError)
    assert info.value.expected
    assert not icd10cm.is_valid(given)


@pytest.mark.parametrize("value", [None, 119, 11.9, b"E119", ["E119"], object()])
def test_non_str_raises_invalid_format_and_is_valid_says_false(value: object) -> None:
    for function in (icd10cm.compact, icd10cm.validate):
        with pytest.raises(InvalidFormat, match="must be given as str"):
            function(value)  # type: ignore[arg-type]
    assert icd10cm.is_valid(value) is False
    assert icd10cm.format(value) is value  # type: ignore[arg-type]  # format never raises


def test_huge_input_gives_a_short_message() -> None:
    with pytest.raises(InvalidLength) as info:
        icd10cm.validate("E11" * 1_000_000)
    assert len(str(info.value)) < 200
    assert not icd10cm.is_valid("E11" * 1_000_000)
    assert icd10cm.release(on=FIRST_FY2026).get("E11" * 1_000_000) is None


def test_format_shows_the_dot_and_leaves_other_input_alone() -> None:
    assert ["E11.9", "E11", "S72.001A", "not a code", ""] == [
        icd10cm.format(x) for x in ("e119", "E11", "S72001A", "not a code", "")
    ]


@given(st.one_of(st.text(), st.binary(), st.integers(), st.none(), st.lists(st.text())))
@settings(max_examples=200, deadline=None)
def test_is_valid_never_raises(value: object) -> None:
    assert icd10cm.is_valid(value) in (True, False)


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789. -", max_size=10))
@settings(max_examples=300, deadline=None)
def test_valid_text_round_trips(text: str) -> None:
    if icd10cm.is_valid(text):
        assert icd10cm.validate(icd10cm.format(text)) == icd10cm.compact(text)
        assert icd10cm.format(icd10cm.format(text)) == icd10cm.format(text)
    else:
        assert icd10cm.format(text) == text


@given(icd10cm_codes())
@settings(max_examples=200, deadline=None)
def test_every_real_code_round_trips(code: str) -> None:
    assert icd10cm.validate(icd10cm.format(code)) == icd10cm.compact(code) == code
    assert icd10cm.format(code).replace(".", "") == code


# -- releases by date ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "version"),
    [
        (date(2024, 10, 1), "FY2025"),
        (date(2025, 3, 31), "FY2025"),
        (date(2025, 4, 1), "FY2025"),
        (LAST_FY2025, "FY2025"),
        (FIRST_FY2026, "FY2026"),
        (date(2026, 4, 1), "FY2026"),
        (date(2026, 9, 30), "FY2026"),
    ],
)
def test_release_in_force(day: date, version: str) -> None:
    chosen = icd10cm.release(on=day)
    assert version == chosen.version
    assert day in chosen.effective


@pytest.mark.parametrize("day", [date(2024, 9, 30), date(2026, 10, 1), date(2015, 10, 1)])
def test_a_date_no_release_covers_is_a_clear_error(day: date) -> None:
    with pytest.raises(icd10cm.NoReleaseForDate) as info:
        icd10cm.lookup("E11.9", on=day)
    err = info.value
    assert isinstance(err, RcmError)
    assert day == err.date
    assert day.isoformat() in str(err)
    assert ("FY2025 (2024-10-01..2025-09-30)", "FY2026 (2025-10-01..2026-09-30)") == err.available
    assert "FY2025 (2024-10-01..2025-09-30)" in str(err)
    with pytest.raises(icd10cm.NoReleaseForDate):
        icd10cm.is_billable("E11.9", on=day)


def test_date_given_as_text_is_parsed_exactly() -> None:
    assert "FY2026" == icd10cm.release(on="2025-10-01").version  # type: ignore[arg-type]
    assert "FY2025" == icd10cm.release(on="20250930").version  # type: ignore[arg-type]
    with pytest.raises(InvalidDate):
        icd10cm.release(on="10/01/2025")  # type: ignore[arg-type]
    with pytest.raises(InvalidDate):
        icd10cm.release(on=20251001)  # type: ignore[arg-type]


def test_bundled_provenance_is_visible() -> None:
    listed = icd10cm.releases()
    assert ["FY2025", "FY2026"] == [r.version for r in listed]
    for chosen, bundled in zip(listed, BUNDLED, strict=True):
        assert bundled.effective == chosen.effective
        assert isinstance(chosen.effective, DateRange)
        assert 64 == len(chosen.source.sha256)
        assert chosen.source.file.endswith(".xml")
        assert chosen.source.url is not None
        assert chosen.version in repr(chosen)


def test_bundled_file_headers_match_the_release_list() -> None:
    data_dir = Path(icd10cm.__file__).parent / "data"
    for bundled in BUNDLED:
        path = data_dir / bundled.resource
        assert path.stat().st_size < 3_000_000
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            header = {}
            for line in handle:
                if not line.startswith("#"):
                    break
                key, _, value = line[1:].rstrip("\n").partition("\t")
                header[key] = value
        assert bundled.version == header["version"]
        assert bundled.name == header["name"]
        assert (
            f"{bundled.effective.start.isoformat()}\t{bundled.effective.end.isoformat()}"
            == header["effective"]
        )
        assert bundled.source.sha256 == header["source_sha256"]
        assert bundled.source.file == header["source_file"]
        assert "scripts/update/icd10cm.py" == header["made_by"]


# -- counts and changes between fiscal years --------------------------------------------


def test_billable_counts_are_cms_totals() -> None:
    # CMS totals: FY2026 74,719 (order-file addenda); FY2025 74,260 (FY2024 74,044 + 252 - 36).
    fy25 = icd10cm.release(on=LAST_FY2025)
    fy26 = icd10cm.release(on=FIRST_FY2026)
    assert 74_260 == len(fy25.codes(billable=True))
    assert 74_719 == len(fy26.codes(billable=True))
    assert 23_467 == len(fy26.codes(billable=False))
    assert len(fy26) == len(fy26.codes()) == 74_719 + 23_467


def test_changes_between_fiscal_years_match_the_published_addenda() -> None:
    old = set(icd10cm.release(on=LAST_FY2025).codes(billable=True))
    new = set(icd10cm.release(on=FIRST_FY2026).codes(billable=True))
    added, deleted = new - old, old - new
    assert (487, 28) == (len(added), len(deleted))
    for code in sorted(added)[::25]:
        assert icd10cm.is_billable(code, on=FIRST_FY2026)
        assert not icd10cm.is_billable(code, on=LAST_FY2025)
    for code in deleted:
        assert icd10cm.is_billable(code, on=LAST_FY2025)
        assert not icd10cm.is_billable(code, on=FIRST_FY2026)


def test_code_added_in_fy2026_is_refused_before_october_2025() -> None:
    # E11.A, type 2 diabetes without complications in remission: new October 1, 2025.
    entry = icd10cm.lookup("E11.A", on=FIRST_FY2026)
    assert ("E11A", True, "FY2026") == (entry.code, entry.billable, entry.release)
    with pytest.raises(UnknownCode) as info:
        icd10cm.lookup("e11.a", on=LAST_FY2025)
    err = info.value
    assert ("E11A", "ICD-10-CM", LAST_FY2025, "FY2025") == (
        err.code,
        err.system,
        err.date,
        err.release,
    )
    assert "E11A" in str(err)
    assert "2025-09-30" in str(err)
    assert "FY2025" in str(err)


def test_code_deleted_in_fy2026_is_refused_from_october_2025() -> None:
    # S30.1XXA, contusion of abdominal wall: deleted October 1, 2025 (expanded).
    assert icd10cm.lookup("S30.1XXA", on=LAST_FY2025).billable
    with pytest.raises(UnknownCode, match="S301XXA is not defined on 2025-10-01 in release FY2026"):
        icd10cm.lookup("S30.1XXA", on=FIRST_FY2026)


def test_code_that_became_a_header_in_fy2026() -> None:
    # G35, multiple sclerosis: billable in FY2025, subdivided in FY2026.
    assert icd10cm.is_billable("G35", on=LAST_FY2025)
    entry = icd10cm.lookup("G35", on=FIRST_FY2026)
    assert (False, "FY2026") == (entry.billable, entry.release)
    assert not icd10cm.is_billable("G35", on=FIRST_FY2026)


# -- entries ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fy26() -> icd10cm.Release:
    return icd10cm.release(on=FIRST_FY2026)


def test_entry_fields(fy26: icd10cm.Release) -> None:
    entry = fy26.lookup("e11.9")
    assert (
        "E119",
        "E11.9",
        "Type 2 diabetes mellitus without complications",
        True,
        "E11",
        4,
        "E08-E13",
        "FY2026",
    ) == (
        entry.code,
        entry.formatted,
        entry.description,
        entry.billable,
        entry.parent,
        entry.chapter,
        entry.block,
        entry.release,
    )
    category = fy26.lookup("E11")
    assert (None, False) == (category.parent, category.billable)


def test_excludes_notes_are_inherited_with_their_source(fy26: icd10cm.Release) -> None:
    entry = fy26.lookup("E11.9")
    sources = [note.source for note in entry.excludes1]
    assert "E119" == sources[0]  # its own note comes first
    assert "E11" in sources
    assert "chapter 4" in sources
    own = entry.excludes1[0]
    assert "E11.A" in own
    assert "E11.9" not in own
    by_text = {note.text: note for note in entry.excludes1}
    type1 = by_text["type 1 diabetes mellitus (E10.-)"]
    assert (icd10cm.CodeRange("E10", "E10"),) == type1.ranges
    newborn = by_text["transitory endocrine and metabolic disorders specific to newborn (P70-P74)"]
    assert (icd10cm.CodeRange("P70", "P74"),) == newborn.ranges
    assert "P72.1" in newborn
    assert "P75" not in newborn
    assert any("E10.65" in r for r in entry.excludes1_ranges)


def test_other_notes(fy26: icd10cm.Release) -> None:
    e11 = fy26.lookup("E11.9")
    assert any("Z79.4" in note for note in e11.use_additional_code)
    assert "E11" == e11.use_additional_code[0].source
    concussion = fy26.lookup("S06.0X0A")
    assert any("S02.0XXA" in note for note in concussion.code_also)
    asthma = fy26.lookup("J45.909")
    assert any("J44.89" in r for r in asthma.excludes2_ranges)
    assert fy26.lookup("A00.0").inclusion_terms == ("Classical cholera",)


def test_seventh_character_codes(fy26: icd10cm.Release) -> None:
    femur = fy26.lookup("S72.001A")
    assert (
        "Fracture of unspecified part of neck of right femur, initial encounter for closed fracture"
        == femur.description
    )
    assert ("S72001", True) == (femur.parent, femur.billable)
    assert "S" in [sc.character for sc in femur.seventh_characters]
    header = fy26.lookup("S72.001")
    assert (False, femur.seventh_characters) == (header.billable, header.seventh_characters)
    # the X placeholder pads short codes to six characters
    assert fy26.is_billable("T36.0X1A")
    assert fy26.is_billable("S02.0XXA")
    assert "S020" == fy26.lookup("S02.0XXA").parent
    assert not fy26.is_billable("S02.0A")
    assert "S02.0A" not in fy26
    assert fy26.lookup("O31.00X0").description.endswith("not applicable or unspecified")


def test_s06_note_takes_7th_characters_d_and_s_away(fy26: icd10cm.Release) -> None:
    # "7th characters D and S do not apply to codes in category S06 with 6th
    # character 7 ... or 8": death before regaining consciousness.
    assert fy26.is_billable("S06.1X7A")
    assert "S06.1X7D" not in fy26
    assert "S06.1X8S" not in fy26
    assert ("A",) == tuple(sc.character for sc in fy26.lookup("S06.1X7").seventh_characters)
    assert fy26.is_billable("S06.1X6D")


def test_child_definition_overrides_its_category(fy26: icd10cm.Release) -> None:
    # S12 (fractures of S12.0-S12.6) has A, B, D, G, K, S; S12.8 and S12.9 define A, D, S.
    assert fy26.is_billable("S12.000B")
    assert fy26.is_billable("S12.000K")
    assert fy26.is_billable("S12.8XXA")
    assert not fy26.is_billable("S12.8XXB")
    assert ["A", "D", "S"] == [sc.character for sc in fy26.lookup("S12.9").seventh_characters]


def test_lookup_refuses_malformed_and_unknown(fy26: icd10cm.Release) -> None:
    with pytest.raises(InvalidFormat):
        fy26.lookup("E1.19")
    with pytest.raises(InvalidFormat):
        fy26.lookup(119)  # type: ignore[arg-type]
    with pytest.raises(UnknownCode) as info:
        fy26.lookup("E11.99")
    assert (None, "FY2026") == (info.value.date, info.value.release)


@given(st.one_of(st.text(max_size=9), st.integers(), st.none(), st.lists(st.integers())))
@settings(max_examples=200, deadline=None)
def test_membership_never_raises(value: object) -> None:
    fy26 = icd10cm.release(on=FIRST_FY2026)
    assert (value in fy26) in (True, False)
    assert fy26.is_billable(value) in (True, False)
    assert fy26.get(value) is None or isinstance(value, str)


def test_iteration_is_tabular_order(fy26: icd10cm.Release) -> None:
    codes = list(fy26)
    assert ["A00", "A000", "A001", "A009", "A01"] == codes[:5]
    assert codes == list(fy26.codes())
    assert len(set(codes)) == len(codes)
    position = {code: i for i, code in enumerate(codes)}
    for code in fy26.codes(billable=True)[::97]:
        entry = fy26.lookup(code)
        if entry.parent is not None:
            assert position[entry.parent] < position[code]
    first = [entry.code for _, entry in zip(range(50), fy26.entries(), strict=False)]
    assert codes[:50] == first


def test_every_seventh_character_code_extends_a_header(fy26: icd10cm.Release) -> None:
    seven = [c for c in fy26.codes(billable=True) if len(c) == 7]
    assert seven
    extensions = 0
    for code in seven[::50]:
        entry = fy26.lookup(code)
        assert entry.parent is not None
        parent = fy26.lookup(entry.parent)
        assert not parent.billable
        if parent.seventh_characters:  # else a 7-character leaf of the tree, like C44.1021
            extensions += 1
            assert code[6] in [sc.character for sc in entry.seventh_characters]
            assert entry.description.startswith(parent.description + ", ")
    assert extensions > 500


# -- strategies ---------------------------------------------------------------------


@given(data=st.data())
@settings(max_examples=100, deadline=None)
def test_drawn_codes_exist_on_the_date(data: st.DataObject) -> None:
    day = data.draw(ANY_DATE)
    billable = data.draw(st.sampled_from([True, False, None]))
    code = data.draw(icd10cm_codes(on=day, billable=billable))
    in_force = icd10cm.release(on=day)
    assert code in in_force
    if billable is not None:
        assert billable == icd10cm.is_billable(code, on=day)
    assert code == icd10cm.lookup(code, on=day).code


@given(icd10cm_codes(on=ANY_DATE, billable=True))
@settings(max_examples=100, deadline=None)
def test_codes_drawn_for_a_strategy_of_dates_are_billable_somewhere(code: str) -> None:
    assert any(r.is_billable(code) for r in icd10cm.releases())


def test_strategy_arguments_are_checked_at_once() -> None:
    with pytest.raises(TypeError, match="not a strategy"):
        icd10cm_codes(billable=st.just(True))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="on takes"):
        icd10cm_codes(on="2025-10-01")  # type: ignore[arg-type]
    with pytest.raises(icd10cm.NoReleaseForDate):
        icd10cm_codes(on=date(2020, 1, 1))
    with pytest.raises(TypeError):
        icd10cm_codes(releases=[])


# -- loading the CDC XML; user releases ---------------------------------------------------

SMALL_XML = """<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular>
  <version>2027</version>
  <chapter>
    <name>19</name>
    <desc>Injury (S00-T88)</desc>
    <excludes2><note>birth trauma (P10-P15)</note></excludes2>
    <section id="S00-S09">
      <desc>Injuries to the head (S00-S09)</desc>
      <diag>
        <name>S06</name>
        <desc>Intracranial injury</desc>
        <excludes1><note>head injury NOS (S09.90)</note></excludes1>
        <sevenChrNote><note>The appropriate 7th character is to be added</note></sevenChrNote>
        <sevenChrDef>
          <extension char="A">initial encounter</extension>
          <extension char="D">subsequent encounter</extension>
          <extension char="S">sequela</extension>
        </sevenChrDef>
        <notes><note>7th characters D and S do not apply to codes in category S06
          with 6th character 7 - death due to brain injury, or 8 - death due to other
          cause.</note></notes>
        <diag>
          <name>S06.0</name>
          <desc>Concussion</desc>
          <diag placeholder="true">
            <name>S06.0X</name>
            <desc>Concussion</desc>
            <diag><name>S06.0X0</name><desc>Concussion without loss of consciousness</desc></diag>
            <diag><name>S06.0X7</name><desc>Concussion with death</desc></diag>
          </diag>
        </diag>
        <diag>
          <name>S06.9</name>
          <desc>Unspecified intracranial injury</desc>
          <sevenChrDef><extension char="A">initial encounter</extension></sevenChrDef>
        </diag>
      </diag>
      <diag>
        <name>S09</name>
        <desc>Other injuries of head</desc>
        <excludes2>
          <note>vitamin B12 deficiency (E53.8)</note>
          <note>injuries classified in subcategories S06.0- to S06.9-</note>
          <note>poisoning (T36-T65) and certain other effects (T66.-, T67.0)</note>
        </excludes2>
        <diag><name>S09.90</name><desc>Unspecified injury of head</desc></diag>
      </diag>
    </section>
  </chapter>
</ICD10CM.tabular>
"""


@pytest.fixture
def small_xml(tmp_path: Path) -> Path:
    path = tmp_path / "icd10cm-tabular-2027.xml"
    path.write_text(SMALL_XML, encoding="utf-8")
    return path


@pytest.fixture
def registered(small_xml: Path) -> Iterator[icd10cm.Release]:
    mine = icd10cm.load(small_xml)
    icd10cm.register(mine)
    try:
        yield mine
    finally:
        icd10cm.unregister(mine)


def test_load_small_xml(small_xml: Path) -> None:
    mine = icd10cm.load(str(small_xml))
    assert ("FY2027", DateRange(date(2026, 10, 1), date(2027, 9, 30))) == (
        mine.version,
        mine.effective,
    )
    assert "icd10cm-tabular-2027.xml" == mine.source.file
    assert [
        "S06",
        "S060",
        "S060X",
        "S060X0",
        "S060X0A",
        "S060X0D",
        "S060X0S",
        "S060X7",
        "S060X7A",
        "S069",
        "S069XXA",
        "S09",
        "S0990",
    ] == list(mine)
    assert ("S060X0A", "S060X0D", "S060X0S", "S060X7A", "S069XXA", "S0990") == mine.codes(
        billable=True
    )
    entry = mine.lookup("S06.0X7A")
    assert "Concussion with death, initial encounter" == entry.description
    assert (19, "S00-S09", "FY2027") == (entry.chapter, entry.block, entry.release)
    assert ["S06", "chapter 19"] == [n.source for n in entry.excludes1 + entry.excludes2]
    assert "S09.90XA" in entry.excludes1[0]
    assert "S10" not in entry.excludes1[0]


def test_note_ranges_are_parsed_from_the_text(small_xml: Path) -> None:
    notes = icd10cm.load(small_xml).lookup("S09.90").excludes2
    range_ = icd10cm.CodeRange
    assert [
        (range_("E538", "E538"),),  # in parentheses, though not in this release
        (range_("S060", "S069"),),  # "S06.0- to S06.9-", not in parentheses: S06 is here
        (range_("T36", "T65"), range_("T66", "T66"), range_("T670", "T670")),
        (range_("P10", "P15"),),  # inherited from the chapter
    ] == [note.ranges for note in notes]
    assert ["S09", "S09", "S09", "chapter 19"] == [note.source for note in notes]


def test_user_releases_by_argument_and_by_registration(small_xml: Path) -> None:
    mine = icd10cm.load(small_xml)
    day = date(2026, 10, 1)
    assert mine is icd10cm.release(on=day, releases=[mine])
    assert mine.lookup("S06.9XXA") == icd10cm.lookup("S06.9XXA", on=day, releases=[mine])
    with pytest.raises(icd10cm.NoReleaseForDate, match="FY2027"):
        icd10cm.release(on=date(2025, 10, 1), releases=[mine])
    with pytest.raises(icd10cm.NoReleaseForDate):
        icd10cm.release(on=day)
    icd10cm.register(mine)
    try:
        assert mine is icd10cm.release(on=day)
        assert mine in icd10cm.releases()
        assert icd10cm.is_billable("S06.9XXA", on=day)
        assert "FY2026" == icd10cm.release(on=date(2026, 9, 30)).version
    finally:
        assert icd10cm.unregister(mine)
    assert not icd10cm.unregister(mine)
    with pytest.raises(icd10cm.NoReleaseForDate):
        icd10cm.release(on=day)


def test_an_april_update_takes_over_from_april_first(small_xml: Path) -> None:
    april = icd10cm.load(
        small_xml,
        version="FY2026-APR",
        effective=DateRange(date(2026, 4, 1), date(2026, 9, 30)),
        name="ICD-10-CM FY2026 April update (test)",
    )
    icd10cm.register(april)
    try:
        assert "FY2026" == icd10cm.release(on=date(2026, 3, 31)).version
        assert april is icd10cm.release(on=date(2026, 4, 1))
        assert "FY2026-APR" == icd10cm.lookup("S0990", on=date(2026, 5, 1)).release
    finally:
        icd10cm.unregister(april)
    assert "FY2026" == icd10cm.release(on=date(2026, 5, 1)).version


def test_register_takes_only_releases(registered: icd10cm.Release) -> None:
    with pytest.raises(TypeError):
        icd10cm.register("FY2026")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        icd10cm.release(on=FIRST_FY2026, releases=["FY2026"])  # type: ignore[list-item]


def test_compact_form_round_trips(tmp_path: Path, small_xml: Path) -> None:
    from rcm.coding._icd10cm_tables import write_tsv

    mine = icd10cm.load(small_xml)
    header = {"version": "FY2027", "effective": "2026-10-01\t2027-09-30", "name": "mine"}
    path = tmp_path / "mine.tsv.gz"
    path.write_bytes(write_tsv(mine._data(), header))
    again = icd10cm.load(path)
    assert (mine.version, mine.effective, "mine") == (again.version, again.effective, again.name)
    assert list(mine) == list(again)
    assert list(mine.entries()) == list(again.entries())


# -- bad input ------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.xml", b"", "not well-formed XML"),
        ("truncated.xml", SMALL_XML.encode()[: len(SMALL_XML) // 2], "not well-formed XML"),
        ("garbage.xml", bytes(range(256)) * 40, "not well-formed XML"),
        ("wrong-root.xml", b"<version>2026</version>", "root element is <version>"),
        ("no-codes.xml", b"<ICD10CM.tabular><version>2026</version></ICD10CM.tabular>", "no "),
        ("no-version.xml", b"<ICD10CM.tabular></ICD10CM.tabular>", "cannot tell the fiscal year"),
        (
            "bad-name.xml",
            SMALL_XML.replace("<name>S09.90</name>", "<name>S09.9-0</name>").encode(),
            "'S09.9-0'",
        ),
        (
            "twice.xml",
            SMALL_XML.replace("<name>S09.90</name>", "<name>S06.9</name>").encode(),
            "defined twice",
        ),
        ("bad.tsv.gz", gzip.compress(b"#rcm-icd10cm\t9\n"), "first line"),
        ("truncated.tsv.gz", gzip.compress(b"#rcm-icd10cm\t1\n#version\tX\n")[:20], "cannot read"),
        (
            "bad-flags.tsv.gz",
            gzip.compress(b"#rcm-icd10cm\t1\n@codes\tA00\tA01\n@billable\t1\n"),
            "@billable",
        ),
    ],
)
def test_bad_files_raise_reference_data_error_naming_the_file(
    tmp_path: Path, name: str, data: bytes, says: str
) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(ReferenceDataError) as info:
        icd10cm.load(path)
    assert str(path) == info.value.path
    assert str(path) in str(info.value)
    assert says in str(info.value)


def test_truncated_xml_error_has_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "cut.xml", SMALL_XML.encode()[:700])
    with pytest.raises(ReferenceDataError) as info:
        icd10cm.load(path)
    assert info.value.line is not None
    assert info.value.line > 1


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.xml", tmp_path):
        with pytest.raises(ReferenceDataError) as info:
            icd10cm.load(path)
        assert str(path) == info.value.path


def test_huge_garbage_is_refused_quickly(tmp_path: Path) -> None:
    path = _write(tmp_path, "huge.xml", b"<ICD10CM.tabular>" + b"\x00" * 20_000_000)
    with pytest.raises(ReferenceDataError, match="not well-formed"):
        icd10cm.load(path)


def test_corrupt_tree_in_compact_file_is_found_on_first_entry(
    tmp_path: Path, small_xml: Path
) -> None:
    from rcm.coding._icd10cm_tables import write_tsv

    mine = icd10cm.load(small_xml)
    header = {"version": "FY2027", "effective": "2026-10-01\t2027-09-30"}
    text = gzip.decompress(write_tsv(mine._data(), header)).decode()
    broken = text.replace("@parents\t-1\t0", "@parents\t-1\t5")
    assert broken != text
    path = _write(tmp_path, "broken.tsv.gz", gzip.compress(broken.encode()))
    loaded = icd10cm.load(path)
    assert "S06" in loaded  # the code list is fine
    with pytest.raises(ReferenceDataError, match="parent") as info:
        loaded.lookup("S06")
    assert (str(path), True) == (info.value.path, info.value.line is not None)


# -- laziness -----------------------------------------------------------------------------


def test_importing_rcm_reads_no_data() -> None:
    script = (
        "import rcm, rcm.coding.icd10cm\n"
        "from rcm.coding import _icd10cm_release as r\n"
        "assert r._load_bundled.cache_info().currsize == 0\n"
        "assert r._bundled_releases.cache_info().currsize == 0\n"
        "import sys; assert 'xml.etree.ElementTree' not in sys.modules\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert "ok\n" == result.stdout, result.stderr


@pytest.mark.parametrize("on", [date(2025, 1, 1), date(2026, 1, 1)])
def test_every_code_of_a_bundled_release_has_a_valid_format(on: date) -> None:
    release = icd10cm.release(on=on)
    assert [] == [code for code in release if not icd10cm.is_valid(code)]
    assert [] == [code for code in release if icd10cm.validate(icd10cm.format(code)) != code]
