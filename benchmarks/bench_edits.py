"""Benchmark: the claim edit engine (rcm.edits) beside claim-validator.

What it measures, each in a fresh subprocess so that peak RSS (``ru_maxrss``)
belongs to that measurement alone:

* loading a synthetic NCCI PTP table in CMS's tab-delimited layout
  (default 2,000,000 rows) from text, and from rcm's cache file;
* checking five-line professional claims through every built-in family
  (COD, DX, CLM, MOD, PTP, MUE, AOC, MN, DUP, TF) with the real practitioner
  MUE table from ../shared (a synthetic one when it is absent), the PTP table
  above (at least 1,000,000 rows), small AOC and coverage tables, a filing
  limit and a claim history;
* claim-validator (``pip install claim-validator httpx``) on the same claims,
  converted to its input dicts, when it is installed.

The PTP file is synthetic (random pairs over the MUE table's codes, with
CMS's columns and header lines): the real one is not redistributable. Claims
draw their codes from a skewed (Zipf-like) distribution, as real claim mixes
are, five distinct codes per claim, among the codes claim-validator accepts
(five digits, or a letter and four digits: it refuses CPT category II and III
codes such as ``0333T``). They are dated over the 60 days from 2026-04-01, when
the real MUE file is in force (dated earlier, no MUE table would apply and the
MUE family would have nothing to do), with FY2026 diagnoses.

Throughput is claims per second of the process's CPU time, best of three runs
over the same claims; the machine's speed reference is printed last.

Usage::

    .venv/bin/python benchmarks/bench_edits.py [--ptp-rows 2000000] [--claims 20000]
        [--peer-claims 2000] [--skip-peer]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

MUE_FILE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "ncci_mue"
    / "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv"
)
#: Claims are dated over the 60 days from START, when the real MUE file (effective
#: 2026-04-01) is in force, and checked on AS_OF: with earlier dates no MUE table
#: would be in force and the MUE family would have nothing to check.
START = date(2026, 4, 1)
AS_OF = date(2026, 6, 15)
RATIONALES = [
    "Misuse of column two code with column one code",
    "Standards of medical / surgical practice",
    "Mutually exclusive procedures",
    "CPT Manual or CMS manual coding instructions",
    "More extensive procedure",
]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- inputs ----------------------------------------------------------------------------


def _mue_table():
    from rcm.edits.tables import MueRow, MueTable, load_mue

    if MUE_FILE.exists():
        return load_mue(MUE_FILE), "real practitioner MUE file (2026-04-01)"
    rng = random.Random(7)
    rows = [
        MueRow(f"{n:05d}", rng.choice([1, 1, 2, 3, 4, 10]), rng.choice([1, 2, 3, 3]))
        for n in range(10000, 25000)
    ]
    return MueTable(rows, setting="practitioner", version="synthetic"), "synthetic MUE table"


def _codes(mue) -> list[str]:
    return sorted(row.code for row in mue if row.value > 0)


def write_ptp(path: Path, codes: list[str], rows: int, seed: int = 11) -> int:
    """A PTP file in CMS's layout with about *rows* random pairs over *codes*."""
    rng = random.Random(seed)
    per_code = max(1, rows // len(codes))
    written = 0
    with path.open("w", encoding="latin-1", newline="\n") as out:
        out.write(
            "CPT codes, descriptions and other data only are copyright American Medical "
            "Association (synthetic benchmark file: pairs are random)\n"
            "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\t"
            "Deletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\t"
            "PTP Edit Rationale\n"
        )
        for column1 in codes:
            partners = sorted(set(rng.sample(codes, min(len(codes), per_code + 1))) - {column1})
            for column2 in partners[:per_code]:
                effective = rng.choice(("19960101", "20020101", "20100401", "20170101"))
                deleted = "*"
                if rng.random() < 0.15:
                    deleted = "20211231" if effective < "20211231" else "*"
                mi = rng.choice("0111119")
                out.write(
                    f"{column1}\t{column2}\t{'*' if effective == '19960101' else ''}\t"
                    f"{effective}\t{deleted}\t{mi}\t{rng.choice(RATIONALES)}\n"
                )
                written += 1
    return written


def make_claims(codes: list[str], count: int, seed: int = 3):
    """Five-line claims with skewed code frequencies, for many patients over 60 days."""
    from rcm.claims import Diagnosis
    from rcm.coding import icd10cm
    from rcm.dates import DateRange
    from rcm.testing._edits import _line, _total, clean_claim

    rng = random.Random(seed)
    # Only the shapes claim-validator accepts (it refuses CPT category II/III codes
    # such as 0333T), so that both libraries check the very same claims.
    plain = [c for c in codes if re.fullmatch(r"[0-9]{5}|[A-Z][0-9]{4}", c)]
    common = rng.sample(plain, 600)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(common))]
    fy = icd10cm.release(on=START)
    # claim-validator refuses ICD-10-CM categories with a letter in third place (M1A).
    pool = [c for c in fy.codes(billable=True) if c[0] in "EIJKMNRZ" and c[1:3].isdigit()]
    diagnoses = rng.sample(pool, 300)
    base = clean_claim()
    claims = []
    for number in range(count):
        day = START + timedelta(days=rng.randrange(60))
        chosen: list[str] = []
        while len(chosen) < 5:
            code = rng.choices(common, weights)[0]
            if code not in chosen:
                chosen.append(code)
        dx = tuple(Diagnosis(code=c) for c in rng.sample(diagnoses, rng.randint(1, 3)))
        lines = tuple(
            _line(code, day, (1,), f"{rng.randint(20, 400)}.00").evolve(
                service_date=DateRange.single(day)
            )
            for code in chosen
        )
        subscriber = base.coverage.subscriber.evolve(member_id=f"M{number % 5000:08d}")
        claim = _total(
            base,
            lines,
            diagnoses=dx,
            claim_id=f"B{number:09d}",
            coverage=base.coverage.evolve(subscriber=subscriber),
        )
        claims.append(claim)
    return claims


