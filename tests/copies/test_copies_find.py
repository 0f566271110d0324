"""End-to-end copy detection with find_copies and copy_groups."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping

import pytest

from storyfold.copies import (
    CopyConfig,
    Fingerprint,
    MemoryCopyIndex,
    compare,
    copy_groups,
    find_copies,
    fingerprint,
)
from storyfold.model import CONTAINED, EXACT, NEAR, REWRITE, CopyRelation

from .corpus import make_doc


def _pairs(relations: list[CopyRelation]) -> dict[tuple[str, str], CopyRelation]:
    return {(r.a, r.b): r for r in relations}


def test_exact_copy_with_other_spacing_and_quotes() -> None:
    original = 'The mayor said: "It\'s a good day for Wrenmere - truly."\nSecond line here.'
    copy = (
        "  The  MAYOR said: \u201cIt\u2019s a good day for Wrenmere \u2014 truly.\u201d"
        " Second line here. "
    )
    (rel,) = find_copies([("orig", original), ("copy", copy)])
    assert (rel.a, rel.b, rel.relation) == ("copy", "orig", EXACT)
    assert (rel.similarity, rel.containment) == (1.0, 1.0)


def test_edited_copy_is_near(article: str) -> None:
    edited = (
        article.replace("Saturday", "Sunday")
        .replace("twelve chairs", "fourteen chairs")
        .replace("pale green", "bright blue")
        .replace("three hundred", "four hundred")
    )
    (rel,) = find_copies([("orig", article), ("edit", edited)])
    assert (rel.a, rel.b, rel.relation) == ("edit", "orig", NEAR)
    assert 0.8 <= rel.similarity < 1.0


def test_excerpt_is_contained(article: str) -> None:
    lines = article.splitlines()
    words = len(article.split())
    excerpt: list[str] = []
    for line in lines[5:]:
        if sum(len(x.split()) for x in excerpt) >= 0.4 * words:
            break
        excerpt.append(line)
    share = sum(len(x.split()) for x in excerpt) / words
    assert 0.38 <= share <= 0.5
    text = "\n".join(excerpt)
    cfg = CopyConfig()
    assert cfg.recall >= 0.99
    # Jaccard alone (about 0.4) is far below the near threshold: the sentence route finds it.
    (rel,) = find_copies([("page", article), ("excerpt", text)], cfg)
    assert (rel.a, rel.b, rel.relation) == ("excerpt", "page", CONTAINED)
    assert rel.containment >= 0.8
    assert rel.similarity < 0.6
    # And the other way round: the excerpt came first.
    (rel,) = find_copies([("excerpt", text), ("page", article)], cfg)
    assert (rel.a, rel.b, rel.relation) == ("excerpt", "page", CONTAINED)


def test_two_reports_on_one_topic_are_not_copies(article: str, other_article: str) -> None:
    assert list(find_copies([("a", article), ("b", other_article)])) == []


def test_boilerplate_sentence_creates_no_pairs() -> None:
    rng = random.Random(3)
    boiler = "Subscribe to the Harbor Ledger newsletter for daily updates from the lake."
    docs = [(f"d{i:03}", make_doc(rng, 1, (10, 14)) + "\n" + boiler) for i in range(100)]
    index = MemoryCopyIndex()
    assert list(find_copies(docs, index=index)) == []
    assert len(index.boilerplate_keys) == 1
    probe = fingerprint(make_doc(rng, 1, (10, 14)) + "\n" + boiler)
    assert index.candidates(probe) == set()


@pytest.mark.parametrize("store", ["index", "dict"])
def test_incremental_copies_found_with_same_index(store: str) -> None:
    rng = random.Random(11)
    cfg = CopyConfig()
    docs = [(f"old{i:02}", make_doc(rng, 10)) for i in range(50)]
    index = MemoryCopyIndex()
    assert list(find_copies(docs, cfg, index)) == []
    old = dict(docs)
    excerpt = "\n".join(old["old30"].splitlines()[3:7])
    edited = old["old20"].replace(".", "!", 1).split(" ")
    edited[5] = "changed"
    new = [
        ("new1", old["old07"].upper()),
        ("new2", " ".join(edited)),
        ("new3", excerpt),
    ]
    fps: Mapping[str, Fingerprint]
    if store == "index":
        fps = index.fingerprints
    else:
        fps = {item_id: fingerprint(text, cfg) for item_id, text in docs}
    found = _pairs(list(find_copies(new, cfg, index, fps)))
    assert found.keys() == {("new1", "old07"), ("new2", "old20"), ("new3", "old30")}
    assert found["new1", "old07"].relation == EXACT
    assert found["new2", "old20"].relation == NEAR
    assert found["new3", "old30"].relation == CONTAINED


def test_missing_fingerprint_of_older_item_is_an_error(article: str) -> None:
    index = MemoryCopyIndex()
    list(find_copies([("a", article)], index=index))
    with pytest.raises(KeyError, match="'a'"):
        list(find_copies([("b", article)], index=index))


def test_exact_duplicates_collapse_onto_first(article: str) -> None:
    edited = article.replace("Saturday", "Sunday")
    items = [("d0", article), ("d1", article), ("d2", article), ("d3", edited)]
    index = MemoryCopyIndex()
    found = _pairs(list(find_copies(items, index=index)))
    assert found.keys() == {("d0", "d1"), ("d0", "d2"), ("d0", "d3")}
    assert [found[k].relation for k in sorted(found)] == [EXACT, EXACT, NEAR]
    assert len(index) == 2  # d1 and d2 stand behind d0
    assert copy_groups(found.values()) == [["d0", "d1", "d2", "d3"]]


def test_workers_give_the_same_relations() -> None:
    docs = list(_corpus(300, 2))
    serial = list(find_copies(docs, batch_size=200))
    assert serial
    assert list(find_copies(docs, workers=2, batch_size=200)) == serial


def test_empty_texts_are_skipped() -> None:
    assert list(find_copies([("a", ""), ("b", "  "), ("c", "?!")])) == []


def test_copy_groups_union_find() -> None:
    rels = [
        CopyRelation("b", "c", NEAR, 0.9, 0.9),
        CopyRelation("x", "y", CONTAINED, 0.3, 0.95),
        CopyRelation("a", "b", EXACT, 1.0, 1.0),
        CopyRelation("y", "z", REWRITE, 0.2, 0.2),
        CopyRelation("c", "a", NEAR, 0.85, 0.9),
    ]
    assert copy_groups(rels) == [["a", "b", "c"], ["x", "y"]]
    assert copy_groups([]) == []


class CountingIndex(MemoryCopyIndex):
    """A memory index that counts the candidates it hands out."""

    def __init__(self) -> None:
        """Start counting at zero."""
        super().__init__()
        self.handed_out = 0

    def candidates(self, fp: Fingerprint) -> set[str]:
        """Return the memory index's candidates and count them."""
        found = super().candidates(fp)
        self.handed_out += len(found)
        return found


