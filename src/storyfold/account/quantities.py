"""Figures in news sentences: the value, what it counts, the hedge and who says so.

A :class:`Quantity` span (``start``/``end``, ``text``) covers the figure as
written, currency sign, scale word, percent sign and hyphenated unit included
("$1.8 billion", "40%", "5,000-ton", "dozens"), not the hedge or the noun.

* ``value``: the number times its scale. A range ("10-12") keeps its lower end;
  vague counts take the smallest amount they imply (two units): "dozens of" 24,
  "hundreds of" 200, "thousands of" 2,000, "tens of thousands of" 20,000.
* ``noun``: what the figure counts, lowercased and singular: the unit for money
  ("dollar", "euro", ...), percentages ("percent") and hyphenated units
  ("5,000-ton" -> "ton"); else the head of the noun phrase after the figure,
  skipping capitalised words ("North Estmark"), quantity adjectives ("additional",
  "estimated") and "of the" ("two of the soldiers"); None when nothing follows.
* ``modifier``: a hedge right before the figure ("as many as", "an estimated",
  "more than", ...), "a total of" between them allowed.
* ``attribution``: the source the sentence names for its figures: "..., X have
  said." (with earlier all-capitalised comma segments joined back: "E.U., Vell and
  Norland officials"), "..., said X.", "according to X", or a
  sentence-initial "X said ..." for figures after the verb.
* ``when``: the time phrase nearest the figure, within :data:`WHEN_GAP` characters
  ("last fall", "since the start of this year", "in 2024", "on April 24"), unless
  it dates the speaking ("officials said on Monday").

Skipped: years (a bare four-digit 1900-2100 without a hedge before it), times of
day ("10:30", "9 a.m."), ages ("aged 24", "24-year-old", "Name, 24,"), day
numbers inside dates ("Apr 24"), ordinals ("3rd"), numbers inside names
("F-16", "G7"), and "one" when not counting ("one of", "no one").
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass

from .dates import MONTHS, DateMention, find_dates


def _pairs(table: str) -> dict[str, str]:
    """A dict from a string of ``key:value`` pairs separated by spaces."""
    return dict(pair.split(":", 1) for pair in table.split())


LOOK_BACK = 80
"""Characters before a figure searched for its hedge or for what rules it out."""

WHEN_GAP = 60
"""Most characters between a figure (with its noun) and a time phrase that attaches to it."""

_SCALES = {
    word: float(value)
    for word, value in _pairs(
        "thousand:1e3 million:1e6 mln:1e6 mn:1e6 billion:1e9 bn:1e9 trillion:1e12 "
        "hundred:1e2 dozen:12"
    ).items()
}
_CURRENCIES = {"$": "dollar", "US$": "dollar", "€": "euro", "£": "pound", "¥": "yen"}
_WORD_VALUES: dict[str, float] = {
    **{
        w: float(i)
        for i, w in enumerate(
            "one two three four five six seven eight nine ten eleven twelve".split(), start=1
        )
    },
    "a dozen": 12,
    "a hundred": 100,
    "a thousand": 1000,
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
    "tens of thousands": 20_000,
    "hundreds of thousands": 200_000,
    "millions": 2e6,
    "billions": 2e9,
}
_VAGUE = frozenset(
    "dozens|hundreds|thousands|tens of thousands|hundreds of thousands|millions|billions".split("|")
)

_NUMBER = re.compile(
    r"(?<![\w.,/:$€£¥-])"
    r"(?P<cur>US\$|\$|€|£|¥)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?[-–]\s?(?P<num2>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mln|mn)\b)?"
    r"(?P<pct>\s?%|\s(?:percent|per\s+cent)\b)?"
    r"(?:[-–](?P<hunit>[A-Za-z]+))?"
    r"(?P<tail>[\w:]?)"
)
_WORD_NUMBER = re.compile(
    r"\b(?i:(?P<w>" + "|".join(sorted(_WORD_VALUES, key=len, reverse=True)) + r")"
    r"(?:\s+(?P<wscale>dozen|hundred|thousand|million|billion))?)\b"
)
_HEDGE = re.compile(
    r"\b(?i:(?P<hedge>as many as|as much as|as few as|as little as|an estimated|estimated|"
    r"approximately|about|around|roughly|nearly|almost|close to|more than|fewer than|"
    r"less than|just over|just under|well over|over|under|at least|at most|up to|"
    r"upwards of|in excess of|no fewer than|no more than|some)\s+(?:(?:a\s+)?total\s+of\s+)?)$"
)
_TIME_OF_DAY = re.compile(r"\s?(?:[ap]\.m\.|[ap]m\b|GMT|UTC|BST|CET|[ECMP][SD]?T\b|local time)")
"""Used with ``match`` at a position: right after a numeral."""
_AGE = re.compile(r"(?:[-–]year[-–]old|\s+years?\s+old)")
_OF_AFTER = re.compile(r"\s+of\b")
_ANOTHER_AFTER = re.compile(r"\s+another\b")
_UNIT_AFTER = re.compile(r"[-–]([a-z]+)\b")
"""These three, like :data:`_TIME_OF_DAY`, are matched at a position (no copy of the rest)."""
_AGE_BEFORE = re.compile(r"\baged\s+$")
_NAME_COMMA = re.compile(r"\b[A-Z][a-z]+,\s$")

_SKIP_ADJECTIVES = frozenset(
    "additional more other new extra estimated further total fresh armed active regular "
    "elite some such several many few".split()
)
_STOP_WORDS = frozenset(
    "a an the and or but nor of in on at to from by with for as into onto over under "
    "since during after before until than that which who whom whose this these those "
    "it its their his her our your they he she we you i was were is are be been being "
    "have has had do does did will would shall should can could may might must not "
    "said says say told according reportedly there here when where while per each "
    "about around last next earlier later ago yesterday today tomorrow tonight".split()
)
_IRREGULAR_PLURALS = {
    **_pairs(
        "people:person men:man women:woman children:child feet:foot mice:mouse teeth:tooth "
        "geese:goose lives:life wives:wife knives:knife thieves:thief"
    ),
    **{
        w: w
        for w in (
            "personnel police aircraft news series species sheep fish staff gas bias lens chaos "
            "canvas atlas alias"
        ).split()
    },
}

_SAY = (
    r"(?:(?:have|has|had|would|will)\s+)?(?:said|say|says|estimated|estimate|estimates|"
    r"believe|believes|believed|reported|report|reports|claimed|claim|claims|confirmed|"
    r"announced|told\s+\w+)"
)
_ACCORDING = re.compile(r"\b(?i:according\s+to)\s+(?P<np>.+?)(?=\s*(?:,\s|;|\.?[\"”]?\s*$))")
_TRAILING = re.compile(rf",[\"'”’]?\s+(?P<np>[^,]{{2,80}}?)\s+{_SAY}\b(?P<rest>[^,]{{0,60}})$")
_INVERTED = re.compile(r",[\"'”’]?\s+(?:said|says)\s+(?P<np>[^,]{2,80}?)\s*[.!?]?[\"”]?\s*$")
# "Vell, Norland and Brackwater officials have said ..." — a list of names may lead
_LEADING = re.compile(
    rf"^(?P<np>(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,2}},\s+)*[^,]{{2,80}}?)\s+{_SAY}\b"
)
_CAPITAL_SEGMENT = re.compile(r"^[A-Z][\w.'’-]*(?:\s+(?:and\s+)?[A-Z][\w.'’-]*){0,3}$")
_CLAUSE_TURN = re.compile(r",\s+(?:while|but|whereas|although|though)\b|;")
_DETERMINERS = frozenset("a an the some this that these those".split())
_BREAK = re.compile(r";|:\s")
_PRONOUNS = frozenset("he she they it we i you".split())
_SPOKEN_BEFORE = re.compile(rf"\b{_SAY}(?:\s+on)?\s*$")

_MONTH_NAMES = "|".join(m.title() for m in MONTHS)
_WHEN = re.compile(
    r"\b(?i:(?:(?:since|until|by|before|after|during|in|through|from|so\s+far)\s+)?"
    r"(?:(?:the\s+)?(?:start|beginning|end|middle)\s+of\s+)?"
    r"(?:(?:last|this|next|the\s+past)\s+(?:fall|autumn|winter|spring|summer|year|month|week)"
    r"|(?:earlier|later)\s+this\s+(?:year|month|week)))\b"
    rf"|\b(?i:since|until|by|in|during|through|from)\s+"
    rf"(?:(?:{_MONTH_NAMES})\b(?:\s+(?:19|20)\d{{2}})?|(?:19|20)\d{{2}})\b"
)


@dataclass(slots=True, frozen=True)
class Quantity:
    """A figure in a sentence; see the module docstring for what each field holds."""

    text: str
    value: float
    noun: str | None
    modifier: str | None
    attribution: str | None
    when: str | None
    start: int
    end: int


@dataclass(slots=True)
class _Figure:
    """A figure before attribution and time are attached; ``tail`` is where its noun ends."""

    start: int
    end: int
    value: float
    noun: str | None
    tail: int
    modifier: str | None = None


def _before(sentence: str, pos: int) -> str:
    """The :data:`LOOK_BACK` characters before ``pos``: enough for any pattern that has to
    end right there, and keeps those searches linear on long texts."""
    return sentence[max(0, pos - LOOK_BACK) : pos]


def singular(word: str) -> str:
    """Lowercased singular of an English plural noun (rule-based, with irregulars)."""
    word = word.lower()
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    return word


_TOKEN = re.compile(r"\s*(?P<w>[A-Za-z][\w'’.-]*)")


def _noun_tokens(sentence: str, pos: int) -> list[tuple[str, int]]:
    """The words right after ``pos`` (up to six, stopping at punctuation), with end offsets;
    a trailing sentence full stop is cut off and ends the list."""
    out: list[tuple[str, int]] = []
    while len(out) < 6:
        match = _TOKEN.match(sentence, pos)
        if match is None:
            break
        word, pos = match.group("w"), match.end()
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+", word):
            out.append((word[:-1], pos - 1))
            break
        out.append((word, pos))
    return out


def _skip_of(tokens: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Drop a leading "of", "of the", "of its" ... so "two of the soldiers" reaches "soldiers"."""
    if tokens and tokens[0][0].lower() == "of":
        tokens = tokens[1:]
        if tokens and tokens[0][0].lower() in {"the", "its", "their", "his", "her", "those"}:
            tokens = tokens[1:]
    return tokens