def _tables(ptp, mue):
    from rcm.edits import FilingLimit, Tables
    from rcm.edits.tables import AocRow, AocTable, CoveragePolicy, CoverageTable

    codes = _codes(mue)
    rng = random.Random(5)
    addons = rng.sample(codes, 150)
    aoc = AocTable(
        [AocRow(a, p, 1) for a in addons[:100] for p in rng.sample(codes, 5)]
        + [AocRow(a, None, 2) for a in addons[100:]],
        version="synthetic",
    )
    coverage = CoverageTable(
        [
            CoveragePolicy(code, f"synthetic L{n:05d}", prefixes=("E11", "I10", "R73", "J"))
            for n, code in enumerate(rng.sample(codes, 300))
        ],
        version="synthetic",
    )
    return Tables(
        ptp=ptp,
        mue=mue,
        aoc=aoc,
        coverage=coverage,
        filing_limits=(FilingLimit(days=365, source="benchmark"),),
    )


# --- phases (each runs in its own process) ------------------------------------------------


def phase_write(workdir: Path, rows: int) -> dict[str, object]:
    mue, label = _mue_table()
    codes = _codes(mue)
    started = time.perf_counter()
    written = write_ptp(workdir / "ccipra-v999r0-f1.txt", codes, rows)
    return {
        "rows": written,
        "codes": len(codes),
        "mue": label,
        "seconds": time.perf_counter() - started,
    }


def phase_load_text(workdir: Path) -> dict[str, object]:
    from rcm.edits.tables import load_ptp, save_cache

    started = time.perf_counter()
    table = load_ptp(workdir / "ccipra-v999r0-f1.txt")
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    save_cache(table, workdir / "ptp.rcmtable")
    return {"rows": len(table), "seconds": seconds, "peak_mb": peak}


def phase_load_cache(workdir: Path) -> dict[str, object]:
    from rcm.edits.tables import load_cache

    baseline = _peak_mb()
    started = time.perf_counter()
    table = load_cache(workdir / "ptp.rcmtable")
    seconds = time.perf_counter() - started
    return {"rows": len(table), "seconds": seconds, "peak_mb": _peak_mb(), "baseline_mb": baseline}


