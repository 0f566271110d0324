"""Rewrites: articles that say the same thing sentence by sentence in other words.

Shingles miss a paraphrase, so rewrites are found at the sentence level:
each sentence gets a few min-wise keys over its content-word prefixes (two
sentences sharing most of their content words share a key with high
probability), articles sharing several keys are candidates, and a candidate
pair is a rewrite when most sentences of the shorter article align one to one
with the other's (see :func:`align_prepared`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import xxhash

from ..text import split_sentences
from .align import SentenceIndex, align_candidates, coverage_bound, indexed_pairs
from .features import Prepared, prepare
from .model import default_model

KEYS_PER_SENTENCE = 4
LEAD_SENTENCES = 3
"""A rewrite aligns a sentence among each article's first this many (see ``_tells_both_leads``)."""
MIN_SENTENCE_PREFIXES = 4


@dataclass(slots=True, frozen=True)
class RewriteConfig:
    """``min_coverage``: share of the shorter article's sentences that must align;
    ``min_sentences``: the shorter article must have at least this many sentences;
    ``min_shared_keys``: sentence keys two articles must share to be compared;
    ``max_candidates``: how many candidates (most shared keys first) are aligned."""

    min_coverage: float = 0.55
    min_sentences: int = 4
    min_shared_keys: int = 3
    max_candidates: int = 8


def prepared_sentences(text: str) -> list[Prepared]:
    """The sentences of an article, tokenised for alignment."""
    return [prepare(s) for s in split_sentences(text)]


def sentence_keys(sentences: list[Prepared]) -> set[int]:
    """Min-wise keys of every sentence with enough content words (signed 63-bit ints)."""
    keys: set[int] = set()
    for s in sentences:
        if len(s.prefixes) < MIN_SENTENCE_PREFIXES:
            continue
        for seed in range(KEYS_PER_SENTENCE):
            low = min(xxhash.xxh64_intdigest(p.encode("utf-8"), seed=seed) for p in s.prefixes)
            keys.add((low >> 1) ^ (seed << 58))
    return keys


def rewrite_coverage(
    a: list[Prepared],
    b: list[Prepared],
    at_least: float = 0.0,
    indexes: tuple[SentenceIndex, SentenceIndex] | None = None,
) -> float:
    """Share of the shorter article's sentences aligned one to one with the other's.

    Only pairs of sentences that do not name different things count (see
    :func:`same_specifics`), and a pair of texts whose openings are not among
    the aligned sentences gets 0.0 (see ``_tells_both_leads``).

    With ``at_least``, a pair that cannot reach that share is given 0.0: when
    its candidate sentence pairs could not align enough sentences (most
    candidates of unrelated articles stop here, before the paraphrase model
    runs), or as soon as the pairs scored so far leave too few sentences that
    could still align. ``indexes`` are the texts' :class:`SentenceIndex`, when
    they were made already.
    """
    shorter = min(len(a), len(b))
    if shorter == 0:
        return 0.0
    ia, ib = indexes or (SentenceIndex(a), SentenceIndex(b))
    # Only pairs that could state one fact, and only texts whose openings could align,
    # go on to the paraphrase model (most candidates of other events stop here).
    pairs = {(i, j) for i, j in indexed_pairs(ia, ib) if same_specifics(a[i], b[j])}
    if not pairs or not _tells_both_leads(pairs):
        return 0.0
    if coverage_bound(pairs, shorter) < at_least:
        return 0.0
    model = default_model()
    pairs = model.reachable(ia, ib, pairs, model.threshold)
    if not pairs or not _tells_both_leads(pairs) or coverage_bound(pairs, shorter) < at_least:
        return 0.0
    need = math.ceil(at_least * shorter - 1e-9)
    aligned = {
        (p.left, p.right)
        for p in align_candidates(a, b, pairs, model=model, need=need, leads=LEAD_SENTENCES)
    }
    if not aligned or not _tells_both_leads(aligned):
        return 0.0
    return len(aligned) / shorter


def _tells_both_leads(pairs: set[tuple[int, int]]) -> bool:
    """Whether each article's opening (its first :data:`LEAD_SENTENCES`) is in a pair.

    A rewrite retells its original's opening; two reports of different events
    that share background paragraphs (an earlier arrest, the same official)
    align those paragraphs while one of them opens on something else.
    """
    return min(i for i, _ in pairs) < LEAD_SENTENCES and min(j for _, j in pairs) < LEAD_SENTENCES


def same_specifics(a: Prepared, b: Prepared) -> bool:
    """Whether two aligned sentences can state one fact: they do not name different things.

    Two sentences that both name people or places must share a name, and two
    that both give figures must share a figure. A report of another event told
    in the same frame ("a fire at the X mill", "a fire at the Y mill") aligns
    sentence by sentence but fails here, so it is no rewrite.
    """
    if a.names and b.names and not a.names & b.names:
        return False
    return not (a.numbers and b.numbers and not a.numbers & b.numbers)


def is_rewrite(
    a: list[Prepared],
    b: list[Prepared],
    cfg: RewriteConfig | None = None,
    indexes: tuple[SentenceIndex, SentenceIndex] | None = None,
) -> float:
    """The coverage of a pair if it is a rewrite, else 0.0."""
    c = cfg or RewriteConfig()
    if min(len(a), len(b)) < c.min_sentences:
        return 0.0
    cov = rewrite_coverage(a, b, c.min_coverage, indexes)
    return cov if cov >= c.min_coverage else 0.0
