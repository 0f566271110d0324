"""The copy stage: fingerprint a batch, look up candidates through an index, verify, index.

One stage serves ``fold``, ``dedup`` and :func:`~storyfold.copies.find.find_copies`
alike. What differs is only where items seen before are kept, behind the
:class:`BatchCopyIndex` protocol:

* in memory, :class:`~storyfold.copies.finder.CopyFinder` (sorted numpy runs;
  a whole batch is looked up in a few array calls);
* in a store, :class:`~storyfold.store.StoreBatchCopyIndex` (indexed key tables;
  one query per kind of key per batch).

Both follow the same rules, so the same texts give the same relations
(``tests/copies/test_copy_stage_parity.py``):

* an item is a candidate of a later one when they share the normalised-text
  hash, an LSH band key, or at least :func:`~storyfold.copies.index.anchors_needed`
  usable sentence anchors (a sentence key held by more than ``max_postings``
  items is boilerplate and proposes nothing);
* an exact copy of an indexed text (same normalised text) is related to that
  text only and is not indexed itself: the text stands for it;
* a text without words relates to nothing; an id indexed before is related
  but not indexed again.

The index proposes each row's candidates with their fingerprints; this module
verifies every pair with :func:`~storyfold.copies.compare.classify` and only
then lets the index add the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Protocol, runtime_checkable

from storyfold.copies.compare import classify
from storyfold.copies.config import CopyConfig
from storyfold.copies.fingerprint import (
    BATCH_TEXTS,
    Fingerprint,
    FingerprintBatch,
    fingerprint_batch,
    fingerprint_keys,
    process_pool,
    resolve_workers,
)
from storyfold.model import CopyRelation

__all__ = ["BatchCopyIndex", "Candidates", "copy_stage", "relate_batch", "verify"]


@dataclass(slots=True)
class Candidates:
    """What an index proposes for one batch, and what it needs to add the batch afterwards.

    ``pairs`` holds, in row order, ``(row, the row's fingerprint, [(other id,
    other fingerprint), ...])`` for each row with candidates, the candidates in
    id order. The fingerprints need only what :func:`classify` reads (text hash,
    sorted unique shingles, word count). ``state`` is the index's own.
    """

    ids: list[str]
    pairs: list[tuple[int, Fingerprint, list[tuple[str, Fingerprint]]]]
    state: Any = field(default=None, repr=False)

    @property
    def checked(self) -> int:
        """How many candidate pairs will be verified."""
        return sum(len(named) for _, _, named in self.pairs)


@runtime_checkable
class BatchCopyIndex(Protocol):
    """Where the copy stage finds items seen before (see the module docstring).

    :meth:`candidates` and :meth:`add` are called in turn for each batch: first
    the batch's candidates among items indexed before *and* the earlier rows of
    the batch itself, then, once they are verified, the batch is indexed.
    ``keys_only`` tells the stage to fingerprint without shingles: the index
    shingles again the few texts it proposes (from the batch's ``texts`` and
    from the texts of items indexed before).
    """

    cfg: CopyConfig

    @property
    def keys_only(self) -> bool:
        """Whether batches may come without shingles (``texts`` are then given)."""
        ...

    def candidates(
        self, ids: list[str], batch: FingerprintBatch, texts: list[str] | None = None
    ) -> Candidates:
        """Return the candidates of every row of ``batch`` (see :class:`Candidates`)."""
        ...

    def add(self, found: Candidates) -> None:
        """Index the batch whose candidates ``found`` holds."""
        ...


def verify(found: Candidates, cfg: CopyConfig) -> list[CopyRelation]:
    """Classify every proposed pair on the exact shingle sets; relations in row order."""
    relations = []
    ids = found.ids
    for row, fp, named in found.pairs:
        for other_id, other in named:
            rel = classify(ids[row], fp, other_id, other, cfg)
            if rel is not None:
                relations.append(rel)
    return relations


def relate_batch(
    index: BatchCopyIndex, ids: list[str], batch: FingerprintBatch, texts: list[str] | None = None
) -> list[CopyRelation]:
    """Relate a fingerprinted batch to everything before it, then index it.

    Returns the relations in row order and, for one row, in the order of the
    other item's id. A ``keys_only`` batch needs its ``texts``.
    """
    if len(ids) != len(batch):
        raise ValueError(f"ids: expected {len(batch)} ids for the batch, got {len(ids)}")
    found = index.candidates(ids, batch, texts)
    relations = verify(found, index.cfg)
    index.add(found)
    return relations


def copy_stage(
    items: Iterable[tuple[str, str]],
    index: BatchCopyIndex,
    *,
    batch_size: int = 1024,
    workers: int = 1,
    pool: Executor | None = None,
) -> Iterator[CopyRelation]:
    """Yield the copy relations of each ``(id, text)`` item with the items before it.

    Items are related and indexed ``batch_size`` at a time and fingerprinted in
    slices of :data:`~storyfold.copies.fingerprint.BATCH_TEXTS`; with
    ``workers > 1`` (0: one per CPU) in that many processes while this one
    verifies and indexes, in ``pool`` when given. The relations do not depend
    on ``workers`` or on ``pool``.
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size: expected an int >= 1, got {batch_size!r}")
    cfg = index.cfg
    it = iter(items)
    chunks = iter(lambda: list(islice(it, batch_size)), [])
    slice_ = min(batch_size, BATCH_TEXTS)
    if resolve_workers(workers) <= 1 and pool is None:
        for chunk in chunks:
            texts = [text for _, text in chunk]
            parts = [
                fingerprint_batch(texts[lo : lo + slice_], cfg)
                for lo in range(0, len(texts), slice_)
            ]
            ids = [item_id for item_id, _ in chunk]
            yield from relate_batch(index, ids, FingerprintBatch.concat(parts), texts)
        return
    # With a keys_only index, workers send back only index keys; the few texts to verify
    # are shingled here again, which costs far less than shipping every text's shingles.
    work = fingerprint_keys if index.keys_only else fingerprint_batch
    with process_pool(workers) if pool is None else nullcontext(pool) as executor:
        assert executor is not None
        ahead = max(2, 2 * resolve_workers(workers))
        pending: list[tuple[list[tuple[str, str]], list[Future[FingerprintBatch]]]] = []

        def done(chunk: list[tuple[str, str]], futures: list[Future[FingerprintBatch]]):
            batch = FingerprintBatch.concat([f.result() for f in futures])
            return relate_batch(index, [i for i, _ in chunk], batch, [t for _, t in chunk])

        for chunk in chunks:
            texts = [text for _, text in chunk]
            futures = [
                executor.submit(work, texts[lo : lo + slice_], cfg)
                for lo in range(0, len(texts), slice_)
            ]
            pending.append((chunk, futures))
            if sum(len(f) for _, f in pending) >= ahead:
                yield from done(*pending.pop(0))
        for chunk, futures in pending:
            yield from done(chunk, futures)
