"""The cheap bound on the costly pair features: never below them, so no pair is pruned wrongly."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

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
