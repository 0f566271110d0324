"""Folders and files read like a careful tool: the store and hidden files are never
read, directory symlinks are followed once, globs choose files, other formats are named
and skipped, and an input that yields nothing says so."""

from __future__ import annotations

import json
import os

import pytest

from storyfold.cli import EXIT_SKIPPED, EXIT_USAGE, main

STORY = (
    "Harbour bridge reopens after repairs\n\n"
    "The harbour bridge of Calder reopened to traffic on Monday after six weeks of repairs "
    "to its deck, the city's roads department said.\n\n"
    "Buses will return to their usual routes on Tuesday, the department said, and the "
    "temporary ferry service will stop at the end of the week.\n"
)
OTHER = (
    "Library extends its opening hours\n\n"
    "The central library of Calder will open until nine in the evening from next month, "
    "its director said on Wednesday, after a survey of readers.\n\n"
    "The extra hours will be paid for by the city's culture budget.\n"
)


def _fold(runner, cwd, *args, db="storyfold.db"):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, ["fold", *args, "--db", db, "--json", "out.json"])
    finally:
        os.chdir(old)


def _skips(result):
    return [ln for ln in result.stderr.splitlines() if ln.startswith("storyfold: skipped")]


def test_folding_the_current_directory_twice_never_reads_the_store(runner, tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    first = _fold(runner, tmp_path, ".")
    assert first.exit_code == 0, first.output
    (tmp_path / "out.json").unlink()
    again = _fold(runner, tmp_path, ".")
    assert again.exit_code == 0, again.output  # storyfold.db, -wal, -shm: not inputs
    assert not _skips(again)
    assert json.loads((tmp_path / "out.json").read_text())["report"]["documents_new"] == 0


def test_naming_the_store_as_input_is_refused_in_one_line(runner, tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    assert _fold(runner, tmp_path, "a.txt").exit_code == 0
    result = _fold(runner, tmp_path, "storyfold.db")
    [line] = _skips(result)
    assert "the store this fold writes to" in line and result.exit_code == EXIT_SKIPPED


def test_directory_symlinks_are_followed_once(runner, tmp_path):
    data = tmp_path / "data"
    (data / "real").mkdir(parents=True)
    (data / "real" / "a.txt").write_text(STORY, encoding="utf-8")
    (data / "real" / "loop").symlink_to(data / "real", target_is_directory=True)
    (data / "more").symlink_to(data / "real", target_is_directory=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.txt").write_text(OTHER, encoding="utf-8")
    (data / "linked").symlink_to(outside, target_is_directory=True)
    result = _fold(runner, tmp_path, "data", db="t.db")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out.json").read_text())["report"]
    assert report["documents_new"] == 2  # a.txt once (not through the loop), b.txt via link


def test_an_empty_folder_says_so_and_exits_non_zero(runner, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden.txt").write_text(STORY, encoding="utf-8")
    result = _fold(runner, tmp_path, "empty", db="t.db")
    [line] = _skips(result)
    assert "no files to read in this directory" in line
    assert result.exit_code == EXIT_SKIPPED


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("notes.md", b"# Notes\n\nSome notes about the bridge repairs.\n", "Markdown"),
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image"),
        ("noext", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image"),
        ("list.csv", b"name,count\nbridge,3\nlibrary,4\n", "CSV without a 'text'"),
        ("config.json", b'{"debug": true, "level": 3}', "JSON that is not"),
    ],
)
def test_files_of_other_kinds_are_named_and_skipped(runner, tmp_path, name, data, kind):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "in" / name).write_bytes(data)
    result = _fold(runner, tmp_path, "in", db="t.db")
    [line] = _skips(result)
    assert name in line and "not a news format" in line and kind in line, line
    assert result.exit_code == EXIT_SKIPPED
    assert json.loads((tmp_path / "out.json").read_text())["report"]["documents_new"] == 1


def test_csv_with_a_header_is_read_like_jsonl(runner, tmp_path):
    rows = (
        "title,text,url,published,source\n"
        f'"Bridge reopens","{STORY.replace(chr(10), " ")}",https://a.example/b?utm_medium=x,'
        "2025-03-03,Calder Post\n"
        f'"Library hours","{OTHER.replace(chr(10), " ")}",https://a.example/l,'
        "2025-03-04,Calder Post\n"
    )
    (tmp_path / "articles.csv").write_text(rows, encoding="utf-8")
    result = _fold(runner, tmp_path, "articles.csv", db="t.db")
    assert result.exit_code == 0, result.output
    docs = json.loads((tmp_path / "out.json").read_text())["documents"]
    assert [(d["title"], d["url"], d["published"], d["site"]) for d in docs] == [
        ("Bridge reopens", "https://a.example/b", "2025-03-03", "Calder Post"),
        ("Library hours", "https://a.example/l", "2025-03-04", "Calder Post"),
    ]


def test_a_json_array_of_records_is_read(runner, tmp_path):
    records = [{"id": "bridge", "text": STORY}, {"id": "library", "text": OTHER}, {"x": 1}]
    (tmp_path / "export.json").write_text(json.dumps(records), encoding="utf-8")
    result = _fold(runner, tmp_path, "export.json", db="t.db")
    [line] = _skips(result)
    assert "export.json[3]" in line and "no 'text' or 'html' field" in line
    docs = json.loads((tmp_path / "out.json").read_text())["documents"]
    assert [d["id"] for d in docs] == ["bridge", "library"]


def test_include_and_exclude_globs(runner, tmp_path):
    d = tmp_path / "in"
    (d / "2024").mkdir(parents=True)
    (d / "2024" / "a.txt").write_text(STORY, encoding="utf-8")
    (d / "b.txt").write_text(OTHER, encoding="utf-8")
    (d / "c.html").write_text(f"<html><body><p>{STORY}</p></body></html>", encoding="utf-8")
    result = _fold(runner, tmp_path, "in", "--include", "*.txt", "--exclude", "2024/*", db="1.db")
    assert result.exit_code == 0, result.output
    docs = json.loads((tmp_path / "out.json").read_text())["documents"]
    assert [os.path.basename(x["path"]) for x in docs] == ["b.txt"]


def test_a_web_address_is_not_taken_for_a_missing_file(runner, tmp_path):
    result = _fold(runner, tmp_path, "https:/www.example.com/news/1", db="t.db")
    [line] = _skips(result)
    assert "give its full address" in line


def test_fold_without_inputs_is_a_usage_error(runner, tmp_path):
    result = _fold(runner, tmp_path, db="t.db")
    assert result.exit_code == EXIT_USAGE and "nothing to read" in result.stderr
