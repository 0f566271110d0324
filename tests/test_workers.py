"""`fold --workers N`: the per-document work runs in N processes and the result does not change."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from storyfold import FoldConfig, Store, fold, pipeline
from storyfold.cli import main

PLACES = ["Orrin Vale", "Kestrel Bay", "Halvard", "Dunmore", "Port Calder", "Greyhollow"]
EVENTS = [
    ("bridge", "The {p} bridge closed on {d} after inspectors found a crack in a support beam."),
    ("school", "A new school opened in {p} on {d}, with places for {n} pupils."),
    ("storm", "A storm cut power to {n} homes in {p} on {d}, the grid operator said."),
    ("fire", "Firefighters in {p} fought a warehouse blaze for {n} hours on {d}."),
]
FILLER = [
    "Officials said more details would follow later in the week.",
    "Residents told reporters they had been expecting the news for months.",
    "The council will discuss the matter at its next public meeting.",
    "Local businesses said the change would affect trade in the town centre.",
    "A spokesperson declined to comment on the cost of the work.",
]


def _corpus(n: int, seed: int = 7) -> list[dict[str, str]]:
    """Fictional reports: events in invented towns, each told a few times, some copied."""
    rng = random.Random(seed)
    out: list[dict[str, str]] = []
    for i in range(n):
        kind, frame = EVENTS[i % len(EVENTS)]
        place = PLACES[(i // len(EVENTS)) % len(PLACES)]
        day = f"2025-0{1 + i % 9}-{10 + i % 18:02d}"
        first = frame.format(p=place, d=day, n=10 + (i * 37) % 900)
        body = [first, *rng.sample(FILLER, 3)]
        out.append(
            {
                "id": f"r{i:03d}",
                "title": f"{kind.title()} news from {place} ({i})",
                "published": day,
                "text": "\n\n".join(body),
            }
        )
        if i % 5 == 0:  # a republished copy with a line of its own
            out.append({**out[-1], "id": f"r{i:03d}-copy", "text": out[-1]["text"] + "\n\nMore."})
    return out


@pytest.fixture
def pool_calls(monkeypatch) -> list[str]:
    """The names of the functions the fold's worker pool is given, in order."""
    calls: list[str] = []

    class CountingPool(pipeline.ProcessPoolExecutor):
        def map(self, fn, *iterables, **kw):  # type: ignore[override]
            calls.append(fn.__name__)
            return super().map(fn, *iterables, **kw)

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", CountingPool)
    return calls


def _fold_json(tmp_path, corpus_file, workers: int) -> bytes:
    runner = CliRunner()
    out = tmp_path / f"w{workers}.json"
    db = tmp_path / f"w{workers}.db"
    args = ["fold", str(corpus_file), "--db", str(db), "--json", str(out), "-q"]
    res = runner.invoke(main, [*args, "--workers", str(workers)])
    assert res.exit_code == 0, res.output
    return out.read_bytes()


def test_two_workers_give_byte_identical_json(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in _corpus(120)) + "\n", encoding="utf-8")
    one = _fold_json(tmp_path, corpus, 1)
    two = _fold_json(tmp_path, corpus, 2)
    assert one == two
    data = json.loads(one)
    assert len(data["documents"]) == 144  # 120 reports + 24 copies, all kept
    assert any(c["relation"] != "rewrite" for c in data["copies"])


def test_the_report_times_each_stage_and_the_pool_does_the_work(tmp_path, pool_calls):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in _corpus(80)) + "\n", encoding="utf-8")
    with Store(tmp_path / "t.db") as store:
        report = fold([str(corpus)], store, FoldConfig(workers=2))
    assert report.documents_new == 96
    assert {"document_line_keys", "clean_and_describe"} <= set(pool_calls)
    for stage in ("read", "clean", "write", "copies", "rewrites", "stories"):
        assert report.timings[stage] >= 0.0, stage
    assert "timings" not in report.as_dict()  # the JSON result depends on the inputs only


def test_timings_flag_prints_one_line(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in _corpus(8)) + "\n", encoding="utf-8")
    res = CliRunner().invoke(
        main, ["fold", str(corpus), "--db", str(tmp_path / "t.db"), "-q", "--timings"]
    )
    assert res.exit_code == 0
    line = [ln for ln in res.output.splitlines() if ln.startswith("time: ")]
    assert len(line) == 1 and "clean" in line[0] and "total" in line[0]


@pytest.mark.parametrize("workers", [-1])
def test_negative_workers_is_a_usage_error(tmp_path, workers):
    res = CliRunner().invoke(main, ["fold", str(tmp_path), "--workers", str(workers)])
    assert res.exit_code == 2


def _html_dir(tmp_path, n: int):
    pages = tmp_path / "pages"
    pages.mkdir()
    for r in _corpus(n):
        paras = "".join(f"<p>{p}</p>" for p in r["text"].split("\n\n"))
        html = (
            f"<html><head><title>{r['title']}</title>"
            f'<meta name="date" content="{r["published"]}"></head><body>'
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article><h1>{r['title']}</h1>{paras}</article>"
            "<footer>Copyright 2025 Example Media</footer></body></html>"
        )
        (pages / f"{r['id']}.html").write_text(html, encoding="utf-8")
    # the same bytes under a second name, inside the same extraction chunk
    (pages / "r000-again.html").write_bytes((pages / "r000.html").read_bytes())
    return pages


def test_html_extraction_in_workers_gives_byte_identical_json(tmp_path, pool_calls):
    pages = _html_dir(tmp_path, 70)
    one = _fold_json(tmp_path, pages, 1)
    two = _fold_json(tmp_path, pages, 2)
    assert "extract_inputs" in pool_calls
    assert one == two
    data = json.loads(one)
    assert data["report"]["documents_already_stored"] == 1  # the second name of r000's bytes
    assert len(data["documents"]) == 84  # 70 + 14 copies, the twin named once
