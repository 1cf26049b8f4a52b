"""The interface every code-format module implements (python-stdnum's contract)."""

from __future__ import annotations

from typing import Protocol

__all__ = ["CodeModule"]


class CodeModule(Protocol):
    """What ``rcm.coding.npi``, ``icd10cm``, ``hcpcs`` and the others all provide.

    These functions check the *format* of a code only and need no data;
    whether a code exists on a date of service is a question for a release.

    * ``compact(s)``: strip separators and spaces, upper-case; never raises for a ``str``.
    * ``validate(s)``: return the compact form or raise an
      :class:`~rcm.errors.ValidationError` subclass saying what is wrong.
    * ``is_valid(s)``: ``True`` or ``False``; never raises, whatever it is given.
    * ``format(s)``: the conventional display form (``E11.9``); unknown input is
      returned unchanged.

    Example:
        >>> from rcm.coding import icd10cm
        >>> from rcm.coding._protocol import CodeModule
        >>> module: CodeModule = icd10cm
        >>> module.validate("e11.9"), module.format("E119")
        ('E119', 'E11.9')
    """

    def compact(self, value: str) -> str:
        """Return *value* without separators, upper case.

        Example:
            >>> from rcm.coding import icd10cm
            >>> icd10cm.compact(" e11.9 ")
            'E119'
        """
        ...

    def validate(self, value: str) -> str:
        """Return the compact form of *value* or raise ``ValidationError``.

        Example:
            >>> from rcm.coding import npi
            >>> npi.validate("1234567893")
            '1234567893'
        """
        ...

    def is_valid(self, value: object) -> bool:
        """Return whether *value* is valid, never raising.

        Example:
            >>> from rcm.coding import npi
            >>> npi.is_valid("1234567890"), npi.is_valid(None)
            (False, False)
        """
        ...

    def format(self, value: str) -> str:
        """Return the display form of *value*, or *value* unchanged if invalid.

        Example:
            >>> from rcm.coding import icd10cm
            >>> icd10cm.format("E119"), icd10cm.format("not a code")
            ('E11.9', 'not a code')
        """
        ...