def _noun_run(sentence: str, pos: int) -> list[tuple[str, int]]:
    """The lowercase words of the noun phrase after ``pos`` (at most three), with end
    offsets: leading capitalised words, quantity adjectives and "of the" skipped, stopping
    at function words, adverbs, capitalised words and a later -ed/-ing word."""
    run: list[tuple[str, int]] = []
    for word, end in _skip_of(_noun_tokens(sentence, pos)):
        lower = word.lower()
        if word[0].isupper() and not run:
            continue
        if word[0].isupper() or lower in _STOP_WORDS or lower.endswith("ly"):
            break
        if lower in _SKIP_ADJECTIVES and not run:
            continue
        if run and lower.endswith(("ed", "ing")):
            break
        run.append((lower, end))
        if len(run) == 3:
            break
    return run


def _head_noun(sentence: str, pos: int) -> tuple[str | None, int]:
    """What the figure before ``pos`` counts (singular, lowercase) and where that word
    ends: the first plural in the noun phrase ("civilian casualties", "troops north"),
    else its first word ("12 km long")."""
    run = _noun_run(sentence, pos)
    if not run:
        return None, pos
    plurals = [(w, e) for w, e in run if singular(w) != w]
    word, end = plurals[0] if plurals else run[0]
    return singular(word), end


