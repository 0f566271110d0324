"""Streaming copy detection over an in-memory array index, a batch at a time.

:class:`CopyFinder` does what :func:`~storyfold.copies.find.find_copies` does
with a :class:`~storyfold.copies.index.MemoryCopyIndex`, with the same
results, but finds candidates for a whole batch of texts in a few numpy calls
instead of a dict lookup per key, and keeps its postings in sorted runs of 12
bytes each (:class:`~storyfold.copies.runs.KeyRuns`). Per text it keeps its
id, its normalised-text hash and word count, and either its shingle hashes
(``text_of=None``) or nothing more: with ``text_of`` given, a candidate
seen before is verified against shingles recomputed from its text, so memory
holds only what the index needs (about 50 keys per text).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from itertools import pairwise

import numpy as np

from storyfold.copies.config import CopyConfig
from storyfold.copies.fingerprint import Fingerprint, FingerprintBatch
from storyfold.copies.index import DEFAULT_MAX_POSTINGS, anchors_needed
from storyfold.copies.runs import KeyRuns, expand_ranges, in_sorted
from storyfold.copies.scan import scan_texts
from storyfold.copies.shingles import batch_shingles, sorted_unique
from storyfold.copies.stage import Candidates, copy_stage, relate_batch
from storyfold.model import CopyRelation

__all__ = ["INDEX_BATCH", "CopyFinder"]

INDEX_BATCH = 1024
"""Texts related and indexed together by :meth:`CopyFinder.feed`."""

_EMPTY = np.empty(0, dtype=np.uint64)
_EMPTY.setflags(write=False)
_NO_PAIRS = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))


class _Column:
    """A growable 1-d numpy array."""

    def __init__(self, dtype: type) -> None:
        self._data: np.ndarray = np.empty(1024, dtype=dtype)
        self._size = 0

    def extend(self, values: np.ndarray) -> None:
        """Append ``values``."""
        end = self._size + values.size
        if end > self._data.size:
            grown = np.empty(max(end, 2 * self._data.size), dtype=self._data.dtype)
            grown[: self._size] = self._data[: self._size]
            self._data = grown
        self._data[self._size : end] = values
        self._size = end

    @property
    def values(self) -> np.ndarray:
        """The values appended so far (a view)."""
        return self._data[: self._size]


def _norm_parts(norm_hash: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Split 32-digit hex digests into their high and low 64-bit halves."""
    hi = np.fromiter((int(h[:16], 16) for h in norm_hash), dtype=np.uint64, count=len(norm_hash))
    lo = np.fromiter((int(h[16:], 16) for h in norm_hash), dtype=np.uint64, count=len(norm_hash))
    return hi, lo


def _light(norm_hash: str, shingles: np.ndarray, n_tokens: int) -> Fingerprint:
    """Return a fingerprint with just what :func:`classify` reads."""
    return Fingerprint(norm_hash, shingles, _EMPTY, _EMPTY, _EMPTY, n_tokens)


