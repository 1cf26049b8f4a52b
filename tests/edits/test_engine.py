"""run() and run_many(): order, purity, reports, history, packs, errors."""

from __future__ import annotations

import json
from datetime import date

import attrs
import pytest

from rcm.dates import DateRange
from rcm.edits import (
    Context,
    EditCheckError,
    EditSpec,
    FilingLimit,
    Finding,
    History,
    PackRule,
    Registry,
    Report,
    RulePack,
    Severity,
    Status,
    Tables,
    run,
    run_many,
)
from rcm.edits.families.ptp import PTP001
from rcm.errors import EditDefinitionError, RcmError
from rcm.testing._edits import add_line, clean_claim, context_for, make_case


def test_a_clean_claim_has_no_findings_and_lists_what_ran():
    claim = clean_claim()
    report = run(claim, context_for(claim))

    assert () == report.findings
    assert report.ok
    assert "PTP001" in report.edits
    assert "PTP004" not in report.edits  # preview
    assert () == tuple(s for s in report.skipped if not s.startswith(("DUP00", "MUE004", "PTP005")))
    assert "NCCI PTP practitioner example (illustrative)" in report.sources


def test_findings_are_sorted_by_line_then_code():
    claim = add_line(add_line(clean_claim(), "36415"), "80053", charge="40.00")
    claim = claim.evolve(diagnoses=(*claim.diagnoses, claim.diagnoses[0]))
    report = run(claim, context_for(claim))
    keys = [(f.lines[0] if f.lines else -1, f.code) for f in report.findings]

    assert sorted(keys) == keys
    assert {"DX005", "PTP001", "PTP002"} == set(report.codes)


def test_the_same_input_gives_the_same_report():
    case = make_case("PTP002")

    assert run(case.claim, case.context) == run(case.claim, case.context)


def test_report_json_round_trip_and_schema():
    case = make_case("MUE001")
    report = run(case.claim, case.context)
    text = report.model_dump_json()
    data = json.loads(text)

    assert report == Report.model_validate_json(text)
    assert "MUE001" == data["findings"][0]["code"]
    assert "error" == data["findings"][0]["severity"]
    assert "Finding" == Report.model_json_schema()["properties"]["findings"]["items"]["title"]


def test_report_repr_masks_the_claim_id():
    report = run(clean_claim(), context_for(clean_claim()))

    assert "EDITCASE0001" not in repr(report)
    assert "EDITCASE0001" not in str(report)
    assert "**********01" in repr(report)


def test_report_views():
    case = make_case("PTP004")
    report = run(case.claim, case.context)

    assert () == report.errors
    assert () == report.warnings
    assert report.ok
    assert ("PTP003", "PTP004") == report.codes
    assert report.for_line(2) == report.findings
    assert "see: https://rcmkit.readthedocs.io/en/latest/edits/ptp/#PTP003" in report.format()


def test_report_carcs_come_from_error_findings():
    case = make_case("DUP002")

    assert ("18",) == run(case.claim, case.context).carcs


def test_finding_renders_its_docs_url_and_text():
    finding = PTP001.finding(lines=(0, 2), column1="80053", column2="82947", mi=0)

    assert "https://rcmkit.readthedocs.io/en/latest/edits/ptp/#PTP001" == finding.url
    assert "PTP001 [error] line 1, 3: 82947 is bundled into 80053 (modifier indicator 0)" == str(
        finding
    )
    assert finding == Finding.from_dict(json.loads(json.dumps(finding.to_dict())))


def test_missing_message_fields_are_a_definition_error():
    with pytest.raises(EditDefinitionError, match="needs 'mi'"):
        PTP001.finding(column1="80053", column2="82947")


def test_run_many_yields_one_report_per_claim_in_order():
    claims = [make_case(code).claim for code in ("MUE001", "PTP001", "DX001")]
    context = context_for(clean_claim())
    reports = list(run_many(claims, context))

    assert [("MUE001",), ("PTP001",), ("DX001",)] == [r.codes for r in reports]


def test_run_many_cumulative_catches_duplicates_in_one_batch_without_touching_history():
    claim = clean_claim()
    context = context_for(claim, history=History([]))
    reports = list(run_many([claim, claim, claim], context, cumulative=True))

    assert [(), ("DUP002",), ("DUP002",)] == [r.codes for r in reports]
    assert 0 == len(context.history)
    assert [(), (), ()] == [r.codes for r in run_many([claim, claim, claim], context)]


