"""The embedded SQLite store: documents, articles, dropped lines, fingerprints, copies, stories.

One file (WAL mode, so readers never block a running fold), marked with
:data:`APPLICATION_ID` so that another application's SQLite file is refused
unchanged. Schema versions are applied in order by :func:`migrate`; a store
written by a newer storyfold is refused with a clear message, and SQLite
faults (full disk, read-only, locked, damaged) become one-line store errors
(:mod:`storyfold.faults`). The store also serves as the copy index and
the story index of later folds (:class:`StoreBatchCopyIndex`,
:class:`StoreStoryIndex`): lookups go through indexed key tables, so a new
article costs a few queries, not a scan of the corpus.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from .errors import (
    NoStore,
    NotAStore,
    NotFoundError,
    StoreDamaged,
    StoreError,
    StoreReadOnly,
    UsageError,
)
from .faults import (
    DEFAULT_LOCK_TIMEOUT,
    is_lock_error,
    locked,
    read_only,
    store_fault,
    store_faults,
)
from .model import Article, CopyRelation, Document, DroppedLine, Story

if TYPE_CHECKING:
    from .copies import Fingerprint
    from .copies.config import CopyConfig
    from .copies.fingerprint import FingerprintBatch
    from .copies.stage import Candidates
    from .stories.group import StoryStats, Vector

# numpy, the copy finder and the story grouping are imported where they are used, so
# the read commands (stories, show), which need none of them, start quickly.

SCHEMA_VERSION = 8

APPLICATION_ID = 0x53464C44
"""SQLite's application_id of a storyfold store ("SFLD"): how a store is told from other files."""

CACHE_KIB = 256 * 1024
"""SQLite's page cache per connection (KiB), an upper bound (pages are held only once
read): the default 2 MB makes a batch folded into a large store write and re-read its
scattered index pages."""

