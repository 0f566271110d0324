"""Read inputs as a stream: JSONL files (and stdin) line by line, so memory stays bounded.

:func:`stream_documents` is :func:`~storyfold.ingest.sources.read_documents`, which
never holds a whole JSONL file (nor its decompressed ``.gz``, nor stdin) in memory;
other inputs are one document each, read up to ``--max-size``. The name is kept for
callers that want to say they rely on streaming.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .sources import IngestOptions, Item, read_documents

__all__ = ["stream_documents"]


def stream_documents(paths: Iterable[str], options: IngestOptions | None = None) -> Iterator[Item]:
    """Yield Documents, SkippedInput and Notice items of every input, JSONL streamed."""
    return read_documents(paths, options)
