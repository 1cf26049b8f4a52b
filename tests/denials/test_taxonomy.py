from __future__ import annotations

import io
from pathlib import Path

import pytest

from rcm.coding import carc, rarc
from rcm.edits import registry
from rcm.errors import ReferenceDataError
from rcm.remit.denials import (
    Action,
    Appeal,
    DenialCategory,
    DenialRule,
    classify,
    classify_finding,
    default_table,
    finding_context,
    load_denial_table,
)

HEADER = "group,carc,rarc,condition,category,action,appeal,note\n"


def test_bundled_table_is_well_formed() -> None:
    table = default_table()
    assert len(table) > 100
    keys = [rule.key for rule in table.rules]
    assert len(set(keys)) == len(keys)
    for rule in table.rules:
        assert carc.is_valid(rule.carc), rule
        assert rule.rarc is None or rarc.is_valid(rule.rarc), rule
        assert rule.group in {"*", "CO", "PR", "OA", "PI", "CR"}
        assert rule.line > 0


def test_bundled_table_ships_no_x12_descriptions() -> None:
    # Notes are rcm's own few words; X12's descriptions are long sentences.
    assert all(len(rule.note) <= 90 for rule in default_table().rules)


@pytest.mark.parametrize(
    ("group", "code", "rarcs", "context", "expected"),
    [
        ("CO", "45", (), None, ("contractual", "none", "no")),
        ("PR", "1", (), None, ("patient_responsibility", "bill_patient", "no")),
        ("PR", "96", (), None, ("non_covered", "bill_patient", "no")),
        ("CO", "96", (), None, ("non_covered", "write_off", "depends")),
        ("CO", "236", (), {"modifier_indicator": "0"}, ("bundling", "write_off", "no")),
        ("CO", "236", (), {"modifier_indicator": "1"}, ("bundling", "correct_and_resubmit", "yes")),
        ("CO", "236", (), None, ("bundling", "correct_and_resubmit", "depends")),
        ("CO", "16", ("N130", "M76"), None, ("coding", "correct_and_resubmit", "no")),
        ("CO", "16", (), None, ("missing_information", "correct_and_resubmit", "no")),
        ("CO", "151", (), {"mue_indicator": 3}, ("coding", "appeal", "yes")),
        ("CO", "29", (), None, ("timely_filing", "write_off", "depends")),
        ("OA", "23", (), None, ("cob", "none", "no")),
        ("CO", "27", (), None, ("eligibility", "bill_next_payer", "no")),
        ("CO", "197", (), None, ("authorization", "appeal", "yes")),
        ("CO", "50", (), None, ("medical_necessity", "appeal", "yes")),
        ("PR", "50", (), None, ("medical_necessity", "bill_patient", "no")),
        ("OA", "18", (), None, ("duplicate", "none", "no")),
        ("CO", "999", (), None, ("other", "review", "depends")),
        ("PR", "999", (), None, ("patient_responsibility", "bill_patient", "no")),
    ],
)
def test_classify(group, code, rarcs, context, expected) -> None:  # type: ignore[no-untyped-def]
    c = classify(group, code, rarcs, context=context)
    assert expected == (c.category.value, c.action.value, c.appeal.value)
    assert "rcm-denials-2025.1" == c.release


def test_fallback_has_no_rule_and_says_so() -> None:
    c = classify("CO", "998")
    assert c.rule is None
    assert "no rule" in c.note


def test_the_first_listed_remark_wins_a_tie() -> None:
    assert DenialCategory.MISSING_INFORMATION == classify("CO", "16", ["MA130", "M76"]).category
    assert DenialCategory.CODING == classify("CO", "16", ["M76", "MA130"]).category


@pytest.mark.parametrize(
    ("group", "code", "denial"),
    [
        ("CO", "45", False),
        ("PR", "2", False),
        ("OA", "23", False),
        ("CO", "133", False),
        ("CO", "97", True),
        ("OA", "18", True),
        ("CO", "999", True),
    ],
)
def test_is_denial(group: str, code: str, denial: bool) -> None:
    assert denial == classify(group, code).is_denial


def test_override_replaces_and_adds_rules() -> None:
    mine = [
        DenialRule("CO", "45", None, None, DenialCategory.CONTRACTUAL, Action.APPEAL, Appeal.YES),
        DenialRule(
            "CO", "998", None, None, DenialCategory.CODING, Action.CORRECT_AND_RESUBMIT, Appeal.NO
        ),
    ]
    table = default_table().override(mine, release="acme")
    assert Action.APPEAL == table.classify("CO", "45").action
    assert Action.NONE == table.classify("PI", "45").action
    assert DenialCategory.CODING == table.classify("CO", "998").category
    assert len(default_table()) + 2 == len(table)
    assert table.release.endswith("+acme")


