"""Store faults end in one line and the right exit code, with nothing written on failure."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from storyfold import Store, fold
from storyfold import cli as cli_module
from storyfold.cli import EXIT_ERROR, EXIT_INTERNAL, EXIT_USAGE, main
from storyfold.errors import NotAStore, StoreFull
from storyfold.pipeline import FoldConfig
from storyfold.store import _MIGRATIONS, APPLICATION_ID, SCHEMA_VERSION, _statements

from .faultcorpus import run_as_nobody, run_cli, write_corpus

needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="dropping to the nobody user needs root (root ignores file modes)"
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def _story_store(path: Path, n: int = 20) -> str:
    """A store of ``n`` fictional reports at ``path``; returns one story id."""
    files = write_corpus(path.parent / f"{path.stem}-in", n)
    with Store(path) as store:
        fold([str(f) for f in files], store, FoldConfig(workers=1))
        return store.stories()[0].id


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A folder the nobody user can enter (pytest's tmp_path is root's alone)."""
    d = Path(tempfile.mkdtemp(prefix="storyfold-ro-"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


# ---- a store that is not there, or not ours ----------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ["stories"],
        ["show", "s000000000000"],
        ["why", "a", "b"],
        ["merge", "s1", "s2"],
        ["split", "s1", "d#0"],
    ],
)
def test_a_mistyped_db_is_an_error_and_creates_nothing(runner, tmp_path, args):
    db = tmp_path / "typo.db"
    result = runner.invoke(main, [*args, "--db", str(db)])
    assert result.exit_code == EXIT_ERROR
    assert "no store there" in _one_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_fold_creates_a_missing_store_marked_as_storyfolds(runner, tmp_path):
    files = write_corpus(tmp_path / "in", 3)
    db = tmp_path / "new" / "s.db"
    assert runner.invoke(main, ["fold", *map(str, files), "--db", str(db), "-q"]).exit_code == 0
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def _foreign(path: Path, application_id: int = 0) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    con.execute("INSERT INTO invoices VALUES (1, 12.5)")
    if application_id:
        con.execute(f"PRAGMA application_id = {application_id}")
    con.commit()
    con.close()


@pytest.mark.parametrize("app_id", [0, 0x4D504B47])
@pytest.mark.parametrize("command", [["stories"], ["fold", "IN"], ["merge", "s1", "s2"]])
def test_another_applications_sqlite_file_is_refused_unchanged(runner, tmp_path, app_id, command):
    db = tmp_path / "accounts.sqlite"
    _foreign(db, app_id)
    before = _digest(db)
    files = write_corpus(tmp_path / "in", 2)
    args = [str(files[0]) if a == "IN" else a for a in command]
    result = runner.invoke(main, [*args, "--db", str(db)])
    assert result.exit_code == EXIT_ERROR
    line = _one_line(result.stderr)
    assert "not a storyfold store" in line and "left unchanged" in line
    assert _digest(db) == before
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["invoices"]
    con.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.sqlite", "in"]


def test_a_foreign_file_is_refused_by_the_library_too(tmp_path):
    db = tmp_path / "other.db"
    _foreign(db)
    with pytest.raises(NotAStore, match="another application"):
        Store(db)


def test_a_store_from_before_the_application_id_keeps_opening_and_gets_it(tmp_path):
    db = tmp_path / "old.db"
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    for v in (1, 2, 3, 4):
        for stmt in _statements(_MIGRATIONS[v]):
            con.execute(stmt)
    con.execute("INSERT INTO meta VALUES ('schema_version', '4')")
    con.close()
    with Store(db, create=False) as store:
        assert store.setting("schema_version") == str(SCHEMA_VERSION)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    con.close()


def test_a_current_store_without_the_id_is_read_and_then_marked(runner, tmp_path):
    db = tmp_path / "s.db"
    story = _story_store(db, 5)
    con = sqlite3.connect(db)
    con.execute("PRAGMA application_id = 0")
    con.commit()
    con.close()
    result = runner.invoke(main, ["stories", "--db", str(db), "--json"])
    assert result.exit_code == 0 and story in result.stdout
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    con.close()


# ---- damage -----------------------------------------------------------------------
def test_a_schema_version_that_is_no_number_is_one_line(runner, tmp_path):
    db = tmp_path / "s.db"
    _story_store(db, 3)
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = 'three' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    result = runner.invoke(main, ["stories", "--db", str(db)])
    assert result.exit_code == EXIT_ERROR
    assert "'three', not a version number" in _one_line(result.stderr)


