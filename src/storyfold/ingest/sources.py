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
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import xxhash

from ..errors import SkippedInput
from ..model import Document
from .decode import decode_bytes, looks_binary
from .jsonl import JsonlRecord, parse_jsonl_line

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text", ".md")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(slots=True)
class IngestOptions:
    """How inputs are read: the largest file accepted and whether hidden files are read."""

    max_bytes: int = DEFAULT_MAX_BYTES
    include_hidden: bool = False


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
    kind: str  # "text" | "html" | "jsonl"
    path: str | None = None
    record: JsonlRecord | None = None

    @property
    def needs_extraction(self) -> bool:
        """Whether reading it runs the HTML extractor (the costly part of reading)."""
        if self.record is not None:
            return bool(self.record.html and not self.record.text)
        return self.kind == "html"

    @property
    def name(self) -> str:
        """How the input is named to users: a JSONL record's id, else its path.

        The same name :func:`storyfold.pipeline.public_name` gives its document.
        """
        if self.record is not None:
            return self.record.id or document_id(self.data)
        return self.path or document_id(self.data)


RawItem = RawInput | SkippedInput


def content_hash(data: bytes) -> str:
    """The 128-bit xxHash of an input's bytes, as hex (how re-reads are recognised)."""
    return xxhash.xxh128_hexdigest(data)


def document_id(data: bytes) -> str:
    """A short stable id for a document without a given id: ``d`` + 64-bit hash of its bytes."""
    return "d" + xxhash.xxh64_hexdigest(data)


