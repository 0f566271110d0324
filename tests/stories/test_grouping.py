"""Story grouping through the real fold: a year apart stays apart, rewrites join, ids hold."""

from __future__ import annotations

from storyfold import Store, fold
from storyfold.model import Article, CopyRelation, Document
from storyfold.pipeline import FoldConfig, FoldReport, _story_stage
from storyfold.stories.stage import article_terms

from .corpus import (
    FERRY_STRIKE,
    FIRST_FOLD,
    MILL_2024_INDEPENDENT,
    MILL_2024_LATER,
    MILL_2024_REWRITE,
    MILL_2024_WIRE,
    MILL_2025_OTHER,
    MILL_2025_WIRE,
    write_jsonl,
)


def _story_of(store: Store, record: dict) -> str:
    (doc,) = [d for d in store.documents() if d.title == record["title"]]
    return next(s.id for s in store.stories() if f"{doc.id}#0" in s.article_ids)


def test_same_actors_a_year_apart_stay_apart_and_a_rewrite_joins(tmp_path):
    src = write_jsonl(
        tmp_path / "news.jsonl",
        FIRST_FOLD,
    )
    with Store(tmp_path / "s.db") as store:
        fold([str(src)], store)
        first = _story_of(store, MILL_2024_WIRE)
        assert _story_of(store, MILL_2024_REWRITE) == first  # the rewrite joins
        assert _story_of(store, MILL_2024_INDEPENDENT) == first  # so does an own report
        second = _story_of(store, MILL_2025_WIRE)
        assert second != first  # same mill, chief and mayor, a year later: another story
        assert _story_of(store, MILL_2025_OTHER) == second
        assert _story_of(store, FERRY_STRIKE) not in {first, second}
        assert len(store.stories()) == 3


def test_story_ids_hold_across_folds_and_later_reports_attach(tmp_path):
    one = write_jsonl(tmp_path / "one.jsonl", [MILL_2024_WIRE, MILL_2025_WIRE, FERRY_STRIKE])
    two = write_jsonl(tmp_path / "two.jsonl", [MILL_2024_REWRITE, MILL_2024_LATER, MILL_2025_OTHER])
    with Store(tmp_path / "s.db") as store:
        fold([str(one)], store)
        before = {r["id"]: _story_of(store, r) for r in (MILL_2024_WIRE, MILL_2025_WIRE)}
        ids_before = {s.id for s in store.stories()}
        report = fold([str(two)], store)
        ids_after = {s.id for s in store.stories()}
        assert ids_before <= ids_after  # no id was dropped or renamed
        assert _story_of(store, MILL_2024_WIRE) == before[MILL_2024_WIRE["id"]]
        assert _story_of(store, MILL_2024_REWRITE) == before[MILL_2024_WIRE["id"]]
        assert _story_of(store, MILL_2024_LATER) == before[MILL_2024_WIRE["id"]]
        assert _story_of(store, MILL_2025_OTHER) == before[MILL_2025_WIRE["id"]]
        assert report.stories_new == 0 and report.stories_extended == 3
        log = store.story_log(before[MILL_2024_WIRE["id"]])
        assert [e for _, e, _ in log].count("extended") == 2
        stats = store.story_stats(before[MILL_2024_WIRE["id"]])
        assert stats is not None and stats.profile.n == 3


def _article(aid: str, record: dict) -> Article:
    return Article(aid, aid.split("#")[0], 0, record["text"], record["title"], record["published"])


def test_a_copy_bridging_two_stories_merges_them_visibly(tmp_path):
    """Copies always share a story: one that copies two stories merges them, logged."""
    a = _article("da#0", MILL_2024_WIRE)
    b = _article("db#0", FERRY_STRIKE)
    c = _article("dc#0", MILL_2024_INDEPENDENT)
    cfg, report = FoldConfig(), FoldReport()
    with Store(tmp_path / "s.db") as store:
        for art in (a, b, c):
            store.add_document(Document(art.document_id, art.document_id, "text", art.text))
            store.add_article(art)
        with store.transaction():
            _story_stage([a], article_terms([a]), [], store, cfg, report)
        with store.transaction():
            _story_stage([b], article_terms([b]), [], store, cfg, report)
        older, newer = store.stories_of(["da#0"])["da#0"], store.stories_of(["db#0"])["db#0"]
        assert older != newer
        rels = [CopyRelation("dc#0", "da#0", "near", 0.9, 0.9)]
        rels.append(CopyRelation("dc#0", "db#0", "near", 0.9, 0.9))
        with store.transaction():
            decisions = _story_stage([c], article_terms([c]), rels, store, cfg, report)
        assert decisions[0].story_id == older and decisions[0].merged == [newer]
        assert store.stories_of(["da#0", "db#0", "dc#0"]) == dict.fromkeys(
            ["da#0", "db#0", "dc#0"], older
        )
        assert store.merged_into(newer) == older
        assert {s.id for s in store.stories()} == {older}
        assert any(e == "merged" and newer in d for _, e, d in store.story_log(older))
        assert any(e == "merged" and older in d for _, e, d in store.story_log(newer))


def test_stories_without_a_stored_profile_are_rebuilt_from_their_members(tmp_path):
    """A store grouped before schema 2 has no story profiles: they are rebuilt on use."""
    one = write_jsonl(tmp_path / "one.jsonl", [MILL_2024_WIRE, MILL_2024_INDEPENDENT])
    two = write_jsonl(tmp_path / "two.jsonl", [MILL_2024_REWRITE])
    with Store(tmp_path / "s.db") as store:
        fold([str(one)], store)
        story = _story_of(store, MILL_2024_WIRE)
        kept = store.story_stats(story)
        store.db.execute("DELETE FROM story_stats")
        rebuilt = store.story_stats(story)
        assert rebuilt is not None and kept is not None
        assert rebuilt.profile.n == kept.profile.n == 2
        assert abs(rebuilt.profile.pair_sum - kept.profile.pair_sum) < 1e-4
        assert (rebuilt.first_day, rebuilt.last_day) == (kept.first_day, kept.last_day)
        fold([str(two)], store)
        assert _story_of(store, MILL_2024_REWRITE) == story
