"""pydantic glue: attrs values inside models, and trusted construction for parsers.

**attrs values in models.**
rcm models machinery (findings, citations, ledger rows) with attrs and the
reports users exchange with pydantic (DESIGN.md: one library per object). A
report that holds attrs objects needs a pydantic core schema for them; every
such class already has ``to_dict()`` and ``from_dict()``, so one adapter serves
them all.

**Trusted construction.** rcm's X12 readers check every element as they parse
it (amounts through :class:`~rcm.money.Money`, dates through :mod:`rcm.dates`,
codes against the same patterns the models declare). Validating the finished
values a second time through pydantic costs more than the parsing itself, so
the readers build their models with :func:`trusted_builder` instead: the
object pydantic's own ``model_construct`` would make, without its per-call
field scan. Each reader's tests prove, on real files and generated ones, that
``type(m).model_validate(m.model_dump()) == m`` for every model it builds:
the values are exactly the ones validation would have produced.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from pydantic import BaseModel
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

__all__ = ["dict_backed_schema", "trusted_builder"]

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


def dict_backed_schema(
    cls: type[T],
    *,
    error_type: str,
    label: str,
    from_dict: Callable[[dict[str, Any]], T],
    to_dict: Callable[[T], dict[str, Any]],
    when_used: Literal["always", "json"] = "always",
) -> CoreSchema:
    """A core schema accepting an instance of *cls* or its ``to_dict()`` form.

    Args:
        cls: the attrs class.
        error_type: the pydantic error type reported for bad input (``"finding"``).
        label: what the class is called in error text (``"a finding"``).
        from_dict: builds an instance from its dict form.
        to_dict: the dict form of an instance (what JSON holds).
        when_used: serialise to a dict always, or only for JSON.

    Example:
        >>> import attrs
        >>> from pydantic_core import SchemaValidator
        >>> @attrs.frozen
        ... class Tag:
        ...     name: str
        >>> schema = dict_backed_schema(
        ...     Tag, error_type="tag", label="a tag",
        ...     from_dict=lambda d: Tag(d["name"]), to_dict=attrs.asdict,
        ... )
        >>> SchemaValidator(schema).validate_python({"name": "urgent"})
        Tag(name='urgent')
    """

    def validate(value: object) -> T:
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            try:
                return from_dict(value)
            except (KeyError, TypeError, ValueError) as exc:
                raise PydanticCustomError(
                    error_type, f"not {label}: {{problem}}", {"problem": str(exc)}
                ) from None
        raise PydanticCustomError(
            error_type,
            f"expected {label} or a dict, not {{kind}}",
            {"kind": type(value).__name__},
        )

    return core_schema.no_info_plain_validator_function(
        validate,
        serialization=core_schema.plain_serializer_function_ser_schema(
            to_dict, when_used=when_used
        ),
    )


def trusted_builder(cls: type[M]) -> Callable[[dict[str, Any]], M]:
    """A fast constructor for *cls* from values the caller has already checked.

    The returned function takes a dict of field values (in field order, so
    ``repr`` reads as usual; missing optional fields get their defaults) and
    returns the model without running validation, as ``model_construct``
    does. Use it only where the values are proven to be what validation
    would produce (see the module docstring); everywhere else use
    ``model_validate``.

    Field and model validators do not run: the caller must already have
    checked what they check.

    Raises:
        TypeError: *cls* has a default factory, ``model_post_init`` or allows
            extra fields: cases where a trusted build would differ from a
            validated one whatever the caller checked.

    Example:
        >>> from pydantic import BaseModel, ConfigDict
        >>> class Point(BaseModel):
        ...     model_config = ConfigDict(frozen=True)
        ...     x: int
        ...     y: int = 0
        >>> build = trusted_builder(Point)
        >>> build({"x": 1})
        Point(x=1, y=0)
        >>> build({"x": 1}) == Point.model_validate({"x": 1})
        True
    """
    if cls.model_config.get("extra") == "allow":
        raise TypeError(f"{cls.__name__} allows extra fields: build it with model_validate")
    if cls.__pydantic_post_init__:
        raise TypeError(f"{cls.__name__} has model_post_init: build it with model_validate")
    names: list[str] = []
    defaults: dict[str, Any] = {}
    for name, field in cls.model_fields.items():
        names.append(name)
        if field.default_factory is not None:
            raise TypeError(
                f"{cls.__name__}.{name} has a default factory: build it with model_validate"
            )
        if not field.is_required():
            defaults[name] = field.default
    count = len(names)
    new = cls.__new__
    setattr_ = object.__setattr__

    def build(values: dict[str, Any]) -> M:
        given = set(values)
        if len(values) != count:
            values = {name: values[name] if name in values else defaults[name] for name in names}
        model = new(cls)
        setattr_(model, "__dict__", values)
        setattr_(model, "__pydantic_fields_set__", given)
        setattr_(model, "__pydantic_extra__", None)
        setattr_(model, "__pydantic_private__", None)
        return model

    build.__name__ = build.__qualname__ = f"build_{cls.__name__}"
    return build
