"""Testing support for code built on rcm: hypothesis strategies.

Requires the ``rcmkit[testing]`` extra. Nothing in rcm imports this package.

Example:
    >>> from rcm.testing import strategies
    >>> callable(strategies.money)
    True
"""

from __future__ import annotations

from rcm.testing import strategies

__all__ = ["strategies"]
