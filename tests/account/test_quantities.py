"""Figures in fictional news sentences: value, counted noun, hedge, source and time."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyfold.account.quantities import (
    Quantity,
    find_quantities,
    measure_key,
    same_measure,
    singular,
)


def only(sentence: str) -> Quantity:
    """The single figure in a sentence."""
    found = find_quantities(sentence)
    assert len(found) == 1, found
    return found[0]


def test_hedged_figure_with_adjectives_source_and_time():
    sentence = (
        "Norland has sent as many as 12,000 Estmark-trained soldiers to the front "
        "since last fall, E.U., Vell and Norland officials have said."
    )
    q = only(sentence)
    assert (q.text, q.value, q.noun, q.modifier) == ("12,000", 12000.0, "soldier", "as many as")
    assert q.attribution == "E.U., Vell and Norland officials"
    assert q.when == "since last fall"
    assert sentence[q.start : q.end] == "12,000"


@pytest.mark.parametrize(
    ("sentence", "noun", "modifier"),
    [
        ("Vell moved 14,000 troops to the border.", "troop", None),
        ("Vell moved an estimated total of 14,000 troops north.", "troop", "an estimated"),
        ("Vell moved 3,000 additional troops north.", "troop", None),
        ("Vell moved about 3,000 North Estmark troops north.", "troop", "about"),
        ("Vell moved more than 3,000 fresh troops north.", "troop", "more than"),
        ("Vell moved at least 40 armoured vehicles north.", "vehicle", "at least"),
        ("Vell moved some 300 civilian casualties south.", "casualty", "some"),
        ("Vell moved nearly 3,000 of the troops north.", "troop", "nearly"),
        ("Vell moved up to 200 boxes of grain.", "box", "up to"),
    ],
)
def test_noun_and_modifier(sentence, noun, modifier):
    q = only(sentence)
    assert (q.noun, q.modifier) == (noun, modifier)


@pytest.mark.parametrize(
    ("sentence", "text", "value", "noun"),
    [
        ("The fund pledged $1.8 billion for the pier.", "$1.8 billion", 1.8e9, "dollar"),
        ("The fund pledged 1.8 billion dollars for the pier.", "1.8 billion", 1.8e9, "dollar"),
        ("The fund pledged €3 million for the pier.", "€3 million", 3e6, "euro"),
        ("The fund pledged 1.8bn dollars for the pier.", "1.8bn", 1.8e9, "dollar"),
        ("The census counted 2.5 billion people.", "2.5 billion", 2.5e9, "person"),
        ("The flood displaced 4.2 million residents.", "4.2 million", 4.2e6, "resident"),
        ("Turnout rose to 40% in the valley.", "40%", 40.0, "percent"),
        ("Turnout rose 3.5 percent in the valley.", "3.5 percent", 3.5, "percent"),
        ("Turnout rose 3.5 per cent in the valley.", "3.5 per cent", 3.5, "percent"),
        ("A 5,000-ton barge ran aground.", "5,000-ton", 5000.0, "ton"),
        ("The road is 12 km long.", "12", 12.0, "km"),
        ("Crews cleared 10-12 boats from the bay.", "10-12", 10.0, "boat"),
        ("Three ferries were stranded.", "Three", 3.0, "ferry"),
        ("A dozen ferries were stranded.", "A dozen", 12.0, "ferry"),
        ("Two dozen ferries were stranded.", "Two dozen", 24.0, "ferry"),
        ("Five thousand people marched.", "Five thousand", 5000.0, "person"),
        ("Dozens of ferries were stranded.", "Dozens", 24.0, "ferry"),
        ("Hundreds of ferries were stranded.", "Hundreds", 200.0, "ferry"),
        ("Thousands of residents fled the valley.", "Thousands", 2000.0, "resident"),
        ("Tens of thousands of residents fled.", "Tens of thousands", 20000.0, "resident"),
        ("Vell signed a three-year lease.", "three-year", 3.0, "year"),
        ("Eleven children were rescued.", "Eleven", 11.0, "child"),
    ],
)
def test_values_units_and_scales(sentence, text, value, noun):
    q = only(sentence)
    assert (q.text, q.value, q.noun) == (text, value, noun)
    assert sentence[q.start : q.end] == text


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2024 the pier was rebuilt.",
        "The pier, rebuilt in 1998, closed.",
        "The ferry left at 10:30 and returned at 9 a.m. sharp.",
        "The ferry left at 0900 GMT.",
        "Mara Voss, 45, runs the ferry.",
        "The captain, aged 61, retired.",
        "A 30-year-old sailor was rescued.",
        "The sailor was 30 years old.",
        "The ferry sank on Apr 24 near the pier.",
        "The ferry sank on 24 April 2025 near the pier.",
        "The ferry sank on 2025-04-24 near the pier.",
        "The crew came 3rd in the regatta.",
        "Two F-16 jets and a G7 summit flew by.",
        "No one was hurt, and one of the crew swam ashore.",
        "Crowds came in their thousands.",
        "Rents rose through the 1990s.",
    ],
)
def test_years_times_ages_dates_and_names_are_not_figures(sentence):
    texts = [q.text for q in find_quantities(sentence)]
    assert "Two" in texts or texts == []
    assert all(t == "Two" for t in texts)


def test_hedged_year_shaped_number_is_a_figure():
    q = only("About 2000 volunteers cleared the beach.")
    assert (q.value, q.noun, q.modifier) == (2000.0, "volunteer", "about")


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        (
            "An estimated 14,000 troops are in Vell, Norland officials have said.",
            "Norland officials",
        ),
        ("An estimated 14,000 troops are in Vell, officials said on Monday.", "officials"),
        ("An estimated 14,000 troops are in Vell, according to the ministry.", "the ministry"),
        ("According to E.U. monitors, 14,000 troops are in Vell.", "E.U. monitors"),
        ("Some 300 people attended, said the mayor of Brackwater.", "the mayor of Brackwater"),
        (
            "The Vell defence ministry said on Monday that 14,000 troops had arrived.",
            "The Vell defence ministry",
        ),
        ("Estmark's border agency estimates 14,000 troops are in Vell.", "Estmark's border agency"),
        ('"We lost 300 boats," the harbour master said.', "the harbour master"),
        ("“We lost 300 boats,” said the harbour master.", "the harbour master"),
        ("An estimated 14,000 troops are in Vell, he said.", None),
        ("An estimated 14,000 troops are in Vell.", None),
    ],
)
def test_attribution(sentence, source):
    assert only(sentence).attribution == source


def test_leading_source_does_not_cover_a_contrasting_clause():
    found = find_quantities(
        "Norland officials said 14,000 troops arrived, while Vell put the number at 12,000."
    )
    assert [(q.value, q.attribution) for q in found] == [
        (14000.0, "Norland officials"),
        (12000.0, None),
    ]


def test_trailing_source_does_not_cover_figures_inside_it():
    found = find_quantities("The toll rose to 40 dead, three senior officials said.")
    assert [(q.value, q.attribution) for q in found] == [
        (40.0, "three senior officials"),
        (3.0, None),
    ]


@pytest.mark.parametrize(
    ("sentence", "when"),
    [
        ("Vell moved 3,000 troops north last year.", "last year"),
        (
            "Since the start of this year Vell has moved 3,000 troops north.",
            "Since the start of this year",
        ),
        (
            "Vell has moved 3,000 troops north since the start of this year.",
            "since the start of this year",
        ),
        ("Vell moved 3,000 troops north in 2024.", "in 2024"),
        ("Vell moved 3,000 troops north on April 24.", "April 24"),
        ("Vell moved 3,000 troops north, officials said on Monday.", None),
        ("Vell moved 3,000 troops north.", None),
    ],
)
def test_time_phrase(sentence, when):
    assert only(sentence).when == when


def test_time_phrase_attaches_to_the_nearest_figure_only():
    found = find_quantities(
        "The fund pledged $1.8 billion, or 2.5 billion crowns, and 4.2 million people "
        "were displaced in 2024."
    )
    assert [q.when for q in found] == [None, None, "in 2024"]


def test_time_phrase_does_not_cross_a_semicolon():
    found = find_quantities("The barge left on Apr 24; 30 sailors stayed behind.")
    assert [(q.value, q.when) for q in found] == [(30.0, None)]


def test_several_figures_in_order():
    found = find_quantities("Vell lost 12 tanks and 300 troops, and Norland lost 5 tanks.")
    assert [(q.value, q.noun) for q in found] == [(12.0, "tank"), (300.0, "troop"), (5.0, "tank")]


class TestSameMeasure:
    def test_same_noun_disagreeing_values(self):
        a = only("Vell sent 14,000 troops.")
        b = only("Vell sent as many as 12,000 troops.")
        assert same_measure(a, b) and a.value != b.value

    def test_synonyms_and_spelling_variants(self):
        assert same_measure(only("Vell sent 14,000 troops."), only("Vell sent 12,000 soldiers."))
        assert same_measure(only("It carried 500 tonnes."), only("It carried a 500-ton load."))
        assert same_measure(
            only("The fund pledged $2 billion."), only("It gave 2 billion dollars.")
        )
        assert same_measure(only("Turnout was 40%."), only("Turnout was 38 per cent."))

    def test_different_things(self):
        assert not same_measure(only("Vell sent 14,000 troops."), only("Vell sent 40 tanks."))
        assert not same_measure(only("Vell sent $2 billion."), only("Vell sent 2 billion euros."))

    def test_figures_without_a_noun_never_match(self):
        a, b = find_quantities("The count rose from 4.2 million to 4.5 million.")
        assert a.noun is None and not same_measure(a, b)

    def test_measure_key(self):
        assert measure_key("kilometre") == measure_key("km") == "km"
        assert measure_key(None) is None


@pytest.mark.parametrize(
    ("plural", "single"),
    [
        ("troops", "troop"),
        ("casualties", "casualty"),
        ("boxes", "box"),
        ("churches", "church"),
        ("people", "person"),
        ("children", "child"),
        ("aircraft", "aircraft"),
        ("bus", "bus"),
        ("glass", "glass"),
        ("missiles", "missile"),
        ("Soldiers", "soldier"),
    ],
)
def test_singular(plural, single):
    assert singular(plural) == single


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["troops", "ferries"]))
def test_separated_integers_round_trip(n, noun):
    sentence = f"Officials counted {n:,} {noun} in the valley."
    q = only(sentence)
    assert q.value == n
    assert q.noun == singular(noun)
    assert sentence[q.start : q.end] == f"{n:,}"


@given(st.text(alphabet="0123456789,.$% -abcdefmilonAprt", max_size=40))
def test_spans_match_text(sentence):
    for q in find_quantities(sentence):
        assert sentence[q.start : q.end] == q.text


def _q(sentence: str) -> Quantity:
    return find_quantities(sentence)[0]


def test_bounds_and_vague_counts_agree_with_figures_inside_them():
    from storyfold.account.quantities import consistent

    assert consistent(_q("dozens of people were hurt"), _q("46 people were hurt"))
    assert not consistent(_q("dozens of people were hurt"), _q("400 people were hurt"))
    assert consistent(_q("more than $2 million was raised"), _q("$2.4 million was raised"))
    assert not consistent(_q("up to 300 boats took part"), _q("350 boats took part"))
    # "an estimated" names one value: an estimate above a stated ceiling disagrees
    assert not consistent(_q("an estimated 9,000 troops"), _q("as many as 8,000 troops"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The flood drove 300 residents from Tarn.", "The flood drove 250 people from Tarn."),
        ("The lorry carried 12 tonnes of grain.", "The lorry carried 14 t of grain."),
        ("The fund holds 5 billion yuan.", "The fund holds 4 billion renminbi."),
    ],
)
def test_synonyms_count_the_same_thing(a, b):
    assert same_measure(_q(a), _q(b))


def test_a_part_is_not_its_whole():
    assert not same_measure(_q("It killed 12 civilians."), _q("It killed 20 people."))
