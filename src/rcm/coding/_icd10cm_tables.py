"""The in-memory form of one ICD-10-CM release, and the two file layouts it reads.

Readers:

* :func:`tables_from_xml` reads the CDC/NCHS "ICD-10-CM Tabular List" XML
  (``icd10cm-tabular-*.xml``: ``<chapter>`` / ``<section>`` / nested ``<diag>``
  with ``<excludes1>``, ``<sevenChrDef>`` ... children) and derives the code
  list the way CMS's "code descriptions in tabular order" files list it:
  every leaf of the tree is billable, except that a leaf under a 7th-character
  definition (its own or an ancestor's, the nearest winning) is a header and
  each of its 7th characters makes a billable code, padded with the ``X``
  placeholder to six characters first (``S02.0`` -> ``S02.0XXA``). Tabular
  notes that take 7th characters away from some codes (category S06: "7th
  characters D and S do not apply to codes ... with 6th character 7 ... or 8")
  are applied.
* :func:`tables_from_tsv` reads rcm's compact bundled form, written by
  :func:`write_tsv` (used by ``scripts/update/icd10cm.py``).

The compact form is UTF-8 text, gzipped, tab-separated, one column per line
so that reading it is a handful of string splits::

    #rcm-icd10cm<TAB>1                  layout tag and version
    #<key><TAB><value>                  header: release, source, sha256, counts
    @codes<TAB>A00<TAB>A000<TAB>...     every code, compact, in tabular order
    @billable<TAB>0110...               1 for each billable code, 0 for headers
    @kinds<TAB>CB1223...                per tree row: C chapter, B block, or the
                                        depth of a code (1 for a category)
    @names<TAB>1<TAB>A00-A09<TAB>A00... per row: chapter number, block id or code
    @titles<TAB>...                     per row: the title (<desc>)
    @parents<TAB>-1<TAB>0<TAB>1...      per row: the row of its parent
    @note_rows<TAB>0<TAB>0<TAB>...      per note: its row
    @note_kinds<TAB>includes<TAB>...    per note: its XML kind (excludes1 ...)
    @note_texts<TAB>...                 per note: its text
    7<TAB><row><TAB><char>=<meaning>... one line per 7th-character definition

The code list and flags are read at once, so membership and billability are
ready after two splits; the tree (titles, notes) is read the first time an
:class:`~rcm.coding.icd10cm.Entry` is built.
"""

from __future__ import annotations

import gzip
import logging
import operator
import re
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from rcm.coding._icd10cm_model import CodeRange, Entry, Note, SeventhCharacter
from rcm.errors import ReferenceDataError

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["FORMAT_TAG", "Tables", "Tree", "tables_from_tsv", "tables_from_xml", "write_tsv"]

logger = logging.getLogger(__name__)

#: First line of the compact layout; the number is the layout version.
FORMAT_TAG: Final = "#rcm-icd10cm\t1"

CHAPTER, BLOCK = "C", "B"

#: XML note containers kept, as the tabular list names them.
NOTE_KINDS: Final = frozenset(
    {
        "includes",
        "inclusionTerm",
        "excludes1",
        "excludes2",
        "codeFirst",
        "useAdditionalCode",
        "codeAlso",
        "notes",
        "sevenChrNote",
    }
)
_INHERITED: Final = ("excludes1", "excludes2", "codeFirst", "useAdditionalCode", "codeAlso")

# A code reference inside note text: E10, E10.-, O24.4-, S06.1-, P70.2 ...
_REF: Final = re.compile(
    r"(?<![A-Za-z0-9])([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)(?![A-Za-z0-9])", re.ASCII
)
# What may stand between the two ends of a range: "-", "--", " - ", "- to ", ".- to ".
_RANGE_JOIN: Final = re.compile(r"(?:\.?-)?\s*(?:-|–|to|through)\s*|-")

