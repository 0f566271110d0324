"""The copy stage gives the same relations through the in-memory and the store-backed index."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyfold import Store
from storyfold.copies import CopyConfig, CopyFinder, copy_stage
from storyfold.model import Article, Document
from storyfold.store import StoreBatchCopyIndex

from .corpus import make_doc
from .test_copies_finder import tricky_corpus


def _unique_ids(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Give every item its own id (a store keeps one article per id)."""
    return [(f"{item_id}-{i}", text) for i, (item_id, text) in enumerate(items)]


def _memory(items, cfg, max_postings, batch_size, text_of=None):
    finder = CopyFinder(cfg, max_postings=max_postings, text_of=text_of)
    return list(copy_stage(items, finder, batch_size=batch_size))


def _stored(items, cfg, max_postings, batch_size, runs=1):
    """Feed the items through a store, in ``runs`` separate calls (the store persists)."""
    out = []
    with Store(":memory:") as store:
        for item_id, text in items:
            store.add_document(Document(item_id, item_id, "text", text))
            store.add_article(Article(item_id, item_id, 0, text))
        size = -(-len(items) // runs) if items else 1
        for lo in range(0, len(items), size):
            index = StoreBatchCopyIndex(store, cfg, max_postings)
            out += copy_stage(items[lo : lo + size], index, batch_size=batch_size)
    return out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("batch_size", "max_postings"), [(1, 50), (7, 3), (64, 50), (64, 2)])
def test_store_index_gives_the_memory_index_relations(seed, batch_size, max_postings):
    """Copies, exact copies, empties, shorts and boilerplate beyond the posting cap."""
    items = _unique_ids(tricky_corpus(seed, 90))
    cfg = CopyConfig()
    memory = _memory(items, cfg, max_postings, batch_size)
    assert memory, "the corpus plants copies"
    assert _stored(items, cfg, max_postings, batch_size, runs=3) == memory
    texts = dict(items)
    assert _memory(items, cfg, max_postings, batch_size, texts.__getitem__) == memory


@st.composite
def corpora(draw):
    """A few documents and copies of them: verbatim, cut, reworded, shouted, joined."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    texts: list[str] = []
    for _ in range(draw(st.integers(1, 25))):
        op = draw(st.sampled_from(["new", "new", "same", "cut", "edit", "upper", "join"]))
        if op == "new" or not texts:
            texts.append(make_doc(rng, rng.randint(1, 6)))
            continue
        src = rng.choice(texts)
        lines = src.splitlines()
        if op == "same":
            texts.append(src)
        elif op == "cut":
            at = rng.randrange(len(lines))
            texts.append("\n".join(lines[at : at + rng.randint(1, 3)]))
        elif op == "edit":
            words = src.split()
            words[rng.randrange(len(words))] = "zebra"
            texts.append(" ".join(words))
        elif op == "upper":
            texts.append(src.upper())
        else:
            texts.append(src + "\n" + rng.choice(texts))
    return [(f"t{i:03}", t) for i, t in enumerate(texts)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), st.sampled_from([1, 3, 16]), st.sampled_from([2, 50]))
def test_parity_holds_for_any_corpus(items, batch_size, max_postings):
    cfg = CopyConfig()
    memory = _memory(items, cfg, max_postings, batch_size)
    assert _stored(items, cfg, max_postings, batch_size, runs=2) == memory
