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
