"""The paraphrase model's upper bound for every candidate sentence pair of two texts at once.

:meth:`.model.ParaphraseModel.probability_reaching` scores one pair: its cheap
features, then the most its costly ones could add, and the costly ones only
when that bound reaches the cut. Most candidate pairs of two related but
different texts stop at the bound, yet computing it pair by pair in Python is
most of an alignment's cost. Every cheap feature is a function of set sizes
and of how many items two sentences share (stems counted with multiplicity,
distinct stems, content words, prefixes, names, figures, character 4-grams),
so here each text's sentences are indexed once as sets of hashed items, the
shared counts of all sentence pairs come from one matrix product per kind of
item, and the bound of every pair is computed as arrays.

The bound is the same quantity as the scalar one, computed in another order,
so it is compared with the cut with a margin (:data:`MARGIN`) a thousand times
wider than the scalar test's: a pair dropped here is a pair the scalar test
would have dropped, and every pair kept is scored exactly as before.
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np

from .features import COSTLY_AT, FEATURE_NAMES, Prepared

MARGIN = 1e-6
"""Slack of the vectorised bound against the cut (the scalar test uses 1e-9)."""

KINDS = ("stem_occurrence", "stem", "content", "prefix", "name", "number", "char4")
"""What is counted, in the order of :attr:`BoundIndex.sizes`' columns."""
_TAG_SHIFT = 56
_LOW = (1 << _TAG_SHIFT) - 1
_AT = {name: i for i, name in enumerate(FEATURE_NAMES)}


_MIX = np.uint64(0x9E3779B97F4A7C15)
_U64_LOW = np.uint64(_LOW)


def _hashes(items: list[str]) -> np.ndarray:
    return np.fromiter(map(hash, items), np.int64, len(items)).view(np.uint64)


