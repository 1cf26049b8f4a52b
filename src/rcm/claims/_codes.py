"""Format checks for the codes a claim holds, through the rcm.coding modules.

Each checker returns the compact form of a code or raises an
:class:`rcm.errors.ValidationError` subclass saying what is wrong. Models call
them from their validators; with the validation context
``{"lenient_codes": True}`` (what :func:`rcm.claims.read_837` uses, because
real files carry whatever was sent) a code only has to be X12-clean text, so
a claim can be read and then checked by the edits.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from functools import cache
from typing import Any, Final

from pydantic import ValidationInfo

from rcm.errors import InvalidFormat, ValidationError

__all__ = ["LENIENT", "check", "is_lenient"]

#: The validation-context key that relaxes code-format checks to X12 syntax.
LENIENT: Final = "lenient_codes"

_SYNTAX = re.compile(r"[A-Z0-9]{1,48}")

# ICD-9-CM still appears in 5010 files written before October 2015 (HI qualifier
# BK/BF for diagnoses, BR/BQ for procedures). Its format: three digits and up to
# two more, V and two digits and up to two more, or E and three digits and up
# to one more (ICD-9-CM Official Guidelines, section I.A); procedures are two
# digits and up to two more.
_ICD9_DX = re.compile(r"(?:[0-9]{3}[0-9]{0,2}|V[0-9]{2}[0-9]{0,2}|E[0-9]{3}[0-9]?)")
_ICD9_PX = re.compile(r"[0-9]{2}[0-9]{0,2}")


def _clean(value: str) -> str:
    return value.strip().upper().replace(".", "").replace(" ", "").replace("-", "")


def _pattern(pattern: re.Pattern[str], system: str, expected: str) -> Callable[[str], str]:
    def validate(value: str) -> str:
        code = _clean(value)
        if pattern.fullmatch(code) is None:
            raise InvalidFormat(
                f"{value!r} is not a {system} code: expected {expected}",
                value=code,
                expected=expected,
            )
        return code

    return validate


def _procedure(value: str) -> str:
    cpt = _module("cpt")
    hcpcs = _module("hcpcs")
    code = _clean(value)
    for module in (cpt, hcpcs):
        if module.is_valid(code):
            result: str = module.validate(code)
            return result
    raise InvalidFormat(
        f"{value!r} is neither a CPT code (five characters, four digits first) nor a "
        "HCPCS Level II code (a letter and four digits)",
        value=code,
        expected="a CPT or HCPCS Level II code",
    )


@cache
def _module(name: str) -> Any:
    return importlib.import_module(f"rcm.coding.{name}")


def _from_module(name: str) -> Callable[[str], str]:
    def validate(value: str) -> str:
        result: str = _module(name).validate(value)
        return result

    return validate


_CHECKS: Final[dict[str, Callable[[str], str]]] = {
    "npi": _from_module("npi"),
    "icd10cm": _from_module("icd10cm"),
    "icd9cm": _pattern(_ICD9_DX, "ICD-9-CM diagnosis", "3 to 5 digits, V + 2-4 digits or E + 3-4"),
    "icd10pcs": _from_module("icd10pcs"),
    "icd9pcs": _pattern(_ICD9_PX, "ICD-9-CM procedure", "2 to 4 digits"),
    "procedure": _procedure,
    "modifier": _from_module("modifier"),
    "pos": _from_module("pos"),
    "revenue": _from_module("revenue"),
    "tob": _from_module("tob"),
    "ndc": _from_module("ndc"),
    "taxonomy": _from_module("taxonomy"),
}


def is_lenient(info: ValidationInfo | None) -> bool:
    """Whether the validation context asks for X12-syntax-only code checks.

    Example:
        >>> is_lenient(None)
        False
    """
    context = info.context if info is not None else None
    return bool(isinstance(context, dict) and context.get(LENIENT))


def check(kind: str, value: str, info: ValidationInfo | None = None) -> str:
    """Return the compact form of a code of *kind*, or raise a ``ValidationError``.

    Args:
        kind: ``"npi"``, ``"icd10cm"``, ``"icd9cm"``, ``"icd10pcs"``, ``"icd9pcs"``,
            ``"procedure"`` (CPT or HCPCS), ``"modifier"``, ``"pos"``, ``"revenue"``,
            ``"tob"``, ``"ndc"`` or ``"taxonomy"``.
        value: the code as given.
        info: the pydantic validation info; a lenient context only checks syntax.

    Example:
        >>> check("icd10cm", "e11.9")
        'E119'
        >>> check("procedure", "99213"), check("procedure", "j1100")
        ('99213', 'J1100')
        >>> check("icd9cm", "401.9")
        '4019'
    """
    if is_lenient(info):
        if _SYNTAX.fullmatch(value) is not None:
            return value
        code = _clean(value)
        if _SYNTAX.fullmatch(code) is None:
            raise InvalidFormat(
                f"{value!r} is not a code: expected 1 to 48 letters and digits",
                value=code,
                expected="letters and digits",
            )
        return code
    try:
        return _CHECKS[kind](value)
    except ValidationError:
        raise
    except ModuleNotFoundError:  # pragma: no cover - only while rcm.coding is incomplete
        code = _clean(value)
        if _SYNTAX.fullmatch(code) is None:
            raise InvalidFormat(f"{value!r} is not a {kind} code", value=code) from None
        return code
