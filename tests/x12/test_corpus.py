"""Every file of the real X12 corpus (../shared/corpus/x12) through X12Reader.

The MANIFEST's "structure" column says what its survey found in each file's
envelopes; rcm must find at least that. Where rcm finds more, or reads a file
differently, the file is listed below with the reason (each checked by hand).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from rcm.errors import X12SyntaxError
from rcm.x12 import X12Reader

_SHARED = Path(os.environ.get("RCM_SHARED", str(Path(__file__).resolve().parents[3] / "shared")))
_CORPUS = _SHARED / "corpus" / "x12"

#: Files rcm refuses, and why (besides the MANIFEST's "no ISA" files).
REFUSED = {
    # a template with a placeholder line "resnCode>adjID>5***~" where a segment should be
    "github-affect-therapeutics-edi-835-parser/tests/test_edi_835_files/"
    "sample_835_with_interests.txt": "'resnCode'... (16 characters) is not a segment ID",
    # BROKEN on purpose: a segment with an empty segment ID ("*...~")
    "github-imsweb-x12-parser/src/test/resources/837_5010/"
    "x12_bad_segment_identifier.txt": "'' is not a segment ID",
    # BIN segments whose binary data holds line breaks (an HL7 CDA document, or
    # BIN*25 data wrapped over lines): refused, not cut
    # (BROKEN on purpose: BIN01 says 1839)
    "github-xlate-staedi/src/test/resources/x12/sample275_with_HL7_invalid_BIN01.edi": (
        "BIN01 declares 1839 bytes"
    ),
    # BROKEN on purpose: BIN01 is '11a'
    "github-xlate-staedi/src/test/resources/x12/nonnumeric_BIN01.edi": (
        "BIN01 '11a' is not a length"
    ),
    "github-xlate-staedi/src/test/resources/x12/sample275_with_HL7_valid_BIN01.edi": (
        "BIN01 declares 2768 bytes"
    ),
    "github-xlate-staedi/src/test/resources/x12/simple_with_binary_segment.edi": (
        "BIN01 declares 25 bytes"
    ),
    # a Python source file (TigerShark's generated 278 parser), not X12
    "github-zentist-TigerShark/tests/278-sample.txt": "does not start with an ISA segment",
}

#: Envelope findings beyond the MANIFEST's (or instead of them), checked by hand.
#: Values: the (kind, segment ID) pairs rcm reports.
DIFFERENT = {
    # SE01=60 for 59 segments, and IEA02 333 is not ISA13 000484950: both real
    "github-azoner-pyx12-2012/test/files/trailer_errors.txt": {
        ("control-number", "GE"), ("control-number", "IEA"), ("count", "IEA"), ("count", "SE"),
    },
    # ST02 '000121' and SE02 '0000121' are not the same identifier (ST02 is AN)
    "github-imsweb-x12-parser/src/test/resources/x270_271/x270.txt": {
        ("count", "SE"), ("control-number", "SE"), ("control-number", "IEA"),
    },
    # SE*79 closes a transaction of 81 segments
    "github-slott56-TigerShark/tests/271-dependent-benefits.txt": {
        ("control-number", "GE"), ("control-number", "IEA"), ("count", "SE"),
    },
    # "^\\n~" after ISA16: rcm reads '~' as the terminator (a line break followed
    # by '~' cannot end a segment), so it finds the IEA the survey missed
    "github-slott56-TigerShark/tests/835-example.txt": {("count", "SE")},
    "github-slott56-TigerShark/tests/835-example-2.txt": {("count", "SE"), ("count", "GE")},
    # the first transaction (ST*837*30001) has no SE before the second ISA
    "github-slott56-TigerShark/tests/837I-Examples.txt": {
        ("count", "SE"), ("missing-trailer", "ISA"),
    },
    "github-zentist-TigerShark/tests/837I-Examples.txt": {
        ("count", "SE"), ("missing-trailer", "ISA"),
    },
    # wrapped at 80 columns: rcm drops the line breaks, the survey split on them
    "github-xlate-staedi/src/test/resources/x12/issue128/ts210_80char.edi": set(),
    # GS06 is empty and GE02 'TEST'
    "github-zentist-TigerShark/X12-0.08/t/sample_835.txt": {
        ("count", "SE"), ("control-number", "GE"),
    },
    # line 66 "IEA*1*905310466" has no terminator before the next ISA's line
    "github-zentist-TigerShark/tests/TEST 278_28 TXNS_SOA.txt": {
        ("control-number", "IEA"), ("unexpected-segment", "GS"), ("unexpected-segment", "IEA"),
    },
}  # fmt: skip

_ENVELOPE_KINDS = {"count", "control-number", "missing-trailer"}


def _manifest() -> dict[str, str]:
    """Relative path -> the MANIFEST's structure column."""
    path = _CORPUS / "MANIFEST.md"
    if not path.is_file():
        return {}
    rows: dict[str, str] = {}
    source = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            match = re.match(r"### (github-\S+)$", line)
            source = match.group(1) if match else None
            continue
        match = re.match(r"\| `([^`]+)` \|(.*)\|\s*$", line)
        if match and source:
            rows[f"{source}/{match.group(1)}"] = match.group(2).split("|")[-1].strip()
    return rows


