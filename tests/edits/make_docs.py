# ruff: noqa: E501  (prose and doctest text, kept as the pages print it)
"""Write docs/edits/<family>.md from the registry, the mutations and the texts below.

The registry gives each code's title, severity, message, CARC/RARC,
citations and fix; rcm.testing's mutations give the bad and good examples;
this file holds the "why it matters" prose and each family's introduction
and runnable example. ``test_docs.py`` checks that the pages and the
registry agree, so run this after adding or changing an edit:

    .venv/bin/python tests/edits/make_docs.py
"""

from __future__ import annotations

import re
from pathlib import Path

from rcm.edits import registry
from rcm.edits.families import FAMILIES
from rcm.testing._edits import MUTATIONS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "edits"

NEEDS = {
    "ptp": "an NCCI PTP table (`Tables(ptp=...)`)",
    "mue": "an NCCI MUE table (`Tables(mue=...)`)",
    "aoc": "an NCCI add-on code table (`Tables(aoc=...)`)",
    "coverage": "a coverage table (`Tables(coverage=...)`)",
    "history": "claim history (`Context(history=...)`)",
}

WHY = {
    "COD001": "The payer's front end rejects the whole claim before adjudication; nothing is paid until a corrected claim goes out, and the clock for timely filing keeps running.",
    "COD002": "A heading is not a code a claim may carry; the claim is rejected, and even payers that accept it cannot tell which condition was treated.",
    "COD003": "Without its 7th character the code does not say whether this is the initial encounter, a subsequent one or a sequela, and the claim is rejected as invalid.",
    "COD004": "A procedure code that does not exist on the date of service (a typo, or a code added or deleted in the quarterly update) is rejected, and the line is not priced.",
    "COD005": "Coding offices update their code books each October; a claim for a service before the change that uses a new code (or after it, using a deleted one) is rejected.",
    "COD006": "Claims for services after September 30, 2015 must use ICD-10-CM; ICD-9-CM codes there (or ICD-10-CM codes before) are rejected.",
    "COD007": "Without the release, rcm cannot tell valid diagnosis codes from invalid ones; the finding says so instead of passing the claim silently.",
    "DX001": "Payers and claim editors apply Excludes1 notes; the pair is denied or returned for correction, and it signals a coding error to auditors.",
    "DX002": "A manifestation code as the first diagnosis tells the payer the claim is for a condition that cannot stand alone; the claim or line is rejected.",
    "DX003": "Without the underlying condition the manifestation code is incomplete; medical necessity often rests on the underlying disease.",
    "DX004": "A line without a valid pointer has no diagnosis; the claim is rejected as unprocessable (the 837P requires SV107).",
    "DX005": "Repeats take the places the claim has for diagnoses and some payers reject them as invalid data.",
    "CLM001": "Missing required data makes the claim unprocessable: it is returned, not denied, so it never enters appeal rights, and the time limit keeps running.",
    "CLM002": "A date of service after the claim goes out is impossible; the claim is rejected.",
    "CLM003": "Dates out of order are keying errors; payers reject the claim because the service cannot be dated.",
    "CLM004": "Clearinghouses reject a claim whose total does not equal its lines before it reaches the payer.",
    "CLM005": "An NPI that fails its check digit identifies no one; the claim is rejected before adjudication.",
    "CLM006": "A line with no units bills nothing; the line is rejected as unprocessable.",
    "CLM007": "The place of service sets the fee schedule rate (facility or non-facility); an unassigned code is rejected.",
    "CLM008": "Zero-charge lines are rejected by most payers, and a charge of zero understates the claim for secondary payers.",
    "MOD001": "An unknown modifier makes the line invalid; the payer rejects it or ignores the modifier and pays the wrong amount.",
    "MOD002": "Contradictory modifiers cannot both be true; the payer cannot tell what was billed and rejects the line.",
    "MOD003": "Repeated modifiers waste the line's four places and some payers reject the line.",
    "MOD004": "CMS instructs that 59 and the X modifiers are not reported together; some payers reject the line.",
    "PTP001": "The column-2 line is denied (CARC 97) and the denial cannot be appealed on modifier grounds; billing it anyway is unbundling.",
    "PTP002": "Without a modifier the column-2 line is denied; with one, when the services really were distinct, both are paid.",
    "PTP003": "Both lines will be paid, and this is the pattern auditors review most: the record must show the separate site, session or practitioner.",
    "PTP004": "Payers increasingly require the precise X modifier, and 59 alone is a frequent audit target.",
    "PTP005": "The later claim's column-2 line is denied against the column-1 code already billed for the day.",
    "MUE001": "The whole line is denied (MUEs never pay the units up to the limit); a corrected claim must split the units correctly.",
    "MUE002": "Every line of the code for the date is denied, and a policy MUE cannot be overcome on appeal.",
    "MUE003": "Every line of the code for the date is denied; units above a clinical MUE can be paid only on appeal, with documentation.",
    "MUE004": "The day's units add up across claims, so the later claim is denied even though it looks right alone.",
    "AOC001": "A type 1 add-on code without a listed primary is never paid.",
    "AOC002": "An add-on code billed alone has no primary procedure at all and is denied.",
    "AOC003": "Payment depends on the contractor accepting an unlisted primary; expect a denial unless it does.",
    "MN001": "The line is denied as not medically necessary (CARC 50); without an ABN the provider cannot bill the patient.",
    "MN002": "The denial is expected; the modifier decides who pays. Check that the ABN is on file (GA) or that the provider accepts liability (GZ).",
    "DUP001": "The second line is denied as a duplicate, and duplicate lines look like double billing.",
    "DUP002": "The whole claim is denied as a duplicate; resending also delays the original's processing.",
    "DUP003": "The line is denied as a duplicate of the service already billed.",
    "DUP004": "Payers' duplicate logic compares procedure, date and modifiers; the second line is likely denied.",
    "TF001": "A claim past the filing limit is denied (CARC 29) and the amount is written off; the patient cannot be billed for it.",
    "TF002": "A claim rejected near the deadline may not be corrected in time.",
    "TF003": "The payer decides whether the delay reason excuses the late filing; be ready to prove it.",
}

