"""Fetch pages and feeds over HTTP, carefully: the fetcher of ``storyfold fold URL...`` and
``storyfold watch``.

:class:`Fetcher` GETs one address at a time (httpx, synchronous) and returns its raw bytes
with the declared charset; decoding the text is done elsewhere
(:func:`storyfold.ingest.decode.decode_bytes`). On the way it

* reads each site's ``robots.txt`` once (kept a day) and fetches nothing it disallows to
  the user-agent token ``storyfold``; a ``robots.txt`` that is missing (4xx) or cannot be
  read (5xx, network failure) allows everything;
* waits :attr:`FetchOptions.host_interval` between two requests to one host (retries and
  ``robots.txt`` included);
* follows redirects itself, at most :attr:`FetchOptions.max_redirects`, each target an
  http(s) address that ``robots.txt`` allows;
* sends ``If-None-Match`` / ``If-Modified-Since`` from the :class:`Validators` of the last
  fetch, so an unchanged feed costs one ``304 Not Modified``;
* retries ``429``, ``5xx``, connection failures and timeouts with exponential backoff,
  honouring ``Retry-After`` (capped);
* stops reading a body as soon as its *decoded* size passes
  :attr:`FetchOptions.max_bytes`: bodies are decompressed here, in bounded steps, so a
  gzip bomb costs at most the limit in memory, never its decoded size.

Every failure is one :class:`FetchError`: the address, what went wrong, what to do.
The fetcher is not thread-safe: use one per thread.
"""

from __future__ import annotations

import http
import math
import re
import ssl
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.robotparser import RobotFileParser

import httpx

from .. import __version__
from ..errors import InputError
from ..text import counted
from .urls import canonical_url

__all__ = [
    "FetchError",
    "FetchOptions",
    "FetchResult",
    "Fetcher",
    "Validators",
    "canonical_url",
]

ROBOTS_TOKEN = "storyfold"
"""The user-agent token matched against ``robots.txt`` groups."""

ACCEPT = (
    "text/html,application/xhtml+xml;q=0.9,"
    "application/rss+xml;q=0.9,application/atom+xml;q=0.9,application/feed+json;q=0.9,"
    "application/rdf+xml;q=0.8,application/xml;q=0.8,text/xml;q=0.8,text/plain;q=0.5,"
    "*/*;q=0.1"
)
"""Pages and feeds first, anything else last (servers often mislabel feeds)."""

ACCEPT_ENCODING = "gzip, deflate"
"""The content codings decoded here, in bounded steps (br and zstd are not: their
decoders cannot cap their output, so a small bomb would be expanded whole)."""

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

ROBOTS_TTL = 24 * 3600.0
"""Seconds a read ``robots.txt`` is kept (RFC 9309: at most a day)."""
ROBOTS_FAILED_TTL = 600.0
"""Seconds an unreadable ``robots.txt`` (5xx, network failure) counts as allowing all."""

WHOLE_RESPONSE_FACTOR = 6
"""A response whose body takes longer than this many times :attr:`FetchOptions.timeout` in
all is abandoned, however steadily it trickles (httpx's timeouts are per read)."""

_DECODED_CHUNK = 64 * 1024
"""Most bytes one decompression step may produce."""
_MB = 1_000_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(slots=True, frozen=True)
class FetchOptions:
    """How the fetcher behaves; the defaults suit a polite crawler of news sites."""

    user_agent: str = (
        f"storyfold/{__version__} (+https://github.com/storyfold/storyfold; news dedup)"
    )
    """The ``User-Agent`` header sent with every request."""
    timeout: float = 20.0
    """Seconds each of connect, read, write and pool may take."""
    max_bytes: int = 20_000_000
    """Largest decoded body read, checked while reading (``--max-size``)."""
    max_redirects: int = 5
    """Most redirects followed for one address."""
    retries: int = 3
    """Extra attempts after a 429, a 5xx, a connection failure or a timeout."""
    backoff: float = 1.0
    """Seconds before the first retry, doubled before each next one."""
    max_retry_after: float = 60.0
    """Longest wait before a retry, whatever ``Retry-After`` asks."""
    host_interval: float = 1.0
    """Least seconds between two requests to one host."""
    respect_robots: bool = True
    """Whether ``robots.txt`` is read and obeyed."""


