"""Disjoint groups (union-find), shared by the stages that link items pair by pair.

Written here rather than taken from ``scipy.cluster.hierarchy.DisjointSet``: importing that
module costs about 0.37 s, which every ``storyline compare`` would pay for a few links.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class Groups(Generic[T]):
    """Items in groups, each item alone at first; ``link`` joins two groups."""

    def __init__(self, items: Iterable[T]) -> None:
        self._parent: dict[T, T] = {item: item for item in items}

    def __getitem__(self, item: T) -> T:
        """The item that stands for ``item``'s group (KeyError for an item never given)."""
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving keeps later look-ups short
            item = parent[item]
        return item

    def link(self, a: T, b: T) -> bool:
        """Join the groups of ``a`` and ``b``; True when they were apart. ``a``'s stands for both."""
        root_a, root_b = self[a], self[b]
        if root_a == root_b:
            return False
        self._parent[root_b] = root_a
        return True