def iter_paths(paths: Iterable[str], options: IngestOptions) -> Iterator[str | SkippedInput]:
    """Expand files and directories (recursively, sorted) into file paths; ``-`` is stdin."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                if not options.include_hidden:
                    dirs[:] = [d for d in dirs if not d.startswith(".")]
                dirs.sort()
                for name in sorted(files):
                    if name.startswith(".") and not options.include_hidden:
                        continue
                    yield str(Path(root) / name)
        elif path.exists() or path.is_symlink():
            yield str(path)
        else:
            yield SkippedInput(str(path), "no such file or directory; check the path")


def read_documents(paths: Iterable[str], options: IngestOptions | None = None) -> Iterator[Item]:
    """Read every input and yield Documents, with SkippedInput/Notice items in between."""
    for raw in read_inputs(paths, options):
        if isinstance(raw, SkippedInput):
            yield raw
        else:
            yield from to_items(raw)


def read_inputs(paths: Iterable[str], options: IngestOptions | None = None) -> Iterator[RawItem]:
    """Read every input's bytes and yield one RawInput per file or JSONL line, hashed.

    Nothing is decoded or extracted here (a JSONL line is parsed as JSON, which is cheap):
    empty, binary, unreadable and too large inputs and malformed JSONL lines are yielded
    as SkippedInput.
    """
    opts = options or IngestOptions()
    for p in iter_paths(paths, opts):
        if isinstance(p, SkippedInput):
            yield p
            continue
        try:
            data = _read_bytes(p, opts)
            yield from _raw_inputs(p, data, opts)
        except SkippedInput as skip:
            yield skip


def extract_inputs(raws: Sequence[RawInput]) -> list[list[Item]]:
    """:func:`to_items` of each raw input, in order (one call per worker chunk)."""
    return [to_items(raw) for raw in raws]


def to_items(raw: RawInput) -> list[Item]:
    """Decode and extract one raw input: at most one Notice, then its Document or a skip.

    Never raises for bad content: an HTML page without article text gives a
    SkippedInput. A pure function of its argument, safe to run in a worker process.
    """
    try:
        if raw.record is not None:
            return [_jsonl_document(raw, raw.record)]
        decoded = decode_bytes(raw.data)
        notes: list[Item] = [Notice(raw.where, decoded.note)] if decoded.note else []
        if raw.kind == "html":
            doc = _html_document(raw.where, raw.data, decoded.text, path=raw.path, url=None)
        else:
            doc = Document(
                id=document_id(raw.data),
                content_hash=raw.content_hash,
                kind="text",
                text=decoded.text,
                path=raw.path or raw.where,
            )
        return [*notes, doc]
    except SkippedInput as skip:
        return [skip]


def _read_bytes(path: str, opts: IngestOptions) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        if not os.path.isfile(path):
            raise SkippedInput(path, "not a regular file; pass files or directories")
        size = os.path.getsize(path)
        if size > opts.max_bytes and not path.endswith(JSONL_SUFFIXES):
            raise SkippedInput(
                path,
                f"file too large ({size / 1e6:.1f} MB > {opts.max_bytes / 1e6:.1f} MB); "
                "raise --max-size or split the file",
            )
        with open(path, "rb") as fh:
            data = fh.read()
    except PermissionError:
        raise SkippedInput(path, "permission denied; check the file's permissions") from None
    except OSError as exc:
        raise SkippedInput(path, f"cannot read ({exc.strerror or exc}); check the file") from None
    if path.endswith(".gz"):
        try:
            data = _gunzip(data, opts.max_bytes)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise SkippedInput(path, f"corrupt gzip data ({exc}); re-download the file") from None
    return data


def _gunzip(data: bytes, limit: int) -> bytes:
    with gzip.GzipFile(fileobj=__import__("io").BytesIO(data)) as fh:
        out = fh.read(limit + 1)
    if len(out) > limit:
        raise OSError(f"decompresses to more than {limit / 1e6:.1f} MB")
    return out


def _kind(path: str, data: bytes) -> str:
    name = path[:-3] if path.endswith(".gz") else path
    low = name.lower()
    if low.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if low.endswith(HTML_SUFFIXES):
        return "html"
    if low.endswith(TEXT_SUFFIXES):
        return "text"
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    lines = [ln for ln in data[:65536].splitlines() if ln.strip()]
    if lines and all(ln.lstrip().startswith(b"{") for ln in lines[:20]):
        return "jsonl"
    return "text"


def _raw_inputs(where: str, data: bytes, opts: IngestOptions) -> Iterator[RawItem]:
    label = "<stdin>" if where == "-" else where
    if not data.strip():
        raise SkippedInput(label, "empty file; nothing to read")
    if looks_binary(data):
        raise SkippedInput(label, "binary file, not text, HTML or JSONL; remove it from the input")
    kind = _kind(where, data)
    if kind == "jsonl":
        yield from _jsonl_inputs(label, data, opts)
        return
    path = None if where == "-" else where
    yield RawInput(label, data, content_hash(data), kind, path)


def _jsonl_inputs(label: str, data: bytes, opts: IngestOptions) -> Iterator[RawItem]:
    yield from jsonl_line_inputs(label, data.splitlines(), opts)


def jsonl_line_documents(label: str, lines: Iterable[bytes], opts: IngestOptions) -> Iterator[Item]:
    """Documents of JSONL lines (line ends are stripped), with skips for bad lines."""
    for raw in jsonl_line_inputs(label, lines, opts):
        if isinstance(raw, SkippedInput):
            yield raw
        else:
            yield from to_items(raw)


def jsonl_line_inputs(label: str, lines: Iterable[bytes], opts: IngestOptions) -> Iterator[RawItem]:
    """Raw inputs of JSONL lines (line ends are stripped), with skips for bad lines."""
    for n, raw in enumerate(lines, start=1):
        raw = raw.rstrip(b"\r\n")
        if not raw.strip():
            continue
        where = f"{label}:{n}"
        if len(raw) > opts.max_bytes:
            yield SkippedInput(where, f"line too large ({len(raw) / 1e6:.1f} MB)")
            continue
        try:
            rec = parse_jsonl_line(raw, where)
        except SkippedInput as skip:
            yield skip
            continue
        yield RawInput(where, raw, content_hash(raw), "jsonl", label, rec)


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
            url=rec.url,
        )
    doc.kind = "jsonl"
    doc.title = rec.title or doc.title
    doc.published = rec.published or doc.published
    doc.site = rec.source or doc.site or _site_of(rec.url)
    return doc


def _html_document(where: str, data: bytes, html: str, *, path: str | None, url: str | None):
    from .html import extract_html

    page = extract_html(html, url=url)
    if not page.text.strip():
        raise SkippedInput(where, "HTML page with no extractable article text")
    return Document(
        id=document_id(data),
        content_hash=content_hash(data),
        kind="html",
        text=page.text,
        path=path,
        url=page.url or url,
        site=page.site or _site_of(page.url or url),
        title=page.title,
        author=page.author,
        published=page.published,
        extracted=True,
    )


def _site_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None
