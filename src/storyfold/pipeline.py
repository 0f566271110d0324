"""The embedded runner: inputs → documents → articles → copies → stories, into the store.

Stages are the pure functions of :mod:`storyfold.ingest`, :mod:`storyfold.clean`,
:mod:`storyfold.copies` and :mod:`storyfold.stories`; this module feeds them,
persists what they give in one transaction per batch, and counts what happened.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from .align.rewrite import RewriteConfig
from .align.stage import find_rewrites, rewrite_keys
from .clean import CleanConfig
from .clean.stage import CleanTask, clean_documents, document_line_keys, line_hash
from .copies import CopyConfig, copy_stage
from .copies.fingerprint import resolve_workers
from .errors import SkippedInput, StoreError
from .ingest.remote import RemoteOptions, UrlReader
from .ingest.sources import (
    IngestOptions,
    Item,
    Notice,
    RawInput,
    RawItem,
    extract_inputs,
    read_inputs,
    store_files,
    to_items,
)
from .model import CONTAINED, Article, CopyRelation, Document, public_name
from .review.corrections import apart_stories
from .store import Store, StoreBatchCopyIndex, StoreStoryGroups
from .stories import semantic
from .stories.cluster import group_batch
from .stories.group import Decision, StoryConfig, top_features
from .stories.stage import (
    ArticleTerms,
    article_terms,
    batch_items,
    features_of,
    joining_copies,
    story_order,
)
from .text import split_sentences
from .threads import init_worker, one_blas_thread

if TYPE_CHECKING:
    from .ingest.fetch import Validators

T = TypeVar("T")

MIN_ITEMS_PER_WORKER = 32
"""A batch smaller than twice this runs in the parent process (a pool costs more than it gains)."""

EXTRACT_CHUNK_PER_WORKER = 32
"""Inputs per worker decoded and extracted together before their documents are yielded."""

POOL_CHUNKS_PER_WORKER = 2
"""Chunks per worker a batch's per-document work is split into."""

EXTRACT_CHUNKS_PER_WORKER = 8
"""Chunks per worker a chunk of inputs to extract is split into: small enough that a worker
that drew quick pages takes more while the other finishes a slow one (HTML pages differ
tenfold in cost; with 2 chunks per worker, 300 pages read in 16.6-17.8 s, with 8 in
13.6-14.3). Documents of one kind cost alike, so the batch stages keep fewer, larger chunks."""

#: how lines are counted across documents (recorded in the store, see :func:`fold`)
LINE_COUNT_SCOPE = "per-site"

__all__ = ["FoldConfig", "FoldReport", "fold", "fold_batch", "line_hash", "public_name"]


@dataclass(slots=True, frozen=True)
class FoldConfig:
    """Every stage's settings in one place."""

    clean: CleanConfig = field(default_factory=CleanConfig)
    copies: CopyConfig = field(default_factory=CopyConfig)
    rewrites: RewriteConfig = field(default_factory=RewriteConfig)
    stories: StoryConfig = field(default_factory=StoryConfig)
    ingest: IngestOptions = field(default_factory=IngestOptions)
    remote: RemoteOptions = field(default_factory=RemoteOptions)
    """How web addresses (pages, feeds, OPML lists) are fetched."""
    batch_size: int = 500
    copy_max_postings: int = 50
    workers: int = 1
    """Processes for the per-document work (extraction, cleaning, features); 0: one per CPU.
    The result is the same whatever the number."""


