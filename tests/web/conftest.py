"""Fixtures of the web tests: a store holding a hostile article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyfold import Store, fold

HOSTILE = {
    "id": "hostile",
    "title": "Harbour board <script>window.__pwned = 1</script> meets",
    "text": (
        'The harbour board met on Tuesday <img src=x onerror="window.__pwned = 2"> '
        "and agreed the new ferry timetable after a long debate.\n\n"
        "<script>window.__pwned = 3</script> Ferries will leave every forty minutes "
        "from the north pier from November, the board said."
    ),
}
"""An article whose title and text carry a script and an onerror attribute; a page that
ran any of them would set ``window.__pwned``."""


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """A store holding :data:`HOSTILE` (article ``hostile#0``)."""
    src = tmp_path / "hostile.jsonl"
    src.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = tmp_path / "hostile.db"
    with Store(db) as store:
        fold([str(src)], store)
    return db