def phase_run(workdir: Path, count: int) -> dict[str, object]:
    import attrs

    from rcm.edits import Context, History, run_many
    from rcm.edits.tables import load_cache

    mue, _ = _mue_table()
    ptp = load_cache(workdir / "ptp.rcmtable")
    claims = make_claims(_codes(mue), count)
    history = History(make_claims(_codes(mue), count // 4, seed=99))
    context = Context(as_of=AS_OF, tables=_tables(ptp, mue), history=history)
    warm = list(run_many(claims[:500], context))
    results = {}
    for label, ctx, freeze in (
        ("all families, with history", context, False),
        ("all families, no history", attrs.evolve(context, history=None), False),
        ("all families, with history, gc.freeze() after loading", context, True),
    ):
        if freeze:
            # Batch jobs that hold big tables and many claims for the whole run can
            # move them out of the collector's sight once loaded (gc.freeze()).
            gc.freeze()
        best_wall = best_cpu = float("inf")
        findings = 0
        for _ in range(3):
            wall, cpu = time.perf_counter(), time.process_time()
            reports = list(run_many(claims, ctx))
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
            findings = sum(len(r.findings) for r in reports)
        families = sorted({code.rstrip("0123456789") for r in reports for code in r.edits})
        results[label] = {
            "claims": len(claims),
            "claims_per_second_wall": len(claims) / best_wall,
            "claims_per_second_cpu": len(claims) / best_cpu,
            "findings": findings,
            "families": families,
        }
    del warm
    results["peak_mb"] = _peak_mb()
    return results


def _to_peer(claim) -> dict[str, object]:
    patient = claim.patient
    return {
        "billing_provider_npi": claim.billing_provider.npi,
        "rendering_provider_npi": claim.rendering_provider.npi,
        "subscriber_id": claim.coverage.subscriber.member_id,
        "patient_first_name": patient.first_name,
        "patient_last_name": patient.last_name,
        "patient_dob": patient.birth_date.isoformat(),
        "patient_gender": patient.sex,
        "payer_id": claim.coverage.payer.payer_id,
        "payer_name": claim.coverage.payer.name,
        "place_of_service": claim.place_of_service,
        "total_charge": float(claim.total_charge.amount),
        "diagnosis_codes": [
            {"code": f"{d.code[:3]}.{d.code[3:]}" if len(d.code) > 3 else d.code, "pointer": i + 1}
            for i, d in enumerate(claim.diagnoses)
        ],
        "lines": [
            {
                "procedure_code": line.procedure_code,
                "modifiers": list(line.modifiers),
                "diagnosis_pointers": list(line.diagnosis_pointers),
                "charge_amount": float(line.charge.amount),
                "units": float(line.units),
                "service_date_from": line.service_date.start.isoformat(),
            }
            for line in claim.lines
        ],
    }


def phase_peer(workdir: Path, count: int) -> dict[str, object]:
    try:
        import claim_validator
    except ImportError as exc:
        return {"error": f"claim-validator is not installed ({exc})"}
    mue, _ = _mue_table()
    claims = [_to_peer(c) for c in make_claims(_codes(mue), count)]
    claim_validator.validate(claims[0])
    started, cpu = time.perf_counter(), time.process_time()
    findings = 0
    for data in claims:
        result = claim_validator.validate(data)
        findings += len(getattr(result, "findings", ()) or ())
    wall = time.perf_counter() - started
    return {
        "version": getattr(claim_validator, "__version__", "?"),
        "claims": len(claims),
        "claims_per_second_wall": len(claims) / wall,
        "claims_per_second_cpu": len(claims) / (time.process_time() - cpu),
        "findings": findings,
        "peak_mb": _peak_mb(),
    }


PHASES = {
    "write": phase_write,
    "load-text": phase_load_text,
    "load-cache": phase_load_cache,
    "run": phase_run,
    "peer": phase_peer,
}


def _child(phase: str, workdir: Path, *extra: str) -> dict[str, object]:
    command = [sys.executable, __file__, "--phase", phase, "--workdir", str(workdir), *extra]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"phase {phase} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--ptp-rows", type=int, default=2_000_000)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--peer-claims", type=int, default=2_000)
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        function = PHASES[args.phase]
        if args.phase == "write":
            result = function(args.workdir, args.ptp_rows)
        elif args.phase in ("run", "peer"):
            result = function(args.workdir, args.count)
        else:
            result = function(args.workdir)
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        written = _child("write", workdir, "--ptp-rows", str(args.ptp_rows))
        print(
            f"synthetic PTP file: {written['rows']:,} rows over {written['codes']:,} codes "
            f"({written['mue']}), written in {written['seconds']:.1f} s"
        )
        size = (workdir / "ccipra-v999r0-f1.txt").stat().st_size / 1e6
        text = _child("load-text", workdir)
        print(
            f"load_ptp (text, {size:.0f} MB): {text['rows']:,} rows in {text['seconds']:.2f} s, "
            f"peak RSS {text['peak_mb']:.0f} MB"
        )
        cache = _child("load-cache", workdir)
        cache_size = (workdir / "ptp.rcmtable").stat().st_size / 1e6
        print(
            f"load_cache ({cache_size:.0f} MB file): {cache['rows']:,} rows in "
            f"{cache['seconds']:.3f} s, peak RSS {cache['peak_mb']:.0f} MB "
            f"(interpreter with rcm imported: {cache['baseline_mb']:.0f} MB)"
        )
        run = _child("run", workdir, "--count", str(args.claims))
        for label, result in run.items():
            if label == "peak_mb":
                continue
            print(
                f"rcm.edits run_many, {label}: {result['claims']:,} five-line claims, "
                f"{result['claims_per_second_wall']:,.0f} claims/s wall, "
                f"{result['claims_per_second_cpu']:,.0f} claims/s CPU, "
                f"{result['findings']:,} findings; families {', '.join(result['families'])}"
            )
        print(f"rcm.edits run phase peak RSS (tables, claims, history): {run['peak_mb']:.0f} MB")
        if not args.skip_peer:
            peer = _child("peer", workdir, "--count", str(args.peer_claims))
            if "error" in peer:
                print(f"claim-validator: {peer['error']}")
            else:
                print(
                    f"claim-validator {peer['version']}: {peer['claims']:,} claims, "
                    f"{peer['claims_per_second_wall']:,.0f} claims/s wall, "
                    f"{peer['claims_per_second_cpu']:,.0f} claims/s CPU, "
                    f"{peer['findings']:,} findings, peak RSS {peer['peak_mb']:.0f} MB"
                )
    import timeit

    reference = min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000 * 1e6
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
        f"speed reference sum(range(1000)) = {reference:.1f} us "
        "(about 7-8 us on a current desktop core)"
    )


if __name__ == "__main__":
    main()
