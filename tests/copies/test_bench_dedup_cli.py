"""The CLI dedup benchmark: its scoring, and a quick run of the whole bench (not a timing)."""

from __future__ import annotations

import importlib.util
from types import ModuleType, SimpleNamespace

import pytest

from ..conftest import load_bench


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_bench("bench_dedup_cli")


def test_scores_come_from_groups(bench: ModuleType) -> None:
    gold = SimpleNamespace(near={(1, 2)}, near_low={(1, 3)}, contained={(4, 5)}, rewrites={(4, 6)})
    perfect = bench.score([[1, 2, 3], [4, 5]], gold)
    assert perfect == {
        "near_recall": 1.0,
        "contained_recall": 1.0,
        "pair_precision": 1.0,
        "false_pairs": 0,
    }
    merged = bench.score([[1, 2], [4, 6], [7, 8]], gold)
    assert merged["contained_recall"] == 0.0 and merged["false_pairs"] == 2
    assert merged["pair_precision"] == pytest.approx(1 / 3)


def test_quick_run_compares_the_tools_as_processes(bench, capsys, tmp_path) -> None:
    only = ["--only", "storyfold"]
    for tool in ("rensa", "datasketch"):
        if importlib.util.find_spec(tool):
            only += ["--only", tool]
    assert bench.main(["--quick", "--docs", "600", *only, "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("storyfold "))
    near_r, pair_p, cont_r = (float(x) for x in row.split()[5:8])
    assert near_r == 1.0 and pair_p == 1.0 and cont_r == 1.0
    assert (tmp_path / "corpus-600-7.jsonl").exists()
