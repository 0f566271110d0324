"""Grouping copies: connected components of copy relations."""

from __future__ import annotations

from collections.abc import Iterable

from storyfold.model import CONTAINED, EXACT, NEAR, CopyRelation

__all__ = ["COPY_KINDS", "copy_groups"]

COPY_KINDS = frozenset({EXACT, NEAR, CONTAINED})
"""Relation kinds that :func:`copy_groups` follows."""


def copy_groups(relations: Iterable[CopyRelation]) -> list[list[str]]:
    """Return the groups of ids linked by ``exact``, ``near`` or ``contained`` relations.

    Groups are connected components (union-find): two ids are in one group when
    a chain of such relations links them. Other relation kinds are ignored.
    Each group is sorted, has at least two ids, and the groups are sorted by
    their first id.
    """
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        """Return the representative of ``x``'s set, halving the path on the way."""
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for relation in relations:
        if relation.relation not in COPY_KINDS:
            continue
        ra, rb = root(relation.a), root(relation.b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            parent[rb] = ra
    members: dict[str, list[str]] = {}
    for x in parent:
        members.setdefault(root(x), []).append(x)
    return sorted(sorted(group) for group in members.values() if len(group) > 1)
