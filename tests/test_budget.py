"""The time budget per document: one whose work runs too long is skipped, the batch goes on."""

from __future__ import annotations

import json
import time

import pytest

from storyfold import Store, fold
from storyfold.budget import OverBudget, time_budget
from storyfold.clean import stage as clean_stage
from storyfold.ingest import sources
from storyfold.ingest.sources import IngestOptions
from storyfold.pipeline import FoldConfig

PROSE = (
    "The council of Brackwater voted on Tuesday to close the old ferry pier for repairs, "
    "the mayor said. Engineers found that two of the timber piles had rotted through. "
    "Ferry passengers will board at the north quay until the work is finished in May."
)


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_the_budget_stops_work_that_runs_past_it_and_is_then_disarmed():
    start = time.monotonic()
    with pytest.raises(OverBudget), time_budget(0.2):
        _spin(5)
    assert time.monotonic() - start < 2
    with time_budget(0.2):
        _spin(0.05)
    _spin(0.3)  # no alarm left behind once the block is done


def test_a_broad_except_in_a_library_cannot_swallow_it():
    def library_call() -> str:
        try:
            _spin(5)
        except Exception:  # what many libraries do around their own work
            return "swallowed"
        return "done"

    with pytest.raises(OverBudget), time_budget(0.2):
        library_call()


def test_no_budget_means_no_limit():
    with time_budget(None), time_budget(0):
        _spin(0.1)


def _slow_for(marker: str, fn):
    def slowed(*args, **kwargs):
        text = args[0] if isinstance(args[0], str) else args[0].data.decode("utf-8", "replace")
        if marker in text:
            _spin(10)
        return fn(*args, **kwargs)

    return slowed


def _pages(folder):
    folder.mkdir()
    for i, place in enumerate(("Brackwater", "Skerrin", "Leystonmo")):
        body = PROSE.replace("Brackwater", place)
        (folder / f"p{i}.html").write_text(
            f"<html><head><title>Pier closes in {place}</title></head><body><article>"
            f"<h1>Pier closes in {place}</h1><p>{body}</p><p>{body}</p></article></body></html>",
            encoding="utf-8",
        )


def test_a_page_whose_extraction_runs_too_long_is_skipped_and_the_rest_stored(
    tmp_path, monkeypatch
):
    _pages(tmp_path / "in")
    monkeypatch.setattr(sources, "to_items", _slow_for("Skerrin", sources.to_items))
    store = Store(tmp_path / "s.db")
    cfg = FoldConfig(ingest=IngestOptions(max_seconds=0.5), workers=1)
    start = time.monotonic()
    report = fold([str(tmp_path / "in")], store, cfg)
    assert time.monotonic() - start < 8
    assert report.documents_new == 2
    [skip] = report.skipped
    assert skip.where.endswith("p1.html")
    assert "extraction took over 0.5 s" in skip.reason and "--max-seconds" in skip.reason


def test_a_document_whose_cleaning_runs_too_long_is_skipped_and_the_rest_stored(
    tmp_path, monkeypatch
):
    lines = [
        {"id": f"r{i}", "title": f"Pier closes in {p}", "text": PROSE.replace("Brackwater", p)}
        for i, p in enumerate(("Brackwater", "Skerrin", "Leystonmo"))
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    monkeypatch.setattr(clean_stage, "clean_page", _slow_for("Skerrin", clean_stage.clean_page))
    store = Store(tmp_path / "s.db")
    report = fold(
        [str(tmp_path / "in.jsonl")], store, FoldConfig(ingest=IngestOptions(max_seconds=0.5))
    )
    assert report.documents_new == 2
    [skip] = report.skipped
    assert skip.where == "r1"
    assert "cleaning took over 0.5 s" in skip.reason
    assert sorted(d.id for d in store.documents()) == sorted(report.document_ids)
