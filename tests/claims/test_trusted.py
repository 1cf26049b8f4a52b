"""The 837 reader builds its models trusted: prove they are what validation makes.

``rcm.claims._trusted`` builds claims, lines, other payers, coverages, people
and addresses without pydantic validation when its checks pass (lenient
reading only). These tests show, on every real corpus 837 that reads and on
generated claims written and read back, that every model the reader returns
is exactly what validation would have produced: ``type(m).model_validate(
m.model_dump(), context=lenient) == m`` for every model, recursively, with the
same types in every field (tuples, ``Money``, ``Decimal``, ``date``), the same
``repr``, JSON and hash, the same ``relaxed_problems`` and the same fields set.
They also read every file a second time with the fast path switched off and
compare the claims.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from rcm.claims import (
    Claim,
    Receiver,
    Submitter,
    _read837,
    _trusted,
    read_837,
    write_837i,
    write_837p,
)
from rcm.claims._claim import Adjustment, LineAdjudication, OtherPayer, _claim_problems
from rcm.claims._codes import LENIENT
from rcm.claims._parties import Coverage, Payer
from rcm.claims.examples import professional_claim
from rcm.errors import RcmError
from rcm.money import Money
from rcm.testing._claims import claims
from rcm.x12 import Envelope

ENVELOPE = Envelope(sender_id="CLINIC", receiver_id="ACME", date=date(2025, 3, 4), time=time(9, 30))
SUBMITTER = Submitter(name="CLINIC", id="C1", contact_name="EDI DESK", phone="2175550100")
RECEIVER = Receiver(name="ACME", id="60054")
LENIENT_CONTEXT = {LENIENT: True}


def _same_types(built: Any, validated: Any, where: str) -> None:
    assert type(built) is type(validated), where
    if isinstance(built, BaseModel):
        assert built.__pydantic_extra__ is None, where
        assert built.model_fields_set == validated.model_fields_set, where
        assert built.__pydantic_private__ == validated.__pydantic_private__, where
        assert list(built.__dict__) == list(type(built).model_fields), where
        for name in type(built).model_fields:
            _same_types(getattr(built, name), getattr(validated, name), f"{where}.{name}")
    elif isinstance(built, tuple):
        assert len(built) == len(validated), where
        for n, (a, b) in enumerate(zip(built, validated, strict=True)):
            _same_types(a, b, f"{where}[{n}]")
    else:
        assert repr(built) == repr(validated), where


def _models(value: Any) -> Iterator[BaseModel]:
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from _models(getattr(value, name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _models(item)


def _revalidate(model: BaseModel) -> BaseModel:
    """What validation makes of *model*'s values (given as the reader gives them)."""
    values = {name: getattr(model, name) for name in model.model_fields_set}
    return type(model).model_validate(values, context=LENIENT_CONTEXT)


def _without_unmodeled(claim: Claim) -> Claim:
    copy = claim.model_copy()
    copy._relaxed = tuple(p for p in claim.relaxed_problems if p[0] != "unmodeled_segments")
    return copy


def assert_as_validated(claim: Claim) -> int:
    """Check *claim* and every model inside it; return how many were checked."""
    checked = 0
    for model in _models(claim):
        validated = _revalidate(model)
        # What the reader adds to a claim after validation (the segments it
        # does not model) is the one private difference; all else is equal.
        item = _without_unmodeled(model) if isinstance(model, Claim) else model
        assert validated == item
        _same_types(item, validated, type(item).__name__)
        assert repr(validated) == repr(item)
        assert validated.model_dump_json() == item.model_dump_json()
        assert hash(validated) == hash(item)
        # The dump validates back to the same model too (the house test).
        dumped = type(item).model_validate(item.model_dump(), context=LENIENT_CONTEXT)
        assert dumped == item
        checked += 1
    return checked


@contextlib.contextmanager
def validated_only() -> Iterator[None]:
    """Read with the trusted path switched off: every model through pydantic."""
    original = _read837._Reader.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.fast = False

    _read837._Reader.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        _read837._Reader.__init__ = original  # type: ignore[method-assign]


