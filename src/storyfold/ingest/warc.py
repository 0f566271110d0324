"""Web archives (WARC 1.0/1.1, gzipped or not, and the older ARC format) read as pages.

warcio (webrecorder's reader) is used rather than FastWARC: it reads ARC files too, and
it undoes HTTP chunked transfer and gzip/deflate content encodings in response records.
Reading is a stream of records, so an archive of any size is read in bounded memory:
each page record is read up to the size limit, everything else is only counted.

A page is a ``response`` record with HTTP status 200 (or a ``resource`` record) whose
content type is HTML, XHTML or plain text; every other record (requests, metadata,
revisits, redirects, images, scripts...) is counted by kind and skipped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ..errors import SkippedInput
from ..text import counted

__all__ = ["ARCHIVE_SUFFIXES", "ArchivePage", "ArchiveTally", "archive_pages", "is_archive_head"]

ARCHIVE_SUFFIXES = (".warc", ".arc", ".warc.gz", ".arc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)


@dataclass(slots=True, frozen=True)
class ArchivePage:
    """One page of an archive: its record number, address, bytes and declared charset."""

    number: int
    url: str | None
    kind: str  # "html" | "text"
    body: bytes
    charset: str | None


@dataclass(slots=True)
class ArchiveTally:
    """What reading an archive saw: pages read, and other records counted by kind."""

    pages: int = 0
    other: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        """``"2 pages; skipped 3 request, 1 revisit records"``."""
        parts = ", ".join(f"{n} {kind}" for kind, n in sorted(self.other.items()))
        noun = "record" if sum(self.other.values()) == 1 else "records"
        return counted(self.pages, "page") + (f"; skipped {parts} {noun}" if parts else "")


#: what warcio raises on a damaged archive besides its own ArchiveLoadFailed (a record cut
#: inside its HTTP headers gives an AttributeError from its header parser)
_READER_FAILURES = (OSError, EOFError, ValueError, AttributeError, TypeError, IndexError, KeyError)


def is_archive_head(head: bytes) -> bool:
    """Whether (decompressed) first bytes are those of a WARC or an ARC file."""
    return head.startswith((b"WARC/", b"filedesc://"))


def archive_pages(
    fh: BinaryIO, where: str, max_bytes: int, tally: ArchiveTally
) -> Iterator[ArchivePage | SkippedInput]:
    """The page records of an archive stream, each read up to ``max_bytes``.

    A record too large is a :class:`SkippedInput` naming it; an archive that cannot be
    read further ends with one naming where it broke. ``tally`` counts what was seen.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    try:
        for record in ArchiveIterator(fh, arc2warc=True):
            number += 1
            page = _page_of(record, number, where, max_bytes, tally)
            if page is not None:
                yield page
    except ArchiveLoadFailed as exc:
        yield SkippedInput(
            f"{where}#{number + 1}",
            f"cannot read the archive past record {number} ({_first_line(exc)}); "
            "check or re-download the file",
        )
    except _READER_FAILURES as exc:
        yield SkippedInput(
            f"{where}#{number + 1}",
            f"cannot read the rest of the archive ({_first_line(exc)}); check the file",
        )


def _page_of(
    record: Any, number: int, where: str, max_bytes: int, tally: ArchiveTally
) -> ArchivePage | SkippedInput | None:
    """The page a record holds, a skip when it is too large, None when it is no page."""
    kind = record.rec_type
    if kind == "response":
        http = record.http_headers
        status = http.get_statuscode() if http is not None else None
        if status != "200":
            tally.other[f"HTTP {status or '?'} response"] += 1
            return None
        content_type = http.get_header("Content-Type") if http is not None else None
    elif kind == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        tally.other[kind] += 1
        return None
    media, charset = _media_type(content_type)
    page_kind = "html" if media in HTML_TYPES else "text" if media in TEXT_TYPES else None
    if page_kind is None:
        tally.other[f"{media or 'untyped'} {kind}"] += 1
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        tally.other[f"too large {kind}"] += 1
        return SkippedInput(
            f"{where}#{number}",
            f"record too large (more than {max_bytes:,} bytes, {url}); raise --max-size",
        )
    tally.pages += 1
    return ArchivePage(number, url, page_kind, body, charset)


def _media_type(value: str | None) -> tuple[str | None, str | None]:
    """``("text/html", "utf-8")`` from ``text/html; charset=UTF-8``."""
    if not value:
        return None, None
    media, *params = (p.strip() for p in value.split(";"))
    charset = None
    for param in params:
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset":
            charset = val.strip().strip("\"'").lower() or None
    return media.lower() or None, charset


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
