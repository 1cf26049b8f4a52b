"""The plugin contract: how a package adds edits to rcm (pluggy's ``hookspecs`` idea).

A plugin is a package that declares an entry point in the ``rcm.edits`` group::

    [project.entry-points."rcm.edits"]
    acme = "acme_rcm.edits"            # a module, or
    acme = "acme_rcm.edits:setup"      # a function taking the registry

rcm loads plugins the first time the default registry is used (or when you
call :func:`rcm.edits.load_plugins`), unless the ``RCM_NO_PLUGINS``
environment variable is set. A module entry point registers its edits when
imported, with :func:`rcm.edits.register`; a function entry point is called
with the :class:`~rcm.edits.Registry` and registers them there. Either way,
each edit is an :class:`~rcm.edits.EditSpec` with a code of the plugin's own
prefix (``ACME001``) and a :class:`Check`.

A check must be pure: it reads the claim and the context, never changes
them, reads no file, network or clock, and returns (or yields) findings made
with :meth:`EditSpec.finding <rcm.edits.EditSpec.finding>` for the codes it
was registered with. A check that raises stops the run with
:class:`~rcm.edits.EditCheckError` naming the edit.

Example:
    >>> from datetime import date
    >>> from rcm.claims.examples import professional_claim
    >>> from rcm.edits import Context, EditSpec, Registry, Severity, run
    >>> SPEC = EditSpec(code="ACME001", name="acme-telehealth-pos", title="Telehealth POS",
    ...                 severity=Severity.WARNING, message="place of service {pos} is not 02 or 10",
    ...                 description="Acme wants POS 02 or 10 with modifier 95.", since="1.0",
    ...                 status="stable")
    >>> def check(claim, context):
    ...     if any("95" in line.modifiers for line in claim.lines) and claim.place_of_service not in ("02", "10"):
    ...         yield SPEC.finding(pos=claim.place_of_service)
    >>> def setup(registry: Registry) -> None:
    ...     registry.register(SPEC, check)
    >>> mine = Registry(builtins=False, plugins=False)
    >>> setup(mine)
    >>> claim = professional_claim()
    >>> visit = claim.lines[0].evolve(modifiers=("95",))
    >>> run(claim.evolve(lines=(visit, claim.lines[1])),
    ...     Context(as_of=date(2025, 3, 10), registry=mine)).codes
    ('ACME001',)
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from rcm.edits._registry import ENTRY_POINT_GROUP, NO_PLUGINS_ENV

if TYPE_CHECKING:
    from rcm.claims import Claim
    from rcm.edits._context import Context
    from rcm.edits._finding import Finding
    from rcm.edits._registry import Registry

__all__ = ["ENTRY_POINT_GROUP", "NO_PLUGINS_ENV", "Check", "Setup"]


class Check(Protocol):
    """What a check is: ``check(claim, context) -> Iterable[Finding]``.

    Example:
        >>> def no_findings(claim, context):
        ...     return ()
        >>> callable(no_findings)
        True
    """

    def __call__(self, claim: Claim, context: Context, /) -> Iterable[Finding]:
        """Return the findings of the edit(s) this check was registered with."""
        ...


class Setup(Protocol):
    """What a function entry point is: ``setup(registry) -> None``.

    Example:
        >>> def setup(registry):
        ...     pass
        >>> setup(None)
    """

    def __call__(self, registry: Registry, /) -> None:
        """Register the plugin's edits in *registry*."""
        ...
