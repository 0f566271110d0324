"""Variants inside aligned claims: where the sources word the same claim differently.

For every claim group one sentence is the pivot (from the earliest original);
each other sentence is matched to it word by word (difflib over tokens) and
every replaced run of a few words becomes a variant with the sources on each
side. A variant is a ``place/name`` when a side names something the other
gives another name (capitalised words on both sides), a ``number`` when
both sides give figures (``same_fact`` when they are one value written two
ways), a ``date`` when day words differ, else ``wording``. Sentences that word the claim too
differently to diff join a side when they contain its words or its names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..clean.stopwords import STOPWORDS
from ..text import fold_punctuation, token_matcher
from .claims import HEADLINE, ClaimGroup, ClaimSentence
from .quantities import find_quantities
from .quotes import unify_spelling

#: a figure is one token, separators and decimals included ("4,200,000", "4.2"), so a
#: changed figure is shown whole, never as "200" vs "500" of "1,200" and "1,500"
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\d+(?:[.,]\d+)+|\w+(?:['-]\w+)*|[^\w\s]")
_DATE_WORD = re.compile(
    r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(today|yesterday|tomorrow|tonight)\b|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"\blast (week|month|year)\b",
    re.I,
)

WORDING, ENTITY, NUMBER, DATE = "wording", "place/name", "number", "date"
_PRONOUNS = frozenset("he she they it him her them his its their".split())


@dataclass(slots=True)
class VariantSide:
    """One version of a varying part of a claim and the articles that give it."""

    value: str
    articles: list[str] = field(default_factory=list)
    attribution: str | None = None
    resolved: str | None = None  # e.g. the calendar date a date phrase means
    forms: list[str] = field(default_factory=list)  # other spellings of the same version


@dataclass(slots=True)
class Variant:
    """A part of a claim that the sources give differently.

    ``same_fact`` is True when the sides are different words for one fact (a
    relative and an absolute date of the same day); ``changes`` lists the
    word-level changes of a quote.
    """

    kind: str
    claim: str | None
    about: str
    sides: list[VariantSide]
    same_fact: bool = False
    changes: list[tuple[str, str]] = field(default_factory=list)


def tokens(text: str) -> list[str]:
    """Word and punctuation tokens with typography folded."""
    return _TOKEN.findall(fold_punctuation(text))


def _low(toks: Sequence[str]) -> list[str]:
    return [t.lower() for t in toks]


def _contains(hay: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(hay[i : i + n] == needle for i in range(len(hay) - n + 1))


def _names(toks: Sequence[str]) -> set[str]:
    return {t for t in toks if t[:1].isupper() and t.lower() not in STOPWORDS}


def _kind(
    a: list[str], b: list[str], named_a: list[str] | None = None, named_b: list[str] | None = None
) -> str:
    """What a replaced run changes: a date, a figure for a figure, a name for a name, or
    else the wording ("Marlowe" / "she", "in the second half" / "in the 64th minute").
    ``named_a`` / ``named_b``: the words read for names (a run without the first word of
    its sentence, which is capitalised whatever it is)."""
    if _DATE_WORD.search(" ".join(a)) or _DATE_WORD.search(" ".join(b)):
        return DATE
    if all(any(ch.isdigit() for ch in "".join(side)) for side in (a, b)) or (
        _figures(a) and _figures(b)
    ):
        return NUMBER
    na = a if named_a is None else named_a
    nb = b if named_b is None else named_b
    caps_a, caps_b = _capitalised(na), _capitalised(nb)
    if caps_a - caps_b and caps_b - caps_a and (_names(na) or _names(nb)):
        return ENTITY  # a name for another ("Tarnby" / "Welford"), not one added ("Hale" /
        # "Mayor Ada Hale") or dropped
    return WORDING


def _capitalised(toks: Sequence[str]) -> set[str]:
    """The capitalised words of a run in one spelling: without a possessive, dots or a
    plural ending ("Korea's" -> "korea", "U.S." -> "us", "Russians" -> "russian")."""
    out = set()
    for t in toks:
        if t[:1].isupper():
            w = re.sub(r"['’]s$", "", t).replace(".", "").lower()
            out.add(w[:-1] if len(w) > 4 and w.endswith("s") else w)
    return out


def _figures(toks: list[str]) -> list[float]:
    """The values of the figures a run of words gives ("4.2 million" -> [4200000.0])."""
    return [q.value for q in find_quantities(_join(toks))]


def _same_figures(sides: Sequence[VariantSide]) -> bool:
    """Whether every side gives the same figures in other words ("4,200,000" and "4.2
    million")."""
    values = [sorted(_figures(tokens(side.value))) for side in sides]
    return bool(values[0]) and all(v == values[0] for v in values[1:])


def _side_key(words: Sequence[str]) -> str:
    """Words compared without case, spelling variants, punctuation or spacing."""
    return re.sub(r"\W", "", "".join(unify_spelling(w) for w in _low(words)))


def _trivial(a: list[str], b: list[str]) -> bool:
    """Punctuation, case, spelling (honour/honor) or function-word-only changes are no variants."""
    wa = [unify_spelling(t) for t in _low(a) if t[0].isalnum()]
    wb = [unify_spelling(t) for t in _low(b) if t[0].isalnum()]
    if wa == wb or re.sub(r"\W", "", "".join(wa)) == re.sub(r"\W", "", "".join(wb)):
        return True  # also "U.S."/"US", "Jong-un"/"Jong Un"
    content = [t for t in wa + wb if t not in STOPWORDS]
    if not content:
        return True
    # a name on one side, the pronoun for it on the other ("Marlowe said" / "she said")
    one, other = (a, wb) if len(wa) <= len(wb) else (b, wa)
    return len(one) == 1 and one[0][:1].isupper() and len(other) == 1 and other[0] in _PRONOUNS


WHOLE_LINE = 3
"""Most tokens of a claim's sentence that may differ whole from its partner's (a label:
"Monday" / "Wednesday"); longer sentences must share half their words to be diffed."""


def _replacements(
    pivot: list[str], other: list[str], max_words: int
) -> list[tuple[int, int, int, list[str]]]:
    """Replaced runs (pivot start, pivot end, other's start, other's words) inside the
    matched region."""
    sm = token_matcher(_low(pivot), _low(other))
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    matched = sum(b.size for b in blocks)
    if not blocks or matched < 0.5 * min(len(pivot), len(other)):
        if 0 < len(pivot) <= WHOLE_LINE and 0 < len(other) <= WHOLE_LINE:
            # a label of a word or three replaced whole ("Monday" / "Wednesday")
            return [] if _trivial(pivot, other) else [(0, len(pivot), 0, list(other))]
        return []
    lo, hi = blocks[0].a, blocks[-1].a + blocks[-1].size
    runs: list[list[int]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            if runs and i2 - i1 <= 1 and i2 < hi:
                runs[-1][4] = -1  # a short equal stretch may join two replaced runs
            elif runs:
                runs[-1][4] = 0
            continue
        if (i1 < lo or i2 > hi) and op != "replace":
            continue  # words one version adds or cuts off at an end; a replaced first or
            # last word ("10 Essential Rules" / "13 Essential Rules") is a change
        if runs and runs[-1][4] == -1:
            runs[-1][1], runs[-1][3], runs[-1][4] = i2, j2, 1
        else:
            runs.append([i1, i2, j1, j2, 1])
    out = []
    for i1, i2, j1, j2, _ in runs:
        if i2 - i1 > max_words or j2 - j1 > max_words or i1 == i2 or j1 == j2:
            continue
        if _trivial(pivot[i1:i2], other[j1:j2]):
            continue
        out.append((i1, i2, j1, other[j1:j2]))
    return out


def claim_variants(
    group: ClaimGroup,
    pivot_article: str | None,
    *,
    rewrites: frozenset[str] = frozenset(),
    max_words: int = 8,
) -> list[Variant]:
    """The word-level variants of one claim group.

    Wording differences that only a rewrite (``rewrites``: ids of articles that
    paraphrase another) brings are the rewrite's style, not news: they are
    kept only when three or more versions exist. Changes of names, figures and
    dates are always kept.
    """
    # a headline says the claim short by design: its wording is no variant of the body's
    sents = [s for s in group.sentences if s.index != HEADLINE]
    if len({s.article for s in sents}) < 2:
        return []
    pivot = next((s for s in sents if s.article == pivot_article), sents[0])
    ptoks = tokens(pivot.text)
    found: dict[tuple[int, int], dict[str, list[str]]] = {}
    shown: dict[tuple[int, int], dict[str, str]] = {}
    opening: dict[tuple[int, int, str], bool] = {}  # the run opens its sentence
    for s, stoks in _closest_per_article(sents, pivot, ptoks):
        for i1, i2, j1, words in _replacements(ptoks, stoks, max_words):
            key = _side_key(words)
            opening[(i1, i2, key)] = j1 == 0
            found.setdefault((i1, i2), {}).setdefault(key, []).append(s.article)
            shown.setdefault((i1, i2), {})[key] = _join(words)
    spans = sorted(found)
    nested = {
        (i1, i2)
        for i1, i2 in spans
        if any((j1, j2) != (i1, i2) and i1 <= j1 and j2 <= i2 for j1, j2 in spans)
    }
    variants = []
    for (i1, i2), others in sorted(found.items()):
        if (i1, i2) in nested:
            continue  # a narrower variant inside this run says it better
        pwords = ptoks[i1:i2]
        sides = [VariantSide(_join(pwords), [pivot.article])]
        sides += [
            VariantSide(shown[(i1, i2)][k], list(dict.fromkeys(v))) for k, v in others.items()
        ]
        _assign_rest(sents, sides)
        other_words = [w for k in others for w in tokens(shown[(i1, i2)][k])]
        other_named = [
            w
            for k in others
            for n, w in enumerate(tokens(shown[(i1, i2)][k]))
            if n or not opening[(i1, i2, k)]  # a sentence's first word is capitalised anyway
        ]
        kind = _kind(pwords, other_words, pwords[1:] if i1 == 0 else pwords, other_named)
        if (
            kind == WORDING
            and len(sides) < 3
            and all(a in rewrites for side in sides[1:] for a in side.articles)
        ):
            continue
        same = kind == NUMBER and _same_figures(sides)
        variants.append(Variant(kind, group.id, _about(ptoks, i1, i2), sides, same_fact=same))
    return variants


def _closest_per_article(
    sents: Sequence[ClaimSentence], pivot: ClaimSentence, ptoks: list[str]
) -> list[tuple[ClaimSentence, list[str]]]:
    """Of each other article's sentences in the claim, the one closest to the pivot, with
    its tokens: an article that tells the claim twice ("Income tax" and "Income taxes") is
    compared with the pivot once, by the version that matches it."""
    best: dict[str, tuple[float, int, ClaimSentence, list[str]]] = {}
    low = _low(ptoks)
    for n, s in enumerate(sents):
        if s.article == pivot.article:
            continue
        toks = tokens(s.text)
        ratio = token_matcher(low, _low(toks)).ratio()
        if s.article not in best or ratio > best[s.article][0]:
            best[s.article] = (ratio, n, s, toks)
    return [(s, toks) for _, _, s, toks in sorted(best.values(), key=lambda x: x[1])]


def _assign_rest(sents: list[ClaimSentence], sides: list[VariantSide]) -> None:
    """Put each article not yet on a side onto the side whose words or names it contains."""
    placed = {a for side in sides for a in side.articles}
    side_words = [_low(tokens(side.value)) for side in sides]
    side_names = [_names(tokens(side.value)) for side in sides]
    own_names = [
        n - set().union(*(m for j, m in enumerate(side_names) if j != i))
        for i, n in enumerate(side_names)
    ]
    for s in sents:
        if s.article in placed:
            continue
        toks = tokens(s.text)
        low = _low(toks)
        hits = [i for i, w in enumerate(side_words) if _contains(low, w)]
        if not hits:
            names = _names(toks)
            hits = [i for i, n in enumerate(own_names) if n and n <= names]
        if len(hits) == 1:
            sides[hits[0]].articles.append(s.article)
            placed.add(s.article)


def _about(toks: list[str], i1: int, i2: int) -> str:
    """A few words of context around the varying run of the pivot sentence."""
    left = _join(toks[max(0, i1 - 4) : i1])
    right = _join(toks[i2 : i2 + 4])
    return f"{left} … {right}".strip()


def _join(toks: Sequence[str]) -> str:
    text = " ".join(toks)
    return re.sub(r"\s+([,.;:!?)\]'\"])", r"\1", re.sub(r"([(\[])\s+", r"\1", text))