def _is_year(match: re.Match[str]) -> bool:
    """A bare four-digit number between 1900 and 2100 (hedged ones are checked later)."""
    bare = not any(match.group(g) for g in ("cur", "num2", "scale", "pct", "hunit"))
    num = match.group("num")
    return bare and len(num) == 4 and num.isdigit() and 1900 <= int(num) <= 2100


def _skip_numeral(sentence: str, match: re.Match[str]) -> bool:
    """Whether a numeral is not a figure: a time of day, an age, an ordinal or part of a word."""
    if match.group("tail"):
        return True
    before, end = _before(sentence, match.start()), match.end()
    if _AGE.match(sentence, match.end("num")) or _AGE_BEFORE.search(before):
        return True
    if sentence.startswith(",", end) and _NAME_COMMA.search(before):
        return True
    return bool(not match.group("scale") and _TIME_OF_DAY.match(sentence, end))


def _numeral_figure(sentence: str, match: re.Match[str]) -> _Figure:
    """A figure from a digit match: value, unit or head noun."""
    value = float(match.group("num").replace(",", ""))
    value *= _SCALES.get(match.group("scale") or "", 1.0)
    noun: str | None
    if match.group("pct"):
        noun, tail = "percent", match.end()
    elif match.group("hunit"):
        noun, tail = singular(match.group("hunit")), match.end()
    elif match.group("cur"):
        noun, tail = _CURRENCIES[match.group("cur")], match.end()
    else:
        noun, tail = _head_noun(sentence, match.end())
    return _Figure(match.start(), match.end(), value, noun, tail)


