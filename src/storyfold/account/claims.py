"""Claim groups: the sentences of a story's articles that state the same claim.

Identical sentences (after normalisation) group at once; the distinct ones are
compared through an inverted index over content-word prefixes (a pair must
share enough of them) and scored by the paraphrase model. Pairs are merged
best first, never putting two different sentences of one article in one
group, so a chain of loose matches cannot pull unrelated claims together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..align.features import Prepared, pair_features, prepare
from ..align.model import ParaphraseModel, default_model
from ..model import REWRITE, Article
from ..text import split_sentences, token_matcher
from ..unionfind import find
from .lineage import Lineage

SHARED = "shared"
PARTIAL = "partial"
UNIQUE = "unique"


@dataclass(slots=True, frozen=True)
class ClaimSentence:
    """Sentence ``index`` of article ``article``."""

    article: str
    index: int
    text: str


@dataclass(slots=True)
class ClaimGroup:
    """One claim as the story's articles state it, with who supports it."""

    id: str
    sentences: list[ClaimSentence]
    articles: list[str]
    families: list[str]
    status: str
    variants: list[object] = field(default_factory=list)

    @property
    def independent_sources(self) -> int:
        """How many independent sources (lineage families) state the claim."""
        return len(self.families)


@dataclass(slots=True)
class _Sent:
    article: str
    index: int
    text: str
    prepared: Prepared


HEADLINE = -1
"""The sentence index of an article's headline in a claim (its body sentences count from 0)."""


def _sentences(articles: Sequence[Article]) -> list[_Sent]:
    """Every article's headline (index :data:`HEADLINE`, unless its text opens with it)
    and body sentences."""
    out = []
    for a in articles:
        body = split_sentences(a.text)
        title = " ".join((a.title or "").split())
        if title and (not body or body[0].rstrip(".") != title.rstrip(".")):
            out.append(_Sent(a.id, HEADLINE, title, prepare(title)))
        for i, s in enumerate(body):
            out.append(_Sent(a.id, i, s, prepare(s)))
    return out


