"""Property tests: clean claims stay clean, each mutation trips exactly its edit, bypasses."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.edits import Context, Severity, Tables, run
from rcm.edits.families.ptp import ANATOMIC, BYPASS
from rcm.edits.tables import PtpRow, PtpTable
from rcm.testing._edits import (
    MUTATIONS,
    clean_claims,
    context_for,
    edit_cases,
    example_tables,
    from_edit_table,
)

SETTINGS = settings(max_examples=60, deadline=None)


@SETTINGS
@given(clean_claims())
def test_clean_claims_have_no_error_findings(claim):
    report = run(claim, context_for(claim))

    assert () == report.errors
    assert () == report.findings


@settings(max_examples=200, deadline=None)
@given(edit_cases())
def test_each_mutation_trips_exactly_its_edit(case):
    report = run(case.claim, case.context)

    assert {case.code} | case.also == set(report.codes)


def test_every_builtin_code_has_a_mutation():
    from rcm.edits import registry

    assert set(registry.codes()) == set(MUTATIONS)


@SETTINGS
@given(edit_cases())
def test_checks_never_change_the_claim(case):
    before = case.claim.model_dump()

    run(case.claim, case.context)

    assert before == case.claim.model_dump()


_PAIRS = PtpTable.from_rows(
    [
        PtpRow("11042", "97597", date(2010, 1, 1), None, 1, "demo"),
        PtpRow("20610", "76942", date(2010, 1, 1), None, 1, "demo"),
        PtpRow("93000", "93005", date(2010, 1, 1), None, 0, "demo"),
        PtpRow("43239", "43235", date(2010, 1, 1), None, 0, "demo"),
    ],
    version="property",
)
_CONTEXT_TABLES = Tables(ptp=_PAIRS, filing_limits=example_tables().filing_limits)


def _ptp_codes(claim):
    context = Context(as_of=date(2025, 3, 10), tables=_CONTEXT_TABLES, select=("PTP",))
    return {f.code for f in run(claim, context).findings if f.severity is not Severity.INFO}


@SETTINGS
@given(
    from_edit_table(_PAIRS, indicators=st.just(1)),
    st.sampled_from(sorted(BYPASS)),
    st.booleans(),
)
def test_bypass_modifier_removes_indicator_1_finding(claim, modifier, on_column2):
    assert {"PTP002"} == _ptp_codes(claim)
    index = 1 if on_column2 else 0
    line = claim.lines[index].evolve(modifiers=(modifier,))
    lines = tuple(line if i == index else ln for i, ln in enumerate(claim.lines))

    assert set() == _ptp_codes(claim.evolve(lines=lines))


@SETTINGS
@given(
    from_edit_table(_PAIRS, indicators=st.just(0)),
    st.sampled_from(sorted(BYPASS | ANATOMIC)),
)
def test_no_modifier_bypasses_indicator_0(claim, modifier):
    line = claim.lines[1].evolve(modifiers=(modifier,))

    assert {"PTP001"} == _ptp_codes(claim.evolve(lines=(claim.lines[0], line)))


@SETTINGS
@given(
    from_edit_table(_PAIRS, indicators=st.just(1)),
    st.sampled_from(sorted(ANATOMIC)),
    st.sampled_from(sorted(ANATOMIC)),
)
def test_anatomic_modifiers_bypass_only_for_different_sites(claim, first, second):
    lines = (
        claim.lines[0].evolve(modifiers=(first,)),
        claim.lines[1].evolve(modifiers=(second,)),
    )
    expected = {"PTP002"} if first == second else set()

    assert expected == _ptp_codes(claim.evolve(lines=lines))
