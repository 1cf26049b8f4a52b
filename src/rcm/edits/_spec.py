"""Edits declared as data: :class:`EditSpec`, :class:`Citation`, :class:`Severity`, :class:`Status`.

An edit's declaration is separate from its check, as pylint's ``MSGS`` and
ruff's ``ViolationMetadata`` are: the spec is what the registry, the docs and
the reports know about an edit; the check is the pure function that finds it.
"""

from __future__ import annotations

import enum
import functools
import re
import string
from datetime import date
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from rcm.errors import EditDefinitionError

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

    from rcm.edits._finding import Finding

__all__ = [
    "CODE_PATTERN",
    "DOCS_URL",
    "NAME_PATTERN",
    "Citation",
    "Confidence",
    "EditSpec",
    "Severity",
    "Status",
]

#: What an edit code looks like: 2 to 4 capital letters and 3 digits (``PTP001``).
CODE_PATTERN: Final = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
#: What an edit's slug looks like: lower-case words joined by hyphens.
NAME_PATTERN: Final = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
#: Where the built-in edits are documented; a finding's URL adds ``<family>/#<CODE>``.
DOCS_URL: Final = "https://rcmkit.readthedocs.io/en/latest/edits/"

#: What an edit may require of the context (see :attr:`EditSpec.requires`).
REQUIREMENT_NAMES: Final = frozenset({"ptp", "mue", "aoc", "coverage", "history"})

#: How sure an edit is that a finding is real (bandit's idea): ``"high"`` for a
#: table or rule hit, ``"medium"``/``"low"`` for heuristics.
Confidence = Literal["high", "medium", "low"]


class Severity(enum.Enum):
    """How bad a finding is.

    ``ERROR``: a payer would deny or reject the claim or line as billed.
    ``WARNING``: a payer may deny it, or it needs a look before it goes out.
    ``INFO``: worth knowing; nothing to fix.

    Example:
        >>> Severity("error") is Severity.ERROR, Severity.WARNING.value
        (True, 'warning')
        >>> Severity.ERROR.rank > Severity.INFO.rank
        True
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for errors, 1 for warnings, 0 for info (to sort or compare).

        Example:
            >>> tuple(s.rank for s in Severity)
            (2, 1, 0)
        """
        return _RANKS[self]


_RANKS: Final = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


class Status(enum.Enum):
    """Where an edit is in its life (see ``docs/stability.md``).

    ``PREVIEW`` edits are new and off unless asked for; ``STABLE`` ones run by
    default; ``DEPRECATED`` ones run only when selected by their full code, and
    warn; ``REMOVED`` ones never run, and keep their code reserved.

    Example:
        >>> Status("preview") is Status.PREVIEW
        True
    """

    PREVIEW = "preview"
    STABLE = "stable"
    DEPRECATED = "deprecated"
    REMOVED = "removed"


def _tuple_of_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(item, str) for item in value):
        raise EditDefinitionError(
            f"{type(instance).__name__}.{attribute.name} must be a tuple of str, not {value!r}"
        )


def _optional_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, date):
        raise EditDefinitionError(
            f"{type(instance).__name__}.{attribute.name} must be a datetime.date or None, "
            f"not {value!r}"
        )


def _str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise EditDefinitionError(
            f"{type(instance).__name__}.{attribute.name} must be a str, not {value!r}"
        )


def _optional_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _str(instance, attribute, value)


