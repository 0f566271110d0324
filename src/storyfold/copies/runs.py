"""Key postings as sorted numpy runs: a small log-structured merge index.

:class:`KeyRuns` maps uint64 keys to int32 item numbers. Each added batch
becomes a run sorted by key; a run is merged into the one before it while that
one is at most ``merge_factor`` times larger, so there are O(log n) runs and
every posting is merged O(log n) times. A lookup of a whole batch of keys is
one ``np.searchsorted`` per run, but only for the keys that pass a bitmap of
the low bits of every key posted (8 to 32 bits per key, so at most 12% of the
keys never posted pass): most keys looked up were never posted, and the
bitmap turns them away with one memory access instead of a binary search in
every run. Each posting costs 12 bytes plus 1-4 bytes of bitmap, against well
over a hundred for a Python dict of lists.
"""

from __future__ import annotations

import numpy as np

__all__ = ["KeyRuns", "expand_ranges", "in_sorted"]

_EMPTY_KEYS = np.empty(0, dtype=np.uint64)
_MIN_BITS = 16  # smallest bitmap: 2**16 bits
_BITS_PER_KEY = 8  # grown to keep 8-32 bits per posted key: at most 12% false hits
_MAX_BYTES = 1 << 27  # 128 MB: beyond ~67M keys the bitmap stops growing and fills up
_EMPTY_ITEMS = np.empty(0, dtype=np.int32)


def expand_ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(owner, position)`` for every position in the ranges ``[lo[i], hi[i])``.

    ``owner`` is ``i`` for each position of range ``i``; all vectorised.
    """
    sizes = hi - lo
    owner = np.repeat(np.arange(lo.size, dtype=np.int64), sizes)
    if owner.size == 0:
        return owner, owner
    starts = np.zeros(lo.size, dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    position = np.arange(owner.size, dtype=np.int64) - starts[owner] + lo[owner]
    return owner, position


def in_sorted(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Return the mask of ``values`` found in the sorted array ``sorted_keys``."""
    if sorted_keys.size == 0:
        return np.zeros(values.size, dtype=np.bool_)
    pos = np.searchsorted(sorted_keys, values)
    pos[pos == sorted_keys.size] = 0
    return sorted_keys[pos] == values


