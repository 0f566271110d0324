"""What each page of ``storyfold serve`` shows, as plain data: the JSON twin of every page.

Each function reads only what its page needs from the store (one page of stories, one
story, one article) and returns a dict that the HTML template renders and that
``/….json`` returns as it is. Accounts come from :func:`storyfold.accounts.stored_account`:
built once per member set and kept in the store.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..account.lineage import count_families
from ..accounts import MARKERS, stored_account
from ..errors import UsageError
from ..output import article_json, source_namer, stories_page_json
from ..review.refs import resolve_article, resolve_story
from ..store import Store
from ..text import split_sentences

SCHEMA_VERSION = "1.0"
PER_PAGE = 25
MAX_PER_PAGE = 200
STATUS_TEXT = {"shared": "all sources", "partial": "some sources", "unique": "one source"}


def _day(ordinal: int | None) -> str | None:
    return date.fromordinal(ordinal).isoformat() if ordinal else None


def _page_number(value: str | None, name: str = "page") -> int:
    if value in (None, ""):
        return 1
    try:
        n = int(value)
    except ValueError:
        raise UsageError(f"{name}={value!r}: expected a whole number from 1") from None
    if n < 1:
        raise UsageError(f"{name}={value!r}: expected a whole number from 1")
    return n


@dataclass(slots=True)
class FilterChoices:
    """The sites and languages a store's list can be filtered by (reading them scans every
    article, so the server keeps them and refreshes them now and then)."""

    sites: list[str]
    languages: list[str]

    @classmethod
    def of(cls, store: Store) -> FilterChoices:
        """Read them from the store."""
        return cls(store.sites(), store.languages())


def story_list(
    store: Store, query: dict[str, str], choices: FilterChoices | None = None
) -> dict[str, Any]:
    """One page of stories, most covered and newest first, with the filters applied
    (``q`` in the title, ``site``, ``language``, ``since`` / ``until`` dates, ``page``);
    ``choices`` are the filters' options when known (else read from the store)."""
    choices = choices or FilterChoices.of(store)
    page = _page_number(query.get("page"))
    per_page = min(
        _page_number(query.get("per_page"), "per_page") if query.get("per_page") else PER_PAGE,
        MAX_PER_PAGE,
    )
    filters = {
        k: (query.get(k) or "").strip() or None for k in ("q", "site", "language", "since", "until")
    }
    for k in ("since", "until"):
        v = filters[k]
        if v is not None:
            try:
                date.fromisoformat(v[:10])
            except ValueError:
                raise UsageError(f"{k}={v!r}: expected a date as YYYY-MM-DD") from None
    rows = store.story_search(
        per_page + 1,
        (page - 1) * per_page,
        text=filters["q"],
        site=filters["site"],
        language=filters["language"],
        since=filters["since"],
        until=filters["until"],
    )
    more = len(rows) > per_page
    rows = rows[:per_page]
    listed = stories_page_json(store, rows, 6)
    days = store.story_days([r.id for r in rows])
    for item in listed:
        indep = 1
        if item["n_articles"] >= 2:  # the account's count, from the relations alone
            ids = store.story(item["id"]).article_ids
            indep = count_families(ids, store.copies(ids))
        first, last = days.get(item["id"], (None, None))
        item.update(independent_sources=indep, first_day=_day(first), last_day=_day(last))
    return {
        "schema": "storyfold/web-stories",
        "schema_version": SCHEMA_VERSION,
        "filters": filters,
        "page": page,
        "per_page": per_page,
        "next_page": page + 1 if more else None,
        "previous_page": page - 1 if page > 1 else None,
        "stories": listed,
        "sites": choices.sites,
        "languages": choices.languages,
    }


