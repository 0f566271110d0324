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
