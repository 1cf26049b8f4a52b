"""Errors the edit engine raises besides :class:`rcm.errors.EditDefinitionError`."""

from __future__ import annotations

from rcm.errors import EditDefinitionError, RcmError, mask

__all__ = ["EditCheckError", "EditPluginError", "EditSelectionError"]


class EditSelectionError(RcmError, ValueError):
    """A ``select``/``ignore`` entry is not a code or prefix the registry can use.

    Attributes:
        value: the entry as given.
        expected: what would have been accepted.

    Example:
        >>> err = EditSelectionError("'ptp' is not a code prefix", value="ptp",
        ...                          expected="capital letters, then up to 3 digits")
        >>> err.value, isinstance(err, ValueError), err.error_code
        ('ptp', True, 'edit-selection')
    """

    message = "the edit selection is not valid"
    error_code = "edit-selection"

    def __init__(
        self, message: str | None = None, *, value: str | None = None, expected: str | None = None
    ) -> None:
        self.value = value
        self.expected = expected
        super().__init__(message)


class EditCheckError(RcmError, RuntimeError):
    """A check raised instead of returning findings (a bug in the edit, not in the claim).

    The original exception is chained as ``__cause__``.

    Attributes:
        code: the edit code(s) the check reports, joined with ``/``.
        claim_id: the claim being checked (shown masked).

    Example:
        >>> err = EditCheckError(code="XMP001", claim_id="ACCT12345")
        >>> str(err)
        'edit XMP001 failed on claim *******45'
    """

    message = "an edit's check failed"
    error_code = "edit-check"

    def __init__(
        self, message: str | None = None, *, code: str, claim_id: str | None = None
    ) -> None:
        self.code = code
        self.claim_id = claim_id
        if message is None:
            message = f"edit {code} failed"
            if claim_id is not None:
                message += f" on claim {mask(claim_id)}"
        super().__init__(message)


class EditPluginError(EditDefinitionError):
    """A plugin named in the ``rcm.edits`` entry-point group could not be loaded.

    Attributes:
        plugin: the entry point's name.
        target: what it points to (``"acme_rcm.edits"``).

    Example:
        >>> from rcm.errors import EditDefinitionError
        >>> err = EditPluginError(plugin="acme", target="acme_rcm.edits")
        >>> str(err), isinstance(err, EditDefinitionError)
        ("the rcm.edits plugin 'acme' (acme_rcm.edits) could not be loaded", True)
    """

    message = "an rcm.edits plugin could not be loaded"
    error_code = "edit-plugin"

    def __init__(self, message: str | None = None, *, plugin: str, target: str) -> None:
        self.plugin = plugin
        self.target = target
        if message is None:
            message = f"the rcm.edits plugin {plugin!r} ({target}) could not be loaded"
        super().__init__(message)
