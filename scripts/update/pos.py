"""Make rcm's bundled place-of-service table, src/rcm/coding/data/pos.csv.

Usage (from the repository root)::

    .venv/bin/python scripts/update/pos.py           # write the table
    .venv/bin/python scripts/update/pos.py --check   # exit 1 if the bundled file differs

CMS publishes the Place of Service code set only as an HTML page
(https://www.cms.gov/medicare/coding-billing/place-of-service-codes/code-sets,
"Place of Service Codes for Professional Claims", database updated
2024-05-02). Code values, names and descriptions are facts of a US-government
work, in the public domain, so the rows below are written from that page by
hand; to update, edit ROWS and RELEASE after reading the page, and run the
script. Each row says:

* the dates CMS gives: ``start`` is the "(Effective ...)" date CMS states for
  the code (empty when CMS states none: those codes predate dated additions);
  ``end`` is empty while the row is current. A code whose name changed has one
  row per name (02 on 2022-01-01, 22 on 2016-01-01).
* whether Medicare's physician fee schedule pays the facility rate:
  ``facility`` is ``Y`` for the settings the Medicare Claims Processing Manual
  (Pub. 100-04), Chapter 12, section 20.4.2 lists as paid at the facility rate
  (02, 19, 21, 22, 23, 24, 26, 31, 34, 41, 42, 51, 52, 53, 56, 61), ``N`` for
  every other code, which is paid at the non-facility rate. POS 10 is ``N``:
  CMS pays it at the non-facility rate from 2024-01-01 (CY 2024 PFS final
  rule). The flag is the current rule, not dated per code.

The output is deterministic, so running the script again changes nothing.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "src" / "rcm" / "coding" / "data" / "pos.csv"

RELEASE = "2024-05-02"
SOURCE = "https://www.cms.gov/medicare/coding-billing/place-of-service-codes/code-sets"
FACILITY_SOURCE = "Medicare Claims Processing Manual (Pub. 100-04), Chapter 12, section 20.4.2"

#: Codes the MPFS pays at the facility rate (Pub. 100-04, ch. 12, sec. 20.4.2).
FACILITY = frozenset(
    {"02", "19", "21", "22", "23", "24", "26", "31", "34", "41", "42", "51", "52", "53", "56", "61"}
)

_TELEHEALTH_2017 = (
    "The location where health services and health related services are provided or received, "
    "through a telecommunication system."
)
_OUTPATIENT = (
    "which provides diagnostic, therapeutic (both surgical and nonsurgical), and rehabilitation "
    "services to sick or injured persons who do not require hospitalization or "
    "institutionalization."
)

#: (code, start, end, name, description); dates ISO, empty when CMS gives none.
ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    ("01", "2003-10-01", "", "Pharmacy",
     ("A facility or location where drugs and other medically related items and services are "
     "sold, dispensed, or otherwise provided directly to patients.")),
    ("02", "2017-01-01", "2021-12-31", "Telehealth", _TELEHEALTH_2017),
    ("02", "2022-01-01", "", "Telehealth Provided Other than in Patient's Home",
     ("The location where health services and health related services are provided or received, "
     "through telecommunication technology. Patient is not located in their home when receiving "
     "health services or health related services through telecommunication technology.")),
    ("03", "2003-01-01", "", "School", "A facility whose primary purpose is education."),
    ("04", "2003-01-01", "", "Homeless Shelter",
     ("A facility or location whose primary purpose is to provide temporary housing to homeless "
     "individuals (e.g., emergency shelters, individual or family shelters).")),
    ("05", "2003-01-01", "", "Indian Health Service Free-standing Facility",
     ("A facility or location, owned and operated by the Indian Health Service, which provides "
     "diagnostic, therapeutic (surgical and non-surgical), and rehabilitation services to "
     "American Indians and Alaska Natives who do not require hospitalization.")),
    ("06", "2003-01-01", "", "Indian Health Service Provider-based Facility",
     ("A facility or location, owned and operated by the Indian Health Service, which provides "
     "diagnostic, therapeutic (surgical and non-surgical), and rehabilitation services rendered "
     "by, or under the supervision of, physicians to American Indians and Alaska Natives "
     "admitted as inpatients or outpatients.")),
    ("07", "2003-01-01", "", "Tribal 638 Free-standing Facility",
     ("A facility or location owned and operated by a federally recognized American Indian or "
     "Alaska Native tribe or tribal organization under a 638 agreement, which provides "
     "diagnostic, therapeutic (surgical and non-surgical), and rehabilitation services to tribal "
     "members who do not require hospitalization.")),
    ("08", "2003-01-01", "", "Tribal 638 Provider-based Facility",
     ("A facility or location owned and operated by a federally recognized American Indian or "
     "Alaska Native tribe or tribal organization under a 638 agreement, which provides "
     "diagnostic, therapeutic (surgical and non-surgical), and rehabilitation services to tribal "
     "members admitted as inpatients or outpatients.")),
    ("09", "2006-07-01", "", "Prison/Correctional Facility",
     ("A prison, jail, reformatory, work farm, detention center, or any other similar facility "
     "maintained by either Federal, State or local authorities for the purpose of confinement or "
     "rehabilitation of adult or juvenile criminal offenders.")),
    ("10", "2022-01-01", "", "Telehealth Provided in Patient's Home",
     ("The location where health services and health related services are provided or received, "
     "through telecommunication technology. Patient is located in their home (which is a "
     "location other than a hospital or other facility where the patient receives care in a "
     "private residence) when receiving health services or health related services through "
     "telecommunication technology.")),
    ("11", "", "", "Office",
     ("Location, other than a hospital, skilled nursing facility (SNF), military treatment "
     "facility, community health center, State or local public health clinic, or intermediate "
     "care facility (ICF), where the health professional routinely provides health "
     "examinations, diagnosis, and treatment of illness or injury on an ambulatory basis.")),
    ("12", "", "", "Home",
     ("Location, other than a hospital or other facility, where the patient receives care in a "
     "private residence.")),
    ("13", "2003-10-01", "", "Assisted Living Facility",
     ("Congregate residential facility with self-contained living units providing assessment of "
     "each resident's needs and on-site support 24 hours a day, 7 days a week, with the capacity "
     "to deliver or arrange for services including some health care and other services.")),
    ("14", "2003-10-01", "", "Group Home",
     ("A residence, with shared living areas, where clients receive supervision and other "
     "services such as social and/or behavioral services, custodial service, and minimal "
     "services (e.g., medication administration).")),
    ("15", "2003-01-01", "", "Mobile Unit",
     ("A facility/unit that moves from place-to-place equipped to provide preventive, screening, "
     "diagnostic, and/or treatment services.")),
    ("16", "2008-01-01", "", "Temporary Lodging",
     ("A short term accommodation such as a hotel, camp ground, hostel, cruise ship or resort "
     "where the patient receives care, and which is not identified by any other POS code.")),
    ("17", "2010-05-01", "", "Walk-in Retail Health Clinic",
     ("A walk-in health clinic, other than an office, urgent care facility, pharmacy or "
     "independent clinic and not described by any other Place of Service code, that is located "
     "within a retail operation and provides, on an ambulatory basis, preventive and primary "
     "care services.")),
    ("18", "2013-01-01", "", "Place of Employment-Worksite",
     ("A location, not described by any other POS code, owned or operated by a public or private "
     "entity where the patient is employed, and where a health professional provides on-going "
     "or episodic occupational medical, therapeutic or rehabilitative services to the "
     "individual.")),
    ("19", "2016-01-01", "", "Off Campus-Outpatient Hospital",
     "A portion of an off-campus hospital provider based department " + _OUTPATIENT),
    ("20", "2003-01-01", "", "Urgent Care Facility",
     ("Location, distinct from a hospital emergency room, an office, or a clinic, whose purpose "
     "is to diagnose and treat illness or injury for unscheduled, ambulatory patients seeking "
     "immediate medical attention.")),
    ("21", "", "", "Inpatient Hospital",
     ("A facility, other than psychiatric, which primarily provides diagnostic, therapeutic (both "
     "surgical and nonsurgical), and rehabilitation services by, or under, the supervision of "
     "physicians to patients admitted for a variety of medical conditions.")),
    ("22", "", "2015-12-31", "Outpatient Hospital", "A portion of a hospital " + _OUTPATIENT),
    ("22", "2016-01-01", "", "On Campus-Outpatient Hospital",
     "A portion of a hospital's main campus " + _OUTPATIENT),
    ("23", "", "", "Emergency Room - Hospital",
     ("A portion of a hospital where emergency diagnosis and treatment of illness or injury is "
     "provided.")),
    ("24", "", "", "Ambulatory Surgical Center",
     ("A freestanding facility, other than a physician's office, where surgical and diagnostic "
     "services are provided on an ambulatory basis.")),
    ("25", "", "", "Birthing Center",
     ("A facility, other than a hospital's maternity facilities or a physician's office, which "
     "provides a setting for labor, delivery, and immediate post-partum care as well as "
     "immediate care of new born infants.")),
    ("26", "", "", "Military Treatment Facility",
     ("A medical facility operated by one or more of the Uniformed Services. Military Treatment "
     "Facility (MTF) also refers to certain former U.S. Public Health Service (USPHS) facilities "
     "now designated as Uniformed Service Treatment Facilities (USTF).")),
    ("27", "2023-10-01", "", "Outreach Site/Street",
     ("A non-permanent location on the street or found environment, not described by any other "
     "POS code, where health professionals provide preventive, screening, diagnostic, and/or "
     "treatment services to unsheltered homeless individuals.")),
    ("31", "", "", "Skilled Nursing Facility",
     ("A facility which primarily provides inpatient skilled nursing care and related services to "
     "patients who require medical, nursing, or rehabilitative services but does not provide the "
     "level of care or treatment available in a hospital.")),
    ("32", "", "", "Nursing Facility",
     ("A facility which primarily provides to residents skilled nursing care and related services "
     "for the rehabilitation of injured, disabled, or sick persons, or, on a regular basis, "
     "health-related care services above the level of custodial care to other than individuals "
     "with intellectual disabilities.")),
    ("33", "", "", "Custodial Care Facility",
     ("A facility which provides room, board and other personal assistance services, generally on "
     "a long-term basis, and which does not include a medical component.")),
    ("34", "", "", "Hospice",
     ("A facility, other than a patient's home, in which palliative and supportive care for "
     "terminally ill patients and their families are provided.")),
    ("41", "", "", "Ambulance - Land",
     ("A land vehicle specifically designed, equipped and staffed for lifesaving and "
     "transporting the sick or injured.")),
    ("42", "", "", "Ambulance - Air or Water",
     ("An air or water vehicle specifically designed, equipped and staffed for lifesaving and "
     "transporting the sick or injured.")),
    ("49", "2003-10-01", "", "Independent Clinic",
     ("A location, not part of a hospital and not described by any other Place of Service code, "
     "that is organized and operated to provide preventive, diagnostic, therapeutic, "
     "rehabilitative, or palliative services to outpatients only.")),
    ("50", "", "", "Federally Qualified Health Center",
     ("A facility located in a medically underserved area that provides Medicare beneficiaries "
     "preventive primary medical care under the general direction of a physician.")),
    ("51", "", "", "Inpatient Psychiatric Facility",
     ("A facility that provides inpatient psychiatric services for the diagnosis and treatment of "
     "mental illness on a 24-hour basis, by or under the supervision of a physician.")),
    ("52", "", "", "Psychiatric Facility-Partial Hospitalization",
     ("A facility for the diagnosis and treatment of mental illness that provides a planned "
     "therapeutic program for patients who do not require full time hospitalization, but who "
     "need broader programs than are possible from outpatient visits to a hospital-based or "
     "hospital-affiliated facility.")),
    ("53", "", "", "Community Mental Health Center",
     ("A facility that provides the following services: outpatient services, including "
     "specialized outpatient services for children, the elderly, individuals who are chronically "
     "ill, and residents of the CMHC's mental health services area who have been discharged from "
     "inpatient treatment at a mental health facility; 24 hour a day emergency care services; "
     "day treatment, other partial hospitalization services, or psychosocial rehabilitation "
     "services; screening for patients being considered for admission to State mental health "
     "facilities to determine the appropriateness of such admission; and consultation and "
     "education services.")),
    ("54", "", "", "Intermediate Care Facility/Individuals with Intellectual Disabilities",
     ("A facility which primarily provides health-related care and services above the level of "
     "custodial care to individuals but does not provide the level of care or treatment "
     "available in a hospital or SNF.")),
    ("55", "", "", "Residential Substance Abuse Treatment Facility",
     ("A facility which provides treatment for substance (alcohol and drug) abuse to live-in "
     "residents who do not require acute medical care. Services include individual and group "
     "therapy and counseling, family counseling, laboratory tests, drugs and supplies, "
     "psychological testing, and room and board.")),
    ("56", "", "", "Psychiatric Residential Treatment Center",
     ("A facility or distinct part of a facility for psychiatric care which provides a total "
     "24-hour therapeutically planned and professionally staffed group living and learning "
     "environment.")),
    ("57", "2003-10-01", "", "Non-residential Substance Abuse Treatment Facility",
     ("A location which provides treatment for substance (alcohol and drug) abuse on an "
     "ambulatory basis. Services include individual and group therapy and counseling, family "
     "counseling, laboratory tests, drugs and supplies, and psychological testing.")),
    ("58", "2020-01-01", "", "Non-residential Opioid Treatment Facility",
     ("A location that provides treatment for opioid use disorder on an ambulatory basis. "
     "Services include methadone and other forms of Medication Assisted Treatment (MAT).")),
    ("60", "", "", "Mass Immunization Center",
     ("A location where providers administer pneumococcal pneumonia and influenza virus "
     "vaccinations and submit these services as electronic media claims, paper claims, or using "
     "the roster billing method. This generally takes place in a mass immunization setting, such "
     "as, a public health center, pharmacy, or mall but may include a physician office setting.")),
    ("61", "", "", "Comprehensive Inpatient Rehabilitation Facility",
     ("A facility that provides comprehensive rehabilitation services under the supervision of a "
     "physician to inpatients with physical disabilities. Services include physical therapy, "
     "occupational therapy, speech pathology, social or psychological services, and orthotics "
     "and prosthetics services.")),
    ("62", "", "", "Comprehensive Outpatient Rehabilitation Facility",
     ("A facility that provides comprehensive rehabilitation services under the supervision of a "
     "physician to outpatients with physical disabilities. Services include physical therapy, "
     "occupational therapy, and speech pathology services.")),
    ("65", "", "", "End-Stage Renal Disease Treatment Facility",
     ("A facility other than a hospital, which provides dialysis treatment, maintenance, and/or "
     "training to patients or caregivers on an ambulatory or home-care basis.")),
    ("66", "2024-08-01", "", "Programs of All-Inclusive Care for the Elderly (PACE) Center",
     ("A facility or location providing comprehensive medical and social services as part of the "
     "Programs of All-Inclusive Care for the Elderly (PACE). This includes, but is not limited "
     "to, primary care; social work services; restorative therapies, including physical and "
     "occupational therapy; personal care and supportive services; nutritional counseling; "
     "recreational therapy; and meals when the individual is enrolled in PACE.")),
    ("71", "", "", "Public Health Clinic",
     ("A facility maintained by either State or local health departments that provides "
     "ambulatory primary medical care under the general direction of a physician.")),
    ("72", "", "", "Rural Health Clinic",
     ("A certified facility which is located in a rural medically underserved area that provides "
     "ambulatory primary medical care under the general direction of a physician.")),
    ("81", "", "", "Independent Laboratory",
     ("A laboratory certified to perform diagnostic and/or clinical tests independent of an "
     "institution or a physician's office.")),
    ("99", "", "", "Other Place of Service", "Other place of service not identified above."),
)  # fmt: skip


def build() -> str:
    """Return the text of pos.csv: a commented header, then one row per code and name."""
    out = io.StringIO()
    header = (
        "system: CMS Place of Service (POS) code set (837P CLM05-1/SV105, CMS-1500 item 24B)",
        f"source: {SOURCE}",
        f"release: {RELEASE}",
        "release_note: the date of the CMS page's database update",
        "licence: public domain (US government work, CMS)",
        f"facility: Y = MPFS facility rate ({FACILITY_SOURCE}); N = non-facility rate",
        "start: the effective date CMS states for the code; empty = none stated (older codes)",
        "end: the last day a row applies; empty = current",
        "made_by: scripts/update/pos.py (edit ROWS there, never this file)",
    )
    for line in header:
        out.write(f"# {line}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("code", "start", "end", "facility", "name", "description"))
    for code, start, end, name, description in ROWS:
        writer.writerow((code, start, end, "Y" if code in FACILITY else "N", name, description))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the bundled file")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run scripts/update/pos.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date ({len(ROWS)} rows)")
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(ROWS)} rows, release {RELEASE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
