"""Let attrs value classes ride inside pydantic models, as plain dicts in JSON.

rcm models machinery (findings, citations, ledger rows) with attrs and the
reports users exchange with pydantic (DESIGN.md: one library per object). A
report that holds attrs objects needs a pydantic core schema for them; every
such class already has ``to_dict()`` and ``from_dict()``, so one adapter serves
them all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from pydantic_core import CoreSchema, PydanticCustomError, core_schema

__all__ = ["dict_backed_schema"]

T = TypeVar("T")


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