def test_run_many_streams_a_generator():
    def claims():
        for _ in range(3):
            yield clean_claim()

    assert 3 == sum(1 for _ in run_many(claims(), context_for(clean_claim())))


def test_select_and_ignore_in_the_context():
    case = make_case("PTP002")
    context = attrs.evolve(case.context, ignore=("PTP",))

    assert () == run(case.claim, context).codes
    assert ("PTP002",) == run(case.claim, attrs.evolve(context, select=("PTP002",))).codes


def test_skipped_edits_name_the_missing_table():
    report = run(clean_claim(), Context(as_of=date(2025, 3, 10)))

    assert "PTP001: needs an NCCI PTP table (Tables.ptp)" in report.skipped
    assert "PTP001" not in report.edits


# -- packs and dated edits -------------------------------------------------------------


def test_a_pack_disables_edits_from_a_date_for_its_payer_only():
    case = make_case("MN001")
    pack = RulePack(
        "acme",
        payer="60054",
        rules=(PackRule("disable", "MN", effective=date(2025, 1, 1)),),
    )
    context = attrs.evolve(case.context, packs=(pack,))

    assert () == run(case.claim, context).codes
    earlier = DateRange.single(date(2024, 12, 2))
    before = case.claim.evolve(
        lines=tuple(ln.evolve(service_date=earlier) for ln in case.claim.lines)
    )
    assert ("MN001",) == run(before, attrs.evolve(context, as_of=date(2024, 12, 9))).codes
    other = attrs.evolve(pack, payer="99999")
    assert ("MN001",) == run(case.claim, attrs.evolve(context, packs=(other,))).codes


def test_a_pack_can_enable_a_preview_edit_but_never_overrides_the_user():
    case = make_case("PTP004")
    context = attrs.evolve(case.context, preview=False)
    pack = RulePack("acme", rules=(PackRule("enable", "PTP004"),))

    assert ("PTP003",) == run(case.claim, context).codes
    assert ("PTP003", "PTP004") == run(case.claim, attrs.evolve(context, packs=(pack,))).codes
    ignored = attrs.evolve(context, packs=(pack,), ignore=("PTP004",))
    assert ("PTP003",) == run(case.claim, ignored).codes


def test_a_pack_adds_its_own_edits():
    from rcm.edits import Edit

    spec = EditSpec(
        code="ACME100",
        name="acme-no-99213",
        title="No 99213",
        severity=Severity.ERROR,
        message="{code} is not paid by Acme",
        description="Acme pays no 99213.",
        since="0.1.0",
        status=Status.STABLE,
    )

    def check(claim, context):
        for index, line in enumerate(claim.lines):
            if line.procedure_code == "99213":
                yield spec.finding(lines=(index,), code="99213")

    pack = RulePack("acme", payer="60054", edits=(Edit((spec,), check, "acme pack"),))
    claim = clean_claim()
    report = run(claim, context_for(claim, packs=(pack,)))

    assert ("ACME100",) == report.codes
    assert ("ACME100",) == run(claim, context_for(claim, packs=(pack,), select=("ACME100",))).codes


def test_a_pack_edit_may_not_take_a_registered_code():
    from rcm.edits import Edit

    pack = RulePack("bad", edits=(Edit((PTP001,), lambda claim, context: ()),))
    claim = clean_claim()
    with pytest.raises(EditDefinitionError, match="collides"):
        run(claim, context_for(claim, packs=(pack,)))


def test_an_edit_applies_only_between_its_dates():
    reg = Registry(builtins=False, plugins=False)
    dated = EditSpec(
        code="ACME200",
        name="acme-dated",
        title="Dated",
        severity=Severity.INFO,
        message="seen",
        description="d",
        since="0.1.0",
        status=Status.STABLE,
        effective=date(2025, 3, 1),
        expires=date(2025, 3, 31),
    )
    reg.register(dated, lambda claim, context: [dated.finding()])
    inside = clean_claim(day=date(2025, 3, 3))
    outside = clean_claim(day=date(2025, 4, 3))

    assert ("ACME200",) == run(inside, context_for(inside, registry=reg)).codes
    assert () == run(outside, context_for(outside, registry=reg)).codes


