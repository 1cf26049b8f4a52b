"""835 electronic remittance advice (005010X221A1): read, balance, net, export and write.

Reading yields frozen pydantic models: :class:`Remittance` (one ST/SE
transaction set) holds :class:`ClaimPayment` (loop 2100), which holds
:class:`ServicePayment` (loop 2110, what X12 calls "service payment
information"); every ``CAS`` triplet is an :class:`Adjustment`.

* :func:`read_835` yields one ``Remittance`` per transaction, lazily;
  :func:`iter_claims` streams ``(ClaimContext, ClaimPayment)`` pairs in bounded
  memory, for files with a huge transaction.
* :func:`check_balance` returns every balancing problem, exactly.
* :func:`net_claims` nets reversals (``CLP02 = 22``) and corrections.
* :func:`service_rows` flattens to one dict per service line; :func:`summarize`
  totals a file while streaming.
* :func:`write_835` writes remittances that :func:`read_835` reads back equal.

Example:
    >>> from rcm.remit import check_balance, read_835, write_835
    >>> from rcm.remit._examples import example_remittance
    >>> text = write_835([example_remittance()])
    >>> [remit] = read_835(text)
    >>> remit == example_remittance(), check_balance(remit)
    (True, ())
    >>> claim = remit.claims[0]
    >>> claim.status.meaning, claim.services[0].procedure.code, claim.services[0].adjustments[0]
    ('processed as primary', '99213', Adjustment(group=<AdjustmentGroup.CONTRACTUAL: 'CO'>, reason='45', amount=Money('30.00'), quantity=None))
"""  # noqa: E501 - doctest output

from rcm.remit._balance import BalanceProblem, BalanceRule, check_balance
from rcm.remit._models import (
    Address,
    Adjustment,
    AdjustmentGroup,
    Amount,
    ClaimPayment,
    ClaimStatus,
    Communication,
    Contact,
    DateReference,
    DeliveryMethod,
    EntityName,
    HeaderNumber,
    InpatientAdjudication,
    OutpatientAdjudication,
    Party,
    Payment,
    Procedure,
    ProviderAdjustment,
    ProviderAdjustmentItem,
    ProviderSummary,
    ProviderSupplementalSummary,
    Quantity,
    Reference,
    Remark,
    Remittance,
    ServicePayment,
    Trace,
)
from rcm.remit._net import NetClaim, net_claims
from rcm.remit._parse import SUPPORTED_VERSIONS, ClaimContext
from rcm.remit._read import iter_claims, read_835
from rcm.remit._rows import SERVICE_ROW_FIELDS, service_rows
from rcm.remit._summary import RemitSummary, TransactionSummary, summarize
from rcm.remit._write import remittance_segments, write_835

__all__ = [
    "SERVICE_ROW_FIELDS",
    "SUPPORTED_VERSIONS",
    "Address",
    "Adjustment",
    "AdjustmentGroup",
    "Amount",
    "BalanceProblem",
    "BalanceRule",
    "ClaimContext",
    "ClaimPayment",
    "ClaimStatus",
    "Communication",
    "Contact",
    "DateReference",
    "DeliveryMethod",
    "EntityName",
    "HeaderNumber",
    "InpatientAdjudication",
    "NetClaim",
    "OutpatientAdjudication",
    "Party",
    "Payment",
    "Procedure",
    "ProviderAdjustment",
    "ProviderAdjustmentItem",
    "ProviderSummary",
    "ProviderSupplementalSummary",
    "Quantity",
    "Reference",
    "Remark",
    "RemitSummary",
    "Remittance",
    "ServicePayment",
    "Trace",
    "TransactionSummary",
    "check_balance",
    "iter_claims",
    "net_claims",
    "read_835",
    "remittance_segments",
    "service_rows",
    "summarize",
    "write_835",
]
