"""Make rcm's bundled ICD-10-CM releases from the CDC tabular XML.

Usage (from the repository root)::

    .venv/bin/python scripts/update/icd10cm.py \\
        ../shared/data/icd10cm/fy2025_april/icd10cm-tabular-April-2025.xml \\
        ../shared/data/icd10cm/fy2026_april/icd10c-tabular-April-1-2026.xml

Each XML given must be one of the releases listed in
``rcm.coding._icd10cm_release.BUNDLED`` (matched by SHA-256): that list holds the
version, the effective dates of service (a decision documented there and in
docs/coding/icd10cm.md) and the provenance, and this script writes the same
into the header of ``src/rcm/coding/data/icd10cm_<version>.tsv.gz``. To bundle a
new release, add it to ``BUNDLED`` first.

The output is deterministic (no timestamp in the gzip header), so running the
script again on the same XML leaves git with nothing to commit.

ICD-10-CM is a US-government work (CDC/NCHS), in the public domain.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import fromstring

from rcm.coding._icd10cm_release import BUNDLED
from rcm.coding._icd10cm_tables import Tables, tables_from_xml, write_tsv

DATA = Path(__file__).resolve().parents[2] / "src" / "rcm" / "coding" / "data"


def render(bundled: Any, tables: Tables) -> bytes:
    """The compact file for *tables*, under the header *bundled* describes."""
    billable = sum(tables.billable)
    header = {
        "system": "ICD-10-CM",
        "version": bundled.version,
        "name": bundled.name,
        "effective": f"{bundled.effective.start.isoformat()}\t{bundled.effective.end.isoformat()}",
        "source_file": bundled.source.file,
        "source_sha256": bundled.source.sha256,
        "source_url": bundled.source.url or "",
        "source_via": bundled.source.via or "",
        "licence": "public domain (US government work, CDC/NCHS)",
        "made_by": "scripts/update/icd10cm.py",
        "codes": str(len(tables.codes)),
        "billable": str(billable),
        "headers": str(len(tables.codes) - billable),
        "layout": "see rcm/coding/_icd10cm_tables.py",
    }
    return write_tsv(tables, header)


def build(xml_path: Path, out_dir: Path = DATA) -> Path:
    data = xml_path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    matches = [b for b in BUNDLED if b.source.sha256 == sha256]
    if not matches:
        sys.exit(
            f"{xml_path}: sha256 {sha256} is not a release listed in "
            "rcm.coding._icd10cm_release.BUNDLED; add it there first"
        )
    bundled = matches[0]
    tables = tables_from_xml(fromstring(data), version=bundled.version, where=str(xml_path))
    out = out_dir / bundled.resource
    out.write_bytes(render(bundled, tables))
    billable = sum(tables.billable)
    print(
        f"{out}: {bundled.version} {bundled.effective.isoformat()}, "
        f"{len(tables.codes)} codes ({billable} billable), {out.stat().st_size:,} bytes"
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml", nargs="+", type=Path, help="CDC ICD-10-CM tabular XML files")
    parser.add_argument("--out-dir", type=Path, default=DATA)
    args = parser.parse_args(argv)
    for path in args.xml:
        build(path, args.out_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
