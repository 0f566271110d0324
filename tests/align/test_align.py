"""Sentence alignment and rewrite detection on fictional sentences."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyfold.align import PARAPHRASE, SAME, align_sentences, paraphrase_probability, prepare
from storyfold.align.rewrite import is_rewrite, prepared_sentences, sentence_keys

LEFT = [
    "The Brackwater council voted on Tuesday to close the old ferry pier for repairs.",
    "Engineers found that two of the pier's timber piles had rotted through.",
    "The mayor said the pier would reopen before the summer season.",
    "Repairs are expected to cost about 400,000 crowns.",
]
RIGHT = [
    "Repairs should cost roughly 400,000 crowns, officials estimated.",
    "On Tuesday, Brackwater's council decided to shut the ageing ferry pier so it can be repaired.",
    "A bakery on Mill Street won a regional prize for its rye bread.",
    "The mayor said the pier would reopen before the summer season.",
]


def test_aligns_paraphrases_one_to_one():
    pairs = {(p.left, p.right): p for p in align_sentences(LEFT, RIGHT)}
    assert (0, 1) in pairs and pairs[(0, 1)].relation == PARAPHRASE
    assert (2, 3) in pairs and pairs[(2, 3)].relation == SAME
    assert (3, 0) in pairs
    assert not any(r == 2 for _, r in pairs)  # the bakery sentence aligns with nothing
    assert len({r for _, r in pairs}) == len(pairs)  # one to one


def test_unrelated_sentences_do_not_align():
    assert (
        align_sentences(
            ["The harbour wall was repaired after the storm."],
            ["A new library opened in the northern district on Monday."],
        )
        == []
    )


def test_changed_figure_lowers_the_score():
    a = prepare("Officials said 1,200 people were evacuated from the valley.")
    b = prepare("Officials said 1,200 people were evacuated from the valley.")
    c = prepare("Officials said 900 people were evacuated from the valley.")
    assert paraphrase_probability(a, b) > paraphrase_probability(a, c)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(LEFT + RIGHT), min_size=1, max_size=6))
def test_alignment_is_one_to_one_and_scored(sentences):
    pairs = align_sentences(sentences, list(reversed(sentences)))
    assert len({p.left for p in pairs}) == len(pairs) == len({p.right for p in pairs})
    assert all(0.0 <= p.score <= 1.0 for p in pairs)


def test_rewrite_detected_and_independent_report_not():
    original = " ".join(LEFT)
    rewrite = (
        "On Tuesday the Brackwater council decided to shut the old ferry pier for repair work. "
        "Engineers discovered that two timber piles of the pier had rotted through. "
        "The mayor said the pier would open again before the summer season. "
        "The repairs will cost about 400,000 crowns."
    )
    independent = (
        "Fishermen in Brackwater say the pier closure will cost them a month of landings. "
        "Boats will have to unload at Skerrin harbour, an hour's sail away. "
        "The fishermen's association asked the council for compensation on Wednesday. "
        "No decision on compensation has been taken yet."
    )
    a, b, c = (prepared_sentences(t) for t in (original, rewrite, independent))
    assert is_rewrite(a, b) >= 0.75
    assert is_rewrite(a, c) == 0.0
    assert len(sentence_keys(a) & sentence_keys(b)) >= 3
