"""X12 syntax: delimiters, segments, envelopes, reading and writing.

This layer knows X12 syntax only; what a transaction means lives with its
domain (``rcm.remit`` for the 835, ``rcm.claims`` for the 837).
"""

from rcm.x12._segment import DEFAULT_DELIMITERS, Delimiters, Segment

__all__ = ["DEFAULT_DELIMITERS", "Delimiters", "Segment"]
