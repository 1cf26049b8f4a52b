"""NCCI Medically Unlikely Edits (MUE), read from CMS's quarterly CSV files.

CMS publishes three MUE tables each quarter: practitioner services,
outpatient hospital services and DME supplier services. Each CSV opens with
the AMA copyright notice (one quoted, multi-line cell), then a header row
(``HCPCS/CPT Code``, ``<Setting> Services MUE Values``, ``MUE Adjudication
Indicator``, ``MUE Rationale``; the first header cell itself contains a line
break), then one row per code. The adjudication indicator (MAI) cell reads
like ``"2 Date of Service Edit: Policy"``: 1 is a claim-line edit, 2 a
date-of-service edit based on policy (absolute), 3 a date-of-service edit
based on clinical benchmarks. Files are Windows-1252 encoded.

Source: CMS, "Medicare NCCI Medically Unlikely Edits (MUEs)"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medically-unlikely-edits),
and the NCCI Policy Manual for Medicare Services, Chapter I, section V.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from types import MappingProxyType
from typing import Final, Literal

import attrs

from rcm.edits.tables._common import PathLike, as_paths, guarded, is_code5, open_text
from rcm.errors import ReferenceDataError

__all__ = ["MAI_MEANINGS", "MueRow", "MueTable", "load_mue"]

logger = logging.getLogger(__name__)

MueSetting = Literal["practitioner", "outpatient_hospital", "dme"]

#: What each MUE adjudication indicator means.
MAI_MEANINGS: Final = MappingProxyType(
    {
        1: "line edit",
        2: "date of service edit: policy",
        3: "date of service edit: clinical",
    }
)

_SETTINGS: Final = (
    ("practitioner", "practitioner"),
    ("outpatient hospital", "outpatient_hospital"),
    ("outpatienthospital", "outpatient_hospital"),
    ("facility", "outpatient_hospital"),
    ("dme", "dme"),
)
_EFFECTIVE_IN_NAME: Final = re.compile(r"Eff_(\d{2})-(\d{2})-(\d{4})", re.IGNORECASE)


@attrs.frozen(slots=True)
class MueRow:
    """One code's MUE: the most units of service billed (per line or per day).

    Attributes:
        code: the CPT/HCPCS code.
        value: the MUE value (units); ``0`` means the code is not payable in the setting.
        mai: the MUE adjudication indicator: 1 (line), 2 (day, policy), 3 (day, clinical).
        rationale: CMS's rationale (``"Anatomic Consideration"``).

    Example:
        >>> row = MueRow("97110", 4, 3, "Clinical: Data")
        >>> row.per_day, row.meaning
        (True, 'date of service edit: clinical')
    """

    code: str
    value: int
    mai: int
    rationale: str = ""

    @property
    def per_day(self) -> bool:
        """Whether units add up across lines (MAI 2 and 3) rather than per line (MAI 1).

        Example:
            >>> MueRow("J1100", 10, 1).per_day
            False
        """
        return self.mai != 1

    @property
    def meaning(self) -> str:
        """The MAI in words.

        Example:
            >>> MueRow("J1100", 10, 1).meaning
            'line edit'
        """
        return MAI_MEANINGS[self.mai]


class MueTable:
    """An NCCI MUE table for one setting, by code.

    Attributes:
        setting: ``"practitioner"``, ``"outpatient_hospital"`` or ``"dme"``.
        version: the release (``"2026-04-01"``).
        effective: the first date of service it applies to (``None``: any);
            with several tables for a setting, each applies until the next starts.
        source: the file it was read from.

    Example:
        >>> t = MueTable([MueRow("97110", 4, 3)], setting="practitioner", version="demo")
        >>> t.get("97110").value, t.get("99999")
        (4, None)
    """

    __slots__ = ("_rows", "effective", "setting", "source", "version")

    def __init__(
        self,
        rows: Iterable[MueRow],
        *,
        setting: MueSetting,
        version: str = "custom",
        effective: date | None = None,
        source: str = "<rows>",
    ) -> None:
        if setting not in ("practitioner", "outpatient_hospital", "dme"):
            raise ReferenceDataError(
                f"MUE setting must be practitioner, outpatient_hospital or dme, not {setting!r}",
                path=source,
            )
        table: dict[str, MueRow] = {}
        for row in rows:
            if row.mai not in MAI_MEANINGS:
                raise ReferenceDataError(
                    f"MUE adjudication indicator {row.mai!r} for {row.code} is not 1, 2 or 3",
                    path=source,
                )
            table[row.code] = row
        self._rows: Mapping[str, MueRow] = table
        self.setting: MueSetting = setting
        self.version = version
        self.effective = effective
        self.source = source

    def __repr__(self) -> str:
        return f"<MueTable {self.setting} {self.version}: {len(self)} codes from {self.source}>"

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[MueRow]:
        return iter(self._rows.values())

    def __contains__(self, code: object) -> bool:
        return code in self._rows

    @property
    def label(self) -> str:
        """How reports name this table.

        Example:
            >>> MueTable([], setting="dme", version="2026-04-01").label
            'NCCI MUE dme 2026-04-01'
        """
        return f"NCCI MUE {self.setting} {self.version}"

    def rows_by_code(self) -> Mapping[str, MueRow]:
        """Every row by code, as the table holds them (read-only: do not change it).

        The fast path of the MUE edits: one dictionary probe per line.

        Example:
            >>> table = MueTable([MueRow("97110", 4, 3)], setting="practitioner")
            >>> table.rows_by_code()["97110"].mai
            3
        """
        return self._rows

    def get(self, code: str) -> MueRow | None:
        """The MUE for *code*, or ``None`` when the table has none.

        Example:
            >>> MueTable([], setting="dme").get("E0601") is None
            True
        """
        return self._rows.get(code)


def _setting_from(text: str) -> MueSetting | None:
    lowered = re.sub(r"[^a-z ]", "", text.lower())
    squeezed = lowered.replace(" ", "")
    for needle, setting in _SETTINGS:
        if needle in lowered or needle.replace(" ", "") in squeezed:
            return setting  # type: ignore[return-value]  # the table holds valid settings
    return None


@guarded
def load_mue(
    path: PathLike,
    *,
    setting: MueSetting | None = None,
    version: str | None = None,
    effective: date | None = None,
) -> MueTable:
    r"""Read a CMS MUE CSV (or the zip it comes in).

    The header row is found by its cells, not by position (the AMA notice
    before it spans several lines). The setting is taken from the header
    (``Practitioner Services MUE Values``) and the effective date from the
    file name (``..._Eff_04-01-2026.csv``) unless you pass them.

    Raises:
        ReferenceDataError: no header row, a missing column, a malformed code,
            value or indicator (the error names the file and line).

    Example:
        >>> import pathlib, tempfile
        >>> name = "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv"
        >>> path = pathlib.Path(tempfile.mkdtemp()) / name
        >>> _ = path.write_text(
        ...     '"CPT codes ... copyright AMA.\n\nAll rights reserved."\n'
        ...     '"HCPCS/\nCPT Code",Practitioner Services MUE Values,'
        ...     'MUE Adjudication Indicator,MUE Rationale\n'
        ...     '97110,4,3 Date of Service Edit: Clinical,Clinical: Data\n', encoding="cp1252")
        >>> table = load_mue(path)
        >>> table.setting, table.version, table.effective, table.get("97110").mai
        ('practitioner', '2026-04-01', datetime.date(2026, 4, 1), 3)
    """
    file = as_paths(path)[0]
    match = _EFFECTIVE_IN_NAME.search(file.name)
    if effective is None and match is not None:
        month, day, year = (int(g) for g in match.groups())
        try:
            effective = date(year, month, day)
        except ValueError:
            effective = None
    rows: list[MueRow] = []
    found_setting: MueSetting | None = None
    source = file.name
    for name, stream in open_text(file, encoding="cp1252", suffixes=(".csv",)):
        source = name
        header_found = False
        columns: dict[str, int] = {}
        reader = csv.reader(stream)
        for record in reader:
            number = reader.line_num
            if not header_found:
                cells = [" ".join(c.split()).lower() for c in record]
                if cells and cells[0].startswith("hcpcs") and any("mue value" in c for c in cells):
                    header_found = True
                    columns = _columns(cells, name, number)
                    value_header = record[columns["value"]]
                    found_setting = _setting_from(value_header)
                elif number > 40:
                    break
                continue
            if not any(cell.strip() for cell in record):
                continue
            rows.append(_row(record, columns, name, number))
        if not header_found:
            raise ReferenceDataError(
                "no MUE header row (HCPCS/CPT Code, ... MUE Values, MUE Adjudication "
                "Indicator, MUE Rationale) in the first 40 records",
                path=name,
            )
    if not rows:
        raise ReferenceDataError("the MUE file has a header but no rows", path=source)
    chosen = setting or found_setting
    if chosen is None:
        raise ReferenceDataError(
            "cannot tell the MUE setting from the header; pass setting=", path=source
        )
    if version is None:
        version = effective.isoformat() if effective is not None else source
    logger.debug("read %d MUE rows from %s", len(rows), source)
    return MueTable(rows, setting=chosen, version=version, effective=effective, source=source)


def _columns(cells: list[str], where: str, line: int) -> dict[str, int]:
    def find(label: str, *needles: str) -> int:
        for index, cell in enumerate(cells):
            if all(needle in cell for needle in needles):
                return index
        raise ReferenceDataError(f"the header has no {label} column", path=where, line=line)

    return {
        "code": 0,
        "value": find("MUE value", "mue value"),
        "mai": find("adjudication indicator", "adjudication"),
        "rationale": find("rationale", "rationale"),
    }


def _row(record: list[str], columns: dict[str, int], where: str, line: int) -> MueRow:
    if len(record) <= max(columns.values()):
        raise ReferenceDataError(
            f"expected {max(columns.values()) + 1} columns, found {len(record)}",
            path=where,
            line=line,
        )
    code = record[columns["code"]].strip().upper()
    if not is_code5(code):
        raise ReferenceDataError(f"{code!r} is not a CPT/HCPCS code", path=where, line=line)
    value_text = record[columns["value"]].strip()
    if not value_text.isdigit():
        raise ReferenceDataError(
            f"MUE value {value_text!r} for {code} is not a whole number", path=where, line=line
        )
    mai_text = record[columns["mai"]].strip()
    if not mai_text or mai_text[0] not in "123" or (len(mai_text) > 1 and mai_text[1].isdigit()):
        raise ReferenceDataError(
            f"MUE adjudication indicator {mai_text!r} for {code} does not start with 1, 2 or 3",
            path=where,
            line=line,
        )
    return MueRow(code, int(value_text), int(mai_text[0]), record[columns["rationale"]].strip())
