"""Sentence alignment as a paraphrase classifier on MSRP (news sentence pairs).

Prints accuracy and F1 of ``align_sentences`` (one sentence each side, aligned or
not) with the shipped model, the 5-fold cross-validated figure of the same
model family (each fold scored by a model fitted without it), and the
always-"paraphrase" baseline. ``--fit`` refits the shipped weights on MSRP
train and writes ``src/storyfold/data/paraphrase_model.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MODEL_PATH = ROOT / "src" / "storyfold" / "data" / "paraphrase_model.json"


def read_msrp(path: Path) -> list[tuple[int, str, str]]:
    """(label, sentence 1, sentence 2) rows of the MSRP TSV (BOM, no quoting)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        return [(int(r[0]), r[3], r[4]) for r in reader if len(r) == 5]


def scores(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """Accuracy and F1 (paraphrase = positive class)."""
    tp = int(((pred == 1) & (gold == 1)).sum())
    fp = int(((pred == 1) & (gold == 0)).sum())
    fn = int(((pred == 0) & (gold == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return float((pred == gold).mean()), (2 * p * r / (p + r) if p + r else 0.0)


def fit(x: np.ndarray, y: np.ndarray, threshold: float):
    """A logistic model on standardised features (the shipped model family)."""
    from sklearn.linear_model import LogisticRegression

    from storyfold.align import ParaphraseModel

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(max_iter=3000).fit((x - mean) / scale, y)
    return ParaphraseModel(mean, scale, lr.coef_[0], float(lr.intercept_[0]), threshold)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "eval" / "msrp"))
    ap.add_argument("--fit", action="store_true", help="refit and write the shipped model")
    ap.add_argument("--threshold", type=float, default=0.45)
    args = ap.parse_args()
    path = Path(args.data) / "msr_paraphrase_train.txt"
    if not path.exists():
        print(f"skip: {path} not found (needs ../shared/eval beside the repo)")
        return 0
    from storyfold.align import align_sentences, pair_features, prepare

    rows = read_msrp(path)
    y = np.array([r[0] for r in rows])
    x = np.vstack([pair_features(prepare(a), prepare(b)) for _, a, b in rows])
    folds = np.arange(len(rows)) % 5
    cv_pred = np.zeros(len(rows), dtype=int)
    for k in range(5):
        m = fit(x[folds != k], y[folds != k], args.threshold)
        cv_pred[folds == k] = (m.probability(x[folds == k]) >= m.threshold).astype(int)
    if args.fit:
        model = fit(x, y, args.threshold)
        MODEL_PATH.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}")
        from storyfold.align import model as model_module

        model_module.default_model.cache_clear()
    shipped = np.array([1 if align_sentences([a], [b]) else 0 for _, a, b in rows])
    print(f"MSRP train, {len(rows)} pairs, {y.mean():.1%} paraphrases")
    print(f"{'system':44} {'accuracy':>9} {'F1':>7}")
    for name, pred in (
        ("always 'paraphrase'", np.ones_like(y)),
        ("align_sentences, 5-fold cross-validated", cv_pred),
        ("align_sentences, shipped model (fit on all)", shipped),
    ):
        acc, f1 = scores(pred, y)
        print(f"{name:44} {acc:9.4f} {f1:7.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
