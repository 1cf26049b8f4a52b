"""The revenue cycle end to end, step by step, with rcm's public API.

Coded encounters -> claims -> edits -> 837P -> a payer's 835 -> posting ->
denials worklist -> secondary claim -> patient statement -> AR aging and KPIs.

The practice, its encounters and the payer are rcm's made-up demo data
(``rcm demo`` runs the same cycle with a longer report); everything else is
what a billing system would call. Run: ``python examples/full_cycle.py``.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from rcm._demo import practice  # the demo's made-up practice and payers
from rcm.ar import aging, kpis
from rcm.claims import Receiver, Submitter, from_encounter, read_837, write_837p
from rcm.edits import Context, run
from rcm.money import Money
from rcm.patient import patient_keys, payment_plan, statement
from rcm.remit import check_balance, read_835, write_835
from rcm.remit.denials import classify_finding, secondary_claim, worklist
from rcm.remit.posting import Ledger, post
from rcm.x12 import Envelope

AS_OF = date(2025, 6, 30)
SEED = 11

p = practice(AS_OF)
acme = p.payers["60054"]
visits = [
    e for e in p.encounters if e.coverages[0].payer and e.coverages[0].payer.payer_id == "60054"
]

# 1. Claims from coded encounters, checked by the edit engine before they go out.
claims = [from_encounter(encounter, fee_schedule=p.fees) for encounter in visits]
findings = {}
ledger = Ledger()
for claim in claims:
    billed = claim.service_period.end + timedelta(days=1)
    report = run(claim, Context(as_of=billed))
    findings[claim.claim_id] = report.findings
    ledger = ledger.bill(claim, on=billed, clean=not report.errors)
    for finding in report.findings:
        predicted = classify_finding(finding)
        print(f"edit {finding.code} on {claim.claim_id}: {finding.message}")
        if predicted is not None:
            print(f"  a payer would deny it CO-{finding.carc}: {predicted.category.value}")

# 2. The 837P to the payer, which reads the claims back.
envelope = Envelope(
    sender_id="RIVERBEND",
    receiver_id="60054",
    date=AS_OF - timedelta(days=60),
    time=time(9, 0),
    functional_id="HC",
)
x12 = write_837p(
    claims,
    envelope=envelope,
    submitter=Submitter(name="RIVERBEND FAMILY MEDICINE", id="RFM01", phone="2175550142"),
    receiver=Receiver(name="ACME HEALTH PLAN", id="60054"),
)
received = list(read_837(x12))  # grouped by subscriber, as the 837 nests them
assert sorted(received, key=lambda c: c.claim_id) == sorted(claims, key=lambda c: c.claim_id)
print(f"837P: {len(claims)} claims, {x12.count('~')} segments")

# 3. The payer's 835, delivered as X12 and read back; it balances.
paid_on = AS_OF - timedelta(days=20)
remittance = acme.pay(
    received,
    seed=SEED,
    paid_on=paid_on,
    trace_number="EFT1",
    payee_npi="1234567893",
    payee_name="RIVERBEND FAMILY MEDICINE",
    findings=findings,
)
[remittance] = list(read_835(write_835([remittance])))
assert check_balance(remittance) == ()

# 4. Posting: exact ledger entries; posting twice changes nothing.
result = post(ledger, remittance)
ledger = ledger.apply(result)
print(result.summary())
for issue in result.issues:
    print(f"  {issue}")
assert post(ledger, remittance).already_posted

# 5. The denials worklist, ranked by amount at risk and days left.
work = worklist(ledger, as_of=AS_OF, findings=findings)
print(f"worklist: {len(work.items)} items, {work.total_at_risk} at risk")
for item in work.items:
    print(f"  {item.amount_at_risk:>8} {item.claim_id} {item.reasons} -> {item.action.value}")

# 6. A secondary claim for a patient with a second coverage.
for claim in claims:
    payments = [c for c in remittance.claims if c.patient_control_number == claim.claim_id]
    if claim.other_payers and payments and ledger.balance(claim.claim_id, party="patient"):
        second = secondary_claim(claim, payments, paid_date=paid_on)
        ledger = ledger.bill(second, on=paid_on + timedelta(days=1))
        prior = second.other_payers[0]
        print(
            f"secondary claim {second.claim_id} to {second.coverage.payer.name}: prior payer "
            f"paid {prior.paid_amount}, patient owed {prior.remaining_patient_liability}"
        )
        break

# 7. A patient statement and a payment plan.
key = patient_keys(ledger, as_of=AS_OF)[0]
bill = statement(ledger, key, on=AS_OF)
print(bill.text())
if bill.amount_due > Money(0):
    plan = payment_plan(bill.amount_due, instalments=2, first_due=bill.due_date)
    print("plan:", ", ".join(f"{i.amount} on {i.due}" for i in plan.instalments))

# 8. AR aging and KPIs.
print(aging(ledger, as_of=AS_OF).table())
print(kpis(ledger, start=AS_OF - timedelta(days=89), end=AS_OF).table())
