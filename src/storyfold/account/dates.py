"""Dates in news sentences, absolute and relative, resolved against an anchor date.

The anchor is the publication date (or a date the text gives for its own
reference point, see :func:`anchor_date`). Conventions, all relative to the
anchor and with weeks starting on Monday:

* a bare weekday ("on Saturday", "Saturday") is the most recent such day on or
  before the anchor, as news reports past events; when a future marker ("will",
  "is due to", "is scheduled to", ...) precedes it in the same sentence with no
  speech verb in between ("will visit Seoul, officials said on Monday" stays
  past), it is the next such day on or after the anchor;
* "X last week" and "last X" are weekday X of the previous calendar week, "X this
  week" and "this X" of the anchor's week, "X next week" and "next X" of the
  following week, "coming X" the first X strictly after the anchor; so with the
  anchor on Monday 2025-04-28, "Saturday last week", "last Saturday" and a bare
  "Saturday" are all 2025-04-26;
* "today", "tonight", "this morning/afternoon/evening" are the anchor,
  "yesterday" and "last night" the day before, "tomorrow" the day after;
* periods ("last week", "this month", "earlier this year", "the past week") get
  ``date=None``: a single day would be false precision. :func:`period_bounds`
  gives their first and last day (calendar periods; "past" periods are rolling,
  ending on the anchor);
* a day-month without a year takes the year that puts it no more than
  :data:`FUTURE_DAYS` after the anchor and less than a year before it (so the
  anchor's year, the previous year when it would otherwise land more than about
  two months ahead, or the next year for early-January dates near New Year);
* a weekday paired with a day-month ("Monday (Apr 28)", "Monday, April 28") is
  one mention carrying the explicit date;
* without an anchor only absolute dates that give their year resolve.

A mention's span covers the date phrase itself, not a preposition before it:
"on Thursday last week" gives the text "Thursday last week".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

FUTURE_DAYS = 62
"""How far after the anchor a year-less day-month may fall before it is read as last year's."""

MONTHS: dict[str, int] = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

_MONTH_ALTERNATIVES = "|".join(sorted((m.title() for m in MONTHS), key=len, reverse=True))
_MONTH = rf"(?P<mon>{_MONTH_ALTERNATIVES})\b\.?"
_YEAR = r"(?:,?\s+(?P<y>(?:19|20)\d{2})\b)?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\b"
_WEEKDAY = "(?P<wd>" + "|".join(w.title() for w in WEEKDAYS) + r")\b"

_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}{_YEAR}")
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}")
_WEEKDAY_PHRASE = re.compile(
    rf"\b(?:(?P<pre>(?i:last|this|next|coming))\s+)?{_WEEKDAY}"
    r"(?:\s+(?P<post>(?i:last|this|next))\s+week\b)?"
)
_DAY_WORD = re.compile(
    r"\b(?i:today|tonight|yesterday|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))\b"
)
_PERIOD = re.compile(
    r"\b(?i:(?:(?:earlier|later)\s+)?(?P<rel>last|this|next|(?:the\s+)?past)\s+"
    r"(?P<unit>week|month|year))\b"
)
# A weekday, then optionally a comma or an opening parenthesis, then a date.
_PAIR_GAP = re.compile(r",?\s*\(?\s*$")

_FUTURE = re.compile(
    r"(?i:\b(?:will|shall|won't|(?:is|are)\s+(?:due|set|scheduled)\s+to|scheduled\s+for|"
    r"plans?\s+to)\b|'ll\b)"
)
_SPEECH = re.compile(
    r"(?i:\b(?:said|says|say|told|added|announced|reported|stated|confirmed|noted|wrote)\b)"
)

_DAY_WORD_OFFSET = {"yesterday": -1, "last night": -1, "tomorrow": 1}


@dataclass(slots=True, frozen=True)
class DateMention:
    """A date phrase in a sentence: its text and offsets, the day it names
    (``None`` when it cannot be resolved or names a period) and whether it is
    relative to the anchor (weekdays, "yesterday", "last week") or absolute."""

    text: str
    start: int
    end: int
    date: date | None
    relative: bool


@dataclass(slots=True)
class _Raw:
    """One date phrase before resolution; which fields are set depends on ``kind``
    ("absolute", "weekday", "day", "period")."""

    start: int
    end: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    shift: str | None = None
    word: str | None = None


