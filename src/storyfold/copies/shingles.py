"""Word-shingle hashes built with numpy, without a Python string per token or shingle.

Tokens and their 64-bit hashes come from the byte-level scanner
(:mod:`storyfold.copies.scan`). The hash of the ``k`` words starting at
position ``i`` is a polynomial in the token hashes,

    h_i = t_i * B**(k-1) + t_(i+1) * B**(k-2) + ... + t_(i+k-1) + k   (mod 2**64)

computed for all windows of a whole batch of texts at once with ``k - 1``
vector multiply-adds on uint64 arrays (numpy wraps around silently), then
passed through the splitmix64 finaliser so all output bits depend on all
input bits. Windows that would cross from one text into the next are dropped.
A text with fewer than ``k`` words (but at least one) gets a single shingle
of all its words, tagged with its width so it never equals a ``k``-window.
"""

from __future__ import annotations

import numpy as np

from storyfold.copies.scan import Scan, hash_token_bytes, mix64, scan_texts

__all__ = [
    "batch_shingles",
    "mix64",
    "shingle_hashes",
    "shingle_hashes_from_tokens",
    "sorted_unique",
    "token_hashes",
]

_BASE = np.uint64(0x9E3779B97F4A7C15)  # odd, so multiplying by it is a bijection
_EMPTY = np.empty(0, dtype=np.uint64)
_EMPTY.setflags(write=False)


def token_hashes(tokens: list[str]) -> np.ndarray:
    """Return the 64-bit hash of every token's UTF-8 bytes, as a uint64 array in token order.

    The hashes equal those the scanner gives the same (already folded) tokens
    in a text, so ``token_hashes(tokenize(text))`` is the scanner's token
    hashes of ``text``.
    """
    if not tokens:
        return _EMPTY.copy()
    data = [t.encode("utf-8", "surrogatepass") for t in tokens]
    lengths = np.fromiter(map(len, data), dtype=np.int64, count=len(data))
    starts = np.zeros(len(data), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    joined = b"".join(data)
    buf = np.zeros(len(joined) + 16 + (-len(joined)) % 8, dtype=np.uint8)
    buf[: len(joined)] = np.frombuffer(joined, dtype=np.uint8)
    return hash_token_bytes(buf.view("<u8"), starts, lengths)


def _windows(hashes: np.ndarray, k: int) -> np.ndarray:
    """Return the raw polynomial of every ``k``-window of ``hashes`` (no width tag, no mixing)."""
    count = hashes.size - k + 1
    acc = hashes[:count].copy()
    for j in range(1, k):
        acc *= _BASE
        acc += hashes[j : j + count]
    return acc


def batch_shingles(
    tok_hash: np.ndarray, tok_bounds: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(hashes, bounds)``: the shingle hashes of many texts, concatenated.

    ``tok_hash`` are the token hashes of all texts in order and text ``i`` owns
    tokens ``tok_bounds[i]`` to ``tok_bounds[i+1]-1``. Text ``i``'s shingles are
    ``hashes[bounds[i]:bounds[i+1]]``, in window order (not sorted; a repeated
    window gives a repeated hash).
    """
    if k < 1:
        raise ValueError(f"shingle size: expected an int >= 1, got {k!r}")
    n_tok = np.diff(tok_bounds)
    counts = np.where(n_tok >= k, n_tok - k + 1, np.minimum(n_tok, 1))
    bounds = np.zeros(n_tok.size + 1, dtype=np.int64)
    np.cumsum(counts, out=bounds[1:])
    total = int(tok_hash.size)
    if total >= k:
        acc = _windows(tok_hash, k)
        valid = np.ones(acc.size, dtype=np.bool_)
        # A window starting in the last k-1 tokens of a text crosses into the next one.
        crossing = (tok_bounds[1:, None] - np.arange(1, k)[None, :]).ravel()
        valid[crossing[(crossing >= 0) & (crossing < acc.size)]] = False
        main = acc[valid] if k > 1 else acc
        main += np.uint64(k)
    else:
        main = _EMPTY
    short = np.flatnonzero((n_tok > 0) & (n_tok < k))
    if short.size == 0:
        return mix64(main), bounds
    # Texts with 1 <= words < k: one shingle of all their words, tagged with the width.
    width = n_tok[short]
    first = tok_bounds[short]
    acc = np.zeros(short.size, dtype=np.uint64)
    for j in range(int(width.max())):
        sel = width > j
        acc[sel] = acc[sel] * _BASE + tok_hash[first[sel] + j]
    acc += width.astype(np.uint64)
    out = np.empty(int(bounds[-1]), dtype=np.uint64)
    is_short = np.zeros(out.size, dtype=np.bool_)
    is_short[bounds[short]] = True
    out[is_short] = acc
    out[~is_short] = main
    return mix64(out), bounds


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Return the sorted unique values of a 1-d array (faster than ``np.unique`` when small)."""
    if values.size <= 1:
        return values.copy()
    out = np.sort(values)
    keep = np.empty(out.size, dtype=np.bool_)
    keep[0] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    return out[keep]


def shingle_hashes_from_tokens(hashes: np.ndarray, k: int) -> np.ndarray:
    """Return the sorted unique hashes of all ``k``-token windows of ``hashes``.

    ``hashes`` are per-token uint64 hashes in text order. With fewer than ``k``
    tokens (but at least one) the result is one shingle of all tokens; with no
    tokens it is empty.
    """
    if k < 1:
        raise ValueError(f"shingle size: expected an int >= 1, got {k!r}")
    hashes = np.asarray(hashes, dtype=np.uint64)
    values, _ = batch_shingles(hashes, np.array([0, hashes.size], dtype=np.int64), k)
    return sorted_unique(values)


def _scan_shingles(scan: Scan, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the concatenated shingle hashes and bounds of a scanned batch."""
    return batch_shingles(scan.tok_hash, scan.tok_bounds, k)


def shingle_hashes(text: str, k: int) -> np.ndarray:
    """Return the sorted unique uint64 hashes of the word ``k``-grams of ``text``.

    The text is scanned as by :func:`~storyfold.copies.text.tokenize`. A text
    with fewer than ``k`` words but at least one gives a single shingle of all
    its words; a text without words gives an empty array.
    """
    if k < 1:
        raise ValueError(f"shingle size: expected an int >= 1, got {k!r}")
    values, _ = _scan_shingles(scan_texts([text]), k)
    return sorted_unique(values)