def test_load_from_file_on_top_of_the_default(tmp_path: Path) -> None:
    path = tmp_path / "acme.csv"
    path.write_text(
        "# release: acme-2025\n" + HEADER + "CO,45,,,contractual,appeal,yes,ours\n",
        encoding="utf-8",
    )
    table = load_denial_table(path)
    assert "rcm-denials-2025.1+acme-2025" == table.release
    assert Action.APPEAL == table.classify("CO", "45").action
    alone = load_denial_table(path, base=None)
    assert 1 == len(alone)
    assert Action.REVIEW == alone.classify("CO", "97").action


def test_csv_round_trip() -> None:
    text = default_table().to_csv()
    assert default_table().rules == load_denial_table(io.StringIO(text), base=None).rules


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("", "no header", 1),
        ("group,carc\nCO,45\n", "no column 'rarc'", 1),
        (HEADER + "XX,45,,,contractual,none,no,\n", "group 'XX'", 2),
        (HEADER + "CO,045,,,contractual,none,no,\n", "not a CARC", 2),
        (HEADER + "CO,45,Q1,,contractual,none,no,\n", "not a RARC", 2),
        (HEADER + "CO,45,,mi,contractual,none,no,\n", "not key=value", 2),
        (HEADER + "CO,45,,,nonsense,none,no,\n", "category 'nonsense'", 2),
        (HEADER + "CO,45,,,contractual,pray,no,\n", "action 'pray'", 2),
        (HEADER + "CO,45,,,contractual,none,maybe,\n", "appeal 'maybe'", 2),
        (HEADER + "CO,45,,,contractual,none,no,\nCO,45,,,coding,none,no,\n", "twice", 3),
    ],
)
def test_bad_tables_say_where(text: str, message: str, line: int) -> None:
    with pytest.raises(ReferenceDataError, match=message) as info:
        load_denial_table(io.StringIO(text), base=None)
    assert line == info.value.line


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="cannot read"):
        load_denial_table(tmp_path / "missing.csv")


# --- tie-back: the edit engine's predictions use the same taxonomy ----------------

#: The categories each edit family's predicted CARC/RARC may fall in.
FAMILY_CATEGORIES = {
    "AOC": {DenialCategory.CODING},
    "CLM": {DenialCategory.MISSING_INFORMATION, DenialCategory.CODING},
    "COD": {DenialCategory.CODING},
    "DUP": {DenialCategory.DUPLICATE},
    "DX": {DenialCategory.CODING},
    "MN": {DenialCategory.MEDICAL_NECESSITY},
    "MOD": {DenialCategory.CODING},
    "MUE": {DenialCategory.CODING},
    "PTP": {DenialCategory.BUNDLING},
    "TF": {DenialCategory.TIMELY_FILING},
}


@pytest.mark.parametrize("spec", [s for s in registry.specs() if s.carc], ids=lambda s: s.code)
def test_every_predicted_carc_has_a_category(spec) -> None:  # type: ignore[no-untyped-def]
    c = classify("CO", spec.carc, spec.rarcs)
    assert c.rule is not None, f"{spec.code}: CO-{spec.carc} {spec.rarcs} has no rule"
    assert c.is_denial
    assert c.category in FAMILY_CATEGORIES[spec.family.upper()], (spec.code, c.category)


def test_finding_facts_refine_the_action() -> None:
    from rcm.edits.families.mue import MUE002, MUE003
    from rcm.edits.families.ptp import PTP001, PTP002

    ptp0 = PTP001.finding(lines=(0, 1), column1="80053", column2="82565", mi="0")
    ptp1 = PTP002.finding(lines=(0, 1), column1="80053", column2="82565", mi="1")
    assert {"modifier_indicator": "0"} == finding_context(ptp0)
    assert (Action.WRITE_OFF, Appeal.NO) == (
        classify_finding(ptp0).action,
        classify_finding(ptp0).appeal,
    )
    assert Appeal.YES == classify_finding(ptp1).appeal
    policy = MUE002.finding(lines=(0,), code="97110", units=6, limit=4, mai="2", day="2025-03-03")
    clinical = MUE003.finding(lines=(0,), code="97110", units=6, limit=4, mai="3", day="2025-03-03")
    assert Action.WRITE_OFF == classify_finding(policy).action
    assert Action.APPEAL == classify_finding(clinical).action


def test_finding_without_carc_has_no_classification() -> None:
    from rcm.edits.families.ptp import PTP003

    finding = PTP003.finding(lines=(0, 1), column1="80053", column2="82565", modifiers="59")
    assert classify_finding(finding) is None
