"""When an article was written: its publication date, else the dateline on its page.

Only full calendar dates count ("June 13, 2013", "14 June 2013", "2013-06-13",
"09/14/2013" when day and month cannot be swapped): a year alone or a weekday
cannot anchor an article in time. Grouping keeps two stories apart when their
anchored articles lie far apart (see :class:`~storyfold.stories.group.StoryConfig`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from ..clean.lines import DATE_LINE
from ..clean.page import is_address
from ..model import Article

DATELINE_REASONS = frozenset({DATE_LINE, "timestamp"})
"""Reasons under which the cleaner drops a page's date or time line."""
_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MON_NAME = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MON = _MON_NAME + r"\.?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_PATTERNS = [
    re.compile(rf"\b{_MON}\s+{_DAY}\s*,?\s*{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}\s*,?\s*{_YEAR}\b", re.IGNORECASE),
    re.compile(
        r"\b(?P<y>(?:19|20)\d\d)\s*(?P<sep>[-./])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)"
    ),
    re.compile(r"\b(?P<a>\d{1,2})\s*/\s*(?P<b>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d\d)\b"),
]
MAX_DATELINE_CHARS = 120
"""Longer dropped lines are not datelines, whatever dates they mention."""


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def explicit_dates(text: str) -> list[date]:
    """Full calendar dates written in a text, in the order found."""
    found: list[tuple[int, date]] = []
    for i, pat in enumerate(_PATTERNS):
        for m in pat.finditer(text):
            g = m.groupdict()
            y = int(g["y"])
            if i < 2:
                day = _make(y, _MONTHS[g["mon"][:3].lower()], int(g["d"]))
            elif i == 2:
                day = _make(y, int(g["m"]), int(g["d"]))
            else:
                a, b = int(g["a"]), int(g["b"])
                if a > 12 >= b:
                    day = _make(y, b, a)
                elif b > 12 >= a or a == b:
                    day = _make(y, a, b)
                else:
                    day = None  # 05/03: May 3 or 5 March, cannot tell
            if day is not None:
                found.append((m.start(), day))
    return [d for _, d in sorted(found, key=lambda x: x[0])]


def anchor_day(published: str | None, date_lines: Iterable[str] = ()) -> date | None:
    """The day an article was written: its publication date, else its page's first dateline."""
    if published and len(published) >= 10:
        try:
            return date.fromisoformat(published[:10])
        except ValueError:
            pass
    for line in date_lines:
        if len(line) <= MAX_DATELINE_CHARS:
            days = explicit_dates(line)
            if days:
                return days[0]
    return None


_URL_DATE = re.compile(
    rf"/(?P<y>(?:19|20)\d\d)(?:/(?P<m>\d{{1,2}})/|/{_MON_NAME}/|-(?P<m2>\d{{1,2}})-)"
    r"(?P<d>\d{1,2})(?=[/_.-]|$)",
    re.IGNORECASE,
)
HEAD_LINES = 5
"""Dropped lines read for a loose date: the page's first few, where its own date stands."""
MAX_LOOSE_WORDS = 2
"""Words besides the date a short dropped line may hold to count as a date line."""


def url_date(line: str) -> date | None:
    """The date an address's path gives (``/2013/05/02/``, ``/2009-04-28``, ``/2013/aug/04/``)."""
    if not is_address(line):
        return None
    m = _URL_DATE.search(re.sub(r"\s+", "", line))
    if m is None:
        return None
    g = m.groupdict()
    month = _MONTHS[g["mon"][:3].lower()] if g["mon"] else int(g["m"] or g["m2"])
    return _make(int(g["y"]), month, int(g["d"]))


def _loose_date_line(line: str) -> bool:
    """A short line that is mostly a date ("May 2, 2013 | 5:03pm")."""
    if len(line) > 40 or not explicit_dates(line):
        return False
    rest = line
    for pat in _PATTERNS:
        rest = pat.sub(" ", rest)
    return len(re.findall(r"[^\W\d_]{3,}", rest)) <= MAX_LOOSE_WORDS


def date_lines(article: Article) -> list[str]:
    """The lines that date an article's page, best first.

    Date and time lines the cleaner cut come first; then a date in the page's
    address (news addresses often carry one), given as ``YYYY-MM-DD``; then a
    short line that is mostly a date among the page's first dropped lines.
    """
    lines = [d.line for d in article.dropped if d.reason in DATELINE_REASONS]
    head = article.dropped[:HEAD_LINES]
    for d in head:
        day = url_date(d.line)
        if day is not None:
            lines.append(day.isoformat())
            break
    lines.extend(
        d.line for d in head if d.reason not in DATELINE_REASONS and _loose_date_line(d.line)
    )
    return lines