def _earlier_in_group(keys: np.ndarray, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sort ``(key, pos)`` rows; return ``(order, group start)`` of each sorted row.

    Keys are sorted with numpy's fast unstable sort; the few groups of equal
    keys are then put in position order.
    """
    order = np.argsort(keys)
    sorted_keys = keys[order]
    new = np.ones(order.size, dtype=np.bool_)
    new[1:] = sorted_keys[1:] != sorted_keys[:-1]
    group_id = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    group_start = starts[group_id]
    shared = np.flatnonzero(~new)
    if shared.size:
        rows = np.unique(np.concatenate((shared, group_start[shared])))
        sub = np.lexsort((pos[order[rows]], group_id[rows]))
        order[rows] = order[rows][sub]
    return order, group_start


class CopyFinder:
    """Find exact, near and contained copies in a stream of texts (see the module docstring).

    ``max_postings`` caps sentence keys as :class:`~storyfold.copies.index.MemoryCopyIndex`
    does: a sentence shared by more texts is boilerplate and stops proposing
    candidates. With ``text_of`` (a function from an id fed before to its
    text) no shingles are kept.
    """

    def __init__(
        self,
        cfg: CopyConfig | None = None,
        *,
        max_postings: int = DEFAULT_MAX_POSTINGS,
        text_of: Callable[[str], str] | None = None,
    ) -> None:
        """Create an empty finder."""
        if isinstance(max_postings, bool) or not isinstance(max_postings, int) or max_postings < 1:
            raise ValueError(f"max_postings: expected an int >= 1, got {max_postings!r}")
        self.cfg = cfg or CopyConfig()
        self.max_postings = max_postings
        self.text_of = text_of
        self._ids: list[str] = []
        self._number: dict[str, int] = {}
        self._bands = KeyRuns()
        self._sentences = KeyRuns()
        self._exact = KeyRuns()
        self._boilerplate = _EMPTY
        self._norm_hi = _Column(np.uint64)
        self._norm_lo = _Column(np.uint64)
        self._n_tokens = _Column(np.int32)
        self._anchors = _Column(np.int32)
        self._anchor_count = np.empty(0, dtype=np.int64)  # of the batch being added
        # Kept shingles (text_of is None): per batch, the first item number and the arrays.
        self._chunk_first: list[int] = []
        self._chunks: list[tuple[np.ndarray, np.ndarray]] = []
        self.candidates_checked = 0

    def __len__(self) -> int:
        """Return the number of texts indexed."""
        return len(self._ids)

    def __contains__(self, item_id: object) -> bool:
        """Tell whether ``item_id`` was indexed."""
        return item_id in self._number

    @property
    def boilerplate_keys(self) -> frozenset[int]:
        """Sentence keys dropped for being shared by more than ``max_postings`` texts."""
        return frozenset(self._boilerplate.tolist())

    @property
    def nbytes(self) -> int:
        """Return the bytes held in numpy arrays (postings, hashes, kept shingles)."""
        columns = (self._norm_hi, self._norm_lo, self._n_tokens, self._anchors)
        return (
            self._bands.nbytes
            + self._sentences.nbytes
            + self._exact.nbytes
            + sum(c.values.nbytes for c in columns)
            + sum(s.nbytes + b.nbytes for s, b in self._chunks)
        )

    # ---- the BatchCopyIndex protocol (see storyfold.copies.stage) ---------------------
    @property
    def keys_only(self) -> bool:
        """Whether batches may come without shingles: with ``text_of``, none are kept."""
        return self.text_of is not None

    def feed(
        self,
        items: Iterable[tuple[str, str]],
        *,
        batch_size: int = INDEX_BATCH,
        workers: int = 1,
        pool: Executor | None = None,
    ) -> Iterator[CopyRelation]:
        """Yield the copy relations of each ``(id, text)`` item with the items before it.

        Runs :func:`~storyfold.copies.stage.copy_stage` over this index: items
        are related and indexed ``batch_size`` at a time (bigger batches spread
        the cost of each index probe over more texts), fingerprinted in
        ``workers`` processes (0: one per CPU) or in ``pool``. Relations come
        in item order and, for one item, in the order of the other item's id.
        """
        return copy_stage(items, self, batch_size=batch_size, workers=workers, pool=pool)

    def add_batch(
        self, ids: list[str], batch: FingerprintBatch, texts: list[str] | None = None
    ) -> list[CopyRelation]:
        """Relate a fingerprinted batch to everything before it, then index it.

        Returns the relations in item order. An exact copy of an indexed text
        is related to that text only and not indexed; a text without words is
        skipped; an id indexed before is related but not indexed again. A
        ``keys_only`` batch needs its ``texts`` (to shingle the few texts that
        have candidates) and a finder with ``text_of``.
        """
        return relate_batch(self, ids, batch, texts)

    def candidates(
        self, ids: list[str], batch: FingerprintBatch, texts: list[str] | None = None
    ) -> Candidates:
        """Return each row's candidates among indexed texts and earlier rows (see ``stage``)."""
        n = len(ids)
        if n != len(batch):
            raise ValueError(f"ids: expected {len(batch)} ids for the batch, got {n}")
        if batch.keys_only and (texts is None or len(texts) != n or self.text_of is None):
            raise ValueError(
                "batch: a keys_only batch needs its texts and a finder made with text_of"
            )
        hi, lo = _norm_parts(batch.norm_hash)
        words = batch.n_tokens > 0
        past_dup = self._past_duplicates(hi, lo, words)
        numbers, dup_target, fresh = self._assign(ids, batch.norm_hash, words, past_dup)
        query = words & (dup_target < 0)
        band_pairs, band_postings = self._band_pairs(batch, query, numbers)
        sent_pairs, sent_postings = self._sentence_pairs(batch, query, numbers)
        candidates = self._group_pairs(
            ids, (fresh, self._number), numbers, dup_target, band_pairs, sent_pairs
        )
        pairs = self._named(ids, batch, numbers, candidates, texts)
        found = Candidates(
            ids, pairs, (batch, numbers, hi, lo, band_postings, sent_postings, self._anchor_count)
        )
        self.candidates_checked += found.checked
        return found

    def add(self, found: Candidates) -> None:
        """Index the batch whose candidates ``found`` holds (from :meth:`candidates`)."""
        batch, numbers, hi, lo, band_postings, sent_postings, anchors = found.state
        self._anchor_count = anchors
        self._index(found.ids, batch, numbers, hi, lo, band_postings, sent_postings)

    # ---- steps of add_batch -----------------------------------------------------------
    def _past_duplicates(self, hi: np.ndarray, lo: np.ndarray, words: np.ndarray) -> np.ndarray:
        """Return, per item, the number of an indexed text with the same normalised text, or -1."""
        out = np.full(hi.size, -1, dtype=np.int64)
        rows = np.flatnonzero(words)
        query, item = self._exact.lookup(hi[rows])
        same = self._norm_lo.values[item] == lo[rows[query]]
        out[rows[query[same]]] = item[same]
        return out

    def _assign(
        self, ids: list[str], norm_hash: list[str], words: np.ndarray, past_dup: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
        """Number the items to be indexed and point exact copies at their original.

        Returns ``(numbers, dup_target, fresh)``: the new item number of each
        indexed item (else -1), the number of the text each exact copy
        duplicates (else -1), and the new numbers by id.
        """
        n = len(ids)
        numbers = np.full(n, -1, dtype=np.int64)
        dup_target = past_dup.copy()
        first_of: dict[str, int] = {}
        fresh: dict[str, int] = {}
        next_number = len(self._ids)
        for j in np.flatnonzero(words & (past_dup < 0)).tolist():
            target = first_of.get(norm_hash[j], -1)
            if target >= 0:
                dup_target[j] = target
                continue
            if ids[j] in self._number or ids[j] in fresh:
                continue  # an id seen before: related, not indexed again
            numbers[j] = next_number
            first_of[norm_hash[j]] = next_number
            fresh[ids[j]] = next_number
            next_number += 1
        return numbers, dup_target, fresh

    def _band_pairs(
        self, batch: FingerprintBatch, query: np.ndarray, numbers: np.ndarray
    ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """Return the pairs sharing an LSH band key, and the band postings to add.

        Pairs are ``(item position, other number)``; postings ``(sorted keys, numbers)``.
        """
        rows = np.flatnonzero(query)
        if rows.size == 0:
            return _NO_PAIRS, (_EMPTY, np.empty(0, dtype=np.int64))
        n_bands = batch.band_keys.shape[1]
        order, group_start = _earlier_in_group(
            batch.band_keys[rows].ravel(), np.repeat(rows, n_bands)
        )
        # From here on every array is in (key, position) order.
        keys = batch.band_keys[rows].ravel()[order]
        pos = np.repeat(rows, n_bands)[order]
        _, q, item = self._bands.probe(keys)
        past = (pos[q], item.astype(np.int64))
        inside = _batch_pairs(group_start, pos, numbers)
        indexed = numbers[pos] >= 0
        return _concat_pairs(past, inside), (keys[indexed], numbers[pos[indexed]])

    def _sentence_pairs(
        self, batch: FingerprintBatch, query: np.ndarray, numbers: np.ndarray
    ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """Return the pairs sharing a usable sentence key, and the postings to add.

        Pairs are ``(item position, other number)``; postings ``(keys, numbers)``.
        A key held by more than ``max_postings`` indexed texts becomes
        boilerplate and stops proposing candidates, exactly as in
        :class:`~storyfold.copies.index.MemoryCopyIndex`: a text sees a key's
        earlier holders while there are at most ``max_postings`` of them.
        """
        rows = np.flatnonzero(query)
        owner, at = expand_ranges(batch.sentence_bounds[rows], batch.sentence_bounds[rows + 1])
        no_postings = (_EMPTY, np.empty(0, dtype=np.int64))
        self._anchor_count = np.zeros(len(batch), dtype=np.int64)
        if at.size == 0:
            return _NO_PAIRS, no_postings
        order, group_start = _earlier_in_group(batch.sentence_keys[at], rows[owner])
        # From here on every array is in (key, position) order; a text's repeated anchor
        # counts once.
        keys = batch.sentence_keys[at][order]
        pos = rows[owner][order]
        once = np.ones(keys.size, dtype=np.bool_)
        once[1:] = (keys[1:] != keys[:-1]) | (pos[1:] != pos[:-1])
        if not once.all():
            keys, pos = keys[once], pos[once]
            first = np.ones(keys.size, dtype=np.bool_)
            first[1:] = keys[1:] != keys[:-1]
            group_start = np.flatnonzero(first)[np.cumsum(first) - 1]
        self._anchor_count = np.bincount(pos, minlength=len(batch))
        boiler = in_sorted(keys, self._boilerplate)
        held_before, q, item = self._sentences.probe(keys)  # keys are sorted
        indexed = numbers[pos] >= 0
        seen = np.cumsum(indexed) - indexed  # indexed rows before each row...
        rank = seen - seen[group_start]  # ... in its key group
        usable = ~boiler & (held_before + rank <= self.max_postings)
        use = np.flatnonzero(usable)
        ok = usable[q]
        past = (pos[q[ok]], item[ok].astype(np.int64))
        mine, earlier = expand_ranges(group_start[use], use)
        mine = use[mine]
        keep = indexed[earlier]
        inside = (pos[mine[keep]], numbers[pos[earlier[keep]]])
        # Keys now held by too many texts become boilerplate.
        starts = np.flatnonzero(group_start == np.arange(keys.size))
        held = held_before[starts] + np.add.reduceat(indexed.astype(np.int64), starts)
        newly = ~boiler[starts] & (held > self.max_postings)
        if newly.any():
            dead = keys[starts[newly]]
            self._boilerplate = np.union1d(self._boilerplate, dead)
            self._sentences.drop(dead)
        post = indexed & ~in_sorted(keys, self._boilerplate)
        pairs = self._enough_shared(batch, numbers, *_concat_pairs(past, inside))
        return pairs, (keys[post], numbers[pos[post]])

    def _enough_shared(
        self, batch: FingerprintBatch, numbers: np.ndarray, pos: np.ndarray, other: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Keep the pairs sharing at least ``min(MIN_SHARED_ANCHORS, anchors of each)`` anchors.

        Each shared usable anchor gives one ``(position, number)`` pair, so a
        pair's multiplicity is its number of shared anchors.
        """
        if pos.size == 0:
            return pos, other
        code, shared = np.unique((pos << 32) | other, return_counts=True)
        pos, other = code >> 32, code & 0xFFFFFFFF
        per_text = self._anchor_count
        base = len(self._ids)
        row_of = np.flatnonzero(numbers >= 0)  # numbers grow with position
        theirs = np.empty(other.size, dtype=np.int64)
        old = other < base
        theirs[old] = self._anchors.values[other[old]]
        theirs[~old] = per_text[row_of[other[~old] - base]]
        need = anchors_needed(per_text[pos], theirs)
        keep = shared >= need
        return pos[keep], other[keep]

    @staticmethod
    def _group_pairs(
        ids: list[str],
        own: tuple[dict[str, int], dict[str, int]],
        numbers: np.ndarray,
        dup_target: np.ndarray,
        *pairs: tuple[np.ndarray, np.ndarray],
    ) -> list[tuple[int, list[int]]]:
        """Return ``(item position, candidate numbers)`` per item with candidates, in order.

        A text is never its own candidate, nor is an earlier text of the same id
        (``own``: the numbers of ids new in this batch, and of ids indexed before).
        """
        pos, other = _concat_pairs(*pairs)
        dups = np.flatnonzero(dup_target >= 0)
        pos = np.concatenate((pos, dups))
        other = np.concatenate((other, dup_target[dups]))
        if pos.size == 0:
            return []
        code = np.unique((pos << 32) | other)
        pos, other = code >> 32, code & 0xFFFFFFFF
        out: list[tuple[int, list[int]]] = []
        cuts = [*np.flatnonzero(np.r_[True, pos[1:] != pos[:-1]]).tolist(), pos.size]
        others = other.tolist()
        positions = pos.tolist()
        for a, b in pairwise(cuts):
            j = positions[a]
            mine = numbers[j]
            same_id = own[0].get(ids[j], own[1].get(ids[j], -1))
            cands = [o for o in others[a:b] if o != mine and o != same_id]
            if cands:
                out.append((j, cands))
        return out

    def _named(
        self,
        ids: list[str],
        batch: FingerprintBatch,
        numbers: np.ndarray,
        candidates: list[tuple[int, list[int]]],
        texts: list[str] | None,
    ) -> list[tuple[int, Fingerprint, list[tuple[str, Fingerprint]]]]:
        """Give every candidate its id and light fingerprint, candidates in id order."""
        if not candidates:
            return []
        base = len(self._ids)
        number_to_row = np.flatnonzero(numbers >= 0).tolist()  # numbers grow with position
        old = sorted({o for _, cands in candidates for o in cands if o < base})
        old_fps = self._old_fingerprints(old)
        new_fps: dict[int, Fingerprint] = {}
        if batch.keys_only:
            assert texts is not None
            rows = sorted(
                {j for j, _ in candidates}
                | {number_to_row[o - base] for _, cands in candidates for o in cands if o >= base}
            )
            for row, fp in zip(rows, self._shingled([texts[r] for r in rows]), strict=True):
                new_fps[row] = fp

        def batch_fp(row: int) -> Fingerprint:
            fp = new_fps.get(row)
            if fp is None:
                fp = _light(
                    batch.norm_hash[row],
                    sorted_unique(batch.raw_shingles(row)),
                    int(batch.n_tokens[row]),
                )
                new_fps[row] = fp
            return fp

        out = []
        for j, cands in candidates:
            named = []
            for o in cands:
                if o < base:
                    named.append((self._ids[o], old_fps[o]))
                else:
                    row = number_to_row[o - base]
                    named.append((ids[row], batch_fp(row)))
            named.sort(key=lambda pair: pair[0])
            out.append((j, batch_fp(j), named))
        return out

    def _old_fingerprints(self, numbers: list[int]) -> dict[int, Fingerprint]:
        """Return light fingerprints of indexed texts, kept or recomputed from their text."""
        if not numbers:
            return {}
        hi, lo, n_tok = self._norm_hi.values, self._norm_lo.values, self._n_tokens.values
        if self.text_of is not None:
            fps = self._shingled([self.text_of(self._ids[o]) for o in numbers])
            return dict(zip(numbers, fps, strict=True))
        out = {}
        for o in numbers:
            c = bisect.bisect_right(self._chunk_first, o) - 1
            shingles, bounds = self._chunks[c]
            k = o - self._chunk_first[c]
            raw = shingles[bounds[k] : bounds[k + 1]]
            norm = f"{int(hi[o]):016x}{int(lo[o]):016x}"
            out[o] = _light(norm, sorted_unique(raw), int(n_tok[o]))
        return out

    def _shingled(self, texts: list[str]) -> list[Fingerprint]:
        """Return light fingerprints (hash, sorted unique shingles, word count) of ``texts``."""
        scan = scan_texts(texts)
        shingles, bounds = batch_shingles(scan.tok_hash, scan.tok_bounds, self.cfg.shingle_size)
        n_tok = scan.n_tokens
        return [
            _light(scan.norm_hash[i], sorted_unique(shingles[bounds[i] : bounds[i + 1]]), n)
            for i, n in enumerate(n_tok.tolist())
        ]

    def _index(
        self,
        ids: list[str],
        batch: FingerprintBatch,
        numbers: np.ndarray,
        hi: np.ndarray,
        lo: np.ndarray,
        band_postings: tuple[np.ndarray, np.ndarray],
        sentence_postings: tuple[np.ndarray, np.ndarray],
    ) -> None:
        """Add the batch's new texts to the index (postings come sorted by key)."""
        rows = np.flatnonzero(numbers >= 0)
        if rows.size == 0:
            return
        nums = numbers[rows]
        first = len(self._ids)
        for j, number in zip(rows.tolist(), nums.tolist(), strict=True):
            self._ids.append(ids[j])
            self._number[ids[j]] = number
        self._bands.add(*band_postings, presorted=True)
        self._sentences.add(*sentence_postings, presorted=True)
        self._exact.add(hi[rows], nums)
        self._norm_hi.extend(hi[rows])
        self._norm_lo.extend(lo[rows])
        self._n_tokens.extend(batch.n_tokens[rows].astype(np.int32))
        self._anchors.extend(self._anchor_count[rows].astype(np.int32))
        if self.text_of is None:
            owner, at = expand_ranges(batch.shingle_bounds[rows], batch.shingle_bounds[rows + 1])
            bounds = np.zeros(rows.size + 1, dtype=np.int64)
            np.cumsum(np.bincount(owner, minlength=rows.size), out=bounds[1:])
            self._chunk_first.append(first)
            self._chunks.append((batch.shingles[at], bounds))


def _batch_pairs(
    group_start: np.ndarray, pos: np.ndarray, numbers: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(position, number)`` pairs of rows sharing a key with an earlier indexed row.

    Rows are sorted by ``(key, position)``; ``group_start`` is the first row of
    each row's key group.
    """
    rows = np.arange(pos.size)
    if np.array_equal(group_start, rows):
        return _NO_PAIRS  # every key is held by one row only
    owner, earlier = expand_ranges(group_start, rows)
    mine, theirs = pos[owner], pos[earlier]
    keep = (numbers[theirs] >= 0) & (theirs < mine)
    return mine[keep], numbers[theirs[keep]]


def _concat_pairs(*pairs: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Concatenate ``(position, number)`` pair arrays."""
    return (
        np.concatenate([p for p, _ in pairs]).astype(np.int64, copy=False),
        np.concatenate([o for _, o in pairs]).astype(np.int64, copy=False),
    )
