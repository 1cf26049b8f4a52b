"""The contract every code-format module keeps (rcm.coding._protocol.CodeModule)."""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.coding import (
    cpt,
    hcpcs,
    icd10cm,
    icd10pcs,
    luhn,
    modifier,
    ndc,
    npi,
    pos,
    revenue,
    taxonomy,
    tob,
)
from rcm.coding._protocol import CodeModule
from rcm.errors import RcmError, ValidationError
from rcm.testing.strategies import (
    cpt_codes,
    hcpcs_codes,
    icd10cm_codes,
    icd10pcs_codes,
    modifiers,
    ndcs,
    npis,
    pos_codes,
    revenue_codes,
    taxonomy_codes,
    tob_codes,
)

MODULES: dict[str, ModuleType] = {
    "luhn": luhn,
    "npi": npi,
    "icd10cm": icd10cm,
    "icd10pcs": icd10pcs,
    "cpt": cpt,
    "hcpcs": hcpcs,
    "modifier": modifier,
    "pos": pos,
    "revenue": revenue,
    "tob": tob,
    "ndc": ndc,
    "taxonomy": taxonomy,
}

# mypy checks this assignment: each module conforms to the Protocol statically too.
STATIC: tuple[CodeModule, ...] = (
    luhn,
    npi,
    icd10cm,
    icd10pcs,
    cpt,
    hcpcs,
    modifier,
    pos,
    revenue,
    tob,
    ndc,
    taxonomy,
)

# Valid values per module, drawn by the user-facing strategies.
VALID: dict[str, st.SearchStrategy[str]] = {
    "luhn": st.from_regex(r"[0-9]{1,18}", fullmatch=True).map(
        lambda body: body + luhn.calc_check_digit(body)
    ),
    "npi": npis(),
    "icd10cm": icd10cm_codes(),
    "icd10pcs": icd10pcs_codes(),
    "cpt": cpt_codes(),
    "hcpcs": hcpcs_codes(),
    "modifier": modifiers(),
    "pos": pos_codes(),
    "revenue": revenue_codes(),
    "tob": tob_codes(),
    "ndc": ndcs(),
    "taxonomy": taxonomy_codes(),
}

# Ways people write codes: lower case, padded, with the separators compact() drops.
MESSY = {
    "luhn": lambda code: f" {code} ",
    "npi": lambda code: f" {code[:4]}-{code[4:]} ",
    "icd10cm": lambda code: f" {icd10cm.format(code).lower()} ",
    "icd10pcs": lambda code: f" {code.lower()} ",
    "cpt": lambda code: f"{code.lower()} ",
    "hcpcs": lambda code: f" {code.lower()}",
    "modifier": lambda code: f"-{code.lower()}",
    "pos": lambda code: f" {code} ",
    "revenue": lambda code: f" {code.lstrip('0') if len(code.lstrip('0')) == 3 else code} ",
    "tob": lambda code: f" 0{code} ",
    "ndc": lambda code: f" {code} ",
    "taxonomy": lambda code: f" {code.lower()} ",
}

ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.binary(max_size=20),
    st.text(max_size=20),
    st.text(alphabet="0123456789-. ", max_size=14),
    st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", max_size=12),
    st.lists(st.text(max_size=3), max_size=3),
    st.tuples(st.integers()),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)

names = pytest.mark.parametrize("name", sorted(MODULES))


def test_every_module_has_a_valid_strategy_and_a_messy_spelling() -> None:
    assert sorted(MODULES) == sorted(VALID) == sorted(MESSY)
    assert set(MODULES.values()) == set(STATIC)


@names
def test_module_satisfies_the_code_module_protocol(name: str) -> None:
    module = MODULES[name]
    for attribute in ("compact", "validate", "is_valid", "format"):
        function = getattr(module, attribute)
        assert callable(function)
        parameters = list(inspect.signature(function).parameters.values())
        assert parameters, f"{name}.{attribute} takes no argument"
        required = [p for p in parameters if p.default is inspect.Parameter.empty]
        assert len(required) == 1, f"{name}.{attribute} must need exactly one argument"
        assert attribute in module.__all__
        assert function.__doc__
        assert ">>>" in function.__doc__


@names
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_validate_of_format_is_compact(name: str, data: st.DataObject) -> None:
    module = MODULES[name]
    value = data.draw(VALID[name])
    assert module.is_valid(value)
    assert module.compact(value) == module.validate(module.format(value))


@names
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_messy_spellings_compact_to_the_same_code(name: str, data: st.DataObject) -> None:
    module = MODULES[name]
    value = data.draw(VALID[name])
    messy = MESSY[name](value)
    assert module.validate(value) == module.validate(messy)
    assert module.format(value) == module.format(messy)


@names
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_validate_is_idempotent_and_format_is_stable(name: str, data: st.DataObject) -> None:
    module = MODULES[name]
    compact = module.validate(data.draw(VALID[name]))
    assert compact == module.validate(compact)
    assert module.format(compact) == module.format(module.format(compact))


@names
@settings(max_examples=150, deadline=None)
@given(value=ANYTHING)
def test_is_valid_never_raises_and_agrees_with_validate(name: str, value: Any) -> None:
    module = MODULES[name]
    answer = module.is_valid(value)
    assert isinstance(answer, bool)
    if answer:
        assert module.compact(value) == module.validate(module.format(value))
    else:
        with pytest.raises(ValidationError) as info:
            module.validate(value)
        assert isinstance(info.value, RcmError)
        assert isinstance(info.value, ValueError)
        assert info.value.expected


@names
@settings(max_examples=100, deadline=None)
@given(value=st.text(max_size=20))
def test_format_leaves_invalid_text_alone_and_compact_never_raises(name: str, value: str) -> None:
    module = MODULES[name]
    assert isinstance(module.compact(value), str)
    if not module.is_valid(value):
        assert value == module.format(value)


@names
@pytest.mark.parametrize("bad", [None, 12, 1.5, b"12345", ["1"], object()])
def test_non_str_is_a_validation_error_not_a_type_error(name: str, bad: object) -> None:
    module = MODULES[name]
    assert module.is_valid(bad) is False
    with pytest.raises(ValidationError):
        module.validate(bad)
    assert module.format(bad) is bad


@names
def test_empty_and_huge_input_are_refused(name: str) -> None:
    module = MODULES[name]
    huge_digits = () if name == "luhn" else ("1" * 10_000,)  # Luhn numbers have no length limit
    for bad in ("", "   ", "A" * 10_000, *huge_digits):
        assert not module.is_valid(bad)
        with pytest.raises(ValidationError):
            module.validate(bad)