# "7th characters D and S do not apply to codes in category S06 with 6th
# character 7 - death due to ..., or 8 - death due to ..." (the S06 note).
_SEVENTH_EXCEPTION: Final = re.compile(
    r"7th characters? (?P<chars>.+?) (?:do|does) not apply to codes in "
    r"(?:sub)?category (?P<code>[A-Z0-9.]+) with 6th characters? (?P<rest>.*)",
    re.ASCII | re.DOTALL,
)


def _clean_text(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


#: chapter, block, excludes1, excludes2, code first, use additional code, code
#: also, 7th characters, and the 7th characters' meanings by character.
_RowContext = tuple[
    int,
    str,
    tuple[Note, ...],
    tuple[Note, ...],
    tuple[Note, ...],
    tuple[Note, ...],
    tuple[Note, ...],
    tuple[SeventhCharacter, ...],
    dict[str, str],
]


class Tree:
    """The tabular list as parallel columns, one row per chapter, block or code.

    ``kinds`` holds ``C`` (chapter), ``B`` (block) or, for a code, its depth
    as a digit (``1`` for a category); ``names`` the chapter number, the block
    id (``A00-A09``) or the compact code; ``parents`` the row of the parent
    (-1 for chapters). Notes are three parallel columns sorted by row.
    """

    __slots__ = (
        "_term_rows",
        "context_cache",
        "descs",
        "kinds",
        "names",
        "note_kinds",
        "note_rows",
        "note_texts",
        "notes_cache",
        "parents",
        "rows",
        "seven",
        "seven_cache",
    )

    def __init__(self) -> None:
        self.kinds: list[str] = []
        self.names: list[str] = []
        self.descs: list[str] = []
        self.parents: list[int] = []
        self.note_rows: list[int] = []
        self.note_kinds: list[str] = []
        self.note_texts: list[str] = []
        self.seven: dict[int, list[tuple[str, str]]] = {}
        self.rows: dict[str, int] = {}
        self.notes_cache: dict[int, dict[str, tuple[Note, ...]]] = {}
        self.seven_cache: dict[int, tuple[SeventhCharacter, ...]] = {}
        self.context_cache: dict[int, _RowContext] = {}
        self._term_rows: set[int] | None = None

    @property
    def term_rows(self) -> set[int]:
        """The rows that have inclusion terms."""
        if self._term_rows is None:
            self._term_rows = {
                row
                for row, kind in zip(self.note_rows, self.note_kinds, strict=True)
                if kind == "inclusionTerm"
            }
        return self._term_rows

    def add(self, kind: str, name: str, desc: str, parent: int) -> int:
        row = len(self.names)
        self.kinds.append(kind)
        self.names.append(name)
        self.descs.append(desc)
        self.parents.append(parent)
        self.rows[name] = row
        return row

    def add_note(self, row: int, kind: str, text: str) -> None:
        self.note_rows.append(row)
        self.note_kinds.append(kind)
        self.note_texts.append(text)

    def notes(self, row: int) -> list[tuple[str, str]]:
        """The notes written on *row*, in tabular order."""
        lo = bisect_left(self.note_rows, row)
        hi = bisect_right(self.note_rows, row, lo)
        return list(zip(self.note_kinds[lo:hi], self.note_texts[lo:hi], strict=True))

    def effective_seven(self, row: int) -> list[tuple[str, str]] | None:
        """The 7th-character definition in force at *row* (own or nearest ancestor's)."""
        kinds, parents, seven = self.kinds, self.parents, self.seven
        while row >= 0 and kinds[row] < "A":
            found = seven.get(row)
            if found is not None:
                return found
            row = parents[row]
        return None


class Tables:
    """Every code of one release, in tabular order, with lazily built entries."""

    __slots__ = (
        "_tree",
        "_tree_loader",
        "billable",
        "categories",
        "codes",
        "entry_at",
        "index",
        "tuples",
        "version",
        "where",
    )

    def __init__(
        self,
        codes: list[str],
        billable: list[bool],
        *,
        version: str,
        where: str,
        tree: Tree | None = None,
        tree_loader: Callable[[], Tree] | None = None,
    ) -> None:
        self.codes = codes
        self.billable = billable
        self.version = version
        self.where = where
        self.index: dict[str, int] = dict(zip(codes, range(len(codes)), strict=True))
        if len(self.index) != len(codes):
            counts: dict[str, int] = {}
            for code in codes:
                counts[code] = counts.get(code, 0) + 1
            twice = sorted(code for code, n in counts.items() if n > 1)
            raise ReferenceDataError(f"codes defined twice: {', '.join(twice[:5])}", path=where)
        self.entry_at: list[Entry | None] = [None] * len(codes)
        self.tuples: dict[bool | None, tuple[str, ...]] = {}
        self.categories: frozenset[str] | None = None
        self._tree = tree
        self._tree_loader = tree_loader

    @property
    def tree(self) -> Tree:
        """The tabular tree (titles and notes), read on first use."""
        tree = self._tree
        if tree is None:
            assert self._tree_loader is not None
            tree = self._tree_loader()
            self._tree = tree
            self._tree_loader = None
        return tree

    # -- entries ----------------------------------------------------------------

    def _parse_ranges(self, text: str) -> tuple[CodeRange, ...]:
        refs = [(m.start(1), m.end(1), m.group(1).replace(".", "")) for m in _REF.finditer(text)]
        cats = self.categories
        if cats is None:
            cats = self.categories = frozenset(c for c in self.codes if len(c) == 3)
        ranges: list[CodeRange] = []
        k = 0
        while k < len(refs):
            start, end, first = refs[k]
            last = first
            if k + 1 < len(refs) and _RANGE_JOIN.fullmatch(text[end : refs[k + 1][0]]):
                last = refs[k + 1][2]
                k += 1
            k += 1
            # Notes put codes in parentheses: "type 1 diabetes mellitus (E10.-)".
            # Outside them a code-like word must name a category of the release
            # ("in subcategories S06.1- to S06.6-"), which "vitamin B12" does not.
            inside = text.count("(", 0, start) > text.count(")", 0, start)
            if inside or first[:3] in cats or last[:3] in cats:
                ranges.append(CodeRange(first, last))
        return tuple(ranges)

    def _notes_of(self, tree: Tree, row: int) -> dict[str, tuple[Note, ...]]:
        """The notes in force at *row*, by XML kind: its own first, then its ancestors'."""
        cached = tree.notes_cache.get(row)
        if cached is not None:
            return cached
        parent = tree.parents[row]
        inherited = self._notes_of(tree, parent) if parent >= 0 else {}
        kind_of_row = tree.kinds[row]
        source = f"chapter {tree.names[row]}" if kind_of_row == CHAPTER else tree.names[row]
        own: dict[str, list[Note]] = {}
        for kind, text in tree.notes(row):
            if kind in _INHERITED:
                own.setdefault(kind, []).append(Note(text, self._parse_ranges(text), source))
        result: dict[str, tuple[Note, ...]]
        if own:
            result = {
                kind: tuple(own.get(kind, ())) + inherited.get(kind, ())
                for kind in _INHERITED
                if kind in own or kind in inherited
            }
        else:
            result = inherited
        tree.notes_cache[row] = result
        return result

    def _seven_of(self, tree: Tree, row: int) -> tuple[SeventhCharacter, ...]:
        """The 7th characters in force at *row*.

        For a code that takes them (a leaf), only those the code list has: a
        tabular note may take some away (category S06).
        """
        cached = tree.seven_cache.get(row)
        if cached is not None:
            return cached
        definition = tree.effective_seven(row)
        result: tuple[SeventhCharacter, ...] = ()
        if definition is not None:
            padded = tree.names[row][:6].ljust(6, "X")
            index = self.index
            result = tuple(SeventhCharacter(c, m) for c, m in definition if padded + c in index)
            if not result:  # a header above the codes that take them
                result = tuple(SeventhCharacter(c, m) for c, m in definition)
        tree.seven_cache[row] = result
        return result

    def _chapter_block(self, tree: Tree, row: int) -> tuple[int, str]:
        block = ""
        while row >= 0:
            kind = tree.kinds[row]
            if kind == BLOCK:
                block = tree.names[row]
            elif kind == CHAPTER:
                return int(tree.names[row]), block
            row = tree.parents[row]
        raise ReferenceDataError(f"{tree.names[row]} is not in a chapter", path=self.where)

    def _row_of(self, tree: Tree, code: str) -> tuple[int, str]:
        """The tree row of *code* and its 7th character ('' when it is a row itself)."""
        row = tree.rows.get(code)
        if row is not None and tree.kinds[row] < "A":
            return row, ""
        base = code[:6]
        while len(code) == 7 and len(base) >= 3:
            row = tree.rows.get(base)
            if row is not None and tree.kinds[row] < "A":
                return row, code[6]
            if not base.endswith("X"):
                break
            base = base[:-1]
        raise ReferenceDataError(
            f"code {code} is in the code list but not in the tabular tree", path=self.where
        )

    def _context(self, tree: Tree, row: int) -> _RowContext:
        """What every code of *row* shares (the row's own code and its 7th-character codes)."""
        context = tree.context_cache.get(row)
        if context is None:
            chapter, block = self._chapter_block(tree, row)
            notes = self._notes_of(tree, row)
            seven = self._seven_of(tree, row)
            context = (
                chapter,
                block,
                notes.get("excludes1", ()),
                notes.get("excludes2", ()),
                notes.get("codeFirst", ()),
                notes.get("useAdditionalCode", ()),
                notes.get("codeAlso", ()),
                seven,
                {sc.character: sc.meaning for sc in seven},
            )
            tree.context_cache[row] = context
        return context

    def entry(self, pos: int) -> Entry:
        """Build (once) the :class:`Entry` for the code at *pos*."""
        cached = self.entry_at[pos]
        if cached is not None:
            return cached
        tree = self.tree
        code = self.codes[pos]
        row = tree.rows.get(code, -1)
        if row >= 0 and tree.kinds[row] < "A":
            char = ""
        else:
            row, char = self._row_of(tree, code)
        chapter, block, e1, e2, first, additional, also, seven, meanings = self._context(tree, row)
        if char:
            meaning = meanings.get(char, "")
            description = f"{tree.descs[row]}, {meaning}" if meaning else tree.descs[row]
            parent: str | None = tree.names[row]
            terms: tuple[str, ...] = ()
        else:
            description = tree.descs[row]
            up = tree.parents[row]
            parent = tree.names[up] if tree.kinds[up] < "A" else None
            terms = (
                tuple(t for k, t in tree.notes(row) if k == "inclusionTerm")
                if row in tree.term_rows
                else ()
            )
        entry = Entry(
            code,
            description,
            self.billable[pos],
            parent,
            chapter,
            block,
            self.version,
            e1,
            e2,
            first,
            additional,
            also,
            terms,
            seven,
        )
        self.entry_at[pos] = entry
        return entry


# -- deriving the code list from the tree ---------------------------------------


def _seven_rules(tree: Tree, row: int, where: str) -> list[tuple[frozenset[str], frozenset[str]]]:
    """Exceptions a ``<notes>`` note of *row* makes to the 7th characters below it."""
    rules = []
    for kind, text in tree.notes(row):
        if kind != "notes" or "7th character" not in text:
            continue
        match = _SEVENTH_EXCEPTION.search(text)
        if match is None:
            if "not apply" in text or "except" in text:
                logger.warning(
                    "%s: a note on %s about 7th characters is not understood, so no "
                    "exception is applied: %r",
                    where,
                    tree.names[row],
                    text,
                )
            continue
        chars = frozenset(re.findall(r"\b([0-9A-Z])\b", match["chars"]))
        sixth = frozenset(re.findall(r"(?<![A-Za-z0-9])([0-9A-Z])(?=\s+-\s)", match["rest"]))
        named = match["code"].replace(".", "")
        if not chars or not sixth or named != tree.names[row]:
            logger.warning(
                "%s: a note on %s about 7th characters names %s or no characters, so no "
                "exception is applied: %r",
                where,
                tree.names[row],
                named,
                text,
            )
            continue
        rules.append((sixth, chars))
    return rules


def _derive_codes(tree: Tree, leaf: list[bool], where: str) -> tuple[list[str], list[bool]]:
    codes: list[str] = []
    billable: list[bool] = []
    kinds, names, parents = tree.kinds, tree.names, tree.parents
    rules_at: dict[int, list[tuple[frozenset[str], frozenset[str]]]] = {}
    noted = {
        row
        for row, kind, text in zip(tree.note_rows, tree.note_kinds, tree.note_texts, strict=True)
        if kind == "notes" and "7th character" in text
    }
    for row, kind in enumerate(kinds):
        if kind >= "A":
            continue
        rules = rules_at.get(parents[row], [])
        if row in noted:
            rules = rules + _seven_rules(tree, row, where)
        if rules:
            rules_at[row] = rules
        name = names[row]
        codes.append(name)
        seven = tree.effective_seven(row)
        if not leaf[row] or seven is None:
            billable.append(leaf[row])
            continue
        billable.append(False)
        padded = name.ljust(6, "X")
        excluded: set[str] = set()
        for sixth, chars in rules:
            if padded[5] in sixth:
                excluded |= chars
        for char, _ in seven:
            if char not in excluded:
                codes.append(padded + char)
                billable.append(True)
    return codes, billable


# -- the CDC tabular XML --------------------------------------------------------


def _text(elem: Element, tag: str) -> str:
    child = elem.find(tag)
    return _clean_text(child.text if child is not None else None)


def _notes(tree: Tree, row: int, elem: Element) -> None:
    for child in elem:
        if child.tag in NOTE_KINDS:
            for note in child.iter("note"):
                text = _clean_text("".join(note.itertext()))
                if text:  # the October 2025 file has an empty <note/> under R11.16
                    tree.add_note(row, child.tag, text)


def _seven(tree: Tree, row: int, elem: Element, where: str) -> None:
    definition = elem.find("sevenChrDef")
    if definition is None:
        return
    seven = []
    for ext in definition.iter("extension"):
        char = (ext.get("char") or "").strip().upper()
        if len(char) != 1 or not char.isalnum() or not char.isascii():
            raise ReferenceDataError(
                f"the 7th-character definition of {tree.names[row]} has an <extension> "
                f'without a one-character char="..." attribute (got {char!r})',
                path=where,
            )
        seven.append((char, _clean_text(ext.text)))
    tree.seven[row] = seven


def tables_from_xml(root: Element, *, version: str, where: str) -> Tables:
    """Turn the parsed tabular XML into :class:`Tables`, checking its structure."""
    if root.tag != "ICD10CM.tabular":
        raise ReferenceDataError(
            f"not an ICD-10-CM tabular list: the root element is <{root.tag}>, "
            "expected <ICD10CM.tabular>",
            path=where,
        )
    tree = Tree()
    leaf: list[bool] = []

    def add_code(elem: Element, parent: int, depth: int) -> None:
        raw = _text(elem, "name")
        name = raw.replace(".", "").upper()
        if not 3 <= len(name) <= 7 or not name.isalnum() or not name.isascii():
            raise ReferenceDataError(
                f"a <diag> under {tree.names[parent]} has the name {raw!r}, "
                "which is not an ICD-10-CM code",
                path=where,
            )
        desc = _text(elem, "desc")
        if not desc:
            raise ReferenceDataError(f"code {raw} has no <desc>", path=where)
        if name in tree.rows and tree.kinds[tree.rows[name]] < "A":
            raise ReferenceDataError(f"code {raw} is defined twice", path=where)
        if depth > 9:
            raise ReferenceDataError(f"code {raw} is nested too deep", path=where)
        row = tree.add(str(depth), name, desc, parent)
        _notes(tree, row, elem)
        _seven(tree, row, elem, where)
        children = elem.findall("diag")
        leaf.append(not children)
        for child in children:
            add_code(child, row, depth + 1)

    for chapter in root.findall("chapter"):
        number = _text(chapter, "name")
        if not number.isdigit():
            raise ReferenceDataError(
                f"a <chapter> has the name {number!r}, expected its number", path=where
            )
        chapter_row = tree.add(CHAPTER, number, _text(chapter, "desc"), -1)
        leaf.append(False)
        _notes(tree, chapter_row, chapter)
        for section in chapter.findall("section"):
            block = (section.get("id") or "").strip()
            if not block:
                raise ReferenceDataError(
                    f"a <section> of chapter {number} has no id attribute", path=where
                )
            block_row = tree.add(BLOCK, block, _text(section, "desc"), chapter_row)
            leaf.append(False)
            _notes(tree, block_row, section)
            for diag in section.findall("diag"):
                add_code(diag, block_row, 1)
    if not any(leaf):
        raise ReferenceDataError(
            "the tabular list has no <chapter>/<section>/<diag> codes", path=where
        )
    codes, billable = _derive_codes(tree, leaf, where)
    return Tables(codes, billable, version=version, where=where, tree=tree)


# -- rcm's compact layout -------------------------------------------------------


def write_tsv(tables: Tables, header: dict[str, str]) -> bytes:
    """Serialize *tables* under *header* (``key -> value`` lines), gzipped.

    The gzip header carries no timestamp or file name, so the same input gives
    the same bytes.
    """
    tree = tables.tree
    lines = [FORMAT_TAG]
    lines.extend(f"#{key}\t{value}" for key, value in header.items())
    lines.append("@codes\t" + "\t".join(tables.codes))
    lines.append("@billable\t" + "".join("1" if b else "0" for b in tables.billable))
    lines.append("@kinds\t" + "".join(tree.kinds))
    lines.append("@names\t" + "\t".join(tree.names))
    lines.append("@titles\t" + "\t".join(tree.descs))
    lines.append("@parents\t" + "\t".join(map(str, tree.parents)))
    lines.append("@note_rows\t" + "\t".join(map(str, tree.note_rows)))
    lines.append("@note_kinds\t" + "\t".join(tree.note_kinds))
    lines.append("@note_texts\t" + "\t".join(tree.note_texts))
    for row in sorted(tree.seven):
        pairs = "\t".join(f"{c}={m}" for c, m in tree.seven[row])
        lines.append(f"7\t{row}\t{pairs}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return gzip.compress(data, compresslevel=9, mtime=0)


def _bad(where: str, line: int, message: str) -> ReferenceDataError:
    return ReferenceDataError(message, path=where, line=line)


def _column(lines: list[str], number: int, tag: str, where: str) -> list[str]:
    line = lines[number] if number < len(lines) else ""
    if not line.startswith(tag + "\t"):
        raise _bad(where, number + 1, f"expected the {tag} line")
    return line[len(tag) + 1 :].split("\t")


_KINDS: Final = frozenset("CB123456789")


def _parse_tree(lines: list[str], first: int, where: str) -> Tree:
    """Read the tree columns starting at *lines[first]* (0-based).

    The checks run at C speed (set and ``map`` operations): they guarantee that
    every row's parent comes before it, so walking up always ends.
    """
    tree = Tree()
    kinds = list("".join(_column(lines, first, "@kinds", where)))
    names = _column(lines, first + 1, "@names", where)
    descs = _column(lines, first + 2, "@titles", where)
    try:
        parents = list(map(int, _column(lines, first + 3, "@parents", where)))
        note_rows = list(map(int, _column(lines, first + 4, "@note_rows", where)))
    except ValueError:
        raise _bad(where, first + 4, "row numbers must be integers") from None
    note_kinds = _column(lines, first + 5, "@note_kinds", where)
    note_texts = _column(lines, first + 6, "@note_texts", where)
    rows = len(kinds)
    if not (len(names) == len(descs) == len(parents) == rows) or not (
        len(note_rows) == len(note_kinds) == len(note_texts)
    ):
        raise _bad(where, first + 1, "the tree columns have different lengths")
    if not set(kinds) <= _KINDS or "C" not in kinds[:1]:
        raise _bad(where, first + 1, "@kinds must start with a chapter and hold only C, B, 1-9")
    if any(map(operator.ge, parents, range(rows))) or min(parents) < -1:
        raise _bad(where, first + 4, "every row's parent must come before it")
    if note_rows and (
        any(map(operator.gt, note_rows, note_rows[1:]))
        or note_rows[0] < 0
        or note_rows[-1] >= rows
        or not set(note_kinds) <= NOTE_KINDS
    ):
        raise _bad(where, first + 5, "notes must be sorted by a valid row and of a known kind")
    tree.kinds = kinds
    tree.names = names
    tree.descs = descs
    tree.parents = parents
    tree.note_rows = note_rows
    tree.note_kinds = note_kinds
    tree.note_texts = note_texts
    # A block may be named like its only category (B10); the code's row, which
    # comes later, wins, and readers check that a row found is a code.
    tree.rows = dict(zip(names, range(rows), strict=True))
    for number in range(first + 7, len(lines)):
        line = lines[number]
        if not line:
            continue
        fields = line.split("\t")
        pairs = [field.partition("=") for field in fields[2:]]
        if (
            fields[0] != "7"
            or len(fields) < 3
            or not fields[1].isdigit()
            or not 0 <= int(fields[1]) < rows
            or kinds[int(fields[1])] >= "A"
            or any(len(c) != 1 or not sep for c, sep, _ in pairs)
        ):
            raise _bad(where, number + 1, f"malformed 7th-character line: {line[:80]!r}")
        tree.seven[int(fields[1])] = [(c, m) for c, _, m in pairs]
    return tree


def tables_from_tsv(
    data: bytes, *, where: str, version: str | None = None
) -> tuple[Tables, dict[str, str]]:
    """Read rcm's compact layout (gzipped or not) into tables and its header.

    Membership and billability are read at once; the tree is read (and
    checked) the first time an entry is built.
    """
    try:
        raw = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        text = raw.decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as exc:
        raise ReferenceDataError(
            f"cannot read the compact release file: {exc}", path=where
        ) from None
    lines = text.split("\n")
    if lines[0] != FORMAT_TAG:
        raise _bad(
            where, 1, f"not an rcm ICD-10-CM release file: the first line is not {FORMAT_TAG!r}"
        )
    header: dict[str, str] = {}
    number = 1
    while number < len(lines) and lines[number].startswith("#"):
        key, _, value = lines[number][1:].partition("\t")
        header[key] = value
        number += 1
    codes = _column(lines, number, "@codes", where)
    flags = "".join(_column(lines, number + 1, "@billable", where))
    if len(flags) != len(codes) or flags.strip("01"):
        raise _bad(
            where,
            number + 2,
            f"@billable must hold one 0 or 1 per code ({len(flags)} flags, {len(codes)} codes)",
        )
    billable = [flag == "1" for flag in flags]
    first_tree_line = number + 2
    tables = Tables(
        codes,
        billable,
        version=version or header.get("version", ""),
        where=where,
        tree_loader=lambda: _parse_tree(lines, first_tree_line, where),
    )
    return tables, header
