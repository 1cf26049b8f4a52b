from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings

from rcm.claims import Claim, ClaimValidationError, cms1500_fields, ub04_fields
from rcm.claims.examples import institutional_claim, professional_claim
from rcm.dates import DateRange
from rcm.money import Money
from rcm.testing._claims import claims

FORMS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_cms1500_header_boxes() -> None:
    claim = professional_claim()
    (page,) = cms1500_fields(claim)
    expected = {
        "1": "GROUP HEALTH PLAN",
        "1a": "ACM000123401",
        "2": "SAMPLE, PAT",
        "3.birth_date": "04 12 1970",
        "3.sex": "F",
        "4": "SAMPLE, PAT",
        "5.street": "12 ELM ST",
        "5.state": "IL",
        "6": "SELF",
        "11": "GRP7788",
        "11d": "NO",
        "21.indicator": "0",
        "21.A": "J20.9",
        "21.B": "R05.9",
        "25": "123456789",
        "25.type": "EIN",
        "26": "CLM0000001",
        "27": "YES",
        "28": "225.00",
        "33": "SPRINGFIELD FAMILY CLINIC",
        "33.zip": "627011234",
        "33a": "1234567893",
        "33b": "ZZ207Q00000X",
    }
    assert expected == {key: page[key] for key in expected}


def test_cms1500_lines() -> None:
    (page,) = cms1500_fields(professional_claim())
    assert {
        "24A.1.from": "03 03 25",
        "24A.1.to": "03 03 25",
        "24B.1": "11",
        "24D.1.code": "99214",
        "24E.1": "AB",
        "24F.1": "180.00",
        "24G.1": "1",
        "24E.2": "B",
        "24F.2": "45.00",
    } == {key: page[key] for key in ("24A.1.from", "24A.1.to", "24B.1", "24D.1.code", "24E.1",
                                     "24F.1", "24G.1", "24E.2", "24F.2")}  # fmt: skip
    assert "24D.3.code" not in page


def test_cms1500_more_than_six_lines_makes_pages() -> None:
    claim = professional_claim()
    day = DateRange.single(date(2025, 3, 3))
    lines = tuple(claim.lines[0].evolve(charge=Money(n), service_date=day) for n in range(1, 9))
    claim = claim.evolve(lines=lines, total_charge=Money(36))
    first, second = cms1500_fields(claim)
    assert "21.00" == first["28"]  # 1 + ... + 6
    assert "15.00" == second["28"]  # 7 + 8
    assert "7.00" == second["24F.1"]
    assert first["2"] == second["2"]


def test_cms1500_replacement_and_secondary() -> None:
    claim = professional_claim().evolve(frequency_code="7", original_claim_number="ORIG1")
    (page,) = cms1500_fields(claim)
    assert ("7", "ORIG1") == (page["22.code"], page["22.original_ref"])


def test_ub04_locators() -> None:
    (page,) = ub04_fields(institutional_claim())
    expected = {
        "FL1.name": "SPRINGFIELD GENERAL HOSPITAL",
        "FL3a": "ADM0000042",
        "FL4": "0111",
        "FL5": "987654321",
        "FL6.from": "030125",
        "FL6.through": "030325",
        "FL8b": "SAMPLE, PAT",
        "FL10": "04121970",
        "FL11": "F",
        "FL12": "030125",
        "FL13": "14",
        "FL14": "1",
        "FL15": "7",
        "FL16": "10",
        "FL17": "01",
        "FL31a.code": "11",
        "FL31a.date": "022825",
        "FL39a.code": "80",
        "FL39a.amount": "2.00",
        "FL42.1": "0120",
        "FL46.1": "2",
        "FL47.1": "3600.00",
        "FL42.2": "0300",
        "FL44.2": "80053",
        "FL45.2": "030125",
        "FL42.23": "0001",
        "FL47.23": "13185.00",
        "FL50A": "ACME HEALTH PLAN",
        "FL51A": "60054",
        "FL56": "1456789019",
        "FL58A": "SAMPLE, PAT",
        "FL59A": "18",
        "FL60A": "ACM000123401",
        "FL66": "0",
        "FL67": "K35.80",
        "FL67.poa": "Y",
        "FL67A": "E11.9",
        "FL69": "R10.31",
        "FL74.code": "0DTJ4ZZ",
        "FL74.date": "030225",
        "FL76.npi": "1678901236",
        "FL76.last": "WELBY",
        "FL81a.code": "282N00000X",
    }
    assert expected == {key: page.get(key) for key in expected}


def test_wrong_form_for_the_kind() -> None:
    with pytest.raises(ClaimValidationError, match="ub04_fields"):
        cms1500_fields(institutional_claim())
    with pytest.raises(ClaimValidationError, match="cms1500_fields"):
        ub04_fields(professional_claim())


@FORMS
@given(claim=claims(kind="professional"))
def test_cms1500_pages_add_up(claim: Claim) -> None:
    pages = cms1500_fields(claim)
    assert len(pages) == -(-len(claim.lines) // 6)
    total = sum((Decimal(page["28"]) for page in pages), Decimal(0))
    assert claim.total_charge.amount == total
    for page in pages:
        assert page["1a"] == claim.coverage.subscriber.member_id
        letters = "".join(value for key, value in page.items() if key.startswith("24E."))
        assert set(letters) <= set("ABCDEFGHIJKL"[: len(claim.diagnoses)])
        assert all(isinstance(value, str) for value in page.values())


@FORMS
@given(claim=claims(kind="institutional"))
def test_ub04_pages_add_up(claim: Claim) -> None:
    pages = ub04_fields(claim)
    assert len(pages) == -(-len(claim.lines) // 22)
    last = pages[-1]
    assert f"{claim.total_charge.amount:.2f}" == last["FL47.23"]
    line_total = sum(
        (Decimal(v) for page in pages for k, v in page.items() if k.startswith("FL47.")
         and k != "FL47.23"),
        Decimal(0),
    )  # fmt: skip
    assert claim.total_charge.amount == line_total
    assert claim.type_of_bill == last["FL4"]
