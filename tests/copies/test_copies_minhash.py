"""One-permutation MinHash signatures, densification and band keys."""

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
from storyfold.copies.bands import band_keys_many
from storyfold.copies.minhash import (
    EMPTY_SLOT,
    densify_order,
    oph_signatures,
    seeded_hashes,
)
from storyfold.copies.scan import mix64

u64 = st.integers(0, 2**64 - 1)
CFG = CopyConfig()


def _random_set(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.unique(rng.integers(0, 2**64, n, dtype=np.uint64))


def test_signature_shape_and_empty() -> None:
    sig = minhash_signature(shingle_hashes("a few words of text here and there", 5), CFG)
    assert sig.dtype == np.uint64 and sig.shape == (128,)
    assert not np.any(sig == EMPTY_SLOT)  # 3 shingles, densified into all 128 bins
    empty = minhash_signature(np.empty(0, dtype=np.uint64), CFG)
    assert np.all(empty == EMPTY_SLOT)


def test_signature_ignores_order_and_repeats() -> None:
    values = _random_set(np.random.default_rng(1), 700)
    shuffled = np.random.default_rng(2).permutation(np.concatenate((values, values[:50])))
    assert np.array_equal(minhash_signature(values, CFG), minhash_signature(shuffled, CFG))


def test_signature_values_are_pinned() -> None:
    """Same values on every platform and run; a change here changes every stored
    fingerprint, so it must come with a new FINGERPRINT_VERSION."""
    assert int(mix64(np.array([1], dtype=np.uint64))[0]) == 0x5692161D100B05E5
    sig = minhash_signature(np.arange(1, 1001, dtype=np.uint64), CFG)
    assert sig[:3].tolist() == [0x39931244AA4AB7, 0x2083B1EB73893F8, 0x45DAD4008D97D0B]


def test_seeds_give_other_signatures() -> None:
    values = _random_set(np.random.default_rng(3), 500)
    a = minhash_signature(values, CFG)
    b = minhash_signature(values, CFG.replace(seed=2))
    assert np.mean(a == b) < 0.1


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(u64, max_size=300), max_size=12))
def test_batch_signatures_equal_single(sets: list[list[int]]) -> None:
    cfg = CopyConfig(num_perm=64)
    arrays = [np.array(s, dtype=np.uint64) for s in sets]
    arrays.append(np.arange(1000, dtype=np.uint64))
    batch = minhash_signatures(arrays, cfg)
    assert batch.shape == (len(arrays), 64)
    for arr, row in zip(arrays, batch, strict=True):
        assert np.array_equal(row, minhash_signature(arr, cfg))


@settings(max_examples=40, deadline=None)
@given(st.lists(u64, min_size=1, max_size=40, unique=True))
def test_densified_signature_holds_only_set_values(values: list[int]) -> None:
    """Every bin of a non-empty set holds the seeded hash of one of its shingles."""
    arr = np.array(values, dtype=np.uint64)
    sig = minhash_signature(arr, CFG)
    assert not np.any(sig == EMPTY_SLOT)
    assert set(sig.tolist()) <= set(seeded_hashes(arr, CFG.seed).tolist())


def test_bins_hold_their_minimum() -> None:
    arr = _random_set(np.random.default_rng(4), 5000)
    sig = oph_signatures(arr, np.array([0, arr.size]), 128, 1)[0]
    values = seeded_hashes(arr, 1)
    bins = ((values >> np.uint64(32)) * np.uint64(128)) >> np.uint64(32)
    for b in (0, 17, 127):
        assert sig[b] == values[bins == b].min()


def test_densify_order_rows_are_permutations() -> None:
    order = densify_order(64, 1)
    assert order.shape == (64, 64)
    assert all(sorted(row) == list(range(64)) for row in order.tolist())
    assert not order.flags.writeable
    assert not np.array_equal(order, densify_order(64, 2))


def test_agreement_estimates_jaccard() -> None:
    cfg = CopyConfig(num_perm=256)
    base = mix64(np.arange(0, 2000, dtype=np.uint64))
    a, b = base[:1500], base[500:]  # Jaccard = 1000 / 2000 = 0.5
    agree = np.mean(minhash_signature(a, cfg) == minhash_signature(b, cfg))
    assert abs(agree - 0.5) < 0.1


def test_agreement_estimates_jaccard_of_short_sets() -> None:
    """With densification, sets smaller than the signature still estimate Jaccard."""
    rng = np.random.default_rng(5)
    estimates = []
    for _ in range(200):
        base = _random_set(rng, 60)
        a, b = base[:45], base[15:]  # Jaccard = 30 / 60 = 0.5
        estimates.append(np.mean(minhash_signature(a, CFG) == minhash_signature(b, CFG)))
    assert abs(np.mean(estimates) - 0.5) < 0.06


def test_band_collision_rate_follows_the_s_curve() -> None:
    """Pairs at Jaccard 0.8 share a band about P(0.8) = 0.992 of the time; at 0.4, 6%."""
    rng = np.random.default_rng(6)
    for jaccard, lo, hi in ((0.8, 0.97, 1.0), (0.4, 0.02, 0.12)):
        hits = 0
        for _ in range(300):
            n_common = 600
            n_each = round(n_common * (1 - jaccard) / (2 * jaccard))
            pool = _random_set(rng, n_common + 2 * n_each + 10)
            common, rest = pool[:n_common], pool[n_common:]
            a = np.concatenate((common, rest[:n_each]))
            b = np.concatenate((common, rest[n_each : 2 * n_each]))
            ka = band_keys(minhash_signature(a, CFG), CFG)
            kb = band_keys(minhash_signature(b, CFG), CFG)
            hits += bool(np.any(ka == kb))
        assert lo <= hits / 300 <= hi


def test_band_keys_follow_band_agreement() -> None:
    sig = minhash_signature(np.arange(1, 200, dtype=np.uint64), CFG)
    keys = band_keys(sig, CFG)
    assert keys.dtype == np.uint64 and keys.shape == (16,)
    changed = sig.copy()
    changed[CFG.n_rows * 3] += np.uint64(1)  # first row of band 3
    assert np.flatnonzero(keys != band_keys(changed, CFG)).tolist() == [3]
    # Equal rows in different bands still give different keys.
    assert np.unique(band_keys(np.zeros(128, dtype=np.uint64), CFG)).size == 16
    many = band_keys_many(np.stack([sig, changed]), CFG)
    assert np.array_equal(many[0], keys)


def test_band_keys_reject_short_signatures() -> None:
    import pytest

    with pytest.raises(ValueError, match="bands\\*rows=96"):
        band_keys(np.zeros(10, dtype=np.uint64), CFG)
    with pytest.raises(ValueError, match="signatures"):
        band_keys_many(np.zeros((2, 10), dtype=np.uint64), CFG)
