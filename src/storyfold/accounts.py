"""Stored accounts: each story's account is built once and kept until its members change.

An account is keyed by its story's member set (and :data:`ACCOUNT_FORMAT`), so
a new member, a merge or a split makes the stored one stale and the next read
(``show``, ``fold --json``) builds it again; any other read takes it as stored.
Copy and rewrite relations are only ever added together with a new article,
so the member set decides what the account says.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import xxhash

from .display import md_escape, safe
from .model import Story
from .output import source_namer
from .store import Store
from .text import counted

ACCOUNT_FORMAT = 4
"""Raise when :func:`storyfold.account.consolidate` or its JSON change what they give."""


def members_key(article_ids: Sequence[str]) -> str:
    """The key of a member set (order-free) under the current account format."""
    text = "\n".join([str(ACCOUNT_FORMAT), *sorted(article_ids)])
    return xxhash.xxh3_128_hexdigest(text.encode("utf-8"))


def stored_account(store: Store, story: Story) -> dict[str, Any] | None:
    """The account of a story of two or more articles as JSON (None for one article).

    Read from the store when it was built for the story's current members;
    otherwise built from the members and their copy relations, and stored.
    """
    if len(story.article_ids) < 2:
        return None
    key = members_key(story.article_ids)
    kept = store.story_account(story.id)
    if kept is not None and kept[0] == key:
        return json.loads(kept[1])
    data = build_account(store, story)
    if data is not None:
        store.save_story_account(story.id, key, json.dumps(data, ensure_ascii=False))
    return data


def build_account(store: Store, story: Story) -> dict[str, Any] | None:
    """Build a story's account as JSON from its stored members (None under two articles)."""
    from .account import consolidate
    from .account.render import account_json

    arts = store.articles(story.article_ids)
    if len(arts) < 2:
        return None
    docs = {d.id: d for d in store.documents_by_id([a.document_id for a in arts])}
    acc = consolidate(arts, store.copies(story.article_ids))
    return account_json(acc, source_namer(arts, docs))


# ---- printing an account from its JSON ------------------------------------------
# The one renderer of accounts: a stored account prints without rebuilding it and
# without importing the account builder (see storyfold.account.render for Account).

SHARED, PARTIAL, UNIQUE = "shared", "partial", "unique"  # the statuses of account.claims
STATUS_STYLE = {SHARED: "green", PARTIAL: "yellow", UNIQUE: "magenta"}


def _namer(data: dict[str, Any]) -> Callable[[str], str]:
    """Article id -> source name, as the account JSON gives them (every member is in a family)."""
    names: dict[str, str] = {}
    for fam in data["families"]:
        names.update(zip(fam["articles"], fam["sources"], strict=False))
    return lambda article_id: names.get(article_id, article_id)


def _variant_line(v: dict[str, Any], name: Callable[[str], str]) -> str:
    sides = " vs ".join(
        f"\u201c{s['value']}\u201d ({', '.join(name(a) for a in s['articles'])}"
        + (f"; {s['attribution']}" if s.get("attribution") else "")
        + (f"; = {s['date']}" if s.get("date") else "")
        + ")"
        for s in v["sides"]
    )
    tag = "same fact" if v["same_fact"] else v["kind"]
    changes = ""
    if v.get("changes"):
        changes = " — changed: " + ", ".join(f"{c['from']!r} → {c['to']!r}" for c in v["changes"])
    return f"[{tag}] {v['about']}: {sides}{changes}"


LINEAGE_LEGEND = "A ← B: A was copied or rewritten from B."
MARKERS = {SHARED: "●", PARTIAL: "◐", UNIQUE: "○"}
"""The text marker of each claim status (readable without colour)."""
MARKER_LEGEND = "● shared by every independent source · ◐ by some · ○ by one"


def _family_lines(data: dict[str, Any], name: Callable[[str], str]) -> list[str]:
    """One line per independent source: its original and who else carried it."""
    out = []
    for fam in data["families"]:
        orig = fam["original"]
        others = [name(a) for a in fam["articles"] if a != orig]
        tail = f" (also carried by {', '.join(others)})" if others else ""
        out.append(f"{name(orig)}{tail}")
    return out


def _lineage_line(e: dict[str, Any], name: Callable[[str], str]) -> str:
    return f"{name(e['derived'])} ← {name(e['source'])}: {e['relation']} ({e['reason']})"


