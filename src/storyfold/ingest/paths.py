"""Which files a fold reads: paths, directories and addresses expanded into inputs.

Directories are walked in sorted order, each directory entered once (a symlink loop is not
entered again); hidden files, the store's own files and files the include/exclude globs
leave out are not read; an ``http(s)://`` argument is an address, not a path.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import SkippedInput
from .options import IngestOptions

__all__ = ["URL_PREFIXES", "UrlInput", "iter_paths", "os_reason", "store_files"]

URL_PREFIXES = ("http://", "https://")


@dataclass(slots=True, frozen=True)
class UrlInput:
    """An http(s) address given as an input: read by the caller's URL reader."""

    url: str


def iter_paths(
    paths: Iterable[str], options: IngestOptions
) -> Iterator[str | UrlInput | SkippedInput]:
    """Expand files and directories (recursively, sorted) into file paths; ``-`` is stdin,
    an ``http(s)://`` address a :class:`UrlInput`.

    Directory symlinks are followed once (a loop is not entered again); hidden files, the
    store's own files (``never_read``) and files the include/exclude globs leave out are
    not read. A path that cannot be looked at, a directory that cannot be listed or that
    holds nothing to read, is a skip.
    """
    for p in paths:
        if p == "-":
            yield p
            continue
        text = os.fsdecode(p)
        if text.lower().startswith(URL_PREFIXES):
            yield UrlInput(text)
            continue
        try:
            yield from _expand(text, options)
        except (OSError, ValueError) as exc:
            yield SkippedInput(str(p), f"cannot read ({os_reason(exc)}); check the path")


def _expand(p: str, options: IngestOptions) -> Iterator[str | SkippedInput]:
    path = Path(p)
    if path.is_dir():
        found = 0
        for item in _walk(path, options):
            found += isinstance(item, str)
            yield item
        if not found:
            yield SkippedInput(
                p,
                "no files to read in this directory (hidden files, the store and files "
                "left out by --include/--exclude are not read); check the path",
            )
    elif _never_read(path, options):
        yield SkippedInput(str(path), "the store this fold writes to, not an input; leave it out")
    elif path.exists() or path.is_symlink():
        yield str(path)
    else:
        yield SkippedInput(str(path), _missing(p))


def _missing(p: str) -> str:
    if p.lower().startswith(("http:/", "https:/", "www.")):
        return "no such file; to read a web page give its full address (https://...)"
    return "no such file or directory; check the path"


def _walk(top: Path, options: IngestOptions) -> Iterator[str | SkippedInput]:
    """The files under ``top``, sorted, each directory (symlinked or not) entered once."""
    entered: set[tuple[int, int]] = set()
    unlisted: list[OSError] = []
    for root, dirs, files in os.walk(top, onerror=unlisted.append, followlinks=True):
        while unlisted:
            yield _unlisted(unlisted.pop(0))
        try:
            st = os.stat(root)
        except OSError:
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in entered:
            dirs[:] = []  # reached again through a symlink: a loop, or a second way in
            continue
        entered.add((st.st_dev, st.st_ino))
        if not options.include_hidden:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
        dirs.sort()
        for name in sorted(files):
            if name.startswith(".") and not options.include_hidden:
                continue
            full = Path(root) / name
            if _never_read(full, options) or not _selected(full, top, options):
                continue
            yield str(full)
    while unlisted:
        yield _unlisted(unlisted.pop(0))


def _never_read(path: Path, options: IngestOptions) -> bool:
    """Whether ``path`` is one of the store's own files."""
    if not options.never_read:
        return False
    try:
        return os.path.realpath(path) in options.never_read
    except (OSError, ValueError):
        return False


def _selected(path: Path, top: Path, options: IngestOptions) -> bool:
    """Whether the include/exclude globs let a file found under ``top`` be read.

    A glob matches a file's name or its path below ``top`` (``*.html``, ``2024/*``).
    """
    rel = path.relative_to(top).as_posix()

    def hit(globs: tuple[str, ...]) -> bool:
        return any(fnmatch.fnmatch(path.name, g) or fnmatch.fnmatch(rel, g) for g in globs)

    if options.include and not hit(options.include):
        return False
    return not (options.exclude and hit(options.exclude))


def store_files(db_path: str) -> frozenset[str]:
    """The real paths of a store and of the journal files SQLite keeps beside it."""
    base = os.path.realpath(db_path)
    return frozenset(base + suffix for suffix in ("", "-wal", "-shm", "-journal"))


def _unlisted(exc: OSError) -> SkippedInput:
    where = os.fsdecode(exc.filename) if exc.filename is not None else "?"
    return SkippedInput(
        where, f"cannot list the directory ({os_reason(exc)}); check its permissions"
    )


def os_reason(exc: BaseException) -> str:
    """The system's words for why an operation failed (``No such file or directory``)."""
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__
