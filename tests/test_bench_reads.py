"""The read benchmark: its generated stores are what a fold leaves, and a small run works."""

from __future__ import annotations

import re
from types import ModuleType

import pytest

from storyfold import Store
from storyfold.store import StoreStoryGroups

from .conftest import load_bench


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_bench("bench_reads")


def test_generated_store_holds_the_stories_it_says(bench: ModuleType, tmp_path) -> None:
    sizes = bench.story_sizes(1500, 20)
    assert sum(sizes) == 1500 and sizes[:2] == [20, 3] and max(sizes[2:]) < 20
    path = bench.cached_store(1500, 20, tmp_path)
    with Store(path) as store:
        counts = store.counts()
        assert counts["articles"] == counts["documents"] == counts["story_members"] == 1500
        assert counts["stories"] == len(sizes) and counts["copies"] > 0
        page = store.story_page(3)
        assert (page[0].id, page[0].n_articles) == (bench.story_id_for("b0#0"), 20)
        small = store.story(bench.story_id_for("b1#0"))
        assert len(small.article_ids) == 3
        assert store.story_stats(small.id).profile.n == 3
    assert bench.Template(5, 100).sentences == bench.Template(5, 100).sentences


def test_small_run_prints_every_figure(bench: ModuleType, tmp_path, capsys) -> None:
    assert bench.main(["--small", "--cache", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for size in ("1,000", "3,000"):
        for what in ("stories (first page)", "show large (20)", "show small (3)"):
            assert re.search(rf"{size} {re.escape(what)}\s+[\d.]+\s+[\d.]+\s+[\d.]+", out), what
    for kind in ("60 % joining stored stories", "all new stories"):
        assert re.search(rf"fold into 3,000 / into empty \({kind}\): CPU [\d.]+x", out), kind


def test_replicated_store_doubles_every_story(bench: ModuleType, tmp_path) -> None:
    base = bench.cached_store(1500, 20, tmp_path)
    bench.replicate(base, tmp_path / "x2.db", 2)
    with Store(base) as one, Store(tmp_path / "x2.db") as two:
        c1, c2 = one.counts(), two.counts()
        assert all(c2[t] == 2 * c1[t] for t in c1), (c1, c2)
        top = two.story_page(2)
        assert [r.n_articles for r in top] == [20, 20]
        replica = two.story(bench.story_id_for("b0#0") + "-r1")
        assert replica.article_ids[0] == "b0-r1#0"
        sizes = dict(two.db.execute("SELECT story_id, n FROM story_rank"))
        counts = dict(
            two.db.execute("SELECT story_id, COUNT(*) FROM story_members GROUP BY story_id")
        )
        assert sizes == counts


def test_distinct_replicas_hold_features_and_keys_of_their_own(bench: ModuleType, tmp_path) -> None:
    base = bench.cached_store(1500, 20, tmp_path)
    bench.replicate(base, tmp_path / "same.db", 2, distinct=False)
    bench.replicate(base, tmp_path / "distinct.db", 2)
    story = bench.story_id_for("b0#0")

    def features(store: Store, aid: str) -> set[int]:
        q = "SELECT feature FROM story_postings WHERE article_id = ?"
        return {r[0] for r in store.db.execute(q, (aid,))}

    def sums(store: Store, table: str) -> tuple[int, int]:
        return store.db.execute(f"SELECT SUM(n), COUNT(*) FROM {table}").fetchone()

    with (
        Store(base) as one,
        Store(tmp_path / "same.db") as same,
        Store(tmp_path / "distinct.db") as two,
    ):
        assert features(same, "b0#0") == features(same, "b0-r1#0")
        assert features(two, "b0#0").isdisjoint(features(two, "b0-r1#0"))
        assert len(features(two, "b0-r1#0")) == len(features(two, "b0#0")) > 0
        # an article like the large story's finds that story once, not once per replica
        for store, replicas in ((two, False), (same, True)):
            found = StoreStoryGroups(store).candidates(features(store, "b0#0"), 2000, 50, 2)
            stories = set(store.stories_of(sorted(found)).values())
            assert story in stories
            assert (story + "-r1" in stories) is replicas
            assert any(s.endswith("-r1") for s in stories) is replicas
        for table in ("term_df", "copy_key_df"):
            (n1, k1), (n2, k2), (n3, k3) = sums(one, table), sums(same, table), sums(two, table)
            assert (n2, k2) == (2 * n1, k1) and (n3, k3) == (2 * n1, 2 * k1), table
        (top,) = two.db.execute("SELECT MAX(seq) FROM story_postings").fetchone()
        assert (
            top == int(two.setting("posting_seq") or 0) == 2 * int(one.setting("posting_seq") or 0)
        )