FAMILY_TITLES = {
    "cod": "COD: codes valid on the date of service",
    "dx": "DX: diagnoses",
    "clm": "CLM: the claim as a document",
    "mod": "MOD: modifiers",
    "ptp": "PTP: NCCI procedure-to-procedure edits",
    "mue": "MUE: NCCI medically unlikely edits",
    "aoc": "AOC: NCCI add-on codes",
    "mn": "MN: medical necessity",
    "dup": "DUP: duplicates",
    "tf": "TF: timely filing",
}

EXAMPLES = {
    "cod": """>>> from datetime import date
>>> from rcm.claims import Diagnosis
>>> from rcm.claims.examples import professional_claim
>>> from rcm.edits import Context, run
>>> claim = professional_claim().evolve(diagnoses=(Diagnosis(code="J20.9"), Diagnosis(code="R05")))
>>> finding = run(claim, Context(as_of=date(2025, 3, 10), select=("COD",))).findings[0]
>>> finding.code, finding.message
('COD002', 'R05 is a heading in ICD-10-CM (FY2025), not a billable code')
>>> finding.fix
'report a billable code below it, such as R05.1, R05.2, R05.3'
""",
    "dx": """>>> from datetime import date
>>> from rcm.claims import Diagnosis
>>> from rcm.claims.examples import professional_claim
>>> from rcm.edits import Context, run
>>> dx = (Diagnosis(code="E11.9"), Diagnosis(code="E10.9"))
>>> claim = professional_claim().evolve(diagnoses=dx)
>>> [f.message for f in run(claim, Context(as_of=date(2025, 3, 10), select=("DX",))).findings]
['E11.9 and E10.9 are reported together, but E11.9 excludes E10.9 (Excludes1)']
""",
    "clm": """>>> from datetime import date
>>> from rcm.claims.examples import professional_claim
>>> from rcm.edits import Context, run
>>> report = run(professional_claim(), Context(as_of=date(2025, 3, 1), select=("CLM",)))
>>> [(f.code, f.lines) for f in report.findings]
[('CLM002', (0,)), ('CLM002', (1,))]
""",
    "mod": """>>> from datetime import date
>>> from rcm.claims.examples import professional_claim
>>> from rcm.edits import Context, run
>>> claim = professional_claim()
>>> xray = claim.lines[1].evolve(modifiers=("26", "TC"))
>>> report = run(claim.evolve(lines=(claim.lines[0], xray)), Context(as_of=date(2025, 3, 10)))
>>> report.findings[0].message
'modifiers 26 and TC contradict each other on one line'
""",
    "ptp": """>>> from datetime import date
>>> from rcm.claims.examples import professional_claim
>>> from rcm.edits import Context, Tables, run
>>> from rcm.edits.tables import PtpRow, PtpTable
>>> ptp = PtpTable.from_rows([PtpRow("99214", "71046", date(2020, 1, 1), None, 1, "demo")])
>>> context = Context(as_of=date(2025, 3, 10), tables=Tables(ptp=ptp))
>>> claim = professional_claim()
>>> run(claim, context).codes
('PTP002',)
>>> xs = claim.lines[1].evolve(modifiers=("XS",))
>>> run(claim.evolve(lines=(claim.lines[0], xs)), context).findings[0].message
'71046 with 99214 (modifier indicator 1) is bypassed by XS'
""",
    "mue": """>>> from datetime import date
>>> from decimal import Decimal
>>> from rcm.claims.examples import professional_claim
>>> from rcm.edits import Context, Tables, run
>>> from rcm.edits.tables import MueRow, MueTable
>>> mue = MueTable([MueRow("71046", 1, 2, "demo")], setting="practitioner", version="demo")
>>> claim = professional_claim()
>>> two = claim.lines[1].evolve(units=Decimal(2))
>>> report = run(claim.evolve(lines=(claim.lines[0], two)),
...              Context(as_of=date(2025, 3, 10), tables=Tables(mue=mue)))
>>> report.findings[0].message
'71046 is billed with 2 units on 2025-03-03; the MUE is 1 (MAI 2, date of service, policy)'
""",
    "aoc": """>>> from datetime import date
>>> from rcm.claims.examples import professional_claim
>>> from rcm.edits import Context, Tables, run
>>> from rcm.edits.tables import AocRow, AocTable
>>> aoc = AocTable([AocRow("71046", "99213", 1)], version="demo")
>>> report = run(professional_claim(), Context(as_of=date(2025, 3, 10), tables=Tables(aoc=aoc)))
>>> report.findings[0].message, report.findings[0].fix
('add-on code 71046 (type 1) has none of its primary codes on 2025-03-03', 'bill 71046 with one of its primary codes: 99213')
""",
    "mn": """>>> from datetime import date
>>> from rcm.claims.examples import professional_claim
>>> from rcm.edits import Context, Tables, run
>>> from rcm.edits.tables import CoveragePolicy, CoverageTable
>>> policy = CoveragePolicy("71046", "L99999 (demo)", prefixes=("J18", "J20"))
>>> tables = Tables(coverage=CoverageTable([policy]))
>>> report = run(professional_claim(), Context(as_of=date(2025, 3, 10), tables=tables))
>>> report.findings[0].message
'none of R05.9 supports 71046 under L99999 (demo)'
""",
    "dup": """>>> from datetime import date
>>> from rcm.claims.examples import professional_claim
>>> from rcm.edits import Context, History, run
>>> sent = professional_claim()
>>> report = run(sent, Context(as_of=date(2025, 3, 10), history=History([sent])))
>>> report.codes, report.findings[0].carc
(('DUP002',), '18')
""",
    "tf": """>>> from datetime import date
>>> from rcm.claims.examples import professional_claim
>>> from rcm.edits import Context, FilingLimit, Tables, run
>>> tables = Tables(filing_limits=(FilingLimit(days=90, payer="60054"),))
>>> report = run(professional_claim(), Context(as_of=date(2025, 6, 15), tables=tables))
>>> report.findings[0].message
'service on 2025-03-03: the filing limit of 90 days ended on 2025-06-01, 14 days before 2025-06-15'
""",
}


