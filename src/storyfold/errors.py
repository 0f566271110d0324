"""storyfold's exception hierarchy.

    StoryfoldError
    ├── InputError        an input file or line cannot be read or parsed
    │   └── SkippedInput  a document was skipped (unreadable, binary, empty, too large, ...)
    ├── StoreError        the SQLite store cannot be opened or is of an unknown schema
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


class StoreError(StoryfoldError):
    """The store cannot be opened, migrated or written."""


class NotFoundError(StoryfoldError):
    """A story or article id was not found in the store."""


class ConfigError(StoryfoldError, ValueError):
    """A configuration value is out of its allowed range."""


class UsageError(StoryfoldError, ValueError):
    """A request names something ambiguously or asks for a correction that cannot be made."""