@dataclass(slots=True)
class FoldReport:
    """What one fold did, stage by stage."""

    documents_read: int = 0
    documents_new: int = 0
    documents_known: int = 0
    skipped: list[SkippedInput] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    articles: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    copies: Counter[str] = field(default_factory=Counter)
    stories_new: int = 0
    stories_extended: int = 0
    document_ids: list[str] = field(default_factory=list)
    same_content: list[tuple[str, str]] = field(default_factory=list)
    """``(input, stored document id)`` for inputs whose bytes a document had already."""
    inputs: dict[str, list[str]] = field(default_factory=dict)
    """Per document id, the names of this fold's inputs that gave it (a new document's own
    name, and every input whose bytes it already had): each input read is in one list."""
    unchanged_urls: list[str] = field(default_factory=list)
    """Addresses that answered ``304 Not Modified``: nothing new since the last fold."""
    timings: dict[str, float] = field(default_factory=dict)
    """Wall seconds spent in each stage (read, clean, write, copies, rewrites, stories, commit).

    ``clean`` is the time this process waited for the workers' cleaning and story
    terms; the workers clean a batch while the batch before it is grouped.

    Not part of :meth:`as_dict`: the JSON result depends only on the inputs."""

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the wall time of the ``with`` block to ``timings[stage]``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add_time(stage, time.perf_counter() - start)

    def add_time(self, stage: str, seconds: float) -> None:
        """Add ``seconds`` of wall time to ``timings[stage]``."""
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds

    def as_dict(self) -> dict[str, object]:
        """The report as plain JSON-ready values."""
        return {
            "documents_read": self.documents_read,
            "documents_new": self.documents_new,
            "documents_already_stored": self.documents_known,
            "skipped": [{"input": s.where, "reason": s.reason} for s in self.skipped],
            "notices": [{"input": n.where, "message": n.message} for n in self.notices],
            "articles": self.articles,
            "dropped_lines": dict(self.dropped.most_common()),
            "copies": dict(self.copies.most_common()),
            "stories_new": self.stories_new,
            "stories_extended": self.stories_extended,
            "unchanged_urls": self.unchanged_urls,
        }


Progress = Callable[[str, int], None]


def fold(
    paths: Iterable[str],
    store: Store,
    config: FoldConfig | None = None,
    progress: Progress | None = None,
    *,
    group_stories: bool = True,
) -> FoldReport:
    """Fold inputs into the store and report what happened.

    Documents whose bytes are stored already are recognised and not added
    again, so folding the same input twice changes nothing. Each batch of
    ``batch_size`` documents is written in one transaction. With
    ``group_stories=False`` only ingest, cleaning, copies and rewrites run.
    With ``config.stories.semantic`` the semantic extra must be installed
    (:class:`~storyfold.errors.ConfigError` otherwise, before anything is read),
    and a store keeps to the kind of story vectors it was first folded with.
    """
    cfg = config or FoldConfig()
    store.check_setting("copy_fingerprints", cfg.copies.fingerprint_key)
    # line counts are kept per site (see clean.stage.line_hash); counts of another scheme
    # would not match the keys looked up
    store.check_setting("line_counts", LINE_COUNT_SCOPE)
    if group_stories:
        check_story_vectors(store, cfg.stories)
    report = FoldReport()
    ingest = replace(cfg.ingest, never_read=cfg.ingest.never_read | store_files(store.path))
    urls = UrlReader(cfg.remote, _stored_validators(store), store.has_document_url)
    try:
        with one_blas_thread(), worker_pool(cfg.workers) as pool:
            _fold_inputs(
                paths, store, replace(cfg, ingest=ingest), report, progress, urls, pool,
                group_stories,
            )  # fmt: skip
    finally:
        urls.close()
    # kept only once everything read is stored: a fold that fails fetches it all again
    store.save_http_validators(
        (url, v.etag, v.last_modified) for url, v in sorted(urls.fresh.items())
    )
    report.unchanged_urls = urls.unchanged
    return report


def _stored_validators(store: Store) -> Callable[[str], Validators | None]:
    """The stored ETag / Last-Modified of an address, as the fetcher takes them."""

    def validators_of(url: str) -> Validators | None:
        from .ingest.fetch import Validators

        row = store.http_validators(url)
        return Validators(etag=row[0], last_modified=row[1]) if row else None

    return validators_of


