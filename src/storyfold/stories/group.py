"""Streaming story grouping: each article joins the story it matches best, or starts one.

Similarity is the cosine of TF-IDF vectors over hashed features (title and
lead weighted above the body, names and figures as features of their own),
scaled down when both articles carry publication dates further apart than
``max_days``. Candidates come from an inverted index over each article's top
terms, so an article is compared only with articles that share its most
telling words, never with the whole corpus. Copies (from the copy stage)
always share a story.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import numpy as np
import xxhash

from ..errors import ConfigError

Vector = tuple[np.ndarray, np.ndarray]  # sorted feature indices, l2-normalised weights


@dataclass(slots=True, frozen=True)
class StoryConfig:
    """Thresholds of story grouping (one configuration for every corpus).

    ``threshold``: least cosine similarity for an article to join a story.
    ``top_terms``: how many of an article's heaviest features index it.
    ``min_shared``: top features a candidate must share with the article.
    ``max_postings``: features indexing more articles than this are too common to use.
    ``max_days``/``time_factor``: similarity is multiplied by ``time_factor``
    when two dated articles are more than ``max_days`` apart.
    """

    threshold: float = 0.3
    top_terms: int = 24
    min_shared: int = 2
    max_postings: int = 5000
    max_days: float = 7.0
    time_factor: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigError(f"StoryConfig.threshold must be in (0, 1], got {self.threshold}")
        if self.top_terms < 1 or self.min_shared < 1:
            raise ConfigError(
                f"StoryConfig.top_terms and min_shared must be >= 1, got "
                f"{self.top_terms}, {self.min_shared}"
            )


class StoryIndex(Protocol):
    """Where grouping finds earlier articles: postings, vectors, stories and dates."""

    def candidates(self, features: Iterable[int], max_postings: int) -> dict[str, int]:
        """Articles indexed under any of ``features``, with how many they share."""
        ...

    def vector(self, article_id: str) -> Vector | None:
        """The stored vector of an article."""
        ...

    def story_of(self, article_id: str) -> str | None:
        """The story an article belongs to."""
        ...

    def published(self, article_id: str) -> str | None:
        """An article's publication date, if known."""
        ...

    def add(
        self,
        article_id: str,
        features: list[int],
        vector: Vector,
        story_id: str,
        published: str | None,
    ) -> None:
        """Index an article under its top features and record its story."""
        ...


@dataclass(slots=True)
class MemoryStoryIndex:
    """A :class:`StoryIndex` held in dictionaries."""

    postings: dict[int, list[str]] = field(default_factory=dict)
    vectors: dict[str, Vector] = field(default_factory=dict)
    stories: dict[str, str] = field(default_factory=dict)
    dates: dict[str, str | None] = field(default_factory=dict)

    def candidates(self, features: Iterable[int], max_postings: int) -> dict[str, int]:
        """Articles sharing any of ``features`` (common features skipped), with counts."""
        out: dict[str, int] = {}
        for f in features:
            ids = self.postings.get(f)
            if not ids or len(ids) > max_postings:
                continue
            for a in ids:
                out[a] = out.get(a, 0) + 1
        return out

    def vector(self, article_id: str) -> Vector | None:
        """The vector of an indexed article."""
        return self.vectors.get(article_id)

    def story_of(self, article_id: str) -> str | None:
        """The story of an indexed article."""
        return self.stories.get(article_id)

    def published(self, article_id: str) -> str | None:
        """The date of an indexed article."""
        return self.dates.get(article_id)

    def add(
        self,
        article_id: str,
        features: list[int],
        vector: Vector,
        story_id: str,
        published: str | None,
    ) -> None:
        """Index an article."""
        for f in features:
            self.postings.setdefault(f, []).append(article_id)
        self.vectors[article_id] = vector
        self.stories[article_id] = story_id
        self.dates[article_id] = published


def tfidf(counts: Vector, df: Mapping[int, int], n_docs: int) -> Vector:
    """Sublinear TF times smoothed IDF, l2-normalised."""
    idx, raw = counts
    dfs = np.array([df.get(int(i), 0) for i in idx.tolist()], dtype=np.float64)
    idf = np.log((1.0 + n_docs) / (1.0 + dfs)) + 1.0
    w = (1.0 + np.log(np.maximum(raw.astype(np.float64), 1e-9))) * idf
    norm = float(np.sqrt(np.dot(w, w))) or 1.0
    return idx, (w / norm).astype(np.float32)


def cosine(a: Vector, b: Vector) -> float:
    """Cosine similarity of two l2-normalised sparse vectors."""
    _, ia, ib = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
    if ia.size == 0:
        return 0.0
    return float(np.dot(a[1][ia].astype(np.float64), b[1][ib].astype(np.float64)))


def top_features(vec: Vector, k: int) -> list[int]:
    """The ``k`` heaviest features of a vector."""
    idx, w = vec
    if idx.size <= k:
        return [int(i) for i in idx.tolist()]
    top = np.argpartition(-w, k)[:k]
    return [int(i) for i in idx[top].tolist()]


def parse_day(value: str | None) -> date | None:
    """The calendar day of an ISO date or datetime string, or None."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def time_scale(a: str | None, b: str | None, cfg: StoryConfig) -> float:
    """How much a similarity is kept given two publication dates."""
    da, db = parse_day(a), parse_day(b)
    if da is None or db is None or abs((da - db).days) <= cfg.max_days:
        return 1.0
    return cfg.time_factor


def story_id_for(article_id: str) -> str:
    """The stable id of a story started by an article."""
    return "s" + xxhash.xxh64_hexdigest(article_id.encode("utf-8"))[:12]


@dataclass(slots=True)
class Decision:
    """Where one article went and why: its story, the best match and its score."""

    article_id: str
    story_id: str
    new_story: bool
    best_match: str | None
    score: float
    via_copy: bool = False
    merged: list[str] = field(default_factory=list)


def assign(
    article_id: str,
    vec: Vector,
    published: str | None,
    copy_of: Iterable[str],
    index: StoryIndex,
    cfg: StoryConfig,
) -> Decision:
    """Place one article: with its copies' story, else the best story above threshold."""
    feats = top_features(vec, cfg.top_terms)
    copy_stories = [s for s in (index.story_of(c) for c in copy_of) if s is not None]
    if copy_stories:
        story = copy_stories[0]
        index.add(article_id, feats, vec, story, published)
        merged = sorted(set(copy_stories) - {story})
        return Decision(article_id, story, False, None, 1.0, via_copy=True, merged=merged)
    best_score, best_article = 0.0, None
    for cand, shared in index.candidates(feats, cfg.max_postings).items():
        if shared < cfg.min_shared or cand == article_id:
            continue
        other = index.vector(cand)
        if other is None:
            continue
        score = cosine(vec, other) * time_scale(published, index.published(cand), cfg)
        if score > best_score:
            best_score, best_article = score, cand
    story = index.story_of(best_article) if best_article and best_score >= cfg.threshold else None
    new = story is None
    if story is None:
        story = story_id_for(article_id)
    index.add(article_id, feats, vec, story, published)
    return Decision(article_id, story, new, best_article, round(best_score, 4))


def sort_key(published: str | None, article_id: str) -> tuple[float, str]:
    """Order articles by publication day (undated last), then id, for streaming."""
    d = parse_day(published)
    return (d.toordinal() if d else math.inf, article_id)
