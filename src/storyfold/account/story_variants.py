"""Story-wide variants: quotes matched across sources, figures that disagree, dates resolved.

Quotes and figures are compared across the whole story, not only inside
aligned claims: two outlets often quote the same words or give the same count
in sentences built quite differently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from ..align.features import prepare
from ..model import Article
from ..text import split_sentences, token_matcher
from ..unionfind import find
from .dates import find_dates
from .lineage import Lineage
from .quantities import Quantity, consistent, find_quantities, measure_key
from .quotes import find_quotes, quote_tokens, same_quote
from .variants import DATE, NUMBER, Variant, VariantSide

QUOTE = "quote"


def quote_variants(articles: Sequence[Article]) -> list[Variant]:
    """Quotes that several articles give, where the words (not only spelling) differ."""
    clusters: list[list[tuple[str, str, str | None]]] = []  # (article, quote text, speaker)
    for a in articles:
        for q in find_quotes(a.text):
            # the closest cluster of this quote that the article is not yet in: an article
            # quoting two overlapping passages compares each with its own counterpart
            open_ = [
                c for c in clusters if all(x[0] != a.id for x in c) and same_quote(c[0][1], q.text)
            ]
            home = max(open_, key=lambda c: _closeness(c[0][1], q.text), default=None)
            if home is None:
                clusters.append([(a.id, q.text, q.speaker)])
            else:
                home.append((a.id, q.text, q.speaker))
    out = []
    for cluster in clusters:
        versions: dict[tuple[str, ...], VariantSide] = {}
        for art, text, _speaker in cluster:
            key = tuple(quote_tokens(text))
            side = versions.setdefault(key, VariantSide(text, []))
            side.articles.append(art)
            if text != side.value and text not in side.forms:
                side.forms.append(text)
        if len(versions) < 2:
            continue
        sides = sorted(versions.values(), key=lambda s: -len(s.articles))
        speaker = next((sp for _, _, sp in cluster if sp), None)
        changes = [c for s in sides[1:] for c in inner_changes(sides[0].value, s.value)]
        if not changes:
            continue
        about = f"quote of {speaker}" if speaker else "quote"
        out.append(Variant(QUOTE, None, about, sides, changes=changes))
    return out


def _closeness(a: str, b: str) -> float:
    """Shared tokens of two quotes over the longer one's: 1.0 for the same words."""
    ta, tb = Counter(quote_tokens(a)), Counter(quote_tokens(b))
    return (ta & tb).total() / max(ta.total(), tb.total(), 1)


def inner_changes(a: str, b: str) -> list[tuple[str, str]]:
    """Word changes between two versions of a quote, leaving out words one version only
    cuts off at either end (quoting a part is not changing it)."""
    ta, tb = quote_tokens(a), quote_tokens(b)
    sm = token_matcher(ta, tb)
    ops = sm.get_opcodes()
    while ops and ops[0][0] in ("delete", "insert"):
        ops = ops[1:]
    while ops and ops[-1][0] in ("delete", "insert"):
        ops = ops[:-1]
    return [
        (" ".join(ta[i1:i2]), " ".join(tb[j1:j2])) for op, i1, i2, j1, j2 in ops if op != "equal"
    ]


Mention = tuple[str, str, frozenset[str], Quantity, frozenset[str], frozenset[float]]
"""A figure as told: article, sentence, the sentence's content-word prefixes, the figure,
the content-word prefixes right around it (:func:`_around`), and the values of every
figure of the sentence."""

AROUND_RATIO = 1.4
"""Most a figure may differ from another whose sentence is worded apart and still be
reported as the same count given differently (two reports of one count differ by a
rounding or a revision; different counts of one noun lie further apart: set on the
demo and BASIL dev, where 1,200 / 900, 48 / 47 pages and 38 / 35 words are one count
and 19 / 12 years, 4 / 2 states and $2.6 / $6.5 trillion are not)."""

AROUND_BEFORE, AROUND_AFTER = 25, 45
"""Characters before and after a figure read for what it is about ("forcing 1,200
residents of the town from their homes")."""


def _around(sentence: str, q: Quantity) -> frozenset[str]:
    """The content-word prefixes next to a figure, but for its own noun and other figures."""
    near = (
        sentence[max(0, q.start - AROUND_BEFORE) : q.start]
        + " "
        + sentence[q.end : q.end + AROUND_AFTER]
    )
    noun = (q.noun or "")[:5]
    return frozenset(p for p in prepare(near).prefixes if not p[0].isdigit() and p != noun)


def _mentions(articles: Sequence[Article]) -> list[Mention]:
    out = []
    for a in articles:
        for s in split_sentences(a.text):
            context = frozenset(p for p in prepare(s).prefixes if not p[0].isdigit())
            figures = find_quantities(s)
            values = frozenset(q.value for q in figures)
            for q in figures:
                if q.noun:
                    out.append((a.id, s, context, q, _around(s, q), values))
    return out


