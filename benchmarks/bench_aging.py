"""Benchmark: AR aging over a ledger of more than a million entries.

Builds the ledger the way a practice would: bills 110,000 claims and posts a
remittance answering them (with ``bench_posting.build``), which gives about
1.3 million ledger entries (charges, payments, contractual adjustments,
patient responsibility moves, denials). Then times:

* rcm ``aging(ledger, as_of=...)`` (insurance by payer and patient, five
  buckets, no later events), on the same ledger as of two dates;
* pandas, the usual tool for this: the same aging as a ``groupby`` over a
  DataFrame of the entries (time to build the DataFrame shown apart).

Both answers are compared, cent for cent. Throughput is in entries per
second of CPU time; peak RSS is the process's (it includes the ledger).

Usage::

    .venv/bin/python benchmarks/bench_aging.py [--claims 110000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def calibration() -> float:
    """CPU seconds of a fixed pure-Python loop (10 million additions), to compare machines."""
    start = _cpu()
    total = 0
    for number in range(10_000_000):
        total += number
    return _cpu() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=110_000)
    args = parser.parse_args()

    from bench_posting import build

    from rcm.ar import aging
    from rcm.remit.posting import BALANCE_KINDS, Ledger, post

    claims, remit = build(args.claims)
    ledger = Ledger().bill_many(claims, on=date(2025, 3, 4))
    ledger = ledger.apply(post(ledger, remit))
    entries = len(ledger)
    print(f"ledger: {len(ledger.accounts):,} claims, {entries:,} entries")
    print(f"calibration: 10M-iteration Python loop in {calibration():.2f} s CPU on this machine")
    print(f"{'measurement':<28} {'cpu s':>7} {'wall s':>7} {'entries/s (cpu)':>16}")

    results = {}
    for as_of in (date(2025, 3, 31), date(2025, 7, 31)):
        cpu, wall = _cpu(), time.perf_counter()
        report = aging(ledger, as_of=as_of)
        cpu, wall = _cpu() - cpu, time.perf_counter() - wall
        results[as_of] = report
        label = f"rcm aging {as_of.isoformat()}"
        print(f"{label:<28} {cpu:>7.2f} {wall:>7.2f} {entries / cpu:>16,.0f}")

    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is in the bench extra
        print("pandas not installed: skipping the peer")
    else:
        cpu, wall = _cpu(), time.perf_counter()
        rows = [
            (e.claim_id, e.party, e.posted_on.toordinal(), e.amount.cents)
            for e in ledger.entries
            if e.kind in BALANCE_KINDS and e.claim_id is not None
        ]
        frame = pd.DataFrame(rows, columns=["claim", "party", "day", "cents"])
        service = pd.Series(
            {cid: a.service_date.toordinal() for cid, a in ledger.accounts.items()}, name="service"
        )
        cpu, wall = _cpu() - cpu, time.perf_counter() - wall
        print(f"{'pandas: build the frame':<28} {cpu:>7.2f} {wall:>7.2f}")
        for as_of, report in results.items():
            cpu, wall = _cpu(), time.perf_counter()
            upto = frame[frame["day"] <= as_of.toordinal()]
            owed = upto.groupby(["claim", "party"], sort=False)["cents"].sum()
            owed = owed[owed > 0].reset_index()
            owed["age"] = as_of.toordinal() - owed["claim"].map(service)
            owed["bucket"] = pd.cut(owed["age"], [-(10**9), 30, 60, 90, 120, 10**9], labels=False)
            table = owed.groupby(["party", "bucket"])["cents"].sum()
            cpu, wall = _cpu() - cpu, time.perf_counter() - wall
            print(
                f"{'pandas aging ' + as_of.isoformat():<28} {cpu:>7.2f} {wall:>7.2f} "
                f"{entries / cpu:>16,.0f}"
            )
            for row in report.rows:
                for bucket, amount in enumerate(row.buckets):
                    theirs = int(table.get((row.party, bucket), 0))
                    assert theirs == amount.cents, (row.party, bucket, theirs, amount)
        print("pandas and rcm agree to the cent")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB (the whole ledger, its claims and the remittance)")


if __name__ == "__main__":
    main()
