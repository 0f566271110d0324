"""Story grouping on ECB+ (real news, 2 similar events per topic): storyfold vs a TF-IDF baseline.

Prints B-cubed P/R/F1, pairwise F1 and ARI (reference scorer ../shared/tools/clusterscore.py)
for storyfold's fold and for a TF-IDF + average-link agglomerative baseline, side by side.
``--stream N`` adds a run that folds the same pages N at a time (in the order of their
file names), to show what streaming in batches costs; ``--stream`` may be repeated.
When the optional semantic extra is installed (``make semantic``), a ``storyfold (semantic)``
row folds the pages once more with sentence embeddings joined in (``fold --semantic``);
otherwise one line says it was skipped.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "eval" / "ecbplus-dev"))
    ap.add_argument("--tools", default=str(ROOT.parent / "shared" / "tools"))
    ap.add_argument(
        "--stream",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="also fold the pages N at a time (repeatable)",
    )
    args = ap.parse_args()
    data = Path(args.data)
    if not (data / "gold.json").exists():
        print(f"skip: {data}/gold.json not found (needs ../shared/eval beside the repo)")
        return 0
    sys.path.insert(0, args.tools)
    from clusterscore import scores  # reference scorer, never copied

    gold = json.loads((data / "gold.json").read_text())
    from storyfold.stories import semantic

    rows = []
    for batch in [None, *args.stream]:
        t0 = time.perf_counter()
        pred, merges = storyfold_run(data, batch)
        name = "storyfold (lexical)" if batch is None else f"storyfold, {batch} at a time"
        rows.append((name, scores(pred, gold), time.perf_counter() - t0, merges))
    skipped = None
    if semantic.available():
        t0 = time.perf_counter()
        pred, merges = storyfold_run(data, None, semantic=True)
        rows.append(("storyfold (semantic)", scores(pred, gold), time.perf_counter() - t0, merges))
    else:
        skipped = f"semantic: skipped, extra not installed ({semantic.INSTALL_HINT})"
    t0 = time.perf_counter()
    base = scores(baseline(data, gold), gold)
    rows.append(("TF-IDF + average link", base, time.perf_counter() - t0, None))
    print(
        f"{'system':28} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair F1':>7} {'ARI':>6} "
        f"{'clusters':>8} {'merges':>6} {'secs':>6}"
    )
    for name, sc, secs, merges in rows:
        print(
            f"{name:28} {sc['b3_P']:6.4f} {sc['b3_R']:6.4f} {sc['b3_F1']:6.4f} "
            f"{sc['pair_F1']:7.4f} {sc['ARI']:6.4f} {sc['n_pred_clusters']:8d} "
            f"{'-' if merges is None else merges:>6} {secs:6.1f}"
        )
    if skipped:
        print(skipped)
    print(f"gold: {rows[0][1]['n_gold_clusters']} events, {rows[0][1]['n_items']} documents")
    return 0


def storyfold_run(
    data: Path, batch: int | None, *, semantic: bool = False
) -> tuple[dict[str, str], int]:
    """Fold the pages into a fresh store; each page's main article's story, and merges done."""
    from storyfold import Store, fold
    from storyfold.pipeline import FoldConfig
    from storyfold.stories.group import StoryConfig

    cfg = FoldConfig(stories=StoryConfig(semantic=semantic))
    if batch is not None:
        cfg = dataclasses.replace(cfg, batch_size=batch)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "e.db") as store:
        paths = [str(p) for p in sorted((data / "docs").glob("*.txt"))]
        fold(paths if batch else [str(data / "docs")], store, cfg)
        path_of = {d.id: Path(d.path).name for d in store.documents() if d.path}
        pred = {}
        for s in store.stories():
            for aid in s.article_ids:
                doc, pos = aid.rsplit("#", 1)
                if pos == "0" and doc in path_of:
                    pred[path_of[doc]] = s.id
        merges = store.db.execute("SELECT COUNT(*) FROM story_merges").fetchone()[0]
    return pred, merges


def baseline(data: Path, gold: dict[str, str]) -> dict[str, int]:
    """TF-IDF vectors, cosine distance, average-link clustering at its usual cut."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    names = sorted(gold)
    texts = [(data / "docs" / n).read_text(encoding="utf-8", errors="replace") for n in names]
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).toarray()
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=0.85
    ).fit_predict(x)
    return dict(zip(names, labels.tolist(), strict=True))


if __name__ == "__main__":
    raise SystemExit(main())
