"""The rewrite stage: which articles of a batch rewrite an earlier article, as a pure function.

The stage reads nothing itself: stored candidates come through a
:class:`RewriteSource` (the store-backed one is
:class:`storyfold.store.StoreRewriteSource`), and it returns the relations it
found together with every article's sentence keys, for the runner to persist.

Every article of the batch is checked, copies included, against stored
articles and the batch's earlier articles, and each pair is aligned with its
lower id on the left: whether a pair is a rewrite does not depend on the
order in which its articles were read. Pairs already related as copies, or
in one copy family through the batch's copy relations, are not aligned (a
rewrite inside a family would say nothing new).

Choosing candidates is cheap and needs the store; aligning them is most of
the cost and needs nothing but the two texts, so the stage computes sentence
keys through a ``mapper`` and hands the alignments to ``submit`` (both backed
by the runner's worker pool) as jobs of one article and its candidates, and
gathers the answers in job order: the result is the same whichever process
aligned what.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, Protocol

from ..model import REWRITE, Article, CopyRelation
from ..unionfind import find
from .align import SentenceIndex
from .features import Prepared
from .rewrite import RewriteConfig, is_rewrite, prepared_sentences, sentence_keys


class RewriteSource(Protocol):
    """Where the stage finds stored articles to compare with."""

    def rewrite_postings(self, keys: Iterable[int], per_key: int) -> dict[int, list[str]]:
        """The ``per_key`` latest stored articles of each key (keys without any left out).

        Only the latest are read, so a common key still matches its recent
        articles and the cost stays bounded.
        """
        ...

    def article_text(self, article_id: str) -> str | None:
        """The cleaned text of a stored article."""
        ...


@dataclass(slots=True)
class RewriteResult:
    """What the stage found: rewrite relations, and each article's keys to index."""

    relations: list[CopyRelation] = field(default_factory=list)
    keys: dict[str, set[int]] = field(default_factory=dict)
    aligned: int = 0
    """Candidate pairs aligned sentence by sentence."""


Indexed = tuple[list[Prepared], SentenceIndex]


class PreparedCache:
    """The prepared sentences of recently compared texts, by text (least recently used out).

    A stored article is a candidate of many later articles of its story, so
    it is prepared once while it stays among the ``size`` latest used (an entry
    holds 80-200 KB once its sentences' n-grams are made, so 512 stay under
    about 100 MB; a story's reports arrive within days of each other). Keyed
    by the text itself, the cache cannot give one store's article to another's.
    """

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[str, Indexed] = OrderedDict()

    def sentences(self, text: str) -> Indexed:
        """The prepared sentences of a text and their index, from the cache when it holds them."""
        got = self._items.get(text)
        if got is None:
            sents = prepared_sentences(text)
            got = self._items[text] = (sents, SentenceIndex(sents))
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(text)
        return got


DEFAULT_CACHE = PreparedCache()
"""The cache of this process' alignments (see :func:`align_jobs`): it lasts from batch to batch."""


RewriteJob = tuple[str, str, list[tuple[str, str]]]
"""One article's alignments: its id and text, and its candidates' ids and texts."""

Mapper = Callable[..., list[Any]]
"""``mapper(fn, items, *args)`` is ``fn(items, *args)``, maybe split across processes."""

Submitter = Callable[..., Callable[[], list[Any]]]
"""``submit(fn, items, *args)`` starts ``fn(items, *args)`` (maybe in another process) and
returns what to call for its result."""

JOBS_PER_SUBMIT = 16
"""Alignment jobs handed to ``submit`` at once: candidates of later articles are chosen
while earlier jobs are aligned."""


def _in_process(fn: Callable[..., list[Any]], items: list[Any], *args: object) -> list[Any]:
    return fn(items, *args)


def _submit_in_process(
    fn: Callable[..., list[Any]], items: list[Any], *args: object
) -> Callable[[], list[Any]]:
    result = fn(items, *args)
    return lambda: result


def rewrite_keys(texts: list[str]) -> list[set[int]]:
    """The sentence keys of each text (see :func:`.rewrite.sentence_keys`), for candidates."""
    return [sentence_keys(DEFAULT_CACHE.sentences(t)[0]) for t in texts]


