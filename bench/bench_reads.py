"""Time the read commands on stores of 10k, 100k and 1M articles, and a fold into the largest.

Each store is built quickly (cached under ``bench/.cache/``) by writing, through
the store's own methods, the rows a fold leaves: documents and articles,
fingerprints with their copy keys, rewrite keys, story vectors with their
postings and term counts, memberships, story profiles and logs, planted copy
relations. Stories are generated (heavy-tailed sizes, 400 sites, dated); every
article takes 5 of its story's 10 sentences plus one of its own, and about one
in twenty is a near copy of its story's first article. Fingerprints (and so
the copy keys and relations) are computed from each text as the fold does;
to keep the build fast, a story's vector and rewrite keys are computed once
from its sentences and shared by its members (no per-article feature pass).
Every store holds the same large story (300 articles) and small story (3).
Stores above 100k articles are the 100k store replicated under new ids by bulk
SQL (1M = ten copies), which takes minutes instead of the hour a row-by-row
build of 1M takes on a shared machine. Each replica gets story features, copy
keys and rewrite keys of its own (so 1M holds ten times as many distinct
stories, as a real store would); ``--same-replicas`` keeps the base's features
and keys instead (every story ten times over, counts scaled), which inflates
the candidates of every new document that joins a stored story tenfold.

Timed as whole processes with ``/usr/bin/time`` (wall, CPU, peak RSS; medians
of ``--runs`` runs after one warm-up that also builds the stored accounts):
``storyfold stories`` (first page), ``storyfold show`` of the large and the
small story; then ``storyfold fold`` of 1,000 new generated JSONL documents
into a copy of the largest store and into an empty store, alternately, with
the ratio: once with 60 % of them joining stored stories (the fold then also
compares them with the stored members they share sentences with), once with
stories the store does not hold (what the store's size alone costs).

    .venv/bin/python bench/bench_reads.py                       # 10k, 100k, 1M
    .venv/bin/python bench/bench_reads.py --sizes 10000 --new 200
    .venv/bin/python bench/bench_reads.py --small               # seconds; self-checked by a test
    .venv/bin/python bench/bench_reads.py --sizes 1000000 --folds-only --fold-runs 3
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import xxhash

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
sys.path.insert(0, str(ROOT / "src"))

from storyfold.align.rewrite import prepared_sentences, sentence_keys  # noqa: E402
from storyfold.copies import CopyConfig, Fingerprint, classify, fingerprint_many, to_sqlite_ints  # noqa: E402
from storyfold.model import Article, Document  # noqa: E402
from storyfold.pipeline import STORY_VECTORS, FoldConfig  # noqa: E402
from storyfold.store import Store  # noqa: E402
from storyfold.stories.features import article_features, hashed  # noqa: E402
from storyfold.stories.group import StoryConfig, StoryStats, story_id_for  # noqa: E402
from storyfold.stories.profile import Profile  # noqa: E402
from storyfold.stories.sparse import tfidf, top_features  # noqa: E402

BUILD_LIMIT = 100_000
"""Larger stores are this one replicated (:func:`replicate`): the row-by-row build of
1M articles takes most of an hour on a shared machine, the replication minutes."""
FORMAT = 2  # bump when the generated rows change, so cached stores are rebuilt
SEED = 11
SITES = 400
DAY0 = date(2024, 1, 1)
FUNCTION = (
    "the a of to and in that for on with was said at by from has after were "
    "their about before its which would also over this".split()
)
SYLLABLES = "ka lo mi ne ru ta vo si de pa gu ri zo le ma no fi te bu sa ko li ve da ro".split()


def _add_fingerprint(store: Store, article_id: str, fp: Fingerprint, cap: int) -> None:
    """Store a fingerprint and post its keys as the fold's copy stage does (cap on sentences)."""
    bands = to_sqlite_ints(fp.band_keys)
    sents = to_sqlite_ints(fp.sentence_keys)
    held = store.copy_key_counts(sents)
    usable = [k for k in sents if held.get(k, 0) < cap]
    store.add_fingerprints(
        [(article_id, fp)],
        [(k, article_id) for k in bands],
        [(k, article_id) for k in usable],
        sents,
    )


