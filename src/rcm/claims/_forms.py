"""The paper forms: CMS-1500 (02/12) boxes and UB-04 form locators for a claim.

These are what a print or PDF layer fills in: plain ``{field: text}``
mappings, one per page. Field names follow the forms themselves: ``"2"``,
``"24D.1.code"`` (box 24D of service line 1) on the CMS-1500, ``"FL4"``,
``"FL42.1"`` on the UB-04. Box contents follow the NUCC 1500 Reference
Instruction Manual (version 02/12) and the UB-04 data specifications as CMS
publishes them for institutional billing (Medicare Claims Processing Manual,
chapter 25); see ``docs/claims/forms.md`` for the whole mapping.

Fields with nothing to show are left out. PHI is in the values (that is the
point of a form): handle the result as you would the claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from rcm.claims._claim import Claim, Diagnosis, OtherPayer, ServiceLine
from rcm.claims._errors import ClaimValidationError
from rcm.claims._parties import Address, Coverage, Patient, Provider, Subscriber
from rcm.errors import expect_type
from rcm.money import ZERO, Money

__all__ = ["cms1500_fields", "ub04_fields"]

#: Service lines per page: six on the CMS-1500 (24 1-6), twenty-two on the UB-04.
CMS1500_LINES = 6
UB04_LINES = 22

_LETTERS = "ABCDEFGHIJKL"

# Box 1 by claim filing indicator (SBR09).
_BOX1 = {
    "MA": "MEDICARE",
    "MB": "MEDICARE",
    "MC": "MEDICAID",
    "CH": "TRICARE",
    "VA": "CHAMPVA",
    "CI": "GROUP HEALTH PLAN",
    "BL": "GROUP HEALTH PLAN",
    "HM": "GROUP HEALTH PLAN",
    "12": "GROUP HEALTH PLAN",
    "13": "GROUP HEALTH PLAN",
    "14": "GROUP HEALTH PLAN",
    "15": "GROUP HEALTH PLAN",
    "16": "GROUP HEALTH PLAN",
    "17": "GROUP HEALTH PLAN",
    "FI": "FECA BLK LUNG",
}
# Box 6 by individual relationship code.
_BOX6 = {"18": "SELF", "01": "SPOUSE", "19": "CHILD"}
# UB-04 FL59 (patient's relationship to insured) uses the X12 codes.


def _mmddyy(day: date, *, spaced: bool = True, century: bool = False) -> str:
    year = f"{day.year:04d}" if century else f"{day.year % 100:02d}"
    sep = " " if spaced else ""
    return f"{day.month:02d}{sep}{day.day:02d}{sep}{year}"


def _money(amount: Money) -> str:
    return f"{amount.amount:.2f}"


def _person_name(person: Patient | Subscriber) -> str:
    name = person.last_name
    if person.suffix:
        name += f" {person.suffix}"
    if person.first_name:
        name += f", {person.first_name}"
    if person.middle_name:
        name += f", {person.middle_name[0]}"
    return name


def _provider_name(provider: Provider) -> str:
    if provider.entity == "organization" or not provider.first_name:
        return provider.name
    return f"{provider.first_name} {provider.name}"


def _address(fields: dict[str, str], prefix: str, address: Address | None) -> None:
    if address is None:
        return
    street = address.line1 or ""
    if address.line2:
        street = f"{street} {address.line2}".strip()
    for key, value in (
        ("street", street),
        ("city", address.city or ""),
        ("state", address.state or ""),
        ("zip", address.postal_code or ""),
    ):
        if value:
            fields[f"{prefix}.{key}"] = value


def _put(fields: dict[str, str], key: str, value: str | None) -> None:
    if value:
        fields[key] = value


def _pages(lines: Sequence[ServiceLine], size: int) -> list[Sequence[ServiceLine]]:
    return [lines[start : start + size] for start in range(0, len(lines), size)] or [()]


def _secondary(claim: Claim) -> OtherPayer | None:
    return next(iter(claim.other_payers), None)


def cms1500_fields(claim: Claim) -> tuple[dict[str, str], ...]:
    """The CMS-1500 (02/12) boxes for a professional claim, one mapping per page.

    Six service lines fit on a page; a claim with more gets more pages, each
    with the claim's header boxes and its own lines, and box 28 (total charge)
    the total of the page's lines, as the NUCC instructions ask for claims
    continued on another form.

    Keys are the box numbers (``"1a"``, ``"21.A"``, ``"24D.1.code"``); see
    ``docs/claims/forms.md`` for every key.

    Raises:
        ClaimValidationError: the claim is institutional.

    Example:
        >>> from rcm.claims.examples import professional_claim
        >>> (page,) = cms1500_fields(professional_claim())
        >>> page["1"], page["2"], page["21.A"], page["24D.1.code"], page["24E.1"], page["28"]
        ('GROUP HEALTH PLAN', 'SAMPLE, PAT', 'J20.9', '99214', 'AB', '225.00')
    """
    expect_type(claim, Claim, function="rcm.claims.cms1500_fields", expected="a Claim")
    if claim.kind != "professional":
        raise ClaimValidationError(
            "the CMS-1500 is for professional claims; use ub04_fields",
            model="Claim",
            field="kind",
            claim_id=claim.claim_id,
        )
    header = _cms1500_header(claim)
    pages = []
    for lines in _pages(claim.lines, CMS1500_LINES):
        fields = dict(header)
        for number, line in enumerate(lines, start=1):
            _cms1500_line(fields, number, line, claim)
        fields["28"] = _money(sum((line.charge for line in lines), ZERO))
        pages.append(fields)
    return tuple(pages)


def _cms1500_header(claim: Claim) -> dict[str, str]:
    fields: dict[str, str] = {}
    coverage = claim.coverage
    subscriber = coverage.subscriber
    patient = claim.patient
    payer = coverage.payer
    if payer is not None:
        _put(fields, "carrier.name", payer.name)
        _address(fields, "carrier", payer.address)
    fields["1"] = _BOX1.get(coverage.filing_indicator or "", "OTHER")
    fields["1a"] = subscriber.member_id
    fields["2"] = _person_name(patient)
    if patient.birth_date is not None:
        fields["3.birth_date"] = _mmddyy(patient.birth_date, century=True)
    _put(fields, "3.sex", patient.sex if patient.sex in ("F", "M") else None)
    fields["4"] = _person_name(subscriber)
    _address(fields, "5", patient.address)
    fields["6"] = _BOX6.get(coverage.relationship, "OTHER")
    _address(fields, "7", subscriber.address)
    other = _secondary(claim)
    if other is not None:
        _other_insured(fields, other.coverage)
    fields["10a"] = "YES" if "EM" in claim.related_causes else "NO"
    fields["10b"] = "YES" if "AA" in claim.related_causes else "NO"
    _put(fields, "10b.state", claim.accident_state)
    fields["10c"] = "YES" if "OA" in claim.related_causes else "NO"
    _put(fields, "10d", " ".join(claim.condition_codes))
    _put(fields, "11", coverage.group_number)
    if subscriber.birth_date is not None:
        fields["11a.birth_date"] = _mmddyy(subscriber.birth_date, century=True)
    _put(fields, "11a.sex", subscriber.sex if subscriber.sex in ("F", "M") else None)
    _put(fields, "11c", coverage.group_name or (payer.name if payer is not None else None))
    fields["11d"] = "YES" if claim.other_payers else "NO"
    fields["12"] = "SIGNATURE ON FILE" if claim.release_of_information == "Y" else ""
    fields["13"] = "SIGNATURE ON FILE" if claim.benefits_assigned == "Y" else ""
    if claim.onset_date is not None:
        fields["14"] = _mmddyy(claim.onset_date)
        fields["14.qualifier"] = "431"
    elif claim.accident_date is not None:
        fields["14"] = _mmddyy(claim.accident_date)
        fields["14.qualifier"] = "431"
    referring = claim.referring_provider
    if referring is not None:
        fields["17.qualifier"] = "DN"
        fields["17"] = _provider_name(referring)
        _put(fields, "17b", referring.npi)
    if claim.admission_date is not None:
        fields["18.from"] = _mmddyy(claim.admission_date)
    if claim.discharge_date is not None:
        fields["18.to"] = _mmddyy(claim.discharge_date)
    _put(fields, "19", claim.note)
    if claim.diagnoses:
        fields["21.indicator"] = "0" if claim.diagnoses[0].system == "ICD-10-CM" else "9"
    for letter, diagnosis in zip(_LETTERS, claim.diagnoses, strict=False):
        fields[f"21.{letter}"] = _dx(diagnosis)
    if claim.frequency_code in ("7", "8"):
        fields["22.code"] = claim.frequency_code
        _put(fields, "22.original_ref", claim.original_claim_number)
    _put(fields, "23", claim.prior_authorization)
    billing = claim.billing_provider
    _put(fields, "25", billing.tax_id)
    if billing.tax_id:
        fields["25.type"] = "SSN" if billing.tax_id_type == "SY" else "EIN"
    fields["26"] = claim.claim_id
    fields["27"] = "YES" if claim.assignment == "A" else "NO"
    if claim.patient_paid is not None:
        fields["29"] = _money(claim.patient_paid)
    rendering = claim.rendering_provider
    fields["31"] = _provider_name(rendering or billing)
    facility = claim.service_facility
    if facility is not None:
        fields["32"] = facility.name
        _address(fields, "32", facility.address)
        _put(fields, "32a", facility.npi)
    fields["33"] = billing.name if billing.entity == "organization" else _provider_name(billing)
    _address(fields, "33", billing.address)
    _put(fields, "33a", billing.npi)
    if billing.taxonomy:
        fields["33b"] = f"ZZ{billing.taxonomy}"
    return fields


def _other_insured(fields: dict[str, str], coverage: Coverage) -> None:
    fields["9"] = _person_name(coverage.subscriber)
    _put(fields, "9a", coverage.group_number or coverage.subscriber.member_id)
    if coverage.payer is not None:
        fields["9d"] = coverage.payer.name


def _dx(diagnosis: Diagnosis) -> str:
    if diagnosis.system == "ICD-10-CM" and len(diagnosis.code) > 3:
        return f"{diagnosis.code[:3]}.{diagnosis.code[3:]}"
    return diagnosis.code


def _cms1500_line(fields: dict[str, str], number: int, line: ServiceLine, claim: Claim) -> None:
    prefix = f".{number}"
    if line.service_date is not None:
        fields[f"24A{prefix}.from"] = _mmddyy(line.service_date.start)
        fields[f"24A{prefix}.to"] = _mmddyy(line.service_date.end)
    fields[f"24B{prefix}"] = line.place_of_service or claim.place_of_service or ""
    if line.emergency:
        fields[f"24C{prefix}"] = "Y"
    _put(fields, f"24D{prefix}.code", line.procedure_code)
    _put(fields, f"24D{prefix}.modifiers", " ".join(line.modifiers))
    fields[f"24E{prefix}"] = "".join(
        _LETTERS[pointer - 1] for pointer in line.diagnosis_pointers if pointer <= 12
    )
    fields[f"24F{prefix}"] = _money(line.charge)
    fields[f"24G{prefix}"] = _units(line)
    if line.drug is not None:
        # The shaded part of 24A: the N4 qualifier, the NDC, unit and quantity.
        fields[f"24A{prefix}.shaded"] = f"N4{line.drug.ndc} {line.drug.unit}{line.drug.quantity}"
    provider = claim.rendering_provider
    if provider is not None:
        _put(fields, f"24J{prefix}", provider.npi)
        if provider.taxonomy:
            fields[f"24I{prefix}"] = "ZZ"
            fields[f"24J{prefix}.shaded"] = provider.taxonomy


def _units(line: ServiceLine) -> str:
    units = line.units
    if units == units.to_integral_value():
        return str(int(units))
    return f"{units:f}".rstrip("0")


def ub04_fields(claim: Claim) -> tuple[dict[str, str], ...]:
    """The UB-04 form locators for an institutional claim, one mapping per page.

    Twenty-two service lines fit on a page; line 23 of the last page holds the
    total (``"FL47.23"``) and ``"FL42.23"`` is ``"0001"``, as the UB-04 asks.
    Other pages show their page number in line 23 (``"FL43.23"``).

    Keys are the form locators (``"FL4"``, ``"FL42.1"``, ``"FL67A"``); see
    ``docs/claims/forms.md`` for every key.

    Raises:
        ClaimValidationError: the claim is professional.

    Example:
        >>> from rcm.claims.examples import institutional_claim
        >>> (page,) = ub04_fields(institutional_claim())
        >>> page["FL4"], page["FL6.from"], page["FL42.1"], page["FL47.23"], page["FL67"]
        ('0111', '030125', '0120', '13185.00', 'K35.80')
    """
    expect_type(claim, Claim, function="rcm.claims.ub04_fields", expected="a Claim")
    if claim.kind != "institutional":
        raise ClaimValidationError(
            "the UB-04 is for institutional claims; use cms1500_fields",
            model="Claim",
            field="kind",
            claim_id=claim.claim_id,
        )
    header = _ub04_header(claim)
    pages = _pages(claim.lines, UB04_LINES)
    out = []
    for page_number, lines in enumerate(pages, start=1):
        fields = dict(header)
        for number, line in enumerate(lines, start=1):
            _ub04_line(fields, number, line)
        fields["FL43.23"] = f"PAGE {page_number} OF {len(pages)}"
        if page_number == len(pages):
            fields["FL42.23"] = "0001"
            fields["FL47.23"] = _money(claim.total_charge)
            non_covered = sum(
                (line.non_covered_charge for line in claim.lines if line.non_covered_charge),
                ZERO,
            )
            if non_covered:
                fields["FL48.23"] = _money(non_covered)
        out.append(fields)
    return tuple(out)


def _hour(value: time | None) -> str | None:
    return f"{value.hour:02d}" if value is not None else None


def _ub04_header(claim: Claim) -> dict[str, str]:
    fields: dict[str, str] = {}
    billing = claim.billing_provider
    fields["FL1.name"] = billing.name
    _address(fields, "FL1", billing.address)
    if claim.pay_to_address is not None:
        fields["FL2.name"] = billing.name
        _address(fields, "FL2", claim.pay_to_address)
    fields["FL3a"] = claim.claim_id
    _put(fields, "FL3b", claim.medical_record_number)
    fields["FL4"] = claim.type_of_bill or ""
    _put(fields, "FL5", billing.tax_id)
    if claim.statement_period is not None:
        fields["FL6.from"] = _mmddyy(claim.statement_period.start, spaced=False)
        fields["FL6.through"] = _mmddyy(claim.statement_period.end, spaced=False)
    patient = claim.patient
    subscriber = claim.coverage.subscriber
    if claim.coverage.relationship == "18":
        fields["FL8a"] = subscriber.member_id
    fields["FL8b"] = _person_name(patient)
    _address(fields, "FL9", patient.address)
    if patient.birth_date is not None:
        fields["FL10"] = _mmddyy(patient.birth_date, spaced=False, century=True)
    _put(fields, "FL11", patient.sex)
    if claim.admission_date is not None:
        fields["FL12"] = _mmddyy(claim.admission_date, spaced=False)
    _put(fields, "FL13", _hour(claim.admission_time))
    _put(fields, "FL14", claim.admission_type)
    _put(fields, "FL15", claim.admission_source)
    _put(fields, "FL16", _hour(claim.discharge_time))
    _put(fields, "FL17", claim.discharge_status)
    for locator, code in zip(range(18, 29), claim.condition_codes, strict=False):
        fields[f"FL{locator}"] = code
    _put(fields, "FL29", claim.accident_state)
    # Occurrence codes: FL31a/b to FL34a/b (eight places).
    places = [f"FL{locator}{row}" for row in "ab" for locator in range(31, 35)]
    for place, occurrence in zip(places, claim.occurrences, strict=False):
        fields[f"{place}.code"] = occurrence.code
        fields[f"{place}.date"] = _mmddyy(occurrence.date, spaced=False)
    spans = [f"FL{locator}{row}" for row in "ab" for locator in (35, 36)]
    for place, span in zip(spans, claim.occurrence_spans, strict=False):
        fields[f"{place}.code"] = span.code
        fields[f"{place}.from"] = _mmddyy(span.period.start, spaced=False)
        fields[f"{place}.through"] = _mmddyy(span.period.end, spaced=False)
    values = [f"FL{locator}{row}" for row in "abcd" for locator in (39, 40, 41)]
    for place, value in zip(values, claim.value_codes, strict=False):
        fields[f"{place}.code"] = value.code
        fields[f"{place}.amount"] = _money(value.amount)
    _ub04_payers(fields, claim)
    if claim.diagnoses:
        fields["FL66"] = "0" if claim.diagnoses[0].system == "ICD-10-CM" else "9"
        fields["FL67"] = _dx(claim.diagnoses[0])
        _put(fields, "FL67.poa", claim.diagnoses[0].present_on_admission)
    for letter, diagnosis in zip("ABCDEFGHIJKLMNOPQ", claim.diagnoses[1:], strict=False):
        fields[f"FL67{letter}"] = _dx(diagnosis)
        _put(fields, f"FL67{letter}.poa", diagnosis.present_on_admission)
    if claim.admitting_diagnosis is not None:
        fields["FL69"] = _dx(claim.admitting_diagnosis)
    for letter, diagnosis in zip("abc", claim.reason_for_visit, strict=False):
        fields[f"FL70{letter}"] = _dx(diagnosis)
    for letter, diagnosis in zip("abc", claim.external_causes, strict=False):
        fields[f"FL72{letter}"] = _dx(diagnosis)
        _put(fields, f"FL72{letter}.poa", diagnosis.present_on_admission)
    if claim.procedures:
        first, *rest = claim.procedures
        fields["FL74.code"] = first.code
        fields["FL74.date"] = _mmddyy(first.date, spaced=False)
        for letter, procedure in zip("abcde", rest, strict=False):
            fields[f"FL74{letter}.code"] = procedure.code
            fields[f"FL74{letter}.date"] = _mmddyy(procedure.date, spaced=False)
    for box, provider in (
        ("FL76", claim.attending_provider),
        ("FL77", claim.operating_provider),
        ("FL78", claim.other_operating_provider),
        ("FL79", claim.rendering_provider or claim.referring_provider),
    ):
        if provider is not None:
            _put(fields, f"{box}.npi", provider.npi)
            fields[f"{box}.last"] = provider.name
            _put(fields, f"{box}.first", provider.first_name)
    if claim.referring_provider is not None and claim.rendering_provider is not None:
        fields["FL79.qualifier"] = "82"
    elif claim.referring_provider is not None:
        fields["FL79.qualifier"] = "DN"
    if billing.taxonomy:
        fields["FL81a.qualifier"] = "B3"
        fields["FL81a.code"] = billing.taxonomy
    return fields


def _ub04_payers(fields: dict[str, str], claim: Claim) -> None:
    rows: dict[str, tuple[Coverage, OtherPayer | None]] = {}
    order = "PST"
    if claim.responsibility in order:
        rows[claim.responsibility] = (claim.coverage, None)
    for payer in claim.other_payers:
        if payer.responsibility in order and payer.responsibility not in rows:
            rows[payer.responsibility] = (payer.coverage, payer)
    for row, responsibility in zip("ABC", order, strict=True):
        if responsibility not in rows:
            continue
        coverage, other = rows[responsibility]
        sub = coverage.subscriber
        if coverage.payer is not None:
            fields[f"FL50{row}"] = coverage.payer.name
            fields[f"FL51{row}"] = coverage.payer.payer_id
        fields[f"FL52{row}"] = (
            other.release_of_information if other is not None else claim.release_of_information
        )
        fields[f"FL53{row}"] = (
            other.benefits_assigned if other is not None else claim.benefits_assigned
        )
        if other is not None and other.paid_amount is not None:
            fields[f"FL54{row}"] = _money(other.paid_amount)
        fields[f"FL58{row}"] = _person_name(sub)
        fields[f"FL59{row}"] = coverage.relationship
        fields[f"FL60{row}"] = sub.member_id
        _put(fields, f"FL61{row}", coverage.group_name)
        _put(fields, f"FL62{row}", coverage.group_number)
        if responsibility == claim.responsibility:
            _put(fields, f"FL63{row}", claim.prior_authorization)
            if claim.frequency_code in ("7", "8"):
                _put(fields, f"FL64{row}", claim.original_claim_number)
    _put(fields, "FL56", claim.billing_provider.npi)


def _ub04_line(fields: dict[str, str], number: int, line: ServiceLine) -> None:
    suffix = f".{number}"
    _put(fields, f"FL42{suffix}", line.revenue_code)
    if line.procedure_code is not None:
        fields[f"FL44{suffix}"] = " ".join((line.procedure_code, *line.modifiers))
    if line.service_date is not None:
        fields[f"FL45{suffix}"] = _mmddyy(line.service_date.start, spaced=False)
    fields[f"FL46{suffix}"] = _units(line)
    fields[f"FL47{suffix}"] = _money(line.charge)
    if line.non_covered_charge is not None:
        fields[f"FL48{suffix}"] = _money(line.non_covered_charge)
