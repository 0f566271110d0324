"""Copy groups for data pipelines: which documents are copies of which, one representative each.

:func:`dedup` dedups what it is given: each document's text as it is (a JSONL
record's ``text``, a text file's decoded contents, an HTML page's extracted
main content), or with ``clean=True`` the main article the page cleaner cuts
out of it. Texts go through the one copy stage (:mod:`storyfold.copies.stage`):

* by default over the in-memory index (:class:`~storyfold.copies.finder.CopyFinder`)
  while the input is read as a stream: memory holds about 50 index keys per
  document, and each text waits in a temporary spool file, read back only to
  verify a candidate or to describe a group;
* with a ``store`` (or ``rewrites=True``) over the store-backed index, so a
  later run finds copies of earlier documents, and with ``rewrites=True`` the
  rewrite stage labels texts that say the same sentences in other words.

Groups are the connected components of the copy relations (union-find, linear
in the relations). A group's representative is its fullest member (most words;
the earliest, then the smallest id, on ties); every other member carries its
relation to the representative: ``exact``, ``near`` or ``contained`` (copies
of the representative's text, directly or through a chain of copies), or
``rewrite`` (the same sentences in other words).
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from .clean.stage import CleanTask, clean_documents, document_line_keys
from .copies import CopyFinder, compare, copy_stage, fingerprint_batch
from .copies.fingerprint import BATCH_TEXTS, process_pool
from .errors import SkippedInput
from .ingest.sources import Notice
from .ingest.stream import stream_documents
from .model import CONTAINED, EXACT, NEAR, REWRITE, Article, CopyRelation, Document
from .pipeline import FoldConfig, FoldReport, _rewrite_stage, public_name
from .store import Store, StoreBatchCopyIndex
from .threads import one_blas_thread
from .unionfind import find, union

__all__ = ["CopyGroup", "DedupResult", "GroupMember", "dedup"]

COPY_KINDS = (EXACT, NEAR, CONTAINED)
CLEAN_BATCH = 256
"""Pages cleaned together: lines recurring on several of them count as furniture."""


@dataclass(slots=True)
class GroupMember:
    """One document of a copy group and its relation to the group's representative."""

    id: str
    relation: str  # "representative" | "exact" | "near" | "contained" | "rewrite"
    similarity: float
    containment: float


@dataclass(slots=True)
class CopyGroup:
    """Documents whose texts are copies (or rewrites) of one text."""

    group: str
    members: list[GroupMember] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """The group as one JSONL record."""
        return {
            "group": self.group,
            "members": [
                {
                    "id": m.id,
                    "relation": m.relation,
                    "similarity": m.similarity,
                    "containment": m.containment,
                }
                for m in self.members
            ],
        }


@dataclass(slots=True)
class DedupResult:
    """Copy groups, the representatives to keep (one per group plus every singleton)."""

    groups: list[CopyGroup]
    keep: list[str]
    report: FoldReport


def dedup(
    paths: Iterable[str],
    store: Store | None = None,
    config: FoldConfig | None = None,
    *,
    clean: bool = False,
    rewrites: bool = False,
    workers: int = 1,
) -> DedupResult:
    """Find copy groups among the documents under ``paths`` (see the module docstring).

    ``clean`` runs the page cleaner first and dedups each page's main article
    (for raw pages); ``rewrites`` adds the rewrite stage (slower: it aligns
    sentences); ``workers`` fingerprints in that many processes (0: one per
    CPU) with the same result as one. Inputs that cannot be read, and
    documents whose id is already used by other content, are listed in
    ``report.skipped``; documents are counted in ``report``.
    """
    cfg = config or FoldConfig()
    report = FoldReport()
    texts = _texts(paths, cfg, report, clean=clean)
    with one_blas_thread():
        if store is None and not rewrites:
            return _dedup_in_memory(texts, cfg, report, workers)
        own = store is None
        st = store or Store(":memory:")
        try:
            return _dedup_in_store(texts, st, cfg, report, rewrites=rewrites, workers=workers)
        finally:
            if own:
                st.close()


