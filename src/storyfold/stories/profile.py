"""Group profiles: what a story (or a group forming in a batch) keeps of its articles.

A profile holds, per feature, the sum of its articles' l2-normalised weights
(``s``), the sum of their squares (``q``) and how many articles carry the
feature (``c``), with the article count ``n`` and the sum of cosines over
article pairs (``pair_sum``). From these alone:

* the average link of two groups (mean cosine over all cross pairs) is
  ``s_a . s_b / (n_a n_b)`` — no member-by-member comparison;
* a group's cohesion (mean cosine over its own pairs) is ``pair_sum / pairs``;
* both can be recomputed under *local* feature weights that discount what the
  two groups' articles all share (see :func:`cohesive`), which tells two
  similar events with the same kind of actors apart: once the words every
  article of both groups uses are discounted, articles of one event still
  resemble each other (same people, places, days), articles of two events
  no longer do.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .sparse import Vector, overlap, truncation_keys


@dataclass(slots=True)
class Profile:
    """Feature sums over a group of articles (see the module docstring)."""

    idx: np.ndarray  # sorted int64 feature indices
    s: np.ndarray  # float64 sums of weights
    q: np.ndarray  # float64 sums of squared weights
    c: np.ndarray  # float64 article counts
    n: int
    pair_sum: float
    years: dict[int, int] = field(default_factory=dict)  # articles naming each year

    @classmethod
    def of(cls, vec: Vector, years: Iterable[int] = ()) -> Profile:
        """The profile of one article (an l2-normalised vector) naming ``years``."""
        w = vec[1].astype(np.float64)
        ys = dict.fromkeys(set(years), 1)
        return cls(vec[0].astype(np.int64), w, w * w, np.ones_like(w), 1, 0.0, ys)

    def vector(self) -> Vector:
        """The summed vector."""
        return self.idx, self.s.astype(np.float32)

    def cross(self, other: Profile) -> float:
        """Sum of cosines over all pairs across the two groups."""
        ia, ib = overlap(self.idx, other.idx)
        if ia.size == 0:
            return 0.0
        return float(np.dot(self.s[ia], other.s[ib]))

    def link(self, other: Profile) -> float:
        """Average link: the mean cosine over all cross pairs."""
        return self.cross(other) / (self.n * other.n)

    def cohesion(self) -> float | None:
        """Mean cosine over the group's own pairs (None for a single article)."""
        pairs = self.n * (self.n - 1) / 2
        return self.pair_sum / pairs if pairs else None

    def merged(self, other: Profile, cross: float | None = None) -> Profile:
        """The profile of both groups together (``cross`` saves recomputing it)."""
        if cross is None:
            cross = self.cross(other)
        idx = np.union1d(self.idx, other.idx)
        pa, pb = np.searchsorted(idx, self.idx), np.searchsorted(idx, other.idx)
        s, q, c = (np.zeros(idx.size, dtype=np.float64) for _ in range(3))
        for pos, p in ((pa, self), (pb, other)):
            s[pos] += p.s
            q[pos] += p.q
            c[pos] += p.c
        years = dict(self.years)
        for y, k in other.years.items():
            years[y] = years.get(y, 0) + k
        return Profile(
            idx, s, q, c, self.n + other.n, self.pair_sum + other.pair_sum + cross, years
        )

    def without(self, part: Profile) -> Profile:
        """The profile once the articles of ``part`` (all members of this group) leave it."""
        pos = np.searchsorted(self.idx, part.idx)
        s, q, c = self.s.copy(), self.q.copy(), self.c.copy()
        s[pos] -= part.s
        q[pos] -= part.q
        c[pos] -= part.c
        keep = c > 0.5
        # pairs lost: those inside ``part`` and those between ``part`` and the rest
        between = float(np.dot(self.s[pos], part.s)) - float(part.q.sum()) - 2 * part.pair_sum
        years = {y: k - part.years.get(y, 0) for y, k in self.years.items()}
        return Profile(
            self.idx[keep],
            s[keep],
            q[keep],
            c[keep],
            self.n - part.n,
            self.pair_sum - part.pair_sum - between,
            {y: k for y, k in years.items() if k > 0},
        )

    def truncated(self, k: int) -> Profile:
        """Only the ``k`` features with the largest sums (all when there are no more)."""
        if self.idx.size <= k:
            return self
        # semantic hook: dense extras (embedding ids) are always kept, see sparse.py
        keep = np.sort(np.argpartition(-truncation_keys(self.idx, self.s), k)[:k])
        return Profile(
            self.idx[keep],
            self.s[keep],
            self.q[keep],
            self.c[keep],
            self.n,
            self.pair_sum,
            self.years,
        )


