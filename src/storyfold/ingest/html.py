"""HTML page -> main article text plus title, author, date, site name and URL.

Extraction is done by trafilatura, run three times over one parsed tree (balanced,
recall-oriented and precision-oriented settings, reader comments always excluded; the
precision run in trafilatura's fast mode, without its comparison with external extractors,
since only where its text ends is used). The results are combined by a few rules that
do not depend on any particular site:

1. **Pick the fuller of balanced and recall.** The recall run keeps headings and lists that
   the balanced run sometimes drops (most often when its main-frame search fails and it falls
   back to recovering loose paragraphs); when the balanced run found more text it is kept.
2. **Trim the tail to where the precision run agrees.** Blocks after the last block that
   the precision run also kept are dropped (teasers, sign-up boxes, author notes, "more
   from" tails), unless the precision run agrees on half of the text or less. The head is not
   trimmed: what the precision run leaves out before its first block is most often the
   article's own lead, deck or summary list ("Story Highlights"), which the gold texts of
   unseen news sites keep (measured in ``bench/eval_clean.py``).
3. **Restore dropped headings.** A heading of the page that sits between two extracted
   paragraphs, and is directly followed by extracted text, is put back in place.
4. **Tidy.** Drop a leading line that repeats the page title (it is returned separately),
   repeated long blocks, short boilerplate lines (share/subscribe prompts, image credits,
   "Related:" links, bylines, reading times) and a short trailing "Related articles" /
   "About the author" / "Share this" section that starts in the second half of the text.
5. **Split off teasers** (done first, before the precision run's trim would drop them). A run
   of teaser cards for other stories that ends the text (headline link, summary, headline
   link, summary... in list items or ``<article>`` elements on the page) is taken out of the
   text and returned as :class:`~storyfold.model.Teaser` items, each an article of its own.

The text comes back one block per line: paragraphs, headings, list items (``- item``),
table rows (``| a | b |``); code blocks keep their own lines.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from typing import Any

import trafilatura
from lxml import etree
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html, normalize_unicode
from trafilatura.xml import xmltotxt

from ..clean.lines import REPEATED_LINE
from ..model import DroppedLine, Teaser

__all__ = ["HtmlPage", "Teaser", "extract_html", "is_boilerplate_line"]

log = logging.getLogger(__name__)

_Element = Any  # lxml elements: typed loosely, lxml ships no stable public stubs


@dataclass(slots=True)
class HtmlPage:
    """What one HTML page yields: main text (one block per line) and metadata.

    ``text`` is ``""`` when nothing could be extracted (unparsable markup, an empty
    script-rendered shell, ...); the caller decides how to report that. ``refused``
    says why a page over a limit (:data:`MAX_ELEMENTS`, :data:`MAX_DEPTH`) was not
    extracted at all.
    """

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD)
    site: str | None = None
    url: str | None = None
    refused: str | None = None
    #: blocks that trafilatura kept and the tidying rules removed, each with its reason
    dropped: list[DroppedLine] = field(default_factory=list)
    #: teasers of other stories that ended the extracted text, split off (see rule 5)
    teasers: list[Teaser] = field(default_factory=list)


#: reasons for what the tidying rules remove from trafilatura's text
OUTSIDE_AGREEMENT = "outside extractor agreement"
BOILERPLATE_BLOCK = "boilerplate line"
TAIL_SECTION = "trailing section"
TEASER_LINK = "teaser link"
KICKER = "kicker"


# --- limits: a page past them is refused before the costly extraction -----------------------

#: most start tags a page may have (extraction time and memory grow with them: a page of
#: 1M tiny elements takes minutes and GBs; a long real article has a few thousand)
MAX_ELEMENTS = 100_000
#: most nesting levels: libxml2 stops building the tree at 256, dropping what is deeper
MAX_DEPTH = 255

_START_TAG = re.compile(r"<[A-Za-z]")
_START_TAG_BYTES = re.compile(rb"<[A-Za-z]")


# --- tuning (chosen on the even-numbered pages of the WCXB dev set, see bench/) ---------

#: the tail is trimmed only when the precision run agrees on more than this share of the words
TRIM_MAX_LOSS = 0.5
#: a restored heading must sit between extracted blocks at most this many page blocks apart
GAP_MAX_BLOCKS = 6
#: page blocks shorter than this (in words) do not anchor a heading gap
GAP_MIN_ANCHOR_WORDS = 4
#: longest heading restored (words)
GAP_MAX_HEADING_WORDS = 40
#: a teaser card (a list item or <article> with a headline link) holds at most this many
#: words, its headline link at least TEASER_HEADLINE_WORDS, its summary at least
#: TEASER_SUMMARY_WORDS; teasers are split off only when at least TEASER_MIN_CARDS cards with
#: a summary end the text and the article before them keeps TEASER_KEEP_SHARE of its words
TEASER_CARD_MAX_WORDS = 80
TEASER_HEADLINE_WORDS = 3
TEASER_SUMMARY_WORDS = 8
TEASER_MIN_CARDS = 3
TEASER_KEEP_SHARE = 0.3
#: drop a leading h1 heading even when it does not match the title
DROP_LEADING_H1 = True
#: blocks of at least this many words are dropped when they repeat an earlier block
DEDUP_MIN_WORDS = 8
#: boilerplate-line rules only look at blocks up to this many words
BOILERPLATE_MAX_WORDS = 25
#: a tail section heading is at most this long (words) ...
TAIL_HEADING_MAX_WORDS = 8
#: ... and must start after this share of the text
TAIL_MIN_POSITION = 0.5
#: the section cut after it is short: at most this many words and this share of the text
TAIL_MAX_WORDS = 400
TAIL_MAX_SHARE = 0.25

_WORD = re.compile(r"\w+")

_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # share / follow prompts
        r"^(share|share this( article| post| story| page)?|share (on|via) \w+|tweet( this)?|"
        r"pin it|email this|print( this)?( article| page)?|copy link|follow us( on .*)?)\W*$",
        # newsletter and sign-up boxes
        r"(sign up|subscribe|signing up|join).{0,60}(newsletter|inbox|mailing list)",
        r"thanks? (you )?for subscribing|you'?re (now )?subscribed|enter your email|"
        r"by (entering|submitting|providing) your email|already have this email|"
        r"delivered (straight |directly )?to your inbox",
        # cross links
        r"^(related|read more|read also|also read|see also|read next|more|related "
        r"(articles?|posts?|stories|reading|searches))\s*:\s*\S",
        r"^(read|see|check out) (our|the) (full|complete) .{0,60}(review|guide)\W*$",
        # bare link and button labels
        r"^((read|learn|see|view|show|load|find out|discover) more( here)?|continue reading|"
        r"click here|where to buy|buy now|shop now|(check|see|compare) (the )?prices?"
        r"( (on|at) .{1,30})?|no,? thanks)\W*$",
        r"enter (your )?e-?mail( address)?\W*$",
        # image credits
        r"^((photo|image|picture|illustration|header image|featured image|top image|"
        r"cover image)s?( credits?)?( by| courtesy of| via| source)?|credits?|courtesy of)"
        r"\s*[:：]\s*\S.{0,80}$",
        r"^(photo|image|illustration)s? (by|courtesy of|via) .{0,80}$",
        # datelines and reading time
        r"^(published|updated|posted|last updated|last modified)( on)?\s*:?\s*"
        r"([\d.,/\- ]+|[A-Za-z]{3,9}\.? \d{1,2}(st|nd|rd|th)?,? \d{4}.{0,30}|"
        r"\d{1,2} [A-Za-z]{3,9}\.? \d{4}.{0,30})?$",
        r"^\d+\s*(min|mins|minute|minutes)( read)?\W*$",
        # page furniture
        r"^(table of contents|contents|jump to( section)?|on this page|skip to (main )?content|"
        r"advertisement|sponsored content|back to top|scroll to top)\W*$",
        r"^(was this (article|page|content|post) (helpful|useful)|did you find this .{0,30}"
        r"(helpful|useful)|thank you for your feedback|rate this (article|post|page))",
    )
]
# bylines: "By Jane Doe", "Written by: Jane Doe | May 2, 2025" -- the name must be capitalised
# so that sentences such as "By knowing your users, ..." survive
_BYLINE = re.compile(
    r"^(?i:by|written by|posted by|reviewed by|edited by|fact[- ]checked by|"
    r"medically reviewed by)\s*:?\s+[A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,3}"
    r"\W*((?i:on)\W)?[^.!?]{0,40}$"
)

_TAIL_SECTION = re.compile(
    r"^(related (articles?|posts?|stories|reading|content|resources|guides|topics)"
    r"( that may interest you)?|you (may|might) also (like|enjoy)|recommended( for you| reading|"
    r" articles)?|more (articles|stories|posts)( from .*)?|more from .{1,40}|"
    r"recent (posts|articles|stories)|further reading|explore more|other articles|"
    r"about the (author|authors|writer)|author bio|meet the author|"
    r"share (this|the) (article|post|story|page|content)|share this|spread the word|"
    r"was this (article|page|content|post) (helpful|useful)|"
    r"did you find this (content|article|page) (helpful|useful)|"
    r"(\d+\s+)?comments?|leave a (comment|reply)|post a comment|join the (conversation|discussion)"
    r")\W*$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"^(©|copyright\b|\(c\))\s*(\d{4})?", re.IGNORECASE)


def extract_html(html: str, url: str | None = None) -> HtmlPage:
    """Extract the main text and metadata of one HTML page.

    Never raises on bad markup: an unparsable or empty page gives ``HtmlPage(text="")``.

    Args:
        html: the page's markup (``bytes`` are accepted too and decoded by trafilatura).
        url: the page's address if known; helps metadata and is returned as ``url``.

    Returns:
        An :class:`HtmlPage`; ``url`` is the given one, else the page's canonical URL.
    """
    refused = _too_many_elements(html)
    if refused:
        return HtmlPage(text="", url=url, refused=refused)
    try:
        tree = load_html(html)
    except Exception:  # pragma: no cover - load_html is already defensive
        log.debug("unparsable HTML", exc_info=True)
        tree = None
    if tree is None:
        return HtmlPage(text="", url=url)
    if _depth(tree) >= MAX_DEPTH:
        refused = (
            f"HTML nested {MAX_DEPTH} or more elements deep (the limit; deeper content is "
            "lost); fix the page's markup"
        )
        return HtmlPage(text="", url=url, refused=refused)

    meta = _metadata(tree, url)
    removed: list[DroppedLine] = []
    teasers: list[Teaser] = []
    try:
        text, headline = _main_text(tree, url, meta["title"], removed, teasers)
    except Exception:  # never let one odd page stop a batch
        log.debug("text extraction failed for %s", url, exc_info=True)
        text, headline = "", None
    meta["title"] = _page_title(meta["title"], headline)
    if not text:
        removed, teasers = [], []
    return HtmlPage(text=text, dropped=removed, teasers=teasers, **meta)


def _too_many_elements(html: str | bytes) -> str | None:
    """Why a page has too many elements to extract (counted as start tags), or None."""
    tags: Iterator[object]
    if isinstance(html, bytes):
        if html.count(b"<") <= MAX_ELEMENTS:
            return None
        tags = _START_TAG_BYTES.finditer(html)
    elif isinstance(html, str):
        if html.count("<") <= MAX_ELEMENTS:
            return None
        tags = _START_TAG.finditer(html)
    else:
        return None
    for n, _ in enumerate(tags, start=1):
        if n > MAX_ELEMENTS:
            return f"HTML page with more than {MAX_ELEMENTS:,} elements (the limit); split it"
    return None


def _depth(tree: _Element) -> int:
    """How many elements deep the parsed page nests (the root is at depth 1)."""
    depth = deepest = 0
    for event, _el in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


# --- metadata -------------------------------------------------------------------------------


def _metadata(tree: _Element, url: str | None) -> dict[str, str | None]:
    """Title, author, date, site name and URL from the page's meta tags and markup."""
    out: dict[str, str | None] = {
        "title": None,
        "author": None,
        "published": None,
        "site": None,
        "url": url,
    }
    try:
        doc = extract_metadata(tree, default_url=url)
    except Exception:
        log.debug("metadata extraction failed for %s", url, exc_info=True)
        return out
    site = _clean(doc.sitename)
    host = _clean(doc.hostname)
    out["title"] = _strip_site_name(_clean(doc.title), site, host)
    out["author"] = _clean(doc.author)
    out["published"] = _clean(doc.date)
    out["site"] = site or host
    out["url"] = url or _clean(doc.url)
    return out


