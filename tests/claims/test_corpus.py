"""Every 005010 837P and 837I in the shared X12 corpus is read.

Claim counts and total charges are checked against figures this test derives
from the files itself, with a plain split on the delimiters the ISA declares
(not with rcm). 004010 files and files the manifest marks as broken must give
an rcm error (or read), never a crash. Mutated real files are fuzzed the same way.
"""

from __future__ import annotations

import contextlib
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.claims import X12ClaimError, read_837
from rcm.errors import RcmError

pytestmark = pytest.mark.shared


@dataclass(frozen=True)
class Entry:
    path: Path
    kind: str
    guide: str
    says: str

    @property
    def is_5010(self) -> bool:
        return "00501" in self.guide.replace(".", "") or self.guide.startswith("5010")

    @property
    def broken(self) -> bool:
        return "BROKEN" in self.says


def manifest(corpus: Path) -> list[Entry]:
    entries: list[Entry] = []
    folder = None
    for line in (corpus / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### (\S+)", line)
        if heading:
            folder = heading.group(1)
            continue
        row = re.match(r"\| `([^`]+)` \| ([^|]+) \| ([^|]+) \| [^|]+ \| ([^|]+) \|", line)
        if row and folder:
            kind, guide = row.group(2).strip(), row.group(3).strip()
            entries.append(Entry(corpus / folder / row.group(1), kind, guide, row.group(4)))
    return entries


def entries_837(corpus: Path) -> list[Entry]:
    return [e for e in manifest(corpus) if e.kind.startswith("837")]


def independent_figures(path: Path) -> tuple[int, Decimal, set[str]]:
    """(CLM count, sum of CLM02, guides) by splitting on the ISA's delimiters."""
    text = path.read_bytes().decode("utf-8-sig")
    count, total, guides = 0, Decimal(0), set()
    position = text.find("ISA")
    while position >= 0:
        element = text[position + 3]
        isa = text[position : position + 106]
        terminator = isa[105]
        end = text.find("ISA" + element, position + 106)
        body = text[position : end if end >= 0 else len(text)]
        for raw in body.split(terminator):
            parts = raw.strip().split(element)
            if parts[0] == "CLM":
                count += 1
                total += Decimal(parts[2])
            elif parts[0] == "ST" and len(parts) > 3:
                guides.add(parts[3])
            elif parts[0] == "GS" and len(parts) > 8:
                guides.add(parts[8])
        position = end
    return count, total, guides


@pytest.fixture(scope="module")
def readable(corpus: Path) -> list[Entry]:
    found = [e for e in entries_837(corpus) if e.is_5010 and not e.broken]
    assert len(found) >= 50, "the manifest should list dozens of 005010 837s"
    return found


def test_every_5010_837_is_read(readable: list[Entry]) -> None:
    for entry in readable:
        claims = list(read_837(entry.path))
        count, total, guides = independent_figures(entry.path)
        assert count == len(claims), entry.path
        assert total == sum((c.total_charge.amount for c in claims), Decimal(0)), entry.path
        if any("X222" in g for g in guides) and not any("X223" in g for g in guides):
            assert all(c.kind == "professional" for c in claims), entry.path
        if any("X223" in g for g in guides) and not any("X222" in g for g in guides):
            assert all(c.kind == "institutional" for c in claims), entry.path


def test_big_files_have_the_expected_claims(corpus: Path) -> None:
    imsweb = corpus / "github-imsweb-x12-parser/src/test/resources/837_5010"
    assert 820 == sum(1 for _ in read_837(imsweb / "x12_many_claims.txt"))
    assert 624 == sum(1 for _ in read_837(imsweb / "x12_multiple_transactions.txt"))


def test_tr3_institutional_example_details(corpus: Path) -> None:
    path = corpus / "github-LinuxForHealth-x12/demo-file/demo.837i"
    (claim,) = read_837(path)
    assert ("institutional", "14", "01") == (
        claim.kind,
        claim.facility_type,
        claim.discharge_status,
    )
    assert ["3669", "4019", "79431"] == [dx.code for dx in claim.diagnoses]
    assert {"ICD-9-CM"} == {dx.system for dx in claim.diagnoses}
    assert ["0305", "0730"] == [line.revenue_code for line in claim.lines]
    assert [("S", "1135")] == [
        (o.responsibility, o.coverage.payer.payer_id if o.coverage.payer else None)
        for o in claim.other_payers
    ]


def test_004010_and_broken_files_give_rcm_errors(corpus: Path) -> None:
    others = [e for e in entries_837(corpus) if not e.is_5010 or e.broken]
    assert others
    for entry in others:
        if entry.guide.startswith("004010"):
            with pytest.raises(X12ClaimError, match="005010"):
                list(read_837(entry.path))
            continue
        with contextlib.suppress(RcmError):
            list(read_837(entry.path))


def test_004010_is_refused_clearly(corpus: Path) -> None:
    old = next(e for e in entries_837(corpus) if e.guide.startswith("004010X098"))
    with pytest.raises(X12ClaimError, match="004010X098") as info:
        list(read_837(old.path))
    assert "ST" == info.value.segment_id


# --- fuzzing -----------------------------------------------------------------------------


def mutate(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not out:
            break
        choice = rng.random()
        at = rng.randrange(len(out))
        if choice < 0.3:
            out[at] = rng.choice(b"*:~^>|0123456789ABCZ \n\x00\xff")
        elif choice < 0.5:
            del out[at : at + rng.randint(1, 40)]
        elif choice < 0.7:
            size = rng.randint(1, 200)
            start = rng.randrange(len(out))
            out[at:at] = out[start : start + size]
        elif choice < 0.85:
            # Drop a whole segment.
            end = out.find(b"~", at)
            start = out.rfind(b"~", 0, at)
            if end > 0:
                del out[start + 1 : end + 1]
        else:
            out = out[: rng.randrange(len(out) + 1)]
    return bytes(out)


FUZZ_FILES = (
    "github-LinuxForHealth-x12/demo-file/demo.837i",
    "github-LinuxForHealth-x12/src/tests/resources/837_005010X222A2/demo.cob.example4.837",
    "github-LinuxForHealth-x12/src/tests/resources/837_005010X222A2/demo.drug.example10.2.837",
    "github-imsweb-x12-parser/src/test/resources/837_5010/x12_complex.txt",
    "github-LinuxForHealth-x12/src/tests/resources/837_005010X223A3/ppo-repriced-claim.837i",
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from(FUZZ_FILES), seed=st.integers(min_value=0, max_value=2**32))
def test_fuzzed_real_files_only_raise_rcm_errors(corpus: Path, which: str, seed: int) -> None:
    data = mutate((corpus / which).read_bytes(), seed)
    try:
        for claim in read_837(data):
            assert claim.kind in ("professional", "institutional")
    except RcmError:
        pass