def markdown_of(data: dict[str, Any], title: str) -> str:
    """An account (its JSON) as a Markdown document.

    Every stored string (title, source names, sentences, variants) is escaped by
    :func:`~storyfold.display.md_escape`: HTML, links and images print as text.
    """
    raw_name = _namer(data)

    def name(article_id: str) -> str:
        return md_escape(raw_name(article_id))

    indep = data["independent_sources"]
    lines = [f"# {md_escape(title)}", ""]
    lines.append(f"{len(data['dates'])} articles from {counted(indep, 'independent source')}:")
    lines += [f"- {line}" for line in _family_lines(data, name)]
    lines += ["", "## Summary", ""]
    for item in data["summary"]:
        src = ", ".join(dict.fromkeys(name(a) for a in item["articles"]))
        lines.append(
            f"- {md_escape(item['text'])} — *{src}; {item['independent_sources']} independent*"
        )
    if data["only_one_source"]:
        lines += ["", "## Only one source reports", ""]
        for item in data["only_one_source"]:
            srcs = ", ".join(name(a) for a in item["articles"])
            lines.append(f"- {md_escape(item['text'])} — *{srcs}*")
    if data["variants"]:
        lines += ["", "## Where the sources differ", ""]
        lines += [f"- {md_escape(_variant_line(v, raw_name))}" for v in data["variants"]]
    if data["lineage"]:
        lines += ["", "## Lineage", "", LINEAGE_LEGEND, ""]
        lines += [f"- {md_escape(_lineage_line(e, raw_name))}" for e in data["lineage"]]
    return "\n".join(lines) + "\n"


def print_account_json(data: dict[str, Any], title: str) -> None:
    """Print an account (its JSON) to the terminal, with the sections of the Markdown
    (sources, summary, only one source, where they differ, lineage), then every claim
    with its status marker (colour adds to the marker, never replaces it).

    The whole account is laid out as one rich Text (never markup) and printed once;
    every stored string in it is passed through :func:`~storyfold.display.safe`.
    """
    from rich.console import Console
    from rich.text import Text

    raw_name = _namer(data)

    def name(article_id: str) -> str:
        return safe(raw_name(article_id))

    def heading(text: str) -> None:
        out.append(f"\n{text}\n", style="bold")

    originals = set(data["originals"])
    out = Text()
    out.append(safe(title) + "\n", style="bold")
    indep = data["independent_sources"]
    out.append(f"{len(data['dates'])} articles from {counted(indep, 'independent source')}:\n")
    for line in _family_lines(data, name):
        out.append(f"  - {line}\n")
    heading("Summary")
    for item in data["summary"]:
        src = ", ".join(dict.fromkeys(name(a) for a in item["articles"]))
        out.append(f"  - {safe(item['text'])} ")
        out.append(f"[{src}; {item['independent_sources']} independent]\n", style="dim")
    if data["only_one_source"]:
        heading("Only one source reports")
        for item in data["only_one_source"]:
            src = ", ".join(name(a) for a in item["articles"])
            out.append(f"  - {safe(item['text'])} ")
            out.append(f"[{src}]\n", style="dim")
    if data["variants"]:
        heading("Where the sources differ")
        for v in data["variants"]:
            out.append(f"  ≠ {safe(_variant_line(v, raw_name))}\n", style="cyan")
    if data["lineage"]:
        heading("Lineage")
        out.append(f"  {LINEAGE_LEGEND}\n", style="dim")
        for e in data["lineage"]:
            out.append(f"  - {safe(_lineage_line(e, raw_name))}\n")
    heading("Claims")
    out.append(f"  {MARKER_LEGEND}\n", style="dim")
    for c in data["claims"]:
        sents = c["sentences"]
        text = next((s["text"] for s in sents if s["article"] in originals), sents[0]["text"])
        srcs = ", ".join(dict.fromkeys(name(a) for a in c["articles"]))
        style = STATUS_STYLE.get(c["status"], "")
        out.append(f"{MARKERS.get(c['status'], '●')} {safe(text)}", style=style)
        out.append(" ")
        out.append(f"[{c['independent_sources']} independent: {srcs}]\n", style="dim")
    out.rstrip()
    Console().print(out)
