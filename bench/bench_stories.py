"""Time story grouping on a synthetic news stream of 10,000 and 100,000 articles.

The stream is generated: stories of 1-20 articles (heavy-tailed sizes), each with
its own names (people, places), topic words (partly shared with other stories
of its theme, out of 200 themes) and day; every article mixes its
story's words with Zipf-distributed background words, and about one in ten
articles of a bigger story is a near copy of its first article (given to the
story stage as a copy relation, as the copy stage would). Articles arrive in
time order, 500 per batch, each batch in one transaction of a temporary store,
through the real story stage (:func:`storyfold.pipeline._story_stage`).

Each size runs in its own process so that peak RSS (``resource.getrusage``) is
that run's. Prints time, articles/s, peak RSS, B-cubed F1 against the generated
stories, and the 10k -> 100k time ratios (linear would be 10; exits 1 when the CPU-time
ratio passes 12, issue 9's limit).

    .venv/bin/python bench/bench_stories.py            # 10k and 100k
    .venv/bin/python bench/bench_stories.py --sizes 10000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = (
    "ka lo mi ne ru ta vo si de pa gu ri zo le ma no fi te bu sa ko li ve da ro mu "
    "ne ha ji ku wa ye po ti ga be lu se ni do fa re mo".split()
)


SIZES = np.arange(1, 21)
SIZE_P = SIZES**-1.2 / (SIZES**-1.2).sum()  # story sizes 1-20, small ones most common


def _words(rng: np.random.Generator, n: int, lo: int, hi: int) -> list[str]:
    """``n`` distinct made-up words of ``lo``-``hi`` syllables, in random order."""
    out: set[str] = set()
    while len(out) < n:
        lens = rng.integers(lo, hi + 1, size=n)
        picks = rng.integers(0, len(SYLLABLES), size=(n, hi))
        for k, row in zip(lens.tolist(), picks.tolist(), strict=True):
            out.add("".join(SYLLABLES[j] for j in row[:k]))
    words = sorted(out)[:n]
    rng.shuffle(words)
    return words


def generate(n: int, seed: int = 7) -> list[dict]:
    """``n`` synthetic articles in time order: id, story, day, title, text, copy_of."""
    rng = np.random.default_rng(seed)
    vocab = _words(rng, 40_000, 2, 4)
    zipf = 1.0 / np.arange(1, len(vocab) + 1) ** 1.07
    bg = _Background(rng, vocab, zipf)
    names = [w.capitalize() for w in _words(rng, 30_000, 2, 3)]
    days = max(30, n // 25)
    themes = [bg.draw(12) for _ in range(200)]  # beats: politics, courts, sport, ...
    arts: list[dict] = []
    story = 0
    while len(arts) < n:
        size = min(int(rng.choice(SIZES, p=SIZE_P)), n - len(arts))
        picks = rng.integers(0, len(names), size=10).tolist()
        people = [f"{names[a]} {names[b]}" for a, b in zip(picks[:4], picks[4:8], strict=True)]
        people = people[: int(rng.integers(2, 5))]
        places = [names[j] for j in picks[8 : 8 + int(rng.integers(1, 3))]]
        theme = themes[int(rng.integers(0, len(themes)))]  # shared with other stories
        topic = bg.draw(int(rng.integers(6, 16))) + theme
        topic += [vocab[j] for j in rng.integers(2000, len(vocab), size=8).tolist()]  # rarer
        day0 = int(rng.integers(0, days))
        first = None
        for k in range(size):
            aid = f"syn{story:06d}-{k:02d}"
            if first is not None and k > 0 and rng.random() < 0.1:
                title, text = _edit(rng, first["title"], first["text"], bg)
                arts.append(dict(first, id=aid, title=title, text=text, copy_of=first["id"]))
                arts[-1]["day"] = first["day"] + int(rng.integers(0, 2))
                continue
            title, text = _article(rng, people, places, topic, bg)
            art = {
                "id": aid,
                "story": story,
                "day": day0 + int(rng.integers(0, 4)),
                "title": title,
                "text": text,
                "copy_of": None,
            }
            arts.append(art)
            first = first or art
        story += 1
    arts.sort(key=lambda a: (a["day"], a["id"]))
    return arts


class _Background:
    """Zipf-distributed background words, drawn in bulk."""

    def __init__(self, rng: np.random.Generator, vocab: list[str], zipf: np.ndarray) -> None:
        self.rng = rng
        self.vocab = np.array(vocab)
        self.cdf = np.cumsum(zipf)

    def draw(self, k: int) -> list[str]:
        pos = np.searchsorted(self.cdf, self.rng.random(k) * self.cdf[-1])
        return self.vocab[np.minimum(pos, len(self.vocab) - 1)].tolist()


def _article(rng, people, places, topic, bg: _Background) -> tuple[str, str]:
    n_words = int(rng.integers(150, 420))
    kinds = rng.random(n_words)
    words = bg.draw(n_words)
    topic_pick = rng.integers(0, len(topic), n_words)
    people_pick = rng.integers(0, len(people), n_words)
    place_pick = rng.integers(0, len(places), n_words)
    for i, r in enumerate(kinds):
        if r < 0.3:
            words[i] = topic[topic_pick[i]]
        elif r < 0.36:
            words[i] = people[people_pick[i]]
        elif r < 0.39:
            words[i] = places[place_pick[i]]
    sentences, i = [], 0
    while i < len(words):
        k = int(rng.integers(12, 24))
        chunk = words[i : i + k]
        chunk[0] = chunk[0][0].upper() + chunk[0][1:]
        sentences.append(" ".join(chunk) + ".")
        i += k
    paras = [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
    title = " ".join(
        [people[0].split()[-1]] + [topic[int(j)] for j in rng.integers(0, len(topic), 6)]
    )
    return title, "\n".join(paras)


def _edit(rng, title, text, bg: _Background) -> tuple[str, str]:
    words = text.split(" ")
    for i in rng.integers(0, len(words), max(1, len(words) // 40)):
        if words[i].isalpha() and words[i].islower():
            words[i] = bg.draw(1)[0]
    return title, " ".join(words)


def run(n: int, batch: int) -> dict:
    """Group ``n`` generated articles through the story stage; time, memory and accuracy."""
    from datetime import date

    import xxhash

    from storyfold import Store
    from storyfold.model import Article, CopyRelation, Document
    from storyfold.pipeline import FoldConfig, FoldReport, _story_stage
    from storyfold.stories.stage import article_terms, story_order

    t_gen = time.perf_counter()
    arts = generate(n)
    t_gen = time.perf_counter() - t_gen
    base = date(2020, 1, 1).toordinal()
    cfg = FoldConfig()
    report = FoldReport()
    t_store = t_story = cpu_story = 0.0
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        for i in range(0, len(arts), batch):
            part = arts[i : i + batch]
            t0 = time.perf_counter()
            with store.transaction():
                objs = []
                for a in part:
                    day = date.fromordinal(base + a["day"]).isoformat()
                    doc_id = a["id"]
                    h = xxhash.xxh64_hexdigest((a["id"] + a["text"]).encode("utf-8"))
                    store.add_document(
                        Document(doc_id, h, "text", a["text"], title=a["title"], published=day)
                    )
                    art = Article(f"{doc_id}#0", doc_id, 0, a["text"], a["title"], day)
                    store.add_article(art)
                    objs.append(art)
                rels = [
                    CopyRelation(f"{a['id']}#0", f"{a['copy_of']}#0", "near", 0.9, 0.95)
                    for a in part
                    if a["copy_of"]
                ]
                t1, c1 = time.perf_counter(), time.process_time()
                # the story terms (the fold computes them in its workers, while cleaning)
                # are timed with the stage, as before the fold moved them
                terms = article_terms(story_order(objs))
                _story_stage(objs, terms, rels, store, cfg, report)
                t2 = time.perf_counter()
                cpu_story += time.process_time() - c1
            t_store += t1 - t0
            t_story += t2 - t1
        pred = {}
        for s in store.stories():
            for aid in s.article_ids:
                pred[aid.removesuffix("#0")] = s.id
        merges = store.db.execute("SELECT COUNT(*) FROM story_merges").fetchone()[0]
    gold = {a["id"]: a["story"] for a in arts}
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "n": n,
        "story_secs": round(t_story, 2),
        "story_cpu_secs": round(cpu_story, 2),
        "insert_secs": round(t_store, 2),
        "generate_secs": round(t_gen, 2),
        "per_sec": round(n / t_story, 1),
        "peak_rss_mb": round(rss, 1),
        "stories": len(set(pred.values())),
        "gold_stories": len(set(gold.values())),
        "merges": merges,
        "b3_f1": round(bcubed_f1(pred, gold), 4),
    }


def bcubed_f1(pred: dict[str, object], gold: dict[str, object]) -> float:
    """B-cubed F1 of a clustering against the generated stories."""
    joint = Counter((pred.get(k, ("alone", k)), g) for k, g in gold.items())
    psize = Counter(pred.get(k, ("alone", k)) for k in gold)
    gsize = Counter(gold.values())
    p = r = 0.0
    for k, g in gold.items():
        c = joint[(pred.get(k, ("alone", k)), g)]
        p += c / psize[pred.get(k, ("alone", k))]
        r += c / gsize[g]
    p, r = p / len(gold), r / len(gold)
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run(args.child, args.batch)))
        return 0
    results = []
    for n in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(n), "--batch", str(args.batch)],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r = results[-1]
        print(
            f"{r['n']:>8,} articles: story stage {r['story_secs']:8.1f} s "
            f"(CPU {r['story_cpu_secs']:.1f} s, {r['per_sec']:7.1f} articles/s), "
            f"store inserts {r['insert_secs']:6.1f} s, "
            f"peak RSS {r['peak_rss_mb']:7.1f} MB, {r['stories']:,} stories "
            f"({r['gold_stories']:,} generated, {r['merges']} merges), B3 F1 {r['b3_f1']:.4f}",
            flush=True,
        )
    by_n = {r["n"]: r for r in results}
    ok = True
    if 10_000 in by_n and 100_000 in by_n:
        ratio = by_n[100_000]["story_secs"] / by_n[10_000]["story_secs"]
        cpu = by_n[100_000]["story_cpu_secs"] / by_n[10_000]["story_cpu_secs"]
        print(f"10k -> 100k time ratio: {ratio:.1f}, CPU time {cpu:.1f} (linear: 10, limit 12)")
        ok = cpu <= 12 and by_n[100_000]["story_secs"] < 600
        ok = ok and all(r["peak_rss_mb"] < 3072 for r in results)
        limits = "CPU ratio <= 12, 100k < 600 s, RSS < 3 GB"
        print("within limits" if ok else f"OUTSIDE LIMITS ({limits})")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