def _fold_inputs(
    paths: Iterable[str],
    store: Store,
    cfg: FoldConfig,
    report: FoldReport,
    progress: Progress | None,
    urls: UrlReader,
    pool: WorkerPool | None,
    group_stories: bool = True,
) -> None:
    """Read the inputs, recognise stored ones, and fold the new ones batch by batch."""
    batch: list[Document] = []
    batch_ids: set[str] = set()
    seen: dict[str, str] = {}
    started: _StartedBatch | None = None
    raws = read_inputs(paths, cfg.ingest, urls)
    for item in _timed(
        _new_documents(raws, store, seen, report, progress, pool, cfg.ingest.max_seconds),
        report,
        "read",
    ):
        if isinstance(item, SkippedInput):
            report.skipped.append(item)
            continue
        if isinstance(item, Notice):
            report.notices.append(item)
            continue
        if item.id in batch_ids or store.has_document(item.id):
            # another fold may have stored these very bytes since they were looked up
            if item.id in batch_ids or not _stored_as(item, store, report):
                report.skipped.append(_id_taken(item))
            continue
        seen[item.content_hash] = item.id
        report.inputs.setdefault(item.id, []).append(public_name(item))
        batch.append(item)
        batch_ids.add(item.id)
        if len(batch) >= cfg.batch_size:
            started = _next_batch(started, batch, store, cfg, report, group_stories, pool)
            batch, batch_ids = [], set()
    if batch:
        started = _next_batch(started, batch, store, cfg, report, group_stories, pool)
    if started is not None:
        _finish_batch(started, store, cfg, report, group_stories, pool)


def _next_batch(
    started: _StartedBatch | None,
    docs: list[Document],
    store: Store,
    cfg: FoldConfig,
    report: FoldReport,
    group_stories: bool,
    pool: WorkerPool | None,
) -> _StartedBatch:
    """Start ``docs`` as the next batch and finish the one started before it.

    The new batch's line keys are computed in the workers at once; its cleaning
    starts once the earlier batch is written and runs while that batch's stories
    are grouped. What each batch is cleaned with is what it would be cleaned
    with one batch at a time.
    """
    new = _start_batch(docs, pool)
    if started is None:
        with report.timed("clean"):
            _start_cleaning(new, store, cfg, group_stories, pool)
    else:
        _finish_batch(started, store, cfg, report, group_stories, pool, then=new)
    return new


def _timed(items: Iterable[T], report: FoldReport, stage: str) -> Iterator[T]:
    """Yield ``items``, adding the time spent producing each to ``report.timings[stage]``."""
    it = iter(items)
    while True:
        with report.timed(stage):
            try:
                item = next(it)
            except StopIteration:
                return
        yield item


@dataclass(slots=True, frozen=True)
class WorkerPool:
    """Worker processes for per-document work, and how many there are."""

    executor: Executor
    size: int


