"""The errors rcm.claims raises: bad claim data, and 837s that cannot be read.

Both subclass the matching class in :mod:`rcm.errors`, so ``except RcmError``
catches them, and both keep their facts as attributes.
"""

from __future__ import annotations

from rcm.errors import ValidationError, X12Error, mask

__all__ = ["ClaimValidationError", "X12ClaimError"]


class ClaimValidationError(ValidationError):
    """An encounter, claim or service line breaks a rule of the model or the guide.

    Raised when a model is built (``Claim(...)``, ``Claim.model_validate_json``),
    by :func:`rcm.claims.from_encounter` and by the 837 writers before anything
    is written. The message never holds PHI: claim IDs are masked and names,
    member IDs and birth dates never appear.

    Attributes:
        model: the model class name (``"Claim"``, ``"ServiceLine"``).
        field: where in the model, as a path (``"lines[2].diagnosis_pointers"``).
        claim_id: the claim's ID (CLM01) when known; the message shows it masked.
        line: the 1-based service line number when the problem is on a line.
        problems: every problem found, as ``(field, message)`` pairs (the first
            one is also the message).

    Example:
        >>> err = ClaimValidationError("pointer 3 names no diagnosis", model="Claim",
        ...                            field="lines[0].diagnosis_pointers", line=1,
        ...                            claim_id="ACCT123456")
        >>> str(err)
        'Claim ********56, line 1 (lines[0].diagnosis_pointers): pointer 3 names no diagnosis'
        >>> err.error_code, isinstance(err, ValueError)
        ('claim-validation', True)
    """

    message = "the claim data is not valid"
    error_code = "claim-validation"

    def __init__(
        self,
        message: str | None = None,
        *,
        model: str | None = None,
        field: str | None = None,
        claim_id: str | None = None,
        line: int | None = None,
        problems: tuple[tuple[str, str], ...] = (),
        value: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.model = model
        self.field = field
        self.claim_id = claim_id
        self.line = line
        self.problems = problems or ((field or "", message or self.message),)
        super().__init__(message, value=value, expected=expected)

    @property
    def location(self) -> str:
        """Where the problem is, as text (empty when unknown).

        Example:
            >>> ClaimValidationError("x", model="ServiceLine", field="charge").location
            'ServiceLine (charge)'
        """
        head = []
        if self.model is not None:
            head.append(self.model)
        if self.claim_id:
            head.append(mask(self.claim_id))
        where = " ".join(head)
        if self.line is not None:
            where = f"{where}, line {self.line}" if where else f"line {self.line}"
        if self.field:
            where = f"{where} ({self.field})" if where else self.field
        return where

    def __str__(self) -> str:
        where = self.location
        return f"{where}: {self.message}" if where else self.message


class X12ClaimError(X12Error):
    """An 837 is well-formed X12 but cannot be read as a 005010X222A1 or X223A2 claim.

    Carries the segment's ordinal position, ID, loop and element like every
    :class:`rcm.errors.X12Error`.

    Example:
        >>> err = X12ClaimError("CLM02 is not an amount", source="batch.837",
        ...                     segment_index=17, segment_id="CLM", loop="2300", element=2)
        >>> str(err)
        'batch.837: segment 17 (CLM02, loop 2300): CLM02 is not an amount'
    """

    message = "the 837 could not be read"
    error_code = "x12-claim"
