"""ICD-10-CM releases: loading, the bundled ones, and choosing one by date of service."""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from os import PathLike, fspath
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from rcm.coding._icd10cm_format import validate
from rcm.coding._icd10cm_model import Entry, Source
from rcm.coding._icd10cm_tables import Tables, tables_from_tsv, tables_from_xml
from rcm.dates import DateRange, fiscal_year_range, parse_date
from rcm.errors import (
    InvalidDate,
    NoReleaseForDate,
    ReferenceDataError,
    UnknownCode,
    ValidationError,
)

__all__ = [
    "BUNDLED",
    "NoReleaseForDate",
    "Release",
    "is_billable",
    "load",
    "lookup",
    "register",
    "release",
    "releases",
    "unregister",
]

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

logger = logging.getLogger(__name__)

SYSTEM: Final = "ICD-10-CM"


class Release:
    """One ICD-10-CM release: every code it defines, its notes, and its provenance.

    Get one from :func:`release` (the release in force on a date of service),
    :func:`releases` (all known) or :func:`load` (an official CDC file). The
    data of a bundled release is read the first time it is used, once.

    Codes are accepted with or without the dot, in any case. ``code in
    release`` and :meth:`is_billable` never raise; :meth:`lookup` raises for
    a code the release does not define. Iterating yields every code the
    release defines (headers and billable codes, compact) in tabular order.

    Attributes:
        version: the release's short name, carried by every :class:`Entry`
            it returns (``"FY2026"``).
        name: a longer title for messages and listings.
        effective: the dates of service the release is in force for.
        source: the official file it was made from, with its SHA-256.

    Example:
        >>> from datetime import date
        >>> from rcm.coding import icd10cm
        >>> fy26 = icd10cm.release(on=date(2025, 10, 1))
        >>> fy26.version, fy26.effective.isoformat()
        ('FY2026', '2025-10-01..2026-09-30')
        >>> "E11.9" in fy26, fy26.is_billable("E11"), len(fy26.codes(billable=True))
        (True, False, 74719)
        >>> tuple(fy26)[:3]
        ('A00', 'A000', 'A001')
    """

    __slots__ = ("_effective", "_loader", "_name", "_source", "_tables", "_version")

    def __init__(
        self,
        *,
        version: str,
        name: str,
        effective: DateRange,
        source: Source,
        loader: Callable[[], Tables],
    ) -> None:
        self._version = version
        self._name = name
        self._effective = effective
        self._source = source
        self._loader = loader
        self._tables: Tables | None = None

    # -- provenance -------------------------------------------------------------

    @property
    def version(self) -> str:
        """The release's short name (``"FY2026"``).

        Example:
            >>> from datetime import date
            >>> from rcm.coding import icd10cm
            >>> icd10cm.release(on=date(2025, 3, 1)).version
            'FY2025'
        """
        return self._version

    @property
    def name(self) -> str:
        """A longer title, naming the update the data comes from.

        Example:
            >>> from datetime import date
            >>> from rcm.coding import icd10cm
            >>> icd10cm.release(on=date(2026, 4, 1)).name
            'ICD-10-CM FY2026 (April 1, 2026 tabular list)'
        """
        return self._name

    @property
    def effective(self) -> DateRange:
        """The inclusive range of dates of service the release is in force for.

        Example:
            >>> from datetime import date
            >>> from rcm.coding import icd10cm
            >>> icd10cm.release(on=date(2025, 3, 1)).effective.isoformat()
            '2024-10-01..2025-09-30'
        """
        return self._effective

    @property
    def source(self) -> Source:
        """The official file the release was made from.

        Example:
            >>> from datetime import date
            >>> from rcm.coding import icd10cm
            >>> icd10cm.release(on=date(2026, 1, 1)).source.file
            'icd10c-tabular-April-1-2026.xml'
        """
        return self._source

    def __repr__(self) -> str:
        return (
            f"<Release {self._version} {self._effective.isoformat()} "
            f"from {self._source.file} sha256={self._source.sha256[:12]}>"
        )

    # -- data -------------------------------------------------------------------

    def _data(self) -> Tables:
        tables = self._tables
        if tables is None:
            tables = self._loader()
            self._tables = tables
        return tables

    def _position(self, code: object) -> int | None:
        """Where *code* sits in the code list; ``None`` if undefined or malformed."""
        if code.__class__ is not str and not isinstance(code, str):
            return None
        tables = self._tables or self._data()
        index = tables.index
        pos = index.get(code)
        if pos is None:
            # the usual dotted form (E11.9) first; then the full cleaning
            if len(code) > 4 and code[3] == ".":
                pos = index.get(code[:3] + code[4:])
            if pos is None:
                try:
                    pos = index.get(validate(code))
                except ValidationError:
                    return None
        return pos

    def _lookup(self, code: str, on: date | None) -> Entry:
        pos = self._position(code)
        if pos is None:
            key = validate(code)  # raises InvalidFormat for what is not a code
            raise UnknownCode(code=key, system=SYSTEM, date=on, release=self._version)
        tables = self._tables or self._data()
        entry = tables.entry_at[pos]
        return entry if entry is not None else tables.entry(pos)

    def lookup(self, code: str) -> Entry:
        """Return the :class:`Entry` for *code* (with or without the dot, any case).

        Raises:
            InvalidFormat: *code* is not shaped like an ICD-10-CM code.
            UnknownCode: the release does not define *code*.

        Example:
            >>> from datetime import date
            >>> from rcm.coding import icd10cm
            >>> fy26 = icd10cm.release(on=date(2025, 10, 1))
            >>> fy26.lookup("t36.0x1a").description
            'Poisoning by penicillins, accidental (unintentional), initial encounter'
            >>> fy26.lookup("E11.99")
            Traceback (most recent call last):
            ...
            rcm.errors.UnknownCode: ICD-10-CM code E1199 is not defined in release FY2026
        """
        tables = self._tables
        if tables is not None and code.__class__ is str:  # the hot path, inlined
            pos = tables.index.get(code)
            if pos is None and len(code) > 4 and code[3] == ".":
                pos = tables.index.get(code[:3] + code[4:])
            if pos is not None:
                entry = tables.entry_at[pos]
                if entry is not None:
                    return entry
        return self._lookup(code, None)

    def get(self, code: object) -> Entry | None:
        """Return the :class:`Entry` for *code*, or ``None``; never raises.

        Example:
            >>> from datetime import date
            >>> from rcm.coding import icd10cm
            >>> fy26 = icd10cm.release(on=date(2025, 10, 1))
            >>> fy26.get("E11.9").billable, fy26.get("E11.99"), fy26.get(42)
            (True, None, None)
        """
        pos = self._position(code)
        if pos is None:
            return None
        tables = self._tables or self._data()
        entry = tables.entry_at[pos]
        return entry if entry is not None else tables.entry(pos)

    def is_billable(self, code: object) -> bool:
        """Whether *code* is a billable code of this release; never raises.

        Headers (categories and subcategories with codes below them, and codes
        that still need a 7th character) are defined but not billable. Use
        :meth:`lookup` to learn why a code is refused.

        Example:
            >>> from datetime import date
            >>> from rcm.coding import icd10cm
            >>> fy26 = icd10cm.release(on=date(2025, 10, 1))
            >>> fy26.is_billable("S72.001A"), fy26.is_billable("S72.001"), fy26.is_billable([])
            (True, False, False)
        """
        tables = self._tables
        if tables is not None and code.__class__ is str:  # the hot path, inlined
            pos = tables.index.get(code)
            if pos is None and len(code) > 4 and code[3] == ".":
                pos = tables.index.get(code[:3] + code[4:])
            if pos is not None:
                return tables.billable[pos]
        pos = self._position(code)
        return pos is not None and (self._tables or self._data()).billable[pos]

    def __contains__(self, code: object) -> bool:
        return self._position(code) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._data().codes)

    def __len__(self) -> int:
        return len(self._data().codes)

    def codes(self, *, billable: bool | None = None) -> tuple[str, ...]:
        """Every code the release defines, compact, in tabular order.

        Args:
            billable: ``True`` for billable codes only, ``False`` for headers
                only, ``None`` (the default) for both.

        Example:
            >>> from datetime import date
            >>> from rcm.coding import icd10cm
            >>> fy25 = icd10cm.release(on=date(2025, 3, 1))
            >>> len(fy25.codes(billable=True)), fy25.codes(billable=False)[:2]
            (74260, ('A00', 'A01'))
        """
        return _codes(self._data(), billable)

    def entries(self) -> Iterator[Entry]:
        """Every entry of the release, in tabular order.

        Example:
            >>> from datetime import date
            >>> from rcm.coding import icd10cm
            >>> first = next(icd10cm.release(on=date(2025, 10, 1)).entries())
            >>> first.code, first.description, first.billable
            ('A00', 'Cholera', False)
        """
        tables = self._data()
        for pos in range(len(tables.codes)):
            entry = tables.entry_at[pos]
            yield entry if entry is not None else tables.entry(pos)


