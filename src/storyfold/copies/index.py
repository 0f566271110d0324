"""Candidate indexes: from fingerprint keys to the ids of items seen before."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

import numpy as np

from storyfold.copies.fingerprint import Fingerprint

__all__ = [
    "DEFAULT_MAX_POSTINGS",
    "MIN_SHARED_ANCHORS",
    "CopyIndex",
    "MemoryCopyIndex",
    "anchors_needed",
    "from_sqlite_int",
    "to_sqlite_int",
    "to_sqlite_ints",
]

DEFAULT_MAX_POSTINGS = 50
"""Sentence keys shared by more items than this are boilerplate."""

MIN_SHARED_ANCHORS = 2
"""Sentence anchors two items must share to be candidates (fewer if either has fewer anchors).

One shared anchor is often a common phrase (an anchor is a 5-word shingle);
real copies share most of the shorter text's anchors. Requiring two cuts chance
candidates by an order of magnitude and costs no copy with two or more anchors
kept."""


def anchors_needed(mine: Any, theirs: Any) -> Any:
    """Return how many sentence anchors two items must share to be candidates.

    The one anchor rule of every index: ``min(MIN_SHARED_ANCHORS, anchors of
    either)``, so a text with a single anchor can still be found by it. Works on
    ints and, element-wise, on numpy arrays.
    """
    return np.minimum(np.minimum(mine, theirs), MIN_SHARED_ANCHORS)


_TWO_63 = 1 << 63
_TWO_64 = 1 << 64


def to_sqlite_int(key: np.uint64 | int) -> int:
    """Map a uint64 key to the SQLite signed 64-bit integer with the same bits.

    Keys below ``2**63`` stay as they are; larger keys become ``key - 2**64``
    (two's complement). :func:`from_sqlite_int` inverts it. Equality is kept,
    so SQLite tables can store and look up keys as INTEGER.
    """
    value = int(key)
    if not 0 <= value < _TWO_64:
        raise ValueError(f"key: expected an int in [0, 2**64), got {value!r}")
    return value - _TWO_64 if value >= _TWO_63 else value


def from_sqlite_int(value: int) -> np.uint64:
    """Invert :func:`to_sqlite_int`: map a signed 64-bit integer back to the uint64 key."""
    value = int(value)
    if not -_TWO_63 <= value < _TWO_63:
        raise ValueError(f"value: expected an int in [-2**63, 2**63), got {value!r}")
    return np.uint64(value + _TWO_64 if value < 0 else value)


def to_sqlite_ints(keys: np.ndarray) -> list[int]:
    """Apply :func:`to_sqlite_int` to a whole uint64 array (a bit-cast, no loop)."""
    return np.ascontiguousarray(keys, dtype=np.uint64).view(np.int64).tolist()


@runtime_checkable
class CopyIndex(Protocol):
    """Where copy detection looks up items seen before.

    Implementations map three kinds of keys of an added fingerprint to its id:
    the normalised-text hash (``norm_hash``), each LSH band key
    (``band_keys``) and each sentence anchor (``sentence_keys``). A sentence
    key held by more than a fixed number of items is boilerplate: it must stop
    proposing candidates and need not be extended. An item sharing the text
    hash or a band key is a candidate; one sharing only sentence keys should be
    one when they share at least :func:`anchors_needed` usable keys (proposing
    more only costs verifications). This per-item protocol serves
    :class:`MemoryCopyIndex`, the plain reference implementation; the copy stage
    itself works a batch at a time through
    :class:`~storyfold.copies.stage.BatchCopyIndex`.
    """

    def candidates(self, fp: Fingerprint) -> set[str]:
        """Return the ids of added items sharing usable keys with ``fp`` (see the class)."""
        ...

    def add(self, item_id: str, fp: Fingerprint) -> None:
        """Index ``fp``'s keys under ``item_id``."""
        ...


class MemoryCopyIndex:
    """A :class:`CopyIndex` held in dicts from keys to lists of ids.

    It also keeps the fingerprints it was given, readable through
    :attr:`fingerprints`, so a later :func:`find_copies` call can verify
    candidates from earlier calls with ``fingerprints=index.fingerprints``.
    """

    def __init__(self, max_postings: int = DEFAULT_MAX_POSTINGS) -> None:
        """Create an empty index; sentence keys of more than ``max_postings`` items are dropped."""
        if isinstance(max_postings, bool) or not isinstance(max_postings, int) or max_postings < 1:
            raise ValueError(f"max_postings: expected an int >= 1, got {max_postings!r}")
        self.max_postings = max_postings
        self._fingerprints: dict[str, Fingerprint] = {}
        self._exact: dict[str, list[str]] = {}
        self._bands: dict[int, list[str]] = {}
        self._sentences: dict[int, list[str]] = {}
        self._boilerplate: set[int] = set()

    def __len__(self) -> int:
        """Return the number of items added."""
        return len(self._fingerprints)

    def __contains__(self, item_id: object) -> bool:
        """Tell whether ``item_id`` was added."""
        return item_id in self._fingerprints

    @property
    def fingerprints(self) -> Mapping[str, Fingerprint]:
        """Read-only view of the added fingerprints by id."""
        return MappingProxyType(self._fingerprints)

    @property
    def boilerplate_keys(self) -> frozenset[int]:
        """Sentence keys (as Python ints) dropped for being shared by too many items."""
        return frozenset(self._boilerplate)

    def candidates(self, fp: Fingerprint) -> set[str]:
        """Return the ids of added items sharing the text hash, a band or anchors with ``fp``.

        Boilerplate sentence keys are not consulted; an item sharing only
        anchors must share ``min(MIN_SHARED_ANCHORS, anchors of either)`` of them.
        """
        found: set[str] = set(self._exact.get(fp.norm_hash, ()))
        self._collect(found, self._bands, fp.band_keys.tolist())
        boilerplate = self._boilerplate
        shared: Counter[str] = Counter()
        for key in fp.sentence_keys.tolist():
            if key not in boilerplate:
                shared.update(self._sentences.get(key, ()))
        mine = int(fp.sentence_keys.size)
        for item_id, count in shared.items():
            theirs = int(self._fingerprints[item_id].sentence_keys.size)
            if count >= anchors_needed(mine, theirs):
                found.add(item_id)
        return found

    @staticmethod
    def _collect(found: set[str], postings: dict[int, list[str]], keys: Iterable[int]) -> None:
        """Add to ``found`` the ids posted under any of ``keys``."""
        for key in keys:
            ids = postings.get(key)
            if ids:
                found.update(ids)

    def add(self, item_id: str, fp: Fingerprint) -> None:
        """Index ``fp`` under ``item_id``; adding an id again does nothing."""
        if item_id in self._fingerprints:
            return
        self._fingerprints[item_id] = fp
        self._exact.setdefault(fp.norm_hash, []).append(item_id)
        for key in fp.band_keys.tolist():
            self._bands.setdefault(key, []).append(item_id)
        for key in fp.sentence_keys.tolist():
            if key in self._boilerplate:
                continue
            ids = self._sentences.setdefault(key, [])
            ids.append(item_id)
            if len(ids) > self.max_postings:
                del self._sentences[key]
                self._boilerplate.add(key)
