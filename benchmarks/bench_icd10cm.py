"""ICD-10-CM lookups: rcm beside simple-icd-10-cm, on the same codes.

Run from the repository root::

    .venv/bin/python benchmarks/bench_icd10cm.py [--repeat 3]

Each library runs in fresh subprocesses, so import and first-use costs are
real: one run measures time (no tracing), another measures peak memory with
tracemalloc, and both report the process's peak RSS. The codes are every
billable FY2026 code, dotted (``S72.001A``), in a fixed shuffled order.

rcm's goals (docs/coding/icd10cm.md): ``import rcm`` under 0.2 s and loading
no data; the first lookup on a date (reading a bundled release) under 0.5 s;
then at least 500,000 lookups a second on one core.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date

DAY = date(2026, 1, 15)


def _codes() -> list[str]:
    from rcm.coding import icd10cm

    codes = [icd10cm.format(c) for c in icd10cm.release(on=DAY).codes(billable=True)]
    random.Random(2026).shuffle(codes)
    return codes


def _rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _best(loop: Callable[[list[str]], None], codes: list[str], repeat: int) -> float:
    """Codes per second of the fastest of *repeat* passes of *loop* over *codes*."""
    best = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        loop(codes)
        best = max(best, len(codes) / (time.perf_counter() - start))
    return best


def worker_rcm_import() -> dict[str, object]:
    start = time.perf_counter()
    import rcm  # noqa: F401

    import_rcm = time.perf_counter() - start
    start = time.perf_counter()
    from rcm.coding import _icd10cm_release, icd10cm

    import_module = time.perf_counter() - start
    loaded_at_import = _icd10cm_release._load_bundled.cache_info().currsize
    start = time.perf_counter()
    icd10cm.lookup("E11.9", on=DAY)
    first = time.perf_counter() - start
    start = time.perf_counter()
    icd10cm.lookup("E11.9", on=date(2025, 3, 1))
    first_other_year = time.perf_counter() - start
    return {
        "import rcm (s)": import_rcm,
        "import rcm.coding.icd10cm (s)": import_module,
        "releases read at import": loaded_at_import,
        "first lookup, FY2026 (s)": first,
        "first lookup, FY2025 (s)": first_other_year,
    }


def worker_rcm(codes: list[str], repeat: int, memory: bool) -> dict[str, object]:
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    from rcm.coding import icd10cm

    release = icd10cm.release(on=DAY)
    release.lookup("E11.9")
    ready = time.perf_counter() - start
    result: dict[str, object] = {"ready (import + first lookup) (s)": ready}
    lookup, is_billable = icd10cm.lookup, icd10cm.is_billable

    def first_pass(codes: list[str]) -> None:
        for code in codes:
            release.lookup(code)

    # The first pass builds each entry once (and, under tracemalloc, counts them).
    result["first pass, building entries (codes/s)"] = _best(first_pass, codes, 1)
    if memory:
        result["tracemalloc peak (MB)"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    else:

        def release_lookup(codes: list[str]) -> None:
            for code in codes:
                release.lookup(code)

        def module_lookup(codes: list[str]) -> None:
            for code in codes:
                lookup(code, on=DAY)

        def module_is_billable(codes: list[str]) -> None:
            for code in codes:
                is_billable(code, on=DAY)

        def contains(codes: list[str]) -> None:
            for code in codes:
                code in release  # noqa: B015

        result["Release.lookup (codes/s)"] = _best(release_lookup, codes, repeat)
        result["icd10cm.lookup(code, on=date) (codes/s)"] = _best(module_lookup, codes, repeat)
        result["icd10cm.is_billable(code, on=date) (codes/s)"] = _best(
            module_is_billable, codes, repeat
        )
        result["code in release (codes/s)"] = _best(contains, codes, repeat)
    result["peak RSS (MB)"] = _rss_mb()
    return result


def worker_peer(codes: list[str], repeat: int, memory: bool) -> dict[str, object]:
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    import simple_icd_10_cm as cm

    cm.get_description("E11.9")
    ready = time.perf_counter() - start
    result: dict[str, object] = {"ready (import + first lookup) (s)": ready}
    if memory:
        result["tracemalloc peak (MB)"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    else:
        get_description, is_leaf, is_valid_item = cm.get_description, cm.is_leaf, cm.is_valid_item

        # The closest equivalent of rcm's lookup: the description and whether
        # the code is billable (a leaf, in this library's terms).
        def lookup(codes: list[str]) -> None:
            for code in codes:
                get_description(code)
                is_leaf(code)

        def valid(codes: list[str]) -> None:
            for code in codes:
                is_valid_item(code)

        result["get_description + is_leaf (codes/s)"] = _best(lookup, codes, repeat)
        result["is_valid_item (codes/s)"] = _best(valid, codes, repeat)
    result["peak RSS (MB)"] = _rss_mb()
    return result


def _run(*args: str, stdin: str = "") -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _print(title: str, result: dict[str, object]) -> None:
    print(f"\n{title}")
    for key, value in result.items():
        if isinstance(value, float):
            text = f"{value:,.0f}" if "codes/s" in key else f"{value:,.3f}"
        else:
            text = str(value)
        print(f"  {key:<48} {text:>14}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker", nargs="*")
    args = parser.parse_args()
    if args.worker is not None:
        kind = args.worker[0]
        if kind == "rcm-import":
            result = worker_rcm_import()
        else:
            # rcm's codes come on stdin: nothing is loaded before measuring
            codes = json.loads(sys.stdin.read())
            memory = args.worker[1] == "memory"
            worker = worker_rcm if kind == "rcm" else worker_peer
            result = worker(codes, args.repeat, memory)
        print(json.dumps(result))
        return 0

    codes = _codes()
    print(f"{len(codes):,} billable FY2026 codes, dotted, shuffled; best of {args.repeat} passes")
    _print("rcm: import and first use (fresh process)", _run("rcm-import"))
    payload = json.dumps(codes)
    _print("rcm: lookups", _run("rcm", "time", stdin=payload))
    _print("rcm: memory", _run("rcm", "memory", stdin=payload))
    import importlib.util

    if importlib.util.find_spec("simple_icd_10_cm") is None:
        print("\nsimple-icd-10-cm is not installed (pip install 'rcmkit[bench]')")
        return 0
    _print("simple-icd-10-cm: lookups", _run("peer", "time", stdin=payload))
    _print("simple-icd-10-cm: memory", _run("peer", "memory", stdin=payload))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
