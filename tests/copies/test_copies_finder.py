"""CopyFinder: the array-backed batch finder gives exactly the MemoryCopyIndex relations."""

from __future__ import annotations

import random

import pytest

from storyfold.copies import (
    MIN_SHARED_ANCHORS,
    CopyConfig,
    CopyFinder,
    FingerprintBatch,
    MemoryCopyIndex,
    find_copies,
    fingerprint,
    fingerprint_batch,
)
from storyfold.model import CONTAINED, EXACT, NEAR

from .corpus import make_doc

BOILER = "Subscribe to the Harbor Ledger newsletter for daily updates from the lake."


def tricky_corpus(seed: int, n: int) -> list[tuple[str, str]]:
    """Random docs with near, exact and contained copies, empties, shorts, boilerplate,
    repeated sentences within a doc and (rarely) an id used twice."""
    rng = random.Random(seed)
    texts: list[str] = []
    items = []
    for i in range(n):
        r = rng.random()
        if texts and r < 0.1:
            text = rng.choice(texts).replace(".", "!", 2)
        elif texts and r < 0.15:
            text = rng.choice(texts).upper()
        elif texts and r < 0.22:
            lines = rng.choice(texts).splitlines() or ["x"]
            at = rng.randrange(len(lines))
            text = "\n".join(lines[at : at + rng.randint(1, 4)])
        elif r < 0.25:
            text = rng.choice(["", "  ", "?!"])
        elif r < 0.28:
            text = "few words only"
        else:
            text = make_doc(rng, rng.randint(1, 10))
            if rng.random() < 0.1:
                first = text.splitlines()[0]
                text = f"{first}\n{text}\n{first}"  # a sentence repeated in the doc
        if rng.random() < 0.3:
            text += "\n" + BOILER
        texts.append(text)
        repeat = rng.random() < 0.02 and i > 0
        items.append((f"d{rng.randrange(i):04}" if repeat else f"d{i:04}", text))
    return items


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("batch_size", [1, 7, 64])
@pytest.mark.parametrize("max_postings", [50, 3])
def test_finder_equals_memory_index(seed: int, batch_size: int, max_postings: int) -> None:
    items = tricky_corpus(seed, 150 + 40 * seed)
    index = MemoryCopyIndex(max_postings=max_postings)
    expected = list(find_copies(items, index=index, batch_size=batch_size))
    finder = CopyFinder(max_postings=max_postings)
    assert list(finder.feed(items, batch_size=batch_size)) == expected
    assert len(finder) == len(index)
    assert finder.boilerplate_keys == index.boilerplate_keys


@pytest.mark.parametrize("seed", range(4))
def test_recomputing_shingles_gives_the_same_relations(seed: int) -> None:
    items = [(f"u{i}", text) for i, (_, text) in enumerate(tricky_corpus(seed, 300))]
    texts = dict(items)
    kept = CopyFinder()
    recomputed = CopyFinder(text_of=texts.__getitem__)
    expected = list(kept.feed(items, batch_size=50))
    assert expected
    assert list(recomputed.feed(items, batch_size=50)) == expected
    assert recomputed.nbytes < kept.nbytes / 2  # only index postings and a few columns


def test_default_find_copies_uses_the_finder_and_workers_agree() -> None:
    items = tricky_corpus(11, 400)
    serial = list(find_copies(items, batch_size=100))
    assert serial == list(find_copies(items, index=MemoryCopyIndex(), batch_size=100))
    assert list(find_copies(items, workers=2, batch_size=100)) == serial


def test_relation_kinds_and_directions(article: str) -> None:
    lines = article.splitlines()
    excerpt = "\n".join(lines[3:7])
    items = [
        ("excerpt", excerpt),
        ("page", article),
        ("copy", article.upper()),
        ("edit", article.replace("Saturday", "Sunday")),
    ]
    found = {(r.a, r.b): r for r in CopyFinder().feed(items)}
    assert found[("excerpt", "page")].relation == CONTAINED
    assert found[("copy", "page")].relation == EXACT
    assert found[("edit", "page")].relation == NEAR
    assert ("copy", "excerpt") not in found  # the copy stands behind the page


