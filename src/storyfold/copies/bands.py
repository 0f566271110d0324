"""LSH band keys: one 64-bit key per band of a MinHash signature, for many signatures at once."""

from __future__ import annotations

import numpy as np

from storyfold.copies.config import CopyConfig
from storyfold.copies.scan import mix64

__all__ = ["band_keys", "band_keys_many"]

_ROW_MUL = np.uint64(0xC2B2AE3D27D4EB4F)


def band_keys_many(signatures: np.ndarray, cfg: CopyConfig) -> np.ndarray:
    """Return the ``(n, cfg.bands)`` band keys of ``n`` signatures (an ``(n, num_perm)`` array).

    Band ``i`` covers signature values ``i*rows`` to ``(i+1)*rows - 1``. Its key
    starts from a per-band salt and folds in each row value with a multiply,
    an xor and the splitmix64 finaliser, so two signatures share key ``i``
    exactly when they agree on all rows of band ``i`` (barring a 2**-64
    collision), and equal rows in different bands give different keys. Values
    past ``bands * rows`` are not used.
    """
    bands, rows = cfg.n_bands, cfg.n_rows
    sig = np.asarray(signatures, dtype=np.uint64)
    if sig.ndim != 2 or sig.shape[1] < bands * rows:
        raise ValueError(
            f"signatures: expected an (n, >= bands*rows={bands * rows}) array, "
            f"got shape {sig.shape}"
        )
    cells = sig[:, : bands * rows].reshape(sig.shape[0], bands, rows)
    key = np.broadcast_to(mix64(np.arange(1, bands + 1, dtype=np.uint64)), cells.shape[:2]).copy()
    for r in range(rows):
        key *= _ROW_MUL
        key ^= cells[:, :, r]
        key = mix64(key)
    return key


def band_keys(signature: np.ndarray, cfg: CopyConfig) -> np.ndarray:
    """Return one uint64 key per LSH band of ``signature`` (``cfg.bands`` keys).

    See :func:`band_keys_many`.
    """
    bands, rows = cfg.n_bands, cfg.n_rows
    if signature.shape[0] < bands * rows:
        raise ValueError(
            f"signature: expected at least bands*rows={bands * rows} values, "
            f"got {signature.shape[0]}"
        )
    return band_keys_many(signature[None, :], cfg)[0]
