"""Result rendering: the versioned JSON document and the terminal summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .model import Article, Document, Story
from .store import Store, StoryRow

SCHEMA = "storyfold/fold"
SCHEMA_VERSION = "1.1"
STORIES_SCHEMA = "storyfold/stories"
STORIES_SCHEMA_VERSION = "1.0"


def document_json(
    doc: Document, articles: Sequence[Article], inputs: Sequence[str] | None = None
) -> dict[str, Any]:
    """One document in the JSON schema; ``inputs`` are the names of the fold's inputs that
    gave it (its own, and those of inputs with the same bytes)."""
    return {
        "id": doc.id,
        "path": doc.path,
        "url": doc.url,
        "title": doc.title,
        "site": doc.site,
        "author": doc.author,
        "published": doc.published,
        "language": articles[0].language if articles else None,
        "kind": doc.kind,
        "text_from": doc.text_from,
        "content_hash": doc.content_hash,
        "inputs": list(inputs) if inputs is not None else [],
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
        "language": art.language,
        "story": story_id,
        "text": art.text,
        "dropped": [{"line": d.line, "reason": d.reason} for d in art.dropped],
    }


def result_json(
    store: Store,
    document_ids: Sequence[str] | None = None,
    report: dict[str, Any] | None = None,
    inputs: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The fold result for some documents (all when None) as a JSON-ready dict.

    Stories are those holding any of the documents' articles, listed with all
    their members (most covered first); copies are those touching the
    documents' articles. Only those records are read (indexed lookups by id),
    and each story's account is the stored one (see :mod:`storyfold.accounts`).
    """
    from .accounts import stored_account

    docs = store.documents() if document_ids is None else store.documents_by_id(document_ids)
    arts = store.articles_of_documents([d.id for d in docs])
    art_ids = [a.id for a in arts]
    story_of = store.stories_of(art_ids)
    stories = [store.story(r.id) for r in store.story_rows(list(story_of.values()))]
    by_doc: dict[str, list[Article]] = {}
    for a in arts:
        by_doc.setdefault(a.document_id, []).append(a)
    copies = sorted(store.copies(art_ids), key=lambda r: (r.a, r.b))
    stories_out = []
    for s in stories:
        one: dict[str, Any] = {
            "id": s.id,
            "title": s.title,
            "articles": s.article_ids,
            "sources": story_sources(store, s.id),
        }
        account = stored_account(store, s)
        if account is not None:
            one["account"] = account
        stories_out.append(one)
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "documents": [
            document_json(d, by_doc.get(d.id, []), (inputs or {}).get(d.id)) for d in docs
        ],
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
        "stories": stories_out,
    }
    if report is not None:
        out["report"] = report
    return out


def story_sources(store: Store, story_id: str, limit: int | None = None) -> list[str]:
    """Distinct source names of a story's members in joining order (the first ``limit``).

    Reads the members' sites and their documents' names only, and stops once
    ``limit`` sources are found.
    """
    out: list[str] = []
    for site, doc_site, path, url, doc_id in store.member_sources(story_id):
        name = source_name(site, doc_site, path, url, doc_id)
        if name and name not in out:
            out.append(name)
            if limit is not None and len(out) >= limit:
                break
    return out


def stories_page_json(
    store: Store, rows: Sequence[StoryRow], sources_shown: int
) -> list[dict[str, Any]]:
    """Rows of a story list (``storyfold stories``) in the ``storyfold/stories`` schema."""
    out = []
    for r in rows:
        sources = story_sources(store, r.id, sources_shown + 1)
        out.append(
            {
                "id": r.id,
                "title": r.title,
                "n_articles": r.n_articles,
                "sources": sources[:sources_shown],
                "more_sources": len(sources) > sources_shown,
                "created": r.created,
                "updated": r.updated,
            }
        )
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
    """A function naming an article by its source (site, else file name); a teaser (an
    article after a page's first) is named ``teaser on PAGE``, never as the page's article."""
    names = {}
    for a in arts:
        name = (sources_of([a], documents) or [a.id])[0]
        names[a.id] = f"teaser on {name}" if a.position > 0 else name
    return lambda article_id: names.get(article_id, article_id)


def sources_of(arts: Sequence[Article], documents: dict[str, Document]) -> list[str]:
    """Distinct source names of articles: site, else URL host, else file name."""
    out: list[str] = []
    for a in arts:
        d = documents.get(a.document_id)
        name = a.site if d is None else source_name(a.site, d.site, d.path, d.url, d.id)
        if name and name not in out:
            out.append(name)
    return out


def source_name(
    site: str | None, doc_site: str | None, path: str | None, url: str | None, doc_id: str | None
) -> str | None:
    """An article's source: its site, else its document's site, URL host or file name."""
    return site or doc_site or (path or url or doc_id or "").rsplit("/", 1)[-1] or None