def _not_counting(sentence: str, match: re.Match[str], word: str) -> bool:
    """Number words that count nothing here: vague plurals without "of" ("in their
    thousands"), "one of", "no one", "the one", "one another"."""
    end = match.end()
    has_of = _OF_AFTER.match(sentence, end) is not None
    if word in _VAGUE:
        return not has_of
    if word != "one":
        return False
    before = _before(sentence, match.start()).lower()
    return (
        has_of
        or bool(re.search(r"\b(?:no|any|the|every)\s+$", before))
        or bool(_ANOTHER_AFTER.match(sentence, end))
    )


def _word_figure(sentence: str, match: re.Match[str]) -> _Figure | None:
    """A figure from a number word ("three", "a dozen", "dozens of"), or None when it
    does not count anything here."""
    word = " ".join(match.group("w").lower().split())
    if _not_counting(sentence, match, word):
        return None
    value = _WORD_VALUES[word] * _SCALES.get((match.group("wscale") or "").lower(), 1.0)
    unit = _UNIT_AFTER.match(sentence, match.end())
    noun: str | None
    if unit:
        noun, tail = singular(unit.group(1)), unit.end()
    else:
        noun, tail = _head_noun(sentence, match.end())
    if noun is None and word not in _VAGUE:
        return None
    end = tail if unit else match.end()
    return _Figure(match.start(), end, float(value), noun, tail)


def _figures(sentence: str, mentions: list[DateMention]) -> list[_Figure]:
    """Every figure in a sentence with its hedge, in text order; numbers inside absolute
    date ``mentions`` (day and year numbers) are not figures."""
    dates = [(m.start, m.end) for m in mentions if not m.relative]
    found: list[_Figure] = []
    for match in _NUMBER.finditer(sentence):
        if any(s <= match.start() < e for s, e in dates) or _skip_numeral(sentence, match):
            continue
        figure = _numeral_figure(sentence, match)
        figure.modifier = _hedge(_before(sentence, match.start()))
        if _is_year(match) and figure.modifier is None:
            continue
        found.append(figure)
    for match in _WORD_NUMBER.finditer(sentence):
        word_figure = _word_figure(sentence, match)
        if word_figure is not None:
            word_figure.modifier = _hedge(_before(sentence, match.start()))
            found.append(word_figure)
    return sorted(found, key=lambda f: f.start)


