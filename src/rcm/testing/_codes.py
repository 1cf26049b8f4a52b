"""Strategies for code values: NPIs, CPT, HCPCS, modifiers, POS, NDCs and the rest.

Requires the ``rcmkit[testing]`` extra (hypothesis). Every value drawn passes
the matching module's ``validate`` (``rcm.coding.<module>``), and each
strategy shrinks toward the simplest code of its kind (``1000000004``,
``00000``, ``A0000``...).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date

from hypothesis import strategies as st

from rcm.coding import cpt, hcpcs, icd10pcs, modifier, ndc, npi, pos, tob

__all__ = [
    "cpt_codes",
    "hcpcs_codes",
    "icd10pcs_codes",
    "modifiers",
    "ndcs",
    "npis",
    "pos_codes",
    "revenue_codes",
    "taxonomy_codes",
    "tob_codes",
]

_DIGITS = "0123456789"
_PCS_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _choose(name: str, given: Collection[str], allowed: Collection[str]) -> list[str]:
    """Check a collection argument eagerly: a non-empty collection of allowed values."""
    if isinstance(given, st.SearchStrategy):
        raise TypeError(
            f"{name} takes a collection of values, not a strategy; use .flatmap to draw it"
        )
    if isinstance(given, str):
        # A string of letters is a collection of letters; otherwise it is one value.
        single = all(len(value) == 1 for value in allowed)
        chosen = list(given) if single else [given]
    else:
        chosen = list(given)
    if not chosen:
        raise ValueError(f"{name} must not be empty")
    unknown = [value for value in chosen if value not in allowed]
    if unknown:
        raise ValueError(f"{name} has {unknown!r}, which is not one of {sorted(allowed)!r}")
    return sorted(set(chosen), key=list(allowed).index)


def _digits(count: int) -> st.SearchStrategy[str]:
    return st.integers(min_value=0, max_value=10**count - 1).map(lambda n: f"{n:0{count}d}")


def _append(suffix: str) -> Callable[[str], str]:
    def append(text: str) -> str:
        return text + suffix

    return append


def npis() -> st.SearchStrategy[str]:
    """Well-formed NPIs: ten digits, starting with 1 or 2, with a correct check digit.

    Shrinks toward ``1000000004``.

    Requires the ``rcmkit[testing]`` extra.

    Example:
        >>> from hypothesis import given
        >>> from rcm.coding import npi
        >>> @given(npis())
        ... def test_valid(value):
        ...     assert npi.is_valid(value)
        >>> test_valid()
    """
    body = st.builds(lambda first, rest: first + rest, st.sampled_from("12"), _digits(8))
    return body.map(lambda nine: nine + npi.calc_check_digit(nine))


def cpt_codes(*, categories: Collection[cpt.Category] = cpt.CATEGORIES) -> st.SearchStrategy[str]:
    """Codes shaped like CPT codes of the given categories (made up: no descriptor ships).

    Requires the ``rcmkit[testing]`` extra.

    Args:
        categories: any of ``"I"``, ``"II"``, ``"III"``, ``"PLA"``, ``"MAAA"``
            (default: all). Category I draws five digits (and the ``A``
            vaccine-administration shape).

    Raises:
        ValueError: an empty or unknown category, raised at once.
        TypeError: a strategy instead of a collection.

    Example:
        >>> from hypothesis import given
        >>> from rcm.coding import cpt
        >>> @given(cpt_codes(categories=("III",)))
        ... def test_category(code):
        ...     assert cpt.category(code) == "III"
        >>> test_category()
    """
    chosen = _choose("categories", categories, cpt.CATEGORIES)
    suffixes = {"II": "F", "III": "T", "PLA": "U", "MAAA": "M"}
    options: list[st.SearchStrategy[str]] = []
    for name in chosen:
        if name == "I":
            options.append(_digits(5))
            options.append(_digits(4).map(_append("A")))
        else:
            options.append(_digits(4).map(_append(suffixes[name])))
    return st.one_of(options)


def hcpcs_codes(*, letters: Collection[str] = hcpcs.LETTERS) -> st.SearchStrategy[str]:
    """Codes shaped like HCPCS Level II codes: a letter in use and four digits.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        letters: the first letters to draw from (default: every letter HCPCS
            uses; ``"D"`` codes are CDT dental codes).

    Raises:
        ValueError: no letters, or a letter HCPCS does not use, raised at once.

    Example:
        >>> from hypothesis import given
        >>> @given(hcpcs_codes(letters="JQ"))
        ... def test_drug_letters(code):
        ...     assert code[0] in "JQ" and len(code) == 5
        >>> test_drug_letters()
    """
    chosen = _choose("letters", letters, hcpcs.LETTERS)
    return st.builds(lambda letter, four: letter + four, st.sampled_from(chosen), _digits(4))


def modifiers(*, ncci: bool = False) -> st.SearchStrategy[str]:
    """Modifiers: two digits or upper-case letters.

    Requires the ``rcmkit[testing]`` extra.

    Args:
        ncci: draw only the modifiers in :data:`rcm.coding.modifier.NCCI_MODIFIERS`.

    Example:
        >>> from hypothesis import given
        >>> from rcm.coding import modifier
        >>> @given(modifiers(ncci=True))
        ... def test_known(value):
        ...     assert value in modifier.NCCI_MODIFIERS
        >>> test_known()
    """
    if not isinstance(ncci, bool):
        raise TypeError(f"ncci must be a bool, not {type(ncci).__name__}")
    if ncci:
        return st.sampled_from(sorted(modifier.NCCI_MODIFIERS))
    return st.text(alphabet=_ALPHANUMERIC, min_size=2, max_size=2)


def icd10pcs_codes() -> st.SearchStrategy[str]:
    """Codes shaped like ICD-10-PCS codes: seven of 0-9 and A-Z without I and O.

    The section (first character) is one CMS defines; the other axes are made up.

    Requires the ``rcmkit[testing]`` extra.

    Example:
        >>> from hypothesis import given
        >>> from rcm.coding import icd10pcs
        >>> @given(icd10pcs_codes())
        ... def test_section(code):
        ...     assert icd10pcs.section(code)
        >>> test_section()
    """
    return st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(sorted(icd10pcs.SECTIONS)),
        st.text(alphabet=_PCS_CHARACTERS, min_size=6, max_size=6),
    )


def pos_codes(*, on: date | None = None) -> st.SearchStrategy[str]:
    """Place-of-service codes CMS has assigned (from rcm's bundled table).

    Requires the ``rcmkit[testing]`` extra.

    Args:
        on: draw only codes in force on this date of service (default: any code
            the table has ever had).

    Raises:
        TypeError: *on* is not a ``date`` (a strategy, say: use ``.flatmap``).

    Example:
        >>> from datetime import date
        >>> from hypothesis import given
        >>> from rcm.coding import pos
        >>> @given(pos_codes(on=date(2021, 6, 1)))
        ... def test_in_force(code):
        ...     assert pos.lookup(code, on=date(2021, 6, 1)).code == code
        >>> test_in_force()
    """
    if on is not None and not isinstance(on, date):
        raise TypeError(
            f"on takes a date, not {type(on).__name__}; to draw it from a strategy use .flatmap"
        )
    table = pos.table()
    rows = table.on(on) if on is not None else table.entries
    return st.sampled_from(sorted({row.code for row in rows}))


def ndcs(*, layouts: Collection[ndc.Layout] = ndc.LAYOUTS) -> st.SearchStrategy[str]:
    """NDCs in the given layouts, written so their layout can be told.

    A ten-digit layout (``"4-4-2"``, ``"5-3-2"``, ``"5-4-1"``) is drawn with
    hyphens (``"1234-5678-90"``); ``"5-4-2"`` is drawn as the eleven digits
    claims carry (``"12345678901"``).

    Requires the ``rcmkit[testing]`` extra.

    Raises:
        ValueError: no layouts, or an unknown one, raised at once.

    Example:
        >>> from hypothesis import given
        >>> from rcm.coding import ndc
        >>> @given(ndcs(layouts=("5-3-2",)))
        ... def test_padded(value):
        ...     assert ndc.to_11(value)[5] == "0"
        >>> test_padded()
    """
    chosen = _choose("layouts", layouts, ndc.LAYOUTS)
    options: list[st.SearchStrategy[str]] = []
    for layout in chosen:
        widths = [int(part) for part in layout.split("-")]
        parts = st.tuples(*(_digits(width) for width in widths))
        if layout == "5-4-2":
            options.append(parts.map("".join))
        else:
            options.append(parts.map("-".join))
    return st.one_of(options)


def revenue_codes() -> st.SearchStrategy[str]:
    """Four-digit revenue codes in the NUBC ranges (``0001``-``0999``, ``100X``, ``210X``...).

    Requires the ``rcmkit[testing]`` extra.

    Example:
        >>> from hypothesis import given
        >>> from rcm.coding import revenue
        >>> @given(revenue_codes())
        ... def test_valid(code):
        ...     assert revenue.validate(code) == code
        >>> test_valid()
    """
    return st.one_of(
        st.integers(min_value=1, max_value=999),
        st.integers(min_value=1000, max_value=1005),
        st.integers(min_value=2100, max_value=2109),
        st.integers(min_value=3101, max_value=3109),
    ).map(lambda n: f"{n:04d}")


def tob_codes() -> st.SearchStrategy[str]:
    """Three-character types of bill with an assigned facility type and frequency.

    Requires the ``rcmkit[testing]`` extra.

    Example:
        >>> from hypothesis import given
        >>> from rcm.coding import tob
        >>> @given(tob_codes())
        ... def test_parts(code):
        ...     assert tob.parse(code).code == code
        >>> test_parts()
    """
    return st.builds(
        lambda facility, classification, frequency: facility + classification + frequency,
        st.sampled_from(sorted(tob.FACILITY_TYPES)),
        st.sampled_from("123456789"),
        st.sampled_from(list(tob.FREQUENCIES)),
    )


def taxonomy_codes() -> st.SearchStrategy[str]:
    """Codes shaped like NUCC taxonomy codes (``207Q00000X``); made up, not from the NUCC list.

    Requires the ``rcmkit[testing]`` extra.

    Example:
        >>> from hypothesis import given
        >>> from rcm.coding import taxonomy
        >>> @given(taxonomy_codes())
        ... def test_valid(code):
        ...     assert taxonomy.is_valid(code)
        >>> test_valid()
    """
    return st.builds(
        lambda head, middle, tail: head + middle + tail + "X",
        _digits(3),
        st.text(alphabet=_ALPHANUMERIC, min_size=2, max_size=2),
        _digits(4),
    )
