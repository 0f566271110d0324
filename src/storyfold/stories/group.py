"""Story grouping settings, records and the index grouping reads stories from.

Grouping works batch by batch (see :mod:`storyfold.stories.cluster`): the
articles of a batch are grouped together with the stories already known, by
average link over TF-IDF vectors (title and lead weighted above the body,
names, figures and years as features of their own), under a cohesion test
that keeps two similar events apart, a date veto, and copies always together.
Candidates come from an inverted index over each article's heaviest features,
never from comparing with the whole corpus.

Story ids are stable: a story keeps the id of the article that started it;
when later articles show that two stories are one, the older id survives and
the merge is logged.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import xxhash

from ..errors import ConfigError
from .profile import CohesionTest, Profile
from .sparse import Vector, dot, tfidf, top_features

__all__ = [
    "Decision",
    "MemoryStoryIndex",
    "Merge",
    "StoryConfig",
    "StoryIndex",
    "StoryStats",
    "Vector",
    "cosine",
    "parse_day",
    "sort_key",
    "story_id_for",
    "tfidf",
    "top_features",
]

cosine = dot

SEMANTIC_WEIGHT = 0.1
"""Share of the embedding cosine in an article pair's similarity with ``semantic`` on
(chosen on ECB+ dev; see the README's story evaluation)."""


@dataclass(slots=True, frozen=True)
class StoryConfig:
    """Settings of story grouping (one configuration for every corpus).

    ``threshold``: least average-link similarity (mean cosine over all article
    pairs across two groups) for two groups to be considered for a merge.
    ``pair_threshold``: the least average link of two single articles; groups
    need ``pair_threshold / sqrt(n_a * n_b)`` (but at least ``threshold``), as
    an average over more pairs is firmer evidence than one cosine.
    ``cohesion_ratio``, ``prior_cohesion``, ``prior_pairs``, ``local_weight``,
    ``borrow_cohesion``: the cohesion test every merge must pass as well (see
    :class:`~storyfold.stories.profile.CohesionTest`).
    ``top_terms``: how many of an article's heaviest features index it.
    ``min_shared``: top features a candidate must share with the article.
    ``max_postings``: features indexing more articles than this are too common to use.
    ``recent_postings``: of a feature's articles only the latest this many are
    candidates (bounds the cost per article; stories are local in time).
    ``max_story_candidates``: of the known stories an article's candidates
    belong to, only this many (those sharing most features) are compared.
    ``max_days``/``time_factor``/``far_days``: similarity is multiplied by ``time_factor``
    when the dated articles of two groups lie more than ``max_days`` apart, and once more
    when they lie more than ``far_days`` apart.
    ``veto_days``: two groups whose dated articles lie further apart never merge.
    ``year_share``/``year_min_articles``: two groups never merge when at least
    ``year_share`` of one's articles name a year that none of the other's
    articles (at least ``year_min_articles`` of them) names, nor any later
    year; see :func:`~storyfold.stories.profile.year_conflict`.
    ``story_features``: how many features a story's profile keeps.
    ``near_days``/``near_cohesion_ratio``: groups dated within ``near_days`` of
    each other pass the cohesion test at this milder ratio.
    ``refine_rounds``/``refine_margin``: after merging, batch articles move to a
    linked group whose average link beats their own group's by the margin
    (at most this many rounds, each followed by another merging pass).
    ``semantic``: join sentence embeddings of each article's title and lead into
    its vector (needs the ``semantic`` extra, see :mod:`storyfold.stories.semantic`),
    so cosines become ``(1 - semantic_weight) * lexical + semantic_weight * embedding``.
    """

    threshold: float = 0.1
    pair_threshold: float = 0.22
    cohesion_ratio: float = 0.7
    prior_cohesion: float = 0.05
    prior_pairs: float = 10.0
    local_weight: float = 1.0
    borrow_cohesion: bool = False
    top_terms: int = 24
    min_shared: int = 2
    max_postings: int = 2000
    recent_postings: int = 50
    max_story_candidates: int = 8
    max_days: float = 3.0
    far_days: float = 90.0
    time_factor: float = 0.5
    veto_days: float = 300.0
    year_share: float = 0.75
    year_min_articles: int = 5
    story_features: int = 3000
    refine_rounds: int = 3
    refine_margin: float = 0.02
    near_days: float = 2.0
    near_cohesion_ratio: float = 0.4
    semantic: bool = False
    semantic_weight: float = SEMANTIC_WEIGHT

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigError(f"StoryConfig.threshold must be in (0, 1], got {self.threshold}")
        if self.top_terms < 1 or self.min_shared < 1:
            raise ConfigError(
                f"StoryConfig.top_terms and min_shared must be >= 1, got "
                f"{self.top_terms}, {self.min_shared}"
            )
        if self.cohesion_ratio < 0 or self.prior_pairs < 0 or self.local_weight < 0:
            raise ConfigError(
                "StoryConfig.cohesion_ratio, prior_pairs and local_weight must be >= 0"
            )
        if not 0.0 <= self.year_share <= 1.0 or self.year_min_articles < 1:
            raise ConfigError("StoryConfig.year_share must be in [0, 1] and year_min_articles >= 1")
        if self.max_days < 0 or self.veto_days < self.max_days or self.far_days < self.max_days:
            raise ConfigError(
                f"StoryConfig needs 0 <= max_days <= veto_days, got {self.max_days}, "
                f"{self.veto_days}"
            )
        if self.story_features < self.top_terms:
            raise ConfigError("StoryConfig.story_features must be >= top_terms")
        if not 0.0 <= self.semantic_weight < 1.0:
            raise ConfigError(
                f"StoryConfig.semantic_weight must be in [0, 1), got {self.semantic_weight}"
            )

    def cohesion_at(self, gap: int | None) -> CohesionTest:
        """The cohesion test for two groups ``gap`` days apart (None: a group is undated).

        Groups dated within ``near_days`` of each other need only
        ``near_cohesion_ratio``: similar reports of the same days are rarely
        two events.
        """
        if gap is not None and gap <= self.near_days:
            return dataclasses.replace(self.cohesion, ratio=self.near_cohesion_ratio)
        return self.cohesion

    @property
    def cohesion(self) -> CohesionTest:
        """The cohesion test these settings describe."""
        return CohesionTest(
            self.cohesion_ratio,
            self.prior_cohesion,
            self.prior_pairs,
            self.local_weight,
            self.borrow_cohesion,
        )


@dataclass(slots=True)
class StoryStats:
    """What grouping keeps of a story: its profile, time span and age.

    ``first_day``/``last_day`` are proleptic ordinals of the earliest and latest
    dated member (None when no member is dated); ``rank`` orders stories by
    creation (lower is older) and decides which id survives a merge.
    """

    story_id: str
    profile: Profile
    first_day: int | None = None
    last_day: int | None = None
    rank: float = math.inf


@dataclass(slots=True)
class Decision:
    """Where one article went and why.

    ``best_match`` is the most similar article the index offered that ended up
    in the same story (or, for an article left alone, the most similar one it
    did not join) and ``score`` their cosine; ``via_copy`` says the article
    joined because it copies a member; ``merged`` lists stories folded into
    this article's story while placing its batch.
    """

    article_id: str
    story_id: str
    new_story: bool
    best_match: str | None
    score: float
    via_copy: bool = False
    merged: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class Merge:
    """Two known stories found to be one: ``absorbed`` now continues as ``survivor``."""

    absorbed: str
    survivor: str
    score: float
    reason: str  # "similar" (average link and cohesion) or "copy"


class StoryIndex(Protocol):
    """Where grouping finds earlier articles and stories."""

    def candidates(
        self, features: Iterable[int], max_postings: int, recent: int, min_shared: int = 1
    ) -> dict[str, int]:
        """Articles indexed under at least ``min_shared`` of ``features``, with how many.

        Features indexing more than ``max_postings`` articles are skipped; of the
        others only the ``recent`` latest articles count (news stories are
        local in time, and this keeps the cost per article bounded).
        """
        ...

    def candidate_stories(
        self,
        features: Iterable[int],
        max_postings: int,
        recent: int,
        min_shared: int = 1,
        limit: int | None = None,
    ) -> dict[str, tuple[int, str]]:
        """The known stories of the :meth:`candidates`, each with its best candidate: the
        largest (shared features, article id) among its articles (see
        :func:`best_per_story`); with ``limit``, only that many stories, those whose best
        candidate shares most (ties: the smaller story id)."""
        ...

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The story of each known article."""
        ...

    def stats(self, story_id: str) -> StoryStats | None:
        """A known story's profile and span."""
        ...

    def vector(self, article_id: str) -> Vector | None:
        """The stored vector of an article."""
        ...


def best_per_story(
    shared: Iterable[tuple[str, int, str]], limit: int | None = None
) -> dict[str, tuple[int, str]]:
    """Of (article, shared features, story) rows, each story's largest (shared, article);
    with ``limit``, the ``limit`` stories whose best shares most (ties: smaller story id)."""
    best: dict[str, tuple[int, str]] = {}
    for article, n, story in shared:
        if story not in best or (n, article) > best[story]:
            best[story] = (n, article)
    if limit is not None and len(best) > limit:
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
        best = dict(ranked[:limit])
    return best


@dataclass(slots=True)
class MemoryStoryIndex:
    """A :class:`StoryIndex` held in dictionaries; :meth:`apply` records a batch's outcome."""

    postings: dict[int, list[str]] = field(default_factory=dict)
    vectors: dict[str, Vector] = field(default_factory=dict)
    stories: dict[str, str] = field(default_factory=dict)
    story_stats: dict[str, StoryStats] = field(default_factory=dict)
    merged_into: dict[str, str] = field(default_factory=dict)
    _ranks: int = 0

    def candidates(
        self, features: Iterable[int], max_postings: int, recent: int, min_shared: int = 1
    ) -> dict[str, int]:
        """Latest articles sharing ``min_shared`` of ``features`` (common ones skipped)."""
        out: dict[str, int] = {}
        for f in features:
            ids = self.postings.get(f)
            if not ids or len(ids) > max_postings:
                continue
            for a in ids[-recent:]:
                out[a] = out.get(a, 0) + 1
        return {a: n for a, n in out.items() if n >= min_shared}

    def candidate_stories(
        self,
        features: Iterable[int],
        max_postings: int,
        recent: int,
        min_shared: int = 1,
        limit: int | None = None,
    ) -> dict[str, tuple[int, str]]:
        """Each story of the candidates with its best one (see :func:`best_per_story`)."""
        found = self.candidates(features, max_postings, recent, min_shared)
        return best_per_story(
            ((a, found[a], self.stories[a]) for a in sorted(found) if a in self.stories), limit
        )

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The story of each indexed article."""
        return {a: self.stories[a] for a in article_ids if a in self.stories}

    def stats(self, story_id: str) -> StoryStats | None:
        """A story's stats."""
        return self.story_stats.get(story_id)

    def vector(self, article_id: str) -> Vector | None:
        """The vector of an indexed article."""
        return self.vectors.get(article_id)

    def apply(
        self,
        decisions: list[Decision],
        merges: list[Merge],
        stats: dict[str, StoryStats],
        vectors: dict[str, Vector],
        top_terms: int,
    ) -> None:
        """Record a batch's placements, merges and story stats."""
        for m in merges:
            self.merged_into[m.absorbed] = m.survivor
            self.story_stats.pop(m.absorbed, None)
            for a, s in self.stories.items():
                if s == m.absorbed:
                    self.stories[a] = m.survivor
        for d in decisions:
            vec = vectors[d.article_id]
            for f in top_features(vec, top_terms):
                self.postings.setdefault(f, []).append(d.article_id)
            self.vectors[d.article_id] = vec
            self.stories[d.article_id] = d.story_id
        for sid, st in stats.items():
            if sid not in self.story_stats:
                self._ranks += 1
                st.rank = self._ranks
            else:
                st.rank = self.story_stats[sid].rank
            self.story_stats[sid] = st


def parse_day(value: str | None) -> date | None:
    """The calendar day of an ISO date or datetime string, or None."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def story_id_for(article_id: str) -> str:
    """The stable id of a story started by an article."""
    return "s" + xxhash.xxh64_hexdigest(article_id.encode("utf-8"))[:12]


def sort_key(published: str | None, article_id: str) -> tuple[float, str]:
    """Order articles by publication day (undated last), then id, for streaming."""
    d = parse_day(published)
    return (d.toordinal() if d else math.inf, article_id)
