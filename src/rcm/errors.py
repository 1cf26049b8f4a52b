"""Every exception rcm raises, under one root: :class:`RcmError`.

Catch ``RcmError`` to catch anything rcm raises on purpose. Each class also
subclasses the matching builtin (``ValueError`` for bad values, ``TypeError``
for wrong types, ``LookupError`` for unknown codes) so code written against the
builtins keeps working.

Errors carry their facts as attributes (``code``, ``date``, ``release``,
``segment_index`` ...), not only in the text, so a billing system can route
them without parsing messages. Each class has a stable ``error_code`` slug that
names its section of the error reference (``docs/errors.md``), the way
pydantic links its errors to docs.

PHI rule: messages never contain patient names, member IDs or birth dates in
full. Use :func:`mask` for any identifier that might be PHI.

Example:
    >>> from rcm.errors import InvalidLength, RcmError
    >>> try:
    ...     raise InvalidLength("NPI must have 10 digits", value="123", expected="10 digits")
    ... except RcmError as exc:
    ...     (exc.error_code, exc.value, isinstance(exc, ValueError))
    ('invalid-length', '123', True)
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

__all__ = [
    "DOCS_URL",
    "ArgumentTypeError",
    "EditDefinitionError",
    "InvalidAmount",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidDate",
    "InvalidFormat",
    "InvalidLength",
    "MoneyTypeError",
    "NoReleaseForDate",
    "RcmError",
    "ReferenceDataError",
    "RemitParseError",
    "UnknownCode",
    "ValidationError",
    "X12Error",
    "X12SyntaxError",
    "expect_type",
    "mask",
]

#: Where the error reference lives; ``RcmError.url`` appends the anchor.
DOCS_URL = "https://rcmkit.readthedocs.io/en/latest/errors/"


def mask(value: str, *, keep: int = 2) -> str:
    """Return *value* with all but its last *keep* characters replaced by ``*``.

    Used for identifiers that may be PHI (member IDs, account numbers) in
    messages, ``repr`` and logs.

    Example:
        >>> mask("W123456789")
        '********89'
        >>> mask("AB")
        '**'
    """
    if len(value) <= keep:
        return "*" * len(value)
    return "*" * (len(value) - keep) + value[-keep:]


class RcmError(Exception):
    """Root of every exception rcm raises on purpose.

    Attributes:
        message: the human-readable explanation (no PHI).
        error_code: a stable slug naming the section of the error reference.

    Example:
        >>> err = RcmError("something is off")
        >>> str(err), err.url
        ('something is off', 'https://rcmkit.readthedocs.io/en/latest/errors/#rcm-error')
    """

    #: Default text when none is given (as python-stdnum does).
    message: str = "rcm could not process the input"
    #: Stable slug; also the anchor in ``docs/errors.md``.
    error_code: ClassVar[str] = "rcm-error"

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)

    @property
    def url(self) -> str:
        """The documentation URL for this kind of error.

        Example:
            >>> InvalidDate("bad").url.endswith("#invalid-date")
            True
        """
        return f"{DOCS_URL}#{self.error_code}"

    def __str__(self) -> str:
        return self.message


class ValidationError(RcmError, ValueError):
    """A value does not meet a format or content rule.

    Attributes:
        value: the offending value (codes only; PHI is masked before it gets here).
        expected: what would have been accepted, in words.

    Example:
        >>> ValidationError("bad", value="x", expected="a digit").expected
        'a digit'
    """

    message = "the value is not valid"
    error_code = "validation-error"

    def __init__(
        self, message: str | None = None, *, value: str | None = None, expected: str | None = None
    ) -> None:
        self.value = value
        self.expected = expected
        super().__init__(message)


class InvalidFormat(ValidationError):
    """The value has the wrong characters or shape.

    Example:
        >>> issubclass(InvalidFormat, ValueError)
        True
    """

    message = "the value has an invalid format"
    error_code = "invalid-format"


class InvalidLength(InvalidFormat):
    """The value has the wrong length.

    Example:
        >>> issubclass(InvalidLength, InvalidFormat)
        True
    """

    message = "the value has an invalid length"
    error_code = "invalid-length"


class InvalidChecksum(ValidationError):
    """The value's check digit does not match.

    Example:
        >>> InvalidChecksum().message
        "the value's check digit does not match"
    """

    message = "the value's check digit does not match"
    error_code = "invalid-checksum"


class InvalidComponent(ValidationError):
    """A part of the value is not allowed (an unknown prefix, an out-of-range date).

    Example:
        >>> InvalidComponent().error_code
        'invalid-component'
    """

    message = "a part of the value is not allowed"
    error_code = "invalid-component"


class InvalidDate(InvalidFormat):
    """A date string does not match the exact format expected.

    Example:
        >>> InvalidDate("no such date", value="20250230", expected="CCYYMMDD").value
        '20250230'
    """

    message = "the value is not a valid date"
    error_code = "invalid-date"


class UnknownCode(InvalidComponent, LookupError):
    """A well-formed code that the code set in force does not define.

    Attributes:
        code: the code as given (compact form where it could be compacted).
        system: the code system, e.g. ``"ICD-10-CM"``.
        date: the date of service asked about, if any.
        release: the release consulted, e.g. ``"ICD-10-CM FY2026 (April 2026)"``.

    Example:
        >>> from datetime import date
        >>> err = UnknownCode(code="E119X", system="ICD-10-CM", date=date(2025, 10, 1),
        ...                   release="FY2026")
        >>> str(err)
        'ICD-10-CM code E119X is not defined on 2025-10-01 in release FY2026'
    """

    message = "the code is not defined in the release in force"
    error_code = "unknown-code"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str,
        system: str,
        date: date | None = None,
        release: str | None = None,
    ) -> None:
        self.code = code
        self.system = system
        self.date = date
        self.release = release
        if message is None:
            message = f"{system} code {code} is not defined"
            if date is not None:
                message += f" on {date.isoformat()}"
            if release is not None:
                message += f" in release {release}"
        super().__init__(message, value=code)


class NoReleaseForDate(InvalidComponent, LookupError):
    """No release of a code set known to rcm is in force on the date of service.

    Attributes:
        date: the date of service asked about.
        system: the code system, e.g. ``"ICD-10-CM"``.
        available: the releases that were considered, as ``"FY2026 (2025-10-01..2026-09-30)"``.
        hint: how to get a release that covers the date, when there is a way.

    Example:
        >>> from datetime import date
        >>> err = NoReleaseForDate(date=date(2019, 5, 1), system="ICD-10-CM",
        ...                        available=("FY2026 (2025-10-01..2026-09-30)",))
        >>> err.date, err.error_code
        (datetime.date(2019, 5, 1), 'no-release-for-date')
        >>> print(err)
        no ICD-10-CM release is in force on 2019-05-01;
        releases available: FY2026 (2025-10-01..2026-09-30)
    """

    message = "no release of the code set is in force on the date of service"
    error_code = "no-release-for-date"

    def __init__(
        self,
        message: str | None = None,
        *,
        date: date,
        system: str,
        available: tuple[str, ...],
        hint: str = "",
    ) -> None:
        self.date = date
        self.system = system
        self.available = available
        self.hint = hint
        if message is None:
            listed = ", ".join(available) if available else "none"
            message = (
                f"no {system} release is in force on {date.isoformat()}; "
                f"releases available: {listed}"
            )
            if hint:
                message += f". {hint}"
        super().__init__(message, value=date.isoformat(), expected="a date a release covers")


class InvalidAmount(ValidationError):
    """A money amount is not a finite number with at most two decimal places.

    Example:
        >>> InvalidAmount(value="1.005", expected="at most 2 decimal places").value
        '1.005'
    """

    message = "the amount is not a valid money amount"
    error_code = "invalid-amount"


class MoneyTypeError(RcmError, TypeError):
    """A float, or another unsupported type, was used where money is expected.

    Example:
        >>> issubclass(MoneyTypeError, TypeError)
        True
    """

    message = "money must be built from str, int or Decimal, never float"
    error_code = "money-type"


class ArgumentTypeError(RcmError, TypeError):
    """A function was given an object of the wrong kind (``None`` for a claim, say).

    Raised at the door by the functions that take rcm's models (the edit
    engine, posting, balancing, the form maps, aging), so that a mix-up in
    the caller's code is named there, not met as an ``AttributeError`` deep
    inside. Nothing of the value itself is shown (it may hold PHI), only its
    type.

    Attributes:
        function: the function (``"rcm.edits.run"``).
        expected: what it accepts, in words.
        got: the type name of what it was given.
        position: the 0-based position in an iterable argument of the item at
            fault, or ``None`` when the argument itself is at fault.

    Example:
        >>> err = ArgumentTypeError(function="rcm.edits.run", expected="a Claim", got="dict")
        >>> print(err)
        rcm.edits.run: the argument is of type dict, not a Claim
        >>> err.error_code, isinstance(err, TypeError)
        ('argument-type', True)
    """

    message = "a function was given an object of the wrong kind"
    error_code = "argument-type"

    def __init__(
        self,
        message: str | None = None,
        *,
        function: str,
        expected: str,
        got: str,
        position: int | None = None,
    ) -> None:
        self.function = function
        self.expected = expected
        self.got = got
        self.position = position
        if message is None:
            what = "the argument" if position is None else f"item {position}"
            message = f"{function}: {what} is of type {got}, not {expected}"
        super().__init__(message)


def expect_type(
    value: object, cls: type, *, function: str, expected: str, position: int | None = None
) -> None:
    """Raise :class:`ArgumentTypeError` unless *value* is a *cls* (or a subclass).

    Example:
        >>> expect_type(3, int, function="f", expected="an int")
        >>> expect_type("3", int, function="f", expected="an int")
        Traceback (most recent call last):
        ...
        rcm.errors.ArgumentTypeError: f: the argument is of type str, not an int
    """
    if value.__class__ is not cls and not isinstance(value, cls):
        raise ArgumentTypeError(
            function=function, expected=expected, got=type(value).__name__, position=position
        )


class ReferenceDataError(RcmError, ValueError):
    """A reference-data file (code set, table) cannot be read as its layout says.

    Attributes:
        path: the file (or resource name) being read.
        line: the 1-based line or record number, when known.

    Example:
        >>> str(ReferenceDataError("missing column 'code'", path="mue.csv", line=1))
        "mue.csv, line 1: missing column 'code'"
    """

    message = "the reference data file could not be read"
    error_code = "reference-data"

    def __init__(
        self, message: str | None = None, *, path: str | None = None, line: int | None = None
    ) -> None:
        self.path = path
        self.line = line
        super().__init__(message)

    def __str__(self) -> str:
        where = []
        if self.path is not None:
            where.append(str(self.path))
        if self.line is not None:
            where.append(f"line {self.line}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class X12Error(RcmError, ValueError):
    """Problems reading or writing X12, located as precisely as known.

    Attributes:
        source: the file name or ``"<bytes>"``.
        segment_index: 1-based ordinal of the segment in the interchange stream.
        segment_id: the segment's ID (``"CLP"``).
        loop: the loop ID where known (``"2100"``).
        element: the 1-based element position (``3`` for CLP03), when known.

    Example:
        >>> err = X12Error("expected a number", source="era.835", segment_index=12,
        ...                segment_id="CLP", loop="2100", element=3)
        >>> str(err)
        'era.835: segment 12 (CLP03, loop 2100): expected a number'
    """

    message = "the X12 data could not be processed"
    error_code = "x12-error"

    def __init__(
        self,
        message: str | None = None,
        *,
        source: str | None = None,
        segment_index: int | None = None,
        segment_id: str | None = None,
        loop: str | None = None,
        element: int | None = None,
    ) -> None:
        self.source = source
        self.segment_index = segment_index
        self.segment_id = segment_id
        self.loop = loop
        self.element = element
        super().__init__(message)

    @property
    def location(self) -> str:
        """Where the problem is, as text (empty when unknown).

        Example:
            >>> err = X12Error("bad", source="a.835", segment_index=7, segment_id="CLP", element=2)
            >>> err.location
            'a.835: segment 7 (CLP02)'
        """
        parts: list[str] = []
        if self.source is not None:
            parts.append(self.source)
        seg = ""
        if self.segment_index is not None:
            seg = f"segment {self.segment_index}"
        detail = []
        if self.segment_id is not None:
            name = self.segment_id
            if self.element is not None:
                name += f"{self.element:02d}"
            detail.append(name)
        if self.loop is not None:
            detail.append(f"loop {self.loop}")
        if detail:
            seg = f"{seg} ({', '.join(detail)})" if seg else ", ".join(detail)
        if seg:
            parts.append(seg)
        return ": ".join(parts)

    def __str__(self) -> str:
        where = self.location
        return f"{where}: {self.message}" if where else self.message


class X12SyntaxError(X12Error):
    """The bytes are not well-formed X12 (envelope, delimiters, counts in strict mode).

    Example:
        >>> issubclass(X12SyntaxError, X12Error)
        True
    """

    message = "the data is not well-formed X12"
    error_code = "x12-syntax"


class RemitParseError(X12Error):
    """An 835 is well-formed X12 but not a readable 005010X221A1 remittance.

    Example:
        >>> RemitParseError("CLP03 is not a number", segment_index=7, segment_id="CLP").segment_id
        'CLP'
    """

    message = "the 835 remittance could not be read"
    error_code = "remit-parse"


class EditDefinitionError(RcmError, TypeError):
    """An edit is declared wrongly (bad code, duplicate code, missing field).

    Example:
        >>> issubclass(EditDefinitionError, TypeError)
        True
    """

    message = "the edit is not declared correctly"
    error_code = "edit-definition"
