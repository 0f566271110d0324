"""Streaming copy detection: fingerprint, look up candidates, verify, index."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice

from storyfold.copies.compare import classify
from storyfold.copies.config import CopyConfig
from storyfold.copies.finder import INDEX_BATCH, CopyFinder
from storyfold.copies.fingerprint import (
    Fingerprint,
    fingerprint_many,
    process_pool,
)
from storyfold.copies.index import CopyIndex
from storyfold.copies.stage import BatchCopyIndex, copy_stage
from storyfold.model import CopyRelation

__all__ = ["find_copies"]


def _batches(items: Iterable[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    """Yield lists of up to ``size`` consecutive items."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _lookup(
    item_id: str, added: Mapping[str, Fingerprint], older: Mapping[str, Fingerprint] | None
) -> Fingerprint:
    """Return the stored fingerprint of a candidate, from this run or from ``older``."""
    fp = added.get(item_id)
    if fp is None and older is not None:
        fp = older.get(item_id)
    if fp is None:
        raise KeyError(
            f"candidate {item_id!r} is in the index but has no fingerprint: pass the "
            f"fingerprints of items indexed before through find_copies(fingerprints=...)"
        )
    return fp


def _relate(
    item_id: str, fp: Fingerprint, others: list[tuple[str, Fingerprint]], cfg: CopyConfig
) -> tuple[list[CopyRelation], bool]:
    """Verify ``fp`` against its candidates; return the relations and whether it is a duplicate.

    When some candidate has the same normalised text, only the exact relations
    are returned: every other candidate's relation to this text equals its
    relation to that candidate, which was verified when the later of the two
    was added.
    """
    duplicates = [(oid, other) for oid, other in others if other.norm_hash == fp.norm_hash]
    pool = duplicates or others
    relations = []
    for other_id, other in pool:
        relation = classify(item_id, fp, other_id, other, cfg)
        if relation is not None:
            relations.append(relation)
    return relations, bool(duplicates)


def find_copies(
    items: Iterable[tuple[str, str]],
    cfg: CopyConfig | None = None,
    index: CopyIndex | BatchCopyIndex | None = None,
    fingerprints: Mapping[str, Fingerprint] | None = None,
    *,
    workers: int = 1,
    batch_size: int = INDEX_BATCH,
    text_of: Callable[[str], str] | None = None,
) -> Iterator[CopyRelation]:
    """Yield the copy relations of each ``(id, text)`` item with the items before it.

    For each item in turn: compute its fingerprint, ask ``index`` for
    candidates among the items added before (in this call or earlier ones),
    verify each candidate with :func:`classify` on its stored fingerprint,
    yield the relations found, then add the item to ``index``. The work grows
    with the number of candidates, never with the number of items.

    A :class:`~storyfold.copies.stage.BatchCopyIndex` (a
    :class:`~storyfold.copies.finder.CopyFinder`, or a store's
    :class:`~storyfold.store.StoreBatchCopyIndex`) runs the copy stage itself
    (:func:`~storyfold.copies.stage.copy_stage`) over that index, keeping
    what it holds between calls. With no ``index`` the whole run uses a fresh
    :class:`~storyfold.copies.finder.CopyFinder`,
    which looks up candidates for a whole batch at once in numpy arrays and
    gives the same relations as a :class:`MemoryCopyIndex` would; it keeps
    each text's shingles unless ``text_of`` (a function from an id given
    before to its text) lets it recompute them for verification. With an
    ``index``, fingerprints of items added during this call are kept in
    memory and those of items indexed earlier are looked up in
    ``fingerprints`` (a ``KeyError`` says when one is missing).

    An exact copy of an indexed item (same normalised text) is only linked to
    that item by ``exact`` relations and is not added to the index: the item
    stands for it, so later copies link to the item instead. Texts without
    words are skipped. Fingerprints are computed ``batch_size`` items at a
    time, in a pool of ``workers`` processes (0: one per CPU) kept for the
    whole run (see :func:`fingerprint_many`).
    """
    cfg = cfg or CopyConfig()
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size: expected an int >= 1, got {batch_size!r}")
    if index is None:
        finder = CopyFinder(cfg, text_of=text_of)
        yield from finder.feed(items, batch_size=batch_size, workers=workers)
        return
    if isinstance(index, BatchCopyIndex):
        yield from copy_stage(items, index, batch_size=batch_size, workers=workers)
        return
    added: dict[str, Fingerprint] = {}
    with process_pool(workers) as pool:
        for batch in _batches(items, batch_size):
            texts = [text for _, text in batch]
            fps = fingerprint_many(texts, cfg, workers, pool=pool)
            for (item_id, _), fp in zip(batch, fps, strict=True):
                if fp.n_tokens == 0:
                    continue
                others = [
                    (other_id, _lookup(other_id, added, fingerprints))
                    for other_id in sorted(index.candidates(fp))
                    if other_id != item_id
                ]
                relations, duplicate = _relate(item_id, fp, others, cfg)
                yield from relations
                if not duplicate:
                    index.add(item_id, fp)
                    # An id added again keeps its first text, as MemoryCopyIndex does.
                    added.setdefault(item_id, fp)
