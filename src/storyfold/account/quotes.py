"""Quoted speech: finding quotes and their speakers, and comparing versions of a quote
so that spelling and typography do not count as changes.

Finding (:func:`find_quotes`):

* double quotes, straight or curly, pair up within a paragraph; a quote left open
  at the end of a paragraph (the multi-paragraph convention) runs to its end;
* single quotes count as quotation marks only when an opening mark follows the
  start, a space, an opening bracket, a double quote or a dash and is followed by a
  non-space, and the closing mark follows a non-space and precedes a space,
  punctuation or the end. So apostrophes inside words ("Vell's", "don't") never
  count; a plural possessive ("the soldiers' families") is a weak closing mark,
  used only when no strong one (after punctuation, or before punctuation or the
  end) comes before the next opening mark; "the '90s" is not an opening mark;
* nested quotes: only the outermost span is returned (its text keeps the inner
  marks); a single-quoted span that crosses a double-quoted one is dropped;
* a span is the text between the marks, without surrounding spaces or a trailing
  comma ("...the valley," the Herald said -> "...the valley");
* spans of fewer than ``min_words`` words (3 by default: scare quotes such as
  "heroes") are left out; pass ``min_words=1`` to get them too, and read
  :attr:`Quote.short` to tell them apart.

Speakers: "Q," X said / X says / X added / X told ...; "Q," said X; "Q," A quoted X
as saying; before the quote: X said: "Q", A quoted X as saying, "Q". A bare
pronoun ("he said") gives None, as does anything else.

Comparing (:func:`quote_tokens`, :func:`quote_changes`, :func:`same_quote`):
tokens are lowercased words after folding curly quotes and dashes, with
thousands separators dropped ("14,000" -> "14000") and hyphenated prefixes
joined ("co-operate" -> "cooperate"); each is then mapped to one spelling by
:func:`unify_spelling` (American forms): a short exception list, then rules for
-our stems (honour, colour, favour, labour, ... and their derivatives), -re stems
(centre, theatre, metre, litre, fibre, ...), -ise/-isation/-yse (with a list of
words that keep -ise), doubled l (travelled, cancelled, modelling, ...).
:func:`quote_changes` diffs these unified tokens but reports the words as written
(lowercased, typography folded).
:func:`same_quote` asks that the longer span hold at least 60% of the shorter's
tokens and that they share content words (not just "we will be there").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..text import fold_punctuation, token_matcher

MIN_WORDS = 3
"""Quotes with fewer words than this are short (scare quotes) and left out by default."""

SAME_QUOTE_OVERLAP = 0.6
"""Share of the shorter quote's tokens the longer one must contain for :func:`same_quote`."""

_WORD = re.compile(r"\w+")
_DOUBLE = {'"', "“", "”", "„", "«", "»"}
_SINGLE = {"'", "‘", "’"}
_OPEN_BEFORE = set('([{"“«—–-/') | {"‘"}
_CLOSE_AFTER = set('.,;:!?)]}"”»—–-')
_STRONG_AFTER = set('.,;:!?)]}"”»')
_INNER_PUNCT = set(".,!?;:")


@dataclass(slots=True, frozen=True)
class Quote:
    """A quoted span: the text between the marks, its offsets in the text searched
    (``text == source[start:end]``) and the speaker when one is named nearby."""

    text: str
    start: int
    end: int
    speaker: str | None

    @property
    def short(self) -> bool:
        """Fewer than :data:`MIN_WORDS` words: a scare quote rather than speech."""
        return len(_WORD.findall(self.text)) < MIN_WORDS


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text``."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _double_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Double-quoted spans (mark to mark, inclusive start, exclusive end) in one paragraph."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i in range(lo, hi):
        char = text[i]
        if char not in _DOUBLE:
            continue
        if opened is None:
            if char not in "”»":
                opened = i
        elif char in "“«":
            opened = i
        else:
            spans.append((opened, i + 1))
            opened = None
    if opened is not None and text[opened + 1 : hi].strip():
        spans.append((opened, hi))
    return spans