def _candidates(reps: list[_Sent], min_overlap: float) -> list[tuple[int, int]]:
    """Pairs of distinct sentences from different articles sharing enough content prefixes."""
    index: dict[str, list[int]] = {}
    for k, s in enumerate(reps):
        for p in s.prepared.prefixes:
            index.setdefault(p, []).append(k)
    limit = max(50, len(reps) // 3)
    out = []
    for k, s in enumerate(reps):
        shared: dict[int, int] = {}
        for p in s.prepared.prefixes:
            posting = index[p]
            if len(posting) > limit:
                continue
            for j in posting:
                if j > k and reps[j].article != s.article:
                    shared[j] = shared.get(j, 0) + 1
        for j, n in shared.items():
            smaller = min(len(s.prepared.prefixes), len(reps[j].prepared.prefixes)) or 1
            if n >= 2 and n / smaller >= min_overlap:
                out.append((k, j))
    return out


def build_claims(
    articles: Sequence[Article],
    lineage: Lineage,
    *,
    model: ParaphraseModel | None = None,
    min_overlap: float = 0.3,
    min_partial: float = 0.7,
) -> list[ClaimGroup]:
    """Group a story's sentences into claims, ordered as the originals tell them.

    Paraphrase pairs (the model's decision) merge first; then pairs where one
    sentence's content words are mostly (``min_partial``) inside a longer
    sentence that says more (a claim told as part of another).
    """
    m = model or default_model()
    sents = _sentences(articles)
    parent = list(range(len(sents)))
    # who a group holds: never two different sentences of one article
    members: dict[int, set[str]] = {k: {x.article} for k, x in enumerate(sents)}

    def root(x: int) -> int:
        return find(parent, x)

    def join(ka: int, kb: int) -> None:
        ra, rb = root(ka), root(kb)
        if ra == rb or members[ra] & members[rb]:
            return  # would put two different sentences of one article together
        parent[rb] = ra
        members[ra] |= members.pop(rb)

    # copies first, sentence by sentence in place; then identical sentences, each joining
    # the first group of its words that does not hold its article yet (an article that
    # repeats a sentence, a list or a recap, keeps one telling per claim)
    in_place, edited = _copy_alignment(sents, lineage)
    for ka, kb in in_place:
        join(ka, kb)
    groups_of: dict[tuple[str, ...], list[int]] = {}
    # where an article's next telling of a sentence may go: groups only ever gain members,
    # so a group that holds the article is passed for good (linear in the tellings)
    next_free: dict[tuple[tuple[str, ...], str], int] = {}
    for k, x in enumerate(sents):
        stems = x.prepared.stems
        if not stems:
            continue
        same = groups_of.setdefault(stems, [])
        n = next_free.get((stems, x.article), 0)
        while n < len(same) and x.article in members[root(same[n])]:
            if root(same[n]) == root(k):
                break  # already together (aligned in place)
            n += 1
        next_free[(stems, x.article)] = n
        placed = False
        for g in same[n:]:  # the first group it can join without two tellings of one article
            rg, rk = root(g), root(k)
            if rg == rk or not members[rg] & members[rk]:
                join(g, k)
                placed = True
                break
        if not placed:
            same.append(k)
    reps_idx = sorted(members)
    reps = [sents[k] for k in reps_idx]
    scored = []
    for i, j in _candidates(reps, min_overlap):
        a, b = reps[i].prepared, reps[j].prepared
        p = float(m.probability(pair_features(a, b)))
        if p >= m.threshold:
            scored.append((1.0 + p, reps_idx[i], reps_idx[j]))
        elif _partial(a, b, min_partial):
            scored.append((p, reps_idx[i], reps_idx[j]))  # after every paraphrase pair
    scored += [(-1.0, ka, kb) for ka, kb in edited]  # after every paraphrase pair
    scored.sort(key=lambda t: -t[0])
    for _, ka, kb in scored:
        join(ka, kb)
    groups: dict[int, list[_Sent]] = {}
    for k, s in enumerate(sents):
        groups.setdefault(root(k), []).append(s)
    return _ordered_groups(list(groups.values()), articles, lineage)


EDITED_RUN = 3
"""Longest run of sentences replaced one for one between two copies that is read as the
same sentences edited (a longer run is rewritten text, left to the paraphrase model)."""


def _copy_alignment(
    sents: list[_Sent], lineage: Lineage
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Sentence pairs of two copies (an exact, near or contained relation) read in order:
    those that match in place, and those replaced one for one between matching sentences
    (one sentence edited: "Locations: 67" / "Locations: 84", however little of it the
    two share; runs of up to :data:`EDITED_RUN`)."""
    by_article: dict[str, list[int]] = {}
    for k, s in enumerate(sents):
        if s.index != HEADLINE:
            by_article.setdefault(s.article, []).append(k)
    same: list[tuple[int, int]] = []
    edited: list[tuple[int, int]] = []
    for edge in lineage.edges:
        if edge.relation == REWRITE:
            continue
        left, right = by_article.get(edge.source, []), by_article.get(edge.derived, [])
        sm = token_matcher(
            [" ".join(sents[k].prepared.stems) for k in left],
            [" ".join(sents[k].prepared.stems) for k in right],
        )
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1 <= EDITED_RUN):
                pairs = [(left[i1 + n], right[j1 + n]) for n in range(i2 - i1)]
                (same if op == "equal" else edited).extend(pairs)
    return same, edited


def _partial(a: Prepared, b: Prepared, min_partial: float) -> bool:
    """Whether the shorter sentence's content prefixes are mostly inside the longer one's."""
    shared = len(a.prefixes & b.prefixes)
    smaller = min(len(a.prefixes), len(b.prefixes))
    return shared >= 5 and shared >= min_partial * smaller


def _ordered_groups(
    groups: list[list[_Sent]], articles: Sequence[Article], lineage: Lineage
) -> list[ClaimGroup]:
    rank = {a: n for n, a in enumerate(lineage.originals)}
    rank.update({a.id: len(rank) + n for n, a in enumerate(articles) if a.id not in rank})
    all_families = set(lineage.families)

    def position(g: list[_Sent]) -> tuple[int, int]:
        return min((rank.get(s.article, 10**6), s.index) for s in g)

    out = []
    for n, g in enumerate(sorted(groups, key=position), start=1):
        arts = list(dict.fromkeys(s.article for s in g))
        fams = sorted({lineage.family_of.get(a, a) for a in arts})
        if set(fams) >= all_families:
            status = SHARED
        elif len(fams) == 1:
            status = UNIQUE
        else:
            status = PARTIAL
        out.append(
            ClaimGroup(
                id=f"c{n}",
                sentences=[ClaimSentence(s.article, s.index, s.text) for s in g],
                articles=arts,
                families=fams,
                status=status,
            )
        )
    return out
