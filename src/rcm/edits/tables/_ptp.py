"""NCCI procedure-to-procedure (PTP) edit tables, read from CMS's tab-delimited text.

CMS publishes the practitioner (``ccipra-v<version>-f<n>.txt``) and hospital
outpatient (``ccioph-...``) tables quarterly as zips of tab-delimited text:
a few header lines (the AMA notice, then "Column 1 / Column 2 / * = in
existence prior to 1996 / Effective Date / Deletion Date (* = no data) /
Modifier (0 = not allowed, 1 = allowed, 9 = not applicable) / PTP Edit
Rationale"), then one row per edit with those seven columns. Dates are
``CCYYMMDD``. A table holds deleted edits too; each row applies to dates of
service from its effective date through its deletion date (inclusive).

Source: CMS, "Medicare NCCI Procedure to Procedure (PTP) Edits"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-procedure-procedure-ptp-edits),
and the NCCI Policy Manual for Medicare Services, Introduction and Chapter I.

Storage: codes pack into base-36 integers (five characters fit 26 bits, and
base-36 order is the files' string order), each row into 20 bytes of
:mod:`array` columns, so two million rows take about 40 MB and load from
rcm's cache file (:func:`rcm.edits.tables.save_cache`) with one copy.
"""

from __future__ import annotations

import logging
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Final, Literal

import attrs

from rcm.edits.tables._common import (
    NO_DATE,
    PathLike,
    as_paths,
    date_int,
    guarded,
    int_date,
    is_code5,
    open_text,
    parse_ccyymmdd_int,
)
from rcm.errors import ReferenceDataError

__all__ = ["PtpRow", "PtpTable", "load_ptp"]

logger = logging.getLogger(__name__)

PtpSetting = Literal["practitioner", "outpatient_hospital"]

_SHIFT: Final = 26  # 36**5 < 2**26
_LOW: Final = (1 << _SHIFT) - 1
_CACHE_LIMIT: Final = 200_000
_FILE_NAME: Final = re.compile(r"cci(pra|oph)-v(\d+)r(\d+)", re.IGNORECASE)


def _code_int(code: str) -> int:
    return int(code, 36)


