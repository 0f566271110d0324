"""Lexical features of a sentence pair: how much of each side the other says again.

Every feature is computed from the two sentences alone (no vocabulary or
model files): word n-gram precision both ways (BLEU-style, n = 1..4), content
word overlap on stems and on 5-letter prefixes, what is left unmatched, names,
figures, word order (longest matching blocks) and character 4-grams.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..clean.stopwords import STOPWORDS
from ..text import fold_punctuation, token_matcher

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

    def stem_set(self) -> frozenset[str]:
        """The set of the stems."""
        got = self._grams.get(5)
        if got is None:
            got = self._grams[5] = frozenset(self.stems)
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


def _matched(a: Prepared, b: Prepared, n: int) -> int:
    """How many stem n-grams the two sentences share, counted with multiplicity."""
    ga, gb = a.gram_counts(n), b.gram_counts(n)
    if len(gb) < len(ga):
        ga, gb = gb, ga
    matched = 0
    for g, c in ga.items():
        other = gb.get(g)
        if other:
            matched += c if c < other else other
    return matched


def _precisions(a: Prepared, b: Prepared, n: int, matched: int) -> tuple[float, float]:
    pa = matched / max(1, len(a.stems) - n + 1)
    pb = matched / max(1, len(b.stems) - n + 1)
    return min(pa, pb), max(pa, pb)


def _dice(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


_AT = {name: i for i, name in enumerate(FEATURE_NAMES)}
COSTLY_FEATURES: tuple[str, ...] = (
    *(f"{side}_{n}gram" for n in (2, 3, 4) for side in ("min", "max")),
    "bigram_dice",
    "trigram_dice",
    "sequence_ratio",
)
"""The features that cost most (longer n-grams, word order): all at least 0, and each has
a cheap upper bound (see :func:`known_pair_features`)."""
COSTLY_AT = np.array([_AT[name] for name in COSTLY_FEATURES], dtype=np.int64)


def known_pair_features(a: Prepared, b: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """The cheap part of :func:`pair_features`, and the most the costly part could be.

    Returns the feature vector with every one of :data:`COSTLY_FEATURES` at 0
    (their least possible value) and the vector of their greatest possible
    values, in the order of :data:`COSTLY_FEATURES`. The bounds are exact, not
    estimates: n-grams shared are never more than the stems shared (each shared
    n-gram starts with a shared stem), a Dice coefficient is never more than
    the smaller set allows, and the word-order ratio is never more than
    difflib's ``quick_ratio`` (shared stems over both lengths).
    """
    out = np.zeros(len(FEATURE_NAMES), dtype=np.float64)
    m1 = _matched(a, b, 1)
    out[_AT["min_1gram"]], out[_AT["max_1gram"]] = _precisions(a, b, 1, m1)
    ta, tb = a.toks, b.toks
    la, lb = len(a.stems), len(b.stems)
    out[_AT["log_length_gap"]] = math.log1p(abs(len(ta) - len(tb)))
    shared_p = len(a.prefixes & b.prefixes)
    pp = shared_p / len(a.prefixes) if a.prefixes else 0.0
    pr = shared_p / len(b.prefixes) if b.prefixes else 0.0
    out[_AT["min_prefix_overlap"]], out[_AT["max_prefix_overlap"]] = min(pp, pr), max(pp, pr)
    out[_AT["log_unmatched_prefixes"]] = math.log1p(
        len(a.prefixes) + len(b.prefixes) - 2 * shared_p
    )
    names = len(a.names | b.names)
    out[_AT["name_jaccard"]] = len(a.names & b.names) / names if names else 1.0
    shared = len(a.content & b.content)
    p = shared / len(a.content) if a.content else 0.0
    r = shared / len(b.content) if b.content else 0.0
    out[_AT["content_f1"]], out[_AT["content_min"]], out[_AT["content_max"]] = (
        (2 * p * r / (p + r) if p + r else 0.0),
        min(p, r),
        max(p, r),
    )
    na, nb = a.numbers, b.numbers
    out[_AT["numbers_agree"]] = 1.0 if na == nb else (0.5 if na <= nb or nb <= na else 0.0)
    out[_AT["length_ratio"]] = min(len(ta), len(tb)) / max(len(ta), len(tb), 1)
    out[_AT["word_jaccard"]] = _jaccard(a.stem_set(), b.stem_set())
    ua, ub = len(a.content) - shared, len(b.content) - shared
    (
        out[_AT["log_unmatched_left"]],
        out[_AT["log_unmatched_right"]],
        out[_AT["log_unmatched_max"]],
    ) = math.log1p(ua), math.log1p(ub), math.log1p(max(ua, ub))
    out[_AT["char4_jaccard"]] = _jaccard(a.char4(), b.char4())
    out[_AT["numbers_conflict"]] = float(na != nb and bool(na) and bool(nb))
    high = []
    for n in (2, 3, 4):
        each = (min(1.0, m1 / max(1, la - n + 1)), min(1.0, m1 / max(1, lb - n + 1)))
        high += [min(each), max(each)]
    for n in (2, 3):
        sa, sb = len(a.token_grams(n)), len(b.token_grams(n))
        high.append(2 * min(sa, sb) / (sa + sb) if sa + sb else 0.0)
    high.append(2 * m1 / (la + lb) if la + lb else 1.0)
    return out, np.asarray(high, dtype=np.float64)


def add_costly_features(features: np.ndarray, a: Prepared, b: Prepared) -> np.ndarray:
    """Fill in the :data:`COSTLY_FEATURES` of a vector from :func:`known_pair_features`."""
    at = COSTLY_AT
    for k, n in enumerate((2, 3, 4)):
        features[at[2 * k]], features[at[2 * k + 1]] = _precisions(a, b, n, _matched(a, b, n))
    features[at[6]] = _dice(a.token_grams(2), b.token_grams(2))
    features[at[7]] = _dice(a.token_grams(3), b.token_grams(3))
    features[at[8]] = token_matcher(a.stems, b.stems).ratio()
    return features


def pair_features(a: Prepared, b: Prepared) -> np.ndarray:
    """The feature vector of a sentence pair, in the order of :data:`FEATURE_NAMES`."""
    return add_costly_features(known_pair_features(a, b)[0], a, b)
