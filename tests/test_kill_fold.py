"""kill -9 at random points of a fold: the store stays whole and a re-run ends where one
uninterrupted fold does.

Each fold runs in a process group of its own and is killed (SIGKILL, workers and all) at
a random moment; the store must then pass ``PRAGMA integrity_check`` and the foreign-key
check and hold whole batches only. The kills are chained: each re-run goes on from what
the last one committed, and after the last kill a re-run to completion must leave the
same documents, articles, copies and stories as a fold that was never interrupted.
The fast form (``make test``): 300 documents, 4 kills. The full form
(``STORYFOLD_KILL_FULL=1``, run by ``make fuzz``): 3,000 documents, 20 kills.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from .faultcorpus import ROOT, write_corpus
from .test_concurrent_folds import QUERIES, _snapshot

FULL = os.environ.get("STORYFOLD_KILL_FULL") == "1"
DOCS, KILLS, BATCH, WORKERS = (3000, 20, 150, 2) if FULL else (300, 4, 50, 1)

DRIVER = """
import sys
from storyfold import Store, fold
from storyfold.pipeline import FoldConfig
with Store(sys.argv[1]) as store:
    fold([sys.argv[2]], store, FoldConfig(workers=int(sys.argv[3]), batch_size=int(sys.argv[4])))
"""


def _start(db: Path, folder: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-c", DRIVER, str(db), str(folder), str(WORKERS), str(BATCH)]
    return subprocess.Popen(
        cmd, env=env, start_new_session=True, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
    )


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _check_whole(db: Path) -> int:
    """Integrity and foreign keys of a killed fold's store; its number of documents."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchall():
            return 0  # killed while the store was being created
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        (n,) = con.execute("SELECT count(*) FROM documents").fetchone()
        return int(n)
    finally:
        con.close()


def test_kill_9_at_random_points_leaves_a_whole_store_and_the_same_fold(tmp_path):
    folder = tmp_path / "in"
    write_corpus(folder, DOCS)
    rng = random.Random(20260213)
    ref = tmp_path / "ref.db"
    began = time.monotonic()
    first = _start(ref, folder)
    try:
        _, err = first.communicate(timeout=900)
    finally:
        _kill(first)
    assert first.returncode == 0, err
    took = time.monotonic() - began
    want = _snapshot(ref)
    assert len(want["documents"]) == DOCS and want["copies"] and want["story_members"]

    db = tmp_path / "killed.db"
    kills = completed = 0
    counts = []
    while kills < KILLS:
        proc = _start(db, folder)
        try:
            time.sleep(rng.uniform(0.05, 2.5 * took / KILLS))
            finished = proc.poll() is not None
        finally:
            _kill(proc)
        if finished:  # the fold ended before its kill: it must be the whole fold; start again
            assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
            assert _snapshot(db) == want
            completed += 1
            for p in tmp_path.glob("killed.db*"):
                p.unlink()
            continue
        kills += 1
        if db.exists():
            n = _check_whole(db)
            assert n % BATCH == 0 or n == DOCS, n  # one transaction per batch
            counts.append(n)
    last = _start(db, folder)
    try:
        _, err = last.communicate(timeout=900)
    finally:
        _kill(last)
    assert last.returncode == 0, err
    got = _snapshot(db)
    for table in QUERIES:
        assert got[table] == want[table], table
    assert any(0 < n < DOCS for n in counts) or completed, counts  # some kill fell mid-fold
