"""The records that flow through storyfold's pipeline.

One record type per level: a :class:`Document` is one input page as read, an
:class:`Article` is one story-bearing piece of a page after cleaning, a
:class:`CopyRelation` links two articles whose texts are copies, and a
:class:`Story` groups the articles that report one event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Relations between two articles, strongest first.
EXACT = "exact"
NEAR = "near"
CONTAINED = "contained"
REWRITE = "rewrite"
RELATIONS = (EXACT, NEAR, CONTAINED, REWRITE)


@dataclass(slots=True)
class Document:
    """One input page as read from a file, a JSONL line or stdin.

    ``text`` is the page's visible text: the decoded file for plain text, the
    main content extracted by trafilatura for HTML, the ``text`` field for JSONL.
    """

    id: str
    content_hash: str
    kind: str  # "text" | "html" | "jsonl" | "feed"
    text: str
    path: str | None = None
    url: str | None = None
    site: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    extracted: bool = False  # an extractor already chose the main content (HTML)
    #: what extraction removed from the extractor's own text, with reasons (HTML); it goes
    #: to the main article's dropped lines and is not stored with the document
    dropped: list[DroppedLine] = field(default_factory=list)
    #: teasers of other stories the extraction split off the page's end (HTML); each becomes
    #: an article of its own after the main one; not stored with the document
    teasers: list[Teaser] = field(default_factory=list)
    #: where a feed item's text comes from: "content" (the article as the feed carries it),
    #: "summary" (the feed's summary only) or "title" (the feed gives headlines only);
    #: None for every other input
    text_from: str | None = None


@dataclass(slots=True, frozen=True)
class Teaser:
    """A teaser of another story found on a page: its headline and its summary."""

    headline: str
    summary: str


@dataclass(slots=True)
class DroppedLine:
    """A line the cleaner removed from a page, with the reason it was removed."""

    line: str
    reason: str


@dataclass(slots=True)
class Article:
    """One article cut out of a document: cleaned text plus what was dropped."""

    id: str
    document_id: str
    position: int
    text: str
    title: str | None = None
    published: str | None = None
    site: str | None = None
    dropped: list[DroppedLine] = field(default_factory=list)
    language: str | None = None  # ISO 639-1 code of the text's language, when known


@dataclass(slots=True)
class CopyRelation:
    """Two articles whose texts are copies of each other.

    For ``contained``, ``a`` is the shorter text found inside ``b``.
    ``similarity`` is the Jaccard similarity of the shingle sets and
    ``containment`` the share of ``a``'s shingles found in ``b``.
    """

    a: str
    b: str
    relation: str
    similarity: float
    containment: float


@dataclass(slots=True)
class Story:
    """Articles that report one event."""

    id: str
    title: str
    article_ids: list[str] = field(default_factory=list)


def public_name(doc: Document) -> str:
    """How a document is named to users: a JSONL record's id, a feed item's or a fetched or
    archived page's address, else its file path."""
    if doc.kind == "feed" or (doc.url and not doc.path and doc.kind != "jsonl"):
        return doc.url or doc.id
    return doc.id if doc.kind == "jsonl" or not doc.path else doc.path
