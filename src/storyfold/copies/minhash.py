"""MinHash signatures with numpy, using universal hashing modulo 2**61 - 1.

Permutation ``i`` maps a shingle hash ``x`` to ``(a_i * x + b_i) mod p`` with
``p = 2**61 - 1`` (a Mersenne prime) and ``a_i, b_i`` drawn from a seeded
generator. The signature value ``i`` is the least image over the text's
shingles; the share of equal values in two signatures estimates the Jaccard
similarity of the shingle sets.

``a * x`` does not fit in 64 bits, so both are split into a high part
(< 2**29) and a low 32-bit part, the four partial products are formed in uint64
without overflow, and each is folded modulo ``p`` using ``2**61 ≡ 1 (mod p)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from storyfold.copies.config import CopyConfig

__all__ = [
    "EMPTY_SLOT",
    "MERSENNE_61",
    "minhash_signature",
    "minhash_signatures",
    "mulmod61",
    "permutations",
]

MERSENNE_61 = (1 << 61) - 1
"""The prime modulus ``2**61 - 1`` of the hash functions."""

EMPTY_SLOT = np.uint64(np.iinfo(np.uint64).max)
"""Signature value of a text without shingles (greater than any real value)."""

_P = np.uint64(MERSENNE_61)
_LOW32 = np.uint64(0xFFFFFFFF)
_LOW29 = np.uint64((1 << 29) - 1)
_U3, _U29, _U32, _U61 = np.uint64(3), np.uint64(29), np.uint64(32), np.uint64(61)
# Rows (shingles) hashed at once: keeps the (rows, num_perm) temporaries in cache.
_BLOCK_CELLS = 1 << 15


@lru_cache(maxsize=16)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the read-only coefficient arrays ``(a, b)`` of the hash functions.

    ``a`` is uniform in ``[1, p)``, ``b`` in ``[0, p)``, both uint64 of length
    ``num_perm``; the same ``(num_perm, seed)`` always gives the same arrays.
    """
    rng = np.random.default_rng(seed)
    a = rng.integers(1, MERSENNE_61, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, MERSENNE_61, size=num_perm, dtype=np.uint64)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def _reduce61(x: np.ndarray) -> np.ndarray:
    """Return ``x mod p`` for a uint64 array (a new array)."""
    r = x & _P
    r += x >> _U61  # < 2**61 + 8
    # r - p wraps around to a huge value unless r >= p: the minimum is r mod p.
    np.minimum(r, r - _P, out=r)
    return r


def _mulmod61_split(x: np.ndarray, a_hi: np.ndarray, a_lo: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return ``(a * x + b) mod p`` given ``a`` split as ``a_hi * 2**32 + a_lo``."""
    x_hi, x_lo = x >> _U32, x & _LOW32  # x_hi < 2**29
    acc = x_lo * a_lo  # < 2**64; ≡ (acc mod 2**61) + (acc >> 61)
    low = acc >> _U61
    acc &= _P
    acc += low  # < 2**61 + 8
    mid = x_lo * a_hi  # < 2**61
    mid += x_hi * a_lo  # < 2**62; mid * 2**32 ≡ (mid >> 29) + (mid mod 2**29) * 2**32
    acc += mid >> _U29
    mid &= _LOW29
    mid <<= _U32
    acc += mid
    high = x_hi * a_hi  # < 2**58; high * 2**64 ≡ high * 8
    high <<= _U3
    acc += high
    acc += b  # total < 2**63 + 2**34: no wrap-around
    return _reduce61(acc)


def mulmod61(x: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return ``(a * x + b) mod (2**61 - 1)`` elementwise, without overflow.

    ``x``, ``a`` and ``b`` are uint64 arrays that broadcast together, each
    already reduced below ``2**61 - 1``. The 122-bit product is never formed:
    ``a`` and ``x`` are split into a high part (< 2**29) and a low 32-bit part,
    and each partial product is folded with ``2**61 ≡ 1 (mod p)``.
    """
    return _mulmod61_split(x, a >> _U32, a & _LOW32, b)


@lru_cache(maxsize=16)
def _row_params(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(a_hi, a_lo, b)`` as ``(1, num_perm)`` rows for broadcasting."""
    a, b = permutations(num_perm, seed)
    return (a >> _U32)[None, :], (a & _LOW32)[None, :], b[None, :]


def _hash_rows(x: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """Return the ``(len(x), num_perm)`` matrix of permuted values of reduced ``x``."""
    a_hi, a_lo, b = _row_params(num_perm, seed)
    return _mulmod61_split(x[:, None], a_hi, a_lo, b)


def minhash_signature(shingles: np.ndarray, cfg: CopyConfig) -> np.ndarray:
    """Return the MinHash signature (``cfg.num_perm`` uint64 values) of a shingle set.

    ``shingles`` is a uint64 array of shingle hashes (duplicates do no harm).
    An empty set gives a signature of :data:`EMPTY_SLOT` values.
    """
    sig = np.full(cfg.num_perm, EMPTY_SLOT, dtype=np.uint64)
    if shingles.size == 0:
        return sig
    x = _reduce61(np.asarray(shingles, dtype=np.uint64))
    step = max(1, _BLOCK_CELLS // cfg.num_perm)
    for start in range(0, x.size, step):
        np.minimum(
            sig, _hash_rows(x[start : start + step], cfg.num_perm, cfg.seed).min(axis=0), out=sig
        )
    return sig


def minhash_signatures(shingle_sets: Sequence[np.ndarray], cfg: CopyConfig) -> np.ndarray:
    """Return the ``(len(shingle_sets), num_perm)`` signatures of many shingle sets.

    Same values as :func:`minhash_signature` on each set, but small sets are
    hashed together in one matrix and split with ``np.minimum.reduceat``.
    """
    out = np.full((len(shingle_sets), cfg.num_perm), EMPTY_SLOT, dtype=np.uint64)
    step = max(1, _BLOCK_CELLS // cfg.num_perm)
    group: list[int] = []
    size = 0

    def flush() -> None:
        """Hash the pending group of small sets in one go."""
        nonlocal size
        if not group:
            return
        parts = [shingle_sets[i] for i in group]
        lengths = np.fromiter((p.size for p in parts), dtype=np.int64, count=len(parts))
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        x = _reduce61(np.concatenate(parts).astype(np.uint64, copy=False))
        out[group] = np.minimum.reduceat(_hash_rows(x, cfg.num_perm, cfg.seed), starts, axis=0)
        group.clear()
        size = 0

    for i, shingles in enumerate(shingle_sets):
        n = int(shingles.size)
        if n == 0:
            continue
        if n >= step:
            out[i] = minhash_signature(shingles, cfg)
            continue
        if size + n > step:
            flush()
        group.append(i)
        size += n
    flush()
    return out
