"""Every readable 005010 835 of the real corpus (../shared/corpus/x12) into service_frame.

The frame is built from the file (streamed), and its row count and totals
are checked against the models read_835 makes of the same file.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from rcm.batch import SERVICE_COLUMNS, service_frame
from rcm.errors import RcmError
from rcm.remit import Remittance, read_835

pytestmark = pytest.mark.shared


def _is_835(path: Path) -> bool:
    head = path.read_bytes()[:4096]
    if not head.startswith(b"ISA") or len(head) < 4:
        return b"ST*835*" in head or b"ST|835|" in head
    separator = head[3:4]
    return b"ST" + separator + b"835" + separator in head


def _readable_835s(corpus: Path) -> list[tuple[Path, list[Remittance]]]:
    found = []
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.name == "MANIFEST.md" or not _is_835(path):
            continue
        try:
            remits = list(read_835(path))
        except RcmError:
            continue  # tests/remit/test_corpus.py says why each of these fails
        found.append((path, remits))
    return found


def test_every_readable_corpus_835_becomes_a_frame_with_the_models_totals(
    corpus: Path, helpers: ModuleType
) -> None:
    files = _readable_835s(corpus)
    assert len(files) >= 15  # the readable 835s tests/remit/test_corpus.py lists
    total_rows = 0
    for path, remits in files:
        cents = service_frame(path, money="cents")
        decimal = service_frame(path)
        where = path.relative_to(corpus).as_posix()
        assert SERVICE_COLUMNS == tuple(cents.columns), where
        claims = [claim for remit in remits for claim in remit.claims]
        lines = [line for claim in claims for line in claim.services]
        assert sum(max(1, len(claim.services)) for claim in claims) == len(cents), where
        assert sum(line.paid.cents for line in lines) == int(cents["line_paid"].sum()), where
        assert sum(line.charge.cents for line in lines) == int(cents["line_charge"].sum()), where
        first_rows = cents[cents["line_number"].isna() | (cents["line_number"] == 1)]
        assert sum(c.paid.cents for c in claims) == int(first_rows["claim_paid"].sum()), where
        assert sum(c.charge.cents for c in claims) == int(first_rows["claim_charge"].sum()), where
        payments = {r.control_number: r.payment.signed_amount.cents for r in remits}
        by_transaction = cents.groupby("control_number")["payment_amount"].first()
        for control, amount in by_transaction.items():
            assert payments[control] == int(amount), where
        helpers.assert_policies_agree(decimal, cents)
        helpers.assert_dtypes(cents, "cents")
        total_rows += len(cents)
    assert total_rows > 0