# A stored path's file name (what follows its last "/"), as SQL: the expression of the
# documents_name index, so `storyfold why crawl/x.html` finds "/abs/crawl/x.html" by index.
_FILE_NAME = "substr(path, length(rtrim(path, replace(path, '/', ''))) + 1)"

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
        path TEXT, url TEXT, site TEXT, title TEXT, author TEXT, published TEXT,
        text TEXT NOT NULL, added_at TEXT NOT NULL
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id),
        position INTEGER NOT NULL, title TEXT, text TEXT NOT NULL, published TEXT, site TEXT
    );
    CREATE INDEX articles_document ON articles(document_id);
    CREATE TABLE dropped_lines (
        article_id TEXT NOT NULL REFERENCES articles(id), seq INTEGER NOT NULL,
        line TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (article_id, seq)
    );
    CREATE TABLE line_df (key_hash INTEGER PRIMARY KEY, n INTEGER NOT NULL);
    CREATE TABLE fingerprints (
        article_id TEXT PRIMARY KEY REFERENCES articles(id), norm_hash TEXT NOT NULL,
        n_tokens INTEGER NOT NULL, shingles BLOB NOT NULL, signature BLOB NOT NULL,
        band_keys BLOB NOT NULL, sentence_keys BLOB NOT NULL
    );
    CREATE INDEX fingerprints_norm ON fingerprints(norm_hash);
    CREATE TABLE copy_keys (key INTEGER NOT NULL, kind INTEGER NOT NULL, article_id TEXT NOT NULL);
    CREATE INDEX copy_keys_key ON copy_keys(kind, key);
    CREATE TABLE copy_key_df (key INTEGER PRIMARY KEY, n INTEGER NOT NULL);
    CREATE TABLE copies (
        a TEXT NOT NULL, b TEXT NOT NULL, relation TEXT NOT NULL, similarity REAL NOT NULL,
        containment REAL NOT NULL, PRIMARY KEY (a, b)
    );
    CREATE INDEX copies_b ON copies(b);
    CREATE TABLE rewrite_keys (key INTEGER NOT NULL, article_id TEXT NOT NULL);
    CREATE INDEX rewrite_keys_key ON rewrite_keys(key);
    CREATE TABLE rewrite_key_df (key INTEGER PRIMARY KEY, n INTEGER NOT NULL);
    CREATE TABLE term_df (feature INTEGER PRIMARY KEY, n INTEGER NOT NULL);
    CREATE TABLE story_vectors (article_id TEXT PRIMARY KEY, idx BLOB NOT NULL, w BLOB NOT NULL);
    CREATE TABLE story_postings (feature INTEGER NOT NULL, article_id TEXT NOT NULL);
    CREATE INDEX story_postings_feature ON story_postings(feature);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL
    );
    CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY REFERENCES articles(id), story_id TEXT NOT NULL,
        score REAL NOT NULL, best_match TEXT, via_copy INTEGER NOT NULL, added_at TEXT NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story_id);
    CREATE TABLE story_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, story_id TEXT NOT NULL,
        event TEXT NOT NULL, detail TEXT
    );
    """,
    2: """
    CREATE TABLE story_stats (
        story_id TEXT PRIMARY KEY, n INTEGER NOT NULL, pair_sum REAL NOT NULL,
        idx BLOB NOT NULL, s BLOB NOT NULL, q BLOB NOT NULL, c BLOB NOT NULL,
        first_day INTEGER, last_day INTEGER, years TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE story_merges (
        story_id TEXT PRIMARY KEY, into_id TEXT NOT NULL, at TEXT NOT NULL,
        score REAL NOT NULL, reason TEXT NOT NULL
    );
    CREATE INDEX story_merges_into ON story_merges(into_id);
    """,
    3: """
    CREATE TABLE story_corrections (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, kind TEXT NOT NULL,
        story_id TEXT NOT NULL, other_id TEXT NOT NULL, moved TEXT NOT NULL, kept TEXT NOT NULL
    );
    """,
    4: f"""
    CREATE INDEX IF NOT EXISTS story_log_story ON story_log(story_id, seq);
    CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
    CREATE INDEX IF NOT EXISTS documents_url ON documents(url);
    CREATE INDEX IF NOT EXISTS documents_name ON documents({_FILE_NAME});
    CREATE INDEX IF NOT EXISTS story_corrections_story ON story_corrections(story_id);
    CREATE INDEX IF NOT EXISTS story_corrections_kind ON story_corrections(kind, seq);
    CREATE TABLE IF NOT EXISTS story_rank (
        story_id TEXT PRIMARY KEY, n INTEGER NOT NULL, updated TEXT NOT NULL
    );
    INSERT OR REPLACE INTO story_rank SELECT s.id,
        (SELECT COUNT(*) FROM story_members m WHERE m.story_id = s.id), s.updated
        FROM stories s;
    CREATE INDEX IF NOT EXISTS story_rank_order ON story_rank(n DESC, updated DESC, story_id);
    CREATE INDEX IF NOT EXISTS story_rank_updated ON story_rank(updated);
    CREATE TRIGGER IF NOT EXISTS stories_added AFTER INSERT ON stories BEGIN
        INSERT OR REPLACE INTO story_rank VALUES (NEW.id,
            (SELECT COUNT(*) FROM story_members m WHERE m.story_id = NEW.id), NEW.updated);
    END;
    CREATE TRIGGER IF NOT EXISTS stories_updated AFTER UPDATE OF updated ON stories BEGIN
        UPDATE story_rank SET updated = NEW.updated WHERE story_id = NEW.id;
    END;
    CREATE TRIGGER IF NOT EXISTS stories_removed AFTER DELETE ON stories BEGIN
        DELETE FROM story_rank WHERE story_id = OLD.id;
        DELETE FROM story_accounts WHERE story_id = OLD.id;
    END;
    CREATE TRIGGER IF NOT EXISTS story_members_added AFTER INSERT ON story_members BEGIN
        UPDATE story_rank SET n = n + 1 WHERE story_id = NEW.story_id;
    END;
    CREATE TRIGGER IF NOT EXISTS story_members_removed AFTER DELETE ON story_members BEGIN
        UPDATE story_rank SET n = n - 1 WHERE story_id = OLD.story_id;
    END;
    CREATE TRIGGER IF NOT EXISTS story_members_moved AFTER UPDATE OF story_id ON story_members
    WHEN NEW.story_id IS NOT OLD.story_id BEGIN
        UPDATE story_rank SET n = n - 1 WHERE story_id = OLD.story_id;
        UPDATE story_rank SET n = n + 1 WHERE story_id = NEW.story_id;
    END;
    CREATE TABLE IF NOT EXISTS story_accounts (
        story_id TEXT PRIMARY KEY, members TEXT NOT NULL, account TEXT NOT NULL
    );
    """,
    5: """
    CREATE TABLE IF NOT EXISTS story_postings_v5 (
        feature INTEGER NOT NULL, seq INTEGER NOT NULL, article_id TEXT NOT NULL,
        PRIMARY KEY (feature, seq)
    ) WITHOUT ROWID;
    INSERT OR REPLACE INTO meta VALUES ('posting_seq',
        (SELECT COALESCE(MAX(rowid), 0) FROM story_postings));
    INSERT OR IGNORE INTO story_postings_v5
        SELECT feature, rowid, article_id FROM story_postings ORDER BY +feature, rowid;
    DROP TABLE story_postings;
    ALTER TABLE story_postings_v5 RENAME TO story_postings;
    CREATE TABLE IF NOT EXISTS copy_keys_v5 (
        kind INTEGER NOT NULL, key INTEGER NOT NULL, article_id TEXT NOT NULL,
        PRIMARY KEY (kind, key, article_id)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO copy_keys_v5
        SELECT kind, key, article_id FROM copy_keys ORDER BY +kind, +key, +article_id;
    DROP TABLE copy_keys;
    ALTER TABLE copy_keys_v5 RENAME TO copy_keys;
    CREATE TABLE IF NOT EXISTS rewrite_keys_v5 (
        key INTEGER NOT NULL, seq INTEGER NOT NULL, article_id TEXT NOT NULL,
        PRIMARY KEY (key, seq)
    ) WITHOUT ROWID;
    INSERT OR REPLACE INTO meta VALUES ('rewrite_seq',
        (SELECT COALESCE(MAX(rowid), 0) FROM rewrite_keys));
    INSERT OR IGNORE INTO rewrite_keys_v5
        SELECT key, rowid, article_id FROM rewrite_keys ORDER BY +key, rowid;
    DROP TABLE rewrite_keys;
    ALTER TABLE rewrite_keys_v5 RENAME TO rewrite_keys;
    """,
    6: """
    ALTER TABLE articles ADD COLUMN language TEXT;
    """,
    7: """
    ALTER TABLE documents ADD COLUMN text_from TEXT;
    CREATE TABLE IF NOT EXISTS http_validators (
        url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked_at TEXT NOT NULL
    );
    """,
    8: """
    DROP TABLE IF EXISTS rewrite_key_df;
    """,
}

_APPLIED: dict[int, str] = {
    5: "SELECT 1 FROM pragma_table_info('story_postings') WHERE name = 'seq'",
    6: "SELECT 1 FROM pragma_table_info('articles') WHERE name = 'language'",
    7: "SELECT 1 FROM pragma_table_info('documents') WHERE name = 'text_from'",
}
"""Per migration that rebuilds tables, a query with a row when its layout is there already
(a store whose recorded version was set back), so the rebuild is not run twice."""

KEY_EXACT, KEY_BAND, KEY_SENTENCE = 0, 1, 2


def now() -> str:
    """The current UTC time as ISO 8601 (seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class _OpenBusy(Exception):
    """Opening the store met another process's lock (retried until the lock timeout)."""


class Store:
    """A storyfold store in one SQLite file. Use as a context manager or call :meth:`close`.

    ``create``: a missing (or empty) file becomes a new store; otherwise it is a
    :class:`~storyfold.errors.NoStore` error. ``write``: the store must be
    writable by this user (else :class:`~storyfold.errors.StoreReadOnly`, before
    anything is read); without it a read-only store is opened for reading.
    Another application's SQLite file is refused unchanged
    (:class:`~storyfold.errors.NotAStore`): a store is recognised by its
    :data:`APPLICATION_ID`, or, written by a storyfold before it had one, by
    its ``meta`` table (it gets the id when next opened for writing).
    ``timeout``: seconds to wait for another process's write lock.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        write: bool = True,
        timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> None:
        self.path = str(path)
        self.timeout = timeout
        self.writable = True
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.db = self._open(create, write, timeout)
                return
            except _OpenBusy:
                # another process is creating or switching the same store: its locks are
                # held only for a moment, and some of SQLite's (the journal-mode switch)
                # do not wait on their own
                if time.monotonic() >= deadline:
                    raise locked(self.path, timeout) from None
                time.sleep(0.05)

    def _open(self, create: bool, write: bool, timeout: float) -> sqlite3.Connection:
        """Open, identify and (when writable) migrate the store once; :class:`_OpenBusy`
        when another process held a lock that SQLite did not wait for."""
        db: sqlite3.Connection | None = None
        try:
            db, state = self._connect(create, write)
            if state == "empty" and not create:
                raise NotAStore(
                    f"{self.path}: an empty file, not a storyfold store; check --db, or "
                    f"`storyfold fold PATHS --db {self.path}` makes it one"
                )
            if state == "empty":
                db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            # 256 MB of page cache (SQLite's default is 2 MB), allocated as used: a read
            # touches a few pages, while a fold's batch dirties index pages all over a
            # large store and must not spill them
            db.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
            migrate(db, self.path, writable=self.writable)
        except BaseException as exc:
            if db is not None:
                db.close()
            if isinstance(exc, sqlite3.Error):
                if is_lock_error(exc):
                    raise _OpenBusy from exc
                err = store_fault(self.path, exc, timeout)
                raise (err or StoreError(f"{self.path}: cannot open the store ({exc})")) from None
            if isinstance(exc, OSError):
                raise StoreError(
                    f"{self.path}: cannot open the store ({exc.strerror or exc})"
                ) from None
            raise
        return db

    def _connect(self, create: bool, write: bool) -> tuple[sqlite3.Connection, str]:
        """The connection and what the file holds: "empty", "ours" or "old" (see ``_identify``)."""
        if self.path == ":memory:":
            return sqlite3.connect(":memory:", isolation_level=None), "empty"
        path = Path(self.path)
        exists = path.exists()
        if not exists and not create:
            raise NoStore(
                f"{self.path}: no store there; check --db, or create one with "
                f"`storyfold fold PATHS --db {self.path}`"
            )
        if not exists:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.writable = _writable(path, exists)
        if write and not self.writable:
            raise read_only(self.path)
        if self.writable:
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        else:
            db = _read_only_connection(path, self.timeout)
        try:
            return db, _identify(db, self.path)
        except sqlite3.DatabaseError as exc:
            db.close()
            if getattr(exc, "sqlite_errorname", "") != "SQLITE_NOTADB":
                raise
            raise NotAStore(
                f"{self.path}: not a storyfold store (not an SQLite file); left unchanged: "
                "pass another --db"
            ) from None
        except BaseException:
            db.close()
            raise

    def faults(self) -> AbstractContextManager[None]:
        """A block in which store faults (SQLite errors) raise their one-line store error."""
        return store_faults(self.path, self.timeout)

    def check_setting(self, key: str, value: str) -> None:
        """Record a setting the stored data depends on, or refuse a store built with another.

        Fingerprints made with other copy settings cannot be compared with new ones.
        """
        q = "SELECT value FROM meta WHERE key = ?"
        row = self.db.execute(q, (key,)).fetchone()
        if row is None:  # another fold may record it at the same time: the first one counts
            self.db.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (key, value))
            row = self.db.execute(q, (key,)).fetchone()
        if row[0] != value:
            raise StoreError(
                f"{self.path}: built with {key} {row[0]!r}, this fold uses {value!r}; "
                "fold into a new --db (or re-fold everything into one)"
            )

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any error.

        Waits up to ``timeout`` seconds for another writer. A store fault (disk
        full, read-only, locked, damaged) raises its :class:`StoreError`; SQLite
        may have rolled back already (a full disk does), and nothing is written.
        """
        with self.faults():
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    with suppress(sqlite3.Error):
                        self.db.execute("ROLLBACK")
                raise

    # ---- documents and articles -------------------------------------------------
    def document_with_content(self, content_hash: str) -> str | None:
        """The id of the stored document with these bytes, or None."""
        row = self.db.execute(
            "SELECT id FROM documents WHERE content_hash = ? LIMIT 1", (content_hash,)
        ).fetchone()
        return row[0] if row else None

    def http_validators(self, url: str) -> tuple[str | None, str | None] | None:
        """The ``(ETag, Last-Modified)`` a fetch of ``url`` last returned, or None."""
        row = self.db.execute(
            "SELECT etag, last_modified FROM http_validators WHERE url = ?", (url,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def save_http_validators(self, rows: Iterable[tuple[str, str | None, str | None]]) -> None:
        """Keep ``(url, ETag, Last-Modified)`` of fetches, for conditional GETs next time."""
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO http_validators VALUES (?, ?, ?, ?)",
                [(url, etag, modified, now()) for url, etag, modified in rows],
            )

    def has_document_url(self, url: str) -> bool:
        """Whether a stored document was read from ``url``."""
        row = self.db.execute("SELECT 1 FROM documents WHERE url = ? LIMIT 1", (url,))
        return row.fetchone() is not None

    def has_document(self, doc_id: str) -> bool:
        """Whether a document id is taken."""
        return (
            self.db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
            is not None
        )

    def add_document(self, doc: Document) -> None:
        """Insert a document."""
        self.db.execute(
            "INSERT INTO documents (id, content_hash, kind, path, url, site, title, author, "
            "published, text, added_at, text_from) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc.id,
                doc.content_hash,
                doc.kind,
                doc.path,
                doc.url,
                doc.site,
                doc.title,
                doc.author,
                doc.published,
                packed_text(doc.text),
                now(),
                doc.text_from,
            ),
        )

    def add_article(self, art: Article) -> None:
        """Insert an article with its dropped lines."""
        self.db.execute(
            "INSERT INTO articles (id, document_id, position, title, text, published, site, "
            "language) VALUES (?,?,?,?,?,?,?,?)",
            (
                art.id,
                art.document_id,
                art.position,
                art.title,
                packed_text(art.text),
                art.published,
                art.site,
                art.language,
            ),
        )
        self.db.executemany(
            "INSERT INTO dropped_lines VALUES (?,?,?,?)",
            [(art.id, i, d.line, d.reason) for i, d in enumerate(art.dropped)],
        )

    def bump_line_df(self, key_hashes: Iterable[int]) -> None:
        """Count one more document for each line key hash."""
        self.db.executemany(
            "INSERT INTO line_df VALUES (?, 1) ON CONFLICT(key_hash) DO UPDATE SET n = n + 1",
            [(k,) for k in key_hashes],
        )

    def line_df(self, key_hashes: Sequence[int]) -> dict[int, int]:
        """Document counts of line key hashes seen before."""
        return dict(
            self._select_in("SELECT key_hash, n FROM line_df WHERE key_hash IN", key_hashes)
        )

    def documents(self) -> list[Document]:
        """Every stored document, in insertion order."""
        rows = self.db.execute(f"SELECT {_DOCUMENT_COLS} FROM documents ORDER BY rowid")
        return [_document(r) for r in rows]

    def document_kinds(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        """The ``(kind, path)`` of the stored documents among ``doc_ids`` (no texts loaded)."""
        q = "SELECT id, kind, path FROM documents WHERE id IN"
        return {r[0]: (r[1], r[2]) for r in self._select_in(q, sorted(set(doc_ids)))}

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Stored articles (all, or those with the given ids) with their dropped lines."""
        cols = "id, document_id, position, text, title, published, site, language"
        if ids is None:
            rows = list(self.db.execute(f"SELECT {cols} FROM articles ORDER BY rowid"))
        else:
            rows = list(self._select_in(f"SELECT {cols} FROM articles WHERE id IN", ids))
        arts = {
            r[0]: Article(r[0], r[1], r[2], unpacked_text(r[3]), r[4], r[5], r[6], language=r[7])
            for r in rows
        }
        for aid, line, reason in (
            self.db.execute(
                "SELECT article_id, line, reason FROM dropped_lines ORDER BY article_id, seq"
            )
            if ids is None
            else self._select_in(
                "SELECT article_id, line, reason FROM dropped_lines WHERE article_id IN", list(arts)
            )
        ):
            if aid in arts:
                arts[aid].dropped.append(DroppedLine(line, reason))
        return list(arts.values())

    # ---- copies ----------------------------------------------------------------
    def fingerprint(self, article_id: str) -> Fingerprint | None:
        """The stored fingerprint of an article."""
        from .copies import Fingerprint

        row = self.db.execute(
            "SELECT norm_hash, n_tokens, shingles, signature, band_keys, sentence_keys "
            "FROM fingerprints WHERE article_id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        names = ("norm_hash", "n_tokens", "shingles", "signature", "band_keys", "sentence_keys")
        return Fingerprint.from_blobs(**dict(zip(names, row, strict=True)))

    def add_copy(self, rel: CopyRelation) -> None:
        """Store a copy relation (ignored if the pair is stored already)."""
        self.db.execute(
            "INSERT OR IGNORE INTO copies VALUES (?,?,?,?,?)",
            (rel.a, rel.b, rel.relation, rel.similarity, rel.containment),
        )

    def copies(self, article_ids: Sequence[str] | None = None) -> list[CopyRelation]:
        """Copy relations (all, or those touching the given articles)."""
        q = "SELECT a, b, relation, similarity, containment FROM copies"
        if article_ids is None:
            return [CopyRelation(*r) for r in self.db.execute(q + " ORDER BY rowid")]
        ids = list(article_ids)
        out = {(r[0], r[1]): CopyRelation(*r) for r in self._select_in(q + " WHERE a IN", ids)}
        out.update(
            {(r[0], r[1]): CopyRelation(*r) for r in self._select_in(q + " WHERE b IN", ids)}
        )
        return list(out.values())

    # ---- the copy index a batch at a time (StoreBatchCopyIndex) ------------------------
    def exact_owners(self, norm_hashes: Sequence[str]) -> dict[str, str]:
        """The first stored article (by insertion) with each normalised-text hash."""
        best: dict[str, tuple[int, str]] = {}
        for h, aid, rowid in self._select_in(
            "SELECT norm_hash, article_id, rowid FROM fingerprints WHERE norm_hash IN",
            sorted(set(norm_hashes)),
        ):
            if h not in best or rowid < best[h][0]:
                best[h] = (rowid, aid)
        return {h: aid for h, (_, aid) in best.items()}

    def fingerprinted(self, article_ids: Sequence[str]) -> set[str]:
        """Which of ``article_ids`` have a stored fingerprint."""
        ids = sorted(set(article_ids))
        q = "SELECT article_id FROM fingerprints WHERE article_id IN"
        return {r[0] for r in self._select_in(q, ids)}

    def copy_key_postings(self, kind: int, keys: Sequence[int]) -> dict[int, list[str]]:
        """The articles posted under each of ``keys`` (signed 64-bit) of one key kind."""
        out: dict[int, list[str]] = {}
        q = f"SELECT key, article_id FROM copy_keys WHERE kind = {int(kind)} AND key IN"
        for key, aid in self._select_in(q, sorted(set(keys))):
            out.setdefault(key, []).append(aid)
        return out

    def copy_key_counts(self, keys: Sequence[int]) -> dict[int, int]:
        """How many indexed articles have held each sentence key."""
        q = "SELECT key, n FROM copy_key_df WHERE key IN"
        return dict(self._select_in(q, sorted(set(keys))))

    def anchor_counts(self, article_ids: Sequence[str]) -> dict[str, int]:
        """How many sentence anchors each stored article has (8 bytes each in its fingerprint)."""
        q = "SELECT article_id, length(sentence_keys) / 8 FROM fingerprints WHERE article_id IN"
        return {aid: int(n) for aid, n in self._select_in(q, sorted(set(article_ids)))}

    def article_texts(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The stored texts of the articles among ``article_ids``."""
        q = "SELECT id, text FROM articles WHERE id IN"
        return {a: unpacked_text(t) for a, t in self._select_in(q, sorted(set(article_ids)))}

    def fingerprints(self, article_ids: Sequence[str]) -> dict[str, Fingerprint]:
        """The stored fingerprints of ``article_ids`` (those that have one)."""
        from .copies import Fingerprint

        names = ("norm_hash", "n_tokens", "shingles", "signature", "band_keys", "sentence_keys")
        q = (
            "SELECT article_id, norm_hash, n_tokens, shingles, signature, band_keys, "
            "sentence_keys FROM fingerprints WHERE article_id IN"
        )
        return {
            row[0]: Fingerprint.from_blobs(**dict(zip(names, row[1:], strict=True)))
            for row in self._select_in(q, sorted(set(article_ids)))
        }

    def add_fingerprints(
        self,
        rows: Sequence[tuple[str, Fingerprint]],
        band_rows: Sequence[tuple[int, str]],
        sentence_rows: Sequence[tuple[int, str]],
        sentence_counts: Iterable[int],
    ) -> None:
        """Store fingerprints and post their index keys (one statement per table).

        ``band_rows`` and ``sentence_rows`` are ``(key, article id)`` postings;
        ``sentence_counts`` the sentence keys whose holder counts go up by one.
        Only what lookups need is kept: the text hash, the word count and the
        keys. The shingles and the MinHash signature (most of a fingerprint's
        bytes) are not stored; a candidate is verified on shingles made again
        from its stored article text, which is what they were made from.
        """
        values = []
        for article_id, fp in rows:
            b = fp.to_blobs()
            values.append(
                (
                    article_id,
                    b["norm_hash"],
                    b["n_tokens"],
                    b"",
                    b"",
                    b["band_keys"],
                    b["sentence_keys"],
                )
            )
        self.db.executemany("INSERT INTO fingerprints VALUES (?,?,?,?,?,?,?)", values)
        keys = [(k, KEY_BAND, a) for k, a in band_rows]
        keys += [(k, KEY_SENTENCE, a) for k, a in sentence_rows]
        self.db.executemany(
            "INSERT OR IGNORE INTO copy_keys (key, kind, article_id) VALUES (?,?,?)", keys
        )
        self.db.executemany(
            "INSERT INTO copy_key_df VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET n = n + 1",
            [(k,) for k in sentence_counts],
        )

    def add_copies(self, relations: Iterable[CopyRelation]) -> None:
        """Store copy relations (pairs stored already are ignored)."""
        self.db.executemany(
            "INSERT OR IGNORE INTO copies VALUES (?,?,?,?,?)",
            [(r.a, r.b, r.relation, r.similarity, r.containment) for r in relations],
        )

    def add_rewrite_keys(self, article_id: str, keys: Iterable[int]) -> None:
        """Index an article's sentence keys for later rewrite lookups."""
        seq = self._next_seq("rewrite_seq")
        self.db.executemany(
            "INSERT OR IGNORE INTO rewrite_keys (key, seq, article_id) VALUES (?,?,?)",
            [(k, seq, article_id) for k in keys],
        )

    def rewrite_postings(self, keys: Iterable[int], per_key: int) -> dict[int, list[str]]:
        """The ``per_key`` latest stored articles of each sentence key (keys without any left out).

        One read for a whole batch's keys: a key several articles share is read once.
        """
        one = (
            "SELECT * FROM (SELECT key, article_id FROM rewrite_keys WHERE key = ? "
            "ORDER BY seq DESC LIMIT ?)"
        )
        ks = sorted(set(keys))
        out: dict[int, list[str]] = {}
        for i in range(0, len(ks), 400):  # SQLite allows 500 terms in a compound select
            part = ks[i : i + 400]
            q = " UNION ALL ".join([one] * len(part))
            for key, aid in self.db.execute(q, [x for k in part for x in (k, per_key)]):
                out.setdefault(key, []).append(aid)
        return out

    def article_text(self, article_id: str) -> str | None:
        """The cleaned text of one article."""
        row = self.db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return unpacked_text(row[0]) if row else None

    # ---- stories ---------------------------------------------------------------
    def bump_term_df(self, features: Iterable[int]) -> None:
        """Count one more article for each story feature."""
        self.db.executemany(
            "INSERT INTO term_df VALUES (?, 1) ON CONFLICT(feature) DO UPDATE SET n = n + 1",
            [(f,) for f in features],
        )

    def term_df(self, features: Sequence[int]) -> dict[int, int]:
        """Article counts of story features."""
        return dict(self._select_in("SELECT feature, n FROM term_df WHERE feature IN", features))

    def n_articles(self) -> int:
        """How many articles the store holds."""
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def add_story_member(
        self,
        article_id: str,
        story_id: str,
        score: float,
        best_match: str | None,
        via_copy: bool,
        features: list[int],
        vec: Vector,
        max_postings: int | None = None,
    ) -> None:
        """Record an article's story, its story vector and its index postings.

        With ``max_postings`` (the story grouping's), features already held by more
        articles than that are not posted: candidate lookups skip such features
        (:meth:`StoreStoryGroups.candidates`), and counts only grow, so those
        postings would never be read, only written into a large index.
        """
        if max_postings is not None:
            df = self.term_df(features)
            features = [f for f in features if df.get(f, 0) <= max_postings]
        self.db.execute(
            "INSERT INTO story_members VALUES (?,?,?,?,?,?)",
            (article_id, story_id, score, best_match, int(via_copy), now()),
        )
        self.db.execute(
            "INSERT INTO story_vectors VALUES (?,?,?)",
            (article_id, vec[0].astype("<i8").tobytes(), vec[1].astype("<f4").tobytes()),
        )
        seq = self._next_seq("posting_seq")
        self.db.executemany(
            "INSERT OR IGNORE INTO story_postings (feature, seq, article_id) VALUES (?,?,?)",
            [(f, seq, article_id) for f in features],
        )

    def _next_seq(self, counter: str) -> int:
        """The next number of a sequence kept in ``meta`` (later articles, higher numbers).

        Story postings and rewrite keys are kept by ``(feature or key, seq)`` (schema 5),
        so "the latest postings of a key" is one contiguous range: no lookup per posting.
        """
        row = self.db.execute(
            "INSERT INTO meta VALUES (?, '1') ON CONFLICT(key) DO UPDATE "
            "SET value = CAST(value AS INTEGER) + 1 RETURNING CAST(value AS INTEGER)",
            (counter,),
        ).fetchone()
        return int(row[0])

    def upsert_story(self, story_id: str, title: str) -> bool:
        """Create a story (titled ``title``) or mark it updated; True when it is new."""
        t = now()
        cur = self.db.execute(
            "INSERT INTO stories VALUES (?,?,?,?) ON CONFLICT(id) DO NOTHING",
            (story_id, title, t, t),
        )
        if cur.rowcount:
            return True
        self.db.execute("UPDATE stories SET updated = ? WHERE id = ?", (t, story_id))
        return False

    def log(self, story_id: str, event: str, detail: str = "") -> None:
        """Append to a story's history."""
        self.db.execute(
            "INSERT INTO story_log (at, story_id, event, detail) VALUES (?,?,?,?)",
            (now(), story_id, event, detail),
        )

    def stories(self) -> list[Story]:
        """Every story with its article ids, most covered first."""
        members: dict[str, list[str]] = {}
        for aid, sid in self.db.execute(
            "SELECT article_id, story_id FROM story_members ORDER BY rowid"
        ):
            members.setdefault(sid, []).append(aid)
        rows = self.db.execute("SELECT id, title FROM stories ORDER BY created, rowid")
        out = [Story(sid, title, members.get(sid, [])) for sid, title in rows]
        return sorted(out, key=lambda s: -len(s.article_ids))

    def story(self, story_id: str) -> Story:
        """One story; raises :class:`NotFoundError` naming the id when it is unknown."""
        row = self.db.execute("SELECT id, title FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            raise NotFoundError(
                f"no story {story_id!r} in {self.path}; `storyfold stories` lists them"
            )
        ids = [
            r[0]
            for r in self.db.execute(
                "SELECT article_id FROM story_members WHERE story_id = ? ORDER BY rowid",
                (story_id,),
            )
        ]
        return Story(row[0], row[1], ids)

    def story_log(self, story_id: str) -> list[tuple[str, str, str]]:
        """A story's history: (time, event, detail) rows."""
        return list(
            self.db.execute(
                "SELECT at, event, detail FROM story_log WHERE story_id = ? ORDER BY seq",
                (story_id,),
            )
        )

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        tables = ("documents", "articles", "dropped_lines", "copies", "stories", "story_members")
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}

    # ---- helpers ---------------------------------------------------------------
    def _select_in(
        self, prefix: str, values: Sequence[object], chunk: int = 900
    ) -> Iterator[tuple]:
        vals = list(values)
        for i in range(0, len(vals), chunk):
            part = vals[i : i + chunk]
            yield from self.db.execute(f"{prefix} ({','.join('?' * len(part))})", part)

    # ---- story profiles and merges (schema 2) ------------------------------------
    def stories_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The story of each grouped article among ``article_ids``."""
        return dict(
            self._select_in(
                "SELECT article_id, story_id FROM story_members WHERE article_id IN", article_ids
            )
        )

    def story_stats(self, story_id: str) -> StoryStats | None:
        """A story's grouping profile and dated span; None when there is no such story.

        Stories written before schema 2 have no stored profile: it is rebuilt
        from their members' vectors (and publication dates) on first use.
        """
        import numpy as np

        from .stories.group import StoryStats
        from .stories.profile import Profile

        rank = self.db.execute("SELECT rowid FROM stories WHERE id = ?", (story_id,)).fetchone()
        if rank is None:
            return None
        row = self.db.execute(
            "SELECT n, pair_sum, idx, s, q, c, first_day, last_day, years FROM story_stats "
            "WHERE story_id = ?",
            (story_id,),
        ).fetchone()
        if row is None:
            return self._rebuild_story_stats(story_id, rank[0])
        n, pair_sum, idx, s, q, c, first, last, years = row
        f4 = np.dtype("<f4")
        prof = Profile(
            np.frombuffer(idx, dtype="<i8"),
            np.frombuffer(s, dtype=f4).astype(np.float64),
            np.frombuffer(q, dtype=f4).astype(np.float64),
            np.frombuffer(c, dtype=f4).astype(np.float64),
            n,
            pair_sum,
            {int(y): k for y, k in json.loads(years).items()},
        )
        return StoryStats(story_id, prof, first, last, rank[0])

    def _rebuild_story_stats(self, story_id: str, rank: int) -> StoryStats | None:
        import numpy as np

        from .stories.group import StoryStats, parse_day
        from .stories.profile import Profile

        rows = list(
            self.db.execute(
                "SELECT v.idx, v.w, a.published FROM story_members m "
                "JOIN story_vectors v ON v.article_id = m.article_id "
                "JOIN articles a ON a.id = m.article_id WHERE m.story_id = ?",
                (story_id,),
            )
        )
        if not rows:
            return None
        prof: Profile | None = None
        days = []
        for idx, w, published in rows:
            one = Profile.of((np.frombuffer(idx, dtype="<i8"), np.frombuffer(w, dtype="<f4")))
            prof = one if prof is None else prof.merged(one)
            day = parse_day(published)
            if day is not None:
                days.append(day.toordinal())
        assert prof is not None
        return StoryStats(
            story_id, prof, min(days) if days else None, max(days) if days else None, rank
        )

    def save_story_stats(self, stats: StoryStats) -> None:
        """Store (or replace) a story's grouping profile and dated span."""
        p = stats.profile
        self.db.execute(
            "INSERT OR REPLACE INTO story_stats VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                stats.story_id,
                p.n,
                p.pair_sum,
                p.idx.astype("<i8").tobytes(),
                p.s.astype("<f4").tobytes(),
                p.q.astype("<f4").tobytes(),
                p.c.astype("<f4").tobytes(),
                stats.first_day,
                stats.last_day,
                json.dumps({str(y): k for y, k in sorted(p.years.items())}),
            ),
        )

    def merge_story(self, absorbed: str, survivor: str, score: float, reason: str) -> None:
        """Fold story ``absorbed`` into ``survivor``: its members move, its id is retired.

        The retired id is remembered (:meth:`merged_into`), so a link to it can
        still be followed to the story that continues it.
        """
        self.db.execute(
            "UPDATE story_members SET story_id = ? WHERE story_id = ?", (survivor, absorbed)
        )
        self.db.execute("DELETE FROM stories WHERE id = ?", (absorbed,))
        self.db.execute("DELETE FROM story_stats WHERE story_id = ?", (absorbed,))
        self.db.execute(
            "UPDATE story_merges SET into_id = ? WHERE into_id = ?", (survivor, absorbed)
        )
        self.db.execute(
            "INSERT OR REPLACE INTO story_merges VALUES (?,?,?,?,?)",
            (absorbed, survivor, now(), score, reason),
        )

    def merged_into(self, story_id: str) -> str | None:
        """The story that continues a merged (retired) story id, or None."""
        row = self.db.execute(
            "SELECT into_id FROM story_merges WHERE story_id = ?", (story_id,)
        ).fetchone()
        return row[0] if row else None

    # ---- user corrections (schema 3) ---------------------------------------------
    def add_correction(
        self, kind: str, story_id: str, other_id: str, moved: Sequence[str], kept: Sequence[str]
    ) -> int:
        """Record a user correction and return its number (see :class:`Correction`).

        ``kind`` is ``"merge"`` (``other_id`` was folded into ``story_id``;
        ``moved`` were its members, ``kept`` the survivor's) or ``"split"``
        (``moved`` left ``story_id`` for the new story ``other_id``; ``kept``
        stayed behind).
        """
        cur = self.db.execute(
            "INSERT INTO story_corrections (at, kind, story_id, other_id, moved, kept) "
            "VALUES (?,?,?,?,?,?)",
            (now(), kind, story_id, other_id, json.dumps(list(moved)), json.dumps(list(kept))),
        )
        return int(cur.lastrowid or 0)

    def move_members(self, article_ids: Sequence[str], story_id: str) -> None:
        """Move articles to another story (a user split); a retired id named so comes back."""
        self.db.executemany(
            "UPDATE story_members SET story_id = ? WHERE article_id = ?",
            [(story_id, a) for a in article_ids],
        )
        self.db.execute("DELETE FROM story_merges WHERE story_id = ?", (story_id,))

    def corrections(self, kind: str | None = None) -> list[Correction]:
        """Every user correction (or those of one kind), oldest first."""
        q = "SELECT seq, at, kind, story_id, other_id, moved, kept FROM story_corrections"
        rows = (
            self.db.execute(q + " ORDER BY seq")
            if kind is None
            else self.db.execute(q + " WHERE kind = ? ORDER BY seq", (kind,))
        )
        return [
            Correction(seq, at, k, sid, oid, json.loads(moved), json.loads(kept))
            for seq, at, k, sid, oid, moved, kept in rows
        ]

    # ---- story lookups for review and the runner ----------------------------------
    def setting(self, key: str) -> str | None:
        """A recorded setting (see :meth:`check_setting`), or None."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def has_story_vectors(self) -> bool:
        """Whether any article has been grouped (has a stored story vector)."""
        return self.db.execute("SELECT 1 FROM story_vectors LIMIT 1").fetchone() is not None

    def story_rank(self, story_id: str) -> int:
        """A story's age rank (lower is older): the order in which stories were created."""
        row = self.db.execute("SELECT rowid FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            raise NotFoundError(
                f"no story {story_id!r} in {self.path}; `storyfold stories` lists them"
            )
        return int(row[0])

    def story_size(self, story_id: str) -> int:
        """How many articles a story holds."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM story_members WHERE story_id = ?", (story_id,)
        ).fetchone()
        return int(row[0])

    def membership(self, article_id: str) -> tuple[str, str, str | None, float, bool] | None:
        """How an article joined its story: (story id, story title, best match, score, via copy)."""
        row = self.db.execute(
            "SELECT m.story_id, s.title, m.best_match, m.score, m.via_copy FROM story_members m "
            "LEFT JOIN stories s ON s.id = m.story_id WHERE m.article_id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        return row[0], row[1], row[2], float(row[3]), bool(row[4])

    def story_vector(self, article_id: str) -> Vector | None:
        """An article's stored story vector (as grouping used it), or None."""
        import numpy as np

        row = self.db.execute(
            "SELECT idx, w FROM story_vectors WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        return np.frombuffer(row[0], dtype="<i8"), np.frombuffer(row[1], dtype="<f4")

    def story_vectors(self, article_ids: Sequence[str]) -> dict[str, Vector]:
        """The stored story vectors of those articles that have one."""
        import numpy as np

        return {
            aid: (np.frombuffer(idx, dtype="<i8"), np.frombuffer(w, dtype="<f4"))
            for aid, idx, w in self._select_in(
                "SELECT article_id, idx, w FROM story_vectors WHERE article_id IN", article_ids
            )
        }

    # ---- reads that scale with the request (schema 4) ----------------------------
    def story_page(self, limit: int, offset: int = 0, since: str | None = None) -> list[StoryRow]:
        """One page of stories, most covered first (article count, then latest update).

        ``since`` (an ISO 8601 date or time) keeps the stories updated at or after
        it. One indexed query: no article, text or account is read.
        """
        return self.story_search(limit, offset, since=since)

    def story_search(
        self,
        limit: int,
        offset: int = 0,
        *,
        text: str | None = None,
        site: str | None = None,
        language: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[StoryRow]:
        """A page of stories as :meth:`story_page` orders them, filtered: ``text`` inside
        the title (case-insensitive), a member from ``site`` (the article's or its page's),
        a member in ``language`` (ISO 639-1), updated within ``since``..``until``."""
        where, params = [], []
        if text:
            escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append("s.title LIKE ? ESCAPE '\\'")
            params.append(f"%{escaped}%")
        if since:
            where.append("r.updated >= ?")
            params.append(since)
        if until:
            where.append("r.updated <= ?")
            params.append(until + "\uffff")
        if site:
            where.append(
                "EXISTS (SELECT 1 FROM story_members m JOIN articles a ON a.id = m.article_id "
                "JOIN documents d ON d.id = a.document_id WHERE m.story_id = s.id "
                "AND (a.site = ? OR d.site = ?))"
            )
            params += [site, site]
        if language:
            where.append(
                "EXISTS (SELECT 1 FROM story_members m JOIN articles a ON a.id = m.article_id "
                "WHERE m.story_id = s.id AND a.language = ?)"
            )
            params.append(language)
        clause = ("WHERE " + " AND ".join(where) + " ") if where else ""
        rows = self.db.execute(
            f"SELECT {_STORY_ROW} FROM story_rank r JOIN stories s ON s.id = r.story_id "
            f"{clause}ORDER BY r.n DESC, r.updated DESC, r.story_id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [StoryRow(*r) for r in rows]

    def story_days(self, story_ids: Sequence[str]) -> dict[str, tuple[int | None, int | None]]:
        """The first and last day (ordinals) of each story's dated members, where known."""
        return {
            r[0]: (r[1], r[2])
            for r in self._select_in(
                "SELECT story_id, first_day, last_day FROM story_stats WHERE story_id IN",
                list(story_ids),
            )
        }

    def sites(self, limit: int = 200) -> list[str]:
        """The sites articles name (theirs or their page's), most frequent first."""
        rows = self.db.execute(
            "SELECT COALESCE(a.site, d.site) AS s, COUNT(*) FROM articles a "
            "JOIN documents d ON d.id = a.document_id WHERE s IS NOT NULL "
            "GROUP BY s ORDER BY COUNT(*) DESC, s LIMIT ?",
            (limit,),
        )
        return [r[0] for r in rows]

    def languages(self) -> list[str]:
        """The languages of the stored articles, most frequent first."""
        rows = self.db.execute(
            "SELECT language, COUNT(*) FROM articles WHERE language IS NOT NULL "
            "GROUP BY language ORDER BY COUNT(*) DESC, language"
        )
        return [r[0] for r in rows]

    def copy_page(self, limit: int, offset: int = 0) -> list[CopyRelation]:
        """A page of the copy relations, strongest first."""
        rows = self.db.execute(
            "SELECT a, b, relation, similarity, containment FROM copies "
            "ORDER BY similarity DESC, a, b LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [CopyRelation(*r) for r in rows]

    def story_rows(self, story_ids: Sequence[str]) -> list[StoryRow]:
        """The listed stories (unknown ids left out), most covered first."""
        rows = [
            StoryRow(*r)
            for r in self._select_in(
                f"SELECT {_STORY_ROW} FROM story_rank r JOIN stories s ON s.id = r.story_id "
                "WHERE r.story_id IN",
                list(dict.fromkeys(story_ids)),
            )
        ]
        rows.sort(key=lambda r: r.id)
        rows.sort(key=lambda r: r.updated, reverse=True)
        return sorted(rows, key=lambda r: -r.n_articles)

    def member_sources(self, story_id: str) -> Iterator[tuple[str | None, ...]]:
        """Per member in joining order: (article site, document site, path, URL, document id).

        A lazy cursor: a caller that needs only the first few sources stops early.
        """
        return self.db.execute(
            "SELECT a.site, d.site, d.path, d.url, d.id FROM story_members m "
            "JOIN articles a ON a.id = m.article_id JOIN documents d ON d.id = a.document_id "
            "WHERE m.story_id = ? ORDER BY m.rowid",
            (story_id,),
        )

    def documents_by_id(self, ids: Sequence[str]) -> list[Document]:
        """The stored documents among ``ids``, in insertion order."""
        rows = self._select_in(
            f"SELECT rowid, {_DOCUMENT_COLS} FROM documents WHERE id IN", list(dict.fromkeys(ids))
        )
        return [_document(r[1:]) for r in sorted(rows, key=lambda r: r[0])]

    def article_ids_of(self, document_ids: Sequence[str]) -> list[str]:
        """Ids of the articles cut out of the given documents, in insertion order."""
        rows = self._select_in(
            "SELECT rowid, id FROM articles WHERE document_id IN", list(dict.fromkeys(document_ids))
        )
        return [r[1] for r in sorted(rows)]

    def articles_of_documents(self, document_ids: Sequence[str]) -> list[Article]:
        """The articles cut out of the given documents, in insertion order, with dropped lines."""
        ids = self.article_ids_of(document_ids)
        by_id = {a.id: a for a in self.articles(ids)}
        return [by_id[i] for i in ids]

    def first_member_title(self, story_id: str) -> str | None:
        """The headline of a story's earliest member that has one (no text is read)."""
        row = self.db.execute(
            "SELECT a.title FROM story_members m JOIN articles a ON a.id = m.article_id "
            "WHERE m.story_id = ? AND a.title IS NOT NULL AND a.title != '' "
            "ORDER BY m.rowid LIMIT 1",
            (story_id,),
        ).fetchone()
        return row[0] if row else None

    def set_story_title(self, story_id: str, title: str) -> None:
        """Retitle a story."""
        self.db.execute("UPDATE stories SET title = ? WHERE id = ?", (title, story_id))

    def story_account(self, story_id: str) -> tuple[str, str] | None:
        """A story's stored account: (member-set key it was built for, account JSON)."""
        row = self.db.execute(
            "SELECT members, account FROM story_accounts WHERE story_id = ?", (story_id,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def save_story_account(self, story_id: str, members_key: str, account: str) -> bool:
        """Store a story's account; False (nothing stored) when another process is writing.

        Reads (``show``) store the accounts they build, so they never wait for a
        running fold: the account is then simply built again next time.
        """
        self.db.execute("PRAGMA busy_timeout = 200")
        try:
            self.db.execute(
                "INSERT OR REPLACE INTO story_accounts VALUES (?,?,?)",
                (story_id, members_key, account),
            )
            return True
        except sqlite3.OperationalError:  # locked by a fold, or a read-only file
            return False
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")

    def has_article(self, article_id: str) -> bool:
        """Whether an article id is stored."""
        q = "SELECT 1 FROM articles WHERE id = ?"
        return self.db.execute(q, (article_id,)).fetchone() is not None

    def has_story(self, story_id: str) -> bool:
        """Whether a live (not merged-away) story has this id."""
        q = "SELECT 1 FROM stories WHERE id = ?"
        return self.db.execute(q, (story_id,)).fetchone() is not None

    def documents_with(self, column: str, value: str) -> list[str]:
        """Ids of the documents whose ``column`` (``id``, ``path`` or ``url``) is ``value``."""
        if column not in ("id", "path", "url"):
            raise UsageError(f"documents_with: column must be id, path or url, got {column!r}")
        q = f"SELECT id FROM documents WHERE {column} = ? ORDER BY rowid"
        return [r[0] for r in self.db.execute(q, (value,))]

    def documents_named(self, file_name: str) -> list[tuple[str, str]]:
        """(id, path) of the documents read from a file of this name, in any directory."""
        q = f"SELECT id, path FROM documents WHERE {_FILE_NAME} = ? ORDER BY rowid"
        return list(self.db.execute(q, (file_name,)))

    def main_article(self, document_id: str) -> str | None:
        """The id of a document's first article."""
        row = self.db.execute(
            "SELECT id FROM articles WHERE document_id = ? ORDER BY position LIMIT 1",
            (document_id,),
        ).fetchone()
        return row[0] if row else None


_STORY_ROW = "s.id, s.title, r.n, s.created, s.updated"
_DOCUMENT_COLS = (
    "id, content_hash, kind, text, path, url, site, title, author, published, text_from"
)

PACK_MIN_CHARS = 256
"""Texts at least this long are stored zlib-compressed (news text shrinks about 3x)."""


def packed_text(text: str) -> str | bytes:
    """A text as stored: zlib-compressed UTF-8 when long enough to gain, else as it is."""
    if len(text) < PACK_MIN_CHARS:
        return text
    return zlib.compress(text.encode("utf-8"), 6)


def unpacked_text(value: str | bytes) -> str:
    """Invert :func:`packed_text` (stores written before packing hold plain text)."""
    if isinstance(value, bytes):
        return zlib.decompress(value).decode("utf-8")
    return value


def _document(row: Sequence[object]) -> Document:
    """A Document from a row of :data:`_DOCUMENT_COLS`."""
    r = list(row)
    r[3] = unpacked_text(r[3])  # type: ignore[arg-type]
    doc = Document(*r[:10])  # type: ignore[arg-type]
    doc.text_from = r[10]  # type: ignore[assignment]
    return doc


@dataclass(slots=True, frozen=True)
class StoryRow:
    """What a list of stories shows of one story (see :meth:`Store.story_page`)."""

    id: str
    title: str
    n_articles: int
    created: str
    updated: str


@dataclass(slots=True, frozen=True)
class Correction:
    """One user correction of the stories, as recorded (see :meth:`Store.add_correction`)."""

    seq: int
    at: str
    kind: str  # "merge" or "split"
    story_id: str
    other_id: str
    moved: list[str]
    kept: list[str]


def migrate(db: sqlite3.Connection, path: str = "store", *, writable: bool = True) -> None:
    """Bring a store's schema up to :data:`SCHEMA_VERSION` and mark it with :data:`APPLICATION_ID`.

    Each version is applied in its own write transaction, which reads the
    version again once it holds the lock, so two processes opening one new or
    old store at once apply each step once. Refuses newer stores, and a
    read-only store that needs a step (a current one is read as it is).
    """
    if _schema_version(db, path) == SCHEMA_VERSION and _application_id(db) == APPLICATION_ID:
        return
    if not writable:
        version = _schema_version(db, path)
        if version < SCHEMA_VERSION:
            raise StoreReadOnly(
                f"{path}: the store has schema version {version} and needs upgrading to "
                f"{SCHEMA_VERSION}, but it is read-only for this user; open it once with "
                "write access (any storyfold command upgrades it)"
            )
        _refuse_newer(version, path)
        return
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            if _application_id(db) != APPLICATION_ID:
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            version = _schema_version(db, path)
            _refuse_newer(version, path)
            if version == SCHEMA_VERSION:
                db.execute("COMMIT")
                return
            v = version + 1
            done = v in _APPLIED and db.execute(_APPLIED[v]).fetchone() is not None
            for stmt in [] if done else _statements(_MIGRATIONS[v]):
                db.execute(stmt)
            db.execute(
                "INSERT INTO meta VALUES ('schema_version', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (str(v),),
            )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                with suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            raise


def _refuse_newer(version: int, path: str) -> None:
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: store schema version {version} is newer than this storyfold "
            f"({SCHEMA_VERSION}); upgrade storyfold"
        )


def _application_id(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA application_id").fetchone()[0])


def _schema_version(db: sqlite3.Connection, path: str) -> int:
    """The recorded schema version (0 for a new store); a value that is no number is damage."""
    has_meta = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if not has_meta:
        return 0
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        return 0
    try:
        return int(row[0])
    except (TypeError, ValueError):
        raise StoreDamaged(
            f"{path}: the store's schema_version is {row[0]!r}, not a version number: the "
            "store is damaged; restore it from a backup, or fold the inputs into a new --db"
        ) from None


def _identify(db: sqlite3.Connection, path: str) -> str:
    """What an opened file holds: "empty" (no schema), "ours", or "old" (a storyfold store
    written before the application id); anything else is refused, unchanged.

    Everything is read in one read transaction: another process creating the store at
    the same moment is then seen either before or after its first commit, never half.
    """
    own = not db.in_transaction
    if own:
        db.execute("BEGIN DEFERRED")
    try:
        return _identify_in_transaction(db, path)
    finally:
        if own and db.in_transaction:
            db.execute("COMMIT")


def _identify_in_transaction(db: sqlite3.Connection, path: str) -> str:
    app = _application_id(db)
    if app == APPLICATION_ID:
        return "ours"
    tables = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    objects = db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
    if app == 0 and objects == 0:
        return "empty"
    if app == 0 and "meta" in tables:
        try:
            row = db.execute("SELECT 1 FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.OperationalError:  # a "meta" table of some other shape
            row = None
        if row is not None:
            return "old"
    shown = ", ".join(tables[:3]) + (f" and {len(tables) - 3} more" if len(tables) > 3 else "")
    owner = f"application id {app:#x}" if app else f"tables {shown or 'none'}"
    raise NotAStore(
        f"{path}: not a storyfold store (an SQLite file of another application: {owner}); "
        "left unchanged: pass another --db"
    )


def _writable(path: Path, exists: bool) -> bool:
    """Whether this user can write the store and create its journal files beside it."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not exists or os.access(path, os.W_OK)


def _read_only_connection(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection that only reads: through the WAL when its files can be opened, else the
    file alone (immutable) when it has no write-ahead log that only a writer could read."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    try:
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError as exc:
        db.close()
        name = getattr(exc, "sqlite_errorname", "") or ""
        if not name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
            raise
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreReadOnly(
            f"{path}: its write-ahead log {wal.name} holds changes, and this user cannot "
            "open it to read them (the folder is read-only); let the writer finish, or "
            "read the store with write access"
        )
    return sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=timeout, isolation_level=None)


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script (a trigger's body keeps its own semicolons)."""
    part = ""
    for piece in script.split(";"):
        part += piece + ";"
        if sqlite3.complete_statement(part):
            if part.strip(" \n;"):
                yield part
            part = ""


class StoreBatchCopyIndex:
    """The copy stage's index kept in a store (a :class:`~storyfold.copies.stage.BatchCopyIndex`).

    A batch costs one lookup per kind of key (text hashes, band keys, sentence
    key counts and postings, the anchor counts and fingerprints of the
    candidates), whatever its size; its rows are related to each other in
    memory by the same rules as :class:`~storyfold.copies.finder.CopyFinder`.
    Fingerprints are stored whole (for ``why`` and ``dedup``); an exact copy's
    fingerprint is stored without index keys, as its original stands for it.
    """

    keys_only = False

    def __init__(self, store: Store, cfg: CopyConfig, max_postings: int) -> None:
        if isinstance(max_postings, bool) or not isinstance(max_postings, int) or max_postings < 1:
            raise ValueError(f"max_postings: expected an int >= 1, got {max_postings!r}")
        self.store = store
        self.cfg = cfg
        self.max_postings = max_postings

    def candidates(
        self, ids: list[str], batch: FingerprintBatch, texts: list[str] | None = None
    ) -> Candidates:
        """Return each row's candidates among stored articles and earlier rows of the batch."""
        import numpy as np

        from .copies import to_sqlite_ints
        from .copies.index import anchors_needed
        from .copies.stage import Candidates

        n = len(ids)
        norm = batch.norm_hash
        words = (batch.n_tokens > 0).tolist()
        owners = self.store.exact_owners([norm[j] for j in range(n) if words[j]])
        known = self.store.fingerprinted(ids)
        role, dup = self._assign(ids, norm, words, owners, known)
        query = [j for j in range(n) if words[j] and j not in dup]
        bands = {j: to_sqlite_ints(batch.band_keys[j]) for j in query}
        sents = {
            j: to_sqlite_ints(np.unique(batch.sentence_keys[lo:hi]))
            for j in query
            for lo, hi in [(int(batch.sentence_bounds[j]), int(batch.sentence_bounds[j + 1]))]
        }
        all_bands = [k for ks in bands.values() for k in ks]
        all_sents = [k for ks in sents.values() for k in ks]
        band_post = self.store.copy_key_postings(KEY_BAND, all_bands)
        df = self.store.copy_key_counts(all_sents)
        cap = self.max_postings
        sent_post = self.store.copy_key_postings(
            KEY_SENTENCE, [k for k in set(all_sents) if df.get(k, 0) <= cap]
        )
        pairs: dict[int, set[str | int]] = {j: set() for j in range(n)}
        shared: dict[int, Counter[str | int]] = {}
        band_rows: dict[int, list[int]] = {}
        sent_rows: dict[int, list[int]] = {}
        for j in query:
            found = pairs[j]
            for k in bands[j]:
                found.update(band_post.get(k, ()))
                found.update(band_rows.get(k, ()))
            counts: Counter[str | int] = Counter()
            for k in sents[j]:
                earlier = sent_rows.get(k, [])
                if df.get(k, 0) + len(earlier) <= cap:
                    counts.update(sent_post.get(k, ()))
                    counts.update(earlier)
            shared[j] = counts
            if role[j] == "index":
                for k in bands[j]:
                    band_rows.setdefault(k, []).append(j)
                for k in sents[j]:
                    sent_rows.setdefault(k, []).append(j)
        stored_anchors = self.store.anchor_counts(
            sorted({o for c in shared.values() for o in c if isinstance(o, str)})
        )
        for j, counts in shared.items():
            for other, count in counts.items():
                theirs = len(sents[other]) if isinstance(other, int) else stored_anchors[other]
                if count >= anchors_needed(len(sents[j]), theirs):
                    pairs[j].add(other)
        for j, target in dup.items():
            pairs[j] = {target}
        state = (batch, role, sents, df)
        return Candidates(ids, self._named(ids, batch, pairs), state)

    @staticmethod
    def _assign(
        ids: list[str],
        norm: list[str],
        words: list[bool],
        owners: dict[str, str],
        known: set[str],
    ) -> tuple[dict[int, str], dict[int, str | int]]:
        """Return each row's role (index, duplicate, known, empty) and each duplicate's original.

        An original is a stored article id or an earlier row of the batch.
        """
        role: dict[int, str] = {}
        dup: dict[int, str | int] = {}
        first_of: dict[str, int] = {}
        fresh: set[str] = set()
        for j, item_id in enumerate(ids):
            if not words[j]:
                role[j] = "empty"
            elif norm[j] in owners:
                role[j], dup[j] = "duplicate", owners[norm[j]]
            elif norm[j] in first_of:
                role[j], dup[j] = "duplicate", first_of[norm[j]]
            elif item_id in known or item_id in fresh:
                role[j] = "known"  # an id indexed before: related, not indexed again
            else:
                role[j] = "index"
                first_of[norm[j]] = j
                fresh.add(item_id)
        return role, dup

    def _named(
        self, ids: list[str], batch: FingerprintBatch, pairs: dict[int, set[str | int]]
    ) -> list[tuple[int, Fingerprint, list[tuple[str, Fingerprint]]]]:
        """Give every candidate its id and fingerprint, candidates in id order, no self pairs."""
        stored = self._verifiable(
            sorted({o for c in pairs.values() for o in c if isinstance(o, str)})
        )
        out = []
        for j in sorted(pairs):
            named = []
            for other in pairs[j]:
                if isinstance(other, int):
                    if ids[other] != ids[j]:
                        named.append((ids[other], batch.fingerprint(other)))
                elif other != ids[j] and other in stored:
                    named.append((other, stored[other]))
            if named:
                named.sort(key=lambda pair: pair[0])
                out.append((j, batch.fingerprint(j), named))
        return out

    def _verifiable(self, article_ids: list[str]) -> dict[str, Fingerprint]:
        """Stored fingerprints with their shingles, made again from the article texts.

        Stores written before shingles were left out keep theirs, which are used as they are.
        """
        from .copies.fingerprint import fingerprint_batch

        stored = self.store.fingerprints(article_ids)
        redo = [a for a, fp in stored.items() if fp.n_tokens and not fp.shingles.size]
        if redo:
            texts = self.store.article_texts(redo)
            batch = fingerprint_batch([texts.get(a, "") for a in redo], self.cfg)
            stored.update((a, batch.fingerprint(i)) for i, a in enumerate(redo))
        return stored

    def add(self, found: Candidates) -> None:
        """Store the batch's fingerprints; post the keys of the rows that are indexed."""
        from .copies import to_sqlite_ints

        batch, role, sents, df = found.state
        ids = found.ids
        rows, band_rows, sent_rows, counted = [], [], [], []
        held = dict(df)
        seen: set[str] = set()
        for j, item_id in enumerate(ids):
            if role[j] == "known" or item_id in seen:
                continue
            seen.add(item_id)
            rows.append((item_id, batch.fingerprint(j)))
            if role[j] != "index":
                continue
            band_rows += [(k, item_id) for k in to_sqlite_ints(batch.band_keys[j])]
            for k in sents[j]:
                if held.get(k, 0) < self.max_postings:
                    sent_rows.append((k, item_id))
                held[k] = held.get(k, 0) + 1
                counted.append(k)
        self.store.add_fingerprints(rows, band_rows, sent_rows, counted)


class StoreStoryIndex:
    """The story index of a store: postings, vectors and memberships through SQL."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def candidates(self, features: Iterable[int], max_postings: int) -> dict[str, int]:
        """Stored articles indexed under the features (features that are too common skipped)."""
        feats = list(features)
        df = self.store.term_df(feats)
        usable = [f for f in feats if df.get(f, 0) <= max_postings]
        out: dict[str, int] = {}
        for (aid,) in self.store._select_in(
            "SELECT article_id FROM story_postings WHERE feature IN", usable
        ):
            out[aid] = out.get(aid, 0) + 1
        return out

    def vector(self, article_id: str) -> Vector | None:
        """An article's stored story vector."""
        return self.store.story_vector(article_id)

    def story_of(self, article_id: str) -> str | None:
        """An article's story."""
        row = self.store.db.execute(
            "SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    def published(self, article_id: str) -> str | None:
        """An article's publication date."""
        row = self.store.db.execute(
            "SELECT published FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    def add(
        self,
        article_id: str,
        features: list[int],
        vector: Vector,
        story_id: str,
        published: str | None,
    ) -> None:
        """Memberships are written by the runner (see :meth:`Store.add_story_member`)."""


class StoreStoryGroups:
    """The story index of a store for batch grouping: postings, memberships, story profiles.

    ``known_df`` are article counts of features already read in this batch (grouping runs
    after the batch's counts are added, and nothing changes them until it is done): the
    candidate lookups read only the counts of other features, afresh each time.
    """

    def __init__(self, store: Store, known_df: dict[int, int] | None = None) -> None:
        self.store = store
        self._postings = StoreStoryIndex(store)
        self._df: dict[int, int] = known_df or {}  # read only

    def _shared_postings(
        self, features: Iterable[int], max_postings: int, recent: int
    ) -> tuple[str, list[int]] | None:
        """SQL of (article_id, shared) rows over the ``recent`` latest postings of each
        usable feature, with its parameters (the ``min_shared`` cut still to bind); None
        when no feature is usable."""
        feats = list(features)
        unknown = [f for f in feats if f not in self._df]
        stored = self.store.term_df(unknown) if unknown else {}
        usable = [f for f in feats if self._df.get(f, stored.get(f, 0)) <= max_postings]
        if not usable:
            return None
        one = (
            "SELECT * FROM (SELECT article_id FROM story_postings WHERE feature = ? "
            "ORDER BY seq DESC LIMIT ?)"
        )
        union = " UNION ALL ".join([one] * len(usable))
        q = f"SELECT article_id AS candidate, COUNT(*) AS n FROM ({union}) "
        q += "GROUP BY article_id HAVING COUNT(*) >= ?"
        return q, [x for f in usable for x in (f, recent)]

    def candidates(
        self, features: Iterable[int], max_postings: int, recent: int, min_shared: int = 1
    ) -> dict[str, int]:
        """Latest stored articles sharing ``min_shared`` of the features (common ones skipped).

        Of each usable feature only the ``recent`` latest postings are read, so
        the cost per article stays bounded however large the store grows.
        """
        query = self._shared_postings(features, max_postings, recent)
        if query is None:
            return {}
        q, params = query
        return dict(self.store.db.execute(q, [*params, min_shared]))

    def candidate_stories(
        self,
        features: Iterable[int],
        max_postings: int,
        recent: int,
        min_shared: int = 1,
        limit: int | None = None,
    ) -> dict[str, tuple[int, str]]:
        """The stories of the :meth:`candidates`, each with its largest (shared, article id),
        in one query (no second lookup of the candidates' stories); with ``limit``, the
        ``limit`` stories whose best shares most (ties: the smaller story id)."""
        query = self._shared_postings(features, max_postings, recent)
        if query is None:
            return {}
        q, params = query
        ranked = (
            # the candidates (a bounded derived table, read once) drive; memberships by key
            "SELECT story_id, n, article_id FROM (SELECT m.story_id, n, m.article_id, "
            "ROW_NUMBER() OVER (PARTITION BY m.story_id ORDER BY n DESC, m.article_id DESC) "
            f"AS r FROM ({q}) JOIN story_members m ON m.article_id = candidate) WHERE r = 1 "
            "ORDER BY n DESC, story_id LIMIT ?"
        )
        rows = self.store.db.execute(ranked, [*params, min_shared, -1 if limit is None else limit])
        return {story: (n, article) for story, n, article in rows}

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The story of each stored article."""
        return self.store.stories_of(list(article_ids))

    def stats(self, story_id: str) -> StoryStats | None:
        """A stored story's profile."""
        return self.store.story_stats(story_id)

    def vector(self, article_id: str) -> Vector | None:
        """An article's stored story vector."""
        return self._postings.vector(article_id)
