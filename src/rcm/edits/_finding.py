"""What a check returns: an immutable :class:`Finding`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from rcm.edits._spec import Citation, Severity

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

__all__ = ["Finding"]


@attrs.frozen(slots=True)
class Finding:
    """One problem an edit found on a claim: what, where, why, and what would fix it.

    Findings are machinery (attrs, frozen); a :class:`~rcm.edits.Report` holds
    them and pydantic serializes them through :meth:`to_dict` (the way
    :class:`~rcm.dates.DateRange` rides in pydantic models), so one object is
    never modelled by both libraries. Make findings with
    :meth:`EditSpec.finding <rcm.edits.EditSpec.finding>`.

    Attributes:
        code: the edit code (``PTP001``).
        name: the edit slug (``ptp-column2-bundled``).
        severity: :class:`~rcm.edits.Severity`.
        message: the rendered message; it names codes, never patient data.
        lines: 0-based indexes of the service lines involved (empty: the claim).
        trigger: the table row or code-set note that fired, as text.
        fix: what would fix it, when something would.
        carc: the claim adjustment reason code a payer would likely return.
        rarcs: remark codes a payer would likely add.
        citations: where the rule comes from.
        source: the table or release that answered (``"NCCI PTP practitioner 2026Q2"``).
        url: the edit's documentation.

    Example:
        >>> from rcm.edits.families.ptp import PTP001
        >>> f = PTP001.finding(lines=(0, 1), column1="80053", column2="82565", mi="0")
        >>> f.message
        '82565 is bundled into 80053 (modifier indicator 0)'
        >>> f.url
        'https://rcmkit.readthedocs.io/en/latest/edits/ptp/#PTP001'
        >>> Finding.from_dict(f.to_dict()) == f
        True
    """

    code: str
    name: str
    severity: Severity
    message: str
    lines: tuple[int, ...] = ()
    trigger: str | None = None
    fix: str | None = None
    carc: str | None = None
    rarcs: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    source: str | None = None
    url: str | None = None

    @property
    def is_error(self) -> bool:
        """Whether the severity is ``ERROR``.

        Example:
            >>> from rcm.edits.families.clm import CLM006
            >>> CLM006.finding(lines=(0,), units="0").is_error
            True
        """
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = "claim" if not self.lines else "line " + ", ".join(str(i + 1) for i in self.lines)
        return f"{self.code} [{self.severity.value}] {where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        r"""The finding as JSON-ready values.

        Example:
            >>> from rcm.edits.families.mue import MUE001
            >>> MUE001.finding(lines=(2,), code="97110", units=6, limit=4, mai="1")\
            ...     .to_dict()["severity"]
            'error'
        """
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "lines": list(self.lines),
            "trigger": self.trigger,
            "fix": self.fix,
            "carc": self.carc,
            "rarcs": list(self.rarcs),
            "citations": [c.to_dict() for c in self.citations],
            "source": self.source,
            "url": self.url,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """Rebuild a finding from :meth:`to_dict` output (or its JSON).

        Example:
            >>> from rcm.edits.families.mod import MOD002
            >>> f = MOD002.finding(lines=(0,), first="26", second="TC")
            >>> Finding.from_dict(f.to_dict()) == f
            True
        """
        return cls(
            code=data["code"],
            name=data["name"],
            severity=Severity(data["severity"]),
            message=data["message"],
            lines=tuple(int(i) for i in data.get("lines", ())),
            trigger=data.get("trigger"),
            fix=data.get("fix"),
            carc=data.get("carc"),
            rarcs=tuple(data.get("rarcs", ())),
            citations=tuple(Citation.from_dict(c) for c in data.get("citations", ())),
            source=data.get("source"),
            url=data.get("url"),
        )

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        """Let a pydantic :class:`~rcm.edits.Report` hold findings; JSON is :meth:`to_dict`."""
        from rcm._pydantic import dict_backed_schema

        return dict_backed_schema(
            cls,
            error_type="finding",
            label="a finding",
            from_dict=cls.from_dict,
            to_dict=lambda f: f.to_dict(),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe a finding in JSON Schema."""
        text = {"type": "string"}
        optional_text = {"anyOf": [{"type": "string"}, {"type": "null"}]}
        return {
            "type": "object",
            "title": "Finding",
            "required": ["code", "name", "severity", "message"],
            "properties": {
                "code": {"type": "string", "pattern": r"^[A-Z]{2,4}[0-9]{3}$"},
                "name": text,
                "severity": {"enum": [s.value for s in Severity]},
                "message": text,
                "lines": {"type": "array", "items": {"type": "integer", "minimum": 0}},
                "trigger": optional_text,
                "fix": optional_text,
                "carc": optional_text,
                "rarcs": {"type": "array", "items": text},
                "citations": {"type": "array", "items": {"type": "object"}},
                "source": optional_text,
                "url": optional_text,
            },
        }
