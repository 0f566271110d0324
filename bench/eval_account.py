"""The consolidated account on real reports, outside the seed story.

Independence (BASIL dev, tuned on: the story settings were chosen on it): the New York
Times, Fox News and HuffPost wrote each of 45 events independently, so the account of a
story that holds a whole triplet must count three independent sources (``independent_sources``
of ``show --json``), not one source copied or rewritten twice. BASIL is folded as the CLI
folds it (``fold()``, the call ``storyfold fold basil.jsonl`` makes) and each story's account
is built as ``show`` builds it.

Printed: the stories holding a whole triplet, how many count as many independent sources as
outlets, and each miss with the families the account found. Exits 1 below :data:`FLOOR`.

Usage::

    PYTHONPATH=src python bench/eval_account.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASIL = ROOT.parent / "shared" / "eval" / "basil-dev"

#: least share of whole-triplet stories whose account counts one source per outlet
FLOOR = 0.95


def independence() -> tuple[int, int, list[str]]:
    """Fold BASIL dev; of the stories holding one whole triplet, how many have as many
    independent sources as outlets, how many there are, and a line for each miss."""
    sys.path.insert(0, str(ROOT / "src"))
    from storyfold import Store, fold
    from storyfold.accounts import build_account

    rows = [ln.split("\t") for ln in (BASIL / "gold.tsv").read_text().splitlines()[1:]]
    event = {r[0]: r[1] for r in rows if len(r) > 1}
    lines = (BASIL / "basil.jsonl").read_text(encoding="utf-8").splitlines()
    outlet = {rec["id"]: rec["source"] for rec in (json.loads(ln) for ln in lines if ln.strip())}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "e.db") as store:
        fold([str(BASIL / "basil.jsonl")], store)
        docs = store.documents()
        story_of = store.stories_of([f"{d.id}#0" for d in docs])
        members: dict[str, list[str]] = {}
        for d in docs:
            sid = story_of.get(f"{d.id}#0")
            if sid is not None:
                members.setdefault(sid, []).append(d.id)
        held = agreed = 0
        misses = []
        for sid, ids in sorted(members.items()):
            events = Counter(event.get(i) for i in ids)
            if len(events) != 1 or len(ids) != 3:
                continue
            data = build_account(store, store.story(sid))
            if data is None:
                continue
            held += 1
            outlets = {outlet[i] for i in ids}
            if data["independent_sources"] == len(outlets):
                agreed += 1
            else:
                misses.append(
                    f"  {sid}: {data['independent_sources']} independent for "
                    f"{len(outlets)} outlets; families {json.dumps(data['families'])[:300]}"
                )
    return agreed, held, misses


def main() -> int:
    if not (BASIL / "gold.tsv").exists():
        print(f"eval_account: {BASIL} not found; skipping.")
        return 0
    start = time.perf_counter()
    agreed, held, misses = independence()
    share = agreed / held if held else 0.0
    print(
        f"BASIL dev (tuned on), independence: {agreed}/{held} whole-triplet stories count one "
        f"independent source per outlet ({share:.1%}; floor {FLOOR:.0%}) in "
        f"{time.perf_counter() - start:.0f} s"
    )
    for line in misses:
        print(line)
    if share < FLOOR:
        print(f"FAILED: independence {share:.1%} < {FLOOR:.0%}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
