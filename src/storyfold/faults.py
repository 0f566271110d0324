"""SQLite faults as one-line :class:`~storyfold.errors.StoreError` messages that say what to do.

:func:`store_fault` maps an ``sqlite3`` error to the store error that names
the cause (disk full, read-only, locked, damaged, unreadable) or to None when
the error is not a fault of the store (a bug, which the CLI reports as an
internal error). :func:`lock_holders` names the processes holding a store's
locks (from ``/proc/locks`` on Linux), so a lock message can say who to wait for.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import StoreDamaged, StoreError, StoreFull, StoreLocked, StoreReadOnly

LOCK_TIMEOUT_ENV = "STORYFOLD_LOCK_TIMEOUT"
"""The CLI's environment variable for how long to wait for a locked store, in seconds."""

DEFAULT_LOCK_TIMEOUT = 30.0
"""Seconds a store connection waits for another process's write lock before giving up."""


def read_only(path: str) -> StoreReadOnly:
    """The error for a store this user cannot write (reads still work)."""
    return StoreReadOnly(
        f"{path}: the store is read-only for this user (the file or its folder cannot be "
        "written); stories, show and why still read it, while fold, merge and split need "
        "write access to both: fix the permissions or copy the store somewhere writable"
    )


def locked(path: str, timeout: float) -> StoreLocked:
    """The error for a store another process kept locked for ``timeout`` seconds."""
    holders = lock_holders(path)
    who = ", ".join(f"process {pid} ({cmd})" for pid, cmd in holders) or "another process"
    return StoreLocked(
        f"{path}: the store is locked by {who}, still after waiting {timeout:g} s; run again "
        f"when it has finished, or wait longer with {LOCK_TIMEOUT_ENV}=SECONDS"
    )


def is_lock_error(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` is another process's lock (busy or locked), not a fault of the file."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(exc)


def store_fault(path: str, exc: sqlite3.Error, timeout: float) -> StoreError | None:
    """The store error ``exc`` stands for, or None when it is no fault of the store (a bug)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name == "SQLITE_FULL" or "database or disk is full" in text:
        return StoreFull(
            f"{path}: the disk is full (or the store reached its size limit); what was being "
            "written was rolled back and the batches a fold had finished are kept: free "
            "some space and run again (stored inputs are recognised and skipped)"
        )
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return read_only(path)
    if is_lock_error(exc):
        return locked(path, timeout)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return StoreDamaged(
            f"{path}: the store file is damaged ({text}); restore it from a backup, or fold "
            "the inputs again into a new --db"
        )
    if name.startswith("SQLITE_IOERR"):
        return StoreError(
            f"{path}: cannot read or write the store ({text}); check the disk, then run again"
        )
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError(
            f"{path}: cannot open the store file ({text}); check the path and its permissions"
        )
    if name == "SQLITE_TOOBIG":
        return StoreError(f"{path}: a value is too long for the store ({text})")
    return None


@contextmanager
def store_faults(path: str, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """Raise the store error of any store fault in the block (other sqlite3 errors pass)."""
    try:
        yield
    except sqlite3.Error as exc:
        err = store_fault(path, exc, timeout)
        if err is None:
            raise
        raise err from exc


def lock_holders(path: str, locks: str = "/proc/locks") -> list[tuple[int, str]]:
    """``(pid, command line)`` of the other processes holding write locks on the store's files.

    SQLite locks byte ranges of the store (and of its ``-shm`` file in WAL mode)
    with POSIX locks, which Linux lists in ``/proc/locks``. Without write locks
    the holders of any lock are given; nothing is found off Linux.
    """
    files = set()
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            st = os.stat(path + suffix)
        except OSError:
            continue
        files.add((os.major(st.st_dev), os.minor(st.st_dev), st.st_ino))
    try:
        lines = Path(locks).read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return []
    writers: list[int] = []
    others: list[int] = []
    for line in lines:
        # "12: POSIX  ADVISORY  WRITE 4321 08:01:123456 120 120" ("->" lines wait for a lock)
        parts = line.split()
        if len(parts) < 6 or parts[1] == "->":
            continue
        try:
            pid = int(parts[4])
            major, minor, inode = parts[5].split(":")
            key = (int(major, 16), int(minor, 16), int(inode))
        except ValueError:
            continue
        if key not in files or pid <= 0 or pid == os.getpid():
            continue
        group = writers if parts[3] == "WRITE" else others
        if pid not in group:
            group.append(pid)
    return [(pid, _command(pid)) for pid in writers or others]


def _command(pid: int) -> str:
    """A process's command line, shortened, or "?" when it cannot be read."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    cmd = " ".join(" ".join(raw.decode("utf-8", "replace").split("\0")).split())
    return cmd if len(cmd) <= 80 else cmd[:79] + "…"
