"""Check the codes on a claim line by format, then look them up in releases by date of service.

Runs with nothing but rcm: the HCPCS release and the CPT table are small files
this script writes itself (CPT descriptors are licensed, so the one here is
made up); the place-of-service table is the one rcm bundles.

    python examples/code_formats.py
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from rcm.coding import cpt, hcpcs, modifier, ndc, npi, pos, revenue, taxonomy, tob
from rcm.errors import RcmError, UnknownCode

DATE_OF_SERVICE = date(2026, 2, 10)


def check_formats() -> None:
    print("== formats (no data needed)")
    line = {
        "rendering NPI": ("1234-567-893", npi),
        "taxonomy": ("207q00000x", taxonomy),
        "procedure (CPT)": (" 99213", cpt),
        "procedure (HCPCS)": ("j1100", hcpcs),
        "modifier": ("-25", modifier),
        "place of service": ("11", pos),
        "revenue code": ("450", revenue),
        "type of bill": ("0131", tob),
        "NDC": ("0002-1433-80", ndc),
    }
    for label, (value, module) in line.items():
        print(
            f"{label:18} {value!r:16} -> {module.format(value)!r:18} valid={module.is_valid(value)}"
        )
    for bad, module in (("1234567890", npi), ("F1234", hcpcs), ("0002143380", ndc)):
        try:
            module.validate(bad)
        except RcmError as exc:
            print(f"{module.__name__}.validate({bad!r}): {exc}")
    print("CPT category of 0042T:", cpt.category("0042T"))
    print("type of bill 0137:", tob.parse("0137").frequency_name)
    print("NCCI modifier XS:", modifier.NCCI_MODIFIERS["XS"].meaning)


def record(code: str, recid: str, text: str, short: str = "", **dates: str) -> str:
    """One 320-character record in the CMS HCPCS fixed-width layout."""
    head = f"{code:>5}00100{recid}{text:<80}{short:<28}".ljust(268)
    tail = dates.get("added", "").ljust(8) + dates.get("added", "").ljust(8)
    return (head + tail + dates.get("terminated", "").ljust(8) + "N").ljust(320)


def look_up(folder: Path) -> None:
    print(f"\n== releases, on {DATE_OF_SERVICE}")
    anweb = folder / "HCPC2026_JAN_ANWEB.txt"
    anweb.write_text(
        "\n".join(
            [
                record(
                    "J1100",
                    "3",
                    "Injection, dexamethasone sodium phosphate, 1 mg",
                    "Dexamethasone sodium phos",
                    added="19840101",
                ),
                record(
                    "G0001",
                    "3",
                    "Example code discontinued at the end of 2025",
                    "Example discontinued",
                    added="20000101",
                    terminated="20251231",
                ),
                record(
                    "XS",
                    "7",
                    "Separate structure, a service that is distinct because it",
                    "Separate organ/structure",
                    added="20150101",
                ),
                record("XS", "8", "was performed on a separate organ/structure"),
            ]
        )
        + "\n",
        encoding="ascii",
    )
    release = hcpcs.load_anweb(anweb)
    print(f"HCPCS release {release.name!r}: {len(release)} codes and modifiers")
    print("J1100:", release.lookup("J1100", on=DATE_OF_SERVICE).short_description)
    print("XS:", release.lookup("XS", on=DATE_OF_SERVICE).long_description)
    try:
        release.lookup("G0001", on=DATE_OF_SERVICE)
    except UnknownCode as exc:
        print("G0001:", exc)

    licensed = folder / "my_cpt.tsv"
    licensed.write_text("code\tdescriptor\n99213\tmade-up test descriptor\n", encoding="utf-8")
    table = cpt.load(licensed, release="my CPT 2026")
    print("99213:", table.lookup("99213", on=DATE_OF_SERVICE).descriptor, f"({table.release})")

    office = pos.lookup("11", on=DATE_OF_SERVICE)
    home = pos.lookup("10", on=DATE_OF_SERVICE)
    for entry in (office, home):
        rate = "facility" if entry.facility else "non-facility"
        print(f"POS {entry.code}: {entry.name} ({rate} rate, release {entry.release})")
    try:
        pos.lookup("66", on=date(2024, 7, 31))
    except UnknownCode as exc:
        print("POS 66 in July 2024:", exc)


def main() -> None:
    check_formats()
    with tempfile.TemporaryDirectory() as folder:
        look_up(Path(folder))


if __name__ == "__main__":
    main()