def _read_both(source: Any) -> tuple[list[Claim], list[Claim]]:
    fast = list(read_837(source))
    with validated_only():
        slow = list(read_837(source))
    return fast, slow


def _readable_corpus_837s(corpus: Path) -> list[Path]:
    found = []
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.name != "MANIFEST.md":
            head = path.read_bytes()[:4096]
            if b"ST*837*" in head or b"ST|837|" in head or b"ST^837^" in head:
                try:
                    list(read_837(path))
                except RcmError:
                    continue
                found.append(path)
    return found


@pytest.mark.shared
def test_every_model_read_from_the_corpus_is_what_validation_makes(corpus: Path) -> None:
    paths = _readable_corpus_837s(corpus)
    assert len(paths) >= 10
    checked = 0
    claims_read = 0
    for path in paths:
        fast, slow = _read_both(path)
        assert fast == slow, path.name
        for a, b in zip(fast, slow, strict=True):
            assert a.relaxed_problems == b.relaxed_problems, path.name
            _same_types(a, b, path.name)
            checked += assert_as_validated(a)
        claims_read += len(fast)
    assert claims_read > 50
    assert checked > 500


@pytest.mark.shared
def test_corpus_errors_are_the_same_with_and_without_the_trusted_path(corpus: Path) -> None:
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.name == "MANIFEST.md":
            continue
        head = path.read_bytes()[:4096]
        if b"837" not in head:
            continue
        errors = []
        for fast in (True, False):
            context = contextlib.nullcontext() if fast else validated_only()
            try:
                with context:
                    list(read_837(path))
                errors.append(None)
            except RcmError as exc:
                errors.append((type(exc), str(exc)))
        assert errors[0] == errors[1], path.name


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _write(batch: list[Claim]) -> str:
    writer = write_837p if batch[0].kind == "professional" else write_837i
    return writer(batch, submitter=SUBMITTER, receiver=RECEIVER, envelope=ENVELOPE)


@FAST
@given(batch=st.lists(claims(kind="professional"), min_size=1, max_size=3))
def test_generated_837p_claims_read_back_as_validation_makes_them(batch: list[Claim]) -> None:
    fast, slow = _read_both(_write(batch))
    assert fast == slow
    # The writer groups claims by provider and subscriber: compare as multisets.
    assert sorted(c.model_dump_json() for c in fast) == sorted(c.model_dump_json() for c in batch)
    for claim in fast:
        assert claim.relaxed_problems == ()
        assert_as_validated(claim)


@FAST
@given(batch=st.lists(claims(kind="institutional"), min_size=1, max_size=3))
def test_generated_837i_claims_read_back_as_validation_makes_them(batch: list[Claim]) -> None:
    fast, slow = _read_both(_write(batch))
    assert fast == slow
    for claim in fast:
        assert claim.relaxed_problems == ()
        assert_as_validated(claim)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claim=claims(), data=st.data())
