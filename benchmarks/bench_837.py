"""Benchmark 837P writing and reading: rcm against a split floor and pyx12.

Builds N varied professional claims (seeded, made-up: 1 to 4 lines, some
dependents, some secondary claims with COB loops, some replacements), then
reports claims per second of the process's CPU time (``time.process_time``:
other processes on the machine do not count) and peak memory for:

* rcm ``write_837p`` (claims -> text, everything checked first);
* rcm ``read_837`` (text -> validated ``Claim`` models, streaming);
* the floor: ``text.split(terminator)`` and ``split(element)`` (no models);
* pyx12: ``x12n_document`` reading and validating a slice of the same file
  against its 837 map (no models), scaled up to N.

* linuxforhealth-x12 (``X12ModelReader``, the other peer the issue names)
  reading the whole file into its pydantic-1 models. It cannot be installed
  beside rcm (pydantic 2), so it runs in its own interpreter: pass
  ``--lfh-python /path/to/venv/bin/python`` (a venv with
  ``pip install linuxforhealth-x12 'pydantic<2'``) or set
  ``RCM_BENCH_LFH_PYTHON``; without it the line says it was skipped.

Then it streams a file 10 times bigger from disk with ``read_837`` in a
child process and reports its peak memory next to the small file's, to show
memory stays flat.

Run: ``.venv/bin/python benchmarks/bench_837.py [--claims 10000] [--no-big] [--lfh-python PATH]``
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path

from rcm.claims import (
    Address,
    Adjustment,
    Claim,
    Coverage,
    Diagnosis,
    LineAdjudication,
    OtherPayer,
    Patient,
    Payer,
    Provider,
    Receiver,
    ServiceLine,
    Submitter,
    Subscriber,
    read_837,
    write_837p,
)
from rcm.dates import DateRange
from rcm.money import Money
from rcm.x12 import Delimiters, Envelope

ENVELOPE = Envelope(sender_id="CLINIC", receiver_id="ACME", date=date(2025, 6, 2), time=dtime(8, 0))
SUBMITTER = Submitter(name="SPRINGFIELD CLINIC", id="SC001", phone="2175550100")
RECEIVER = Receiver(name="ACME CLEARINGHOUSE", id="133052274")

CODES = ("99212", "99213", "99214", "36415", "93000", "81002", "90471", "J1100", "G0008")
DIAGNOSES = ("E119", "I10", "J209", "R059", "M545", "Z0000", "E785", "K219", "F419", "N390")
NAMES = ("SMITH", "JONES", "GARCIA", "BROWN", "LEE", "NGUYEN", "PATEL", "KIM", "O'HARA")
FIRST = ("ANN", "BOB", "CARLOS", "DANA", "EVE", "FRANK", "GRACE", "HUGO")


def _npi(body: str) -> str:
    from rcm.coding import npi

    return body + npi.calc_check_digit(body)


def make_claims(count: int, seed: int = 7) -> list[Claim]:
    rng = random.Random(seed)
    providers = [
        Provider(
            name=f"CLINIC {n}",
            npi=_npi(f"1{n:08d}"),
            taxonomy="207Q00000X",
            tax_id=f"{100000000 + n}",
            address=Address(
                line1=f"{n} MAIN ST", city="SPRINGFIELD", state="IL", postal_code="627011234"
            ),
        )
        for n in range(1, 6)
    ]
    payers = [Payer(name=f"PAYER {n}", payer_id=f"6{n:04d}") for n in range(1, 9)]
    claims: list[Claim] = []
    start = date(2025, 4, 1)
    for number in range(count):
        day = start + timedelta(days=rng.randrange(60))
        address = Address(
            line1=f"{rng.randrange(1, 999)} ELM ST",
            city="SPRINGFIELD",
            state="IL",
            postal_code="62701",
        )
        patient = Patient(
            last_name=rng.choice(NAMES),
            first_name=rng.choice(FIRST),
            birth_date=date(1940 + rng.randrange(70), rng.randrange(1, 13), rng.randrange(1, 28)),
            sex=rng.choice("FM"),
            address=address,
        )
        dependent = rng.random() < 0.2
        if dependent:
            subscriber = Subscriber(
                member_id=f"M{number:09d}", last_name=patient.last_name, first_name="PARENT"
            )
            relationship = "19"
        else:
            subscriber = Subscriber.from_patient(patient, member_id=f"M{number:09d}")
            relationship = "18"
        coverage = Coverage(
            payer=rng.choice(payers),
            subscriber=subscriber,
            relationship=relationship,
            filing_indicator="CI",
        )
        dxs = rng.sample(DIAGNOSES, rng.randint(1, 4))
        lines = [
            ServiceLine(
                procedure_code=rng.choice(CODES),
                modifiers=("25",) if rng.random() < 0.2 else (),
                charge=Money.from_cents(rng.randrange(1000, 40000)),
                units=Decimal(rng.randint(1, 3)),
                service_date=DateRange.single(day),
                diagnosis_pointers=tuple(range(1, min(len(dxs), 4) + 1))[: rng.randint(1, 4)],
            )
            for _ in range(rng.randint(1, 4))
        ]
        other_payers: tuple[OtherPayer, ...] = ()
        responsibility = "P"
        if rng.random() < 0.25:
            responsibility = "S"
            primary = Coverage(
                payer=Payer(name="PRIMARY PLAN", payer_id="99999"),
                subscriber=subscriber.evolve(birth_date=None, sex=None),
                relationship=relationship,
                filing_indicator="MB",
            )
            paid_date = day + timedelta(days=20)
            adjudicated = []
            for line in lines:
                paid = Money.from_cents(line.charge.cents * 8 // 10)
                adjudicated.append(
                    line.evolve(
                        adjudications=(
                            LineAdjudication(
                                payer_id="99999",
                                paid_amount=paid,
                                procedure_code=line.procedure_code,
                                modifiers=line.modifiers,
                                units=line.units,
                                paid_date=paid_date,
                                adjustments=(
                                    Adjustment(group="CO", reason="45", amount=line.charge - paid),
                                ),
                            ),
                        )
                    )
                )
            lines = adjudicated
            paid_total = sum((a.paid_amount for ln in lines for a in ln.adjudications), Money(0))
            other_payers = (
                OtherPayer(
                    coverage=primary,
                    responsibility="P",
                    paid_amount=paid_total,
                    paid_date=paid_date,
                ),
            )
        frequency = "7" if rng.random() < 0.05 else "1"
        claims.append(
            Claim(
                kind="professional",
                claim_id=f"PCN{number:08d}",
                billing_provider=rng.choice(providers),
                coverage=coverage,
                responsibility=responsibility,
                patient=patient,
                total_charge=sum((line.charge for line in lines), Money(0)),
                frequency_code=frequency,
                original_claim_number="ORIG12345" if frequency == "7" else None,
                place_of_service="11",
                diagnoses=tuple(Diagnosis(code=code) for code in dxs),
                prior_authorization=f"PA{number}" if rng.random() < 0.1 else None,
                other_payers=other_payers,
                lines=tuple(lines),
            )
        )
    return claims


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """The least CPU time (seconds of this process) *fn* took in *runs* runs."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def peak_kib(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] // 1024
    finally:
        tracemalloc.stop()


