"""Time the consolidation of one large story (issue target: 50 articles in under 5 s).

The story is built from the demo corpus's wire story and its reports
(examples/demo): 50 articles made of republications with edits, truncations,
rewrites (words swapped for synonyms, sentences reordered) and the independent
reports. Prints the time of each stage and the account's size.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SWAPS = {
    "said": "stated",
    "people": "residents",
    "water": "floodwater",
    "about": "around",
    "early": "soon",
    "homes": "houses",
    "council": "authority",
    "morning": "dawn",
}


def variants(text: str, rng: random.Random, n: int, first: int = 0) -> list[str]:
    sents = [s for s in text.split("\n") if s.strip()]
    out = []
    for k in range(first, first + n):
        kind = k % 4
        body = list(sents)
        if kind == 1:  # truncated republication
            body = body[: max(3, int(len(body) * rng.uniform(0.4, 0.8)))]
        elif kind == 2:  # light edits
            body = [
                " ".join(SWAPS.get(w, w) if rng.random() < 0.05 else w for w in s.split())
                for s in body
            ]
        elif kind == 3:  # rewrite: many swaps and a reordered middle
            body = [" ".join(SWAPS.get(w, w) for w in s.split()) for s in body]
            mid = body[2:-2]
            rng.shuffle(mid)
            body = body[:2] + mid + body[-2:]
        out.append(f"Updated {k // 60:02d}:{k % 60:02d}\n" + "\n".join(body))  # unique bytes
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=50)
    args = ap.parse_args()
    from storyfold import clean_page
    from storyfold.account import consolidate

    demo = ROOT / "examples" / "demo"
    base = [
        clean_page(p.read_text(encoding="utf-8", errors="replace"))[0].text
        for p in sorted(demo.glob("*brackwater*.txt")) + sorted(demo.glob("*kessing*.txt"))
    ]
    rng = random.Random(7)
    texts = list(base)
    while len(texts) < args.articles:
        texts += variants(base[0], rng, min(8, args.articles - len(texts)), len(texts))
    import tempfile

    from storyfold import Store, fold

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for i, t in enumerate(texts[: args.articles]):
            (src / f"article-{i:03d}.txt").write_text(t, encoding="utf-8")
        with Store(Path(tmp) / "b.db") as store:
            t0 = time.perf_counter()
            fold([str(src)], store)
            t1 = time.perf_counter()
            story = max(store.stories(), key=lambda s: len(s.article_ids))
            arts = store.articles(story.article_ids)
            rels = store.copies(story.article_ids)
            t2 = time.perf_counter()
            acc = consolidate(arts, rels)
            t3 = time.perf_counter()
    print(
        f"{'articles':>9} {'in story':>9} {'relations':>10} {'fold s':>7} {'consolidate s':>14} "
        f"{'claims':>7} {'variants':>9} {'families':>9}"
    )
    print(
        f"{args.articles:9d} {len(arts):9d} {len(rels):10d} {t1 - t0:7.2f} {t3 - t2:14.2f} "
        f"{len(acc.claims):7d} {len(acc.variants):9d} {len(acc.lineage.families):9d}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
