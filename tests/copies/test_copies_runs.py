"""KeyRuns, the sorted-run posting index, against a dict of lists."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfold.copies.runs import KeyRuns, expand_ranges, in_sorted

# Few distinct keys, so that they repeat across and within batches; some with high bits set.
keys = st.sampled_from([0, 1, 2, 3, 2**63, 2**64 - 1, 12345, 2**40 + 7])
batches = st.lists(st.lists(st.tuples(keys, st.integers(0, 1000)), max_size=20), max_size=12)


@settings(max_examples=100, deadline=None)
@given(batches, st.lists(keys, max_size=10), st.lists(keys, max_size=3))
def test_runs_match_a_dict(
    added: list[list[tuple[int, int]]], queries: list[int], dropped: list[int]
) -> None:
    runs = KeyRuns()
    reference: dict[int, list[int]] = defaultdict(list)
    for batch in added:
        runs.add(
            np.array([k for k, _ in batch], dtype=np.uint64),
            np.array([i for _, i in batch], dtype=np.int64),
        )
        for k, i in batch:
            reference[k].append(i)
    runs.drop(np.array(dropped, dtype=np.uint64))
    for k in dropped:
        reference.pop(k, None)
    q = np.array(queries, dtype=np.uint64)
    assert runs.count(q).tolist() == [len(reference.get(k, [])) for k in queries]
    owner, item = runs.lookup(q)
    got = sorted(zip(owner.tolist(), item.tolist(), strict=True))
    want = sorted((n, i) for n, k in enumerate(queries) for i in reference.get(k, []))
    assert got == want


def test_many_batches_merge_into_few_runs_and_stay_exact() -> None:
    rng = np.random.default_rng(1)
    runs = KeyRuns()
    all_keys = []
    for b in range(300):
        k = rng.integers(0, 2**64, 500, dtype=np.uint64)
        runs.add(k, np.full(500, b))
        all_keys.append(k)
    assert len(runs) == 150_000
    assert len(runs._keys) <= 12  # O(log n) runs
    assert runs._bits.size * 8 >= 150_000 * 8  # the bitmap grew with the postings
    sample = np.concatenate([all_keys[0][:50], all_keys[299][:50], all_keys[150][:50]])
    owner, item = runs.lookup(sample)
    assert sorted(owner.tolist()) == list(range(150))
    assert sorted(set(item.tolist())) == [0, 150, 299]
    absent = rng.integers(0, 2**64, 1000, dtype=np.uint64)
    assert runs.count(absent).sum() == 0
    assert runs.nbytes == 150_000 * 12


def test_probe_wants_sorted_keys_and_gives_counts() -> None:
    runs = KeyRuns()
    runs.add(np.array([5, 5, 9], dtype=np.uint64), np.array([1, 2, 3]))
    counts, query, item = runs.probe(np.array([1, 5, 9], dtype=np.uint64))
    assert counts.tolist() == [0, 2, 1]
    assert sorted(zip(query.tolist(), item.tolist(), strict=True)) == [(1, 1), (1, 2), (2, 3)]


def test_expand_ranges_and_in_sorted() -> None:
    owner, position = expand_ranges(np.array([3, 10, 7]), np.array([5, 10, 9]))
    assert owner.tolist() == [0, 0, 2, 2]
    assert position.tolist() == [3, 4, 7, 8]
    empty = expand_ranges(np.array([1]), np.array([1]))
    assert empty[0].size == empty[1].size == 0
    found = in_sorted(np.array([1, 4, 9], dtype=np.uint64), np.array([1, 9], dtype=np.uint64))
    assert found.tolist() == [True, False, True]
    assert in_sorted(np.array([1], dtype=np.uint64), np.empty(0, dtype=np.uint64)).tolist() == [
        False
    ]


def test_max_run_caps_merges() -> None:
    rng = np.random.default_rng(2)
    runs = KeyRuns(max_run=1000)
    batches = [rng.integers(0, 2**64, 300, dtype=np.uint64) for _ in range(20)]
    for b, k in enumerate(batches):
        runs.add(k, np.full(k.size, b))
    assert all(run.size <= 1000 for run in runs._keys)
    assert len(runs._keys) >= 6
    _owner, item = runs.lookup(np.concatenate([batches[3][:5], batches[19][:5]]))
    assert sorted(item.tolist()) == [3] * 5 + [19] * 5