_TITLE_PART = re.compile(r"\s+[|\-–—·»:]\s+")


def _strip_site_name(title: str | None, site: str | None, host: str | None) -> str | None:
    """Drop a leading or trailing " | Site Name" part from a page title."""
    if not title:
        return title
    names = {_tokens(site), _tokens(host)}
    if host and "." in host:
        names.add(_tokens(host.split(".")[-2]))  # example.co.uk -> "co" is harmless
    names.discard("")

    def is_site(part: str) -> bool:
        key = _tokens(part)
        squashed = key.replace(" ", "")
        return bool(key) and any(
            key == name
            or squashed == name.replace(" ", "")
            or (name in key and len(key.split()) <= 4)
            for name in names
        )

    for _ in range(3):
        parts = _TITLE_PART.split(title)
        if len(parts) < 2:
            break
        if is_site(parts[-1]):
            title = title[: title.rfind(parts[-1])].rstrip(" |-–—·»:")
        elif is_site(parts[0]) and len(parts) == 2:
            title = parts[1]
        else:
            break
    return title.strip() or None


def _page_title(title: str | None, headline: str | None) -> str | None:
    """The article's title: the headline shown on the page when the metadata title is that
    headline with site furniture around it ("Storm hits coast - Example News: Breaking
    News"), else the metadata title, else the headline."""
    if not title:
        return headline
    if headline:
        head, full = _tokens(headline), _tokens(title)
        if head and head != full and len(head.split()) >= 3:
            for part in _TITLE_PART.split(title):
                if _tokens(part) == head:
                    return headline
            if full.startswith(head + " ") or full.endswith(" " + head):
                return headline
    return title


