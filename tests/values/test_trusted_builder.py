"""rcm._pydantic.trusted_builder builds what model_validate builds, from checked values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field

from rcm._pydantic import trusted_builder


class Line(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str
    units: int = 1
    modifiers: tuple[str, ...] = ()
    note: str | None = Field(default=None, repr=False)


build_line = trusted_builder(Line)


@given(
    code=st.text(min_size=1, max_size=5),
    units=st.none() | st.integers(0, 99),
    modifiers=st.none() | st.lists(st.sampled_from(["25", "59", "LT"]), max_size=3).map(tuple),
)
def test_same_model_as_validation(
    code: str, units: int | None, modifiers: tuple[str, ...] | None
) -> None:
    values: dict[str, object] = {"code": code}
    if units is not None:
        values["units"] = units
    if modifiers is not None:
        values["modifiers"] = modifiers
    expected = Line.model_validate(values)
    actual = build_line(dict(values))
    assert expected == actual
    assert expected.model_fields_set == actual.model_fields_set
    assert repr(expected) == repr(actual)
    assert expected.model_dump_json() == actual.model_dump_json()
    assert hash(expected) == hash(actual)


def test_built_models_stay_frozen() -> None:
    line = build_line({"code": "A"})
    with pytest.raises(Exception, match="frozen"):
        line.code = "B"  # type: ignore[misc]


class WithFactory(BaseModel):
    items: list[int] = Field(default_factory=list)


class Loose(BaseModel):
    model_config = ConfigDict(extra="allow")
    a: int


class PostInit(BaseModel):
    a: int

    def model_post_init(self, context: object) -> None:
        pass


@pytest.mark.parametrize("cls", [WithFactory, Loose, PostInit])
def test_refuses_models_a_trusted_build_would_get_wrong(cls: type[BaseModel]) -> None:
    with pytest.raises(TypeError, match="model_validate"):
        trusted_builder(cls)
