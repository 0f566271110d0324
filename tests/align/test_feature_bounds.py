"""The cheap bound on the costly pair features: never below them, so no pair is pruned wrongly."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfold.align.align import SentenceIndex
from storyfold.align.bounds import KINDS, BoundIndex, bound_features
from storyfold.align.features import (
    COSTLY_AT,
    add_costly_features,
    known_pair_features,
    pair_features,
    prepare,
)
from storyfold.align.model import default_model

WORDS = (
    "the council voted to close old ferry pier for repairs engineers found two timber "
    "piles had rotted mayor said would reopen before summer season 400,000 crowns "
    "Brackwater Skerrin Tuesday harbour boats fishermen of a in on at it"
).split()

sentences = st.lists(st.sampled_from(WORDS), min_size=0, max_size=24).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(sentences, sentences)
def test_known_features_bound_the_costly_ones(left: str, right: str) -> None:
    a, b = prepare(left), prepare(right)
    known, high = known_pair_features(a, b)
    full = pair_features(a, b)
    cheap = np.ones(len(full), dtype=bool)
    cheap[COSTLY_AT] = False
    assert np.array_equal(known[cheap], full[cheap])  # the cheap part is the full vector's
    assert (known[COSTLY_AT] == 0).all() and (full[COSTLY_AT] >= 0).all()
    assert (full[COSTLY_AT] <= high + 1e-12).all()
    assert np.array_equal(add_costly_features(known.copy(), a, b), full)


@settings(max_examples=300, deadline=None)
@given(sentences, sentences)
def test_pruned_pairs_are_the_ones_the_model_rejects(left: str, right: str) -> None:
    a, b = prepare(left), prepare(right)
    m = default_model()
    p = float(m.probability(pair_features(a, b)))
    got = m.probability_reaching(a, b, m.threshold)
    if got is None:
        assert p < m.threshold
    else:
        assert got == p


def test_a_near_copy_is_scored_and_an_unrelated_pair_is_pruned() -> None:
    m = default_model()
    a = prepare("The council voted on Tuesday to close the old ferry pier for repairs.")
    b = prepare("On Tuesday the council voted to shut the old ferry pier for repairs.")
    c = prepare("Fishermen at Skerrin harbour said the boats were in for the season.")
    assert (m.probability_reaching(a, b, m.threshold) or 0.0) >= m.threshold
    assert m.probability_reaching(a, c, m.threshold) is None


texts = st.lists(sentences, min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(texts, texts)
def test_the_bounds_of_all_pairs_at_once_are_the_scalar_ones(left: list[str], right: list[str]):
    a, b = [prepare(s) for s in left], [prepare(s) for s in right]
    rows = np.repeat(np.arange(len(a)), len(b))
    cols = np.tile(np.arange(len(b)), len(a))
    known, high = bound_features(BoundIndex(a), BoundIndex(b), rows, cols)
    for k, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        k0, h0 = known_pair_features(a[i], b[j])
        assert np.allclose(known[k], k0, rtol=0, atol=1e-12)
        assert np.allclose(high[k], h0, rtol=0, atol=1e-12)


@settings(max_examples=150, deadline=None)
@given(texts, texts)
def test_pairs_left_out_at_once_are_pairs_the_scalar_test_gives_up(left, right) -> None:
    a, b = [prepare(s) for s in left], [prepare(s) for s in right]
    m = default_model()
    every = {(i, j) for i in range(len(a)) for j in range(len(b))}
    kept = m.reachable(SentenceIndex(a), SentenceIndex(b), every, m.threshold)
    for i, j in every - kept:
        assert m.probability_reaching(a[i], b[j], m.threshold) is None


def test_character_grams_count_as_the_scalar_sets_do() -> None:
    odd = ["Ümit and Zoë met in Łódź.", "数字 2020 年 东京", "a", "", "x y"]
    a = [prepare(s) for s in odd]
    index = BoundIndex(a)
    assert index.sizes[:, KINDS.index("char4")].tolist() == [len(s.char4()) for s in a]
    assert index.trigrams.tolist() == [len(s.token_grams(3)) for s in a]
