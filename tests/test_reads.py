"""Reads that scale with the request: paged stories, one story, stored accounts, indexed lookups."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

import storyfold.account as account_pkg
from storyfold import Store, accounts, fold
from storyfold.account import consolidate
from storyfold.account.render import account_json, account_markdown
from storyfold.accounts import markdown_of, members_key, print_account_json, stored_account
from storyfold.cli import EXIT_USAGE, main
from storyfold.output import result_json, source_namer
from storyfold.pipeline import _refresh_titles
from storyfold.review.corrections import merge_stories, split_story
from storyfold.review.refs import resolve_article, resolve_story
from storyfold.store import _MIGRATIONS, _statements

from .stories.corpus import (
    FERRY_STRIKE,
    FIRST_FOLD,
    MILL_2024_INDEPENDENT,
    MILL_2024_LATER,
    MILL_2024_REWRITE,
    MILL_2024_WIRE,
    write_jsonl,
)

# An EXPLAIN QUERY PLAN line reading a whole table without an index: "SCAN stories",
# "SCAN m" (an alias), but not "SCAN m USING INDEX ..." nor "SCAN CONSTANT ROW".
FULL_SCAN = re.compile(r"^SCAN (?!CONSTANT ROW)\w+$")


@pytest.fixture
def folded(tmp_path) -> tuple[str, list[str]]:
    """A store holding FIRST_FOLD from JSONL and two reports read from plain-text files."""
    texts = tmp_path / "pages"
    texts.mkdir()
    (texts / "later.txt").write_text(MILL_2024_LATER["text"], encoding="utf-8")
    (texts / "ferry.txt").write_text(FERRY_STRIKE["text"] + "\n\nUpdated.", encoding="utf-8")
    db = str(tmp_path / "t.db")
    with Store(db) as store:
        report = fold([str(write_jsonl(tmp_path / "news.jsonl", FIRST_FOLD)), str(texts)], store)
    return db, report.document_ids


def _counts(store: Store) -> dict[str, int]:
    return dict(store.db.execute("SELECT story_id, COUNT(*) FROM story_members GROUP BY story_id"))


def _plans(store: Store, statements: list[str]) -> list[tuple[str, str]]:
    """(statement, plan line) of every full table scan among the read statements."""
    bad = []
    for sql in statements:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        for row in store.db.execute("EXPLAIN QUERY PLAN " + sql):
            if FULL_SCAN.match(row[3]):
                bad.append((sql, row[3]))
    return bad


def test_every_read_query_uses_an_index(folded, tmp_path, monkeypatch):
    db, doc_ids = folded
    with Store(db) as store:
        big = store.story_page(1)[0].id
        seen: list[str] = []
        store.db.set_trace_callback(seen.append)
        store.story_page(20)
        store.story_page(5, 2, "2020-01-01")
        store.story_rows([big])
        story = store.story(big)
        store.articles(story.article_ids)
        store.copies(story.article_ids)
        store.story_log(big)
        stored_account(store, story)  # builds and stores it
        stored_account(store, story)  # reads it
        result_json(store, doc_ids[:3])
        resolve_story(store, big)
        resolve_article(store, MILL_2024_WIRE["id"])
        monkeypatch.chdir(tmp_path)
        resolve_article(store, "pages/later.txt")  # found by file name, compared resolved
        resolve_article(store, str(tmp_path / "pages" / "ferry.txt"))
        _refresh_titles(store, {big})
        store.db.set_trace_callback(None)
        assert len(seen) > 15
        assert _plans(store, seen) == []


def test_the_fold_looks_up_what_it_needs_by_index(folded, tmp_path):
    """A later fold's queries: only the settings table may be read whole."""
    db, _ = folded
    more = write_jsonl(tmp_path / "more.jsonl", [{**MILL_2024_LATER, "id": "later-2"}])
    with Store(db) as store:
        seen: list[str] = []
        store.db.set_trace_callback(seen.append)
        fold([str(more)], store)
        store.db.set_trace_callback(None)
        assert len(seen) > 50
        assert [(q, p) for q, p in _plans(store, seen) if "FROM meta" not in q] == []


