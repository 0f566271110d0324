"""HTML ingestion: main text and metadata from fictional news pages."""

from __future__ import annotations

import pytest

from storyfold.ingest.html import HtmlPage, extract_html, is_boilerplate_line

BODY = [
    "The Tarrow harbour council approved repairs to the north wall on Tuesday, after a winter "
    "storm tore a forty-metre breach in the old stonework last month.",
    "Engineers told the meeting that the breach had widened by almost two metres since "
    "January, and that the fishing fleet could lose its only sheltered mooring if the wall "
    "is left alone for another season.",
    "Work will begin in April and is expected to take six weeks. The fish market on the "
    "quay will stay open throughout, though the slipway will close for most of May.",
    "Councillor Maren Holt, who chairs the harbour committee, said the repairs would be "
    "paid for from the coastal defence reserve rather than from a rise in mooring fees.",
    "Local skippers welcomed the vote but asked for a timetable for the south pier, which "
    "they say has been cracking since the same storm and is now closed to heavy lorries.",
]
SUBHEADING = "What happens to the moorings"
AFTER_SUBHEADING = (
    "Boats currently tied up along the north wall will be moved to temporary pontoons in the "
    "outer basin, and the harbour master will publish a berthing plan next week."
)

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harbour wall repairs approved after storm damage | The Tarrow Courier</title>
  <meta property="og:title" content="Harbour wall repairs approved after storm damage">
  <meta property="og:site_name" content="The Tarrow Courier">
  <meta name="author" content="Ellen Marsh">
  <meta property="article:published_time" content="2024-03-12T09:30:00+00:00">
  <meta name="description" content="Council backs six weeks of work on the north wall.">
  <link rel="canonical" href="https://courier.example/news/harbour-wall-repairs">
</head>
<body>
  <div id="cookie-banner" class="cookie-consent">
    <p>We use cookies to improve your experience. By continuing you accept our cookie policy.</p>
    <button>Accept all cookies</button>
  </div>
  <header class="site-header">
    <nav class="main-nav"><ul>
      <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
      <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
      <li><a href="/contact">Contact the newsroom</a></li>
    </ul></nav>
  </header>
  <main>
    <article class="post">
      <h1>Harbour wall repairs approved after storm damage</h1>
      <p class="byline">By Ellen Marsh</p>
      <p class="dateline">Published 12 March 2024</p>
      <div class="share-buttons"><ul>
        <li><a href="https://facebook.example/share">Share on Facebook</a></li>
        <li><a href="https://twitter.example/share">Share on Twitter</a></li>
        <li><a href="mailto:?subject=story">Email this story</a></li>
      </ul></div>
      <div class="entry-content">
        <p>{BODY[0]}</p>
        <p>{BODY[1]}</p>
        <p>{BODY[2]}</p>
        <h2>{SUBHEADING}</h2>
        <p>{AFTER_SUBHEADING}</p>
        <p>{BODY[3]}</p>
        <p>{BODY[4]}</p>
      </div>
      <div class="newsletter-signup">
        <p>Sign up for our morning newsletter and get the headlines delivered to your inbox.</p>
        <form><input type="email" placeholder="Your email"><button>Subscribe</button></form>
      </div>
    </article>
    <aside class="related-articles">
      <h3>Related articles</h3>
      <ul>
        <li><a href="/news/ferry-timetable">Ferry timetable changes for the spring season</a></li>
        <li><a href="/news/lifeboat-appeal">Lifeboat appeal passes its fundraising target</a></li>
        <li><a href="/news/market-hall">Market hall roof to be replaced next year</a></li>
      </ul>
    </aside>
  </main>
  <footer class="site-footer">
    <p>© 2024 The Tarrow Courier. All rights reserved.</p>
    <ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms</a></li></ul>
  </footer>
