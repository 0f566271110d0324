"""The cleaning stage of a fold: a batch of documents in, their articles out.

Pure functions over records, so the runner can run them in worker processes
and the same code can be mapped over partitions elsewhere:

1. :func:`document_line_keys` gives each document's distinct line hashes;
2. the runner counts them across the corpus (the store keeps the counts) and
   passes each document the counts of its own lines;
3. :func:`clean_documents` cuts each document into articles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import xxhash

from ..budget import OverBudget, over_budget_reason, time_budget
from ..copies.index import to_sqlite_int
from ..errors import SkippedInput
from ..model import Article, Document, public_name
from . import CleanConfig, clean_page, page_line_keys

__all__ = ["CleanTask", "clean_documents", "document_line_keys", "line_hash"]


def line_hash(key: str) -> int:
    """The signed 64-bit hash under which a line key is counted in the store."""
    return to_sqlite_int(xxhash.xxh64_intdigest(key.encode("utf-8")))


def document_line_keys(texts: Sequence[str]) -> list[set[int]]:
    """Each text's distinct line hashes (see :func:`storyfold.clean.page_line_keys`)."""
    return [{line_hash(k) for k in page_line_keys(t)} for t in texts]


@dataclass(slots=True, frozen=True)
class CleanTask:
    """One document to clean and the corpus counts of its own line hashes."""

    document: Document
    line_counts: Mapping[int, int]


class _LineCounts:
    """``line_doc_freq`` for :func:`clean_page`: a line key's count in the corpus."""

    __slots__ = ("counts",)

    def __init__(self, counts: Mapping[int, int]) -> None:
        self.counts = counts

    def __call__(self, key: str) -> int:
        return self.counts.get(line_hash(key), 0)


def clean_documents(
    tasks: Sequence[CleanTask], config: CleanConfig, max_seconds: float | None = None
) -> list[list[Article] | SkippedInput]:
    """Cut each task's document into articles (empty articles removed), in order.

    A document that yields no article gets an empty list; the runner reports
    it as skipped. A document whose cleaning takes over ``max_seconds`` (wall
    time) is stopped and given as a :class:`SkippedInput` with that reason.
    """
    out: list[list[Article] | SkippedInput] = []
    for task in tasks:
        doc = task.document
        try:
            with time_budget(max_seconds):
                arts = clean_page(
                    doc.text,
                    document_id=doc.id,
                    title=doc.title,
                    published=doc.published,
                    site=doc.site,
                    line_doc_freq=_LineCounts(task.line_counts),
                    config=config,
                    extracted=doc.extracted,
                )
        except OverBudget as exc:
            out.append(SkippedInput(public_name(doc), over_budget_reason("cleaning", exc)))
            continue
        out.append([a for a in arts if a.text.strip()])
    return out
