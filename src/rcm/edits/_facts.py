"""What the built-in checks read from a claim, computed once per claim.

Every family needs the same few things (each line's code, date and
modifiers, the lines grouped by date of service); computing them once and
sharing them is most of what makes the engine fast. The last claim's facts
are kept in a one-slot cache keyed by identity, so the checks stay pure
functions of (claim, context).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from rcm.claims import Claim, ServiceLine
    from rcm.dates import DateRange
    from rcm.edits._context import Context

__all__ = ["MISSING", "ClaimFacts", "LineFacts", "derived", "facts"]

#: What ``derived(context).get(key, MISSING)`` gives for a key not computed yet
#: (``None`` is a value worth remembering: "no table in force").
MISSING: Final[Any] = object()


class LineFacts:
    """One service line, as the checks read it.

    Attributes:
        index: the line's 0-based position on the claim.
        line: the :class:`~rcm.claims.ServiceLine` itself.
        code: the procedure code (``None`` when the line has only a revenue code).
        day: the date of service the line counts on (its first day, or the claim's).
        modifiers: the line's modifiers.
        units: the line's units.
        service: the line's own dates of service (``None`` when it has none).
        values: the line's field values by name (the model's field dict; read,
            never changed).

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> first = facts(professional_claim()).lines[0]
        >>> first.code, first.day
        ('99214', datetime.date(2025, 3, 3))
    """

    __slots__ = ("code", "day", "index", "line", "modifiers", "service", "units", "values")

    def __init__(self, index: int, line: ServiceLine, fallback: date | None) -> None:
        self.index = index
        self.line = line
        self.code: str | None = line.procedure_code
        service = line.service_date
        self.service: DateRange | None = service
        day = service.start if service is not None else fallback
        self.day: date | None = day
        self.modifiers: tuple[str, ...] = line.modifiers
        self.units: Decimal = line.units
        self.values: dict[str, Any] = line.__dict__


class ClaimFacts:
    """A claim's lines and dates, as the checks read them.

    Attributes:
        claim: the claim.
        lines: one :class:`LineFacts` per service line.
        coded: the lines that have a procedure code and a date, by date.
        first_day: the first date of service (``None`` when there is none).
        first_service: the first day of the lines' own dates of service (the
            statement period aside; ``None`` when no line has a date).
        npi: the billing provider's NPI.
        charges: the sum of the line charges (a ``Decimal``).
        last_end: the last day of the lines' own dates of service (``None``
            when no line has a date).
        incomplete: whether some line lacks what the claim's kind requires
            (a procedure code and a date on a professional claim, a revenue
            code on an institutional one) or has units below 1 or no charge.
        kind: the claim's kind (``"professional"`` or ``"institutional"``).
        values: the claim's field values by name (the model's field dict;
            read, never changed). Checks read fields from it: a pydantic
            attribute read goes through the model's ``__getattr__`` hook, about
            300 machine instructions, a dictionary read about 40, and the
            checks read some 90 fields of every claim.

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> f = facts(professional_claim())
        >>> f.first_day, [len(lines) for lines in f.coded.values()]
        (datetime.date(2025, 3, 3), [2])
        >>> f.charges, f.incomplete
        (Decimal('225.00'), False)
    """

    __slots__ = (
        "_patient",
        "_signature",
        "charges",
        "claim",
        "coded",
        "first_day",
        "first_service",
        "incomplete",
        "kind",
        "last_end",
        "lines",
        "npi",
        "release",
        "values",
    )

    def __init__(self, claim: Claim) -> None:
        self.claim = claim
        fields = self.values = claim.__dict__
        statement = fields["statement_period"]
        fallback = statement.start if statement is not None else None
        lines: list[LineFacts] = []
        coded: dict[date, list[LineFacts]] = {}
        first: date | None = fallback
        first_service: date | None = None
        last_end: date | None = None
        # What CLM needs from every line (the charge total, the last date, whether a
        # line is incomplete) is gathered here, in the one pass over the lines that
        # every check shares, instead of in a second pass of its own.
        charges = _ZERO
        kind = self.kind = fields["kind"]
        professional = kind == "professional"
        incomplete = False
        new = object.__new__
        for index, line in enumerate(fields["lines"]):
            # LineFacts.__init__ written out: one object per line of every claim
            # checked, and a Python-level __init__ call costs as much as the stores.
            # The fields straight from the model's field dict: a pydantic model's
            # attribute read goes through its __getattr__ hook (about 300 machine
            # instructions, a dictionary read about 40; callgrind). The dict is kept
            # on the line's facts, so the checks read other fields from it too.
            values = line.__dict__
            fact = new(LineFacts)
            fact.index = index
            fact.line = line
            fact.values = values
            code = fact.code = values["procedure_code"]
            service = fact.service = values["service_date"]
            day = fact.day = service.start if service is not None else fallback
            fact.modifiers = values["modifiers"]
            units = fact.units = values["units"]
            lines.append(fact)
            amount = values["charge"].amount
            charges += amount
            if service is not None:
                end = service.end
                if last_end is None or end > last_end:
                    last_end = end
                if professional and code is None:
                    incomplete = True
            elif professional:
                incomplete = True
            if not professional and values["revenue_code"] is None:
                incomplete = True
            if units <= _ZERO or not amount:
                incomplete = True
            if day is None:
                continue
            if service is not None and (first_service is None or day < first_service):
                first_service = day
            if first is None or day < first:
                first = day
            if code is not None:
                found = coded.get(day)
                if found is None:
                    coded[day] = [fact]
                else:
                    found.append(fact)
        self.lines = tuple(lines)
        self.coded = coded
        self.first_day = first
        self.first_service = first_service
        self.npi = fields["billing_provider"].npi
        self.charges: Decimal = charges
        self.last_end = last_end
        self.incomplete = incomplete
        self._patient: tuple[object, ...] | None = None
        self._signature: tuple[object, ...] | None = None
        #: (context, day, ICD-10-CM release) once COD or DX has looked them up
        #: (see :func:`rcm.edits.families.cod.claim_release`).
        self.release: tuple[object, date | None, Any] | None = None

    @property
    def patient(self) -> tuple[object, ...]:
        """Who the claim is for, as a private key (payer, member, name, birth date).

        Never shown: it is PHI. History lookups match on it.

        Example:
            >>> from rcm.claims.examples import professional_claim
            >>> len(facts(professional_claim()).patient)
            5
        """
        if self._patient is None:
            self._patient = _context().patient_key_of(self.values)
        return self._patient

    @property
    def signature(self) -> tuple[object, ...]:
        """What makes two claims the same bill: patient, provider and lines (private).

        Example:
            >>> from rcm.claims.examples import professional_claim
            >>> facts(professional_claim()).signature == facts(professional_claim()).signature
            True
        """
        if self._signature is None:
            self._signature = _context().claim_signature(self.claim, self.patient)
        return self._signature


_CONTEXT: list[Any] = []


def _context() -> Any:
    """The rcm.edits._context module (it imports this one, so it is fetched on first use).

    Kept once fetched: an import statement in the properties above would run the
    import machinery (about 0.7 us) for every claim checked.
    """
    if not _CONTEXT:
        import rcm.edits._context as module

        _CONTEXT.append(module)
    return _CONTEXT[0]


_ZERO: Final = Decimal(0)
_LAST: tuple[object, ClaimFacts | None] = (None, None)


def facts(claim: Claim) -> ClaimFacts:
    """The :class:`ClaimFacts` of *claim* (cached for the claim last asked about).

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> claim = professional_claim()
        >>> facts(claim) is facts(claim)
        True
    """
    global _LAST  # noqa: PLW0603 - a one-slot cache, replaced whole (atomic)
    last = _LAST
    if last[0] is claim:
        return last[1]  # type: ignore[return-value]  # set together with the claim
    made = ClaimFacts(claim)
    _LAST = (claim, made)
    return made


_DERIVED: tuple[object, dict[tuple[object, ...], Any]] = (None, {})
_DERIVED_LIMIT: Final = 4096


def derived(context: Context) -> dict[tuple[object, ...], Any]:
    """A memo of what checks derive from *context* alone, for the context last asked about.

    A context is frozen, so what follows from it and a key (the PTP tables for
    a setting, the MUE table in force on a day, a payer's filing limit) stays
    true while it is in use: checks look such things up here instead of
    scanning the tables for every claim. Keys start with the family's name
    (``("mue", setting, day)``). Kept for one context, by identity, replaced
    whole (atomic); bounded.

    Example:
        >>> from datetime import date
        >>> from rcm.edits import Context
        >>> ctx = Context(as_of=date(2026, 1, 1))
        >>> derived(ctx) is derived(ctx), derived(ctx) is derived(Context(as_of=date(2026, 1, 1)))
        (True, False)
    """
    global _DERIVED  # noqa: PLW0603 - a one-slot cache, replaced whole (atomic)
    last = _DERIVED
    if last[0] is context and len(last[1]) < _DERIVED_LIMIT:
        return last[1]
    memo: dict[tuple[object, ...], Any] = {}
    _DERIVED = (context, memo)
    return memo
