"""The HTML fold benchmarks run end to end on a few generated pages (a self-check, not a timing)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from storyfold import Store

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str) -> ModuleType:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # the benches import their shared html_pages module
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "pages"
    assert "6 generated" in _load("html_pages").prepare_pages(6, out, generated=True)
    return out


def test_generated_pages_are_distinct_news_pages_each_folded_into_an_article(pages, tmp_path):
    refold = _load("bench_refold")
    files = sorted(pages.iterdir())
    assert len({f.read_bytes() for f in files}) == 6
    # one process: the first fold's extraction counts in its CPU time (6 pages is too few
    # for the parent's own CPU to tell the two folds apart when workers extract)
    first, again = refold.measure(pages, tmp_path / "s.db", refolds=1, workers=1)
    assert first.returncode == 0 and again[0].returncode == 0
    with Store(str(tmp_path / "s.db")) as store:
        assert store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 6
    ratios = refold.report("6 generated pages", first, again)
    assert 0 < ratios["cpu"] < 1  # a re-fold of unchanged pages costs less than the first


def test_html_fold_bench_times_all_three_commands(pages, tmp_path, capsys):
    bench = _load("bench_html_fold")
    timings = bench.measure(pages, tmp_path, runs=1)
    assert set(timings) == {"storyfold fold", "trafilatura.extract", "extract_html alone"}
    assert all(t.cpu > 0 and t.rss_mb > 0 for ts in timings.values() for t in ts)
    ratio = bench.report("6 generated pages", 6, timings)
    assert ratio > 0
    out = capsys.readouterr().out
    assert "fold / trafilatura throughput" in out and "pages/s" in out
