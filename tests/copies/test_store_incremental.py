"""Copies found in a store that grows: new documents are compared with stored ones only."""

from __future__ import annotations

import shutil

import storyfold.copies.stage as stage
from storyfold import Store
from storyfold.dedup import dedup

from ..conftest import DEMO

WIRE = "meridian-wire_brackwater-spillway.txt"
TRUNCATED = "valleyhub_brackwater-dam-truncated.txt"
OTHERS = [
    "dunmore-gazette_greyhollow-moor-fire.txt",
    "calder-evening-post_tram-extension-vote.txt",
]


def test_new_copies_are_found_against_stored_documents_without_rebuilding(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for name in [WIRE, *OTHERS]:
        shutil.copy(DEMO / name, first / name)
    shutil.copy(DEMO / TRUNCATED, second / TRUNCATED)

    fingerprinted: list[int] = []
    real = stage.fingerprint_batch

    def counting(texts, cfg):
        fingerprinted.append(len(texts))
        return real(texts, cfg)

    monkeypatch.setattr(stage, "fingerprint_batch", counting)
    db = tmp_path / "copies.db"
    with Store(db) as store:
        before = dedup([str(first)], store)
        assert before.groups == []
        stored = store.counts()["articles"]
        assert sum(fingerprinted) == stored
    fingerprinted.clear()
    with Store(db) as store:  # reopened: the index comes from disk
        after = dedup([str(second)], store)
        # only the new document's articles were fingerprinted; nothing was rebuilt
        assert sum(fingerprinted) == store.counts()["articles"] - stored
    assert len(after.groups) == 1
    members = {m.id.rsplit("/", 1)[-1]: m.relation for m in after.groups[0].members}
    assert members == {WIRE: "representative", TRUNCATED: "contained"}
