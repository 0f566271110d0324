"""Result rendering: the versioned JSON document and the terminal summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .model import Article, Document, Story
from .store import Store

SCHEMA = "storyfold/fold"
SCHEMA_VERSION = "1.0"


def document_json(doc: Document, articles: Sequence[Article]) -> dict[str, Any]:
    """One document in the JSON schema."""
    return {
        "id": doc.id,
        "path": doc.path,
        "url": doc.url,
        "title": doc.title,
        "site": doc.site,
        "author": doc.author,
        "published": doc.published,
        "kind": doc.kind,
        "content_hash": doc.content_hash,
        "articles": [a.id for a in articles],
    }


def article_json(art: Article, story_id: str | None) -> dict[str, Any]:
    """One article in the JSON schema, with its dropped lines and reasons."""
    return {
        "id": art.id,
        "document": art.document_id,
        "position": art.position,
        "title": art.title,
        "published": art.published,
        "site": art.site,
        "story": story_id,
        "text": art.text,
        "dropped": [{"line": d.line, "reason": d.reason} for d in art.dropped],
    }


def result_json(
    store: Store, document_ids: Sequence[str] | None = None, report: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The fold result for some documents (all when None) as a JSON-ready dict.

    Stories are those holding any of the documents' articles, listed with all
    their members; copies are those touching the documents' articles.
    """
    docs = store.documents()
    if document_ids is not None:
        wanted = set(document_ids)
        docs = [d for d in docs if d.id in wanted]
    doc_ids = {d.id for d in docs}
    arts = [a for a in store.articles() if a.document_id in doc_ids]
    art_ids = [a.id for a in arts]
    stories = [s for s in store.stories() if set(s.article_ids) & set(art_ids)]
    story_of = {aid: s.id for s in stories for aid in s.article_ids}
    by_doc: dict[str, list[Article]] = {}
    for a in arts:
        by_doc.setdefault(a.document_id, []).append(a)
    copies = sorted(store.copies(art_ids), key=lambda r: (r.a, r.b))
    all_docs = {d.id: d for d in store.documents()}
    members = {a.id: a for a in store.articles([i for s in stories for i in s.article_ids])}
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "documents": [document_json(d, by_doc.get(d.id, [])) for d in docs],
        "articles": [article_json(a, story_of.get(a.id)) for a in arts],
        "copies": [
            {
                "a": r.a,
                "b": r.b,
                "relation": r.relation,
                "similarity": r.similarity,
                "containment": r.containment,
            }
            for r in copies
        ],
        "stories": [story_json(s, members, all_docs, store) for s in stories],
    }
    if report is not None:
        out["report"] = report
    return out


def story_json(
    story: Story,
    articles: dict[str, Article],
    documents: dict[str, Document],
    store: Store | None = None,
) -> dict[str, Any]:
    """One story in the JSON schema: id, title, article ids, sources, and (for stories of
    two or more articles, when a store is given) the consolidated account."""
    arts = [articles[i] for i in story.article_ids if i in articles]
    out: dict[str, Any] = {
        "id": story.id,
        "title": story.title,
        "articles": story.article_ids,
        "sources": sources_of(arts, documents),
    }
    if store is not None and len(arts) > 1:
        from .account import consolidate
        from .account.render import account_json

        acc = consolidate(arts, store.copies(story.article_ids))
        out["account"] = account_json(acc, source_namer(arts, documents))
    return out


def source_namer(arts: Sequence[Article], documents: dict[str, Document]):
    """A function naming an article by its source (site, else file name)."""
    names = {a.id: (sources_of([a], documents) or [a.id])[0] for a in arts}
    return lambda article_id: names.get(article_id, article_id)


def sources_of(arts: Sequence[Article], documents: dict[str, Document]) -> list[str]:
    """Distinct source names of articles: site, else URL host, else file name."""
    out: list[str] = []
    for a in arts:
        d = documents.get(a.document_id)
        name = a.site or (d.site if d else None)
        if not name and d is not None:
            name = (d.path or d.url or d.id).rsplit("/", 1)[-1]
        if name and name not in out:
            out.append(name)
    return out
