"""Folding is idempotent, and a later fold attaches new articles to existing stories."""

from __future__ import annotations

import shutil

from storyfold import Store, fold
from storyfold.cli import main

from .conftest import DEMO

FIRST = [
    "meridian-wire_brackwater-spillway.txt",
    "calder-evening-post_tram-extension-vote.txt",
    "dunmore-gazette_greyhollow-moor-fire.txt",
]
LATER = [
    "halvard-herald_lower-kessing-under-water.txt",  # rewrite of the wire story
    "valleyhub_brackwater-dam-truncated.txt",  # truncated republication
]


def _copy(names, dest):
    dest.mkdir()
    for n in names:
        shutil.copy(DEMO / n, dest / n)
    return dest


def test_same_input_twice_changes_no_count(tmp_path):
    src = _copy(FIRST + LATER, tmp_path / "in")
    with Store(tmp_path / "t.db") as store:
        first = fold([str(src)], store)
        before = store.counts()
        second = fold([str(src)], store)
        assert store.counts() == before
    assert first.documents_new == 5
    assert second.documents_new == 0 and second.documents_known == 5
    assert second.articles == 0 and second.stories_new == 0


def test_later_fold_attaches_to_existing_stories(tmp_path):
    first = _copy(FIRST, tmp_path / "first")
    later = _copy(LATER, tmp_path / "later")
    with Store(tmp_path / "t.db") as store:
        fold([str(first)], store)
        wire_story = _story_of_file(store, FIRST[0])
        n_stories = len(store.stories())
        report = fold([str(later)], store)
        assert report.documents_new == 2
        for name in LATER:
            assert _story_of_file(store, name) == wire_story, name
        # nothing but the later pages' own teasers may start a story
        assert len(store.stories()) == n_stories + report.stories_new
        assert report.stories_extended >= 2
        assert any(e == "extended" for _, e, _ in store.story_log(wire_story))


def test_story_ids_survive_a_second_fold(tmp_path, runner):
    src = _copy(FIRST, tmp_path / "in")
    db = str(tmp_path / "t.db")
    runner.invoke(main, ["fold", str(src), "--db", db, "-q"])
    with Store(db) as store:
        ids = sorted(s.id for s in store.stories())
    runner.invoke(main, ["fold", str(src), "--db", db, "-q"])
    with Store(db) as store:
        assert sorted(s.id for s in store.stories()) == ids


def _story_of_file(store: Store, name: str) -> str:
    doc = next(d for d in store.documents() if d.path and d.path.endswith(name))
    main_article = f"{doc.id}#0"
    return next(s.id for s in store.stories() if main_article in s.article_ids)
