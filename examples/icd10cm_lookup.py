"""Look ICD-10-CM diagnosis codes up by date of service.

Run: python examples/icd10cm_lookup.py [CODE ...] [--on YYYY-MM-DD]

Uses the releases bundled with rcm (FY2025 and FY2026), then shows how a newer
CDC tabular XML is loaded and registered (with a tiny one written here).
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date
from pathlib import Path

from rcm.coding import icd10cm
from rcm.dates import parse_iso
from rcm.errors import RcmError

TINY_FY2027_XML = """<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular>
  <version>2027</version>
  <chapter>
    <name>4</name>
    <desc>Endocrine, nutritional and metabolic diseases (E00-E89)</desc>
    <section id="E08-E13">
      <desc>Diabetes mellitus (E08-E13)</desc>
      <diag>
        <name>E11</name>
        <desc>Type 2 diabetes mellitus</desc>
        <excludes1><note>type 1 diabetes mellitus (E10.-)</note></excludes1>
        <diag><name>E11.9</name><desc>Type 2 diabetes mellitus without complications</desc></diag>
      </diag>
    </section>
  </chapter>
</ICD10CM.tabular>
"""


def describe(code: str, on: date) -> None:
    try:
        entry = icd10cm.lookup(code, on=on)
    except RcmError as exc:  # UnknownCode, InvalidFormat, NoReleaseForDate
        print(f"{code:<10} {on}  refused: {exc}")
        return
    status = "billable" if entry.billable else "header (not billable)"
    print(f"{entry.formatted:<10} {on}  {status:<22} {entry.release}  {entry.description}")
    for note in entry.excludes1[:3]:
        ranges = ", ".join(str(r) for r in note.ranges) or "-"
        print(f"{'':<12}Excludes1 [{ranges}] {note.text}  (written on {note.source})")
    if entry.seventh_characters and not entry.billable:
        chars = ", ".join(f"{s.character}={s.meaning}" for s in entry.seventh_characters[:3])
        print(f"{'':<12}takes a 7th character: {chars}, ...")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("codes", nargs="*")
    parser.add_argument("--on", type=parse_iso, help="date of service, YYYY-MM-DD")
    args = parser.parse_args()

    if args.codes:
        for code in args.codes:
            describe(code, args.on or date(2026, 1, 15))
        return 0

    print(
        "Releases:",
        ", ".join(f"{r.version} ({r.effective.isoformat()})" for r in icd10cm.releases()),
    )
    print("\nThe same codes either side of October 1, 2025:")
    for code in ("E11.9", "E11.A", "G35", "S30.1XXA"):
        for day in (date(2025, 9, 30), date(2025, 10, 1)):
            describe(code, day)

    print("\nSeventh characters and the X placeholder:")
    for code in ("S72.001", "S72.001A", "T36.0X1A", "S06.1X7D"):
        describe(code, date(2026, 1, 15))

    print("\nA date no release covers:")
    describe("E11.9", date(2023, 5, 1))

    print("\nLoading a newer CDC tabular XML (a tiny stand-in for FY2027):")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "icd10cm-tabular-2027.xml"
        path.write_text(TINY_FY2027_XML, encoding="utf-8")
        fy27 = icd10cm.load(path)
    print(f"loaded {fy27!r}")
    icd10cm.register(fy27)
    try:
        describe("E11.9", date(2026, 11, 2))
    finally:
        icd10cm.unregister(fy27)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
