"""Two folds of the same files started together both finish and leave one fold's store."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from .faultcorpus import ROOT, run_cli, write_corpus

QUERIES = {
    "documents": "SELECT id, content_hash, kind, path, url, site, title, author, published, text "
    "FROM documents ORDER BY id",
    "articles": "SELECT * FROM articles ORDER BY id",
    "dropped_lines": "SELECT * FROM dropped_lines ORDER BY article_id, seq",
    "copies": "SELECT * FROM copies ORDER BY a, b",
    "stories": "SELECT id, title FROM stories ORDER BY id",
    "story_members": "SELECT article_id, story_id, via_copy FROM story_members ORDER BY article_id",
}


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(db)
    try:
        return {name: con.execute(q).fetchall() for name, q in QUERIES.items()}
    finally:
        con.close()


def test_two_folds_of_the_same_1000_files_at_once_equal_one_fold(tmp_path):
    folder = tmp_path / "in"
    write_corpus(folder, 1000)
    both = tmp_path / "both.db"  # new: the two also create it together
    cmd = [sys.executable, "-m", "storyfold", "fold", str(folder), "--db", str(both), "-q"]
    # The second fold waits for the first one's batch transactions; on a slow,
    # shared CI machine one batch can hold the lock longer than the 30 s default.
    env = {
        "PYTHONPATH": str(ROOT / "src"),
        "PATH": "/usr/bin:/bin",
        "STORYFOLD_LOCK_TIMEOUT": "600",
    }
    folds = [
        subprocess.Popen(
            [*cmd, "--workers", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    outcomes = [(p.wait(timeout=600), *p.communicate()) for p in folds]
    for code, _out, err in outcomes:
        assert code == 0, err
        assert err == ""
    one = tmp_path / "one.db"
    assert run_cli("fold", str(folder), "--db", str(one), "-q", "--workers", "1").returncode == 0
    got, want = _snapshot(both), _snapshot(one)
    assert len(want["documents"]) == 1000 and len(want["copies"]) > 0
    assert len(want["stories"]) > 1
    for table in QUERIES:
        assert got[table] == want[table], table