def _codes(tables: Tables, billable: bool | None) -> tuple[str, ...]:
    if billable is not None and not isinstance(billable, bool):
        raise TypeError(f"billable must be True, False or None, not {billable!r}")
    found = tables.tuples.get(billable)
    if found is None:
        if billable is None:
            found = tuple(tables.codes)
        else:
            pairs = zip(tables.codes, tables.billable, strict=True)
            found = tuple(code for code, flag in pairs if flag is billable)
        tables.tuples[billable] = found
    return found


# -- loading --------------------------------------------------------------------


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ReferenceDataError(
            f"cannot read the file: {exc.strerror or exc}", path=path
        ) from None


def _xml_root(data: bytes, where: str) -> Element:
    """Parse *data* as XML, or raise naming the file and line."""
    from xml.etree.ElementTree import ParseError, fromstring

    # The user's own official file; CPython's expat refuses entity expansion
    # attacks (billion laughs) and ElementTree never fetches external entities,
    # which is why ruff's S314 is silenced below.
    try:
        return fromstring(data)  # noqa: S314
    except ParseError as exc:
        raise ReferenceDataError(
            f"not well-formed XML ({exc}): is the file truncated, "
            "or not the ICD-10-CM tabular XML?",
            path=where,
            line=exc.position[0],
        ) from None