def _int_code(value: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = []
    for _ in range(5):
        value, rest = divmod(value, 36)
        out.append(digits[rest])
    return "".join(reversed(out))


@attrs.frozen(slots=True)
class PtpRow:
    """One NCCI PTP edit: a column-1/column-2 pair and its rule.

    Attributes:
        column1: the code that is paid (the comprehensive code).
        column2: the code denied when billed with it, unless a modifier is allowed.
        effective: the first date of service the edit applies to.
        deleted: the last date of service it applies to (``None``: still in force).
        modifier_indicator: ``0`` (no modifier bypasses it), ``1`` (an NCCI
            PTP-associated modifier may), ``9`` (deleted retroactively; not an edit).
        rationale: CMS's stated reason (``"Misuse of column two code with column one code"``).
        before_1996: whether the edit existed before 1996 (``*`` in the file).

    Example:
        >>> from datetime import date
        >>> row = PtpRow("80053", "82565", date(2000, 1, 1), None, 0, "CPT Manual or CMS manual coding instructions")
        >>> row.in_force(date(2026, 4, 1)), str(row)
        (True, '80053/82565 modifier indicator 0, effective 2000-01-01, CPT Manual or CMS manual coding instructions')
    """  # noqa: E501

    column1: str
    column2: str
    effective: date
    deleted: date | None
    modifier_indicator: int
    rationale: str
    before_1996: bool = False

    def in_force(self, day: date) -> bool:
        """Whether the edit applies to a date of service.

        Example:
            >>> row = PtpRow("11042", "97597", date(2020, 1, 1), date(2020, 12, 31), 1, "")
            >>> row.in_force(date(2020, 12, 31)), row.in_force(date(2021, 1, 1))
            (True, False)
        """
        if day < self.effective:
            return False
        return self.deleted is None or day <= self.deleted

    def __str__(self) -> str:
        text = (
            f"{self.column1}/{self.column2} modifier indicator {self.modifier_indicator}, "
            f"effective {self.effective.isoformat()}"
        )
        if self.deleted is not None:
            text += f", deleted {self.deleted.isoformat()}"
        if self.rationale:
            text += f", {self.rationale}"
        return text


class PtpTable:
    """An NCCI PTP table (practitioner or hospital outpatient), packed for lookups by date.

    Build one with :func:`load_ptp` (CMS's text files),
    :func:`~rcm.edits.tables.load_cache` (rcm's cache file) or
    :meth:`from_rows`. Tables are read-only after they are built.

    Attributes:
        setting: ``"practitioner"`` or ``"outpatient_hospital"``.
        version: the release (``"32.1r0"`` from ``ccipra-v321r0``), or what you named it.
        source: the files it was read from.

    Example:
        >>> from datetime import date
        >>> t = PtpTable.from_rows(
        ...     [PtpRow("80053", "82565", date(2000, 1, 1), None, 0, "Misuse of column two code")],
        ...     setting="practitioner", version="demo")
        >>> t.lookup("80053", "82565", on=date(2026, 4, 1)).modifier_indicator
        0
        >>> t.lookup("82565", "80053", on=date(2026, 4, 1)) is None
        True
        >>> len(t), t.label
        (1, 'NCCI PTP practitioner demo')
    """

    __slots__ = (
        "_c1",
        "_cache",
        "_deleted",
        "_effective",
        "_keys",
        "_maps",
        "_mi",
        "_names",
        "_pre",
        "_rationale",
        "_rationales",
        "_texts",
        "effective",
        "setting",
        "source",
        "version",
    )

    def __init__(
        self,
        *,
        keys: array[int],
        effective: array[int],
        deleted: array[int],
        mi: array[int],
        pre: array[int],
        rationale: array[int],
        rationales: tuple[str, ...],
        setting: PtpSetting,
        version: str,
        source: str,
    ) -> None:
        n = len(keys)
        if not all(len(a) == n for a in (effective, deleted, mi, pre, rationale)):
            raise ReferenceDataError("PTP table columns have different lengths", path=source)
        if setting not in ("practitioner", "outpatient_hospital"):
            raise ReferenceDataError(
                f"PTP setting must be 'practitioner' or 'outpatient_hospital', not {setting!r}",
                path=source,
            )
        self._keys = keys
        self._effective = effective
        self._deleted = deleted
        self._mi = mi
        self._pre = pre
        self._rationale = rationale
        self._rationales = rationales
        self._c1: dict[int, tuple[int, int]] = {}
        self._cache: dict[tuple[str, str], tuple[int, ...]] = {}
        self._maps: dict[str, dict[str, tuple[int, ...]]] = {}
        self._names: dict[int, str] = {}
        self._texts: dict[int, str] = {}
        self.setting: PtpSetting = setting
        self.version = version
        self.source = source
        #: PTP rows carry their own dates, so the table as a whole has none.
        self.effective: date | None = None

    def __repr__(self) -> str:
        return f"<PtpTable {self.setting} {self.version}: {len(self)} rows from {self.source}>"

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def label(self) -> str:
        """How reports name this table (``"NCCI PTP practitioner 32.1r0"``).

        Example:
            >>> PtpTable.from_rows([], setting="outpatient_hospital", version="x").label
            'NCCI PTP outpatient_hospital x'
        """
        return f"NCCI PTP {self.setting} {self.version}"

    # -- building -------------------------------------------------------------------

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[PtpRow],
        *,
        setting: PtpSetting = "practitioner",
        version: str = "custom",
        source: str = "<rows>",
    ) -> PtpTable:
        """Build a table from :class:`PtpRow` values (tests, payer-specific pairs).

        Raises:
            ReferenceDataError: a code that is not five letters or digits.

        Example:
            >>> PtpTable.from_rows([], version="empty").version
            'empty'
        """
        builder = _Builder(source)
        for number, row in enumerate(rows, 1):
            for code in (row.column1, row.column2):
                if not is_code5(code):
                    raise ReferenceDataError(
                        f"{code!r} is not a five-character CPT/HCPCS code", path=source, line=number
                    )
            if row.modifier_indicator not in (0, 1, 9):
                raise ReferenceDataError(
                    f"modifier indicator {row.modifier_indicator!r} is not 0, 1 or 9",
                    path=source,
                    line=number,
                )
            builder.add(
                (_code_int(row.column1) << _SHIFT) | _code_int(row.column2),
                date_int(row.effective),
                NO_DATE if row.deleted is None else date_int(row.deleted),
                row.modifier_indicator,
                1 if row.before_1996 else 0,
                row.rationale,
            )
        return builder.build(setting=setting, version=version)

    # -- lookups --------------------------------------------------------------------

    def _range(self, column1: int) -> tuple[int, int]:
        found = self._c1.get(column1)
        if found is None:
            keys = self._keys
            lo = bisect_left(keys, column1 << _SHIFT)
            hi = bisect_left(keys, (column1 + 1) << _SHIFT, lo)
            found = (lo, hi)
            self._c1[column1] = found
        return found

    def _pair(self, column1: str, column2: str) -> tuple[int, ...]:
        pair = (column1, column2)
        found = self._cache.get(pair)
        if found is not None:
            return found
        if not (is_code5(column1) and is_code5(column2)):
            found = ()
        else:
            c1 = _code_int(column1)
            lo, hi = self._range(c1)
            if lo == hi:
                found = ()
            else:
                key = (c1 << _SHIFT) | _code_int(column2)
                keys = self._keys
                start = bisect_left(keys, key, lo, hi)
                end = start
                while end < hi and keys[end] == key:
                    end += 1
                found = tuple(range(start, end))
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[pair] = found
        return found

    def column2_rows(self, column1: str) -> dict[str, tuple[int, ...]]:
        """Row indexes by column-2 code for one column-1 code (cached; do not change it).

        The fast path of the PTP edits: two dictionary lookups per pair.

        Example:
            >>> from datetime import date
            >>> t = PtpTable.from_rows([PtpRow("80053", "82565", date(2000, 1, 1), None, 0, "")])
            >>> t.column2_rows("80053"), t.column2_rows("99213")
            ({'82565': (0,)}, {})
        """
        found = self._maps.get(column1)
        if found is not None:
            return found
        rows: dict[str, list[int]] = {}
        if is_code5(column1):
            lo, hi = self._range(_code_int(column1))
            keys = self._keys
            names = self._names
            for index in range(lo, hi):
                low = keys[index] & _LOW
                name = names.get(low)
                if name is None:
                    name = _int_code(low)
                    names[low] = name
                found_rows = rows.get(name)
                if found_rows is None:
                    rows[name] = [index]
                else:
                    found_rows.append(index)
        result = {name: tuple(indexes) for name, indexes in rows.items()}
        if len(self._maps) >= 16_384:
            self._maps.clear()
        self._maps[column1] = result
        return result

    def in_force(self, indexes: tuple[int, ...], day: int) -> int:
        """The first of *indexes* whose edit applies on *day* (``CCYYMMDD``), or -1.

        Example:
            >>> from datetime import date
            >>> t = PtpTable.from_rows([PtpRow("80053", "82565", date(2000, 1, 1), None, 0, "")])
            >>> t.in_force((0,), 19991231), t.in_force((0,), 20000101)
            (-1, 0)
        """
        effective = self._effective
        deleted = self._deleted
        for index in indexes:
            if effective[index] <= day <= deleted[index]:
                return index
        return -1

    def has_column1(self, code: str) -> bool:
        """Whether any edit (in force or not) has *code* in column 1.

        Example:
            >>> t = PtpTable.from_rows([PtpRow("80053", "82565", date(2000, 1, 1), None, 0, "")])
            >>> t.has_column1("80053"), t.has_column1("82565")
            (True, False)
        """
        if not is_code5(code):
            return False
        lo, hi = self._range(_code_int(code))
        return hi > lo

    def index_in_force(self, column1: str, column2: str, day: int) -> int:
        """The row index of the edit in force for the pair on *day* (``CCYYMMDD``), or -1.

        This is the fast path the PTP edits use; :meth:`lookup` is the friendly one.

        Example:
            >>> t = PtpTable.from_rows([PtpRow("80053", "82565", date(2000, 1, 1), None, 0, "")])
            >>> t.index_in_force("80053", "82565", 20260401)
            0
        """
        for i in self._pair(column1, column2):
            if self._effective[i] <= day <= self._deleted[i]:
                return i
        return -1

    def row(self, index: int) -> PtpRow:
        """The row at *index* (from :meth:`index_in_force`).

        Example:
            >>> t = PtpTable.from_rows([PtpRow("80053", "82565", date(2000, 1, 1), None, 1, "x")])
            >>> t.row(0).column2
            '82565'
        """
        key = self._keys[index]
        effective = int_date(self._effective[index])
        assert effective is not None
        return PtpRow(
            column1=_int_code(key >> _SHIFT),
            column2=_int_code(key & _LOW),
            effective=effective,
            deleted=int_date(self._deleted[index]),
            modifier_indicator=self._mi[index],
            rationale=self._rationales[self._rationale[index]],
            before_1996=bool(self._pre[index]),
        )

    def row_text(self, index: int) -> str:
        """The row at *index* as reports cite it: the table's label and the row.

        Cached per row: a pair that fires once tends to fire again.

        Example:
            >>> t = PtpTable.from_rows([PtpRow("80053", "82565", date(2000, 1, 1), None, 1, "x")],
            ...                        version="demo")
            >>> t.row_text(0)
            'NCCI PTP practitioner demo: 80053/82565 modifier indicator 1, effective 2000-01-01, x'
        """
        text = self._texts.get(index)
        if text is None:
            text = f"{self.label}: {self.row(index)}"
            if len(self._texts) >= 65_536:
                self._texts.clear()
            self._texts[index] = text
        return text

    def modifier_indicator(self, index: int) -> int:
        """The modifier indicator of the row at *index*.

        Example:
            >>> t = PtpTable.from_rows([PtpRow("80053", "82565", date(2000, 1, 1), None, 1, "x")])
            >>> t.modifier_indicator(0)
            1
        """
        return self._mi[index]

    def lookup(self, column1: str, column2: str, *, on: date) -> PtpRow | None:
        """The edit for the pair (in that order) in force on a date of service, or ``None``.

        Example:
            >>> t = PtpTable.from_rows([
            ...     PtpRow("11042", "97597", date(2010, 1, 1), date(2019, 12, 31), 0, "x"),
            ...     PtpRow("11042", "97597", date(2020, 1, 1), None, 1, "x")])
            >>> t.lookup("11042", "97597", on=date(2019, 6, 1)).modifier_indicator
            0
            >>> t.lookup("11042", "97597", on=date(2026, 6, 1)).modifier_indicator
            1
        """
        index = self.index_in_force(column1, column2, date_int(on))
        return None if index < 0 else self.row(index)

    def rows(self, column1: str, column2: str | None = None) -> tuple[PtpRow, ...]:
        """Every row (any date) for a column-1 code, or for one pair.

        Example:
            >>> t = PtpTable.from_rows([PtpRow("80053", "82565", date(2000, 1, 1), None, 0, "")])
            >>> tuple(r.column2 for r in t.rows("80053"))
            ('82565',)
        """
        if column2 is not None:
            return tuple(self.row(i) for i in self._pair(column1, column2))
        if not is_code5(column1):
            return ()
        lo, hi = self._range(_code_int(column1))
        return tuple(self.row(i) for i in range(lo, hi))

    def __iter__(self) -> Iterator[PtpRow]:
        for index in range(len(self._keys)):
            yield self.row(index)

    def _columns(self) -> dict[str, array[int]]:
        return {
            "keys": self._keys,
            "effective": self._effective,
            "deleted": self._deleted,
            "mi": self._mi,
            "pre": self._pre,
            "rationale": self._rationale,
        }