def _corpus(n: int, seed: int) -> Iterator[tuple[str, str]]:
    """Random fictional docs, with a planted copy every 100 docs."""
    rng = random.Random(seed)
    texts: list[str] = []
    for i in range(n):
        if i % 100 == 99:
            source = texts[rng.randrange(len(texts))]
            text = source.replace(".", "!", 2)
        else:
            text = make_doc(rng, rng.randint(2, 12))
        texts.append(text)
        yield f"doc{i:04}", text


def test_corpus_of_2000_random_docs_runs() -> None:
    index = CountingIndex()
    relations = list(find_copies(_corpus(2000, 1), index=index, batch_size=300))
    planted = {f"doc{i:04}" for i in range(99, 2000, 100)}
    assert planted <= {r.b for r in relations} | {r.a for r in relations}
    assert all(r.relation in (EXACT, NEAR, CONTAINED) for r in relations)
    # Candidates stay near the number of planted copies: no all-pairs work.
    assert index.handed_out < 200
    assert len(copy_groups(relations)) <= len(planted)


def test_independent_reports_sharing_quotes_are_not_copies(
    article: str, other_article: str
) -> None:
    """Reports that quote the same sentences are not copies, whatever the route proposes."""
    lines = article.splitlines()
    quoting = other_article + "\n" + lines[4] + "\n" + lines[8]
    brief = (
        f"{lines[6]} Officials at the regional ferry office gave no further details on Sunday, "
        "and the neighbouring villages said they would wait for the first weekly visit before "
        "deciding whether to join the scheme."
    )
    cfg = CopyConfig()
    rels = list(find_copies([("a", article), ("b", quoting), ("c", brief)], cfg))
    assert rels == []
    # The brief is half quotation: its containment stays below the threshold.
    _, brief_in_article, _ = compare(fingerprint(brief), fingerprint(article))
    assert 0.3 < brief_in_article < cfg.containment_threshold


def test_excerpt_with_new_text_is_contained_in_its_source(article: str) -> None:
    body = article.splitlines()[2:]
    excerpt = "Lead paragraph written by the republishing site about the barge.\n" + "\n".join(
        body[3:7]
    )
    for items in ([("src", article), ("rep", excerpt)], [("rep", excerpt), ("src", article)]):
        (rel,) = find_copies(items)
        assert (rel.a, rel.b, rel.relation) == ("rep", "src", CONTAINED)
        assert 0.6 <= rel.containment < 1.0 and rel.similarity < 0.6


def test_edited_excerpt_is_found_through_anchors(article: str) -> None:
    """Every sentence of the excerpt edited once: no sentence is copied verbatim, yet most
    anchors survive, and the verified containment is above the threshold."""
    body = [line for line in article.splitlines()[2:8] if line]
    edited = []
    for line in body:
        words = line.split()
        words[len(words) // 2] = "edited"
        edited.append(" ".join(words))
    (rel,) = find_copies([("src", article), ("edit", "\n".join(edited))])
    assert (rel.a, rel.b, rel.relation) == ("edit", "src", CONTAINED)
    assert rel.containment >= 0.6
