"""Functions that take rcm's models name a wrong argument with an ArgumentTypeError.

A mix-up in the caller's code (``None`` for a claim, a claim for a
remittance, a dict of a claim's fields) must be reported at the door, by
function and type, never met as an ``AttributeError`` deep inside.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from rcm.ar import aging
from rcm.claims import cms1500_fields, ub04_fields
from rcm.claims.examples import professional_claim
from rcm.edits import Context, run, run_many
from rcm.errors import ArgumentTypeError, RcmError
from rcm.remit import check_balance, service_rows
from rcm.remit.posting import Ledger, post
from rcm.remit.posting._examples import example_ledger, example_payment

DAY = date(2025, 3, 10)
CONTEXT = Context(as_of=DAY)

#: (call, the function named, position of the bad item or None)
CASES: list[tuple[str, Callable[[Any], object], str, int | None]] = [
    ("run", lambda bad: run(bad, CONTEXT), "rcm.edits.run", None),
    (
        "run_many",
        lambda bad: list(run_many([professional_claim(), bad], CONTEXT)),
        "rcm.edits.run_many",
        1,
    ),
    ("post ledger", lambda bad: post(bad, example_payment()), "rcm.remit.posting.post", None),
    ("post remittance", lambda bad: post(example_ledger(), bad), "rcm.remit.posting.post", None),
    ("bill", lambda bad: Ledger().bill(bad, on=DAY), "rcm.remit.posting.Ledger.bill", None),
    (
        "bill_many",
        lambda bad: Ledger().bill_many([professional_claim(), bad], on=DAY),
        "rcm.remit.posting.Ledger.bill_many",
        1,
    ),
    ("check_balance", check_balance, "rcm.remit.check_balance", None),
    ("cms1500_fields", cms1500_fields, "rcm.claims.cms1500_fields", None),
    ("ub04_fields", ub04_fields, "rcm.claims.ub04_fields", None),
    ("aging", lambda bad: aging(bad, as_of=DAY), "rcm.ar.aging", None),
    ("service_rows item", lambda bad: list(service_rows([bad])), "rcm.remit.service_rows", 0),
]

WRONG = [None, "CLM0000001", 7, {"claim_id": "CLM0000001"}, professional_claim().model_dump()]


@pytest.mark.parametrize("wrong", WRONG, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize(("name", "call", "function", "position"), CASES, ids=[c[0] for c in CASES])
def test_a_wrong_argument_is_named_at_the_door(
    name: str, call: Callable[[Any], object], function: str, position: int | None, wrong: object
) -> None:
    with pytest.raises(ArgumentTypeError) as caught:
        call(wrong)
    error = caught.value
    assert isinstance(error, RcmError)
    assert isinstance(error, TypeError)
    assert (error.function, error.got, error.position) == (function, type(wrong).__name__, position)
    assert str(error).startswith(f"{function}: ")
    assert error.url.endswith("#argument-type")


def test_service_rows_of_something_not_iterable_is_named() -> None:
    with pytest.raises(
        ArgumentTypeError, match=r"rcm\.remit\.service_rows: the argument is of type"
    ):
        list(service_rows(5))  # type: ignore[arg-type]


def test_the_message_shows_the_type_never_the_value() -> None:
    secret = {"patient_last_name": "SECRETNAME", "member_id": "W123456789"}
    with pytest.raises(ArgumentTypeError) as caught:
        run(secret, CONTEXT)  # type: ignore[arg-type]
    assert "SECRETNAME" not in str(caught.value)
    assert "W123456789" not in str(caught.value)
    assert "dict" in str(caught.value)
