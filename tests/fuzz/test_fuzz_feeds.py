"""Fuzz target: the feed, OPML and web-archive readers.

A feed's bytes give a :class:`Feed` whose items are text (no lone surrogates, no markup
left in a summary that was HTML) or one :class:`SkippedInput`, never another exception;
an OPML list gives addresses or a skip; an archive's bytes, whole or cut anywhere, give
pages and skips only, and a cut archive keeps the records before the cut.
"""

from __future__ import annotations

import gzip
import io
from xml.sax.saxutils import escape

from hypothesis import example, given
from hypothesis import strategies as st

from storyfold.errors import SkippedInput
from storyfold.ingest.feeds import Feed, parse_feed, parse_opml
from storyfold.ingest.warc import ArchivePage, ArchiveTally, archive_pages

from .profile import fuzz, hostile_text


def _no_surrogates(text: str | None) -> bool:
    return text is None or not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


@st.composite
def rss_feed(draw: st.DrawFn) -> bytes:
    """An RSS 2.0 feed of hostile items: titles, links and dates of any shape, summaries
    of escaped HTML, now and then a broken tag or a wrong encoding declaration."""
    items = []
    for _ in range(draw(st.integers(0, 4))):
        title = escape(draw(hostile_text(max_tokens=8)))
        link = escape(draw(st.sampled_from(["https://news.test/a", "", "javascript:x", "//"])))
        date = escape(draw(st.sampled_from(["Tue, 03 Dec 2026 10:00:00 GMT", "3/12", "", "x"])))
        body = escape(f"<p>{draw(hostile_text(max_tokens=30))}</p><script>alert(1)</script>")
        items.append(
            f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
            f"<description>{body}</description></item>"
        )
    encoding = draw(st.sampled_from(["utf-8", "iso-8859-1", "utf-16", "nonsense"]))
    tail = draw(st.sampled_from(["</channel></rss>", "</channel>", "", "<item><title>"]))
    xml = (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
        f"<title>{escape(draw(hostile_text(max_tokens=5)))}</title>{''.join(items)}{tail}"
    )
    return xml.encode("utf-8", "surrogatepass")


def _check_feed(data: bytes) -> None:
    try:
        feed = parse_feed(data, "fuzz.xml")
    except SkippedInput as skip:
        assert skip.where == "fuzz.xml" and skip.reason
        return
    assert isinstance(feed, Feed)
    for item in feed.items:
        assert item.text_from in ("content", "summary", "title")
        for value in (item.title, item.link, item.published, item.author, item.text):
            assert _no_surrogates(value)
        assert "<script" not in item.text.lower()


@fuzz
@given(st.one_of(rss_feed(), st.binary(max_size=400)))
@example(b'<?xml version="1.0"?><rss><channel><item><title>a</title></item></channel></rss>')
@example(b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": 1}]}')
@example(b'{"version": "https://jsonfeed.org/version/1", "items": "no"}')
@example(  # a control character in an HTML summary: lxml refused it in the tree
    b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>t</title>'
    b"<description>&lt;p&gt;\x08 &lt;/p&gt;</description></item></channel></rss>"
)
def test_a_feed_is_items_of_text_or_one_skip(data: bytes) -> None:
    _check_feed(data)


@fuzz
@given(st.lists(st.sampled_from(["https://a.test/feed", "", "x", "http://[::1"]), max_size=4))
def test_an_opml_list_gives_addresses_or_a_skip(urls: list[str]) -> None:
    outlines = "".join(f'<outline type="rss" xmlUrl="{escape(u)}"/>' for u in urls)
    data = f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'.encode()
    for chunk in (data, data[: len(data) // 2]):
        try:
            found = parse_opml(chunk, "subs.opml")
        except SkippedInput as skip:
            assert skip.where == "subs.opml"
            continue
        assert all(isinstance(u, str) and u for u in found)


def _warc_record(uri: str, body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2026-12-03T10:00:00Z\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def _read(data: bytes) -> list[ArchivePage | SkippedInput]:
    return list(archive_pages(io.BytesIO(data), "fuzz.warc", 1 << 20, ArchiveTally()))


@fuzz
@given(
    st.lists(hostile_text(max_tokens=20), min_size=1, max_size=3),
    st.floats(0, 1),
    st.booleans(),
)
@example(bodies=["", ""], cut=0.5625, compressed=False)  # cut in the HTTP headers: warcio
def test_an_archive_cut_anywhere_gives_pages_and_skips_only(
    bodies: list[str], cut: float, compressed: bool
) -> None:
    records = [
        _warc_record(f"https://news.test/{n}", f"<html><body><p>{escape(b)}</p></body></html>"
                     .encode("utf-8", "surrogatepass"))
        for n, b in enumerate(bodies)
    ]  # fmt: skip
    members = [gzip.compress(r) if compressed else r for r in records]
    whole = b"".join(members)
    out = _read(whole)
    assert [o.url for o in out if isinstance(o, ArchivePage)] == [
        f"https://news.test/{n}" for n in range(len(bodies))
    ]
    at = int(len(whole) * cut)
    cut_out = _read(whole[:at])
    assert all(isinstance(o, ArchivePage | SkippedInput) for o in cut_out)
    complete = sum(1 for end in _ends(members) if end <= at)
    assert sum(isinstance(o, ArchivePage) for o in cut_out) >= complete - 1


def _ends(members: list[bytes]) -> list[int]:
    ends, total = [], 0
    for m in members:
        total += len(m)
        ends.append(total)
    return ends


@fuzz
@given(st.binary(max_size=300))
@example(b"WARC/1.0\r\nContent-Length: 99999999\r\n\r\nabc")
@example(b"filedesc://x 0.0.0.0 20260101000000 text/plain 10\n")
def test_archive_bytes_of_any_shape_give_pages_and_skips_only(data: bytes) -> None:
    for head in (b"WARC/1.0\r\n", b""):
        assert all(isinstance(o, ArchivePage | SkippedInput) for o in _read(head + data))
