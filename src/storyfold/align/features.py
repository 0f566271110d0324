"""Lexical features of a sentence pair: how much of each side the other says again.

Every feature is computed from the two sentences alone (no vocabulary or
model files): word n-gram precision both ways (BLEU-style, n = 1..4), content
word overlap on stems and on 5-letter prefixes, what is left unmatched, names,
figures, word order (longest matching blocks) and character 4-grams.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..clean.stopwords import STOPWORDS
from ..text import fold_punctuation

_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_NAME = re.compile(r"\b[A-Z][a-zA-Z]+")

FEATURE_NAMES: tuple[str, ...] = (
    *(f"{side}_{n}gram" for n in (1, 2, 3, 4) for side in ("min", "max")),
    "log_length_gap",
    "min_prefix_overlap",
    "max_prefix_overlap",
    "log_unmatched_prefixes",
    "name_jaccard",
    "content_f1",
    "content_min",
    "content_max",
    "bigram_dice",
    "numbers_agree",
    "length_ratio",
    "word_jaccard",
    "trigram_dice",
    "sequence_ratio",
    "log_unmatched_left",
    "log_unmatched_right",
    "log_unmatched_max",
    "char4_jaccard",
    "numbers_conflict",
)


def tokens(sentence: str) -> list[str]:
    """Lowercased word and number tokens of a sentence (``2.5``, ``1,200`` stay whole)."""
    return _TOKEN.findall(fold_punctuation(sentence).lower())


@lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """A light English suffix strip (``-ing``, ``-ed``, ``-es``, ``-s``)."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@dataclass(slots=True, frozen=True)
class Prepared:
    """A sentence tokenised once for many comparisons."""

    text: str
    toks: tuple[str, ...]
    stems: tuple[str, ...]
    content: frozenset[str]
    prefixes: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]
    _grams: dict[int, object] = field(default_factory=dict, compare=False, hash=False, repr=False)
    """Per-sentence pieces of :func:`pair_features` (n-gram counts and sets), made on first use."""

    def gram_counts(self, n: int) -> Counter[tuple[str, ...]]:
        """Counts of the stem n-grams (n = 1..4)."""
        got = self._grams.get(n)
        if got is None:
            st = self.stems
            got = self._grams[n] = Counter(st[i : i + n] for i in range(len(st) - n + 1))
        return got  # type: ignore[return-value]

    def token_grams(self, n: int) -> frozenset[tuple[str, ...]]:
        """The set of token n-grams (n = 2, 3)."""
        got = self._grams.get(-n)
        if got is None:
            t = self.toks
            got = self._grams[-n] = frozenset(t[i : i + n] for i in range(len(t) - n + 1))
        return got  # type: ignore[return-value]

    def char4(self) -> frozenset[str]:
        """The set of character 4-grams of the tokens joined by spaces."""
        got = self._grams.get(0)
        if got is None:
            j = " ".join(self.toks)
            got = self._grams[0] = frozenset(j[i : i + 4] for i in range(len(j) - 3))
        return got  # type: ignore[return-value]


def prepare(sentence: str) -> Prepared:
    """Tokenise a sentence for :func:`pair_features`."""
    toks = tokens(sentence)
    stems = tuple(stem(w) for w in toks)
    content = frozenset(w for w in stems if w not in STOPWORDS)
    return Prepared(
        text=sentence,
        toks=tuple(toks),
        stems=stems,
        content=content,
        prefixes=frozenset(w[:5] for w in content),
        numbers=frozenset(w for w in toks if w[0].isdigit()),
        names=frozenset(w.lower() for w in _NAME.findall(fold_punctuation(sentence)[1:])),
    )


def _ngram_precisions(a: Prepared, b: Prepared, n: int) -> tuple[float, float]:
    ga, gb = a.gram_counts(n), b.gram_counts(n)
    if len(gb) < len(ga):
        ga, gb = gb, ga
    matched = 0
    for g, c in ga.items():
        other = gb.get(g)
        if other:
            matched += c if c < other else other
    pa = matched / max(1, len(a.stems) - n + 1)
    pb = matched / max(1, len(b.stems) - n + 1)
    return min(pa, pb), max(pa, pb)


def _dice(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def pair_features(a: Prepared, b: Prepared) -> np.ndarray:
    """The feature vector of a sentence pair, in the order of :data:`FEATURE_NAMES`."""
    out: list[float] = []
    for n in (1, 2, 3, 4):
        out.extend(_ngram_precisions(a, b, n))
    ta, tb = a.toks, b.toks
    out.append(math.log1p(abs(len(ta) - len(tb))))
    shared_p = len(a.prefixes & b.prefixes)
    pp = shared_p / len(a.prefixes) if a.prefixes else 0.0
    pr = shared_p / len(b.prefixes) if b.prefixes else 0.0
    out += [min(pp, pr), max(pp, pr), math.log1p(len(a.prefixes ^ b.prefixes))]
    names = a.names | b.names
    out.append(len(a.names & b.names) / len(names) if names else 1.0)
    shared = len(a.content & b.content)
    p = shared / len(a.content) if a.content else 0.0
    r = shared / len(b.content) if b.content else 0.0
    out += [2 * p * r / (p + r) if p + r else 0.0, min(p, r), max(p, r)]
    out.append(_dice(a.token_grams(2), b.token_grams(2)))
    na, nb = a.numbers, b.numbers
    out.append(1.0 if na == nb else (0.5 if na <= nb or nb <= na else 0.0))
    out.append(min(len(ta), len(tb)) / max(len(ta), len(tb), 1))
    sa, sb = set(a.stems), set(b.stems)
    out.append(len(sa & sb) / len(sa | sb) if sa | sb else 0.0)
    out.append(_dice(a.token_grams(3), b.token_grams(3)))
    out.append(difflib.SequenceMatcher(None, a.stems, b.stems, autojunk=False).ratio())
    ua, ub = len(a.content - b.content), len(b.content - a.content)
    out += [math.log1p(ua), math.log1p(ub), math.log1p(max(ua, ub))]
    ca, cb = a.char4(), b.char4()
    out.append(len(ca & cb) / len(ca | cb) if ca | cb else 0.0)
    out.append(float(na != nb and bool(na) and bool(nb)))
    return np.asarray(out, dtype=np.float64)
