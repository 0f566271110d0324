"""The bundled demo corpus folds as examples/demo-EXPECTED.md says.

One test per section of that file: the stories, each file's main article and the teasers
it carries, the copy and rewrite relations, the lineage, the independent reports with
their variants, the hard negatives, and the boilerplate that must be stripped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from storyfold import Store, fold
from storyfold.accounts import build_account
from storyfold.text import split_sentences

from .conftest import DEMO

WIRE = "meridian-wire_brackwater-spillway.txt"
NEWSDRIFT_A = "newsdrift_brackwater-dam-gate-fails.html"
VALLEYHUB = "valleyhub_brackwater-dam-truncated.txt"
ZEITSTROM = "zeitstrom_brackwater-dam-de.txt"
HERALD = "halvard-herald_lower-kessing-under-water.txt"
COURIER_A = "orrin-courier_floodwater-sweeps-kessing.txt"
COURIER_B = "orrin-courier_felham-flood-2025.txt"
NEWSDRIFT_B = "newsdrift_felham-flood-2025.html"
CALDER = "calder-evening-post_tram-extension-vote.txt"
MUSEUM = "port-calder-today_gull-of-tarrow-museum.txt"
SPORT = "halvard-sport-daily_harriers-win-cup.html"
DUNMORE = "dunmore-gazette_greyhollow-moor-fire.txt"
TRAM_JSONL = "pct-2026-03-04-harbourline"
FERRY_JSONL = "ss-2026-03-02-ferry-fares"
LIBRARY_JSONL = "pct-2026-03-02-library"

DAM = [WIRE, NEWSDRIFT_A, VALLEYHUB, ZEITSTROM, HERALD, COURIER_A]
WIRE_FAMILY = {WIRE, NEWSDRIFT_A, VALLEYHUB, ZEITSTROM, HERALD}


@dataclass
class Demo:
    """The folded demo: articles by name (``FILE`` for a main article, ``FILE#k`` for the
    k-th teaser, a JSONL record by its id), stories, relations and accounts."""

    name_of: dict[str, str]
    text: dict[str, str]
    story_of: dict[str, str]
    members: dict[str, set[str]]
    relations: set[tuple[str, str, str]]
    accounts: dict[str, dict[str, Any]]
    report: Any

    def story(self, name: str) -> set[str]:
        """The names of the articles in the story holding ``name``."""
        return self.members[self.story_of[name]]

    def account(self, name: str) -> dict[str, Any]:
        """The account of the story holding ``name``."""
        return self.accounts[self.story_of[name]]

    def names(self, ids: list[str]) -> set[str]:
        """Article ids as names."""
        return {self.name_of[i] for i in ids}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store(db) as store:
        report = fold([str(DEMO)], store)
        name_of: dict[str, str] = {}
        docs = {d.id: d for d in store.documents()}
        arts = store.articles()
        for a in arts:
            d = docs[a.document_id]
            base = (
                Path(d.path or "").name
                if not a.document_id.startswith(("pct-", "ss-"))
                else a.document_id
            )
            name_of[a.id] = base if a.position == 0 else f"{base}#{a.position}"
        stories = store.stories()
        story_of = {name_of[a]: s.id for s in stories for a in s.article_ids}
        members = {s.id: {name_of[a] for a in s.article_ids} for s in stories}
        relations = {(c.relation, name_of[c.a], name_of[c.b]) for c in store.copies()}
        accounts = {s.id: build_account(store, s) or {} for s in stories}
        yield Demo(
            name_of,
            {name_of[a.id]: a.text for a in arts},
            story_of,
            members,
            relations,
            accounts,
            report,
        )


def test_counts(demo: Demo) -> None:
    assert demo.report.documents_new == 15 and not demo.report.skipped
    assert demo.report.articles == 26
    assert len(demo.members) == 14


def test_stories(demo: Demo) -> None:
    assert demo.story(WIRE) == set(DAM)  # A
    assert demo.story(COURIER_B) == {COURIER_B, NEWSDRIFT_B}  # B
    assert demo.story(CALDER) == {CALDER, TRAM_JSONL}  # C
    assert demo.story(MUSEUM) == {MUSEUM, f"{COURIER_A}#1", f"{CALDER}#1"}  # D + 2 teasers
    assert demo.story(SPORT) == {SPORT, f"{ZEITSTROM}#1", f"{DUNMORE}#1"}  # E + 2 teasers
    assert demo.story(FERRY_JSONL) == {FERRY_JSONL, f"{CALDER}#3"}  # F + 1 teaser
    assert demo.story(LIBRARY_JSONL) == {LIBRARY_JSONL}  # G
    assert demo.story(DUNMORE) == {DUNMORE}  # H
    singles = [m for m in demo.members.values() if len(m) == 1]
    assert len(singles) == 8  # G, H and the six teaser-only stories U1-U6


def test_each_file_has_its_main_article_first(demo: Demo) -> None:
    firsts = {
        WIRE: "LOWER KESSING, Halvard (Meridian Wire) - A spillway gate at the Brackwater Dam",
        NEWSDRIFT_A: "LOWER KESSING, Halvard (Meridian Wire) - A spillway gate at the Brackwater",
        VALLEYHUB: "LOWER KESSING, Halvard (Meridian Wire) – A spillway gate",
        HERALD: "A floodgate on the Brackwater Dam's spillway collapsed early on Tuesday",
        COURIER_A: "Residents of Lower Kessing were woken in the small hours of Tuesday",
        ZEITSTROM: "LOWER KESSING, Halvard (Meridian Wire) - A spillway gate",
        COURIER_B: "Around 150 people were moved out of their homes in Felham on Tuesday",
        NEWSDRIFT_B: "FELHAM, Halvard (Meridian Wire) - About 150 people were evacuated",
        CALDER: "Port Calder's city council voted 9-4 on Wednesday night",
        MUSEUM: "The hull of the Gull of Tarrow, a cargo schooner that sank off Tarrow Point",
        SPORT: "Tomas Reuel scored twice as Port Calder Harriers beat Dunmore Rovers 3-1",
        DUNMORE: "Firefighters have brought a heath fire on Greyhollow Moor under control",
        TRAM_JSONL: "Trams will run all the way to Northgate by 2030",
        FERRY_JSONL: "Strait Link Ferries will raise fares on its Port Calder to Skerrin Island",
        LIBRARY_JSONL: "Port Calder Central Library reopened its doors on Monday morning",
    }
    for name, first in firsts.items():

        def plain(text: str) -> str:
            return text.replace("’", "'").replace("–", "-")

        assert plain(demo.text[name]).startswith(plain(first)), name
    assert len(demo.text[WIRE].split()) == 434
    assert len(split_sentences(demo.text[WIRE])) == 16
    # teasers carried: Courier A carries D and U1, Zeitstrom E and U2, Courier B U3 and U4,
    # Calder D, U5 and F, Dunmore E and U6; the others none
    carried = {
        COURIER_A: 2,
        ZEITSTROM: 2,
        COURIER_B: 2,
        CALDER: 3,
        DUNMORE: 2,
    }
    for name in (*DAM, COURIER_B, NEWSDRIFT_B, CALDER, MUSEUM, SPORT, DUNMORE):
        teasers = [n for n in demo.text if n.startswith(f"{name}#")]
        assert len(teasers) == carried.get(name, 0), name


def _related(demo: Demo, relation: str, a: str, b: str) -> bool:
    return (relation, a, b) in demo.relations or (relation, b, a) in demo.relations


def test_copy_relations(demo: Demo) -> None:
    assert _related(demo, "exact", WIRE, ZEITSTROM)
    # an exact group is stored through one member: Zeitstrom's relations are the wire's
    assert _related(demo, "near", WIRE, NEWSDRIFT_A)
    assert ("contained", VALLEYHUB, WIRE) in demo.relations
    assert ("contained", VALLEYHUB, NEWSDRIFT_A) in demo.relations
    assert ("contained", f"{COURIER_A}#1", MUSEUM) in demo.relations  # D teaser, verbatim lede
    assert ("contained", f"{DUNMORE}#1", SPORT) in demo.relations  # E teaser
    assert ("contained", f"{CALDER}#3", FERRY_JSONL) in demo.relations  # F teaser, trimmed
    for other in (WIRE, NEWSDRIFT_A, VALLEYHUB, ZEITSTROM):
        assert _related(demo, "rewrite", other, HERALD)
    # independent reports are no copies of anything
    for independent in (COURIER_A, COURIER_B, NEWSDRIFT_B, CALDER, TRAM_JSONL):
        assert not any(independent in (a, b) for _, a, b in demo.relations), independent
    assert not any(f"{CALDER}#1" in (a, b) for _, a, b in demo.relations)  # own wording
    assert not any(f"{ZEITSTROM}#1" in (a, b) for _, a, b in demo.relations)


def test_lineage_of_the_dam_story(demo: Demo) -> None:
    acc = demo.account(WIRE)
    assert acc["independent_sources"] == 2
    families = [demo.names(f["articles"]) for f in acc["families"]]
    assert sorted(families, key=len) == [{COURIER_A}, WIRE_FAMILY]
    wire_family = next(f for f in acc["families"] if len(f["articles"]) == 5)
    assert demo.name_of[wire_family["original"]] == WIRE
    edges = {
        (demo.name_of[e["source"]], demo.name_of[e["derived"]], e["relation"])
        for e in acc["lineage"]
    }
    assert (WIRE, NEWSDRIFT_A, "near") in edges
    assert (WIRE, HERALD, "rewrite") in edges
    assert (WIRE, VALLEYHUB, "contained") in edges
    assert all(derived != WIRE for _, derived, _ in edges)


def _variants(
    acc: dict[str, Any], demo: Demo
) -> list[tuple[str, bool, list[tuple[str, set[str]]]]]:
    return [
        (
            v["kind"],
            v.get("same_fact", False),
            [(side["value"], demo.names(side["articles"])) for side in v["sides"]],
        )
        for v in acc["variants"]
    ]


def test_variants_of_the_dam_story(demo: Demo) -> None:
    found = _variants(demo.account(WIRE), demo)
    by_kind: dict[str, list[tuple[bool, list[tuple[str, set[str]]]]]] = {}
    for kind, same, sides in found:
        by_kind.setdefault(kind, []).append((same, sides))
    # near copies: "4.2 million" -> "4,200,000" (one value: same fact), "soup" -> "stew"
    numbers = by_kind["number"]
    same_fact = [sides for same, sides in numbers if same]
    assert [[v for v, _ in s] for s in same_fact] == [["4.2 million", "4,200,000"]]
    assert same_fact[0][1][1] == {NEWSDRIFT_A}
    assert [[(v, who) for v, who in s] for same, s in by_kind["wording"] if "soup" in s[0][0]] == [
        [("soup", {WIRE, ZEITSTROM, HERALD}), ("stew", {NEWSDRIFT_A})]
    ]
    # the rewrite alters one quote
    quotes = by_kind["quote"]
    assert len(quotes) == 1
    ((_, sides),) = quotes
    assert sides[0][0].startswith("We heard a sound like a freight train")
    assert sides[1][0].startswith("There was a noise like a freight train")
    assert sides[1][1] == {HERALD}
    # the independent report's figure conflict: about 900 vs 1,200 people out of their homes
    conflicts = [sides for same, sides in numbers if not same]
    assert conflicts == [[("1,200", WIRE_FAMILY), ("about 900", {COURIER_A})]]
    assert "place/name" not in by_kind  # a rewrite's pronoun or added place is no name change


def test_the_independent_reports_share_their_common_quote(demo: Demo) -> None:
    shared_quotes = {
        WIRE: "Our crews went door to door in the dark, and I am proud of every one of them",
        COURIER_B: "The gates operated exactly as designed",
        CALDER: "This is the most important transport decision this city has made in a generation",
    }
    for name, quote in shared_quotes.items():
        acc = demo.account(name)
        claims = [c for c in acc["claims"] if any(quote in s["text"] for s in c["sentences"])]
        assert claims, name
        assert any(c["status"] == "shared" and c["independent_sources"] == 2 for c in claims), name


def test_independent_reports_that_agree_have_no_figure_conflict(demo: Demo) -> None:
    # B: 150 evacuated, 60 homes, 12 rescued, 92 mm; C: 9-4, 6.3 km, seven stops, $412m
    for name in (COURIER_B, CALDER):
        acc = demo.account(name)
        assert acc["independent_sources"] == 2
        assert not [v for v in acc["variants"] if v["kind"] == "number"], name


def test_teasers_in_their_stories(demo: Demo) -> None:
    d = demo.account(MUSEUM)
    assert d["independent_sources"] == 2  # the verbatim lede is a copy; the own wording is not
    e = demo.account(SPORT)
    assert e["independent_sources"] == 2
    f = demo.account(FERRY_JSONL)
    assert f["independent_sources"] == 1  # the condensed lede is the article's copy


def test_hard_negatives_stay_apart(demo: Demo) -> None:
    apart = [
        (WIRE, COURIER_B),  # A vs B
        (CALDER, f"{CALDER}#2"),  # C vs U5 (Northgate garden)
        (CALDER, MUSEUM),  # C vs D (Chandlery Road)
        (SPORT, DUNMORE),  # E vs H
        (FERRY_JSONL, f"{ZEITSTROM}#2"),  # F vs U2 (Skerrin)
        (f"{COURIER_B}#1", f"{DUNMORE}#2"),  # U3 vs U6 (Route 9)
    ]
    for a, b in apart:
        assert demo.story_of[a] != demo.story_of[b], (a, b)


BOILERPLATE = {
    NEWSDRIFT_A: ["Accept", "Related articles", "All Rights Reserved", "Advertisement"],
    VALLEYHUB: [
        "Read the full story at",
        "Leave a reply",
        "You must be logged in to post a comment.",
        "Previous post",
        "All Rights Reserved",
        "Powered by",
    ],
    HERALD: ["By Corin Aske", "Updated 14:05", "Most read"],
    COURIER_A: [
        "Share this article",
        "[[embed:12345]]",
        "No comments yet",
        "Download the Courier app",
    ],
    ZEITSTROM: [
        "Startseite",
        "Anmelden",
        "Teilen",
        "Artikel vorlesen",
        "Quelle: Meridian Wire",
        "Kommentare (0)",
        "Jetzt kommentieren",
        "Mehr zum Thema",
        "vor 2 Tagen",
        "Alle Rechte vorbehalten",
        "Von Hana Drescott",
    ],
    CALDER: ["{{ad-slot}}", "Comments (38)", "Most Popular", "Updated 23:10"],
    MUSEUM: ["Copy link", "\ufeff"],
    SPORT: ["Match report", "Comments (214)", "Comments are closed", "More football"],
    DUNMORE: [
        "Tweet",
        "No comments yet. Start the conversation.",
        "Related Articles",
        "Updated 11:40",
    ],
    TRAM_JSONL: [],
    FERRY_JSONL: ["Share this story"],
    LIBRARY_JSONL: ["Photo: City of Port Calder", "Share on social media"],
}


def test_boilerplate_is_stripped(demo: Demo) -> None:
    for name, lines in BOILERPLATE.items():
        text = demo.text[name]
        for line in lines:
            assert line not in text, (name, line)
        assert "Photo:" not in text and "©" not in text, name
    assert "Cause under investigation" in demo.text[DUNMORE]  # an in-body subheading stays
    tram = demo.text[TRAM_JSONL]
    assert not tram.startswith("Harbourline")  # the repeated title line is gone