# ---- reading ------------------------------------------------------------------------
def _texts(
    paths: Iterable[str], cfg: FoldConfig, report: FoldReport, *, clean: bool
) -> Iterator[tuple[Document, str]]:
    """Yield each document with the text to dedup; skips and notices go to ``report``."""

    def documents() -> Iterator[Document]:
        for item in stream_documents(paths, cfg.ingest):
            if isinstance(item, SkippedInput):
                report.skipped.append(item)
            elif isinstance(item, Notice):
                report.notices.append(item)
            else:
                report.documents_read += 1
                yield item

    docs = documents()
    if not clean:
        for doc in docs:
            yield doc, doc.text
        return
    while chunk := list(islice(docs, CLEAN_BATCH)):
        yield from _cleaned(chunk, cfg, report)


def _cleaned(
    docs: list[Document], cfg: FoldConfig, report: FoldReport
) -> Iterator[tuple[Document, str]]:
    """Each page's main article, lines recurring across the pages of the chunk counted."""
    keys = document_line_keys([(d.text, d.site) for d in docs])
    df = Counter(k for ks in keys for k in ks)
    tasks = [CleanTask(d, {k: df[k] for k in ks}) for d, ks in zip(docs, keys, strict=True)]
    # the pages are raw (their whole visible text), JSONL ``text`` too: clean each as a page
    page_cfg = dataclasses.replace(cfg.clean, mode="page")
    for doc, arts in zip(
        docs, clean_documents(tasks, page_cfg, cfg.ingest.max_seconds), strict=True
    ):
        if isinstance(arts, SkippedInput):
            report.skipped.append(arts)
            continue
        if not arts:
            report.skipped.append(SkippedInput(doc.path or doc.id, "no article text found"))
            continue
        main = arts[0]
        for d in main.dropped:
            report.dropped[d.reason] += 1
        report.articles += 1
        yield doc, main.text


def _id_taken(doc: Document) -> SkippedInput:
    """The skip of a document whose id another content already has."""
    return SkippedInput(
        doc.path or doc.id,
        f"document id {doc.id!r} is already used by other content; give a new id",
    )


# ---- in memory, streaming -------------------------------------------------------------
class _Spool:
    """Texts waiting in a temporary file, read back by number (8 bytes of memory each)."""

    def __init__(self) -> None:
        # Open for the spool's whole life; close() removes it.
        self._fh = tempfile.TemporaryFile()  # noqa: SIM115
        self._ends = array("q", [0])
        self._dirty = False

    def add(self, published: str | None, text: str) -> int:
        """Append a text and its date; return its number."""
        date = (published or "").encode("utf-8")[:65535]
        body = text.encode("utf-8", "surrogatepass")  # JSON strings may hold lone surrogates
        data = b"".join((len(date).to_bytes(2, "little"), date, body))
        self._fh.write(data)
        self._ends.append(self._ends[-1] + len(data))
        self._dirty = True
        return len(self._ends) - 2

    def read(self, number: int) -> tuple[str | None, str]:
        """Return ``(published, text)`` of a text added before."""
        if self._dirty:
            self._fh.flush()
            self._dirty = False
        start, end = self._ends[number], self._ends[number + 1]
        data = os.pread(self._fh.fileno(), end - start, start)
        size = int.from_bytes(data[:2], "little")
        published = data[2 : 2 + size].decode("utf-8", errors="replace") or None
        return published, data[2 + size :].decode("utf-8", "surrogatepass")

    def close(self) -> None:
        """Remove the file."""
        self._fh.close()


