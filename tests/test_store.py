"""The store: schema versions, settings the stored data depends on, clear errors."""

from __future__ import annotations

import pytest

from storyfold import Store, StoreError, fold
from storyfold.copies import CopyConfig
from storyfold.pipeline import FoldConfig
from storyfold.store import SCHEMA_VERSION

from .conftest import DEMO


def test_new_store_is_at_the_current_schema(tmp_path):
    with Store(tmp_path / "s.db") as store:
        row = store.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        assert int(row[0]) == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.db.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),)
        )
    with pytest.raises(StoreError, match="newer than this storyfold"):
        Store(tmp_path / "s.db")


def test_other_copy_settings_are_refused_and_nothing_is_lost(tmp_path):
    page = str(DEMO / "meridian-wire_brackwater-spillway.txt")
    with Store(tmp_path / "s.db") as store:
        fold([page], store)
        before = store.counts()
        other = FoldConfig(copies=CopyConfig(shingle_size=4))
        with pytest.raises(StoreError, match="fold into a new --db"):
            fold([str(DEMO)], store, other)
        assert store.counts() == before
