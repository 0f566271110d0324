"""Fuzz target: the HTML extraction path (``storyfold.ingest.html`` and its use in sources).

Any markup, well formed or not, gives an :class:`HtmlPage` and never an exception: text
that can be stored, a date in ISO form or none, nothing extracted from a refused page, and
no character in the text that is not in the page. Read as a file, a page is a document or a skip.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from storyfold.errors import SkippedInput
from storyfold.ingest.html import extract_html
from storyfold.ingest.sources import Notice, RawInput, content_hash, to_items
from storyfold.model import Document

from .profile import fuzz, hostile_text, sentence

TAGS = ["p", "div", "article", "main", "section", "h1", "h2", "span", "a", "li", "ul",
        "table", "td", "tr", "nav", "footer", "header", "aside", "script", "style", "br",
        "img", "figure", "figcaption", "blockquote", "pre", "noscript", "template", "svg",
        "time", "b", "i", "form", "iframe", "title", "head", "body", "html"]  # fmt: skip
ATTRS = ["class", "id", "href", "src", "content", "property", "name", "datetime", "rel", "lang"]
META = [
    '<meta property="og:title" content="{}">',
    '<meta name="author" content="{}">',
    '<meta property="article:published_time" content="{}">',
    '<meta property="og:site_name" content="{}">',
    '<link rel="canonical" href="{}">',
    '<meta property="og:url" content="{}">',
    "<title>{}</title>",
    '<time datetime="{}">',
]
JUNK = ["<!--", "-->", "<![CDATA[", "]]>", "<?xml x?>", "<!DOCTYPE html>", "&#0;", "&#xd800;",
        "&nbsp;", "<", "</", "<<p>", "\x00"]  # fmt: skip
ODD_VALUES = ["2025-02-30", "2025-13-01T99:99", "0000-00-00", "http://[::1", "//", "9" * 40]
attr_value = st.one_of(
    hostile_text(max_tokens=4),
    st.sampled_from(
        ["2025-02-30", "2025-13-01T99:99", "0000-00-00", "http://[::1", "//", "9" * 40]
    ),
)


@st.composite
def element(draw: st.DrawFn) -> str:
    """A start tag (perhaps with attributes), an end tag, text, a comment or a meta line."""
    kind = draw(st.sampled_from(["open", "close", "text", "text", "sentence", "meta", "junk"]))
    if kind == "open":
        tag = draw(st.sampled_from(TAGS))
        attrs = draw(st.lists(st.tuples(st.sampled_from(ATTRS), attr_value), max_size=2))
        quoted = "".join(f' {k}="{htmllib.escape(v)}"' for k, v in attrs)
        return f"<{tag}{quoted}>"
    if kind == "close":
        return f"</{draw(st.sampled_from(TAGS))}>"
    if kind == "meta":
        return draw(st.sampled_from(META)).format(htmllib.escape(draw(attr_value)))
    if kind == "sentence":
        return htmllib.escape(draw(sentence()))
    if kind == "junk":
        return draw(st.sampled_from(JUNK))
    return draw(hostile_text(max_tokens=12))


page = st.lists(element(), max_size=60).map("".join)
article_page = st.builds(
    lambda head, paras, tail: (
        f"<html><head>{head}</head><body><article>"
        + "".join(f"<p>{htmllib.escape(p)}</p>" for p in paras)
        + f"</article>{tail}</body></html>"
    ),
    page,
    st.lists(st.lists(sentence(), min_size=1, max_size=5).map(" ".join), max_size=8),
    page,
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _without_dropped(text: str) -> str:
    """``text`` without the characters the parser or the cleaner drop: control, format and
    private-use characters (tab and newline stay)."""
    return "".join(c for c in text if c in "\t\n" or not unicodedata.category(c).startswith("C"))


def _source_chars(markup: str) -> set[str]:
    """The characters of the page's markup, its entities decoded (once or twice), as is and
    in Unicode's normal forms, also once the characters the parser drops are gone (a letter
    and a combining mark they parted then compose: "A\x1f\u0301" and "A\x80\u0301" give "Á")."""
    out: set[str] = set()
    for text in (markup, htmllib.unescape(markup), htmllib.unescape(htmllib.unescape(markup))):
        for t in (text, _without_dropped(text)):
            for form in ("NFC", "NFKC"):
                out |= set(t) | set(unicodedata.normalize(form, t))
    return out


@fuzz
@given(st.one_of(page, article_page), st.one_of(st.none(), attr_value))
@example("<p>" * 300 + "deep", None)
@example("<html><body><p>Storm hits Tarrow harbour wall.</p></body></html>", "http://[::1")
@example("<p><p>0\x1f0 ", None)  # the parser drops the control character: "00"
@example("<html><body><article></article><p>A\x1f\u0301 </body></html>", None)  # then "Á"
@example("<html><body><article></article><p>A\x80\u0301 </body></html>", None)
@example("<p>The.</p>0\x800 ", None)
@example("the the the the the the the <p><td>", None)  # a table: cells parted by "|"
@example("<p>The.</p>\x04á\U000fbf23ùü ", None)  # a private-use character dropped
@example("<?xml version='1.0' encoding='utf-8'?><html><p>x</p></html>", None)
@example("<time datetime='2025-02-30'>Tuesday</time><p>The ferry crews walked out.</p>", None)
@example("<ul>the <form>", None)  # a list item comes out as "- the"
def test_any_markup_gives_a_page(markup: str, url: str | None) -> None:
    got = extract_html(markup, url=url)
    assert isinstance(got.text, str)
    got.text.encode("utf-8")
    if got.refused:
        assert got.text == ""
    if got.published is not None:
        assert _ISO_DATE.fullmatch(got.published), got.published
    for value in (got.title, got.author, got.site, got.url):
        assert value is None or isinstance(value, str)
    # "|" parts table cells; a list item's "- " marker is the extraction's own
    shown = "\n".join(ln[2:] if ln.startswith("- ") else ln for ln in got.text.split("\n"))
    invented = set(shown) - _source_chars(markup) - set(" \n|")
    assert not invented, invented


@fuzz
@given(st.one_of(page, article_page), st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_an_html_file_is_a_document_or_a_skip(markup: str, encoding: str) -> None:
    data = markup.encode(encoding, errors="replace")
    raw = RawInput("page.html", data, content_hash(data), "html", "page.html")
    items = to_items(raw)
    assert items and all(isinstance(i, Notice) for i in items[:-1])
    last = items[-1]
    assert isinstance(last, (Document, SkippedInput))
    if isinstance(last, Document):
        assert last.text.strip() and last.kind == "html" and last.extracted
