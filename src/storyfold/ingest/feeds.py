"""News feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) and OPML subscription lists.

RSS and Atom are read by feedparser, which copes with the feeds found in the wild (bad
encodings, undeclared namespaces, CDATA, broken dates) and sanitises their HTML. JSON
Feed, which feedparser 6 does not read, is plain JSON with a one-page specification and is
read here. Each item becomes one :class:`FeedItem`: its title, link, date, author and text,
and where that text comes from (``content``: the full article the feed carries; ``summary``:
its summary only; ``title``: a feed that gives headlines only).

Everything here is a pure function of the bytes; fetching is :mod:`storyfold.ingest.fetch`.
"""

from __future__ import annotations

import calendar
import html as html_lib
import json
import re
import time
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..errors import SkippedInput

__all__ = [
    "Feed",
    "FeedItem",
    "fragment_text",
    "parse_feed",
    "parse_opml",
    "sniff_xml_root",
]

FEED_ROOTS = {"rss": "rss", "feed": "atom", "rdf:rdf": "rss 1.0", "rdf": "rss 1.0"}
"""The root elements of the XML feed formats, by lower-case name."""
OPML_ROOT = "opml"
JSON_FEED_PREFIX = "https://jsonfeed.org/version/"

_XML_PROLOGUE = re.compile(
    rb"\s*(?:<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>|\s+)*", re.S | re.I
)
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_BOMS = (b"\xef\xbb\xbf",)

_BLOCKS = (
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre tr table section article "
    "figure figcaption header footer aside hr dd dt dl"
).split()
_NOT_TEXT = "script style noscript iframe object embed form template svg".split()
_NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(slots=True, frozen=True)
class FeedItem:
    """One item of a feed, as text.

    ``text_from`` says what ``text`` is: ``"content"`` (the article as the feed carries
    it), ``"summary"`` (the feed's summary of it) or ``"title"`` (the feed gives no text:
    the headline stands for it).
    """

    title: str | None
    link: str | None
    published: str | None
    author: str | None
    text: str
    text_from: str
    guid: str | None = None


@dataclass(slots=True, frozen=True)
class Feed:
    """A parsed feed: its title, its site's address, its format and its items."""

    title: str | None
    site_url: str | None
    format: str
    items: list[FeedItem]


def sniff_xml_root(head: bytes) -> str | None:
    """The lower-case name of an XML document's root element (``rss``, ``feed``,
    ``rdf:rdf``, ``opml``, ``html``...), read past the declaration, comments and doctype;
    None when the bytes do not start like XML."""
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
    at = _XML_PROLOGUE.match(head)
    rest = head[at.end() if at else 0 :]
    match = _ROOT_TAG.match(rest)
    if match is None:
        return None
    return match.group(1).decode("ascii", "replace").lower()


def looks_like_json_feed(head: bytes) -> bool:
    """Whether a JSON document's first bytes name the JSON Feed version."""
    return head.lstrip().startswith(b"{") and JSON_FEED_PREFIX.encode() in head[:4096]


def parse_feed(data: bytes, where: str, *, content_type: str | None = None) -> Feed:
    """The feed in ``data`` (RSS, Atom or JSON Feed) with its items as text.

    Raises :class:`SkippedInput` naming ``where`` when the bytes are not a feed.
    """
    if looks_like_json_feed(data[:4096]) or (content_type or "").endswith("json"):
        return _json_feed(data, where)
    import feedparser  # a quarter of a second to import; only when a feed is read

    headers = {"content-type": content_type} if content_type else None
    parsed = feedparser.parse(data, response_headers=headers)
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({str(problem).splitlines()[0]})" if problem else ""
        raise SkippedInput(where, f"not a readable RSS or Atom feed{why}; check the file")
    feed = parsed.feed
    language = _language(feed.get("language"))
    with warnings.catch_warnings():  # feedparser warns of its updated/published fallback
        warnings.simplefilter("ignore", DeprecationWarning)
        items = [_item(e, language) for e in parsed.entries]
    return Feed(
        title=_clean(feed.get("title")),
        site_url=_clean(feed.get("link")),
        format=_format_name(version),
        items=items,
    )


def _format_name(version: str) -> str:
    names = {
        "rss090": "RSS 0.90",
        "rss091n": "RSS 0.91",
        "rss091u": "RSS 0.91",
        "rss092": "RSS 0.92",
    }
    names |= {"rss093": "RSS 0.93", "rss094": "RSS 0.94", "rss20": "RSS 2.0", "rss10": "RSS 1.0"}
    names |= {"rss": "RSS", "atom03": "Atom 0.3", "atom10": "Atom 1.0", "atom": "Atom"}
    return names.get(version, version or "feed")


