"""Read web addresses: pages, feeds and OPML lists, fetched over HTTP.

:class:`UrlReader` turns one address into raw inputs, as reading a file does: a page
becomes one, a feed one per item, an OPML list the inputs of every feed it names. It asks
the store's validators (ETag / Last-Modified) of each address first, so a feed that has not
changed costs one ``304 Not Modified``; it keeps the validators it got, for the caller to
store once the fold is written (:attr:`UrlReader.fresh`). Addresses are canonicalised
(tracking parameters and fragments dropped), so one article under two addresses is
fetched once.

Fetching itself (robots.txt, rate limits, retries, size limits) is
:mod:`storyfold.ingest.fetch`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..errors import SkippedInput
from .feeds import FEED_ROOTS, OPML_ROOT, looks_like_json_feed, parse_opml, sniff_xml_root
from .sources import Notice, RawInput, RawItem, content_hash, feed_inputs

if TYPE_CHECKING:
    from .fetch import Fetcher, FetchOptions, FetchResult, Validators

__all__ = ["RemoteOptions", "UrlReader"]

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/xml",
    "text/xml",
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
OPML_TYPES = ("text/x-opml", "application/x-opml", "text/opml")


@dataclass(slots=True, frozen=True)
class RemoteOptions:
    """How addresses are read: the fetcher's settings (None: its defaults, with pages and
    feeds up to ``max_bytes``), and whether a feed item that carries only a summary is
    replaced by the page it links to."""

    fetch: FetchOptions | None = None
    max_bytes: int | None = None
    host_interval: float | None = None
    fetch_articles: bool = False


@dataclass(slots=True)
class UrlReader:
    """Reads addresses into raw inputs for :func:`~storyfold.ingest.sources.read_inputs`.

    ``validators_of`` gives the stored validators of a canonical address, ``known_url``
    whether a stored document was read from it (a linked article is then not fetched
    again). After reading, :attr:`fresh` holds the validators to store and
    :attr:`unchanged` the addresses that answered ``304 Not Modified``.
    """

    options: RemoteOptions
    validators_of: Callable[[str], Validators | None]
    known_url: Callable[[str], bool]
    fresh: dict[str, Validators] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    _fetcher: Fetcher | None = None
    _seen: set[str] = field(default_factory=set)

    def __call__(self, url: str) -> Iterator[RawItem]:
        """The raw inputs of one address (once per fold, however often it is named)."""
        from .fetch import FetchError, canonical_url

        canon = canonical_url(url)
        if canon in self._seen:
            return
        self._seen.add(canon)
        try:
            result = self.fetcher.fetch(url, self.validators_of(canon))
        except FetchError as exc:
            yield SkippedInput(url, exc.reason)
            return
        if result.not_modified:
            self.unchanged.append(canon)
            return
        if result.validators.etag or result.validators.last_modified:
            self.fresh[canon] = result.validators
        try:
            yield from self._inputs_of(url, canonical_url(result.final_url), result)
        except SkippedInput as skip:  # not a feed after all, an OPML list without feeds...
            yield skip

    @property
    def fetcher(self) -> Fetcher:
        """The HTTP fetcher, made on first use (no client for a fold of files)."""
        if self._fetcher is None:
            from .fetch import Fetcher, FetchOptions

            options = self.options.fetch
            if options is None:
                options = FetchOptions()
                if self.options.max_bytes is not None:
                    options = replace(options, max_bytes=self.options.max_bytes)
                if self.options.host_interval is not None:
                    options = replace(options, host_interval=self.options.host_interval)
            self._fetcher = Fetcher(options)
        return self._fetcher

    def close(self) -> None:
        """Close the HTTP client, if one was made."""
        if self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None

    def _inputs_of(self, url: str, final: str, result: FetchResult) -> Iterator[RawItem]:
        kind = _kind_of(result)
        body = result.body
        if kind == "feed":
            for raw in feed_inputs(body, url, None, content_type=result.content_type):
                if (
                    self.options.fetch_articles
                    and isinstance(raw, RawInput)
                    and raw.record is not None
                    and raw.record.url
                    and raw.record.text_from != "content"
                ):
                    yield from self._article_or(raw, raw.record.url)
                else:
                    yield raw
        elif kind == "opml":
            for feed in parse_opml(body, url):
                yield from self(feed)
        elif kind in ("html", "text"):
            if not body.strip():
                yield SkippedInput(url, "empty page; nothing to read")
                return
            yield RawInput(
                url, body, content_hash(body), kind, None, url=final, charset=result.charset
            )
        else:
            yield SkippedInput(
                url,
                f"not a news format ({result.content_type or 'no content type'}); "
                "storyfold reads web pages, feeds and OPML lists",
            )

    def _article_or(self, item: RawInput, link: str) -> Iterator[RawItem]:
        """The page a feed item links to, in place of the item; the item when the page
        cannot be read (a notice says why); nothing when the page is stored already."""
        from .fetch import canonical_url

        if self.known_url(canonical_url(link)):
            return
        page = list(self(link))
        if any(isinstance(p, RawInput) for p in page):
            yield from page
            return
        why = "; ".join(p.reason for p in page if isinstance(p, SkippedInput)) or "no page"
        yield Notice(item.where, f"linked page not read ({why}); the feed's text is used")
        yield item


def _kind_of(result: FetchResult) -> str:
    """``feed``, ``opml``, ``html``, ``text`` or ``other``, by content type, then by the
    first bytes (servers label feeds ``text/html`` or ``text/plain`` often enough)."""
    media = result.content_type or ""
    root = sniff_xml_root(result.body[:4096])
    if root in FEED_ROOTS or looks_like_json_feed(result.body[:4096]):
        return "feed"
    if root == OPML_ROOT or media in OPML_TYPES:
        return "opml"
    if media in HTML_TYPES or root == "html":
        return "html"
    if media in FEED_TYPES:
        return "feed"
    if media == "text/plain":
        return "text"
    head = result.body[:2048].lstrip().lower()
    if not media and (head.startswith(b"<!doctype html") or b"<body" in head):
        return "html"
    return "other"