def _distinct(owner: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted by (owner, hash): owners, hashes, and each item's rank among its equals."""
    order = np.lexsort((h, owner))
    o, v = owner[order], h[order]
    new = np.ones(len(o), dtype=bool)
    new[1:] = (o[1:] != o[:-1]) | (v[1:] != v[:-1])
    starts = np.flatnonzero(new)
    rank = np.arange(len(o)) - np.repeat(starts, np.diff(np.append(starts, len(o))))
    return o, v, rank


def _grams(owner: np.ndarray, h: np.ndarray, n: int, ends: np.ndarray) -> tuple[np.ndarray, ...]:
    """Hashes of the runs of ``n`` consecutive items within one owner, with their owners."""
    if len(h) < n:
        return owner[:0], h[:0]
    g = h[: len(h) - n + 1].copy()
    for k in range(1, n):
        g = g * _MIX + h[k : len(h) - n + 1 + k]
    start_owner = owner[: len(h) - n + 1]
    keep = np.arange(len(g)) + n <= ends[start_owner]
    return start_owner[keep], g[keep]


class BoundIndex:
    """A text's sentences as tagged item hashes, with each sentence's set sizes."""

    __slots__ = ("bigrams", "inverse", "length", "rows", "sentence", "sizes", "trigrams", "vocab")

    def __init__(self, sentences: list[Prepared]) -> None:
        n = len(sentences)
        self.sizes = np.zeros((n, len(KINDS)), dtype=np.float64)
        parts: list[tuple[int, np.ndarray, np.ndarray]] = []  # (kind, owners, hashes)
        lengths = np.fromiter((len(s.stems) for s in sentences), np.int64, n)
        owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
        o, v, rank = _distinct(owner, _hashes([w for s in sentences for w in s.stems]))
        parts.append((0, o, v ^ (rank.astype(np.uint64) * _MIX)))  # k-th occurrence: own item
        first = rank == 0
        parts.append((1, o[first], v[first]))
        for kind, attr in ((2, "content"), (3, "prefixes"), (4, "names"), (5, "numbers")):
            sets = [getattr(s, attr) for s in sentences]
            sizes = np.fromiter(map(len, sets), np.int64, n)
            items = [x for got in sets for x in got]
            parts.append((kind, np.repeat(np.arange(n, dtype=np.int64), sizes), _hashes(items)))
        # Character 4-grams of the tokens joined by spaces, as in Prepared.char4.
        joined = [" ".join(s.toks) for s in sentences]
        chars = np.frombuffer("".join(joined).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        char_len = np.fromiter(map(len, joined), np.int64, n)
        char_owner = np.repeat(np.arange(n, dtype=np.int64), char_len)
        co, cg = _grams(char_owner, chars.astype(np.uint64), 4, np.cumsum(char_len))
        o4, v4, r4 = _distinct(co, cg)
        parts.append((6, o4[r4 == 0], v4[r4 == 0]))
        keys, owners = [], []
        for kind, o_k, v_k in parts:
            self.sizes[:, kind] = np.bincount(o_k, minlength=n)[:n]
            keys.append(((v_k & _U64_LOW) | np.uint64(kind << _TAG_SHIFT)).view(np.int64))
            owners.append(o_k)
        self.rows = n
        self.sentence = np.concatenate(owners)
        self.vocab, self.inverse = np.unique(np.concatenate(keys), return_inverse=True)
        self.length = lengths.astype(np.float64)
        toks = _hashes([t for s in sentences for t in s.toks])
        ends = np.cumsum(lengths)
        counts = []
        for size in (2, 3):
            go, gv = _grams(owner, toks, size, ends)
            do, _, dr = _distinct(go, gv)
            counts.append(np.bincount(do[dr == 0], minlength=n)[:n].astype(np.float64))
        self.bigrams, self.trigrams = counts


class SentenceIndexLike(Protocol):
    """Items of a text's sentences: ``vocab[inverse[k]]`` is item k, held by ``sentence[k]``."""

    rows: int
    vocab: np.ndarray
    inverse: np.ndarray
    sentence: np.ndarray


def shared_counts(left: BoundIndex, right: BoundIndex) -> np.ndarray:
    """Items of each kind shared by every sentence pair: shape (kinds, left, right)."""
    nl, nr = len(left.length), len(right.length)
    out = np.zeros((len(KINDS), nl, nr), dtype=np.float64)
    common, at_left, at_right = np.intersect1d(
        left.vocab, right.vocab, assume_unique=True, return_indices=True
    )
    if not len(common):
        return out
    mats = [incidence(left, at_left), incidence(right, at_right)]
    edges = np.searchsorted(common, [k << _TAG_SHIFT for k in range(len(KINDS) + 1)])
    for k in range(len(KINDS)):
        lo, hi = int(edges[k]), int(edges[k + 1])
        if hi > lo:
            out[k] = mats[0][:, lo:hi] @ mats[1][:, lo:hi].T
    return out


def incidence(side: SentenceIndexLike, at: np.ndarray) -> np.ndarray:
    """Which sentence of ``side`` holds which of the items ``side.vocab[at]``: a 0/1 matrix."""
    column = np.full(len(side.vocab), -1, dtype=np.int64)
    column[at] = np.arange(len(at))
    col = column[side.inverse]
    hit = col >= 0
    m = np.zeros((side.rows, len(at)), dtype=np.float32)
    m[side.sentence[hit], col[hit]] = 1.0
    return m


def _ratio(num: np.ndarray, den: np.ndarray, empty: float) -> np.ndarray:
    return np.divide(num, den, out=np.full(num.shape, empty), where=den > 0)


def bound_features(
    left: BoundIndex, right: BoundIndex, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`~.features.known_pair_features` of the pairs (rows[k], cols[k]), as matrices."""
    shared = shared_counts(left, right)[:, rows, cols]
    m1, stems, content, prefix, names, numbers, char4 = shared
    sa, sb = left.sizes[rows].T, right.sizes[cols].T
    la, lb = left.length[rows], right.length[cols]
    out = np.zeros((len(rows), len(FEATURE_NAMES)), dtype=np.float64)

    def both(name_min: str, name_max: str, x: np.ndarray, y: np.ndarray) -> None:
        out[:, _AT[name_min]], out[:, _AT[name_max]] = np.minimum(x, y), np.maximum(x, y)

    both("min_1gram", "max_1gram", m1 / np.maximum(1, la), m1 / np.maximum(1, lb))
    out[:, _AT["log_length_gap"]] = np.log1p(np.abs(la - lb))
    pa, pb = sa[3], sb[3]
    both(
        "min_prefix_overlap", "max_prefix_overlap", _ratio(prefix, pa, 0.0), _ratio(prefix, pb, 0.0)
    )
    out[:, _AT["log_unmatched_prefixes"]] = np.log1p(pa + pb - 2 * prefix)
    out[:, _AT["name_jaccard"]] = _ratio(names, sa[4] + sb[4] - names, 1.0)
    ca, cb = sa[2], sb[2]
    p, r = _ratio(content, ca, 0.0), _ratio(content, cb, 0.0)
    out[:, _AT["content_f1"]] = _ratio(2 * p * r, p + r, 0.0)
    both("content_min", "content_max", p, r)
    na, nb = sa[5], sb[5]
    equal = (numbers == na) & (numbers == nb)
    subset = (numbers == na) | (numbers == nb)
    out[:, _AT["numbers_agree"]] = np.where(equal, 1.0, np.where(subset, 0.5, 0.0))
    out[:, _AT["length_ratio"]] = np.minimum(la, lb) / np.maximum(np.maximum(la, lb), 1)
    out[:, _AT["word_jaccard"]] = _ratio(stems, sa[1] + sb[1] - stems, 0.0)
    ua, ub = ca - content, cb - content
    out[:, _AT["log_unmatched_left"]] = np.log1p(ua)
    out[:, _AT["log_unmatched_right"]] = np.log1p(ub)
    out[:, _AT["log_unmatched_max"]] = np.log1p(np.maximum(ua, ub))
    out[:, _AT["char4_jaccard"]] = _ratio(char4, sa[6] + sb[6] - char4, 0.0)
    out[:, _AT["numbers_conflict"]] = (~equal & (na > 0) & (nb > 0)).astype(np.float64)
    high = np.zeros((len(rows), len(COSTLY_AT)), dtype=np.float64)
    for k, n in enumerate((2, 3, 4)):
        x = np.minimum(1.0, m1 / np.maximum(1, la - n + 1))
        y = np.minimum(1.0, m1 / np.maximum(1, lb - n + 1))
        high[:, 2 * k], high[:, 2 * k + 1] = np.minimum(x, y), np.maximum(x, y)
    for k, (ga, gb) in enumerate(
        ((left.bigrams[rows], right.bigrams[cols]), (left.trigrams[rows], right.trigrams[cols]))
    ):
        high[:, 6 + k] = _ratio(2 * np.minimum(ga, gb), ga + gb, 0.0)
    high[:, 8] = _ratio(2 * m1, la + lb, 1.0)
    return out, high


def reachable_pairs(
    left: BoundIndex,
    right: BoundIndex,
    pairs: set[tuple[int, int]],
    weights: np.ndarray,
    offset: float,
    costly_gain: np.ndarray,
    cut: float,
) -> set[tuple[int, int]]:
    """The pairs whose paraphrase probability could reach ``cut`` (see the module's note)."""
    if not pairs or not 0.0 < cut < 1.0:
        return set(pairs)
    order = sorted(pairs)
    rows = np.fromiter((i for i, _ in order), np.int64, len(order))
    cols = np.fromiter((j for _, j in order), np.int64, len(order))
    known, high = bound_features(left, right, rows, cols)
    best = known @ weights + offset + high @ costly_gain
    keep = best >= math.log(cut / (1.0 - cut)) - MARGIN
    return {ij for ij, k in zip(order, keep.tolist(), strict=True) if k}
