"""Lineage: which article derives from which, and which sources are independent.

Copy relations (exact, near, contained) and rewrites link articles into
families; each family is one independent source however many times it was
republished. Inside a family, edges are directed from the original to the
derived article: a contained text derives from its container; between near or
exact copies the earlier publication, else the text that carries the wire's
dateline, else the fuller text, is the original; a rewrite derives from its
family's original.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import CONTAINED, REWRITE, Article, CopyRelation
from ..stories.group import parse_day
from ..unionfind import find

# "SEOUL:" / "KYIV (Agency) -" / "June 8 (Agency) -": a wire dateline opening the text.
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'-]{2,40}(\([^)]{2,40}\))?\s*[:\u2014\u2013-]\s")
_WIRE_CREDIT = re.compile(r"^[^.]{0,60}\([A-Z][\w ]{1,30}\)\s*[\u2014\u2013-]\s")


@dataclass(slots=True, frozen=True)
class LineageEdge:
    """``derived`` comes from ``source`` by ``relation``; ``reason`` explains the direction."""

    source: str
    derived: str
    relation: str
    reason: str


@dataclass(slots=True)
class Lineage:
    """Families of dependent articles, the directed edges inside them, and their originals."""

    families: dict[str, list[str]] = field(default_factory=dict)  # family id -> article ids
    family_of: dict[str, str] = field(default_factory=dict)
    edges: list[LineageEdge] = field(default_factory=list)
    originals: list[str] = field(default_factory=list)


def has_dateline(text: str) -> bool:
    """Whether a text opens with a wire dateline or credit ("CITY:" or "CITY (Agency) -")."""
    head = text.lstrip()[:120]
    return bool(_DATELINE.match(head) or _WIRE_CREDIT.match(head))


def _order_key(a: Article) -> tuple[int, int, int, str]:
    """Sort key: earlier, then dated by a wire dateline, then longer, then smaller id first."""
    day = parse_day(a.published)
    return (
        day.toordinal() if day else 10**9,
        0 if has_dateline(a.text) else 1,
        -len(a.text.split()),
        a.id,
    )


def _direct(a: Article, b: Article, rel: CopyRelation) -> LineageEdge:
    if rel.relation == CONTAINED:
        # a is the shorter text found inside b
        return LineageEdge(rel.b, rel.a, rel.relation, "contained in the fuller text")
    first, second = sorted((a, b), key=_order_key)
    da, db = parse_day(first.published), parse_day(second.published)
    if da and db and da != db:
        reason = "published earlier"
    elif has_dateline(first.text) != has_dateline(second.text):
        reason = "carries the wire dateline"
    else:
        reason = "fuller text"
    return LineageEdge(first.id, second.id, rel.relation, reason)


def build_lineage(articles: Sequence[Article], relations: Sequence[CopyRelation]) -> Lineage:
    """Families, directed edges and originals of a story's articles."""
    by_id = {a.id: a for a in articles}
    parent = {a.id: a.id for a in articles}

    def root(x: str) -> str:
        return find(parent, x)

    rels = [r for r in relations if r.a in by_id and r.b in by_id]
    for r in rels:
        ra, rb = root(r.a), root(r.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    lineage = Lineage()
    groups: dict[str, list[str]] = {}
    for a in articles:
        groups.setdefault(root(a.id), []).append(a.id)
    copy_edges = [_direct(by_id[r.a], by_id[r.b], r) for r in rels if r.relation != REWRITE]
    has_source = {e.derived for e in copy_edges}
    for members in groups.values():
        ordered = sorted((by_id[m] for m in members), key=_order_key)
        copiers = {e.source for e in copy_edges} | {e.derived for e in copy_edges}
        candidates = [a for a in ordered if a.id not in has_source and a.id in copiers]
        original = (candidates or ordered)[0].id
        fid = f"f{len(lineage.families) + 1}"
        lineage.families[fid] = [a.id for a in ordered]
        for m in members:
            lineage.family_of[m] = fid
        lineage.originals.append(original)
    lineage.edges.extend(copy_edges)
    copied = {e.source for e in copy_edges} | {e.derived for e in copy_edges}
    for r in rels:
        if r.relation != REWRITE:
            continue
        if (r.a in copied) != (r.b in copied):
            derived = r.b if r.a in copied else r.a
        else:
            derived = sorted((by_id[r.a], by_id[r.b]), key=_order_key)[1].id
        if derived in has_source:
            continue
        fam = lineage.family_of[derived]
        source = next(o for o in lineage.originals if lineage.family_of[o] == fam)
        if source == derived:
            source = r.a if derived == r.b else r.b
        lineage.edges.append(LineageEdge(source, derived, REWRITE, "same sentences in other words"))
        has_source.add(derived)
    return lineage