def _is_opener(text: str, i: int) -> bool:
    """A single quote mark that can open a quote (not an apostrophe, not "'90s")."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] == "’" or after.isspace():
        return False
    if re.match(r".\d\ds\b", text[i : i + 5]):
        return False
    return before.isspace() or before in _OPEN_BEFORE


def _closer_strength(text: str, i: int) -> int:
    """0 when a single mark cannot close a quote, 1 for a weak close (a possible
    plural possessive), 2 for a strong one (after or before punctuation, or at the end)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else "\n"
    if text[i] == "‘" or before.isspace() or not (after.isspace() or after in _CLOSE_AFTER):
        return 0
    strong = before in _INNER_PUNCT or after in _STRONG_AFTER or after == "\n"
    return 2 if strong else 1


def _single_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Single-quoted spans in one paragraph (see the module docstring for the rules)."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    weak: int | None = None
    for i in range(lo, hi):
        if text[i] not in _SINGLE:
            continue
        if _is_opener(text, i):
            if opened is not None and weak is not None:
                spans.append((opened, weak + 1))
            opened, weak = i, None
        elif opened is not None:
            strength = _closer_strength(text, i)
            if strength == 2:
                spans.append((opened, i + 1))
                opened, weak = None, None
            elif strength == 1 and weak is None:
                weak = i
    if opened is not None and weak is not None:
        spans.append((opened, weak + 1))
    return spans


