"""rcm's denial taxonomy: every CARC/RARC combination to a root cause, an action, an appeal call.

The table is rcm's own (``data/denial_map.csv``): it holds code *values* only,
never X12's description text. Each row says, for an adjustment group (or any
group), a CARC, optionally a RARC and optionally a condition the caller knows
(``modifier_indicator=0`` for an NCCI pair, ``mue_indicator=3`` for a clinical
MUE), which :class:`DenialCategory` the adjustment belongs to, what to
:class:`Action` next, and whether an appeal makes sense (:class:`Appeal`).

The most specific row wins: a matching condition counts most, then a matching
RARC, then an exact group (over ``*``). Codes the table does not list fall
back to :attr:`DenialCategory.OTHER` with :attr:`Action.REVIEW` (or, for the
``PR`` group, to patient responsibility), so every combination has an answer.
"""

from __future__ import annotations

import csv
import enum
import functools
import io
import logging
from collections.abc import Iterable, Mapping
from importlib.resources import files
from os import PathLike
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

import attrs

from rcm.coding import carc as _carc
from rcm.coding import rarc as _rarc
from rcm.errors import ReferenceDataError

if TYPE_CHECKING:
    from rcm.edits import Finding

__all__ = [
    "BUNDLED_RESOURCE",
    "Action",
    "Appeal",
    "Classification",
    "DenialCategory",
    "DenialRule",
    "DenialTable",
    "classify",
    "classify_finding",
    "default_table",
    "finding_context",
    "load_denial_table",
]

logger = logging.getLogger(__name__)

#: The bundled table inside the package.
BUNDLED_RESOURCE: Final = "data/denial_map.csv"

_GROUPS = frozenset({"CO", "PR", "OA", "PI", "CR", "*"})
_COLUMNS = ("group", "carc", "rarc", "condition", "category", "action", "appeal", "note")


class DenialCategory(enum.StrEnum):
    """The root cause of an adjustment, in rcm's taxonomy.

    The same categories describe what the edit engine predicts a payer would
    deny (through each edit's CARC/RARC) and what payers really deny, so
    prevention and denial analytics line up.

    Example:
        >>> DenialCategory("bundling") is DenialCategory.BUNDLING
        True
    """

    #: The patient was not covered (or not by this plan) on the date of service.
    ELIGIBILITY = "eligibility"
    #: Prior authorization, referral or network rules were not met.
    AUTHORIZATION = "authorization"
    #: A code, modifier, unit count or code combination is wrong for the service.
    CODING = "coding"
    #: The service is included in another one paid (NCCI and payer bundling).
    BUNDLING = "bundling"
    #: The payer does not consider the service medically necessary.
    MEDICAL_NECESSITY = "medical_necessity"
    #: The claim or service was already adjudicated.
    DUPLICATE = "duplicate"
    #: Filed after the payer's time limit.
    TIMELY_FILING = "timely_filing"
    #: Coordination of benefits: another payer pays first, or a prior payer's effect.
    COB = "cob"
    #: Information missing or invalid on the claim, or a documentation request unanswered.
    MISSING_INFORMATION = "missing_information"
    #: Not a covered benefit.
    NON_COVERED = "non_covered"
    #: The contract's reduction (fee schedule, discounts, sequestration): not a denial.
    CONTRACTUAL = "contractual"
    #: Deductible, coinsurance, copay: the patient's share, not a denial.
    PATIENT_RESPONSIBILITY = "patient_responsibility"
    #: A code rcm's table does not place; a person should look.
    OTHER = "other"


class Action(enum.StrEnum):
    """What billing staff should do next about an adjustment.

    Example:
        >>> Action.CORRECT_AND_RESUBMIT.value
        'correct_and_resubmit'
    """

    #: Fix the claim and send a replacement (frequency 7) or a new claim.
    CORRECT_AND_RESUBMIT = "correct_and_resubmit"
    #: Ask the payer to reconsider, with documentation.
    APPEAL = "appeal"
    #: Send the claim to the next (or the right) payer.
    BILL_NEXT_PAYER = "bill_next_payer"
    #: The patient owes it: put it on the statement.
    BILL_PATIENT = "bill_patient"
    #: The provider absorbs it.
    WRITE_OFF = "write_off"
    #: Nothing to do (contractual adjustments, information only).
    NONE = "none"
    #: No rule applies: a person should look.
    REVIEW = "review"


