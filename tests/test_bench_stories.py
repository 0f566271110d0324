"""The story-stage benchmark runs the fold's real story stage (its signature is followed)."""

from __future__ import annotations

from .conftest import load_bench


def test_small_stream_groups_through_the_story_stage() -> None:
    bench = load_bench("bench_stories")
    result = bench.run(400, 100)
    assert result["n"] == 400
    assert 0 < result["stories"] <= 400
    # generated stories are easy to tell apart: a broken stage scores far below this
    assert result["b3_f1"] > 0.8
    assert result["story_cpu_secs"] > 0
