"""Fingerprints: everything copy detection needs to know about one text."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

import numpy as np

from storyfold.copies.bands import band_keys_many
from storyfold.copies.config import CopyConfig
from storyfold.copies.minhash import oph_signatures
from storyfold.copies.scan import scan_texts
from storyfold.copies.sentences import batch_sentence_keys
from storyfold.copies.shingles import batch_shingles, sorted_unique
from storyfold.threads import init_worker

__all__ = [
    "BATCH_TEXTS",
    "Fingerprint",
    "FingerprintBatch",
    "fingerprint",
    "fingerprint_batch",
    "fingerprint_many",
    "process_pool",
    "resolve_workers",
]

_U64_LE = np.dtype("<u8")
# Below this many texts per worker, extra processes cost more than they save.
_MIN_TEXTS_PER_WORKER = 64
BATCH_TEXTS = 128
"""Texts scanned together: enough to amortise numpy's per-call cost, few enough to stay in cache."""


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
    shingles; ``signature`` its one-permutation MinHash signature;
    ``band_keys`` its LSH band keys; ``sentence_keys`` the sorted unique
    anchors of its sentences of six words or more (see
    :mod:`storyfold.copies.sentences`); ``n_tokens`` its word count.
    Fingerprints made with different :class:`CopyConfig` shingle, permutation
    or band settings, or another :data:`~storyfold.copies.config.FINGERPRINT_VERSION`,
    must not be compared (see :attr:`CopyConfig.fingerprint_key`).
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


@dataclass(slots=True, eq=False)
class FingerprintBatch:
    """The fingerprints of a batch of texts, held in a few flat arrays.

    Text ``i`` has ``norm_hash[i]``, ``n_tokens[i]`` words, the shingle hashes
    ``shingles[shingle_bounds[i]:shingle_bounds[i+1]]`` (in text order, not
    sorted, repeats kept), the signature ``signatures[i]``, the band keys
    ``band_keys[i]`` (meaningless for a text without words) and the sentence
    anchors ``sentence_keys[sentence_bounds[i]:sentence_bounds[i+1]]`` (in
    sentence order; a repeated sentence repeats its anchor).
    It pickles cheaply, so worker processes can send batches back, and
    :meth:`fingerprint` gives one text's :class:`Fingerprint`. A ``keys_only``
    batch (see :meth:`without_shingles`) has no shingles and no signatures,
    only what an index needs: it is a twentieth of the size to send between
    processes.
    """

    norm_hash: list[str]
    n_tokens: np.ndarray
    shingles: np.ndarray
    shingle_bounds: np.ndarray
    signatures: np.ndarray
    band_keys: np.ndarray
    sentence_keys: np.ndarray
    sentence_bounds: np.ndarray
    keys_only: bool = False

    def __len__(self) -> int:
        """Return the number of texts."""
        return len(self.norm_hash)

    def raw_shingles(self, i: int) -> np.ndarray:
        """Return text ``i``'s shingle hashes in text order (a view, repeats kept)."""
        return self.shingles[self.shingle_bounds[i] : self.shingle_bounds[i + 1]]

    def without_shingles(self) -> FingerprintBatch:
        """Return the batch without shingles and signatures (``keys_only``)."""
        n = len(self)
        return FingerprintBatch(
            norm_hash=self.norm_hash,
            n_tokens=self.n_tokens,
            shingles=_EMPTY,
            shingle_bounds=np.zeros(n + 1, dtype=np.int64),
            signatures=np.empty((n, 0), dtype=np.uint64),
            band_keys=self.band_keys,
            sentence_keys=self.sentence_keys,
            sentence_bounds=self.sentence_bounds,
            keys_only=True,
        )

    def fingerprint(self, i: int) -> Fingerprint:
        """Return text ``i``'s :class:`Fingerprint` (sorted unique shingles, own arrays)."""
        if self.keys_only:
            raise ValueError("fingerprint: this batch was made without shingles (keys_only)")
        if self.n_tokens[i] == 0:
            return Fingerprint(
                self.norm_hash[i], _EMPTY, self.signatures[i].copy(), _EMPTY, _EMPTY, 0
            )
        lo, hi = self.sentence_bounds[i], self.sentence_bounds[i + 1]
        return Fingerprint(
            norm_hash=self.norm_hash[i],
            shingles=sorted_unique(self.raw_shingles(i)),
            signature=self.signatures[i].copy(),
            band_keys=self.band_keys[i].copy(),
            sentence_keys=sorted_unique(self.sentence_keys[lo:hi]),
            n_tokens=int(self.n_tokens[i]),
        )

    def fingerprints(self) -> list[Fingerprint]:
        """Return every text's :class:`Fingerprint`, in order."""
        return [self.fingerprint(i) for i in range(len(self))]

    @classmethod
    def concat(cls, batches: Sequence[FingerprintBatch]) -> FingerprintBatch:
        """Return one batch holding the texts of ``batches`` in order."""
        if len(batches) == 1:
            return batches[0]
        keys_only = batches[0].keys_only
        if any(b.keys_only != keys_only for b in batches):
            raise ValueError("batches: expected all or none keys_only")

        def bounds(parts: list[np.ndarray]) -> np.ndarray:
            sizes = np.concatenate([np.diff(p) for p in parts])
            out = np.zeros(sizes.size + 1, dtype=np.int64)
            np.cumsum(sizes, out=out[1:])
            return out

        return cls(
            norm_hash=[h for b in batches for h in b.norm_hash],
            n_tokens=np.concatenate([b.n_tokens for b in batches]),
            shingles=np.concatenate([b.shingles for b in batches]),
            shingle_bounds=bounds([b.shingle_bounds for b in batches]),
            signatures=np.concatenate([b.signatures for b in batches]),
            band_keys=np.concatenate([b.band_keys for b in batches]),
            sentence_keys=np.concatenate([b.sentence_keys for b in batches]),
            sentence_bounds=bounds([b.sentence_bounds for b in batches]),
            keys_only=keys_only,
        )