def test_edited_files_read_the_same_with_and_without_the_trusted_path(
    claim: Claim, data: st.DataObject
) -> None:
    """Values the fast checks must refuse (spaces, lower case, long text, bad codes)."""
    text = _write([claim])
    segments = text.split("~")
    index = data.draw(st.integers(min_value=3, max_value=len(segments) - 4))
    elements = segments[index].split("*")
    if len(elements) < 2:
        return
    position = data.draw(st.integers(min_value=1, max_value=len(elements) - 1))
    elements[position] = data.draw(
        st.sampled_from([" X", "X ", "x1", "", "A" * 61, "1.5", "-3", "ZZ", "9" * 20, "0"])
    )
    segments[index] = "*".join(elements)
    edited = "~".join(segments)
    outcomes = []
    for fast in (True, False):
        context = contextlib.nullcontext() if fast else validated_only()
        try:
            with context:
                outcomes.append(list(read_837(edited)))
        except RcmError as exc:
            outcomes.append([(type(exc), str(exc))])  # type: ignore[list-item]
    assert outcomes[0] == outcomes[1]
    for read in outcomes[0]:
        if isinstance(read, Claim):
            assert read.relaxed_problems == outcomes[1][0].relaxed_problems  # type: ignore[union-attr]
            assert_as_validated(read)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batch=st.lists(claims(), min_size=2, max_size=3),
    position=st.sampled_from([5, 6, 7, 8, 9, 10, 11, 20]),
    value=st.sampled_from(
        [
            " X",
            "X ",
            "x",
            "",
            "ZZ",
            "7",
            "N",
            "W",
            "B",
            "C",
            "P",
            "1",
            "99",
            "A" * 4,
            "11:B:7",
            "11:B:8",
            "11:B:x",
            "13:A:1",
            "1:A:1",
            "AA:EM:OA:IL",
            "AA::::",
            "OA",
            "EM:AA:OA:il",
            "ZZ:AA",
        ]
    ),
)
def test_clm_fields_read_the_same_with_and_without_the_trusted_path(
    batch: list[Claim], position: int, value: str
) -> None:
    """CLM05-CLM20 checked once per text (remembered): every CLM of the file edited alike."""
    kind = batch[0].kind
    batch = [claim for claim in batch if claim.kind == kind]
    text = _write(batch)
    segments = text.split("~")
    for index, segment in enumerate(segments):
        elements = segment.split("*")
        if elements[0].strip() == "CLM":
            elements += [""] * (position + 1 - len(elements))
            elements[position] = value
            segments[index] = "*".join(elements)
    edited = "~".join(segments)
    outcomes = []
    for fast in (True, False):
        context = contextlib.nullcontext() if fast else validated_only()
        try:
            with context:
                outcomes.append(list(read_837(edited)))
        except RcmError as exc:
            outcomes.append([(type(exc), str(exc))])  # type: ignore[list-item]
    assert outcomes[0] == outcomes[1]
    for read, slow in zip(outcomes[0], outcomes[1], strict=True):
        if isinstance(read, Claim):
            assert read.relaxed_problems == slow.relaxed_problems  # type: ignore[union-attr]
            assert_as_validated(read)


@FAST
@given(batch=st.lists(claims(kind="professional"), min_size=1, max_size=3))
def test_claims_read_together_are_the_claims_read_alone(batch: list[Claim]) -> None:
    """What the reader remembers by text (HI, CLM, SV1...) gives what reading afresh gives.

    Each claim twice in one file (its segments seen again), against each
    claim read from a file of its own (nothing remembered yet).
    """
    together = list(read_837(_write(batch + batch)))
    alone = [read for claim in batch for read in read_837(_write([claim]))]
    assert sorted(c.model_dump_json() for c in together) == sorted(
        c.model_dump_json() for c in alone + alone
    )
    for read in together:
        assert_as_validated(read)


def test_the_clm_fields_check_refuses_what_it_cannot_prove() -> None:
    good = {
        "place_of_service": "11",
        "frequency_code": "1",
        "provider_signature": True,
        "assignment": "A",
        "benefits_assigned": "Y",
        "release_of_information": "Y",
        "related_causes": ("AA",),
        "accident_state": "IL",
    }
    assert _trusted.clm_fields_ok(good)
    for name, bad in [
        ("place_of_service", "1 "),
        ("frequency_code", "77"),
        ("assignment", "Z"),
        ("benefits_assigned", "y"),
        ("release_of_information", "N"),
        ("related_causes", ("AA", "XX")),
        ("accident_state", "il"),
        ("delay_reason", "X"),
        ("facility_type", "01"),
        ("patient_signature_source", "Q"),
        ("diagnoses", []),  # not a CLM field: never passed as checked
        ("bogus", "1"),
    ]:
        assert not _trusted.clm_fields_ok({**good, name: bad}), name


def test_the_trusted_path_refuses_what_it_cannot_prove() -> None:
    assert _trusted.address({"line1": " 1 MAIN ST"}) is None
    assert _trusted.address({"city": "X"}) is None
    assert _trusted.address({"state": "il"}) is None
    assert _trusted.address({"line1": "1 MAIN", "extra": 1}) is None
    assert _trusted.payer({"name": "ACME", "payer_id": "1"}) is None
    assert _trusted.person({"last_name": "DOE", "sex": "X"}, subscriber=False) is None
    assert _trusted.person({"last_name": "DOE"}, subscriber=True) is None
    assert _trusted.line({"charge": 1}) is None
    built = _trusted.address({"line1": "1 MAIN ST", "state": "IL"})
    assert built is not None
    assert built.model_fields_set == {"line1", "state"}


