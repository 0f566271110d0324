"""Cleaning: one page's text becomes one or more articles, with every dropped line explained.

>>> from storyfold.clean import clean_page
>>> articles = clean_page(page_text, document_id="d1")
>>> articles[0].text          # the main story, boilerplate removed
>>> articles[0].dropped       # [DroppedLine(line, reason), ...]
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Article, DroppedLine
from ..text import clean_line
from . import lexicon
from .lines import OUTSIDE, REPEATED_LINE, REPEATED_TITLE, Line, classify_lines, line_key
from .page import (
    CLEAN_MODES,
    CleanConfig,
    Span,
    content_terms,
    find_spans,
    is_address,
    light_span,
    title_before,
)

__all__ = ["CLEAN_MODES", "CleanConfig", "clean_page", "line_key", "main_text", "page_line_keys"]


def clean_page(
    text: str,
    *,
    document_id: str = "doc",
    title: str | None = None,
    published: str | None = None,
    site: str | None = None,
    line_doc_freq: Callable[[str], int] | None = None,
    config: CleanConfig | None = None,
    extracted: bool = False,
    segment: bool = True,
) -> list[Article]:
    """Cut a page's visible text into articles: the main story first, then any teasers.

    ``title`` is the page title when metadata gives one (HTML, JSONL); otherwise
    the headline is found among the lines. Every line left out of an article
    is kept in the main article's ``dropped`` list with its reason.
    ``extracted=True`` says an extractor (trafilatura, for HTML) already chose
    the main content: furniture lines are still dropped and related stories or
    comments after a heading still split off, but no prose is cut as page chrome.
    ``segment=False`` (the light cleaning) drops furniture lines only: the text is one
    article from its first kept line to its last, nothing split off (it implies
    ``extracted``). Returns an empty list when the page holds no prose at all.
    """
    cfg = config or CleanConfig()
    lines = classify_lines(
        text,
        title=title,
        line_doc_freq=line_doc_freq,
        repeat_min_docs=cfg.repeat_min_docs,
        extracted=extracted or not segment,
    )
    if segment:
        main, extra = find_spans(lines, cfg, extracted=extracted)
    else:
        main, extra = light_span(lines, has_title=bool(title)), []
    if main is None:
        return []
    spans = [main, *extra]
    owner: dict[int, int] = {}
    for k, span in enumerate(spans):
        for i in range(span.start, span.end + 1):
            owner[i] = k
    titles = _titles(lines, spans, title)
    if title and extracted and segment:  # a page's metadata title; a JSONL title is the user's
        title, titles[0] = fitted_title(title, lines, main, titles.get(0))
    kept: list[list[str]] = [[] for _ in spans]
    dropped: list[list[DroppedLine]] = [[] for _ in spans]
    # a headline line stands for its article's title; article 0's metadata title replaces
    # it, so there it is dropped (not lost) unless it is that title
    title_lines = {
        i
        for k, i in titles.items()
        if i is not None and not (k == 0 and title and lines[i].text != clean_line(title))
    }
    seen: set[str] = set()
    for i, ln in enumerate(lines):
        span_of = owner.get(i)
        if i in title_lines and span_of is not None:
            continue  # a headline at the top of the article became its title
        repeat = not extracted and ln.features.prose and ln.text in seen
        if span_of is not None and ln.reason is None and repeat:
            ln.reason = REPEATED_LINE
        if span_of is not None and ln.reason is None:
            kept[span_of].append(ln.text)
            seen.add(ln.text)
        elif i in title_lines or (ln.reason == REPEATED_TITLE and _is_title(ln.text, title)):
            continue  # the headline is the article's title, not a lost line
        else:
            dropped[k if k is not None else 0].append(DroppedLine(ln.raw, ln.reason or OUTSIDE))
    articles = []
    for k, _span in enumerate(spans):
        t_index = titles.get(k)
        art_title = lines[t_index].text if t_index is not None else None
        if k == 0 and title:
            art_title = title
        articles.append(
            Article(
                id=f"{document_id}#{k}",
                document_id=document_id,
                position=k,
                text="\n".join(kept[k]),
                title=art_title,
                published=published if k == 0 else None,
                site=site,
                dropped=dropped[k],
            )
        )
    return articles


#: where a metadata title joins its parts: "Storm hits coast - Example News", "Site: Story"
_TITLE_SEP = re.compile(r"\s+[|–—•·-]+\s+|(?<=\S)[:|]\s+")
#: a title is checked against the article only when its opening holds this many content words
TITLE_MIN_LEAD_TERMS = 8
#: lines at the top of the main article searched for its headline
TITLE_SEARCH_LINES = 5


def fitted_title(
    title: str, lines: list[Line], main: Span, headline_at: int | None
) -> tuple[str, int | None]:
    """The main article's title, checked against what the article says.

    A metadata title is often site furniture ("Business News - Financial News", a site's
    stale ``og:title``) or a headline with it ("Example.com: Storm hits coast - Sep 24").
    A site address or a date that opens or ends the title (split at " - ", " | ", ": ") is
    trimmed off; when no part of the title shares a content word with the article's opening
    (its first three prose lines), a headline-like line at the top of the article that does
    becomes the title (and its line index is returned, so that it leaves the text). Without
    enough opening to judge by (:data:`TITLE_MIN_LEAD_TERMS`), the title stays as given.
    """
    prose = [i for i in range(main.start, main.end + 1) if lines[i].prose][:3]
    lead: set[str] = set()
    for i in prose:
        lead |= content_terms(lines[i].text)
    if len(lead) < TITLE_MIN_LEAD_TERMS:
        return title, headline_at
    cuts = [0, *(x for m in _TITLE_SEP.finditer(title) for x in m.span()), len(title)]
    parts = [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts), 2)]
    if any(content_terms(title[a:b]) & lead for a, b in parts):
        while len(parts) > 1 and _furniture_part(title[slice(*parts[0])]):
            parts = parts[1:]
        while len(parts) > 1 and _furniture_part(title[slice(*parts[-1])]):
            parts = parts[:-1]
        return title[parts[0][0] : parts[-1][1]].strip(), headline_at
    first_prose = prose[0] if prose else main.end
    for i in range(main.start, min(first_prose, main.start + TITLE_SEARCH_LINES)):
        ln = lines[i]
        if ln.reason is None and ln.features.title_like and content_terms(ln.text) & lead:
            return ln.text, i
    return title, headline_at


_SITE_PART = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,12}$", re.IGNORECASE)


def _furniture_part(part: str) -> bool:
    """Whether a part of a title is a site address ("Example.com") or a date ("Sep 24, 2005")."""
    part = part.strip()
    return bool(_SITE_PART.match(part) or lexicon.DATE_ONLY.match(part))


def _is_title(line: str, title: str | None) -> bool:
    """Whether a line is the page's metadata title (compared as line keys)."""
    return title is not None and line_key(line) == line_key(clean_line(title))