def _expected(structure: str) -> set[tuple[str, str]]:
    """The MANIFEST's envelope notes as (kind, segment ID) pairs."""
    found: set[tuple[str, str]] = set()
    match = re.search(r"envelope: (.*)$", structure)
    for note in match.group(1).split("; ") if match else ():
        if m := re.match(r"(SE|GE|IEA)01=", note):
            found.add(("count", m.group(1)))
        elif m := re.match(r"(SE|GE|IEA)02!=", note):
            found.add(("control-number", m.group(1)))
        elif m := re.match(r"(ISA|GS) without", note):
            found.add(("missing-trailer", m.group(1)))
    return found


MANIFEST = _manifest()
FILES = sorted(rel for rel in MANIFEST if (_CORPUS / rel).is_file())


def _findings(reader: X12Reader) -> set[tuple[str, str]]:
    found = set()
    for w in reader.warnings:
        if w.kind == "missing-trailer":
            # "interchange ISA at segment 1 ... has no IEA" -> the header that is open
            found.add(("missing-trailer", "ISA" if "interchange" in w.message else "GS"))
        elif w.kind in _ENVELOPE_KINDS or w.kind == "unexpected-segment":
            found.add((w.kind, w.segment_id))
    return found


@pytest.mark.shared
@pytest.mark.parametrize("rel", FILES)
def test_corpus_file(corpus: Path, rel: str) -> None:
    path = corpus / rel
    structure = MANIFEST[rel]
    if "no ISA" in structure:
        with pytest.raises(X12SyntaxError, match=r"ISA|UTF-16") as info:
            list(X12Reader(path))
        assert (str(path), 1) == (info.value.source, info.value.segment_index)
        return
    if rel in REFUSED:
        with pytest.raises(X12SyntaxError, match=re.escape(REFUSED[rel])) as info:
            list(X12Reader(path))
        assert info.value.segment_index is not None
        return
    reader = X12Reader(path)
    segments = list(reader)
    assert [seg.index for seg in segments] == list(range(1, len(segments) + 1))
    assert segments[0].id == "ISA"
    found = _findings(reader)
    expected = DIFFERENT.get(rel, _expected(structure))
    # rcm's envelope findings are the manifest's (or the hand-checked list above);
    # "missing-trailer" for a GS is implied by one for its ISA in the manifest's terms
    assert expected == {f for f in found if f != ("missing-trailer", "GS") or f in expected}
    if found & {(k, s) for k, s in found if k in _ENVELOPE_KINDS}:
        with pytest.raises(X12SyntaxError) as info:
            list(X12Reader(path, strict=True))
        assert info.value.segment_id is not None


@pytest.mark.shared
def test_corpus_is_complete(corpus: Path) -> None:
    with_isa = [rel for rel in FILES if "no ISA" not in MANIFEST[rel]]
    assert len(with_isa) > 300
    # the MANIFEST counts 8 "no ISA header" files, duplicates included; 5 are distinct
    assert 5 == len([rel for rel in FILES if "no ISA" in MANIFEST[rel]])
