"""Union-find over a parent mapping (dict or list), shared by the stages that group things."""

from __future__ import annotations

from collections.abc import MutableMapping, MutableSequence
from typing import TypeVar, cast

K = TypeVar("K")


def find(parent: MutableMapping[K, K] | MutableSequence[K], x: K) -> K:
    """The representative of ``x``'s set, halving the path on the way."""
    # A list is a parent mapping over its indices; one type serves both.
    links = cast("MutableMapping[K, K]", parent)
    while links[x] != x:
        links[x] = links[links[x]]
        x = links[x]
    return x


Key = TypeVar("Key", int, str)
"""An ordered key: the smaller of two representatives becomes the joined set's."""


def union(parent: MutableMapping[Key, Key] | MutableSequence[Key], a: Key, b: Key) -> Key:
    """Join the sets of ``a`` and ``b`` under the smaller representative; returns it."""
    links = cast("MutableMapping[Key, Key]", parent)
    ra, rb = find(parent, a), find(parent, b)
    if ra != rb:
        links[max(ra, rb)] = min(ra, rb)
    return min(ra, rb)
