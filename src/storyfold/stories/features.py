"""Article features for story grouping: weighted terms, named entities, figures and years.

An article becomes a bag of features:

* content words (``terms``) of the body, counted again for the lead and three
  more times for the title, so the headline and the first sentences weigh most;
* name tokens (``E:`` features) of capitalised name sequences (people, places,
  organisations), counted twice and once more in the lead: two reports of one
  event name the same people, two similar events usually do not;
* figures (``N:``) and years (``Y:``) written in the text.

Text is prepared first: addresses (URLs) are reduced to the words of their
path, and tokenised text ("Lohan ' s", "2, 000", "court - mandated") is read
like ordinary text. Features are hashed to 2**22 buckets so vectors from
different folds line up without a shared vocabulary.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np
import xxhash

from ..clean.stopwords import STOPWORDS
from ..text import fold_punctuation, split_sentences

N_FEATURES = 1 << 22
TITLE_WEIGHT = 3
"""Extra counts of each title term (on top of its counts in the body)."""
ENTITY_WEIGHT = 2
"""Counts of each name token per mention (a name is also counted as a term)."""
YEAR_WEIGHT = 3
"""Counts of each year per mention: two events a year apart name different years."""
LEAD_SENTENCES = 3

_WORD = re.compile(r"[^\W\d_][\w']*[^\W_]|[^\W\d_]", re.UNICODE)
_NAME_TOKEN = r"[A-Z][\w']*[A-Za-z]"
_ENTITY = re.compile(
    rf"\b{_NAME_TOKEN}(?:(?:\s+(?:of|de|del|la|le|von|van|al|bin|da|di))?\s+{_NAME_TOKEN})*"
)
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\s?\d{3})+(?![\d])|(?<![\w.,])\d+(?:\.\s?\d+)?(?!\w)")
_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
_URL = re.compile(
    r"\b(?:https?[ \t]*:[ \t]*/[ \t]*/|www[ \t]*\.)[ \t]*[\w%~+-]*"
    r"(?:[ \t]*[/.?=&_#%+~:-][ \t]*[\w%~+]+)*",
    re.IGNORECASE,
)
_URL_NOISE = frozenset(
    "http https www com org net html htm shtml php asp aspx jsp cms index story article "
    "news blog id".split()
)
_POSSESSIVE = re.compile(r"(\w)\s+'\s*s\b|(\w)'\s+s\b")
_HYPHEN = re.compile(r"(?<=\w)\s+-\s+(?=\w)")
_GENERIC = frozenset(
    """said says told say saying according also would could will can may might one two three
    new first last year years week weeks month months day days time times today yesterday
    tomorrow tonight monday tuesday wednesday thursday friday saturday sunday people including
    while after before since more most many much other another mr mrs ms dr news report
    reported reports per cent percent like just get got make made january february march april
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec photo video image copyright updated posted published""".split()
)
_NOT_NAMES = STOPWORDS | _GENERIC


@lru_cache(maxsize=1 << 18)
def _norm_word(w: str) -> str:
    w = w.lower().removesuffix("'s").removesuffix("'")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _url_words(m: re.Match[str]) -> str:
    """The words of an address's path (host and file endings left out)."""
    s = re.sub(r"[ \t]+", "", m.group(0))
    s = re.sub(r"^(?:https?:)?/*", "", s, flags=re.IGNORECASE)
    path = s.split("/", 1)[1] if "/" in s else ""
    parts = re.split(r"[/.?=&_#%+~:-]+", path)
    kept = [p for p in parts if p.isalpha() and p.lower() not in _URL_NOISE]
    return " " + " ".join(kept) + " "


def prepare(text: str | None) -> str:
    """Fold punctuation, reduce addresses to their path words and rejoin tokenised text."""
    if not text:
        return ""
    t = fold_punctuation(text)
    t = _URL.sub(_url_words, t)
    t = _POSSESSIVE.sub(lambda m: (m.group(1) or m.group(2)) + "'s", t)
    return _HYPHEN.sub("-", t)


