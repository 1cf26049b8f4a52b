"""X12 syntax: delimiters, segments, envelopes, reading and writing.

This layer knows X12 syntax only; what a transaction means lives with its
domain (``rcm.remit`` for the 835, ``rcm.claims`` for the 837).

Examples:
    >>> from rcm.x12 import read_segments
    >>> text = ("ISA*00*          *00*          *ZZ*A              *ZZ*B              "
    ...         "*250102*1230*^*00501*000000001*0*P*:~IEA*0*000000001~")
    >>> [(seg.index, seg.id) for seg in read_segments(text)]
    [(1, 'ISA'), (2, 'IEA')]
"""

from rcm.x12._ack999 import (
    Ack999,
    AckCode,
    AckContext,
    AckContextId,
    AckElementError,
    AckParseError,
    AckSegmentError,
    TransactionAck,
    read_997,
    read_999,
)
from rcm.x12._envelope import (
    Envelope,
    FunctionalGroup,
    Interchange,
    TransactionHeader,
    WarningKind,
    X12Warning,
)
from rcm.x12._reader import RawSegment, Source, X12Reader, read_segments
from rcm.x12._segment import DEFAULT_DELIMITERS, Delimiters, Segment
from rcm.x12._writer import Transaction, X12Writer, write_interchange

__all__ = [
    "DEFAULT_DELIMITERS",
    "Ack999",
    "AckCode",
    "AckContext",
    "AckContextId",
    "AckElementError",
    "AckParseError",
    "AckSegmentError",
    "Delimiters",
    "Envelope",
    "FunctionalGroup",
    "Interchange",
    "RawSegment",
    "Segment",
    "Source",
    "Transaction",
    "TransactionAck",
    "TransactionHeader",
    "WarningKind",
    "X12Reader",
    "X12Warning",
    "X12Writer",
    "read_997",
    "read_999",
    "read_segments",
    "write_interchange",
]
