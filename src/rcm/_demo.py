"""``rcm demo``: a few months of a small practice, end to end, on made-up data.

Coded encounters become claims; the edit engine checks them; they go out as
837P files and are read back as a payer would; a simulated payer answers
with 835 remittances (written and read back as a clearinghouse delivers
them); the remittances are posted to a ledger; the denials worklist ranks
what to work; a denied claim is corrected; claims with a secondary coverage
go to the next payer with the first payer's adjudication; a patient gets a
statement and a payment plan; and the practice looks at its AR aging and
KPIs. Everything is deterministic for an as-of date and a seed, and needs
only rcm's runtime dependencies and bundled data.

Every person, payer, number and address is invented; codes are real code
values (CPT values are used as codes only; no descriptors ship).
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
from collections.abc import Sequence
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

import attrs

from rcm._demo_payer import PayerSimulator
from rcm.ar import AgingReport, KpiReport, aging, kpis
from rcm.claims import (
    Address,
    Claim,
    Coverage,
    Diagnosis,
    Encounter,
    FeeSchedule,
    Patient,
    Payer,
    Procedure,
    Provider,
    Receiver,
    Submitter,
    Subscriber,
    from_encounter,
    read_837,
    write_837p,
)
from rcm.dates import DateRange, parse_date
from rcm.edits import Context, Finding, run
from rcm.errors import ValidationError
from rcm.money import Money
from rcm.patient import PaymentPlan, Statement, patient_keys, payment_plan, statement
from rcm.remit import ClaimPayment, Remittance, read_835, write_835
from rcm.remit.denials import (
    Worklist,
    classify_finding,
    corrected_claim,
    secondary_claim,
    worklist,
)
from rcm.remit.posting import Ledger, PostingResult, patient_payment, post
from rcm.x12 import Envelope

__all__ = ["DEFAULT_AS_OF", "DemoResult", "install", "practice", "run_demo"]

logger = logging.getLogger(__name__)

#: The as-of date ``rcm demo`` uses when none is given.
DEFAULT_AS_OF: Final = date(2025, 6, 30)
#: The seed ``rcm demo`` uses when none is given.
DEFAULT_SEED: Final = 7

# Bundled ICD-10-CM releases cover FY2025 and FY2026; services run from 98
# days before the as-of date to 4 days before it.
_FIRST_DAY: Final = date(2024, 10, 1)
_LAST_DAY: Final = date(2026, 9, 30)
_OLDEST: Final = 98
_NEWEST: Final = 4

_ZERO: Final = Money(0)
_CITY: Final = {"city": "SPRINGFIELD", "state": "IL", "postal_code": "62701"}

_FEES: Final = {
    "99203": "165.00",
    "99212": "90.00",
    "99213": "125.00",
    "99214": "180.00",
    "99396": "210.00",
    "36415": "15.00",
    "80053": "45.00",
    "80061": "55.00",
    "83036": "38.00",
    "93000": "60.00",
    "71046": "85.00",
    "90686": "40.00",
    "90471": "28.00",
    "96372": "35.00",
    "J1100": "12.50",
}

# (last name, first name, birth date, sex, street, primary payer, member ID, secondary)
_PATIENTS: Final = (
    ("RIVERA", "ALEX", date(1961, 5, 2), "M", "4 OAK ST", "ACME", "ACM100200301", None),
    ("CHEN", "MORGAN", date(1948, 11, 20), "F", "19 PINE AVE", "MCARE", "1EG4TE5MK72", None),
    ("OKAFOR", "SAM", date(1990, 2, 14), "F", "7 ELM CT", "ACME", "ACM100200455", "MCAID"),
    ("LINDQVIST", "ROBIN", date(1975, 8, 30), "M", "88 BIRCH RD", "ACME", "ACM100200599", None),
    ("PATEL", "JAMIE", date(1955, 3, 9), "F", "23 CEDAR LN", "MCARE", "2FH5UF6NL83", "MCAID"),
    ("NOVAK", "TAYLOR", date(1983, 12, 1), "M", "5 ASPEN WAY", "ACME", "ACM100200733", None),
)

# (patient, days before the as-of date, diagnoses, procedures: code, modifiers, diagnoses)
_VISITS: Final = (
    (
        0,
        98,
        ("E11.9", "I10"),
        (("99213", (), ("E11.9", "I10")), ("36415", (), ("E11.9",)), ("80053", (), ("E11.9",))),
    ),
    (1, 90, ("I10", "R07.9"), (("99214", (), ("R07.9", "I10")), ("93000", (), ("R07.9",)))),
    (2, 83, ("J20.9", "R05.9"), (("99203", (), ("J20.9",)), ("71046", (), ("R05.9",)))),
    (
        3,
        76,
        ("Z00.00", "Z23"),
        (("99396", (), ("Z00.00",)), ("90686", (), ("Z23",)), ("90471", (), ("Z23",))),
    ),
    (4, 69, ("E78.5", "I10"), (("99214", (), ("I10", "E78.5")), ("80061", (), ("E78.5",)))),
    (
        5,
        62,
        ("M54.50",),
        (("99213", ("25",), ("M54.50",)), ("J1100", (), ("M54.50",)), ("96372", (), ("M54.50",))),
    ),
    (0, 55, ("E11",), (("99213", (), ("E11",)),)),
    (2, 48, ("J06.9",), (("99212", (), ("J06.9",)),)),
    (1, 41, ("I10",), (("99213", (), ("I10",)),)),
    (3, 34, ("K21.9",), (("99213", (), ("K21.9",)),)),
    (4, 27, ("E11.9",), (("99214", (), ("E11.9",)), ("83036", (), ("E11.9",)))),
    (5, 20, ("J20.9",), (("99213", (), ("J20.9",)),)),
    (0, 13, ("I10",), (("99213", (), ("I10",)), ("36415", (), ("I10",)))),
    (2, 6, ("J06.9",), (("99212", (), ("J06.9",)),)),
)

_PAYERS: Final = {
    "ACME": Payer(name="ACME HEALTH PLAN", payer_id="60054"),
    "MCARE": Payer(name="MEDICARE PART B", payer_id="04412"),
    "MCAID": Payer(name="STATE MEDICAID", payer_id="77027"),
}
_FILING: Final = {"ACME": "CI", "MCARE": "MB", "MCAID": "MC"}


@attrs.frozen
class Practice:
    """The demo practice: who bills, its fees, its encounters, and its payers.

    Attributes:
        clinic: the billing provider.
        fees: the clinic's charges.
        encounters: the coded encounters, oldest first.
        payers: a simulated payer per payer ID.
        contracts: per payer ID, the contract's allowed amounts (for underpayments).

    Example:
        >>> p = practice(DEFAULT_AS_OF)
        >>> len(p.encounters), sorted(p.payers)
        (14, ['04412', '60054', '77027'])
    """

    clinic: Provider
    fees: FeeSchedule
    encounters: tuple[Encounter, ...]
    payers: dict[str, PayerSimulator]
    contracts: dict[str, FeeSchedule]


def _check_as_of(as_of: date) -> None:
    earliest = _FIRST_DAY + timedelta(days=_OLDEST)
    latest = _LAST_DAY + timedelta(days=_NEWEST)
    if not earliest <= as_of <= latest:
        raise ValidationError(
            f"the demo's services fall between {_OLDEST} and {_NEWEST} days before the as-of "
            f"date, and the bundled ICD-10-CM releases cover {_FIRST_DAY.isoformat()} to "
            f"{_LAST_DAY.isoformat()}: pick an as-of date from {earliest.isoformat()} to "
            f"{latest.isoformat()}",
            value=as_of.isoformat(),
            expected=f"{earliest.isoformat()}..{latest.isoformat()}",
        )


def practice(as_of: date) -> Practice:
    """The demo practice with its encounters dated relative to *as_of*.

    Raises:
        ValidationError: an as-of date whose services the bundled ICD-10-CM
            releases do not cover.

    Example:
        >>> practice(DEFAULT_AS_OF).encounters[0].service_period.start
        datetime.date(2025, 3, 24)
    """
    _check_as_of(as_of)
    clinic = Provider(
        name="RIVERBEND FAMILY MEDICINE",
        npi="1234567893",
        taxonomy="207Q00000X",
        tax_id="371234567",
        address=Address(
            line1="200 RIVER RD", city="SPRINGFIELD", state="IL", postal_code="627015555"
        ),
    )
    doctor = Provider(
        name="ROSS", first_name="ELENA", entity="person", npi="1999999992", taxonomy="207Q00000X"
    )
    fees = FeeSchedule.from_entries(
        {code: Money(fee) for code, fee in _FEES.items()}, name="Riverbend 2025"
    )
    people = []
    for last, first, born, sex, street, primary, member, second in _PATIENTS:
        patient = Patient(
            last_name=last,
            first_name=first,
            birth_date=born,
            sex=sex,
            address=Address(line1=street, **_CITY),
        )
        coverages = [
            Coverage(
                payer=_PAYERS[primary],
                filing_indicator=_FILING[primary],
                subscriber=Subscriber.from_patient(patient, member_id=member),
            )
        ]
        if second is not None:
            coverages.append(
                Coverage(
                    payer=_PAYERS[second],
                    filing_indicator=_FILING[second],
                    subscriber=Subscriber.from_patient(patient, member_id=f"MC{member[-8:]}"),
                )
            )
        people.append((patient, tuple(coverages)))
    encounters = []
    for number, (who, days, diagnoses, procedures) in enumerate(_VISITS, start=1):
        patient, covered = people[who]
        encounters.append(
            Encounter(
                encounter_id=f"RFM{number:05d}",
                patient=patient,
                coverages=covered,
                billing_provider=clinic,
                rendering_provider=doctor,
                service_period=DateRange.single(as_of - timedelta(days=days)),
                place_of_service="11",
                diagnoses=tuple(Diagnosis(code=code) for code in diagnoses),
                procedures=tuple(
                    Procedure(code=code, modifiers=modifiers, diagnoses=dx)
                    for code, modifiers, dx in procedures
                ),
            )
        )
    payers = {
        "60054": PayerSimulator(
            "60054",
            "ACME HEALTH PLAN",
            rates=fees,
            deductible=Money("50.00"),
            denial_rate=Decimal("0.15"),
            quirk_rate=Decimal("0.20"),
        ),
        "04412": PayerSimulator(
            "04412",
            "MEDICARE PART B",
            rates=fees,
            copay=_ZERO,
            denial_rate=Decimal("0.10"),
        ),
        "77027": PayerSimulator("77027", "STATE MEDICAID", copay=Money("1.00")),
    }
    contracts = {
        payer: FeeSchedule.from_entries(
            {
                code: Money(fee).multiply(Decimal("0.80"), rounding=ROUND_HALF_UP)
                for code, fee in _FEES.items()
            },
            name=f"{payer} contract",
        )
        for payer in ("60054", "04412")
    }
    return Practice(clinic, fees, tuple(encounters), payers, contracts)


@attrs.frozen
class DemoResult:
    """What the demo produced, step by step (the report text is :attr:`text`).

    Example:
        >>> result = run_demo(as_of=DEFAULT_AS_OF, seed=DEFAULT_SEED)
        >>> result.text.splitlines()[0]
        'rcm demo: Riverbend Family Medicine, as of 2025-06-30 (seed 7)'
        >>> result.ledger.balance("RFM00001") + result.ledger.balance("RFM00002") >= Money(0)
        True
    """

    text: str
    claims: tuple[Claim, ...]
    findings: dict[str, tuple[Finding, ...]]
    remittances: tuple[Remittance, ...]
    postings: tuple[PostingResult, ...]
    ledger: Ledger
    worklist: Worklist
    corrected: tuple[Claim, ...]
    secondary: tuple[Claim, ...]
    statement: Statement | None
    plan: PaymentPlan | None
    aging: AgingReport
    kpis: KpiReport


def _envelope(receiver: str, day: date, number: int) -> Envelope:
    return Envelope(
        sender_id="RIVERBEND",
        receiver_id=receiver,
        date=day,
        time=time(9, 0),
        functional_id="HC",
        interchange_control_number=number,
        group_control_number=number,
    )


def _send(claims: Sequence[Claim], payer: Payer, day: date, number: int) -> tuple[str, list[Claim]]:
    """Write the claims to *payer* as an 837P and read them back, as the payer receives them."""
    text = write_837p(
        claims,
        envelope=_envelope(payer.payer_id, day, number),
        submitter=Submitter(name="RIVERBEND FAMILY MEDICINE", id="RFM01", phone="2175550142"),
        receiver=Receiver(name=payer.name, id=payer.payer_id),
    )
    return text, list(read_837(text))


def _delivered(remittance: Remittance) -> Remittance:
    """The remittance as the clearinghouse delivers it: written as an 835 and read back."""
    [back] = list(read_835(write_835([remittance])))
    return back


def _money(amount: Money) -> str:
    return f"{amount.amount:,.2f}"


def _pay_day(billed: date) -> date:
    """Payers pay on the Friday two weeks after the week a claim arrives."""
    monday = billed - timedelta(days=billed.weekday())
    return monday + timedelta(days=18)


def run_demo(*, as_of: date = DEFAULT_AS_OF, seed: int = DEFAULT_SEED) -> DemoResult:
    """Run the whole cycle for the demo practice as of *as_of*; the same seed gives the same run.

    Raises:
        ValidationError: an as-of date the bundled data cannot serve.

    Example:
        >>> a = run_demo(as_of=date(2025, 6, 30), seed=3)
        >>> a.text == run_demo(as_of=date(2025, 6, 30), seed=3).text
        True
        >>> a.text == run_demo(as_of=date(2025, 6, 30), seed=4).text
        False
    """
    p = practice(as_of)
    out: list[str] = [
        f"rcm demo: Riverbend Family Medicine, as of {as_of.isoformat()} (seed {seed})",
        "",
    ]
    rng = random.Random(seed)  # noqa: S311 - a reproducible simulation, not security

    # 1-2. Coded encounters become claims to the primary payers.
    claims = [from_encounter(e, fee_schedule=p.fees) for e in p.encounters]
    charges = sum((c.total_charge for c in claims), _ZERO)
    out.append(
        f"1. Encounters coded: {len(p.encounters)} for {len(_PATIENTS)} patients; "
        f"claims built: {len(claims)}, charges {_money(charges)}"
    )

    # 3. Edits before sending; the clean claim rate counts the result.
    findings: dict[str, tuple[Finding, ...]] = {}
    for claim in claims:
        billed = claim.service_period.end + timedelta(days=1)
        findings[claim.claim_id] = tuple(run(claim, Context(as_of=billed)).findings)
    flagged = {cid: f for cid, f in findings.items() if any(x.is_error for x in f)}
    out.append(f"2. Edits: {len(claims) - len(flagged)} clean, {len(flagged)} with errors")
    for claim_id, found in flagged.items():
        for finding in (f for f in found if f.is_error):
            c = classify_finding(finding)
            taxonomy = f" -> {c.category.value}, {c.action.value}" if c else ""
            out.append(
                f"   {claim_id} {finding.code}: {finding.message} "
                f"(predicts {'/'.join(('CO-' + str(finding.carc), *finding.rarcs))}{taxonomy})"
            )

    # 4. 837P per payer and week; the payer reads the claims back.
    ledger = Ledger()
    received: dict[str, list[tuple[date, Claim]]] = {}
    files = segments = 0
    by_batch: dict[tuple[str, date], list[Claim]] = {}
    for claim in claims:
        billed = claim.service_period.end + timedelta(days=1)
        ledger = ledger.bill(claim, on=billed, clean=claim.claim_id not in flagged)
        payer = claim.coverage.payer
        assert payer is not None
        by_batch.setdefault((payer.payer_id, billed), []).append(claim)
    identical = True
    for number, ((payer_id, billed), batch) in enumerate(sorted(by_batch.items()), start=1):
        payer = batch[0].coverage.payer
        assert payer is not None
        text, back = _send(batch, payer, billed, number)
        files += 1
        segments += text.count("~")
        identical = identical and back == batch
        received.setdefault(payer_id, []).extend((billed, c) for c in back)
    out.append(
        f"3. 837P: {files} files, {len(claims)} claims, {segments} segments; read back by the "
        f"payers: {'identical' if identical else 'DIFFERENT'}"
    )

    # 5-6. Payers answer with 835s; each is delivered (written, read back) and posted.
    remittances: list[Remittance] = []
    for payer_id, items in sorted(received.items()):
        simulator = p.payers[payer_id]
        weeks: dict[date, list[Claim]] = {}
        for billed, claim in items:
            weeks.setdefault(_pay_day(billed), []).append(claim)
        for paid_on, batch in sorted(weeks.items()):
            if paid_on > as_of:
                continue
            remittances.append(
                _delivered(
                    simulator.pay(
                        batch,
                        seed=seed,
                        paid_on=paid_on,
                        trace_number=f"{payer_id[:3]}{paid_on:%y%m%d}",
                        payee_npi=p.clinic.npi or "",
                        payee_name=p.clinic.name,
                        findings=findings,
                    )
                )
            )
    remittances.sort(key=lambda r: (r.payment.date or as_of, r.trace.number))
    postings: list[PostingResult] = []
    for remittance in remittances:
        result = post(ledger, remittance)
        ledger = ledger.apply(result)
        postings.append(result)
    paid = sum((-r.total("payment") for r in postings), _ZERO)
    held = [issue for r in postings for issue in r.held]
    again = all(post(ledger, r).already_posted for r in remittances)
    out.append(
        f"4. Remittances: {len(remittances)} 835s from {len({r.payer.id for r in remittances})} "
        f"payers, paid {_money(paid)}"
    )
    out.append(
        f"5. Posting: {sum(r.claims_posted for r in postings)} claim payments posted, "
        f"{len(held)} held, {sum(len(r.entries) for r in postings)} ledger entries; "
        f"posting them again: {'no change' if again else 'CHANGED'}"
    )
    out.extend(f"   held: {issue}" for issue in held)

    # Patients pay some of what they owe, after their first statement.
    for key in patient_keys(ledger, as_of=as_of - timedelta(days=30)):
        if rng.random() < 0.5:
            for claim_id, account in ledger.accounts.items():
                if account.patient_key != key:
                    continue
                owed = ledger.balance(claim_id, party="patient", as_of=as_of - timedelta(days=30))
                if owed > _ZERO:
                    ledger = ledger.add(
                        [patient_payment(ledger, claim_id, owed, on=as_of - timedelta(days=20))]
                    )

    # 7. Secondary claims for the patients with a second coverage.
    secondary: list[Claim] = []
    payments_by_claim: dict[str, list[tuple[date, ClaimPayment]]] = {}
    for remittance in remittances:
        for payment in remittance.claims:
            payments_by_claim.setdefault(payment.patient_control_number, []).append(
                (remittance.payment.date or as_of, payment)
            )
    for claim in claims:
        if len(claim.other_payers) == 0 or claim.claim_id not in payments_by_claim:
            continue
        dated = payments_by_claim[claim.claim_id]
        owed = ledger.balance(claim.claim_id, party="patient")
        if owed <= _ZERO:
            continue
        next_claim = secondary_claim(claim, [pay for _, pay in dated], paid_date=dated[-1][0])
        ledger = ledger.bill(next_claim, on=dated[-1][0] + timedelta(days=2))
        secondary.append(next_claim)
    medicaid = p.payers["77027"]
    second_paid = _ZERO
    if secondary:
        weeks2: dict[date, list[Claim]] = {}
        for claim in secondary:
            billed_to = ledger.account(claim.claim_id)
            assert billed_to is not None
            weeks2.setdefault(_pay_day(billed_to.bills[-1].billed_on), []).append(claim)
        _send(secondary, _PAYERS["MCAID"], as_of, 900)
        for paid_on, batch in sorted(weeks2.items()):
            if paid_on > as_of:
                continue
            remittance = _delivered(
                medicaid.pay_secondary(
                    batch,
                    paid_on=paid_on,
                    trace_number=f"MCD{paid_on:%y%m%d}",
                    payee_npi=p.clinic.npi or "",
                    payee_name=p.clinic.name,
                )
            )
            result = post(ledger, remittance)
            ledger = ledger.apply(result)
            remittances.append(remittance)
            postings.append(result)
            second_paid += -result.total("payment")
    out.append(
        f"6. Secondary claims: {len(secondary)} to STATE MEDICAID with the primary payer's "
        f"adjudication (COB loops); paid so far {_money(second_paid)}"
    )

    # 8. The denials worklist, tied back to the edits' predictions.
    work = worklist(ledger, as_of=as_of, contracts=p.contracts, findings=findings)
    out.append(
        f"7. Denials worklist: {len(work.items)} items, {_money(work.total_at_risk)} at risk "
        f"({', '.join(f'{k} {_money(v)}' for k, v in work.by_category().items()) or 'none'})"
    )
    for item in work.items[:8]:
        days = "no deadline" if item.days_left is None else f"{item.days_left} days left"
        line = "claim" if item.line_index is None else f"line {item.line_index + 1}"
        why = ", ".join(item.reasons) or item.note
        predicted = f", predicted by {item.predicted_by}" if item.predicted_by else ""
        out.append(
            f"   {_money(item.amount_at_risk):>9}  {item.claim_id} {line} {item.procedure_code}: "
            f"{item.kind} {why} [{item.category.value}] -> {item.action.value}, {days}{predicted}"
        )

    # 9. Correct what the edits predicted: fix the diagnosis and send a replacement.
    corrected: list[Claim] = []
    for item in work.items:
        if item.predicted_by is None or item.action.value != "correct_and_resubmit":
            continue
        denied = ledger.account(item.claim_id)
        if denied is None or any(c.claim_id == item.claim_id for c in corrected):
            continue
        original = denied.claim
        icn = next(
            (
                pay.payer_claim_control_number
                for _, pay in payments_by_claim.get(item.claim_id, ())
                if pay.payer_claim_control_number
            ),
            None,
        )
        if icn is None:
            continue
        fixed = corrected_claim(
            original,
            payer_claim_number=icn,
            diagnoses=tuple(
                Diagnosis(code="E11.9") if d.code == "E11" else d for d in original.diagnoses
            ),
        )
        ledger = ledger.bill(fixed, on=as_of)
        corrected.append(fixed)
        out.append(
            f"8. Corrected claim {fixed.claim_id}: frequency {fixed.frequency_code}, payer claim "
            f"number {icn} (REF F8), diagnosis E11 -> E11.9; edits now: "
            f"{len([f for f in run(fixed, Context(as_of=as_of)).findings if f.is_error])} errors"
        )
    if not corrected:
        out.append("8. Corrected claims: none needed")

    # 10. A patient statement and a payment plan.
    keys = patient_keys(ledger, as_of=as_of)
    patient_statement: Statement | None = None
    plan: PaymentPlan | None = None
    if keys:
        patient_statement = statement(ledger, keys[0], on=as_of)
        out.append("9. Patient statement:")
        out.extend(f"   {line}" for line in patient_statement.text().splitlines())
        if patient_statement.amount_due > _ZERO:
            plan = payment_plan(
                patient_statement.amount_due, instalments=3, first_due=patient_statement.due_date
            )
            out.append(
                "   payment plan: "
                + ", ".join(f"{i.amount} on {i.due.isoformat()}" for i in plan.instalments)
            )

    # 11. AR aging and KPIs.
    report = aging(ledger, as_of=as_of)
    out.append(f"10. AR aging as of {as_of.isoformat()} (by payer and patient):")
    out.extend(f"   {line}" for line in report.table().splitlines())
    period = kpis(ledger, start=as_of - timedelta(days=89), end=as_of)
    out.append(f"11. KPIs, {period.start.isoformat()} to {period.end.isoformat()}:")
    out.extend(f"   {line}" for line in period.table().splitlines())
    logger.debug("demo done: %d entries", len(ledger))
    return DemoResult(
        text="\n".join(out),
        claims=tuple(claims),
        findings=findings,
        remittances=tuple(remittances),
        postings=tuple(postings),
        ledger=ledger,
        worklist=work,
        corrected=tuple(corrected),
        secondary=tuple(secondary),
        statement=patient_statement,
        plan=plan,
        aging=report,
        kpis=period,
    )


def _command(args: argparse.Namespace) -> int:
    result = run_demo(as_of=args.as_of, seed=args.seed)
    sys.stdout.write(result.text + "\n")
    return 0


def _as_of(text: str) -> date:
    try:
        return parse_date(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def install(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``rcm demo`` to the command line.

    Example:
        >>> parser = argparse.ArgumentParser(prog="rcm")
        >>> install(parser.add_subparsers())
        >>> args = parser.parse_args(["demo", "--as-of", "2025-06-30", "--seed", "3"])
        >>> args.as_of, args.seed
        (datetime.date(2025, 6, 30), 3)
    """
    parser = subparsers.add_parser(
        "demo",
        help="run a small practice's revenue cycle end to end on made-up data",
        description=(
            "Encounters -> claims -> edits -> 837P -> a simulated payer's 835 -> posting -> "
            "denials worklist -> corrected and secondary claims -> patient statement -> AR "
            "aging and KPIs, on bundled data only. Deterministic for --as-of and --seed."
        ),
    )
    parser.add_argument(
        "--as-of",
        type=_as_of,
        default=DEFAULT_AS_OF,
        metavar="DATE",
        help=f"the day the practice looks from, YYYY-MM-DD (default {DEFAULT_AS_OF.isoformat()})",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"the payer simulation seed (default {DEFAULT_SEED})",
    )
    parser.set_defaults(func=_command)