@contextmanager
def worker_pool(workers: int) -> Iterator[WorkerPool | None]:
    """A pool of ``workers`` processes (0: one per CPU), or None for one.

    Workers start from a fresh server process (``forkserver``), never from a
    copy of a parent that holds an open store or a progress thread, and only
    when a batch is large enough to use them.
    """
    n = resolve_workers(workers)
    if n <= 1:
        yield None
        return
    ctx = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_ignore_interrupt)
    try:
        yield WorkerPool(pool, n)
    except BaseException:
        _stop_now(pool)
        raise
    pool.shutdown(wait=True)


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """End a pool at once on an interrupt or error: its queued work is dropped, its workers ended.

    Waiting on the workers could hang for ever: one hit by the interrupt before
    it could ignore it leaves the pool broken.
    """
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(Exception):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _ignore_interrupt() -> None:
    """A worker leaves Ctrl-C to its parent, which rolls back and reports it in one line,
    and computes with one BLAS thread (see :mod:`storyfold.threads`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_worker()


def _new_documents(
    raws: Iterable[RawItem],
    store: Store,
    seen: dict[str, str],
    report: FoldReport,
    progress: Progress | None,
    pool: WorkerPool | None = None,
    max_seconds: float | None = None,
) -> Iterator[Item]:
    """Documents of the inputs whose bytes are new; known ones are only counted.

    The content hash is looked up before anything is decoded or extracted, so
    re-reading stored inputs costs their hashing and one indexed query each.
    With a pool, new HTML inputs are decoded and extracted in its workers, a
    chunk at a time, and everything is yielded in input order. ``seen``
    (content hash to document id) is filled by the consumer as it takes each
    document.
    """
    chunk: list[RawInput] = []
    size = EXTRACT_CHUNK_PER_WORKER * pool.size if pool is not None else 1
    for raw in raws:
        if not isinstance(raw, RawInput):  # a skip or a notice, kept in input order
            yield from _extracted(chunk, store, seen, report, progress, pool, max_seconds)
            chunk = []
            yield raw
            continue
        if _known(raw, store, seen, report, progress):
            continue
        chunk.append(raw)
        if len(chunk) >= size:
            yield from _extracted(chunk, store, seen, report, progress, pool, max_seconds)
            chunk = []
    yield from _extracted(chunk, store, seen, report, progress, pool, max_seconds)


def _known(
    raw: RawInput, store: Store, seen: dict[str, str], report: FoldReport, progress: Progress | None
) -> bool:
    """Count ``raw`` as already stored (and say so) when a document has its bytes."""
    known = seen.get(raw.content_hash) or store.document_with_content(raw.content_hash)
    if known is None:
        return False
    _count_read(report, progress)
    report.documents_known += 1
    report.document_ids.append(known)
    report.same_content.append((raw.name, known))
    report.inputs.setdefault(known, []).append(raw.name)
    return True


def _extracted(
    chunk: list[RawInput],
    store: Store,
    seen: dict[str, str],
    report: FoldReport,
    progress: Progress | None,
    pool: WorkerPool | None,
    max_seconds: float | None,
) -> Iterator[Item]:
    """The items of a chunk of new inputs, extracted in ``pool`` when one is given
    (each within its time budget, ``max_seconds``).

    An input with the same bytes as an earlier one of the chunk is extracted
    only when the earlier one gave no document; otherwise it is counted as
    already stored once the consumer has taken that document.
    """
    if not chunk:
        return
    first: dict[str, int] = {}
    for i, raw in enumerate(chunk):
        first.setdefault(raw.content_hash, i)
    heavy = [
        raw for i, raw in enumerate(chunk) if first[raw.content_hash] == i and raw.needs_extraction
    ]
    done = iter(
        _map_chunks(
            pool,
            extract_inputs,
            heavy,
            max_seconds,
            min_items=2,
            chunks_per_worker=EXTRACT_CHUNKS_PER_WORKER,
        )
    )
    for i, raw in enumerate(chunk):
        if first[raw.content_hash] != i:
            if _known(raw, store, seen, report, progress):
                continue
            items = extract_inputs([raw], max_seconds)[0]
        else:
            items = next(done) if raw.needs_extraction else to_items(raw)
        for item in items:
            if isinstance(item, Document):
                _count_read(report, progress)
            yield item


def _count_read(report: FoldReport, progress: Progress | None) -> None:
    """Count one input read as a document (new or already stored) and tell the progress bar."""
    report.documents_read += 1
    if progress:
        progress("read", 1)


def fold_batch(
    docs: list[Document],
    store: Store,
    cfg: FoldConfig,
    report: FoldReport,
    *,
    group_stories: bool = True,
    pool: WorkerPool | None = None,
) -> None:
    """Clean, fingerprint, relate and group one batch of new documents.

    The per-document work (cleaning, story features) runs first, in ``pool``'s
    worker processes when one is given, with no transaction open; then one
    write transaction stores the batch and runs the stages that look up what
    is stored (copies, rewrites, stories). :func:`fold` overlaps a batch's
    per-document work with the stages of the batch before it.
    """
    started = _start_batch(docs, pool)
    with report.timed("clean"):
        _start_cleaning(started, store, cfg, group_stories, pool)
    _finish_batch(started, store, cfg, report, group_stories, pool)


Cleaned = tuple[list[Article] | SkippedInput, list[ArticleTerms], list[set[int]]]
"""A document's articles (or why it was skipped), their story terms when stories are grouped,
and each article's sentence keys for the rewrite stage."""


