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
from dataclasses import dataclass, replace

import xxhash

from ..budget import OverBudget, over_budget_reason, time_budget
from ..copies.index import to_sqlite_int
from ..errors import SkippedInput
from ..model import Article, Document, DroppedLine, public_name
from ..text import clean_line
from . import CleanConfig, clean_page, page_line_keys
from .language import article_language

#: the drop reason of a teaser of another story under ``--clean light`` / ``none``
TEASER = "teaser of another story"

__all__ = [
    "CleanTask",
    "as_given",
    "clean_documents",
    "cleaning_of",
    "document_line_keys",
    "line_hash",
    "teaser_articles",
]


def line_hash(key: str, site: str | None = None) -> int:
    """The signed 64-bit hash under which a line key is counted in the store.

    A document with a site counts its lines within that site: furniture is what a site
    repeats on its pages, while a heading such as "Conclusion" recurs across sites as
    content. Documents without a site count across the whole corpus.
    """
    scoped = f"{site}\x1f{key}" if site else key
    return to_sqlite_int(xxhash.xxh64_intdigest(scoped.encode("utf-8")))


def document_line_keys(pages: Sequence[tuple[str, str | None]]) -> list[set[int]]:
    """Each ``(text, site)`` page's distinct line hashes (see :func:`line_hash` and
    :func:`storyfold.clean.page_line_keys`)."""
    return [{line_hash(k, site) for k in page_line_keys(text)} for text, site in pages]


@dataclass(slots=True, frozen=True)
class CleanTask:
    """One document to clean and the corpus counts of its own line hashes."""

    document: Document
    line_counts: Mapping[int, int]


class _LineCounts:
    """``line_doc_freq`` for :func:`clean_page`: a line key's count in the corpus."""

    __slots__ = ("counts", "site")

    def __init__(self, counts: Mapping[int, int], site: str | None) -> None:
        self.counts = counts
        self.site = site

    def __call__(self, key: str) -> int:
        return self.counts.get(line_hash(key, self.site), 0)


def cleaning_of(doc: Document, mode: str) -> str:
    """The cleaning a document gets under ``mode``: ``auto`` resolves by input kind to
    ``page`` (raw page text: weighed and segmented), ``extracted`` (HTML, where the extractor
    chose the content: segmented at section headings) or ``light`` (a JSONL ``text`` or a feed
    item, already an article: furniture lines only, its ending kept; a feed item that
    is only a headline is kept as given); ``page`` is ``auto`` with a JSONL
    ``text`` taken as a whole page; ``light`` and ``none`` stay."""
    if doc.extracted and mode in ("auto", "page"):
        return "extracted"
    if mode != "auto":
        return mode
    if doc.text_from == "title":
        return "none"  # a feed that gives headlines only: the headline is all there is
    return "light" if doc.kind in ("jsonl", "feed") else "page"


def as_given(doc: Document) -> Article:
    """The document as one article, its text as given (blank lines and stray whitespace
    aside), for ``--clean none``."""
    lines = (clean_line(ln) for ln in doc.text.splitlines())
    return Article(
        id=f"{doc.id}#0",
        document_id=doc.id,
        position=0,
        text="\n".join(ln for ln in lines if ln),
        title=doc.title,
        published=doc.published,
        site=doc.site,
    )


def teaser_articles(doc: Document, mode: str, articles: list[Article]) -> list[Article]:
    """The articles of the teasers an extraction split off ``doc``, after ``articles``.

    Under ``light`` and ``none`` (one article per document) the teasers become dropped
    lines of the main article instead, so that nothing read is lost.
    """
    if mode in ("light", "none"):
        articles[0].dropped += [
            DroppedLine(line, TEASER) for t in doc.teasers for line in (t.headline, t.summary)
        ]
        return []
    start = len(articles)
    return [
        Article(
            id=f"{doc.id}#{start + n}",
            document_id=doc.id,
            position=start + n,
            text=clean_line(t.summary),
            title=clean_line(t.headline),
            site=doc.site,
        )
        for n, t in enumerate(doc.teasers)
    ]


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
        mode = cleaning_of(doc, config.mode)
        try:
            with time_budget(max_seconds):
                arts = (
                    [as_given(doc)]
                    if mode == "none"
                    else clean_page(
                        doc.text,
                        document_id=doc.id,
                        title=doc.title,
                        published=doc.published,
                        site=doc.site,
                        line_doc_freq=_LineCounts(task.line_counts, doc.site),
                        config=config,
                        extracted=doc.extracted,
                        segment=mode != "light",
                    )
                )
        except OverBudget as exc:
            out.append(SkippedInput(public_name(doc), over_budget_reason("cleaning", exc)))
            continue
        kept = [a for a in arts if a.text.strip()]
        if not kept and doc.kind == "feed" and doc.title:
            # the item's summary was all furniture (a byline, "read more"): its headline
            # stands for it, as for a feed that gives headlines only
            dropped = [d for a in arts for d in a.dropped]
            kept = [as_given(replace(doc, text=doc.title))]
            kept[0].dropped = dropped
        if kept and doc.teasers:
            kept += teaser_articles(doc, mode, kept)
        for art in kept:
            art.language = article_language(art.text)
        if kept and doc.dropped:  # what extraction removed comes first, as it came first
            kept[0].dropped = [*doc.dropped, *kept[0].dropped]
        out.append(kept)
    return out
