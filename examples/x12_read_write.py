"""Write an X12 interchange, read it back, look at its envelopes, then read a 999 and a 997.

Runs without any external file: it builds its own data.
"""

from __future__ import annotations

import io
import tempfile
from datetime import date, time
from pathlib import Path

from rcm.errors import X12SyntaxError
from rcm.x12 import (
    Delimiters,
    Envelope,
    Segment,
    X12Reader,
    X12Writer,
    read_997,
    read_999,
    write_interchange,
)


def seg(text: str) -> Segment:
    sid, *elements = text.split("*")
    return Segment(sid, tuple(elements))


def main() -> None:
    envelope = Envelope(
        sender_id="PAYER",
        receiver_id="PROVIDER",
        date=date(2025, 1, 2),
        time=time(12, 30),
        functional_id="HP",
        interchange_control_number=42,
        usage_indicator="T",
    )
    body = [
        seg("BPR*I*132*C*ACH*CCP*01*999999999*DA*123456*1512345678"),
        seg("TRN*1*12345*1512345678"),
        seg("CLP*PCN0001*1*200*132**12*CLAIM0001*11*1"),
        seg("SVC*HC:99213*120*80**1"),
        seg("CAS*CO*45*40"),
    ]

    # 1. Write a file with a pipe as element separator and a line per segment.
    delimiters = Delimiters(element="|", component=">", repetition="^", segment="~", suffix="\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "remit.835"
        with (
            path.open("w", encoding="utf-8") as handle,
            X12Writer(handle, envelope=envelope, delimiters=delimiters) as writer,
        ):
            for _ in range(3):
                writer.write("835", "005010X221A1", body)
        print(path.read_text(encoding="utf-8").splitlines()[:4])

        # 2. Read it back: segments stream lazily, envelopes are tracked.
        with X12Reader(path) as reader:
            claims = 0
            for segment in reader:
                if segment.id == "CLP":
                    claims += 1
                    assert reader.transaction is not None
                    print(
                        f"segment {segment.index}: claim {segment[7]} in transaction "
                        f"{reader.transaction.control_number} "
                        f"({reader.transaction.implementation})"
                    )
                if segment.id == "SVC":
                    print("  procedure composite:", segment.composite(1))
            print(f"{claims} claims, warnings: {reader.warnings}")

    # 3. A wrong count is a warning, or an error in strict mode.
    text = write_interchange([("835", "005010X221A1", body)], envelope=envelope)
    broken = text.replace("SE*7*0001", "SE*9*0001")
    reader = X12Reader(broken, name="broken.835")
    list(reader)
    for warning in reader.warnings:
        print("warning:", warning)
    try:
        list(X12Reader(broken, strict=True, name="broken.835"))
    except X12SyntaxError as exc:
        print("strict:", exc, "| element", exc.element)

    # 4. A 999 acknowledgment of a batch of two 837s, one rejected.
    ack_envelope = Envelope(
        sender_id="PAYER",
        receiver_id="PROVIDER",
        date=date(2025, 1, 3),
        time=time(8, 0),
        functional_id="FA",
    )
    ack_body = [
        seg("AK1*HC*17*005010X222A1"),
        seg("AK2*837*0001*005010X222A1"),
        seg("IK5*A"),
        seg("AK2*837*0002*005010X222A1"),
        seg("IK3*NM1*8*2010BA*8"),
        seg("IK4*9*67*7"),
        seg("IK5*R*5"),
        seg("AK9*P*2*2*1"),
    ]
    ack_text = write_interchange([("999", "005010X231A1", ack_body)], envelope=ack_envelope)
    for ack in read_999(io.StringIO(ack_text)):
        print(f"group {ack.group_control_number}: {ack.status.name}")
        for transaction, error in ack.segment_errors():
            codes = [element.code for element in error.elements]
            print(
                f"  set {transaction.control_number} {transaction.status.name}: "
                f"{error.segment_id} at position {error.position} (loop {error.loop}), "
                f"segment code {error.code}, element codes {codes}"
            )

    # Some payers still answer with a 997: the same reading, older segment names.
    old_body = [
        seg("AK1*HC*17"),
        seg("AK2*837*0002"),
        seg("AK3*NM1*8**8"),
        seg("AK4*9*67*7"),
        seg("AK5*R*5"),
        seg("AK9*R*1*1*0"),
    ]
    old_text = write_interchange([("997", "005010X230", old_body)], envelope=ack_envelope)
    for ack in read_997(old_text):
        print(f"997 for group {ack.group_control_number}: {ack.status.name}")

    # Hot-path parsers can skip Segment objects: raw() yields plain tuples.
    with X12Reader(ack_text) as reader:
        ids = [segment_id for segment_id, _elements, _index in reader.raw()]
    print(f"raw() read {len(ids)} segments: {' '.join(ids[:5])} ...")


if __name__ == "__main__":
    main()
