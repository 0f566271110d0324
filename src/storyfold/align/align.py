"""Sentence alignment: which sentences of two texts say the same thing.

Candidates come from an inverted index over content-word prefixes (a pair
must share at least one), each candidate is scored by the paraphrase model,
and pairs are matched one to one, best first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .bounds import BoundIndex, incidence
from .features import Prepared, prepare
from .model import ParaphraseModel, default_model

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


MIN_SHARED_SHARE = 0.3
"""Least share of the smaller sentence's content-word prefixes a candidate pair must share.

On MSRP train every pair the paraphrase model accepts clears it (0 of 3,181
lost at 0.3; 7 at 0.4), while it removes most of the pairs that share a word
or two by chance, which the model would score and reject at great cost."""


class SentenceIndex:
    """The content-word prefixes of a text's sentences as arrays, for :func:`indexed_pairs`."""

    __slots__ = ("_bounds", "_sentences", "inverse", "rows", "sentence", "sizes", "vocab")

    def __init__(self, sentences: list[Prepared]) -> None:
        self._sentences = sentences
        self._bounds: BoundIndex | None = None
        self.rows = len(sentences)
        self.sizes = np.fromiter((len(s.prefixes) for s in sentences), np.int64, len(sentences))
        total = int(self.sizes.sum())
        keys = np.fromiter((hash(p) for s in sentences for p in s.prefixes), np.int64, total)
        self.sentence = np.repeat(np.arange(len(sentences), dtype=np.int64), self.sizes)
        self.vocab, self.inverse = np.unique(keys, return_inverse=True)

    def bounds(self) -> BoundIndex:
        """The sentences' :class:`~.bounds.BoundIndex`, made on first use."""
        if self._bounds is None:
            self._bounds = BoundIndex(self._sentences)
        return self._bounds


def indexed_pairs(left: SentenceIndex, right: SentenceIndex) -> set[tuple[int, int]]:
    """:func:`candidate_pairs` on indexed sentences: shared prefixes counted by a matrix product."""
    common, at_left, at_right = np.intersect1d(
        left.vocab, right.vocab, assume_unique=True, return_indices=True
    )
    if not len(common):
        return set()
    counts = [incidence(left, at_left), incidence(right, at_right)]
    shared = counts[0] @ counts[1].T
    small = np.minimum(left.sizes[:, None], right.sizes[None, :])
    ok = (shared >= 1) & (shared >= np.minimum(2, small)) & (shared >= MIN_SHARED_SHARE * small)
    return {(int(i), int(j)) for i, j in zip(*np.nonzero(ok), strict=True)}


def candidate_pairs(left: list[Prepared], right: list[Prepared]) -> set[tuple[int, int]]:
    """Pairs sharing enough content-word prefixes.

    A pair qualifies when it shares at least two prefixes (one, if either
    sentence has only one) and at least :data:`MIN_SHARED_SHARE` of the smaller
    sentence's prefixes.
    """
    return indexed_pairs(SentenceIndex(left), SentenceIndex(right))


def coverage_bound(pairs: set[tuple[int, int]], shorter: int) -> float:
    """The most of the shorter text's sentences these candidate pairs could align one to one."""
    if shorter == 0:
        return 0.0
    return min(len({i for i, _ in pairs}), len({j for _, j in pairs})) / shorter


def align_prepared(
    left: list[Prepared],
    right: list[Prepared],
    *,
    threshold: float | None = None,
    model: ParaphraseModel | None = None,
) -> list[AlignedPair]:
    """:func:`align_sentences` on sentences prepared once (for many comparisons)."""
    m = model or default_model()
    il, ir = SentenceIndex(left), SentenceIndex(right)
    cut = m.threshold if threshold is None else threshold
    pairs = m.reachable(il, ir, indexed_pairs(il, ir), cut)
    return align_candidates(left, right, pairs, threshold, m)


def align_candidates(
    left: list[Prepared],
    right: list[Prepared],
    pairs: set[tuple[int, int]],
    threshold: float | None = None,
    model: ParaphraseModel | None = None,
    *,
    need: int = 0,
    leads: int = 0,
) -> list[AlignedPair]:
    """Score the given candidate pairs and match them one to one, best first.

    With ``need``, scoring stops (and nothing is returned) as
    soon as fewer than ``need`` sentences of either side can still be aligned.
    With ``leads``, nothing is returned unless a pair within the first ``leads``
    sentences of each side reaches the cut: the pairs touching those sentences
    are scored first, so a pair of texts whose openings do not align stops
    after a few scores.
    """
    m = model or default_model()
    cut = m.threshold if threshold is None else threshold
    rows_left: dict[int, int] = {}
    cols_left: dict[int, int] = {}
    for i, j in pairs:
        rows_left[i] = rows_left.get(i, 0) + 1
        cols_left[j] = cols_left.get(j, 0) + 1
    rows_alive, cols_alive = len(rows_left), len(cols_left)
    # Candidate pairs still unscored among each side's opening sentences (-1: one reached the cut).
    lead_rows = sum(1 for i, _ in pairs if i < leads) if leads else -1
    lead_cols = sum(1 for _, j in pairs if j < leads) if leads else -1
    if not lead_rows or not lead_cols:
        return []
    hit_rows: set[int] = set()
    hit_cols: set[int] = set()
    scored = []
    # Opening sentences first, then those with the fewest candidates: when they fail, the
    # bounds fall soonest. The order changes nothing else (all pairs are matched best first
    # below, and each early stop only gives up what could not be aligned anyway).
    order = sorted(
        pairs,
        key=lambda ij: (
            min(ij) >= leads,
            min(rows_left[ij[0]], cols_left[ij[1]]),
            ij,
        ),
    )
    for i, j in order:
        got = m.probability_reaching(left[i], right[j], cut)
        p = -1.0 if got is None else got
        rows_left[i] -= 1
        cols_left[j] -= 1
        accepted = p >= cut
        if i < leads and lead_rows > 0:
            lead_rows = -1 if accepted else lead_rows - 1
        if j < leads and lead_cols > 0:
            lead_cols = -1 if accepted else lead_cols - 1
        if not lead_rows or not lead_cols:
            return []
        if accepted:
            scored.append((p, i, j))
            hit_rows.add(i)
            hit_cols.add(j)
            continue
        if rows_left[i] == 0 and i not in hit_rows:
            rows_alive -= 1
        if cols_left[j] == 0 and j not in hit_cols:
            cols_alive -= 1
        if min(rows_alive, cols_alive) < need:
            return []
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