def _absolute(match: re.Match[str]) -> _Raw:
    """A raw absolute date from a match with ``d``, ``y`` and ``mon`` (or ``m``) groups."""
    groups = match.groupdict()
    month = int(groups["m"]) if groups.get("m") else MONTHS[groups["mon"].lower()]
    year = int(groups["y"]) if groups.get("y") else None
    return _Raw(match.start(), match.end(), "absolute", year, month, int(groups["d"]))


def _weekday(match: re.Match[str]) -> _Raw:
    """A raw weekday phrase; ``shift`` is last/this/next/coming or None for a bare weekday."""
    shift = match.group("pre") or match.group("post")
    day = WEEKDAYS.index(match.group("wd").lower())
    return _Raw(match.start(), match.end(), "weekday", weekday=day, shift=shift and shift.lower())


def _candidates(sentence: str) -> list[_Raw]:
    """Every date phrase any pattern finds, overlapping ones included."""
    found = [_absolute(m) for rx in (_ISO, _MONTH_DAY, _DAY_MONTH) for m in rx.finditer(sentence)]
    found += [_weekday(m) for m in _WEEKDAY_PHRASE.finditer(sentence)]
    for m in _DAY_WORD.finditer(sentence):
        word = " ".join(m.group().lower().split())
        found.append(_Raw(m.start(), m.end(), "day", word=word))
    for m in _PERIOD.finditer(sentence):
        word = " ".join(m.group().lower().split())
        found.append(_Raw(m.start(), m.end(), "period", word=word))
    return found


def _pair(sentence: str, found: list[_Raw]) -> list[_Raw]:
    """Merge a bare weekday directly followed by a day-month ("Monday (Apr 28)")
    into one absolute phrase that remembers the weekday."""
    absolutes = [r for r in found if r.kind == "absolute"]
    merged: list[_Raw] = []
    for raw in found:
        if raw.kind == "weekday" and raw.shift is None:
            for other in absolutes:
                gap = sentence[raw.end : other.start]
                if other.start >= raw.end and len(gap) <= 3 and _PAIR_GAP.match(gap):
                    end = other.end + (sentence[other.end : other.end + 1] == ")" and "(" in gap)
                    merged.append(
                        _Raw(
                            raw.start,
                            end,
                            "absolute",
                            other.year,
                            other.month,
                            other.day,
                            weekday=raw.weekday,
                        )
                    )
    return found + merged


def _select(found: list[_Raw]) -> list[_Raw]:
    """Longest phrases first, dropping any that overlap one already taken; in text order."""
    taken: list[_Raw] = []
    for raw in sorted(found, key=lambda r: (r.start - r.end, r.start)):
        if all(raw.end <= t.start or raw.start >= t.end for t in taken):
            taken.append(raw)
    return sorted(taken, key=lambda r: r.start)


def _scan(sentence: str) -> list[_Raw]:
    """The date phrases of a sentence, non-overlapping, in text order."""
    return _select(_pair(sentence, _candidates(sentence)))


def _safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)``, or None when there is no such day."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, anchor: date) -> date | None:
    """The day-month in the year that puts it within (anchor - ~10 months, anchor + FUTURE_DAYS]
    (a 366-day window, so a leap day never leaves a gap)."""
    for year in (anchor.year + 1, anchor.year, anchor.year - 1):
        candidate = _safe_date(year, month, day)
        if candidate and -(366 - FUTURE_DAYS) < (candidate - anchor).days <= FUTURE_DAYS:
            return candidate
    return None


def _is_future(before: str) -> bool:
    """Whether the text before a bare weekday (same sentence) puts it in the future."""
    clause = re.split(r"[.!?]\s", before)[-1]
    markers = list(_FUTURE.finditer(clause))
    return bool(markers) and not _SPEECH.search(clause, markers[-1].end())


def _weekday_date(raw: _Raw, anchor: date, future: bool) -> date:
    """The day a weekday phrase names, by the conventions in the module docstring."""
    assert raw.weekday is not None
    monday = anchor - timedelta(days=anchor.weekday())
    week = {"last": -1, "this": 0, "next": 1}.get(raw.shift or "")
    if week is not None:
        return monday + timedelta(days=7 * week + raw.weekday)
    ahead = (raw.weekday - anchor.weekday()) % 7
    if raw.shift == "coming":
        return anchor + timedelta(days=ahead or 7)
    if future:
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=(anchor.weekday() - raw.weekday) % 7)


