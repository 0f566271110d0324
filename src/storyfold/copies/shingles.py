"""Word-shingle hashes built with numpy, without a Python string per shingle.

Each token is hashed once with 64-bit xxhash. The hash of the ``k`` words
starting at position ``i`` is a polynomial in the token hashes,

    h_i = t_i * B**(k-1) + t_(i+1) * B**(k-2) + ... + t_(i+k-1)   (mod 2**64)

computed for all ``i`` at once with ``k`` vector multiply-adds on uint64 arrays
(numpy wraps around silently), then passed through a 64-bit finaliser so all
output bits depend on all input bits.
"""

from __future__ import annotations

import numpy as np
import xxhash

from storyfold.copies.text import tokenize

__all__ = ["mix64", "shingle_hashes", "shingle_hashes_from_tokens", "token_hashes"]

_BASE = np.uint64(0x9E3779B97F4A7C15)  # odd, so multiplying by it is a bijection
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_EMPTY = np.empty(0, dtype=np.uint64)
_EMPTY.setflags(write=False)


def token_hashes(tokens: list[str]) -> np.ndarray:
    """Return the 64-bit xxhash of every token's UTF-8 bytes, as a uint64 array in token order."""
    digest = xxhash.xxh64_intdigest
    return np.fromiter(
        (digest(token.encode("utf-8")) for token in tokens), dtype=np.uint64, count=len(tokens)
    )


def mix64(values: np.ndarray) -> np.ndarray:
    """Return the splitmix64 finaliser of every value of a uint64 array (a new array).

    The finaliser is a bijection on 64-bit integers with good avalanche.
    """
    x = np.array(values, dtype=np.uint64, copy=True)
    x ^= x >> np.uint64(30)
    x *= _MIX1
    x ^= x >> np.uint64(27)
    x *= _MIX2
    x ^= x >> np.uint64(31)
    return x


def shingle_hashes_from_tokens(hashes: np.ndarray, k: int) -> np.ndarray:
    """Return the sorted unique hashes of all ``k``-token windows of ``hashes``.

    ``hashes`` are per-token uint64 hashes in text order. With fewer than ``k``
    tokens (but at least one) the result is one shingle of all tokens; with no
    tokens it is empty.
    """
    if k < 1:
        raise ValueError(f"shingle size: expected an int >= 1, got {k!r}")
    n = int(hashes.shape[0])
    if n == 0:
        return _EMPTY
    width = min(k, n)
    count = n - width + 1
    acc = hashes[:count].astype(np.uint64, copy=True)
    for j in range(1, width):
        acc *= _BASE
        acc += hashes[j : j + count]
    # Length tag: windows of different widths (a short text vs k-windows) hash apart.
    acc += np.uint64(width)
    return np.unique(mix64(acc))


def shingle_hashes(text: str, k: int) -> np.ndarray:
    """Return the sorted unique uint64 hashes of the word ``k``-grams of ``text``.

    The text is normalised and tokenised with :func:`tokenize`. A text with
    fewer than ``k`` words but at least one gives a single shingle of all its
    words; a text without words gives an empty array.
    """
    return shingle_hashes_from_tokens(token_hashes(tokenize(text)), k)