def test_stories_pages_in_order_and_filters_by_update(runner, folded):
    db, _ = folded
    out = runner.invoke(main, ["stories", "--db", db, "--json", "--limit", "2"])
    assert out.exit_code == 0
    first = json.loads(out.stdout)
    assert first["schema"] == "storyfold/stories" and len(first["stories"]) == 2
    rest = json.loads(
        runner.invoke(main, ["stories", "--db", db, "--json", "--offset", "2"]).stdout
    )
    rows = first["stories"] + rest["stories"]
    with Store(db) as store:
        counts = _counts(store)
    assert {r["id"]: r["n_articles"] for r in rows} == counts  # every story once, true sizes
    keys = [(-r["n_articles"], r["updated"]) for r in rows]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)  # most covered first
    assert all("account" not in r and "text" not in r for r in rows)
    assert all(r["sources"] for r in rows)
    since = ["stories", "--db", db, "--json", "--since"]
    assert json.loads(runner.invoke(main, [*since, "2999-01-01"]).stdout)["stories"] == []
    assert len(json.loads(runner.invoke(main, [*since, "2000-01-01"]).stdout)["stories"]) == len(
        counts
    )
    bad = runner.invoke(main, [*since, "last week"])
    assert bad.exit_code == EXIT_USAGE and "ISO 8601" in bad.stderr
    table = runner.invoke(main, ["stories", "--db", db, "--limit", "1"]).output
    assert rows[0]["id"] in table and rows[-1]["id"] not in table


def test_story_sizes_follow_merges_splits_and_folds(folded, tmp_path):
    db, _ = folded
    with Store(db) as store:
        assert {r.id: r.n_articles for r in store.story_page(100)} == _counts(store)
        ids = [r.id for r in store.story_page(2)]
        merged = merge_stories(store, ids)
        assert {r.id: r.n_articles for r in store.story_page(100)} == _counts(store)
        split_story(store, merged.survivor, [merged.articles[-1]])
        fold([str(write_jsonl(tmp_path / "m.jsonl", [{**FERRY_STRIKE, "id": "f2"}]))], store)
        assert {r.id: r.n_articles for r in store.story_page(100)} == _counts(store)


def test_accounts_are_stored_and_rebuilt_only_when_members_change(folded, tmp_path, monkeypatch):
    db, _ = folded
    with Store(db) as store:
        sid = store.stories_of([MILL_2024_WIRE["id"] + "#0"])[MILL_2024_WIRE["id"] + "#0"]
        story = store.story(sid)
        assert len(story.article_ids) >= 3
        built = stored_account(store, story)
        assert store.story_account(sid)[0] == members_key(story.article_ids)

        def refuse(*_a, **_k):
            raise AssertionError("the stored account should have been used")

        monkeypatch.setattr(account_pkg, "consolidate", refuse)
        assert stored_account(store, store.story(sid)) == built
        monkeypatch.undo()
        extra = {**MILL_2024_REWRITE, "id": "herald-2", "text": MILL_2024_REWRITE["text"] + " X."}
        fold([str(write_jsonl(tmp_path / "x.jsonl", [extra]))], store)
        grown = store.story(sid)
        assert len(grown.article_ids) == len(story.article_ids) + 1
        rebuilt = stored_account(store, grown)
        assert set(rebuilt["dates"]) == set(grown.article_ids)
        assert store.story_account(sid)[0] == members_key(grown.article_ids)