def _resolve(raw: _Raw, anchor: date | None, future: bool) -> date | None:
    """The day a raw phrase names, or None (periods, invalid days, missing anchor)."""
    if raw.kind == "absolute":
        assert raw.month is not None and raw.day is not None
        if raw.year is not None:
            return _safe_date(raw.year, raw.month, raw.day)
        return _infer_year(raw.month, raw.day, anchor) if anchor else None
    if anchor is None or raw.kind == "period":
        return None
    if raw.kind == "day":
        return anchor + timedelta(days=_DAY_WORD_OFFSET.get(raw.word or "", 0))
    return _weekday_date(raw, anchor, future)


def find_dates(sentence: str, anchor: date | None) -> list[DateMention]:
    """Date phrases in ``sentence``, in text order, resolved against ``anchor``.

    >>> [(m.text, str(m.date)) for m in find_dates("It began on Thursday last week.",
    ...                                            date(2025, 4, 28))]
    [('Thursday last week', '2025-04-24')]
    """
    out = []
    for raw in _scan(sentence):
        future = raw.kind == "weekday" and _is_future(sentence[max(0, raw.start - 200) : raw.start])
        when = _resolve(raw, anchor, future)
        text = sentence[raw.start : raw.end]
        out.append(DateMention(text, raw.start, raw.end, when, raw.kind != "absolute"))
    return out


def period_bounds(mention: DateMention, anchor: date) -> tuple[date, date] | None:
    """First and last day a mention covers: ``(d, d)`` for a resolved day, the
    calendar week (Monday to Sunday), month or year for "last/this/next week|month|year"
    (also with "earlier"/"later"), the 7/30/365 days up to the anchor for "past ...";
    None for anything else."""
    if mention.date is not None:
        return mention.date, mention.date
    match = _PERIOD.fullmatch(mention.text)
    if match is None:
        return None
    rel = match.group("rel").lower().split()[-1]
    unit = match.group("unit").lower()
    if rel == "past":
        return anchor - timedelta(days={"week": 7, "month": 30, "year": 365}[unit]), anchor
    step = {"last": -1, "this": 0, "next": 1}[rel]
    return _calendar_period(unit, step, anchor)


def _calendar_period(unit: str, step: int, anchor: date) -> tuple[date, date]:
    """The calendar week, month or year ``step`` units from the one holding ``anchor``."""
    if unit == "week":
        first = anchor - timedelta(days=anchor.weekday()) + timedelta(days=7 * step)
        return first, first + timedelta(days=6)
    if unit == "year":
        return date(anchor.year + step, 1, 1), date(anchor.year + step, 12, 31)
    index = anchor.year * 12 + anchor.month - 1 + step
    first = date(index // 12, index % 12 + 1, 1)
    following = date((index + 1) // 12, (index + 1) % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _parse_published(published: str | None) -> date | None:
    """The date part of an ISO date or timestamp string, or None when it is not one."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _best_year(pairs: list[_Raw], today: date) -> int | None:
    """The most recent year (not after ``today``, within one 28-year calendar cycle)
    in which the most weekday/day-month pairs agree."""
    best, best_count = None, 0
    for year in range(today.year, today.year - 28, -1):
        count = sum(1 for p in pairs if _pair_date(p, year, today) is not None)
        if count > best_count:
            best, best_count = year, count
    return best


def _pair_date(pair: _Raw, year: int, today: date) -> date | None:
    """The pair's day-month in ``year`` when it falls on its weekday and not after today."""
    assert pair.month is not None and pair.day is not None
    day = _safe_date(pair.year or year, pair.month, pair.day)
    if day is None or day.weekday() != pair.weekday or day > today:
        return None
    return day


def anchor_date(text: str, published: str | None, today: date | None = None) -> date | None:
    """The date a text is anchored to: ``published`` when it is an ISO date (or
    timestamp); otherwise the latest day the text pins to a weekday itself, as in
    "said on Monday (Apr 28)" or "on Friday, June 13". A year-less pair takes the
    most recent year, not after ``today`` (default: the system date), in which
    that day-month falls on that weekday; with several pairs the year most of them
    agree on wins. None when nothing dates the text."""
    parsed = _parse_published(published)
    if parsed is not None:
        return parsed
    pairs = [r for r in _scan(text) if r.kind == "absolute" and r.weekday is not None]
    if not pairs:
        return None
    today = today or date.today()
    year = _best_year(pairs, today)
    if year is None:
        return None
    days = [d for p in pairs if (d := _pair_date(p, year, today)) is not None]
    return max(days)