def section(spec) -> str:
    mutation = MUTATIONS[spec.code]
    facts = [f"**{spec.severity.value}**", f"{spec.status.value}", f"since {spec.since}"]
    if spec.carc:
        facts.append(f"CARC {spec.carc}")
    if spec.rarcs:
        facts.append(f"RARC {', '.join(spec.rarcs)}")
    if spec.confidence != "high":
        facts.append(f"confidence {spec.confidence}")
    lines = [
        f"## {spec.code} {spec.title} {{#{spec.code}}}",
        "",
        f"`{spec.name}` · " + " · ".join(facts),
        "",
        "### What it checks",
        "",
        spec.description,
        "",
        f"Message: `{spec.message}`",
        "",
    ]
    if spec.requires:
        needs = " and ".join(NEEDS[n] for n in spec.requires)
        lines += [f"Needs {needs}; without it the edit is listed in `Report.skipped`.", ""]
    lines += [
        "### Why it matters",
        "",
        WHY[spec.code],
        "",
        "### Example",
        "",
        f"- Bad: {mutation.description} (`tests/edits/cases/{spec.code}/bad.json`).",
        f"- Good: {mutation.fix_description} (`tests/edits/cases/{spec.code}/good.json`).",
        "",
        "### Use instead",
        "",
        (spec.fix[0].upper() + spec.fix[1:] + ".") if spec.fix else "Nothing to change.",
        "",
        "### References",
        "",
    ]
    lines.extend(
        f"- [{citation}]({citation.url})" if citation.url else f"- {citation}"
        for citation in spec.citations
    )
    lines.append("")
    return "\n".join(lines)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def page(module) -> str:
    family = module.__name__.rsplit(".", 1)[-1]
    doc = (module.__doc__ or "").strip().split("\n", 1)
    intro = doc[1].strip() if len(doc) > 1 else ""
    intro = re.sub(r":(class|func|data|mod):`~?([^`]+)`", r"`\2`", intro)
    parts = [
        f"# {FAMILY_TITLES[family]}",
        "",
        "<!-- Written by tests/edits/make_docs.py from the registry; edit that file. -->",
        "",
        _sentence(doc[0].split(": ", 1)[-1]),
        "",
        intro,
        "",
        "```pycon",
        EXAMPLES[family].rstrip("\n"),
        "",
        "```",
        "",
    ]
    parts.extend(section(registry[s.code]) for s in sorted(module.EDITS, key=lambda s: s.code))
    return "\n".join(parts)


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    for module in FAMILIES:
        family = module.__name__.rsplit(".", 1)[-1]
        (DOCS / f"{family}.md").write_text(page(module), encoding="utf-8")
        print("wrote", family)


if __name__ == "__main__":
    main()
