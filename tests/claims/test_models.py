from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal

import pytest

from rcm.claims import (
    Address,
    Adjustment,
    Claim,
    ClaimValidationError,
    Coverage,
    Diagnosis,
    Drug,
    Encounter,
    LineAdjudication,
    OtherPayer,
    Patient,
    Payer,
    Procedure,
    Provider,
    ServiceLine,
    Subscriber,
)
from rcm.claims.examples import (
    institutional_claim,
    office_visit,
    professional_claim,
)
from rcm.dates import DateRange
from rcm.errors import RcmError
from rcm.money import Money

SECRET_LAST = "ZYXWVUTS"
SECRET_FIRST = "QWERTYQ"
SECRET_MEMBER = "MEMBER998877"
SECRET_DOB = date(1961, 7, 29)


def secret_claim(**changes: object) -> Claim:
    """A professional claim whose PHI is easy to search for in text."""
    patient = Patient(
        last_name=SECRET_LAST,
        first_name=SECRET_FIRST,
        birth_date=SECRET_DOB,
        sex="M",
        address=Address(line1="77 SECRET RD", city="HIDDEN", state="NY", postal_code="10001"),
    )
    base = professional_claim()
    coverage = base.coverage.evolve(
        subscriber=Subscriber.from_patient(patient, member_id=SECRET_MEMBER)
    )
    return base.evolve(patient=patient, coverage=coverage, **changes)


def as_other(coverage: Coverage) -> Coverage:
    """The coverage as another payer's: no subscriber birth date or sex (2330A)."""
    return coverage.evolve(subscriber=coverage.subscriber.evolve(birth_date=None, sex=None))


def assert_no_phi(text: str) -> None:
    for secret in (SECRET_LAST, SECRET_FIRST, SECRET_MEMBER, "1961-07-29", "19610729", "SECRET RD"):
        assert secret not in text, f"PHI {secret!r} leaked into {text!r}"


# --- round trips and schema -------------------------------------------------------


@pytest.mark.parametrize("make", [professional_claim, institutional_claim, office_visit])
def test_json_round_trip(make: object) -> None:
    model = make()  # type: ignore[operator]
    assert type(model).model_validate_json(model.model_dump_json()) == model
    assert type(model).model_validate(model.model_dump()) == model
    assert type(model).model_validate(json.loads(model.model_dump_json())) == model


def test_models_are_frozen_and_hashable() -> None:
    claim = institutional_claim()
    assert hash(claim) == hash(institutional_claim())
    assert {claim, institutional_claim()} == {claim}
    with pytest.raises(Exception, match="frozen"):
        claim.claim_id = "X"  # type: ignore[misc]


@pytest.mark.parametrize("model", [Claim, Encounter, ServiceLine, Coverage])
def test_json_schema(model: type[Claim]) -> None:
    schema = model.model_json_schema()
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    text = json.dumps(schema)
    assert "$defs" in schema or model is ServiceLine or model is Coverage
    # Money and DateRange have JSON forms, not python objects.
    if model is Claim:
        assert schema["properties"]["total_charge"]["type"] == "string"
        assert "statement_period" in schema["properties"]
        assert "DateRange" not in text or "start" in text


def test_money_serializes_as_text_in_json() -> None:
    data = json.loads(professional_claim().model_dump_json())
    assert "225.00" == data["total_charge"]
    assert "180.00" == data["lines"][0]["charge"]


def test_evolve_validates_again() -> None:
    claim = professional_claim()
    with pytest.raises(ClaimValidationError, match="not the sum"):
        claim.evolve(total_charge=Money("1.00"))
    assert (
        Money("1.00")
        == claim.evolve(
            total_charge=Money("1.00"), lines=(claim.lines[0].evolve(charge=Money("1.00")),)
        ).total_charge
    )


def test_total_defaults_to_the_sum_of_lines() -> None:
    claim = professional_claim()
    data = {name: getattr(claim, name) for name in Claim.model_fields}
    del data["total_charge"]
    assert claim.total_charge == Claim(**data).total_charge


