"""A HCPCS Level II release: codes and modifiers with their dates, looked up by date of service."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import date
from types import MappingProxyType

import attrs

from rcm.coding import _hcpcs_format
from rcm.coding import modifier as _modifier_format
from rcm.coding._hcpcs_files import in_force
from rcm.dates import DateRange
from rcm.errors import UnknownCode, ValidationError

__all__ = ["HcpcsCode", "HcpcsRelease"]

logger = logging.getLogger(__name__)


@attrs.frozen(slots=True)
class HcpcsCode:
    """One HCPCS Level II code or modifier, as a CMS release describes it.

    The fields follow the CMS HCPCS record layout (see
    :func:`rcm.coding.hcpcs.load_anweb`); a CSV release fills only the code and
    descriptions.

    Attributes:
        code: the compact code (``"J1100"``) or modifier (``"XE"``).
        is_modifier: whether this is a modifier (record identification code 7).
        long_description: the long description, continuation lines joined.
        short_description: the short description (at most 28 characters).
        release: the release's name, so every answer says where it came from.
        add_date: when the code was added to HCPCS.
        action_effective_date: when the latest action (``action_code``) took effect.
        termination_date: the last date the code may be used, if it is discontinued.
        action_code: the latest change (``A`` add, ``D`` discontinue, ``N`` none, ...).
        pricing_indicators: up to four Medicare Part B pricing indicator codes.
        multiple_pricing_indicator: the multiple pricing indicator.
        coverage_code: Medicare coverage (``C``, ``D``, ``I``, ``M``, ``S``).
        coverage_issues_references: Coverage Issues Manual section numbers (``60-14``).
        carriers_manual_references: Medicare Carriers Manual section numbers (``2049``).
        cross_references: codes a deleted or invalid code crosswalks to.
        lab_certifications: CLIA laboratory certification codes.
        betos: the Berenson-Eggers type of service.
        types_of_service: CMS type-of-service codes.
        anesthesia_base_units: the anesthesia base unit quantity, if any.
        processing_note: the processing note number.
        statute: the statute reference.
        asc_payment_group: the ASC payment group (``YY`` = approved for ASC).
        asc_effective_date: when the ASC payment group took effect.

    Example:
        >>> from datetime import date
        >>> code = HcpcsCode("A4206", False, "Syringe with needle, sterile, 1 cc or less, each",
        ...                  "1 cc sterile syringe&needle", "2026 JAN", add_date=date(1985, 1, 1))
        >>> code.effective.start, code.effective.end == date.max
        (datetime.date(1985, 1, 1), True)
    """

    code: str
    is_modifier: bool
    long_description: str
    short_description: str
    release: str
    add_date: date | None = None
    action_effective_date: date | None = None
    termination_date: date | None = None
    action_code: str | None = None
    pricing_indicators: tuple[str, ...] = ()
    multiple_pricing_indicator: str | None = None
    coverage_code: str | None = None
    coverage_issues_references: tuple[str, ...] = ()
    carriers_manual_references: tuple[str, ...] = ()
    cross_references: tuple[str, ...] = ()
    lab_certifications: tuple[str, ...] = ()
    betos: str | None = None
    types_of_service: tuple[str, ...] = ()
    anesthesia_base_units: int | None = None
    processing_note: str | None = None
    statute: str | None = None
    asc_payment_group: str | None = None
    asc_effective_date: date | None = None

    @property
    def effective(self) -> DateRange | None:
        """The dates the code may be used: from its add date to its termination date.

        An open end is ``date.max``; an unknown start (a CSV release) is
        ``date.min``; ``None`` when the code was terminated before its add date
        (added and withdrawn before it took effect), so it is never valid.

        Example:
            >>> from datetime import date
            >>> HcpcsCode("G0001", False, "x", "x", "r", add_date=date(2000, 1, 1),
            ...           termination_date=date(2024, 12, 31)).effective.isoformat()
            '2000-01-01..2024-12-31'
        """
        start = self.add_date or self.action_effective_date or date.min
        end = self.termination_date or date.max
        return DateRange(start, end) if start <= end else None


def _index(entries: tuple[HcpcsCode, ...]) -> Mapping[str, HcpcsCode]:
    return MappingProxyType({entry.code: entry for entry in entries})


def _validate_any(code: str) -> str:
    """Validate a Level II code, or a modifier when *code* has two characters."""
    compact = _hcpcs_format.compact(code)
    if len(compact) == 2:
        return _modifier_format.validate(compact)
    return _hcpcs_format.validate(compact)


@attrs.frozen(slots=True)
class HcpcsRelease:
    """A HCPCS Level II release: the codes and modifiers of one CMS file.

    Attributes:
        name: the release (``"2026 JAN"`` from ``HCPC2026_JAN_ANWEB.txt``, or yours).
        source: the file it was read from.
        effective: the dates the release is in force, if given; lookups for other
            dates are refused.
        entries: every code and modifier, in file order.

    Example:
        >>> from datetime import date
        >>> old = HcpcsCode("G0001", False, "Test code", "Test code", "demo",
        ...                 add_date=date(2000, 1, 1), termination_date=date(2024, 12, 31))
        >>> release = HcpcsRelease("demo", "<memory>", None, (old,))
        >>> release.lookup("g0001", on=date(2024, 12, 31)).short_description
        'Test code'
        >>> release.lookup("G0001", on=date(2025, 1, 1))
        Traceback (most recent call last):
        ...
        rcm.errors.UnknownCode: HCPCS code G0001 was terminated on 2024-12-31 ...
    """

    name: str
    source: str
    effective: DateRange | None
    entries: tuple[HcpcsCode, ...] = attrs.field(repr=False)
    _by_code: Mapping[str, HcpcsCode] = attrs.field(
        init=False,
        repr=False,
        eq=False,
        default=attrs.Factory(lambda self: _index(self.entries), takes_self=True),
    )

    def get(self, code: str) -> HcpcsCode | None:
        """Return the entry for a code or modifier whatever the date, or ``None``.

        Example:
            >>> HcpcsRelease("demo", "<memory>", None, ()).get("J1100") is None
            True
        """
        try:
            return self._by_code.get(_validate_any(code))
        except ValidationError:
            return None

    def lookup(self, code: str, *, on: date) -> HcpcsCode:
        """Return the entry for a code or modifier on the date of service *on*.

        Raises:
            InvalidFormat: *code* is neither a Level II code nor a modifier.
            UnknownCode: the release does not have the code, the code was added
                after *on* or terminated before it, or the release is not in
                force on *on*. The error names the code, date and release.

        Example:
            >>> from datetime import date
            >>> HcpcsRelease("demo", "<memory>", None, ()).lookup("J1100", on=date(2026, 1, 2))
            Traceback (most recent call last):
            ...
            rcm.errors.UnknownCode: HCPCS code J1100 is not defined on 2026-01-02 in release demo
        """
        compact = _validate_any(code)
        entry = self._by_code.get(compact)

        def unknown(message: str | None = None) -> UnknownCode:
            return UnknownCode(message, code=compact, system="HCPCS", date=on, release=self.name)

        if entry is None:
            raise unknown()
        if not in_force(self.effective, on):
            assert self.effective is not None  # in_force is True for None
            raise unknown(
                f"HCPCS release {self.name} is in force {self.effective.isoformat()}, "
                f"not on {on.isoformat()} (code {compact})"
            )
        start = entry.add_date or entry.action_effective_date
        end = entry.termination_date
        if end is not None and on > end:
            raise unknown(
                f"HCPCS code {compact} was terminated on {end.isoformat()} and is not valid "
                f"on {on.isoformat()} (release {self.name})"
            )
        if start is not None and on < start:
            raise unknown(
                f"HCPCS code {compact} was added on {start.isoformat()} and is not valid "
                f"on {on.isoformat()} (release {self.name})"
            )
        return entry

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[HcpcsCode]:
        return iter(self.entries)
