"""The HTTP fetcher against a local server: validators, retries, redirects, robots.txt,
rate limits, timeouts and size limits (gzip bombs included).

Every request goes to 127.0.0.1; waits go through a fake clock, so nothing sleeps for real
except where a timeout is the point.
"""

from __future__ import annotations

import gzip
import pickle
import socket
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import cache

import pytest

from storyfold import __version__
from storyfold.errors import InputError
from storyfold.ingest.fetch import (
    Fetcher,
    FetchError,
    FetchOptions,
    FetchResult,
    Validators,
    canonical_url,
)

from .. import httpserver
from ..httpserver import LocalServer, Reply, Request

local_server = httpserver.local_server  # the server fixture, under its own name

PAGE = b"<!doctype html><html><head><title>Story</title></head><body>News.</body></html>"
ETAG = '"v1-abc"'
MODIFIED = "Tue, 02 Dec 2025 10:00:00 GMT"
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")


class FakeClock:
    """A monotonic clock that only moves when something sleeps on it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to 127.0.0.1 must not go through a proxy named in the environment."""
    for name in (*PROXY_VARIABLES, "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make(clock: FakeClock) -> Iterator[Callable[..., Fetcher]]:
    """``make(**options)``: a fetcher on the fake clock, fast defaults, closed afterwards."""
    made: list[Fetcher] = []

    def factory(**options: object) -> Fetcher:
        settings: dict[str, object] = {"backoff": 0.01, "host_interval": 0.0, "timeout": 5.0}
        settings.update(options)
        fetcher = Fetcher(FetchOptions(**settings), clock=clock, sleep=clock.sleep)  # type: ignore[arg-type]
        made.append(fetcher)
        return fetcher

    yield factory
    for fetcher in made:
        fetcher.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@cache
def _gzip_bomb() -> bytes:
    """About 100 kB of gzip that decodes to 100 MB of zeros."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1_000_000)
    parts = [packer.compress(zeros) for _ in range(100)]
    parts.append(packer.flush())
    return b"".join(parts)


# -- plain fetches and conditional GETs --------------------------------------------------


def test_a_page_comes_back_with_its_body_and_validators(local_server, make):
    headers = {"Content-Type": "text/html; charset=UTF-8", "ETag": ETAG, "Last-Modified": MODIFIED}
    local_server.add("/story", body=PAGE, headers=headers)
    url = local_server.url("/story")
    result = make().fetch(url)
    assert isinstance(result, FetchResult)
    assert (result.url, result.final_url, result.status) == (url, url, 200)
    assert result.body == PAGE
    assert not result.not_modified
    assert (result.content_type, result.charset) == ("text/html", "utf-8")
    assert result.validators == Validators(etag=ETAG, last_modified=MODIFIED)


def test_the_request_names_storyfold_and_asks_for_pages_and_feeds(local_server, make):
    local_server.add("/story", body=PAGE)
    make().fetch(local_server.url("/story"))
    (request,) = local_server.requests_to("/story")
    assert request.headers["user-agent"].startswith(f"storyfold/{__version__} (+https://")
    assert request.headers["accept-encoding"] == "gzip, deflate"
    accept = request.headers["accept"]
    assert accept.startswith("text/html")
    assert "application/rss+xml" in accept
    assert "application/atom+xml" in accept


def test_a_refetch_with_the_etag_gets_304_and_sends_if_none_match(local_server, make):
    def story(request: Request) -> Reply:
        if request.headers.get("if-none-match") == ETAG:
            return Reply(304, headers={"ETag": ETAG})
        return Reply(200, PAGE, {"ETag": ETAG, "Content-Type": "text/html"})

    local_server.route("/story", story)
    fetcher = make()
    first = fetcher.fetch(local_server.url("/story"))
    assert first.validators.etag == ETAG
    again = fetcher.fetch(local_server.url("/story"), first.validators)
    assert again.status == 304
    assert again.not_modified
    assert again.body == b""
    assert again.validators.etag == ETAG
    requests = local_server.requests_to("/story")
    assert "if-none-match" not in requests[0].headers
    assert requests[1].headers["if-none-match"] == ETAG


def test_a_refetch_with_last_modified_gets_304_and_keeps_the_validators(local_server, make):
    def story(request: Request) -> Reply:
        if request.headers.get("if-modified-since") == MODIFIED:
            return Reply(304)  # no validators in the answer: the request's are kept
        return Reply(200, PAGE, {"Last-Modified": MODIFIED})

    local_server.route("/story", story)
    validators = Validators(last_modified=MODIFIED)
    result = make().fetch(local_server.url("/story"), validators)
    assert result.not_modified
    assert result.body == b""
    assert result.validators == validators
    (request,) = local_server.requests_to("/story")
    assert request.headers["if-modified-since"] == MODIFIED
    assert "if-none-match" not in request.headers


def test_a_changed_page_gets_its_new_validators(local_server, make):
    local_server.add("/story", body=PAGE, headers={"ETag": '"v2"'})
    result = make().fetch(local_server.url("/story"), Validators(etag=ETAG))
    assert result.status == 200
    assert result.body == PAGE
    assert result.validators == Validators(etag='"v2"')


# -- statuses and retries ------------------------------------------------------------------


def test_404_fails_at_once_with_one_request(local_server, make, clock):
    local_server.add("/gone", status=404, body=b"no such page")
    url = local_server.url("/gone")
    with pytest.raises(FetchError) as caught:
        make(retries=3).fetch(url)
    assert caught.value.url == url
    assert caught.value.reason == "HTTP 404 Not Found; check the address"
    assert str(caught.value) == f"{url}: HTTP 404 Not Found; check the address"
    assert local_server.count("/gone") == 1
    assert clock.sleeps == []


def test_403_says_the_site_refuses_access(local_server, make):
    local_server.add("/private", status=403)
    with pytest.raises(FetchError, match="HTTP 403 Forbidden; the site refuses access"):
        make().fetch(local_server.url("/private"))


def test_429_with_retry_after_waits_that_long_then_succeeds(local_server, make, clock):
    local_server.route("/feed", Reply(429, headers={"Retry-After": "2"}), Reply(200, b"<rss/>"))
    result = make(retries=3, respect_robots=False).fetch(local_server.url("/feed"))
    assert result.body == b"<rss/>"
    assert clock.sleeps == [pytest.approx(2.0)]
    assert local_server.count("/feed") == 2


def test_retry_after_as_an_http_date_is_honoured(local_server, make, clock):
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    local_server.route("/feed", Reply(503, headers={"Retry-After": when}), Reply(200, b"ok"))
    make(respect_robots=False).fetch(local_server.url("/feed"))
    (waited,) = clock.sleeps
    assert 27 <= waited <= 30


def test_a_long_retry_after_is_capped(local_server, make, clock):
    local_server.route("/feed", Reply(429, headers={"Retry-After": "86400"}), Reply(200, b"ok"))
    make(respect_robots=False, max_retry_after=7.5).fetch(local_server.url("/feed"))
    assert clock.sleeps == [7.5]


def test_500_then_200_succeeds_after_a_backoff(local_server, make, clock):
    local_server.route("/story", Reply(500), Reply(200, PAGE))
    result = make(backoff=0.5, respect_robots=False).fetch(local_server.url("/story"))
    assert result.body == PAGE
    assert clock.sleeps == [0.5]


def test_503_always_fails_after_every_attempt_with_doubling_backoff(local_server, make, clock):
    local_server.add("/story", status=503)
    with pytest.raises(FetchError) as caught:
        make(retries=3, backoff=0.5, respect_robots=False).fetch(local_server.url("/story"))
    assert caught.value.reason == "HTTP 503 Service Unavailable after 4 attempts; try again later"
    assert local_server.count("/story") == 4
    assert clock.sleeps == [0.5, 1.0, 2.0]


def test_a_refused_connection_is_retried_then_reported(make, clock):
    url = f"http://127.0.0.1:{_free_port()}/story"
    with pytest.raises(FetchError) as caught:
        make(retries=2, backoff=0.25, respect_robots=False).fetch(url)
    assert caught.value.reason.startswith("could not connect")
    assert "after 3 attempts" in caught.value.reason
    assert clock.sleeps == [0.25, 0.5]


# -- redirects -----------------------------------------------------------------------------


def test_a_chain_of_three_redirects_ends_at_the_final_page(local_server, make):
    local_server.add("/a", status=301, headers={"Location": local_server.url("/b")})
    local_server.add("/b", status=302, headers={"Location": "/c"})  # relative
    local_server.add("/c", status=307, headers={"Location": "d?x=1"})
    local_server.add("/d", body=PAGE, headers={"Content-Type": "text/html"})
    url = local_server.url("/a")
    result = make().fetch(url)
    assert result.url == url
    assert result.final_url == local_server.url("/d?x=1")
    assert result.body == PAGE
    assert [r.path for r in local_server.requests if r.path != "/robots.txt"] == [
        "/a",
        "/b",
        "/c",
        "/d?x=1",
    ]


def test_a_redirect_loop_fails(local_server, make):
    local_server.add("/a", status=302, headers={"Location": "/b"})
    local_server.add("/b", status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match=r"too many redirects \(more than 5\)"):
        make().fetch(local_server.url("/a"))
    assert local_server.count("/a") + local_server.count("/b") == 6


def test_more_redirects_than_allowed_fail(local_server, make):
    for hop in range(3):
        local_server.add(f"/{hop}", status=301, headers={"Location": f"/{hop + 1}"})
    local_server.add("/3", body=PAGE)
    with pytest.raises(FetchError, match=r"too many redirects \(more than 2\)"):
        make(max_redirects=2).fetch(local_server.url("/0"))
    assert local_server.count("/3") == 0


def test_a_redirect_to_a_non_http_address_is_refused(local_server, make):
    local_server.add("/a", status=302, headers={"Location": "ftp://127.0.0.1/file"})
    with pytest.raises(FetchError, match="not an http"):
        make().fetch(local_server.url("/a"))


# -- timeouts ------------------------------------------------------------------------------


def test_a_slow_server_times_out(local_server, make):
    local_server.add("/slow", body=PAGE, delay=1.5)
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out") as caught:
        make(timeout=0.3, retries=0, respect_robots=False).fetch(local_server.url("/slow"))
    assert time.monotonic() - start < 1.4
    assert "after 1 attempt " in caught.value.reason


def test_a_timeout_is_retried(local_server, make):
    local_server.route("/slow", Reply(200, b"late", delay=1.5), Reply(200, b"fast"))
    result = make(timeout=0.3, retries=1, respect_robots=False).fetch(local_server.url("/slow"))
    assert result.body == b"fast"
    assert local_server.count("/slow") == 2


def test_a_trickling_body_is_abandoned_after_its_whole_time_limit(local_server, make):
    def trickle() -> Iterator[bytes]:
        for _ in range(200):
            yield b"x"

    local_server.route("/drip", Reply(200, trickle, chunk_delay=0.05))
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        make(timeout=0.2, retries=0, respect_robots=False).fetch(local_server.url("/drip"))
    assert time.monotonic() - start < 3


# -- size limits and content codings ----------------------------------------------------


def test_a_streamed_body_over_the_limit_stops_early(local_server, make):
    chunk = b"x" * 65536

    def fifty_megabytes() -> Iterator[bytes]:
        for _ in range(800):
            yield chunk

    local_server.route("/huge", Reply(200, fifty_megabytes))
    with pytest.raises(FetchError) as caught:
        make(max_bytes=1000, respect_robots=False).fetch(local_server.url("/huge"))
    assert caught.value.reason.startswith("body larger than 1,000 bytes (the --max-size limit)")
    (request,) = local_server.requests_to("/huge")
    assert request.done.wait(5), "the server still writes: the client kept reading"
    assert request.sent < 25_000_000, f"{request.sent:,} bytes sent"


def test_a_content_length_over_the_limit_is_refused_before_reading(local_server, make):
    local_server.add("/big", body=b"y" * 100_000)
    with pytest.raises(FetchError, match="body larger than"):
        make(max_bytes=1000, respect_robots=False).fetch(local_server.url("/big"))


def test_the_size_limit_names_megabytes(local_server, make):
    local_server.add("/big", body=b"y" * 300_000)
    with pytest.raises(FetchError, match=r"body larger than 0\.2 MB \(the --max-size limit\)"):
        make(max_bytes=200_000, respect_robots=False).fetch(local_server.url("/big"))


def test_a_body_at_the_limit_is_read(local_server, make):
    local_server.add("/exact", body=b"z" * 1000)
    result = make(max_bytes=1000, respect_robots=False).fetch(local_server.url("/exact"))
    assert len(result.body) == 1000


def test_a_gzip_bomb_fails_fast_without_being_expanded(local_server, make):
    bomb = _gzip_bomb()
    assert len(bomb) < 200_000
    local_server.add("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})
    fetcher = make(max_bytes=1_000_000, respect_robots=False)
    start = time.monotonic()
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match=r"body larger than 1\.0 MB"):
            fetcher.fetch(local_server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - start < 5
    assert peak < 16_000_000, f"{peak:,} bytes held for a 1 MB limit"


def test_gzip_and_deflate_bodies_are_decoded(local_server, make):
    local_server.add("/gz", body=gzip.compress(PAGE), headers={"Content-Encoding": "gzip"})
    local_server.add("/zlib", body=zlib.compress(PAGE), headers={"Content-Encoding": "deflate"})
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw = packer.compress(PAGE) + packer.flush()
    local_server.add("/raw", body=raw, headers={"Content-Encoding": "deflate"})
    members = gzip.compress(PAGE[:20]) + gzip.compress(PAGE[20:])
    local_server.add("/two", body=members, headers={"Content-Encoding": "x-gzip"})
    fetcher = make(respect_robots=False)
    for path in ("/gz", "/zlib", "/raw", "/two"):
        assert fetcher.fetch(local_server.url(path)).body == PAGE, path


def test_junk_after_a_whole_gzip_body_is_ignored(local_server, make):
    body = gzip.compress(PAGE) + b"\x1f\x8b not another member"
    local_server.add("/junk", body=body, headers={"Content-Encoding": "gzip"})
    assert make(respect_robots=False).fetch(local_server.url("/junk")).body == PAGE


def test_a_damaged_gzip_body_fails(local_server, make):
    local_server.add("/bad", body=b"this is not gzip", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="gzip body is damaged"):
        make(respect_robots=False, retries=0).fetch(local_server.url("/bad"))


def test_an_unasked_content_coding_is_refused(local_server, make):
    local_server.add("/br", body=b"\x0b\x02\x80hello\x03", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="encoded as 'br'"):
        make(respect_robots=False).fetch(local_server.url("/br"))


def test_a_wrong_charset_is_reported_and_the_bytes_kept(local_server, make):
    text = "Zürich café — naïve".encode()
    headers = {"Content-Type": 'Text/HTML; Charset="ISO-8859-1"'}
    local_server.add("/story", body=text, headers=headers)
    result = make(respect_robots=False).fetch(local_server.url("/story"))
    assert result.body == text
    assert result.content_type == "text/html"
    assert result.charset == "iso-8859-1"


def test_no_content_type_gives_none(local_server, make):
    local_server.add("/plain", body=b"text")
    result = make(respect_robots=False).fetch(local_server.url("/plain"))
    assert (result.content_type, result.charset) == (None, None)


# -- robots.txt ----------------------------------------------------------------------------


def test_a_path_robots_txt_disallows_is_never_requested(local_server, make):
    local_server.add("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n")
    local_server.add("/private/story", body=PAGE)
    local_server.add("/public", body=PAGE)
    fetcher = make()
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(local_server.url("/private/story"))
    assert caught.value.reason == (
        "disallowed by the site's robots.txt; storyfold does not fetch it"
    )
    assert local_server.count("/private/story") == 0
    assert fetcher.fetch(local_server.url("/public")).body == PAGE


def test_robots_txt_groups_match_the_storyfold_token(local_server, make):
    robots = b"User-agent: otherbot\nDisallow: /\n\nUser-agent: storyfold\nDisallow: /feeds/\n"
    local_server.add("/robots.txt", body=robots)
    local_server.add("/story", body=PAGE)
    local_server.add("/feeds/all", body=b"<rss/>")
    fetcher = make()
    assert fetcher.fetch(local_server.url("/story")).body == PAGE
    with pytest.raises(FetchError, match=r"robots\.txt"):
        fetcher.fetch(local_server.url("/feeds/all"))


def test_a_redirected_robots_txt_is_followed(local_server, make):
    local_server.add("/robots.txt", status=301, headers={"Location": "/rules.txt"})
    rules = b"\xef\xbb\xbfUser-agent: storyfold\nDisallow: /x\n"  # with a UTF-8 BOM
    local_server.add("/rules.txt", body=rules)
    with pytest.raises(FetchError, match=r"robots\.txt"):
        make().fetch(local_server.url("/x"))
    assert local_server.count("/x") == 0


def test_robots_txt_is_requested_once_per_site(local_server, make):
    local_server.add("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n")
    for name in ("a", "b", "c"):
        local_server.add(f"/{name}", body=name.encode())
    fetcher = make()
    for name in ("a", "b", "c", "a"):
        assert fetcher.fetch(local_server.url(f"/{name}")).body == name.encode()
    assert local_server.count("/robots.txt") == 1
    assert local_server.requests[0].path == "/robots.txt"


def test_robots_txt_is_read_again_after_a_day(local_server, make, clock):
    local_server.add("/robots.txt", body=b"User-agent: *\nAllow: /\n")
    local_server.add("/a", body=b"a")
    fetcher = make()
    fetcher.fetch(local_server.url("/a"))
    clock.now += 2 * 24 * 3600
    fetcher.fetch(local_server.url("/a"))
    assert local_server.count("/robots.txt") == 2


def test_a_missing_robots_txt_allows_everything(local_server, make):
    local_server.add("/story", body=PAGE)  # /robots.txt has no route: 404
    assert make().fetch(local_server.url("/story")).body == PAGE
    assert local_server.count("/robots.txt") == 1


def test_a_failing_robots_txt_allows_everything_without_retries(local_server, make):
    local_server.add("/robots.txt", status=500)
    local_server.add("/story", body=PAGE)
    assert make(retries=3).fetch(local_server.url("/story")).body == PAGE
    assert local_server.count("/robots.txt") == 1


def test_a_slow_robots_txt_allows_everything(local_server, make):
    local_server.add("/robots.txt", body=b"User-agent: *\nDisallow: /\n", delay=1.5)
    local_server.add("/story", body=PAGE)
    assert make(timeout=0.3).fetch(local_server.url("/story")).body == PAGE


def test_an_oversized_robots_txt_allows_everything(local_server, make):
    local_server.add("/robots.txt", body=b"User-agent: *\nDisallow: /\n" + b"#" * 5000)
    local_server.add("/story", body=b"x")
    assert make(max_bytes=1000).fetch(local_server.url("/story")).body == b"x"


def test_a_redirect_into_a_disallowed_path_is_not_followed(local_server, make):
    local_server.add("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n")
    local_server.add("/open", status=302, headers={"Location": "/private/story"})
    local_server.add("/private/story", body=PAGE)
    with pytest.raises(FetchError, match=r"redirected to .*/private/story, which is disallowed"):
        make().fetch(local_server.url("/open"))
    assert local_server.count("/private/story") == 0


def test_robots_txt_is_not_read_when_not_respected(local_server, make):
    local_server.add("/robots.txt", body=b"User-agent: *\nDisallow: /\n")
    local_server.add("/story", body=PAGE)
    assert make(respect_robots=False).fetch(local_server.url("/story")).body == PAGE
    assert local_server.count("/robots.txt") == 0


# -- per-host rate limit -------------------------------------------------------------------


def test_two_requests_to_one_host_are_spaced_by_the_interval(local_server, make, clock):
    local_server.add("/a", body=b"a")
    local_server.add("/b", body=b"b")
    fetcher = make(host_interval=1.0, respect_robots=False)
    fetcher.fetch(local_server.url("/a"))
    assert clock.sleeps == []
    fetcher.fetch(local_server.url("/b"))
    assert clock.sleeps == [pytest.approx(1.0)]


def test_the_interval_counts_robots_txt_and_time_already_passed(local_server, make, clock):
    local_server.add("/a", body=b"a")
    fetcher = make(host_interval=1.0)
    fetcher.fetch(local_server.url("/a"))  # robots.txt, then /a one interval later
    assert clock.sleeps == [pytest.approx(1.0)]
    clock.now += 0.75
    fetcher.fetch(local_server.url("/a"))
    assert clock.sleeps == [pytest.approx(1.0), pytest.approx(0.25)]


def test_different_hosts_do_not_wait_for_each_other(local_server, make, clock):
    local_server.add("/a", body=b"a")
    fetcher = make(host_interval=1.0, respect_robots=False)
    with LocalServer() as other:
        other.add("/a", body=b"a")
        fetcher.fetch(local_server.url("/a"))
        fetcher.fetch(other.url("/a"))
    assert clock.sleeps == []


# -- addresses and errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/file",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "not a url",
        "",
        "http://",
    ],
)
def test_a_non_http_address_is_refused(make, url):
    with pytest.raises(FetchError, match="not an http\\(s\\) URL") as caught:
        make().fetch(url)
    assert caught.value.url == url


def test_a_fetch_error_is_one_line_and_pickles(local_server, make):
    with pytest.raises(FetchError) as caught:
        make().fetch("ftp://127.0.0.1/a\nb")
    error = caught.value
    assert isinstance(error, InputError)
    assert "\n" not in str(error)
    again = pickle.loads(pickle.dumps(error))
    assert (again.url, again.reason, str(again)) == (error.url, error.reason, str(error))


def test_the_fetcher_is_a_context_manager(local_server, clock):
    local_server.add("/a", body=b"a")
    options = FetchOptions(respect_robots=False, host_interval=0)
    with Fetcher(options, clock=clock, sleep=clock.sleep) as fetcher:
        assert fetcher.fetch(local_server.url("/a")).body == b"a"


def test_canonical_url_drops_trackers_and_the_fragment_and_keeps_the_rest():
    url = "HTTPS://News.Example.COM/2025/story?id=42&utm_source=rss&utm_medium=feed&fbclid=x#top"
    assert canonical_url(url) == "https://news.example.com/2025/story?id=42"
    assert canonical_url("https://example.com/a?page=2&gclid=abc") == (
        "https://example.com/a?page=2"
    )


def test_canonical_url_never_raises():
    for text in ("  not a url ", "http://[::1", "", "https://exa mple.com/%zz"):
        assert isinstance(canonical_url(text), str)
    assert canonical_url("  not a url ") == "not a url"