def _clean(value: object) -> str | None:
    """A stripped, whitespace-collapsed string, or None for empty/missing values."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


# --- main text ------------------------------------------------------------------------------


def _main_text(
    tree: _Element,
    url: str | None,
    title: str | None,
    removed: list[DroppedLine],
    teasers: list[Teaser],
) -> tuple[str, str | None]:
    """Run the three extractions, combine them and render the result as lines.

    Returns the text and the headline taken off its top (None if there was none); each
    block the rules remove is added to ``removed`` with its reason, each teaser of another
    story split off the end to ``teasers``.
    """
    balanced = _extract_body(tree, url)
    recall = _extract_body(tree, url, favor_recall=True)
    # the precision run only marks where the text agrees: its external-extractor
    # comparison (readability, jusText) rarely moves an edge and costs a quarter of the time
    precision = _extract_body(tree, url, favor_precision=True, fast=True)

    body = recall if _words(recall) >= _words(balanced) else balanced
    if body is None or len(body) == 0:
        return "", None
    # the page tree is not used by trafilatura any more: reading its blocks may strip it
    page = _page_blocks(tree)
    # teasers first: the precision run leaves them out, and they are stories, not furniture
    _split_teasers(body, page, removed, teasers)
    if precision is not None and body is not precision:
        _trim_to_agreement(body, precision, removed)
    _restore_headings(body, page)
    _drop_kicker(body, page, removed)
    headline = _drop_title(body, title)
    _drop_repeats(body, removed)
    _drop_boilerplate(body, removed)
    _cut_tail_section(body, removed)
    return _render(body), headline


def _extract_body(tree: _Element, url: str | None, **settings: Any) -> _Element | None:
    """trafilatura's main-content tree (``<body>`` of p/head/list/table/...) or None."""
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=True,
            with_metadata=False,
            **settings,
        )
    except Exception:
        log.debug("trafilatura failed on %s with %s", url, settings, exc_info=True)
        return None
    body = getattr(doc, "body", None) if doc is not None else None
    if body is None:
        return None
    etree.strip_tags(body, "ref")  # links are not kept; their text stays in place
    return body


