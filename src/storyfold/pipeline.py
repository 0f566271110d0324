"""The embedded runner: inputs → documents → articles → copies → stories, into the store.

Stages are the pure functions of :mod:`storyfold.ingest`, :mod:`storyfold.clean`,
:mod:`storyfold.copies` and :mod:`storyfold.stories`; this module feeds them,
persists what they give in one transaction per batch, and counts what happened.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import xxhash

from .align.rewrite import RewriteConfig
from .align.stage import find_rewrites
from .clean import CleanConfig, clean_page, page_line_keys
from .copies import CopyConfig, classify, fingerprint_many, to_sqlite_int
from .errors import SkippedInput, StoreError
from .ingest.sources import IngestOptions, Notice, read_documents
from .model import Article, CopyRelation, Document
from .store import Store, StoreCopyIndex, StoreStoryGroups
from .stories import semantic
from .stories.cluster import BatchItem, group_batch
from .stories.corrections import apart_stories
from .stories.dates import anchor_day, date_lines
from .stories.features import article_features, hashed, years_named
from .stories.group import Decision, StoryConfig, Vector, sort_key, tfidf, top_features
from .text import split_sentences


@dataclass(slots=True, frozen=True)
class FoldConfig:
    """Every stage's settings in one place."""

    clean: CleanConfig = field(default_factory=CleanConfig)
    copies: CopyConfig = field(default_factory=CopyConfig)
    rewrites: RewriteConfig = field(default_factory=RewriteConfig)
    stories: StoryConfig = field(default_factory=StoryConfig)
    ingest: IngestOptions = field(default_factory=IngestOptions)
    batch_size: int = 500
    copy_max_postings: int = 50


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
        }


Progress = Callable[[str, int], None]


def line_hash(key: str) -> int:
    """The signed 64-bit hash under which a line key is counted in the store."""
    return to_sqlite_int(xxhash.xxh64_intdigest(key.encode("utf-8")))


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
    if group_stories:
        check_story_vectors(store, cfg.stories)
    report = FoldReport()
    batch: list[Document] = []
    seen: dict[str, str] = {}
    for item in read_documents(paths, cfg.ingest):
        if isinstance(item, SkippedInput):
            report.skipped.append(item)
            continue
        if isinstance(item, Notice):
            report.notices.append(item)
            continue
        report.documents_read += 1
        if progress:
            progress("read", 1)
        known = seen.get(item.content_hash) or store.document_with_content(item.content_hash)
        if known is not None:
            report.documents_known += 1
            report.document_ids.append(known)
            report.same_content.append((public_name(item), known))
            continue
        if store.has_document(item.id) or item.id in {d.id for d in batch}:
            where = item.path or item.id
            report.skipped.append(
                SkippedInput(
                    where,
                    f"document id {item.id!r} is already used by other content; give a new id",
                )
            )
            continue
        seen[item.content_hash] = item.id
        batch.append(item)
        if len(batch) >= cfg.batch_size:
            fold_batch(batch, store, cfg, report, group_stories=group_stories)
            batch = []
    if batch:
        fold_batch(batch, store, cfg, report, group_stories=group_stories)
    return report


def public_name(doc: Document) -> str:
    """How a document is named to users: a JSONL record's id, else its file path."""
    return doc.id if doc.kind == "jsonl" or not doc.path else doc.path


def fold_batch(
    docs: list[Document],
    store: Store,
    cfg: FoldConfig,
    report: FoldReport,
    *,
    group_stories: bool = True,
) -> None:
    """Clean, fingerprint, relate and group one batch of new documents in one transaction."""
    with store.transaction():
        articles = _clean_batch(docs, store, cfg, report)
        relations = _copy_stage(articles, store, cfg)
        relations += _rewrite_stage(articles, relations, store, cfg)
        for rel in relations:
            report.copies[rel.relation] += 1
        if group_stories:
            _story_stage(articles, relations, store, cfg, report)


def _clean_batch(
    docs: list[Document], store: Store, cfg: FoldConfig, report: FoldReport
) -> list[Article]:
    keys_per_doc = [{line_hash(k) for k in page_line_keys(d.text)} for d in docs]
    batch_df: Counter[int] = Counter(k for keys in keys_per_doc for k in keys)
    stored_df = store.line_df(list(batch_df))
    store.bump_line_df(batch_df.elements())

    def doc_freq(key: str) -> int:
        h = line_hash(key)
        return batch_df.get(h, 0) + stored_df.get(h, 0)

    out: list[Article] = []
    for doc in docs:
        arts = clean_page(
            doc.text,
            document_id=doc.id,
            title=doc.title,
            published=doc.published,
            site=doc.site,
            line_doc_freq=doc_freq,
            config=cfg.clean,
            extracted=doc.extracted,
        )
        arts = [a for a in arts if a.text.strip()]
        if not arts:
            report.skipped.append(SkippedInput(doc.path or doc.id, "no article text found"))
            continue
        store.add_document(doc)
        report.documents_new += 1
        report.document_ids.append(doc.id)
        for art in arts:
            store.add_article(art)
            for d in art.dropped:
                report.dropped[d.reason] += 1
        report.articles += len(arts)
        out.extend(arts)
    return out


