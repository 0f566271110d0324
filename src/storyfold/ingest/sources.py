"""Turn paths (files, directories, ``-`` for stdin) into :class:`Document` records.

Reading happens in two steps so that a re-read costs no parsing:

1. :func:`read_inputs` yields one :class:`RawInput` per file or JSONL line: its bytes,
   their content hash and its kind, found from the name and the first bytes only.
2. :func:`to_items` decodes and extracts one raw input into its :class:`Document`
   (HTML extraction is the expensive part). It is a top-level function of one picklable
   record, so a runner may send it to worker processes.

A runner looks each raw input's hash up first and calls :func:`to_items` only for new
content; :func:`read_documents` chains both steps for callers that want every document.

Reading never stops a batch: every input that cannot be used becomes a
:class:`~storyfold.errors.SkippedInput` (path and reason) in the stream, and
the caller reports it and goes on.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO, cast
from urllib.parse import urlparse

import xxhash

from ..budget import OverBudget, over_budget_reason, time_budget
from ..errors import SkippedInput
from ..model import Document
from .decode import decode_bytes, looks_binary, nul_offset
from .feeds import parse_feed, parse_opml
from .jsonl import JsonlRecord, parse_jsonl_line
from .kinds import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, input_kind
from .options import DEFAULT_MAX_BYTES, MB, IngestOptions
from .paths import URL_PREFIXES, UrlInput, iter_paths, os_reason, store_files
from .tables import csv_records, json_array_records
from .urls import canonical_url
from .warc import ARCHIVE_SUFFIXES, ArchiveTally, archive_pages

__all__ = [
    "DEFAULT_MAX_BYTES",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "MB",
    "TEXT_SUFFIXES",
    "URL_PREFIXES",
    "IngestOptions",
    "Item",
    "Notice",
    "RawInput",
    "RawItem",
    "UrlInput",
    "UrlReader",
    "bounded_lines",
    "content_hash",
    "document_id",
    "extract_inputs",
    "feed_inputs",
    "iter_paths",
    "read_documents",
    "read_inputs",
    "storable_name",
    "store_files",
    "to_items",
]

HEAD_BYTES = 65536
"""Bytes read first from every input: its kind is told from them (and the name)."""
READ_CHUNK = 1 << 20
"""Bytes read at a time past the head."""


@dataclass(slots=True)
class Notice:
    """A non-fatal note about an input that was read (e.g. an encoding had to be guessed)."""

    where: str
    message: str


@dataclass(slots=True)
class IngestReport:
    """Counts of what reading saw; filled in while the stream is consumed."""

    read: int = 0
    skipped: list[SkippedInput] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


Item = Document | SkippedInput | Notice


@dataclass(slots=True, frozen=True)
class RawInput:
    """One input before any decoding or extraction: its bytes, their hash and its kind.

    ``data`` is a whole file's bytes (gunzipped), or one JSONL line's; ``content_hash``
    is their hash, under which the store knows documents it has read before.
    ``where`` names the input in messages (a path, ``<stdin>`` or ``path:line``),
    ``path`` is the stored path (None for stdin) and ``record`` is the parsed JSONL line.
    """

    where: str
    data: bytes
    content_hash: str
    kind: str  # "text" | "html" | "jsonl" | "feed"
    path: str | None = None
    record: JsonlRecord | None = None
    url: str | None = None
    """The address a page was read from (a web archive's record, a fetched page)."""
    charset: str | None = None
    """The charset the transport declared (an HTTP header), below the page's own."""

    @property
    def needs_extraction(self) -> bool:
        """Whether reading it runs the HTML extractor (the costly part of reading)."""
        if self.record is not None:
            return self.kind != "feed" and bool(self.record.html and not self.record.text)
        return self.kind == "html"

    @property
    def name(self) -> str:
        """How the input is named to users: a JSONL record's id, else its path.

        The same name :func:`storyfold.pipeline.public_name` gives its document.
        """
        if self.kind == "feed" and self.record is not None:
            return self.record.url or self.where
        if self.record is not None:
            return self.record.id or document_id(self.data)
        return self.url or self.path or document_id(self.data)


RawItem = RawInput | SkippedInput | Notice
UrlReader = Callable[[str], Iterator[RawItem]]
"""Reads one address (a page, a feed or an OPML list) into raw inputs; see
:mod:`storyfold.ingest.remote`."""


def content_hash(data: bytes) -> str:
    """The 128-bit xxHash of an input's bytes, as hex (how re-reads are recognised)."""
    return xxhash.xxh128_hexdigest(data)


def document_id(data: bytes) -> str:
    """A short stable id for a document without a given id: ``d`` + 64-bit hash of its bytes."""
    return "d" + xxhash.xxh64_hexdigest(data)


def storable_name(path: str) -> str:
    """A path as text that can be stored and shown: undecodable bytes become ``\\xNN``.

    File names are kept as Python gives them (``os.fsdecode``: bytes that are not
    UTF-8 become lone surrogates, so the file can still be opened); the stored copy
    cannot hold those, so they are written as backslash escapes.
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # surrogates that are not escaped bytes (not from a file system)
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def read_documents(
    paths: Iterable[str], options: IngestOptions | None = None, urls: UrlReader | None = None
) -> Iterator[Item]:
    """Read every input and yield Documents, with SkippedInput/Notice items in between."""
    for raw in read_inputs(paths, options, urls):
        if isinstance(raw, RawInput):
            yield from to_items(raw)
        else:
            yield raw


def read_inputs(
    paths: Iterable[str], options: IngestOptions | None = None, urls: UrlReader | None = None
) -> Iterator[RawItem]:
    """Read every input's bytes and yield one RawInput per file or JSONL line, hashed.

    Nothing is decoded or extracted here (a JSONL line is parsed as JSON, which is cheap):
    empty, binary, unreadable and too large inputs and malformed JSONL lines are yielded
    as SkippedInput. Memory stays bounded by ``max_bytes`` per input: a file, stdin or a
    decompressed ``.gz`` is read up to that size, JSONL (from a file or stdin) one line
    at a time, and a line over the size is counted and passed over, not held.
    """
    opts = options or IngestOptions()
    for p in iter_paths(paths, opts):
        if isinstance(p, SkippedInput):
            yield p
        elif isinstance(p, UrlInput):
            if urls is None:
                yield SkippedInput(p.url, "web addresses are read only by 'storyfold fold'")
            else:
                yield from urls(p.url)
        else:
            yield from _inputs_of(p, opts, urls)


def extract_inputs(raws: Sequence[RawInput], max_seconds: float | None = None) -> list[list[Item]]:
    """:func:`to_items` of each raw input, in order (one call per worker chunk).

    An input whose decoding and extraction take over ``max_seconds`` (wall
    time) is stopped and given as a :class:`SkippedInput` with that reason.
    """
    out: list[list[Item]] = []
    for raw in raws:
        try:
            with time_budget(max_seconds):
                out.append(to_items(raw))
        except OverBudget as exc:
            out.append([SkippedInput(raw.where, over_budget_reason("extraction", exc))])
    return out


def to_items(raw: RawInput) -> list[Item]:
    """Decode and extract one raw input: at most one Notice, then its Document or a skip.

    Never raises for bad content: an HTML page without article text gives a
    SkippedInput. A pure function of its argument, safe to run in a worker process.
    """
    try:
        if raw.record is not None:
            rec = raw.record
            notes: list[Item] = []
            if rec.repaired:
                fields = ", ".join(repr(f) for f in rec.repaired)
                notes.append(Notice(raw.where, f"lone surrogates in {fields} replaced by U+FFFD"))
            if raw.kind == "feed":
                return [*notes, _feed_document(raw, rec)]
            return [*notes, _jsonl_document(raw, rec)]
        decoded = decode_bytes(raw.data, raw.charset)
        notes = [Notice(raw.where, decoded.note)] if decoded.note else []
        if raw.kind == "html":
            doc = _html_document(raw.where, raw.data, decoded.text, path=raw.path, url=raw.url)
        else:
            doc = Document(
                id=document_id(raw.data),
                content_hash=raw.content_hash,
                kind="text",
                text=decoded.text,
                path=raw.path or (None if raw.url else storable_name(raw.where)),
                url=_canonical(raw.url),
                site=_site_of(raw.url),
            )
        return [*notes, doc]
    except SkippedInput as skip:
        return [skip]


def _feed_document(raw: RawInput, rec: JsonlRecord) -> Document:
    """The document of one feed item: its text, and where that text comes from."""
    return Document(
        id=document_id(raw.data),
        content_hash=raw.content_hash,
        kind="feed",
        text=rec.text or "",
        path=raw.path,
        url=_canonical(rec.url),
        site=rec.source or _site_of(rec.url),
        title=rec.title,
        author=rec.author,
        published=rec.published,
        text_from=rec.text_from,
    )


def _mb(n: int) -> str:
    return f"{n / MB:,.1f} MB"


def _over(size: int, limit: int) -> str:
    """``"52.4 MB > 20.0 MB"``; in bytes when the rounded figures would read the same."""
    if _mb(size) == _mb(limit):
        return f"{size:,} bytes > {limit:,} bytes"
    return f"{_mb(size)} > {_mb(limit)}"


def _inputs_of(p: str, opts: IngestOptions, urls: UrlReader | None = None) -> Iterator[RawItem]:
    """The raw inputs of one file or of stdin (``-``); every failure is a skip."""
    label = "<stdin>" if p == "-" else p
    try:
        if p != "-" and _name_of(p).endswith(ARCHIVE_SUFFIXES):
            yield from _archive_file(p, opts)
            return
        with _open(p) as fh:
            head = _read_up_to(fh, HEAD_BYTES)
            kind = input_kind(p, head)
            if kind == "jsonl":
                if looks_binary(head):
                    raise _binary(label)
                yield from _jsonl_stream(label, _Reader(head, fh), opts)
                return
            if kind == "archive" and p == "-":
                yield from _archive_stream(cast(BinaryIO, _Prefixed(head, fh)), label, opts)
                return
            if kind != "archive":
                data = head + _read_rest(fh, p, len(head), opts)
        if kind == "archive":
            yield from _archive_file(p, opts)
            return
        yield from _whole_inputs(p, label, kind, data, opts, urls)
    except SkippedInput as skip:
        yield skip
    except PermissionError:
        yield SkippedInput(label, "permission denied; check the file's permissions")
    except gzip.BadGzipFile as exc:
        yield SkippedInput(label, f"corrupt gzip data ({exc}); re-download the file")
    except (OSError, EOFError, zlib.error) as exc:
        what = "corrupt gzip data" if p.endswith(".gz") else "cannot read"
        yield SkippedInput(label, f"{what} ({os_reason(exc)}); check or re-download the file")


def _name_of(p: str) -> str:
    """A path's name in lower case, ``.gz`` kept (archives are gzipped record by record)."""
    return os.path.basename(p).lower()


def _archive_file(p: str, opts: IngestOptions) -> Iterator[RawItem]:
    """The pages of a WARC or ARC file (gzipped or not), read record by record."""
    if not os.path.isfile(p):
        raise SkippedInput(p, "not a regular file; pass files or directories")
    with open(p, "rb") as fh:
        if fh.read(2) == b"\x1f\x8b":
            # a .warc.gz is a gzip member per record, or (as some tools write it) one
            # member for the whole file, which warcio refuses: gzip reads both
            fh.seek(0)
            with gzip.GzipFile(fileobj=fh) as unzipped:
                yield from _archive_stream(cast(BinaryIO, unzipped), p, opts)
            return
        fh.seek(0)
        yield from _archive_stream(cast(BinaryIO, fh), p, opts)


def _archive_stream(fh: BinaryIO, label: str, opts: IngestOptions) -> Iterator[RawItem]:
    """Raw inputs of an archive's page records, then one notice of what else it held."""
    tally = ArchiveTally()
    for page in archive_pages(fh, label, opts.max_bytes, tally):
        if isinstance(page, SkippedInput):
            yield page
            continue
        where = f"{label}#{page.number}"
        try:
            # named by its address, not by the archive's path (None when it has no address)
            path = None if page.url else storable_name(where)
            yield from _raw_inputs(where, page.kind, page.body, path, page.url, page.charset)
        except SkippedInput as skip:
            yield skip
    if not tally.pages:
        yield SkippedInput(label, f"web archive without a page record ({tally.summary()})")
    elif tally.other:
        yield Notice(label, f"web archive: {tally.summary()}")


@contextmanager
def _open(p: str) -> Iterator[BinaryIO]:
    """The bytes of a path as a stream: stdin, a regular file, or a gunzipped ``.gz``."""
    if p == "-":
        yield sys.stdin.buffer
        return
    if not os.path.isfile(p):
        raise SkippedInput(p, "not a regular file; pass files or directories")
    with open(p, "rb") as fh:
        if p.endswith(".gz"):
            with gzip.GzipFile(fileobj=fh) as unzipped:
                yield cast(BinaryIO, unzipped)
        else:
            yield fh


def _read_rest(fh: BinaryIO, p: str, have: int, opts: IngestOptions) -> bytes:
    """The rest of a non-JSONL input after its first ``have`` bytes, up to ``max_bytes`` in all.

    A regular file's size is checked before it is read; stdin and a decompressed
    ``.gz`` are read up to one byte past the limit, never further.
    """
    if p != "-" and not p.endswith(".gz"):
        size = os.path.getsize(p)
        if size > opts.max_bytes:
            raise SkippedInput(
                p,
                f"file too large ({_over(size, opts.max_bytes)}); "
                "raise --max-size or split the file",
            )
    rest = _read_up_to(fh, max(0, opts.max_bytes + 1 - have))
    if have + len(rest) > opts.max_bytes:
        raise _too_large(p, opts)
    return rest


def _too_large(p: str, opts: IngestOptions) -> SkippedInput:
    """The skip of an input found to be over ``max_bytes`` while reading it."""
    limit = _mb(opts.max_bytes)
    if p == "-":
        return SkippedInput(
            "<stdin>", f"stdin too large (more than {limit}); raise --max-size or split the input"
        )
    if p.endswith(".gz"):
        return SkippedInput(
            p,
            f"too large: decompresses to more than {limit} (the --max-size limit; a "
            "compression bomb?); raise --max-size if the file is genuine",
        )
    return SkippedInput(
        p, f"file too large (more than {limit}); raise --max-size or split the file"
    )


def _read_up_to(fh: BinaryIO, n: int) -> bytes:
    """Up to ``n`` bytes of a stream (fewer only at its end), read in bounded chunks."""
    parts: list[bytes] = []
    got = 0
    while got < n:
        part = fh.read(min(n - got, READ_CHUNK))
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _whole_inputs(
    p: str, label: str, kind: str, data: bytes, opts: IngestOptions, urls: UrlReader | None
) -> Iterator[RawItem]:
    """The raw inputs of a whole (size-checked) file: one page, or a feed's items, or a
    table's records, or the feeds an OPML list names."""
    if not data.strip():
        raise SkippedInput(label, "empty file; nothing to read")
    path = None if p == "-" else storable_name(p)
    if kind == "feed":
        yield from feed_inputs(data, label, path)
    elif kind == "opml":
        feeds = parse_opml(data, label)
        if urls is None:
            raise SkippedInput(label, "an OPML list's feeds are read only by 'storyfold fold'")
        for url in feeds:
            yield from urls(url)
    elif kind in ("csv", "json"):
        yield from _table_inputs(kind, data, label, path)
    else:
        yield from _raw_inputs(label, kind, data, path)


def feed_inputs(
    data: bytes, label: str, path: str | None, content_type: str | None = None
) -> Iterator[RawItem]:
    """One raw input per item of a feed, then a notice when items carry no full text."""
    feed = parse_feed(data, label, content_type=content_type)
    if not feed.items:
        raise SkippedInput(label, f"{feed.format} feed with no items; nothing to read")
    for n, item in enumerate(feed.items, start=1):
        fields = {
            "feed": feed.title,
            "title": item.title,
            "url": item.link,
            "published": item.published,
            "author": item.author,
            "text": item.text,
            "text_from": item.text_from,
        }
        raw = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()
        where = f"{label}#{n}"
        rec = JsonlRecord(
            where, raw, None, item.text, None, item.title, item.link, item.published,
            feed.title, author=item.author, text_from=item.text_from,
        )  # fmt: skip
        yield RawInput(where, raw, content_hash(raw), "feed", path, rec)
    partial = Counter(item.text_from for item in feed.items if item.text_from != "content")
    if partial:
        said = " and ".join(f"{n} {_ONLY[k]}" for k, n in sorted(partial.items()))
        yield Notice(
            label, f"{feed.format} feed of {len(feed.items)} items: {said} (the feed carries no "
            "more); with a web address, --fetch-articles reads the linked pages",
        )  # fmt: skip


_ONLY = {"summary": "give a summary only", "title": "give a headline only"}


def _table_inputs(kind: str, data: bytes, label: str, path: str | None) -> Iterator[RawItem]:
    """One raw input per record of a CSV file or a JSON array."""
    if kind == "csv":
        records = csv_records(decode_bytes(data).text, label)
    else:
        records = json_array_records(data, label)
    n = 0
    for rec in records:
        if isinstance(rec, SkippedInput):
            yield rec
            continue
        n += 1
        yield RawInput(rec.where, rec.raw, content_hash(rec.raw), "jsonl", path, rec)
    if not n:
        raise SkippedInput(label, "no records to read; nothing to fold")


def _raw_inputs(
    label: str,
    kind: str,
    data: bytes,
    path: str | None,
    url: str | None = None,
    charset: str | None = None,
) -> Iterator[RawItem]:
    """The one raw input of a whole text or HTML page, or its skip."""
    if not data.strip():
        raise SkippedInput(label, "empty file; nothing to read")
    if looks_binary(data):
        raise _binary(label)
    nul = nul_offset(data)
    if nul is not None:
        raise SkippedInput(
            label, f"NUL byte at byte {nul:,}: binary or corrupt, not text; remove or fix the file"
        )
    yield RawInput(label, data, content_hash(data), kind, path, url=url, charset=charset)


class _Prefixed:
    """A binary stream whose first bytes were read already (``head``), for readers that
    want a stream from its start."""

    def __init__(self, head: bytes, fh: BinaryIO) -> None:
        self._head = head
        self._fh = fh

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all with -1), the head first."""
        if self._head:
            if size < 0:
                out, self._head = self._head + self._fh.read(), b""
                return out
            out, self._head = self._head[:size], self._head[size:]
            return out
        return self._fh.read(size)


def _binary(label: str) -> SkippedInput:
    return SkippedInput(label, "binary file, not text, HTML or JSONL; remove it from the input")


class _Reader:
    """A stream's lines, starting with bytes already read from it (its head)."""

    def __init__(self, head: bytes, fh: BinaryIO) -> None:
        self._head = head
        self._at = 0
        self._fh = fh

    def readline(self, size: int) -> bytes:
        """The next line with its end, or its first ``size`` bytes; ``b""`` at the end."""
        if self._at < len(self._head):
            end = self._head.find(b"\n", self._at, self._at + size)
            stop = end + 1 if end >= 0 else min(len(self._head), self._at + size)
            line = self._head[self._at : stop]
            self._at = stop
            if end >= 0 or len(line) == size:
                return line
            return line + self._fh.readline(size - len(line))
        return self._fh.readline(size)


