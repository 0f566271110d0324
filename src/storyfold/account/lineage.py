"""Lineage: which article derives from which, and which sources are independent.

Copy relations (exact, near, contained) and rewrites link articles into
families; each family is one independent source however many times it was
republished. Inside a family, edges are directed from the original to the
derived article. The earlier publication is the original; between texts of
one day (or undated), a text whose outlet is the agency its dateline credits
(or whose outlet is unknown) comes before one that credits another outlet
("... (Meridian Wire) -" on an aggregator's page), then a contained text
derives from its container, then the text that carries a wire dateline, then
the fuller text, is the original. A rewrite derives from its family's original.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cmp_to_key

from ..model import CONTAINED, EXACT, REWRITE, Article, CopyRelation
from ..stories.dates import anchor_day, date_lines
from ..unionfind import find, union

# "SEOUL:" / "KYIV (Agency) -" / "June 8 (Agency) -": a wire dateline opening the text.
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'-]{2,40}(\([^)]{2,40}\))?\s*[:\u2014\u2013-]\s")
# "PLACE, Region (Agency) -": the credit of the agency that wrote the text
_WIRE_CREDIT = re.compile(r"^[^.]{0,60}\(([A-Z][\w .&'-]{1,40})\)\s*[:\u2014\u2013-]\s")


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


def credits_other_outlet(a: Article) -> bool:
    """Whether the text's dateline credits an agency other than the article's own outlet
    ("LONDON (Meridian Wire) -" on a page of another site): a republication."""
    if not a.site:
        return False
    m = _WIRE_CREDIT.match(a.text.lstrip()[:120])
    if m is None:
        return False

    def key(name: str) -> str:
        return re.sub(r"\W", "", name).lower()

    credit, site = key(m.group(1)), key(a.site)
    return bool(credit) and credit not in site and site not in credit


@dataclass(slots=True, frozen=True)
class _Order:
    """What decides which of two copies is the original, read once per article."""

    id: str
    day: int | None  # ordinal of its publication date, else its page's dateline
    credits_other: bool
    dateline: bool
    words: int

    @classmethod
    def of(cls, a: Article) -> _Order:
        day = anchor_day(a.published, date_lines(a))
        return cls(
            a.id,
            day.toordinal() if day else None,
            credits_other_outlet(a),
            has_dateline(a.text),
            len(a.text.split()),
        )

    def dated_apart(self, other: _Order) -> bool:
        """Whether both are dated, on different days."""
        return self.day is not None and other.day is not None and self.day != other.day


def _compare(a: _Order, b: _Order) -> int:
    """Negative when ``a`` is the likelier original: published on an earlier day (when
    both are dated), else not crediting another outlet, else carrying a wire dateline,
    else the fuller text, else the smaller id."""
    if a.dated_apart(b):
        return -1 if a.day < b.day else 1  # type: ignore[operator]
    ka = (a.credits_other, not a.dateline, -a.words, a.id)
    kb = (b.credits_other, not b.dateline, -b.words, b.id)
    return -1 if ka < kb else (1 if ka > kb else 0)


_order_key = cmp_to_key(_compare)


def _direct(a: _Order, b: _Order, rel: CopyRelation) -> LineageEdge:
    dated = a.dated_apart(b)
    if rel.relation == CONTAINED:
        # a is the shorter text found inside b; published earlier, it is the original and
        # b a longer later version
        if dated and _compare(a, b) < 0:
            return LineageEdge(rel.a, rel.b, rel.relation, "published earlier")
        return LineageEdge(rel.b, rel.a, rel.relation, "contained in the fuller text")
    first, second = sorted((a, b), key=_order_key)
    if dated:
        reason = "published earlier"
    elif first.credits_other != second.credits_other:
        reason = "its outlet is the agency the dateline credits"
    elif first.dateline != second.dateline:
        reason = "carries the wire dateline"
    elif first.words != second.words:
        reason = "fuller text"
    else:
        reason = "a tie (same day, same length): the first id"
    return LineageEdge(first.id, second.id, rel.relation, reason)


def through_exact_copies(relations: Sequence[CopyRelation]) -> list[CopyRelation]:
    """The relations with each one to a member of an exact-copy group given to every member.

    The store links a new text to one member of a group of identical texts (whichever
    came first), so what a text is to the group must not depend on which member that was.
    """
    parent: dict[str, str] = {}
    for r in relations:
        if r.relation == EXACT:
            for x in (r.a, r.b):
                parent.setdefault(x, x)
            union(parent, r.a, r.b)
    group: dict[str, list[str]] = {}
    for x in parent:
        group.setdefault(find(parent, x), []).append(x)

    def members(x: str) -> list[str]:
        return sorted(group[find(parent, x)]) if x in parent else [x]

    out: dict[tuple[str, str, str], CopyRelation] = {}
    for r in relations:
        if r.relation == EXACT:
            out.setdefault((min(r.a, r.b), max(r.a, r.b), EXACT), r)
            continue
        for a in members(r.a):
            for b in members(r.b):
                if a != b:
                    key = (
                        (a, b, r.relation)
                        if r.relation == CONTAINED
                        else (min(a, b), max(a, b), r.relation)
                    )
                    out.setdefault(key, CopyRelation(a, b, r.relation, r.similarity, r.containment))
    return [out[k] for k in sorted(out)]


def count_families(article_ids: Sequence[str], relations: Sequence[CopyRelation]) -> int:
    """How many independent sources (lineage families) the articles form: what
    :func:`build_lineage` counts, from the relations alone (no text is read)."""
    parent = {a: a for a in article_ids}
    for r in relations:
        if r.a in parent and r.b in parent:
            union(parent, r.a, r.b)
    return len({find(parent, a) for a in parent})


def build_lineage(articles: Sequence[Article], relations: Sequence[CopyRelation]) -> Lineage:
    """Families, directed edges and originals of a story's articles."""
    order = {a.id: _Order.of(a) for a in articles}
    parent = {a.id: a.id for a in articles}
    rels = through_exact_copies([r for r in relations if r.a in order and r.b in order])
    for r in rels:
        union(parent, r.a, r.b)
    lineage = Lineage()
    groups: dict[str, list[str]] = {}
    for a in articles:
        groups.setdefault(find(parent, a.id), []).append(a.id)
    copy_edges = [_direct(order[r.a], order[r.b], r) for r in rels if r.relation != REWRITE]
    has_source = {e.derived for e in copy_edges}
    copied = {e.source for e in copy_edges} | {e.derived for e in copy_edges}
    for members in groups.values():
        ordered = [o.id for o in sorted((order[m] for m in members), key=_order_key)]
        candidates = [m for m in ordered if m not in has_source and m in copied]
        original = (candidates or ordered)[0]
        fid = f"f{len(lineage.families) + 1}"
        lineage.families[fid] = ordered
        for m in members:
            lineage.family_of[m] = fid
        lineage.originals.append(original)
    lineage.edges.extend(copy_edges)
    for r in rels:
        if r.relation != REWRITE:
            continue
        if (r.a in copied) != (r.b in copied):
            derived = r.b if r.a in copied else r.a
        else:
            derived = sorted((order[r.a], order[r.b]), key=_order_key)[1].id
        if derived in has_source:
            continue
        fam = lineage.family_of[derived]
        source = next(o for o in lineage.originals if lineage.family_of[o] == fam)
        if source == derived:
            source = r.a if derived == r.b else r.b
        lineage.edges.append(LineageEdge(source, derived, REWRITE, "same sentences in other words"))
        has_source.add(derived)
    return lineage
