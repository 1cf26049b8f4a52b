"""X12 delimiters and segments: the two values every other X12 module passes around."""

from __future__ import annotations

import attrs

from rcm.errors import X12SyntaxError

__all__ = ["DEFAULT_DELIMITERS", "Delimiters", "Segment"]


def _check_delimiters(instance: Delimiters, attribute: attrs.Attribute[str], value: str) -> None:
    if attribute.name == "repetition" and value == "":
        return
    if len(value) != 1:
        raise X12SyntaxError(f"the {attribute.name} separator must be one character, got {value!r}")
    if value.isalnum() or value == " ":
        raise X12SyntaxError(
            f"the {attribute.name} separator {value!r} is a letter, digit or space, "
            "which X12 data may contain"
        )


@attrs.frozen(slots=True)
class Delimiters:
    r"""The four X12 separators, as declared by the ISA segment.

    Attributes:
        element: separates elements (ISA byte 4, usually ``*``).
        component: separates the parts of a composite element (ISA16, usually ``:``).
        repetition: separates repeats of an element (ISA11 in 5010, usually ``^``);
            ``""`` where the interchange has none (004010 uses ISA11 for the
            standards identifier ``U``).
        segment: ends each segment (the byte after ISA16, usually ``~``).
        suffix: what a writer puts after each segment terminator, such as
            ``"\n"``; readers accept LF or CRLF there whatever this says.

    Example:
        >>> Delimiters()
        Delimiters(element='*', component=':', repetition='^', segment='~', suffix='')
        >>> Delimiters(element="|", segment="\n").element
        '|'
    """

    element: str = attrs.field(default="*", validator=_check_delimiters)
    component: str = attrs.field(default=":", validator=_check_delimiters)
    repetition: str = attrs.field(default="^", validator=_check_delimiters)
    segment: str = attrs.field(default="~", validator=_check_delimiters)
    suffix: str = ""

    def __attrs_post_init__(self) -> None:
        used = [self.element, self.component, self.segment]
        if self.repetition:
            used.append(self.repetition)
        if len(set(used)) != len(used):
            raise X12SyntaxError(f"X12 separators must all differ, got {used!r}")


#: The separators most 005010 trading partners use: ``* : ^ ~``.
DEFAULT_DELIMITERS = Delimiters()


@attrs.frozen(slots=True)
class Segment:
    """One X12 segment: its ID and its data elements, as text.

    Element positions follow X12 numbering: ``seg[1]`` is the first element
    (``CLP01``), ``seg[0]`` is the segment ID. A position past the end reads as
    ``""``, because X12 drops trailing empty elements.

    Attributes:
        id: the segment ID, such as ``"CLP"``.
        elements: the data elements as raw text, ``elements[0]`` being element 01.
        index: the 1-based ordinal position of the segment in its stream
            (what error messages call "segment N"); 0 for a segment built in code.
        delimiters: the separators of the interchange it came from, used to split
            composites and repetitions.

    Example:
        >>> seg = Segment("SVC", ("HC:99213:25", "125", "80"))
        >>> seg[0], seg[2], seg[9]
        ('SVC', '125', '')
        >>> seg.composite(1)
        ('HC', '99213', '25')
        >>> seg.to_x12()
        'SVC*HC:99213:25*125*80~'
        >>> seg  # repr never shows element values: they may hold PHI
        Segment(id='SVC', elements=<3 elements>, index=0)
    """

    id: str
    elements: tuple[str, ...] = attrs.field(default=(), repr=lambda e: f"<{len(e)} elements>")
    index: int = attrs.field(default=0, eq=False)
    delimiters: Delimiters = attrs.field(default=DEFAULT_DELIMITERS, eq=False, repr=False)

    def __getitem__(self, position: int) -> str:
        if position == 0:
            return self.id
        if position < 0:
            raise IndexError("X12 element positions start at 1")
        if position <= len(self.elements):
            return self.elements[position - 1]
        return ""

    def get(self, position: int, default: str = "") -> str:
        """Element *position* (1-based), or *default* when it is empty or absent.

        Example:
            >>> Segment("REF", ("6R", "")).get(2, "none")
            'none'
        """
        return self[position] or default

    def __len__(self) -> int:
        return len(self.elements)

    def composite(self, position: int) -> tuple[str, ...]:
        """Element *position* split into its components (``()`` when empty).

        Example:
            >>> Segment("HI", ("ABK:E119",)).composite(1)
            ('ABK', 'E119')
        """
        value = self[position]
        if not value:
            return ()
        return tuple(value.split(self.delimiters.component))

    def repeats(self, position: int) -> tuple[str, ...]:
        """Element *position* split into its repetitions (``()`` when empty).

        Example:
            >>> Segment("X", ("A^B",)).repeats(1)
            ('A', 'B')
        """
        value = self[position]
        if not value:
            return ()
        if not self.delimiters.repetition:
            return (value,)
        return tuple(value.split(self.delimiters.repetition))

    def to_x12(self, delimiters: Delimiters | None = None) -> str:
        """The segment as X12 text with its terminator (and the delimiters' suffix).

        Trailing empty elements are dropped, as X12 requires.

        Example:
            >>> Segment("REF", ("EA", "123", "")).to_x12()
            'REF*EA*123~'
        """
        d = delimiters or self.delimiters
        elements = list(self.elements)
        while elements and elements[-1] == "":
            elements.pop()
        return d.element.join([self.id, *elements]) + d.segment + d.suffix
