"""Drop rules read a line in its context, and lines are counted across a site's pages."""

from __future__ import annotations

import json

from storyfold.clean import clean_page
from storyfold.clean.features import line_features
from storyfold.clean.lines import furniture_reason, is_markup
from storyfold.pipeline import FoldConfig, fold
from storyfold.store import Store

BODY = [
    "The harbour board of Eastmere approved the new ferry timetable on Tuesday evening.",
    "Ferries will leave every forty minutes from the north pier during the summer months.",
    "The board said the ferry app, which sold the most tickets last year, was the latest to top "
    "the App Store.",
    "Local traders said the longer hours would bring more visitors to the old market square.",
]


def _kept(lines: list[str], *, extracted: bool = True) -> list[str]:
    return clean_page("\n".join(lines), extracted=extracted)[0].text.splitlines()


def test_a_sentence_in_the_flow_is_prose_whatever_words_it_contains():
    assert _kept(BODY) == BODY
    assert _kept(BODY, extracted=False) == BODY


def test_the_same_words_as_a_banner_are_dropped():
    page = [*BODY, "Download our app on the App Store"]
    assert _kept(page) == BODY


def test_a_sentence_holding_a_date_is_no_date_line():
    page = [*BODY, "The next vote will be held on 12 May 2025."]
    assert _kept(page) == page
    assert _kept([*BODY, "12 May 2025"]) == BODY


def test_a_sentence_ending_in_a_date_and_an_address_are_no_date_lines():
    page = [*BODY, "Below is the first notice of the ferry board from 12/16/25"]
    assert _kept(page) == page
    assert furniture_reason("forward . 10.0.1.128", line_features("forward . 10.0.1.128")) is None
    for label in ("28-04-2025", "Courier 28-04-2025", "Tuesday, April 28, 2025 10:15"):
        assert furniture_reason(label, line_features(label)) == "date line", label


def test_a_line_of_stamps_with_seconds_or_in_another_script_is_a_date_line():
    for label in (
        "Posted 2031-03-09 07:00:00 Revised 2031-03-09 09:12:45",
        "Filed: 09/03/2031 07:00:00 | Changed: 09/03/2031 09:12:45",
        "2031年3月9日 07:00",
        "게시 2031.03.09 07:00",
        "March 9, 2031 7:05 pm CET",
    ):
        assert furniture_reason(label, line_features(label)) == "date line", label
    for prose in (
        "Version 2031-03-09 of the ferry timetable was withdrawn",
        "The ferry board meets again on 9 March 2031 at 07:00.",
    ):
        assert furniture_reason(prose, line_features(prose)) is None, prose


def test_html_source_shown_as_text_is_markup():
    embed = (
        '<h1>Ferry timetable approved</h1> <p class="byline">by the harbour desk</p> '
        "<p>The harbour board approved the new timetable.</p>"
    )
    assert _kept([*BODY, embed], extracted=False) == BODY
    # in text an extractor or the user gave, the source is what the article shows
    assert _kept([*BODY, embed]) == [*BODY, embed]
    for prose in (
        "The old sites were held together with <br> tags and good intentions, she said.",
        "<b>Note:</b> the ferry vote is on Monday.",
        "<table></table><li> inside a select is fine in this parser",
    ):
        assert not is_markup(prose), prose
        assert _kept([*BODY, prose], extracted=False) == [*BODY, prose]


def test_a_long_paragraph_opening_like_a_prompt_is_prose():
    prompt = (
        "Click here for the harbour board's full list of winter sailings, which it published "
        "on Tuesday. The list shows fewer crossings in January and February, when the north "
        "pier is closed for repairs."
    )
    assert furniture_reason(prompt, line_features(prompt)) is None
    assert furniture_reason("Click here to subscribe", line_features("Click here to subscribe"))
    cookies = (
        "We use cookies on our website to give you the most relevant experience by remembering "
        "your preferences and repeat visits, and by clicking Accept you consent to the use of "
        "all of the cookies."
    )
    assert furniture_reason(cookies, line_features(cookies)) == "cookie notice"


