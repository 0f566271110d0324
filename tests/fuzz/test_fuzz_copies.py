"""Fuzz target: the copy finder (``storyfold.copies.find_copies`` / ``CopyFinder``).

Relations name two different given ids once per pair, with scores in 0..1 and ``a < b``
for exact and near copies; classifying a pair either way round gives the same relation;
the batch finder gives what the plain index gives; an exact duplicate is always found.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyfold.copies import MemoryCopyIndex, classify, copy_groups, find_copies, fingerprint
from storyfold.copies.config import CopyConfig
from storyfold.copies.text import normalize_text
from storyfold.model import CONTAINED, EXACT, NEAR, RELATIONS

from .profile import fuzz_costly, hostile_text, news_text

texts = st.lists(st.one_of(news_text(), hostile_text()), max_size=8)


@st.composite
def corpus(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Texts with some copies among them: whole, cut, or with a line added."""
    base = draw(texts)
    out = list(base)
    for _ in range(draw(st.integers(0, 4))):
        if not base:
            break
        src = draw(st.sampled_from(base))
        how = draw(st.sampled_from(["same", "cut", "added"]))
        if how == "cut":
            src = src[: draw(st.integers(0, len(src)))]
        elif how == "added":
            src = src + "\n" + draw(hostile_text(max_tokens=8))
        out.insert(draw(st.integers(0, len(out))), src)
    return [(f"t{i}", t) for i, t in enumerate(out)]


@fuzz_costly(quick_examples=25)
@given(corpus())
def test_copy_relations_are_consistent_and_exact_copies_found(items: list[tuple[str, str]]) -> None:
    cfg = CopyConfig()
    rels = list(find_copies(items, cfg))
    ids = [i for i, _ in items]
    pairs = [frozenset((r.a, r.b)) for r in rels]
    assert len(pairs) == len(set(pairs))
    fps = {i: fingerprint(t, cfg) for i, t in items}
    for r in rels:
        assert r.a in ids and r.b in ids and r.a != r.b
        assert r.relation in RELATIONS
        assert 0.0 <= r.similarity <= 1.0 and 0.0 <= r.containment <= 1.0
        if r.relation in (EXACT, NEAR):
            assert r.a < r.b
        if r.relation == CONTAINED:
            assert fps[r.a].shingles.size <= fps[r.b].shingles.size
        assert classify(r.a, fps[r.a], r.b, fps[r.b], cfg) == r
        assert classify(r.b, fps[r.b], r.a, fps[r.a], cfg) == r
    plain = list(find_copies(items, cfg, index=MemoryCopyIndex()))
    assert sorted(map(repr, plain)) == sorted(map(repr, rels))
    # every two texts of the same normalised form with words end in one copy group
    groups = copy_groups(rels)
    group_of = {m: n for n, g in enumerate(groups) for m in g}
    seen: dict[str, str] = {}
    for i, t in items:
        if fps[i].n_tokens == 0:
            continue
        key = normalize_text(t)
        if key in seen:
            assert seen[key] in group_of and group_of.get(i) == group_of[seen[key]], (seen[key], i)
        else:
            seen[key] = i