# --- PHI ----------------------------------------------------------------------------------


def test_repr_hides_phi() -> None:
    claim = secret_claim()
    assert_no_phi(repr(claim))
    assert_no_phi(str(claim))
    assert "**********77" in repr(claim.coverage.subscriber)


def test_validation_errors_hide_phi() -> None:
    claim = secret_claim()
    data = claim.model_dump()
    data["patient"]["birth_date"] = "not a date"
    data["coverage"]["subscriber"]["member_id"] = ""
    with pytest.raises(ClaimValidationError) as info:
        Claim.model_validate(data)
    assert_no_phi(str(info.value))
    assert_no_phi(repr(info.value))
    for field, message in info.value.problems:
        assert_no_phi(field + message)
    fields = [field for field, _ in info.value.problems]
    assert "patient.birth_date" in fields
    assert "coverage.subscriber.member_id" in fields


def test_relationship_self_mismatch_hides_phi() -> None:
    claim = secret_claim()
    other = Patient(last_name="OTHERPERSON", first_name="ANN", sex="F")
    with pytest.raises(ClaimValidationError, match="relationship is 18") as info:
        claim.evolve(patient=other)
    assert_no_phi(str(info.value))
    assert "OTHERPERSON" not in str(info.value)


def test_claim_id_is_masked_in_errors() -> None:
    claim = professional_claim().evolve(claim_id="PATACCT12345")
    with pytest.raises(ClaimValidationError) as info:
        claim.evolve(total_charge=Money("1.00"))
    assert "PATACCT12345" not in str(info.value)
    assert "**********45" in str(info.value)
    assert "PATACCT12345" == info.value.claim_id


# --- the rules ------------------------------------------------------------------------------


def test_no_billing_npi() -> None:
    claim = professional_claim()
    with pytest.raises(ClaimValidationError) as info:
        claim.evolve(billing_provider=claim.billing_provider.evolve(npi=None))
    assert "billing_provider.npi" == info.value.field
    assert "no NPI" in str(info.value)
    assert isinstance(info.value, RcmError)


def test_line_with_no_pointer() -> None:
    claim = professional_claim()
    lines = (claim.lines[0], claim.lines[1].evolve(diagnosis_pointers=()))
    with pytest.raises(ClaimValidationError, match="no diagnosis pointer") as info:
        claim.evolve(lines=lines)
    assert 2 == info.value.line
    assert "lines[1].diagnosis_pointers" == info.value.field


def test_pointer_to_no_diagnosis() -> None:
    claim = professional_claim()
    lines = (claim.lines[0].evolve(diagnosis_pointers=(1, 3)), claim.lines[1])
    with pytest.raises(ClaimValidationError, match="pointer 3 names no diagnosis") as info:
        claim.evolve(lines=lines)
    assert 1 == info.value.line


def test_total_mismatch() -> None:
    with pytest.raises(ClaimValidationError, match=r"not the sum of the line charges 225\.00"):
        professional_claim().evolve(total_charge=Money("200.00"))


def test_every_problem_is_listed() -> None:
    claim = professional_claim()
    lines = (claim.lines[0].evolve(diagnosis_pointers=()), claim.lines[1])
    with pytest.raises(ClaimValidationError) as info:
        claim.evolve(
            lines=lines,
            total_charge=Money("1.00"),
            billing_provider=claim.billing_provider.evolve(npi=None),
        )
    fields = {field for field, _ in info.value.problems}
    assert {"billing_provider.npi", "lines[0].diagnosis_pointers", "total_charge"} <= fields


@pytest.mark.parametrize("frequency", ["7", "8"])
def test_replacement_and_void_need_the_original_claim_number(frequency: str) -> None:
    claim = professional_claim()
    with pytest.raises(ClaimValidationError, match="original claim number"):
        claim.evolve(frequency_code=frequency)
    assert "7" == claim.evolve(frequency_code="7", original_claim_number="PAYER123").frequency_code


