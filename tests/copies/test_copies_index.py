"""SQLite key conversion and the in-memory candidate index."""

from __future__ import annotations

import random
import sqlite3

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfold.copies import (
    CopyIndex,
    MemoryCopyIndex,
    fingerprint,
    from_sqlite_int,
    to_sqlite_int,
    to_sqlite_ints,
)

from .corpus import make_doc


@settings(deadline=None)
@given(st.integers(0, 2**64 - 1))
def test_sqlite_int_round_trip(key: int) -> None:
    value = to_sqlite_int(np.uint64(key))
    assert -(2**63) <= value < 2**63
    assert int(from_sqlite_int(value)) == key
    assert to_sqlite_ints(np.array([key], dtype=np.uint64)) == [value]


def test_sqlite_int_rejects_out_of_range() -> None:
    with pytest.raises(ValueError, match="key"):
        to_sqlite_int(2**64)
    with pytest.raises(ValueError, match="value"):
        from_sqlite_int(2**63)


def test_sqlite_int_stores_in_sqlite() -> None:
    keys = np.array([0, 2**63 - 1, 2**63, 2**64 - 1], dtype=np.uint64)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE k (key INTEGER, item TEXT)")
    db.executemany("INSERT INTO k VALUES (?, 'x')", [(v,) for v in to_sqlite_ints(keys)])
    back = [from_sqlite_int(v) for (v,) in db.execute("SELECT key FROM k ORDER BY rowid")]
    assert np.array_equal(np.array(back, dtype=np.uint64), keys)


def test_memory_index_is_a_copy_index() -> None:
    assert isinstance(MemoryCopyIndex(), CopyIndex)
    with pytest.raises(ValueError, match="max_postings"):
        MemoryCopyIndex(max_postings=0)


def test_memory_index_routes(article: str) -> None:
    index = MemoryCopyIndex()
    fp = fingerprint(article)
    index.add("a", fp)
    index.add("a", fp)  # again: no effect
    assert len(index) == 1 and "a" in index
    assert index.fingerprints["a"] is fp
    assert index.candidates(fp) == {"a"}
    # One shared sentence is enough to be a candidate.
    sentence = article.splitlines()[4]
    assert index.candidates(fingerprint("Something else entirely here. " + sentence)) == {"a"}
    assert index.candidates(fingerprint("Nothing shared with the article at all")) == set()


def test_boilerplate_sentence_stops_proposing() -> None:
    rng = random.Random(9)
    boiler = "Subscribe to the Harbor Ledger for daily news from the lake."
    index = MemoryCopyIndex(max_postings=10)
    for i in range(11):
        index.add(f"d{i}", fingerprint(make_doc(rng, 2) + "\n" + boiler))
    assert len(index.boilerplate_keys) == 1
    probe = fingerprint(make_doc(rng, 2) + "\n" + boiler)
    assert index.candidates(probe) == set()
    index.add("late", probe)  # not extended: still boilerplate, nothing posted
    assert index.candidates(fingerprint(boiler + " " + make_doc(rng, 1))) == set()
