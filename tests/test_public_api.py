"""The package's public names: what ``from storyfold import ...`` promises."""

from __future__ import annotations

import subprocess
import sys

import storyfold

PUBLIC = [
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


def test_all_is_pinned():
    assert storyfold.__all__ == PUBLIC
    assert sorted(dir(storyfold)) == sorted(PUBLIC)


def test_every_public_name_imports_and_has_a_docstring():
    for name in PUBLIC:
        value = getattr(storyfold, name)
        if name != "__version__":
            assert (value.__doc__ or "").strip(), name


def test_align_sentences_is_importable_from_the_package():
    from storyfold import align_sentences

    pairs = align_sentences(
        ["The ferry board approved the winter timetable on Tuesday."],
        ["On Tuesday the ferry board approved the winter timetable."],
    )
    assert [(p.left, p.right) for p in pairs] == [(0, 0)]


def test_importing_the_package_loads_no_stage():
    """Names are loaded on first use: ``storyfold stories`` need not import the fold."""
    code = (
        "import sys, storyfold; "
        "print(any(m.startswith(('storyfold.pipeline', 'storyfold.align', 'storyfold.clean')) "
        "for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