@dataclass(slots=True, frozen=True)
class _LongLine:
    """A line over the size limit: only its length is kept."""

    size: int


def bounded_lines(fh: _Reader | BinaryIO, limit: int) -> Iterator[bytes | _LongLine]:
    """Each line of a stream without its line end, or a :class:`_LongLine` for one over ``limit``.

    A long line is read in chunks and dropped as it is read, so memory stays bounded
    by ``limit`` whatever the stream holds.
    """
    while True:
        line = fh.readline(limit + 2)  # the content, plus "\r\n"
        if not line:
            return
        if line.endswith(b"\n") or len(line) < limit + 2:
            body = line.rstrip(b"\r\n")
            yield body if len(body) <= limit else _LongLine(len(body))
            continue
        size = len(line)
        while True:
            more = fh.readline(READ_CHUNK)
            size += len(more)
            if not more or more.endswith(b"\n"):
                break
        yield _LongLine(size)


def _jsonl_stream(label: str, fh: _Reader, opts: IngestOptions) -> Iterator[RawItem]:
    """Raw inputs of a JSONL stream, line by line; a read error skips the rest."""
    n = 0
    empty = True
    lines = bounded_lines(fh, opts.max_bytes)
    try:
        for n, line in enumerate(lines, start=1):
            if isinstance(line, bytes) and not line.strip():
                continue
            empty = False
            yield _jsonl_input(label, n, line, opts)
    except (OSError, EOFError, zlib.error) as exc:
        yield SkippedInput(
            f"{label}:{n + 1}", f"cannot read the rest of the file ({os_reason(exc)}); check it"
        )
        return
    if empty:
        yield SkippedInput(label, "empty file; nothing to read")


