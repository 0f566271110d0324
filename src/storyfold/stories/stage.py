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

from ..align.features import prepare
from ..model import CONTAINED, Article, CopyRelation
from ..text import split_sentences
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


TEMPLATE_MIN_SPECIFICS = 3
"""A contained text naming fewer names and figures than this is judged on its wording alone."""
TEMPLATE_MAX_MISSING = 0.5
"""Largest share of a contained text's names and figures its container may lack for the
two to be one story's copies (see :func:`joining_copies`)."""
MIN_JOINING_WORDS = 25
"""Fewest words the shorter text of a copy relation needs for the relation to join two
stories: a notice, a caption or a headline repeated on pages of one site is no article."""


def specifics(text: str) -> frozenset[str]:
    """The names and figures a text states (capitalised words inside sentences, numbers)."""
    out: set[str] = set()
    for sentence in split_sentences(text):
        p = prepare(sentence)
        out |= p.names | p.numbers
    return frozenset(out)


def joining_copies(
    relations: Iterable[CopyRelation], texts: Mapping[str, str]
) -> list[CopyRelation]:
    """The copy relations that may put an article into its copy's story.

    A cut-down copy of a report keeps its names and figures; a report of
    another event written from the same template ("The library in X, designed
    by Y, won an award") shares most of its wording but few of its specifics.
    So a ``contained`` relation whose shorter text names at least
    :data:`TEMPLATE_MIN_SPECIFICS` names and figures, over
    :data:`TEMPLATE_MAX_MISSING` of them absent from its container, joins no
    story (it stays a copy relation; the article is placed by its similarity
    like any other). Nor does any relation whose shorter text has fewer than
    :data:`MIN_JOINING_WORDS` words: a copied line of furniture is no copied article.
    ``texts`` holds the texts of the relations' articles.
    """
    known: dict[str, frozenset[str]] = {}

    def of(article_id: str) -> frozenset[str]:  # a wire story contains many copies: once each
        if article_id not in known:
            known[article_id] = specifics(texts[article_id])
        return known[article_id]

    out = []
    for rel in relations:
        if rel.a in texts and rel.b in texts and _shorter_words(texts, rel) < MIN_JOINING_WORDS:
            continue
        if rel.relation == CONTAINED and rel.a in texts and rel.b in texts:
            mine = of(rel.a)
            if len(mine) >= TEMPLATE_MIN_SPECIFICS:
                missing = len(mine - of(rel.b)) / len(mine)
                if missing > TEMPLATE_MAX_MISSING:
                    continue
        out.append(rel)
    return out


def _shorter_words(texts: Mapping[str, str], rel: CopyRelation) -> int:
    """Words of the shorter text of a relation (the contained one, or either copy)."""
    return min(len(texts[rel.a].split()), len(texts[rel.b].split()))


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
