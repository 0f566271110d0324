"""The story stage of a fold, as pure functions over a batch of articles.

1. :func:`article_terms` (per article, parallelisable): each article's day,
   hashed feature counts and the years it names;
2. the runner counts the features' document frequencies (the store keeps them);
3. :func:`batch_items` turns terms, frequencies and copy relations into the
   weighted :class:`~storyfold.stories.cluster.BatchItem` records that
   :func:`~storyfold.stories.cluster.group_batch` places into stories.

Nothing here reads or writes the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Article, CopyRelation
from . import semantic
from .cluster import BatchItem
from .dates import anchor_day, date_lines
from .features import article_features, hashed, years_named
from .group import sort_key
from .sparse import Vector, tfidf

__all__ = ["ArticleTerms", "article_terms", "batch_items", "features_of", "story_order"]


@dataclass(slots=True, frozen=True)
class ArticleTerms:
    """What grouping needs of one article: its hashed feature counts, day and years."""

    article_id: str
    counts: Vector
    day: int | None
    years: frozenset[int]

    def features(self) -> list[int]:
        """The article's hashed feature ids."""
        return [int(i) for i in self.counts[0].tolist()]


def story_order(articles: Iterable[Article]) -> list[Article]:
    """Articles in the order grouping places them: by publication day (undated last), then id."""
    return sorted(articles, key=lambda a: sort_key(a.published, a.id))


def article_terms(articles: Sequence[Article]) -> list[ArticleTerms]:
    """Each article's :class:`ArticleTerms`, in order.

    An article is dated by its publication date, else its page's dateline (see
    :func:`~storyfold.stories.dates.date_lines`).
    """
    out: list[ArticleTerms] = []
    for art in articles:
        lines = date_lines(art)
        bag = article_features(art.title, art.text, date_lines=lines)
        day = anchor_day(art.published, lines)
        out.append(
            ArticleTerms(
                art.id,
                hashed(bag),
                day.toordinal() if day else None,
                frozenset(years_named(bag)),
            )
        )
    return out


def batch_items(
    terms: Sequence[ArticleTerms],
    relations: Iterable[CopyRelation],
    doc_freq: Mapping[int, int],
    n_docs: int,
    embeddings: Mapping[str, np.ndarray] | None = None,
    semantic_weight: float = 0.0,
) -> list[BatchItem]:
    """The batch's articles as weighted vectors with their days, copies and years.

    ``doc_freq`` maps each feature to the number of articles holding it (this
    batch's included) among ``n_docs``. ``embeddings``, when given, holds each
    article's sentence embedding, joined into its vector with
    ``semantic_weight`` (see :func:`storyfold.stories.semantic.join`).
    """
    copy_of: dict[str, set[str]] = {}
    for rel in relations:
        copy_of.setdefault(rel.a, set()).add(rel.b)
        copy_of.setdefault(rel.b, set()).add(rel.a)
    items: list[BatchItem] = []
    for t in terms:
        vec = tfidf(t.counts, doc_freq, n_docs)
        if embeddings is not None:
            vec = semantic.join(vec, embeddings[t.article_id], semantic_weight)
        items.append(
            BatchItem(t.article_id, vec, t.day, frozenset(copy_of.get(t.article_id, ())), t.years)
        )
    return items


def features_of(terms: Sequence[ArticleTerms]) -> list[int]:
    """The distinct features of a batch, sorted."""
    if not terms:
        return []
    return np.unique(np.concatenate([t.counts[0] for t in terms])).tolist()
