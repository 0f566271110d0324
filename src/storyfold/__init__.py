"""storyfold: fold a pile of news pages into stories.

Library first: every stage can be used on its own.

>>> from storyfold import Store, fold
>>> with Store("news.db") as store:
...     report = fold(["crawl/"], store)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import (
    ConfigError,
    InputError,
    NotFoundError,
    SkippedInput,
    StoreError,
    StoryfoldError,
    UsageError,
)
from .model import Article, CopyRelation, Document, DroppedLine, Story

if TYPE_CHECKING:
    from .align import align_sentences
    from .clean import CleanConfig, clean_page, main_text
    from .copies import CopyConfig, find_copies
    from .ingest.sources import IngestOptions, read_documents
    from .pipeline import FoldConfig, FoldReport, fold
    from .store import Store
    from .stories.group import StoryConfig

# Imported on first use, so a command that only reads the store (``storyfold
# stories``) does not load the cleaner, the copy finder and the fold.
_LAZY = {
    "align_sentences": ".align",
    "CleanConfig": ".clean",
    "clean_page": ".clean",
    "main_text": ".clean",
    "CopyConfig": ".copies",
    "find_copies": ".copies",
    "IngestOptions": ".ingest.sources",
    "read_documents": ".ingest.sources",
    "FoldConfig": ".pipeline",
    "FoldReport": ".pipeline",
    "fold": ".pipeline",
    "Store": ".store",
    "StoryConfig": ".stories.group",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'storyfold' has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__version__ = "0.1.0"

__all__ = [
    "Article",
    "CleanConfig",
    "ConfigError",
    "CopyConfig",
    "CopyRelation",
    "Document",
    "DroppedLine",
    "FoldConfig",
    "FoldReport",
    "IngestOptions",
    "InputError",
    "NotFoundError",
    "SkippedInput",
    "Store",
    "StoreError",
    "Story",
    "StoryConfig",
    "StoryfoldError",
    "UsageError",
    "__version__",
    "align_sentences",
    "clean_page",
    "find_copies",
    "fold",
    "main_text",
    "read_documents",
]
