"""rcm.batch on rcm's own example data: columns, dtypes, values, money policies, bad input."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from decimal import Decimal
from types import ModuleType

import pandas as pd
import pytest

from rcm.ar import BUCKETS, aging
from rcm.ar._examples import example_aging
from rcm.batch import (
    AGING_COLUMNS,
    CLAIM_LINE_COLUMNS,
    COLUMN_KINDS,
    FINDING_COLUMNS,
    LEDGER_COLUMNS,
    MONEY_POLICIES,
    SERVICE_COLUMNS,
    MissingDependency,
    UnsupportedInput,
    aging_frame,
    claim_line_frame,
    finding_frame,
    ledger_frame,
    service_frame,
)
from rcm.claims.examples import institutional_claim, professional_claim
from rcm.edits import Context, Report, run, run_many
from rcm.errors import InvalidAmount, RcmError, RemitParseError, ValidationError, X12Error
from rcm.money import Money
from rcm.remit import SERVICE_ROW_FIELDS, iter_claims, read_835, service_rows, write_835
from rcm.remit._examples import example_remittance
from rcm.remit.denials._examples import example_denied_ledger
from rcm.remit.posting import post
from rcm.remit.posting._examples import example_ledger, example_payment

FRAMES = {
    "service": (lambda: service_frame(example_remittance()), SERVICE_COLUMNS),
    "claim_line": (
        lambda: claim_line_frame([professional_claim(), institutional_claim()]),
        CLAIM_LINE_COLUMNS,
    ),
    "finding": (
        lambda: finding_frame(
            run_many([professional_claim()] * 2, Context(as_of=date(2025, 3, 10)), cumulative=True)
        ),
        FINDING_COLUMNS,
    ),
    "ledger": (lambda: ledger_frame(example_denied_ledger()), LEDGER_COLUMNS),
    "aging": (lambda: aging_frame(example_aging()), AGING_COLUMNS),
}


# --- columns and kinds -----------------------------------------------------------------


def test_service_columns_are_the_service_row_fields() -> None:
    assert SERVICE_ROW_FIELDS == SERVICE_COLUMNS


def test_every_column_has_one_kind_in_every_frame() -> None:
    from rcm.batch import _frames

    schemas = [
        _frames._SERVICE_SCHEMA,
        _frames._CLAIM_LINE_SCHEMA,
        _frames._FINDING_SCHEMA,
        _frames._LEDGER_SCHEMA,
        _frames._AGING_SCHEMA,
    ]
    for schema in schemas:
        names = [name for name, _ in schema]
        assert len(set(names)) == len(names)
        for name, kind in schema:
            assert kind == COLUMN_KINDS[name], name
    assert {"text", "int", "bool", "money", "decimal", "date"} == set(COLUMN_KINDS.values())


MAKERS = {
    "service": lambda money: service_frame(example_remittance(), money=money),
    "claim_line": lambda money: claim_line_frame(
        [professional_claim(), institutional_claim()], money=money
    ),
    "ledger": lambda money: ledger_frame(example_denied_ledger(), money=money),
    "aging": lambda money: aging_frame(example_aging(), money=money),
}


@pytest.mark.parametrize("name", sorted(MAKERS))
@pytest.mark.parametrize("money", MONEY_POLICIES)
def test_frames_have_their_columns_and_dtypes(name: str, money: str, helpers: ModuleType) -> None:
    frame = MAKERS[name](money)
    assert FRAMES[name][1] == tuple(frame.columns)
    assert len(frame) > 0
    helpers.assert_dtypes(frame, money)


def test_finding_frame_has_its_columns_and_dtypes(helpers: ModuleType) -> None:
    frame = FRAMES["finding"][0]()
    assert FINDING_COLUMNS == tuple(frame.columns)
    assert len(frame) > 0
    helpers.assert_dtypes(frame, "decimal")


@pytest.mark.parametrize("money", MONEY_POLICIES)
def test_empty_inputs_give_empty_frames_with_every_column(money: str, helpers: ModuleType) -> None:
    frames = {
        SERVICE_COLUMNS: service_frame([], money=money),
        CLAIM_LINE_COLUMNS: claim_line_frame([], money=money),
        FINDING_COLUMNS: finding_frame([]),
        LEDGER_COLUMNS: ledger_frame([], money=money),
        AGING_COLUMNS: aging_frame([], money=money),
    }
    for columns, frame in frames.items():
        assert columns == tuple(frame.columns)
        assert 0 == len(frame)
        helpers.assert_dtypes(frame, money if columns != FINDING_COLUMNS else "decimal")


def test_a_clean_report_adds_no_finding_row() -> None:
    report = run(professional_claim(), Context(as_of=date(2025, 3, 10)))
    assert () == report.findings
    assert 0 == len(finding_frame(report))


# --- service_frame ----------------------------------------------------------------------


def test_service_frame_holds_what_service_rows_yields() -> None:
    remit = example_remittance()
    rows = list(service_rows(remit))
    frame = service_frame(remit)
    assert len(rows) == len(frame)
    for index, row in enumerate(rows):
        for name in SERVICE_COLUMNS:
            cell = frame.at[index, name]
            value = row[name]
            kind = COLUMN_KINDS[name]
            if value is None:
                assert pd.isna(cell), name
            elif kind == "date":
                assert pd.Timestamp(value) == cell, name
            elif kind == "int":
                assert value == int(cell), name
            else:
                assert value == cell, name
                assert type(value) is type(cell) or kind == "bool", name


def test_every_service_source_gives_the_same_frame() -> None:
    remit = example_remittance()
    text = write_835([remit])
    expected = service_frame(remit)
    sources = {
        "text": text,
        "bytes": text.encode(),
        "file": io.BytesIO(text.encode()),
        "text file": io.StringIO(text),
        "read_835": read_835(text),
        "list": [remit],
        "iter_claims": iter_claims(text),
    }
    for label, source in sources.items():
        pd.testing.assert_frame_equal(expected, service_frame(source), obj=label)


def test_service_frame_reads_a_path(tmp_path) -> None:
    path = tmp_path / "era.835"
    path.write_text(write_835([example_remittance()]), encoding="utf-8")
    pd.testing.assert_frame_equal(service_frame(example_remittance()), service_frame(path))
    pd.testing.assert_frame_equal(service_frame(example_remittance()), service_frame(str(path)))


def test_service_frame_totals_equal_the_model() -> None:
    remit = example_remittance()
    frame = service_frame(remit, money="cents")
    paid = sum(line.paid.cents for claim in remit.claims for line in claim.services)
    charge = sum(line.charge.cents for claim in remit.claims for line in claim.services)
    assert paid == int(frame["line_paid"].sum())
    assert charge == int(frame["line_charge"].sum())
    by_claim = frame[frame["line_number"].isna() | (frame["line_number"] == 1)]
    assert sum(c.paid.cents for c in remit.claims) == int(by_claim["claim_paid"].sum())


def test_dates_group_by_month() -> None:
    frame = service_frame(example_remittance(), money="cents")
    monthly = frame.groupby(frame["service_from"].dt.to_period("M"))["line_paid"].sum()
    assert int(frame["line_paid"].sum()) == int(monthly.sum())
    assert all(str(period).startswith("20") for period in monthly.index)
    resampled = frame.resample("MS", on="payment_date")["line_paid"].sum()
    assert int(frame["line_paid"].sum()) == int(resampled.sum())


@pytest.mark.parametrize(
    "source",
    [
        "",
        "ISA*00*",
        b"\x00\x01garbage",
        "GS*HP*A*B*20250101*1200*1*X*005010X221A1~",
    ],
    ids=["empty", "truncated ISA", "binary garbage", "no ISA"],
)
def test_bad_835_text_is_a_clear_rcm_error(source: str | bytes) -> None:
    with pytest.raises(RcmError) as info:
        service_frame(source)
    assert isinstance(info.value, X12Error | ValidationError)


def test_truncated_835_is_a_remit_error() -> None:
    text = write_835([example_remittance()])
    cut = text[: text.index("SVC") + 8]
    with pytest.raises(X12Error):
        service_frame(cut)


def test_wrong_delimiters_are_a_clear_error() -> None:
    text = write_835([example_remittance()]).replace("*", "|", 3)  # ISA mixed separators
    with pytest.raises(X12Error):
        service_frame(text)


def test_bad_service_sources_are_unsupported_input() -> None:
    with pytest.raises(UnsupportedInput) as info:
        service_frame(42)  # type: ignore[arg-type]
    assert (None, "int") == (info.value.position, info.value.got)
    with pytest.raises(UnsupportedInput) as info:
        service_frame([example_remittance(), professional_claim()])  # type: ignore[list-item]
    assert (1, "Claim") == (info.value.position, info.value.got)
    assert "item 1 is a Claim" in str(info.value)


# --- money policy ------------------------------------------------------------------------


@pytest.mark.parametrize("money", ["float", "Decimal", "", None, 2])
def test_a_bad_money_policy_is_a_clear_error(money: object) -> None:
    for function, arg in (
        (service_frame, example_remittance()),
        (claim_line_frame, professional_claim()),
        (ledger_frame, example_ledger()),
        (aging_frame, example_aging()),
    ):
        with pytest.raises(ValidationError) as info:
            function(arg, money=money)  # type: ignore[operator]
        assert "'decimal' or 'cents'" == info.value.expected
        assert "never gives money as float" in str(info.value)


def test_no_money_column_is_ever_float() -> None:
    for name, (make, _) in FRAMES.items():
        frame = make()
        for column in frame.columns:
            assert frame[column].dtype.kind != "f", (name, column)
            if frame[column].dtype == object:
                assert not any(isinstance(v, float) for v in frame[column]), (name, column)


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_cents_and_decimal_policies_agree(name: str, helpers: ModuleType) -> None:
    helpers.assert_policies_agree(MAKERS[name]("decimal"), MAKERS[name]("cents"))


def test_cents_conversion_refuses_what_is_not_whole_cents() -> None:
    from rcm.batch._build import build_frame

    schema = (("amount", "money"),)
    with pytest.raises(InvalidAmount) as info:
        build_frame(schema, [(Decimal("1.005"),)], money="cents", function="f")
    assert "1.005" == info.value.value
    with pytest.raises(InvalidAmount):
        build_frame(schema, [(Decimal(10) ** 20,)], money="cents", function="f")
    with pytest.raises(RcmError):
        build_frame(schema, [(1.5,)], money="cents", function="f")


def test_huge_amounts_stay_exact() -> None:
    from rcm.batch._build import build_frame

    big = Decimal("92233720368547758.07")  # the largest Int64 number of cents
    frame = build_frame((("amount", "money"),), [(big,), (-big,)], money="cents", function="f")
    assert [9223372036854775807, -9223372036854775807] == frame["amount"].tolist()
    frame = build_frame((("amount", "money"),), [(big,)], money="decimal", function="f")
    assert [big] == frame["amount"].tolist()


# --- claim_line_frame ---------------------------------------------------------------------


def test_claim_line_frame_values() -> None:
    claim = institutional_claim()
    frame = claim_line_frame(claim, money="cents")
    assert len(claim.lines) == len(frame)
    assert [1, 2, 3] == frame["line_number"].tolist()
    assert {"0111"} == set(frame["type_of_bill"])
    assert [line.revenue_code for line in claim.lines] == frame["revenue_code"].tolist()
    assert claim.total_charge.cents == int(frame["line_charge"].sum())
    assert {claim.total_charge.cents} == set(frame["total_charge"])
    assert pd.Timestamp(claim.statement_period.start) == frame.at[0, "statement_from"]
    assert [str(line.units) for line in claim.lines] == [str(u) for u in frame["units"]]


def test_diagnosis_codes_follow_the_pointers() -> None:
    claim = professional_claim()
    frame = claim_line_frame(claim)
    for index, line in enumerate(claim.lines):
        codes = [claim.diagnoses[p - 1].code for p in line.diagnosis_pointers]
        assert ";".join(codes) == frame.at[index, "diagnosis_codes"]
        assert ";".join(map(str, line.diagnosis_pointers)) == frame.at[index, "diagnosis_pointers"]
    assert claim.diagnoses[0].code == frame.at[0, "principal_diagnosis"]


def test_a_pointer_to_no_diagnosis_keeps_the_pointer_only() -> None:
    claim = professional_claim()
    line = claim.lines[0].model_copy(update={"diagnosis_pointers": (1, 9)})
    odd = claim.model_copy(update={"lines": (line, *claim.lines[1:])})
    frame = claim_line_frame(odd)
    assert "1;9" == frame.at[0, "diagnosis_pointers"]
    assert claim.diagnoses[0].code == frame.at[0, "diagnosis_codes"]


def test_claim_line_frame_has_no_phi_of_the_example_claims(helpers: ModuleType) -> None:
    claims = [professional_claim(), institutional_claim()]
    frame = claim_line_frame(claims)
    secret: set[object] = set()
    for claim in claims:
        for person in (claim.patient, claim.coverage.subscriber):
            secret |= {person.last_name, person.first_name, person.birth_date}
        secret.add(claim.coverage.subscriber.member_id)
    secret.discard(None)
    texts = [c for c in helpers.cells(frame) if isinstance(c, str)]
    for value in secret:
        if isinstance(value, str):
            assert not any(value in text for text in texts), "PHI in a cell"
        else:
            assert pd.Timestamp(value) not in set(frame["service_from"]) | set(
                frame["statement_from"]
            )


def test_bad_claim_input_is_unsupported_input() -> None:
    with pytest.raises(UnsupportedInput) as info:
        claim_line_frame([professional_claim(), example_remittance()])  # type: ignore[list-item]
    assert (1, "Remittance") == (info.value.position, info.value.got)
    with pytest.raises(UnsupportedInput):
        claim_line_frame(3)  # type: ignore[arg-type]


# --- finding_frame --------------------------------------------------------------------------


def test_finding_frame_rows_match_the_findings() -> None:
    reports = [
        Report.model_validate_json(r.model_dump_json())
        for r in run_many(
            [professional_claim()] * 3, Context(as_of=date(2025, 3, 10)), cumulative=True
        )
    ]
    frame = finding_frame(reports)
    findings = [(r.claim_id, f) for r in reports for f in r.findings]
    assert len(findings) == len(frame)
    assert [f.code for _, f in findings] == frame["code"].tolist()
    assert [pd.Timestamp(date(2025, 3, 10))] * len(frame) == frame["as_of"].tolist()


def test_finding_line_numbers_are_one_based() -> None:
    from rcm.edits.families.ptp import PTP001

    finding = PTP001.finding(lines=(0, 2), column1="80053", column2="82565", mi="0")
    report = Report(claim_id="C1", as_of=date(2025, 1, 2), findings=(finding,))
    frame = finding_frame(report)
    assert (1, "1;3", "PTP001") == (
        int(frame.at[0, "line_number"]),
        frame.at[0, "line_numbers"],
        frame.at[0, "code"],
    )


def test_bad_report_input_is_unsupported_input() -> None:
    with pytest.raises(UnsupportedInput) as info:
        finding_frame([professional_claim()])  # type: ignore[list-item]
    assert "run the edits first" in str(info.value)
    with pytest.raises(UnsupportedInput):
        finding_frame(None)  # type: ignore[arg-type]


# --- ledger_frame and aging_frame -----------------------------------------------------------


def test_ledger_frame_balances_equal_the_ledger() -> None:
    ledger = example_ledger()
    ledger = ledger.apply(post(ledger, example_payment()))
    frame = ledger_frame(ledger)
    assert len(ledger.entries) == len(frame)
    balances = frame.groupby(["claim_id", "party"])["balance_effect"].sum()
    for (claim_id, party), amount in balances.items():
        assert ledger.balances(claim_id)[party].amount == amount
    assert [e.entry_id for e in ledger.entries] == frame["entry_id"].tolist()


def test_ledger_frame_accepts_entries_results_and_one_entry() -> None:
    ledger = example_ledger()
    result = post(ledger, example_payment())
    pd.testing.assert_frame_equal(ledger_frame(result), ledger_frame(list(result.entries)))
    one = ledger_frame(result.entries[0])
    assert [result.entries[0].entry_id] == one["entry_id"].tolist()
    indexes = [entry.line_index for entry in result.entries]
    numbers = ledger_frame(result)["line_number"].tolist()
    assert [None if i is None else i + 1 for i in indexes] == [
        None if n is pd.NA else n for n in numbers
    ]
    with pytest.raises(UnsupportedInput):
        ledger_frame([result])  # type: ignore[list-item]
    with pytest.raises(UnsupportedInput):
        ledger_frame(1.5)  # type: ignore[arg-type]


def test_aging_frame_matches_the_report() -> None:
    report = aging(example_denied_ledger(), as_of=date(2025, 5, 31))
    frame = aging_frame(report, money="cents")
    assert [row.party for row in report.rows] == frame["party"].tolist()
    buckets = ["days_0_30", "days_31_60", "days_61_90", "days_91_120", "days_over_120"]
    assert len(BUCKETS) == len(buckets)
    assert [m.cents for m in report.totals] == [int(frame[b].sum()) for b in buckets]
    assert report.total.cents == int(frame["total"].sum())
    assert report.credits.cents == int(frame["credits"].sum())


def test_aging_frame_of_several_dates_is_a_trend() -> None:
    ledger = example_denied_ledger()
    days = [date(2025, 3, 31), date(2025, 4, 30), date(2025, 5, 31)]
    reports = [aging(ledger, as_of=day) for day in days]
    frame = aging_frame(reports)
    trend = frame.groupby("as_of")["total"].sum()
    expected = {pd.Timestamp(r.as_of): r.total.amount for r in reports if r.rows}
    assert expected == trend.to_dict()
    with pytest.raises(UnsupportedInput):
        aging_frame([report.rows[0] for report in reports if report.rows])  # type: ignore[misc]


def test_money_type_of_sums() -> None:
    frame = aging_frame(example_aging())
    assert Decimal("127.40") == frame["total"].sum()
    assert Money("127.40").amount == frame["total"].sum()


# --- pandas is optional -------------------------------------------------------------------


FUNCTIONS = {
    "service_frame": lambda: service_frame(example_remittance()),
    "claim_line_frame": lambda: claim_line_frame(professional_claim()),
    "finding_frame": lambda: finding_frame([]),
    "ledger_frame": lambda: ledger_frame(example_ledger()),
    "aging_frame": lambda: aging_frame(example_aging()),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_without_pandas_every_function_says_how_to_install_it(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now fails
    with pytest.raises(MissingDependency) as info:
        FUNCTIONS[name]()
    err = info.value
    assert ("pandas", "pandas", f"rcm.batch.{name}") == (err.package, err.extra, err.function)
    assert "pip install 'rcmkit[pandas]'" in str(err)
    assert isinstance(err, RcmError)
    assert isinstance(err, ImportError)
    assert "missing-dependency" == err.error_code


def test_importing_rcm_batch_does_not_import_pandas() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import rcm.batch\n"
        "from rcm.remit._examples import example_remittance\n"
        "try:\n"
        "    rcm.batch.service_frame(example_remittance())\n"
        "except rcm.batch.MissingDependency as exc:\n"
        "    print(exc)\n"
        "del sys.modules['pandas']\n"
        "import importlib; sys.modules.pop('rcm.batch')\n"
        "before = set(sys.modules)\n"
        "importlib.import_module('rcm.batch')\n"
        "print('pandas' in sys.modules, 'numpy' in set(sys.modules) - before)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.splitlines()
    message = (
        "rcm.batch.service_frame needs pandas, which is not installed: pip install 'rcmkit[pandas]'"
    )
    assert [message, "False False"] == out


def test_remit_parse_error_passes_through() -> None:
    text = write_835([example_remittance()]).replace("CLP*", "CLP*X*", 1)
    with pytest.raises((RemitParseError, X12Error)):
        service_frame(text)