def _word(rng: random.Random, lo: int = 2, hi: int = 4) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(lo, hi)))


def _sentence(rng: random.Random, words: list[str], names: list[str]) -> str:
    out = []
    for _ in range(rng.randint(14, 22)):
        r = rng.random()
        out.append(
            rng.choice(FUNCTION)
            if r < 0.45
            else rng.choice(names)
            if r < 0.55
            else rng.choice(words)
        )
    return out[0].capitalize() + " " + " ".join(out[1:]) + "."


class Template:
    """One generated story: title, ten sentences, names, day; the same for a seed and index."""

    def __init__(self, k: int, n_stories: int) -> None:
        rng = random.Random(f"{SEED}:{k}")
        self.k = k
        words = [_word(rng) for _ in range(30)]
        self.names = [_word(rng, 2, 3).capitalize() for _ in range(5)]
        self.sentences = [_sentence(rng, words, self.names) for _ in range(10)]
        self.title = " ".join([self.names[0], *rng.sample(words, 6)]).capitalize()
        self.day = DAY0 + timedelta(days=k * 700 // max(n_stories, 1))
        self.words = words

    def article(self, rng: random.Random) -> str:
        """An article: five of the story's sentences (in story order) and one of its own."""
        picks = sorted(rng.sample(range(10), 5))
        own = _sentence(rng, self.words, self.names)
        body = [self.sentences[i] for i in picks]
        body.insert(rng.randint(1, 5), own)
        return "\n\n".join(body)


def story_sizes(n: int, large: int) -> list[int]:
    """Story sizes summing to ``n``: one large, one of 3, then heavy-tailed (at most 200)."""
    rng = random.Random(SEED)
    sizes = [large, 3]
    total = large + 3
    cap = min(200, large - 1)
    while total < n:
        s = min(int(rng.paretovariate(1.1)), cap, n - total)
        sizes.append(s)
        total += s
    return sizes


def build(path: Path, n: int, large: int) -> None:
    """Write a store of ``n`` articles as a fold would leave it (see the module docstring)."""
    sizes = story_sizes(n, large)
    copies, scfg = CopyConfig(), StoryConfig()
    cfg = FoldConfig()
    with Store(path) as store:
        store.db.execute("PRAGMA cache_size = -1500000")  # 1.5 GB: the build inserts at random
        store.check_setting("copy_fingerprints", copies.fingerprint_key)
        store.check_setting(STORY_VECTORS, "lexical")
        pending: list[tuple[Template, int]] = []
        count = 0
        for k, size in enumerate(sizes):
            pending.append((Template(k, len(sizes)), size))
            count += size
            if count >= 3000 or k == len(sizes) - 1:
                with store.transaction():
                    for tpl, sz in pending:
                        _write_story(store, tpl, sz, copies, scfg, cfg.copy_max_postings)
                pending, count = [], 0


def _write_story(
    store: Store, tpl: Template, size: int, copies: CopyConfig, scfg: StoryConfig, cap: int
) -> None:
    rng = random.Random(f"{SEED}:{tpl.k}:articles")
    text0 = "\n\n".join(tpl.sentences)
    vec = tfidf(hashed(article_features(tpl.title, text0)), {}, 1)
    feats = top_features(vec, scfg.top_terms)
    sent_keys: dict[int, set[int]] = {}

    def keys_of(j: int) -> set[int]:
        if j not in sent_keys:
            sent_keys[j] = sentence_keys(prepared_sentences(tpl.sentences[j]))
        return sent_keys[j]

    texts = []
    for i in range(size):
        if i and rng.random() < 0.05:  # a near copy of the story's first article
            texts.append(texts[0] + "\n\nUpdated with a correction.")
        else:
            texts.append(tpl.article(rng))
    fps = fingerprint_many(texts, copies)
    sid = story_id_for(f"b{tpl.k}#0")
    prof: Profile | None = None
    days = []
    for i, (text, fp) in enumerate(zip(texts, fps, strict=True)):
        doc_id = f"b{tpl.k}" if i == 0 else f"b{tpl.k}-{i}"
        aid = f"{doc_id}#0"
        day = tpl.day + timedelta(days=rng.randint(0, 3))
        days.append(day.toordinal())
        site = f"site{rng.randrange(SITES)}.example"
        raw = json.dumps({"id": doc_id, "title": tpl.title, "text": text, "source": site})
        published = day.isoformat()
        store.add_document(
            Document(
                doc_id,
                xxhash.xxh3_128_hexdigest(raw.encode()),
                "jsonl",
                text,
                "gen.jsonl",
                None,
                site,
                tpl.title,
                None,
                published,
            )
        )
        store.add_article(Article(aid, doc_id, 0, text, tpl.title, published, site))
        _add_fingerprint(store, aid, fp, cap)
        keys = set().union(*(keys_of(j) for j, s in enumerate(tpl.sentences) if s in text))
        store.add_rewrite_keys(aid, keys)
        store.bump_term_df(int(x) for x in vec[0].tolist())
        copy = i > 0 and text.startswith(texts[0])
        if copy:
            rel = classify(aid, fp, f"b{tpl.k}#0", fps[0], copies)
            if rel is not None:
                store.add_copy(rel)
        best = None if i == 0 else f"b{tpl.k}#0"
        score = 1.0 if i == 0 else 0.4
        store.add_story_member(aid, sid, score, best, copy, feats, vec, scfg.max_postings)
        if store.upsert_story(sid, tpl.title):
            store.log(sid, "created", aid)
        else:
            store.log(sid, "extended", f"{aid} (best match {best}, score 0.4)")
        one = Profile.of(vec)
        prof = one if prof is None else prof.merged(one)
    assert prof is not None
    stats = StoryStats(sid, prof.truncated(scfg.story_features), min(days), max(days), 0)
    store.save_story_stats(stats)


# Replication of a built store under new ids (see :func:`replicate`): per table, the
# columns as selected from the base, ``T(x)`` giving an article id its replica's suffix,
# ``X(x)`` giving a story feature or an index key its replica's own value (distinct
# replicas), ``:o`` offsetting the postings' sequence.
_REPLICA = {
    "documents": "id || :s, content_hash || :s, kind, path, url, site, title, author, "
    "published, text, added_at, text_from",
    "articles": "T(id), document_id || :s, position, title, text, published, site, language",
    "fingerprints": "T(article_id), norm_hash || :s, n_tokens, shingles, signature, band_keys, "
    "sentence_keys",
    "copy_keys": "kind, X(key), T(article_id)",
    "copies": "T(a), T(b), relation, similarity, containment",
    "rewrite_keys": "X(key), seq + :r, T(article_id)",
    "story_vectors": "T(article_id), idx, w",
    "story_postings": "X(feature), seq + :o, T(article_id)",
    "stories": "id || :s, title, created, updated",
    "story_members": "T(article_id), story_id || :s, score, T(best_match), via_copy, added_at",
    "story_stats": "story_id || :s, n, pair_sum, idx, s, q, c, first_day, last_day, years",
}
_COUNTS = {"term_df": "feature", "copy_key_df": "key"}


def _replica_mask(k: int) -> int:
    """A signed 64-bit value whose XOR gives replica ``k`` its own features and keys."""
    return xxhash.xxh64_intdigest(f"replica {k}".encode()) - (1 << 63)


def replicate(base: Path, path: Path, times: int, distinct: bool = True) -> None:
    """A store ``times`` the size of ``base``: its rows again under suffixed ids.

    Much faster than :func:`build` for the largest store (bulk SQL instead of a row-by-row
    write). With ``distinct`` every replica's story features, copy keys and rewrite keys
    (and their counts) are its own (the base's XOR a per-replica mask), as another set of
    stories would have: a new document matching a stored story finds that story once, as
    in a store of distinct stories. Otherwise the replicas share the base's features and
    keys (counts scaled), so such a document finds ``times`` copies of each candidate.
    (Stored vectors, profiles and fingerprint blobs keep the base's values either way.)
    """
    shutil.copyfile(base, path)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA cache_size = -1500000")
    db.execute("ATTACH DATABASE ? AS base", (str(base),))
    last, last_r = (
        int(db.execute("SELECT value FROM base.meta WHERE key = ?", (k,)).fetchone()[0])
        for k in ("posting_seq", "rewrite_seq")
    )
    xor = r"((\1 | :m) & ~(\1 & :m))" if distinct else r"\1"
    for k in range(1, times):
        params = {
            "s": f"-r{k}",
            "m": _replica_mask(k) if distinct else 0,
            "o": k * last,
            "r": k * last_r,
        }
        db.execute("BEGIN")
        for table, cols in _REPLICA.items():
            sql = re.sub(r"T\((\w+)\)", r"replace(\1, '#', :s || '#')", cols)
            sql = re.sub(r"X\((\w+)\)", xor, sql)
            db.execute(f"INSERT INTO {table} SELECT {sql} FROM base.{table}", params)
        db.execute(
            "INSERT INTO story_log (at, story_id, event, detail) "
            "SELECT at, story_id || :s, event, detail FROM base.story_log",
            params,
        )
        if distinct:
            for table, col in _COUNTS.items():
                x = re.sub(r"X\((\w+)\)", xor, f"X({col})")
                db.execute(f"INSERT INTO {table} SELECT {x}, n FROM base.{table}", params)
        db.execute("COMMIT")
    if not distinct:
        for table in _COUNTS:
            db.execute(f"UPDATE {table} SET n = n * ?", (times,))
    for key, n in (("posting_seq", last), ("rewrite_seq", last_r)):
        db.execute("UPDATE meta SET value = ? WHERE key = ?", (str(times * n), key))
    db.execute("DELETE FROM story_accounts")
    db.close()


def new_documents(
    path: Path, count: int, n_stories: int, sizes: list[int], joining: bool = True
) -> Path:
    """``count`` new JSONL documents; with ``joining`` 60 % join stored stories (big ones more
    often), otherwise every one tells a story the store does not hold."""
    rng = random.Random(f"{SEED}:new")
    weights = list(sizes)
    with path.open("w", encoding="utf-8") as fh:
        for j in range(count):
            joins = joining and j % 5 < 3
            k = rng.choices(range(len(sizes)), weights=weights)[0] if joins else n_stories + j
            tpl = Template(k, n_stories)
            rec = {
                "id": f"new-{j}",
                "title": tpl.title,
                "text": tpl.article(rng),
                "published": (tpl.day + timedelta(days=2)).isoformat(),
                "source": f"site{rng.randrange(SITES)}.example",
            }
            fh.write(json.dumps(rec) + "\n")
    return path


def timed(args: list[str]) -> tuple[float, float, float, str]:
    """(wall s, CPU s, peak RSS MB, stdout) of one whole process."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        cmd = ["/usr/bin/time", "-o", tf.name, "-f", "%e %U %S %M", *args]
        t0 = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t0
        if out.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({out.returncode}): {out.stderr[-800:]}")
        _, user, system, rss = Path(tf.name).read_text().split()[-4:]
    return wall, float(user) + float(system), int(rss) / 1024, out.stdout


def median_of(args: list[str], runs: int) -> tuple[float, float, float, str]:
    """Medians over ``runs`` runs after one warm-up (the warm-up's output is returned)."""
    first = timed(args)
    rows = [timed(args) for _ in range(runs)]
    return (
        statistics.median(r[0] for r in rows),
        statistics.median(r[1] for r in rows),
        max(r[2] for r in rows),
        first[3],
    )


def cached_store(n: int, large: int, cache: Path = CACHE, distinct: bool = True) -> Path:
    """The store of ``n`` articles, built once and kept in ``cache`` (bench/.cache/).

    Above :data:`BUILD_LIMIT` a replicated store, of distinct replicas unless not
    ``distinct`` (see :func:`replicate`).
    """
    cache.mkdir(exist_ok=True)
    replicated = n > BUILD_LIMIT and n % BUILD_LIMIT == 0
    same = "-same" if replicated and not distinct else ""
    path = cache / f"reads-{n}-{large}-v{FORMAT}{same}.db"
    if not path.exists():
        t0 = time.perf_counter()
        tmp = path.with_suffix(".building")
        tmp.unlink(missing_ok=True)
        if replicated:
            base = cached_store(BUILD_LIMIT, large, cache)
            replicate(base, tmp, n // BUILD_LIMIT, distinct)
        else:
            build(tmp, n, large)
        tmp.rename(path)
        print(f"built {path.name}: {n:,} articles in {time.perf_counter() - t0:.0f} s",
              file=sys.stderr)  # fmt: skip
    return path


def _fold_pair(
    exe: str, tmp: Path, store: Path, n: int, args: argparse.Namespace, joining: bool
) -> None:
    """Fold the new documents into a copy of ``store`` and into an empty store, alternately."""
    sizes = story_sizes(min(n, BUILD_LIMIT) if n % BUILD_LIMIT == 0 else n, args.large)
    kind = "60 % joining stored stories" if joining else "all new stories"
    src = new_documents(tmp / "new.jsonl", args.new, len(sizes), sizes, joining)
    full: list[tuple[float, float, float, str]] = []
    empty: list[tuple[float, float, float, str]] = []
    for _ in range(args.fold_runs):
        for target, rows in ((tmp / "full.db", full), (tmp / "empty.db", empty)):
            target.unlink(missing_ok=True)
            if rows is full:
                shutil.copyfile(store, target)
            rows.append(timed([exe, "fold", str(src), "--db", str(target), "-q"]))
    print(f"fold {args.new:,} new documents, {kind}:")
    for label, rows in ((f"into {n:,}", full), ("into empty", empty)):
        wall = statistics.median(r[0] for r in rows)
        cpu = statistics.median(r[1] for r in rows)
        rss = max(r[2] for r in rows)
        print(f"{'':>10} {'fold ' + label:<24} {wall:>7.3f} {cpu:>7.3f} {rss:>8.1f}")
    ratios = [a[1] / b[1] for a, b in zip(full, empty, strict=True)]
    walls = [a[0] / b[0] for a, b in zip(full, empty, strict=True)]
    print(
        f"fold into {n:,} / into empty ({kind}): CPU {statistics.median(ratios):.2f}x, "
        f"wall {statistics.median(walls):.2f}x (median of {len(ratios)} side-by-side pairs)",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--new", type=int, default=1000, help="documents folded into the stores")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--fold-runs", type=int, default=3)
    ap.add_argument("--large", type=int, default=300, help="articles of the large story")
    ap.add_argument("--small", action="store_true", help="a quick run (1k and 3k articles)")
    ap.add_argument("--cache", type=Path, default=CACHE, help="where the stores are kept")
    ap.add_argument(
        "--same-replicas",
        action="store_true",
        help="replicas above 100k share the base's features and keys (every story ten times)",
    )
    ap.add_argument("--folds-only", action="store_true", help="skip the read commands")
    args = ap.parse_args(argv)
    if args.small:
        args.sizes, args.new, args.runs, args.fold_runs, args.large = "1000,3000", 40, 1, 1, 20
    sizes = [int(x) for x in args.sizes.split(",")]
    exe = str(Path(sys.executable).with_name("storyfold"))
    big_id, small_id = story_id_for("b0#0"), story_id_for("b1#0")
    print(f"{'store':>10} {'command':<24} {'wall s':>7} {'cpu s':>7} {'peak MB':>8}")
    distinct = not args.same_replicas
    for n in [] if args.folds_only else sizes:
        db = str(cached_store(n, args.large, args.cache, distinct))
        for label, cmd in (
            ("stories (first page)", ["stories", "--db", db]),
            (f"show large ({args.large})", ["show", big_id, "--db", db]),
            ("show small (3)", ["show", small_id, "--db", db]),
        ):
            wall, cpu, rss, out = median_of([exe, *cmd], args.runs)
            if label.startswith("stories") and big_id not in out:
                raise SystemExit(f"{n}: the large story {big_id} is not on the first page")
            print(f"{n:>10,} {label:<24} {wall:>7.3f} {cpu:>7.3f} {rss:>8.1f}", flush=True)
    n = max(sizes)
    with tempfile.TemporaryDirectory() as tmp:
        for joining in (True, False):
            store = cached_store(n, args.large, args.cache, distinct)
            _fold_pair(exe, Path(tmp), store, n, args, joining)
    return 0


if __name__ == "__main__":
    sys.exit(main())
