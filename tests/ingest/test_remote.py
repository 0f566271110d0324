"""Folding web addresses and watching feeds, against a local server on 127.0.0.1.

Every feed and page here is fictional; no test reaches any other address.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from storyfold.cli import EXIT_SKIPPED, main
from tests import httpserver
from tests.conftest import shared_path
from tests.httpserver import Reply, Request

local_server = httpserver.local_server

TOWNS = [
    "Alder", "Birch", "Cedar", "Dunmore", "Elm", "Fenwick", "Garth", "Holm", "Ivel", "Jura",
]  # fmt: skip
TOPICS = [
    ("library", "will open on Sundays from next month", "its reading rooms"),
    ("market", "moves to the old station square", "its stalls and vans"),
    ("pool", "closes for a new roof", "its swimming lessons"),
    ("school", "gets a new science wing", "its pupils and teachers"),
    ("bridge", "reopens after repairs to its deck", "its buses and cyclists"),
]


def _item(n: int) -> tuple[str, str, str]:
    """A distinct fictional report: title, link path and a two-sentence text."""
    town = TOWNS[n % len(TOWNS)]
    place, news, who = TOPICS[(n // len(TOWNS)) % len(TOPICS)]
    title = f"{town} {place} {news} (report {n})"
    text = (
        f"The {place} of {town} {news}, the town council said on day {n} of the year, "
        f"after a vote of its members. Officials said {who} would be told by letter, and "
        f"that the plan number {n * 7 + 3} had been approved without changes."
    )
    return title, f"/news/{n}", text


def _rss(server, items: list[tuple[str, str, str]], title: str = "Valley Courier") -> bytes:
    base = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    entries = "".join(
        f"<item><title>{t}</title><link>{server.url(link)}</link>"
        f"<pubDate>{format_datetime(base + timedelta(minutes=len(text)))}</pubDate>"
        f"<description>{text}</description></item>"
        for t, link, text in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>{server.url('/')}</link>{entries}</channel></rss>"
    ).encode()


def _with_etag(body: bytes, etag: str):
    """A responder that answers 304 when the client already has ``etag``."""

    def respond(request: Request) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, body, {"Content-Type": "application/rss+xml", "ETag": etag})

    return respond


def _fold(runner, tmp_path, *args):
    out = tmp_path / "out.json"
    result = runner.invoke(
        main,
        ["fold", *args, "--db", str(tmp_path / "t.db"), "--json", str(out), "--host-delay", "0"],
    )
    data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    return result, data


def test_a_feed_of_200_items_folds_then_a_repoll_is_one_304(runner, tmp_path, local_server):
    items = [_item(n) for n in range(200)]
    local_server.route("/feed.xml", _with_etag(_rss(local_server, items), '"v1"'))
    result, data = _fold(runner, tmp_path, local_server.url("/feed.xml"))
    assert result.exit_code == 0, result.output
    assert data["report"]["documents_new"] == 200
    docs = data["documents"]
    assert all(d["kind"] == "feed" and d["site"] == "Valley Courier" for d in docs)
    assert {d["url"] for d in docs} == {local_server.url(link) for _, link, _ in items}
    result, again = _fold(runner, tmp_path, local_server.url("/feed.xml"))
    assert result.exit_code == 0, result.output
    assert again["report"]["documents_new"] == 0 and again["report"]["documents_read"] == 0
    assert again["report"]["unchanged_urls"] == [local_server.url("/feed.xml")]
    feed_requests = local_server.requests_to("/feed.xml")
    assert len(feed_requests) == 2 and feed_requests[1].headers["if-none-match"] == '"v1"'
    assert feed_requests[0].headers["user-agent"].startswith("storyfold/")


def test_robots_txt_disallow_is_respected(runner, tmp_path, local_server):
    local_server.add("/robots.txt", 200, b"User-agent: *\nDisallow: /private/\n")
    local_server.add("/private/page.html", 200, b"<html><body><p>secret</p></body></html>")
    result, _ = _fold(runner, tmp_path, local_server.url("/private/page.html"))
    assert result.exit_code == EXIT_SKIPPED
    assert "robots.txt" in result.stderr
    assert local_server.count("/private/page.html") == 0


def test_a_page_address_folds_and_two_spellings_are_fetched_once(runner, tmp_path, local_server):
    title, _, text = _item(3)
    page = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    page += "".join(f"<p>{text} Paragraph {i} adds more detail.</p>" for i in range(4))
    page += "</article></body></html>"
    local_server.add("/a.html", 200, page.encode(), {"Content-Type": "text/html"})
    urls = tmp_path / "urls.txt"
    urls.write_text(
        f"# today's pages\n{local_server.url('/a.html')}\n\n"
        f"{local_server.url('/a.html?utm_source=newsletter#top')}\n",
        encoding="utf-8",
    )
    result, data = _fold(runner, tmp_path, "--urls", str(urls))
    assert result.exit_code == 0, result.output
    [doc] = data["documents"]
    assert doc["kind"] == "html" and doc["url"] == local_server.url("/a.html")
    assert local_server.count("/a.html") == 1


def test_a_missing_feed_is_one_skip_and_the_rest_is_read(runner, tmp_path, local_server):
    local_server.route("/ok.xml", Reply(200, _rss(local_server, [_item(1)])))
    result, data = _fold(
        runner, tmp_path, local_server.url("/gone.xml"), local_server.url("/ok.xml")
    )
    assert result.exit_code == EXIT_SKIPPED
    [line] = [ln for ln in result.stderr.splitlines() if ln.startswith("storyfold: skipped")]
    assert "/gone.xml" in line and "404" in line
    assert data["report"]["documents_new"] == 1


def test_an_opml_list_reads_every_feed(runner, tmp_path, local_server):
    local_server.route("/a.xml", Reply(200, _rss(local_server, [_item(1)], "A")))
    local_server.route("/b.xml", Reply(200, _rss(local_server, [_item(2), _item(3)], "B")))
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline xmlUrl="{local_server.url("/a.xml")}"/>'
        f'<outline xmlUrl="{local_server.url("/b.xml")}"/></body></opml>',
        encoding="utf-8",
    )
    result, data = _fold(runner, tmp_path, str(opml))
    assert result.exit_code == 0, result.output
    assert sorted(d["site"] for d in data["documents"]) == ["A", "B", "B"]


def test_fetch_articles_reads_the_linked_page(runner, tmp_path, local_server):
    title, link, text = _item(5)
    page = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    page += "".join(f"<p>{text} The full page says more, part {i}.</p>" for i in range(4))
    page += "</article></body></html>"
    local_server.add(link, 200, page.encode(), {"Content-Type": "text/html; charset=utf-8"})
    local_server.route("/f.xml", Reply(200, _rss(local_server, [(title, link, "Short.")])))
    result, data = _fold(runner, tmp_path, local_server.url("/f.xml"), "--fetch-articles")
    assert result.exit_code == 0, result.output
    [doc] = data["documents"]
    assert doc["kind"] == "html" and doc["url"] == local_server.url(link)
    [art] = data["articles"]
    assert "The full page says more, part 3." in art["text"]


FLOOD = (
    "Flood barrier closes as river rises in Marlow",
    "/news/flood",
    "The flood barrier at Marlow was closed on Sunday night as the river Tane rose two metres "
    "above its usual level, the regional water board said. About 300 homes near the old "
    "harbour were told to move cars and belongings upstairs, and two schools will stay shut "
    "on Monday.",
)
CHESS = (
    "Teenager wins national chess title on tie-break",
    "/news/chess",
    "A sixteen-year-old from Hollin won the national chess championship on Saturday, beating "
    "the defending champion on tie-break after both finished the eleven rounds on eight "
    "points. She is the youngest winner in the event's ninety-year history, the federation "
    "said.",
)
FLOOD_LATER = (
    "Marlow flood barrier holds as river Tane peaks",
    "/news/flood-later",
    "The river Tane peaked at Marlow on Monday morning, two metres above its usual level, and "
    "the flood barrier closed on Sunday night held, the regional water board said. The 300 "
    "homes near the old harbour that were told to move belongings upstairs stayed dry, and "
    "the two schools shut on Monday will reopen on Tuesday.",
)


def test_watch_sees_two_polls_grow_a_story(runner, tmp_path, local_server):
    local_server.route(
        "/feed.xml",
        _with_etag(_rss(local_server, [FLOOD, CHESS]), '"a"'),
        _with_etag(_rss(local_server, [FLOOD_LATER, FLOOD, CHESS]), '"b"'),
    )
    db = str(tmp_path / "w.db")
    args = ["watch", local_server.url("/feed.xml"), "--db", db, "--every", "0", "--polls", "2"]
    result = runner.invoke(main, [*args, "--host-delay", "0"])
    assert result.exit_code == 0, result.output
    polls = [ln for ln in result.stderr.splitlines() if ln.startswith("poll ")]
    assert len(polls) == 2
    assert "2 new items" in polls[0] and "2 new stories" in polls[0], polls
    assert "1 new item, 1 story grown, 0 new stories" in polls[1], polls
    listed = runner.invoke(main, ["stories", "--db", db, "--json"])
    stories = json.loads(listed.stdout)["stories"]
    assert sorted(s["n_articles"] for s in stories) == [1, 2]


def test_watch_rejects_a_bad_interval(runner, tmp_path):
    result = runner.invoke(
        main, ["watch", "x.rss", "--db", str(tmp_path / "w.db"), "--every", "soon"]
    )
    assert result.exit_code == 2 and "--every" in result.stderr


def _watch_process(url: str, db: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"))
    for proxy in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        env.pop(proxy, None)
    cmd = [sys.executable, "-m", "storyfold", "watch", url, "--db", db, "--every", "60"]
    return subprocess.Popen(
        [*cmd, "--host-delay", "0", "--workers", "1"],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        # as in a terminal: a test run started in the background (`make test &`) inherits
        # SIGINT ignored, and Python keeps an ignored SIGINT ignored, so Ctrl-C never came
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _first_poll(proc: subprocess.Popen[str]) -> str:
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if line.startswith("poll 1"):
            return line
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError("watch printed no poll line")


def test_watch_stops_on_ctrl_c_and_resumes_where_it_stopped(tmp_path, local_server):
    local_server.route("/feed.xml", _with_etag(_rss(local_server, [FLOOD, CHESS]), '"a"'))
    db = str(tmp_path / "w.db")
    proc = _watch_process(local_server.url("/feed.xml"), db)
    assert "2 new items" in _first_poll(proc)
    proc.send_signal(signal.SIGINT)  # while it waits for the next poll
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "watch stopped after 1 poll;" in err and "Traceback" not in err
    again = _watch_process(local_server.url("/feed.xml"), db)
    line = _first_poll(again)
    again.send_signal(signal.SIGINT)
    again.communicate(timeout=30)
    assert "0 new items" in line and "1 feed unchanged" in line


REAL_FEEDS = {"guardian.rss": 55, "heise.atom": 15, "uolNoticias.rss": 15, "encoding.rss": 40}


@pytest.mark.parametrize("name", sorted(REAL_FEEDS))
def test_real_feeds_served_over_http_fold_one_document_per_item(
    runner, tmp_path, local_server, name
):
    body = shared_path("eval", "realworld-dev", "ingest", "feeds", name).read_bytes()
    local_server.add(f"/{name}", 200, body, {"Content-Type": "text/xml"})  # no charset said
    result, data = _fold(runner, tmp_path, local_server.url(f"/{name}"))
    assert result.exit_code == 0, result.output
    docs = data["documents"]
    assert len(docs) == REAL_FEEDS[name]
    assert all(d["title"] and d["url"] and d["published"] for d in docs)
    text = json.dumps(data, ensure_ascii=False)
    assert "Ã" not in text and "\ufffd" not in text and "]]>" not in text