def _render(body: _Element) -> str:
    """Plain text, one block per line, no blank or trailing-space lines."""
    text = normalize_unicode(xmltotxt(body, False) or "")
    lines = (line.rstrip() for line in text.splitlines())
    return "\n".join(line for line in lines if line.strip())


def _tokens(text: str | None) -> str:
    """Lower-cased word tokens joined by single spaces: the key for comparing blocks."""
    return " ".join(_WORD.findall((text or "").lower()))


def _text(el: _Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _words(body: _Element | None) -> int:
    if body is None:
        return 0
    return sum(len(_text(el).split()) for el in body)


def _units(body: _Element) -> list[_Element]:
    """Top-level blocks, with lists opened up into their items."""
    out: list[_Element] = []
    for el in body:
        if el.tag == "list":
            out.extend(item for item in el if item.tag == "item")
        else:
            out.append(el)
    return out


def _remove(el: _Element) -> None:
    """Remove a block (keeping no tail); an emptied list goes too."""
    parent = el.getparent()
    if parent is None:
        return
    parent.remove(el)
    if parent.tag == "list" and not any(child.tag == "item" for child in parent):
        grand = parent.getparent()
        if grand is not None:
            grand.remove(parent)


# --- rule 2: trim the tail to the precision run -------------------------------------------


def _record(removed: list[DroppedLine], el: _Element, reason: str) -> None:
    """Note a removed block's rendered lines under ``reason``."""
    copy = etree.Element("body")
    copy.append(_detached(el))
    for line in _render(copy).splitlines():
        removed.append(DroppedLine(line, reason))


def _detached(el: _Element) -> _Element:
    """A copy of a block without its tail text (the tail belongs to what follows)."""
    dup = deepcopy(el)
    dup.tail = None
    return dup


def _trim_to_agreement(body: _Element, precision: _Element, removed: list[DroppedLine]) -> None:
    """Drop the blocks after the last block the precision run also kept."""
    kept = {_tokens(_text(el)) for el in _units(precision)}
    kept.discard("")
    if not kept:
        return
    units = _units(body)
    hits = [k for k, el in enumerate(units) if _tokens(_text(el)) in kept]
    if not hits:
        return
    first, last = hits[0], hits[-1]
    total = sum(len(_text(el).split()) for el in units)
    # a precision run that agrees on less than half of the text is no guide to its end
    agreed = sum(len(_text(el).split()) for el in units[first : last + 1])
    if total == 0 or agreed < (1 - TRIM_MAX_LOSS) * total:
        return
    for el in units[last + 1 :]:
        _record(removed, el, OUTSIDE_AGREEMENT)
        _remove(el)


# --- rule 3: restore headings -------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li blockquote pre dt dd td th figcaption div section article "
    "summary caption address ul ol dl table tr main header footer nav aside form figure "
    "details tbody thead".split()
)
_HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_OUTSIDE_TAGS = frozenset("nav aside footer header form menu".split())
_INVISIBLE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "head",
    "select",
    "option",
    "textarea",
)


