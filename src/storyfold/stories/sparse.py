"""Sparse vectors as (sorted feature indices, weights): TF-IDF, dot products, sums.

Article vectors are l2-normalised, so the dot product of two is their cosine
and the dot product of two sums of article vectors, divided by the two
article counts, is the mean cosine over all cross pairs (average link) —
which lets a story be compared as one summed vector instead of member by member.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

Vector = tuple[np.ndarray, np.ndarray]  # sorted int64 feature indices, float32 weights

EMPTY: Vector = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))

RESERVED_BASE = 1 << 40
"""Feature ids from here up are dense extras (embedding dimensions, see
:mod:`storyfold.stories.semantic`), never hashed terms: every article carries them,
so they index nothing (:func:`top_features` skips them) and a story profile keeps
them whole (:func:`truncation_keys`)."""


def lexical_part(vec: Vector) -> Vector:
    """The entries of a vector below :data:`RESERVED_BASE` (its hashed features)."""
    idx, w = vec
    if idx.size == 0 or idx[-1] < RESERVED_BASE:
        return vec
    n = int(np.searchsorted(idx, RESERVED_BASE))
    return idx[:n], w[:n]


def truncation_keys(idx: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Keys for keeping the heaviest entries: ``weights``, with reserved ids ranked first.

    Dense extras may be negative and are only meaningful whole, so a truncated
    profile keeps all of them and the heaviest hashed features besides.
    """
    if idx.size == 0 or idx[-1] < RESERVED_BASE:
        return weights
    return np.where(idx >= RESERVED_BASE, np.inf, weights)


def tfidf(counts: Vector, df: Mapping[int, int], n_docs: int) -> Vector:
    """Sublinear TF times smoothed IDF, l2-normalised."""
    idx, raw = counts
    dfs = np.array([df.get(int(i), 0) for i in idx.tolist()], dtype=np.float64)
    idf = np.log((1.0 + n_docs) / (1.0 + dfs)) + 1.0
    w = (1.0 + np.log(np.maximum(raw.astype(np.float64), 1e-9))) * idf
    norm = float(np.sqrt(np.dot(w, w))) or 1.0
    return idx, (w / norm).astype(np.float32)


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions in ``a`` and in ``b`` of the indices both sorted unique arrays hold."""
    if a.size == 0 or b.size == 0:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    if a.size > b.size:
        ib, ia = overlap(b, a)
        return ia, ib
    pos = np.searchsorted(b, a)
    pos[pos == b.size] = 0
    hit = b[pos] == a
    return np.flatnonzero(hit), pos[hit]


def dot(a: Vector, b: Vector) -> float:
    """Dot product of two sparse vectors (the cosine when both are l2-normalised)."""
    ia, ib = overlap(a[0], b[0])
    if ia.size == 0:
        return 0.0
    return float(np.dot(a[1][ia].astype(np.float64), b[1][ib].astype(np.float64)))


def add(a: Vector, b: Vector) -> Vector:
    """The sum of two sparse vectors."""
    if a[0].size == 0:
        return b
    if b[0].size == 0:
        return a
    idx = np.union1d(a[0], b[0])
    w = np.zeros(idx.size, dtype=np.float64)
    np.add.at(w, np.searchsorted(idx, a[0]), a[1])
    np.add.at(w, np.searchsorted(idx, b[0]), b[1])
    return idx, w.astype(np.float32)


def squared_norm(a: Vector) -> float:
    """The squared l2 norm."""
    w = a[1].astype(np.float64)
    return float(np.dot(w, w))


def truncate(a: Vector, k: int) -> Vector:
    """The ``k`` heaviest entries of a vector (all of them when it has no more)."""
    idx, w = a
    if idx.size <= k:
        return a
    keep = np.sort(np.argpartition(-np.abs(w), k)[:k])
    return idx[keep], w[keep]


def top_features(vec: Vector, k: int) -> list[int]:
    """The ``k`` heaviest hashed features of a vector (reserved dense ids never count)."""
    idx, w = lexical_part(vec)
    if idx.size <= k:
        return [int(i) for i in idx.tolist()]
    top = np.argpartition(-w, k)[:k]
    return [int(i) for i in idx[top].tolist()]


def to_blobs(a: Vector) -> tuple[bytes, bytes]:
    """A vector as two little-endian blobs (indices, weights) for the store."""
    return a[0].astype("<i8").tobytes(), a[1].astype("<f4").tobytes()


def from_blobs(idx: bytes, w: bytes) -> Vector:
    """A vector read back from :func:`to_blobs`."""
    return np.frombuffer(idx, dtype="<i8"), np.frombuffer(w, dtype="<f4")
