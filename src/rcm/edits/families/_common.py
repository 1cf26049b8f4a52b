"""What the built-in families share: citations, and small views of a claim."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Final

from rcm.edits._spec import Citation

if TYPE_CHECKING:
    from rcm.claims import Claim, Diagnosis, ServiceLine

__all__ = [
    "AOC_PAGE",
    "CLAIMS_MANUAL_CH1",
    "CLAIMS_MANUAL_CH12",
    "CLAIMS_MANUAL_CH26",
    "DUPLICATES",
    "HIPAA_CODE_SETS",
    "ICD10CM_GUIDELINES",
    "MUE_PAGE",
    "NCCI_MANUAL",
    "PTP_PAGE",
    "SINCE",
    "X12_837I",
    "X12_837P",
    "line_diagnoses",
]

#: The rcm version the built-in edits appeared in.
SINCE: Final = "0.1.0"

_NCCI: Final = (
    "https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits"
)

NCCI_MANUAL: Final = Citation(
    "NCCI Policy Manual for Medicare Services",
    "Chapter I, General Correct Coding Policies",
    f"{_NCCI}/medicare-ncci-policy-manual",
)
PTP_PAGE: Final = Citation(
    "CMS, Medicare NCCI Procedure to Procedure (PTP) Edits",
    None,
    f"{_NCCI}/medicare-ncci-procedure-procedure-ptp-edits",
)
MUE_PAGE: Final = Citation(
    "CMS, Medicare NCCI Medically Unlikely Edits (MUEs)",
    None,
    f"{_NCCI}/medically-unlikely-edits",
)
AOC_PAGE: Final = Citation(
    "CMS, Medicare NCCI Add-on Code Edits",
    None,
    f"{_NCCI}/medicare-ncci-add-code-edits",
)
ICD10CM_GUIDELINES: Final = "ICD-10-CM Official Guidelines for Coding and Reporting FY2026"
GUIDELINES_URL: Final = "https://www.cdc.gov/nchs/icd/icd-10-cm/files.html"
HIPAA_CODE_SETS: Final = Citation(
    "45 CFR 162.1002, Medical data code sets",
    "code sets valid at the time the service is provided",
    "https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-162/subpart-J/section-162.1002",
)
X12_837P: Final = Citation("ASC X12N 005010X222A1, Health Care Claim: Professional (837P)")
X12_837I: Final = Citation("ASC X12N 005010X223A2, Health Care Claim: Institutional (837I)")
_IOM: Final = "https://www.cms.gov/medicare/regulations-guidance/manuals/internet-only-manuals-ioms"
CLAIMS_MANUAL_CH1: Final = Citation(
    "Medicare Claims Processing Manual (Pub. 100-04)",
    "Chapter 1, General Billing Requirements",
    _IOM,
)
CLAIMS_MANUAL_CH12: Final = Citation(
    "Medicare Claims Processing Manual (Pub. 100-04)",
    "Chapter 12, Physicians/Nonphysician Practitioners",
    _IOM,
)
CLAIMS_MANUAL_CH26: Final = Citation(
    "Medicare Claims Processing Manual (Pub. 100-04)",
    "Chapter 26, Completing and Processing Form CMS-1500 Data Set",
    _IOM,
)
DUPLICATES: Final = Citation(
    "Medicare Claims Processing Manual (Pub. 100-04)",
    "Chapter 1, section 120, Detection of Duplicate Claims",
    _IOM,
)


#: Types of bill whose claims the hospital outpatient NCCI edits (in the I/OCE) apply to:
#: hospital Part B inpatient and outpatient, SNF Part B, home health Part B, RHC,
#: FQHC, ESRD, CORF, CMHC, ASC and CAH outpatient (first two digits).
OUTPATIENT_BILL_TYPES: Final = frozenset(
    {"12", "13", "14", "22", "23", "34", "71", "72", "73", "74", "75", "76", "77", "83", "85"}
)


def ncci_applies(claim: Claim) -> bool:
    """Whether NCCI PTP/MUE edits apply: professional claims, and outpatient bill types.

    Example:
        >>> from rcm.claims.examples import institutional_claim, professional_claim
        >>> ncci_applies(professional_claim()), ncci_applies(institutional_claim())
        (True, False)
    """
    if claim.kind == "professional":
        return True
    return claim.facility_type is not None and claim.facility_type[:2] in OUTPATIENT_BILL_TYPES


def guideline(section: str) -> Citation:
    """A citation of a section of the ICD-10-CM Official Guidelines.

    Example:
        >>> str(guideline("I.A.12.a"))
        'ICD-10-CM Official Guidelines for Coding and Reporting FY2026, Section I.A.12.a'
    """
    return Citation(ICD10CM_GUIDELINES, f"Section {section}", GUIDELINES_URL)


def line_diagnoses(claim: Claim, line: ServiceLine) -> tuple[Diagnosis, ...]:
    """The diagnoses a line points to (837P), or all the claim's (837I and no pointers).

    Pointers that name no diagnosis are skipped (DX004 reports them).

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> claim = professional_claim()
        >>> tuple(d.code for d in line_diagnoses(claim, claim.lines[1]))
        ('R059',)
    """
    if not line.diagnosis_pointers:
        return claim.diagnoses
    count = len(claim.diagnoses)
    return tuple(claim.diagnoses[p - 1] for p in line.diagnosis_pointers if 0 < p <= count)


def format_dx(code: str) -> str:
    """A compact ICD-10-CM code with its dot (``E119`` -> ``E11.9``).

    Example:
        >>> format_dx("E119"), format_dx("I10")
        ('E11.9', 'I10')
    """
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def day_text(day: date | None) -> str:
    """A date in ISO form, or ``"no date"``.

    Example:
        >>> day_text(date(2026, 4, 1))
        '2026-04-01'
    """
    return "no date" if day is None else day.isoformat()
