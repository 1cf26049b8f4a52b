"""A revenue-cycle analyst's notebook, as a script: rcm's models as pandas DataFrames.

Runs rcm's made-up demo practice (``rcm demo``: claims, edits, 835s, posting,
aging; nothing read from disk), then asks the questions an analyst asks:
paid by payer by month, the top denial reasons, what the edits flag, where
the money sits by age, and billed against paid per procedure. Amounts stay
exact: ``money="cents"`` for fast integer sums, shown as dollars at the end.

Needs pandas (``pip install 'rcmkit[pandas]'``). Run:
``python examples/analyst_frames.py``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pandas as pd

from rcm._demo import run_demo  # the demo's made-up practice, payers and remittances
from rcm.ar import aging
from rcm.batch import (
    aging_frame,
    claim_line_frame,
    finding_frame,
    ledger_frame,
    service_frame,
)
from rcm.edits import Context, run

AS_OF = date(2025, 6, 30)


def dollars(cents: int) -> str:
    """Whole cents (an Int64 cell or sum) as exact dollars text."""
    return f"{Decimal(int(cents)).scaleb(-2):,.2f}"


demo = run_demo(as_of=AS_OF, seed=7)

# 1. Paid by payer by month, from the 835 service lines.
services = service_frame(demo.remittances, money="cents")
paid = (
    services.groupby(["payer_name", services["payment_date"].dt.to_period("M")])["line_paid"]
    .sum()
    .rename("paid")
)
print("Paid by payer and month (835 service lines)")
for (payer, month), cents in paid.items():
    print(f"  {payer:<20} {month}  {dollars(cents):>10}")
print(f"  {'total':<20} {'':7}  {dollars(services['line_paid'].sum()):>10}")
assert int(services["line_paid"].sum()) == sum(
    line.paid.cents
    for remit in demo.remittances
    for claim in remit.claims
    for line in claim.services
)

# 2. The top denial reasons: held denials in the posting ledger, by CARC.
ledger = ledger_frame(demo.ledger, money="cents")
denials = ledger[(ledger["kind"] == "denial") & ~ledger["reversal"]]
top = (
    denials.groupby(["group", "reason"])["amount"]
    .agg(["count", "sum"])
    .sort_values("sum", ascending=False)
)
print("\nTop denial reasons (ledger denial entries)")
for (group, reason), row in top.head(5).iterrows():
    print(f"  {group}-{reason:<5} {int(row['count']):>3} lines  {dollars(row['sum']):>10}")

# 3. What the edits flag before the claims go out, joined to the claim lines.
reports = [
    run(claim, Context(as_of=claim.service_period.end + timedelta(days=1))) for claim in demo.claims
]
findings = finding_frame(reports)
lines = claim_line_frame(demo.claims, money="cents")
flagged = findings.merge(
    lines[["claim_id", "line_number", "procedure_code", "line_charge"]],
    on=["claim_id", "line_number"],
    how="left",
)
print(f"\nEdit findings: {len(findings)} on {findings['claim_id'].nunique()} claims")
by_code = flagged.groupby(["code", "severity"]).size().sort_values(ascending=False)
for (code, severity), count in by_code.items():
    print(f"  {code} ({severity}): {count}")

# 4. Where the money sits by age, month end by month end.
month_ends = [date(2025, 4, 30), date(2025, 5, 31), date(2025, 6, 30)]
trend = aging_frame([aging(demo.ledger, as_of=day) for day in month_ends], money="cents")
buckets = ["days_0_30", "days_31_60", "days_61_90", "days_91_120", "days_over_120"]
print("\nAR aging by month end (all parties)")
print("  as of        " + " ".join(f"{b[5:]:>9}" for b in buckets) + "      total")
for as_of, row in trend.groupby("as_of")[[*buckets, "total"]].sum().iterrows():
    cells = " ".join(f"{dollars(row[b]):>9}" for b in buckets)
    print(f"  {as_of:%Y-%m-%d}   {cells} {dollars(row['total']):>10}")
latest = trend[trend["as_of"] == pd.Timestamp(AS_OF)]
assert int(latest["total"].sum()) == aging(demo.ledger, as_of=AS_OF).total.cents

# 5. Billed against paid, per procedure: claim lines joined to 835 lines by
#    the patient control number and procedure code.
billed = lines.groupby("procedure_code")["line_charge"].sum().rename("billed")
paid_by_code = services.groupby("procedure_code")["line_paid"].sum().rename("paid")
rates = pd.concat([billed, paid_by_code], axis=1).fillna(0).sort_values("billed", ascending=False)
print("\nBilled and paid by procedure")
for code, row in rates.head(6).iterrows():
    share = Decimal(int(row["paid"])) / Decimal(int(row["billed"])) if row["billed"] else 0
    print(
        f"  {code:<6} billed {dollars(row['billed']):>9}  paid {dollars(row['paid']):>9}"
        f"  ({share:.0%})"
    )