def _is_compact(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b" or data.startswith(b"#rcm-icd10cm")


def _xml_year(root: Element, where: str) -> int:
    """The fiscal year the tabular XML's ``<version>`` names."""
    text = (root.findtext("version") or "").strip()
    if len(text) != 4 or not text.isdigit():
        raise ReferenceDataError(
            f"cannot tell the fiscal year: <version> is {text!r}, expected CCYY; "
            "pass version= and effective= to load()",
            path=where,
        )
    return int(text)


def load(
    path: str | PathLike[str],
    *,
    version: str | None = None,
    effective: DateRange | None = None,
    name: str | None = None,
) -> Release:
    """Load a release from the CDC tabular XML (or rcm's compact ``.tsv.gz`` form).

    Point it at ``icd10cm-tabular-*.xml`` from the CDC's ICD-10-CM files (the
    "Code Tables, Tabular and Index" zip). The file is read and checked at once.

    Args:
        path: the file.
        version: the release's short name; defaults to ``FY`` and the XML's
            ``<version>`` (``"FY2027"``).
        effective: the dates of service it is in force for; defaults to the
            federal fiscal year of the XML's ``<version>`` (October 1 to
            September 30). Give the range explicitly for an April update
            (``DateRange(date(2026, 4, 1), date(2026, 9, 30))``).
        name: a longer title; defaults to ``"ICD-10-CM "`` and the version.

    Raises:
        ReferenceDataError: the file cannot be read, is not well-formed XML,
            or is not the ICD-10-CM tabular list (the message names the file).

    Example:
        >>> import tempfile, pathlib
        >>> from rcm.coding import icd10cm
        >>> xml = '''<ICD10CM.tabular><version>2027</version><chapter><name>4</name>
        ...   <desc>Endocrine (E00-E89)</desc><section id="E08-E13"><desc>Diabetes</desc>
        ...   <diag><name>E11</name><desc>Type 2 diabetes mellitus</desc>
        ...     <diag><name>E11.9</name><desc>Type 2 diabetes mellitus without complications</desc>
        ...     </diag></diag></section></chapter></ICD10CM.tabular>'''
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "tabular.xml"
        >>> _ = path.write_text(xml)
        >>> mine = icd10cm.load(path)
        >>> mine.version, mine.effective.isoformat(), mine.codes(billable=True)
        ('FY2027', '2026-10-01..2027-09-30', ('E119',))
    """
    where = fspath(path)
    data = _read(where)
    sha256 = hashlib.sha256(data).hexdigest()
    if _is_compact(data):
        tables, header = tables_from_tsv(data, where=where, version=version)
        version = version or header.get("version")
        if effective is None and "effective" in header:
            start, _, end = header["effective"].partition("\t")
            effective = DateRange(parse_date(start), parse_date(end))
        if not version or effective is None:
            raise ReferenceDataError(
                "the compact file's header lacks its version or effective dates; "
                "pass version= and effective=",
                path=where,
            )
        name = name or header.get("name")
        source = Source(
            file=header.get("source_file") or Path(where).name,
            sha256=header.get("source_sha256") or sha256,
            url=header.get("source_url") or None,
            via=header.get("source_via") or None,
        )
    else:
        root = _xml_root(data, where)
        year = 0
        if root.tag == "ICD10CM.tabular" and (version is None or effective is None):
            year = _xml_year(root, where)
        version = version or f"FY{year}"
        tables = tables_from_xml(root, version=version, where=where)  # checks the root
        effective = effective or fiscal_year_range(year)
        source = Source(file=Path(where).name, sha256=sha256)
    loaded = Release(
        version=version,
        name=name or f"{SYSTEM} {version}",
        effective=effective,
        source=source,
        loader=functools.partial(_same, tables),
    )
    logger.debug("loaded %r (%d codes)", loaded, len(tables.codes))
    return loaded


def _same(tables: Tables) -> Tables:
    return tables


# -- bundled releases -------------------------------------------------------------


@attrs.frozen(slots=True)
class _Bundled:
    version: str
    name: str
    resource: str
    effective: DateRange
    source: Source


_CDC_FILES = "https://www.cdc.gov/nchs/icd/icd-10-cm/files.html"

#: The releases shipped in ``rcm/coding/data`` (made by ``scripts/update/icd10cm.py``;
#: a test checks that each file's header says the same).
#:
#: Effective ranges: FY2025 covers the whole fiscal year although it is made
#: from the April 1, 2025 tabular list, because the April 2025 update changed no
#: codes (its 74,260 billable codes are CMS's FY2025 total, and it differs from
#: FY2026 by exactly the 487 additions and 28 deletions CMS published for
#: October 1, 2025). FY2026 is made from the April 1, 2026 tabular list, whose
#: addenda list 0 additions, deletions and revisions against October 1, 2025.
BUNDLED: Final = (
    _Bundled(
        version="FY2025",
        name="ICD-10-CM FY2025 (April 1, 2025 tabular list)",
        resource="icd10cm_fy2025.tsv.gz",
        effective=DateRange(date(2024, 10, 1), date(2025, 9, 30)),
        source=Source(
            file="icd10cm-tabular-April-2025.xml",
            sha256="d6cdf5283f35a102d77ead236ec8c8929f22ba7f3356dbadff18ede01a3a3de5",
            url=_CDC_FILES,
            via="PyPI wheel simple-icd-10-cm==1.4.0, simple_icd_10_cm/data/",
        ),
    ),
    _Bundled(
        version="FY2026",
        name="ICD-10-CM FY2026 (April 1, 2026 tabular list)",
        resource="icd10cm_fy2026.tsv.gz",
        effective=DateRange(date(2025, 10, 1), date(2026, 9, 30)),
        source=Source(
            file="icd10c-tabular-April-1-2026.xml",
            sha256="f161f8182aff3ce3a2a78e202f8259c08eaee2c670a9e45b0072445c52302935",
            url=_CDC_FILES,
            via="PyPI wheel simple-icd-10-cm==1.5.0, simple_icd_10_cm/data/",
        ),
    ),
)


@functools.cache
def _load_bundled(resource: str, version: str) -> Tables:
    where = f"rcm/coding/data/{resource}"
    from importlib import resources  # imported here: importing rcm stays cheap

    try:
        data = resources.files("rcm.coding").joinpath("data", resource).read_bytes()
    except OSError as exc:
        raise ReferenceDataError(f"bundled data is missing: {exc}", path=where) from None
    tables, header = tables_from_tsv(data, where=where)
    if header.get("version") != version:
        raise ReferenceDataError(
            f"bundled file says version {header.get('version')!r}, expected {version!r}",
            path=where,
        )
    logger.debug("loaded bundled %s: %d codes", resource, len(tables.codes))
    return tables


@functools.cache
def _bundled_releases() -> tuple[Release, ...]:
    return tuple(
        Release(
            version=b.version,
            name=b.name,
            effective=b.effective,
            source=b.source,
            loader=functools.partial(_load_bundled, b.resource, b.version),
        )
        for b in BUNDLED
    )


# -- choosing a release by date -----------------------------------------------------

_lock = threading.Lock()
_registered: list[Release] = []
_by_date: dict[object, Release] = {}


def register(release: Release) -> Release:
    """Make *release* available to :func:`release` and the date-based lookups.

    Where several releases cover a date, the one whose effective range starts
    latest wins, so an April update registered beside its October release
    takes over from April 1; on a tie, a registered release wins over a
    bundled one, and a later registration over an earlier one.

    Example:
        >>> from datetime import date
        >>> from rcm.coding import icd10cm
        >>> fy26 = icd10cm.release(on=date(2025, 10, 1))
        >>> icd10cm.register(fy26) is fy26, icd10cm.unregister(fy26)
        (True, True)
    """
    if not isinstance(release, Release):
        raise TypeError(f"register() takes a Release, not {type(release).__name__}")
    with _lock:
        _registered.append(release)
        _by_date.clear()
    return release


def unregister(release: Release) -> bool:
    """Forget a release given to :func:`register`; return whether it was registered.

    Example:
        >>> from datetime import date
        >>> from rcm.coding import icd10cm
        >>> icd10cm.unregister(icd10cm.release(on=date(2025, 10, 1)))
        False
    """
    with _lock:
        for i in range(len(_registered) - 1, -1, -1):
            if _registered[i] is release:
                del _registered[i]
                _by_date.clear()
                return True
    return False


def releases() -> tuple[Release, ...]:
    """Every release known: the bundled ones, then those registered.

    Listing them reads no data.

    Example:
        >>> from rcm.coding import icd10cm
        >>> tuple((r.version, r.effective.isoformat()) for r in icd10cm.releases())
        (('FY2025', '2024-10-01..2025-09-30'), ('FY2026', '2025-10-01..2026-09-30'))
    """
    return _bundled_releases() + tuple(_registered)


def _as_date(on: object) -> date:
    if isinstance(on, date):
        return on
    if isinstance(on, str):
        return parse_date(on)
    raise InvalidDate(
        f"the date of service must be a datetime.date, not {type(on).__name__}",
        value=str(on),
        expected="datetime.date",
    )


def _choose(day: date, candidates: Iterable[Release]) -> Release:
    best: Release | None = None
    seen: list[Release] = []
    for candidate in candidates:
        if not isinstance(candidate, Release):
            raise TypeError(f"releases must be Release objects, not {type(candidate).__name__}")
        seen.append(candidate)
        if day in candidate.effective and (
            best is None or candidate.effective.start >= best.effective.start
        ):
            best = candidate
    if best is None:
        raise NoReleaseForDate(
            date=day,
            system=SYSTEM,
            available=tuple(f"{r.version} ({r.effective.isoformat()})" for r in seen),
            hint=(
                "Load the tabular XML of the release in force with rcm.coding.icd10cm.load() "
                "and pass it as releases=[...] or register() it"
            ),
        )
    return best


def release(*, on: date, releases: Iterable[Release] | None = None) -> Release:
    """The ICD-10-CM release in force on the date of service *on*.

    Args:
        on: the date of service (inpatient: the discharge date). A
            ``YYYY-MM-DD`` or ``CCYYMMDD`` string is parsed exactly.
        releases: choose among these only (for example releases you loaded
            with :func:`load`) instead of the bundled and registered ones.

    Raises:
        NoReleaseForDate: no release covers *on*; the message lists those that exist.

    Example:
        >>> from datetime import date
        >>> from rcm.coding import icd10cm
        >>> icd10cm.release(on=date(2025, 9, 30)).version, icd10cm.release(on="2025-10-01").version
        ('FY2025', 'FY2026')
        >>> icd10cm.release(on=date(2019, 5, 1))
        Traceback (most recent call last):
        ...
        rcm.coding._icd10cm_release.NoReleaseForDate: no ICD-10-CM release is in force ...
    """
    if releases is not None:
        return _choose(_as_date(on), releases)
    found = _by_date.get(on)
    if found is None:
        day = _as_date(on)
        found = _choose(day, _bundled_releases() + tuple(_registered))
        with _lock:
            if len(_by_date) > 100_000:
                _by_date.clear()
            _by_date[on] = found
    return found


def lookup(code: str, *, on: date, releases: Iterable[Release] | None = None) -> Entry:
    """Look *code* up in the release in force on the date of service *on*.

    Raises:
        InvalidFormat: *code* is not shaped like an ICD-10-CM code.
        UnknownCode: the release in force on *on* does not define *code*
            (the error names the code, the date and the release).
        NoReleaseForDate: no release covers *on*.

    Example:
        >>> from datetime import date
        >>> from rcm.coding import icd10cm
        >>> icd10cm.lookup("E11.A", on=date(2025, 10, 1)).description
        'Type 2 diabetes mellitus without complications in remission'
        >>> icd10cm.lookup("E11.A", on=date(2025, 9, 30))
        Traceback (most recent call last):
        ...
        rcm.errors.UnknownCode: ICD-10-CM code E11A is not defined on 2025-09-30 in release FY2025
    """
    chosen = (_by_date.get(on) if releases is None and on.__class__ is date else None) or release(
        on=on, releases=releases
    )
    # the hot path, inlined: a compact or dotted code whose entry is built
    tables = chosen._tables
    if tables is not None and code.__class__ is str:
        pos = tables.index.get(code)
        if pos is None and len(code) > 4 and code[3] == ".":
            pos = tables.index.get(code[:3] + code[4:])
        if pos is not None:
            entry = tables.entry_at[pos]
            if entry is not None:
                return entry
    return chosen._lookup(code, on if isinstance(on, date) else _as_date(on))


def is_billable(code: object, *, on: date, releases: Iterable[Release] | None = None) -> bool:
    """Whether *code* is billable on the date of service *on*.

    Never raises because of *code* (an unknown or malformed code is simply not
    billable: use :func:`lookup` to learn why); raises
    :class:`NoReleaseForDate` when no release covers *on*.

    Example:
        >>> from datetime import date
        >>> from rcm.coding import icd10cm
        >>> icd10cm.is_billable("G35", on=date(2025, 9, 30)), icd10cm.is_billable(
        ...     "G35", on=date(2025, 10, 1))
        (True, False)
    """
    chosen = (_by_date.get(on) if releases is None and on.__class__ is date else None) or release(
        on=on, releases=releases
    )
    return chosen.is_billable(code)