@dataclass(slots=True)
class _StartedBatch:
    """A batch whose per-document work has been handed to the workers."""

    docs: list[Document]
    line_keys: Callable[[], list[set[int]]]
    cleaned: Callable[[], list[Cleaned]] | None = None


def _start_batch(docs: list[Document], pool: WorkerPool | None) -> _StartedBatch:
    """A batch whose line keys are being computed (in the workers, given a pool)."""
    pages = [(d.text, d.site) for d in docs]
    return _StartedBatch(docs, _map_chunks_later(pool, document_line_keys, pages))


def _start_cleaning(
    batch: _StartedBatch,
    store: Store,
    cfg: FoldConfig,
    group_stories: bool,
    pool: WorkerPool | None,
) -> None:
    """Hand the batch's cleaning to the workers, with the corpus counts of its lines as stored now.

    Articles are cut with the counts of each document's lines in the store and
    in the batch; the runner adds the batch's own counts when it stores it.
    """
    keys_per_doc = batch.line_keys()
    batch_df: Counter[int] = Counter(k for keys in keys_per_doc for k in keys)
    stored_df = store.line_df(list(batch_df))
    tasks = [
        CleanTask(d, {k: batch_df[k] + stored_df.get(k, 0) for k in keys})
        for d, keys in zip(batch.docs, keys_per_doc, strict=True)
    ]
    batch.cleaned = _map_chunks_later(
        pool, clean_and_describe, tasks, cfg.clean, cfg.ingest.max_seconds, group_stories
    )


def clean_and_describe(
    tasks: list[CleanTask], config: CleanConfig, max_seconds: float | None, with_terms: bool
) -> list[Cleaned]:
    """Each task's articles (see :func:`~storyfold.clean.stage.clean_documents`), with
    ``with_terms`` their story terms (see :func:`~storyfold.stories.stage.article_terms`),
    and their sentence keys (see :func:`~storyfold.align.stage.rewrite_keys`)."""
    out: list[Cleaned] = []
    for result in clean_documents(tasks, config, max_seconds):
        if isinstance(result, SkippedInput):
            out.append((result, [], []))
            continue
        terms = article_terms(result) if with_terms else []
        out.append((result, terms, rewrite_keys([a.text for a in result])))
    return out


