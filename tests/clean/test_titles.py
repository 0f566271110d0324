"""The main article's title is its headline, not the site's furniture around it."""

from __future__ import annotations

from storyfold.clean import clean_page

LEAD = [
    "The harbour board of Eastmere approved a new ferry timetable on Tuesday evening.",
    "Ferries will leave every forty minutes from the north pier during the summer months.",
    "Harbour traders said the longer ferry hours would bring more visitors to the market.",
]


def _title(title: str, lines: list[str]) -> str | None:
    return clean_page("\n".join(lines), title=title, extracted=True)[0].title


def test_a_site_address_and_a_date_around_the_headline_are_trimmed():
    title = "Eastmere.example - Ferry timetable approved by harbour board - Sep 24, 2025"
    assert _title(title, LEAD) == "Ferry timetable approved by harbour board"


def test_a_title_that_says_nothing_of_the_article_gives_way_to_its_headline():
    arts = clean_page(
        "\n".join(["Ferry timetable approved for summer", *LEAD]),
        title="Business News - Financial News",
        extracted=True,
    )
    assert arts[0].title == "Ferry timetable approved for summer"
    assert arts[0].text.splitlines() == LEAD  # the headline is the title, not a line


def test_a_title_with_a_subtitle_on_the_article_stays_whole():
    title = "Ferry Timetable: The harbour board looks ahead"
    assert _title(title, LEAD) == title


def test_without_a_better_headline_the_title_stays():
    title = "Business News - Financial News"
    assert _title(title, LEAD) == title
