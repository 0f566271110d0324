"""The CLI's read commands: stories, show (terminal, Markdown, JSON), dedup, and errors."""

from __future__ import annotations

import json
import shutil

from storyfold import Store
from storyfold.cli import EXIT_ERROR, main

from .conftest import DEMO

DAM = [
    "meridian-wire_brackwater-spillway.txt",
    "valleyhub_brackwater-dam-truncated.txt",
    "halvard-herald_lower-kessing-under-water.txt",
    "orrin-courier_floodwater-sweeps-kessing.txt",
]


def _fold_dam(runner, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for n in DAM:
        shutil.copy(DEMO / n, src / n)
    db = str(tmp_path / "t.db")
    assert runner.invoke(main, ["fold", str(src), "--db", db, "-q"]).exit_code == 0
    with Store(db) as store:
        story = max(store.stories(), key=lambda s: len(s.article_ids))
    return db, story


def test_show_prints_the_account(runner, tmp_path):
    db, story = _fold_dam(runner, tmp_path)
    out = runner.invoke(main, ["show", story.id, "--db", db]).output
    assert "independent sources" in out and "●" in out
    md = runner.invoke(main, ["show", story.id, "--db", db, "--markdown"]).output
    assert md.startswith("# ") and "## Summary" in md and "## Lineage" in md
    data = json.loads(runner.invoke(main, ["show", story.id, "--db", db, "--json"]).stdout)
    account = data["account"]
    assert account["independent_sources"] >= 2  # the wire family and the independent report
    assert any(c["status"] == "shared" for c in account["claims"])
    assert {"claims", "variants", "lineage", "summary", "families"} <= set(account)


def test_stories_lists_and_unknown_story_fails(runner, tmp_path):
    db, story = _fold_dam(runner, tmp_path)
    listed = runner.invoke(main, ["stories", "--db", db, "--json"])
    assert story.id in listed.output
    missing = runner.invoke(main, ["show", "s000000000000", "--db", db])
    assert missing.exit_code == EXIT_ERROR
    assert "no story 's000000000000'" in missing.stderr


def test_dedup_groups_copies_and_keep_list(runner, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for n in DAM[:2]:
        shutil.copy(DEMO / n, src / n)
    shutil.copy(DEMO / "dunmore-gazette_greyhollow-moor-fire.txt", src / "fire.txt")
    lines = runner.invoke(main, ["dedup", str(src)]).stdout.strip().splitlines()
    groups = [json.loads(x) for x in lines]
    assert len(groups) == 1
    members = {m["id"].rsplit("/", 1)[-1]: m["relation"] for m in groups[0]["members"]}
    assert members[DAM[0]] == "representative"  # the full wire text
    assert members[DAM[1]] == "contained"  # its truncated republication
    keep = runner.invoke(main, ["dedup", str(src), "--keep-list"]).stdout.split()
    assert len(keep) == 2 and any(k.endswith("fire.txt") for k in keep)


def test_bad_store_is_a_clear_error(runner, tmp_path):
    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    result = runner.invoke(main, ["stories", "--db", str(bad)])
    assert result.exit_code == EXIT_ERROR
    assert "not a storyfold store" in result.stderr


def test_dedup_names_byte_identical_files_as_exact_copies(runner, tmp_path):
    """The fold stores identical bytes once; dedup still lists every path that holds them."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEMO / DAM[0], src / "a.txt")
    shutil.copy(DEMO / DAM[0], src / "b.txt")
    shutil.copy(DEMO / DAM[1], src / "c.txt")
    shutil.copy(DEMO / "dunmore-gazette_greyhollow-moor-fire.txt", src / "fire.txt")
    shutil.copy(DEMO / "dunmore-gazette_greyhollow-moor-fire.txt", src / "fire-again.txt")
    lines = runner.invoke(main, ["dedup", str(src)]).stdout.strip().splitlines()
    groups = [json.loads(x) for x in lines]
    assert len(groups) == 2
    by_file = {m["id"].rsplit("/", 1)[-1]: m["relation"] for g in groups for m in g["members"]}
    assert by_file["c.txt"] == "contained"
    assert {by_file["a.txt"], by_file["b.txt"]} == {"representative", "exact"}
    assert {by_file["fire.txt"], by_file["fire-again.txt"]} == {"representative", "exact"}
    keep = runner.invoke(main, ["dedup", str(src), "--keep-list"]).stdout.split()
    assert len(keep) == 2
    db = str(tmp_path / "d.db")
    runner.invoke(main, ["dedup", str(src / "a.txt"), "--db", db])
    shutil.copy(DEMO / DAM[0], tmp_path / "later.txt")
    later = runner.invoke(main, ["dedup", str(tmp_path / "later.txt"), "--db", db]).stdout
    members = json.loads(later)["members"]
    assert [m["relation"] for m in members] == ["representative", "exact"]


def test_show_has_the_markdown_sections_and_reads_without_colour(runner, tmp_path):
    db, story = _fold_dam(runner, tmp_path)
    out = runner.invoke(main, ["show", story.id, "--db", db], env={"NO_COLOR": "1"}).output
    md = runner.invoke(main, ["show", story.id, "--db", db, "--markdown"]).output
    for section in ("Summary", "Only one source reports", "Where the sources differ", "Lineage"):
        assert f"\n{section}\n" in out and f"## {section}" in md
    legend = "A ← B: A was copied or rewritten from B."
    assert legend in out and legend in md
    assert "● shared by every independent source · ◐ by some · ○ by one" in out
    assert "\x1b[" not in out


def test_a_teaser_is_named_as_a_teaser_on_its_page(runner, tmp_path):
    db = str(tmp_path / "t.db")
    assert runner.invoke(main, ["fold", str(DEMO), "--db", db, "-q"]).exit_code == 0
    with Store(db) as store:
        sport = next(s for s in store.stories() if len(s.article_ids) == 3 and "Cup" in s.title)
    data = json.loads(runner.invoke(main, ["show", sport.id, "--db", db, "--json"]).stdout)
    names = {n for fam in data["account"]["families"] for n in fam["sources"]}
    assert "teaser on zeitstrom_brackwater-dam-de.txt" in names
    assert "zeitstrom_brackwater-dam-de.txt" not in names
