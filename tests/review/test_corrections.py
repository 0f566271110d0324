"""User corrections: merges and splits are applied, recorded, and respected by later folds."""

from __future__ import annotations

import pytest

from storyfold import NotFoundError, Store, fold
from storyfold.errors import UsageError
from storyfold.review.corrections import apart_stories, merge_stories, split_story
from storyfold.store import SCHEMA_VERSION
from storyfold.stories.cluster import group_batch
from storyfold.stories.group import Decision, MemoryStoryIndex, StoryConfig, StoryStats
from storyfold.stories.profile import Profile
from tests.stories.corpus import (
    FERRY_STRIKE,
    MILL_2024_INDEPENDENT,
    MILL_2024_LATER,
    MILL_2024_REWRITE,
    MILL_2024_WIRE,
    MILL_2025_OTHER,
    MILL_2025_WIRE,
    write_jsonl,
)
from tests.stories.test_cluster import _item

# Two more fictional reports of the 2024 mill fire: one about the smoke over Quarry Lane
# (close to the wire report), one about the staff's pay (close to the courier's report).
MILL_2024_SMOKE = {
    "id": "signal-2024-mill-smoke",
    "title": "Quarry Lane told to keep windows shut as smoke drifts from Kestrel Bay mill fire",
    "published": "2024-05-14T11:00:00+00:00",
    "text": (
        "Residents of Quarry Lane in Kestrel Bay were told to keep their windows shut on "
        "Tuesday as smoke from the fire at the Harrowgate textile mill drifted over the street.\n\n"
        "Crews from four stations fought the blaze for six hours after the roof of the dye house "
        "collapsed, fire chief Delia Marsh said. The fire spread from a dryer through a "
        "ventilation shaft to the bale store.\n\n"
        "The smoke cleared by the afternoon, when an investigator from the regional fire service "
        "arrived at the mill."
    ),
}
MILL_2024_PAY = {
    "id": "ledger-2024-mill-pay",
    "title": "Harrowgate mill staff to be paid through shutdown, union steward says",
    "published": "2024-05-16T12:00:00+00:00",
    "text": (
        "Union steward Petra Vance said on Thursday that the 210 employees of the Harrowgate "
        "textile mill in Kestrel Bay would be paid in full during the three-week shutdown.\n\n"
        "Vance met managers after the night-shift crew gathered outside the blackened dye house "
        "on Wednesday. Forty people were on the night shift when the dryer fire broke out.\n\n"
        "Mayor Otto Lindqvist, who met the crew at the site, welcomed the pay agreement."
    ),
}


def _aid(record: dict) -> str:
    return record["id"] + "#0"


def _story(store: Store, record: dict) -> str:
    return store.stories_of([_aid(record)])[_aid(record)]


def _members(store: Store) -> dict[str, str]:
    return {a: s.id for s in store.stories() for a in s.article_ids}


# ---- the clustering hook ------------------------------------------------------------


def _two_known_stories() -> MemoryStoryIndex:
    """The 2024 wire report as story sA and the courier's report of the same fire as sB."""
    index = MemoryStoryIndex()
    for sid, record in (("sA", MILL_2024_WIRE), ("sB", MILL_2024_INDEPENDENT)):
        it = _item(record)
        stats = StoryStats(sid, Profile.of(it.vec), it.day, it.day)
        decision = Decision(it.article_id, sid, True, None, 0.0)
        index.apply([decision], [], {sid: stats}, {it.article_id: it.vec}, 24)
    return index


@pytest.mark.parametrize("apart", [frozenset(), {frozenset(("sA", "sB"))}])
def test_cannot_link_keeps_two_known_stories_apart_while_new_articles_join_each(apart):
    batch = [_item(MILL_2024_REWRITE), _item(MILL_2024_LATER)]
    res = group_batch(batch, _two_known_stories(), StoryConfig(), apart)
    placed = {d.article_id: d.story_id for d in res.decisions}
    if not apart:  # the control: the batch links the two stories and they merge
        assert [(m.absorbed, m.survivor) for m in res.merges] == [("sB", "sA")]
        assert set(placed.values()) == {"sA"}
    else:
        # the two stories stay apart, and both new reports of the fire still join a known
        # story rather than starting a third (which one the eight-days-later report joins
        # is the time rule's call, not the cannot-link's)
        assert res.merges == []
        assert placed["herald-2024-mill-fire"] == "sA"
        assert set(placed.values()) <= {"sA", "sB"}
        assert not any(d.new_story for d in res.decisions)


