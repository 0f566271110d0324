"""How inputs are read: the settings every reader shares (sizes, time budget, file choice)."""

from __future__ import annotations

from dataclasses import dataclass

from ..budget import DEFAULT_DOCUMENT_SECONDS

__all__ = ["DEFAULT_MAX_BYTES", "MB", "IngestOptions"]

MB = 1_000_000
"""``--max-size`` counts in MB of 10^6 bytes, as every size storyfold prints."""
DEFAULT_MAX_BYTES = 20 * MB


@dataclass(slots=True)
class IngestOptions:
    """How inputs are read: the largest document, its time budget, whether hidden files are read.

    ``max_bytes`` bounds each document of every kind: a file, a JSONL line, stdin, a
    decompressed ``.gz``; ``max_seconds`` bounds the work on each (see :mod:`storyfold.budget`).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    include_hidden: bool = False
    max_seconds: float | None = DEFAULT_DOCUMENT_SECONDS
    """Wall seconds one document's extraction, and then its cleaning, may take (None: no limit)."""
    include: tuple[str, ...] = ()
    """Glob patterns: of the files found in directories, only those matching one are read."""
    exclude: tuple[str, ...] = ()
    """Glob patterns: files found in directories that match one are not read."""
    never_read: frozenset[str] = frozenset()
    """Real paths never read as input, not even named: the store and its journal files."""