def _merge(
    keys_a: np.ndarray, items_a: np.ndarray, keys_b: np.ndarray, items_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Merge two sorted runs (run ``a``'s postings first on equal keys).

    A stable sort of the two runs end to end is a single merge pass for
    numpy's timsort, so this is linear time.
    """
    keys = np.concatenate((keys_a, keys_b))
    order = np.argsort(keys, kind="stable")
    return keys[order], np.concatenate((items_a, items_b))[order]


class KeyRuns:
    """uint64 keys to int32 item numbers, as sorted runs (see the module docstring)."""

    def __init__(self, merge_factor: int = 1, max_run: int = 1 << 22) -> None:
        """Create an empty index.

        Runs are merged while the older one is at most ``merge_factor`` times
        the newer and the merged run would hold at most ``max_run`` postings;
        the cap bounds the memory a merge needs (about 40 bytes per posting
        merged) at the price of more runs to search past ``max_run`` postings.
        """
        self.merge_factor = merge_factor
        self.max_run = max_run
        self._keys: list[np.ndarray] = []
        self._items: list[np.ndarray] = []
        self._dead = _EMPTY_KEYS
        self._bits = np.zeros(1 << (_MIN_BITS - 3), dtype=np.uint8)
        self._posted = 0

    def _cells(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the byte and the bit mask of each key in the bitmap (low bits of the key)."""
        cell = (keys & np.uint64(self._bits.size * 8 - 1)).astype(np.intp)
        return cell >> 3, np.left_shift(1, cell & 7).astype(np.uint8)

    def _mark(self, keys: np.ndarray) -> None:
        """Set the bitmap bits of ``keys``, growing the bitmap to keep it sparse."""
        self._posted += keys.size
        if self._posted * _BITS_PER_KEY > self._bits.size * 8 and self._bits.size < _MAX_BYTES:
            self._grow()
        self._set(keys)

    def _set(self, keys: np.ndarray) -> None:
        """Set the bits of ``keys`` (a fancy-indexed OR, redone with ``ufunc.at`` for the few
        bytes that two keys shared, whose OR the fancy assignment may have lost)."""
        byte, bit = self._cells(keys)
        self._bits[byte] |= bit
        lost = np.flatnonzero((self._bits[byte] & bit) == 0)
        if lost.size:
            np.bitwise_or.at(self._bits, byte[lost], bit[lost])

    def _grow(self) -> None:
        """Rebuild the bitmap with enough bits for the keys posted (amortised O(1) per key)."""
        need = max(self._posted * _BITS_PER_KEY * 2, 1 << _MIN_BITS)
        size = min(1 << (int(need) - 1).bit_length(), _MAX_BYTES * 8)
        self._bits = np.zeros(size >> 3, dtype=np.uint8)
        for run in self._keys:
            self._set(run)

    def _maybe(self, keys: np.ndarray) -> np.ndarray:
        """Return the mask of ``keys`` that may have postings (no false negatives)."""
        byte, bit = self._cells(keys)
        return (self._bits[byte] & bit) != 0

    def __len__(self) -> int:
        """Return the number of postings held (dropped keys are purged lazily)."""
        return sum(k.size for k in self._keys)

    @property
    def nbytes(self) -> int:
        """Return the bytes held by the runs."""
        return sum(k.nbytes + i.nbytes for k, i in zip(self._keys, self._items, strict=True))

    def add(self, keys: np.ndarray, items: np.ndarray, *, presorted: bool = False) -> None:
        """Post each ``keys[i]`` under ``items[i]`` (``presorted``: keys come sorted)."""
        if keys.size == 0:
            return
        if not presorted:
            order = np.argsort(keys, kind="stable")
            keys, items = keys[order], items[order]
        self._mark(keys)
        self._keys.append(np.ascontiguousarray(keys, dtype=np.uint64))
        self._items.append(np.ascontiguousarray(items, dtype=np.int32))
        factor, cap = self.merge_factor, self.max_run
        while (
            len(self._keys) > 1
            and self._keys[-2].size <= factor * self._keys[-1].size
            and self._keys[-2].size + self._keys[-1].size <= cap
        ):
            keys_b, items_b = self._keys.pop(), self._items.pop()
            keys_a, items_a = self._keys.pop(), self._items.pop()
            keys_m, items_m = _merge(keys_a, items_a, keys_b, items_b)
            if self._dead.size:
                alive = ~in_sorted(keys_m, self._dead)
                keys_m, items_m = keys_m[alive], items_m[alive]
            self._keys.append(keys_m)
            self._items.append(items_m)

    def drop(self, keys: np.ndarray) -> None:
        """Stop returning postings of ``keys``; their space is freed at later merges."""
        if keys.size:
            self._dead = np.union1d(self._dead, keys.astype(np.uint64))

    def probe(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(counts, query index, item)``: each key's number of postings, and the postings.

        ``keys`` must be sorted: each run is then searched with sorted needles
        (far fewer cache misses). The right end of a range is only looked up
        for keys found. Dropped keys have no postings.
        """
        counts = np.zeros(keys.size, dtype=np.int64)
        if keys.size == 0 or not self._keys:
            return counts, np.empty(0, dtype=np.int64), _EMPTY_ITEMS
        owners: list[np.ndarray] = []
        found: list[np.ndarray] = []
        maybe = np.flatnonzero(self._maybe(keys))
        needles = keys[maybe]
        for run, items in zip(self._keys, self._items, strict=True):
            lo = np.searchsorted(run, needles)
            at = np.minimum(lo, run.size - 1)
            hit = np.flatnonzero(run[at] == needles)
            if hit.size == 0:
                continue
            lo = lo[hit]
            hi = np.searchsorted(run, needles[hit], side="right")
            hit = maybe[hit]
            counts[hit] += hi - lo
            owner, position = expand_ranges(lo, hi)
            owners.append(hit[owner])
            found.append(items[position])
        if not owners:
            return counts, np.empty(0, dtype=np.int64), _EMPTY_ITEMS
        query, item = np.concatenate(owners), np.concatenate(found)
        if self._dead.size:
            dead = in_sorted(keys, self._dead)
            counts[dead] = 0
            alive = ~dead[query]
            query, item = query[alive], item[alive]
        return counts, query, item

    def count(self, keys: np.ndarray) -> np.ndarray:
        """Return how many postings each of ``keys`` has (dropped keys count 0)."""
        order = np.argsort(keys)
        counts = np.empty(keys.size, dtype=np.int64)
        counts[order] = self.probe(keys[order])[0]
        return counts

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(query index, item)`` for every posting of every key of ``keys``."""
        order = np.argsort(keys)
        _, query, item = self.probe(keys[order])
        return order[query], item
