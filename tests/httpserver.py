"""A local HTTP server for tests: routes of canned replies, a log of what was asked.

It listens on 127.0.0.1 only, on a free port, in a daemon thread::

    def test_something(local_server):
        local_server.route("/feed", Reply(500), Reply(200, b"<rss/>"))  # 500, then 200 always
        local_server.route("/page", lambda request: Reply(200, request.path.encode()))
        fetch(local_server.url("/feed"))
        assert local_server.count("/feed") == 2
        assert local_server.requests_to("/feed")[0].headers["user-agent"].startswith("storyfold")

A route is a sequence of replies: each request takes the next one, the last one repeats. A
reply is a :class:`Reply` or a function of the :class:`Request` that returns one. Paths
without a route answer 404. Responses are HTTP/1.0: the connection closes after each one,
so a body may be any stream of chunks (a callable returning an iterable), sent without a
``Content-Length`` and produced only as fast as the client reads it.

Import the fixture into a test module with ``from ..httpserver import local_server  #
noqa: F401``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

__all__ = ["LocalServer", "Reply", "Request", "local_server"]


@dataclass
class Reply:
    """One canned response."""

    status: int = 200
    body: bytes | Callable[[], Iterable[bytes]] = b""
    """The body, or a function returning its chunks (streamed, no Content-Length)."""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering at all."""
    chunk_delay: float = 0.0
    """Seconds to wait before each chunk of a streamed body (a trickling server)."""
    content_length: bool = True
    """Whether a ``bytes`` body is sent with its Content-Length."""


@dataclass
class Request:
    """One request the server received."""

    method: str
    path: str
    """The path as asked, query included."""
    headers: dict[str, str]
    """The request headers, names in lower case."""
    time: float
    """``time.monotonic()`` when it arrived."""
    sent: int = 0
    """Body bytes written back so far."""
    done: threading.Event = field(default_factory=threading.Event, repr=False)
    """Set once the reply is written (or the client went away)."""


Responder = Reply | Callable[[Request], Reply]


@dataclass
class _Route:
    replies: list[Responder]
    served: int = 0

    def next(self) -> Responder:
        reply = self.replies[min(self.served, len(self.replies) - 1)]
        self.served += 1
        return reply


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler still sleeping through a delay does not hold close()
    local: LocalServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: clients that hang up early are what several tests are about."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        self.server.local._serve(self)

    def do_HEAD(self) -> None:
        self.server.local._serve(self)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


class LocalServer:
    """An HTTP server on 127.0.0.1 with registered routes and a request log."""

    def __init__(self) -> None:
        self._routes: dict[str, _Route] = {}
        self._lock = threading.Lock()
        self.requests: list[Request] = []
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle

    def start(self) -> LocalServer:
        """Listen on a free port of 127.0.0.1 and serve in a daemon thread."""
        httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.local = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and close the listening socket."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- set-up and inspection

    @property
    def port(self) -> int:
        """The port listened on."""
        assert self._httpd is not None, "the server is not started"
        return int(self._httpd.server_address[1])

    def url(self, path: str = "/") -> str:
        """The full address of ``path`` on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, *replies: Responder) -> None:
        """Answer ``path`` (exact, with or without its query) with ``replies`` in turn."""
        assert replies, "a route needs at least one reply"
        with self._lock:
            self._routes[path] = _Route(list(replies))

    def add(
        self,
        path: str,
        status: int = 200,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Answer ``path`` always with one canned reply."""
        self.route(path, Reply(status, body, dict(headers or {}), delay))

    def requests_to(self, path: str) -> list[Request]:
        """The requests of ``path`` (query ignored unless ``path`` has one), in order."""
        with self._lock:
            return [r for r in self.requests if r.path == path or _bare(r.path) == path]

    def count(self, path: str) -> int:
        """How many times ``path`` was asked for."""
        return len(self.requests_to(path))

    # -- serving

    def _serve(self, handler: _Handler) -> None:
        request = Request(
            handler.command,
            handler.path,
            {k.lower(): v for k, v in handler.headers.items()},
            time.monotonic(),
        )
        with self._lock:
            self.requests.append(request)
            route = self._routes.get(request.path) or self._routes.get(_bare(request.path))
            responder = route.next() if route is not None else Reply(404, b"not found")
        try:
            reply = responder if isinstance(responder, Reply) else responder(request)
            self._write(handler, request, reply)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass
        finally:
            request.done.set()

    @staticmethod
    def _write(handler: _Handler, request: Request, reply: Reply) -> None:
        if reply.delay:
            time.sleep(reply.delay)
        handler.send_response(reply.status)
        names = {name.lower() for name in reply.headers}
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        chunks: Iterator[bytes]
        if isinstance(reply.body, bytes):
            if reply.content_length and "content-length" not in names:
                handler.send_header("Content-Length", str(len(reply.body)))
            chunks = iter([reply.body])
        else:
            chunks = iter(reply.body())
        handler.end_headers()
        if request.method == "HEAD" or reply.status in (204, 304):
            handler.wfile.flush()
            return
        for chunk in chunks:
            if reply.chunk_delay:
                time.sleep(reply.chunk_delay)
            handler.wfile.write(chunk)
            handler.wfile.flush()
            request.sent += len(chunk)


def _bare(path: str) -> str:
    return path.split("?", 1)[0]


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A started :class:`LocalServer`, closed after the test."""
    with LocalServer() as server:
        yield server