def test_cannot_link_holds_against_a_copy_of_both_sides():
    """Copies always share a story, but a copy of both sides joins one side only."""
    both = frozenset({MILL_2024_WIRE["id"], MILL_2024_INDEPENDENT["id"]})
    batch = [_item(MILL_2024_REWRITE, copy_of=both)]
    merged = group_batch(batch, _two_known_stories(), StoryConfig())
    assert [m.reason for m in merged.merges] == ["copy"]
    kept = group_batch(batch, _two_known_stories(), StoryConfig(), {frozenset(("sA", "sB"))})
    assert kept.merges == [] and kept.decisions[0].story_id in {"sA", "sB"}


# ---- through the store and the fold -------------------------------------------------


def test_story_ids_are_stable_across_two_folds_and_the_same_in_a_fresh_store(tmp_path):
    one = write_jsonl(tmp_path / "one.jsonl", [MILL_2024_WIRE, MILL_2025_WIRE, FERRY_STRIKE])
    two = write_jsonl(tmp_path / "two.jsonl", [MILL_2024_REWRITE, MILL_2025_OTHER, MILL_2024_LATER])
    with Store(tmp_path / "a.db") as store:
        fold([str(one)], store)
        first = _members(store)
        fold([str(two)], store)
        after = _members(store)
        assert {a: after[a] for a in first} == first  # nobody moved, no id renamed
        assert set(after.values()) == set(first.values())  # the second fold made no story
    with Store(tmp_path / "b.db") as fresh:
        fold([str(one)], fresh)
        fold([str(two)], fresh)
        assert _members(fresh) == after  # ids follow from the articles, not from the store


def test_a_user_merge_survives_a_later_fold_that_adds_to_both_sides(tmp_path):
    one = write_jsonl(tmp_path / "one.jsonl", [MILL_2024_WIRE, MILL_2025_WIRE, FERRY_STRIKE])
    two = write_jsonl(tmp_path / "two.jsonl", [MILL_2024_REWRITE, MILL_2025_OTHER, MILL_2024_LATER])
    with Store(tmp_path / "s.db") as store:
        fold([str(one)], store)
        old, new = _story(store, MILL_2024_WIRE), _story(store, MILL_2025_WIRE)
        assert old != new  # a year apart: grouping keeps them apart
        result = merge_stories(store, [new, old])  # named newest first: the older still wins
        assert (result.survivor, result.absorbed) == (old, [new])
        assert store.merged_into(new) == old
        assert ("merged (user)", f"{new} (correction 1)") in [
            (e, d) for _, e, d in store.story_log(old)
        ]
        assert [e for _, e, _ in store.story_log(new)] == ["created", "merged (user)"]
        stats = store.story_stats(old)
        assert stats is not None and stats.profile.n == 2
        assert stats.last_day - stats.first_day == 371  # the profile spans both fires

        report = fold([str(two)], store)
        assert report.stories_new == 0
        mill = [MILL_2024_WIRE, MILL_2025_WIRE, MILL_2024_REWRITE, MILL_2025_OTHER]
        assert {_story(store, r) for r in [*mill, MILL_2024_LATER]} == {old}
        assert {s.id for s in store.stories()} == {old, _story(store, FERRY_STRIKE)}