@dataclass(slots=True, frozen=True)
class Validators:
    """What a previous fetch of an address returned, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True, frozen=True)
class FetchResult:
    """One fetched address: its final status, raw body and what describes the body."""

    url: str
    """The address asked for."""
    final_url: str
    """The address the body came from, after redirects."""
    status: int
    """The final HTTP status (304 when not modified)."""
    body: bytes
    """The decoded (decompressed) body, not decoded into text; ``b""`` when not modified."""
    content_type: str | None
    """The media type of ``Content-Type``, lower case, without parameters."""
    charset: str | None
    """The ``charset`` parameter of ``Content-Type``, lower case, if any."""
    validators: Validators
    """The response's ETag / Last-Modified, to store for the next conditional GET."""

    @property
    def not_modified(self) -> bool:
        """True when the server answered ``304 Not Modified`` (the stored copy is current)."""
        return self.status == 304


class FetchError(InputError):
    """An address could not be fetched; ``str()`` is one line: address, reason, what to do."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = _one_line(reason)
        super().__init__(f"{_one_line(url)}: {self.reason}")

    def __reduce__(self) -> tuple[type[FetchError], tuple[str, str]]:
        """Pickle as ``(url, reason)``."""
        return (FetchError, (self.url, self.reason))


@dataclass(slots=True, frozen=True)
class _Reply:
    """One HTTP response, its body read only when it is the page itself."""

    status: int
    headers: httpx.Headers
    body: bytes


@dataclass(slots=True)
class _Robots:
    parser: RobotFileParser | None  # None: everything allowed
    expires: float


class _TooSlow(Exception):
    """The whole response took longer than :data:`WHOLE_RESPONSE_FACTOR` timeouts."""


class Fetcher:
    """Fetches addresses one at a time with one pooled httpx client.

    ``clock`` and ``sleep`` time the per-host waits and the retry backoff (tests pass fakes);
    ``transport`` replaces httpx's network transport (tests, proxies).
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.options = options if options is not None else FetchOptions()
        self._clock = clock
        self._sleep = sleep
        self._client = httpx.Client(
            headers={
                "User-Agent": self.options.user_agent,
                "Accept": ACCEPT,
                "Accept-Encoding": ACCEPT_ENCODING,
            },
            timeout=httpx.Timeout(self.options.timeout),
            follow_redirects=False,
            transport=transport,
        )
        self._last_request: dict[tuple[str, int | None], float] = {}
        self._robots: dict[str, _Robots] = {}

    def fetch(self, url: str, validators: Validators | None = None) -> FetchResult:
        """GET ``url`` (conditionally, given the ``validators`` of its last fetch).

        Raises :class:`FetchError` for an address that is not http(s), one ``robots.txt``
        disallows, too many redirects, a 4xx, a 5xx / 429 / timeout / connection failure
        that outlasted the retries, or a body over the size limit.
        """
        target = _http_url(url)
        if target is None:
            raise FetchError(url, "not an http(s) URL; storyfold fetches web addresses only")
        headers = _conditional_headers(validators)
        redirects = 0
        while True:
            self._check_robots(url, target, first=redirects == 0)
            reply = self._request(url, target, headers)
            location = reply.headers.get("location")
            if reply.status in REDIRECT_STATUSES and location:
                if redirects >= self.options.max_redirects:
                    raise FetchError(
                        url,
                        f"too many redirects (more than {self.options.max_redirects}); "
                        "the site may be redirecting in a loop",
                    )
                redirects += 1
                target = self._redirect_target(url, target, location)
                continue
            break
        final_url = url if redirects == 0 else str(target)
        media, charset = _content_type(reply.headers.get("content-type"))
        status = reply.status
        if status == 304:
            carried = validators or Validators()
            got = _validators_of(reply.headers)
            return FetchResult(
                url,
                final_url,
                304,
                b"",
                media,
                charset,
                Validators(
                    etag=got.etag or carried.etag,
                    last_modified=got.last_modified or carried.last_modified,
                ),
            )
        if 200 <= status < 300:
            return FetchResult(
                url, final_url, status, reply.body, media, charset, _validators_of(reply.headers)
            )
        raise FetchError(url, _status_reason(status))

    def close(self) -> None:
        """Close the HTTP client and its connections."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        """The fetcher itself; it is closed on leaving the ``with`` block."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the fetcher."""
        self.close()

    # -- requests ------------------------------------------------------------------------

    def _request(self, url: str, target: httpx.URL, headers: dict[str, str]) -> _Reply:
        """One GET of ``target``, retried on 429, 5xx, connection failures and timeouts."""
        attempts = max(0, self.options.retries) + 1
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            self._wait_for_host(target)
            delay: float | None = None
            try:
                with self._client.stream("GET", target, headers=headers) as response:
                    status = response.status_code
                    if status == 429 or 500 <= status <= 599:
                        if last:
                            raise FetchError(
                                url,
                                f"{_status_text(status)} after {_attempts(attempts)}; "
                                "try again later",
                            )
                        delay = _retry_after(response.headers.get("retry-after"))
                    elif 200 <= status < 300:
                        body = self._read_body(url, response)
                        return _Reply(status, response.headers, body)
                    else:
                        return _Reply(status, response.headers, b"")
            except (httpx.TransportError, _TooSlow) as exc:
                if last or not _retryable(exc):
                    raise FetchError(url, _failure_reason(exc, attempt, self.options)) from exc
            except httpx.InvalidURL as exc:
                raise FetchError(url, f"not a valid address ({exc}); check the address") from exc
            if delay is None:
                delay = self.options.backoff * 2 ** (attempt - 1)
            self._sleep(max(0.0, min(delay, self.options.max_retry_after)))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _read_body(self, url: str, response: httpx.Response) -> bytes:
        """The decoded body, read and decompressed in bounded steps, at most ``max_bytes``."""
        limit = self.options.max_bytes
        codings = _content_codings(response.headers.get("content-encoding"))
        if not codings:
            length = response.headers.get("content-length", "").strip()
            if length.isdigit() and int(length) > limit:
                raise FetchError(url, _too_large(limit))
        decoder = _Decoders(url, codings)
        deadline = time.monotonic() + WHOLE_RESPONSE_FACTOR * self.options.timeout
        body = bytearray()
        for raw in response.iter_raw():  # as read from the network, at most 64 KiB
            for piece in decoder.feed(raw):
                if len(body) + len(piece) > limit:
                    raise FetchError(url, _too_large(limit))
                body += piece
            if time.monotonic() > deadline:
                raise _TooSlow
        for piece in decoder.flush():
            if len(body) + len(piece) > limit:
                raise FetchError(url, _too_large(limit))
            body += piece
        return bytes(body)

    def _wait_for_host(self, target: httpx.URL) -> None:
        """Sleep until ``host_interval`` has passed since the last request to the host."""
        key = (target.host, target.port)
        now = self._clock()
        previous = self._last_request.get(key)
        if previous is not None:
            wait = previous + self.options.host_interval - now
            if wait > 0:
                self._sleep(wait)
                now = self._clock()
        self._last_request[key] = now

    def _redirect_target(self, url: str, current: httpx.URL, location: str) -> httpx.URL:
        """Where a redirect leads, which must be an http(s) address."""
        try:
            target = current.join(location.strip())
        except (httpx.InvalidURL, ValueError, UnicodeError):
            target = None
        if target is None or target.scheme not in ("http", "https") or not target.host:
            raise FetchError(
                url,
                f"redirected to {_short(location)}, not an http(s) URL; storyfold does not "
                "follow it",
            )
        return target

    # -- robots.txt ------------------------------------------------------------------------

    def _check_robots(self, url: str, target: httpx.URL, *, first: bool) -> None:
        """Raise :class:`FetchError` when the site's ``robots.txt`` disallows ``target``."""
        if not self.options.respect_robots:
            return
        parser = self._robots_of(target)
        if parser is None or parser.can_fetch(ROBOTS_TOKEN, str(target)):
            return
        where = "" if first else f"redirected to {_short(str(target))}, which is "
        raise FetchError(
            url, f"{where}disallowed by the site's robots.txt; storyfold does not fetch it"
        )

    def _robots_of(self, target: httpx.URL) -> RobotFileParser | None:
        """The parsed ``robots.txt`` of ``target``'s site (None: all allowed), cached."""
        origin = f"{target.scheme}://{target.netloc.decode('ascii')}".lower()
        now = self._clock()
        cached = self._robots.get(origin)
        if cached is not None and now < cached.expires:
            return cached.parser
        parser, ttl = self._read_robots(httpx.URL(origin + "/robots.txt"))
        self._robots[origin] = _Robots(parser, self._clock() + ttl)
        return parser

    def _read_robots(self, target: httpx.URL) -> tuple[RobotFileParser | None, float]:
        """Fetch and parse one ``robots.txt`` (one attempt, redirects followed)."""
        where = str(target)
        try:
            for _ in range(self.options.max_redirects + 1):
                self._wait_for_host(target)
                with self._client.stream("GET", target) as response:
                    status = response.status_code
                    location = response.headers.get("location")
                    if status in REDIRECT_STATUSES and location:
                        target = self._redirect_target(where, target, location)
                        continue
                    if 400 <= status < 500:
                        return None, ROBOTS_TTL  # no robots.txt: everything allowed
                    if not 200 <= status < 300:
                        return None, ROBOTS_FAILED_TTL
                    body = self._read_body(where, response)
                break
            else:
                return None, ROBOTS_FAILED_TTL
        except (httpx.HTTPError, httpx.InvalidURL, FetchError, _TooSlow, ValueError):
            return None, ROBOTS_FAILED_TTL
        parser = RobotFileParser()
        parser.parse(body.decode("utf-8-sig", "replace").splitlines())
        return parser, ROBOTS_TTL