class _Builder:
    """Collects packed rows; sorts them only if they did not arrive sorted."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.keys: array[int] = array("Q")
        self.effective: array[int] = array("I")
        self.deleted: array[int] = array("I")
        self.mi: array[int] = array("B")
        self.pre: array[int] = array("B")
        self.rationale: array[int] = array("H")
        self.rationales: dict[str, int] = {}
        self.last = (-1, -1)
        self.ordered = True

    def rationale_id(self, text: str) -> int:
        found = self.rationales.get(text)
        if found is None:
            found = len(self.rationales)
            if found > 0xFFFF:
                raise ReferenceDataError("more than 65,535 distinct rationales", path=self.source)
            self.rationales[text] = found
        return found

    def add(  # noqa: PLR0917 - one packed row
        self, key: int, effective: int, deleted: int, mi: int, pre: int, rationale: str
    ) -> None:
        if (key, effective) < self.last:
            self.ordered = False
        self.last = (key, effective)
        self.keys.append(key)
        self.effective.append(effective)
        self.deleted.append(deleted)
        self.mi.append(mi)
        self.pre.append(pre)
        self.rationale.append(self.rationale_id(rationale))

    def build(self, *, setting: PtpSetting, version: str) -> PtpTable:
        if not self.ordered:
            self._sort()
        return PtpTable(
            keys=self.keys,
            effective=self.effective,
            deleted=self.deleted,
            mi=self.mi,
            pre=self.pre,
            rationale=self.rationale,
            rationales=tuple(self.rationales),
            setting=setting,
            version=version,
            source=self.source,
        )

    def _sort(self) -> None:
        logger.debug(
            "PTP rows from %s are not in order: sorting %d rows", self.source, len(self.keys)
        )
        keys, effective = self.keys, self.effective
        order = sorted(range(len(keys)), key=lambda i: (keys[i], effective[i]))
        for name in ("keys", "effective", "deleted", "mi", "pre", "rationale"):
            column: array[int] = getattr(self, name)
            setattr(self, name, array(column.typecode, [column[i] for i in order]))


def _setting_and_version(name: str) -> tuple[PtpSetting | None, str | None]:
    match = _FILE_NAME.search(name)
    if match is None:
        return None, None
    setting: PtpSetting = (
        "practitioner" if match.group(1).lower() == "pra" else "outpatient_hospital"
    )
    digits = match.group(2)
    version = f"{digits[:-1]}.{digits[-1]}r{match.group(3)}" if len(digits) > 1 else digits
    return setting, version


_MI: Final = {"0": 0, "1": 1, "9": 9}


@guarded
def load_ptp(
    paths: PathLike | list[PathLike] | tuple[PathLike, ...],
    *,
    setting: PtpSetting | None = None,
    version: str | None = None,
) -> PtpTable:
    r"""Read CMS NCCI PTP tab-delimited text files (or the zips they come in) into one table.

    Pass every part of a release (CMS splits each table into four files by
    code range). Header lines before the first row are skipped; after that,
    every non-blank line must be a row.

    Args:
        paths: one file or several: ``.txt`` files, or the ``.zip`` downloads.
        setting: ``"practitioner"`` or ``"outpatient_hospital"``; taken from
            the file name (``ccipra``/``ccioph``) when left out.
        version: the release name; taken from the file name (``v321r0`` is
            ``"32.1r0"``) when left out.

    Raises:
        ReferenceDataError: a file is missing or unreadable, holds no rows, or
            has a malformed row (the error names the file and line).

    Example:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "ccipra-v321r0-f1.txt"
        >>> _ = path.write_text(
        ...     "CPT codes, descriptions and other data only are copyright AMA.\n"
        ...     "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\t"
        ...     "Deletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\t"
        ...     "PTP Edit Rationale\n"
        ...     "80053\t82565\t\t20000101\t*\t0\t"
        ...     "Misuse of column two code with column one code\n")
        >>> table = load_ptp(path)
        >>> table.setting, table.version, len(table)
        ('practitioner', '32.1r0', 1)
        >>> table.lookup("80053", "82565", on=date(2026, 4, 1)).rationale
        'Misuse of column two code with column one code'
    """
    files = as_paths(paths)
    if not files:
        raise ReferenceDataError("load_ptp needs at least one file")
    guessed_setting, guessed_version = _setting_and_version(files[0].name)
    setting = setting or guessed_setting
    if setting is None:
        raise ReferenceDataError(
            "cannot tell the PTP setting from the file name; pass setting='practitioner' "
            "or setting='outpatient_hospital'",
            path=str(files[0]),
        )
    source = ", ".join(p.name for p in files)
    builder = _Builder(source)
    for path in files:
        for name, stream in open_text(path):
            count = _read_stream(stream, name, builder)
            if count == 0:
                raise ReferenceDataError(
                    "no PTP rows found: expected tab-delimited lines of column 1, column 2, "
                    "pre-1996 flag, effective date, deletion date, modifier indicator, rationale",
                    path=name,
                )
            logger.debug("read %d PTP rows from %s", count, name)
    return builder.build(setting=setting, version=version or guessed_version or source)


def _read_stream(stream: Iterable[str], where: str, builder: _Builder) -> int:
    dates: dict[str, int] = {}
    rationale_ids = builder.rationales
    keys_append = builder.keys.append
    eff_append = builder.effective.append
    del_append = builder.deleted.append
    mi_append = builder.mi.append
    pre_append = builder.pre.append
    rat_append = builder.rationale.append
    started = False
    count = 0
    last_key, last_eff = builder.last
    ordered = builder.ordered
    mi_codes = _MI
    for number, raw in enumerate(stream, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        fields = line.split("\t")
        if not started:
            if not _looks_like_row(fields):
                if number > 50:
                    raise ReferenceDataError(
                        "no PTP row in the first 50 lines: is this a PTP text file?",
                        path=where,
                        line=number,
                    )
                continue
            started = True
        if len(fields) < 6:
            raise ReferenceDataError(
                f"expected 7 tab-separated columns, found {len(fields)}", path=where, line=number
            )
        c1 = fields[0].strip()
        c2 = fields[1].strip()
        if len(c1) != 5 or len(c2) != 5 or not (c1 + c2).isalnum() or not (c1 + c2).isascii():
            raise ReferenceDataError(
                f"columns 1 and 2 must be five-character codes, not {c1!r} and {c2!r}",
                path=where,
                line=number,
            )
        key = (int(c1, 36) << _SHIFT) | int(c2, 36)
        eff_text = fields[3]
        effective = dates.get(eff_text)
        if effective is None:
            effective = parse_ccyymmdd_int(eff_text, dates, where, number)
        del_text = fields[4].strip()
        if del_text in ("*", ""):
            deleted = NO_DATE
        else:
            found = dates.get(del_text)
            deleted = (
                found if found is not None else parse_ccyymmdd_int(del_text, dates, where, number)
            )
            if deleted < effective:
                raise ReferenceDataError(
                    f"deletion date {deleted} is before effective date {effective}",
                    path=where,
                    line=number,
                )
        mi = mi_codes.get(fields[5].strip())
        if mi is None:
            raise ReferenceDataError(
                f"modifier indicator {fields[5]!r} is not 0, 1 or 9", path=where, line=number
            )
        pre_text = fields[2].strip()
        if pre_text not in ("", "*"):
            raise ReferenceDataError(
                f"the pre-1996 column holds {pre_text!r}; expected '*' or nothing",
                path=where,
                line=number,
            )
        rationale = fields[6].strip() if len(fields) > 6 else ""
        rid = rationale_ids.get(rationale)
        if rid is None:
            rid = builder.rationale_id(rationale)
        if key < last_key or (key == last_key and effective < last_eff):
            ordered = False
        last_key, last_eff = key, effective
        keys_append(key)
        eff_append(effective)
        del_append(deleted)
        mi_append(mi)
        pre_append(1 if pre_text else 0)
        rat_append(rid)
        count += 1
    builder.last = (last_key, last_eff)
    builder.ordered = ordered
    return count


def _looks_like_row(fields: list[str]) -> bool:
    if len(fields) < 6:
        return False
    c1, c2, eff = fields[0].strip(), fields[1].strip(), fields[3].strip()
    return len(c1) == 5 and len(c2) == 5 and (c1 + c2).isalnum() and len(eff) == 8 and eff.isdigit()
