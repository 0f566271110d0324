"""One change, one variant: a difference found by two routes is reported once.

A quotation changed by one word comes back from the quote matcher (as a ``quote``
variant) and from the aligned claim holding it (as ``wording``); a figure from the claim
and from the story-wide comparison of figures. Of variants that report the same words
changed for overlapping articles, the most specific kind is kept: a date, a figure or a
name before a quote (a figure changed inside a quotation is a figure that differs, said by
the quote's speaker), and a quote before a wording difference.
"""

from __future__ import annotations

from collections.abc import Sequence

from .story_variants import QUOTE
from .variants import DATE, ENTITY, NUMBER, WORDING, Variant, tokens

#: the order in which a change's reports are kept: the first kind that reports it
SPECIFICITY = (DATE, NUMBER, ENTITY, QUOTE, WORDING)


def changed_words(variant: Variant) -> frozenset[str]:
    """The words (lowercased) that some side of a variant has and another lacks; for a
    quote, the words of its changes."""
    if variant.changes:
        return frozenset(
            k for a, b in variant.changes for t in tokens(f"{a} {b}") for k in _keys(t)
        )
    sides = [{k for t in tokens(s.value) for k in _keys(t)} for s in variant.sides]
    if len(sides) < 2:
        return frozenset()
    return frozenset(set().union(*sides) - sides[0].intersection(*sides[1:]))


def _keys(token: str) -> list[str]:
    """A token as compared, in the parts a quote's changes spell it in: lowercased, split
    at hyphens ("million-dollar"), a figure without thousands separators ("1,200" as
    "1200"); punctuation gives none."""
    parts = token.split("-") if not token[:1].isdigit() else [token.replace(",", "")]
    return [p.lower() for p in parts if any(ch.isalnum() for ch in p)]


def _articles(variant: Variant) -> set[str]:
    return {a for s in variant.sides for a in s.articles}


def one_report_per_change(variants: Sequence[Variant]) -> list[Variant]:
    """``variants`` without those whose changed words another, more specific variant of
    overlapping articles already reports (their order otherwise kept)."""
    rank = {kind: n for n, kind in enumerate(SPECIFICITY)}
    order = sorted(range(len(variants)), key=lambda i: (rank.get(variants[i].kind, len(rank)), i))
    words = [changed_words(v) for v in variants]
    arts = [_articles(v) for v in variants]
    kept: list[int] = []
    for i in order:
        covered = words[i] and any(words[i] <= words[k] and arts[i] & arts[k] for k in kept)
        if not covered:
            kept.append(i)
    return [variants[i] for i in sorted(kept)]
