"""Every 835 in the real corpus (../shared/corpus/x12): read as expected, or a clear RcmError.

The expected figures are not rcm's output: the counts come from MANIFEST.md
(CLP, CLP02=22 reversals, PLB, ST, balancing status) and the totals from a
plain ``str.split`` pass over each file written for this purpose (sum of
CLP03, CLP04, signed BPR02 and PLB amounts; SVC segments and CAS triplets).
For the files that cannot be read, the expectation says why, from reading
the file: an 004010 guide, a template with placeholder values, masked codes,
a composite written with the wrong component separator, an impossible date,
no ISA header.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

from rcm.errors import RcmError, RemitParseError, X12SyntaxError
from rcm.money import Money
from rcm.remit import Remittance, check_balance, iter_claims, read_835, summarize, write_835

pytestmark = pytest.mark.shared


class Read(NamedTuple):
    transactions: int
    claims: int
    reversals: int
    plb_segments: int
    adjustments: int  # CAS triplets, claim and line level
    service_lines: int
    charge: str  # sum of CLP03
    paid: str  # sum of CLP04
    payment: str  # sum of BPR02, negative for BPR03 = D
    plb: str  # sum of PLB amounts
    failing_rules: frozenset[str] = frozenset()


class Fails(NamedTuple):
    error: type[RcmError]
    segment_id: str | None
    why: str


HEROPHILUS = "github-Project-Herophilus-Assets/Testing/TestData/samples-edi/"
OOP = (
    "github-Inteligenz-X12Parser/tests/OopFactory.X12.Tests.Unit/Parsing/_SampleEdiFiles/INS/_835/"
)
LFH = "github-LinuxForHealth-x12/src/tests/resources/835_005010X221A1/"

EXPECTED: dict[str, Read | Fails] = {
    # manifest: 1 CLP, 3 CAS, balance FAIL (claims 1/1, lines 0/2, BPR 0/1)
    "github-CHS-CDS-AIML-edi-835-parser/tests/test_edi_835_files/test.835": Read(
        1,
        1,
        0,
        0,
        3,
        2,
        "2000",
        "1500.50",
        "1500.50",
        "0",
        frozenset({"claim", "claim-paid"}),
    ),
    OOP + "_4010/Example1_GripElements.txt": Fails(RemitParseError, "ST", "004010X091A1"),
    OOP + "_4010/FromNth/835_DeIdent_01.dat": Fails(RemitParseError, "ST", "999999X999X9"),
    OOP + "_4010/FromNth/835_DeIdent_02.dat": Fails(RemitParseError, "ST", "999999X999X9"),
    OOP + "_5010/Example1.txt": Fails(RemitParseError, "ST", "guide 5010"),
    OOP + "_5010/ExampleFromNth.txt": Fails(RemitParseError, "LQ", "X999"),  # masked RARCs
    OOP + "_5010/FromNth/835_WithMultipleInterchanges.txt": Fails(RemitParseError, "LQ", "X999"),
    # manifest: 2 CLP, 1 PLB, 2 CAS, balances
    "github-LinuxForHealth-x12/demo-file/demo.835": Read(
        1, 2, 0, 1, 2, 0, "226366.97", "149998.73", "150000.00", "-1.27"
    ),
    LFH + "cob-contractural-adjustment.835": Fails(RemitParseError, "SVC", "ISA16"),
    LFH + "managed-care.835": Fails(RemitParseError, "BPR", "20002316"),
    LFH + "secondary-payment.835": Fails(RemitParseError, "SVC", "ISA16"),
    LFH + "tertiary-payment.835": Fails(RemitParseError, "SVC", "procedure code"),
    # manifest: 2 CLP, 1 reversal, 2 CAS, balances
    HEROPHILUS + "835 Inst Sample(Inpatient DRG Retro).txt": Read(
        1, 2, 1, 0, 2, 0, "0.00", "1.57", "1.57", "0"
    ),
    HEROPHILUS + "835 Sample (Institutional Claims only).2014.txt": Read(
        1, 2, 0, 0, 2, 0, "2424.47", "1481.99", "1481.99", "0"
    ),
    HEROPHILUS + "835 Sample (Professional Claims only-no payment).2014.txt": Read(
        1, 1, 0, 0, 2, 2, "34", "0", "0", "0"
    ),
    HEROPHILUS + "835 Sample Pharmacy.2014.txt": Read(
        1, 3, 0, 1, 4, 3, "269.92", "223.64", "219.65", "3.99"
    ),
    HEROPHILUS + "835Sample(OutpatientRetro).txt": Read(
        1, 2, 1, 1, 1, 0, "0.00", "-20.16", "0", "-20.16"
    ),
    "github-affect-therapeutics-edi-835-parser/tests/test_edi_835_files/emedny_sample.txt": Read(
        1, 3, 0, 0, 4, 10, "102.50", "45.75", "45.75", "0"
    ),
    "github-affect-therapeutics-edi-835-parser/tests/test_edi_835_files/exhaustive_sample.txt": (
        Fails(X12SyntaxError, None, "ISA")
    ),
    # manifest: 3 ST, 3 CLP, 1 PLB, 5 CAS, balances
    "github-affect-therapeutics-edi-835-parser/tests/test_edi_835_files/nevada_medicaid.txt": Read(
        3, 3, 0, 1, 5, 0, "116465.04", "0", "1812.27", "-1812.27"
    ),
    "github-affect-therapeutics-edi-835-parser/tests/test_edi_835_files/sample_835.txt": Fails(
        RemitParseError,
        "TS3",
        "TS304",  # template placeholders
    ),
    "github-affect-therapeutics-edi-835-parser/tests/test_edi_835_files/"
    "sample_835_with_interests.txt": Fails(RemitParseError, "TS3", "TS304"),
    "github-azoner-pyx12/pyx12/tests/835_mult_loops.txt": Read(
        1, 1, 0, 0, 3, 3, "915.39", "0", "0", "0"
    ),
    "github-azoner-pyx12-2012/test/files/835_simple.txt": Fails(
        RemitParseError, "ST", "004010X091A1"
    ),
    "github-azoner-pyx12-2012/test/files/bad_header_looping.txt": Fails(
        RemitParseError, "ST", "004010X091A1"
    ),
    "github-azoner-pyx12-2012/test/files/mult_isa.txt": Fails(RemitParseError, "ST", "278"),
    "github-azoner-pyx12-2012/test/files/mult_trn.txt": Fails(RemitParseError, "ST", "278"),
    "github-hzbarcea-x12-parser/src/test/resources/example835One.txt": Fails(
        RemitParseError, "ST", "(none)"
    ),
    "github-hzbarcea-x12-parser/src/test/resources/example835SpecialCharsOne.txt": Fails(
        RemitParseError, "ST", "(none)"
    ),
    "github-jyoung-centric-edi-835-parser/tests/test_edi_835_files/blue_cross_nc_sample.txt": (
        Fails(X12SyntaxError, None, "ISA")
    ),
    "github-jyoung-centric-edi-835-parser/tests/test_edi_835_files/emedny_sample.txt": Read(
        1, 3, 0, 0, 4, 10, "102.50", "45.75", "45.75", "0"
    ),
    "github-keironstoddart-edi-835-parser/tests/test_edi_835_files/blue_cross_nc_sample.txt": (
        Fails(X12SyntaxError, None, "ISA")
    ),
    "github-keironstoddart-edi-835-parser/tests/test_edi_835_files/emedny_sample.txt": Read(
        1, 3, 0, 0, 4, 10, "102.50", "45.75", "45.75", "0"
    ),
    # manifest: 2 CLP, 6 CAS (7 triplets), balances
    "github-keironstoddart-edi-835-parser/tests/test_edi_835_files/"
    "united_healthcare_legacy_sample.txt": Read(
        1, 2, 0, 0, 7, 5, "1157.52", "349.99", "349.99", "0"
    ),
    "github-slott56-TigerShark/tests/835-example.txt": Fails(RemitParseError, "ST", "004010"),
    "github-slott56-TigerShark/tests/835-example-2.txt": Fails(RemitParseError, "ST", "004010"),
    # manifest: 156 ISA/GS/ST, 468 CLP, 624 CAS, balances
    "github-tastypackets-x12-parser/test/test-files/835/profee-multiple.edi": Read(
        156, 468, 0, 0, 624, 1560, "15990.00", "7137.00", "7137.00", "0"
    ),
    "github-tastypackets-x12-parser/test/test-files/835/profee.edi": Read(
        1, 3, 0, 0, 4, 10, "102.50", "45.75", "45.75", "0"
    ),
    "github-zentist-TigerShark/X12-0.08/t/sample_835.txt": Fails(RemitParseError, "ST", "(none)"),
    # manifest: 3 CLP, 10 CAS, balances (composite separator '|')
    "github-zentist-TigerShark/tests/5010-835-example-1.txt": Read(
        1, 3, 0, 0, 10, 9, "11370", "1790", "1790", "0"
    ),
    "github-zentist-TigerShark/tests/5010-835-example-2.txt": Read(
        1, 2, 0, 0, 6, 6, "2290.16", "100", "100", "0"
    ),
    "github-zentist-TigerShark/tests/5010-835-example-3.txt": Read(
        1, 2, 0, 0, 3, 2, "1188", "57.44", "57.44", "0"
    ),
}


def test_every_835_in_the_corpus_is_expected(corpus: Path) -> None:
    on_disk = set()
    for path in corpus.rglob("*"):
        if path.is_file() and path.name != "MANIFEST.md":
            head = path.read_bytes()[:4096]
            if b"ST*835*" in head or b"ST|835|" in head:
                on_disk.add(path.relative_to(corpus).as_posix())
    assert on_disk == set(EXPECTED)


def _money_sum(values: list[Money]) -> Decimal:
    return sum((value.amount for value in values), Decimal(0))


@pytest.mark.parametrize("relative", sorted(k for k, v in EXPECTED.items() if isinstance(v, Read)))
def test_corpus_file_reads_with_independent_totals(corpus: Path, relative: str) -> None:
    expected = EXPECTED[relative]
    assert isinstance(expected, Read)
    remittances = list(read_835(corpus / relative))
    claims = [claim for remit in remittances for claim in remit.claims]
    lines = [line for claim in claims for line in claim.services]
    actual = Read(
        transactions=len(remittances),
        claims=len(claims),
        reversals=sum(claim.is_reversal for claim in claims),
        plb_segments=sum(len(remit.provider_adjustments) for remit in remittances),
        adjustments=sum(1 for claim in claims for _ in claim.all_adjustments()),
        service_lines=len(lines),
        charge=str(_money_sum([claim.charge for claim in claims])),
        paid=str(_money_sum([claim.paid for claim in claims])),
        payment=str(_money_sum([remit.payment.signed_amount for remit in remittances])),
        plb=str(_money_sum([remit.provider_adjustment_total for remit in remittances])),
        failing_rules=frozenset(
            problem.rule for remit in remittances for problem in check_balance(remit)
        ),
    )
    normalised = expected._replace(
        charge=str(Decimal(expected.charge).quantize(Decimal("0.01"))),
        paid=str(Decimal(expected.paid).quantize(Decimal("0.01"))),
        payment=str(Decimal(expected.payment).quantize(Decimal("0.01"))),
        plb=str(Decimal(expected.plb).quantize(Decimal("0.01"))),
    )
    assert normalised == actual


@pytest.mark.parametrize("relative", sorted(k for k, v in EXPECTED.items() if isinstance(v, Read)))
def test_streaming_and_summary_agree_with_read_835(corpus: Path, relative: str) -> None:
    remittances = list(read_835(corpus / relative))
    streamed = [claim for _, claim in iter_claims(corpus / relative)]
    assert streamed == [claim for remit in remittances for claim in remit.claims]
    summary = summarize(corpus / relative)
    assert summary.claim_count == len(streamed)
    assert summary.problem_count == sum(len(check_balance(remit)) for remit in remittances)
    for remit in remittances:
        assert Remittance.model_validate_json(remit.model_dump_json()) == remit
        assert list(read_835(write_835([remit]))) == [remit]


@pytest.mark.parametrize("relative", sorted(k for k, v in EXPECTED.items() if isinstance(v, Fails)))
def test_unreadable_corpus_file_is_a_clear_error(corpus: Path, relative: str) -> None:
    expected = EXPECTED[relative]
    assert isinstance(expected, Fails)
    with pytest.raises(RcmError) as info:
        list(read_835(corpus / relative))
    err = info.value
    assert type(err) is expected.error
    assert err.segment_id == expected.segment_id
    assert expected.why in str(err)
    assert str(corpus / relative) in str(err)


def test_test_835_problems_name_the_claim_and_both_sides(corpus: Path) -> None:
    [remit] = read_835(
        corpus / "github-CHS-CDS-AIML-edi-835-parser/tests/test_edi_835_files/test.835"
    )
    [claim_problem, paid_problem] = check_balance(remit)
    # CLP03 2000 - (CAS 499.50 + 400 + 99.50) = 1001.00, but CLP04 says 1500.50
    assert (claim_problem.rule, claim_problem.expected, claim_problem.actual) == (
        "claim",
        Money("1001.00"),
        Money("1500.50"),
    )
    assert claim_problem.patient_control_number == "PATIENTACCOUNT01"
    assert claim_problem.claim_index == 1
    assert (paid_problem.rule, paid_problem.expected) == ("claim-paid", Money("1001.00"))
