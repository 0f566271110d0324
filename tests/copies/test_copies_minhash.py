"""MinHash arithmetic, signatures and band keys."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfold.copies import (
    CopyConfig,
    band_keys,
    minhash_signature,
    minhash_signatures,
    shingle_hashes,
)
from storyfold.copies.minhash import EMPTY_SLOT, MERSENNE_61, _reduce61, mulmod61, permutations

P = MERSENNE_61
u64 = st.integers(0, 2**64 - 1)


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, P - 1), st.integers(1, P - 1), st.integers(0, P - 1))))
def test_mulmod61_matches_python_ints(triples: list[tuple[int, int, int]]) -> None:
    triples += [(P - 1, P - 1, P - 1), (0, 1, 0), (2**32 - 1, 2**32 + 5, 7)]
    x, a, b = (np.array(col, dtype=np.uint64) for col in zip(*triples, strict=True))
    got = mulmod61(x, a, b)
    assert [int(v) for v in got] == [(ai * xi + bi) % P for xi, ai, bi in triples]


@settings(deadline=None)
@given(st.lists(u64, max_size=50))
def test_reduce61_matches_python_ints(values: list[int]) -> None:
    values += [0, P - 1, P, P + 1, 2 * P, 2**64 - 1]
    got = _reduce61(np.array(values, dtype=np.uint64))
    assert [int(v) for v in got] == [v % P for v in values]


def test_permutations_are_seeded_and_in_range() -> None:
    a1, b1 = permutations(128, 1)
    a2, _ = permutations(128, 2)
    assert a1.shape == b1.shape == (128,)
    assert not np.array_equal(a1, a2)
    assert int(a1.min()) >= 1 and int(a1.max()) < P and int(b1.max()) < P
    assert not a1.flags.writeable


def test_signature_shape_and_empty() -> None:
    cfg = CopyConfig()
    sig = minhash_signature(shingle_hashes("a few words of text here and there", 5), cfg)
    assert sig.dtype == np.uint64 and sig.shape == (128,)
    assert int(sig.max()) < P
    empty = minhash_signature(np.empty(0, dtype=np.uint64), cfg)
    assert np.all(empty == EMPTY_SLOT)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(u64, max_size=300), max_size=12))
def test_batch_signatures_equal_single(sets: list[list[int]]) -> None:
    cfg = CopyConfig(num_perm=64)
    arrays = [np.unique(np.array(s, dtype=np.uint64)) for s in sets]
    arrays.append(np.arange(1000, dtype=np.uint64))  # larger than one block
    batch = minhash_signatures(arrays, cfg)
    assert batch.shape == (len(arrays), 64)
    for arr, row in zip(arrays, batch, strict=True):
        assert np.array_equal(row, minhash_signature(arr, cfg))


def test_signature_agreement_estimates_jaccard() -> None:
    cfg = CopyConfig(num_perm=256)
    base = np.arange(0, 2000, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    a, b = base[:1500], base[500:]  # Jaccard = 1000 / 2000 = 0.5
    agree = np.mean(minhash_signature(a, cfg) == minhash_signature(b, cfg))
    assert abs(agree - 0.5) < 0.12


def test_band_keys_follow_band_agreement() -> None:
    cfg = CopyConfig()
    sig = minhash_signature(np.arange(1, 200, dtype=np.uint64), cfg)
    keys = band_keys(sig, cfg)
    assert keys.dtype == np.uint64 and keys.shape == (16,)
    changed = sig.copy()
    changed[cfg.n_rows * 3] += np.uint64(1)  # first row of band 3
    other = band_keys(changed, cfg)
    assert np.flatnonzero(keys != other).tolist() == [3]
    # Equal rows in different bands still give different keys.
    flat = np.zeros(128, dtype=np.uint64)
    assert np.unique(band_keys(flat, cfg)).size == 16