# -- content decoding --------------------------------------------------------------------


class _Inflater:
    """One gzip or deflate coding, undone in steps of at most :data:`_DECODED_CHUNK`."""

    def __init__(self, url: str, coding: str) -> None:
        self.url = url
        self.coding = coding
        self.gzip = coding in ("gzip", "x-gzip")
        self._wbits = zlib.MAX_WBITS | 16 if self.gzip else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(self._wbits)
        self._started = False  # any output yet (deflate: whether the zlib wrapper was right)
        self._later_member = False  # decoding a gzip member after the first
        self._done = False  # the stream ended; what follows is ignored

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded bytes of the next piece of the coded body."""
        try:
            yield from self._inflate(data)
        except zlib.error as exc:
            raise FetchError(
                self.url,
                f"the {self.coding} body is damaged ({exc}); the site sent a broken response",
            ) from exc

    def flush(self) -> Iterator[bytes]:
        """What is left once the coded body has ended."""
        if self._done:
            return
        try:
            rest = self._zlib.flush()
        except zlib.error:
            return
        if rest:
            yield rest

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        while data and not self._done:
            try:
                out = self._zlib.decompress(data, _DECODED_CHUNK)
            except zlib.error:
                if self._later_member:
                    self._done = True  # trailing bytes after a whole gzip member: ignored
                    return
                if self.gzip or self._started:
                    raise
                # "deflate" sent as a raw deflate stream, without the zlib wrapper
                self._started = True
                self._wbits = -zlib.MAX_WBITS
                self._zlib = zlib.decompressobj(self._wbits)
                continue
            self._started = True
            if out:
                yield out
            if self._zlib.eof:
                data = self._zlib.unused_data
                if self.gzip and data.strip(b"\x00\r\n\t "):
                    self._zlib = zlib.decompressobj(self._wbits)  # the next gzip member
                    self._later_member = True
                else:
                    self._done = True
                continue
            data = self._zlib.unconsumed_tail
            while not data and len(out) == _DECODED_CHUNK:  # output still pending
                out = self._zlib.decompress(b"", _DECODED_CHUNK)
                if out:
                    yield out


class _Decoders:
    """The body's content codings undone in turn (the last one applied first)."""

    def __init__(self, url: str, codings: list[str]) -> None:
        steps: list[_Inflater] = []
        for coding in reversed(codings):
            if coding not in ("gzip", "x-gzip", "deflate"):
                raise FetchError(
                    url,
                    f"the body is encoded as {_short(coding)!r}, which storyfold does not "
                    "decode; the site ignored the Accept-Encoding it was sent",
                )
            steps.append(_Inflater(url, coding))
        self.steps = steps

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded bytes of the next piece of the raw body."""
        return self._through(0, data)

    def flush(self) -> Iterator[bytes]:
        """What every decoder still holds once the raw body has ended."""
        for index, step in enumerate(self.steps):
            for out in step.flush():
                yield from self._through(index + 1, out)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self.steps):
            if data:
                yield data
            return
        for out in self.steps[index].feed(data):
            yield from self._through(index + 1, out)


# -- helpers -----------------------------------------------------------------------------


def _http_url(text: str) -> httpx.URL | None:
    """``text`` as an absolute http(s) URL with a host, or None."""
    try:
        parsed = httpx.URL(text.strip())
    except (httpx.InvalidURL, TypeError, ValueError, UnicodeError):
        return None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        return None
    return parsed


def _conditional_headers(validators: Validators | None) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` from stored validators (sane ones only)."""
    headers: dict[str, str] = {}
    if validators is None:
        return headers
    for name, value in (
        ("If-None-Match", validators.etag),
        ("If-Modified-Since", validators.last_modified),
    ):
        if value and value.isascii() and value.isprintable() and value.strip():
            headers[name] = value.strip()
    return headers


