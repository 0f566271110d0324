"""What an input is, told from its name and its first bytes, before anything is decoded.

A file is text, HTML, JSONL, a feed, an OPML list, a web archive, a CSV table or a JSON
array; a kind storyfold does not read (Markdown, PDF, images, databases, code...) is one
:class:`~storyfold.errors.SkippedInput` that names it.
"""

from __future__ import annotations

import os

from ..errors import SkippedInput
from .feeds import FEED_ROOTS, OPML_ROOT, looks_like_json_feed, sniff_xml_root
from .tables import looks_like_json_array
from .warc import is_archive_head

__all__ = ["HTML_SUFFIXES", "JSONL_SUFFIXES", "NOT_NEWS_SUFFIXES", "TEXT_SUFFIXES", "input_kind"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text")
FEED_SUFFIXES = (".rss", ".atom", ".rdf")
OPML_SUFFIXES = (".opml",)
NOT_NEWS_SUFFIXES = {
    "Markdown": ".md .markdown .rst .adoc",
    "PDF": ".pdf",
    "image": ".png .jpg .jpeg .gif .webp .svg .ico .bmp .tif .tiff .avif .heic",
    "audio or video": ".mp3 .mp4 .m4a .wav .ogg .mov .avi .mkv .webm",
    "office document": ".doc .docx .odt .rtf .xls .xlsx .ods .ppt .pptx .odp .epub",
    "compressed archive": ".zip .tar .tgz .bz2 .xz .zst .7z .rar",
    "database": ".db .sqlite .sqlite3 .db-wal .db-shm .db-journal",
    "source code": ".py .pyc .js .mjs .ts .css .sh .c .h .cpp .java .go .rs .rb .php",
    "configuration": ".toml .yaml .yml .ini .cfg .lock",
    "program": ".exe .dll .so .dylib .o .a .class .jar .wasm",
}
"""Kinds of file storyfold does not read, by name ending (each one line ``not a news format``)."""
_NOT_NEWS_KIND = {sfx: kind for kind, sfxs in NOT_NEWS_SUFFIXES.items() for sfx in sfxs.split()}
_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"SQLite format 3\x00", "database"),
    (b"PK\x03\x04", "compressed archive"),
)
READ_FORMATS = "HTML, text, JSONL, CSV, JSON arrays, feeds, OPML and web archives"


def input_kind(path: str, data: bytes) -> str:
    """What an input is, from its name and first bytes: ``text``, ``html``, ``jsonl``,
    ``feed``, ``opml``, ``archive``, ``csv`` or ``json``; raises :class:`SkippedInput` for a
    kind of file storyfold does not read (Markdown, PDF, images, databases...)."""
    name = path[:-3] if path.endswith(".gz") else path
    low = name.lower()
    suffix = os.path.splitext(low)[1]
    what = _NOT_NEWS_KIND.get(suffix) or next((k for m, k in _MAGIC if data.startswith(m)), None)
    if what is not None:
        raise SkippedInput(path, f"not a news format ({what}); storyfold reads {READ_FORMATS}")
    if is_archive_head(data):
        return "archive"
    if low.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if low.endswith(HTML_SUFFIXES):
        return "html"
    if low.endswith(TEXT_SUFFIXES):
        return "text"
    if low.endswith(".csv"):
        return "csv"
    root = sniff_xml_root(data[:4096])
    if root in FEED_ROOTS or (low.endswith(FEED_SUFFIXES) and root != "html"):
        return "feed"
    if root == OPML_ROOT or low.endswith(OPML_SUFFIXES):
        return "opml"
    if looks_like_json_feed(data):
        return "feed"
    if looks_like_json_array(data):
        return "json"
    if low.endswith(".json"):
        raise SkippedInput(
            path, "not a news format (JSON that is not JSONL, a JSON Feed or an array of records)"
        )
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    lines = [ln for ln in data[:65536].splitlines() if ln.strip()]
    if lines and all(ln.lstrip().startswith(b"{") for ln in lines[:20]):
        return "jsonl"
    return "text"