def _dedup_in_memory(
    texts: Iterator[tuple[Document, str]], cfg: FoldConfig, report: FoldReport, workers: int
) -> DedupResult:
    """Stream texts through the in-memory copy stage and group what it relates."""
    spool = _Spool()
    names: list[str] = []
    number: dict[str, int] = {}
    content: array[int] = array("Q")
    parent: array[int] = array("q")

    def items() -> Iterator[tuple[str, str]]:
        for doc, text in texts:
            name = public_name(doc)
            digest = int(doc.content_hash[:16], 16)
            seen = number.get(name)
            if seen is not None:
                if content[seen] == digest:
                    report.documents_known += 1  # the same record again: counted once
                else:
                    report.skipped.append(_id_taken(doc))
                continue
            n = spool.add(doc.published, text)
            number[name] = n
            names.append(name)
            content.append(digest)
            parent.append(n)
            report.documents_new += 1
            yield name, text

    try:
        finder = CopyFinder(
            cfg.copies,
            max_postings=cfg.copy_max_postings,
            text_of=lambda name: spool.read(number[name])[1],
        )
        for rel in finder.feed(items(), workers=workers):
            report.copies[rel.relation] += 1
            union(parent, number[rel.a], number[rel.b])
        members: dict[int, list[int]] = {}
        for n in range(len(parent)):
            root = find(parent, n)
            if root != n:
                members.setdefault(root, [root]).append(n)

        def info(keys: list[int]) -> dict[int, tuple[str, str | None, str]]:
            return {k: (names[k], *spool.read(k)) for k in keys}

        comps = list(members.values())
        copied = {k for comp in comps for k in comp}
        groups = _groups(comps, info, copied, {}, cfg)
        keep = [g.members[0].id for g in groups]
        grouped = {m.id for g in groups for m in g.members}
        keep += [name for name in names if name not in grouped]
        report.document_ids = names
        return DedupResult(groups, keep, report)
    finally:
        spool.close()


# ---- in a store ---------------------------------------------------------------------------
def _dedup_in_store(
    texts: Iterator[tuple[Document, str]],
    store: Store,
    cfg: FoldConfig,
    report: FoldReport,
    *,
    rewrites: bool,
    workers: int,
) -> DedupResult:
    """Store each batch's texts, relate them through the store-backed copy stage, group."""
    store.check_setting("copy_fingerprints", cfg.copies.fingerprint_key)
    order: list[str] = []  # this run's article ids and ``=name`` aliases, in input order
    aliases: dict[str, str] = {}  # alias key -> the stored article with the same bytes
    seen: dict[str, str] = {}
    with process_pool(workers) as pool:
        while chunk := list(islice(texts, cfg.batch_size)):
            with store.transaction():
                arts: list[Article] = []
                for doc, text in chunk:
                    known = seen.get(doc.content_hash) or store.document_with_content(
                        doc.content_hash
                    )
                    if known is not None:
                        report.documents_known += 1
                        alias = f"={public_name(doc)}"
                        aliases[alias] = f"{known}#0"
                        order.append(alias)
                        continue
                    if store.has_document(doc.id):
                        report.skipped.append(_id_taken(doc))
                        continue
                    seen[doc.content_hash] = doc.id
                    store.add_document(doc)
                    art = Article(
                        f"{doc.id}#0", doc.id, 0, text, doc.title, doc.published, doc.site
                    )
                    store.add_article(art)
                    report.documents_new += 1
                    report.document_ids.append(doc.id)
                    arts.append(art)
                    order.append(art.id)
                index = StoreBatchCopyIndex(store, cfg.copies, cfg.copy_max_postings)
                items = [(a.id, a.text) for a in arts]
                rels = list(copy_stage(items, index, batch_size=max(1, len(items)), pool=pool))
                store.add_copies(rels)
                if rewrites:
                    rels += _rewrite_stage(arts, rels, store, cfg)
                for rel in rels:
                    report.copies[rel.relation] += 1
    own = [k for k in order if k not in aliases]
    rels = [r for r in store.copies(own) if r.a.endswith("#0") and r.b.endswith("#0")]
    return _store_groups(store, order, aliases, rels, cfg, report, rewrites=rewrites)


