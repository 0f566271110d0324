"""storyfold: fold a pile of news pages into stories.

Library first: every stage can be used on its own.

>>> from storyfold import Store, fold
>>> with Store("news.db") as store:
...     report = fold(["crawl/"], store)
"""

from __future__ import annotations

from .clean import CleanConfig, clean_page, main_text
from .copies import CopyConfig, find_copies
from .errors import (
    ConfigError,
    InputError,
    NotFoundError,
    SkippedInput,
    StoreError,
    StoryfoldError,
    UsageError,
)
from .ingest.sources import IngestOptions, read_documents
from .model import Article, CopyRelation, Document, DroppedLine, Story
from .pipeline import FoldConfig, FoldReport, fold
from .store import Store
from .stories.group import StoryConfig

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
    "clean_page",
    "find_copies",
    "fold",
    "main_text",
    "read_documents",
]