def _page_blocks(tree: _Element) -> list[tuple[_Element, str]]:
    """Innermost block elements of the page in document order, with their token keys."""
    etree.strip_elements(tree, *_INVISIBLE_TAGS, with_tail=False)
    candidates = [el for el in tree.iter() if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS]
    # a block is innermost unless it holds another block: mark each block's enclosing
    # blocks once (one walk up per block, instead of a walk down its whole subtree)
    outer: set[_Element] = set()
    for el in candidates:
        for anc in el.iterancestors():
            if anc in outer:
                break
            if isinstance(anc.tag, str) and anc.tag in _BLOCK_TAGS:
                outer.add(anc)
    blocks = []
    for el in candidates:
        if el in outer:
            continue
        key = _tokens(el.text_content())
        if key:
            blocks.append((el, key))
    return blocks


def _is_heading(el: _Element) -> bool:
    return el.tag in _HEADING_TAGS or any(a.tag in _HEADING_TAGS for a in el.iterancestors())


def _restore_headings(body: _Element, page: list[tuple[_Element, str]]) -> None:
    """Put back page headings that trafilatura dropped from inside the extracted text.

    A heading is restored when it lies between two extracted blocks that are adjacent in
    the extraction and close on the page, is not inside nav/aside/header/footer/form, and
    the next non-heading page block after it was extracted too.
    """
    units = _units(body)
    if len(units) < 2:
        return
    keys = [_tokens(_text(el)) for el in units]
    exact: dict[str, int] = {}
    for k, key in enumerate(keys):
        exact.setdefault(key, k)
    # all unit keys in one string: one find() per page block locates the unit holding it
    joined = "\n".join(keys)
    starts = list(accumulate((len(key) + 1 for key in keys[:-1]), initial=0))
    where: list[int | None] = []
    for _el, key in page:
        at = exact.get(key)
        if at is None and len(key.split()) >= GAP_MIN_ANCHOR_WORDS:
            pos = joined.find(key)
            at = bisect_right(starts, pos) - 1 if pos >= 0 else None
        where.append(at)
    anchors = [
        n
        for n, k in enumerate(where)
        if k is not None and len(page[n][1].split()) >= GAP_MIN_ANCHOR_WORDS
    ]
    inserts: dict[int, list[str]] = {}
    for a, b in pairwise(anchors):
        ka, kb = where[a], where[b]
        if ka is None or kb is None or not 0 < b - a - 1 <= GAP_MAX_BLOCKS or kb - ka != 1:
            continue
        for n in range(a + 1, b):
            el, key = page[n]
            if where[n] is not None or not _is_heading(el):
                continue
            if len(key.split()) > GAP_MAX_HEADING_WORDS:
                continue
            if any(anc.tag in _OUTSIDE_TAGS for anc in el.iterancestors()):
                continue
            nxt = n + 1
            while nxt < b and where[nxt] is None and _is_heading(page[nxt][0]):
                nxt += 1
            if where[nxt] is None:
                continue
            inserts.setdefault(ka, []).append(" ".join(el.text_content().split()))
    for k in sorted(inserts, reverse=True):
        unit = units[k]
        top = unit if unit.getparent() is body else unit.getparent()
        at = body.index(top) + 1
        for text in reversed(inserts[k]):
            head = etree.Element("head")
            head.text = text
            body.insert(at, head)