class Appeal(enum.StrEnum):
    """Whether an appeal makes sense: ``yes``, ``no``, or ``depends`` on facts rcm lacks.

    Example:
        >>> Appeal("depends").name
        'DEPENDS'
    """

    YES = "yes"
    NO = "no"
    DEPENDS = "depends"


@attrs.frozen(slots=True)
class DenialRule:
    """One row of a denial table.

    Attributes:
        group: the adjustment group (``CO``, ``PR``, ``OA``, ``PI``, ``CR``) or ``*``.
        carc: the claim adjustment reason code.
        rarc: the remark code the row needs, or ``None`` for any.
        condition: a ``(key, value)`` the caller must know, or ``None``.
        category: the root cause.
        action: what to do.
        appeal: whether an appeal makes sense.
        note: rcm's own short words about the row (never X12 text).
        line: the row's line in its file (``0`` for rows built in code).

    Example:
        >>> rule = DenialRule("*", "97", None, ("modifier_indicator", "0"),
        ...                   DenialCategory.BUNDLING, Action.WRITE_OFF, Appeal.NO)
        >>> rule.key
        ('*', '97', None, ('modifier_indicator', '0'))
    """

    group: str
    carc: str
    rarc: str | None
    condition: tuple[str, str] | None
    category: DenialCategory
    action: Action
    appeal: Appeal
    note: str = ""
    line: int = attrs.field(default=0, eq=False)

    @property
    def key(self) -> tuple[str, str, str | None, tuple[str, str] | None]:
        """What identifies the row: group, CARC, RARC and condition.

        Example:
            >>> DenialRule("PR", "1", None, None, DenialCategory.PATIENT_RESPONSIBILITY,
            ...            Action.BILL_PATIENT, Appeal.NO).key
            ('PR', '1', None, None)
        """
        return (self.group, self.carc, self.rarc, self.condition)


#: Categories that are never denials.
_NOT_DENIALS = frozenset({DenialCategory.CONTRACTUAL, DenialCategory.PATIENT_RESPONSIBILITY})
#: Categories whose ``none`` action means "information only".
_INFORMATIONAL = frozenset({DenialCategory.COB, DenialCategory.OTHER})


@attrs.frozen(slots=True)
class Classification:
    """The answer for one adjustment: category, action, appeal, and the rule that said so.

    Attributes:
        group: the adjustment group asked about.
        carc: the CARC asked about.
        rarc: the remark code that selected the rule, if one did.
        category: the root cause.
        action: what to do next.
        appeal: whether an appeal makes sense.
        rule: the table row used, or ``None`` when no row matched (the fallback).
        release: the table's release, so every answer says where it came from.

    Example:
        >>> c = classify("CO", "45")
        >>> c.category, c.action, c.is_denial
        (<DenialCategory.CONTRACTUAL: 'contractual'>, <Action.NONE: 'none'>, False)
    """

    group: str
    carc: str
    rarc: str | None
    category: DenialCategory
    action: Action
    appeal: Appeal
    rule: DenialRule | None
    release: str

    @property
    def is_denial(self) -> bool:
        """Whether the adjustment is a denial (money the provider may still recover).

        Contractual reductions, patient responsibility and information-only
        codes (a prior payer's effect, CARC 23; a pending review, CARC 133) are
        not denials.

        Example:
            >>> classify("CO", "97").is_denial, classify("OA", "23").is_denial
            (True, False)
        """
        if self.category in _NOT_DENIALS:
            return False
        return not (self.action is Action.NONE and self.category in _INFORMATIONAL)

    @property
    def note(self) -> str:
        """The rule's note, or a word on the fallback.

        Example:
            >>> classify("CO", "45").note
            'charge above the allowed amount'
        """
        if self.rule is None:
            return "no rule in the table; review the code"
        return self.rule.note


def _condition_text(condition: tuple[str, str] | None) -> str:
    return "" if condition is None else f"{condition[0]}={condition[1]}"


