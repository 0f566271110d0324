"""The rewrite stage: order-independent, bounded per key, and the same through the store."""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import permutations

import pytest

from storyfold import Store, fold
from storyfold.align.rewrite import prepared_sentences, sentence_keys
from storyfold.align.stage import find_rewrites
from storyfold.model import REWRITE, Article, CopyRelation
from storyfold.pipeline import FoldConfig

ORIGINAL = (
    "The Brackwater council voted on Tuesday to close the old ferry pier for repairs. "
    "Engineers found that two of the pier's timber piles had rotted through. "
    "The mayor said the pier would reopen before the summer season. "
    "Repairs are expected to cost about 400,000 crowns. "
    "Ferry passengers will board at the north quay until the work is finished."
)
COPY = ORIGINAL.replace("Tuesday", "Tuesday evening")
REWRITE_TEXT = (
    "On Tuesday the Brackwater council decided to shut the old ferry pier for repair work. "
    "Engineers discovered that two timber piles of the pier had rotted through. "
    "The mayor said the pier would open again before the summer season. "
    "The repairs will cost about 400,000 crowns. "
    "Until the work is done, ferry passengers will board at the north quay."
)
OTHER = (
    "Fishermen in Brackwater say the pier closure will cost them a month of landings. "
    "Boats will have to unload at Skerrin harbour, an hour's sail away. "
    "The fishermen's association asked the council for compensation on Wednesday. "
    "No decision on compensation has been taken yet. "
    "The association meets the harbour master again next week."
)
TEXTS = {"orig": ORIGINAL, "copy": COPY, "rewr": REWRITE_TEXT, "other": OTHER}


class MemorySource:
    """A candidate source over articles held in memory (what the store does with SQL)."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.postings: dict[int, list[str]] = {}

    def add(self, article_id: str, text: str, keys: set[int]) -> None:
        self.texts[article_id] = text
        for k in keys:
            self.postings.setdefault(k, []).append(article_id)

    def rewrite_postings(self, keys: Iterable[int], per_key: int) -> dict[int, list[str]]:
        return {k: self.postings[k][-per_key:] for k in keys if k in self.postings}

    def article_text(self, article_id: str) -> str | None:
        return self.texts.get(article_id)


def _article(aid: str) -> Article:
    return Article(f"{aid}#0", aid, 0, TEXTS[aid])


def _pairs(rels: list[CopyRelation]) -> set[tuple[str, str, float]]:
    return {(r.a, r.b, r.similarity) for r in rels if r.relation == REWRITE}


@pytest.mark.parametrize("batch_size", [1, 4])
def test_rewrites_do_not_depend_on_the_order_articles_arrive(batch_size):
    copy = CopyRelation("copy#0", "orig#0", "near", 0.9, 0.95)
    seen = []
    for order in permutations(["orig", "copy", "rewr", "other"]):
        source = MemorySource()
        found: list[CopyRelation] = []
        arts = [_article(a) for a in order]
        for i in range(0, len(arts), batch_size):
            part = arts[i : i + batch_size]
            ids = {a.id for a in part} | set(source.texts)
            copies = [copy] if {copy.a, copy.b} <= ids else []
            res = find_rewrites(part, copies, source)
            found += res.relations
            for a in part:
                source.add(a.id, a.text, res.keys[a.id])
        seen.append(_pairs(found))
    assert all(s == seen[0] for s in seen)
    # the rewrite is found with the original and with its copy, the other report with neither
    assert {(a, b) for a, b, _ in seen[0]} == {("copy#0", "rewr#0"), ("orig#0", "rewr#0")}


def test_a_copy_in_the_same_batch_does_not_hide_its_original_from_a_rewrite():
    source = MemorySource()
    first = find_rewrites([_article("rewr")], [], source)
    source.add("rewr#0", REWRITE_TEXT, first.keys["rewr#0"])
    copy = CopyRelation("copy#0", "orig#0", "near", 0.9, 0.95)
    res = find_rewrites([_article("orig"), _article("copy")], [copy], source)
    assert {(r.a, r.b) for r in res.relations} == {("orig#0", "rewr#0"), ("copy#0", "rewr#0")}


def test_a_common_key_still_finds_its_latest_articles():
    """More than ``per_key`` articles share every key: the latest ones are still compared."""
    keys = sentence_keys(prepared_sentences(ORIGINAL))
    source = MemorySource()
    for i in range(30):
        source.add(f"filler{i:02d}#0", OTHER, keys)
    source.add("orig#0", ORIGINAL, keys)
    res = find_rewrites([_article("rewr")], [], source, per_key=5)
    assert [(r.a, r.b) for r in res.relations] == [("orig#0", "rewr#0")]
    assert res.aligned <= 5


def _jsonl(tmp_path, order: list[str], name: str):
    path = tmp_path / name
    path.write_text(
        "".join(json.dumps({"id": a, "text": TEXTS[a]}) + "\n" for a in order), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("batch_size", [1, 500])
def test_fold_finds_the_same_rewrites_in_either_file_order(tmp_path, batch_size):
    found = []
    for k, order in enumerate((["orig", "copy", "rewr"], ["rewr", "copy", "orig"])):
        path = _jsonl(tmp_path, order, f"in{k}.jsonl")
        with Store(tmp_path / f"t{k}.db") as store:
            fold([str(path)], store, FoldConfig(batch_size=batch_size), group_stories=False)
            found.append(_pairs(store.copies()))
    assert found[0] == found[1]
    assert {(a, b) for a, b, _ in found[0]} == {("copy#0", "rewr#0"), ("orig#0", "rewr#0")}
