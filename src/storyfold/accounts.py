"""Stored accounts: each story's account is built once and kept until its members change.

An account is keyed by its story's member set (and :data:`ACCOUNT_FORMAT`), so
a new member, a merge or a split makes the stored one stale and the next read
(``show``, ``fold --json``) builds it again; any other read takes it as stored.
Copy and rewrite relations are only ever added together with a new article,
so the member set decides what the account says.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import xxhash

from .model import Story
from .output import source_namer
from .store import Store

ACCOUNT_FORMAT = 1
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
