"""The bundled demo corpus folds as examples/demo-EXPECTED.md says."""

from __future__ import annotations

from storyfold import Store, fold

from .conftest import DEMO

DAM = [  # story A: the wire story, its copies, its rewrite and an independent report
    "meridian-wire_brackwater-spillway.txt",
    "newsdrift_brackwater-dam-gate-fails.html",
    "valleyhub_brackwater-dam-truncated.txt",
    "zeitstrom_brackwater-dam-de.txt",
    "halvard-herald_lower-kessing-under-water.txt",
    "orrin-courier_floodwater-sweeps-kessing.txt",
]
EARLIER_FLOOD = ["orrin-courier_felham-flood-2025.txt", "newsdrift_felham-flood-2025.html"]


def test_demo_folds_into_the_expected_stories(tmp_path):
    with Store(tmp_path / "demo.db") as store:
        report = fold([str(DEMO)], store)
        assert report.documents_new == 15 and not report.skipped
        assert report.articles == 26
        stories = store.stories()
        assert len(stories) == 14
        main_of = {}
        for d in store.documents():
            if d.path:
                main_of[d.path.rsplit("/", 1)[-1]] = f"{d.id}#0"
        story_of = {a: s.id for s in stories for a in s.article_ids}
        dam = {story_of[main_of[f]] for f in DAM}
        assert len(dam) == 1
        dam_story = next(s for s in stories if s.id in dam)
        assert len(dam_story.article_ids) == len(DAM)
        earlier = {story_of[main_of[f]] for f in EARLIER_FLOOD}
        assert len(earlier) == 1 and not earlier & dam  # a similar event stays apart
