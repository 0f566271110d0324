"""Web archives: their page records are read, every other record counted and skipped."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyfold.cli import main
from storyfold.ingest.sources import RawInput, read_inputs
from tests.conftest import shared_path

PAGE = (
    "<html><head><title>Ferry strike ends after three days</title></head><body><article>"
    "<h1>Ferry strike ends after three days</h1>"
    "<p>Crews of the island ferries went back to work on Friday after the union and the "
    "operator agreed on a new rota, ending a strike that had stranded hundreds of travellers "
    "in the port of Calder since Tuesday.</p>"
    "<p>The operator said the first crossing would leave at six in the morning and that "
    "tickets bought for the cancelled sailings would be honoured until the end of the month."
    "</p><p>The union said its members had won two extra rest days a month.</p>"
    "</article></body></html>"
)


def _write_warc(path: Path, records: list[tuple[str, str, bytes, str]], gz: bool = True) -> None:
    """Write ``(kind, uri, body, content type)`` records: kind is response, resource or
    request."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for kind, uri, body, ctype in records:
            if kind == "response":
                http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
                rec = writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(body), http_headers=http
                )
            elif kind == "request":
                http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
                rec = writer.create_warc_record(
                    uri, "request", payload=io.BytesIO(b""), http_headers=http
                )
            else:
                rec = writer.create_warc_record(
                    uri, "resource", payload=io.BytesIO(body), warc_content_type=ctype
                )
            writer.write_record(rec)


def _fold(runner, tmp_path, name, *paths):
    out = tmp_path / f"{name}.json"
    result = runner.invoke(
        main,
        ["fold", *map(str, paths), "--db", str(tmp_path / f"{name}.db"), "--json", str(out)],
    )
    assert result.exit_code in (0, 1), result.output
    return result, json.loads(out.read_text(encoding="utf-8"))


def test_a_warc_reads_its_html_responses_and_skips_the_rest(runner, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    _write_warc(
        warc,
        [
            ("request", "https://news.example/ferry", b"", ""),
            ("response", "https://news.example/ferry?utm_source=x", PAGE.encode(), "text/html"),
            ("response", "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
            ("response", "https://news.example/app.js", b"var x = 1;", "application/javascript"),
        ],
    )
    result, data = _fold(runner, tmp_path, "w", warc)
    assert result.exit_code == 0, result.output
    [doc] = data["documents"]
    assert doc["kind"] == "html" and doc["url"] == "https://news.example/ferry"
    assert doc["title"] == "Ferry strike ends after three days"
    [art] = data["articles"]
    assert "new rota" in art["text"] and "var x" not in art["text"]
    assert "1 page; skipped" in result.stderr and "request" in result.stderr


def test_an_archive_without_pages_says_so(runner, tmp_path):
    warc = tmp_path / "empty.warc"
    _write_warc(warc, [("request", "https://news.example/", b"", "")], gz=False)
    items = list(read_inputs([str(warc)]))
    assert len(items) == 1 and not isinstance(items[0], RawInput)
    assert "without a page record" in items[0].reason


def test_a_truncated_archive_keeps_the_records_before_the_break(tmp_path):
    warc = tmp_path / "cut.warc"
    _write_warc(
        warc,
        [
            ("response", "https://news.example/a", PAGE.encode(), "text/html"),
            ("response", "https://news.example/b", PAGE.replace("Friday", "Monday").encode(),
             "text/html"),
        ],
        gz=False,
    )  # fmt: skip
    data = warc.read_bytes()
    warc.write_bytes(data[: len(data) - 200])
    items = list(read_inputs([str(warc)]))
    pages = [i for i in items if isinstance(i, RawInput)]
    assert [p.url for p in pages][:1] == ["https://news.example/a"]
    assert any(not isinstance(i, RawInput) for i in items)  # the break is named


def _story_sets(data):
    """Each story as the set of its articles' texts, and each account with the names of
    sources replaced by document ids (files and archive records are named differently)."""
    name_of = {}
    for d in data["documents"]:
        for name in (d["path"], d["url"], Path(d["path"] or d["url"] or "").name):
            if name:
                name_of[name] = d["id"]
    text_of = {a["id"]: a["text"] for a in data["articles"]}
    stories = sorted(sorted(text_of[a] for a in s["articles"]) for s in data["stories"])
    accounts = []
    for s in data["stories"]:
        raw = json.dumps(s.get("account"), sort_keys=True)
        for name, doc_id in sorted(name_of.items(), key=lambda kv: -len(kv[0])):
            raw = raw.replace(json.dumps(name), json.dumps(doc_id))
        accounts.append(raw)
    return stories, sorted(accounts)


def test_a_warc_of_the_seed_pages_folds_as_the_files(runner, tmp_path):
    seeds = shared_path("corpora", "seeds")
    files = sorted(seeds.glob("*.txt"))
    warc = tmp_path / "seeds.warc.gz"
    _write_warc(
        warc,
        [("resource", f"file:///seeds/{f.name}", f.read_bytes(), "text/plain; charset=utf-8")
         for f in files],
    )  # fmt: skip
    _, from_files = _fold(runner, tmp_path, "files", *files)
    _, from_warc = _fold(runner, tmp_path, "warc", warc)
    assert len(from_warc["documents"]) == len(files)
    assert {d["id"] for d in from_warc["documents"]} == {d["id"] for d in from_files["documents"]}
    assert _story_sets(from_warc) == _story_sets(from_files)


@pytest.mark.parametrize(
    "name",
    [
        "example.warc",
        "example.warc.gz",
        "example-iana.org-chunked.warc",
        "example-resource.warc.gz",
        "example.arc.gz",
    ],
)
def test_real_archives_give_their_html_records_only(name):
    path = shared_path("eval", "realworld-dev", "ingest", "warc", name)
    items = list(read_inputs([str(path)]))
    pages = [i for i in items if isinstance(i, RawInput)]
    assert len(pages) == 1, items
    assert pages[0].kind == "html" and pages[0].url.startswith("http")
    assert b"<html" in pages[0].data.lower()
    if "chunked" in name:  # the chunked transfer encoding is undone
        assert pages[0].data.lstrip().lower().startswith((b"<!doctype", b"<html"))


def test_gzip_is_read_member_by_member(tmp_path):
    """A .warc.gz is many gzip members; a plain .gz of a WARC is one: both read."""
    plain = tmp_path / "one.warc"
    _write_warc(plain, [("response", "https://news.example/a", PAGE.encode(), "text/html")], False)
    whole = tmp_path / "one.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    for path in (plain, whole):
        pages = [i for i in read_inputs([str(path)]) if isinstance(i, RawInput)]
        assert [p.url for p in pages] == ["https://news.example/a"]