def test_one_shared_anchor_is_not_enough_between_long_texts(
    article: str, other_article: str
) -> None:
    """Two long texts sharing one short sentence verbatim (one anchor) are not candidates;
    a shared sentence of two pieces makes them candidates, which verification rejects."""
    assert MIN_SHARED_ANCHORS == 2
    sentence = article.splitlines()[4].split()
    one_anchor = " ".join(sentence[:20]) + "."
    two_anchors = " ".join(sentence) + "."
    assert len(sentence) > 24
    for quote, candidates in ((one_anchor, 0), (two_anchors, 1)):
        quoting = other_article + "\n" + quote
        finder = CopyFinder()
        assert list(finder.feed([("a", article), ("b", quoting)])) == []
        assert finder.candidates_checked == candidates
        index = MemoryCopyIndex()
        index.add("a", fingerprint(article))
        assert len(index.candidates(fingerprint(quoting))) == candidates


def test_short_text_with_one_anchor_is_a_candidate(article: str) -> None:
    title = article.splitlines()[0]  # one sentence of 8 words: one anchor
    for items in ([("page", article), ("title", title)], [("title", title), ("page", article)]):
        rels = list(CopyFinder().feed(items))
        assert [(r.a, r.b, r.relation) for r in rels] == [("title", "page", CONTAINED)]


def test_no_all_pairs_work(doc_maker) -> None:
    items = [(f"d{i}", doc_maker(8)) for i in range(1500)]
    finder = CopyFinder()
    assert list(finder.feed(items)) == []
    assert finder.candidates_checked < 20


def test_errors_name_the_argument() -> None:
    with pytest.raises(ValueError, match="max_postings"):
        CopyFinder(max_postings=0)
    with pytest.raises(ValueError, match="batch_size"):
        list(CopyFinder().feed([("a", "x")], batch_size=0))
    batch = fingerprint_batch(["one text"], CopyConfig())
    with pytest.raises(ValueError, match="ids: expected 1"):
        CopyFinder().add_batch(["a", "b"], batch)


def test_ids_and_membership() -> None:
    finder = CopyFinder()
    list(finder.feed([("a", "some words here today"), ("b", ""), ("c", "some words here today")]))
    assert len(finder) == 1 and "a" in finder and "b" not in finder and "c" not in finder


def test_keys_only_batches_give_the_same_relations() -> None:
    items = [(f"k{i}", text) for i, (_, text) in enumerate(tricky_corpus(5, 300))]
    texts = dict(items)
    expected = list(CopyFinder(text_of=texts.__getitem__).feed(items, batch_size=64))
    finder = CopyFinder(text_of=texts.__getitem__)
    got = []
    for lo in range(0, len(items), 64):
        chunk = items[lo : lo + 64]
        batch = fingerprint_batch([t for _, t in chunk], CopyConfig()).without_shingles()
        got += finder.add_batch([i for i, _ in chunk], batch, [t for _, t in chunk])
    assert got == expected
    with_workers = list(find_copies(items, workers=2, batch_size=64, text_of=texts.__getitem__))
    assert with_workers == expected


def test_keys_only_batch_needs_texts_and_text_of() -> None:
    batch = fingerprint_batch(["one text here"], CopyConfig())
    light = batch.without_shingles()
    assert light.keys_only and light.shingles.size == 0 and light.signatures.shape == (1, 0)
    with pytest.raises(ValueError, match="keys_only"):
        light.fingerprint(0)
    with pytest.raises(ValueError, match="keys_only"):
        FingerprintBatch.concat([batch, light])
    with pytest.raises(ValueError, match="needs its texts"):
        CopyFinder(text_of=str).add_batch(["a"], light)
    with pytest.raises(ValueError, match="made with text_of"):
        CopyFinder().add_batch(["a"], light, ["one text here"])


def test_fingerprint_batch_matches_single_fingerprints(doc_maker) -> None:
    texts = [doc_maker(3), "", "two words", doc_maker(6)]
    batch = fingerprint_batch(texts, CopyConfig())
    assert batch.fingerprints() == [fingerprint(t) for t in texts]
    halves = FingerprintBatch.concat(
        [fingerprint_batch(texts[:2], CopyConfig()), fingerprint_batch(texts[2:], CopyConfig())]
    )
    assert halves.fingerprints() == batch.fingerprints()
