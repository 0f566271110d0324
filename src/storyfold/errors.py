"""storyfold's exception hierarchy.

    StoryfoldError
    ├── InputError        an input file or line cannot be read or parsed
    │   └── SkippedInput  a document was skipped (unreadable, binary, empty, too large, ...)
    ├── StoreError        the SQLite store cannot be opened, read or written
    │   ├── NoStore       no store at the path (read commands never create one)
    │   ├── NotAStore     the file is not a storyfold store (another application's, or not SQLite)
    │   ├── StoreReadOnly the store (file or folder) cannot be written by this user
    │   ├── StoreLocked   another process kept the store locked past the wait
    │   ├── StoreFull     the disk (or the store's size limit) is full
    │   └── StoreDamaged  the file is corrupt or its schema record is unreadable
    ├── NotFoundError     a story or article id is not in the store
    ├── ConfigError       a configuration value is out of range
    └── UsageError        a request cannot be done as given (an ambiguous id, a
                          correction that contradicts itself)

The CLI turns each into a one-line message and an exit code (see ``cli.py``).
"""

from __future__ import annotations


class StoryfoldError(Exception):
    """Base class of every error storyfold raises on purpose."""


class InputError(StoryfoldError):
    """An input cannot be read or parsed."""


class SkippedInput(InputError):
    """One input was skipped; ``where`` names it and ``reason`` says why."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason

    def __reduce__(self) -> tuple[type[SkippedInput], tuple[str, str]]:
        """Pickle as ``(where, reason)``: a skip found in a worker process crosses to the fold."""
        return (SkippedInput, (self.where, self.reason))


class StoreError(StoryfoldError):
    """The store cannot be opened, migrated, read or written."""


class NoStore(StoreError):
    """There is no store at the path given (and the command does not create one)."""


class NotAStore(StoreError):
    """The file is not a storyfold store: it is left as it is."""


class StoreReadOnly(StoreError):
    """The store, or the folder it is in, cannot be written by this user."""


class StoreLocked(StoreError):
    """Another process held the store's write lock for longer than the wait."""


class StoreFull(StoreError):
    """A write failed for lack of space; what it was writing was rolled back."""


class StoreDamaged(StoreError):
    """The store file is corrupt, or its schema record cannot be read."""


class NotFoundError(StoryfoldError):
    """A story or article id was not found in the store."""


class ConfigError(StoryfoldError, ValueError):
    """A configuration value is out of its allowed range."""


class UsageError(StoryfoldError, ValueError):
    """A request names something ambiguously or asks for a correction that cannot be made."""