def story_page(store: Store, ref: str) -> dict[str, Any]:
    """One story: its account (claims, variants, lineage, summary), its articles in time
    order, and what the page needs to link each of them."""
    sid = resolve_story(store, ref)
    story = store.story(sid)
    arts = store.articles(story.article_ids)
    docs = {d.id: d for d in store.documents_by_id([a.document_id for a in arts])}
    name = source_namer(arts, docs)
    account = stored_account(store, story)
    articles = []
    for a in arts:
        d = docs.get(a.document_id)
        articles.append(
            {
                "id": a.id,
                "source": name(a.id),
                "title": a.title,
                "published": a.published or (d.published if d else None),
                "url": d.url if d else None,
                "teaser": a.position > 0,
                "words": len(a.text.split()),
            }
        )
    articles.sort(key=lambda x: (x["published"] or "9999", x["id"]))
    for v in (account or {}).get("variants", []):
        _mark_sides(v)
    names = {a["id"]: a["source"] for a in articles}
    return {
        "graph": lineage_graph(account, names) if account else None,
        "schema": "storyfold/web-story",
        "schema_version": SCHEMA_VERSION,
        "id": sid,
        "title": story.title,
        "articles": articles,
        "account": account,
        "names": names,
        "markers": MARKERS,
        "status_text": STATUS_TEXT,
    }


NODE_W, NODE_H, COL_GAP, ROW_GAP = 230, 26, 70, 12
"""The lineage drawing's box size and spacing, in pixels."""


