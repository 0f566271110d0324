"""The extractive summary: best-supported claims first, then what only one source reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .claims import ClaimGroup
from .lineage import Lineage


@dataclass(slots=True, frozen=True)
class SummaryItem:
    """One summary sentence, the claim it stands for and who supports it."""

    text: str
    claim: str
    articles: tuple[str, ...]
    independent_sources: int


def _sentence_for(group: ClaimGroup, lineage: Lineage) -> str:
    """The claim as its earliest original tells it (else its first sentence)."""
    for orig in lineage.originals:
        for s in group.sentences:
            if s.article == orig:
                return s.text
    return group.sentences[0].text


def build_summary(
    claims: Sequence[ClaimGroup],
    lineage: Lineage,
    *,
    max_items: int = 8,
    max_unique: int = 6,
) -> tuple[list[SummaryItem], list[SummaryItem]]:
    """Summary items (most independent sources, then most articles, in story order) and
    the claims that a single source alone reports (outside the main family)."""
    order = {c.id: n for n, c in enumerate(claims)}
    ranked = sorted(
        (c for c in claims if len(c.sentences[0].text.split()) >= 6),
        key=lambda c: (-c.independent_sources, -len(c.articles), order[c.id]),
    )
    chosen = sorted(ranked[:max_items], key=lambda c: order[c.id])
    items = [_item(c, lineage) for c in chosen]
    main_family = lineage.family_of.get(lineage.originals[0]) if lineage.originals else None
    unique = [
        c
        for c in claims
        if c.independent_sources == 1
        and len(lineage.families) > 1
        and c.families[0] != main_family
        and len(c.sentences[0].text.split()) >= 6
    ]
    return items, [_item(c, lineage) for c in unique[:max_unique]]


def _item(c: ClaimGroup, lineage: Lineage) -> SummaryItem:
    return SummaryItem(_sentence_for(c, lineage), c.id, tuple(c.articles), c.independent_sources)
