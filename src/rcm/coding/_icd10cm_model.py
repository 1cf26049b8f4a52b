"""The values an ICD-10-CM release answers with: entries, notes, code ranges."""

from __future__ import annotations

import attrs

__all__ = ["CodeRange", "Entry", "Note", "SeventhCharacter", "Source"]


def _compact_or_none(code: object) -> str | None:
    if not isinstance(code, str):
        return None
    return code.strip().upper().replace(" ", "").replace(".", "")


@attrs.frozen(slots=True)
class CodeRange:
    """An inclusive range of ICD-10-CM codes, as instructional notes write them.

    Both ends are compact codes. A code belongs to the range when its first
    characters fall between the ends, so every end covers its subcodes, as the
    tabular list intends: ``E10.-`` is ``CodeRange("E10", "E10")`` and holds
    ``E10.9``; ``P55-P59`` holds ``P57.0``; ``S32.1--S32.9`` holds
    ``S32.10XA`` but not the category ``S32`` itself.

    Example:
        >>> r = CodeRange("P55", "P59")
        >>> "P57.0" in r, "P59" in r, "P60" in r, "P5" in r
        (True, True, False, False)
        >>> str(r), str(CodeRange("E10", "E10"))
        ('P55-P59', 'E10')
    """

    first: str
    last: str

    def __contains__(self, code: object) -> bool:
        text = _compact_or_none(code)
        if text is None:
            return False
        return self.first <= text[: len(self.first)] and text[: len(self.last)] <= self.last

    def __str__(self) -> str:
        return self.first if self.first == self.last else f"{self.first}-{self.last}"


@attrs.frozen(slots=True)
class Note:
    """One instructional note of the tabular list, with the codes it names.

    Attributes:
        text: the note as printed (``"type 1 diabetes mellitus (E10.-)"``).
        ranges: the code ranges the note names, parsed from its text.
            Qualifiers such as "with 7th character B" stay in :attr:`text`;
            the ranges cover the whole codes named.
        source: where the note is written: a compact code (``"E11"``), a block
            (``"E08-E13"``) or a chapter (``"chapter 4"``). Notes written on an
            ancestor apply to every code below it.

    Example:
        >>> note = Note("type 1 diabetes mellitus (E10.-)", (CodeRange("E10", "E10"),), "E11")
        >>> "E10.9" in note, "E11.9" in note
        (True, False)
    """

    text: str
    ranges: tuple[CodeRange, ...]
    source: str

    def __contains__(self, code: object) -> bool:
        return any(code in r for r in self.ranges)


@attrs.frozen(slots=True)
class SeventhCharacter:
    """One 7th-character definition (``A`` = initial encounter).

    Example:
        >>> SeventhCharacter("A", "initial encounter")
        SeventhCharacter(character='A', meaning='initial encounter')
    """

    character: str
    meaning: str


@attrs.frozen(slots=True)
class Source:
    """Where a release's data came from.

    Attributes:
        file: the official file name (``icd10cm-tabular-April-2025.xml``).
        sha256: the SHA-256 of that file, in hex.
        url: the publisher's page for the file, when known.
        via: how the file was obtained when not straight from the publisher.

    Example:
        >>> Source(file="t.xml", sha256="00" * 32).url is None
        True
    """

    file: str
    sha256: str
    url: str | None = None
    via: str | None = None


@attrs.frozen(slots=True)
class Entry:
    """What an ICD-10-CM release says about one code.

    Entries come from :meth:`Release.lookup <rcm.coding.icd10cm.Release.lookup>`
    and :func:`rcm.coding.icd10cm.lookup`. Notes written on a category, block
    or chapter are inherited by every code below it, as the tabular list
    intends; each :class:`Note` says where it was written.

    Attributes:
        code: the compact code (``"E119"``); :attr:`formatted` gives ``E11.9``.
        description: the tabular description; for codes with a 7th character,
            the description of the code it extends, a comma, and the meaning of
            the 7th character (as CMS's code-description files print them).
        billable: whether the code is valid for claims (a leaf of the tabular
            list, carrying its 7th character where one is required).
        parent: the code one level up, or ``None`` for a category.
        chapter: the chapter number (1-22).
        block: the block (section) of the chapter, e.g. ``"E08-E13"``.
        release: the version of the release that answered (``"FY2026"``).
        excludes1: "NOT CODED HERE" notes: never report with these codes.
        excludes2: "Not included here" notes: may be reported together.
        code_first: "Code first" notes (the underlying condition).
        use_additional_code: "Use additional code" notes.
        code_also: "Code also" notes.
        inclusion_terms: the terms listed under the code itself.
        seventh_characters: the 7th characters the code (or, for a billable
            7-character code, the code it extends) takes; empty when none.

    Example:
        >>> from datetime import date
        >>> from rcm.coding import icd10cm
        >>> e = icd10cm.lookup("e11.9", on=date(2025, 11, 1))
        >>> e.formatted, e.description, e.billable, e.parent, e.chapter, e.release
        ('E11.9', 'Type 2 diabetes mellitus without complications', True, 'E11', 4, 'FY2026')
        >>> tuple(note.source for note in e.excludes1 if "E10.9" in note)
        ('E11',)
    """

    code: str
    description: str
    billable: bool
    parent: str | None
    chapter: int
    block: str
    release: str
    excludes1: tuple[Note, ...] = attrs.field(default=(), repr=False)
    excludes2: tuple[Note, ...] = attrs.field(default=(), repr=False)
    code_first: tuple[Note, ...] = attrs.field(default=(), repr=False)
    use_additional_code: tuple[Note, ...] = attrs.field(default=(), repr=False)
    code_also: tuple[Note, ...] = attrs.field(default=(), repr=False)
    inclusion_terms: tuple[str, ...] = attrs.field(default=(), repr=False)
    seventh_characters: tuple[SeventhCharacter, ...] = attrs.field(default=(), repr=False)

    @property
    def formatted(self) -> str:
        """The code in display form (``E11.9``).

        Example:
            >>> from datetime import date
            >>> from rcm.coding import icd10cm
            >>> icd10cm.lookup("S72001A", on=date(2025, 11, 1)).formatted
            'S72.001A'
        """
        return self.code if len(self.code) == 3 else f"{self.code[:3]}.{self.code[3:]}"

    @property
    def excludes1_ranges(self) -> tuple[CodeRange, ...]:
        """Every code range named by the Excludes1 notes, own and inherited.

        Example:
            >>> from datetime import date
            >>> from rcm.coding import icd10cm
            >>> e = icd10cm.lookup("E11.9", on=date(2025, 11, 1))
            >>> any("E10.9" in r for r in e.excludes1_ranges)
            True
        """
        return tuple(r for note in self.excludes1 for r in note.ranges)

    @property
    def excludes2_ranges(self) -> tuple[CodeRange, ...]:
        """Every code range named by the Excludes2 notes, own and inherited.

        Example:
            >>> from datetime import date
            >>> from rcm.coding import icd10cm
            >>> e = icd10cm.lookup("J45.909", on=date(2025, 11, 1))
            >>> any("J44.89" in r for r in e.excludes2_ranges)
            True
        """
        return tuple(r for note in self.excludes2 for r in note.ranges)
