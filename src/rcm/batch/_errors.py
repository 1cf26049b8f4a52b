"""The errors rcm.batch raises: pandas missing, and input it cannot turn into a frame.

Both subclass :class:`~rcm.errors.RcmError` (so ``except RcmError`` catches
them) and the builtin that fits, and keep their facts as attributes.
"""

from __future__ import annotations

from rcm.errors import ArgumentTypeError, RcmError

__all__ = ["MissingDependency", "UnsupportedInput"]


class MissingDependency(RcmError, ImportError):
    """An optional package that a function needs is not installed.

    ``import rcm.batch`` always works; calling a frame function without pandas
    raises this, naming the extra that installs it.

    Attributes:
        package: the import name of the missing package (``"pandas"``).
        extra: the rcmkit extra that installs it (``"pandas"``).
        function: the function that needed it (``"rcm.batch.service_frame"``).

    Example:
        >>> err = MissingDependency(package="pandas", extra="pandas",
        ...                         function="rcm.batch.service_frame")
        >>> print(err)
        rcm.batch.service_frame needs pandas, which is not installed: pip install 'rcmkit[pandas]'
        >>> err.error_code, isinstance(err, ImportError), err.name
        ('missing-dependency', True, 'pandas')
    """

    message = "an optional dependency is not installed"
    error_code = "missing-dependency"

    def __init__(
        self, message: str | None = None, *, package: str, extra: str, function: str
    ) -> None:
        self.package = package
        self.extra = extra
        self.function = function
        if message is None:
            message = (
                f"{function} needs {package}, which is not installed: pip install 'rcmkit[{extra}]'"
            )
        super().__init__(message)
        # ImportError's own attribute: the module that could not be imported.
        self.name = package


class UnsupportedInput(ArgumentTypeError):
    """A frame function was given something it cannot turn into rows.

    Attributes:
        function: the function (``"rcm.batch.finding_frame"``).
        expected: what it accepts, in words.
        got: the type name of what it was given.
        position: the 0-based position in the iterable of the item at fault,
            or ``None`` when the argument itself is at fault.

    Example:
        >>> err = UnsupportedInput(function="rcm.batch.finding_frame",
        ...                        expected="an rcm.edits Report", got="Claim", position=2)
        >>> print(err)
        rcm.batch.finding_frame: item 2 is a Claim, not an rcm.edits Report
        >>> err.error_code, isinstance(err, TypeError)
        ('unsupported-input', True)
    """

    message = "the input cannot be turned into a data frame"
    error_code = "unsupported-input"

    def __init__(
        self,
        message: str | None = None,
        *,
        function: str,
        expected: str,
        got: str,
        position: int | None = None,
        hint: str = "",
    ) -> None:
        if message is None:
            what = "the argument" if position is None else f"item {position}"
            message = f"{function}: {what} is a {got}, not {expected}"
            if hint:
                message += f" ({hint})"
        super().__init__(message, function=function, expected=expected, got=got, position=position)
