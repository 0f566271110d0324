"""LSH band keys: one 64-bit key per band of a MinHash signature."""

from __future__ import annotations

import numpy as np
import xxhash

from storyfold.copies.config import CopyConfig

__all__ = ["band_keys"]


def band_keys(signature: np.ndarray, cfg: CopyConfig) -> np.ndarray:
    """Return one uint64 key per LSH band of ``signature`` (``cfg.bands`` keys).

    Band ``i`` covers signature values ``i*rows`` to ``(i+1)*rows - 1``; its key
    is the xxh64 of those values' little-endian bytes, seeded with ``i``, so equal
    rows in different bands give different keys. Two signatures share band key
    ``i`` exactly when they agree on all rows of band ``i`` (barring a 2**-64
    collision). Values past ``bands * rows`` are not used.
    """
    bands, rows = cfg.n_bands, cfg.n_rows
    if signature.shape[0] < bands * rows:
        raise ValueError(
            f"signature: expected at least bands*rows={bands * rows} values, "
            f"got {signature.shape[0]}"
        )
    data = np.ascontiguousarray(signature[: bands * rows], dtype="<u8").tobytes()
    width = rows * 8
    keys = [xxhash.xxh64_intdigest(data[i * width : (i + 1) * width], seed=i) for i in range(bands)]
    return np.array(keys, dtype=np.uint64)