@attrs.frozen(slots=True)
class Citation:
    """Where a rule comes from: a manual section, a policy, a code set's note.

    Attributes:
        source: the document (``"NCCI Policy Manual for Medicare Services"``).
        section: the part of it (``"Chapter I, section E"``).
        url: where to read it, when it is online.
        effective: the date the cited text took effect, when it matters.

    Example:
        >>> c = Citation("NCCI Policy Manual for Medicare Services", "Chapter I, section E")
        >>> str(c)
        'NCCI Policy Manual for Medicare Services, Chapter I, section E'
    """

    source: str = attrs.field(validator=_str)
    section: str | None = attrs.field(default=None, validator=_optional_str)
    url: str | None = attrs.field(default=None, validator=_optional_str)
    effective: date | None = attrs.field(default=None, validator=_optional_date)

    def __str__(self) -> str:
        return self.source if self.section is None else f"{self.source}, {self.section}"

    def to_dict(self) -> dict[str, str | None]:
        """The citation as JSON-ready values (dates in ISO form).

        Example:
            >>> Citation("X12 005010X222A1", "2300 CLM").to_dict()["section"]
            '2300 CLM'
        """
        return {
            "source": self.source,
            "section": self.section,
            "url": self.url,
            "effective": None if self.effective is None else self.effective.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        """Build a citation from :meth:`to_dict` output.

        Example:
            >>> c = Citation("CMS", "sec. 1", effective=date(2025, 1, 1))
            >>> Citation.from_dict(c.to_dict()) == c
            True
        """
        effective = data.get("effective")
        if isinstance(effective, str):
            effective = date.fromisoformat(effective)
        return cls(
            source=data["source"],
            section=data.get("section"),
            url=data.get("url"),
            effective=effective,
        )

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        """Let pydantic models hold a ``Citation``; JSON is its :meth:`to_dict`."""
        from rcm._pydantic import dict_backed_schema

        return dict_backed_schema(
            cls,
            error_type="citation",
            label="a citation",
            from_dict=cls.from_dict,
            to_dict=lambda c: c.to_dict(),
        )


def _citations(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(item, Citation) for item in value):
        raise EditDefinitionError(f"EditSpec.citations must be a tuple of Citation, not {value!r}")


def _to_severity(value: object) -> object:
    if isinstance(value, str):
        try:
            return Severity(value)
        except ValueError:
            return value
    return value


def _to_status(value: object) -> object:
    if isinstance(value, str):
        try:
            return Status(value)
        except ValueError:
            return value
    return value


def _is(kind: type[enum.Enum]) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            allowed = ", ".join(repr(m.value) for m in kind)
            raise EditDefinitionError(
                f"EditSpec.{attribute.name} must be a {kind.__name__} ({allowed}), not {value!r}"
            )

    return check


@attrs.frozen(slots=True)
class EditSpec:
    """An edit, declared as data: code, slug, severity, message, citations, status.

    The code is the edit's stable identity: it never changes meaning and is
    never reused (see ``docs/stability.md``). The registry checks the
    declaration when the edit is registered (code and slug shapes, message
    fields, dates), raising :class:`rcm.errors.EditDefinitionError`.

    Attributes:
        code: ``^[A-Z]{2,4}[0-9]{3}$``, e.g. ``PTP001``; the letters name the family.
        name: a slug (``ptp-column2-bundled``), as pylint's symbols are.
        title: a short heading, as the docs print it (``Column-2 code bundled``).
        severity: :class:`Severity` of what it finds.
        message: a ``str.format`` template filled from each finding's fields,
            e.g. ``"{column2} is bundled into {column1} (modifier indicator {mi})"``.
        description: one paragraph: what it checks and why.
        citations: where the rule comes from.
        carc: the claim adjustment reason code a payer would likely return.
        rarcs: remittance advice remark codes a payer would likely add.
        fix: a default suggestion for fixing what it finds (findings may say more).
        status: :class:`Status`; new edits start as ``PREVIEW``.
        since: the rcm version the edit first appeared in.
        effective: the first date of service the edit applies to (``None``: always).
        expires: the last date of service it applies to (``None``: no end).
        old_codes: codes the edit had before a rename; selecting one selects it.
        confidence: how sure a finding is (``"high"``, ``"medium"``, ``"low"``).
        url: where the edit is documented; built-in edits leave it ``None`` and
            use ``https://rcmkit.readthedocs.io/en/latest/edits/<family>/#<CODE>``.
        requires: what the edit needs in the context to find anything:
            ``"ptp"``, ``"mue"``, ``"aoc"``, ``"coverage"`` (tables) or
            ``"history"``; a report lists selected edits whose needs are unmet
            as skipped.

    Example:
        >>> spec = EditSpec(code="XMP001", name="example-edit", title="Example",
        ...                 severity=Severity.WARNING, message="{code} looks odd",
        ...                 description="An example.", since="0.1.0")
        >>> spec.family, spec.url_for_docs()
        ('xmp', 'https://rcmkit.readthedocs.io/en/latest/edits/xmp/#XMP001')
        >>> spec.render(code="99213")
        '99213 looks odd'
    """

    code: str = attrs.field(validator=_str)
    name: str = attrs.field(validator=_str)
    title: str = attrs.field(validator=_str)
    severity: Severity = attrs.field(converter=_to_severity, validator=_is(Severity))
    message: str = attrs.field(validator=_str)
    description: str = attrs.field(validator=_str)
    since: str = attrs.field(validator=_str)
    citations: tuple[Citation, ...] = attrs.field(default=(), validator=_citations)
    carc: str | None = attrs.field(default=None, validator=_optional_str)
    rarcs: tuple[str, ...] = attrs.field(default=(), validator=_tuple_of_str)
    fix: str | None = attrs.field(default=None, validator=_optional_str)
    status: Status = attrs.field(
        default=Status.PREVIEW, converter=_to_status, validator=_is(Status)
    )
    effective: date | None = attrs.field(default=None, validator=_optional_date)
    expires: date | None = attrs.field(default=None, validator=_optional_date)
    old_codes: tuple[str, ...] = attrs.field(default=(), validator=_tuple_of_str)
    confidence: Confidence = "high"
    url: str | None = attrs.field(default=None, validator=_optional_str)
    requires: tuple[str, ...] = attrs.field(default=(), validator=_tuple_of_str)
    _fields: frozenset[str] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _docs: str = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_fields", _template_fields(self.code, self.message))
        family = self.code.rstrip("0123456789").lower()
        object.__setattr__(self, "_docs", self.url or f"{DOCS_URL}{family}/#{self.code}")

    @property
    def family(self) -> str:
        """The code's letters in lower case (``ptp``): its module and docs page.

        Example:
            >>> from rcm.edits.families.ptp import PTP001
            >>> PTP001.family
            'ptp'
        """
        return self.code.rstrip("0123456789").lower()

    @property
    def message_fields(self) -> frozenset[str]:
        """The names the message template needs from each finding.

        Example:
            >>> from rcm.edits.families.ptp import PTP001
            >>> tuple(sorted(PTP001.message_fields))
            ('column1', 'column2', 'mi')
        """
        return self._fields

    def url_for_docs(self) -> str:
        """Where this edit is documented.

        Example:
            >>> from rcm.edits.families.mue import MUE001
            >>> MUE001.url_for_docs()
            'https://rcmkit.readthedocs.io/en/latest/edits/mue/#MUE001'
        """
        return self._docs

    def applies_on(self, day: date) -> bool:
        """Whether the edit is in force for a date of service.

        Example:
            >>> spec = EditSpec(code="XMP002", name="x", title="X", severity="info",
            ...                 message="m", description="d", since="0.1.0",
            ...                 effective=date(2026, 1, 1))
            >>> spec.applies_on(date(2025, 12, 31)), spec.applies_on(date(2026, 1, 1))
            (False, True)
        """
        if self.effective is not None and day < self.effective:
            return False
        return self.expires is None or day <= self.expires

    def render(self, **fields: object) -> str:
        """Fill the message template.

        Raises:
            EditDefinitionError: a field the template names is missing.

        Example:
            >>> from rcm.edits.families.mue import MUE001
            >>> MUE001.render(code="97110", units=6, limit=4, mai="1")
            '97110 is billed with 6 units on one line; the MUE is 4 (MAI 1, line edit)'
        """
        try:
            return self.message.format(**fields)
        except (KeyError, IndexError) as exc:
            raise EditDefinitionError(
                f"edit {self.code}: the message template needs {exc} but the check gave "
                f"{sorted(fields)}"
            ) from None

    def finding(
        self,
        *,
        lines: tuple[int, ...] = (),
        trigger: str | None = None,
        fix: str | None = None,
        source: str | None = None,
        rarcs: tuple[str, ...] | None = None,
        **fields: object,
    ) -> Finding:
        """Make a :class:`~rcm.edits.Finding` of this edit (what checks call).

        Args:
            lines: 0-based indexes of the claim's service lines involved.
            trigger: the table row, note or rule that fired, as text.
            fix: what would fix it; defaults to the spec's :attr:`fix`.
            source: the table or release that answered (``"NCCI PTP 2026Q2"``).
            rarcs: remark codes for this finding, when they differ from the spec's.
            **fields: the values the message template names.

        Example:
            >>> from rcm.edits.families.ptp import PTP001
            >>> f = PTP001.finding(lines=(0, 1), column1="80053", column2="82565", mi="0")
            >>> f.code, f.lines, f.carc
            ('PTP001', (0, 1), '97')
        """
        return _finding_class()(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=self.render(**fields),
            lines=lines,
            trigger=trigger,
            fix=self.fix if fix is None else fix,
            carc=self.carc,
            rarcs=self.rarcs if rarcs is None else rarcs,
            citations=self.citations,
            source=source,
            url=self._docs,
        )

    def check_definition(self) -> None:
        """Raise :class:`~rcm.errors.EditDefinitionError` if the declaration is malformed.

        The registry calls this on :func:`~rcm.edits.register`.

        Example:
            >>> bad = EditSpec(code="ptp1", name="x", title="X", severity="error",
            ...                message="m", description="d", since="0.1.0")
            >>> bad.check_definition()
            Traceback (most recent call last):
            ...
            rcm.errors.EditDefinitionError: edit code 'ptp1' does not match ^[A-Z]{2,4}[0-9]{3}$ ...
        """
        if not CODE_PATTERN.match(self.code):
            raise EditDefinitionError(
                f"edit code {self.code!r} does not match {CODE_PATTERN.pattern} "
                "(2 to 4 capital letters and 3 digits, like PTP001)"
            )
        for old in self.old_codes:
            if not CODE_PATTERN.match(old) or old == self.code:
                raise EditDefinitionError(
                    f"edit {self.code}: old code {old!r} must be a different code matching "
                    f"{CODE_PATTERN.pattern}"
                )
        if not NAME_PATTERN.match(self.name):
            raise EditDefinitionError(
                f"edit {self.code}: name {self.name!r} is not a slug "
                "(lower-case words joined by hyphens, like ptp-column2-bundled)"
            )
        for label, text in (
            ("title", self.title),
            ("description", self.description),
            ("since", self.since),
        ):
            if not text.strip():
                raise EditDefinitionError(f"edit {self.code}: {label} is empty")
        if (
            self.effective is not None
            and self.expires is not None
            and self.expires < self.effective
        ):
            raise EditDefinitionError(
                f"edit {self.code}: expires {self.expires} is before effective {self.effective}"
            )
        for need in self.requires:
            if need not in REQUIREMENT_NAMES:
                raise EditDefinitionError(
                    f"edit {self.code}: requires {need!r} is not one of {sorted(REQUIREMENT_NAMES)}"
                )
        if self.confidence not in ("high", "medium", "low"):
            raise EditDefinitionError(
                f"edit {self.code}: confidence must be 'high', 'medium' or 'low', "
                f"not {self.confidence!r}"
            )


@functools.cache
def _finding_class() -> type[Finding]:
    # Finding imports this module, so it is imported on first use; cached, because
    # an import statement in finding() would run for every finding made.
    from rcm.edits._finding import Finding

    return Finding


#: Keyword names :meth:`EditSpec.finding` takes itself; message fields cannot use them.
RESERVED_FIELDS: Final = frozenset({"lines", "trigger", "fix", "source", "rarcs"})


def _template_fields(code: str, message: str) -> frozenset[str]:
    names: set[str] = set()
    try:
        for _, field, _, _ in string.Formatter().parse(message):
            if field is None:
                continue
            name = re.split(r"[.\[]", field, maxsplit=1)[0]
            if not name or name.isdigit():
                raise EditDefinitionError(
                    f"edit {code}: message fields must be named ({{column1}}), not {{{field}}}"
                )
            if name in RESERVED_FIELDS:
                raise EditDefinitionError(
                    f"edit {code}: message field {{{name}}} clashes with a finding() keyword "
                    f"({', '.join(sorted(RESERVED_FIELDS))})"
                )
            names.add(name)
    except ValueError as exc:
        raise EditDefinitionError(f"edit {code}: message template is malformed: {exc}") from None
    return frozenset(names)
