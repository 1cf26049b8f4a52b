"""A ledger with one denial, and its worklist, for docstrings, docs and examples.

The office visit of :mod:`rcm.remit.posting._examples`: ACME denies the
99213 line for missing authorization (CO-197) and pays the blood draw.
"""

from __future__ import annotations

from datetime import date

from rcm._demo_payer import LineDecision, adjudicate, remittance
from rcm.money import Money
from rcm.remit import Remittance
from rcm.remit.denials._worklist import Worklist, worklist
from rcm.remit.posting import Ledger, post
from rcm.remit.posting._examples import example_ledger

__all__ = ["example_denial", "example_denied_ledger", "example_worklist"]


def example_denial() -> Remittance:
    """ACME's 835: 99213 denied CO-197, 36415 allowed 12.00 with 2.40 coinsurance.

    Example:
        >>> example_denial().claims[0].paid
        Money('9.60')
    """
    account = example_ledger().account("ENC0000001")
    assert account is not None
    claim = account.claim
    payment = adjudicate(
        claim,
        [
            LineDecision(denial=("CO", "197", ())),
            LineDecision(allowed=Money("12.00"), coinsurance=Money("2.40")),
        ],
        payer_claim_number="ACM2503200001",
    )
    return remittance(
        [payment],
        payer_id="60054",
        payer_name="ACME HEALTH PLAN",
        payee_npi="1234567893",
        payee_name="SPRINGFIELD FAMILY CLINIC",
        trace_number="EFT0000043",
        paid_on=date(2025, 3, 20),
    )


def example_denied_ledger() -> Ledger:
    """The example ledger with :func:`example_denial` posted.

    Example:
        >>> example_denied_ledger().balances("ENC0000001")
        {'60054': Money('125.00'), 'patient': Money('2.40')}
    """
    ledger = example_ledger()
    return ledger.apply(post(ledger, example_denial()))


def example_worklist() -> Worklist:
    """The worklist of :func:`example_denied_ledger` as of 2025-04-30.

    Example:
        >>> len(example_worklist().items)
        1
    """
    return worklist(example_denied_ledger(), as_of=date(2025, 4, 30))
