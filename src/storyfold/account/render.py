"""The account as JSON, as Markdown and as coloured terminal text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import Account
from .variants import Variant

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


def account_markdown(acc: Account, title: str, name: Namer) -> str:
    """The account as a Markdown document (see :func:`storyfold.accounts.markdown_of`)."""
    from ..accounts import markdown_of

    return markdown_of(account_json(acc, name), title)


def print_account(acc: Account, title: str, name: Namer) -> None:
    """Print the account to the terminal (see :func:`storyfold.accounts.print_account_json`)."""
    from ..accounts import print_account_json

    print_account_json(account_json(acc, name), title)
