"""Benchmark: an 835 into a pandas DataFrame with rcm.batch.service_frame, beside the floor.

Builds a large 835 (default 40,000 claims, about 100,000 service lines) with
``bench_835.build_file`` (rcm's own writer, nothing from ../shared). Each
measurement runs in a fresh subprocess so that its peak RSS (``ru_maxrss``)
is its own; throughput is rows per second of the process's CPU time (user +
system), wall time shown too. Measured on the same file:

* rows only: ``for row in service_rows(path)`` (the parse and flattening
  every frame pays; no DataFrame);
* floor: ``pd.DataFrame(list(service_rows(path)))``, the obvious pandas way
  (list of dicts, pandas infers dtypes: amounts stay Decimal objects, dates
  stay ``datetime.date`` objects);
* rcm ``service_frame(path, money="decimal")``;
* rcm ``service_frame(path, money="cents")``.

``frame`` is ``DataFrame.memory_usage(deep=True)`` of the result.

Usage::

    .venv/bin/python benchmarks/bench_batch.py [--claims 40000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _measure(kind: str, path: str) -> dict[str, float]:
    import pandas as pd

    from rcm.batch import service_frame
    from rcm.remit import service_rows

    start_cpu, start_wall = time.process_time(), time.perf_counter()
    frame = None
    if kind == "rows":
        rows = sum(1 for _ in service_rows(path))
    elif kind == "floor":
        frame = pd.DataFrame(list(service_rows(path)))
    elif kind == "decimal":
        frame = service_frame(path, money="decimal")
    elif kind == "cents":
        frame = service_frame(path, money="cents")
    else:
        raise SystemExit(f"unknown measurement {kind}")
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    if frame is not None:
        rows = len(frame)
    memory = 0 if frame is None else int(frame.memory_usage(deep=True).sum())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"rows": rows, "cpu": cpu, "wall": wall, "peak_mib": peak, "frame_mib": memory / 2**20}


def _baseline() -> float:
    """Peak RSS of a process that imported pandas and rcm and did nothing else."""
    import pandas  # noqa: F401

    import rcm.batch
    import rcm.remit  # noqa: F401

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=40_000)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure == "baseline":
        print(json.dumps({"peak_mib": _baseline()}))
        return
    if args.measure:
        print(json.dumps(_measure(args.measure, args.path)))
        return

    sys.path.insert(0, str(HERE))
    from bench_835 import build_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.835"
        build_file(path, args.claims)
        size = path.stat().st_size / 2**20
        print(f"835 of {args.claims:,} claims, {size:.1f} MiB")

        def run(kind: str) -> dict[str, float]:
            out = subprocess.run(
                [sys.executable, __file__, "--measure", kind, "--path", str(path)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            result: dict[str, float] = json.loads(out)
            return result

        baseline = run("baseline")["peak_mib"]
        print(f"baseline (python + pandas + rcm imported): {baseline:.0f} MiB peak RSS")
        print(
            f"{'measurement':<38} {'rows':>9} {'rows/s cpu':>11} {'wall s':>7} "
            f"{'peak MiB':>9} {'frame MiB':>10}"
        )
        labels = {
            "rows": "service_rows only (no frame)",
            "floor": "floor: pd.DataFrame(list(service_rows))",
            "decimal": "rcm service_frame(money='decimal')",
            "cents": "rcm service_frame(money='cents')",
        }
        for kind, label in labels.items():
            r = run(kind)
            print(
                f"{label:<38} {int(r['rows']):>9,} {r['rows'] / r['cpu']:>11,.0f} "
                f"{r['wall']:>7.2f} {r['peak_mib']:>9.0f} {r['frame_mib']:>10.1f}"
            )


if __name__ == "__main__":
    main()