def _jsonl_input(label: str, n: int, line: bytes | _LongLine, opts: IngestOptions) -> RawItem:
    """The raw input of line ``n`` of a JSONL stream, or its skip."""
    where = f"{label}:{n}"
    if isinstance(line, _LongLine):
        return SkippedInput(
            where,
            f"line too large ({_over(line.size, opts.max_bytes)}); "
            "raise --max-size or split the record",
        )
    try:
        rec = parse_jsonl_line(line, where)
    except SkippedInput as skip:
        return skip
    return RawInput(where, line, content_hash(line), "jsonl", storable_name(label), rec)


def _jsonl_document(raw: RawInput, rec: JsonlRecord) -> Document:
    doc_id = rec.id or document_id(raw.data)
    if rec.html and not rec.text:
        doc = _html_document(raw.where, raw.data, rec.html, path=raw.path, url=rec.url)
        doc.id = doc_id
    else:
        doc = Document(
            id=doc_id,
            content_hash=raw.content_hash,
            kind="jsonl",
            text=rec.text or "",
            path=raw.path,
            url=_canonical(rec.url),
        )
    doc.kind = "jsonl"
    doc.title = rec.title or doc.title
    doc.published = rec.published or doc.published
    doc.site = rec.source or doc.site or _site_of(rec.url)
    return doc


def _html_document(
    where: str, data: bytes, html: str, *, path: str | None, url: str | None
) -> Document:
    from .html import extract_html

    page = extract_html(html, url=url)
    if page.refused:
        raise SkippedInput(where, page.refused)
    if not page.text.strip():
        raise SkippedInput(where, "HTML page with no extractable article text")
    return Document(
        id=document_id(data),
        content_hash=content_hash(data),
        kind="html",
        text=page.text,
        path=path,
        url=_canonical(page.url or url),
        site=page.site or _site_of(page.url or url),
        title=page.title,
        author=page.author,
        published=page.published,
        extracted=True,
        dropped=page.dropped,
        teasers=page.teasers,
    )


def _canonical(url: str | None) -> str | None:
    """A document's address in its one spelling (:func:`.urls.canonical_url`)."""
    return canonical_url(url) if url else None


def _site_of(url: str | None) -> str | None:
    """The host of a URL without ``www.``; None when there is none or it cannot be parsed."""
    if not url:
        return None
    try:
        host = urlparse(url).hostname or ""
    except ValueError:  # e.g. a page's canonical link "http://[::1"
        return None
    return host.removeprefix("www.") or None
