"""Hostile inputs: each one is a skip (or a repair with a notice), never an abort, and
``--max-size`` bounds every document of every kind without holding more than that.

All data is fictional and made here.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import tracemalloc
import zlib
from itertools import islice
from pathlib import Path

import pytest

import storyfold.ingest.sources as sources
from storyfold import Store, fold
from storyfold.cli import EXIT_SKIPPED, main
from storyfold.errors import SkippedInput
from storyfold.ingest.decode import decode_bytes, looks_binary
from storyfold.ingest.html import MAX_DEPTH, MAX_ELEMENTS, extract_html
from storyfold.ingest.sources import (
    MB,
    IngestOptions,
    Notice,
    RawInput,
    bounded_lines,
    read_documents,
    read_inputs,
)
from storyfold.model import Document

PLACES = ["Tarrow", "Skerrin", "Pellan", "Oskmoor", "Wendle", "Brannock", "Quillby", "Harth"]


def article(n: int) -> str:
    """A short fictional report, different in its place and numbers for each ``n``."""
    place = PLACES[n % len(PLACES)] + ("" if n < len(PLACES) else f" {n}")
    return (
        f"Council approves {place} harbour wall repairs\n\n"
        f"The {place} harbour council approved repairs to the north wall on Tuesday after "
        f"a storm damaged a {40 + n}-metre stretch of the old stonework last month.\n"
        f"Work will begin in April and is expected to take {6 + n} weeks, the council said "
        "in a statement, adding that the fish market would stay open throughout.\n"
    )


def record(n: int, **fields: object) -> str:
    """One JSONL line of ``article(n)`` with id ``r{n}`` (fields override or add)."""
    return json.dumps({"id": f"r{n}", "text": article(n), **fields}) + "\n"


def _items(*paths: Path | str, **opts: int) -> list:
    return list(read_documents([os.fsdecode(p) for p in paths], IngestOptions(**opts)))


def _docs(items: list) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def _skips(items: list) -> list[SkippedInput]:
    return [i for i in items if isinstance(i, SkippedInput)]


def _fold_cli(runner, tmp_path, *args: str, stdin: bytes | None = None):
    db = tmp_path / "t.db"
    result = runner.invoke(main, ["fold", *args, "--db", str(db), "--json", "-"], input=stdin)
    report = json.loads(result.stdout)["report"] if result.stdout.strip() else None
    return result, report


# ---- file names ---------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_read_stored_and_named(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(article(0), encoding="utf-8")
    with open(os.path.join(os.fsencode(d), b"caf\xe9-\xff.txt"), "wb") as fh:  # not UTF-8
        fh.write(article(1).encode())
    with open(os.path.join(os.fsencode(d), b"empty-\xfe.txt"), "wb"):
        pass
    with Store(str(tmp_path / "t.db")) as store:
        report = fold([str(d)], store)
        paths = sorted(doc.path or "" for doc in store.documents())
    assert report.documents_new == 2
    assert paths == [f"{d}/caf\\xe9-\\xff.txt", f"{d}/good.txt"]
    (skip,) = report.skipped  # the empty one, named so that its bytes can be recovered
    assert os.fsencode(skip.where) == os.fsencode(d) + b"/empty-\xfe.txt"
    assert "empty file" in skip.reason


def test_a_non_utf8_file_name_given_as_an_argument(tmp_path):
    path = os.path.join(os.fsencode(tmp_path), b"notes-\x80.txt")
    with open(path, "wb") as fh:
        fh.write(article(2).encode())
    (doc,) = _docs(_items(os.fsdecode(path)))
    assert doc.path == f"{tmp_path}/notes-\\x80.txt"
    (doc_b,) = _docs(list(read_documents([path])))  # type: ignore[list-item] # bytes accepted
    assert doc_b.text == doc.text


def test_a_directory_that_cannot_be_listed_is_a_skip(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(article(0), encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = _items(tmp_path)
    assert len(_docs(items)) == 1
    (skip,) = _skips(items)
    assert skip.where.endswith("locked") and "cannot list the directory" in skip.reason


# ---- JSONL fields and values ----------------------------------------------------------------


def test_a_url_that_cannot_be_parsed_skips_its_line_only(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        record(0, url="http://[::1") + record(1, url="https://x.example:99999/a") + record(2)
    )
    items = _items(feed)
    assert [d.id for d in _docs(items)] == ["r2"]
    assert "Invalid IPv6 URL" in _skips(items)[0].reason
    assert [s.where for s in _skips(items)] == [f"{feed}:1", f"{feed}:2"]
    assert all("not a valid URL" in s.reason for s in _skips(items))


def test_a_lone_surrogate_is_replaced_and_noted(tmp_path):
    feed = tmp_path / "feed.jsonl"
    text = article(3).replace("\n", " ")
    feed.write_text('{"id": "s\\udc80", "title": "Wall \\ud800", "text": "' + text + ' \\ud800"}\n')
    with Store(str(tmp_path / "t.db")) as store:
        report = fold([str(feed)], store)
        (doc,) = store.documents()
    assert report.documents_new == 1 and not report.skipped
    assert doc.id == "s\ufffd" and doc.title == "Wall \ufffd" and doc.text.endswith("\ufffd")
    (note,) = report.notices
    assert note.where == f"{feed}:1" and "'id', 'text', 'title'" in note.message


def test_json_nested_too_deeply_skips_its_line(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "d", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}\n" + record(4))
    items = _items(feed)
    assert [d.id for d in _docs(items)] == ["r4"]
    (skip,) = _skips(items)
    assert skip.where == f"{feed}:1" and "nested too deeply" in skip.reason


def test_a_5000_digit_integer_is_kept_as_digits_or_skips_a_text_field(tmp_path):
    digits = "9" * 5000
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        record(5).replace('"id": "r5"', f'"id": {digits}')
        + record(6).replace('"id": "r6"', f'"id": "r6", "views": {digits}')
        + f'{{"id": "r7", "text": {digits}}}\n'
    )
    items = _items(feed)
    assert [d.id for d in _docs(items)] == [digits, "r6"]
    (skip,) = _skips(items)
    assert skip.where == f"{feed}:3" and "'text' must be a string, got int" in skip.reason


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("id", True, "'id' must be a string, got bool"),
        ("id", ["a"], "'id' must be a string, got list"),
        ("text", {"p": 1}, "'text' must be a string, got dict"),
        ("html", 3.5, "'html' must be a string, got float"),
        ("title", [], "'title' must be a string, got list"),
        ("url", 7, "'url' must be a string, got int"),
        ("published", {"y": 2025}, "'published' must be a string, got dict"),
        ("source", False, "'source' must be a string, got bool"),
    ],
)
def test_every_field_of_the_wrong_type_skips_its_line(tmp_path, field, value, reason):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(record(0, **{field: value}) + record(1))
    items = _items(feed)
    assert [d.id for d in _docs(items)] == ["r1"]
    (skip,) = _skips(items)
    assert skip.where == f"{feed}:1" and reason in skip.reason


def test_not_an_object_and_invalid_bytes_skip_their_lines(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b'["a list"]\n{"id": "b", "text": "\xff\xfe"}\n' + record(2).encode())
    items = _items(feed)
    assert [d.id for d in _docs(items)] == ["r2"]
    reasons = [s.reason for s in _skips(items)]
    assert "not a JSON object" in reasons[0] and "malformed JSON" in reasons[1]


# ---- sizes ----------------------------------------------------------------------------------


def test_max_size_counts_megabytes_of_a_million_bytes(runner, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(article(0), encoding="utf-8")
    (d / "big.txt").write_bytes((article(1) * 4000)[:1_030_000].encode())  # < 1 MiB, > 1 MB
    result, report = _fold_cli(runner, tmp_path, str(d), "--max-size", "1")
    assert result.exit_code == EXIT_SKIPPED
    assert report["skipped"] == [
        {
            "input": str(d / "big.txt"),
            "reason": "file too large (1,030,000 bytes > 1,000,000 bytes); "
            "raise --max-size or split the file",
        }
    ]
    assert report["documents_new"] == 1


def test_max_size_applies_to_each_jsonl_line_and_the_rest_is_read(runner, tmp_path):
    feed = tmp_path / "feed.jsonl"
    long_text = " ".join([article(2)] * 60)  # ~ 25 KB
    feed.write_text(record(0) + record(1, text=long_text) + record(3))
    result, report = _fold_cli(runner, tmp_path, str(feed), "--max-size", "0.01")
    assert result.exit_code == EXIT_SKIPPED
    (skip,) = report["skipped"]
    assert skip["input"] == f"{feed}:2" and skip["reason"].startswith("line too large (2")
    assert report["documents_new"] == 2


def test_a_long_line_is_passed_over_without_being_held():
    limit = 1000
    long_line = b"x" * (3 * sources.READ_CHUNK)
    data = b'{"text": "a"}\n' + long_line + b"\r\n" + b'{"text": "b"}\r\n' + b"y" * 1000

    class Spy(io.BytesIO):
        most = 0

        def readline(self, size=-1):
            line = super().readline(size)
            Spy.most = max(Spy.most, len(line))
            return line

    lines = list(bounded_lines(Spy(data), limit))
    assert lines[0] == b'{"text": "a"}' and lines[2] == b'{"text": "b"}'
    assert isinstance(lines[1], sources._LongLine) and lines[1].size == len(long_line) + 2
    assert lines[3] == b"y" * 1000  # exactly the limit, at the end without a line end
    assert Spy.most <= sources.READ_CHUNK < len(long_line)  # read in chunks, never whole


def test_a_jsonl_file_is_read_line_by_line_not_whole(tmp_path):
    feed = tmp_path / "big.jsonl"
    line = record(0, text=article(0) * 30)  # ~ 10 KB a line
    with open(feed, "w") as fh:
        for _ in range(1500):
            fh.write(line)
    assert feed.stat().st_size > 14 * MB
    tracemalloc.start()
    try:
        n = sum(1 for _ in read_inputs([str(feed)], IngestOptions(max_bytes=MB)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 1500
    assert peak < 2 * MB  # the file is never held: a few lines and the head at a time


class _Endless(io.RawIOBase):
    """A stream that repeats ``chunk`` forever (``yes`` piped into stdin)."""

    def __init__(self, chunk: bytes) -> None:
        self.chunk = chunk
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        n = len(buf)
        reps = self.chunk * (n // len(self.chunk) + 1)
        buf[:n] = reps[:n]
        self.served += n
        return n


def _stdin(monkeypatch, raw: io.RawIOBase) -> io.BufferedReader:
    reader = io.BufferedReader(raw)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(reader))
    return reader


def test_endless_stdin_text_stops_at_max_size(monkeypatch):
    raw = _Endless(b"y\n")
    _stdin(monkeypatch, raw)
    (skip,) = list(read_inputs(["-"], IngestOptions(max_bytes=MB)))
    assert isinstance(skip, SkippedInput) and skip.where == "<stdin>"
    assert skip.reason.startswith("stdin too large (more than 1.0 MB)")
    assert raw.served < 2 * MB  # read one byte past the limit (plus buffering), no further


def test_endless_stdin_jsonl_is_streamed(monkeypatch):
    _stdin(monkeypatch, _Endless(record(0).encode()))
    first = list(islice(read_inputs(["-"], IngestOptions(max_bytes=MB)), 3))
    assert [r.where for r in first] == ["<stdin>:1", "<stdin>:2", "<stdin>:3"]
    assert all(isinstance(r, RawInput) and r.record is not None for r in first)


def test_stdin_over_max_size_is_a_skip_in_the_fold(runner, tmp_path):
    result, report = _fold_cli(
        runner, tmp_path, "-", "--max-size", "1", stdin=article(0).encode() * 3000
    )
    assert result.exit_code == EXIT_SKIPPED
    assert [s["input"] for s in report["skipped"]] == ["<stdin>"]
    assert "stdin too large" in report["skipped"][0]["reason"]


def _bomb(path: Path, size: int, byte: bytes = b"a") -> None:
    """A gzip file of ``size`` repeated bytes, written in chunks (a few KB on disk)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip wrapper
    block = byte * MB
    with open(path, "wb") as fh:
        for _ in range(size // MB):
            fh.write(z.compress(block))
        fh.write(z.flush())


def test_a_gzip_bomb_is_a_size_skip_not_corrupt_data(tmp_path):
    _bomb(tmp_path / "bomb.txt.gz", 40 * MB)
    assert (tmp_path / "bomb.txt.gz").stat().st_size < MB
    (tmp_path / "fine.txt.gz").write_bytes(gzip.compress(article(0).encode()))
    (tmp_path / "broken.txt.gz").write_bytes(gzip.compress(article(1).encode())[:-12])
    items = _items(tmp_path, max_bytes=2 * MB)
    assert len(_docs(items)) == 1
    bomb, broken = sorted(_skips(items), key=lambda s: s.where)
    assert bomb.where.endswith("bomb.txt.gz")
    assert bomb.reason.startswith("too large: decompresses to more than 2.0 MB")
    assert "corrupt" in broken.reason and broken.where.endswith("broken.txt.gz")


def test_a_gzipped_jsonl_bomb_line_is_passed_over(tmp_path):
    _bomb(tmp_path / "feed.jsonl.gz", 20 * MB, b"{")
    (skip,) = _items(tmp_path / "feed.jsonl.gz", max_bytes=MB)
    assert skip.where.endswith("feed.jsonl.gz:1") and "line too large" in skip.reason


# ---- text that is odd but readable, and binary past the head ------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text(tmp_path, encoding):
    text = article(4).replace("harbour", "hárbour")
    (tmp_path / "wide.txt").write_bytes(text.encode(encoding))
    items = _items(tmp_path)
    (doc,) = _docs(items)
    assert doc.text == text
    (note,) = [i for i in items if isinstance(i, Notice)]
    assert encoding.upper() in note.message


def test_binary_data_is_still_binary():
    rng = bytes((i * 7919 + 13) % 251 for i in range(20_000))
    assert looks_binary(rng)
    assert looks_binary(b"\x00\x00\x00\x01" * 2000)  # NUL in both byte positions
    assert decode_bytes(article(0).encode()).encoding == "utf-8"


def test_a_nul_byte_past_the_first_8_kb_skips_the_file(tmp_path):
    body = (article(5) * 40).encode()
    assert len(body) > 8192
    (tmp_path / "corrupt.txt").write_bytes(body + b"\x00" + body)
    (tmp_path / "good.txt").write_text(article(6), encoding="utf-8")
    items = _items(tmp_path)
    assert len(_docs(items)) == 1
    (skip,) = _skips(items)
    assert skip.where.endswith("corrupt.txt")
    assert skip.reason.startswith(f"NUL byte at byte {len(body):,}")


# ---- HTML limits ----------------------------------------------------------------------------

_PARAS = "".join(f"<p>{line}</p>" for line in article(7).splitlines() if line)


def test_a_page_of_too_many_elements_is_refused_before_parsing(tmp_path):
    page = "<html><body><article>" + _PARAS + "<b>x</b>" * MAX_ELEMENTS + "</article></body></html>"
    (tmp_path / "wide.html").write_text(page, encoding="utf-8")
    (skip,) = _items(tmp_path)
    assert isinstance(skip, SkippedInput)
    assert skip.reason.startswith(f"HTML page with more than {MAX_ELEMENTS:,} elements")


def test_a_page_nested_too_deeply_is_refused_and_a_deep_one_is_read():
    deep = "<html><body>" + "<div>" * 400 + _PARAS + "</div>" * 400 + "</body></html>"
    refused = extract_html(deep)
    assert refused.text == "" and refused.refused is not None
    assert f"nested {MAX_DEPTH} or more" in refused.refused
    fine = "<html><body>" + "<div>" * 150 + _PARAS + "</div>" * 150 + "</body></html>"
    page = extract_html(fine)
    assert page.refused is None and "north wall" in page.text


def test_an_unparsable_canonical_url_does_not_stop_the_page(tmp_path):
    head = '<head><title>Wall</title><link rel="canonical" href="http://[::1"></head>'
    page = f"<html>{head}<body><article>{_PARAS}</article></body></html>"
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    (doc,) = _docs(_items(tmp_path))
    assert "north wall" in doc.text


# ---- everything at once ---------------------------------------------------------------------


def test_a_folder_of_every_case_folds_every_good_file(runner, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for n in range(3):
        (d / f"good{n}.txt").write_text(article(n), encoding="utf-8")
    with open(os.path.join(os.fsencode(d), b"bad-\xff.txt"), "wb") as fh:
        fh.write(article(3).encode())
    (d / "feed.jsonl").write_text(
        record(4, url="http://[::1")
        + '{"id": "s", "text": "'
        + article(5).replace("\n", " ")
        + ' \\ud800"}\n'
        + '{"id": "d", "x": '
        + "[" * 100_000
        + "]" * 100_000
        + "}\n"
        + record(6).replace('"id": "r6"', '"id": ' + "7" * 5000)
        + record(8, text=article(8) * 400)
        + record(9)
    )
    (d / "wide.txt").write_bytes(article(10).encode("utf-16-le"))
    (d / "nul.txt").write_bytes((article(11) * 40).encode() + b"\x00")
    _bomb(d / "bomb.txt.gz", 5 * MB)
    (d / "many.html").write_text(
        "<html><body>" + "<i>y</i>" * (MAX_ELEMENTS + 1) + "</body></html>"
    )
    result, report = _fold_cli(runner, tmp_path, str(d), "--max-size", "0.1", "--workers", "1")
    assert result.exit_code == EXIT_SKIPPED, result.stderr
    skipped = {s["input"].rsplit("/", 1)[-1]: s["reason"] for s in report["skipped"]}
    assert set(skipped) == {
        "feed.jsonl:1",  # bad URL
        "feed.jsonl:3",  # nested too deeply
        "feed.jsonl:5",  # a line over --max-size
        "nul.txt",
        "bomb.txt.gz",
        "many.html",
    }, skipped
    assert "too large" in skipped["bomb.txt.gz"] and "too large" in skipped["feed.jsonl:5"]
    # good0-2, the non-UTF-8 name, the surrogate record, the long-integer id, r9, UTF-16
    assert report["documents_new"] == 8
    assert any("U+FFFD" in n["message"] for n in report["notices"])
