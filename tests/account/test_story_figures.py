"""Figures compared across a story's independent reports (story-wide number variants)."""

from __future__ import annotations

from storyfold.account import consolidate
from storyfold.model import Article

WIRE = (
    "A storm surge swept through Tollin Bay before dawn, forcing {a} residents of the old "
    "harbour district from their homes, officials said.\n\n"
    "The harbour master said the sea wall would be inspected this week."
)
LOCAL = (
    "Volunteers at the Tollin sports hall counted the arrivals all morning.\n\n"
    "About {b} people left their homes by noon, according to the tally, and {c} of them "
    "were children."
)


def _figures(a: str, b: str, c: str = "40") -> list[list[str]]:
    arts = [
        Article("w#0", "w", 0, WIRE.format(a=a)),
        Article("l#0", "l", 0, LOCAL.format(b=b, c=c)),
    ]
    acc = consolidate(arts, [])
    return [[s.value for s in v.sides] for v in acc.variants if v.kind == "number"]


def test_one_count_given_differently_by_two_reports_worded_apart_is_a_disagreement():
    assert _figures("1,500", "1,100") == [["about 1,100", "1,500"]]


def test_counts_far_apart_in_sentences_worded_apart_count_different_things():
    assert _figures("1,500", "600") == []


def test_no_disagreement_with_a_sentence_that_gives_both_figures():
    assert _figures("1,500", "1,100", c="1,500") == []