# --- rule 4: tidy -----------------------------------------------------------------------------


_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·»/]+\s+|\s*::\s*")


def _title_keys(title: str | None) -> set[str]:
    """Token keys of the title and of its parts around " | ", " - ", ... (site names)."""
    keys = {_tokens(title)}
    parts = _TITLE_SEPARATORS.split(title or "")
    if len(parts) > 1:
        keys.update(_tokens(part) for part in parts)
        keys.add(_tokens(" ".join(parts[:-1])))
        keys.add(_tokens(" ".join(parts[1:])))
    return {key for key in keys if len(key.split()) >= 2 or key == _tokens(title)} - {""}


def _same_title(key: str, titles: set[str]) -> bool:
    """Whether a block's key is the title, or a heading that starts like it (3+ words)."""
    if key in titles:
        return True
    for title in titles:
        short, long_ = sorted((key, title), key=len)
        if len(short.split()) >= 3 and long_.startswith(short + " "):
            return True
    return False


KICKER_WORDS = 3
"""Most words of a kicker: the label set over a headline ("Match report", "Analysis")."""


def _drop_kicker(
    body: _Element, page: list[tuple[_Element, str]], removed: list[DroppedLine]
) -> None:
    """Drop the extraction's first block when on the page it is a short label right before
    the headline (``<p class="kicker">Match report</p><h1>...</h1>``) in the same container:
    a kicker, which extractors keep as text."""
    h1 = next((n for n, (el, _) in enumerate(page) if el.tag == "h1"), None)
    if not h1:
        return
    label, key = page[h1 - 1]
    if (
        len(key.split()) > KICKER_WORDS
        or _is_heading(label)
        or label.getparent() is not page[h1][0].getparent()
    ):
        return
    units = _units(body)
    if units and _tokens(_text(units[0])) == key:
        _record(removed, units[0], KICKER)
        _remove(units[0])