def test_pointer_limits() -> None:
    claim = professional_claim()
    with pytest.raises(ClaimValidationError):
        claim.lines[0].evolve(diagnosis_pointers=(1, 2, 3, 4, 5))
    with pytest.raises(ClaimValidationError, match="repeated"):
        claim.lines[0].evolve(diagnosis_pointers=(1, 1))
    with pytest.raises(ClaimValidationError):
        claim.lines[0].evolve(diagnosis_pointers=(13,))


def test_at_most_12_diagnoses_on_837p() -> None:
    claim = professional_claim()
    codes = ["A000", "A001", "A009", "A0100", "A011", "A012", "A013", "A014", "A020", "A021"]
    codes += ["A022", "A028", "A029"]
    diagnoses = tuple(Diagnosis(code=code) for code in codes)
    with pytest.raises(ClaimValidationError, match="at most 12 diagnoses"):
        claim.evolve(diagnoses=diagnoses)


def test_modifier_limit() -> None:
    line = professional_claim().lines[0]
    assert ("25", "59", "XS", "76") == line.evolve(modifiers=("25", "59", "XS", "76")).modifiers
    with pytest.raises(ClaimValidationError):
        line.evolve(modifiers=("25", "59", "XS", "76", "77"))


def test_kind_specific_fields() -> None:
    claim = professional_claim()
    with pytest.raises(ClaimValidationError, match="belongs on an 837I"):
        claim.evolve(discharge_status="01")
    with pytest.raises(ClaimValidationError, match="needs a place of service"):
        claim.evolve(place_of_service=None)
    inst = institutional_claim()
    with pytest.raises(ClaimValidationError, match="belongs on an 837P"):
        inst.evolve(place_of_service="11")
    with pytest.raises(ClaimValidationError, match="statement period"):
        inst.evolve(statement_period=None)
    with pytest.raises(ClaimValidationError, match="revenue code"):
        inst.evolve(lines=(inst.lines[0].evolve(revenue_code=None), *inst.lines[1:]))
    with pytest.raises(ClaimValidationError, match="POA is for 837I"):
        claim.evolve(
            diagnoses=(Diagnosis(code="J209", present_on_admission="Y"), *claim.diagnoses[1:])
        )


def test_codes_are_validated_and_compacted() -> None:
    assert "E119" == Diagnosis(code=" e11.9 ").code
    with pytest.raises(ClaimValidationError, match="ICD-10-CM"):
        Diagnosis(code="11.9")
    with pytest.raises(ClaimValidationError, match="procedure_code"):
        ServiceLine(procedure_code="ABCDEF", charge=Money("1.00"))
    with pytest.raises(ClaimValidationError, match="npi"):
        Provider(name="X", npi="1234567890")
    with pytest.raises(ClaimValidationError, match="modifiers"):
        ServiceLine(procedure_code="99213", modifiers=("X",), charge=Money("1.00"))
    assert "00409488820" == Drug(ndc="00409-4888-20", quantity=Decimal(1)).ndc


def test_lenient_context_relaxes_code_checks() -> None:
    data = {"procedure_code": "478331", "charge": "12.25"}
    with pytest.raises(ClaimValidationError):
        ServiceLine.model_validate(data)
    line = ServiceLine.model_validate(data, context={"lenient_codes": True})
    assert "478331" == line.procedure_code


def test_icd9_diagnoses_are_accepted_but_not_mixed() -> None:
    assert "4019" == Diagnosis(code="401.9", system="ICD-9-CM").code
    claim = professional_claim()
    with pytest.raises(ClaimValidationError, match="mix ICD-9-CM and ICD-10-CM"):
        claim.evolve(diagnoses=(Diagnosis(code="4019", system="ICD-9-CM"), *claim.diagnoses[1:]))