def _titles(lines: list[Line], spans: list[Span], title: str | None) -> dict[int, int | None]:
    """Line index of each article's headline (None where the page shows none)."""
    out: dict[int, int | None] = {}
    floor = 0
    for k, span in enumerate(spans):
        if k > 0:
            floor = (
                max(s.end + 1 for s in spans[:k] if s.start < span.start)
                if any(s.start < span.start for s in spans[:k])
                else 0
            )
        idx = title_before(lines, span.start, floor)
        if k == 0 and idx is None and not title:
            idx = _first_headline(lines, span.start)
        out[k] = idx
    return out


def _first_headline(lines: list[Line], limit: int) -> int | None:
    """A repeated or leading headline-like line above the main article."""
    for i in range(min(limit, len(lines))):
        if lines[i].reason == REPEATED_TITLE:
            continue
        if (
            lines[i].features.title_like
            and lines[i].reason is None
            and not is_address(lines[i].text)
        ):
            return i
    return None


def main_text(text: str, *, extracted: bool = False, title: str | None = None) -> str:
    """The main article's cleaned text of a page, or "" if the page holds none."""
    articles = clean_page(text, extracted=extracted, title=title)
    return articles[0].text if articles else ""


def page_line_keys(text: str) -> set[str]:
    """The distinct line keys of a page, for counting lines across a corpus."""
    return {line_key(clean_line(ln)) for ln in text.splitlines() if ln.strip()} - {""}
