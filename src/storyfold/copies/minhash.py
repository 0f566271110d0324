"""MinHash signatures by one-permutation hashing with densification, in O(shingles).

Classic MinHash applies ``num_perm`` hash functions to every shingle: 128
multiply-mods per shingle. One-permutation hashing (OPH; Li, Owen and Zhang,
2012) hashes every shingle once with a seeded 64-bit bijection and splits the
hash range into ``num_perm`` equal bins; signature value ``i`` is the least
hash that falls into bin ``i``. For two shingle sets ``A`` and ``B``, the least
element of ``A ∪ B`` within a bin is equally likely to be any of the union's
elements there, so a bin agrees with probability close to the Jaccard
similarity ``|A ∩ B| / |A ∪ B|``, exactly as a classic MinHash row does, at
the cost of one hash and one ``minimum`` per shingle. A whole batch of texts
takes one ``np.minimum.at`` over all their shingles.

A text with fewer shingles than bins leaves bins empty. Each empty bin then
borrows the value of the first non-empty bin in a fixed, seeded order of all
bins (one order per bin, the same for every text), a variant of the
densification of Shrivastava (2017): two texts that agree on the donor bin
agree on the borrowed value, so agreement still tracks similarity, and a
signature never holds an empty value unless the text has no shingles at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from storyfold.copies.config import CopyConfig
from storyfold.copies.scan import mix64

__all__ = [
    "EMPTY_SLOT",
    "minhash_signature",
    "minhash_signatures",
    "oph_signatures",
    "seeded_hashes",
]

EMPTY_SLOT = np.uint64(np.iinfo(np.uint64).max)
"""Signature value of a text without shingles (greater than any real value)."""

_U32 = np.uint64(32)
_S29 = np.uint64(29)
_DENSIFY_CELLS = 1024  # empty bins filled at once: keeps the (cells, m) mask small


@lru_cache(maxsize=16)
def _salts(seed: int) -> tuple[np.uint64, np.uint64]:
    """Return the xor salt and the odd multiplier of the seeded bijection."""
    a, m = mix64(np.array([seed * 2 + 1, seed * 2 + 2], dtype=np.uint64))
    return np.uint64(a), np.uint64(int(m) | 1)


def seeded_hashes(shingles: np.ndarray, seed: int) -> np.ndarray:
    """Return the seeded 64-bit bijection of every shingle hash (a new uint64 array).

    ``x -> y ^ (y >> 29)`` with ``y = (x ^ a) * m`` for a salt ``a`` and an odd
    ``m`` drawn from ``seed``.
    """
    a, m = _salts(int(seed))
    y = np.bitwise_xor(shingles, a, dtype=np.uint64)
    y *= m
    y ^= y >> _S29
    return y


@lru_cache(maxsize=16)
def densify_order(num_perm: int, seed: int) -> np.ndarray:
    """Return the ``(num_perm, num_perm)`` read-only table of donor orders.

    Row ``i`` lists all bins in the order in which an empty bin ``i`` looks for
    a non-empty donor; it is derived from ``seed`` with the splitmix64
    finaliser, so it is the same on every platform.
    """
    a, _ = _salts(int(seed))
    cells = np.arange(num_perm * num_perm, dtype=np.uint64) ^ a
    order = np.argsort(mix64(cells).reshape(num_perm, num_perm), axis=1, kind="stable")
    order = order.astype(np.intp)
    order.setflags(write=False)
    return order


def _densify(sig: np.ndarray, seed: int) -> None:
    """Fill the empty bins of every partly empty row of ``sig`` in place."""
    num_perm = sig.shape[1]
    empty = sig == EMPTY_SLOT
    n_empty = np.count_nonzero(empty, axis=1)
    partial = (n_empty > 0) & (n_empty < num_perm)
    if not partial.any():
        return
    empty &= partial[:, None]
    rows, bins = np.nonzero(empty)
    order = densify_order(num_perm, seed)
    for lo in range(0, rows.size, _DENSIFY_CELLS):
        r, b = rows[lo : lo + _DENSIFY_CELLS], bins[lo : lo + _DENSIFY_CELLS]
        candidates = order[b]  # (cells, m): each empty bin's donor order
        first = np.argmax(~empty[r[:, None], candidates], axis=1)
        sig[r, b] = sig[r, candidates[np.arange(r.size), first]]


def oph_signatures(
    shingles: np.ndarray, bounds: np.ndarray, num_perm: int, seed: int
) -> np.ndarray:
    """Return the ``(len(bounds) - 1, num_perm)`` OPH signatures of many shingle sets.

    Set ``i`` is ``shingles[bounds[i]:bounds[i+1]]`` (order and repeats do not
    matter). Values are in ``[0, 2**64 - 1)``; a set without shingles gets a
    row of :data:`EMPTY_SLOT`.
    """
    n = bounds.size - 1
    sig = np.full(n * num_perm, EMPTY_SLOT, dtype=np.uint64)
    if shingles.size:
        values = seeded_hashes(shingles, seed)
        # Multiply-shift range reduction: bin i holds one contiguous range of values.
        cell = ((values >> _U32) * np.uint64(num_perm)) >> _U32
        cell = cell.astype(np.intp)
        cell += np.repeat(np.arange(n, dtype=np.intp) * num_perm, np.diff(bounds))
        np.minimum.at(sig, cell, values)
    table = sig.reshape(n, num_perm)
    _densify(table, seed)
    return table


def minhash_signature(shingles: np.ndarray, cfg: CopyConfig) -> np.ndarray:
    """Return the MinHash signature (``cfg.num_perm`` uint64 values) of a shingle set.

    ``shingles`` is a uint64 array of shingle hashes (duplicates do no harm).
    An empty set gives a signature of :data:`EMPTY_SLOT` values.
    """
    arr = np.asarray(shingles, dtype=np.uint64)
    return oph_signatures(arr, np.array([0, arr.size]), cfg.num_perm, cfg.seed)[0]


def minhash_signatures(shingle_sets: Sequence[np.ndarray], cfg: CopyConfig) -> np.ndarray:
    """Return the ``(len(shingle_sets), num_perm)`` signatures of many shingle sets.

    Same values as :func:`minhash_signature` on each set, computed in one pass.
    """
    sizes = np.fromiter((np.size(s) for s in shingle_sets), dtype=np.int64, count=len(shingle_sets))
    bounds = np.zeros(sizes.size + 1, dtype=np.int64)
    np.cumsum(sizes, out=bounds[1:])
    if bounds[-1]:
        flat = np.concatenate([np.asarray(s, dtype=np.uint64).ravel() for s in shingle_sets])
    else:
        flat = np.empty(0, dtype=np.uint64)
    return oph_signatures(flat, bounds, cfg.num_perm, cfg.seed)
