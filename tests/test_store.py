"""The store: schema versions, settings the stored data depends on, clear errors."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfold import Store, StoreError, fold
from storyfold.copies import CopyConfig
from storyfold.model import Article, Document
from storyfold.pipeline import FoldConfig
from storyfold.store import (
    _MIGRATIONS,
    KEY_BAND,
    SCHEMA_VERSION,
    StoreStoryGroups,
    _statements,
)
from storyfold.stories.group import MemoryStoryIndex, best_per_story

from .conftest import DEMO


def test_new_store_is_at_the_current_schema(tmp_path):
    with Store(tmp_path / "s.db") as store:
        row = store.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        assert int(row[0]) == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.db.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),)
        )
    with pytest.raises(StoreError, match="newer than this storyfold"):
        Store(tmp_path / "s.db")


def test_other_copy_settings_are_refused_and_nothing_is_lost(tmp_path):
    page = str(DEMO / "meridian-wire_brackwater-spillway.txt")
    with Store(tmp_path / "s.db") as store:
        fold([page], store)
        before = store.counts()
        other = FoldConfig(copies=CopyConfig(shingle_size=4))
        with pytest.raises(StoreError, match="fold into a new --db"):
            fold([str(DEMO)], store, other)
        assert store.counts() == before


def test_a_schema_4_store_keeps_its_postings_in_order_when_migrated(tmp_path):
    path = tmp_path / "v4.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    for v in (1, 2, 3, 4):
        for stmt in _statements(_MIGRATIONS[v]):
            db.execute(stmt)
    db.execute("INSERT INTO meta VALUES ('schema_version', '4')")
    # feature 7 is posted by a0..a5 in that order, so its latest three are a5, a4, a3
    for i in range(6):
        db.executemany(
            "INSERT INTO story_postings VALUES (?, ?)", [(7, f"a{i}"), (100 + i % 2, f"a{i}")]
        )
        db.execute("INSERT INTO copy_keys VALUES (?, ?, ?)", (-5 - i % 2, KEY_BAND, f"a{i}"))
        db.execute("INSERT INTO rewrite_keys VALUES (?, ?)", (42, f"a{i}"))
        db.execute("INSERT INTO rewrite_key_df VALUES (?, ?) ON CONFLICT DO UPDATE SET n = n + 1",
                   (42, 1))  # fmt: skip
    db.execute("INSERT INTO term_df VALUES (7, 6), (100, 3), (101, 3)")
    db.close()
    with Store(path) as store:
        assert int(store.setting("schema_version") or 0) == SCHEMA_VERSION
        groups = StoreStoryGroups(store)
        assert groups.candidates([7], 2000, 3, 1) == {"a5": 1, "a4": 1, "a3": 1}
        assert groups.candidates([7, 101], 2000, 3, 2) == {"a5": 2, "a3": 2}
        assert store.copy_key_postings(KEY_BAND, [-5]) == {-5: ["a0", "a2", "a4"]}
        assert store.rewrite_postings([42], 50) == {42: [f"a{i}" for i in range(5, -1, -1)]}
        assert store.rewrite_postings([42], 2) == {42: ["a5", "a4"]}  # the latest two
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
        assert "rewrite_key_df" not in tables  # schema 8: counts nothing reads are not kept
        # a later article is the latest posting of its features
        with store.transaction():
            store.add_document(Document("d6", "h6", "text", "t"))
            store.add_article(Article("a6", "d6", 0, "t"))
            store.add_story_member("a6", "s", 1.0, None, False, [7], _vec([7]))
            store.add_rewrite_keys("a6", [42])
        assert set(groups.candidates([7], 2000, 2, 1)) == {"a6", "a5"}
        assert store.rewrite_postings([42], 2) == {42: ["a6", "a5"]}
        plans = " ".join(
            str(r)
            for q in (
                "SELECT article_id FROM story_postings WHERE feature = 7 ORDER BY seq DESC LIMIT 3",
                "SELECT key, article_id FROM copy_keys WHERE kind = 1 AND key IN (-5)",
                "SELECT article_id FROM rewrite_keys WHERE key IN (42)",
                "SELECT article_id FROM rewrite_keys WHERE key = 42 ORDER BY seq DESC LIMIT 2",
            )
            for r in store.db.execute("EXPLAIN QUERY PLAN " + q)
        )
        assert "SCAN" not in plans and "USE TEMP B-TREE" not in plans, plans
        assert "COVERING INDEX" in plans or "PRIMARY KEY" in plans, plans


def _vec(features: list[int]) -> tuple[np.ndarray, np.ndarray]:
    return np.array(features, dtype=np.int64), np.ones(len(features), dtype=np.float32)


def test_features_too_common_to_look_up_are_not_posted(tmp_path):
    with Store(tmp_path / "s.db") as store, store.transaction():
        groups = StoreStoryGroups(store)
        for i in range(4):
            store.add_document(Document(f"d{i}", f"h{i}", "text", "t"))
            store.add_article(Article(f"a{i}", f"d{i}", 0, "t"))
            store.bump_term_df([1, 2])
            before = groups.candidates([1, 2], 2, 50, 1)
            store.add_story_member(f"a{i}", "s", 1.0, None, False, [1, 2], _vec([1, 2]), 2)
            # what a lookup finds is what it found with every posting written
            assert groups.candidates([1, 2], 2, 50, 1) == ({} if i >= 2 else {**before, f"a{i}": 2})
        rows = store.db.execute("SELECT COUNT(*) FROM story_postings").fetchone()[0]
        assert rows == 4  # a0 and a1 under both features; a2 and a3 (count 3, 4 > 2) under none


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.sets(st.integers(0, 6), min_size=1, max_size=4), st.integers(0, 3)),
        min_size=1,
        max_size=12,
    ),
    st.sets(st.integers(0, 6), min_size=1),
    st.integers(1, 3),
    st.integers(1, 4),
)
def test_candidate_stories_rank_each_storys_best_candidate_as_the_memory_index(
    tmp_path_factory, members, query, min_shared, recent
):
    """Store and memory index agree, and equal candidates() mapped through stories_of()."""
    path = tmp_path_factory.mktemp("cs") / "s.db"
    memory = MemoryStoryIndex()
    with Store(path) as store, store.transaction():
        for i, (features, story) in enumerate(members):
            aid = f"a{i:02d}"
            store.add_document(Document(f"d{i}", f"h{i}", "text", "t"))
            store.add_article(Article(aid, f"d{i}", 0, "t"))
            store.bump_term_df(sorted(features))
            store.add_story_member(
                aid, f"s{story}", 1.0, None, False, sorted(features), _vec(sorted(features))
            )
            memory.stories[aid] = f"s{story}"
            for f in sorted(features):
                memory.postings.setdefault(f, []).append(aid)
        groups = StoreStoryGroups(store)
        args = (sorted(query), 8, recent, min_shared)
        found = groups.candidates(*args)
        story_of = groups.stories_of(found)
        expected = best_per_story((a, found[a], story_of[a]) for a in found if a in story_of)
        assert groups.candidate_stories(*args) == expected
        assert memory.candidate_stories(*args) == expected
        # the two stories whose best shares most, ties to the smaller id, in both indexes
        top = dict(sorted(expected.items(), key=lambda kv: (-kv[1][0], kv[0]))[:2])
        assert groups.candidate_stories(*args, limit=2) == top
        assert memory.candidate_stories(*args, limit=2) == top
        # the batch's counts handed in give the same answer as counts read afresh
        df = store.term_df(sorted(query))
        assert StoreStoryGroups(store, known_df=df).candidate_stories(*args) == expected
