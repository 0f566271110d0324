"""The consolidated story: one account from every source, with agreement and disagreement.

>>> from storyfold.account import consolidate
>>> acc = consolidate(articles, relations)
>>> acc.claims[0].status, acc.claims[0].independent_sources
>>> [v.kind for v in acc.variants]       # quote, number, date, place/name, wording

Stages: lineage (families of copies and rewrites, who derives from whom),
claim groups (aligned sentences), variants inside claims and across the story
(quotes, figures, dates resolved against publication dates), and an
extractive summary of the best-supported claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..model import REWRITE, Article, CopyRelation
from .claims import PARTIAL, SHARED, UNIQUE, ClaimGroup, build_claims
from .dates import anchor_date
from .lineage import Lineage, LineageEdge, build_lineage
from .one_report import one_report_per_change
from .story_variants import number_variants, quote_variants, resolve_date_variants
from .summary import SummaryItem, build_summary
from .variants import Variant, VariantSide, claim_variants

__all__ = [
    "PARTIAL",
    "SHARED",
    "UNIQUE",
    "Account",
    "ClaimGroup",
    "Lineage",
    "LineageEdge",
    "SummaryItem",
    "Variant",
    "VariantSide",
    "consolidate",
]


@dataclass(slots=True)
class Account:
    """Everything storyfold says about one story, claim by claim."""

    articles: list[str]
    lineage: Lineage
    claims: list[ClaimGroup]
    variants: list[Variant]
    summary: list[SummaryItem]
    unique: list[SummaryItem]
    anchors: dict[str, str | None] = field(default_factory=dict)

    @property
    def independent_sources(self) -> int:
        """How many independent sources (families) the story has."""
        return len(self.lineage.families)


def _anchors(articles: Sequence[Article], lineage: Lineage) -> dict[str, date | None]:
    """Each article's reference date; copies without one borrow their family's."""
    own = {a.id: anchor_date(a.text, a.published) for a in articles}
    out = dict(own)
    for members in lineage.families.values():
        known = next((own[m] for m in members if own.get(m)), None)
        for m in members:
            out[m] = own.get(m) or known
    return out


def consolidate(articles: Sequence[Article], relations: Sequence[CopyRelation]) -> Account:
    """Build the account of a story from its articles and their copy/rewrite relations."""
    lineage = build_lineage(articles, relations)
    claims = build_claims(articles, lineage)
    rewrites = frozenset(e.derived for e in lineage.edges if e.relation == REWRITE)
    pivot = lineage.originals[0] if lineage.originals else None
    variants: list[Variant] = []
    sentences: dict[str, dict[str, str]] = {}
    for c in claims:
        found = claim_variants(c, pivot, rewrites=rewrites)
        c.variants = list(found)
        variants += found
        sentences[c.id] = {s.article: s.text for s in c.sentences}
    anchors = _anchors(articles, lineage)
    resolve_date_variants(variants, sentences, anchors)
    variants += quote_variants(articles)
    variants += number_variants(articles, lineage)
    variants = one_report_per_change(variants)
    reported = {id(v) for v in variants}
    for c in claims:  # a claim lists only the variants the account reports
        c.variants = [v for v in c.variants if id(v) in reported]
    summary, unique = build_summary(claims, lineage)
    return Account(
        articles=[a.id for a in articles],
        lineage=lineage,
        claims=claims,
        variants=variants,
        summary=summary,
        unique=unique,
        anchors={k: (v.isoformat() if v else None) for k, v in anchors.items()},
    )
