"""Scrub a claim before it goes out: NCCI PTP, MUE, add-on codes, coverage, filing limit.

The tables here are tiny files this script writes itself, in the layouts CMS
publishes (the real ones carry CPT codes and are not redistributable: download
them from CMS and point the same loaders at them). Their rows are made up for
the example.

    .venv/bin/python examples/scrub_claim.py
"""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from rcm.claims import Diagnosis
from rcm.claims.examples import professional_claim
from rcm.dates import DateRange
from rcm.edits import Context, FilingLimit, History, Tables, run, run_many
from rcm.edits.tables import (
    load_aoc,
    load_cache,
    load_coverage_csv,
    load_mue,
    load_ptp,
    save_cache,
)
from rcm.money import Money

PTP_TEXT = (
    "CPT codes, descriptions and other data only are copyright American Medical Association.\n"
    "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\t"
    "Deletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\t"
    "PTP Edit Rationale\n"
    "80053\t82947\t\t20000101\t*\t0\tMisuse of column two code with column one code\n"
    "99214\t36415\t\t20100101\t*\t1\tStandards of medical / surgical practice\n"
    "99214\t93000\t\t20010101\t20191231\t1\tStandards of medical / surgical practice\n"
)
MUE_CSV = (
    '"CPT codes, descriptions and other data only are copyright American Medical '
    'Association.\n\nAll rights reserved."\n'
    '"HCPCS/\nCPT Code",Practitioner Services MUE Values,MUE Adjudication Indicator,'
    "MUE Rationale\n"
    "36415,2,3 Date of Service Edit: Clinical,Clinical: Data\n"
    "71046,1,2 Date of Service Edit: Policy,Code Descriptor / CPT Instruction\n"
    "99214,1,2 Date of Service Edit: Policy,Code Descriptor / CPT Instruction\n"
)
AOC_TEXT = (
    "Add-on Code\tPrimary Code\tAOC Edit Type\tAOC Effective Date\tAOC Deletion Date\t"
    "Primary Code Effective Date\tPrimary Code Deletion Date\n"
    "99292\t99291\t1\t2000001\t*\t2000001\t*\n"
)
COVERAGE_CSV = (
    "procedure,diagnosis,effective,expires,policy\n"
    "71046,J20.-,,,example policy\n"
    "71046,R05.-,,,example policy\n"
    "82947,E11.-,,,example policy\n"
)


def tables(folder: Path) -> Tables:
    (folder / "ccipra-v999r0-f1.txt").write_text(PTP_TEXT, encoding="latin-1")
    (folder / "MCR_MUE_PractitionerServices_Eff_01-01-2025.csv").write_text(
        MUE_CSV, encoding="cp1252"
    )
    (folder / "aoc.txt").write_text(AOC_TEXT, encoding="latin-1")
    (folder / "coverage.csv").write_text(COVERAGE_CSV, encoding="utf-8")
    ptp = load_ptp(folder / "ccipra-v999r0-f1.txt")
    # Big tables load much faster from rcm's own cache file the second time.
    cached = load_cache(save_cache(ptp, folder / "ptp.rcmtable"))
    return Tables(
        ptp=cached,
        mue=load_mue(folder / "MCR_MUE_PractitionerServices_Eff_01-01-2025.csv"),
        aoc=load_aoc(folder / "aoc.txt", version="example"),
        coverage=load_coverage_csv(folder / "coverage.csv", version="example"),
        filing_limits=(FilingLimit(days=90, payer="60054", source="ACME contract"),),
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        loaded = tables(Path(folder))
    claim = professional_claim()
    context = Context(as_of=date(2025, 3, 10), tables=loaded)

    print("A clean claim:")
    print(run(claim, context).format())

    day = DateRange.single(date(2025, 3, 3))
    lines = (
        claim.lines[0].evolve(units=Decimal(2)),  # two office visits: MUE 1, policy
        claim.lines[1],
        claim.lines[1].evolve(procedure_code="36415", modifiers=("59",)),  # bypassed pair
        claim.lines[1].evolve(procedure_code="99292", service_date=day),  # add-on alone
        claim.lines[1].evolve(procedure_code="82947"),  # glucose test for a cough
    )
    messy = claim.evolve(
        lines=lines,
        total_charge=sum((line.charge for line in lines), Money(0)),
        diagnoses=(*claim.diagnoses, Diagnosis(code="E10.9"), Diagnosis(code="E11.9")),
    )
    report = run(messy, context)
    print("\nA claim with problems:")
    print(report.format())
    print("\npredicted denial codes (CARC):", ", ".join(report.carcs))
    print("tables consulted:", "; ".join(report.sources))

    late = run(claim, Context(as_of=date(2025, 6, 15), tables=loaded))
    print("\nThe clean claim, 104 days after the service:")
    print(late.format())

    sent = History([claim])
    again = list(run_many([claim], Context(as_of=date(2025, 3, 10), history=sent)))
    print("\nSent twice:", again[0].findings[0])
    assert report.errors
    assert not run(claim, context).findings


if __name__ == "__main__":
    main()