def lineage_graph(account: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The lineage as a drawing: one row of boxes per family, each article placed in the
    column of its distance from the family's original (copies of copies further right),
    and an arrow from each source to what was copied or rewritten from it."""
    derived_from: dict[str, list[str]] = {}
    for e in account["lineage"]:
        derived_from.setdefault(e["source"], []).append(e["derived"])
    nodes: dict[str, dict[str, Any]] = {}
    row = 0
    for fam in account["families"]:
        # each article one column right of everything it derives from (the longest path
        # from the original), so every arrow points right
        members = set(fam["articles"])
        depth = dict.fromkeys(fam["articles"], 0)
        for _ in range(len(members)):
            moved = False
            for x in fam["articles"]:
                for y in derived_from.get(x, []):
                    if y in members and y != fam["original"] and depth[y] < depth[x] + 1:
                        depth[y] = depth[x] + 1
                        moved = True
            if not moved:
                break
        for a in fam["articles"]:
            if a != fam["original"] and depth[a] == 0:
                depth[a] = 1
        per_col: dict[int, int] = {}
        top = row
        for a in sorted(fam["articles"], key=lambda a: (depth[a], names.get(a, a))):
            col = depth[a]
            r = top + per_col.get(col, 0)
            per_col[col] = per_col.get(col, 0) + 1
            row = max(row, r + 1)
            label = names.get(a, a)
            nodes[a] = {
                "id": a,
                "label": label if len(label) <= 30 else label[:29] + "…",
                "title": label,
                "x": 4 + col * (NODE_W + COL_GAP),
                "y": 4 + r * (NODE_H + ROW_GAP),
                "original": a == fam["original"],
            }
    edges = []
    for e in account["lineage"]:
        s, d = nodes.get(e["source"]), nodes.get(e["derived"])
        if s is None or d is None:
            continue
        edges.append(
            {
                "x1": s["x"] + NODE_W,
                "y1": s["y"] + NODE_H // 2,
                "x2": d["x"] - 4,
                "y2": d["y"] + NODE_H // 2,
                "relation": e["relation"],
            }
        )
    width = max((n["x"] for n in nodes.values()), default=0) + NODE_W + 8
    height = max((n["y"] for n in nodes.values()), default=0) + NODE_H + 8
    return {
        "nodes": list(nodes.values()),
        "edges": edges,
        "width": width,
        "height": height,
        "node_w": NODE_W,
        "node_h": NODE_H,
    }


def _mark_sides(variant: dict[str, Any]) -> None:
    """Give each side of a long variant (a quote, a phrase) ``runs``: its words with those
    the first other side does not have marked, so a changed word stands out in a quote."""
    sides = variant["sides"]
    if len(sides) < 2 or max(len(s["value"].split()) for s in sides) <= 3:
        return
    for n, side in enumerate(sides):
        other = sides[1 if n == 0 else 0]["value"].split()
        side["runs"] = _marked(side["value"].split(), other)


def _marked(words: list[str], other: list[str]) -> list[dict[str, Any]]:
    """``words`` as runs, each marked when the other version does not have it."""

    def key(w: str) -> str:
        return w.strip(".,;:!?\"'“”‘’()").lower()

    sm = difflib.SequenceMatcher(
        None, [key(w) for w in words], [key(w) for w in other], autojunk=False
    )
    runs = []
    for op, i1, i2, _, _ in sm.get_opcodes():
        if i1 < i2:
            runs.append({"text": " ".join(words[i1:i2]), "differs": op != "equal"})
    return runs


def compare_page(store: Store, ref: str, article_refs: list[str]) -> dict[str, Any]:
    """Two or more sources of a story side by side: one row per claim any of them states,
    each cell the article's sentence with the words the first column does not have marked."""
    data = story_page(store, ref)
    members = {a["id"] for a in data["articles"]}
    chosen = list(dict.fromkeys(resolve_article(store, r) for r in article_refs if r))
    if len(chosen) < 2:
        chosen = [a["id"] for a in data["articles"][:2]]
    for aid in chosen:
        if aid not in members:
            raise UsageError(f"{aid} is not an article of story {data['id']}")
    if len(chosen) < 2:
        raise UsageError(f"story {data['id']} has one article: nothing to compare")
    rows = []
    for claim in (data["account"] or {}).get("claims", []):
        said = {s["article"]: s["text"] for s in claim["sentences"]}
        if not any(a in said for a in chosen):
            continue
        base = next((said[a] for a in chosen if a in said), "")
        cells: list[list[dict[str, Any]] | None] = []
        for a in chosen:
            text = said.get(a)
            if text is None:
                cells.append(None)
                continue
            cells.append(
                _marked(text.split(), base.split())
                if text != base
                else [{"text": text, "differs": False}]
            )
        rows.append({"claim": claim["id"], "status": claim["status"], "cells": cells})
    return {
        "schema": "storyfold/web-compare",
        "schema_version": SCHEMA_VERSION,
        "id": data["id"],
        "title": data["title"],
        "columns": [{"id": a, "source": data["names"].get(a, a)} for a in chosen],
        "rows": rows,
        "articles": data["articles"],
        "markers": MARKERS,
    }


def article_page(store: Store, ref: str) -> dict[str, Any]:
    """One article: its cleaned text by paragraph, the boilerplate dropped with reasons,
    its story and the address of the original."""
    aid = resolve_article(store, ref)
    (art,) = store.articles([aid])
    (doc,) = store.documents_by_id([art.document_id])
    sid = store.stories_of([aid]).get(aid)
    data = article_json(art, sid)
    data.update(
        story_title=store.story(sid).title if sid else None,
        schema="storyfold/web-article",
        schema_version=SCHEMA_VERSION,
        source=source_namer([art], {doc.id: doc})(aid),
        url=doc.url,
        path=doc.path,
        paragraphs=[p for p in art.text.split("\n") if p.strip()],
        sentences=len(split_sentences(art.text)),
        dropped=[{"line": d.line, "reason": d.reason} for d in art.dropped],
    )
    return data


def copies_page(store: Store, query: dict[str, str]) -> dict[str, Any]:
    """One page of the copy relations, strongest first, with each side's source."""
    page = _page_number(query.get("page"))
    rels = store.copy_page(PER_PAGE + 1, (page - 1) * PER_PAGE)
    more = len(rels) > PER_PAGE
    rels = rels[:PER_PAGE]
    ids = list(dict.fromkeys(x for r in rels for x in (r.a, r.b)))
    arts = store.articles(ids)
    docs = {d.id: d for d in store.documents_by_id([a.document_id for a in arts])}
    name = source_namer(arts, docs)
    story_of = store.stories_of(ids)
    return {
        "schema": "storyfold/web-copies",
        "schema_version": SCHEMA_VERSION,
        "page": page,
        "next_page": page + 1 if more else None,
        "previous_page": page - 1 if page > 1 else None,
        "copies": [
            {
                "a": r.a,
                "b": r.b,
                "a_source": name(r.a),
                "b_source": name(r.b),
                "relation": r.relation,
                "similarity": round(r.similarity, 3),
                "containment": round(r.containment, 3),
                "story": story_of.get(r.a),
            }
            for r in rels
        ],
    }


def why_page(store: Store, a: str | None, b: str | None) -> dict[str, Any]:
    """Why two articles share a story or not (``storyfold why``)."""
    from ..review.explain import explain_pair

    if not a or not b:
        raise UsageError("name two articles: /why?a=ARTICLE&b=ARTICLE")
    return explain_pair(store, a, b).as_dict()  # an unknown article: NotFoundError
