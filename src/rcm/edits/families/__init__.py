"""rcm's built-in edit families, one module each.

| family | what it checks |
|---|---|
| `COD` | codes invalid, not billable, or not in force on the date of service |
| `DX` | diagnoses: Excludes1 pairs, manifestation order, pointers |
| `CLM` | required data, date order, totals, NPIs, units, place of service |
| `PTP` | NCCI procedure-to-procedure pairs and the bypass modifiers |
| `MUE` | NCCI medically unlikely edits, per line and per day |
| `AOC` | NCCI add-on codes without a primary code |
| `MOD` | unknown, repeated and conflicting modifiers |
| `MN` | medical necessity under the coverage loaded |
| `DUP` | duplicate lines and claims |
| `TF` | timely filing |

Each module defines its :class:`~rcm.edits.EditSpec` constants (``PTP001``...),
an ``EDITS`` tuple and a ``check(claim, context)`` function. The registry
loads them on first use through :data:`BUILTIN_EDITS`.

Example:
    >>> from rcm.edits.families import BUILTIN_EDITS
    >>> tuple(edit.codes[0] for edit in BUILTIN_EDITS)[:3]
    ('COD001', 'DX001', 'CLM001')
"""

from __future__ import annotations

from typing import Final

from rcm.edits._registry import Edit
from rcm.edits.families import aoc, clm, cod, dup, dx, mn, mod, mue, ptp, tf

__all__ = [
    "BUILTIN_EDITS",
    "FAMILIES",
    "aoc",
    "clm",
    "cod",
    "dup",
    "dx",
    "mn",
    "mod",
    "mue",
    "ptp",
    "tf",
]

#: The family modules, in the order their checks run.
FAMILIES: Final = (cod, dx, clm, mod, ptp, mue, aoc, mn, dup, tf)

#: Every built-in check with the specs it reports.
BUILTIN_EDITS: Final = tuple(Edit(module.EDITS, module.check, "rcm") for module in FAMILIES)
