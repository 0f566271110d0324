"""Lineage: who copied whom inside a family of copies, decided by time first."""

from __future__ import annotations

from storyfold.account.lineage import build_lineage, credits_other_outlet
from storyfold.model import Article, CopyRelation, DroppedLine

WIRE = (
    "MARRASH, Tervel (Coastline Press) - The Marrash port authority closed two of its "
    "four cargo berths on Thursday after a crane collapsed onto the quay, officials said.\n"
    "Nobody was hurt, the authority said, and shipping lines were told to expect delays "
    "of up to three days while engineers inspect the remaining cranes."
)
SHORT = WIRE.split("\n")[0]


def _art(aid: str, text: str, *, site: str | None = None, published: str | None = None,
         dropped: list[DroppedLine] | None = None) -> Article:  # fmt: skip
    return Article(f"{aid}#0", aid, 0, text, site=site, published=published,
                   dropped=dropped or [])  # fmt: skip


def test_an_outlet_crediting_another_agency_is_not_the_original():
    agency = _art("agency", WIRE, published="2026-05-07")
    portal = _art("portal", WIRE + "\nMore on this story soon.", site="Daily Portal",
                  published="2026-05-07")  # fmt: skip
    assert credits_other_outlet(portal)
    lineage = build_lineage(
        [portal, agency], [CopyRelation("agency#0", "portal#0", "near", 0.9, 0.95)]
    )
    assert lineage.originals == ["agency#0"]
    assert [(e.source, e.derived) for e in lineage.edges] == [("agency#0", "portal#0")]


def test_a_page_of_the_credited_agency_is_its_own_original():
    own = _art("own", WIRE, site="Coastline Press")
    assert not credits_other_outlet(own)


def test_an_undated_copy_is_placed_by_its_credit_not_by_the_other_being_dated():
    agency = _art("agency", WIRE)  # its date only in a dropped date line it does not have
    portal = _art("portal", WIRE + "\nMore on this story soon.", site="Daily Portal",
                  published="2026-05-07")  # fmt: skip
    lineage = build_lineage(
        [portal, agency], [CopyRelation("agency#0", "portal#0", "near", 0.9, 0.95)]
    )
    assert lineage.originals == ["agency#0"]


def test_the_page_date_line_dates_a_text_without_metadata():
    dated = _art("first", WIRE, dropped=[DroppedLine("May 6, 2026", "date line")])
    later = _art("later", WIRE + "\nMore on this story soon.", published="2026-05-07")
    lineage = build_lineage([later, dated], [CopyRelation("first#0", "later#0", "near", 0.9, 0.95)])
    assert lineage.originals == ["first#0"]
    assert lineage.edges[0].reason == "published earlier"


def test_a_short_report_published_a_day_before_its_longer_version_is_the_original():
    short = _art("short", SHORT, published="2026-05-06")
    full = _art("full", WIRE, published="2026-05-07")
    lineage = build_lineage(
        [full, short], [CopyRelation("short#0", "full#0", "contained", 0.5, 1.0)]
    )
    assert lineage.originals == ["short#0"]
    assert [(e.source, e.derived, e.reason) for e in lineage.edges] == [
        ("short#0", "full#0", "published earlier")
    ]


def test_an_undated_contained_text_derives_from_its_container():
    short = _art("short", SHORT)
    full = _art("full", WIRE)
    lineage = build_lineage(
        [short, full], [CopyRelation("short#0", "full#0", "contained", 0.5, 1.0)]
    )
    assert lineage.originals == ["full#0"]


def test_a_relation_to_one_exact_copy_is_one_to_each():
    from storyfold.account.lineage import through_exact_copies

    rels = [
        CopyRelation("x#0", "y#0", "exact", 1.0, 1.0),
        CopyRelation("p#0", "y#0", "near", 0.9, 0.95),
        CopyRelation("s#0", "y#0", "contained", 0.5, 1.0),
    ]
    got = {(r.relation, r.a, r.b) for r in through_exact_copies(rels)}
    assert got == {
        ("exact", "x#0", "y#0"),
        ("near", "p#0", "x#0"),
        ("near", "p#0", "y#0"),
        ("contained", "s#0", "x#0"),
        ("contained", "s#0", "y#0"),
    }
