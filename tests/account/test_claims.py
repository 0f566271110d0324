"""Claim groups: which sentences of a story's articles state one claim."""

from __future__ import annotations

from storyfold.account import consolidate
from storyfold.account.claims import HEADLINE
from storyfold.model import Article

LEAD_A = (
    "Fishermen in the port of Saltreach voted on Friday to end their three-week strike over "
    "the new quota rules.\n\nThe union said boats would put to sea again from Monday morning."
)
LEAD_B = (
    "The regional council will review the quota rules next spring, its chair said.\n\n"
    "Crews at Saltreach ended their strike over quota rules after a vote on Friday."
)


def _claims(title_a: str | None, title_b: str | None) -> list[list[tuple[str, int, str]]]:
    arts = [
        Article("a#0", "a", 0, LEAD_A, title=title_a),
        Article("b#0", "b", 0, LEAD_B, title=title_b),
    ]
    acc = consolidate(arts, [])
    return [[(s.article, s.index, s.text) for s in c.sentences] for c in acc.claims]


def test_a_headline_is_aligned_with_the_other_reports_sentence_that_says_it():
    claims = _claims("Saltreach fishermen vote to end strike over quota rules", None)
    headline = next(c for c in claims if any(i == HEADLINE for _, i, _ in c))
    assert [a for a, _, _ in headline] == ["a#0", "b#0"]
    assert headline[1][2].startswith("Crews at Saltreach ended their strike")


def test_a_headline_that_opens_the_text_is_one_sentence_not_two():
    first = LEAD_A.split("\n")[0]
    claims = _claims(first, None)
    said = [t for c in claims for a, _, t in c if a == "a#0"]
    assert said.count(first) == 1
    assert all(i != HEADLINE for c in claims for a, i, _ in c if a == "a#0")


def test_no_article_gives_two_sentences_to_one_claim():
    claims = _claims(
        "Saltreach fishermen vote to end strike over quota rules",
        "Saltreach crews end strike after vote on quota rules",
    )
    for c in claims:
        articles = [a for a, _, _ in c]
        assert len(articles) == len(set(articles))
