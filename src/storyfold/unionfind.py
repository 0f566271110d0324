"""Union-find over a parent mapping (dict or list), shared by the stages that group things."""

from __future__ import annotations

from collections.abc import MutableMapping, MutableSequence
from typing import TypeVar

K = TypeVar("K")


def find(parent: MutableMapping[K, K] | MutableSequence[K], x: K) -> K:
    """The representative of ``x``'s set, halving the path on the way."""
    while parent[x] != x:  # type: ignore[index]
        parent[x] = parent[parent[x]]  # type: ignore[index]
        x = parent[x]  # type: ignore[index]
    return x
