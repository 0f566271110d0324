"""One bad file never stops a batch: each gets a one-line report and the rest is folded."""

from __future__ import annotations

import builtins
import os
import re

import pytest

from storyfold.cli import EXIT_SKIPPED, main

GOOD = (
    "Council approves harbour wall repairs\n\n"
    "The Tarrow harbour council approved repairs to the north wall on Tuesday after a storm "
    "damaged a forty-metre stretch of the old stonework last month.\n"
    "Work will begin in April and is expected to take six weeks, the council said in a "
    "statement, adding that the fish market would stay open throughout.\n"
)


def _fold(runner, tmp_path, *paths):
    db = tmp_path / "t.db"
    result = runner.invoke(main, ["fold", *map(str, paths), "--db", str(db), "--json", "-"])
    return result


def _report_lines(result, name):
    return [ln for ln in result.stderr.splitlines() if name in ln]


@pytest.fixture
def good(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    return d


def _assert_skipped(result, name, reason_pattern):
    lines = _report_lines(result, name)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("storyfold: skipped ")
    assert re.search(reason_pattern, lines[0]), lines[0]
    assert result.exit_code == EXIT_SKIPPED
    assert '"documents_new": 1' in result.stdout  # the good file was still folded


def test_binary_file(runner, tmp_path, good):
    (good / "image.bin").write_bytes(bytes(range(256)) * 40)
    _assert_skipped(_fold(runner, tmp_path, good), "image.bin", "binary file")


def test_empty_file(runner, tmp_path, good):
    (good / "empty.txt").write_bytes(b"")
    _assert_skipped(_fold(runner, tmp_path, good), "empty.txt", "empty file")


def test_large_file(runner, tmp_path, good):
    big = good / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    _assert_skipped(_fold(runner, tmp_path, good), "huge.txt", r"too large \(52\.4 MB")


def test_malformed_jsonl_line(runner, tmp_path, good):
    (good / "feed.jsonl").write_text(
        '{"id": "x1", "text": "' + GOOD.replace("\n", " ").replace("Tarrow", "Skerrin") + '"}\n'
        '{"id": "x2", "text": broken\n',
        encoding="utf-8",
    )
    result = _fold(runner, tmp_path, good)
    lines = _report_lines(result, "feed.jsonl:2")
    assert len(lines) == 1 and "malformed JSON" in lines[0], result.stderr
    assert result.exit_code == EXIT_SKIPPED
    assert '"documents_new": 2' in result.stdout


def test_unreadable_file(runner, tmp_path, good, monkeypatch):
    locked = good / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if os.fspath(file) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    _assert_skipped(_fold(runner, tmp_path, good), "locked.txt", "permission denied")


def test_missing_path(runner, tmp_path, good):
    result = _fold(runner, tmp_path, good, tmp_path / "nope")
    assert "no such file" in result.stderr
    assert result.exit_code == EXIT_SKIPPED


def test_invalid_utf8_is_read_and_reported(runner, tmp_path, good):
    (good / "latin.txt").write_bytes(
        GOOD.replace("Tarrow", "Caf\xe9 Row").replace("harbour", "b\xe2timent").encode("latin-1")
        + b"\xff\xfe\xfa trailing bytes\n"
    )
    result = _fold(runner, tmp_path, good)
    lines = _report_lines(result, "latin.txt")
    assert len(lines) == 1 and ("UTF-8" in lines[0]), result.stderr
    assert result.exit_code == 0  # read, not skipped
    assert '"documents_new": 2' in result.stdout
