"""Claims: encounters, professional and institutional claims, 837P/837I, CMS-1500/UB-04.

Build a :class:`Claim` from a coded :class:`Encounter` with
:func:`from_encounter` and a :class:`FeeSchedule`; write 837s with
:func:`write_837p` and :func:`write_837i`; read them back with
:func:`read_837`; fill paper forms with :func:`cms1500_fields` and
:func:`ub04_fields`.

Example:
    >>> from rcm.claims import from_encounter
    >>> from rcm.claims.examples import clinic_fees, office_visit
    >>> claim = from_encounter(office_visit(), fee_schedule=clinic_fees())
    >>> claim.kind, claim.total_charge
    ('professional', Money('140.00'))
"""

from __future__ import annotations

from rcm.claims._build import PayerAdjudication, from_encounter
from rcm.claims._claim import (
    Adjustment,
    Claim,
    ClaimKind,
    Diagnosis,
    Drug,
    InpatientProcedure,
    LineAdjudication,
    Occurrence,
    OccurrenceSpan,
    OtherPayer,
    Responsibility,
    ServiceLine,
    ValueCode,
)
from rcm.claims._encounter import Encounter, Procedure
from rcm.claims._errors import ClaimValidationError, X12ClaimError
from rcm.claims._fees import FeeSchedule, FeeScheduleEntry, MissingPrice, load_fee_schedule
from rcm.claims._forms import cms1500_fields, ub04_fields
from rcm.claims._parties import Address, Coverage, Patient, Payer, Provider, Sex, Subscriber
from rcm.claims._read837 import read_837
from rcm.claims._write837 import check_837, write_837, write_837i, write_837p
from rcm.claims._x12_837 import Receiver, Submitter

__all__ = [
    "Address",
    "Adjustment",
    "Claim",
    "ClaimKind",
    "ClaimValidationError",
    "Coverage",
    "Diagnosis",
    "Drug",
    "Encounter",
    "FeeSchedule",
    "FeeScheduleEntry",
    "InpatientProcedure",
    "LineAdjudication",
    "MissingPrice",
    "Occurrence",
    "OccurrenceSpan",
    "OtherPayer",
    "Patient",
    "Payer",
    "PayerAdjudication",
    "Procedure",
    "Provider",
    "Receiver",
    "Responsibility",
    "ServiceLine",
    "Sex",
    "Submitter",
    "Subscriber",
    "ValueCode",
    "X12ClaimError",
    "check_837",
    "cms1500_fields",
    "from_encounter",
    "load_fee_schedule",
    "read_837",
    "ub04_fields",
    "write_837",
    "write_837i",
    "write_837p",
]
