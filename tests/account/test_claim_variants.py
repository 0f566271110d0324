"""Word-level variants of one claim: what differs between two versions of a sentence."""

from __future__ import annotations

from storyfold.account import consolidate
from storyfold.model import Article, CopyRelation

BASE = (
    "The harbour board of Eastmere approved the new winter ferry timetable on Tuesday after "
    "a long debate.\n\n{n} Essential Ferry Safety Rules\n\nFerries will leave every forty "
    "minutes from the north pier from November, the board said.\n\n- Average crossing: {m}\n"
    "- Boats in service: 4\n"
)


def _variants(a: str, b: str) -> list[tuple[str, list[str]]]:
    arts = [Article("a#0", "a", 0, a), Article("b#0", "b", 0, b)]
    acc = consolidate(arts, [CopyRelation("a#0", "b#0", "near", 0.9, 0.95)])
    return [(v.kind, [s.value for s in v.sides]) for v in acc.variants]


def test_a_changed_first_or_last_word_is_a_variant():
    found = _variants(BASE.format(n=10, m=733), BASE.format(n=13, m=917))
    assert found == [("number", ["10", "13"]), ("number", ["733", "917"])]


def test_words_one_version_cuts_off_at_an_end_are_no_variant():
    cut = BASE.format(n=10, m=733).replace(", the board said.", ".")
    assert _variants(BASE.format(n=10, m=733), cut) == []


SPILL = (
    "The reservoir released {v} cubic metres of water overnight, the operator said on "
    "Tuesday.\n\n{who} said the gates had been checked twice since the spring inspection."
)


def test_one_value_written_two_ways_is_the_same_fact():
    found = consolidate(
        [
            Article("a#0", "a", 0, SPILL.format(v="3.1 million", who="Orlan")),
            Article("b#0", "b", 0, SPILL.format(v="3,100,000", who="Orlan")),
        ],
        [CopyRelation("a#0", "b#0", "near", 0.9, 0.95)],
    ).variants
    assert [(v.kind, v.same_fact) for v in found] == [("number", True)]


def test_a_pronoun_for_a_name_is_no_variant():
    assert _variants(SPILL.format(v="40", who="Orlan"), SPILL.format(v="40", who="She")) == []


def test_a_figure_against_words_is_wording_not_a_number():
    base = "Corvin scored the winner in the {t} after a long ball from the back.\n"
    found = _variants(base.format(t="second half"), base.format(t="71st minute"))
    assert [k for k, _ in found] == ["wording"]


def test_a_capitalised_sentence_opening_is_no_name():
    base = "{w} water reached the square by noon, the mayor said, and the school was shut.\n"
    found = _variants(base.format(w="Brown"), base.format(w="By then the"))
    assert all(k != "place/name" for k, _ in found)
    inside = "The water reached {w} Square by noon, the mayor said, and the school was shut.\n"
    assert _variants(inside.format(w="Brown"), inside.format(w="Orlan")) == [
        ("place/name", ["Brown", "Orlan"])
    ]


def test_a_change_to_one_of_a_repeated_sentence_is_found():
    line = "Day pass: a full day on the island with 6 stops and a guided walk."
    text = f"{line}\n\nThe boats leave from the east quay at nine.\n\n{line}\n\nTickets go fast.\n"
    changed = text[: text.rindex("6 stops")] + "8 stops" + text[text.rindex("6 stops") + 7 :]
    assert _variants(text, changed) == [("number", ["6", "8"])]


def test_a_short_line_edited_in_place_in_a_copy_is_found():
    text = (
        "The Eastmere ferry company runs boats to the three outer islands all year round.\n\n"
        "Fast facts\n\n- Boats: {n}\n- Founded: 1961\n\n"
        "Crossings are cancelled when the wind passes gale force, the company said.\n"
    )
    assert _variants(text.format(n=12), text.format(n=17)) == [("number", ["12", "17"])]


def test_a_one_word_label_changed_in_a_copy_is_found_even_when_it_repeats_another():
    text = (
        "The week's menu for the Eastmere school canteen was agreed by the parents' board.\n\n"
        "{first}\n\nBreakfast: oat porridge with stewed apples and a glass of milk.\n\n"
        "Wednesday\n\nBreakfast: rye toast with soft cheese and sliced pears.\n"
    )
    assert _variants(text.format(first="Monday"), text.format(first="Wednesday")) == [
        ("date", ["Monday", "Wednesday"])
    ]