def _item(entry: Any, language: str | None) -> FeedItem:
    title = _clean(entry.get("title"))
    content = _best_content(entry.get("content") or [])
    summary = entry.get("summary") or ""
    if content:
        text, text_from = content, "content"
    elif summary.strip():
        text, text_from = summary, "summary"
    else:
        text, text_from = "", "title"
    body = fragment_text(text) if text else ""
    if not body.strip():
        body, text_from = title or "", "title"
    published = _parsed_date(entry.get("published_parsed") or entry.get("updated_parsed"))
    if published is None:
        published = _date_text(entry.get("published") or entry.get("updated"), language)
    return FeedItem(
        title=title,
        link=_clean(entry.get("link")),
        published=published,
        author=_clean(entry.get("author")),
        text=body,
        text_from=text_from,
        guid=_clean(entry.get("id")),
    )


def _best_content(contents: list[Any]) -> str:
    """The longest HTML (else plain) content of an entry."""
    best = ""
    for c in contents:
        value = c.get("value") or ""
        kind = c.get("type") or "text/html"
        if "html" not in kind:
            value = html_lib.escape(value).replace("\n", "<br>")
        if len(value) > len(best):
            best = value
    return best


def _parsed_date(value: time.struct_time | None) -> str | None:
    """A feedparser date (a UTC struct_time) as ISO 8601."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat()
    except (OverflowError, ValueError, OSError):
        return None


def _date_text(value: str | None, language: str | None) -> str | None:
    """A date feedparser could not read (``Seg, 24 Set 2018 19:42:40 -0300``: day and month
    names of another language), read by dateparser; None when it cannot be read either."""
    if not value or not value.strip():
        return None
    import dateparser  # slow to import: only for the dates feedparser leaves unread

    languages = [language] if language else None
    try:
        when = dateparser.parse(value, languages=languages)
        if when is None and languages:
            when = dateparser.parse(value)
    except (ValueError, OverflowError, TypeError):
        return None
    return when.isoformat() if when is not None else None


def _language(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().split("-")[0].lower() or None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(html_lib.unescape(value).split())
    return text or None


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed item's content), one line per block element.

    Scripts, styles and forms are left out; text without tags is returned with its
    entities decoded.
    """
    # control characters and lone surrogates are no text, and lxml refuses them in a tree
    fragment = _NOT_XML_TEXT.sub(" ", fragment)
    if "<" not in fragment:
        return "\n".join(" ".join(ln.split()) for ln in html_lib.unescape(fragment).splitlines())
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return html_lib.unescape(re.sub(r"<[^>]*>", " ", fragment))
    for el in list(root.iter(*_NOT_TEXT)):
        el.drop_tree()
    for el in root.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    lines = (" ".join(ln.split()) for ln in root.text_content().splitlines())
    return "\n".join(ln for ln in lines if ln)


def _json_feed(data: bytes, where: str) -> Feed:
    """A JSON Feed (https://jsonfeed.org, versions 1 and 1.1)."""
    try:
        obj = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise SkippedInput(where, f"malformed JSON Feed ({exc}); check the file") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("items"), list):
        raise SkippedInput(where, "a JSON Feed needs an 'items' list; check the file")
    language = _language(obj.get("language"))
    items = []
    for entry in obj["items"]:
        if not isinstance(entry, dict):
            continue
        title = _clean(entry.get("title"))
        html_body = entry.get("content_html")
        text_body = entry.get("content_text")
        summary = entry.get("summary")
        if isinstance(html_body, str) and html_body.strip():
            body, text_from = fragment_text(html_body), "content"
        elif isinstance(text_body, str) and text_body.strip():
            body, text_from = fragment_text(text_body), "content"
        elif isinstance(summary, str) and summary.strip():
            body, text_from = fragment_text(summary), "summary"
        else:
            body, text_from = title or "", "title"
        authors = entry.get("authors") or ([entry["author"]] if entry.get("author") else [])
        names = [a.get("name") for a in authors if isinstance(a, dict) and a.get("name")]
        date = entry.get("date_published") or entry.get("date_modified")
        items.append(
            FeedItem(
                title=title,
                link=_clean(entry.get("url") or entry.get("external_url")),
                published=_date_text(date, language) if isinstance(date, str) else None,
                author=", ".join(str(n) for n in names) or None,
                text=body,
                text_from=text_from,
                guid=_clean(str(entry["id"])) if entry.get("id") is not None else None,
            )
        )
    return Feed(
        title=_clean(obj.get("title")),
        site_url=_clean(obj.get("home_page_url")),
        format="JSON Feed",
        items=items,
    )


def parse_opml(data: bytes, where: str) -> list[str]:
    """The feed addresses (``xmlUrl``) of an OPML subscription list, in order, once each.

    Raises :class:`SkippedInput` when the bytes are not OPML or hold no feed.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SkippedInput(where, f"malformed OPML ({exc}); check the file") from None
    if root is None or etree.QName(root).localname.lower() != OPML_ROOT:
        raise SkippedInput(where, "not an OPML subscription list; check the file")
    urls: list[str] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and url not in urls:
            urls.append(url)
    if not urls:
        raise SkippedInput(where, "OPML list with no feed (no outline has an xmlUrl)")
    return urls