def terms(text: str) -> list[str]:
    """Content words of a prepared text, lowercased and lightly stemmed, no function words.

    Hyphenated words count as their parts, so "court-mandated" and "court - mandated"
    give the same terms.
    """
    out = []
    for w in _WORD.findall(text):
        for part in w.split("-") if "-" in w else (w,):
            n = _norm_word(part)
            if len(n) > 2 and n not in STOPWORDS and n not in _GENERIC:
                out.append(n)
    return out


def _is_title_case(text: str) -> bool:
    """Whether most longer words of a line are capitalised (a headline, not a sentence)."""
    ws = [w for w in _WORD.findall(text) if len(w) > 3]
    return len(ws) >= 3 and sum(w[0].isupper() for w in ws) >= 0.6 * len(ws)


def entities(text: str) -> list[str]:
    """Name tokens of capitalised sequences, lowercased.

    A capitalised word that merely starts a sentence counts only when the text
    also writes it capitalised elsewhere in a sentence; function words, month
    and day names and other generic words never count.
    """
    return [e for sent in _entity_mentions(split_sentences(text)) for e in sent]


def _entity_mentions(sents: list[str]) -> list[list[str]]:
    """The name tokens of each sentence (see :func:`entities`)."""
    mid: set[str] = set()
    found: list[list[tuple[bool, str]]] = []
    for sent in sents:
        here = []
        for m in _ENTITY.finditer(sent):
            for i, tok in enumerate(m.group(0).split()):
                start = i == 0 and m.start() == 0
                norm = _norm_word(tok)
                if not start:
                    mid.add(norm)
                here.append((start, norm))
        found.append(here)
    return [
        [
            norm
            for start, norm in here
            if len(norm) > 1
            and norm not in _NOT_NAMES
            and any(c.isalpha() for c in norm)
            and (not start or norm in mid)
        ]
        for here in found
    ]


def numbers(text: str) -> tuple[list[str], list[str]]:
    """Figures (of two or more digits) and years written in a text, without separators."""
    figures, years = [], []
    for raw in _NUMBER.findall(text):
        n = raw.replace(",", "").replace(" ", "")
        if _YEAR.match(raw):
            years.append(n)
        elif len(n) > 1:
            figures.append(n)
    return figures, years


def article_features(
    title: str | None,
    text: str,
    *,
    lead_sentences: int = LEAD_SENTENCES,
    date_lines: list[str] | None = None,
) -> Counter[str]:
    """The weighted feature bag of one article.

    ``date_lines`` are datelines the cleaner cut from the page; only the years
    they give are used.
    """
    body = prepare(text)
    head = prepare(title)
    sents = split_sentences(body)
    bag: Counter[str] = Counter()
    for i, sent in enumerate(sents):
        words = terms(sent)
        bag.update(words)
        if i < lead_sentences:
            bag.update(words)
    for t in terms(head):
        bag[t] += TITLE_WEIGHT
    if head and not _is_title_case(head):
        for e in entities(head):
            bag["E:" + e] += ENTITY_WEIGHT
    for names in _entity_mentions(sents):
        for e in names:
            bag["E:" + e] += ENTITY_WEIGHT
    for names in _entity_mentions(sents[:lead_sentences]):
        for e in names:
            bag["E:" + e] += 1
    figures, years = numbers(head + "\n" + body)
    for n in figures:
        bag["N:" + n] += 1
    for line in date_lines or ():
        years.extend(numbers(prepare(line))[1])
    for y in years:
        bag["Y:" + y] += YEAR_WEIGHT
    return bag


def years_named(bag: Counter[str]) -> list[int]:
    """The years a feature bag names (its ``Y:`` features)."""
    return sorted(int(f[2:]) for f in bag if f.startswith("Y:"))


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