def _drop_title(body: _Element, title: str | None) -> str | None:
    """Drop the headline: a block near the top repeating the page title, or a leading h1.

    Returns the dropped headline's text, or None.
    """
    titles = _title_keys(title)
    for n, el in enumerate(list(body)[:3]):
        key = _tokens(_text(el))
        if not key:
            continue
        if (
            (el.tag == "head" and _same_title(key, titles))
            or key in titles
            or (DROP_LEADING_H1 and n == 0 and el.tag == "head" and el.get("rend") == "h1")
        ):
            body.remove(el)
            return _text(el) or None
    return None


def _drop_repeats(body: _Element, removed: list[DroppedLine]) -> None:
    """Drop long top-level blocks that repeat an earlier one word for word."""
    seen: set[str] = set()
    for el in list(body):
        key = _tokens(_text(el))
        if not key:
            continue
        if key in seen and len(key.split()) >= DEDUP_MIN_WORDS:
            _record(removed, el, REPEATED_LINE)
            body.remove(el)
        seen.add(key)


def is_boilerplate_line(line: str) -> bool:
    """True for a short line that is page furniture rather than article text.

    Share/subscribe prompts, image credits, "Related: ..." links, bylines, datelines,
    reading times, "Table of contents" and the like.
    """
    text = " ".join(line.split()).strip(" -•*|")
    if not text or len(text.split()) > BOILERPLATE_MAX_WORDS:
        return False
    if any(rx.search(text) for rx in _BOILERPLATE):
        return True
    return len(text.split()) <= 12 and _BYLINE.match(text) is not None


def _drop_boilerplate(body: _Element, removed: list[DroppedLine]) -> None:
    for el in _units(body):
        if el.tag in ("p", "head", "item") and is_boilerplate_line(_text(el)):
            _record(removed, el, BOILERPLATE_BLOCK)
            _remove(el)


def _cut_tail_section(body: _Element, removed: list[DroppedLine]) -> None:
    """Cut a short trailing "Related articles" / "About the author" / ... section.

    The section heading must come after the first half of the text and what follows it must
    be short (see ``TAIL_MAX_WORDS`` / ``TAIL_MAX_SHARE``): a long run after such a heading
    is more likely the article going on after an inline widget.
    """
    blocks = list(body)
    sizes = [len(_text(el).split()) for el in blocks]
    total = sum(sizes)
    if total == 0:
        return
    seen = 0
    for n, el in enumerate(blocks):
        text = _text(el).strip(" -•*|:")
        if (
            seen >= TAIL_MIN_POSITION * total
            and el.tag in ("p", "head")
            and 0 < len(text.split()) <= TAIL_HEADING_MAX_WORDS
            and (_TAIL_SECTION.match(text) or _COPYRIGHT.match(text))
        ):
            rest = total - seen - sizes[n]  # words after the heading
            if rest <= TAIL_MAX_WORDS and rest <= TAIL_MAX_SHARE * total:
                for tail in blocks[n:]:
                    _record(removed, tail, TAIL_SECTION)
                    body.remove(tail)
                return
        seen += sizes[n]


