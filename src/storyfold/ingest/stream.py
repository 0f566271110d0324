"""Read inputs as a stream: JSONL files line by line, so memory stays bounded by one line.

:func:`stream_documents` yields what :func:`~storyfold.ingest.sources.read_documents`
yields, in the same order, but never holds a whole JSONL file (nor its
decompressed ``.gz``) in memory; other inputs are one page each and are read
as ``read_documents`` reads them.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator

from ..errors import SkippedInput
from .sources import (
    JSONL_SUFFIXES,
    IngestOptions,
    Item,
    iter_paths,
    jsonl_line_documents,
    read_documents,
)

__all__ = ["stream_documents"]


def _is_jsonl(path: str) -> bool:
    """Whether a path names a JSONL file by its suffix (``.gz`` versions included)."""
    name = path[:-3] if path.endswith(".gz") else path
    return name.lower().endswith(JSONL_SUFFIXES)


def _lines(fh: Iterable[bytes], path: str) -> Iterator[bytes]:
    """The lines of an open file; a read error mid-file becomes a skip of the rest."""
    try:
        yield from fh
    except (OSError, EOFError) as exc:
        raise SkippedInput(path, f"cannot read the rest of the file ({exc}); check it") from None


def stream_documents(paths: Iterable[str], options: IngestOptions | None = None) -> Iterator[Item]:
    """Yield Documents, SkippedInput and Notice items of every input, JSONL streamed."""
    opts = options or IngestOptions()
    for p in iter_paths(paths, opts):
        if isinstance(p, SkippedInput):
            yield p
            continue
        if p == "-" or not _is_jsonl(p):
            yield from read_documents([p], opts)
            continue
        try:
            opener = gzip.open if p.endswith(".gz") else open
            with opener(p, "rb") as fh:
                empty = True
                for item in jsonl_line_documents(p, _lines(fh, p), opts):
                    empty = False
                    yield item
            if empty:
                yield SkippedInput(p, "empty file; nothing to read")
        except SkippedInput as skip:
            yield skip
        except PermissionError:
            yield SkippedInput(p, "permission denied; check the file's permissions")
        except OSError as exc:
            yield SkippedInput(p, f"cannot read ({exc.strerror or exc}); check the file")