def _copy_stage(articles: list[Article], store: Store, cfg: FoldConfig) -> list[CopyRelation]:
    index = StoreCopyIndex(store, cfg.copy_max_postings)
    fps = fingerprint_many([a.text for a in articles], cfg.copies)
    found: list[CopyRelation] = []
    for art, fp in zip(articles, fps, strict=True):
        for cand in sorted(index.candidates(fp)):
            other = store.fingerprint(cand)
            if other is None:
                continue
            rel = classify(art.id, fp, cand, other, cfg.copies)
            if rel is not None:
                store.add_copy(rel)
                found.append(rel)
        index.add(art.id, fp)
    return found


def _rewrite_stage(
    articles: list[Article], copies: list[CopyRelation], store: Store, cfg: FoldConfig
) -> list[CopyRelation]:
    """Find rewrites with :func:`storyfold.align.stage.find_rewrites`; store them and the keys."""
    result = find_rewrites(articles, copies, store, cfg.rewrites, per_key=cfg.copy_max_postings)
    for art in articles:
        store.add_rewrite_keys(art.id, result.keys[art.id])
    for rel in result.relations:
        store.add_copy(rel)
    return result.relations


def _story_stage(
    articles: list[Article],
    relations: list[CopyRelation],
    store: Store,
    cfg: FoldConfig,
    report: FoldReport,
) -> list[Decision]:
    """Group a batch's articles into stories (see :func:`storyfold.stories.cluster.group_batch`).

    Vectors use the corpus' document frequencies, counted incrementally in the
    store; each article is dated by its publication date, else its page's
    dateline. Stories a user split apart stay apart (see
    :mod:`storyfold.stories.corrections`). Merges of known stories are applied
    first (members move to the surviving id, both stories' logs say so), then
    placements and story profiles.
    """
    scfg = cfg.stories
    ordered = sorted(articles, key=lambda a: sort_key(a.published, a.id))
    lines = {a.id: date_lines(a) for a in ordered}
    bags = {a.id: article_features(a.title, a.text, date_lines=lines[a.id]) for a in ordered}
    counts = {aid: hashed(bag) for aid, bag in bags.items()}
    for idx, _ in counts.values():
        store.bump_term_df(int(i) for i in idx.tolist())
    n_docs = store.n_articles()
    copy_of: dict[str, set[str]] = {}
    for rel in relations:
        copy_of.setdefault(rel.a, set()).add(rel.b)
        copy_of.setdefault(rel.b, set()).add(rel.a)
    df = store.term_df(sorted({int(i) for idx, _ in counts.values() for i in idx.tolist()}))
    vectors = {a.id: tfidf(counts[a.id], df, n_docs) for a in ordered}
    if scfg.semantic:
        vectors = _with_embeddings(ordered, vectors, scfg.semantic_weight)
    items = [
        BatchItem(
            a.id,
            vectors[a.id],
            _ordinal(a, lines[a.id]),
            frozenset(copy_of.get(a.id, ())),
            frozenset(years_named(bags[a.id])),
        )
        for a in ordered
    ]
    result = group_batch(items, StoreStoryGroups(store), scfg, apart=apart_stories(store))
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
    row = store.db.execute("SELECT value FROM meta WHERE key = ?", (STORY_VECTORS,)).fetchone()
    have = row[0] if row else None
    if have is None and store.db.execute("SELECT 1 FROM story_vectors LIMIT 1").fetchone():
        have = "lexical"
    if have is not None and have != want:
        hint = "fold without --semantic" if have == "lexical" else "fold with --semantic"
        raise StoreError(
            f"{store.path}: its stories were grouped with {have!r} vectors, this fold uses "
            f"{want!r}; {hint}, or into a new --db"
        )
    store.check_setting(STORY_VECTORS, want)


def _with_embeddings(
    articles: list[Article], vectors: dict[str, Vector], weight: float
) -> dict[str, Vector]:
    """Each article's vector with the embedding of its title and lead joined in.

    Only this batch's articles are embedded (in one batched call); stored vectors
    already carry theirs.
    """
    emb = semantic.embed_articles([(a.title, a.text) for a in articles])
    return {
        a.id: semantic.join(vectors[a.id], e, weight) for a, e in zip(articles, emb, strict=True)
    }


def _ordinal(art: Article, lines: list[str]) -> int | None:
    """The day an article was written (publication date, else dateline) as an ordinal."""
    day = anchor_day(art.published, lines)
    return day.toordinal() if day else None


def story_title(art: Article) -> str:
    """A story title from one article: its headline, else its first sentence (shortened)."""
    if art.title:
        return art.title
    first = next(iter(split_sentences(art.text)), art.text[:120])
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."


def _refresh_titles(store: Store, story_ids: set[str]) -> None:
    """Title each touched story after its earliest member that has a headline."""
    for sid in story_ids:
        story = store.story(sid)
        arts = {a.id: a for a in store.articles(story.article_ids)}
        titled = [arts[i] for i in story.article_ids if i in arts and arts[i].title]
        if titled:
            store.db.execute("UPDATE stories SET title = ? WHERE id = ?", (titled[0].title, sid))