# --- rule 5: teasers of other stories ---------------------------------------------------------


def _card_of(el: _Element) -> _Element | None:
    """The list item or ``<article>`` nearest around a page block, if any."""
    for anc in el.iterancestors():
        if anc.tag in ("li", "article"):
            return anc
    return None


def _spaced(el: _Element) -> str:
    """A block's text with its parts (a headline, then a summary) kept apart by spaces."""
    return " ".join(el.itertext())


def _page_block(key: str, block_of: dict[str, _Element]) -> _Element | None:
    """The page block a unit of the extraction came from: the one with its words, else the
    one with its longest leading words (a list item rendered from a headline and a summary)."""
    words = key.split()
    if len(words) > TEASER_CARD_MAX_WORDS:
        return None
    for n in range(len(words), TEASER_HEADLINE_WORDS - 1, -1):
        el = block_of.get(" ".join(words[:n]))
        if el is not None:
            return el
    return None


def _headline_link(card: _Element) -> str | None:
    """A card's headline: its first link of at least TEASER_HEADLINE_WORDS words that sits in
    a heading or opens the card's text (a "Go to resource" button at its end is none)."""
    opening = " ".join(card.text_content().split())
    for link in card.iter("a"):
        text = " ".join(link.text_content().split())
        if len(text.split()) < TEASER_HEADLINE_WORDS:
            continue
        if _is_heading(link) or opening.startswith(text):
            return text
    return None


def _split_teasers(
    body: _Element,
    page: list[tuple[_Element, str]],
    removed: list[DroppedLine],
    teasers: list[Teaser],
) -> None:
    """Split a run of teaser cards for other stories off the end of the text.

    Extractors keep a "more stories" block with no heading when it sits in the article's
    container: headline link, summary, headline link, summary... On the page each teaser is
    a card, a list item or ``<article>`` of at most TEASER_CARD_MAX_WORDS words holding a
    headline link. The trailing blocks of the text that sit in such cards are split off when
    at least TEASER_MIN_CARDS of the cards carry a summary (text beside the headline) and the
    article before them keeps TEASER_KEEP_SHARE of the words: each card with a summary
    becomes a :class:`Teaser` (the fold makes it an article of its own), a bare headline
    link goes to ``removed`` as a teaser link.
    """
    block_of: dict[str, _Element] = {}
    for el, key in page:
        block_of.setdefault(key, el)
    units = _units(body)
    run: list[tuple[_Element, _Element, str]] = []  # (unit, card, headline), last first
    for el in reversed(units):
        page_el = _page_block(_tokens(_spaced(el)), block_of)
        card = _card_of(page_el) if page_el is not None else None
        if card is None or len(card.text_content().split()) > TEASER_CARD_MAX_WORDS:
            break
        headline = _headline_link(card)
        if headline is None:
            break
        run.append((el, card, headline))
    if not run:
        return
    run.reverse()
    cards: dict[int, tuple[str, list[_Element], list[str]]] = {}
    for el, card, headline in run:
        entry = cards.setdefault(id(card), (headline, [], []))
        entry[1].append(el)
        text = " ".join(_spaced(el).split()).lstrip("-•* ")
        rest = text.replace(headline, " ", 1).strip(" -–—:|")  # a card rendered as one item
        if _tokens(headline) not in _tokens(rest) and len(rest.split()) >= TEASER_SUMMARY_WORDS:
            entry[2].append(rest)
    if sum(1 for _h, _els, summary in cards.values() if summary) < TEASER_MIN_CARDS:
        return
    total = _words(body)
    cut = sum(len(_text(el).split()) for el, _card, _h in run)
    if total == 0 or total - cut < TEASER_KEEP_SHARE * total:
        return
    for headline, els, summary in cards.values():
        if summary:
            teasers.append(Teaser(headline, " ".join(summary)))
        for el in els:
            if not summary:
                _record(removed, el, TEASER_LINK)
            _remove(el)