_EMPTY = np.empty(0, dtype=np.uint64)
_EMPTY.setflags(write=False)


def fingerprint_batch(texts: Sequence[str], cfg: CopyConfig) -> FingerprintBatch:
    """Fingerprint ``texts`` in this process with a few vector passes over the whole batch."""
    scan = scan_texts(texts)
    shingles, bounds = batch_shingles(scan.tok_hash, scan.tok_bounds, cfg.shingle_size)
    signatures = oph_signatures(shingles, bounds, cfg.num_perm, cfg.seed)
    sent_keys, sent_bounds = batch_sentence_keys(scan, shingles, bounds, cfg.shingle_size)
    return FingerprintBatch(
        norm_hash=scan.norm_hash,
        n_tokens=scan.n_tokens,
        shingles=shingles,
        shingle_bounds=bounds,
        signatures=signatures,
        band_keys=band_keys_many(signatures, cfg),
        sentence_keys=sent_keys,
        sentence_bounds=sent_bounds,
    )


def fingerprint_keys(texts: Sequence[str], cfg: CopyConfig) -> FingerprintBatch:
    """Fingerprint ``texts`` and keep only what an index needs (see ``without_shingles``)."""
    return fingerprint_batch(texts, cfg).without_shingles()


def _fingerprints_serial(texts: Sequence[str], cfg: CopyConfig) -> list[Fingerprint]:
    """Fingerprint ``texts`` in this process, in batches of :data:`BATCH_TEXTS`."""
    out: list[Fingerprint] = []
    for lo in range(0, len(texts), BATCH_TEXTS):
        out.extend(fingerprint_batch(texts[lo : lo + BATCH_TEXTS], cfg).fingerprints())
    return out


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
    return ProcessPoolExecutor(max_workers=workers, initializer=init_worker)


def fingerprint_many(
    texts: Iterable[str],
    cfg: CopyConfig | None = None,
    workers: int = 1,
    *,
    pool: Executor | None = None,
) -> list[Fingerprint]:
    """Return the fingerprints of ``texts``, in order.

    Texts are fingerprinted :data:`BATCH_TEXTS` at a time (see
    :func:`fingerprint_batch`). With ``workers > 1`` and
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
    executor: Executor = pool or ProcessPoolExecutor(workers, initializer=init_worker)
    with nullcontext() if pool is not None else executor:
        parts = executor.map(_fingerprints_serial, chunks, [cfg] * len(chunks))
        return [fp for part in parts for fp in part]
