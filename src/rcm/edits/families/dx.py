"""DX: diagnoses that conflict, are out of order, or are pointed at wrongly.

The rules come from the ICD-10-CM tabular list's instructional notes
(Excludes1, "code first" on manifestation codes), as the release in force on
the date of service states them, and from the 837's diagnosis pointers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from rcm.coding import icd10cm
from rcm.edits._facts import facts
from rcm.edits._spec import EditSpec, Severity, Status
from rcm.edits.families._common import SINCE, X12_837P, format_dx, guideline
from rcm.edits.families.cod import claim_release

if TYPE_CHECKING:
    from rcm.claims import Claim
    from rcm.edits._context import Context
    from rcm.edits._facts import ClaimFacts
    from rcm.edits._finding import Finding

__all__ = ["DX001", "DX002", "DX003", "DX004", "DX005", "EDITS", "check"]

DX001 = EditSpec(
    code="DX001",
    name="dx-excludes1-pair",
    title="Diagnoses excluded together (Excludes1)",
    severity=Severity.ERROR,
    message="{first} and {second} are reported together, but {owner} excludes {other} (Excludes1)",
    description=(
        "An Excludes1 note means NOT CODED HERE: the two conditions cannot occur together "
        "(type 1 and type 2 diabetes) or one is a form of the other. Reporting both is a coding "
        "error unless the conditions are unrelated, the one exception the guidelines allow."
    ),
    citations=(guideline("I.A.12.a"),),
    carc="16",
    rarcs=("M76",),
    fix="keep the code that describes the condition; drop the excluded one",
    status=Status.STABLE,
    since=SINCE,
    confidence="medium",
)
DX002 = EditSpec(
    code="DX002",
    name="dx-manifestation-first",
    title="Manifestation code listed first",
    severity=Severity.ERROR,
    message="{code} is a manifestation code and cannot be the {position}",
    description=(
        "Codes titled '... in diseases classified elsewhere' describe a manifestation of an "
        "underlying disease and carry a 'code first' note: they are never the principal or "
        "first-listed diagnosis, nor a line's primary diagnosis. The underlying condition "
        "goes first."
    ),
    citations=(guideline("I.A.13"), guideline("I.B.7")),
    carc="16",
    rarcs=("M76",),
    fix="list the underlying condition first, then the manifestation code",
    status=Status.STABLE,
    since=SINCE,
)
DX003 = EditSpec(
    code="DX003",
    name="dx-code-first-missing",
    title="Underlying condition for a manifestation code is missing",
    severity=Severity.WARNING,
    message="{code} says 'code first' {note}, but no such code is on the claim",
    description=(
        "A manifestation code needs its underlying condition on the same claim; the 'code "
        "first' note names it (for example, G63 polyneuropathy needs the systemic disease)."
    ),
    citations=(guideline("I.A.13"),),
    carc="16",
    rarcs=("M76",),
    fix="add the underlying condition the 'code first' note names",
    status=Status.STABLE,
    since=SINCE,
    confidence="medium",
)
DX004 = EditSpec(
    code="DX004",
    name="dx-pointer-invalid",
    title="Diagnosis pointer points at nothing",
    severity=Severity.ERROR,
    message="{detail}",
    description=(
        "Each professional service line points (SV107) to one to four of the claim's "
        "diagnoses. A line without a pointer, or a pointer past the last diagnosis, makes the "
        "claim unprocessable."
    ),
    citations=(X12_837P,),
    carc="16",
    rarcs=("M76", "MA130"),
    fix="point the line at the diagnoses it treats (1-based positions in the claim's list)",
    status=Status.STABLE,
    since=SINCE,
)
DX005 = EditSpec(
    code="DX005",
    name="dx-duplicate",
    title="Diagnosis reported twice",
    severity=Severity.WARNING,
    message="{code} is listed {count} times",
    description=(
        "Each diagnosis is listed once; repeats waste the claim's twelve (837P) or twenty-five "
        "(837I) places and some payers reject them."
    ),
    citations=(X12_837P,),
    carc="16",
    rarcs=("M76",),
    fix="list each diagnosis once and point lines at that one",
    status=Status.STABLE,
    since=SINCE,
)

EDITS: Final = (DX001, DX002, DX003, DX004, DX005)

# "(E08-E13 with .42)": the range holds only codes ending in that subcode.
_WITH_SUBCODE: Final = re.compile(r"with \.(\d+)")
_MANIFESTATION: Final = "in diseases classified elsewhere"


#: One usable Excludes1 range: its first and last code with their lengths, and the
#: subcode the note requires (``None``: any).
_Range = tuple[str, int, str, int, "str | None"]


@functools.lru_cache(maxsize=65536)
def _excludes1(release: icd10cm.Release, code: str) -> tuple[_Range, ...]:
    """The usable Excludes1 ranges of *code*, unpacked for :func:`_excluded`."""
    entry = release.get(code)
    if entry is None:
        return ()
    out: list[_Range] = []
    for note in entry.excludes1:
        subcode: str | None = None
        if " with " in note.text:
            match = _WITH_SUBCODE.search(note.text)
            if match is None:
                continue  # qualified in words ("with 7th character D"): too loose to apply
            subcode = match.group(1)
        out.extend((r.first, len(r.first), r.last, len(r.last), subcode) for r in note.ranges)
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def _manifestation(release: icd10cm.Release, code: str) -> tuple[bool, tuple[icd10cm.Note, ...]]:
    entry = release.get(code)
    if entry is None:
        return False, ()
    is_manifestation = bool(entry.code_first) and _MANIFESTATION in entry.description.lower()
    return is_manifestation, entry.code_first if is_manifestation else ()


@functools.lru_cache(maxsize=65536)
def excludes1_owner(release: icd10cm.Release, first: str, second: str) -> str | None:
    """Which of two diagnosis codes has an Excludes1 note naming the other, if either.

    Example:
        >>> from datetime import date
        >>> fy26 = icd10cm.release(on=date(2025, 11, 1))
        >>> excludes1_owner(fy26, "E119", "E109"), excludes1_owner(fy26, "E119", "I10")
        ('E119', None)
    """
    if first.startswith(second) or second.startswith(first):
        return None
    first_ranges = _excludes1(release, first)
    if first_ranges and _excluded(second, first_ranges):
        return first
    second_ranges = _excludes1(release, second)
    if second_ranges and _excluded(first, second_ranges):
        return second
    return None


def _excluded(code: str, ranges: tuple[_Range, ...]) -> bool:
    # What ``code in CodeRange(first, last)`` answers, with the code compacted once
    # for all the ranges instead of once per range (pairs of diagnoses are many).
    text = code.strip().upper().replace(" ", "").replace(".", "")
    for first, first_len, last, last_len, subcode in ranges:
        if (
            first <= text[:first_len]
            and text[:last_len] <= last
            and (subcode is None or code[3:].startswith(subcode))
        ):
            return True
    return False


def check(claim: Claim, context: Context) -> list[Finding]:
    """Check the claim's diagnoses against each other and the lines' pointers.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context
        >>> list(check(professional_claim(), Context(as_of=date(2025, 3, 10))))
        []
    """
    found: list[Finding] = []
    # The claim's and its lines' fields from their facts' field dicts: a model
    # attribute read goes through pydantic's __getattr__ hook (see ClaimFacts).
    claim_facts = facts(claim)
    diagnoses = claim_facts.values["diagnoses"]
    if claim_facts.kind == "professional":
        _pointers(found, claim_facts, len(diagnoses))
    # The codes, and whether every one is ICD-10-CM, in one pass over the diagnoses.
    codes = []
    icd10 = True
    for dx in diagnoses:
        values = dx.__dict__  # two fields, one hook
        codes.append(values["code"])
        if values["system"] != "ICD-10-CM":
            icd10 = False
    if len(codes) < 2:
        unique = codes  # nothing to repeat, no pair to compare
    else:
        unique = list(dict.fromkeys(codes))
        if len(unique) < len(codes):
            for code in unique:
                count = codes.count(code)
                if count > 1:
                    found.append(DX005.finding(code=format_dx(code), count=count))
    if not icd10:
        return found
    # claim_release(claim, context), its usual answer (COD ran first) read directly
    held = claim_facts.release
    if held is not None and held[0] is context:
        day, release = held[1], held[2]
    else:
        day, release = claim_release(claim, context)
    if day is None or release is None:
        return found
    source = f"ICD-10-CM {release.version}"
    # Excludes1: each unordered pair once; the note may sit on either code.
    for i, first in enumerate(unique):
        for second in unique[i + 1 :]:
            owner = excludes1_owner(release, first, second)
            if owner is not None:
                other = second if owner == first else first
                found.append(
                    DX001.finding(
                        first=format_dx(first),
                        second=format_dx(second),
                        owner=format_dx(owner),
                        other=format_dx(other),
                        trigger=_note_text(release, owner, other),
                        source=source,
                    )
                )
    # Manifestation codes: never first; their underlying condition must be present.
    for position, code in enumerate(unique):
        is_manifestation, notes = _manifestation(release, code)
        if is_manifestation:
            found.extend(
                _manifestation_findings(
                    claim,
                    codes=codes,
                    unique=unique,
                    position=position,
                    code=code,
                    notes=notes,
                    source=source,
                )
            )
    return found


def _manifestation_findings(
    claim: Claim,
    *,
    codes: list[str],
    unique: list[str],
    position: int,
    code: str,
    notes: tuple[icd10cm.Note, ...],
    source: str,
) -> Iterator[Finding]:
    if position == 0 and codes[0] == code:
        label = "principal diagnosis" if claim.kind == "institutional" else "first-listed diagnosis"
        yield DX002.finding(
            code=format_dx(code),
            position=label,
            source=source,
            trigger=f"code first {notes[0].text}" if notes else None,
        )
    for index, line in enumerate(claim.lines):
        pointers = line.diagnosis_pointers
        if pointers and 0 < pointers[0] <= len(codes) and codes[pointers[0] - 1] == code:
            yield DX002.finding(
                lines=(index,),
                code=format_dx(code),
                position="line's primary diagnosis",
                source=source,
            )
    ranges = [r for note in notes for r in note.ranges]
    if ranges and not any(other in r for other in unique if other != code for r in ranges):
        shown = "; ".join(note.text for note in notes[:2])
        yield DX003.finding(code=format_dx(code), note=f"({shown})", source=source)


def _note_text(release: icd10cm.Release, owner: str, other: str) -> str:
    entry = release.get(owner)
    if entry is not None:
        for note in entry.excludes1:
            if other in note:
                return f"{entry.formatted} Excludes1 (from {note.source}): {note.text}"
    return f"{format_dx(owner)} Excludes1"


def _pointers(found: list[Finding], claim_facts: ClaimFacts, count: int) -> None:
    for fact in claim_facts.lines:
        index = fact.index
        pointers = fact.values["diagnosis_pointers"]
        if not pointers:
            found.append(
                DX004.finding(lines=(index,), detail=f"line {index + 1} has no diagnosis pointer")
            )
            continue
        for pointer in pointers:
            if not 0 < pointer <= count:
                break
        else:
            continue  # every pointer names a diagnosis (the usual case)
        found.extend(
            DX004.finding(
                lines=(index,),
                detail=f"line {index + 1} points at diagnosis {pointer}, but the claim has {count}",
            )
            for pointer in pointers
            if not 0 < pointer <= count
        )