def test_a_malformed_page_is_one_line(runner, tmp_path):
    db = tmp_path / "s.db"
    _story_store(db, 20)
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    roots = con.execute(
        "SELECT rootpage FROM sqlite_master WHERE tbl_name IN ('story_rank', 'stories') "
        "AND rootpage > 0"
    ).fetchall()
    con.close()
    with db.open("r+b") as fh:  # garble the pages the story list starts from
        for (root,) in roots:
            fh.seek((root - 1) * page_size)
            fh.write(b"\xa5" * page_size)
    result = runner.invoke(main, ["stories", "--db", str(db)])
    assert result.exit_code == EXIT_ERROR
    assert "the store file is damaged" in _one_line(result.stderr)
    sub = run_cli("stories", "--db", str(db))  # the installed entry point, not the test runner
    assert sub.returncode == EXIT_ERROR
    assert "damaged (database disk image is malformed)" in _one_line(sub.stderr)


# ---- disk full ----------------------------------------------------------------------
class _SmallDisk(Store):
    """A store whose file may not grow past its current size (a full disk)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(f"PRAGMA max_page_count = {pages}")


def test_disk_full_keeps_the_batches_written_before(tmp_path):
    files = write_corpus(tmp_path / "in", 30)
    probe = tmp_path / "probe.db"
    with Store(probe) as store:  # how big the first batch makes a store
        fold([str(f) for f in files[:10]], store, FoldConfig(workers=1))
        first_batch_pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.db.execute(f"PRAGMA max_page_count = {first_batch_pages + 1}")
        with pytest.raises(StoreFull, match="disk is full"):
            fold([str(f) for f in files], store, FoldConfig(workers=1, batch_size=10))
    with Store(db) as store:
        assert store.counts()["documents"] == 10  # the first batch, nothing of the second
        assert store.counts()["story_members"] == 10


def test_disk_full_is_one_line_and_writes_nothing(runner, tmp_path, monkeypatch):
    db = tmp_path / "s.db"
    _story_store(db, 5)
    with Store(db) as store:
        before = store.counts()
    more = write_corpus(tmp_path / "more", 40)[5:]
    monkeypatch.setattr(cli_module, "Store", _SmallDisk)
    result = runner.invoke(main, ["fold", *map(str, more), "--db", str(db), "-q"])
    assert result.exit_code == EXIT_ERROR
    assert "disk is full" in _one_line(result.stderr)
    with Store(db) as store:
        assert store.counts() == before


# ---- locks --------------------------------------------------------------------------
HOLD = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO meta VALUES ('held', '1')")
print("holding", flush=True)
time.sleep(60)
"""


def test_a_held_lock_is_waited_for_then_named(runner, tmp_path):
    db = tmp_path / "s.db"
    story = _story_store(db, 20)
    with Store(db) as store:
        other_story = next(s.id for s in store.stories() if s.id != story)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        other = write_corpus(tmp_path / "other", 22)[20:]
        env = {"STORYFOLD_LOCK_TIMEOUT": "0.5"}
        start = time.monotonic()
        result = run_cli("fold", *map(str, other), "--db", str(db), "-q", env=env)
        assert time.monotonic() - start >= 0.5
        assert result.returncode == EXIT_ERROR
        line = _one_line(result.stderr)
        assert f"locked by process {holder.pid} (" in line and "waiting 0.5 s" in line
        assert "STORYFOLD_LOCK_TIMEOUT" in line
        merged = run_cli("merge", story, other_story, "--db", str(db), env=env)
        assert merged.returncode == EXIT_ERROR and "locked" in _one_line(merged.stderr)
        # readers are never blocked by a writer
        listed = run_cli("stories", "--db", str(db), "--json", env=env)
        assert listed.returncode == 0 and story in listed.stdout
    finally:
        holder.kill()
        holder.wait()
    with Store(db) as store:
        assert store.counts()["documents"] == 20
        assert store.setting("held") is None


def test_a_lock_timeout_that_is_no_number_is_a_usage_error(runner, tmp_path):
    db = tmp_path / "s.db"
    _story_store(db, 2)
    result = runner.invoke(main, ["stories", "--db", str(db)], env={"STORYFOLD_LOCK_TIMEOUT": "x"})
    assert result.exit_code == EXIT_USAGE
    assert "STORYFOLD_LOCK_TIMEOUT='x'" in _one_line(result.stderr)


