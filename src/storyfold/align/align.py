"""Sentence alignment: which sentences of two texts say the same thing.

Candidates come from an inverted index over content-word prefixes (a pair
must share at least one), each candidate is scored by the paraphrase model,
and pairs are matched one to one, best first.
"""

from __future__ import annotations

from dataclasses import dataclass

from .features import Prepared, prepare
from .model import ParaphraseModel, default_model, pair_features

SAME = "same"
PARAPHRASE = "paraphrase"
PARTIAL = "partial"


@dataclass(slots=True, frozen=True)
class AlignedPair:
    """Sentence ``left`` of the first text aligned with sentence ``right`` of the second."""

    left: int
    right: int
    score: float
    relation: str  # "same" | "paraphrase" | "partial"


def relation_of(a: Prepared, b: Prepared) -> str:
    """Label an aligned pair: the same words, a paraphrase, or one saying part of the other."""
    if a.stems == b.stems:
        return SAME
    shared = len(a.prefixes & b.prefixes)
    cover_a = shared / len(a.prefixes) if a.prefixes else 0.0
    cover_b = shared / len(b.prefixes) if b.prefixes else 0.0
    if min(cover_a, cover_b) < 0.6 <= max(cover_a, cover_b) - 0.25:
        return PARTIAL
    return PARAPHRASE


def candidate_pairs(left: list[Prepared], right: list[Prepared]) -> set[tuple[int, int]]:
    """Pairs sharing a content-word prefix, found through an inverted index."""
    index: dict[str, list[int]] = {}
    for j, s in enumerate(right):
        for p in s.prefixes:
            index.setdefault(p, []).append(j)
    out: set[tuple[int, int]] = set()
    for i, s in enumerate(left):
        for p in s.prefixes:
            for j in index.get(p, ()):
                out.add((i, j))
    return out


def align_prepared(
    left: list[Prepared],
    right: list[Prepared],
    *,
    threshold: float | None = None,
    model: ParaphraseModel | None = None,
) -> list[AlignedPair]:
    """:func:`align_sentences` on sentences prepared once (for many comparisons)."""
    m = model or default_model()
    cut = m.threshold if threshold is None else threshold
    scored = []
    for i, j in candidate_pairs(left, right):
        p = float(m.probability(pair_features(left[i], right[j])))
        if p >= cut:
            scored.append((p, i, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_l: set[int] = set()
    used_r: set[int] = set()
    out = []
    for p, i, j in scored:
        if i in used_l or j in used_r:
            continue
        used_l.add(i)
        used_r.add(j)
        out.append(AlignedPair(i, j, round(p, 4), relation_of(left[i], right[j])))
    return sorted(out, key=lambda a: a.left)


def align_sentences(
    left: list[str], right: list[str], *, threshold: float | None = None
) -> list[AlignedPair]:
    """Align two lists of sentences one to one.

    Returns the aligned pairs (index in ``left``, index in ``right``, score in
    0..1, relation ``same``/``paraphrase``/``partial``), ordered by ``left``.
    Pairs scoring under ``threshold`` (default: the model's decision
    threshold) are not aligned.
    """
    return align_prepared(
        [prepare(s) for s in left], [prepare(s) for s in right], threshold=threshold
    )
