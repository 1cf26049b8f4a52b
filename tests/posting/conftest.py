from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from pydantic import ValidationError as PydanticValidationError

from rcm._demo_payer import LineDecision, adjudicate, remittance
from rcm.claims import Claim, ServiceLine
from rcm.claims.examples import professional_claim
from rcm.errors import RcmError
from rcm.money import Money
from rcm.remit import ClaimPayment, Remittance, read_835
from rcm.remit.posting import Ledger
from rcm.remit.posting._examples import example_ledger, example_payment


def _wrap(*claims: ClaimPayment, trace: str = "T2", paid_on: date = date(2025, 4, 1)) -> Remittance:
    """A balanced remittance from ACME (60054) holding *claims*."""
    return remittance(
        claims,
        payer_id="60054",
        payer_name="ACME HEALTH PLAN",
        payee_npi="1234567893",
        payee_name="SPRINGFIELD FAMILY CLINIC",
        trace_number=trace,
        paid_on=paid_on,
    )


Wrap = Callable[..., Remittance]


@pytest.fixture
def wrap() -> Wrap:
    """Make a balanced ACME remittance: ``wrap(claim_payment, ..., trace="T2")``."""
    return _wrap


@pytest.fixture
def ledger() -> Ledger:
    return example_ledger()


@pytest.fixture
def payment() -> ClaimPayment:
    return example_payment().claims[0]


def _simulator_mix(
    count: int,
    *,
    seed: int = 7,
    prefix: str = "M",
    trace: str = "MIX1",
    pay_twice: bool = False,
) -> tuple[list[Claim], Remittance]:
    """Claims and the simulated payer's remittance for them, like the benchmark's.

    Denials (CO-197), coinsurance, split and bundled lines, dropped modifiers,
    and claims without line control numbers (REF*6R). With *pay_twice*, every
    other claim is paid again under another payer claim number (it posts, or
    is held as overdrawing what the first payment left).
    """
    base = professional_claim()
    day = base.lines[0].service_date
    rng = random.Random(seed)
    codes = ["99213", "99214", "36415", "80053", "93000", "71046", "J1100", "96372"]
    claims = []
    payments: list[ClaimPayment] = []
    for number in range(count):
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
            {
                **dict(base),
                "claim_id": f"{prefix}{number:04d}",
                "lines": lines,
                "total_charge": None,
            }
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
                    split=rng.random() < 0.2,
                    drop_modifiers=rng.random() < 0.3,
                    bundle_into=0 if i == 1 and rng.random() < 0.2 else None,
                )
            )
        claims.append(claim)
        payment = adjudicate(claim, decisions, payer_claim_number=f"I{number}")
        payments.append(payment)
        if pay_twice and number % 2 == 0:
            payments.append(payment.model_copy(update={"payer_claim_control_number": f"J{number}"}))
    remit = remittance(
        payments,
        payer_id="60054",
        payer_name="ACME",
        payee_npi="1234567893",
        payee_name="CLINIC",
        trace_number=trace,
        paid_on=date(2025, 4, 1),
    )
    return claims, remit


SimulatorMix = Callable[..., tuple[list[Claim], Remittance]]


@pytest.fixture
def simulator_mix() -> SimulatorMix:
    """``simulator_mix(count, seed=7, prefix="M", trace="MIX1", pay_twice=False)``."""
    return _simulator_mix


def _claim_for(payment: ClaimPayment, payer_id: str) -> Claim | None:
    """A professional claim the payment pays (its lines from the service payments), if valid."""
    base = professional_claim()
    day = base.lines[0].service_date
    try:
        lines = tuple(
            ServiceLine(
                procedure_code=service.procedure.code,
                modifiers=service.procedure.modifiers,
                charge=abs(service.charge),
                service_date=service.service_period or day,
                diagnosis_pointers=(1,),
            )
            for service in payment.services
        ) or (base.lines[0].model_copy(update={"charge": abs(payment.charge)}),)
        coverage = base.coverage.model_copy(
            update={"payer": base.coverage.payer.model_copy(update={"payer_id": payer_id})}  # type: ignore[union-attr]
        )
        return Claim.model_validate(
            {
                **dict(base),
                "claim_id": payment.patient_control_number,
                "coverage": coverage,
                "lines": lines,
                "total_charge": None,
            }
        )
    except (PydanticValidationError, RcmError):
        return None


@attrs.frozen
class CorpusPosting:
    """A readable corpus 835 to post, and a ledger that has billed the claims it pays."""

    path: Path
    remittance: Remittance
    on: date
    payer_id: str
    billed: Ledger


@pytest.fixture(scope="session")
def corpus_postings(corpus: Path) -> list[CorpusPosting]:
    """Every remittance of every readable 835 in the corpus, with its claims billed.

    The claims are made from the payments themselves (one professional claim
    per patient control number), so most claim payments find their claim.
    """
    found = []
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.name == "MANIFEST.md":
            continue
        head = path.read_bytes()[:4096]
        if b"ST*835*" not in head and b"ST|835|" not in head:
            continue
        try:
            remits = list(read_835(path))
        except RcmError:
            continue
        for remit in remits:
            on = remit.payment.date or remit.production_date or date(2025, 1, 1)
            payer_id = remit.payer.id or "PAYER"
            claims: dict[str, Claim] = {}
            for payment in remit.claims:
                claim = _claim_for(payment, payer_id)
                if claim is not None:
                    claims.setdefault(claim.claim_id, claim)
            found.append(
                CorpusPosting(path, remit, on, payer_id, Ledger().bill_many(claims.values(), on=on))
            )
    return found