def number_variants(
    articles: Sequence[Article],
    lineage: Lineage,
    *,
    min_context: float = 0.35,
    max_ratio: float = 3.0,
) -> list[Variant]:
    """Figures for the same thing, in sentences about the same fact, that differ between
    independent sources.

    No disagreement: a figure whose sentence also gives the other figure (the two
    count different parts of one claim), or figures more than ``max_ratio`` apart
    (an estimate and its revision differ by less; 25 and 4,000 soldiers are
    different groups)."""
    ms = _mentions(articles)
    parent = list(range(len(ms)))

    def root(x: int) -> int:
        return find(parent, x)

    def ratio_allowed(i: int, j: int) -> float:
        """How far apart the two figures may be and still count one thing: ``max_ratio``
        for sentences about the same fact, :data:`AROUND_RATIO` when only the figures'
        own words meet ("forcing 1,200 residents from their homes" / "about 900 people
        left their homes"), 0 when neither."""
        ci, cj = ms[i][2], ms[j][2]
        small = min(len(ci), len(cj)) or 1
        if len(ci & cj) / small >= min_context:
            return max_ratio
        return AROUND_RATIO if ms[i][4] & ms[j][4] else 0.0

    by_noun: dict[str, list[int]] = {}
    for k, m in enumerate(ms):
        key = measure_key(m[3].noun)
        if key:
            by_noun.setdefault(key, []).append(k)
    disagree: set[int] = set()
    for idxs in by_noun.values():
        for x, i in enumerate(idxs):
            for j in idxs[x + 1 :]:
                a, b = ms[i], ms[j]
                allowed = 0.0 if a[0] == b[0] else ratio_allowed(i, j)
                if not allowed:
                    continue
                if a[3].value == b[3].value:
                    parent[root(j)] = root(i)
                    continue
                if consistent(a[3], b[3]):
                    continue  # "dozens of people" and "46 people" can both be true
                lo, hi = sorted((abs(a[3].value), abs(b[3].value)))
                if lo == 0 or hi / lo > allowed:
                    continue
                fam_a = lineage.family_of.get(a[0], a[0])
                fam_b = lineage.family_of.get(b[0], b[0])
                if fam_a == fam_b:
                    continue
                if b[3].value in a[5] or a[3].value in b[5]:
                    continue  # one sentence gives both: a part and the whole, two counts
                parent[root(j)] = root(i)
                disagree.update((root(i), i, j))
    groups: dict[int, list[int]] = {}
    for k in range(len(ms)):
        groups.setdefault(root(k), []).append(k)
    out = []
    for members in groups.values():
        values = {ms[k][3].value for k in members}
        if len(values) < 2 or not any(k in disagree for k in members):
            continue
        given: dict[str, set[float]] = {}
        for k in members:
            given.setdefault(ms[k][0], set()).add(ms[k][3].value)
        if any(len(v) > 1 for v in given.values()):
            continue  # an article giving two of the figures counts two things, not one
        sides: dict[float, VariantSide] = {}
        for k in sorted(members, key=lambda k: ms[k][3].start):
            art, _, _, q, _, _ = ms[k]
            side = sides.get(q.value)
            if side is None:
                attribution = q.attribution
                if q.when:
                    attribution = f"{attribution} ({q.when})" if attribution else q.when
                shown = f"{q.modifier} {q.text}" if q.modifier else q.text
                side = sides[q.value] = VariantSide(shown, [], attribution)
            if art not in side.articles:
                side.articles.append(art)
        noun = ms[members[0]][3].noun
        # most sources first, then the smaller figure: the same whatever order the
        # articles came in
        ordered = [sides[v] for v in sorted(sides, key=lambda v: (-len(sides[v].articles), v))]
        out.append(Variant(NUMBER, None, f"how many {noun}s" if noun else "figure", ordered))
    return out


def resolve_date_variants(
    variants: Sequence[Variant],
    sentences: dict[str, dict[str, str]],
    anchors: dict[str, date | None],
) -> None:
    """Resolve the sides of date variants to calendar days; mark one-day variants same_fact.

    ``sentences`` maps claim id -> article -> sentence, so articles that give the
    date in a sentence too different to diff still join the side of their day.
    """
    for v in variants:
        if v.kind != DATE:
            continue
        days = []
        for side in v.sides:
            anchor = next((anchors.get(a) for a in side.articles if anchors.get(a)), None)
            found = [m.date for m in find_dates(side.value, anchor) if m.date]
            side.resolved = found[0].isoformat() if found else None
            days.append(side.resolved)
        placed = {a for s in v.sides for a in s.articles}
        for art, sent in (sentences.get(v.claim or "", {})).items():
            if art in placed:
                continue
            for m in find_dates(sent, anchors.get(art)):
                if m.date and m.date.isoformat() in days:
                    v.sides.append(VariantSide(m.text, [art], resolved=m.date.isoformat()))
                    placed.add(art)
                    break
        resolved = {s.resolved for s in v.sides}
        v.same_fact = len(resolved) == 1 and None not in resolved