# -- errors --------------------------------------------------------------------------------


def broken_registry(check):
    reg = Registry(builtins=False, plugins=False)
    spec = EditSpec(
        code="ACME300",
        name="acme-broken",
        title="Broken",
        severity=Severity.ERROR,
        message="m",
        description="d",
        since="0.1.0",
        status=Status.STABLE,
    )
    reg.register(spec, check)
    return reg


def test_a_check_that_raises_becomes_an_edit_check_error():
    def check(claim, context):
        raise ZeroDivisionError("oops")

    claim = clean_claim()
    with pytest.raises(EditCheckError) as info:
        run(claim, context_for(claim, registry=broken_registry(check)))

    assert isinstance(info.value, RcmError)
    assert "ACME300" == info.value.code
    assert "EDITCASE0001" not in str(info.value)
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_a_check_returning_an_undeclared_code_is_a_definition_error():
    def check(claim, context):
        yield PTP001.finding(column1="1", column2="2", mi=0)

    claim = clean_claim()
    with pytest.raises(EditDefinitionError, match="does not declare"):
        run(claim, context_for(claim, registry=broken_registry(check)))


def test_context_refuses_bad_values():
    from rcm.edits import EditSelectionError

    with pytest.raises(EditSelectionError):
        Context(as_of=date(2025, 1, 1), setting="inpatient")  # type: ignore[arg-type]
    with pytest.raises(EditDefinitionError):
        FilingLimit(days=90, months=3)
    with pytest.raises(EditDefinitionError):
        FilingLimit(days=0)
    with pytest.raises(EditDefinitionError):
        PackRule("toggle", "PTP")  # type: ignore[arg-type]


def test_filing_limits_pick_the_most_specific():
    limits = (
        FilingLimit(days=365),
        FilingLimit(days=180, line_of_business="medicaid"),
        FilingLimit(days=90, payer="60054"),
        FilingLimit(days=60, payer="60054", line_of_business="commercial"),
    )
    tables = Tables(filing_limits=limits)

    assert 60 == tables.filing_limit_for("60054", "commercial").days
    assert 90 == tables.filing_limit_for("60054", "medicaid").days
    assert 180 == tables.filing_limit_for("77027", "medicaid").days
    assert 365 == tables.filing_limit_for("77027", "commercial").days


def test_medicare_claims_default_to_the_statutory_limit():
    claim = clean_claim()
    medicare = claim.evolve(coverage=claim.coverage.evolve(filing_indicator="MB"))
    context = Context(as_of=date(2026, 3, 4))

    findings = run(medicare, attrs.evolve(context, select=("TF",))).findings
    assert [("TF001", (0,)), ("TF001", (1,))] == [(f.code, f.lines) for f in findings]
    assert () == run(claim, attrs.evolve(context, select=("TF",))).codes


def test_mod001_uses_the_hcpcs_release_modifiers():
    from rcm.coding.hcpcs import HcpcsCode, HcpcsRelease

    entries = (
        HcpcsCode("XE", True, "Separate encounter", "Separate encounter", "demo"),
        HcpcsCode("J1100", False, "Dexamethasone", "Dexamethasone", "demo"),
    )
    release = HcpcsRelease("demo", "<memory>", None, entries)
    claim = add_line(clean_claim(), "93000", modifiers=("XE",))
    bogus = add_line(clean_claim(), "93000", modifiers=("QQ",))
    context = Context(as_of=date(2025, 3, 10), tables=Tables(hcpcs=release), select=("MOD",))

    assert () == run(claim, context).codes
    assert ("MOD001",) == run(bogus, context).codes
    assert () == run(bogus, attrs.evolve(context, tables=Tables())).codes


def test_a_report_can_be_copied_with_changes_as_any_pydantic_model() -> None:
    from rcm.claims.examples import professional_claim
    from rcm.edits import Context, Report, run

    report = run(professional_claim(), Context(as_of=date(2025, 3, 10)))
    copied = report.model_copy(update={"claim_id": "OTHER"})
    assert "OTHER" == copied.claim_id
    assert report.claim_id != copied.claim_id
    assert report == Report.model_validate(report.model_dump())
    assert report.model_fields_set == set(Report.model_fields)