@attrs.frozen(slots=True)
class DenialTable:
    """A denial table: rules, where they came from, and a lookup.

    Build one with :func:`load_denial_table` (a CSV file, optionally on top of
    rcm's table) or :meth:`override`; rcm's own table is :func:`default_table`.

    Attributes:
        rules: the rows, in file order.
        release: what the table is (``"rcm-denials-2025.1"``, or yours).
        source: where it came from.

    Example:
        >>> table = default_table()
        >>> table.classify("CO", "236", context={"modifier_indicator": "0"}).appeal
        <Appeal.NO: 'no'>
        >>> table.classify("CO", "236").appeal
        <Appeal.DEPENDS: 'depends'>
    """

    rules: tuple[DenialRule, ...]
    release: str
    source: str = ""
    _by_carc: dict[str, tuple[DenialRule, ...]] = attrs.field(
        init=False, repr=False, eq=False, factory=dict
    )
    _memo: dict[object, Classification] = attrs.field(
        init=False, repr=False, eq=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        index: dict[str, list[DenialRule]] = {}
        seen: set[object] = set()
        for rule in self.rules:
            if rule.key in seen:
                raise ReferenceDataError(
                    f"the denial table lists {'/'.join(str(k) for k in rule.key if k)} twice",
                    path=self.source or None,
                    line=rule.line or None,
                )
            seen.add(rule.key)
            index.setdefault(rule.carc, []).append(rule)
        self._by_carc.update({code: tuple(rules) for code, rules in index.items()})

    def __len__(self) -> int:
        return len(self.rules)

    def classify(
        self,
        group: str,
        carc: str,
        rarcs: Iterable[str] = (),
        *,
        context: Mapping[str, object] | None = None,
    ) -> Classification:
        """Classify one adjustment (group and CARC) with the remark codes that came with it.

        Args:
            group: the CAS group (``CO``, ``PR``, ``OA``, ``PI``, ``CR``).
            carc: the CARC.
            rarcs: remark codes on the same line or claim (``LQ``, ``MOA``, ``MIA``).
            context: facts the caller knows that some rules depend on
                (``{"modifier_indicator": "0"}``); values are compared as text.

        Example:
            >>> default_table().classify("CO", "16", ["M76"]).category
            <DenialCategory.CODING: 'coding'>
            >>> default_table().classify("CO", "999").action
            <Action.REVIEW: 'review'>
        """
        remarks = rarcs if isinstance(rarcs, tuple) else tuple(rarcs)
        facts = tuple(sorted((str(k), str(v)) for k, v in context.items())) if context else ()
        memo_key = (group, carc, remarks, facts)
        found = self._memo.get(memo_key)
        if found is not None:
            return found
        known = dict(facts)
        best: DenialRule | None = None
        best_score = -1
        best_rarc: str | None = None
        for rule in self._by_carc.get(carc, ()):
            if rule.group not in ("*", group):
                continue
            if rule.condition is not None and known.get(rule.condition[0]) != rule.condition[1]:
                continue
            if rule.rarc is not None and rule.rarc not in remarks:
                continue
            score = (
                4 * (rule.condition is not None) + 2 * (rule.rarc is not None) + (rule.group != "*")
            )
            # Ties: the remark listed first wins, then the earlier row.
            if score > best_score or (
                score == best_score
                and rule.rarc is not None
                and best_rarc is not None
                and remarks.index(rule.rarc) < remarks.index(best_rarc)
            ):
                best, best_score, best_rarc = rule, score, rule.rarc
        if best is None:
            result = self._fallback(group, carc)
        else:
            result = Classification(
                group, carc, best.rarc, best.category, best.action, best.appeal, best, self.release
            )
        if len(self._memo) < 65536:
            self._memo[memo_key] = result
        return result

    def _fallback(self, group: str, carc: str) -> Classification:
        if group == "PR":
            return Classification(
                group,
                carc,
                None,
                DenialCategory.PATIENT_RESPONSIBILITY,
                Action.BILL_PATIENT,
                Appeal.NO,
                None,
                self.release,
            )
        return Classification(
            group,
            carc,
            None,
            DenialCategory.OTHER,
            Action.REVIEW,
            Appeal.DEPENDS,
            None,
            self.release,
        )

    def override(
        self, other: DenialTable | Iterable[DenialRule], *, release: str = ""
    ) -> DenialTable:
        """This table with *other*'s rows replacing the rows with the same key, and added.

        A payer's own rules (its denial letters, its contract) go on top of
        rcm's table this way.

        Example:
            >>> mine = DenialRule("CO", "45", None, None, DenialCategory.CONTRACTUAL,
            ...                   Action.APPEAL, Appeal.YES, note="we dispute every CO-45")
            >>> table = default_table().override([mine], release="acme")
            >>> table.classify("CO", "45").action, table.classify("OA", "45").action
            (<Action.APPEAL: 'appeal'>, <Action.NONE: 'none'>)
        """
        extra = other.rules if isinstance(other, DenialTable) else tuple(other)
        replaced = {rule.key: rule for rule in extra}
        rules = [replaced.pop(rule.key, rule) for rule in self.rules]
        rules.extend(rule for rule in extra if rule.key in replaced)
        name = release or (other.release if isinstance(other, DenialTable) else "custom")
        return DenialTable(tuple(rules), f"{self.release}+{name}", self.source)

    def to_csv(self) -> str:
        """The table as CSV text in the layout :func:`load_denial_table` reads.

        Example:
            >>> text = default_table().to_csv()
            >>> load_denial_table(io.StringIO(text), base=None).rules == default_table().rules
            True
        """
        out = io.StringIO()
        out.write(f"# release: {self.release}\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_COLUMNS)
        for rule in self.rules:
            writer.writerow(
                (
                    rule.group,
                    rule.carc,
                    rule.rarc or "",
                    _condition_text(rule.condition),
                    rule.category.value,
                    rule.action.value,
                    rule.appeal.value,
                    rule.note,
                )
            )
        return out.getvalue()


def _enum(kind: type[enum.StrEnum], text: str, *, what: str, path: str, line: int) -> str:
    try:
        return kind(text.strip().lower()).value
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise ReferenceDataError(
            f"{what} {text!r} is not one of: {allowed}", path=path, line=line
        ) from None


def _parse(text: str, path: str) -> tuple[list[DenialRule], dict[str, str]]:
    meta: dict[str, str] = {}
    body: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.startswith("#"):
            key, sep, value = raw[1:].partition(":")
            if sep and key.strip() in ("release", "source"):
                meta[key.strip()] = value.strip()
            continue
        if raw.strip():
            body.append((number, raw))
    if not body:
        raise ReferenceDataError("the denial table has no header row", path=path, line=1)
    header_line, header_text = body[0]
    header = [cell.strip().lower() for cell in next(csv.reader([header_text]))]
    missing = [name for name in _COLUMNS[:-1] if name not in header]
    if missing:
        raise ReferenceDataError(
            f"the denial table has no column {missing[0]!r} (header: {header_text!r})",
            path=path,
            line=header_line,
        )
    position = {name: header.index(name) for name in _COLUMNS if name in header}
    rules: list[DenialRule] = []
    for line, row_text in body[1:]:
        row = next(csv.reader([row_text]))

        def cell(name: str, row: list[str] = row) -> str:
            index = position.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        group = cell("group").upper() or "*"
        if group not in _GROUPS:
            raise ReferenceDataError(
                f"group {group!r} is not CO, PR, OA, PI, CR or *", path=path, line=line
            )
        code = _carc.compact(cell("carc"))
        if not _carc.PATTERN.match(code):
            raise ReferenceDataError(f"{cell('carc')!r} is not a CARC", path=path, line=line)
        remark = _rarc.compact(cell("rarc")) or None
        if remark is not None and not _rarc.PATTERN.match(remark):
            raise ReferenceDataError(f"{cell('rarc')!r} is not a RARC", path=path, line=line)
        condition_text = cell("condition")
        condition: tuple[str, str] | None = None
        if condition_text:
            key, sep, value = condition_text.partition("=")
            if not sep or not key.strip() or not value.strip():
                raise ReferenceDataError(
                    f"condition {condition_text!r} is not key=value", path=path, line=line
                )
            condition = (key.strip(), value.strip())
        rules.append(
            DenialRule(
                group,
                code,
                remark,
                condition,
                DenialCategory(
                    _enum(DenialCategory, cell("category"), what="category", path=path, line=line)
                ),
                Action(_enum(Action, cell("action"), what="action", path=path, line=line)),
                Appeal(_enum(Appeal, cell("appeal"), what="appeal", path=path, line=line)),
                cell("note"),
                line,
            )
        )
    return rules, meta


_DEFAULT: Final = object()


def load_denial_table(
    source: str | PathLike[str] | IO[str],
    *,
    base: DenialTable | object | None = _DEFAULT,
    release: str | None = None,
) -> DenialTable:
    r"""Read a denial table from CSV; by default its rows go on top of rcm's table.

    The layout is the bundled file's: optional ``# release: ...`` and
    ``# source: ...`` lines, a header ``group,carc,rarc,condition,category,
    action,appeal,note``, then one row per rule (see the module docstring).

    Args:
        source: a path or an open text file.
        base: the table the rows override (default: :func:`default_table`);
            ``None`` for a table of these rows only.
        release: the name to give the rows (default: the file's ``# release``).

    Raises:
        ReferenceDataError: an unreadable file, a missing column, a bad group,
            code, category, action or appeal value, or a row listed twice;
            the error names the file and line.

    Example:
        >>> text = ("group,carc,rarc,condition,category,action,appeal\n"
        ...         "CO,45,,,contractual,appeal,yes\n")
        >>> table = load_denial_table(io.StringIO(text), release="acme 2025")
        >>> table.classify("CO", "45").action, table.release
        (<Action.APPEAL: 'appeal'>, 'rcm-denials-2025.1+acme 2025')
    """
    if isinstance(source, (str, PathLike)):
        path = str(source)
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ReferenceDataError(f"cannot read the denial table: {exc}", path=path) from None
    else:
        path = getattr(source, "name", "<denial table>")
        text = source.read().removeprefix("\ufeff")
    rules, meta = _parse(text, path)
    name = release or meta.get("release") or "custom"
    table = DenialTable(tuple(rules), name, meta.get("source", path))
    if base is _DEFAULT:
        base = default_table()
    if base is None:
        return table
    assert isinstance(base, DenialTable)
    return base.override(table, release=name)


@functools.cache
def default_table() -> DenialTable:
    """The denial table rcm ships (bundled; loaded once, on first use).

    Example:
        >>> default_table().release
        'rcm-denials-2025.1'
    """
    text = files("rcm.remit.denials").joinpath(BUNDLED_RESOURCE).read_text(encoding="utf-8")
    rules, meta = _parse(text, BUNDLED_RESOURCE)
    logger.debug("loaded %d denial rules (%s)", len(rules), meta.get("release"))
    return DenialTable(tuple(rules), meta.get("release", "rcm"), meta.get("source", ""))


def classify(
    group: str,
    carc: str,
    rarcs: Iterable[str] = (),
    *,
    context: Mapping[str, object] | None = None,
    table: DenialTable | None = None,
) -> Classification:
    """Classify one adjustment with rcm's table (or *table*).

    See :meth:`DenialTable.classify`.

    Example:
        >>> c = classify("CO", "97", context={"modifier_indicator": 0})
        >>> c.category.value, c.action.value, c.appeal.value
        ('bundling', 'write_off', 'no')
        >>> classify("PR", "2").action
        <Action.BILL_PATIENT: 'bill_patient'>
    """
    return (table or default_table()).classify(group, carc, rarcs, context=context)


# Facts some edit codes imply: PTP001 fires for modifier indicator 0 pairs,
# PTP002 for indicator 1 without a modifier; MUE001-MUE003 are the MUE
# adjudication indicators 1 (line), 2 (policy) and 3 (clinical).
_FINDING_FACTS: Final[Mapping[str, Mapping[str, str]]] = {
    "PTP001": {"modifier_indicator": "0"},
    "PTP002": {"modifier_indicator": "1"},
    "MUE001": {"mue_indicator": "1"},
    "MUE002": {"mue_indicator": "2"},
    "MUE003": {"mue_indicator": "3"},
}


def finding_context(finding: Finding) -> dict[str, str]:
    """The facts an edit finding carries that denial rules depend on.

    Example:
        >>> from rcm.edits.families.ptp import PTP001
        >>> finding_context(PTP001.finding(lines=(0, 1), column1="80053", column2="82565", mi="0"))
        {'modifier_indicator': '0'}
    """
    facts = dict(_FINDING_FACTS.get(finding.code, {}))
    marker = "(modifier indicator "
    if "modifier_indicator" not in facts and marker in finding.message:
        value = finding.message.split(marker, 1)[1][:1]
        if value.isdigit():
            facts["modifier_indicator"] = value
    return facts


def classify_finding(
    finding: Finding, *, group: str = "CO", table: DenialTable | None = None
) -> Classification | None:
    """The denial an edit finding predicts, in the same taxonomy as real denials.

    Uses the finding's predicted CARC and RARCs, and the facts its code implies
    (:func:`finding_context`). ``None`` for findings that predict no CARC.

    Example:
        >>> from rcm.edits.families.ptp import PTP001
        >>> finding = PTP001.finding(lines=(0, 1), column1="80053", column2="82565", mi="0")
        >>> c = classify_finding(finding)
        >>> c.category.value, c.action.value, c.appeal.value
        ('bundling', 'write_off', 'no')
    """
    if finding.carc is None:
        return None
    return classify(
        group, finding.carc, finding.rarcs, context=finding_context(finding), table=table
    )
