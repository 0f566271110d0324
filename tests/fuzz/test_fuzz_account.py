"""Fuzz target: the account (``storyfold.account.consolidate``) of fictional articles.

Articles are built from fuzzed text, related by the copy finder and by fuzzed relations
between them. Consolidating never raises; the account names only its articles, every
family member is one of them, and its JSON renders (no NaN) and reads back the same.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from storyfold.account import consolidate
from storyfold.account.render import account_json
from storyfold.copies import find_copies
from storyfold.model import RELATIONS, Article, CopyRelation

from .profile import fuzz_costly, hostile_text, news_text

dates = st.one_of(
    st.none(),
    st.sampled_from(["2025-03-04", "2025-02-30", "1999-12-31T23:59:59Z", "yesterday", "", "0000"]),
    hostile_text(max_tokens=3),
)


@st.composite
def story(draw: st.DrawFn) -> tuple[list[Article], list[CopyRelation]]:
    """Two to five articles, some copies of others, with found and fuzzed relations."""
    texts = draw(st.lists(news_text(), min_size=2, max_size=5))
    for n in range(len(texts)):
        if n and draw(st.booleans()):
            texts[n] = texts[draw(st.integers(0, n - 1))] + "\n" + draw(news_text())
    arts = [
        Article(f"d{n}#0", f"d{n}", 0, t, title=draw(st.one_of(st.none(), hostile_text(6))),
                published=draw(dates), site=f"site{n % 3}")
        for n, t in enumerate(texts)
    ]  # fmt: skip
    rels = list(find_copies([(a.id, a.text) for a in arts]))
    ids = [a.id for a in arts]
    for _ in range(draw(st.integers(0, 3))):
        a, b = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        score = draw(st.floats(0.0, 1.0))
        rels.append(CopyRelation(a, b, draw(st.sampled_from(RELATIONS)), score, score))
    return arts, rels


@fuzz_costly(quick_examples=15)
@given(story())
def test_consolidate_never_raises_and_its_json_renders(
    case: tuple[list[Article], list[CopyRelation]],
) -> None:
    arts, rels = case
    acc = consolidate(arts, rels)
    ids = {a.id for a in arts}
    assert acc.articles == [a.id for a in arts]
    assert {m for members in acc.lineage.families.values() for m in members} <= ids
    assert set(acc.lineage.originals) <= ids
    for c in acc.claims:
        assert {s.article for s in c.sentences} <= ids
    out = account_json(acc, lambda a: f"source of {a}")
    text = json.dumps(out, allow_nan=False, ensure_ascii=False)
    text.encode("utf-8")
    assert json.loads(text) == json.loads(json.dumps(out, allow_nan=False))
