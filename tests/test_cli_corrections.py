"""The CLI's explain-and-correct commands: why, merge, split (fictional reports only)."""

from __future__ import annotations

import json

import pytest

from storyfold import Store
from storyfold.cli import EXIT_ERROR, EXIT_USAGE, main

from .stories.corpus import (
    FERRY_STRIKE,
    MILL_2024_INDEPENDENT,
    MILL_2024_LATER,
    MILL_2024_REWRITE,
    MILL_2024_WIRE,
    MILL_2025_OTHER,
    MILL_2025_WIRE,
    write_jsonl,
)


@pytest.fixture
def db(runner, tmp_path) -> str:
    src = write_jsonl(
        tmp_path / "news.jsonl",
        [MILL_2024_WIRE, MILL_2024_REWRITE, MILL_2024_INDEPENDENT, MILL_2025_WIRE, FERRY_STRIKE],
    )
    path = str(tmp_path / "t.db")
    assert runner.invoke(main, ["fold", str(src), "--db", path, "-q"]).exit_code == 0
    return path


def _story_of(db: str, article: str) -> str:
    with Store(db) as store:
        return store.stories_of([article])[article]


def test_why_for_a_pair_in_one_story(runner, db):
    result = runner.invoke(
        main, ["why", "wire-2024-mill-fire", "herald-2024-mill-fire#0", "--db", db]
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    story = _story_of(db, "wire-2024-mill-fire#0")
    assert lines[0].startswith(f"verdict: same story {story}: similar enough on their own")
    assert "time gap: 0 days" in result.output
    names = next(x for x in lines if x.startswith("shared names:"))
    assert "marsh" in names and "lindqvist" in names
    assert "copy: none" in lines and "corrections: none" in lines


def test_why_for_a_pair_in_two_stories_and_as_json(runner, db):
    args = ["why", "wire-2024-mill-fire", "wire-2025-mill-fire", "--db", db]
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "verdict: different stories: dated 371 days apart, beyond the 300-day limit of one story"
    )
    assert "time gap: 371 days" in result.output
    assert "stories: average link" in result.output
    data = json.loads(runner.invoke(main, [*args, "--json"]).stdout)
    assert data["schema"] == "storyfold/why" and data["same_story"] is False
    assert data["gap_days"] == 371 and data["a"]["story"] != data["b"]["story"]
    assert "harrowgate" in [f["feature"] for f in data["shared"]["names"]]


def test_why_with_an_unknown_id_names_it_and_how_to_list_ids(runner, db):
    result = runner.invoke(main, ["why", "wire-2024-mill-fire", "nosuchdoc#0", "--db", db])
    assert result.exit_code == EXIT_ERROR
    assert result.stderr.count("\n") == 1
    assert "'nosuchdoc#0'" in result.stderr and "storyfold stories" in result.stderr
    assert "storyfold show STORY --articles" in result.stderr


def test_merge_and_split_from_the_command_line_and_a_later_fold(runner, db, tmp_path):
    old = _story_of(db, "wire-2024-mill-fire#0")
    new = _story_of(db, "wire-2025-mill-fire#0")
    merged = runner.invoke(main, ["merge", new, old, "--db", db])
    assert merged.exit_code == 0 and merged.output == f"merged {new} into {old} (4 articles)\n"
    shown = json.loads(runner.invoke(main, ["show", old, "--db", db, "--json"]).stdout)
    assert [h["event"] for h in shown["history"]][-1] == "merged (user)"

    split = runner.invoke(main, ["split", old, "courier-2024-mill-fire", "--db", db])
    assert split.exit_code == 0 and "3 articles stay in" in split.output
    part = _story_of(db, "courier-2024-mill-fire#0")
    assert part not in {old, new}

    later = write_jsonl(tmp_path / "later.jsonl", [MILL_2024_LATER, MILL_2025_OTHER])
    assert runner.invoke(main, ["fold", str(later), "--db", db, "-q"]).exit_code == 0
    assert _story_of(db, "wire-2025-mill-fire#0") == old  # the merge held
    assert _story_of(db, "courier-2024-mill-fire#0") == part  # so did the split
    why = runner.invoke(main, ["why", "wire-2024-mill-fire", "courier-2024-mill-fire", "--db", db])
    assert "a user split them apart" in why.output.splitlines()[0]
    assert "user merged" in why.output and "user split" in why.output


def test_corrections_that_cannot_be_made_are_usage_errors(runner, db):
    story = _story_of(db, "wire-2024-mill-fire#0")
    alone = runner.invoke(main, ["merge", story, "--db", db])
    assert alone.exit_code == EXIT_USAGE and "at least two different stories" in alone.stderr
    other = runner.invoke(main, ["split", story, "gazette-ferry-strike#0", "--db", db])
    assert other.exit_code == EXIT_USAGE and "is not an article of" in other.stderr
    unknown = runner.invoke(main, ["merge", story, "s000000000000", "--db", db])
    assert unknown.exit_code == EXIT_ERROR and "no story 's000000000000'" in unknown.stderr
