"""Write tests/edits/cases/<CODE>/{bad,good}.json from rcm.testing's mutations.

Run it after adding an edit (and its mutation), then read the files it wrote:
they are the reviewed examples the docs describe. ``test_cases.py`` runs them.

    .venv/bin/python tests/edits/make_cases.py [CODE ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rcm.testing._edits import MUTATIONS, clean_claim, context_for

CASES = Path(__file__).parent / "cases"


def _context(context, base):
    data = {"as_of": context.as_of.isoformat(), "tables": "example"}
    if context.preview:
        data["preview"] = True
    if context.history is not None:
        data["history"] = [
            c.model_dump(mode="json", exclude_defaults=True) for c in context.history
        ]
    return data


def write(code: str) -> None:
    mutation = MUTATIONS[code]
    base = clean_claim()
    context = context_for(base)
    claim, bad_context = mutation.apply(base, context)
    unchecked = [
        [path, value(claim) if callable(value) else value] for path, value in mutation.unchecked
    ]
    bad = {
        "code": code,
        "expect": "bad",
        "description": mutation.description,
        **_context(bad_context, base),
        "claim": claim.model_dump(mode="json", exclude_defaults=True),
    }
    if unchecked:
        bad["unchecked"] = [[p, list(v) if isinstance(v, tuple) else v] for p, v in unchecked]
    good_claim, good_context = mutation.good(base, context)
    good = {
        "code": code,
        "expect": "good",
        "description": mutation.fix_description,
        **_context(good_context, base),
        "claim": good_claim.model_dump(mode="json", exclude_defaults=True),
    }
    folder = CASES / code
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in (("bad", bad), ("good", good)):
        text = json.dumps(data, indent=2, sort_keys=False) + "\n"
        (folder / f"{name}.json").write_text(text, encoding="utf-8")


def main(codes: list[str]) -> None:
    for code in codes or sorted(MUTATIONS):
        write(code)
        print("wrote", code)


if __name__ == "__main__":
    main(sys.argv[1:])
