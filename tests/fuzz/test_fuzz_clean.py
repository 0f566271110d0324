"""Fuzz target: ``clean_page`` (``storyfold.clean``).

It never raises; every line it keeps is a line of the page (after its normalisation);
every non-blank line of the page is kept, dropped with a reason, or an article's title;
articles are numbered in order and named after the document.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from storyfold.clean import clean_page, lexicon
from storyfold.clean.lines import line_key
from storyfold.text import clean_line

from .profile import fuzz, hostile_text, news_text


def _normalised(raw: str) -> str:
    return clean_line(lexicon.CMS_MARKERS.sub(" ", clean_line(raw)))


@fuzz
@given(
    st.one_of(news_text(), hostile_text()),
    st.one_of(st.none(), hostile_text(max_tokens=6)),
    st.booleans(),
)
# found by make fuzz: the headline line was neither kept nor dropped when a metadata
# title unlike it was given (it was taken as the title, which the metadata one replaced)
@example(
    "Storm shuts Tarrow harbour wall\n\n"
    "The Tarrow harbour council closed the north wall on Tuesday after a storm damaged it.\n"
    "Engineers said repairs to the old stonework would take six weeks to finish in spring.\n"
    "The fish market will stay open throughout the work, a council spokesperson said.\n",
    "Council news",
    False,
)
@example("the \x00 the the \u2014\nthe the the the ", "the \x00 the the ", False)  # make fuzz
def test_clean_page_keeps_only_page_lines_and_explains_the_rest(
    text: str, title: str | None, extracted: bool
) -> None:
    articles = clean_page(text, document_id="d1", title=title, extracted=extracted)
    page = [ln for ln in text.splitlines() if clean_line(ln)]
    normalised = {_normalised(ln) for ln in page}
    kept: set[str] = set()
    for k, art in enumerate(articles):
        assert (art.id, art.document_id, art.position) == (f"d1#{k}", "d1", k)
        for line in art.text.split("\n") if art.text else []:
            assert line in normalised, line
            kept.add(line)
    dropped = {d.line for a in articles for d in a.dropped}
    assert all(d.reason for a in articles for d in a.dropped)
    titles = {a.title for a in articles if a.title}
    for raw in page:
        if not articles:
            break
        assert (
            _normalised(raw) in kept | titles
            or raw.strip() in dropped
            or (_normalised(raw) in {_normalised(t) for t in titles})
            # the headline line is the metadata title when their line keys agree
            # (punctuation aside: "Storm hits coast —" is the title "Storm hits coast")
            or (title is not None and line_key(raw) == line_key(clean_line(title)))
        ), raw
