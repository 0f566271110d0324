"""Feeds read from files: one document per item, with its title, link, date and text.

The fixtures are fictional feeds written here; the real feeds of
``../shared/eval/realworld-dev/ingest/feeds/`` are read when present.
"""

from __future__ import annotations

import json

import pytest

from storyfold.cli import main
from storyfold.ingest.feeds import fragment_text, parse_feed, parse_opml, sniff_xml_root
from storyfold.ingest.sources import RawInput, read_inputs
from tests.conftest import shared_path

BODY = (
    "<p>The harbour authority of Port Avalen said on Tuesday that the north pier will close "
    "for repairs from the first of March, after divers found cracks in three of its pillars.</p>"
    "<p>Ferries to the islands will leave from the south quay while the work lasts, the "
    "authority said, and timetables will not change.</p>"
)

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Avalen Gazette</title><link>https://gazette.example/</link>
<language>en</language>
<item><title>North pier to close for repairs</title>
<link>https://gazette.example/pier?utm_source=rss&amp;id=7#top</link>
<pubDate>Tue, 04 Feb 2025 09:30:00 +0000</pubDate><dc:creator>Mara Lind</dc:creator>
<description>Short summary.</description>
<content:encoded><![CDATA[{BODY}<script>alert(1)</script>]]></content:encoded></item>
<item><title>Council votes on bus lanes</title><link>https://gazette.example/bus</link>
<pubDate>Wed, 05 Feb 2025 10:00:00 +0000</pubDate>
<description>&lt;p&gt;The city council will vote on Thursday on two new bus lanes along the
river road, its transport committee said.&lt;/p&gt;</description></item>
<item><title>Lighthouse keeper retires after forty years</title>
<link>https://gazette.example/light</link><pubDate>Thu, 06 Feb 2025 08:00:00 +0000</pubDate>
</item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Notes</title>
<link href="https://notes.example/"/><id>urn:notes</id><updated>2025-02-04T12:00:00Z</updated>
<entry><title>Pier closure confirmed</title><link href="https://notes.example/pier"/>
<id>urn:notes:1</id><updated>2025-02-04T12:00:00Z</updated><author><name>J. Ward</name></author>
<content type="html">{BODY.replace("<", "&lt;").replace(">", "&gt;")}</content></entry>
</feed>
"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Island Radio",
    "home_page_url": "https://radio.example/",
    "items": [
        {
            "id": "r1",
            "url": "https://radio.example/pier",
            "title": "Pier to shut in March",
            "content_html": BODY,
            "date_published": "2025-02-04T13:00:00+01:00",
            "authors": [{"name": "Ola Brenn"}],
        }
    ],
}

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://science.example/"><title>Science Weekly</title>
<link>https://science.example/</link><description>d</description></channel>
<item rdf:about="https://science.example/a"><title>Moss grows on the moon base</title>
<link>https://science.example/a</link><dc:date>2025-01-02T10:00:00Z</dc:date></item>
</rdf:RDF>
"""


def _fold_json(runner, tmp_path, *paths):
    out = tmp_path / "out.json"
    result = runner.invoke(
        main, ["fold", *map(str, paths), "--db", str(tmp_path / "t.db"), "--json", str(out)]
    )
    assert result.exit_code in (0, 1), result.output
    return result, json.loads(out.read_text(encoding="utf-8"))


def test_rss_items_become_documents_with_their_metadata(runner, tmp_path):
    feed = tmp_path / "gazette.rss"
    feed.write_text(RSS, encoding="utf-8")
    result, data = _fold_json(runner, tmp_path, feed)
    assert result.exit_code == 0, result.output
    docs = {d["title"]: d for d in data["documents"]}
    assert len(docs) == 3
    pier = docs["North pier to close for repairs"]
    assert pier["kind"] == "feed" and pier["text_from"] == "content"
    assert pier["url"] == "https://gazette.example/pier?id=7"  # tracking and fragment gone
    assert pier["published"].startswith("2025-02-04T09:30:00")
    assert pier["author"] == "Mara Lind" and pier["site"] == "Avalen Gazette"
    assert docs["Council votes on bus lanes"]["text_from"] == "summary"
    assert docs["Lighthouse keeper retires after forty years"]["text_from"] == "title"
    texts = {a["document"]: a["text"] for a in data["articles"]}
    assert "south quay" in texts[pier["id"]] and "alert" not in texts[pier["id"]]
    light = docs["Lighthouse keeper retires after forty years"]["id"]
    assert texts[light] == "Lighthouse keeper retires after forty years"
    assert "give a summary only" in result.stderr and "give a headline only" in result.stderr


def test_atom_json_feed_and_rss1_are_read(runner, tmp_path):
    (tmp_path / "notes.atom").write_text(ATOM, encoding="utf-8")
    (tmp_path / "radio.json").write_text(json.dumps(JSON_FEED), encoding="utf-8")
    (tmp_path / "science.xml").write_text(RSS1, encoding="utf-8")
    _, data = _fold_json(
        runner, tmp_path, tmp_path / "notes.atom", tmp_path / "radio.json", tmp_path / "science.xml"
    )
    by_title = {d["title"]: d for d in data["documents"]}
    assert by_title["Pier closure confirmed"]["author"] == "J. Ward"
    assert by_title["Pier to shut in March"]["published"].startswith("2025-02-04T13:00:00")
    assert by_title["Pier to shut in March"]["author"] == "Ola Brenn"
    assert by_title["Moss grows on the moon base"]["published"].startswith("2025-01-02")
    # the two full reports of the pier closure are one story
    story = {a["document"]: a["story"] for a in data["articles"]}
    pier = [by_title["Pier closure confirmed"]["id"], by_title["Pier to shut in March"]["id"]]
    assert story[pier[0]] == story[pier[1]]


def test_a_summary_that_is_only_a_byline_leaves_the_headline(runner, tmp_path):
    feed = RSS.replace("Short summary.", "").replace(
        "<description>&lt;p&gt;The city council will vote on Thursday on two new bus lanes along "
        "the\nriver road, its transport committee said.&lt;/p&gt;</description>",
        "<description>By Mara Lind and Tom Oster</description>",
    )
    (tmp_path / "g.rss").write_text(feed, encoding="utf-8")
    _, data = _fold_json(runner, tmp_path, tmp_path / "g.rss")
    bus = next(d for d in data["documents"] if d["title"] == "Council votes on bus lanes")
    art = next(a for a in data["articles"] if a["document"] == bus["id"])
    assert art["text"] == "Council votes on bus lanes"


def test_a_refold_of_the_same_feed_adds_nothing(runner, tmp_path):
    feed = tmp_path / "gazette.rss"
    feed.write_text(RSS, encoding="utf-8")
    _fold_json(runner, tmp_path, feed)
    _, again = _fold_json(runner, tmp_path, feed)
    assert again["report"]["documents_new"] == 0
    assert again["report"]["documents_already_stored"] == 3


def test_sniffing_and_fragments():
    assert sniff_xml_root(b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0">') == "rss"
    assert sniff_xml_root(b"\xef\xbb\xbf<feed xmlns='x'>") == "feed"
    assert sniff_xml_root(b"<!DOCTYPE html><html>") == "html"
    assert fragment_text("<p>One &amp; two</p><p>Three<br>four</p>") == "One & two\nThree\nfour"
    assert fragment_text("plain &lt;text&gt;") == "plain <text>"


def test_opml_lists_its_feeds_once():
    opml = b"""<?xml version="1.0"?><opml version="2.0"><body>
    <outline text="News"><outline type="rss" xmlUrl="https://a.example/feed"/>
    <outline type="rss" xmlUrl="https://b.example/rss"/></outline>
    <outline type="rss" xmlUrl="https://a.example/feed"/></body></opml>"""
    assert parse_opml(opml, "subs.opml") == ["https://a.example/feed", "https://b.example/rss"]


def test_a_malformed_feed_is_one_skip(tmp_path):
    bad = tmp_path / "broken.rss"
    bad.write_bytes(b"<rss><channel><title>x</title>")  # no items at all
    items = list(read_inputs([str(bad)]))
    assert len(items) == 1 and not isinstance(items[0], RawInput)
    assert "no items" in items[0].reason or "not a readable" in items[0].reason


REAL_FEEDS = {
    "content-encoded.rss": 7,
    "encoding.rss": 40,
    "feedburner.atom": 25,
    "guardian.rss": 55,
    "guardian.xml": 55,
    "heise.atom": 15,
    "reddit.rss": 24,
    "rss-1.rss": 69,
    "uolNoticias.rss": 15,
}


@pytest.mark.parametrize("name", sorted(REAL_FEEDS))
def test_real_feeds_fold_one_document_per_item(runner, tmp_path, name):
    path = shared_path("eval", "realworld-dev", "ingest", "feeds", name)
    result, data = _fold_json(runner, tmp_path, path)
    docs = data["documents"]
    assert len(docs) == REAL_FEEDS[name], result.stderr
    assert all(d["title"] and d["url"] and d["published"] for d in docs)
    assert all(d["articles"] for d in docs), result.stderr
    text = json.dumps(data, ensure_ascii=False)
    assert "]]>" not in text
    if name in ("encoding.rss", "uolNoticias.rss"):  # ISO-8859-1, one without a declaration
        assert "Notícias" in text or "ção" in text
        assert "Ã" not in text and "\ufffd" not in text


def test_parse_feed_reads_the_portuguese_dates():
    path = shared_path("eval", "realworld-dev", "ingest", "feeds", "uolNoticias.rss")
    feed = parse_feed(path.read_bytes(), "uol")
    assert feed.items[0].published == "2018-09-24T19:42:40-03:00"
