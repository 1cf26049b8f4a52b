"""PTP: NCCI procedure-to-procedure edits, by modifier indicator, with the bypass modifiers.

When a provider reports both codes of an NCCI PTP pair for the same patient
on the same date of service, the column-1 code is paid and the column-2
code is denied, unless the edit's modifier indicator is 1 and a clinically
appropriate NCCI PTP-associated modifier is reported (NCCI Policy Manual for
Medicare Services, Chapter I, section E): 59 or the more precise XE
(separate encounter), XS (separate structure), XP (separate practitioner)
and XU (unusual non-overlapping service); the anatomic modifiers (E1-E4,
FA-F9, TA-T9, LT/RT, LC/LD/LM/RC/RI) when the two codes carry different
sites; and the global surgery and other modifiers 24, 25, 27, 57, 58, 78, 79
and 91. Indicator 0 means no modifier ever allows the pair; 9 means the edit
was deleted retroactively and is not an edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from rcm.coding.modifier import NCCI_MODIFIERS
from rcm.edits._facts import ClaimFacts, LineFacts, derived, facts
from rcm.edits._spec import EditSpec, Severity, Status
from rcm.edits.families._common import NCCI_MANUAL, PTP_PAGE, SINCE, ncci_applies
from rcm.edits.tables._common import date_int

if TYPE_CHECKING:
    from rcm.claims import Claim
    from rcm.edits._context import Context, History
    from rcm.edits._finding import Finding
    from rcm.edits.tables import PtpTable

__all__ = ["ANATOMIC", "BYPASS", "EDITS", "PTP001", "PTP002", "PTP003", "PTP004", "PTP005", "check"]

#: Modifiers that bypass an indicator-1 edit when on either code of the pair.
BYPASS: Final = frozenset(
    code for code, m in NCCI_MODIFIERS.items() if m.ptp_bypass and m.group != "anatomic"
)
#: Anatomic modifiers: they bypass an indicator-1 edit when the two codes' sites differ.
ANATOMIC: Final = frozenset(code for code, m in NCCI_MODIFIERS.items() if m.group == "anatomic")
_X_MODIFIERS: Final = frozenset({"XE", "XS", "XP", "XU"})

_BUNDLED = (
    "When both codes of an NCCI PTP pair are reported for the same patient on the same date of "
    "service, the column-1 code is paid and the column-2 code is denied."
)

PTP001 = EditSpec(
    code="PTP001",
    name="ptp-column2-bundled",
    title="Column-2 code bundled (no modifier allowed)",
    severity=Severity.ERROR,
    message="{column2} is bundled into {column1} (modifier indicator {mi})",
    description=(
        f"{_BUNDLED} With modifier indicator 0 no modifier bypasses the edit: the column-2 "
        "service is part of the column-1 service (or they are mutually exclusive)."
    ),
    citations=(NCCI_MANUAL, PTP_PAGE),
    carc="97",
    rarcs=("M15",),
    fix="remove the column-2 code; its payment is included in the column-1 code",
    status=Status.STABLE,
    since=SINCE,
    requires=("ptp",),
)
PTP002 = EditSpec(
    code="PTP002",
    name="ptp-modifier-required",
    title="Column-2 code bundled unless a modifier applies",
    severity=Severity.ERROR,
    message="{column2} is bundled into {column1} (modifier indicator {mi}) and no NCCI modifier "
    "is reported",
    description=(
        f"{_BUNDLED} With modifier indicator 1 an NCCI PTP-associated modifier may bypass the "
        "edit when the services were truly distinct (a separate encounter, anatomic site, "
        "practitioner or non-overlapping service), and the record supports it."
    ),
    citations=(NCCI_MANUAL, PTP_PAGE),
    carc="97",
    rarcs=("M15",),
    fix=(
        "if the services were distinct, append XE, XS, XP or XU (or 59) to the column-2 code, "
        "or anatomic modifiers for different sites; otherwise remove the column-2 code"
    ),
    status=Status.STABLE,
    since=SINCE,
    requires=("ptp",),
)
PTP003 = EditSpec(
    code="PTP003",
    name="ptp-bypassed",
    title="PTP edit bypassed by a modifier",
    severity=Severity.INFO,
    message="{column2} with {column1} (modifier indicator 1) is bypassed by {modifiers}",
    description=(
        "The pair is an NCCI edit with modifier indicator 1 and an NCCI PTP-associated modifier "
        "is reported, so both codes may be paid. The medical record must show the distinct "
        "service; modifier 59 and the X modifiers are frequent audit targets."
    ),
    citations=(NCCI_MANUAL, PTP_PAGE),
    fix="make sure the documentation supports the separate service",
    status=Status.STABLE,
    since=SINCE,
    requires=("ptp",),
)
PTP004 = EditSpec(
    code="PTP004",
    name="ptp-prefer-x-modifier",
    title="Modifier 59 where an X modifier is more precise",
    severity=Severity.INFO,
    message="modifier 59 bypasses {column2} with {column1}; XE, XS, XP or XU says why",
    description=(
        "CMS created the X{EPSU} modifiers as more precise subsets of modifier 59, and some "
        "payers require them. Modifier 59 should be used only when no X modifier describes the "
        "situation."
    ),
    citations=(NCCI_MANUAL,),
    fix="replace 59 with XE, XS, XP or XU when one describes the distinct service",
    status=Status.PREVIEW,
    since=SINCE,
    requires=("ptp",),
)
PTP005 = EditSpec(
    code="PTP005",
    name="ptp-bundled-across-claims",
    title="Column-2 code bundled into a code on an earlier claim",
    severity=Severity.ERROR,
    message="{column2} is bundled into {column1}, billed on an earlier claim for the same day "
    "(modifier indicator {mi})",
    description=(
        f"{_BUNDLED} The edit applies across claims of the same provider: a column-2 code sent "
        "on a later claim is denied against the column-1 code already billed."
    ),
    citations=(NCCI_MANUAL, PTP_PAGE),
    carc="97",
    rarcs=("M15",),
    fix="do not bill the column-2 code separately; if it was distinct, append the modifier",
    status=Status.STABLE,
    since=SINCE,
    requires=("ptp", "history"),
)

EDITS: Final = (PTP001, PTP002, PTP003, PTP004, PTP005)


def bypassing(modifiers1: tuple[str, ...], modifiers2: tuple[str, ...]) -> tuple[str, ...]:
    """The modifiers that bypass an indicator-1 edit between two lines, if any.

    Example:
        >>> bypassing(("25",), ())
        ('25',)
        >>> bypassing(("LT",), ("RT",)), bypassing(("LT",), ("LT",))
        (('LT', 'RT'), ())
    """
    if not modifiers1 and not modifiers2:
        return ()  # most pairs carry no modifier: nothing can bypass
    found = [m for m in (*modifiers1, *modifiers2) if m in BYPASS]
    sites1 = frozenset(m for m in modifiers1 if m in ANATOMIC)
    sites2 = frozenset(m for m in modifiers2 if m in ANATOMIC)
    if (sites1 or sites2) and sites1 != sites2:
        found.extend(sorted(sites1 ^ sites2))
    return tuple(dict.fromkeys(found))


def _row_text(table: PtpTable, index: int) -> str:
    return table.row_text(index)


def check(claim: Claim, context: Context) -> list[Finding]:
    """Look up every pair of same-day lines in the PTP tables in force.

    Example:
        >>> from datetime import date
        >>> from rcm.claims.examples import professional_claim
        >>> from rcm.edits import Context, Tables
        >>> from rcm.edits.tables import PtpRow, PtpTable
        >>> ptp = PtpTable.from_rows([PtpRow("99214", "71046", date(2020, 1, 1), None, 1, "demo")])
        >>> ctx = Context(as_of=date(2025, 3, 10), tables=Tables(ptp=ptp))
        >>> tuple(f.code for f in check(professional_claim(), ctx))
        ('PTP002',)
    """
    found: list[Finding] = []
    if not context.tables.ptp:
        return found
    claim_facts = facts(claim)
    # context.setting_for(claim) and ncci_applies(claim), with the claim's kind from
    # its facts (a model attribute read costs a pydantic __getattr__ hook each).
    professional = claim_facts.kind == "professional"
    setting = context.setting
    if setting is None:
        setting = "practitioner" if professional else "outpatient_hospital"
    memo = derived(context)
    tables: tuple[PtpTable, ...] | None = memo.get(("ptp", setting))
    if tables is None:
        tables = memo[("ptp", setting)] = context.tables.ptp_for(setting)
    if not tables or not (professional or ncci_applies(claim)):
        return found
    for day, lines in claim_facts.coded.items():
        if len(lines) > 1:
            # date_int(day), written out
            _pairs(found, tables, day.year * 10000 + day.month * 100 + day.day, lines)
    history = context.history
    if history is not None and history.knows(claim):
        _across(found, claim, claim_facts, history, tables)
    return found


def _pairs(
    found: list[Finding], tables: tuple[PtpTable, ...], day: int, lines: list[LineFacts]
) -> None:
    # The lines of one date of service, each looked up once as column 1: its
    # column-2 map (cached per code by the table) answers every partner with one
    # dictionary probe, so a day of n lines costs n map fetches and n*n probes,
    # in the order the per-pair definition visits them (tables, first, second).
    reported: set[tuple[int, int]] | None = None
    # The day's codes: one C-level isdisjoint() per line answers "none of the day's
    # other codes is a column-2 partner of this one" (the usual case) without a
    # Python loop over the partners. A code listed as its own partner only makes
    # the test say "maybe"; the loop below skips it as before. A tuple, not a set:
    # isdisjoint() iterates over it, and a small set's table is sparse to walk.
    codes = tuple([fact.code for fact in lines])
    for table in tables:
        maps = table._maps  # column2_rows(code), its cache probed first
        rows_for = table.column2_rows
        for first in lines:
            code1 = first.code
            column2 = maps.get(code1)  # type: ignore[arg-type]  # coded lines have codes
            if column2 is None:
                column2 = rows_for(code1)  # type: ignore[arg-type]
            if not column2 or column2.keys().isdisjoint(codes):
                continue
            for second in lines:
                code2 = second.code
                # Most partners are not in the map: a membership test is the cheapest "no".
                if code2 not in column2 or code2 == code1:
                    continue
                row = table.in_force(column2[code2], day)
                if row < 0:
                    continue
                mi = table.modifier_indicator(row)
                if mi == 9:
                    continue
                pair = (
                    (first.index, second.index)
                    if first.index < second.index
                    else (second.index, first.index)
                )
                if reported is None:
                    reported = set()
                elif pair in reported:
                    continue
                reported.add(pair)
                _finding(found, table, row, mi, pair=pair, lines=(first, second))


def _finding(
    found: list[Finding],
    table: PtpTable,
    row: int,
    mi: int,
    *,
    pair: tuple[int, int],
    lines: tuple[LineFacts, LineFacts],
) -> None:
    first, second = lines
    code1, code2 = first.code, second.code
    trigger = _row_text(table, row)
    source = table.label
    mods = bypassing(first.modifiers, second.modifiers)
    if mi == 0:
        fix = None
        if mods:
            fix = f"remove {code2}: modifier {'/'.join(mods)} cannot bypass an indicator-0 edit"
        found.append(
            PTP001.finding(
                lines=pair,
                column1=code1,
                column2=code2,
                mi=mi,
                trigger=trigger,
                source=source,
                fix=fix,
            )
        )
    elif not mods:
        found.append(
            PTP002.finding(
                lines=pair, column1=code1, column2=code2, mi=mi, trigger=trigger, source=source
            )
        )
    else:
        found.append(
            PTP003.finding(
                lines=pair,
                column1=code1,
                column2=code2,
                modifiers="/".join(mods),
                trigger=trigger,
                source=source,
            )
        )
        if "59" in mods and not _X_MODIFIERS.intersection(mods):
            found.append(
                PTP004.finding(
                    lines=pair, column1=code1, column2=code2, trigger=trigger, source=source
                )
            )


def _across(
    found: list[Finding],
    claim: Claim,
    claim_facts: ClaimFacts,
    history: History,
    tables: tuple[PtpTable, ...],
) -> None:
    # Per date of service: the day's prior lines of the same provider are fetched
    # once, then each of the day's lines is compared with them. Findings name one
    # line each, so visiting lines day by day instead of in claim order changes
    # nothing once the engine sorts them (by line, then code; stable).
    npi = claim_facts.npi
    for day, lines in claim_facts.coded.items():
        day_lines = history.lines_on(claim, day)
        if not day_lines:  # the usual case: nothing billed before on the day
            continue
        priors = [p for p in day_lines if p.provider == npi]
        if not priors:
            continue
        day_number = date_int(day)
        for fact in lines:
            code2 = fact.code
            for prior in priors:
                if prior.code == code2:
                    continue
                for table in tables:
                    row = table.index_in_force(prior.code, code2, day_number)  # type: ignore[arg-type]
                    if row < 0:
                        continue
                    mi = table.modifier_indicator(row)
                    if mi == 9 or (mi == 1 and bypassing(prior.modifiers, fact.modifiers)):
                        break
                    found.append(
                        PTP005.finding(
                            lines=(fact.index,),
                            column1=prior.code,
                            column2=code2,
                            mi=mi,
                            trigger=_row_text(table, row),
                            source=table.label,
                        )
                    )
                    break
