"""Testing support for code built on rcm: hypothesis strategies.

Requires the ``rcmkit[testing]`` extra. Nothing in rcm imports this package.

Example:
    >>> from rcm.testing import strategies
    >>> callable(strategies.money)
    True
"""

from __future__ import annotations

# Import hypothesis first: importing it runs its plugin hooks, including
# rcm's own (_hypothesis_hook), which needs this package's strategies module.
import hypothesis  # noqa: F401

from rcm.testing import strategies

__all__ = ["strategies"]
