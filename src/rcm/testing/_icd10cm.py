"""Strategies for ICD-10-CM codes that exist on a date of service.

Requires the ``rcmkit[testing]`` extra (hypothesis).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from hypothesis import strategies as st

from rcm.coding import icd10cm

__all__ = ["icd10cm_codes"]


def _codes_of(release: icd10cm.Release, billable: bool | None) -> st.SearchStrategy[str]:
    # Deferred: the release's data is read at the first draw, not when the
    # strategy is defined (so defining strategies at import time stays cheap).
    return st.deferred(lambda: st.sampled_from(release.codes(billable=billable)))


def icd10cm_codes(
    *,
    on: date | st.SearchStrategy[date] | None = None,
    billable: bool | None = None,
    releases: Sequence[icd10cm.Release] | None = None,
) -> st.SearchStrategy[str]:
    """ICD-10-CM codes (compact, ``"E119"``) that the release in force defines.

    Requires the ``rcmkit[testing]`` extra.

    Shrinks toward the first codes of the tabular list (``A00``, ``A00.0``).
    Use ``.map(icd10cm.format)`` for the dotted form.

    Args:
        on: the date of service the codes must be valid on. A ``date`` value
            fixes it; a *strategy* of dates draws a date for each example and
            then a code valid on that date (pair them yourself with
            ``dates.flatmap(lambda d: icd10cm_codes(on=d).map(lambda c: (d, c)))``
            when the test needs the date too). ``None`` (the default): codes
            from every known release, each valid in at least one.
        billable: ``True`` for billable codes only, ``False`` for headers only
            (categories and codes that need more characters), ``None`` (the
            default) for both. A value, not a strategy.
        releases: choose among these releases instead of the bundled and
            registered ones (see :func:`rcm.coding.icd10cm.release`).

    Raises:
        TypeError: an argument of the wrong type (raised at once).
        NoReleaseForDate: a fixed *on* that no release covers (raised at once;
            a drawn date that no release covers fails the example that drew it).

    Example:
        >>> from datetime import date
        >>> from hypothesis import given
        >>> from rcm.coding import icd10cm
        >>> @given(icd10cm_codes(on=date(2025, 10, 1), billable=True))
        ... def test_billable(code):
        ...     assert icd10cm.is_billable(code, on=date(2025, 10, 1))
        >>> test_billable()
    """
    if billable is not None and not isinstance(billable, bool):
        raise TypeError(
            f"billable takes True, False or None, not {type(billable).__name__}"
            + (
                "; it takes a value, not a strategy"
                if isinstance(billable, st.SearchStrategy)
                else ""
            )
        )
    if releases is not None:
        releases = tuple(releases)
        for candidate in releases:
            if not isinstance(candidate, icd10cm.Release):
                raise TypeError(
                    f"releases must hold Release objects, not {type(candidate).__name__}"
                )
        if not releases:
            raise TypeError("releases is empty; give at least one Release, or None")
    if on is None:
        known = releases if releases is not None else icd10cm.releases()
        return st.one_of(*(_codes_of(r, billable) for r in known))
    if isinstance(on, date):
        return _codes_of(icd10cm.release(on=on, releases=releases), billable)
    if isinstance(on, st.SearchStrategy):
        chosen = releases
        return on.flatmap(lambda day: _codes_of(icd10cm.release(on=day, releases=chosen), billable))
    raise TypeError(f"on takes a date, a strategy of dates or None, not {type(on).__name__}")
