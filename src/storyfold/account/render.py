"""The account as JSON, as Markdown and as coloured terminal text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import Account
from .claims import PARTIAL, SHARED, UNIQUE, ClaimGroup, ClaimSentence
from .lineage import Lineage, LineageEdge
from .summary import SummaryItem
from .variants import Variant, VariantSide

Namer = Callable[[str], str]


def _side_json(side: Any, name: Namer) -> dict[str, Any]:
    out: dict[str, Any] = {
        "value": side.value,
        "articles": side.articles,
        "sources": [name(a) for a in side.articles],
    }
    if side.attribution:
        out["attribution"] = side.attribution
    if side.resolved:
        out["date"] = side.resolved
    if side.forms:
        out["other_spellings"] = side.forms
    return out


def variant_json(v: Variant, name: Namer) -> dict[str, Any]:
    """One variant in the JSON schema."""
    out: dict[str, Any] = {
        "kind": v.kind,
        "claim": v.claim,
        "about": v.about,
        "same_fact": v.same_fact,
        "sides": [_side_json(s, name) for s in v.sides],
    }
    if v.changes:
        out["changes"] = [{"from": a, "to": b} for a, b in v.changes]
    return out


def account_json(acc: Account, name: Namer) -> dict[str, Any]:
    """The account in the JSON schema (see docs/json-schema.md, "Account")."""
    lin = acc.lineage
    return {
        "independent_sources": acc.independent_sources,
        "families": [
            {
                "id": fid,
                "articles": arts,
                "sources": [name(a) for a in arts],
                "original": next((o for o in lin.originals if o in arts), arts[0]),
            }
            for fid, arts in lin.families.items()
        ],
        "lineage": [
            {"source": e.source, "derived": e.derived, "relation": e.relation, "reason": e.reason}
            for e in lin.edges
        ],
        "originals": lin.originals,
        "dates": acc.anchors,
        "claims": [
            {
                "id": c.id,
                "status": c.status,
                "independent_sources": c.independent_sources,
                "articles": c.articles,
                "sources": [name(a) for a in c.articles],
                "sentences": [
                    {"article": s.article, "index": s.index, "text": s.text} for s in c.sentences
                ],
            }
            for c in acc.claims
        ],
        "variants": [variant_json(v, name) for v in acc.variants],
        "summary": [
            {
                "text": i.text,
                "claim": i.claim,
                "articles": list(i.articles),
                "sources": [name(a) for a in i.articles],
                "independent_sources": i.independent_sources,
            }
            for i in acc.summary
        ],
        "only_one_source": [
            {
                "text": i.text,
                "claim": i.claim,
                "articles": list(i.articles),
                "sources": [name(a) for a in i.articles],
            }
            for i in acc.unique
        ],
    }


def _variant_line(v: Variant, name: Namer) -> str:
    sides = " vs ".join(
        f"\u201c{s.value}\u201d ({', '.join(name(a) for a in s.articles)}"
        + (f"; {s.attribution}" if s.attribution else "")
        + (f"; = {s.resolved}" if s.resolved else "")
        + ")"
        for s in v.sides
    )
    tag = "same fact" if v.same_fact else v.kind
    changes = ""
    if v.changes:
        changes = " — changed: " + ", ".join(f"{a!r} → {b!r}" for a, b in v.changes)
    return f"[{tag}] {v.about}: {sides}{changes}"


def account_markdown(acc: Account, title: str, name: Namer) -> str:
    """The account as a Markdown document."""
    lines = [f"# {title}", ""]
    fams = acc.lineage.families
    lines.append(
        f"{len(acc.articles)} articles from {acc.independent_sources} independent "
        f"source{'s' if acc.independent_sources != 1 else ''}:"
    )
    for arts in fams.values():
        orig = next((o for o in acc.lineage.originals if o in arts), arts[0])
        others = [name(a) for a in arts if a != orig]
        tail = f" (also carried by {', '.join(others)})" if others else ""
        lines.append(f"- {name(orig)}{tail}")
    lines += ["", "## Summary", ""]
    for item in acc.summary:
        src = ", ".join(dict.fromkeys(name(a) for a in item.articles))
        lines.append(f"- {item.text} — *{src}; {item.independent_sources} independent*")
    if acc.unique:
        lines += ["", "## Only one source reports", ""]
        for item in acc.unique:
            lines.append(f"- {item.text} — *{', '.join(name(a) for a in item.articles)}*")
    if acc.variants:
        lines += ["", "## Where the sources differ", ""]
        lines += [f"- {_variant_line(v, name)}" for v in acc.variants]
    if acc.lineage.edges:
        lines += ["", "## Lineage", ""]
        for e in acc.lineage.edges:
            lines.append(f"- {name(e.derived)} ← {name(e.source)}: {e.relation} ({e.reason})")
    return "\n".join(lines) + "\n"


STATUS_STYLE = {SHARED: "green", PARTIAL: "yellow", UNIQUE: "magenta"}


def print_account(acc: Account, title: str, name: Namer) -> None:
    """Print the account to the terminal: claims coloured by status, variants marked."""
    from rich.console import Console
    from rich.text import Text

    con = Console()
    con.print(Text(title, style="bold"))
    con.print(
        f"{len(acc.articles)} articles · {acc.independent_sources} independent sources · "
        "[green]shared by all[/] · [yellow]partial[/] · [magenta]one source[/]"
    )
    for fid, arts in acc.lineage.families.items():
        orig = next((o for o in acc.lineage.originals if o in arts), arts[0])
        rest = [name(a) for a in arts if a != orig]
        con.print(f"  {fid}: [bold]{name(orig)}[/]" + (f" ← {', '.join(rest)}" if rest else ""))
    by_claim: dict[str | None, list[Variant]] = {}
    for v in acc.variants:
        by_claim.setdefault(v.claim, []).append(v)
    con.print()
    for c in acc.claims:
        text = next(
            (s.text for s in c.sentences if s.article in acc.lineage.originals), c.sentences[0].text
        )
        srcs = ", ".join(dict.fromkeys(name(a) for a in c.articles))
        con.print(Text(f"● {text}", style=STATUS_STYLE.get(c.status, "")), end=" ")
        con.print(Text(f"[{c.independent_sources} indep.: {srcs}]", style="dim"))
        for v in by_claim.get(c.id, []):
            con.print(Text(f"    ≠ {_variant_line(v, name)}", style="cyan"))
    story_wide = by_claim.get(None, [])
    if story_wide:
        con.print(Text("\nAcross the story", style="bold"))
        for v in story_wide:
            con.print(Text(f"  ≠ {_variant_line(v, name)}", style="cyan"))


def account_from_json(data: dict[str, Any]) -> tuple[Account, Namer]:
    """An account back from its JSON (:func:`account_json`), with the namer it was written with.

    Lets a stored account be printed as Markdown or terminal text without
    reading the story's articles again.
    """
    names: dict[str, str] = {}

    def named(articles: list[str], sources: list[str]) -> list[str]:
        names.update(zip(articles, sources, strict=False))
        return list(articles)

    families = {f["id"]: named(f["articles"], f["sources"]) for f in data["families"]}
    family_of = {a: fid for fid, arts in families.items() for a in arts}
    lineage = Lineage(
        families=families,
        family_of=family_of,
        edges=[
            LineageEdge(e["source"], e["derived"], e["relation"], e["reason"])
            for e in data["lineage"]
        ],
        originals=list(data["originals"]),
    )
    claims = [
        ClaimGroup(
            id=c["id"],
            sentences=[ClaimSentence(s["article"], s["index"], s["text"]) for s in c["sentences"]],
            articles=named(c["articles"], c["sources"]),
            families=list(dict.fromkeys(family_of.get(a, a) for a in c["articles"])),
            status=c["status"],
        )
        for c in data["claims"]
    ]
    variants = [_variant_from_json(v, named) for v in data["variants"]]
    summary = [
        SummaryItem(
            i["text"],
            i["claim"],
            tuple(named(i["articles"], i["sources"])),
            i["independent_sources"],
        )
        for i in data["summary"]
    ]
    unique = [
        SummaryItem(i["text"], i["claim"], tuple(named(i["articles"], i["sources"])), 1)
        for i in data["only_one_source"]
    ]
    acc = Account(
        articles=list(data["dates"]),
        lineage=lineage,
        claims=claims,
        variants=variants,
        summary=summary,
        unique=unique,
        anchors=dict(data["dates"]),
    )
    return acc, lambda article_id: names.get(article_id, article_id)


def _variant_from_json(v: dict[str, Any], named: Callable[..., list[str]]) -> Variant:
    sides = [
        VariantSide(
            s["value"],
            named(s["articles"], s["sources"]),
            s.get("attribution"),
            s.get("date"),
            list(s.get("other_spellings", [])),
        )
        for s in v["sides"]
    ]
    return Variant(
        v["kind"],
        v["claim"],
        v["about"],
        sides,
        v["same_fact"],
        [(c["from"], c["to"]) for c in v.get("changes", [])],
    )