def _crosses(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two spans overlap without one containing the other."""
    return a[0] < b[0] < a[1] < b[1] or b[0] < a[0] < b[1] < a[1]


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans not inside another, in text order (one sweep: a line of marks has many spans).

    Sorted by start, the longer first, a span lies inside another exactly when
    a span before it reaches as far; a span given twice is kept twice.
    """
    kept = []
    reach = -1
    for s in sorted(set(spans), key=lambda t: (t[0], -t[1])):
        if s[1] > reach:
            kept.append(s)
            reach = s[1]
    times = Counter(spans)
    return [s for s in kept for _ in range(times[s])]


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Outermost quoted spans, marks included, across all paragraphs."""
    spans: list[tuple[int, int]] = []
    for lo, hi in _paragraphs(text):
        doubles = _double_spans(text, lo, hi)
        singles = [
            s for s in _single_spans(text, lo, hi) if not any(_crosses(s, d) for d in doubles)
        ]
        spans += doubles + singles
    return _outermost(spans)


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    """The span between the marks, without surrounding spaces or a trailing comma."""
    lo = start + 1
    hi = end - 1 if text[end - 1] in _DOUBLE | _SINGLE and end - 1 > start else end
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and (text[hi - 1].isspace() or text[hi - 1] == ","):
        hi -= 1
    return lo, hi


_SAY = (
    r"(?:said|says|say|added|adds|told\s+\w+|wrote|writes|declared|insisted|warned|stated|"
    r"continued|explained|asked|replied|noted|recalled)"
)
_NAME = r"(?:(?:[^,.;:!?\"“”‘’']|\.(?=\S)){1,60}?)"
_PHRASE = r"(?:(?:the|a|an)\s+)?(?:[A-Z][\w.'’-]*\s+)*(?:[A-Z][\w.'’-]*|(?:[a-z]+\s+)?[a-z]+)"
_AFTER_QUOTED = re.compile(
    rf"^\s*,?\s*{_NAME}\s+quoted\s+(?P<np>{_NAME})\s+as\s+(?:saying|writing)"
)
_AFTER_INVERTED = re.compile(rf"^\s*,?\s*{_SAY}\s+(?P<np>{_NAME})\s*(?:[,.;!?]|$)")
_AFTER_PLAIN = re.compile(rf"^\s*,?\s*(?P<np>{_NAME})\s+(?:has\s+|had\s+)?{_SAY}\b")
_BEFORE_QUOTED = re.compile(rf"\bquoted\s+(?P<np>{_NAME})\s+as\s+(?:saying|writing)[,:]?\s*$")
_BEFORE_PLAIN = re.compile(
    rf"(?P<np>{_PHRASE})\s+(?:has\s+|had\s+)?{_SAY}(?:\s+on\s+[A-Z]\w+)?(?:\s+that)?[,:]?\s*$"
)
_PRONOUNS = frozenset("he she they it we i you".split())
SPEAKER_WINDOW = 160
"""Characters before and after a quote searched for its speaker: the patterns above are only
ever applied to this window (a phrase of capitalised words backtracks on a long run)."""


def _speaker(text: str, start: int, end: int) -> str | None:
    """The speaker named right after or right before a quote (marks at start/end - 1)."""
    after = re.split(r"(?<=[.!?])\s|[\"“”]", text[end : end + SPEAKER_WINDOW], maxsplit=1)[0]
    last = text[start + 1 : end - 1].rstrip()[-1:]
    if last not in {",", "!", "?"} and not after.lstrip().startswith(","):
        after = ""  # "Q," X said / "Q?" asked X; a quote ending in a full stop ends its sentence
    before = re.split(r"[.!?][\"”’']?\s+|[\"“”]", text[max(0, start - SPEAKER_WINDOW) : start])[-1]
    for pattern, part in (
        (_AFTER_QUOTED, after),
        (_AFTER_INVERTED, after),
        (_AFTER_PLAIN, after),
        (_BEFORE_QUOTED, before),
        (_BEFORE_PLAIN, before),
    ):
        match = pattern.search(part)
        if match:
            name = " ".join(match.group("np").split())
            return None if name.lower() in _PRONOUNS else name
    return None


def find_quotes(text: str, min_words: int = MIN_WORDS) -> list[Quote]:
    """Quoted spans in ``text`` with at least ``min_words`` words, in text order.

    >>> [(q.text, q.speaker) for q in find_quotes('"We will hold the line," Mara Voss said.')]
    [('We will hold the line', 'Mara Voss')]
    """
    out = []
    for start, end in _quote_spans(text):
        lo, hi = _inner(text, start, end)
        if len(_WORD.findall(text[lo:hi])) >= min_words:
            out.append(Quote(text[lo:hi], lo, hi, _speaker(text, start, end)))
    return out


# --- spelling ------------------------------------------------------------------------

_EXCEPTIONS = dict(
    pair.split(":")
    for pair in (
        "programme:program programmes:programs kilogramme:kilogram defence:defense "
        "defences:defenses offence:offense offences:offenses licence:license licences:licenses "
        "pretence:pretense grey:gray tyre:tire tyres:tires aluminium:aluminum cheque:check "
        "cheques:checks manoeuvre:maneuver manoeuvres:maneuvers catalogue:catalog "
        "analogue:analog jewellery:jewelry plough:plow mould:mold sceptic:skeptic "
        "sceptical:skeptical ageing:aging judgement:judgment acknowledgement:acknowledgment "
        "enrol:enroll enrolment:enrollment fulfil:fulfill fulfilment:fulfillment "
        "instalment:installment skilful:skillful wilful:willful practise:practice "
        "practised:practiced practising:practicing pyjamas:pajamas aeroplane:airplane "
        "learnt:learned spelt:spelled dreamt:dreamed spoilt:spoiled worshipped:worshiped "
        "kidnapped:kidnaped paediatric:pediatric encyclopaedia:encyclopedia "
        "anaesthetic:anesthetic haemorrhage:hemorrhage oestrogen:estrogen"
    ).split()
)
_OUR_STEMS = (
    "ardour armour behaviour candour clamour colour endeavour favour fervour flavour glamour "
    "harbour honour humour labour neighbour odour parlour rancour rigour rumour saviour savour "
    "splendour tumour valour vapour vigour"
).split()
_OUR = re.compile("|".join(_OUR_STEMS))
_RE_STEMS = re.compile(
    r"^(?P<pre>\w*?)(?P<stem>centr|theatr|metr|litr|fibr|calibr|spectr|sombr|meagr|sabr|lustr)"
    r"(?P<end>e|es|ed|ing)$"
)
_RE_ENDINGS = {"e": "", "es": "s", "ed": "ed", "ing": "ing"}
_ISE = re.compile(r"^(?P<stem>\w{3,}?)is(?P<end>e|es|ed|ing|er|ers|ation|ations|ational)$")
_ISE_KEEP = frozenset(
    "advertise advise apprise arise bruise chastise circumcise clockwise comprise compromise "
    "concise cruise demise despise devise disguise enterprise excise exercise expertise "
    "franchise guise improvise incise likewise merchandise noise otherwise paradise poise "
    "praise precise premise promise raise reprise revise rise supervise surmise surprise "
    "televise tortoise treatise wise".split()
)
_YSE = re.compile(r"^(?P<stem>\w+)ys(?P<end>e|es|ed|ing)$")
_DOUBLE_L = re.compile(
    r"^(?P<pre>\w*?)(?P<stem>travel|cancel|label|model|signal|fuel|counsel|level|marshal|"
    r"channel|total|quarrel|rival|tunnel|dial|equal|pencil|shovel|duel|jewel|libel|panel|"
    r"barrel|marvel|parcel|grovel|snorkel|initial|enamel|gravel|pedal)l"
    r"(?P<end>ed|ing|er|ers|or|ors|ous)$"
)


def unify_spelling(word: str) -> str:
    """One spelling (American) for a lowercase word with British and American forms.

    >>> [unify_spelling(w) for w in "honour centres organisation travelled armoured".split()]
    ['honor', 'centers', 'organization', 'traveled', 'armored']
    """
    if word in _EXCEPTIONS:
        return _EXCEPTIONS[word]
    word = _OUR.sub(lambda m: m.group()[:-2] + "r", word)
    if match := _RE_STEMS.match(word):
        return match["pre"] + match["stem"][:-1] + "er" + _RE_ENDINGS[match["end"]]
    if (match := _ISE.match(word)) and match["stem"] + "ise" not in _ISE_KEEP:
        return match["stem"] + "iz" + match["end"]
    if match := _YSE.match(word):
        return match["stem"] + "yz" + match["end"]
    if match := _DOUBLE_L.match(word):
        return match["pre"] + match["stem"] + match["end"]
    return word


_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:'[^\W_]+)*")
_PREFIX_HYPHEN = re.compile(r"\b(co|re|pre|non|anti|multi|inter|counter|post|mid)-(?=\w)")


def _surface_tokens(text: str) -> list[str]:
    """Lowercased word tokens with typography folded, before spelling is unified."""
    folded = _PREFIX_HYPHEN.sub(r"\1", fold_punctuation(text).lower())
    return [t.replace(",", "") if t[0].isdigit() else t for t in _TOKEN.findall(folded)]


def quote_tokens(text: str) -> list[str]:
    """Tokens of a quote that ignore typography and British/American spelling.

    >>> quote_tokens("“The honour of the centre’s defence”")
    ['the', 'honor', 'of', 'the', "center's", 'defense']
    """
    return [_unify_token(t) for t in _surface_tokens(text)]


def _unify_token(token: str) -> str:
    """:func:`unify_spelling` applied to a token, keeping a possessive "'s" ending."""
    if token.endswith("'s"):
        return unify_spelling(token[:-2]) + "'s"
    return unify_spelling(token)


def quote_changes(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level changes from quote ``a`` to quote ``b`` as (old words, new words),
    ignoring spelling and typography; the words are shown lowercased as written
    ("" for a pure insertion or deletion).

    >>> quote_changes("They said the colour was grey", "Those said the color was gray")
    [('they', 'those')]
    """
    old, new = _surface_tokens(a), _surface_tokens(b)
    keys_old, keys_new = [_unify_token(t) for t in old], [_unify_token(t) for t in new]
    matcher = token_matcher(keys_old, keys_new)
    return [
        (" ".join(old[i1:i2]), " ".join(new[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


_FUNCTION_WORDS = frozenset(
    "a an the and or but if so than then of in on at to for from by with as into over up out "
    "about is are was were be been being am have has had do does did will would shall should "
    "can could may might must not no it its this that these those there here we you they he "
    "she i me us him them our your their his her my all who which what when where how why "
    "just also very more most some any one".split()
)


def same_quote(a: str, b: str, threshold: float = SAME_QUOTE_OVERLAP) -> bool:
    """Whether two spans are versions of one quote (symmetric): the longer holds at
    least ``threshold`` of the shorter's tokens (as a multiset), and they share at least
    one content word, two when both have two or more. Identical token lists always match."""
    tokens_a, tokens_b = quote_tokens(a), quote_tokens(b)
    if not tokens_a or not tokens_b:
        return False
    if tokens_a == tokens_b:
        return True
    ta, tb = Counter(tokens_a), Counter(tokens_b)
    shared = ta & tb
    if shared.total() < threshold * min(ta.total(), tb.total()):
        return False
    content_a, content_b = set(ta) - _FUNCTION_WORDS, set(tb) - _FUNCTION_WORDS
    need = max(1, min(2, len(content_a), len(content_b)))
    return len(content_a & content_b) >= need
