"""The read benchmark: its generated stores are what a fold leaves, and a small run works."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from storyfold import Store

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_reads.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_reads", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_reads"] = module
    spec.loader.exec_module(module)
    return module


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
