"""Line-level verdicts: which lines of a page are furniture, and why."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..text import clean_line, split_sentences
from . import lexicon
from .features import LineFeatures, line_features

# Reasons a line is dropped (the vocabulary of ``DroppedLine.reason``).
INTERFACE = "interface text"
SECTION_HEADING = "section heading"
REPEATED_TITLE = "repeated title"
REPEATED_LINE = "repeated paragraph"
CORPUS_REPEAT = "repeated across documents"
DATE_LINE = "date line"
DATE_LINE_MAX_CHARS = 90
"""Longest line read as a line of dates and times whatever its word count."""
EMPTY_AFTER_MARKERS = "cms marker"
OUTSIDE = "outside article"
COMMENT = "reader comment"
MARKUP = "markup"


@dataclass(slots=True)
class Line:
    """One non-blank line of a page with its features and, if furniture, the reason."""

    index: int
    raw: str
    text: str
    features: LineFeatures
    reason: str | None = None
    section_end: bool = False
    comment_section: bool = False

    @property
    def prose(self) -> bool:
        """Prose that is not furniture."""
        return self.reason is None and self.features.prose


#: pattern reasons a long sentence only mentions: "...the latest to top the App Store",
#: "...JavaScript is disabled by default in the browser's safest mode", or opens with:
#: "Click here for a complete post on ... My favourite way is ..." (a cookie sentence still
#: meets the cookie notice pattern after it)
LONG_PROSE_EXEMPT = frozenset({"app banner", "copyright", "browser notice", "interface prompt"})
#: of those, the reasons a paragraph of two or more sentences is read past too ("Keep users
#: in your app ... Moreover, ..."); a copyright footer is often two sentences ("... All
#: rights reserved. This material may not be ...") and stays a copyright line
PARAGRAPH_EXEMPT = frozenset({"app banner"})
PARAGRAPH_MIN_WORDS = 20
"""Fewest words of a prose line of two or more sentences that a :data:`PARAGRAPH_EXEMPT`
pattern reads past."""


#: an HTML tag: ``<p class="byline">``, ``</h1>``, ``<br />``
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
#: a line opening with an HTML element's tag
_OPENS_WITH_HTML_TAG = re.compile(
    r"^\s*<(?:a|p|div|span|h[1-6]|li|ul|ol|table|iframe|script|section|article|img|br|"
    r"blockquote|figure|abbr|b|i|em|strong)\b[^<>]*>",
    re.I,
)
#: an attribute a page's own markup carries (an embed code's link, a byline's class)
_HTML_ATTRIBUTE = re.compile(
    r"<[a-zA-Z][a-zA-Z0-9]*\s[^<>]*\b(?:href|src|class|style|title)=", re.I
)


def is_markup(text: str) -> bool:
    """Whether a line of raw page text is HTML source shown as text (a "republish this
    story" box, an embed code): it opens with an HTML element's tag, holds a second tag, and one tag
    carries a link, a class or a style. Prose that mentions a tag ("...held together
    with <br> tags") does not open with one; a code sample of a tutorial
    (``<table></table><li>``, ``<Project> <PropertyGroup>``) has no such attribute."""
    head = text[:2000]
    return (
        bool(_OPENS_WITH_HTML_TAG.match(head))
        and len(_TAG.findall(head)) >= 2
        and bool(_HTML_ATTRIBUTE.search(head))
    )


def _long_prose(text: str, feats: LineFeatures, reason: str) -> bool:
    """A prose line too long for pattern ``reason`` to make it furniture: over 30 words, or,
    for a :data:`PARAGRAPH_EXEMPT` reason, a paragraph of sentences over
    :data:`PARAGRAPH_MIN_WORDS`."""
    if not feats.prose or reason not in LONG_PROSE_EXEMPT:
        return False
    return feats.n_words > 30 or (
        reason in PARAGRAPH_EXEMPT
        and feats.n_words > PARAGRAPH_MIN_WORDS
        and len(split_sentences(text)) >= 2
    )


def furniture_reason(text: str, feats: LineFeatures) -> str | None:
    """The reason a single line is page furniture, or None when it may be content."""
    if not text:
        return EMPTY_AFTER_MARKERS
    short = feats.n_words <= 12
    if short and lexicon.is_interface(text):
        return INTERFACE
    if feats.n_words <= 40:
        for reason, pattern in lexicon.LINE_PATTERNS:
            if (
                reason in ("byline", "source tag", "timestamp", "reading time", "breadcrumb")
                and not short
            ):
                continue
            if pattern.search(text):
                # A long sentence that merely mentions an app, a copyright or a browser
                # setting is content, and so is a paragraph about an app.
                if _long_prose(text, feats, reason):
                    continue
                return reason
    if (
        # each part of a date counts as a word: "Posted 2013-10-24 03:00:00" is seven
        (short or feats.n_chars <= DATE_LINE_MAX_CHARS)
        and not feats.prose  # "The vote will be held on 12 May 2025." is a sentence
        and (lexicon.DATE_ONLY.match(text) or lexicon.WEEKDAY_DATE.match(text))
    ):
        return DATE_LINE
    return None


#: pattern reasons that a line in the article's flow is read past: a sentence between two
#: paragraphs of prose, or an item of a list inside the article, is content whatever words
#: it contains ("...the latest to top the App Store.", "- Sync from upstream 2025/11/13")
IN_FLOW_EXEMPT = frozenset(
    {
        "app banner",
        "interface prompt",
        "photo credit",
        "timestamp",
        "breadcrumb",
        DATE_LINE,
        INTERFACE,
        "subscribe prompt",
        "copyright",
    }
)
_LIST_ITEM = re.compile(r"^(?:[-*•–]\s|\d{1,3}[.)]\s)")
HEADING_WORDS = 2
"""Most words of an interface word read as a heading when it stands between two paragraphs
of extracted text."""
_NUMBERED = re.compile(r"^(?:[-*•–]\s+)?\d{1,3}[.)]\s")


def _in_flow(lines: list[Line], i: int, *, extracted: bool) -> bool:
    """Whether line ``i`` sits inside the article's flow, so a pattern does not drop it.

    A prose line counts when the nearest lines before and after it are prose without a
    drop reason; in extracted text, a list item counts when it is numbered, when a
    neighbouring item of its list has no drop reason, or when prose follows it (the item
    heads its paragraph). A list of share buttons, every item furniture, does not.
    """
    line = lines[i]
    before = lines[i - 1] if i > 0 else None
    after = lines[i + 1] if i + 1 < len(lines) else None
    prose_after = after is not None and after.prose
    prose_before = before is not None and before.prose and before.reason is None
    if line.features.prose and before is not None and before.prose and prose_after:
        return True
    if (
        extracted
        and line.reason == INTERFACE
        and line.features.n_words <= HEADING_WORDS
        and prose_before
        and prose_after
        and not lexicon.ALWAYS_FURNITURE.match(line.text)
    ):
        return True  # a heading between paragraphs of the article ("YouTube", "Audio")
    if extracted and _LIST_ITEM.match(line.raw):
        if _NUMBERED.match(line.raw) or prose_after:
            return True
        return any(
            ln is not None and ln.reason is None and _LIST_ITEM.match(ln.raw) is not None
            for ln in (before, after)
        )
    return False


def classify_lines(
    text: str,
    *,
    title: str | None = None,
    line_doc_freq: Callable[[str], int] | None = None,
    repeat_min_docs: int = 3,
    extracted: bool = False,
) -> list[Line]:
    """Split a page into non-blank lines and mark the ones that are furniture.

    ``line_doc_freq`` returns in how many documents of the corpus a line key
    occurs (CCNet-style line dedup); short non-prose lines seen in at least
    ``repeat_min_docs`` documents are dropped as furniture of the corpus.
    """
    lines: list[Line] = []
    for i, raw in enumerate(text.splitlines()):
        cleaned = clean_line(raw)
        if not cleaned:
            continue
        cleaned = clean_line(lexicon.CMS_MARKERS.sub(" ", cleaned))
        feats = line_features(cleaned)
        # HTML source in a page's own text is an embed box; in text an extractor or the
        # user gave (HTML extraction, JSONL ``text``) it is what the article shows
        reason = MARKUP if not extracted and is_markup(cleaned) else None
        line = Line(i, raw.strip(), cleaned, feats, reason or furniture_reason(cleaned, feats))
        if feats.n_words <= 8 and lexicon.is_section_end(cleaned):
            line.section_end = True
            line.comment_section = lexicon.is_comment_section(cleaned)
            line.reason = SECTION_HEADING
        lines.append(line)
    for i, line in enumerate(lines):
        if line.reason in IN_FLOW_EXEMPT and _in_flow(lines, i, extracted=extracted):
            line.reason = None
    _mark_repeated_titles(lines, title, only_title=extracted)
    if line_doc_freq is not None:
        repeated = {
            i
            for i, line in enumerate(lines)
            if line.reason is None
            and not line.features.prose
            and line_doc_freq(line_key(line.text)) >= repeat_min_docs
        }
        for i in repeated:
            # in text an extractor chose, a heading of the article stays; raw page text has
            # too many repeated labels over teaser lists to read them so
            if not (extracted and _heads_content(lines, i, repeated)):
                lines[i].reason = CORPUS_REPEAT
        for i in _repeated_prose_furniture(lines, line_doc_freq, repeat_min_docs):
            lines[i].reason = CORPUS_REPEAT
    return lines


#: least prose lines of its own a page needs before a repeated paragraph on it is read as
#: furniture, and the share of them no other document has
OWN_PROSE_LINES = 3
OWN_PROSE_SHARE = 0.7
STANDING_MIN_DOCS = 10
"""Fewest documents that must repeat a paragraph of prose for it to be a site's standing
text: a wire story's background paragraph recurs in a few reports of its event, and is
evidence of that event."""


def _repeated_prose_furniture(
    lines: list[Line], line_doc_freq: Callable[[str], int], repeat_min_docs: int
) -> list[int]:
    """Paragraphs of prose that many documents repeat word for word while this page's own
    prose is its alone: an archive's or a site's standing text ("These crawls are part of
    an effort to archive pages..."), not the article. A copy of a wire story repeats its
    paragraphs together with the rest of the story, so its lines are kept."""
    prose = [i for i, ln in enumerate(lines) if ln.reason is None and ln.features.prose]
    if len(prose) <= OWN_PROSE_LINES:
        return []
    freq = {i: line_doc_freq(line_key(lines[i].text)) for i in prose}
    repeated = [i for i in prose if freq[i] >= max(repeat_min_docs, STANDING_MIN_DOCS)]
    own = [i for i in prose if freq[i] <= 1]
    others = len(prose) - len(repeated)
    if not repeated or len(own) < OWN_PROSE_LINES or len(own) < OWN_PROSE_SHARE * others:
        return []
    return repeated


def _heads_content(lines: list[Line], i: int, repeated: set[int]) -> bool:
    """Whether line ``i``, repeated across the site's pages, is a heading of this article:
    a few words without a sentence ending, not after another repeated line, and before prose
    or a list item that is kept and not repeated itself ("Conclusion", "Pros", "Story
    Highlights"). A menu is a run of repeated lines; a label before a timestamp heads none.
    A rule without letters ("___", "* * *") between two kept paragraphs stays in place too.
    """
    f = lines[i].features
    if f.alpha_share == 0 and 0 < i < len(lines) - 1:
        return lines[i - 1].prose and lines[i + 1].prose
    if f.n_words > 8 or f.terminal or f.alpha_share < 0.6 or i + 1 >= len(lines):
        return False
    after = lines[i + 1]
    if i - 1 in repeated or after.reason is not None or i + 1 in repeated:
        return False
    return after.features.prose or _LIST_ITEM.match(after.raw) is not None


def line_key(text: str) -> str:
    """The form under which a line is counted across documents."""
    return lexicon.key(text)


def _mark_repeated_titles(lines: list[Line], title: str | None, *, only_title: bool) -> None:
    """Drop every copy of a headline that a page repeats (the first stays as the title).

    In text an extractor already chose (``only_title``), repeated short lines are
    content (a contents list, then its headings); only the known title goes.
    """
    counts = Counter(lexicon.key(ln.text) for ln in lines if ln.features.title_like)
    known = lexicon.key(title) if title else None
    seen: set[str] = set()
    for ln in lines:
        if ln.reason is not None or not ln.features.title_like:
            continue
        k = lexicon.key(ln.text)
        if (counts[k] > 1 and not only_title) or k == known:
            if k in seen or k == known:
                ln.reason = REPEATED_TITLE
            seen.add(k)