</body>
</html>
"""

BOILERPLATE_SNIPPETS = [
    "Home",
    "Sport",
    "Contact the newsroom",
    "cookies",
    "Share on Facebook",
    "Share on Twitter",
    "Email this story",
    "Sign up for our morning newsletter",
    "Subscribe",
    "Related articles",
    "Ferry timetable changes",
    "Lifeboat appeal",
    "All rights reserved",
    "Privacy policy",
    "By Ellen Marsh",
]


@pytest.fixture(scope="module")
def page() -> HtmlPage:
    return extract_html(NEWS_PAGE, url="https://courier.example/news/harbour-wall-repairs")


def test_body_sentences_are_kept_one_paragraph_per_line(page):
    lines = page.text.splitlines()
    for sentence in [*BODY, AFTER_SUBHEADING]:
        assert sentence in lines, sentence
    # document order is preserved
    positions = [lines.index(s) for s in BODY]
    assert positions == sorted(positions)


def test_subheading_is_its_own_line(page):
    lines = page.text.splitlines()
    assert SUBHEADING in lines
    assert lines.index(SUBHEADING) + 1 == lines.index(AFTER_SUBHEADING)


def test_navigation_share_cookie_related_and_footer_are_dropped(page):
    for snippet in BOILERPLATE_SNIPPETS:
        assert snippet.lower() not in page.text.lower(), snippet


def test_headline_is_not_repeated_in_text(page):
    assert "Harbour wall repairs approved after storm damage" not in page.text


def test_metadata(page):
    assert page.title == "Harbour wall repairs approved after storm damage"
    assert page.author == "Ellen Marsh"
    assert page.published == "2024-03-12"
    assert page.site == "The Tarrow Courier"
    assert page.url == "https://courier.example/news/harbour-wall-repairs"


def test_canonical_url_is_used_when_none_is_given():
    page = extract_html(NEWS_PAGE)
    assert page.url == "https://courier.example/news/harbour-wall-repairs"
    assert BODY[0] in page.text


def test_site_name_is_stripped_from_the_title_tag():
    html = NEWS_PAGE.replace(
        '<meta property="og:title" content="Harbour wall repairs approved after storm damage">',
        "",
    )
    assert extract_html(html).title == "Harbour wall repairs approved after storm damage"


def test_headline_becomes_the_title_when_the_page_has_no_title():
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    html = (
        "<html><body><article><h1>Skerrin ferry returns to service</h1>"
        f"{paragraphs}</article></body></html>"
    )
    page = extract_html(html)
    assert page.title == "Skerrin ferry returns to service"
    assert BODY[2] in page.text.splitlines()


@pytest.mark.parametrize("label", ["Match report", "Analysis"])
def test_a_kicker_over_the_headline_is_dropped_with_its_reason(label):
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    html = (
        "<html><head><title>Skerrin ferry returns</title></head><body><article>"
        f"<p class='label'>{label}</p><h1>Skerrin ferry returns to service</h1>"
        f"{paragraphs}</article></body></html>"
    )
    page = extract_html(html)
    assert label not in page.text.splitlines()
    assert (label, "kicker") in [(d.line, d.reason) for d in page.dropped]
    assert page.text.splitlines()[0] == BODY[0]


def test_a_short_line_not_over_the_headline_is_kept():
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    html = (
        "<html><head><title>Skerrin ferry returns</title></head><body>"
        "<div><p>Match report</p></div><article><h1>Skerrin ferry returns to service</h1>"
        f"<p>Quay works</p>{paragraphs}</article></body></html>"
    )
    page = extract_html(html)
    assert all(d.reason != "kicker" for d in page.dropped)


def test_trailing_related_section_inside_the_article_is_cut():
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    html = (
        "<html><head><title>Harbour repairs</title></head><body><article>"
        f"{paragraphs}<h3>You may also like</h3>"
        "<p>Ferry timetable changes for spring</p><p>Lifeboat appeal hits its target</p>"
        "</article></body></html>"
    )
    text = extract_html(html).text
    assert BODY[-1] in text
    assert "You may also like" not in text
    assert "Ferry timetable" not in text


def test_script_only_shell_gives_empty_text():
    html = (
        "<html><head><title>App</title></head><body><div id='root'></div>"
        "<script>window.__DATA__ = {'story': 'loaded later'};</script></body></html>"
    )
    assert extract_html(html).text == ""


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   \n\t",
        "just a sentence of plain text, no markup at all",
        "<html><body><p>unclosed <b>tags <i>everywhere",
        "<<<>>></div></p></body>",
        "<html>" + "<div>" * 3000 + "deep" + "</div>" * 3000 + "</html>",
        "\x00\x01\x02\x03 binary junk \xff\xfe",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ],
)
def test_bad_markup_never_raises(bad):
    page = extract_html(bad)  # type: ignore[arg-type]
    assert isinstance(page, HtmlPage)
    assert isinstance(page.text, str)


def test_empty_input_gives_empty_text():
    assert extract_html("").text == ""
    assert extract_html("<html><body></body></html>").text == ""


@pytest.mark.parametrize(
    "line",
    [
        "Share",
        "Share this article",
        "Sign up for our newsletter",
        "Thanks for subscribing!",
        "Related: Ferry timetable changes for spring",
        "Read more",
        "Photo: Ellen Marsh",
        "Image courtesy of the harbour trust",
        "By Ellen Marsh",
        "Written by: Ellen Marsh, Senior Reporter",
        "Updated on March 12, 2024",
        "4 min read",
        "Table of contents",
    ],
)
def test_boilerplate_lines(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        *BODY,
        "By the end of the week the council had agreed a budget.",
        "Share prices in the fishing cooperative rose after the vote.",
        "Photographers gathered on the quay to watch the cranes arrive.",
    ],
)
def test_article_lines_are_not_boilerplate(line):
    assert not is_boilerplate_line(line)


def test_only_the_tail_is_trimmed_to_the_precision_run():
    from lxml import etree

    from storyfold.ingest.html import OUTSIDE_AGREEMENT, _trim_to_agreement

    lead = "Council backs repairs; work starts in April and should take six weeks"
    tail = "Sign up for our morning newsletter and get the headlines every day"
    body = etree.fromstring(
        f"<body><p>{lead}</p>" + "".join(f"<p>{b}</p>" for b in BODY) + f"<p>{tail}</p></body>"
    )
    precision = etree.fromstring("<body>" + "".join(f"<p>{b}</p>" for b in BODY) + "</body>")
    removed: list = []
    _trim_to_agreement(body, precision, removed)
    kept = [p.text for p in body]
    assert kept == [lead, *BODY]  # the lead before the agreed text is the article's own
    assert [(d.line, d.reason) for d in removed] == [(tail, OUTSIDE_AGREEMENT)]


TEASERS = [
    (
        "Lifeboat crew rescues two walkers cut off by the tide",
        "Two walkers were lifted off a sandbank near Carrow Point on Sunday after the "
        "incoming tide cut them off from the beach.",
    ),
    (
        "Market hall roof to be replaced after winter leaks",
        "Traders at the covered market say buckets have lined the aisles since November, "
        "and the council has now set aside money for a new roof.",
    ),
    (
        "School choir wins the regional festival for a third year",
        "Forty pupils from Tarrow Primary sang in the final at the Guildhall, beating "
        "eleven other choirs from across the county.",
    ),
]


def _teaser_page(cards: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<li><h3><a href="/news/{n}">{head}</a></h3><p>{summary}</p></li>'
        for n, (head, summary) in enumerate(cards)
    )
    # the teasers sit inside the article's container, with no heading: extractors keep them
    return NEWS_PAGE.replace(
        f"<p>{BODY[4]}</p>\n      </div>",
        f"<p>{BODY[4]}</p>\n<ul class='more'>{items}</ul>\n      </div>",
    )


def test_teasers_ending_the_text_are_split_off():
    page = extract_html(_teaser_page(TEASERS), url="https://courier.example/news/x")
    assert [(t.headline, t.summary) for t in page.teasers] == TEASERS
    assert page.text.splitlines()[-1] == BODY[4]
    for head, summary in TEASERS:
        assert head not in page.text and summary not in page.text


def test_two_teasers_are_not_enough_to_split():
    page = extract_html(_teaser_page(TEASERS[:2]), url="https://courier.example/news/x")
    assert page.teasers == []


def test_a_list_of_links_in_the_article_is_no_teaser_list():
    links = "".join(
        f'<li>See the <a href="/r/{n}">{head}</a> report</li>'
        for n, (head, _s) in enumerate(TEASERS)
    )
    html = NEWS_PAGE.replace(
        f"<p>{BODY[4]}</p>\n      </div>",
        f"<p>{BODY[4]}</p>\n<ul>{links}</ul>\n      </div>",
    )
    page = extract_html(html, url="https://courier.example/news/x")
    assert page.teasers == []
