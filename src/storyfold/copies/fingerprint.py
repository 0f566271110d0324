"""Fingerprints: everything copy detection needs to know about one text."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

import numpy as np
import xxhash

from storyfold.copies.bands import band_keys
from storyfold.copies.config import CopyConfig
from storyfold.copies.minhash import minhash_signatures
from storyfold.copies.sentences import sentence_keys
from storyfold.copies.shingles import shingle_hashes_from_tokens, token_hashes
from storyfold.copies.text import normalize_text, tokenize

__all__ = ["Fingerprint", "fingerprint", "fingerprint_many", "process_pool", "resolve_workers"]

_U64_LE = np.dtype("<u8")
# Below this many texts per worker, extra processes cost more than they save.
_MIN_TEXTS_PER_WORKER = 64


def _u64_from_bytes(blob: bytes | bytearray | memoryview) -> np.ndarray:
    """Return a read-only uint64 array read from little-endian bytes."""
    arr = np.frombuffer(blob, dtype=_U64_LE).astype(np.uint64, copy=False)
    arr.setflags(write=False)
    return arr


@dataclass(slots=True, eq=False)
class Fingerprint:
    """What copy detection keeps about one text.

    ``norm_hash`` is the xxh128 hex digest of the normalised text (equal for
    exact copies); ``shingles`` the sorted unique uint64 hashes of its word
    shingles; ``signature`` its MinHash signature; ``band_keys`` its LSH band
    keys; ``sentence_keys`` the hashes of its long sentences; ``n_tokens`` its
    word count. Fingerprints made with different :class:`CopyConfig` shingle,
    permutation or band settings must not be compared.
    """

    norm_hash: str
    shingles: np.ndarray
    signature: np.ndarray
    band_keys: np.ndarray
    sentence_keys: np.ndarray
    n_tokens: int

    def __eq__(self, other: object) -> bool:
        """Compare field by field, arrays by value."""
        if not isinstance(other, Fingerprint):
            return NotImplemented
        return (
            self.norm_hash == other.norm_hash
            and self.n_tokens == other.n_tokens
            and np.array_equal(self.shingles, other.shingles)
            and np.array_equal(self.signature, other.signature)
            and np.array_equal(self.band_keys, other.band_keys)
            and np.array_equal(self.sentence_keys, other.sentence_keys)
        )

    __hash__ = None  # type: ignore[assignment]

    def to_blobs(self) -> dict[str, str | int | bytes]:
        """Return the fingerprint as plain values for storage (e.g. SQLite columns).

        Arrays become little-endian uint64 bytes; ``Fingerprint.from_blobs(**blobs)``
        restores the fingerprint.
        """
        return {
            "norm_hash": self.norm_hash,
            "n_tokens": int(self.n_tokens),
            "shingles": self.shingles.astype(_U64_LE, copy=False).tobytes(),
            "signature": self.signature.astype(_U64_LE, copy=False).tobytes(),
            "band_keys": self.band_keys.astype(_U64_LE, copy=False).tobytes(),
            "sentence_keys": self.sentence_keys.astype(_U64_LE, copy=False).tobytes(),
        }

    @classmethod
    def from_blobs(
        cls,
        *,
        norm_hash: str,
        n_tokens: int,
        shingles: bytes | bytearray | memoryview,
        signature: bytes | bytearray | memoryview,
        band_keys: bytes | bytearray | memoryview,
        sentence_keys: bytes | bytearray | memoryview,
    ) -> Fingerprint:
        """Rebuild a fingerprint from the values returned by :meth:`to_blobs`.

        The arrays are read-only views of the given bytes.
        """
        return cls(
            norm_hash=str(norm_hash),
            shingles=_u64_from_bytes(shingles),
            signature=_u64_from_bytes(signature),
            band_keys=_u64_from_bytes(band_keys),
            sentence_keys=_u64_from_bytes(sentence_keys),
            n_tokens=int(n_tokens),
        )


def _norm_hash(text: str) -> str:
    """Return the xxh128 hex digest of the normalised text."""
    return xxhash.xxh128_hexdigest(normalize_text(text).encode("utf-8"))


def _fingerprints_serial(texts: Sequence[str], cfg: CopyConfig) -> list[Fingerprint]:
    """Fingerprint ``texts`` in this process, MinHashing them as one batch."""
    token_lists = [tokenize(text) for text in texts]
    shingle_sets = [
        shingle_hashes_from_tokens(token_hashes(tokens), cfg.shingle_size) for tokens in token_lists
    ]
    signatures = minhash_signatures(shingle_sets, cfg)
    empty = np.empty(0, dtype=np.uint64)
    result = []
    for text, tokens, shingles, signature in zip(
        texts, token_lists, shingle_sets, signatures, strict=True
    ):
        has_words = shingles.size > 0
        result.append(
            Fingerprint(
                norm_hash=_norm_hash(text),
                shingles=shingles,
                signature=signature,
                band_keys=band_keys(signature, cfg) if has_words else empty,
                sentence_keys=sentence_keys(text) if has_words else empty,
                n_tokens=len(tokens),
            )
        )
    return result


def fingerprint(text: str, cfg: CopyConfig | None = None) -> Fingerprint:
    """Return the :class:`Fingerprint` of ``text`` under ``cfg`` (default settings if None).

    A text without words gets empty shingles, band keys and sentence keys, so
    it is never a candidate for anything.
    """
    return _fingerprints_serial([text], cfg or CopyConfig())[0]


def resolve_workers(workers: int) -> int:
    """Return the number of processes meant by ``workers`` (0 means one per CPU)."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise ValueError(f"workers: expected an int >= 0, got {workers!r}")
    return workers or os.cpu_count() or 1


def process_pool(workers: int) -> AbstractContextManager[Executor | None]:
    """Return a context giving a process pool for ``workers > 1``, else None."""
    workers = resolve_workers(workers)
    if workers <= 1:
        return nullcontext(None)
    return ProcessPoolExecutor(max_workers=workers)


def fingerprint_many(
    texts: Iterable[str],
    cfg: CopyConfig | None = None,
    workers: int = 1,
    *,
    pool: Executor | None = None,
) -> list[Fingerprint]:
    """Return the fingerprints of ``texts``, in order.

    Small texts are MinHashed together in batches. With ``workers > 1`` and
    enough texts (64 per worker), chunks are fingerprinted in that many
    processes (``workers=0`` means one per CPU), in ``pool`` when given (see
    :func:`process_pool`) or else in a pool made for this call. The results
    equal :func:`fingerprint`'s.
    """
    cfg = cfg or CopyConfig()
    items = list(texts)
    workers = min(resolve_workers(workers), len(items) // _MIN_TEXTS_PER_WORKER)
    if workers <= 1:
        return _fingerprints_serial(items, cfg)
    chunk = -(-len(items) // (workers * 4))
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    with nullcontext(pool) if pool is not None else ProcessPoolExecutor(workers) as executor:
        parts = executor.map(_fingerprints_serial, chunks, [cfg] * len(chunks))
        return [fp for part in parts for fp in part]
