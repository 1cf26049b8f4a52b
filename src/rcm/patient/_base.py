"""The base of rcm.patient's models: frozen pydantic whose bad input raises rcm errors."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticValidationError

from rcm.errors import ValidationError

__all__ = ["PatientModel"]


class PatientModel(BaseModel):
    """Frozen, no extra fields; invalid input raises :class:`rcm.errors.ValidationError`.

    The error names the field and the rule, never the value (it could be PHI).

    Example:
        >>> from rcm.patient import Benefits
        >>> Benefits(coinsurance="1.5")
        Traceback (most recent call last):
        ...
        rcm.errors.ValidationError: Benefits.coinsurance: Input should be less than or equal to 1
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except PydanticValidationError as exc:
            error = exc.errors(include_url=False, include_input=False)[0]
            field = ".".join(str(part) for part in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            where = f"{type(self).__name__}.{field}" if field else type(self).__name__
            raise ValidationError(f"{where}: {message}", value=field or None) from None
