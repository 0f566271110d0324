"""``fold --clean {auto,light,none}``: how much each input is cleaned, and by default by kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyfold.clean import CleanConfig
from storyfold.cli import main
from storyfold.errors import ConfigError
from storyfold.pipeline import FoldConfig, fold
from storyfold.store import Store

OPENING = [
    "The council of Brindlecombe voted on Monday to rebuild the old stone bridge over the Wend.",
    "Work on the bridge will start in March and is expected to last eighteen months.",
    "Councillors said the bridge had been closed to lorries since cracks were found in 2023.",
    "The rebuilt bridge will carry a cycle lane and a wider footpath on its eastern side.",
]
# a long last paragraph about something else: raw page text treats it as a pasted teaser
ENDING = (
    "Meanwhile the town's football club celebrated a remarkable season, winning the county "
    "cup after a penalty shootout against their oldest rivals, with the goalkeeper saving "
    "three kicks in front of a record crowd of supporters who travelled by coach from every "
    "village in the valley to watch the final at the county ground."
)
SHARE = "Share this article"


def _fold(tmp_path: Path, name: str, content: str, mode: str = "auto") -> list[list[str]]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with Store(tmp_path / f"{name}.{mode}.db") as store:
        fold([str(path)], store, FoldConfig(clean=CleanConfig(mode=mode)), group_stories=False)
        arts = store.articles_of_documents([d.id for d in store.documents()])
        return [a.text.splitlines() for a in arts]


def _jsonl(lines: list[str]) -> str:
    return json.dumps({"id": "a1", "title": "Bridge to be rebuilt", "text": "\n".join(lines)})


def test_a_raw_page_splits_a_pasted_teaser_off(tmp_path):
    arts = _fold(tmp_path, "page.txt", "\n".join([*OPENING, ENDING]))
    assert arts[0] == OPENING
    assert [ENDING] in arts[1:]


def test_a_jsonl_text_keeps_its_ending_and_loses_its_furniture(tmp_path):
    arts = _fold(tmp_path, "feed.jsonl", _jsonl([*OPENING, SHARE, ENDING]) + "\n")
    assert arts == [[*OPENING, ENDING]]


def test_light_keeps_one_article_per_text_file(tmp_path):
    arts = _fold(tmp_path, "page.txt", "\n".join([*OPENING, SHARE, ENDING]), mode="light")
    assert arts == [[*OPENING, ENDING]]


def test_light_takes_a_leading_headline_as_the_title(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("\n".join(["Bridge to be rebuilt", *OPENING]), encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        fold([str(path)], store, FoldConfig(clean=CleanConfig(mode="light")), group_stories=False)
        (art,) = store.articles_of_documents([d.id for d in store.documents()])
    assert art.title == "Bridge to be rebuilt"
    assert art.text.splitlines() == OPENING


def test_none_keeps_the_text_as_given(tmp_path):
    arts = _fold(tmp_path, "feed.jsonl", _jsonl([*OPENING, SHARE, "", ENDING]) + "\n", "none")
    assert arts == [[*OPENING, SHARE, ENDING]]


def test_an_unknown_mode_is_a_config_error():
    with pytest.raises(ConfigError, match="auto, light, none"):
        CleanConfig(mode="heavy")


def test_the_cli_takes_the_mode_and_help_says_when_to_use_each(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("\n".join([*OPENING, SHARE]), encoding="utf-8")
    db = tmp_path / "cli.db"
    out = CliRunner().invoke(main, ["fold", str(page), "--db", str(db), "--clean", "none", "-q"])
    assert out.exit_code == 0, out.output
    with Store(db) as store:
        (art,) = store.articles_of_documents([d.id for d in store.documents()])
    assert art.text.splitlines()[-1] == SHARE
    bad = CliRunner().invoke(main, ["fold", str(page), "--db", str(db), "--clean", "heavy"])
    assert bad.exit_code == 2
    helptext = CliRunner().invoke(main, ["fold", "--help"]).output
    for word in ("auto", "light", "none", "JSONL"):
        assert word in helptext


def _fold_html(tmp_path: Path, mode: str) -> list:
    from tests.ingest.test_html import TEASERS, _teaser_page

    path = tmp_path / "page.html"
    path.write_text(_teaser_page(TEASERS), encoding="utf-8")
    with Store(tmp_path / f"html.{mode}.db") as store:
        fold([str(path)], store, FoldConfig(clean=CleanConfig(mode=mode)), group_stories=False)
        return store.articles_of_documents([d.id for d in store.documents()])


def test_teasers_on_an_html_page_become_their_own_articles(tmp_path):
    from tests.ingest.test_html import TEASERS

    arts = _fold_html(tmp_path, "auto")
    assert [(a.title, a.text) for a in arts[1:]] == TEASERS
    assert all(head not in arts[0].text for head, _summary in TEASERS)


def test_light_keeps_the_teasers_as_dropped_lines(tmp_path):
    from tests.ingest.test_html import TEASERS

    (art,) = _fold_html(tmp_path, "light")
    dropped = {d.line: d.reason for d in art.dropped}
    for head, summary in TEASERS:
        assert dropped[head] == dropped[summary] == "teaser of another story"


def test_a_browser_notice_is_furniture_and_anchors_no_copy(runner, tmp_path):
    """Pages whose only text is a JavaScript notice are no articles, so never exact copies
    of each other; a sentence about the setting inside an article stays."""
    from storyfold.cli import main

    notice = (
        "JavaScript is disabled on your browser.\n"
        "Please enable JavaScript or switch to a supported browser to continue using this site.\n"
    )
    (tmp_path / "a.txt").write_text(notice, encoding="utf-8")
    (tmp_path / "b.txt").write_text(notice + "\n", encoding="utf-8")
    out = tmp_path / "o.json"
    result = runner.invoke(
        main, ["fold", str(tmp_path), "--db", str(tmp_path / "t.db"), "--json", str(out)]
    )
    assert result.stderr.count("no article text found") == 2
    import json

    assert json.loads(out.read_text())["copies"] == []
    from storyfold.clean import CleanConfig, clean_page

    prose = (
        "The browser's safest mode keeps scripts off everywhere, so JavaScript is disabled on "
        "every site the reader opens, which breaks many news pages and some banking sites, "
        "the researchers wrote in their report on Tuesday."
    )
    [art] = clean_page(prose, document_id="d", config=CleanConfig(mode="light"), segment=False)
    assert "JavaScript is disabled" in art.text


STANDING = (
    "The Harbour Post is an independent newspaper owned by a reader trust since 1952, and "
    "every article is checked by two editors before it is published on this site."
)
STORIES = [
    (
        "Ferry timetable changes from May",
        "The island ferry will leave twice an hour from the first of May, the operator said.",
        "Evening sailings will stop at ten, an hour earlier than now, to save fuel.",
        "Season tickets bought before April stay valid until they run out.",
        "The operator said it would review the timetable again in September.",
    ),
    (
        "School roof repairs finished early",
        "Builders finished the new roof of the north school two weeks early, the council said.",
        "Pupils will move back from the temporary classrooms on Monday.",
        "The repairs cost less than the council had set aside for them.",
        "The old gym will be repainted during the summer holidays.",
    ),
    (
        "Market square to get new lights",
        "The market square will get thirty new street lamps before the winter, the mayor said.",
        "The lamps use a third of the power of the old ones and dim after midnight.",
        "Traders asked for the work to be done on Sundays, when the market is closed.",
        "The old lamp posts will be sold to a museum of street furniture.",
    ),
    (
        "Library wins a reading prize",
        "The town library won the national prize for its children's reading club on Friday.",
        "Some four hundred children took part in the club's summer challenge last year.",
        "The prize money will buy new books in six languages, the librarian said.",
        "The club meets every Saturday morning in the reading room.",
    ),
]


_WORDS = (
    "council harbour ferry school market bridge library station museum river road tower "
    "mayor builder teacher driver farmer trader nurse pupil visitor officer engineer clerk "
    "opened closed repaired painted moved sold bought counted planted lit cleaned rebuilt "
    "north south east west old new small large quiet busy early late winter summer spring"
).split()


def _distinct_article(n: int) -> list[str]:
    """A headline and four sentences of words drawn for page ``n``: no two pages share a
    run of five words, so none is a copy of another."""
    import random

    rng = random.Random(n)

    def sentence(k: int) -> str:
        w = [rng.choice(_WORDS) for _ in range(9)]
        return (
            f"The {w[0]} of the {w[1]} said that the {w[2]} would be {w[3]} by the {w[4]} "
            f"on day {n * 10 + k}, and that the {w[5]} had {w[6]} the {w[7]} near the {w[8]}."
        )

    headline = f"Report {n}: " + " ".join(rng.choice(_WORDS) for _ in range(5))
    return [headline, *(sentence(i) for i in range(4))]


def test_a_standing_paragraph_on_every_page_is_furniture_not_a_copy(runner, tmp_path):
    """A paragraph repeated word for word on many pages whose articles differ is the site's,
    so it is dropped and links no page to another; a wire story copied on three pages keeps
    its paragraphs."""
    import json

    from storyfold.cli import main

    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(12):  # twelve different articles: a site's standing text is on many pages
        title, *paras = _distinct_article(n)
        body = "\n\n".join([title, *paras, STANDING])
        (pages / f"p{n:02d}.txt").write_text(body + "\n", encoding="utf-8")
    out = tmp_path / "o.json"
    db = str(tmp_path / "t.db")
    result = runner.invoke(main, ["fold", str(pages), "--db", db, "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    kept = [a for a in data["articles"] if STANDING in a["text"]]
    assert len(kept) < 10  # once counted on ten pages, it is dropped from the rest
    assert data["copies"] == []

    wire = tmp_path / "wire"
    wire.mkdir()
    title, *paras = STORIES[0]
    for n in range(3):
        (wire / f"w{n}.txt").write_text("\n\n".join([title, *paras]) + f"\n\nSite {n}\n")
    out2 = tmp_path / "o2.json"
    runner.invoke(main, ["fold", str(wire), "--db", str(tmp_path / "w.db"), "--json", str(out2)])
    texts = [a["text"] for a in json.loads(out2.read_text())["articles"]]
    assert all(paras[0] in t and paras[-1] in t for t in texts)