def split_floor(text: str) -> int:
    terminator = text[105]
    element = text[3]
    count = 0
    for raw in text.split(terminator):
        if raw.split(element)[0].strip() == "CLM":
            count += 1
    return count


def pyx12_validate(path: Path) -> bool:
    """pyx12 reading and validating the file against its 837 map (no models)."""
    import io
    import logging

    import pyx12.params
    import pyx12.x12n_document

    logging.getLogger("pyx12").setLevel(logging.CRITICAL)
    return bool(
        pyx12.x12n_document.x12n_document(
            param=pyx12.params.params(), src_file=str(path), fd_997=io.StringIO(), fd_html=None
        )
    )


LFH_SCRIPT = """
import json, resource, sys, time
from linuxforhealth.x12.io import X12ModelReader
before = resource.getrusage(resource.RUSAGE_SELF)
start = time.perf_counter()
claims = 0
with X12ModelReader(sys.argv[1]) as reader:
    for model in reader.models():
        for provider in model.loop_2000a:
            for subscriber in provider.loop_2000b:
                claims += len(subscriber.loop_2300 or ())
                for patient in subscriber.loop_2000c or ():
                    claims += len(patient.loop_2300 or ())
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF)
cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
print(json.dumps({"claims": claims, "cpu_seconds": cpu, "maxrss_mb": after.ru_maxrss / 1024}))
"""


