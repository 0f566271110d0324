"""Fuzz target: ``align_sentences`` (``storyfold.align``).

Pairs are one to one, in range, ordered by the left index, scored in 0..1 at or above the
threshold, with a known relation; a sentence list aligned with itself pairs no sentence
with a different one of the same words wrongly (``same`` only for equal stems).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyfold.align import PARAPHRASE, PARTIAL, SAME, align_sentences, default_model, prepare

from .profile import fuzz, hostile_text, sentence

sentences = st.lists(st.one_of(sentence(), hostile_text(max_tokens=10)), max_size=8)


@fuzz
@given(sentences, sentences, st.one_of(st.none(), st.floats(0.0, 1.0)))
def test_aligned_pairs_are_one_to_one_and_in_range(
    left: list[str], right: list[str], threshold: float | None
) -> None:
    pairs = align_sentences(left, right, threshold=threshold)
    cut = default_model().threshold if threshold is None else threshold
    assert len({p.left for p in pairs}) == len(pairs) == len({p.right for p in pairs})
    assert [p.left for p in pairs] == sorted(p.left for p in pairs)
    for p in pairs:
        assert 0 <= p.left < len(left) and 0 <= p.right < len(right)
        assert 0.0 <= p.score <= 1.0 and p.score >= round(cut, 4) - 1e-4
        assert p.relation in (SAME, PARAPHRASE, PARTIAL)
        if p.relation == SAME:
            assert prepare(left[p.left]).stems == prepare(right[p.right]).stems
