"""Fee schedules: what a provider charges for a code and its modifiers.

A :class:`FeeSchedule` maps a procedure code (CPT/HCPCS, or a four-digit
revenue code for revenue-only institutional lines) plus a set of modifiers to
a charge per unit. The row with no modifiers is the code's default: it prices
any modifier combination that has no row of its own. A price that cannot be
found is an error (:class:`MissingPrice`), never zero.

The CSV layout is one row per price, with a header::

    code,modifiers,amount
    99213,,125.00
    93000,,60.00
    93000,26,25.00
    93000,TC,35.00

``modifiers`` may hold several modifiers separated by spaces or colons
(``"26 59"``); it and any other column may be left out. A row whose code is
``*`` sets a schedule-wide default price, used only when you put it there.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any, Final

import attrs

from rcm.claims._codes import check
from rcm.claims._errors import ClaimValidationError
from rcm.errors import RcmError, ReferenceDataError
from rcm.money import Money

__all__ = ["FeeSchedule", "FeeScheduleEntry", "MissingPrice", "load_fee_schedule"]

logger = logging.getLogger(__name__)

#: The code of the row that sets a schedule-wide default price.
DEFAULT_CODE: Final = "*"


class MissingPrice(ClaimValidationError, LookupError):
    """The fee schedule has no price for a code and its modifiers.

    Attributes:
        code: the procedure (or revenue) code.
        modifiers: the modifiers asked about.
        schedule: the fee schedule's name.

    Example:
        >>> err = MissingPrice(code="99215", modifiers=("25",), schedule="clinic 2025")
        >>> str(err)
        "no price for 99215-25 in fee schedule 'clinic 2025'"
        >>> isinstance(err, LookupError)
        True
    """

    message = "the fee schedule has no price for the code"
    error_code = "missing-price"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str,
        modifiers: tuple[str, ...] = (),
        schedule: str = "fee schedule",
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        self.code = code
        self.modifiers = modifiers
        self.schedule = schedule
        if message is None:
            label = "-".join((code, *modifiers))
            message = f"no price for {label} in fee schedule {schedule!r}"
        super().__init__(message, field=field, line=line, value=code, expected="a price")


def _modifiers(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(check("modifier", m) for m in value))


@attrs.frozen(slots=True)
class FeeScheduleEntry:
    """One price: a code, the modifiers it applies to, and the charge per unit.

    Attributes:
        code: the CPT/HCPCS code (or a revenue code), compact.
        modifiers: the modifiers, sorted (order does not matter for pricing).
        amount: the charge for one unit.

    Example:
        >>> FeeScheduleEntry("93000", ("TC",), Money("35.00")).amount
        Money('35.00')
    """

    code: str
    modifiers: tuple[str, ...]
    amount: Money


@attrs.frozen(slots=True)
class FeeSchedule:
    """Charges per unit by code and modifiers; the no-modifier row is each code's default.

    Build one with :meth:`from_entries` or :func:`load_fee_schedule`.

    Attributes:
        name: what to call the schedule in messages (its file name when loaded).
        default: a schedule-wide price used when no row matches, or ``None``
            (the default) to make every missing price an error.

    Example:
        >>> fees = FeeSchedule.from_entries({"99213": Money("125.00"),
        ...                                  ("93000", ("26",)): Money("25.00"),
        ...                                  "93000": Money("60.00")})
        >>> fees.price("99213", ("25",)), fees.price("93000", ("26",)), fees.price("93000")
        (Money('125.00'), Money('25.00'), Money('60.00'))
        >>> fees.price("99215")
        Traceback (most recent call last):
        ...
        rcm.claims._fees.MissingPrice: no price for 99215 in fee schedule 'fee schedule'
    """

    _prices: Mapping[str, Mapping[tuple[str, ...], Money]] = attrs.field(alias="prices", repr=False)
    name: str = "fee schedule"
    default: Money | None = None

    @classmethod
    def from_entries(
        cls,
        entries: Mapping[Any, Money] | Iterable[FeeScheduleEntry],
        *,
        name: str = "fee schedule",
        default: Money | None = None,
    ) -> FeeSchedule:
        """Build from ``{code: amount, (code, modifiers): amount}`` or entries.

        Raises:
            ClaimValidationError: a code or modifier with a bad format, or a
                price given twice.

        Example:
            >>> FeeSchedule.from_entries([FeeScheduleEntry("99213", (), Money("90.00"))]).price(
            ...     "99213")
            Money('90.00')
        """
        rows: list[FeeScheduleEntry] = []
        if isinstance(entries, Mapping):
            for key, amount in entries.items():
                code, mods = (key, ()) if isinstance(key, str) else key
                rows.append(FeeScheduleEntry(code, tuple(mods), amount))
        else:
            rows = list(entries)
        prices: dict[str, dict[tuple[str, ...], Money]] = {}
        for row in rows:
            if not isinstance(row.amount, Money):
                raise ClaimValidationError(
                    f"the price of {row.code} must be Money, not {type(row.amount).__name__}",
                    model="FeeSchedule",
                )
            try:
                code = _fee_code(row.code)
                mods = _modifiers(row.modifiers)
            except RcmError as exc:
                raise ClaimValidationError(str(exc), model="FeeSchedule", field="code") from exc
            by_mods = prices.setdefault(code, {})
            if mods in by_mods:
                label = "-".join((code, *mods))
                raise ClaimValidationError(
                    f"{label} is priced twice in fee schedule {name!r}", model="FeeSchedule"
                )
            by_mods[mods] = row.amount
        return cls(prices=prices, name=name, default=default)

    def __len__(self) -> int:
        return sum(len(by_mods) for by_mods in self._prices.values())

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._prices

    def entries(self) -> tuple[FeeScheduleEntry, ...]:
        """Every price in the schedule, by code then modifiers.

        Example:
            >>> FeeSchedule.from_entries({"99213": Money("1.00")}).entries()
            (FeeScheduleEntry(code='99213', modifiers=(), amount=Money('1.00')),)
        """
        return tuple(
            FeeScheduleEntry(code, mods, amount)
            for code in sorted(self._prices)
            for mods, amount in sorted(self._prices[code].items())
        )

    def price(self, code: str, modifiers: Iterable[str] = ()) -> Money:
        """The charge per unit for *code* with *modifiers*.

        The row for exactly these modifiers (in any order) wins; otherwise the
        row whose modifiers are the largest subset of them (the no-modifier row
        being the smallest); otherwise the schedule's ``default`` if set.

        Raises:
            MissingPrice: no row matches and there is no default, or two rows
                match equally well.

        Example:
            >>> fees = FeeSchedule.from_entries({"93000": Money("60.00"),
            ...                                  ("93000", ("26",)): Money("25.00")})
            >>> fees.price("93000", ("59", "26"))
            Money('25.00')
        """
        key = _fee_code(code)
        mods = _modifiers(modifiers)
        by_mods = self._prices.get(key)
        if by_mods is not None:
            exact = by_mods.get(mods)
            if exact is not None:
                return exact
            wanted = set(mods)
            candidates = [(len(m), m) for m in by_mods if set(m) <= wanted]
            if candidates:
                candidates.sort(reverse=True)
                best = candidates[0][0]
                tied = [m for size, m in candidates if size == best]
                if len(tied) > 1:
                    raise MissingPrice(
                        f"{'-'.join((key, *mods))} matches rows {tied} of fee schedule "
                        f"{self.name!r} equally well",
                        code=key,
                        modifiers=mods,
                        schedule=self.name,
                    )
                return by_mods[tied[0]]
        if self.default is not None:
            logger.debug("fee schedule %s: default price used for %s", self.name, key)
            return self.default
        raise MissingPrice(code=key, modifiers=mods, schedule=self.name)


def _fee_code(code: str) -> str:
    text = code.strip().upper() if isinstance(code, str) else code
    if isinstance(text, str) and len(text) == 4 and text.isdigit():
        return check("revenue", text)
    return check("procedure", code)


def load_fee_schedule(
    source: str | PathLike[str] | io.TextIOBase,
    *,
    name: str | None = None,
) -> FeeSchedule:
    r"""Load a fee schedule from a CSV file with ``code``, ``modifiers`` and ``amount`` columns.

    ``modifiers`` is optional (as a column and in each row); other columns
    (a description, say) are ignored. Blank lines and lines starting with
    ``#`` are skipped. A ``*`` code sets the schedule-wide default.

    Raises:
        ReferenceDataError: a missing column, a bad code, modifier or amount,
            or a price given twice, with the file and line number.

    Example:
        >>> import io
        >>> text = "code,modifiers,amount\n99213,,125.00\n93000,26,25.00\n"
        >>> fees = load_fee_schedule(io.StringIO(text), name="clinic")
        >>> fees.price("93000", ["26"]), len(fees)
        (Money('25.00'), 2)
    """
    if isinstance(source, io.TextIOBase):
        label = str(name or getattr(source, "name", None) or "<fee schedule>")
        return _parse(source, label, label)
    path = Path(source)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return _parse(handle, str(path), name or path.stem)
    except OSError as exc:
        raise ReferenceDataError(f"cannot read the fee schedule: {exc}", path=str(path)) from exc


def _parse(handle: Iterable[str], path: str, name: str) -> FeeSchedule:
    rows = (
        (number, line)
        for number, line in enumerate(handle, start=1)
        if line.strip() and not line.lstrip().startswith("#")
    )
    numbers: list[int] = []

    def lines() -> Iterable[str]:
        for number, line in rows:
            numbers.append(number)
            yield line

    reader = csv.DictReader(lines())
    fields = [f.strip().lower() for f in reader.fieldnames or ()]
    if "code" not in fields or "amount" not in fields:
        raise ReferenceDataError(
            f"the fee schedule needs 'code' and 'amount' columns, found {fields}",
            path=path,
            line=numbers[0] if numbers else 1,
        )
    reader.fieldnames = fields
    prices: dict[str, dict[tuple[str, ...], Money]] = {}
    default: Money | None = None
    for record in reader:
        line = numbers[-1]
        if None in record:
            raise ReferenceDataError("the row has more cells than the header", path=path, line=line)
        raw_code = (record.get("code") or "").strip()
        raw_mods = (record.get("modifiers") or "").replace(":", " ").split()
        try:
            amount = Money((record.get("amount") or "").strip())
            if raw_code == DEFAULT_CODE:
                if default is not None or raw_mods:
                    raise ReferenceDataError(
                        "the default row (*) appears twice or has modifiers", path=path, line=line
                    )
                default = amount
                continue
            code = _fee_code(raw_code)
            mods = _modifiers(raw_mods)
        except ReferenceDataError:
            raise
        except RcmError as exc:
            raise ReferenceDataError(str(exc), path=path, line=line) from exc
        if amount < Money(0):
            raise ReferenceDataError(f"the price of {code} is negative", path=path, line=line)
        by_mods = prices.setdefault(code, {})
        if mods in by_mods:
            raise ReferenceDataError(
                f"{'-'.join((code, *mods))} is priced twice", path=path, line=line
            )
        by_mods[mods] = amount
    logger.debug("loaded fee schedule %s: %d codes", name, len(prices))
    return FeeSchedule(prices=prices, name=name, default=default)
