"""Date mentions in fictional news sentences, resolved against an anchor date."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyfold.account.dates import DateMention, anchor_date, find_dates, period_bounds

MONDAY = date(2025, 4, 28)  # a Monday


def only(sentence: str, anchor: date | None = MONDAY) -> DateMention:
    """The single date mention in a sentence."""
    found = find_dates(sentence, anchor)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("The ferry sank on Thursday last week.", "Thursday last week", date(2025, 4, 24)),
        ("On April 24 the ferry sank.", "April 24", date(2025, 4, 24)),
        ("The ferry sank on Apr 24 near Brackwater.", "Apr 24", date(2025, 4, 24)),
        ("The ferry sank on Apr. 24.", "Apr. 24", date(2025, 4, 24)),
        ("The ferry sank on April 24th.", "April 24th", date(2025, 4, 24)),
        ("The council met on Saturday.", "Saturday", date(2025, 4, 26)),
        ("The council met Saturday last week.", "Saturday last week", date(2025, 4, 26)),
        ("The council met on Saturday last week.", "Saturday last week", date(2025, 4, 26)),
        ("The council met last Thursday.", "last Thursday", date(2025, 4, 24)),
        ("The council met on Monday.", "Monday", date(2025, 4, 28)),
        ("The council met on Tuesday.", "Tuesday", date(2025, 4, 22)),
        ("The council meets this Friday.", "this Friday", date(2025, 5, 2)),
        ("The council meets next Monday.", "next Monday", date(2025, 5, 5)),
        ("The council meets Friday next week.", "Friday next week", date(2025, 5, 9)),
        ("The council meets on the coming Monday.", "coming Monday", date(2025, 5, 5)),
        ("The pier reopened today.", "today", MONDAY),
        ("The pier closed yesterday.", "yesterday", date(2025, 4, 27)),
        ("The storm hit last night.", "last night", date(2025, 4, 27)),
        ("The pier reopens tomorrow.", "tomorrow", date(2025, 4, 29)),
    ],
)
def test_resolves_against_a_monday_anchor(sentence, text, expected):
    mention = only(sentence)
    assert (mention.text, mention.date) == (text, expected)
    assert sentence[mention.start : mention.end] == text


@pytest.mark.parametrize(
    "sentence",
    [
        "The vote was held on 24 April 2025.",
        "The vote was held on Apr 24, 2025.",
        "The vote was held on April 24 2025.",
        "The vote was held on 2025-04-24.",
        "The vote was held on the 24th of April 2025.",
    ],
)
def test_absolute_dates_with_a_year_resolve_without_an_anchor(sentence):
    mention = only(sentence, None)
    assert mention.date == date(2025, 4, 24)
    assert not mention.relative


def test_without_an_anchor_relative_and_yearless_dates_stay_unresolved():
    found = find_dates("Talks held on Monday and on Apr 24 ended yesterday.", None)
    assert [(m.text, m.date, m.relative) for m in found] == [
        ("Monday", None, True),
        ("Apr 24", None, False),
        ("yesterday", None, True),
    ]


def test_parenthesised_date_span_leaves_the_parentheses_out():
    mention = only("The dredger arrived (Jun 10) at dawn.")
    assert (mention.text, mention.date) == ("Jun 10", date(2025, 6, 10))


@pytest.mark.parametrize(
    ("anchor", "text", "expected"),
    [
        (MONDAY, "Jun 10", date(2025, 6, 10)),  # six weeks ahead: still this year
        (MONDAY, "Aug 1", date(2024, 8, 1)),  # three months ahead: last year's
        (MONDAY, "Dec 30", date(2024, 12, 30)),
        (date(2025, 12, 28), "Jan 3", date(2026, 1, 3)),  # over New Year
        (date(2025, 1, 5), "Dec 30", date(2024, 12, 30)),
    ],
)
def test_yearless_dates_take_the_nearest_plausible_year(anchor, text, expected):
    assert only(f"The lighthouse was lit on {text}.", anchor).date == expected


def test_impossible_day_gives_no_date():
    mention = only("The lighthouse was lit on Feb 30.")
    assert mention.text == "Feb 30" and mention.date is None


def test_weekday_paired_with_a_date_is_one_absolute_mention():
    mention = only("The mayor said on Monday (Apr 28) that the pier was safe.", None)
    assert mention.text == "Monday (Apr 28)"
    assert not mention.relative
    assert only("The mayor spoke on Monday, April 28, at noon.").date == MONDAY


def test_future_tense_moves_a_bare_weekday_forward():
    assert only("The ministers will meet in Vell on Friday.").date == date(2025, 5, 2)
    assert only("The talks are due to resume on Wednesday.").date == date(2025, 4, 30)


def test_speech_verb_after_a_future_marker_keeps_the_weekday_in_the_past():
    sentence = "The ministers will meet in Vell, a spokesman said on Friday."
    assert only(sentence).date == date(2025, 4, 25)


def test_lowercase_may_is_not_a_month():
    assert find_dates("Ferries may 5 times a day cross the bay.", MONDAY) == []


def test_periods_have_no_single_date_but_have_bounds():
    found = find_dates(
        "Prices rose last week, fell last month, held earlier this year and the past week.",
        MONDAY,
    )
    assert [m.text for m in found] == [
        "last week",
        "last month",
        "earlier this year",
        "the past week",
    ]
    assert all(m.date is None and m.relative for m in found)
    bounds = [period_bounds(m, MONDAY) for m in found]
    assert bounds == [
        (date(2025, 4, 21), date(2025, 4, 27)),
        (date(2025, 3, 1), date(2025, 3, 31)),
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2025, 4, 21), MONDAY),
    ]


def test_period_bounds_of_a_day_and_of_last_year_and_next_month():
    day = only("It sank on Apr 24.")
    assert period_bounds(day, MONDAY) == (date(2025, 4, 24), date(2025, 4, 24))
    last_year = only("It sank last year.")
    assert period_bounds(last_year, MONDAY) == (date(2024, 1, 1), date(2024, 12, 31))
    december = date(2025, 12, 10)
    next_month = only("It opens next month.", december)
    assert period_bounds(next_month, december) == (date(2026, 1, 1), date(2026, 1, 31))


def test_several_mentions_come_in_text_order():
    found = find_dates("It began on Thursday last week and on April 24 it ended.", MONDAY)
    assert [(m.text, m.date) for m in found] == [
        ("Thursday last week", date(2025, 4, 24)),
        ("April 24", date(2025, 4, 24)),
    ]


WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ANCHORS = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@given(ANCHORS, st.integers(0, 6))
def test_bare_weekday_is_the_latest_such_day_on_or_before_the_anchor(anchor, weekday):
    resolved = only(f"The dam gave way on {WEEKDAY_NAMES[weekday]}.", anchor).date
    assert resolved is not None and resolved.weekday() == weekday
    assert timedelta(0) <= anchor - resolved < timedelta(days=7)


@given(ANCHORS, st.integers(0, 6))
def test_weekday_last_week_is_in_the_previous_calendar_week(anchor, weekday):
    resolved = only(f"The dam gave way on {WEEKDAY_NAMES[weekday]} last week.", anchor).date
    this_monday = anchor - timedelta(days=anchor.weekday())
    assert resolved == this_monday - timedelta(days=7) + timedelta(days=weekday)


@given(ANCHORS, st.integers(1, 12), st.integers(1, 28))
def test_yearless_dates_land_within_a_year_of_the_anchor(anchor, month, day):
    resolved = only(f"Ships docked on {day} {date(2000, month, 1):%B}.", anchor).date
    assert resolved is not None and (resolved.month, resolved.day) == (month, day)
    assert -365 < (resolved - anchor).days <= 62


@given(st.text(alphabet="MonayAprl 0123456789,()-.", max_size=40))
def test_spans_are_consistent_and_disjoint(sentence):
    found = find_dates(sentence, MONDAY)
    for m in found:
        assert sentence[m.start : m.end] == m.text
    assert all(a.end <= b.start for a, b in pairwise(found))


class TestAnchorDate:
    TODAY = date(2025, 9, 1)

    def test_published_date_wins(self):
        text = "The mayor said on Monday (Apr 28) that the pier was safe."
        assert anchor_date(text, "2025-05-02", self.TODAY) == date(2025, 5, 2)
        assert anchor_date(text, "2025-05-02T08:30:00+00:00", self.TODAY) == date(2025, 5, 2)

    def test_weekday_with_a_day_month_dates_the_text(self):
        text = "The mayor said on Monday (Apr 28) that the pier was safe."
        assert anchor_date(text, None, self.TODAY) == MONDAY
        text = "Harbour officials said on Monday (June 9) the dredging was done."
        assert anchor_date(text, None, self.TODAY) == date(2025, 6, 9)

    def test_year_is_the_latest_not_after_today(self):
        text = "Harbour officials said on Monday (June 9) the dredging was done."
        # June 9 fell on a Monday in 2025, but that is still ahead; before that, 2014.
        assert anchor_date(text, None, date(2025, 6, 8)) == date(2014, 6, 9)

    def test_unparseable_published_falls_back_to_the_text(self):
        text = "The council said on Friday, April 25, that the pier would reopen."
        assert anchor_date(text, "last spring", self.TODAY) == date(2025, 4, 25)

    def test_latest_of_several_agreeing_pairs(self):
        text = (
            "The storm hit on Thursday (Apr 24). The mayor spoke on Monday (Apr 28), "
            "and crews returned on Saturday (Apr 26)."
        )
        assert anchor_date(text, None, self.TODAY) == MONDAY

    def test_explicit_year_is_used(self):
        text = "The pact was signed on Monday, April 28, 2025, in Vell."
        assert anchor_date(text, None, self.TODAY) == MONDAY

    def test_nothing_dates_the_text(self):
        assert anchor_date("The pier closed on Monday after a storm.", None, self.TODAY) is None
        assert anchor_date("The pier closed on Apr 28.", None, self.TODAY) is None
        assert anchor_date("", None, self.TODAY) is None
