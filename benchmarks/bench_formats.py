"""Throughput of the code-format modules and of the HCPCS fixed-width loader.

    .venv/bin/python benchmarks/bench_formats.py

No peer library checks these formats the same way (python-stdnum has no NPI,
HCPCS or NDC module), so this measures rcm alone: validations per second for
each module on valid codes, and records per second and peak memory to load a
synthetic HCPCS quarterly file of the real file's size (about 8,800 codes,
16,700 records, 5.3 MB).
"""

from __future__ import annotations

import io
import random
import time
import tracemalloc
from collections.abc import Callable

from rcm.coding import cpt, hcpcs, modifier, ndc, npi, pos, revenue, taxonomy, tob

N = 100_000
rng = random.Random(20260101)


def digits(count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def make_npi() -> str:
    body = rng.choice("12") + digits(8)
    return body + npi.calc_check_digit(body)


SAMPLES: dict[str, tuple[Callable[[str], str], Callable[[], str]]] = {
    "npi": (npi.validate, make_npi),
    "cpt": (cpt.validate, lambda: digits(5)),
    "hcpcs": (hcpcs.validate, lambda: rng.choice(hcpcs.LETTERS) + digits(4)),
    "modifier": (modifier.validate, lambda: rng.choice(list(modifier.NCCI_MODIFIERS))),
    "pos": (pos.validate, lambda: rng.choice(["11", "21", "22", "02", "10"])),
    "revenue": (revenue.validate, lambda: "0" + digits(3).replace("000", "001")),
    "tob": (tob.validate, lambda: "0" + rng.choice("1278") + rng.choice("123") + rng.choice("178")),
    "ndc": (ndc.validate, lambda: f"{digits(5)}-{digits(3)}-{digits(2)}"),
    "taxonomy": (taxonomy.validate, lambda: digits(3) + "Q" + digits(5) + "X"),
}


def bench_validate() -> None:
    print(f"{'module':10} {'validations/s':>14}")
    for name, (validate, make) in SAMPLES.items():
        values = [make() for _ in range(N)]
        start = time.perf_counter()
        for value in values:
            validate(value)
        elapsed = time.perf_counter() - start
        print(f"{name:10} {N / elapsed:14,.0f}")


def synthetic_anweb(codes: int = 8_800) -> str:
    lines = []
    for index in range(codes):
        code = f"{hcpcs.LETTERS[index % len(hcpcs.LETTERS)]}{index:04d}"
        first = (f"{code}001003" + f"Synthetic description {index}".ljust(80)).ljust(268)
        lines.append((first + "2000010120000101" + " " * 8 + "N").ljust(320))
        # About two records a code in all, like the real file.
        lines.extend(
            f"{code}{(more + 2) * 100:05d}4{'continued text':<80}".ljust(320)
            for more in range(index % 3)
        )
    return "\n".join(lines) + "\n"


def bench_load() -> None:
    text = synthetic_anweb()
    records = text.count("\n")
    start = time.perf_counter()
    release = hcpcs.load_anweb(io.StringIO(text), release="synthetic")
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    hcpcs.load_anweb(io.StringIO(text), release="synthetic")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"\nHCPCS load_anweb: {records:,} records ({len(text) / 1e6:.1f} MB) -> {len(release):,} "
        f"codes in {elapsed:.2f} s ({records / elapsed:,.0f} records/s); "
        f"peak traced memory {peak / 1e6:.1f} MB (second run, under tracemalloc)"
    )


if __name__ == "__main__":
    bench_validate()
    bench_load()
