"""Group one batch of articles with the stories already known.

Each article of the batch starts as a group of its own (copies start as one
group, together with the known story of any copy they have). Candidate pairs
come from an inverted index over the articles' heaviest features: other
articles of the batch, and known stories through their indexed articles.
Groups then merge greedily, most similar pair first (average link, from
group profiles, see :mod:`storyfold.stories.profile`), while

* their average link reaches ``threshold`` (scaled down when their dated
  articles lie more than ``max_days`` apart),
* they are not dated more than ``veto_days`` apart, and
* they pass the cohesion test: under weights that discount what both groups
  share, they resemble each other nearly as much as each resembles itself, and
* no user correction keeps them apart: ``apart`` names pairs of known stories
  that must never merge (a user split them), not even through a shared copy.

A merge between a batch group and a known story extends the story; a merge
between two known stories is reported as a :class:`~storyfold.stories.group.Merge`
(the older id survives). Nothing else about known stories changes, so story ids
are stable across batches and folds. The cost is the candidate pairs plus the
merges, each a sparse operation: linear in the batch, not in the corpus.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from .group import Decision, Merge, StoryConfig, StoryIndex, StoryStats, story_id_for
from .profile import Profile, cohesive, year_conflict
from .sparse import Vector, dot, top_features


@dataclass(slots=True, frozen=True)
class BatchItem:
    """One article to place: its vector, its day (ordinal, if dated), the articles it copies."""

    article_id: str
    vec: Vector
    day: int | None = None
    copy_of: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()


@dataclass(slots=True)
class BatchResult:
    """Placements of a batch (in input order), merges of known stories, stats to store."""

    decisions: list[Decision]
    merges: list[Merge]
    stats: dict[str, StoryStats]


@dataclass(slots=True)
class _Node:
    profile: Profile
    items: list[int]
    story_id: str | None = None
    rank: float = math.inf
    first: int | None = None
    last: int | None = None
    absorbed: list[tuple[str, float, str]] = field(default_factory=list)


def _span(a: int | None, b: int | None, pick: Callable[[int, int], int]) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return pick(a, b)


def span_gap(
    first_a: int | None, last_a: int | None, first_b: int | None, last_b: int | None
) -> int | None:
    """Days between two dated spans (0 when they overlap, None when one is undated)."""
    if first_a is None or first_b is None or last_a is None or last_b is None:
        return None
    return max(0, first_a - last_b, first_b - last_a)


def day_gap(a: _Node, b: _Node) -> int | None:
    """Days between two groups' dated spans (see :func:`span_gap`)."""
    return span_gap(a.first, a.last, b.first, b.last)


def timed_link(a: Profile, b: Profile, gap: int | None, cfg: StoryConfig) -> float:
    """Average link of two groups, times ``time_factor`` when they lie over ``max_days`` apart
    and once more when they lie over ``far_days`` apart: reports of one event weeks apart are
    rarer than reports days apart, and two events of one topic months apart are common."""
    s = a.link(b)
    if gap is not None and gap > cfg.max_days:
        s *= cfg.time_factor
        if gap > cfg.far_days:
            s *= cfg.time_factor
    return s


def link_bar(a: Profile, b: Profile, cfg: StoryConfig) -> float:
    """The average link two groups need: more the fewer article pairs it rests on."""
    return max(cfg.threshold, cfg.pair_threshold / math.sqrt(a.n * b.n))