def _validators_of(headers: httpx.Headers) -> Validators:
    """The ETag and Last-Modified of a response (None where absent or empty)."""
    etag = headers.get("etag", "").strip() or None
    modified = headers.get("last-modified", "").strip() or None
    return Validators(etag=etag, last_modified=modified)


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    """``(media type, charset)`` of a ``Content-Type`` header, both lower case."""
    if not value:
        return None, None
    media, *params = value.split(";")
    charset = None
    for param in params:
        name, _, arg = param.partition("=")
        if name.strip().lower() == "charset":
            charset = arg.strip().strip("\"'").strip().lower() or None
            break
    return media.strip().lower() or None, charset


def _content_codings(value: str | None) -> list[str]:
    """The content codings of a ``Content-Encoding`` header, in the order applied."""
    if not value:
        return []
    codings = (c.strip().lower() for c in value.split(","))
    return [c for c in codings if c and c != "identity"]


def _retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header (seconds or an HTTP date) asks to wait, or None."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def _retryable(exc: Exception) -> bool:
    """Whether another attempt may succeed after ``exc``."""
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError):
        return False
    return not _caused_by(exc, ssl.SSLCertVerificationError)


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _failure_reason(exc: Exception, attempts: int, options: FetchOptions) -> str:
    """One line on a transport failure after ``attempts`` attempts."""
    after = _attempts(attempts)
    if isinstance(exc, _TooSlow):
        whole = WHOLE_RESPONSE_FACTOR * options.timeout
        return (
            f"timed out after {after}: the response took longer than {whole:g} s in all; "
            "the site is too slow, try again later"
        )
    if isinstance(exc, httpx.TimeoutException):
        return (
            f"timed out after {after} (no answer within {options.timeout:g} s); "
            "the site is slow or down, try again later"
        )
    detail = _short(str(exc) or type(exc).__name__, 120)
    if _caused_by(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted ({detail}); check the address"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect ({detail}) after {after}; check the address and the network"
    return f"connection failed ({detail}) after {after}; try again later"


def _status_text(status: int) -> str:
    """``HTTP 404 Not Found`` (the standard phrase, never the server's own text)."""
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "Client Error" if status < 500 else "Server Error"
    return f"HTTP {status} {phrase}"


def _status_reason(status: int) -> str:
    """One line on a final status that is not a page."""
    text = _status_text(status)
    if status in (401, 403):
        return f"{text}; the site refuses access (it may need a login or block crawlers)"
    if status == 410:
        return f"{text}; the page was removed"
    if 300 <= status < 400:
        return f"{text} without a usable Location; check the address"
    return f"{text}; check the address"


def _too_large(limit: int) -> str:
    size = f"{limit / _MB:.1f} MB" if limit >= _MB // 10 else f"{limit:,} bytes"
    return f"body larger than {size} (the --max-size limit); raise --max-size to read it"


def _attempts(count: int) -> str:
    return counted(count, "attempt")


def _one_line(text: str) -> str:
    return _CONTROL.sub(" ", text).strip()


def _short(text: str, limit: int = 200) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