# -- the claim rules' shortcut ----------------------------------------------------------


def _assert_shortcut_agrees(claim: Claim) -> bool:
    """``plain_professional`` says "no problem" only where ``_claim_problems`` finds none."""
    data = {name: getattr(claim, name) for name in claim.model_fields_set}
    relaxed: list[tuple[str, str]] = []
    problems = _claim_problems(claim, relaxed=relaxed)
    plain = _trusted.plain_professional(claim, data)
    if plain:
        assert problems == []
        assert relaxed == []
    return plain


@pytest.mark.shared
def test_the_claim_rules_shortcut_agrees_with_the_rules_on_the_corpus(corpus: Path) -> None:
    plain = 0
    for path in _readable_corpus_837s(corpus):
        for claim in read_837(path):
            plain += _assert_shortcut_agrees(claim)
    assert plain > 10  # the shortcut is taken on real files


@FAST
@given(claim=claims(), data=st.data())
def test_the_claim_rules_shortcut_agrees_with_the_rules_on_generated_claims(
    claim: Claim, data: st.DataObject
) -> None:
    _assert_shortcut_agrees(claim)
    # The same claim read back, and with one line or field changed the way
    # the rules care about (a total off by a cent, a pointer past the
    # diagnoses, a replacement without its number, an accident state...).
    for read in read_837(_write([claim])):
        _assert_shortcut_agrees(read)
    line = data.draw(st.sampled_from(claim.lines))
    changed_line = line.evolve(diagnosis_pointers=(len(claim.diagnoses) + 1,))
    variants = [
        claim.model_copy(update={"total_charge": claim.total_charge + Money("0.01")}),
        claim.model_copy(update={"lines": (changed_line, *claim.lines[1:])}),
        claim.model_copy(update={"frequency_code": "7", "original_claim_number": None}),
        claim.model_copy(update={"accident_state": "IL", "related_causes": ()}),
        claim.model_copy(update={"diagnoses": ()}),
    ]
    for variant in variants:
        _assert_shortcut_agrees(variant)


def test_the_claim_rules_shortcut_refuses_each_broken_rule() -> None:
    [claim] = read_837(_write([professional_claim()]))
    data = {name: getattr(claim, name) for name in claim.model_fields_set}
    assert _trusted.plain_professional(claim, data)
    line = claim.lines[0]
    broken = {
        "total": {"total_charge": claim.total_charge + Money("0.01")},
        "pointer": {"lines": (line.evolve(diagnosis_pointers=(9,)), *claim.lines[1:])},
        "replacement": {"frequency_code": "8", "original_claim_number": None},
        "accident": {"accident_state": "IL"},
        "no dx": {"diagnoses": ()},
        "poa": {
            "diagnoses": (claim.diagnoses[0].model_copy(update={"present_on_admission": "Y"}),)
        },
        "no pos": {"place_of_service": None},
        "npi": {"billing_provider": claim.billing_provider.model_copy(update={"npi": None})},
    }
    # Totals too big to be sure Decimal sums were exact are left to the rules.
    huge = Money("1" + "0" * 24)
    broken["huge"] = {
        "lines": (line.evolve(charge=huge),),
        "total_charge": huge,
    }
    for name, update in broken.items():
        assert not _trusted.plain_professional(claim.model_copy(update=update), data), name
    assert not _trusted.plain_professional(claim, {**data, "statement_period": None})


def _secondary_claim() -> Claim:
    """The example claim sent to a second payer: one other payer, each line adjudicated."""
    claim = professional_claim()
    paid_on = date(2025, 3, 20)
    primary = Coverage(
        payer=Payer(name="PRIMARY PLAN", payer_id="99999"),
        subscriber=claim.coverage.subscriber.evolve(birth_date=None, sex=None),
        relationship="18",
        filing_indicator="MB",
    )
    lines = tuple(
        line.evolve(
            adjudications=(
                LineAdjudication(
                    payer_id="99999",
                    paid_amount=Money("10.00"),
                    procedure_code=line.procedure_code,
                    units=line.units,
                    paid_date=paid_on,
                    adjustments=(
                        Adjustment(group="CO", reason="45", amount=line.charge - Money("10.00")),
                    ),
                ),
            )
        )
        for line in claim.lines
    )
    other = OtherPayer(coverage=primary, responsibility="P", paid_amount=Money("20.00"))
    return claim.model_copy(
        update={"responsibility": "S", "other_payers": (other,), "lines": lines}
    )


