"""Why two stored articles are, or are not, in one story.

:func:`explain_pair` gathers what grouping weighs (see
:mod:`storyfold.stories.cluster`): the two articles' cosine against the
thresholds, the features behind it (terms, names, figures, years), their days
and the time rules, a copy or rewrite relation (copies always share a story),
for two stories the tests a merge of the stories must pass, and the user
corrections that touch them; then it says in one line which of these decided.
It only reads the store.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import NotFoundError
from ..model import Article
from ..store import Store
from ..stories.cluster import link_bar, span_gap, timed_link
from ..stories.dates import anchor_day, date_lines
from ..stories.features import article_features, feature_hash, hashed
from ..stories.group import StoryConfig, parse_day
from ..stories.profile import cohesive, year_conflict
from ..stories.sparse import Vector, dot, tfidf
from .corrections import MERGE, SPLIT, apart_stories, corrections_touching, describe
from .refs import resolve_article

SCHEMA = "storyfold/why"
SCHEMA_VERSION = "1.0"
KINDS = {"E:": "names", "N:": "figures", "Y:": "years"}
"""Feature prefixes of :func:`~storyfold.stories.features.article_features` by kind."""


@dataclass(slots=True)
class ArticleFacts:
    """One side of the pair: the article, its story, its day and how it joined."""

    id: str
    title: str | None
    story: str | None
    story_title: str | None
    story_size: int
    day: str | None  # ISO date grouping dates the article by
    dated_by: str | None  # "published", "dateline" or None (undated)
    joined: str | None  # how it joined its story, as the fold recorded it


@dataclass(slots=True)
class SharedFeature:
    """A feature both articles carry and its share of their cosine."""

    feature: str
    weight: float


@dataclass(slots=True)
class StoryLink:
    """How the two stories fare against the tests a merge of them must pass."""

    link: float  # average link of the two stories (time factor applied)
    needed: float  # the average link they would need
    cohesion_ratio: float
    cohesion_needed: float
    cohesive: bool
    gap_days: int | None  # between their dated spans
    year_conflict: bool
    kept_apart: bool  # a user split keeps them apart


@dataclass(slots=True)
class Explanation:
    """Why two articles are or are not in one story; :meth:`as_dict` for JSON."""

    a: ArticleFacts
    b: ArticleFacts
    same_story: bool
    verdict: str
    cosine: float
    effective: float  # the cosine after the time factor
    pair_threshold: float
    threshold: float
    gap_days: int | None
    max_days: float
    time_factor: float
    veto_days: float
    shared: dict[str, list[SharedFeature]] = field(default_factory=dict)
    copy: dict[str, Any] | None = None
    stories: StoryLink | None = None
    corrections: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The explanation in the ``storyfold/why`` JSON schema (docs/json-schema.md)."""
        out = asdict(self)
        return {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, **out}


def explain_pair(
    store: Store, a: str, b: str, config: StoryConfig | None = None, top: int = 10
) -> Explanation:
    """Explain why articles ``a`` and ``b`` (ids, document ids, paths or URLs) share a story or not.

    ``top`` bounds how many shared terms and names are listed. Raises
    :class:`~storyfold.errors.NotFoundError` naming an id that is not stored.
    """
    cfg = config or StoryConfig()
    ida, idb = resolve_article(store, a), resolve_article(store, b)
    arts = {x.id: x for x in store.articles([ida, idb])}
    art_a, art_b = arts[ida], arts[idb]
    bags = {
        x.id: article_features(x.title, x.text, date_lines=date_lines(x)) for x in arts.values()
    }
    vec_a, vec_b = _vector(store, art_a, bags[ida]), _vector(store, art_b, bags[idb])
    facts_a, facts_b = _facts(store, art_a), _facts(store, art_b)
    cos = dot(vec_a, vec_b)
    gap = _gap(facts_a.day, facts_b.day)
    effective = cos * cfg.time_factor if gap is not None and gap > cfg.max_days else cos
    rel = [r for r in store.copies([ida]) if {r.a, r.b} == {ida, idb}]
    sa, sb = facts_a.story, facts_b.story
    same = sa is not None and sa == sb
    story_ids = [s for s in (sa, sb) if s]
    touching = corrections_touching(store, [ida, idb], story_ids)
    link = _story_link(store, sa, sb, cfg) if sa and sb and not same else None
    out = Explanation(
        facts_a,
        facts_b,
        same,
        "",
        round(cos, 4),
        round(effective, 4),
        cfg.pair_threshold,
        cfg.threshold,
        gap,
        cfg.max_days,
        cfg.time_factor,
        cfg.veto_days,
        _shared(bags[ida], bags[idb], vec_a, vec_b, top),
        {k: getattr(rel[0], k) for k in rel[0].__slots__} if rel else None,
        link,
        [describe(c) for c in touching],
    )
    joined_by_user = any(
        c.kind == MERGE and {ida, idb} <= set(c.moved) | set(c.kept) for c in touching
    )
    split_by_user = any(
        c.kind == SPLIT
        and ((ida in c.moved and idb in c.kept) or (idb in c.moved and ida in c.kept))
        for c in touching
    )
    out.verdict = _verdict(out, cfg, joined_by_user, split_by_user)
    return out