def _hedge(before: str) -> str | None:
    """The hedge ending right before a figure, lowercased, or None."""
    match = _HEDGE.search(before)
    return " ".join(match.group("hedge").lower().split()) if match else None


def _join_capital_segments(sentence: str, np_start: int, np: str) -> tuple[str, int]:
    """Prepend comma segments before the NP that are short all-capitalised names
    ("E.U., Vell and Norland officials")."""
    while True:
        head = sentence[:np_start]
        match = re.search(r"(?:^|,\s+)([^,]+),\s+$", head)
        if match is None or not _CAPITAL_SEGMENT.match(match.group(1)):
            return np, np_start
        np = f"{match.group(1)}, {np}"
        np_start = match.start(1)


def _attribution(sentence: str) -> tuple[str, int, int] | None:
    """Who the sentence says its figures come from and the span (start, end) whose
    figures it covers; a bare pronoun ("he said") names nobody and gives None."""
    found = _source(sentence)
    if found is None or found[0].lower() in _PRONOUNS:
        return None
    return found


def _source(sentence: str) -> tuple[str, int, int] | None:
    """The attribution pattern matches behind :func:`_attribution`, pronouns included."""
    text = sentence.rstrip()
    if match := _ACCORDING.search(text):
        return match.group("np"), 0, len(text)
    if match := _TRAILING.search(text):
        np, start = _join_capital_segments(text, match.start("np"), match.group("np"))
        return np, 0, start
    if match := _INVERTED.search(text):
        return match.group("np"), 0, match.start()
    match = _LEADING.match(text)
    if match and _plausible_source(match.group("np")):
        turn = _CLAUSE_TURN.search(text, match.end())
        return match.group("np"), match.end(), turn.start() if turn else len(text)
    return None


def _plausible_source(np: str) -> bool:
    """Whether the words before a sentence's first speech verb can be its source: at most
    eight words, no digits, not ending in a determiner ("An estimated 300 ...")."""
    words = np.lower().split()
    return 0 < len(words) <= 8 and not re.search(r"\d", np) and words[-1] not in _DETERMINERS