def test_a_list_inside_the_article_keeps_its_items():
    items = ["- 1. Facebook", "- 2. Instagram"]
    page = [BODY[0], BODY[1], "Where the ferry is discussed most:", *items, BODY[3]]
    kept = _kept(page)
    assert all(item in kept for item in items)
    share_buttons = [*BODY, "- Facebook", "- Twitter", "- Email"]
    assert _kept(share_buttons) == BODY


def _fold(tmp_path, records: list[dict[str, str]]) -> list[str]:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        fold([str(path)], store, FoldConfig(), group_stories=False)
        return [a.text for a in store.articles()]


def _record(n: int, source: str) -> dict[str, str]:
    lines = [f"Report {n}: the council of town {n} met on Monday to discuss its budget plans."]
    lines += ["Key takeaways", BODY[n % 2], BODY[3], "The Eastmere Ledger city desk"]
    lines += ["Share this story"]
    return {"id": f"r{n}", "source": source, "text": "\n".join(lines)}


def test_a_label_repeated_across_sites_is_content(tmp_path):
    texts = _fold(tmp_path, [_record(n, f"Outlet {n}") for n in range(4)])
    assert all("The Eastmere Ledger city desk" in t.splitlines() for t in texts)


def test_a_label_repeated_across_one_sites_pages_is_furniture(tmp_path):
    texts = _fold(tmp_path, [_record(n, "Outlet") for n in range(4)])
    assert not any("The Eastmere Ledger city desk" in t.splitlines() for t in texts)


def test_a_heading_repeated_on_one_sites_pages_that_heads_its_text_is_content(tmp_path):
    # a site's "Story highlights" or "Key takeaways" heading is part of each article
    texts = _fold(tmp_path, [_record(n, "Outlet") for n in range(4)])
    assert all("Key takeaways" in t.splitlines() for t in texts)


def test_a_menu_repeated_on_one_sites_pages_is_furniture(tmp_path):
    menu = ["Home", "World news", "Business", "Sport"]
    records = [
        {"id": f"m{n}", "source": "Outlet", "text": "\n".join([*menu, BODY[n % 2], BODY[3]])}
        for n in range(4)
    ]
    texts = _fold(tmp_path, records)
    assert not any(m in t.splitlines() for t in texts for m in menu)


def test_an_interface_word_heading_a_section_of_the_article_is_kept():
    page = [*BODY[:2], "YouTube", *BODY[2:]]
    assert _kept(page) == page
    for furniture in ("Advertisement", "Share"):  # an ad slot or a button inside the text
        assert _kept([*BODY[:2], furniture, *BODY[2:]]) == BODY
    assert _kept([*BODY, "Pinterest", "YouTube"]) == BODY  # a row of buttons after it


def test_a_sentence_opening_with_get_started_is_prose():
    line = (
        "Get started with this printable checklist of the harbour board's ferry rules for winter."
    )
    assert _kept([*BODY, line]) == [*BODY, line]
    assert _kept([*BODY, "Get started today"]) == BODY


def test_a_paragraph_that_mentions_an_app_is_prose_and_a_copyright_footer_is_not():
    prose = (
        "Keep riders inside the ferry app by offering every ticket they need. Moreover, do "
        "not send them to a browser to pay for a season pass or to log in."
    )
    assert furniture_reason(prose, line_features(prose)) is None
    footer = (
        "Copyright 2031 The North Quay Courier. All rights reserved. This material may not "
        "be published, broadcast, rewritten or redistributed."
    )
    assert furniture_reason(footer, line_features(footer)) == "copyright"
    banner = "Download our app. Get ferry alerts delivered to your phone."
    assert furniture_reason(banner, line_features(banner)) == "app banner"


def test_a_quoted_title_or_a_labelled_example_is_no_breadcrumb():
    for line in (
        "'North Quay | The Winter Sailings | Last Crossing'",
        "Example: Home > Boats > Oars",
    ):
        assert furniture_reason(line, line_features(line)) is None, line
    trail = "Home > Harbour > Ferries"
    assert furniture_reason(trail, line_features(trail)) == "breadcrumb"