# ---- read-only ----------------------------------------------------------------------
@needs_root
def test_a_store_in_a_read_only_folder_is_read_but_not_written(open_dir):
    folder = open_dir / "store"
    folder.mkdir()
    db = folder / "s.db"
    story = _story_store(db, 10)
    folder.chmod(0o755)  # nobody may read the folder, not write it
    db.chmod(0o644)
    new = write_corpus(open_dir / "new", 12)[10:]
    for p in [open_dir / "new", *new]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    before, names = _digest(db), sorted(p.name for p in folder.iterdir())
    listed = run_as_nobody("stories", "--db", str(db), "--json")
    assert listed.returncode == 0, listed.stderr
    assert story in listed.stdout
    shown = run_as_nobody("show", story, "--db", str(db), "--json")
    assert shown.returncode == 0 and f'"id": "{story}"' in shown.stdout
    for args in (["fold", *map(str, new)], ["merge", story, story]):
        result = run_as_nobody(*args, "--db", str(db))
        assert result.returncode == EXIT_ERROR
        assert "read-only for this user" in _one_line(result.stderr)
    assert _digest(db) == before
    assert sorted(p.name for p in folder.iterdir()) == names


@needs_root
def test_a_read_only_store_file_is_read_and_a_fold_refused_before_reading(open_dir):
    folder = open_dir / "store"
    folder.mkdir()
    db = folder / "s.db"
    story = _story_store(db, 10)
    folder.chmod(0o777)
    db.chmod(0o444)
    listed = run_as_nobody("stories", "--db", str(db), "--json")
    assert listed.returncode == 0 and story in listed.stdout, listed.stderr
    # the inputs do not exist: a fold that read before writing would skip them and exit 1
    missing = str(open_dir / "no-such-input")
    result = run_as_nobody("fold", missing, "--db", str(db))
    assert result.returncode == EXIT_ERROR
    assert "read-only for this user" in _one_line(result.stderr)
    with Store(db, write=False) as store:
        assert store.counts()["documents"] == 10


# ---- interrupts and internal errors --------------------------------------------------
def _failing_page(exc: BaseException) -> Callable[..., None]:
    """A stand-in for Store.story_page that raises ``exc``."""

    def page(*_args: object, **_kwargs: object) -> None:
        raise exc

    return page


def test_an_interrupt_is_one_line_and_exit_4(runner, tmp_path, monkeypatch):
    db = tmp_path / "s.db"
    _story_store(db, 2)
    monkeypatch.setattr(Store, "story_page", _failing_page(KeyboardInterrupt()))
    result = runner.invoke(main, ["stories", "--db", str(db)])
    assert result.exit_code == EXIT_INTERNAL
    assert "interrupted" in _one_line(result.stderr)


def test_an_internal_error_names_itself_and_how_to_see_the_traceback(runner, tmp_path, monkeypatch):
    db = tmp_path / "s.db"
    _story_store(db, 2)
    monkeypatch.setattr(Store, "story_page", _failing_page(RuntimeError("boom")))
    result = runner.invoke(main, ["stories", "--db", str(db)])
    assert result.exit_code == EXIT_INTERNAL
    line = _one_line(result.stderr)
    assert "internal error: RuntimeError (boom)" in line and "STORYFOLD_DEBUG=1" in line
    debug = runner.invoke(main, ["stories", "--db", str(db)], env={"STORYFOLD_DEBUG": "1"})
    assert isinstance(debug.exception, RuntimeError)


def test_exit_codes_are_in_the_help_and_the_readme():
    from click.testing import CliRunner

    text = CliRunner().invoke(main, ["--help"]).output
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for doc in (text, readme, cli_module.__doc__ or ""):
        squashed = " ".join(doc.split())
        assert "4 interrupted" in squashed or "`4` interrupted" in squashed, doc[-600:]
        assert "STORYFOLD_DEBUG=1" in squashed


def _descendants(pid: int) -> set[int]:
    """The processes below ``pid`` (Linux ``/proc``), empty where that cannot be read."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                kids = {int(k) for k in (task / "children").read_text().split()}
            except OSError:
                continue
            todo.extend(kids - found)
            found |= kids
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_ctrl_c_during_a_fold_with_workers_is_one_line_and_exit_4(tmp_path):
    folder = tmp_path / "in"
    write_corpus(folder, 1000)
    db = tmp_path / "s.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    cmd = [sys.executable, "-m", "storyfold", "fold", str(folder), "--db", str(db), "-q"]
    fold_run = subprocess.Popen(
        [*cmd, "--workers", "2"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 60
        while len(_descendants(fold_run.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)  # the fork server and its two workers
        time.sleep(1.0)  # the workers have started (a Ctrl-C within their start is not covered)
        assert fold_run.poll() is None, "the fold ended before it could be interrupted"
        os.killpg(fold_run.pid, signal.SIGINT)
        _, err = fold_run.communicate(timeout=60)
    finally:  # never leave the fold or its workers behind
        with contextlib.suppress(ProcessLookupError):
            os.killpg(fold_run.pid, signal.SIGKILL)
        fold_run.wait()
    assert fold_run.returncode == EXIT_INTERNAL
    assert "interrupted" in _one_line(err)
