"""A copy joins its copy's story only when it keeps the names and figures: templates do not."""

from __future__ import annotations

from storyfold.model import CONTAINED, NEAR, CopyRelation
from storyfold.stories.stage import joining_copies, specifics

FRAME = (
    "The ferry pier in {town}, rebuilt by {firm} Marine in {year}, reopened on Friday, the "
    "harbour board said in a statement. Repairs cost {cost} million crowns and about {n} "
    "passengers use the pier on a normal day.\n"
    "The board said the pier in {town} was ready for the summer season.\n"
    "A ceremony will be held next month, and the pier will be open to visitors all weekend."
)
ONE = FRAME.format(town="Brackwater", firm="Halloran", year=2009, cost=12, n=640)
OTHER = FRAME.format(town="Skerrin", firm="Dunmore", year=2015, cost=31, n=85)
CUT = ONE.split("\n")[0]  # a site that ran only the first paragraph


def test_specifics_are_names_and_figures_inside_sentences():
    got = specifics(ONE)
    assert {"brackwater", "halloran", "marine", "2009", "12", "640"} <= got
    assert "the" not in got and "repairs" not in got  # sentence-initial words are no names


def test_a_cut_down_copy_joins_and_a_template_of_another_event_does_not():
    texts = {"cut": CUT, "one": ONE, "other": OTHER}
    copy = CopyRelation("cut", "one", CONTAINED, 0.5, 1.0)
    template = CopyRelation("other", "one", CONTAINED, 0.44, 0.61)
    assert joining_copies([copy, template], texts) == [copy]


def test_other_relations_and_texts_without_specifics_are_kept():
    plain = (
        "the pier reopened on friday and the board was pleased with the repairs, which took "
        "most of the winter and kept the ferries at the old quay for months on end"
    )
    texts = {"a": plain, "b": plain + " and the weather", "one": ONE, "other": OTHER}
    few = CopyRelation("a", "b", CONTAINED, 0.8, 1.0)
    near = CopyRelation("one", "other", NEAR, 0.81, 0.9)
    unknown = CopyRelation("x", "one", CONTAINED, 0.7, 0.9)  # a text not given: kept
    assert joining_copies([few, near, unknown], texts) == [few, near, unknown]


def test_a_copied_line_of_furniture_joins_no_story():
    notice = "Comments are moderated and may take a day to appear under the article."
    texts = {"n1": notice, "p2": ONE + "\n" + notice, "one": ONE, "cut": CUT}
    furniture = CopyRelation("n1", "p2", CONTAINED, 0.2, 1.0)
    copy = CopyRelation("cut", "one", CONTAINED, 0.5, 1.0)
    assert joining_copies([furniture, copy], texts) == [copy]
