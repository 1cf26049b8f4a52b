"""Patients: balances after insurance, statements, payment plans, and estimates before service.

:func:`statement` lists a patient's service lines with what insurance paid
and adjusted and what the patient owes, aged; :func:`payment_plan` splits a
balance into equal instalments of exact cents on monthly dates;
:func:`estimate` says before the service what the patient will owe from the
plan's :class:`Benefits` (deductible, coinsurance, copay, out-of-pocket maximum).

Example:
    >>> from datetime import date
    >>> from rcm.money import Money
    >>> from rcm.patient import payment_plan
    >>> plan = payment_plan(Money("22.40"), instalments=3, first_due=date(2025, 4, 30))
    >>> amounts = [str(i.amount) for i in plan.instalments]
    >>> amounts
    ['7.47', '7.47', '7.46']
"""

from __future__ import annotations

from rcm.patient._estimate import Benefits, Estimate, EstimateLine, Service, estimate
from rcm.patient._plans import Instalment, PaymentPlan, payment_plan
from rcm.patient._statement import (
    Statement,
    StatementLine,
    patient_balance,
    patient_keys,
    statement,
)

__all__ = [
    "Benefits",
    "Estimate",
    "EstimateLine",
    "Instalment",
    "PaymentPlan",
    "Service",
    "Statement",
    "StatementLine",
    "estimate",
    "patient_balance",
    "patient_keys",
    "payment_plan",
    "statement",
]
