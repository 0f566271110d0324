"""Story grouping on ECB+ (real news, 2 similar events per topic): storyfold vs a TF-IDF baseline.

Prints B-cubed F1, pairwise F1 and ARI (reference scorer ../shared/tools/clusterscore.py)
for storyfold's fold and for a TF-IDF + average-link agglomerative baseline, side by side.
"""

from __future__ import annotations

import argparse
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
    args = ap.parse_args()
    data = Path(args.data)
    if not (data / "gold.json").exists():
        print(f"skip: {data}/gold.json not found (needs ../shared/eval beside the repo)")
        return 0
    sys.path.insert(0, args.tools)
    from clusterscore import scores  # reference scorer, never copied

    from storyfold import Store, fold

    gold = json.loads((data / "gold.json").read_text())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with Store(Path(tmp) / "e.db") as store:
            fold([str(data / "docs")], store)
            path_of = {d.id: Path(d.path).name for d in store.documents()}
            pred = {}
            for s in store.stories():
                for aid in s.article_ids:
                    doc, pos = aid.rsplit("#", 1)
                    if pos == "0":
                        pred[path_of[doc]] = s.id
        rows.append(("storyfold (lexical)", scores(pred, gold), time.perf_counter() - t0))
    t0 = time.perf_counter()
    rows.append(
        ("TF-IDF + average link", scores(baseline(data, gold), gold), time.perf_counter() - t0)
    )
    print(f"{'system':24} {'B3 F1':>7} {'pair F1':>8} {'ARI':>7} {'clusters':>9} {'secs':>6}")
    for name, sc, secs in rows:
        print(
            f"{name:24} {sc['b3_F1']:7.4f} {sc['pair_F1']:8.4f} {sc['ARI']:7.4f} "
            f"{sc['n_pred_clusters']:9d} {secs:6.1f}"
        )
    print(f"gold: {rows[0][1]['n_gold_clusters']} events, {rows[0][1]['n_items']} documents")
    return 0


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