def test_a_user_split_survives_a_later_fold_and_new_articles_join_either_side(
    tmp_path, monkeypatch
):
    one = write_jsonl(
        tmp_path / "one.jsonl", [MILL_2024_WIRE, MILL_2024_REWRITE, MILL_2024_INDEPENDENT]
    )
    two = write_jsonl(tmp_path / "two.jsonl", [MILL_2024_LATER, MILL_2024_PAY, MILL_2024_SMOKE])
    outcome = {}
    for respected in (True, False):
        with Store(tmp_path / f"s{respected}.db") as store:
            fold([str(one)], store)
            (story,) = store.stories()
            res = split_story(store, story.id, [MILL_2024_INDEPENDENT["id"]])  # a document id
            assert res.moved == [_aid(MILL_2024_INDEPENDENT)]
            assert _story(store, MILL_2024_INDEPENDENT) == res.new_story != story.id
            assert _story(store, MILL_2024_WIRE) == story.id
            assert any(e == "split (user)" for _, e, _ in store.story_log(story.id))
            assert any(e == "split (user)" for _, e, _ in store.story_log(res.new_story))
            assert apart_stories(store) == {frozenset((story.id, res.new_story))}
            if not respected:  # the control: a fold that ignores the correction
                monkeypatch.setattr("storyfold.pipeline.apart_stories", lambda _store: set())
            fold([str(two)], store)
            monkeypatch.undo()
            outcome[respected] = (story.id, res.new_story, _members(store))
    old, split_off, members = outcome[True]
    assert outcome[False][:2] == (old, split_off)  # the split's id is derived, not random
    assert set(outcome[False][2].values()) == {old}  # unconstrained, the fold merges it back
    assert members[_aid(MILL_2024_INDEPENDENT)] == split_off
    assert members[_aid(MILL_2024_WIRE)] == members[_aid(MILL_2024_REWRITE)] == old
    assert members[_aid(MILL_2024_SMOKE)] == old  # new articles join the story left behind ...
    assert members[_aid(MILL_2024_PAY)] == split_off  # ... or the one split off


def test_a_user_merge_overrides_an_earlier_split(tmp_path):
    src = write_jsonl(
        tmp_path / "one.jsonl", [MILL_2024_WIRE, MILL_2024_REWRITE, MILL_2024_INDEPENDENT]
    )
    with Store(tmp_path / "s.db") as store:
        fold([str(src)], store)
        (story,) = store.stories()
        res = split_story(store, story.id, [_aid(MILL_2024_INDEPENDENT)])
        assert apart_stories(store)
        merged = merge_stories(store, [res.new_story, story.id])
        assert merged.survivor == story.id
        assert apart_stories(store) == set()  # both sides in one story: nothing to keep apart
        assert [c.kind for c in store.corrections()] == ["split", "merge"]


def test_corrections_refuse_what_they_cannot_do(tmp_path):
    src = write_jsonl(tmp_path / "one.jsonl", [MILL_2024_WIRE, MILL_2024_REWRITE, FERRY_STRIKE])
    with Store(tmp_path / "s.db") as store:
        fold([str(src)], store)
        mill, ferry = _story(store, MILL_2024_WIRE), _story(store, FERRY_STRIKE)
        with pytest.raises(UsageError, match="at least two different stories"):
            merge_stories(store, [mill, mill])
        with pytest.raises(NotFoundError, match="no story 'sdoesnotexist'"):
            merge_stories(store, [mill, "sdoesnotexist"])
        with pytest.raises(UsageError, match=f"is not an article of {mill}"):
            split_story(store, mill, [_aid(FERRY_STRIKE)])
        with pytest.raises(UsageError, match="leaves it empty"):
            split_story(store, mill, [_aid(MILL_2024_WIRE), _aid(MILL_2024_REWRITE)])
        with pytest.raises(NotFoundError, match="no article or document 'nowhere#3'"):
            split_story(store, mill, ["nowhere#3"])
        assert store.corrections() == []
        assert {s.id for s in store.stories()} == {mill, ferry}


def test_a_schema_2_store_upgrades_and_takes_corrections(tmp_path):
    src = write_jsonl(tmp_path / "one.jsonl", [MILL_2024_WIRE, FERRY_STRIKE])
    path = tmp_path / "old.db"
    with Store(path) as store:
        fold([str(src)], store)
        before = _members(store)
        store.db.execute("DROP TABLE story_corrections")
        store.db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with Store(path) as store:
        version = store.db.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        assert int(version.fetchone()[0]) == SCHEMA_VERSION
        assert store.corrections() == [] and _members(store) == before
        merged = merge_stories(store, sorted(set(before.values())))
        assert len(store.stories()) == 1 and merged.absorbed