def _finish_batch(
    batch: _StartedBatch,
    store: Store,
    cfg: FoldConfig,
    report: FoldReport,
    group_stories: bool,
    pool: WorkerPool | None,
    then: _StartedBatch | None = None,
) -> None:
    """Store a started batch and run the stages that look up what is stored.

    With ``then``, that batch's cleaning is started once this batch's line counts
    are written and its copies and rewrites (which use the workers) are found, so
    it runs in the workers while this process groups this batch into stories.
    """
    assert batch.cleaned is not None
    with report.timed("clean"):
        results = batch.cleaned()
    docs: list[Document] = []
    cleaned: list[list[Article]] = []
    line_keys: list[set[int]] = []
    by_id: dict[str, ArticleTerms] = {}
    sentence_keys: dict[str, set[int]] = {}
    for doc, (result, terms, rkeys), keys in zip(
        batch.docs, results, batch.line_keys(), strict=True
    ):
        if isinstance(result, SkippedInput):
            report.skipped.append(result)
            continue
        docs.append(doc)
        cleaned.append(result)
        line_keys.append(keys)
        by_id.update((t.article_id, t) for t in terms)
        sentence_keys.update((a.id, k) for a, k in zip(result, rkeys, strict=True))
    articles = [a for arts in cleaned for a in arts]
    with store.transaction():
        docs, cleaned, line_keys = _unstored(docs, cleaned, line_keys, store, report)
        kept = {a.id for arts in cleaned for a in arts}
        if len(kept) < len(articles):
            articles = [a for a in articles if a.id in kept]
        terms = [by_id[a.id] for a in story_order(articles)] if group_stories else []
        with report.timed("write"):
            store.bump_line_df(k for keys in line_keys for k in keys)
            for doc, arts in zip(docs, cleaned, strict=True):
                if not arts:
                    report.skipped.append(SkippedInput(public_name(doc), "no article text found"))
                    continue
                store.add_document(doc)
                report.documents_new += 1
                report.document_ids.append(doc.id)
                for art in arts:
                    store.add_article(art)
                    for d in art.dropped:
                        report.dropped[d.reason] += 1
                report.articles += len(arts)
        with report.timed("copies"):
            relations = _copy_stage(articles, store, cfg, pool)
        with report.timed("rewrites"):
            relations += _rewrite_stage(articles, relations, store, cfg, pool, sentence_keys)
        for rel in relations:
            report.copies[rel.relation] += 1
        if then is not None:
            # the story stage runs in this process only: the workers clean the next batch
            with report.timed("clean"):
                _start_cleaning(then, store, cfg, group_stories, pool)
        if group_stories:
            with report.timed("stories"):
                _story_stage(articles, terms, relations, store, cfg, report)
        stages_done = time.perf_counter()
    report.add_time("commit", time.perf_counter() - stages_done)


def _unstored(
    docs: list[Document],
    cleaned: list[list[Article]],
    line_keys: list[set[int]],
    store: Store,
    report: FoldReport,
) -> tuple[list[Document], list[list[Article]], list[set[int]]]:
    """The batch without the documents another process stored since they were read.

    Run inside the batch's write transaction, so the check and the write are
    one step: a document whose bytes are stored now is counted as already
    stored, one whose id another content took is skipped (as when reading).
    """
    keep = []
    for i, doc in enumerate(docs):
        if _stored_as(doc, store, report):
            continue
        if store.has_document(doc.id):
            report.skipped.append(_id_taken(doc))
            continue
        keep.append(i)
    if len(keep) == len(docs):
        return docs, cleaned, line_keys
    return [docs[i] for i in keep], [cleaned[i] for i in keep], [line_keys[i] for i in keep]


def _stored_as(doc: Document, store: Store, report: FoldReport) -> bool:
    """Count ``doc`` as already stored when a stored document has its bytes."""
    known = store.document_with_content(doc.content_hash)
    if known is None:
        return False
    report.documents_known += 1
    report.document_ids.append(known)
    report.same_content.append((public_name(doc), known))
    report.inputs.setdefault(known, []).append(public_name(doc))
    return True


def _id_taken(doc: Document) -> SkippedInput:
    """The skip of a document whose id other stored content has."""
    return SkippedInput(
        doc.path or doc.id,
        f"document id {doc.id!r} is already used by other content; give a new id",
    )


def _submitter(pool: WorkerPool | None) -> Callable[..., Callable[[], Any]] | None:
    """``submit(fn, *args)`` running ``fn`` in ``pool``'s workers, or None without a pool."""
    if pool is None:
        return None
    executor = pool.executor

    def submit(fn: Callable[..., Any], *args: object) -> Callable[[], Any]:
        return executor.submit(fn, *args).result

    return submit


def _map_chunks(
    pool: WorkerPool | None,
    fn: Callable[..., list[T]],
    items: list[Any],
    *args: object,
    min_items: int = 2 * MIN_ITEMS_PER_WORKER,
    chunks_per_worker: int = POOL_CHUNKS_PER_WORKER,
) -> list[T]:
    """``fn(items, *args)``, split into ``chunks_per_worker`` chunks per worker of ``pool``
    when given (order kept).

    ``fn`` must be a top-level function returning one result per item; fewer
    than ``min_items`` items are not worth sending to the workers.
    """
    return _map_chunks_later(
        pool, fn, items, *args, min_items=min_items, chunks_per_worker=chunks_per_worker
    )()