def test_a_stored_account_prints_as_the_built_one(folded, capsys):
    from storyfold.account import claims
    from storyfold.account.render import print_account

    db, _ = folded
    with Store(db) as store:
        sid = store.stories_of([MILL_2024_WIRE["id"] + "#0"])[MILL_2024_WIRE["id"] + "#0"]
        story = store.story(sid)
        arts = store.articles(story.article_ids)
        docs = {d.id: d for d in store.documents_by_id([a.document_id for a in arts])}
        acc = consolidate(arts, store.copies(story.article_ids))
        name = source_namer(arts, docs)
        stored = stored_account(store, story)
    assert stored == json.loads(json.dumps(account_json(acc, name)))
    md = markdown_of(stored, story.title)
    assert md == account_markdown(acc, story.title, name)
    assert md.startswith(f"# {story.title}\n\n{len(arts)} articles from ")
    assert "## Summary" in md
    print_account(acc, story.title, name)
    built = capsys.readouterr().out
    print_account_json(stored, story.title)
    printed = capsys.readouterr().out
    assert printed == built
    marked = [ln for ln in printed.splitlines() if ln[:2] in ("● ", "◐ ", "○ ")]
    assert len(marked) == len(stored["claims"])  # one status marker per claim
    for section in ("Summary", "Claims"):
        assert f"\n{section}\n" in printed
    assert (accounts.SHARED, accounts.PARTIAL, accounts.UNIQUE) == (
        claims.SHARED,
        claims.PARTIAL,
        claims.UNIQUE,
    )


def test_show_and_fold_json_read_the_stored_account(runner, folded, monkeypatch):
    db, _ = folded
    with Store(db) as store:
        sid = store.story_page(1)[0].id
    first = json.loads(runner.invoke(main, ["show", sid, "--db", db, "--json"]).stdout)

    def refuse(*_a, **_k):
        raise AssertionError("show rebuilt an account that was stored")

    monkeypatch.setattr(account_pkg, "consolidate", refuse)
    again = json.loads(runner.invoke(main, ["show", sid, "--db", db, "--json"]).stdout)
    assert again == first and first["account"]["claims"]
    md = runner.invoke(main, ["show", sid, "--db", db, "--markdown"])
    assert md.exit_code == 0 and md.output.startswith("# ")
    term = runner.invoke(main, ["show", sid, "--db", db])
    assert term.exit_code == 0 and "independent sources" in term.output


def test_fold_summary_lists_only_the_stories_it_touched(runner, folded, tmp_path):
    db, _ = folded
    src = write_jsonl(tmp_path / "one.jsonl", [{**MILL_2024_INDEPENDENT, "id": "indep-2"}])
    out = runner.invoke(main, ["fold", str(src), "--db", db, "--json", "-"])
    data = json.loads(out.stdout)
    assert [d["id"] for d in data["documents"]] == ["indep-2"]
    (story,) = data["stories"]
    assert "indep-2#0" in story["articles"] and story["account"]["claims"]
    with Store(db) as store:
        assert store.story_page(1)[0].n_articles >= len(story["articles"])
        others = {r.id for r in store.story_page(100)} - {story["id"]}
    table = runner.invoke(main, ["fold", str(src), "--db", db]).output
    assert story["id"] in table and not any(o in table for o in others)


def test_a_schema_3_store_gets_story_sizes(tmp_path):
    path = tmp_path / "v3.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    for v in (1, 2, 3):
        for stmt in _statements(_MIGRATIONS[v]):
            db.execute(stmt)
    db.execute("INSERT INTO meta VALUES ('schema_version', '3')")
    db.execute(
        "INSERT INTO documents VALUES ('d','h','text',NULL,NULL,NULL,NULL,NULL,NULL,'t','x')"
    )
    for i in range(3):
        db.execute("INSERT INTO articles VALUES (?, 'd', ?, NULL, 't', NULL, NULL)", (f"d#{i}", i))
    db.execute("INSERT INTO stories VALUES ('s1', 'one', '2024-01-01', '2024-01-02')")
    db.execute("INSERT INTO stories VALUES ('s2', 'two', '2024-01-01', '2024-01-03')")
    for aid, sid in (("d#0", "s1"), ("d#1", "s1"), ("d#2", "s2")):
        db.execute("INSERT INTO story_members VALUES (?, ?, 1, NULL, 0, 'x')", (aid, sid))
    db.close()
    with Store(path) as store:
        assert [(r.id, r.n_articles) for r in store.story_page(10)] == [("s1", 2), ("s2", 1)]
        assert [r.id for r in store.story_page(10, since="2024-01-03")] == ["s2"]