def _spread(idx: np.ndarray, p: Profile) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pos = np.searchsorted(idx, p.idx)
    s, q, c = (np.zeros(idx.size) for _ in range(3))
    s[pos], q[pos], c[pos] = p.s, p.q, p.c
    return s, q, c


@dataclass(slots=True, frozen=True)
class CohesionTest:
    """How :func:`cohesive` judges a merge.

    ``ratio``: the cross similarity of two groups must reach this share of
    their own cohesion (geometric mean of the two).
    ``prior``/``prior_pairs``: a group's cohesion is shrunk towards ``prior`` as
    if it had ``prior_pairs`` more pairs of that similarity, so one article or a
    pair does not set the bar on its own; big groups are judged on their own data.
    ``local_weight``: how strongly features that most articles of the two groups
    share are discounted (0 = not at all).
    ``borrow``: shrink each group towards the other group's cohesion instead of
    ``prior`` (``prior`` then only serves groups that both lack pairs), so a
    lone article must resemble a story about as much as its members resemble
    each other.
    """

    ratio: float
    prior: float
    prior_pairs: float
    local_weight: float
    borrow: bool = True


def cohesive(a: Profile, b: Profile, test: CohesionTest) -> tuple[bool, float]:
    """Whether two groups resemble each other about as much as each resembles itself.

    Returns the verdict and the ratio of cross similarity to cohesion, both
    measured under local weights ``(1 + lw * log((1 + n) / (1 + c_f)))**2`` where
    ``c_f`` is how many of the ``n`` articles of both groups carry feature f.
    """
    idx = np.union1d(a.idx, b.idx)
    sa, qa, ca = _spread(idx, a)
    sb, qb, cb = _spread(idx, b)
    n = a.n + b.n
    w2 = (1.0 + test.local_weight * np.log((1.0 + n) / (1.0 + ca + cb))) ** 2
    self_a = float(np.dot(w2, qa)) / a.n or 1.0
    self_b = float(np.dot(w2, qb)) / b.n or 1.0
    cross = float(np.dot(w2, sa * sb)) / (a.n * b.n) / math.sqrt(self_a * self_b)

    def pair_sum(p: Profile, s: np.ndarray, q: np.ndarray, self_sim: float) -> float:
        return (float(np.dot(w2, s * s)) - float(np.dot(w2, q))) / 2 / self_sim

    k = test.prior_pairs
    pairs_a, pairs_b = a.n * (a.n - 1) / 2, b.n * (b.n - 1) / 2
    own_a = pair_sum(a, sa, qa, self_a) if pairs_a else 0.0
    own_b = pair_sum(b, sb, qb, self_b) if pairs_b else 0.0
    fixed_a = (own_a + test.prior * k) / (pairs_a + k)
    fixed_b = (own_b + test.prior * k) / (pairs_b + k)
    if test.borrow:
        # a small group is presumed as cohesive as the group it would join
        coh_a = (own_a + fixed_b * k) / (pairs_a + k)
        coh_b = (own_b + fixed_a * k) / (pairs_b + k)
    else:
        coh_a, coh_b = fixed_a, fixed_b
    bar = math.sqrt(max(coh_a * coh_b, 1e-12))
    return cross >= test.ratio * bar, cross / bar


def common_year(p: Profile, share: float) -> int | None:
    """The latest year that at least ``share`` of a group's articles name, if any."""
    need = share * p.n
    found = [y for y, k in p.years.items() if k >= need]
    return max(found) if found else None


def year_conflict(
    a: Profile,
    b: Profile,
    share: float,
    min_articles: int,
    first_days: tuple[int | None, int | None] = (None, None),
) -> bool:
    """Whether one group is written in a later year than the other ever names.

    Two groups report events of different years when one of them (the newer)

    * is dated (``first_days`` holds each group's earliest dated day as an
      ordinal, or None) in a year that none of the other, undated group's
      articles (at least ``min_articles`` of them) names, nor any later year:
      the older group never heard of the newer year (two dated groups are
      compared by their days instead); or
    * has at least ``share`` of its articles naming a year later than every
      year the other group's articles name. A group naming no year at all is
      no evidence here: a year named in the text may be a future one ("the new
      series starts in 2010"), a publication date may not.

    ``share`` 0 turns the test off.
    """
    if share <= 0:
        return False
    pairs = ((a, b, first_days[0], first_days[1]), (b, a, first_days[1], first_days[0]))
    for silent, naming, silent_first, naming_first in pairs:
        if silent.n < min_articles:
            continue
        named = [y for y, k in silent.years.items() if k > 0]
        if naming_first is not None and silent_first is None:
            dated = date.fromordinal(naming_first).year
            if not any(y >= dated for y in named):
                return True
        year = common_year(naming, share)
        if year is not None and named and max(named) < year:
            return True
    return False
