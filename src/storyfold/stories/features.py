"""Article features for story grouping: weighted terms, named entities and numbers.

An article becomes a bag of features: content words of the body, the title
and the lead (counted again, so they weigh more), capitalised name sequences
(people, places, organisations) as ``E:`` features and figures as ``N:``
features. Features are hashed to 2**22 buckets so vectors from different
folds line up without a shared vocabulary.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import xxhash

from ..clean.stopwords import STOPWORDS
from ..text import fold_punctuation, split_sentences

N_FEATURES = 1 << 22
_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]", re.UNICODE)
_ENTITY = re.compile(
    r"\b[A-Z][\w'-]*[A-Za-z](?:\s+(?:of|de|del|la|le|von|van|al|bin|da|di)?\s*[A-Z][\w'-]*[A-Za-z])*"
)
_NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b")
_GENERIC = frozenset(
    """said says told say saying according also would could will can may might one two three
    new first last year years week weeks month months day days time times today yesterday
    monday tuesday wednesday thursday friday saturday sunday people including while after
    before since more most many much other another mr mrs ms news report reported reports
    per cent percent like just get got make made""".split()
)


def _norm_word(w: str) -> str:
    w = w.lower().removesuffix("'s").removesuffix("'")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def terms(text: str) -> list[str]:
    """Content words of a text, lowercased and lightly stemmed, without function words."""
    out = []
    for w in _WORD.findall(fold_punctuation(text)):
        n = _norm_word(w)
        if len(n) > 2 and n not in STOPWORDS and n not in _GENERIC:
            out.append(n)
    return out


def entities(text: str) -> list[str]:
    """Capitalised name sequences that do not merely start a sentence."""
    out = []
    for sent in split_sentences(fold_punctuation(text)):
        for m in _ENTITY.finditer(sent):
            name = m.group(0)
            first = name.split()[0]
            if m.start() == 0 and " " not in name and first.lower() in STOPWORDS | _GENERIC:
                continue
            if name.lower() in STOPWORDS or name.lower() in _GENERIC:
                continue
            out.append(name.lower())
    return out


def numbers(text: str) -> list[str]:
    """Figures written in a text (dates' years included), normalised without separators."""
    return [n.replace(",", "") for n in _NUMBER.findall(text) if len(n) > 1]


def article_features(title: str | None, text: str, *, lead_sentences: int = 3) -> Counter[str]:
    """The weighted feature bag of one article (title x3, lead x2, body x1, entities, numbers)."""
    bag: Counter[str] = Counter(terms(text))
    sents = split_sentences(text)
    lead = " ".join(sents[:lead_sentences])
    bag.update(terms(lead))
    if title:
        for t in terms(title):
            bag[t] += 3
        for e in entities(title):
            bag["E:" + e] += 3
    for e in entities(text):
        bag["E:" + e] += 1
    for e in entities(lead):
        bag["E:" + e] += 1
    for n in numbers(text):
        bag["N:" + n] += 1
    return bag


def feature_hash(feature: str) -> int:
    """Bucket of a feature in the hashed space."""
    return xxhash.xxh64_intdigest(feature.encode("utf-8")) % N_FEATURES


def hashed(bag: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted bucket indices and raw counts of a feature bag."""
    acc: dict[int, float] = {}
    for f, c in bag.items():
        h = feature_hash(f)
        acc[h] = acc.get(h, 0.0) + c
    idx = np.fromiter(sorted(acc), dtype=np.int64, count=len(acc))
    vals = np.array([acc[i] for i in idx.tolist()], dtype=np.float32)
    return idx, vals
