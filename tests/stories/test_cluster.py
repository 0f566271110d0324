"""Batch grouping on its own (in-memory index): profiles, tests, stable ids, merges."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from storyfold.errors import ConfigError
from storyfold.stories.cluster import BatchItem, group_batch
from storyfold.stories.features import article_features, hashed
from storyfold.stories.group import MemoryStoryIndex, StoryConfig
from storyfold.stories.profile import CohesionTest, Profile, cohesive, year_conflict
from storyfold.stories.sparse import tfidf

from .corpus import (
    FERRY_STRIKE,
    MILL_2024_INDEPENDENT,
    MILL_2024_LATER,
    MILL_2024_REWRITE,
    MILL_2024_WIRE,
    MILL_2025_OTHER,
    MILL_2025_WIRE,
)

ALL = [
    MILL_2024_WIRE,
    MILL_2024_REWRITE,
    MILL_2024_INDEPENDENT,
    MILL_2024_LATER,
    MILL_2025_WIRE,
    MILL_2025_OTHER,
    FERRY_STRIKE,
]


def _vectors(records: list[dict]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    counts = {r["id"]: hashed(article_features(r["title"], r["text"])) for r in records}
    df: dict[int, int] = {}
    for idx, _ in counts.values():
        for i in idx.tolist():
            df[i] = df.get(i, 0) + 1
    return {k: tfidf(c, df, len(records)) for k, c in counts.items()}


VECS = _vectors(ALL)


def _item(r: dict, dated: bool = True, copy_of: frozenset[str] = frozenset()) -> BatchItem:
    day = date.fromisoformat(r["published"][:10]).toordinal() if dated else None
    return BatchItem(r["id"], VECS[r["id"]], day, copy_of)


def _place(batches, index=None, cfg=None):
    index = index or MemoryStoryIndex()
    cfg = cfg or StoryConfig()
    out = []
    for batch in batches:
        res = group_batch(batch, index, cfg)
        index.apply(res.decisions, res.merges, res.stats, {i.article_id: i.vec for i in batch}, 24)
        out.append(res)
    return index, out


def test_one_batch_groups_reports_and_keeps_the_year_apart():
    index, _ = _place([[_item(r) for r in ALL]])
    s = index.stories
    assert s["wire-2024-mill-fire"] == s["herald-2024-mill-fire"] == s["courier-2024-mill-fire"]
    assert s["wire-2024-mill-fire"] == s["wire-2024-mill-fire-cause"]
    assert s["wire-2025-mill-fire"] == s["courier-2025-mill-fire"] != s["wire-2024-mill-fire"]
    assert len(set(s.values())) == 3


def test_streaming_keeps_ids_and_extends_known_stories():
    first = [_item(MILL_2024_WIRE), _item(MILL_2025_WIRE), _item(FERRY_STRIKE)]
    index, (r1,) = _place([first])
    ids = {d.article_id: d.story_id for d in r1.decisions}
    assert all(d.new_story for d in r1.decisions)
    later = [_item(r) for r in (MILL_2024_REWRITE, MILL_2024_INDEPENDENT, MILL_2025_OTHER)]
    _, (r2,) = _place([later], index)
    placed = {d.article_id: d for d in r2.decisions}
    assert placed["herald-2024-mill-fire"].story_id == ids["wire-2024-mill-fire"]
    assert placed["courier-2024-mill-fire"].story_id == ids["wire-2024-mill-fire"]
    assert placed["courier-2025-mill-fire"].story_id == ids["wire-2025-mill-fire"]
    assert not any(d.new_story for d in r2.decisions) and not r2.merges
    assert placed["herald-2024-mill-fire"].best_match == "wire-2024-mill-fire"
    assert index.story_stats[ids["wire-2024-mill-fire"]].profile.n == 3


def test_a_story_id_is_its_first_articles_and_does_not_depend_on_the_batch():
    one, _ = _place([[_item(r) for r in ALL]])
    two, _ = _place([[_item(r)] for r in ALL])
    assert one.stories == two.stories


def test_copies_always_share_a_story_and_bridge_known_stories_into_the_older():
    index, _ = _place([[_item(MILL_2024_WIRE)], [_item(FERRY_STRIKE)]])
    older = index.stories["wire-2024-mill-fire"]
    newer = index.stories["gazette-ferry-strike"]
    bridge = _item(
        MILL_2024_LATER, copy_of=frozenset({"wire-2024-mill-fire", "gazette-ferry-strike"})
    )
    _, (res,) = _place([[bridge]], index)
    assert [(m.absorbed, m.survivor, m.reason) for m in res.merges] == [(newer, older, "copy")]
    assert res.decisions[0].story_id == older and res.decisions[0].via_copy
    assert set(index.stories.values()) == {older}
    assert index.merged_into == {newer: older}


def test_undated_articles_are_not_vetoed_by_dates():
    index, _ = _place([[_item(r, dated=False) for r in (MILL_2024_WIRE, MILL_2024_REWRITE)]])
    assert index.stories["wire-2024-mill-fire"] == index.stories["herald-2024-mill-fire"]


def test_profile_sums_give_average_link_and_cohesion():
    vs = [VECS[r["id"]] for r in ALL[:3]]
    ps = [Profile.of(v) for v in vs]
    group = ps[0].merged(ps[1]).merged(ps[2])
    cos = [[float(np.dot(_dense(a), _dense(b))) for b in vs] for a in vs]
    assert group.cohesion() == pytest.approx((cos[0][1] + cos[0][2] + cos[1][2]) / 3, rel=1e-5)
    other = Profile.of(VECS[FERRY_STRIKE["id"]])
    expected = np.mean([float(np.dot(_dense(v), _dense(VECS[FERRY_STRIKE["id"]]))) for v in vs])
    assert group.link(other) == pytest.approx(expected, rel=1e-5)
    back = group.without(ps[2])
    assert back.n == 2 and back.pair_sum == pytest.approx(cos[0][1], rel=1e-5)


def test_cohesion_test_and_year_conflict():
    test = CohesionTest(ratio=0.7, prior=0.05, prior_pairs=10, local_weight=1.0)
    a = Profile.of(VECS["wire-2024-mill-fire"])
    b = Profile.of(VECS["herald-2024-mill-fire"])
    assert cohesive(a, b, test)[0]
    old = Profile.of(VECS["wire-2024-mill-fire"], [2023])
    for rid in ("herald-2024-mill-fire", "courier-2024-mill-fire", "wire-2024-mill-fire-cause"):
        old = old.merged(Profile.of(VECS[rid], [2023]))
    new = Profile.of(VECS["wire-2025-mill-fire"], [2025])
    assert year_conflict(old, new, share=0.5, min_articles=4)
    assert not year_conflict(old, new, share=0.5, min_articles=5)  # too few to be sure
    assert not year_conflict(old, new, share=0.0, min_articles=1)  # turned off


def test_config_is_checked():
    with pytest.raises(ConfigError):
        StoryConfig(threshold=0)
    with pytest.raises(ConfigError):
        StoryConfig(veto_days=1, max_days=7)
    with pytest.raises(ConfigError):
        StoryConfig(year_share=1.5)


def _dense(v: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    out = np.zeros(1 << 22, dtype=np.float64)
    out[v[0]] = v[1]
    return out


def test_year_conflict_needs_evidence_of_the_older_group_s_time():
    """A group naming no year is no evidence against a named year; a dated group is."""
    silent = Profile.of(VECS["wire-2024-mill-fire"])
    for rid in ("herald-2024-mill-fire", "courier-2024-mill-fire", "wire-2024-mill-fire-cause"):
        silent = silent.merged(Profile.of(VECS[rid]))
    naming = Profile.of(VECS["wire-2025-mill-fire"], [2025])
    # the other group names 2025 in its text (it may be a future year): no conflict
    assert not year_conflict(silent, naming, share=0.5, min_articles=4)
    # the other group is dated in 2025, and these four articles never name 2025
    dated = date(2025, 5, 20).toordinal()
    assert year_conflict(silent, naming, share=0.5, min_articles=4, first_days=(None, dated))
    assert year_conflict(naming, silent, share=0.5, min_articles=4, first_days=(dated, None))
    # two dated groups are compared by their days (the veto), not by years named
    both = (date(2025, 1, 2).toordinal(), dated)
    assert not year_conflict(silent, naming, share=0.5, min_articles=4, first_days=both)


def test_groups_of_the_same_days_get_the_milder_cohesion_test():
    cfg = StoryConfig()
    assert cfg.cohesion_at(None).ratio == cfg.cohesion_ratio
    assert cfg.cohesion_at(int(cfg.near_days)).ratio == cfg.near_cohesion_ratio
    assert cfg.cohesion_at(int(cfg.near_days) + 1).ratio == cfg.cohesion_ratio
    assert cfg.near_cohesion_ratio < cfg.cohesion_ratio
