"""Benchmark the X12 tokenizer: rcm's X12Reader against a str.split floor and pyx12.

Builds a large, realistic 835 (a corpus 835's CLP loops repeated to N claims,
with the envelope counts fixed by rcm's writer; or a generated 835 when the
corpus is absent), then reports segments/s, MB/s and peak memory for:

* the floor: ``text.split(terminator)`` then ``split(element)`` over the whole
  text in memory (what a tokenizer cannot beat in pure Python);
* rcm: ``X12Reader(path)``, which streams in 1 MiB chunks and builds a
  ``Segment`` per segment with envelope checks, and ``X12Reader.raw()``, the
  same checks yielding plain ``(id, elements, index)`` tuples (what the 835
  and 837 readers use);
* pyx12: ``pyx12.rawx12file.RawX12File`` (raw tokens) and
  ``pyx12.x12file.X12Reader`` (segments with envelope checks).

Then it reads a file 10 times bigger with rcm to show memory stays flat.

Run: ``.venv/bin/python benchmarks/bench_x12.py [--claims 20000] [--no-big]``
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from datetime import time as dtime
from pathlib import Path

from rcm.x12 import Envelope, Segment, X12Reader, read_segments, write_interchange

CORPUS_835 = (
    Path(__file__).resolve().parents[2]
    / "shared/corpus/x12/github-LinuxForHealth-x12/demo-file/demo.835"
)


def _sample_835() -> list[Segment]:
    """The body (between ST and SE) of a real 835, or a generated one."""
    if CORPUS_835.is_file():
        segs = list(read_segments(CORPUS_835))
        st = next(i for i, s in enumerate(segs) if s.id == "ST")
        se = next(i for i, s in enumerate(segs) if s.id == "SE")
        return segs[st + 1 : se]
    lines = [
        "BPR*I*132*C*ACH*CCP*01*9999999*DA*123456*1512345678**01*999988880*DA*98765*20250102",
        "TRN*1*12345*1512345678",
        "DTM*405*20250102",
        "N1*PR*PAYER NAME",
        "N3*1 MAIN ST",
        "N4*CITY*ST*12345",
        "N1*PE*PROVIDER*XX*1999999984",
        "LX*1",
        "CLP*PCN0001*1*200*132**12*CLAIM0001*11*1",
        "NM1*QC*1*DOE*JANE****MI*W123456789",
        "DTM*232*20241201",
        "SVC*HC:99213*120*80**1",
        "DTM*472*20241201",
        "CAS*CO*45*40",
        "AMT*B6*80",
        "SVC*HC:85025*80*52**1",
        "DTM*472*20241201",
        "CAS*CO*45*28",
        "AMT*B6*52",
    ]
    return [Segment(p[0], tuple(p[1:])) for p in (line.split("*") for line in lines)]


def build_835(path: Path, claims: int) -> int:
    """Write an 835 with *claims* CLP loops to *path*; return its segment count."""
    body = _sample_835()
    first = next(i for i, s in enumerate(body) if s.id == "CLP")
    end = next((i for i, s in enumerate(body) if s.id == "PLB"), len(body))
    header, loops, trailer = body[:first], body[first:end], body[end:]
    loop_starts = [i for i, s in enumerate(loops) if s.id == "CLP"]
    per_claim = [
        loops[a:b] for a, b in zip(loop_starts, [*loop_starts[1:], len(loops)], strict=True)
    ]

    def transaction_body(n: int) -> list[Segment]:
        out = list(header)
        for k in range(n):
            out.extend(per_claim[k % len(per_claim)])
        return out + list(trailer)

    env = Envelope(
        sender_id="PAYER",
        receiver_id="PROVIDER",
        date=date(2025, 1, 2),
        time=dtime(12, 0),
        functional_id="HP",
    )
    # one transaction per 2,000 claims, as payers split large remittances
    per_set = 2000
    transactions = []
    remaining = claims
    while remaining > 0:
        n = min(per_set, remaining)
        transactions.append(("835", "005010X221A1", transaction_body(n)))
        remaining -= n
    start = time.perf_counter()
    text = write_interchange(transactions, envelope=env)
    elapsed = time.perf_counter() - start
    count = text.count("~")
    print(
        f"{'rcm write_interchange':<28} {count:>10,} segs {count / elapsed:>12,.0f} segs/s "
        f"{len(text) / 1e6 / elapsed:>8.1f} MB/s  (text in memory, {elapsed:.2f} s)"
    )
    path.write_text(text.replace("~", "~\n"), encoding="utf-8")
    return count


def floor(path: Path) -> int:
    text = path.read_text(encoding="utf-8").replace("\n", "")
    n = 0
    for piece in text.split("~"):
        if piece:
            piece.split("*")
            n += 1
    return n


def rcm_reader(path: Path) -> int:
    n = 0
    with X12Reader(path) as reader:
        for _ in reader:
            n += 1
    return n


def rcm_raw(path: Path) -> int:
    n = 0
    with X12Reader(path) as reader:
        for _ in reader.raw():
            n += 1
    return n


def pyx12_raw(path: Path) -> int:
    from pyx12.rawx12file import RawX12File

    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in RawX12File(handle))


def pyx12_reader(path: Path) -> int:
    import pyx12.x12file

    with pyx12.x12file.X12Reader(str(path)) as reader:
        return sum(1 for _ in reader)


def measure(fn: Callable[[Path], int], path: Path, *, memory: bool) -> tuple[int, float, int]:
    gc.collect()
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    count = fn(path)
    elapsed = time.perf_counter() - start
    peak = 0
    if memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return count, elapsed, peak


def report(name: str, fn: Callable[[Path], int], path: Path, *, repeat: int = 3) -> None:
    size_mb = path.stat().st_size / 1e6
    best = min(measure(fn, path, memory=False)[1] for _ in range(repeat))
    count, _, peak = measure(fn, path, memory=True)
    print(
        f"{name:<28} {count:>10,} segs {count / best:>12,.0f} segs/s "
        f"{size_mb / best:>8.1f} MB/s  peak {peak / 1e6:>8.1f} MB  ({best:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--no-big", action="store_true", help="skip the 10x file")
    parser.add_argument("--no-pyx12", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.835"
        segments = build_835(path, args.claims)
        source = "corpus demo.835" if CORPUS_835.is_file() else "generated 835"
        print(
            f"835 from {source}: {args.claims:,} claims, {segments:,} segments, "
            f"{path.stat().st_size / 1e6:.1f} MB (CPU count {os.cpu_count()})"
        )
        report("floor: str.split", floor, path)
        report("rcm X12Reader", rcm_reader, path)
        report("rcm X12Reader.raw()", rcm_raw, path)
        if not args.no_pyx12:
            try:
                report("pyx12 RawX12File", pyx12_raw, path, repeat=1)
                report("pyx12 X12Reader", pyx12_reader, path, repeat=1)
            except ImportError:
                print("pyx12 is not installed (pip install 'rcmkit[bench]')")
        if not args.no_big:
            big = Path(tmp) / "big.835"
            build_835(big, args.claims * 10)
            print(f"10x file: {big.stat().st_size / 1e6:.1f} MB")
            report("rcm X12Reader (10x)", rcm_reader, big, repeat=1)
            report("rcm X12Reader.raw() (10x)", rcm_raw, big, repeat=1)
            report("floor: str.split (10x)", floor, big, repeat=1)


if __name__ == "__main__":
    main()
