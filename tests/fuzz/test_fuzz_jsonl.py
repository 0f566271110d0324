"""Fuzz target: the JSONL reader (``parse_jsonl_line`` and the sources' line reader).

A line gives a record or a :class:`SkippedInput`, never another exception; a record has
text or HTML, string fields without lone surrogates and a URL that parses. The line reader
splits a stream into the lines ``bytes.split`` finds, holding none over the limit, the same
whether it starts with an already-read head or not. A whole JSONL file read and decoded
gives only documents, notices and skips, one outcome per line.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from urllib.parse import urlsplit

from hypothesis import example, given
from hypothesis import strategies as st

from storyfold.errors import SkippedInput
from storyfold.ingest.jsonl import FIELDS, JsonlRecord, parse_jsonl_line
from storyfold.ingest.sources import (
    IngestOptions,
    Notice,
    RawInput,
    _LongLine,
    _Reader,
    bounded_lines,
    read_inputs,
    to_items,
)
from storyfold.model import Document

from .profile import fuzz, hostile_text

json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text(max_tokens=10),
    st.text(st.characters(codec=None, categories=None), max_size=10),  # surrogates too
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)
field_value = st.one_of(
    json_value,
    hostile_text(),
    st.sampled_from(["http://[::1", "http://x:99999/", "https://example.test/a", "", "//"]),
)


@st.composite
def record_line(draw: st.DrawFn) -> bytes:
    """A JSON object with some of the fields storyfold reads (any values), maybe mangled."""
    obj = draw(
        st.dictionaries(
            st.one_of(st.sampled_from(FIELDS), st.text(max_size=6)), field_value, max_size=8
        )
    )
    data = json.dumps(obj, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    how = draw(st.sampled_from(["as is", "cut", "insert", "nest"]))
    if how == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif how == "insert":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=6)) + data[at:]
    elif how == "nest":
        depth = draw(st.integers(1, 200_000))
        data = b"[" * depth + data + b"]" * draw(st.integers(0, depth))
    return data


def _check_record(rec: JsonlRecord) -> None:
    assert rec.text or rec.html
    for name in FIELDS:
        value = getattr(rec, name)
        assert value is None or isinstance(value, str), name
        if value is not None:
            value.encode("utf-8")  # no lone surrogates left
    if rec.url is not None:
        parts = urlsplit(rec.url)
        _ = parts.hostname, parts.port
    assert set(rec.repaired) <= set(FIELDS)


@fuzz
@given(st.one_of(record_line(), st.binary(max_size=300)))
@example(b'{"text": "a", "id": 1' + b"1" * 5000 + b"}")  # an id past int's digit limit
@example(b'{"text": "a", "title": 1' + b"1" * 5000 + b"}")
@example(b'{"text": "\\ud800 x", "url": "http://[::1"}')
@example(b'{"text": "x", "url": "http://h:99999/"}')
@example(b"[" * 100_000)
@example(b'{"text": "x"}\xff')
def test_a_line_is_a_record_or_a_skip(raw: bytes) -> None:
    try:
        rec = parse_jsonl_line(raw, "f.jsonl:1")
    except SkippedInput as skip:
        assert skip.where == "f.jsonl:1" and skip.reason
        return
    _check_record(rec)
    assert rec.raw == raw


lines_data = st.lists(
    st.tuples(st.binary(max_size=40), st.sampled_from([b"\n", b"\r\n", b"\r\r\n", b""])),
    max_size=12,
).map(lambda parts: b"".join(body + end for body, end in parts))


@fuzz
@given(lines_data, st.integers(1, 50), st.integers(0, 60))
@example(b"abc\r\r\n", 3, 0)  # content "abc\r" is over 3 bytes
@example(b"abc\r\r\n", 4, 2)
@example(b"x" * 10 + b"\n", 8, 9)
def test_the_line_reader_gives_every_line_and_none_over_the_limit(
    data: bytes, limit: int, head_size: int
) -> None:
    want = data.split(b"\n")
    if want and want[-1] == b"":
        want.pop()
    for reader in (
        io.BytesIO(data),
        _Reader(data[:head_size], io.BytesIO(data[head_size:])),
    ):
        got = list(bounded_lines(reader, limit))
        assert len(got) == len(want)
        for line, full in zip(got, want, strict=True):
            content = full.removesuffix(b"\r")  # the line without its end (LF or CRLF)
            if isinstance(line, _LongLine):
                assert len(content) > limit and line.size > limit
            else:  # given without trailing CRs, and never over the limit
                assert len(content) <= limit and line == content.rstrip(b"\r")


@fuzz
@given(st.lists(st.one_of(record_line(), st.binary(max_size=60)), max_size=6))
def test_a_jsonl_file_is_read_line_by_line_into_documents_and_skips(lines: list[bytes]) -> None:
    data = b"\n".join(line.replace(b"\n", b" ") for line in lines)
    fd, path = tempfile.mkstemp(suffix=".jsonl")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        raws = list(read_inputs([path], IngestOptions(max_bytes=200_000)))
    finally:
        os.unlink(path)
    for raw in raws:
        assert isinstance(raw, (RawInput, SkippedInput))
        if isinstance(raw, SkippedInput):
            continue
        assert raw.kind == "jsonl" and raw.record is not None
        items = to_items(raw)
        assert items and all(isinstance(i, Notice) for i in items[:-1])
        last = items[-1]
        assert isinstance(last, (Document, SkippedInput))
        if isinstance(last, Document):
            assert last.kind == "jsonl" and last.id
            last.text.encode("utf-8")