class _Grouping:
    """The state of one batch's grouping; see :func:`group_batch`."""

    def __init__(
        self,
        items: Sequence[BatchItem],
        index: StoryIndex,
        cfg: StoryConfig,
        apart: Collection[frozenset[str]] = frozenset(),
    ) -> None:
        self.items = items
        self.index = index
        self.cfg = cfg
        self.apart = apart
        self.nodes: dict[int, _Node] = {}
        self.nbrs: dict[int, set[int]] = {}
        self.owner: list[int] = [-1] * len(items)
        self.story_node: dict[str, int] = {}
        self.keys = itertools.count()
        self.heap: list[tuple[float, int, int, int]] = []
        self.tick = itertools.count()
        # evidence for explaining placements: cosines with batch candidates, and per
        # known candidate story its best-sharing indexed article
        self.pairs: list[list[tuple[float, int]]] = [[] for _ in items]
        self.stored: dict[int, dict[str, tuple[int, str]]] = {}
        self.via_copy = [False] * len(items)

    # ---- nodes ---------------------------------------------------------------
    def _add(self, node: _Node) -> int:
        k = next(self.keys)
        self.nodes[k] = node
        self.nbrs[k] = set()
        for i in node.items:
            self.owner[i] = k
        if node.story_id:
            self.story_node[node.story_id] = k
        for sid, _, _ in node.absorbed:
            self.story_node[sid] = k
        return k

    def _story(self, story_id: str) -> int | None:
        k = self.story_node.get(story_id)
        if k is not None:
            return k
        st = self.index.stats(story_id)
        if st is None:
            return None
        node = _Node(st.profile, [], st.story_id, st.rank, st.first_day, st.last_day)
        return self._add(node)

    def _merge(self, ka: int, kb: int, score: float, reason: str) -> int:
        a, b = self.nodes.pop(ka), self.nodes.pop(kb)
        absorbed = a.absorbed + b.absorbed
        if a.story_id and b.story_id:
            keep, gone = (a, b) if a.rank <= b.rank else (b, a)
            absorbed.append((str(gone.story_id), round(score, 4), reason))
            story_id, rank = keep.story_id, keep.rank
        else:
            story_id, rank = a.story_id or b.story_id, min(a.rank, b.rank)
        node = _Node(
            a.profile.merged(b.profile),
            a.items + b.items,
            story_id,
            rank,
            _span(a.first, b.first, min),
            _span(a.last, b.last, max),
            absorbed,
        )
        nbrs = (self.nbrs.pop(ka) | self.nbrs.pop(kb)) - {ka, kb}
        k = self._add(node)
        self.nbrs[k] = nbrs
        for d in nbrs:
            self.nbrs[d] -= {ka, kb}
            self.nbrs[d].add(k)
        return k

    # ---- links ---------------------------------------------------------------
    def _kept_apart(self, a: _Node, b: _Node) -> bool:
        """Cannot-link: whether a user split keeps the known stories of ``a`` and ``b`` apart."""
        if not self.apart:
            return False
        sa = [s for s in (a.story_id, *(g for g, _, _ in a.absorbed)) if s]
        sb = [s for s in (b.story_id, *(g for g, _, _ in b.absorbed)) if s]
        return any(frozenset((x, y)) in self.apart for x in sa for y in sb)

    def _link(self, a: _Node, b: _Node) -> float | None:
        if self._kept_apart(a, b):
            return None
        gap = day_gap(a, b)
        if gap is not None and gap > self.cfg.veto_days:
            return None
        cfg = self.cfg
        if year_conflict(
            a.profile, b.profile, cfg.year_share, cfg.year_min_articles, (a.first, b.first)
        ):
            return None
        return timed_link(a.profile, b.profile, gap, cfg)

    def _cohesive(self, a: _Node, b: _Node) -> bool:
        """The cohesion test (milder for groups of the same days, see ``cohesion_at``)."""
        return cohesive(a.profile, b.profile, self.cfg.cohesion_at(day_gap(a, b)))[0]

    def _bar(self, a: _Node, b: _Node) -> float:
        return link_bar(a.profile, b.profile, self.cfg)

    def _connect(self, ka: int, kb: int) -> None:
        if ka == kb or kb in self.nbrs[ka]:
            return
        self.nbrs[ka].add(kb)
        self.nbrs[kb].add(ka)
        self._push(ka, kb)

    def _push(self, ka: int, kb: int) -> None:
        s = self._link(self.nodes[ka], self.nodes[kb])
        if s is not None and s >= self._bar(self.nodes[ka], self.nodes[kb]):
            heapq.heappush(self.heap, (-s, next(self.tick), ka, kb))

    # ---- steps ---------------------------------------------------------------
    def _seed(self) -> None:
        """One node per copy group of the batch, joined to the known stories of its copies."""
        pos = {it.article_id: i for i, it in enumerate(self.items)}
        parent = list(range(len(self.items)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        outside: dict[int, set[str]] = {}
        for i, it in enumerate(self.items):
            for other in it.copy_of:
                j = pos.get(other)
                if j is None:
                    outside.setdefault(i, set()).add(other)
                elif j != i:
                    parent[find(i)] = find(j)
                self.via_copy[i] = True
        groups: dict[int, list[int]] = {}
        for i in range(len(self.items)):
            groups.setdefault(find(i), []).append(i)
        for members in groups.values():
            node = None
            for i in members:
                it = self.items[i]
                one = _Node(Profile.of(it.vec, it.years), [i], first=it.day, last=it.day)
                if node is None:
                    node = one
                else:
                    node = _Node(
                        node.profile.merged(one.profile),
                        [*node.items, i],
                        first=_span(node.first, it.day, min),
                        last=_span(node.last, it.day, max),
                    )
            assert node is not None
            k = self._add(node)
            copied = set().union(*(outside.get(i, set()) for i in members))
            for sid in sorted(set(self.index.stories_of(sorted(copied)).values())):
                ks = self._story(sid)
                if (
                    ks is not None
                    and ks != k
                    and not self._kept_apart(self.nodes[k], self.nodes[ks])
                ):
                    k = self._merge(k, ks, 1.0, "copy")

    def _candidates(self) -> None:
        """Link each article's node to the batch articles and known stories it resembles."""
        cfg = self.cfg
        postings: dict[int, list[int]] = {}
        for i, it in enumerate(self.items):
            feats = top_features(it.vec, cfg.top_terms)
            shared: dict[int, int] = {}
            for f in feats:
                ids = postings.setdefault(f, [])
                if len(ids) <= cfg.max_postings:
                    for j in ids:
                        shared[j] = shared.get(j, 0) + 1
                ids.append(i)
            for j, n in shared.items():
                if n >= cfg.min_shared:
                    cos = dot(self.items[j].vec, it.vec)
                    self.pairs[i].append((cos, j))
                    self.pairs[j].append((cos, i))
                    self._connect(self.owner[i], self.owner[j])
            # only the stories sharing most top features: bounds the work per article
            # however many stories the store holds
            best = self.index.candidate_stories(
                feats,
                cfg.max_postings,
                cfg.recent_postings,
                cfg.min_shared,
                limit=cfg.max_story_candidates,
            )
            self.stored[i] = best
            for sid in sorted(best):
                ks = self._story(sid)
                if ks is not None:
                    self._connect(self.owner[i], ks)

    def _agglomerate(self) -> None:
        """Merge the most similar linked pair passing every test, until none is left."""
        while self.heap:
            neg, _, ka, kb = heapq.heappop(self.heap)
            if ka not in self.nodes or kb not in self.nodes:
                continue
            if not self._cohesive(self.nodes[ka], self.nodes[kb]):
                continue
            k = self._merge(ka, kb, -neg, "similar")
            for d in self.nbrs[k]:
                self._push(k, d)

    def _refine(self) -> int:
        """Move batch articles to the linked group they resemble clearly more than their own.

        Greedy merging can pull an article into the first group that reached it;
        once the groups have formed, each batch article (in a group of two or
        more) is compared with its own group (mean cosine to the other members)
        and with the groups of its candidates. It moves when another group's
        average link beats its own by ``refine_margin`` and the move passes the
        date veto and the cohesion test. Only batch articles move: members of
        known stories stay where they are. Returns how many articles moved.
        """
        moved = 0
        for i, it in enumerate(self.items):
            ka = self.owner[i]
            a = self.nodes[ka]
            if a.profile.n < 2:
                continue
            x = Profile.of(it.vec, it.years)
            own = (a.profile.cross(x) - float(x.q.sum())) / (a.profile.n - 1)
            alone = _Node(x, [i], first=it.day, last=it.day)
            targets = {self.owner[j] for _, j in self.pairs[i]}
            targets |= {self.story_node[sid] for sid in self.stored.get(i, {})}
            targets.discard(ka)
            best: tuple[float, int] | None = None
            for kb in sorted(targets):
                s = self._link(self.nodes[kb], alone)
                if s is None or s < self._bar(self.nodes[kb], alone):
                    continue
                if s <= own + self.cfg.refine_margin:
                    continue
                if best is None or s > best[0]:
                    best = (s, kb)
            if best is None:
                continue
            kb = best[1]
            if not self._cohesive(self.nodes[kb], alone):
                continue
            self._move(i, x, ka, kb)
            moved += 1
        return moved

    def _move(self, i: int, x: Profile, ka: int, kb: int) -> None:
        """Move batch item ``i`` (profile ``x``) from node ``ka`` to node ``kb``."""
        a, b = self.nodes[ka], self.nodes[kb]
        a.profile = a.profile.without(x)
        a.items.remove(i)
        days = [self.items[j].day for j in a.items]
        dated = [d for d in days if d is not None]
        if a.story_id is None:
            a.first = min(dated) if dated else None
            a.last = max(dated) if dated else None
        b.profile = b.profile.merged(x)
        b.items.append(i)
        b.first = _span(b.first, self.items[i].day, min)
        b.last = _span(b.last, self.items[i].day, max)
        self.owner[i] = kb
        self._connect(ka, kb)

    def _remerge(self) -> None:
        """Offer every linked pair of groups for merging again (after articles moved)."""
        for ka in list(self.nodes):
            for kb in self.nbrs[ka]:
                if ka < kb:
                    self._push(ka, kb)
        self._agglomerate()

    # ---- results -------------------------------------------------------------
    def _evidence(self, i: int, story_of_item: list[str]) -> tuple[str | None, float]:
        """The most similar article offered to item ``i`` in its own story, else overall."""
        mine = story_of_item[i]
        best_in: tuple[float, str] | None = None
        best_out: tuple[float, str] | None = None
        for s, j in self.pairs[i]:
            cand = (s, self.items[j].article_id)
            if story_of_item[j] == mine:
                best_in = max(best_in, cand) if best_in else cand
            else:
                best_out = max(best_out, cand) if best_out else cand
        stored = self.stored.get(i, {})
        picks = [stored[mine]] if mine in stored else []
        if best_in is None:
            picks += sorted(stored.values(), reverse=True)[:1]
        for _, aid in picks:
            vec = self.index.vector(aid)
            if vec is None:
                continue
            cand = (dot(self.items[i].vec, vec), aid)
            if aid == stored.get(mine, (0, None))[1]:
                best_in = max(best_in, cand) if best_in else cand
            else:
                best_out = max(best_out, cand) if best_out else cand
        pick = best_in or best_out
        return (pick[1], round(pick[0], 4)) if pick else (None, 0.0)

    def _results(self) -> BatchResult:
        stats: dict[str, StoryStats] = {}
        merges: list[Merge] = []
        story_of_item = [""] * len(self.items)
        founders: dict[int, int] = {}
        for node in self.nodes.values():
            if not node.items:
                continue
            order = sorted(node.items)
            sid = node.story_id or story_id_for(self.items[order[0]].article_id)
            if node.story_id is None:
                founders[order[0]] = 1
            for i in order:
                story_of_item[i] = sid
            stats[sid] = StoryStats(
                sid,
                node.profile.truncated(self.cfg.story_features),
                node.first,
                node.last,
                node.rank,
            )
            merges.extend(Merge(gone, sid, score, why) for gone, score, why in node.absorbed)
        merged_into: dict[str, list[str]] = {}
        for m in merges:
            merged_into.setdefault(m.survivor, []).append(m.absorbed)
        decisions = []
        reported: set[str] = set()
        for i, it in enumerate(self.items):
            sid = story_of_item[i]
            match, score = self._evidence(i, story_of_item)
            merged = [] if sid in reported else merged_into.get(sid, [])
            if merged:
                reported.add(sid)
            decisions.append(
                Decision(it.article_id, sid, i in founders, match, score, self.via_copy[i], merged)
            )
        return BatchResult(decisions, merges, stats)

    def run(self) -> BatchResult:
        """Seed, link, merge and report."""
        self._seed()
        self._candidates()
        self._agglomerate()
        for _ in range(self.cfg.refine_rounds):
            if not self._refine():
                break
            self._remerge()
        return self._results()


def group_batch(
    items: Sequence[BatchItem],
    index: StoryIndex,
    cfg: StoryConfig,
    apart: Collection[frozenset[str]] = frozenset(),
) -> BatchResult:
    """Place a batch of articles (given in time order) into known or new stories.

    The first article of each new story (in the given order) names it; known
    stories keep their ids, and when two of them prove to be one the older
    (lower ``rank``) survives and the merge is reported. ``apart`` holds pairs
    of known story ids that never merge, however similar (user splits, see
    :func:`storyfold.review.corrections.apart_stories`); new articles may
    still join either one.
    """
    return _Grouping(items, index, cfg, apart).run()
