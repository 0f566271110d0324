"""Turn what a user types (article id, document id, path, URL, story id) into stored ids.

An article id is ``DOCUMENT#POSITION``; a document id, a document's path or
its URL mean the document's main article (``#0``). A story id retired by a
merge is followed to the story that continues it.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import NotFoundError, UsageError
from ..store import Store

LIST_HINT = "`storyfold stories` lists stories and `storyfold show STORY --articles` their articles"


def resolve_article(store: Store, ref: str) -> str:
    """The article id ``ref`` names: itself, or the main article of a document id, path or URL.

    Raises :class:`NotFoundError` naming ``ref`` when nothing matches, and
    :class:`UsageError` when a path names several documents (a JSONL file).
    Every lookup is one indexed query (a path typed another way is found by its
    file name, then compared resolved).
    """
    if store.has_article(ref):
        return ref
    docs = store.documents_with("id", ref) or store.documents_with("url", ref)
    if not docs:
        docs = _documents_at(store, ref)
    if len(docs) > 1:
        raise UsageError(
            f"{ref!r} holds {len(docs)} documents (e.g. {docs[0]!r}); name one by its "
            f"article id ({LIST_HINT})"
        )
    if docs:
        main = store.main_article(docs[0])
        if main:
            return main
    raise NotFoundError(f"no article or document {ref!r} in {store.path}; {LIST_HINT}")


def _documents_at(store: Store, ref: str) -> list[str]:
    """Documents read from the file ``ref`` (as typed, or the same file by another path)."""
    rows = store.documents_with("path", ref)
    if rows:
        return rows
    try:
        target = Path(ref).resolve()
    except OSError:
        return []
    out = []
    for doc_id, path in store.documents_named(Path(ref).name):
        try:
            if Path(path).resolve() == target:
                out.append(doc_id)
        except OSError:
            continue
    return out


def resolve_story(store: Store, ref: str) -> str:
    """The live story id ``ref`` names (a merged-away id is followed to its survivor)."""
    seen = set()
    sid = ref
    while sid not in seen:
        seen.add(sid)
        if store.has_story(sid):
            return sid
        nxt = store.merged_into(sid)
        if nxt is None:
            break
        sid = nxt
    raise NotFoundError(f"no story {ref!r} in {store.path}; `storyfold stories` lists them")