def _store_groups(
    store: Store,
    order: list[str],
    aliases: dict[str, str],
    rels: list[CopyRelation],
    cfg: FoldConfig,
    report: FoldReport,
    *,
    rewrites: bool,
) -> DedupResult:
    """Group this run's articles (and the stored ones they copy) by their relations."""
    parent: dict[str, str] = {}

    def link(a: str, b: str) -> None:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        union(parent, a, b)

    copied: set[str] = set()
    for rel in rels:
        if rel.relation in COPY_KINDS:
            link(rel.a, rel.b)
            copied.update((rel.a, rel.b))
    for alias, twin in aliases.items():
        link(alias, twin)
        copied.update((alias, twin))
    rewrite_of: dict[str, list[tuple[str, float]]] = {}
    if rewrites:  # a rewrite joins a group (or pairs up), but never joins two groups
        for rel in rels:
            if rel.relation != REWRITE or (rel.a in parent and rel.b in parent):
                continue
            link(rel.a, rel.b)
            rewrite_of.setdefault(rel.a, []).append((rel.b, rel.similarity))
            rewrite_of.setdefault(rel.b, []).append((rel.a, rel.similarity))
    members: dict[str, list[str]] = {}
    for key in parent:
        members.setdefault(find(parent, key), []).append(key)
    comps = [m for m in members.values() if len(m) > 1]

    def info(keys: list[str]) -> dict[str, tuple[str, str | None, str]]:
        real = {aliases.get(k, k) for k in keys}
        arts = {a.id: a for a in store.articles(sorted(real))}
        docs = {
            d.id: d for d in store.documents_by_id(sorted({a.document_id for a in arts.values()}))
        }
        out = {}
        for k in keys:
            art = arts[aliases.get(k, k)]
            name = k[1:] if k in aliases else public_name(docs[art.document_id])
            out[k] = (name, art.published, art.text)
        return out

    groups = _groups(comps, info, copied, rewrite_of, cfg)
    keep = [g.members[0].id for g in groups]
    grouped = {m.id for g in groups for m in g.members}
    own = [k.rsplit("#", 1)[0] for k in order if k not in aliases]
    kinds = store.document_kinds(own)
    for key in order:
        if key in aliases:
            name = key[1:]
        else:
            doc_id = key.rsplit("#", 1)[0]
            kind, path = kinds[doc_id]
            name = public_name(Document(doc_id, "", kind, "", path))
        if name not in grouped:
            grouped.add(name)
            keep.append(name)
    return DedupResult(groups, keep, report)


# ---- groups -----------------------------------------------------------------------------
def _groups(
    comps: list[list],
    info,
    copied: set,
    rewrite_of: dict,
    cfg: FoldConfig,
) -> list[CopyGroup]:
    """Describe each component: its representative first, then each member's relation to it.

    ``info(keys)`` gives each key's ``(name, published, text)``; ``copied`` the
    keys with a copy relation; ``rewrite_of`` each rewrite-only key's
    ``(other key, coverage)`` pairs. Groups come sorted by their id.
    """
    groups: list[CopyGroup] = []
    chunk: list[list] = []
    size = 0
    for comp in comps:  # a few groups at a time: texts and shingles of one chunk in memory
        chunk.append(comp)
        size += len(comp)
        if size >= BATCH_TEXTS:
            groups += _describe(chunk, info, copied, rewrite_of, cfg)
            chunk, size = [], 0
    groups += _describe(chunk, info, copied, rewrite_of, cfg)
    return sorted(groups, key=lambda g: g.group)


def _describe(
    comps: list[list],
    info,
    copied: set,
    rewrite_of: dict,
    cfg: FoldConfig,
) -> list[CopyGroup]:
    """The groups of some components, their members fingerprinted in one vector pass."""
    groups: list[CopyGroup] = []
    keys = [k for comp in comps for k in comp]
    if not keys:
        return groups
    about = info(keys)
    batch = fingerprint_batch([about[k][2] for k in keys], cfg.copies)
    fps = {k: batch.fingerprint(i) for i, k in enumerate(keys)}
    for comp in comps:
        pool = [k for k in comp if k in copied] or comp
        rep = min(pool, key=lambda k: (-fps[k].n_tokens, about[k][1] or "9999", about[k][0]))
        out = [GroupMember(about[rep][0], "representative", 1.0, 1.0)]
        seen = {about[rep][0]}
        for k in sorted((k for k in comp if k != rep), key=lambda k: about[k][0]):
            name = about[k][0]
            if name in seen:
                continue
            seen.add(name)
            if k not in copied:
                covs = rewrite_of.get(k, [])
                direct = [c for other, c in covs if other == rep]
                cov = direct[0] if direct else max((c for _, c in covs), default=0.0)
                out.append(GroupMember(name, REWRITE, cov, 0.0))
                continue
            fa, fr = fps[k], fps[rep]
            jac, a_in_r, _ = compare(fa, fr)
            if fa.norm_hash == fr.norm_hash:
                rel = EXACT
            elif a_in_r >= 0.5 and a_in_r > jac + 0.1:
                rel = CONTAINED
            else:
                rel = NEAR
            out.append(GroupMember(name, rel, round(jac, 4), round(a_in_r, 4)))
        if len(out) > 1:
            groups.append(CopyGroup(out[0].id, out))
    return groups