def align_jobs(jobs: list[RewriteJob], cfg: RewriteConfig) -> list[list[float]]:
    """For each job, the rewrite coverage of the article with each candidate (0.0: no rewrite).

    A pure function of the texts (the pair is aligned with its lower id on
    the left), so jobs can run in any process; prepared sentences come from
    that process' :data:`DEFAULT_CACHE`.
    """
    out: list[list[float]] = []
    for art_id, text, candidates in jobs:
        sents, index = DEFAULT_CACHE.sentences(text)
        found = []
        for cand_id, cand_text in candidates:
            cand_sents, cand_index = DEFAULT_CACHE.sentences(cand_text)
            if art_id < cand_id:
                found.append(is_rewrite(sents, cand_sents, cfg, (index, cand_index)))
            else:
                found.append(is_rewrite(cand_sents, sents, cfg, (cand_index, index)))
        out.append(found)
    return out


def find_rewrites(
    articles: Iterable[Article],
    copies: Iterable[CopyRelation],
    source: RewriteSource,
    cfg: RewriteConfig | None = None,
    *,
    per_key: int = 50,
    mapper: Mapper | None = None,
    submit: Submitter | None = None,
    known_keys: dict[str, set[int]] | None = None,
) -> RewriteResult:
    """Rewrite relations of a batch's articles with stored articles and with each other.

    Candidates share at least ``cfg.min_shared_keys`` sentence keys; the
    ``cfg.max_candidates`` sharing most (then lowest id) are aligned. Sentence
    keys are computed through ``mapper`` and alignments through ``submit``
    (:data:`JOBS_PER_SUBMIT` jobs at a time, while later candidates are
    chosen) when given; the result does not depend on them. ``known_keys`` are the
    articles' sentence keys (:func:`rewrite_keys`) by id, when computed already.
    """
    c = cfg or RewriteConfig()
    run = mapper or _in_process
    start = submit or _submit_in_process
    related = {frozenset((r.a, r.b)) for r in copies}
    family: dict[str, str] = {}
    for r in copies:  # copy families: a rewrite inside one would say nothing new
        for x in (r.a, r.b):
            family.setdefault(x, x)
        ra, rb = find(family, r.a), find(family, r.b)
        if ra != rb:
            family[max(ra, rb)] = min(ra, rb)
    batch = list(articles)
    out = RewriteResult()
    batch_postings: dict[int, list[str]] = {}
    batch_texts: dict[str, str] = {}
    jobs: list[RewriteJob] = []
    pending: list[RewriteJob] = []
    answers: list[Callable[[], list[list[float]]]] = []
    if known_keys is not None and all(a.id in known_keys for a in batch):
        all_keys = [known_keys[a.id] for a in batch]
    else:
        all_keys = run(rewrite_keys, [a.text for a in batch])
    stored = source.rewrite_postings({k for keys in all_keys for k in keys}, per_key)
    for art, keys in zip(batch, all_keys, strict=True):
        batch_texts[art.id] = art.text
        out.keys[art.id] = keys
        # keys shared with each earlier article, counted in C (a batch counts millions)
        counts = Counter(chain.from_iterable(stored.get(k, ()) for k in keys))
        counts.update(chain.from_iterable(batch_postings.get(k, [])[-per_key:] for k in keys))
        for k in keys:
            batch_postings.setdefault(k, []).append(art.id)
        mine = find(family, art.id) if art.id in family else None
        shared = [(n, a) for a, n in counts.items() if n >= c.min_shared_keys]
        ranked = sorted(
            (
                (n, a)
                for n, a in shared
                if a != art.id and (mine is None or a not in family or find(family, a) != mine)
            ),
            key=lambda t: (-t[0], t[1]),
        )
        candidates = []
        for _, cand in ranked[: c.max_candidates]:
            pair = frozenset((art.id, cand))
            if pair in related:
                continue
            related.add(pair)  # each pair is aligned once
            cand_text = batch_texts.get(cand)
            if cand_text is None:
                cand_text = source.article_text(cand) or ""
            candidates.append((cand, cand_text))
        if candidates:
            jobs.append((art.id, art.text, candidates))
            pending.append(jobs[-1])
            if len(pending) == JOBS_PER_SUBMIT:
                answers.append(start(align_jobs, pending, c))
                pending = []
    if pending:
        answers.append(start(align_jobs, pending, c))
    coverages = [found for answer in answers for found in answer()]
    for (art_id, _, candidates), found in zip(jobs, coverages, strict=True):
        out.aligned += len(candidates)
        for (cand, _), coverage in zip(candidates, found, strict=True):
            if coverage:
                a, b = sorted((art_id, cand))
                out.relations.append(CopyRelation(a, b, REWRITE, round(coverage, 4), 0.0))
    return out
