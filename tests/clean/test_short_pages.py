"""Pages too short for the weighing: a feed item or news brief is one short article."""

from __future__ import annotations

from storyfold.clean import clean_page


def test_a_one_sentence_brief_is_an_article():
    arts = clean_page("Harbour ferries resume after the Tarrow strike ends.\n")
    assert [a.text for a in arts] == ["Harbour ferries resume after the Tarrow strike ends."]


def test_a_source_address_above_a_brief_is_dropped_not_taken_for_a_headline():
    page = (
        "https: / / www. example-news. org / 2019 / 03 / 07 / ferry - strike\n"
        "TARROW FERRY STRIKE ENDS. Crews back at work from Monday.\n"
    )
    (art,) = clean_page(page)
    assert art.title is None
    assert art.text == "TARROW FERRY STRIKE ENDS. Crews back at work from Monday."
    assert [d.line for d in art.dropped] == [page.splitlines()[0]]


def test_a_page_of_menus_is_still_no_article():
    assert clean_page("Home\nAbout us\nContact\n") == []
    assert clean_page("Page not found.\n") == []
    page = "Home | World | Sport | Weather\nSign in to read more\nShare this page\n" * 3
    assert clean_page(page) == []