def _verdict(e: Explanation, cfg: StoryConfig, joined: bool, split: bool) -> str:
    """The one line saying which rule decided."""
    bar = max(cfg.threshold, cfg.pair_threshold)
    on_own = f"cosine {e.cosine:.2f}"
    if e.effective != e.cosine:
        on_own += f", counted {e.effective:.2f} as {e.gap_days} days apart"
    if e.same_story:
        where = f"same story {e.a.story}"
        if joined:
            return f"{where}: a user merge joined their stories"
        if e.copy:
            return f"{where}: one is a {e.copy['relation']} copy of the other (copies always join)"
        if e.effective >= bar:
            return f"{where}: similar enough on their own ({on_own} >= {bar:.2f})"
        return f"{where}, joined through other members ({on_own} < {bar:.2f} on their own)"
    missing = [f.id for f in (e.a, e.b) if f.story is None]
    if missing:
        return f"not both grouped: {', '.join(missing)} is in no story (fold it with grouping)"
    link = e.stories
    assert link is not None
    if link.kept_apart:
        how = "split them apart" if split else "split their stories apart"
        return f"different stories: a user {how}, and folds keep to it"
    gaps = [g for g in (e.gap_days, link.gap_days) if g is not None]
    if gaps and max(gaps) > cfg.veto_days:
        return (
            f"different stories: dated {max(gaps)} days apart, beyond the "
            f"{cfg.veto_days:g}-day limit of one story"
        )
    if link.year_conflict:
        return "different stories: one story is set in a later year than the other ever names"
    if e.effective < bar:
        return f"different stories: not similar enough ({on_own} < {bar:.2f})"
    if link.link < link.needed:
        return (
            f"different stories: the articles are similar ({on_own}) but their stories are not "
            f"(average link {link.link:.3f} < {link.needed:.3f})"
        )
    if not link.cohesive:
        return (
            f"different stories: similar ({on_own}), but the stories fail the cohesion test "
            f"(ratio {link.cohesion_ratio:.2f} < {link.cohesion_needed:.2f}): "
            "likely two similar events"
        )
    return (
        f"different stories, though they now pass every test ({on_own}); a later fold that "
        "links them may merge them"
    )


def _facts(store: Store, art: Article) -> ArticleFacts:
    row = store.membership(art.id)
    lines = date_lines(art)
    day = anchor_day(art.published, lines)
    dated_by = None if day is None else ("published" if parse_day(art.published) else "dateline")
    if row is None:
        return ArticleFacts(art.id, art.title, None, None, 0, _iso(day), dated_by, None)
    sid, title, match, score, via_copy = row
    size = store.story_size(sid)
    match_story = store.stories_of([match]).get(match) if match else None
    if via_copy:
        joined = "as a copy of a member"
    elif match is None:
        joined = "no similar article was offered"
    elif match_story == sid:
        joined = f"best match {match}, cosine {score:.2f}"
    else:
        joined = f"nearest article {match} (cosine {score:.2f}) is in another story"
    return ArticleFacts(art.id, art.title, sid, title, size, _iso(day), dated_by, joined)


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _gap(a: str | None, b: str | None) -> int | None:
    da, db = parse_day(a), parse_day(b)
    if da is None or db is None:
        return None
    return abs(da.toordinal() - db.toordinal())


def _vector(store: Store, art: Article, bag: Counter[str]) -> Vector:
    """The article's stored story vector (as grouping used it), else one made now."""
    stored = store.story_vector(art.id)
    if stored is not None:
        return stored
    counts = hashed(bag)
    df = store.term_df([int(i) for i in counts[0].tolist()])
    return tfidf(counts, df, max(store.n_articles(), 1))


def _shared(
    bag_a: Counter[str], bag_b: Counter[str], vec_a: Vector, vec_b: Vector, top: int
) -> dict[str, list[SharedFeature]]:
    """Features both bags hold, by kind, with their share of the cosine, heaviest first."""
    wa, wb = _weights(vec_a), _weights(vec_b)
    found: dict[str, list[SharedFeature]] = {"terms": [], "names": [], "figures": [], "years": []}
    for f in sorted(set(bag_a) & set(bag_b)):
        h = feature_hash(f)
        weight = wa.get(h, 0.0) * wb.get(h, 0.0)
        kind = KINDS.get(f[:2], "terms")
        name = f[2:] if kind != "terms" else f
        found[kind].append(SharedFeature(name, round(weight, 4)))
    for kind, feats in found.items():
        feats.sort(key=lambda s: (-s.weight, s.feature))
        if kind in ("terms", "names"):
            del feats[top:]
    return found


def _weights(vec: Vector) -> dict[int, float]:
    return dict(zip(vec[0].tolist(), vec[1].tolist(), strict=True))


def _story_link(store: Store, sa: str, sb: str, cfg: StoryConfig) -> StoryLink:
    """The tests a merge of two known stories must pass (those of :mod:`.cluster`)."""
    st_a, st_b = store.story_stats(sa), store.story_stats(sb)
    if st_a is None or st_b is None:
        raise NotFoundError(f"story {sa if st_a is None else sb} has no grouping profile")
    pa, pb = st_a.profile, st_b.profile
    fa, fb = st_a.first_day, st_b.first_day
    gap = span_gap(fa, st_a.last_day, fb, st_b.last_day)
    link = timed_link(pa, pb, gap, cfg)
    needed = link_bar(pa, pb, cfg)
    test = cfg.cohesion_at(gap)
    ok, ratio = cohesive(pa, pb, test)
    return StoryLink(
        round(link, 4),
        round(needed, 4),
        round(ratio, 4),
        test.ratio,
        ok,
        gap,
        year_conflict(pa, pb, cfg.year_share, cfg.year_min_articles, (fa, fb)),
        frozenset((sa, sb)) in apart_stories(store),
    )