def linuxforhealth(python: str | None, path: Path, expected: int) -> str:
    """linuxforhealth-x12 reading *path* in its own interpreter (it needs pydantic 1)."""
    if not python:
        return "skipped (pass --lfh-python: it needs pydantic 1 in its own venv)"
    result = subprocess.run(  # noqa: PLW1510 - the return code is checked below
        [python, "-c", LFH_SCRIPT, str(path)], capture_output=True, text=True, timeout=3600
    )
    if result.returncode != 0:
        return "failed: " + (result.stderr.strip().splitlines() or ["?"])[-1][:150]
    data = json.loads(result.stdout.strip().splitlines()[-1])
    claims, cpu = int(data["claims"]), float(data["cpu_seconds"])
    note = "" if claims == expected else f" (counted {claims} of {expected} claims)"
    return (
        f"{cpu:7.3f} s  {claims / cpu:10,.0f} claims/CPU-s, "
        f"peak RSS {data['maxrss_mb']:.0f} MB{note}"
    )


def child_peak(path: Path) -> str:
    """Stream *path* with read_837 in a fresh process; return its claim count and peak KiB.

    tracemalloc's peak, not ru_maxrss: a child started by fork and exec keeps
    its parent's high-water mark.
    """
    code = (
        "import sys, tracemalloc\n"
        "from rcm.claims import read_837\n"
        "tracemalloc.start()\n"
        "n = sum(1 for _ in read_837(sys.argv[1]))\n"
        "print(f'{n} claims, peak {tracemalloc.get_traced_memory()[1] // 1024:,} KiB')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pyx12-claims", type=int, default=1000)
    parser.add_argument("--no-big", action="store_true", help="skip the 10x streaming check")
    parser.add_argument("--lfh-python", default=os.environ.get("RCM_BENCH_LFH_PYTHON"))
    args = parser.parse_args()

    print(f"building {args.claims} claims ...", flush=True)
    claims = make_claims(args.claims)

    def write() -> str:
        return write_837p(
            claims,
            submitter=SUBMITTER,
            receiver=RECEIVER,
            envelope=ENVELOPE,
            delimiters=Delimiters(suffix="\n"),
        )

    text = write()
    n = len(claims)
    seconds = best_of(args.runs, write)
    print(
        f"rcm write_837p : {seconds:7.3f} s  {n / seconds:10,.0f} claims/CPU-s  "
        f"({len(text) / 1e6:.1f} MB)"
    )

    assert n == sum(1 for _ in read_837(text))
    seconds = best_of(args.runs, lambda: sum(1 for _ in read_837(text)))
    print(f"rcm read_837   : {seconds:7.3f} s  {n / seconds:10,.0f} claims/CPU-s")
    seconds = best_of(args.runs, lambda: split_floor(text))
    print(f"split floor    : {seconds:7.3f} s  {n / seconds:10,.0f} claims/CPU-s (no models)")

    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.837"
        small.write_text(text, encoding="utf-8")
        try:
            subset = claims[: args.pyx12_claims]
            slice_path = Path(tmp) / "slice.837"
            slice_path.write_text(
                write_837p(subset, submitter=SUBMITTER, receiver=RECEIVER, envelope=ENVELOPE),
                encoding="utf-8",
            )
            seconds = best_of(1, lambda: pyx12_validate(slice_path))
            rate = len(subset) / seconds
            print(
                f"pyx12 validate : {seconds:7.3f} s for {len(subset)} claims, "
                f"{rate:10,.0f} claims/CPU-s (~{n / rate:.0f} s for {n})"
            )
        except ImportError:
            print("pyx12 validate : pyx12 not installed")

        print(f"lfh-x12 read   : {linuxforhealth(args.lfh_python, small, n)}")
        print(f"peak memory, write (tracemalloc): {peak_kib(write):,} KiB")
        print(
            f"peak memory, read from memory (tracemalloc): "
            f"{peak_kib(lambda: sum(1 for _ in read_837(text))):,} KiB"
        )
        print(f"streaming read from disk, {n} claims: {child_peak(small)}")
        if not args.no_big:
            big = Path(tmp) / "big.837"
            body = text
            with big.open("w", encoding="utf-8") as handle:
                for _ in range(10):
                    handle.write(body)  # ten interchanges, one after another
            print(f"streaming read from disk, {10 * n} claims: {child_peak(big)}")


if __name__ == "__main__":
    main()
