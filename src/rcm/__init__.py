"""rcm: healthcare revenue-cycle logic as a pure, typed Python library.

Importing ``rcm`` loads no reference data, reads no file and never looks at the
clock; code sets load lazily, once, the first time a lookup needs them.

Subpackages:
    rcm.coding: code formats (ICD-10-CM, CPT, HCPCS, NPI, ...) and code sets by date.
    rcm.x12: X12 syntax (delimiters, segments, envelopes, reading, writing, 999).
    rcm.claims: encounters and claims, 837P/837I reading and writing, CMS-1500/UB-04 fields.
    rcm.edits: the claim edit engine (NCCI PTP/MUE/AOC, diagnoses, medical
        necessity, duplicates, timely filing).
    rcm.remit: 835 remittances (models, reading, balancing, writing).
    rcm.money, rcm.dates, rcm.errors: the values everything else uses.
    rcm.testing: hypothesis strategies (needs the ``rcmkit[testing]`` extra).

Example:
    >>> import rcm
    >>> isinstance(rcm.__version__, str)
    True
"""

from __future__ import annotations

import logging

__all__ = ["__version__"]

# Library logging etiquette: rcm never configures handlers; applications do.
logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> str:
    # The version comes from the installed distribution's metadata, looked up
    # only when asked for, so importing rcm stays cheap.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("rcmkit")
        except PackageNotFoundError:  # running from a source tree without install
            from rcm._version import __version__

            return __version__
    raise AttributeError(f"module 'rcm' has no attribute {name!r}")
