"""Article features and dates: tokenised text, addresses, names, figures, years, datelines."""

from __future__ import annotations

from datetime import date

from storyfold.model import Article, DroppedLine
from storyfold.stories.dates import anchor_day, date_lines, explicit_dates, url_date
from storyfold.stories.features import (
    article_features,
    entities,
    numbers,
    prepare,
    terms,
    years_named,
)


def test_tokenised_text_reads_like_ordinary_text():
    tokenised = prepare("Marsh ' s crews saved 2, 000 bales in a court - ordered 6. 1 - hour check")
    plain = prepare("Marsh's crews saved 2,000 bales in a court-ordered 6.1-hour check")
    assert terms(tokenised) == terms(plain)
    assert numbers(tokenised) == numbers(plain) == (["2000", "6.1"], [])


def test_addresses_give_their_path_words_only():
    text = prepare(
        "http: / / www. kestrel - news. com / 2024 / 05 / mill - fire - harrowgate. html"
    )
    assert terms(text) == ["mill", "fire", "harrowgate"]


def test_names_skip_sentence_starts_unless_written_as_names_elsewhere():
    text = (
        "Police closed Quarry Lane. Marsh said the fire was out. Chief Delia Marsh praised crews."
    )
    found = entities(text)
    assert "police" not in found
    assert found.count("marsh") == 2 and "delia" in found and "quarry" in found


def test_years_are_features_of_their_own():
    bag = article_features(
        "Mill fire", "The mill, built in 1921, burned in May 2024.", date_lines=["May 14, 2024"]
    )
    assert years_named(bag) == [1921, 2024]
    assert "N:1921" not in bag


def test_explicit_dates_and_the_article_anchor():
    assert explicit_dates("PUBLISHED: TUESDAY, MAY 14, 2024, 9: 10 AM") == [date(2024, 5, 14)]
    assert explicit_dates("Updated 14 / 05 / 2024 and 2024-05-15T10:00") == [
        date(2024, 5, 14),
        date(2024, 5, 15),
    ]
    assert explicit_dates("05 / 06 / 2024") == []  # May 6 or 5 June: cannot tell
    assert anchor_day("2024-05-14T09:10:00+00:00", ["June 1, 2020"]) == date(2024, 5, 14)
    assert anchor_day(None, ["a long line " * 20 + "May 1, 2020", "Sunday 19 May 2024"]) == date(
        2024, 5, 19
    )
    assert anchor_day(None, []) is None


def test_date_lines_come_from_the_cleaners_date_and_time_lines():
    art = Article(
        "a#0",
        "a",
        0,
        "Text.",
        dropped=[
            DroppedLine("Tuesday, May 14, 2024", "date line"),
            DroppedLine("Updated May 15, 2024", "timestamp"),
            DroppedLine("Read more: May 1, 2020 archive", "outside article"),
        ],
    )
    assert date_lines(art) == ["Tuesday, May 14, 2024", "Updated May 15, 2024"]


def test_a_page_address_dates_an_article_when_no_dateline_does():
    art = Article(
        "a#0",
        "a",
        0,
        "Text.",
        dropped=[
            DroppedLine(
                "https: / / www. example-news. org / 2019 / 03 / 07 / ferry - strike",
                "outside article",
            ),
            DroppedLine("Mar 7, 2019 | 5: 03pm", "outside article"),
        ],
    )
    lines = date_lines(art)
    assert lines[0] == "2019-03-07"
    assert "Mar 7, 2019 | 5: 03pm" in lines
    assert anchor_day(None, lines) == date(2019, 3, 7)


def test_address_dates_in_the_usual_shapes():
    assert url_date("http://a.example/news/2013/aug/04/story") == date(2013, 8, 4)
    assert url_date("http://a.example/2005-05-24/news/item") == date(2005, 5, 24)
    assert url_date("www.a.example/ens/apr2009/2009-04-28-091.asp") == date(2009, 4, 28)
    assert url_date("http://a.example/story?id=2013") is None
    assert url_date("see /2013/05/02/ in the text") is None  # not an address line
    assert url_date("http://a.example/2013/13/45/x") is None  # no such day
