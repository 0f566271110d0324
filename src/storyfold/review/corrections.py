"""User corrections of the stories: merge stories, split articles off, and keep to both.

A correction is applied at once and recorded in the store
(:meth:`~storyfold.store.Store.add_correction`), so later folds respect it:

* **merge**: the members of every named story move to the oldest of them,
  whose id survives (the others are retired and followed to it, as after an
  automatic merge). Grouping never takes a story apart, so a merge stays.
* **split**: the named articles leave their story for a new one, whose id is
  derived from the story and the articles (the same split gives the same id).
  From then on the articles split off and those left behind are never merged
  back together automatically — :func:`apart_stories` gives the story pairs
  grouping must keep apart — while new articles may still join either side.
  A later user merge of the two sides overrides the split.

Both stories' logs record the correction (``merged (user)``, ``split (user)``),
and their grouping profiles are rebuilt from their members.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import UsageError
from ..model import Article
from ..store import Correction, Store
from ..stories.dates import anchor_day, date_lines
from ..stories.features import article_features, years_named
from ..stories.group import StoryConfig, StoryStats, story_id_for
from ..stories.profile import Profile
from ..text import split_sentences
from .refs import resolve_article, resolve_story

MERGE, SPLIT = "merge", "split"
MERGED_EVENT, SPLIT_EVENT = "merged (user)", "split (user)"


@dataclass(slots=True, frozen=True)
class MergeResult:
    """A user merge: ``absorbed`` stories now continue as ``survivor``, which holds ``articles``."""

    survivor: str
    absorbed: list[str]
    articles: list[str]


@dataclass(slots=True, frozen=True)
class SplitResult:
    """A user split: ``moved`` left ``story`` (which keeps ``kept``) for the new ``new_story``."""

    story: str
    new_story: str
    moved: list[str]
    kept: list[str]


def merge_stories(
    store: Store, story_refs: Sequence[str], config: StoryConfig | None = None
) -> MergeResult:
    """Merge the named stories into the oldest of them and record it as a user correction.

    Retired ids are followed to the story that continues them. Raises
    :class:`~storyfold.errors.NotFoundError` for an unknown id and
    :class:`~storyfold.errors.UsageError` when fewer than two stories remain.
    """
    cfg = config or StoryConfig()
    ids = list(dict.fromkeys(resolve_story(store, r) for r in story_refs))
    if len(ids) < 2:
        raise UsageError(
            f"{' '.join(story_refs)}: name at least two different stories to merge "
            "(`storyfold stories` lists them)"
        )
    ranks = {sid: _rank(store, sid) for sid in ids}
    survivor = min(ids, key=lambda s: ranks[s])
    absorbed = [s for s in ids if s != survivor]
    with store.transaction():
        for gone in absorbed:
            moved = store.story(gone).article_ids
            kept = store.story(survivor).article_ids
            seq = store.add_correction(MERGE, survivor, gone, moved, kept)
            store.merge_story(gone, survivor, 1.0, "user")
            store.log(survivor, MERGED_EVENT, f"{gone} (correction {seq})")
            store.log(gone, MERGED_EVENT, f"into {survivor} (correction {seq})")
        _refresh(store, survivor, cfg)
    return MergeResult(survivor, absorbed, store.story(survivor).article_ids)


def split_story(
    store: Store, story_ref: str, article_refs: Sequence[str], config: StoryConfig | None = None
) -> SplitResult:
    """Move the named articles of a story to a new story and keep the two apart from now on.

    Articles may be named by article id, document id, path or URL. Raises
    :class:`~storyfold.errors.NotFoundError` for unknown ids and
    :class:`~storyfold.errors.UsageError` for an article of another story or
    a split that would leave the story empty.
    """
    cfg = config or StoryConfig()
    sid = resolve_story(store, story_ref)
    members = store.story(sid).article_ids
    moved = list(dict.fromkeys(resolve_article(store, r) for r in article_refs))
    if not moved:
        raise UsageError(f"name the articles to split off {sid}")
    where = store.stories_of(moved)
    for aid in moved:
        if where.get(aid) != sid:
            other = f"it is in {where[aid]}" if aid in where else "it is in no story"
            raise UsageError(f"{aid} is not an article of {sid} ({other}); {_hint(sid)}")
    kept = [a for a in members if a not in set(moved)]
    if not kept:
        raise UsageError(
            f"splitting every article off {sid} leaves it empty; name only the articles that "
            "do not belong"
        )
    moved = [a for a in members if a in set(moved)]  # member order
    new = story_id_for(f"{sid}>{'|'.join(sorted(moved))}")
    if store.has_story(new):
        raise UsageError(f"story {new} for this split exists already; merge it instead")
    with store.transaction():
        store.upsert_story(new, _title(store.articles(moved), moved))
        store.move_members(moved, new)
        seq = store.add_correction(SPLIT, sid, new, moved, kept)
        store.log(sid, SPLIT_EVENT, f"{', '.join(moved)} -> {new} (correction {seq})")
        store.log(new, SPLIT_EVENT, f"from {sid}: {', '.join(moved)} (correction {seq})")
        _refresh(store, sid, cfg)
        _refresh(store, new, cfg)
    return SplitResult(sid, new, moved, kept)


def apart_stories(store: Store) -> set[frozenset[str]]:
    """Pairs of current stories that must never merge automatically (user splits).

    Each split keeps the stories now holding the articles it split off apart
    from the stories now holding the articles it left behind; once a user
    merge brings both sides into one story the split no longer constrains.
    """
    out: set[frozenset[str]] = set()
    for c in store.corrections(SPLIT):
        off = set(store.stories_of(c.moved).values())
        left = set(store.stories_of(c.kept).values())
        out.update(frozenset((x, y)) for x in off for y in left if x != y)
    return out


def corrections_touching(
    store: Store, article_ids: Sequence[str], story_ids: Sequence[str]
) -> list[Correction]:
    """The user corrections that moved or kept any of the articles or named any of the stories."""
    arts, stories = set(article_ids), set(story_ids)
    return [
        c
        for c in store.corrections()
        if arts & (set(c.moved) | set(c.kept)) or stories & {c.story_id, c.other_id}
    ]


def describe(c: Correction) -> str:
    """One line saying what a correction did."""
    if c.kind == MERGE:
        return f"#{c.seq} {c.at[:10]}: user merged {c.other_id} into {c.story_id}"
    return (
        f"#{c.seq} {c.at[:10]}: user split {', '.join(c.moved)} off {c.story_id} into {c.other_id}"
    )


def story_stats_of(store: Store, story_id: str, config: StoryConfig) -> StoryStats | None:
    """A story's grouping profile and dated span, rebuilt from its members.

    Members are read as grouping reads them: their stored vectors, the years
    their features name, and their days (publication date, else dateline).
    """
    ids = store.story(story_id).article_ids
    vecs = store.story_vectors(ids)
    prof: Profile | None = None
    days: list[int] = []
    for art in store.articles(ids):
        vec = vecs.get(art.id)
        if vec is None:
            continue
        lines = date_lines(art)
        years = years_named(article_features(art.title, art.text, date_lines=lines))
        one = Profile.of(vec, years)
        prof = one if prof is None else prof.merged(one)
        day = anchor_day(art.published, lines)
        if day is not None:
            days.append(day.toordinal())
    if prof is None:
        return None
    first, last = (min(days), max(days)) if days else (None, None)
    return StoryStats(
        story_id, prof.truncated(config.story_features), first, last, _rank(store, story_id)
    )


def _refresh(store: Store, story_id: str, config: StoryConfig) -> None:
    """Rebuild a story's stored profile and title after its members changed."""
    stats = story_stats_of(store, story_id, config)
    if stats is not None:
        store.save_story_stats(stats)
    ids = store.story(story_id).article_ids
    store.set_story_title(story_id, _title(store.articles(ids), ids))


def _title(arts: list[Article], order: list[str]) -> str:
    """The headline of the earliest member that has one, else its first sentence."""
    by_id = {a.id: a for a in arts}
    ordered = [by_id[i] for i in order if i in by_id]
    for a in ordered:
        if a.title:
            return a.title
    if not ordered:
        return ""
    first = next(iter(split_sentences(ordered[0].text)), ordered[0].text[:120])
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."


def _rank(store: Store, story_id: str) -> int:
    """A story's age rank (lower is older), as grouping uses it to pick a merge's survivor."""
    return store.story_rank(story_id)


def _hint(story_id: str) -> str:
    return f"`storyfold show {story_id} --articles` lists its articles"
