"""Copy groups for data pipelines: which documents are copies of which, one representative each.

Runs the fold's first stages (ingest, cleaning, copies, rewrites) without
story grouping, then turns the copy relations of each document's main article
into groups. A group's representative is its fullest member (most words; the
earliest, then the smallest id, on ties); every other member carries its
relation to the representative: ``exact``, ``near`` or ``contained`` (copies
of the representative's text, directly or through a chain of copies), or
``rewrite`` (the same sentences in other words).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .copies import compare, copy_groups
from .model import CONTAINED, EXACT, NEAR, REWRITE, CopyRelation
from .pipeline import FoldConfig, FoldReport, fold, public_name
from .store import Store


@dataclass(slots=True)
class GroupMember:
    """One document of a copy group and its relation to the group's representative."""

    id: str
    relation: str  # "representative" | "exact" | "near" | "contained" | "rewrite"
    similarity: float
    containment: float


@dataclass(slots=True)
class CopyGroup:
    """Documents whose main articles are copies (or rewrites) of one text."""

    group: str
    members: list[GroupMember] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """The group as one JSONL record."""
        return {
            "group": self.group,
            "members": [
                {
                    "id": m.id,
                    "relation": m.relation,
                    "similarity": m.similarity,
                    "containment": m.containment,
                }
                for m in self.members
            ],
        }


@dataclass(slots=True)
class DedupResult:
    """Copy groups, the representatives to keep (one per group plus every singleton)."""

    groups: list[CopyGroup]
    keep: list[str]
    report: FoldReport


def dedup(
    paths: Iterable[str],
    store: Store | None = None,
    config: FoldConfig | None = None,
    *,
    rewrites: bool = True,
) -> DedupResult:
    """Find copy groups among the documents under ``paths``.

    With a ``store`` the fingerprints persist, so a later call finds copies of
    earlier documents without rebuilding; without one an in-memory store is used.
    """
    own = store is None
    st = store or Store(":memory:")
    try:
        report = fold(paths, st, config, group_stories=False)
        names = public_ids(st)
        groups = groups_for(st, report.document_ids, rewrites=rewrites, names=names)
        groups = add_same_content(groups, report.same_content, names)
    finally:
        if own:
            st.close()
    grouped = {m.id for g in groups for m in g.members}
    keep = [g.members[0].id for g in groups]
    for d in dict.fromkeys(report.document_ids):
        name = names.get(d, d)
        if name not in grouped:
            keep.append(name)
    return DedupResult(groups, keep, report)


def public_ids(store: Store) -> dict[str, str]:
    """How documents are named in dedup output: a JSONL record's id, else the file path."""
    return {d.id: public_name(d) for d in store.documents()}


def add_same_content(
    groups: list[CopyGroup], same_content: list[tuple[str, str]], names: dict[str, str]
) -> list[CopyGroup]:
    """Add inputs whose bytes equal a stored document's to that document's group.

    The fold stores such an input once; in dedup output it is an ``exact`` copy
    (or, when its twin is a non-representative member, it has the twin's
    relation to the representative). A twin in no group starts one.
    """
    by_name = {m.id: (g, m) for g in groups for m in g.members}
    out = list(groups)
    for alias, doc_id in same_content:
        twin = names.get(doc_id, doc_id)
        if alias == twin or alias in by_name:
            continue
        if twin not in by_name:
            group = CopyGroup(twin, [GroupMember(twin, "representative", 1.0, 1.0)])
            out.append(group)
            by_name[twin] = (group, group.members[0])
        group, member = by_name[twin]
        if member.relation == "representative":
            added = GroupMember(alias, EXACT, 1.0, 1.0)
        else:
            added = GroupMember(alias, member.relation, member.similarity, member.containment)
        group.members.append(added)
        by_name[alias] = (group, added)
    return sorted(out, key=lambda g: g.group)


def groups_for(
    store: Store,
    document_ids: list[str],
    *,
    rewrites: bool = True,
    names: dict[str, str] | None = None,
) -> list[CopyGroup]:
    """Copy groups among the main articles of the given documents (and what they copy)."""
    names = names if names is not None else public_ids(store)
    wanted = {f"{d}#0" for d in document_ids}
    rels = [r for r in store.copies(sorted(wanted)) if r.a.endswith("#0") and r.b.endswith("#0")]
    copy_rels = [r for r in rels if r.relation in (EXACT, NEAR, CONTAINED)]
    components = copy_groups(copy_rels)
    in_group = {a: i for i, g in enumerate(components) for a in g}
    rewrite_of: dict[int, list[CopyRelation]] = {}
    if rewrites:
        for r in rels:
            if r.relation != REWRITE:
                continue
            for x, y in ((r.a, r.b), (r.b, r.a)):
                if y in in_group and x not in in_group:
                    rewrite_of.setdefault(in_group[y], []).append(r)
                    in_group[x] = in_group[y]
                    components[in_group[y]].append(x)
                    break
            else:
                if r.a not in in_group and r.b not in in_group:
                    in_group[r.a] = in_group[r.b] = len(components)
                    components.append([r.a, r.b])
                    rewrite_of.setdefault(in_group[r.a], []).append(r)
    groups = [_group(store, comp, rels, names) for comp in components]
    return sorted((g for g in groups if len(g.members) > 1), key=lambda g: g.group)


def _group(
    store: Store, members: list[str], rels: list[CopyRelation], names: dict[str, str]
) -> CopyGroup:
    def name(article_id: str) -> str:
        doc = article_id.rsplit("#", 1)[0]
        return names.get(doc, doc)

    fps = {a: store.fingerprint(a) for a in members}
    dates = {a.id: a.published for a in store.articles(members)}
    copies = [a for a in members if _has_copy(a, members, rels)]
    rep = min(
        copies or members,
        key=lambda a: (-(fps[a].n_tokens if fps[a] else 0), dates.get(a) or "9999", a),
    )
    out = [GroupMember(name(rep), "representative", 1.0, 1.0)]
    for a in sorted(m for m in members if m != rep):
        fa, fr = fps[a], fps[rep]
        if a not in copies:
            mine = [r for r in rels if r.relation == REWRITE and a in (r.a, r.b)]
            direct = [r.similarity for r in mine if rep in (r.a, r.b)]
            cov = direct[0] if direct else max((r.similarity for r in mine), default=0.0)
            out.append(GroupMember(name(a), REWRITE, cov, 0.0))
            continue
        if fa is None or fr is None:
            continue
        jac, a_in_r, _ = compare(fa, fr)
        if fa.norm_hash == fr.norm_hash:
            rel = EXACT
        elif a_in_r >= 0.5 and a_in_r > jac + 0.1:
            rel = CONTAINED
        else:
            rel = NEAR
        out.append(GroupMember(name(a), rel, round(jac, 4), round(a_in_r, 4)))
    return CopyGroup(name(rep), out)


def _has_copy(a: str, members: list[str], rels: list[CopyRelation]) -> bool:
    """Whether an article is a shingle copy (exact, near, contained) of another member."""
    return any(
        r.relation != REWRITE and a in (r.a, r.b) and r.a in members and r.b in members
        for r in rels
    )
