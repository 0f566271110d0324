"""Quoted speech in fictional news text, and quote comparison across versions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyfold.account.quotes import (
    Quote,
    find_quotes,
    quote_changes,
    quote_tokens,
    same_quote,
    unify_spelling,
)

BRITISH = "Those who guarded the harbour are all heroes and keepers of the honour of the valley"
AMERICAN = "They who guarded the harbor are all heroes and keepers of the honor of the valley"


def texts(text: str, min_words: int = 3) -> list[str]:
    """The text of each quote found."""
    return [q.text for q in find_quotes(text, min_words)]


class TestFindQuotes:
    def test_closing_mark_after_a_comma_and_quoted_as_saying(self):
        text = f'"{BRITISH}," the Valley Herald quoted Mayor Ines Brant as saying.'
        (quote,) = find_quotes(text)
        assert quote == Quote(BRITISH, 1, 1 + len(BRITISH), "Mayor Ines Brant")
        assert text[quote.start : quote.end] == quote.text

    def test_curly_double_quotes_and_inverted_speaker(self):
        text = "“Our partners will not abandon us,” said Foreign Minister Ilse Marrow."
        (quote,) = find_quotes(text)
        assert (quote.text, quote.speaker) == (
            "Our partners will not abandon us",
            "Foreign Minister Ilse Marrow",
        )

    def test_speaker_before_the_quote(self):
        text = 'Lena Ward said: "The pier will reopen before the summer."'
        assert find_quotes(text)[0].speaker == "Lena Ward"
        text = "The Valley Herald quoted Ines Brant as saying, 'We will rebuild every house.'"
        assert find_quotes(text)[0].speaker == "Ines Brant"

    def test_question_with_asked(self):
        text = '"Are we ready for the flood season?" asked the harbour master.'
        assert find_quotes(text)[0].speaker == "the harbour master"

    def test_pronoun_and_missing_speakers_are_none(self):
        assert find_quotes('"We will hold the line," he said.')[0].speaker is None
        assert find_quotes('The sign read "keep off the dunes" all summer.')[0].speaker is None

    def test_quote_ending_in_a_full_stop_does_not_take_the_next_sentence(self):
        text = '"We will hold the line." The mayor said nothing more.'
        assert find_quotes(text)[0].speaker is None

    @pytest.mark.parametrize(
        "text",
        [
            "Mara's boat and Vell's harbour don't match Brackwater's fleet.",
            "The soldiers' families and the sailors' union met in Vell.",
            "The port was busy in the '90s and quiet in the 2000s.",
        ],
    )
    def test_apostrophes_are_not_quotes(self, text):
        assert find_quotes(text, min_words=1) == []

    def test_single_quotes_as_quotation_marks(self):
        text = "Voss said: 'We don't retreat from Brackwater's hills.' Then she left."
        (quote,) = find_quotes(text)
        assert quote.text == "We don't retreat from Brackwater's hills."
        assert quote.speaker == "Voss"

    def test_plural_possessive_inside_a_single_quoted_span(self):
        text = "'We stand with the soldiers' families,' the minister told reporters."
        (quote,) = find_quotes(text)
        assert quote.text == "We stand with the soldiers' families"
        assert quote.speaker == "the minister"

    def test_curly_single_quotes(self):
        text = "The captain said ‘we sail at dawn whatever happens’ and went below."
        assert texts(text) == ["we sail at dawn whatever happens"]

    def test_nested_quotes_give_the_outer_span(self):
        text = "Lena Ward said: \"He told me 'we will rebuild the pier' and I believed him.\""
        assert texts(text) == ["He told me 'we will rebuild the pier' and I believed him."]
        text = "Ward said: 'He called it \"a small miracle for the town\" on Monday.'"
        assert texts(text) == ['He called it "a small miracle for the town" on Monday.']

    def test_scare_quotes_are_short(self):
        text = "The council called the plan \"reckless\" and the crews 'heroes' of Vell."
        assert find_quotes(text) == []
        found = find_quotes(text, min_words=1)
        assert [(q.text, q.short) for q in found] == [("reckless", True), ("heroes", True)]
        assert not find_quotes('"We will hold the line," Voss said.')[0].short

    def test_open_quote_runs_to_the_end_of_its_paragraph(self):
        text = (
            '"The first part of a long statement is here.\n'
            '"And the second part closes it," the mayor said.'
        )
        assert texts(text) == [
            "The first part of a long statement is here.",
            "And the second part closes it",
        ]
        assert find_quotes(text)[1].start == text.index("And")

    def test_several_quotes_in_order(self):
        text = (
            '"The water is rising fast," Ward said. "We need more pumps tonight," '
            "she added, calling the response 'too slow by half.'"
        )
        assert texts(text) == [
            "The water is rising fast",
            "We need more pumps tonight",
            "too slow by half.",
        ]


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("honour", "honor"),
        ("honourable", "honorable"),
        ("dishonoured", "dishonored"),
        ("colours", "colors"),
        ("favourite", "favorite"),
        ("labourers", "laborers"),
        ("neighbourhood", "neighborhood"),
        ("armoured", "armored"),
        ("defence", "defense"),
        ("offences", "offenses"),
        ("organise", "organize"),
        ("organised", "organized"),
        ("organisation", "organization"),
        ("realising", "realizing"),
        ("criticises", "criticizes"),
        ("analyse", "analyze"),
        ("paralysed", "paralyzed"),
        ("centre", "center"),
        ("centres", "centers"),
        ("centred", "centered"),
        ("theatre", "theater"),
        ("kilometres", "kilometers"),
        ("litre", "liter"),
        ("programme", "program"),
        ("travelled", "traveled"),
        ("travelling", "traveling"),
        ("cancelled", "canceled"),
        ("modelling", "modeling"),
        ("counsellor", "counselor"),
        ("marvellous", "marvelous"),
        ("grey", "gray"),
        ("catalogue", "catalog"),
        ("judgement", "judgment"),
    ],
)
def test_unify_spelling(british, american):
    assert unify_spelling(british) == american
    assert unify_spelling(american) == american


@pytest.mark.parametrize(
    "word",
    [
        "four",
        "hour",
        "tour",
        "your",
        "journal",
        "course",
        "promise",
        "exercise",
        "surprised",
        "advise",
        "raise",
        "noise",
        "precise",
        "wise",
        "crisis",
        "analysis",
        "metro",
        "centrist",
        "killed",
        "filled",
        "called",
        "spelling",
        "this",
        "paris",
    ],
)
def test_unify_spelling_leaves_other_words_alone(word):
    assert unify_spelling(word) == word


class TestQuoteTokens:
    def test_typography_case_and_numbers(self):
        assert quote_tokens("“It’s 14,000 — not 12,000,” she said") == [
            "it's",
            "14000",
            "not",
            "12000",
            "she",
            "said",
        ]
        assert quote_tokens('"It\'s 14,000 - not 12,000," she said') == quote_tokens(
            "“It’s 14,000 — not 12,000,” she said"
        )

    def test_spelling_and_prefix_hyphens(self):
        assert quote_tokens("The organisation’s co-operation") == [
            "the",
            "organization's",
            "cooperation",
        ]

    def test_empty(self):
        assert quote_tokens("") == []
        assert quote_tokens("— …") == []


class TestQuoteChanges:
    def test_a_changed_word_and_a_spelling_variant(self):
        assert quote_changes(BRITISH, AMERICAN) == [("those", "they")]

    def test_spelling_and_typography_only(self):
        a = "“The centre’s defence was organised with honour,” he said"
        b = '"The center\'s defense was organized with honor," he said'
        assert quote_changes(a, b) == []

    def test_insertions_and_deletions(self):
        a = "We will rebuild the pier this year"
        b = "We will rebuild the old pier"
        assert quote_changes(a, b) == [("", "old"), ("this year", "")]

    def test_words_are_shown_as_written(self):
        assert quote_changes("a grey harbour wall", "a red harbour wall") == [("grey", "red")]


class TestSameQuote:
    def test_versions_of_one_quote(self):
        assert same_quote(BRITISH, AMERICAN)

    def test_excerpt_of_a_longer_quote(self):
        assert same_quote("all heroes and keepers of the honour", AMERICAN)

    def test_different_quotes(self):
        assert not same_quote(BRITISH, "The pier will reopen before the summer season")

    def test_function_words_alone_do_not_match(self):
        assert not same_quote("we will be there", "we will not be there for the vote")
        assert not same_quote("it is the end of it", "it is the start of the harvest")

    def test_empty(self):
        assert not same_quote("", BRITISH)
        assert not same_quote("—", "—")


WORDS = st.lists(
    st.sampled_from("the harbour colour centre pier we will rebuild honour vell boats".split()),
    min_size=1,
    max_size=12,
).map(" ".join)


@given(WORDS)
def test_a_quote_has_no_changes_from_itself_or_its_other_spelling(text):
    american = text.replace("harbour", "harbor").replace("colour", "color")
    american = american.replace("centre", "center").replace("honour", "honor")
    assert quote_changes(text, text) == []
    assert quote_changes(text, american) == []
    assert same_quote(text, american) or not any(
        t not in {"the", "we", "will"} for t in quote_tokens(text)
    )


@given(WORDS, WORDS)
def test_same_quote_is_symmetric(a, b):
    assert same_quote(a, b) == same_quote(b, a)


@given(st.text(alphabet="ab '\"‘’“”,.\n", max_size=60))
def test_quote_spans_match_text(text):
    for quote in find_quotes(text, min_words=1):
        assert text[quote.start : quote.end] == quote.text