def _time_phrases(sentence: str, mentions: list[DateMention]) -> list[tuple[int, int]]:
    """Spans of time phrases that could date a figure (not the speaking)."""
    spans = [(m.start(), m.end()) for m in _WHEN.finditer(sentence)]
    spans += [(m.start, m.end) for m in mentions]
    spans = [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
    return [(s, e) for s, e in spans if not _SPOKEN_BEFORE.search(_before(sentence, s))]


def _nearest_time(
    sentence: str, figure: _Figure, spans: list[tuple[int, int]], starts: list[int]
) -> tuple[int, int] | None:
    """The time phrase closest to a figure (ties go to the one after), within WHEN_GAP,
    with no other figure (sorted ``starts``) and no semicolon or colon between them."""
    best: tuple[int, int] | None = None
    best_gap = WHEN_GAP + 1
    for start, end in spans:
        if start < figure.tail and end > figure.start:
            continue
        lo, hi = (figure.tail, start) if start >= figure.tail else (end, figure.start)
        if hi - lo > best_gap or (hi - lo == best_gap and (best is None or start < best[0])):
            continue
        if bisect_left(starts, lo) < bisect_left(starts, hi) or _BREAK.search(sentence, lo, hi):
            continue
        best, best_gap = (start, end), hi - lo
    return best


def find_quantities(sentence: str) -> list[Quantity]:
    """Figures in ``sentence`` in text order, with noun, hedge, source and time.

    >>> q = find_quantities("As many as 12,000 troops arrived last fall, officials said.")[0]
    >>> (q.text, q.value, q.noun, q.modifier, q.attribution, q.when)
    ('12,000', 12000.0, 'troop', 'as many as', 'officials', 'last fall')
    """
    source = _attribution(sentence)
    mentions = find_dates(sentence, None)
    times = _time_phrases(sentence, mentions)
    figures = _figures(sentence, mentions)
    starts = [f.start for f in figures]
    out = []
    for figure in figures:
        said = None
        if source and source[1] <= figure.start < source[2]:
            said = source[0]
        near = _nearest_time(sentence, figure, times, starts)
        when = sentence[near[0] : near[1]] if near else None
        text = sentence[figure.start : figure.end]
        out.append(
            Quantity(
                text,
                figure.value,
                figure.noun,
                figure.modifier,
                said,
                when,
                figure.start,
                figure.end,
            )
        )
    return out


_MEASURE_NAMES: dict[str, tuple[str, ...]] = {
    # what a figure counts -> the other words (singular, lowercased) that count the same;
    # only true synonyms: a part and its whole (civilians and people, tanks and vehicles)
    # are different counts
    "person": ("people", "individual", "resident", "inhabitant"),
    "troop": ("soldier", "serviceman", "servicemember", "servicewoman", "fighter", "trooper"),
    "child": ("kid",),
    "percent": ("%", "pct"),
    "dollar": ("usd", "us$"),
    "euro": ("eur",),
    "pound": ("gbp", "sterling"),
    "yen": ("jpy",),
    "yuan": ("renminbi", "rmb", "cny"),
    "rupee": ("inr", "rs"),
    "rouble": ("ruble", "rub"),
    "ton": ("tonne", "t"),
    "km": ("kilometre", "kilometer"),
    "m": ("metre", "meter"),
    "kg": ("kilogram", "kilogramme", "kilo"),
    "mile": ("mi",),
    "hour": ("hr",),
    "minute": ("min",),
    "year": ("yr",),
}
_MEASURES = {word: key for key, words in _MEASURE_NAMES.items() for word in words}


VAGUE_SPAN = 5.0
"""A vague count ("dozens", "hundreds", "thousands of") means from its smallest amount
(two units: 24, 200, 2,000) to under :data:`VAGUE_SPAN` times that (dozens: 24 to 119)."""


def is_vague(q: Quantity) -> bool:
    """Whether a figure is a vague count ("dozens of people"), written without digits."""
    return " ".join(q.text.lower().split()) in _VAGUE


_AT_LEAST = frozenset(
    "more than|over|well over|just over|at least|upwards of|in excess of|no fewer than".split("|")
)
_AT_MOST = frozenset(
    "fewer than|less than|under|just under|at most|up to|no more than|as many as|as much as".split(
        "|"
    )
)


def _bounds(q: Quantity) -> tuple[float, float]:
    """The values a figure allows: a bound ("more than 1,000", "up to 300") or its
    vagueness ("dozens") widens the single value it names."""
    v = q.value
    if is_vague(q):
        return v, VAGUE_SPAN * v
    hedge = q.modifier or ""
    if hedge in _AT_LEAST:
        return v, math.inf
    if hedge in _AT_MOST:
        return -math.inf, v
    return v, v  # "about" and "an estimated" give one value: 14,000 is not "about 12,000"


def consistent(a: Quantity, b: Quantity) -> bool:
    """Whether two figures can both be true: equal, or one inside what the other's hedge
    or vagueness allows ("more than $1 million" and "$1.1 million", "dozens" and 46)."""
    if a.value == b.value:
        return True
    (lo_a, hi_a), (lo_b, hi_b) = _bounds(a), _bounds(b)
    return lo_a <= hi_b and lo_b <= hi_a


def measure_key(noun: str | None) -> str | None:
    """The unit or thing a noun counts, with synonyms and spelling variants folded
    ("soldier" and "troop", "tonne" and "ton", "kilometre" and "km")."""
    if noun is None:
        return None
    return _MEASURES.get(noun, noun)


def same_measure(a: Quantity, b: Quantity) -> bool:
    """Whether two figures count the same thing, so differing values disagree."""
    key = measure_key(a.noun)
    return key is not None and key == measure_key(b.noun)