def _map_chunks_later(
    pool: WorkerPool | None,
    fn: Callable[..., list[T]],
    items: list[Any],
    *args: object,
    min_items: int = 2 * MIN_ITEMS_PER_WORKER,
    chunks_per_worker: int = POOL_CHUNKS_PER_WORKER,
) -> Callable[[], list[T]]:
    """:func:`_map_chunks` started now: what it returns gives the results (waiting for them once).

    Without a pool (or with few items) the work is done at once, in this process.
    """
    if pool is None or len(items) < min_items:
        done = fn(items, *args)
        return lambda: done
    n = -(-len(items) // (chunks_per_worker * pool.size))
    chunks = [items[i : i + n] for i in range(0, len(items), n)]
    parts = pool.executor.map(fn, chunks, *([a] * len(chunks) for a in args))
    return functools.cache(lambda: [x for part in parts for x in part])


def _copy_stage(
    articles: list[Article], store: Store, cfg: FoldConfig, pool: WorkerPool | None = None
) -> list[CopyRelation]:
    """Relate a batch's articles to each other and to the store through the one copy stage.

    With a pool and enough articles, fingerprints are computed in its workers.
    """
    index = StoreBatchCopyIndex(store, cfg.copies, cfg.copy_max_postings)
    items = [(a.id, a.text) for a in articles]
    if len(items) < MIN_ITEMS_PER_WORKER * 2:
        pool = None
    found = list(
        copy_stage(
            items,
            index,
            batch_size=max(1, len(items)),
            pool=pool.executor if pool is not None else None,
            workers=pool.size if pool is not None else 1,
        )
    )
    store.add_copies(found)
    return found


def _rewrite_stage(
    articles: list[Article],
    copies: list[CopyRelation],
    store: Store,
    cfg: FoldConfig,
    pool: WorkerPool | None = None,
    keys: dict[str, set[int]] | None = None,
) -> list[CopyRelation]:
    """Find rewrites with :func:`storyfold.align.stage.find_rewrites`; store them and the keys.

    With a pool, the sentence keys (unless given, by article id) and the
    alignments are computed in its workers.
    """
    result = find_rewrites(
        articles,
        copies,
        store,
        cfg.rewrites,
        per_key=cfg.copy_max_postings,
        known_keys=keys,
        mapper=lambda fn, items, *args: _map_chunks(pool, fn, items, *args),
        submit=_submitter(pool) if len(articles) >= 2 * MIN_ITEMS_PER_WORKER else None,
    )
    for art in articles:
        store.add_rewrite_keys(art.id, result.keys[art.id])
    for rel in result.relations:
        store.add_copy(rel)
    return result.relations


def _relation_texts(
    relations: list[CopyRelation], articles: list[Article], store: Store
) -> dict[str, str]:
    """The texts of the articles of ``contained`` relations: the batch's, then stored ones."""
    ids = {x for r in relations if r.relation == CONTAINED for x in (r.a, r.b)}
    texts = {a.id: a.text for a in articles if a.id in ids}
    missing = sorted(ids - texts.keys())
    if missing:
        texts.update(store.article_texts(missing))
    return texts


def _story_stage(
    articles: list[Article],
    terms: list[ArticleTerms],
    relations: list[CopyRelation],
    store: Store,
    cfg: FoldConfig,
    report: FoldReport,
) -> list[Decision]:
    """Group a batch's articles into stories (see :func:`storyfold.stories.cluster.group_batch`).

    ``terms`` are the articles' :class:`~storyfold.stories.stage.ArticleTerms`
    in :func:`~storyfold.stories.stage.story_order`. Vectors use the corpus'
    document frequencies, counted incrementally in the store. Stories a user
    split apart stay apart (see :mod:`storyfold.review.corrections`). Merges of
    known stories are applied first (members move to the surviving id, both
    stories' logs say so), then placements and story profiles.
    """
    scfg = cfg.stories
    ordered = story_order(articles)
    for t in terms:
        store.bump_term_df(t.features())
    n_docs = store.n_articles()
    df = store.term_df(features_of(terms))
    embeddings = None
    if scfg.semantic:
        emb = semantic.embed_articles([(a.title, a.text) for a in ordered])
        embeddings = {a.id: e for a, e in zip(ordered, emb, strict=True)}
    joining = joining_copies(relations, _relation_texts(relations, ordered, store))
    items = batch_items(terms, joining, df, n_docs, embeddings, scfg.semantic_weight)
    vectors = {it.article_id: it.vec for it in items}
    groups = StoreStoryGroups(store, known_df=df)
    result = group_batch(items, groups, scfg, apart=apart_stories(store))
    for m in result.merges:
        store.merge_story(m.absorbed, m.survivor, m.score, m.reason)
        store.log(m.survivor, "merged", f"{m.absorbed} ({m.reason}, score {m.score})")
        store.log(m.absorbed, "merged", f"into {m.survivor} ({m.reason}, score {m.score})")
    by_id = {a.id: a for a in ordered}
    for dec in result.decisions:
        art = by_id[dec.article_id]
        vec = vectors[art.id]
        store.add_story_member(
            art.id,
            dec.story_id,
            dec.score,
            dec.best_match,
            dec.via_copy,
            top_features(vec, scfg.top_terms),
            vec,
            max_postings=scfg.max_postings,
        )
        if store.upsert_story(dec.story_id, story_title(art)):
            report.stories_new += 1
            store.log(dec.story_id, "created", art.id)
        else:
            report.stories_extended += 1
            how = "copy" if dec.via_copy else f"best match {dec.best_match}, score {dec.score}"
            store.log(dec.story_id, "extended", f"{art.id} ({how})")
    for st in result.stats.values():
        store.save_story_stats(st)
    _refresh_titles(store, {d.story_id for d in result.decisions})
    return result.decisions


STORY_VECTORS = "story_vectors"
"""Store setting: which kind of vectors the store's stories were grouped with."""


def story_vectors_setting(cfg: StoryConfig) -> str:
    """The value of the :data:`STORY_VECTORS` setting a story configuration gives."""
    if not cfg.semantic:
        return "lexical"
    return f"semantic {semantic.MODEL} weight {cfg.semantic_weight:g}"


def check_story_vectors(store: Store, cfg: StoryConfig) -> None:
    """Refuse to mix lexical and semantic story vectors (or two embedding weights) in a store.

    A store grouped before the setting existed holds lexical vectors. With
    ``cfg.semantic`` the semantic extra must be installed.
    """
    if cfg.semantic:
        semantic.require()
    want = story_vectors_setting(cfg)
    have = store.setting(STORY_VECTORS)
    if have is None and store.has_story_vectors():
        have = "lexical"
    if have is not None and have != want:
        hint = "fold without --semantic" if have == "lexical" else "fold with --semantic"
        raise StoreError(
            f"{store.path}: its stories were grouped with {have!r} vectors, this fold uses "
            f"{want!r}; {hint}, or into a new --db"
        )
    store.check_setting(STORY_VECTORS, want)


def story_title(art: Article) -> str:
    """A story title from one article: its headline, else its first sentence (shortened)."""
    if art.title:
        return art.title
    first = next(iter(split_sentences(art.text)), art.text[:120])
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."


def _refresh_titles(store: Store, story_ids: set[str]) -> None:
    """Title each touched story after its earliest member that has a headline.

    One indexed query per story reads that headline only (no member texts).
    """
    for sid in sorted(story_ids):
        title = store.first_member_title(sid)
        if title:
            store.set_story_title(sid, title)
