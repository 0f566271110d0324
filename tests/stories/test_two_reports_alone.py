"""Two reports of one event, folded alone into a fresh store, are one story when they share
the event's specifics; two events of one subject stay two. Fictional reports, written in
different words by different outlets, as independent reporting is."""

from __future__ import annotations

import json

import pytest

from storyfold import Store, fold

QUAKE_WIRE = {
    "id": "wire-quake",
    "source": "Northern Wire",
    "published": "2025-09-14",
    "title": "Magnitude 6.1 quake shakes Velden valley, two dead",
    "text": (
        "A magnitude 6.1 earthquake struck the Velden valley early on Sunday, killing two "
        "people and damaging about 140 homes in the towns of Ostrava Nova and Kell, the "
        "regional civil protection agency said.\n\n"
        "The quake hit at 04:12 local time at a depth of 10 km, the national seismology "
        "institute said. Governor Anika Farrow said schools in the valley would stay closed "
        "on Monday while engineers checked the buildings.\n\n"
        "Rescue teams pulled three people alive from a collapsed farmhouse near Kell."
    ),
}
QUAKE_LOCAL = {
    "id": "gazette-quake",
    "source": "Valley Gazette",
    "published": "2025-09-14",
    "title": "Kell and Ostrava Nova count damage after night-time earthquake",
    "text": (
        "Residents of Kell spent Sunday clearing rubble after a 6.1-magnitude tremor woke "
        "the Velden valley shortly after four in the morning.\n\n"
        "Two people died, according to civil protection officials, and roughly 140 houses in "
        "Kell and Ostrava Nova were damaged. Governor Anika Farrow visited the farmhouse "
        "where rescuers freed three survivors and said valley schools would not open on "
        "Monday.\n\n"
        "Seismologists placed the quake's origin 10 km below the valley floor."
    ),
}
FLOOD_OTHER = {
    "id": "wire-flood",
    "source": "Northern Wire",
    "published": "2025-09-15",
    "title": "River Tane floods Marlow harbour district, 300 homes evacuated",
    "text": (
        "The river Tane burst its banks in Marlow on Monday, flooding the harbour district "
        "and forcing about 300 households from their homes, the city's water board said.\n\n"
        "Mayor Ilse Brandt said the flood barrier had failed at 2 a.m. and that emergency "
        "shelters had opened in three school halls. No one was reported hurt.\n\n"
        "Forecasters expect the water to fall by Wednesday."
    ),
}
QUAKE_ELSEWHERE = {
    "id": "wire-quake-2",
    "source": "Northern Wire",
    "published": "2025-09-16",
    "title": "Magnitude 5.4 quake hits Brenn coast, no casualties",
    "text": (
        "A magnitude 5.4 earthquake shook the Brenn coast on Tuesday afternoon, cracking "
        "walls in the port of Saltmere but causing no casualties, the coast guard said.\n\n"
        "The quake struck at 15:40 at a depth of 33 km, the seismology institute said. "
        "Harbour master Olaf Tennant said ferry services to Hollin island were suspended "
        "for two hours while the quays were inspected."
    ),
}


def _stories(tmp_path, *records):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        fold([str(path)], store)
        return sorted(sorted(a.split("#")[0] for a in s.article_ids) for s in store.stories())


@pytest.mark.parametrize("order", [(QUAKE_WIRE, QUAKE_LOCAL), (QUAKE_LOCAL, QUAKE_WIRE)])
def test_two_reports_of_one_event_folded_alone_are_one_story(tmp_path, order):
    assert _stories(tmp_path, *order) == [["gazette-quake", "wire-quake"]]


def test_two_events_of_one_subject_stay_apart(tmp_path):
    assert _stories(tmp_path, QUAKE_WIRE, QUAKE_ELSEWHERE) == [["wire-quake"], ["wire-quake-2"]]


def test_the_event_joins_with_unrelated_news_around_it(tmp_path):
    got = _stories(tmp_path, QUAKE_WIRE, FLOOD_OTHER, QUAKE_LOCAL, QUAKE_ELSEWHERE)
    assert got == [["gazette-quake", "wire-quake"], ["wire-flood"], ["wire-quake-2"]]