def test_adjustments_are_grouped_by_group_code() -> None:
    cov = as_other(professional_claim().coverage)
    adjustments = (
        Adjustment(group="CO", reason="45", amount=Money("10.00")),
        Adjustment(group="PR", reason="1", amount=Money("5.00")),
        Adjustment(group="CO", reason="253", amount=Money("1.00")),
    )
    other = OtherPayer(coverage=cov, responsibility="S", adjustments=adjustments)
    assert ["CO", "CO", "PR"] == [a.group for a in other.adjustments]
    too_many = tuple(Adjustment(group="CO", reason=str(n), amount=Money(1)) for n in range(1, 8))
    with pytest.raises(ClaimValidationError, match="at most 6"):
        OtherPayer(coverage=cov, responsibility="S", adjustments=too_many)


def test_line_adjudication_payer_must_be_an_other_payer() -> None:
    claim = professional_claim()
    adjudication = LineAdjudication(
        payer_id="99999",
        paid_amount=Money("100.00"),
        procedure_code="99214",
        units=Decimal(1),
        paid_date=date(2025, 4, 1),
    )
    lines = (claim.lines[0].evolve(adjudications=(adjudication,)), claim.lines[1])
    with pytest.raises(ClaimValidationError, match="not one of the claim's other payers"):
        claim.evolve(lines=lines)
    other = OtherPayer(
        coverage=Coverage(
            payer=Payer(name="OTHER", payer_id="99999"),
            subscriber=as_other(claim.coverage).subscriber,
        ),
        responsibility="S",
    )
    assert claim.evolve(lines=lines, other_payers=(other,)).lines[0].adjudications


def test_responsibility_used_twice() -> None:
    claim = professional_claim()
    other = OtherPayer(coverage=as_other(claim.coverage), responsibility="P")
    with pytest.raises(ClaimValidationError, match="used twice"):
        claim.evolve(other_payers=(other,))


def test_other_payer_subscriber_has_no_demographics() -> None:
    with pytest.raises(ClaimValidationError, match="no birth date or sex"):
        OtherPayer(coverage=professional_claim().coverage, responsibility="S")


def test_garbage_input_gives_rcm_errors() -> None:
    for bad in ("", "[]", "{", '{"kind": "dental"}', "null", '{"lines": 5}'):
        with pytest.raises(ClaimValidationError):
            Claim.model_validate_json(bad)
    for obj in (None, 5, [], {"kind": "professional"}, "text"):
        with pytest.raises(ClaimValidationError):
            Claim.model_validate(obj)
    with pytest.raises(ClaimValidationError, match=r"[Ee]xtra"):
        Payer(name="X", payer_id="123", color="red")  # type: ignore[call-arg]


def test_floats_are_refused_for_money() -> None:
    with pytest.raises(ClaimValidationError, match="float"):
        ServiceLine(procedure_code="99213", charge=12.5)  # type: ignore[arg-type]


def test_text_must_be_printable_ascii() -> None:
    with pytest.raises(ClaimValidationError, match="printable"):
        Payer(name="ACME\u00e9", payer_id="12345")
    with pytest.raises(ClaimValidationError):
        Payer(name="x" * 61, payer_id="12345")


def test_institutional_properties() -> None:
    claim = institutional_claim()
    assert "0111" == claim.type_of_bill
    assert DateRange(date(2025, 3, 1), date(2025, 3, 3)) == claim.service_period
    assert time(14, 0) == claim.admission_time
    assert claim.evolve(frequency_code="7", original_claim_number="A1").type_of_bill == "0117"


def test_encounter_rules() -> None:
    encounter = office_visit()
    with pytest.raises(ClaimValidationError, match="not an encounter diagnosis"):
        encounter.evolve(procedures=(Procedure(code="99213", diagnoses=("Z0000",)),))
    with pytest.raises(ClaimValidationError, match="exactly one"):
        encounter.evolve(facility_type="13")
    with pytest.raises(ClaimValidationError, match="outside"):
        encounter.evolve(
            procedures=(
                Procedure(
                    code="99213",
                    diagnoses=("E119",),
                    service_date=DateRange.single(date(2025, 3, 9)),
                ),
            )
        )
    with pytest.raises(ClaimValidationError, match="relationship is 18"):
        encounter.evolve(patient=encounter.patient.evolve(last_name="SOMEONE"))
    with pytest.raises(ClaimValidationError, match="code or a revenue code"):
        Procedure()
