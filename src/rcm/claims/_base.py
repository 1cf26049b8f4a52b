"""The base of every claims model: frozen pydantic, PHI-safe repr, rcm errors.

Pydantic reports bad input as ``pydantic.ValidationError``, whose text can
quote the input (a patient's name, a member ID). :class:`ClaimModel` turns
those into :class:`~rcm.claims.ClaimValidationError`, built from the error
locations and messages only, so nothing but an rcm error ever escapes and no
PHI is ever quoted.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, NoReturn, Self

from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticValidationError

from rcm.claims._errors import ClaimValidationError
from rcm.errors import RcmError, mask

__all__ = ["PRINTABLE_PATTERN", "ClaimModel", "format_loc"]

#: The pattern of X12 text fields: printable ASCII.
PRINTABLE_PATTERN = r"^[ -~]*$"


def format_loc(loc: tuple[int | str, ...]) -> str:
    """A pydantic location as a path: ``("lines", 2, "charge")`` -> ``lines[2].charge``.

    Example:
        >>> format_loc(("lines", 2, "charge"))
        'lines[2].charge'
        >>> format_loc(())
        ''
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif out:
            out += f".{part}"
        else:
            out = str(part)
    return out


def _join(prefix: str, field: str | None) -> str:
    if not field:
        return prefix
    if not prefix:
        return field
    return f"{prefix}{field}" if field.startswith("[") else f"{prefix}.{field}"


def _convert(
    exc: PydanticValidationError, model: str, data: object
) -> tuple[ClaimValidationError, BaseException | None]:
    problems: list[tuple[str, str]] = []
    first_cause: BaseException | None = None
    first_line: int | None = None
    first_field = ""
    for index, error in enumerate(
        exc.errors(include_url=False, include_input=False, include_context=True)
    ):
        loc = tuple(error["loc"])
        path = format_loc(loc)
        cause = (error.get("ctx") or {}).get("error")
        message = error["msg"]
        line: int | None = None
        if len(loc) >= 2 and loc[0] == "lines" and isinstance(loc[1], int):
            line = loc[1] + 1
        more: list[tuple[str, str]] = []
        if isinstance(cause, ClaimValidationError):
            # A nested check: keep its location and every problem it listed.
            message = cause.message
            more = [(_join(path, field), text) for field, text in cause.problems[1:]]
            path = _join(path, cause.field)
            if cause.line is not None and line is None:
                line = cause.line
        elif isinstance(cause, RcmError):
            message = cause.message
        elif message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        elif (error.get("ctx") or {}).get("pattern") == PRINTABLE_PATTERN:
            message = "must be printable ASCII text (the X12 character set)"
        problems.append((path, message))
        problems.extend(more)
        if index == 0:
            first_cause = cause if isinstance(cause, BaseException) else None
            first_line = line
            first_field = path
    claim_id = None
    if isinstance(data, Mapping):
        raw = data.get("claim_id")
        claim_id = raw if isinstance(raw, str) else None
    message = problems[0][1]
    if len(problems) > 1:
        message += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
    err = ClaimValidationError(
        message,
        model=model,
        field=first_field or None,
        claim_id=claim_id,
        line=first_line,
        problems=tuple(problems),
    )
    return err, first_cause


def _reraise(exc: PydanticValidationError, model: str, data: object) -> NoReturn:
    err, cause = _convert(exc, model, data)
    raise err from cause


class ClaimModel(BaseModel):
    """Base of the claims models: frozen, no extra fields, PHI-safe, rcm errors.

    Fields marked ``repr=False`` (names, birth dates, addresses) never show in
    ``repr``; fields named in ``_masked_fields`` (member IDs, claim IDs) show
    masked. Any validation problem raises
    :class:`~rcm.claims.ClaimValidationError` with every problem's location.

    Example:
        >>> from rcm.claims import Payer
        >>> Payer(name="ACME HEALTH", payer_id="12345")
        Payer(name='ACME HEALTH', payer_id='12345', id_qualifier='PI', address=None)
        >>> Payer(name="ACME HEALTH")
        Traceback (most recent call last):
        ...
        rcm.claims._errors.ClaimValidationError: Payer (payer_id): Field required
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        hide_input_in_errors=True,
        validate_default=False,
        str_strip_whitespace=True,
    )

    #: Field names shown masked in ``repr`` (identifiers that may be PHI).
    _masked_fields: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except PydanticValidationError as exc:
            _reraise(exc, type(self).__name__, data)

    # Tell pydantic this __init__ only wraps the base one: without the flag it
    # would route every validation (nested models, model_validate) through it,
    # losing the validation context.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate a ``dict`` (or model); problems raise ``ClaimValidationError``.

        Example:
            >>> from rcm.claims import Payer
            >>> Payer.model_validate({"name": "ACME", "payer_id": "12345"}).payer_id
            '12345'
        """
        try:
            return super().model_validate(obj, **kwargs)
        except PydanticValidationError as exc:
            _reraise(exc, cls.__name__, obj)

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        """Validate JSON text; problems raise ``ClaimValidationError``.

        Example:
            >>> from rcm.claims import Payer
            >>> payer = Payer(name="ACME", payer_id="12345")
            >>> Payer.model_validate_json(payer.model_dump_json()) == payer
            True
        """
        try:
            return super().model_validate_json(json_data, **kwargs)
        except PydanticValidationError as exc:
            _reraise(exc, cls.__name__, None)

    def evolve(self, **changes: Any) -> Self:
        """A copy with *changes*, validated again (the model itself never changes).

        Example:
            >>> from rcm.claims import Payer
            >>> Payer(name="ACME", payer_id="12345").evolve(payer_id="67890").payer_id
            '67890'
        """
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        return type(self)(**data)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        masked = self._masked_fields
        for name, value in super().__repr_args__():
            if name in masked and isinstance(value, str):
                yield name, mask(value)
            else:
                yield name, value
