"""``storyfold dedup``: texts as they are, streamed, workers, rewrites on request, accounting."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys

import storyfold.dedup as dedup_module
from storyfold.cli import EXIT_SKIPPED, main
from storyfold.errors import SkippedInput
from storyfold.ingest.sources import read_documents
from storyfold.ingest.stream import stream_documents

from .conftest import ROOT
from .copies.corpus import make_doc


def _words(rng: random.Random, n: int) -> str:
    """Pseudo-words with no function word of any language (the cleaner drops such text)."""
    return " ".join(
        "".join(rng.choice("bcdfgkmnprstvz") + rng.choice("aeiou") for _ in range(3))
        for _ in range(n)
    )


def _corpus(seed: int = 1, n: int = 120) -> tuple[list[dict[str, str]], set[tuple[str, str]]]:
    """JSONL records with planted near copies and excerpts; returns records and planted pairs."""
    rng = random.Random(seed)
    records: list[dict[str, str]] = []
    planted = set()
    for i in range(n):
        if i > 10 and rng.random() < 0.2:
            j = rng.randrange(len(records))
            src = records[j]["text"].split()
            if rng.random() < 0.5:
                text = " ".join(src[: len(src) // 2])  # contained
            else:
                k = rng.randrange(len(src))
                text = " ".join([*src[:k], "zorbu", *src[k + 1 :]])  # near
            planted.add((records[j]["id"], f"r{i}"))
        else:
            text = _words(rng, rng.randint(150, 300))
        records.append({"id": f"r{i}", "text": text})
    return records, planted


def _write(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def _grouped_pairs(stdout: str) -> set[tuple[str, str]]:
    pairs = set()
    for line in stdout.splitlines():
        ids = sorted(m["id"] for m in json.loads(line)["members"])
        pairs |= {(a, b) for a in ids for b in ids if a != b}
    return pairs


def test_texts_are_deduped_as_they_are(runner, tmp_path):
    """Text without function words is no page furniture to dedup: every planted copy is found."""
    records, planted = _corpus()
    path = _write(tmp_path / "c.jsonl", records)
    result = runner.invoke(main, ["dedup", path, "--workers", "1"])
    assert result.exit_code == 0, result.stderr
    found = _grouped_pairs(result.stdout)
    assert planted and all(p in found for p in planted)
    planted_ids = {x for p in planted for x in p}
    assert all(a in planted_ids for a, _ in found)  # nothing unrelated is grouped
    assert f"read {len(records)} documents" in result.stderr


def test_two_workers_print_the_same_bytes_as_one(runner, tmp_path):
    records, _ = _corpus(seed=2, n=300)
    path = _write(tmp_path / "c.jsonl", records)
    one = runner.invoke(main, ["dedup", path, "--workers", "1"])
    two = runner.invoke(main, ["dedup", path, "--workers", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout and one.stdout == two.stdout
    keep1 = runner.invoke(main, ["dedup", path, "--workers", "1", "--keep-list"]).stdout
    keep2 = runner.invoke(main, ["dedup", path, "--workers", "2", "--keep-list"]).stdout
    assert keep1 == keep2 and len(keep1.split()) < len(records)


def test_rewrite_stage_runs_only_when_asked(runner, tmp_path, monkeypatch):
    rng = random.Random(4)
    records = [{"id": f"a{i}", "text": make_doc(rng, 8)} for i in range(5)]
    records.append({"id": "copy", "text": records[0]["text"]})
    path = _write(tmp_path / "c.jsonl", records)
    calls = []
    real = dedup_module._rewrite_stage

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(dedup_module, "_rewrite_stage", counting)
    plain = runner.invoke(main, ["dedup", path, "--workers", "1"])
    assert plain.exit_code == 0 and not calls
    assert runner.invoke(main, ["dedup", path, "--no-rewrites", "--workers", "1"]).exit_code == 0
    assert not calls
    with_rw = runner.invoke(main, ["dedup", path, "--rewrites", "--workers", "1"])
    assert with_rw.exit_code == 0 and calls
    assert with_rw.stdout == plain.stdout  # one exact copy, no rewrites planted


def test_unreadable_inputs_are_reported_and_counted(runner, tmp_path):
    records, _ = _corpus(n=20)
    body = "".join(json.dumps(r) + "\n" for r in records)
    bad = body + "{not json\n" + json.dumps({"id": "r3", "text": "other words here"}) + "\n"
    path = tmp_path / "c.jsonl"
    path.write_text(bad, encoding="utf-8")
    result = runner.invoke(main, ["dedup", str(path), str(tmp_path / "missing.jsonl")])
    assert result.exit_code == EXIT_SKIPPED
    assert "skipped" in result.stderr and "malformed JSON" in result.stderr
    assert "'r3' is already used by other content" in result.stderr
    assert "missing.jsonl: no such file" in result.stderr
    assert "3 skipped" in result.stderr and f"read {len(records) + 1} documents" in result.stderr
    keep = runner.invoke(main, ["dedup", str(path), "--keep-list"]).stdout.split()
    assert set(keep) <= {r["id"] for r in records}


def test_clean_runs_the_page_cleaner_first(runner, tmp_path):
    rng = random.Random(9)
    story = make_doc(rng, 10)
    menu = "Home\nNews\nSport\nLog in\nSubscribe now\nShare this article\n"
    records = [
        {"id": "page1", "text": menu + story + "\nRead more\nComments (4)"},
        {"id": "page2", "text": "Menu\nWeather\n" + story + "\nCookie settings\nFollow us"},
    ]
    path = _write(tmp_path / "p.jsonl", records)
    cleaned = runner.invoke(main, ["dedup", path, "--clean", "--workers", "1"]).stdout
    (group,) = [json.loads(x) for x in cleaned.splitlines()]
    assert {m["relation"] for m in group["members"]} == {"representative", "exact"}


def _plain(item):
    """A document as is; a skip (an exception, unequal to its twin) as its place and reason."""
    return (item.where, item.reason) if isinstance(item, SkippedInput) else item


def test_jsonl_streams_as_read_documents_reads_it(tmp_path):
    records, _ = _corpus(n=30)
    body = "".join(json.dumps(r) + "\r\n" for r in records).encode()
    plain, packed = tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz"
    plain.write_bytes(body + b"[1]\n")
    packed.write_bytes(gzip.compress(body))
    for path in (plain, packed):
        streamed = [_plain(x) for x in stream_documents([str(path)])]
        whole = [_plain(x) for x in read_documents([str(path)])]
        assert streamed == whole and len(streamed) >= len(records)
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (skip,) = list(stream_documents([str(tmp_path / "empty.jsonl")]))
    assert "empty file" in skip.reason


def test_python_dash_m_runs_the_cli():
    out = subprocess.run(
        [sys.executable, "-m", "storyfold", "dedup", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
    )
    assert out.returncode == 0 and "Usage: storyfold dedup" in out.stdout


def test_store_run_finds_copies_of_earlier_runs(runner, tmp_path):
    records, planted = _corpus(seed=5, n=80)
    firsts = {a for a, _ in planted}
    early = [r for r in records if r["id"] in firsts]
    late = [r for r in records if r["id"] not in firsts]
    db = str(tmp_path / "d.db")
    flags = ["--db", db, "--workers", "1"]
    assert (
        runner.invoke(main, ["dedup", _write(tmp_path / "e.jsonl", early), *flags]).exit_code == 0
    )
    later = runner.invoke(main, ["dedup", _write(tmp_path / "l.jsonl", late), *flags])
    assert later.exit_code == 0, later.stderr
    assert planted and all(p in _grouped_pairs(later.stdout) for p in planted)
