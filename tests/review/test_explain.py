"""`explain_pair`: why two stored articles share a story or not, from what grouping weighed."""

from __future__ import annotations

import pytest

from storyfold import NotFoundError, Store, fold
from storyfold.errors import UsageError
from storyfold.review.corrections import split_story
from storyfold.review.explain import explain_pair
from tests.stories.corpus import (
    FIRST_FOLD,
    write_jsonl,
)


@pytest.fixture
def store(tmp_path):
    src = write_jsonl(
        tmp_path / "news.jsonl",
        FIRST_FOLD,
    )
    with Store(tmp_path / "s.db") as st:
        fold([str(src)], st)
        yield st


def _names(e, kind: str) -> list[str]:
    return [f.feature for f in e.shared[kind]]


def test_a_pair_in_one_story_is_similar_on_its_own(store):
    e = explain_pair(store, "wire-2024-mill-fire", "herald-2024-mill-fire#0")
    assert e.same_story and e.a.story == e.b.story
    assert e.verdict.startswith(f"same story {e.a.story}: similar enough on their own")
    assert e.cosine >= e.pair_threshold and e.effective == e.cosine
    assert e.gap_days == 0 and e.a.day == e.b.day == "2024-05-14"
    assert e.a.dated_by == "published"
    assert {"marsh", "delia", "harrowgate", "lindqvist"} <= set(_names(e, "names"))
    assert {"mill", "dye", "roof"} <= set(_names(e, "terms"))
    assert {"40", "210"} <= set(_names(e, "figures"))
    weights = [f.weight for f in e.shared["terms"]]
    assert weights == sorted(weights, reverse=True) and weights[0] > 0
    assert e.stories is None and e.copy is None and e.corrections == []


def test_the_same_mill_a_year_later_is_another_story_by_the_time_veto(store):
    e = explain_pair(store, "wire-2024-mill-fire#0", "wire-2025-mill-fire#0")
    assert not e.same_story and e.a.story != e.b.story
    assert e.gap_days == 371
    assert e.verdict == (
        "different stories: dated 371 days apart, beyond the 300-day limit of one story"
    )
    assert e.effective == pytest.approx(e.cosine * e.time_factor, abs=1e-4)
    assert {"marsh", "lindqvist", "harrowgate"} <= set(_names(e, "names"))
    assert e.stories is not None and e.stories.gap_days is not None
    assert e.stories.gap_days > e.veto_days and not e.stories.kept_apart


def test_an_unrelated_report_is_not_similar_enough(store):
    e = explain_pair(store, "wire-2024-mill-fire#0", "gazette-ferry-strike#0")
    assert e.verdict.startswith("different stories: not similar enough (cosine 0.")
    assert e.cosine < e.pair_threshold and e.gap_days == 0
    assert "marsh" not in _names(e, "names")


def test_a_rewrite_relation_and_a_user_split_are_reported(store):
    rewrite = explain_pair(store, "wire-2025-mill-fire#0", "courier-2025-mill-fire#0")
    assert rewrite.copy is not None and rewrite.copy["relation"] == "rewrite"
    assert "rewrite copy of the other" in rewrite.verdict
    story = rewrite.a.story
    assert story is not None
    split_story(store, story, ["courier-2025-mill-fire#0"])
    after = explain_pair(store, "wire-2025-mill-fire#0", "courier-2025-mill-fire#0")
    assert after.verdict == "different stories: a user split them apart, and folds keep to it"
    assert after.stories is not None and after.stories.kept_apart
    assert (
        len(after.corrections) == 1
        and "user split courier-2025-mill-fire#0" in (after.corrections[0])
    )


def test_unknown_and_ambiguous_ids_are_clear_errors(store, tmp_path):
    with pytest.raises(NotFoundError, match=r"no article or document 'nope#0'.*storyfold stories"):
        explain_pair(store, "nope#0", "wire-2024-mill-fire")
    with pytest.raises(UsageError, match="holds 6 documents"):
        explain_pair(store, str(tmp_path / "news.jsonl"), "wire-2024-mill-fire")


def test_as_dict_is_the_why_schema(store):
    data = explain_pair(store, "wire-2024-mill-fire", "wire-2025-mill-fire").as_dict()
    assert data["schema"] == "storyfold/why" and data["schema_version"] == "1.0"
    assert data["a"]["id"] == "wire-2024-mill-fire#0" and data["gap_days"] == 371
    assert set(data["shared"]) == {"terms", "names", "figures", "years"}
    assert data["stories"]["gap_days"] > 300