def test_the_claim_rules_shortcut_takes_secondary_claims_and_refuses_each_broken_cob_rule() -> None:
    [claim] = read_837(_write([_secondary_claim()]))
    assert claim.other_payers
    assert claim.relaxed_problems == ()
    assert _assert_shortcut_agrees(claim)
    other = claim.other_payers[0]
    line = claim.lines[0]
    adjudication = line.adjudications[0]

    def with_adjudication(**update: Any) -> dict[str, Any]:
        changed = adjudication.model_copy(update=update)
        return {"lines": (line.model_copy(update={"adjudications": (changed,)}), *claim.lines[1:])}

    no_payer = other.coverage.model_copy(update={"payer": None})
    broken = {
        "no other payer": {"other_payers": ()},
        "payer missing": {"other_payers": (other.model_copy(update={"coverage": no_payer}),)},
        "same responsibility": {"responsibility": "P"},
        "twice": {"other_payers": (other, other)},
        "undated": with_adjudication(paid_date=None),
        "another payer": with_adjudication(payer_id="12345"),
        "no procedure": with_adjudication(procedure_code=None),
    }
    for name, update in broken.items():
        variant = claim.model_copy(update=update)
        assert not _assert_shortcut_agrees(variant), name
        # Each variant breaks a rule (relaxable or not): the shortcut must not hide it.
        relaxed: list[tuple[str, str]] = []
        assert _claim_problems(variant, relaxed=relaxed) or relaxed, name
    # Responsibility U may repeat: the rules and the shortcut both accept it.
    u_payer = other.model_copy(update={"responsibility": "U"})
    repeated_u = claim.model_copy(update={"other_payers": (u_payer, u_payer)})
    assert _assert_shortcut_agrees(repeated_u)


def test_the_trusted_line_parts_refuse_what_they_cannot_prove() -> None:
    assert _trusted.adjustment({"group": "XX", "reason": "45", "amount": Money(1)}) is None
    assert _trusted.adjustment({"group": "CO", "reason": "45 ", "amount": Money(1)}) is None
    assert _trusted.adjustment({"group": "CO", "reason": "45", "amount": 1}) is None
    huge = Decimal("1" * 16)
    bad_quantity = {"group": "CO", "reason": "45", "amount": Money(1), "quantity": huge}
    assert _trusted.adjustment(bad_quantity) is None
    made = _trusted.adjustment(
        {"group": "CO", "reason": "45", "amount": Money(1), "quantity": None}
    )
    assert made == Adjustment(group="CO", reason="45", amount=Money(1))
    assert made is not None
    assert made.model_fields_set == {"group", "reason", "amount", "quantity"}
    assert not _trusted.procedure_ok(("HC", "99213 ", ()))
    assert not _trusted.procedure_ok(("HC", "", ()))
    assert not _trusted.procedure_ok(("HC", "99213", ("25", "59", "76", "77", "GT")))
    assert _trusted.procedure_ok(())
    assert not _trusted.units_ok(Decimal(0))
    assert not _trusted.units_ok(Decimal("1E+20"))
    assert not _trusted.pointers_ok((1, 1))
    assert not _trusted.pointers_ok((13,))
    assert not _trusted.sv1_ok(Money("-1"), "UN", None)
    assert not _trusted.sv1_ok(Money("1"), "XX", None)
    assert not _trusted.sv1_ok(Money("1"), "UN", "1 1")
    assert _trusted.checked_line({"charge": Money(1), "bogus": 1}) is None
    assert _trusted.checked_line({"charge": Money(1), "service_date": "20250101"}) is None
    assert _trusted.checked_line({"charge": Money(1), "line_control_number": " 1"}) is None
