"""``rcm remit ...``: look at 835 files from the command line.

``rcm remit summary FILE.835 [--json]`` prints, per transaction: the payer and
payee, the payment, claim counts by status, totals, adjustments by group and
reason, provider-level adjustments and every balancing problem. It streams
the file, so any size works. Exit status: 0 when everything balances, 1 when
there are balancing problems, 2 when the file cannot be read as an 835.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from rcm.errors import RcmError
from rcm.remit._models import ClaimStatus
from rcm.remit._summary import RemitSummary, TransactionSummary, summarize

__all__ = ["install", "render_summary"]


def _status_name(code: str) -> str:
    try:
        return ClaimStatus(code).meaning
    except ValueError:  # pragma: no cover - the reader only accepts known statuses
        return code


def _transaction_lines(t: TransactionSummary) -> list[str]:
    lines = [f"transaction {t.transaction_index} (ST02 {t.control_number or '-'})"]
    payer = t.payer_name or "(no name)"
    lines.append(f"  payer:    {payer}" + (f" [{t.payer_id}]" if t.payer_id else ""))
    payee = t.payee_name or "(no name)"
    lines.append(f"  payee:    {payee}" + (f" [{t.payee_id}]" if t.payee_id else ""))
    when = f" on {t.payment_date.isoformat()}" if t.payment_date else ""
    lines.append(
        f"  payment:  {t.payment_amount} by {t.payment_method}{when}, trace {t.trace_number}"
    )
    lines.append(f"  claims:   {t.claim_count}")
    for code, count in t.claims_by_status:
        lines.append(f"    {code:>3} {_status_name(code)}: {count}")
    lines.append(
        f"  totals:   charge {t.total_charge}, paid {t.total_paid}, "
        f"patient responsibility {t.total_patient_responsibility}"
    )
    if t.adjustments:
        lines.append("  adjustments (group reason amount):")
        lines.extend(
            f"    {group} {reason:>4} {amount:>12}" for group, reason, amount in t.adjustments
        )
    if t.provider_adjustments:
        lines.append(f"  provider adjustments (PLB): {t.provider_adjustment_total}")
        lines.extend(f"    {reason:>4} {amount:>12}" for reason, amount in t.provider_adjustments)
    if t.problem_count:
        lines.append(f"  balancing: {t.problem_count} problem(s)")
        lines.extend(f"    - {problem}" for problem in t.problems)
        if t.problem_count > len(t.problems):
            lines.append(f"    ... and {t.problem_count - len(t.problems)} more")
    else:
        lines.append("  balancing: OK")
    return lines


def render_summary(summary: RemitSummary) -> str:
    """The text ``rcm remit summary`` prints.

    Example:
        >>> from rcm.remit import summarize, write_835
        >>> from rcm.remit._examples import example_remittance
        >>> print(render_summary(summarize(write_835([example_remittance()]), name="era.835")))
        era.835: 1 transaction(s), 2 claim(s), balanced
        transaction 1 (ST02 0001)
          payer:    ACME HEALTH PLAN [ACME01]
          payee:    MAIN STREET CLINIC [1234567893]
          payment:  165.50 by ACH on 2025-01-15, trace EFT0000001
          claims:   2
              1 processed as primary: 2
          totals:   charge 280.00, paid 175.50, patient responsibility 35.00
          adjustments (group reason amount):
            CO   45        69.50
            PR    1        10.00
            PR    2        20.00
            PR    3         5.00
          provider adjustments (PLB): 10.00
              WO        10.00
          balancing: OK
    """
    state = "balanced" if summary.is_balanced else f"{summary.problem_count} balancing problem(s)"
    lines = [
        (
            f"{summary.source}: {len(summary.transactions)} transaction(s), "
            f"{summary.claim_count} claim(s), {state}"
        )
    ]
    lines.extend(f"warning: {warning}" for warning in summary.warnings)
    for transaction in summary.transactions:
        lines.extend(_transaction_lines(transaction))
    return "\n".join(lines)


def _run_summary(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        summary = summarize(args.file)
    except (RcmError, OSError) as exc:
        print(f"rcm remit summary: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary.to_dict(), indent=2), file=out)
    else:
        print(render_summary(summary), file=out)
    return 0 if summary.is_balanced else 1


def install(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``rcm remit`` and its subcommands to the top-level parser.

    Example:
        >>> parser = argparse.ArgumentParser(prog="rcm")
        >>> install(parser.add_subparsers())
        >>> args = parser.parse_args(["remit", "summary", "era.835", "--json"])
        >>> args.file, args.json
        ('era.835', True)
    """
    remit = subparsers.add_parser("remit", help="read and check 835 remittances")
    remit_sub = remit.add_subparsers(dest="remit_command", metavar="SUBCOMMAND")
    remit_sub.required = True
    summary = remit_sub.add_parser(
        "summary",
        help="summarize an 835 file and check that it balances",
        description=(
            "Print the payer, payment, claim counts by status, totals, adjustments by group "
            "and reason, provider-level adjustments and balancing problems of each transaction "
            "in an 835 file. Exit status 0 when it balances, 1 when there are balancing "
            "problems, 2 when the file cannot be read."
        ),
    )
    summary.add_argument("file", metavar="FILE", help="an 835 file (005010X221A1)")
    summary.add_argument("--json", action="store_true", help="machine-readable output")
    summary.set_defaults(func=_run_summary)
