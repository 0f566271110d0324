"""Fingerprints, their storage form, exact comparison and classification."""

from __future__ import annotations

import pickle
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfold.copies import (
    CopyConfig,
    Fingerprint,
    classify,
    compare,
    fingerprint,
    fingerprint_many,
)
from storyfold.model import CONTAINED, EXACT, NEAR

from .corpus import make_doc

CFG = CopyConfig()
WORDS = ["ka", "ro", "mi", "ne", "tu", "sa", "lo", "pe"]
texts = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)


def test_fingerprint_fields(article: str) -> None:
    fp = fingerprint(article)
    assert len(fp.norm_hash) == 32
    assert fp.n_tokens == 319
    assert fp.signature.shape == (128,)
    assert fp.band_keys.shape == (16,)
    # The title line, and ten sentences of 25-40 words, each cut in two pieces of <= 24 words.
    assert fp.sentence_keys.size == 21
    assert all(a.dtype == np.uint64 for a in (fp.shingles, fp.signature, fp.band_keys))


def test_empty_text_has_no_keys() -> None:
    fp = fingerprint("  -- ")
    assert fp.n_tokens == 0
    assert fp.shingles.size == fp.band_keys.size == fp.sentence_keys.size == 0


@pytest.mark.parametrize("text", ["", "short", "Wrenmere opens a floating library today."])
def test_blobs_round_trip(text: str, article: str) -> None:
    for t in (text, article):
        fp = fingerprint(t)
        blobs = fp.to_blobs()
        assert isinstance(blobs["shingles"], bytes)
        assert isinstance(blobs["norm_hash"], str) and isinstance(blobs["n_tokens"], int)
        back = Fingerprint.from_blobs(**blobs)
        assert back == fp
        assert back.shingles.dtype == np.uint64
        assert (
            Fingerprint.from_blobs(
                **{k: memoryview(v) if isinstance(v, bytes) else v for k, v in blobs.items()}
            )
            == fp
        )


def test_fingerprint_pickles(article: str) -> None:
    fp = fingerprint(article)
    assert pickle.loads(pickle.dumps(fp)) == fp


def test_fingerprint_many_matches_single_and_workers() -> None:
    rng = random.Random(5)
    docs = [make_doc(rng, sentences=rng.randint(0, 6)) for _ in range(140)]
    docs[3] = ""
    serial = fingerprint_many(docs, CFG)
    assert serial == [fingerprint(d, CFG) for d in docs]
    assert fingerprint_many(docs, CFG, workers=2) == serial


@settings(deadline=None)
@given(texts, texts)
def test_jaccard_symmetric_and_bounded(x: str, y: str) -> None:
    a, b = fingerprint(x, CFG), fingerprint(y, CFG)
    j1, a_in_b, b_in_a = compare(a, b)
    j2, b_in_a2, a_in_b2 = compare(b, a)
    assert j1 == j2
    assert (a_in_b, b_in_a) == (a_in_b2, b_in_a2)
    assert 0.0 <= j1 <= 1.0 and 0.0 <= a_in_b <= 1.0 and 0.0 <= b_in_a <= 1.0
    assert j1 <= min(a_in_b, b_in_a)


@settings(max_examples=50, deadline=None)
@given(st.text())
def test_compare_with_itself_is_one(x: str) -> None:
    fp = fingerprint(x, CFG)
    assert compare(fp, fp) == (1.0, 1.0, 1.0)


@settings(deadline=None)
@given(texts, texts)
def test_compare_matches_python_sets(x: str, y: str) -> None:
    a, b = fingerprint(x, CFG), fingerprint(y, CFG)
    sa, sb = set(a.shingles.tolist()), set(b.shingles.tolist())
    if sa and sb:
        assert compare(a, b)[0] == len(sa & sb) / len(sa | sb)
        assert compare(a, b)[1] == len(sa & sb) / len(sa)


def test_classify_exact_orders_ids() -> None:
    a = fingerprint("The barge is green.")
    b = fingerprint("  the  BARGE is green. ")
    rel = classify("z", a, "m", b, CFG)
    assert rel is not None
    assert (rel.a, rel.b, rel.relation, rel.similarity, rel.containment) == ("m", "z", EXACT, 1, 1)


def test_classify_near_orders_ids_and_rounds(article: str) -> None:
    edited = article.replace("Saturday", "Sunday").replace("twelve", "ten")
    rel = classify("z", fingerprint(edited), "a", fingerprint(article), CFG)
    assert rel is not None and rel.relation == NEAR
    assert (rel.a, rel.b) == ("a", "z")
    assert rel.similarity == round(rel.similarity, 4)
    assert 0.8 <= rel.similarity < 1.0


def test_classify_contained_puts_shorter_first(article: str) -> None:
    lines = article.splitlines()
    part = "\n".join(lines[2:6])
    for order in (("big", "small"), ("small", "big")):
        fps = {"big": fingerprint(article), "small": fingerprint(part)}
        rel = classify(order[0], fps[order[0]], order[1], fps[order[1]], CFG)
        assert rel is not None and rel.relation == CONTAINED
        assert (rel.a, rel.b) == ("small", "big")
        assert rel.containment == 1.0
        assert rel.similarity < 0.8


def test_classify_ignores_empty_texts() -> None:
    assert classify("a", fingerprint(""), "b", fingerprint(""), CFG) is None


def test_classify_unrelated(article: str, other_article: str) -> None:
    assert classify("a", fingerprint(article), "b", fingerprint(other_article), CFG) is None
