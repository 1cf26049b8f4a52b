"""Benchmark: posting 100,000 claim payments against 100,000 billed claims.

Builds the claims and one 835 remittance answering them in memory (rcm's
example claims varied by ID; payments from rcm's payer simulator, with
denials, patient responsibility, split and bundled lines, dropped modifiers
and missing line control numbers), so it needs nothing from ../shared.

Each measurement runs in a fresh subprocess so its peak RSS (``ru_maxrss``)
is its own; throughput is claims per second of the process's CPU time (user +
system), with wall time shown too.

Measured on the same data:

* floor: plain Python, no models: each claim's balance is its charge minus
  CLP04 and the CAS amounts, summed in ``Decimal`` per patient control number;
* rcm: ``Ledger.bill_many`` (not counted), then ``post`` (matching every claim
  and line, building the ledger entries, checking for overdrawn balances) and
  ``Ledger.apply``;
* rcm, posting the same remittance again (idempotency: nothing is added).

No peer library posts 835s to a ledger (edi-835-parser and pyx12 parse the
835; see ``bench_835.py`` for reading), so the floor is the comparison.

Usage::

    .venv/bin/python benchmarks/bench_posting.py [--claims 100000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date


def build(count: int):  # type: ignore[no-untyped-def]
    """Claims and the remittance that pays them (templates varied by ID)."""
    import random
    from decimal import Decimal

    from rcm._demo_payer import LineDecision, adjudicate, remittance
    from rcm.claims import Claim, ServiceLine
    from rcm.claims.examples import professional_claim
    from rcm.money import Money

    base = professional_claim()
    day = base.lines[0].service_date
    rng = random.Random(42)
    codes = ["99213", "99214", "36415", "80053", "93000", "71046", "J1100", "96372"]
    templates = []
    for number in range(40):
        size = 1 + number % 4
        lines = tuple(
            ServiceLine(
                procedure_code=codes[(number + i) % len(codes)],
                modifiers=("25",) if i == 0 and number % 3 == 0 else (),
                charge=Money(f"{50 + 10 * ((number + i) % 9)}.00"),
                units=Decimal(1 + (number + i) % 2),
                service_date=day,
                diagnosis_pointers=(1,),
                line_control_number=f"L{i + 1}" if number % 5 else None,
            )
            for i in range(size)
        )
        claim = Claim.model_validate(
            {**dict(base), "claim_id": f"T{number}", "lines": lines, "total_charge": None}
        )
        decisions = []
        for i, line in enumerate(lines):
            if rng.random() < 0.1:
                decisions.append(LineDecision(denial=("CO", "197", ())))
                continue
            allowed = line.charge.multiply(Decimal("0.8"), rounding="ROUND_HALF_UP")
            decisions.append(
                LineDecision(
                    allowed=allowed,
                    coinsurance=allowed.multiply(Decimal("0.2"), rounding="ROUND_HALF_UP"),
                    split=rng.random() < 0.1,
                    drop_modifiers=rng.random() < 0.2,
                    bundle_into=0 if i == 1 and rng.random() < 0.1 else None,
                )
            )
        templates.append((claim, adjudicate(claim, decisions, payer_claim_number="X")))
    claims = []
    payments = []
    for index in range(count):
        claim, payment = templates[index % len(templates)]
        claim_id = f"C{index:08d}"
        claims.append(claim.model_copy(update={"claim_id": claim_id}))
        payments.append(
            payment.model_copy(
                update={
                    "patient_control_number": claim_id,
                    "payer_claim_control_number": f"I{index}",
                }
            )
        )
    remit = remittance(
        payments,
        payer_id="60054",
        payer_name="ACME",
        payee_npi="1234567893",
        payee_name="CLINIC",
        trace_number="BENCH1",
        paid_on=date(2025, 4, 1),
    )
    return claims, remit


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


def worker(kind: str, count: int) -> dict[str, object]:
    claims, remit = build(count)
    if kind == "floor":
        from decimal import Decimal

        cpu, wall = _cpu(), time.perf_counter()
        owed: dict[str, Decimal] = {c.claim_id: c.total_charge.amount for c in claims}
        for payment in remit.claims:
            total = payment.paid.amount
            for _, adjustment in payment.all_adjustments():
                total += adjustment.amount.amount
            owed[payment.patient_control_number] -= total
        cpu, wall = _cpu() - cpu, time.perf_counter() - wall
        return {"kind": kind, "cpu": cpu, "wall": wall, "claims": count}
    from rcm.remit.posting import Ledger, post

    ledger = Ledger().bill_many(claims, on=date(2025, 3, 4))
    cpu, wall = _cpu(), time.perf_counter()
    result = post(ledger, remit)
    posted = ledger.apply(result)
    cpu, wall = _cpu() - cpu, time.perf_counter() - wall
    out: dict[str, object] = {
        "kind": kind,
        "cpu": cpu,
        "wall": wall,
        "claims": count,
        "posted": result.claims_posted,
        "held": result.claims_held,
        "entries": len(result.entries),
    }
    if kind == "rcm-repost":
        cpu, wall = _cpu(), time.perf_counter()
        again = post(posted, remit)
        out["cpu"], out["wall"] = _cpu() - cpu, time.perf_counter() - wall
        out["already_posted"] = again.already_posted
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        result = worker(args.worker, args.claims)
        result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    print(f"posting {args.claims:,} claim payments against {args.claims:,} claims")
    print(f"calibration: 10M-iteration Python loop in {calibration():.2f} s CPU on this machine")
    print(f"{'measurement':<12} {'claims/s (cpu)':>15} {'cpu s':>8} {'wall s':>8} {'peak MB':>9}")
    for kind in ("floor", "rcm", "rcm-repost"):
        done = subprocess.run(
            [sys.executable, __file__, "--worker", kind, "--claims", str(args.claims)],
            capture_output=True,
            text=True,
            check=True,
        )
        data = json.loads(done.stdout.strip().splitlines()[-1])
        rate = data["claims"] / data["cpu"] if data["cpu"] else float("inf")
        extra = ""
        if kind == "rcm":
            extra = (
                f"  ({data['posted']:,} posted, {data['held']} held, {data['entries']:,} entries)"
            )
        if kind == "rcm-repost":
            extra = f"  (already posted: {data['already_posted']})"
        print(
            f"{kind:<12} {rate:>15,.0f} {data['cpu']:>8.2f} {data['wall']:>8.2f} "
            f"{data['maxrss_mb']:>9.0f}{extra}"
        )
    print("(peak MB includes building the claims and the remittance in the same process)")


if __name__ == "__main__":
    main()
