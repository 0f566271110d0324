"""Copy detection benchmark: storyfold against datasketch and rensa, end to end on one core.

A seeded generator makes a news-like corpus: ~4 KB documents (a title line,
paragraphs of sentences of varying length, commas, quotes with attribution,
numbers; a quarter of the documents use typographic quotes and dashes) over a
Zipfian vocabulary of 50,000 pseudo-words, a few of them accented. Into it it
plants, each from a different earlier document:

* near-duplicates: the source with 0-18 word edits (substitutions, deletions,
  insertions; no edit means a copy with other case, spacing or quotes);
* contained copies: a run of sentences covering 30-60% of the source, half of
  them with a sentence or two of new text around it;
* rewrites: the source's sentences with 35-60% of the words substituted
  (related texts that are not copies: they must come out as nothing).

Every document is a function of ``(seed, index)`` alone, so a document can be
generated again at any time: the 1M run streams documents and regenerates a
candidate's text for verification instead of keeping it.

Each system runs alone in a child process (so its peak RSS is its own), on the
same texts, from text to verified relations, in one process with one thread:

* storyfold: ``find_copies`` (fingerprint, index, verify with ``classify``);
* datasketch: ``MinHash`` (128 permutations, ``update_batch``) and
  ``MinHashLSH`` with storyfold's bands x rows;
* rensa: ``RMinHash`` (96 permutations: 16 bands x 6 rows, rensa needs
  ``num_perm`` divisible by the bands) and ``RMinHashLSH``.

The baselines shingle the usual Python way, ``" ".join(words[i:i+5])`` per
shingle over ``re.findall(r"\\w+", text.lower())`` (the same words storyfold
sees), and verify each LSH candidate on the exact shingle sets with the same
rules as storyfold (``near`` at Jaccard >= threshold, ``contained`` at
containment of the smaller set >= the containment threshold), recomputing the
earlier text's shingles from the in-memory corpus; storyfold is given the same
corpus through ``text_of`` and keeps no shingles either.

Scores use the exact Jaccard similarity of the planted pairs' word 5-gram sets:
recall and precision on planted pairs with Jaccard >= 0.8 (relations ``exact``
or ``near``), recall on planted contained copies (any copy relation between
the excerpt and its source), and the count of relations between unrelated
documents or rewrites. Speed is documents (and MB of UTF-8 text) per second of
the child's CPU time (the wall time is printed too; it is longer when the
machine is shared). Peak RSS is the child's ``ru_maxrss``; "+RSS" subtracts the
RSS it had after generating the corpus, so it is what the system itself used.

    python bench/bench_dedup.py --quick            # 10,000 documents
    python bench/bench_dedup.py                    # 100,000 documents
    python bench/bench_dedup.py --docs 1000000 --only storyfold
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SYSTEMS = ("storyfold", "datasketch", "rensa")
BASE, NEAR, CONTAINED, REWRITE = 0, 1, 2, 3
KIND_NAMES = {BASE: "base", NEAR: "near", CONTAINED: "contained", REWRITE: "rewrite"}
SHINGLE = 5
THRESHOLD = 0.8

# ---- a counter-based random stream: every document depends on (seed, index) only ----------
_MASK = (1 << 64) - 1
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_GOLDEN = 0x9E3779B97F4A7C15


def _mix_int(x: int) -> int:
    """splitmix64 finaliser on a Python int."""
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


class Stream:
    """Deterministic 64-bit random numbers: splitmix64 over a counter (same on every platform)."""

    __slots__ = ("state",)

    def __init__(self, *key: int) -> None:
        state = 0x243F6A8885A308D3
        for k in key:
            state = _mix_int(state ^ (k & _MASK))
        self.state = state

    def u64(self, n: int) -> np.ndarray:
        """Return ``n`` random uint64 values."""
        x = np.arange(1, n + 1, dtype=np.uint64) * np.uint64(_GOLDEN)
        x += np.uint64(self.state)
        self.state = (self.state + n * _GOLDEN) & _MASK
        x ^= x >> np.uint64(30)
        x *= _M1
        x ^= x >> np.uint64(27)
        x *= _M2
        x ^= x >> np.uint64(31)
        return x

    def below(self, n: int, bound: int) -> np.ndarray:
        """Return ``n`` random ints in ``[0, bound)``."""
        return ((self.u64(n) >> np.uint64(32)) * np.uint64(bound) >> np.uint64(32)).astype(np.int64)

    def unit(self, n: int) -> np.ndarray:
        """Return ``n`` random floats in ``[0, 1)``."""
        return (self.u64(n) >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))


# ---- the vocabulary ----------------------------------------------------------------------
_SYLLABLES = (
    "ka ro mi ne tu sa lo pe vi da ri go ma te ul bre tor sen fa lin osk wel dar mun pri esh "
    "gal von ter bi an el is or un ca de fi ho ju le mo nu pa qui ra si ti ve wa xe yo za ber "
    "cor dan fel gar hin jor kal mer nor pol ras sul tam ven wil yor zen bar"
).split()
_ACCENTS = "éüñøåçíá"
_TABLE_BITS = 20


class Vocab:
    """A Zipfian vocabulary of pseudo-words: frequent words are short, rare ones long."""

    def __init__(self, size: int = 50_000, seed: int = 0, exponent: float = 1.0) -> None:
        st = Stream(seed, 0xB0CAB)
        rank = np.arange(1, size + 1)
        syllables = np.clip(
            (1 + np.log10(rank) * 0.55 + st.unit(size) * 0.9).astype(int), 1, 4
        ).tolist()
        words: list[str] = []
        seen: set[str] = set()
        for n in syllables:
            while True:
                picks = st.below(n, len(_SYLLABLES)).tolist()
                word = "".join(_SYLLABLES[p] for p in picks)
                if word not in seen:
                    break
                n += 1 if st.unit(1)[0] < 0.2 else 0
            seen.add(word)
            words.append(word)
        accented = np.flatnonzero(st.unit(size) < 0.001)
        for i in accented[accented >= 5000].tolist():
            w = words[i]
            at = int(st.below(1, len(w))[0])
            words[i] = w[:at] + _ACCENTS[int(st.below(1, len(_ACCENTS))[0])] + w[at + 1 :]
        self.words = words
        self.word_array = np.array(words, dtype=object)
        self.cap = [w.capitalize() for w in words]
        self.comma = [w + "," for w in words]
        self.stop = [w + "." for w in words]
        weights = 1.0 / rank**exponent
        cdf = np.cumsum(weights / weights.sum())
        grid = (np.arange(1 << _TABLE_BITS) + 0.5) / (1 << _TABLE_BITS)
        self.table = np.minimum(np.searchsorted(cdf, grid), size - 1)
        # Log-normal sentence lengths (median 20 words), by Box-Muller on the stream.
        u1, u2 = st.unit(4096), st.unit(4096)
        normal = np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)
        lengths = np.exp(3.0 + 0.5 * normal)
        self.sentence_lengths = np.sort(np.clip(lengths.astype(int), 4, 60))

    def draw(self, u: np.ndarray) -> np.ndarray:
        """Return word ids for random uint64 values (the top 20 bits pick the word)."""
        return self.table[(u >> np.uint64(64 - _TABLE_BITS)).astype(np.int64)]


# ---- documents ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Quotes:
    """A document's quote and dash style."""

    open: str
    close: str
    dash: str


ASCII_STYLE = Quotes('"', '"', " - ")
TYPO_STYLE = Quotes("\u201c", "\u201d", " \u2014 ")


def _sentences(v: Vocab, st: Stream, n_words: int) -> list[list[str]]:
    """Return random sentences (lists of words with punctuation) of about ``n_words`` words."""
    lengths = v.sentence_lengths[st.below(max(8, n_words // 8), 4096)]
    ends = np.cumsum(lengths)
    count = int(np.searchsorted(ends, n_words)) + 1
    lengths = lengths[:count]
    total = int(lengths.sum())
    u = st.u64(total)
    id_array = v.draw(u)
    ids = id_array.tolist()
    low = (u & np.uint64(0xFFFF)).astype(np.int64)
    words = v.word_array[id_array].tolist()
    for p in np.flatnonzero(low < 4000).tolist():  # ~6% commas
        words[p] = v.comma[ids[p]]
    numbers = np.flatnonzero((low >= 4000) & (low < 5000)).tolist()  # ~1.5% numbers
    for p in numbers:
        x = int(u[p] >> np.uint64(40))
        words[p] = (f"{x % 90 + 1},{x % 1000:03d}", f"{x % 2030}", f"{x % 10}.{x % 7}")[x % 3]
    out = []
    start = 0
    for n in lengths.tolist():
        sentence = words[start : start + n]
        sentence[0] = v.cap[ids[start]] if sentence[0] == v.words[ids[start]] else sentence[0]
        last = sentence[-1].rstrip(",")
        sentence[-1] = last + "."
        out.append(sentence)
        start += n
    return out


def _render(title: str, sentences: list[list[str]], st: Stream, style: Quotes) -> str:
    """Join sentences into paragraphs of 1-3 sentences under a title; some become quotes."""
    marks = st.below(2 * len(sentences) + 2, 100).tolist()
    paragraphs: list[str] = []
    current: list[str] = []
    for k, words in enumerate(sentences):
        text = " ".join(words)
        if marks[2 * k] < 12 and len(words) > 4:  # a quote with attribution
            speaker = words[1].rstrip(",.").lower()
            text = f"{style.open}{text[:-1]},{style.close} {speaker} said."
        elif marks[2 * k] < 16 and len(words) > 8:
            half = len(words) // 2
            text = " ".join(words[:half]) + style.dash + " ".join(words[half:])
        current.append(text)
        if marks[2 * k + 1] < 45 or k == len(sentences) - 1:
            paragraphs.append(" ".join(current))
            current = []
    return title + "\n" + "\n".join(paragraphs)


def _title(v: Vocab, st: Stream) -> str:
    """Return a title of 5-11 capitalised words."""
    n = 5 + int(st.below(1, 7)[0])
    return " ".join(v.cap[i] for i in v.draw(st.u64(n)).tolist())


@dataclass(frozen=True)
class Plan:
    """What each document is: its kind and, for planted copies, its source index."""

    kind: np.ndarray
    source: np.ndarray


class Corpus:
    """The benchmark corpus: ``n`` documents, each generated from ``(seed, index)``."""

    def __init__(self, n: int, seed: int = 7, planted: float = 0.05) -> None:
        self.n = n
        self.seed = seed
        self.vocab = Vocab(seed=seed)
        self.plan = self._plan(n, planted)

    def _plan(self, n: int, planted: float) -> Plan:
        """Choose which documents are planted copies (2:2:1 near, contained, rewrite).

        Document ``i``'s kind and source depend on ``(seed, i)`` and the documents
        before it only, so a shorter corpus is a prefix of a longer one.
        """
        u = Stream(self.seed, 0x9147).unit(n)
        kind = np.full(n, BASE, dtype=np.int8)
        derived = np.flatnonzero(u < planted)
        derived = derived[derived >= 20]
        choice = (u[derived] / planted * 5).astype(int)
        kind[derived] = np.array([NEAR, NEAR, CONTAINED, CONTAINED, REWRITE])[choice]
        source = np.full(n, -1, dtype=np.int64)
        used: set[int] = set()
        for i in derived.tolist():
            st = Stream(self.seed, i, 3)
            while True:  # a base document before i, not used as a source yet
                picks = [p % i for p in st.u64(16).tolist()]
                fresh = [j for j in picks if kind[j] == BASE and j not in used]
                if fresh:
                    break
            used.add(fresh[0])
            source[i] = fresh[0]
        return Plan(kind, source)

    def __len__(self) -> int:
        return self.n

    def base_text(self, i: int) -> str:
        """Return base document ``i`` (also the source text of a planted copy)."""
        st = Stream(self.seed, i, 1)
        style = TYPO_STYLE if st.unit(1)[0] < 0.25 else ASCII_STYLE
        n_words = 560 + int(st.below(1, 200)[0])
        title = _title(self.vocab, st)
        return _render(title, _sentences(self.vocab, st, n_words), st, style)

    def text(self, i: int) -> str:
        """Return document ``i``."""
        kind = int(self.plan.kind[i])
        if kind == BASE:
            return self.base_text(i)
        source = self.base_text(int(self.plan.source[i]))
        st = Stream(self.seed, i, 2)
        if kind == NEAR:
            return _edit(self.vocab, st, source, int(st.below(1, 19)[0]))
        if kind == CONTAINED:
            return _excerpt(self.vocab, st, source)
        return _rewrite(self.vocab, st, source, 0.35 + 0.25 * float(st.unit(1)[0]))

    def items(self) -> Iterator[tuple[str, str]]:
        """Yield ``(id, text)`` for every document, in order."""
        for i in range(self.n):
            yield str(i), self.text(i)

    def planted(self) -> Iterator[tuple[int, int, int]]:
        """Yield ``(kind, source, copy)`` for every planted document."""
        for i in np.flatnonzero(self.plan.kind != BASE).tolist():
            yield int(self.plan.kind[i]), int(self.plan.source[i]), i


def _edit(v: Vocab, st: Stream, text: str, edits: int) -> str:
    """Return ``text`` with ``edits`` word edits; with none, a reformatted exact copy."""
    lines = text.split("\n")
    if edits == 0:
        choice = int(st.below(1, 3)[0])
        if choice == 0:
            return text.upper()
        if choice == 1:
            return "\n\n".join("  " + line for line in lines)
        return text.replace('"', "\u201c").replace(" - ", " \u2013 ")
    words = text.split(" ")
    picks = st.u64(3 * edits)
    for a, b, c in picks.reshape(-1, 3).tolist():
        at = a % len(words)
        op = b % 3
        new = v.words[int(v.draw(np.array([c], dtype=np.uint64))[0])]
        if op == 0:  # substitute, keeping the punctuation around the word
            old = words[at]
            m = re.match(r"^(\W*)[\w'’]*(\W*)$", old, re.S)
            words[at] = (m.group(1) + new + m.group(2)) if m else new
        elif op == 1 and len(words) > 10 and "\n" not in words[at]:
            del words[at]
        else:
            words.insert(at, new)
    return " ".join(words)


def _excerpt(v: Vocab, st: Stream, text: str) -> str:
    """Return a run of sentences covering 30-60% of ``text``, maybe with new text around it."""
    body = text.split("\n")[1:]
    sentences = [s for line in body for s in re.split(r"(?<=[.!?])\s+", line) if s]
    total = sum(len(s.split()) for s in sentences)
    share = 0.3 + 0.3 * float(st.unit(1)[0])
    start = int(st.below(1, max(1, len(sentences) // 2))[0])
    picked: list[str] = []
    words = 0
    for s in sentences[start:]:
        if words >= share * total:
            break
        picked.append(s)
        words += len(s.split())
    r = st.below(3, 100).tolist()
    extra: list[str] = []
    if r[0] < 50:
        extra = [" ".join(w) for w in _sentences(v, st, 8 + r[1] % 30)]
    paragraphs = extra + picked if r[2] < 50 else picked + extra
    return "\n".join(paragraphs)


def _rewrite(v: Vocab, st: Stream, text: str, rate: float) -> str:
    """Return ``text`` with a share ``rate`` of its words substituted."""
    words = text.split(" ")
    u = st.u64(len(words))
    swap = np.flatnonzero((u & np.uint64(0xFFFF)).astype(np.int64) < int(rate * 65536))
    new = v.draw(u[swap]).tolist()
    for at, w in zip(swap.tolist(), new, strict=True):
        old = words[at]
        m = re.match(r"^(\W*)[\w'’]*(\W*)$", old, re.S)
        words[at] = (m.group(1) + v.words[w] + m.group(2)) if m else v.words[w]
    return " ".join(words)


# ---- reference shingles and verification (the baselines' way) -----------------------------
_WORD = re.compile(r"\w+")


def python_shingles(text: str) -> list[str]:
    """Return the usual Python word 5-gram shingles of ``text`` (one string each)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]


def jaccard_containment(a: set[str], b: set[str]) -> tuple[float, float]:
    """Return ``(jaccard, containment of the smaller set in the larger)``."""
    common = len(a & b)
    union = len(a) + len(b) - common
    return (common / union if union else 1.0), (common / min(len(a), len(b)) if a and b else 0.0)


def verify(a: set[str], b: set[str], containment: float) -> str | None:
    """Classify a candidate pair on exact shingle sets with storyfold's rules."""
    j, c = jaccard_containment(a, b)
    if j >= THRESHOLD:
        return "near"
    if c >= containment:
        return "contained"
    return None


# ---- the systems ---------------------------------------------------------------------------
Found = list[tuple[int, int, str]]


def run_storyfold(items: Iterator[tuple[str, str]], text_of: Callable[[str], str]) -> Found:
    """storyfold's ``find_copies``: fingerprint, index, verify; shingles recomputed via text_of."""
    from storyfold.copies import CopyConfig, find_copies

    found = []
    for rel in find_copies(items, CopyConfig(), text_of=text_of):
        found.append((int(rel.a), int(rel.b), rel.relation))
    return found


def run_datasketch(texts: list[str], containment: float) -> Found:
    """datasketch MinHash + MinHashLSH on Python shingles, candidates verified exactly."""
    from datasketch import MinHash, MinHashLSH

    from storyfold.copies import CopyConfig

    cfg = CopyConfig()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=cfg.num_perm, params=(cfg.n_bands, cfg.n_rows))

    def signature(shingles: list[str]) -> MinHash:
        m = MinHash(num_perm=cfg.num_perm)
        m.update_batch([s.encode("utf-8") for s in shingles])
        return m

    return _query_then_insert(texts, containment, lsh, signature)


def run_rensa(texts: list[str], containment: float) -> Found:
    """rensa RMinHash + RMinHashLSH on Python shingles, candidates verified exactly."""
    from rensa import RMinHash, RMinHashLSH

    from storyfold.copies import CopyConfig

    cfg = CopyConfig()
    num_perm = cfg.n_bands * cfg.n_rows
    lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=num_perm, num_bands=cfg.n_bands)

    def signature(shingles: list[str]) -> RMinHash:
        m = RMinHash(num_perm=num_perm, seed=cfg.seed)
        m.update(shingles)
        return m

    return _query_then_insert(texts, containment, lsh, signature)


def _query_then_insert(
    texts: list[str], containment: float, lsh: Any, signature: Callable[[list[str]], Any]
) -> Found:
    """The LSH loop both libraries run: query each text's signature, verify, then insert it."""
    found = []
    for i, text in enumerate(texts):
        shingles = python_shingles(text)
        m = signature(shingles)
        mine = set(shingles)
        for j in lsh.query(m):
            kind = verify(mine, set(python_shingles(texts[j])), containment)
            if kind:
                found.append((j, i, kind))
        lsh.insert(i, m)
    return found


def _rss_kb() -> int:
    """Return the current resident set size in KB (Linux), else the peak."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def worker(system: str, n: int, seed: int, stream: bool) -> dict[str, object]:
    """Run one system on the corpus in this process and return its measurements."""
    from storyfold.copies import CopyConfig

    corpus = Corpus(n, seed)
    containment = CopyConfig().containment_threshold
    gen_wall = gen_cpu = 0.0
    if stream:  # 1M run: documents are generated on the fly, never all held
        texts: list[str] = []

        def timed_items() -> Iterator[tuple[str, str]]:
            nonlocal gen_wall, gen_cpu
            for i in range(n):
                w, c = time.perf_counter(), time.process_time()
                text = corpus.text(i)
                gen_wall += time.perf_counter() - w
                gen_cpu += time.process_time() - c
                yield str(i), text

        def text_of(item_id: str) -> str:
            nonlocal gen_wall, gen_cpu
            w, c = time.perf_counter(), time.process_time()
            text = corpus.text(int(item_id))
            gen_wall += time.perf_counter() - w
            gen_cpu += time.process_time() - c
            return text

        items: Iterator[tuple[str, str]] = timed_items()
    else:
        texts = [corpus.text(i) for i in range(n)]
        items = ((str(i), t) for i, t in enumerate(texts))

        def text_of(item_id: str) -> str:
            return texts[int(item_id)]

    base_rss = _rss_kb()
    wall, cpu = time.perf_counter(), time.process_time()
    if system == "storyfold":
        found = run_storyfold(items, text_of)
    elif system == "datasketch":
        found = run_datasketch(texts, containment)
    else:
        found = run_rensa(texts, containment)
    wall, cpu = time.perf_counter() - wall - gen_wall, time.process_time() - cpu - gen_cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "system": system,
        "wall": wall,
        "cpu": cpu,
        "generate_s": gen_cpu,
        "peak_rss_kb": peak,
        "base_rss_kb": base_rss,
        "found": found,
    }


# ---- scoring -------------------------------------------------------------------------------
@dataclass
class Gold:
    """The planted pairs and their exact similarity."""

    near: set[tuple[int, int]]  # planted near-duplicate pairs with Jaccard >= 0.8
    near_low: set[tuple[int, int]]  # planted near-duplicates that ended below 0.8
    contained: set[tuple[int, int]]
    rewrites: set[tuple[int, int]]
    n_bytes: int

    @property
    def related(self) -> set[tuple[int, int]]:
        return self.near | self.near_low | self.contained | self.rewrites


def gold_of(corpus: Corpus) -> Gold:
    """Compute the planted pairs' exact Jaccard similarities (by the reference shingles)."""
    near, low, contained, rewrites = set(), set(), set(), set()
    for kind, source, copy in corpus.planted():
        pair = (source, copy)
        if kind == NEAR:
            a = set(python_shingles(corpus.text(source)))
            b = set(python_shingles(corpus.text(copy)))
            (near if jaccard_containment(a, b)[0] >= THRESHOLD else low).add(pair)
        elif kind == CONTAINED:
            contained.add(pair)
        else:
            rewrites.add(pair)
    return Gold(near, low, contained, rewrites, 0)


def score(result: dict[str, object], gold: Gold) -> dict[str, float]:
    """Return recall/precision figures of one system's relations."""
    found = result["found"]
    assert isinstance(found, list)
    pairs = {(min(a, b), max(a, b)): kind for a, b, kind in found}
    near = {p for p, k in pairs.items() if k in ("exact", "near")}
    hit_near = near & gold.near
    copies = set(pairs)
    return {
        "near_recall": len(hit_near) / max(1, len(gold.near)),
        "near_precision": len(hit_near) / max(1, len(near)),
        "contained_recall": len(copies & gold.contained) / max(1, len(gold.contained)),
        "false_copies": len(copies - gold.related),
        "rewrites_flagged": len(copies & gold.rewrites),
        "relations": len(pairs),
    }


def corpus_bytes(corpus: Corpus, sample: int = 2000) -> float:
    """Estimate the corpus size in bytes of UTF-8 from a sample of documents."""
    step = max(1, corpus.n // sample)
    idx = range(0, corpus.n, step)
    return sum(len(corpus.text(i).encode("utf-8")) for i in idx) / len(idx) * corpus.n


def run_child(system: str, n: int, seed: int, stream: bool) -> dict[str, object]:
    """Run one system in a child process and return its JSON result."""
    cmd = [sys.executable, __file__, "--worker", system, "--docs", str(n), "--seed", str(seed)]
    if stream:
        cmd.append("--stream")
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"{system} failed:\n{out.stderr}")
    return json.loads(out.stdout)


def s_curve_table(threshold: float, bands: int, rows: int) -> str:
    """Return the LSH S-curve of a layout at a few similarities, as table lines."""
    from storyfold.copies import candidate_probability

    sims = (0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
    head = " ".join(f"{s:>6.2f}" for s in sims)
    body = " ".join(f"{candidate_probability(s, bands, rows):6.3f}" for s in sims)
    return f"  Jaccard {head}\n  P(cand) {body}   ({bands} bands x {rows} rows, t={threshold})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000, help="documents (default 100000)")
    ap.add_argument("--quick", action="store_true", help="10,000 documents")
    ap.add_argument("--only", choices=SYSTEMS, action="append", help="run only this system")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--stream", action="store_true", help="stream documents (default above 200k)")
    ap.add_argument("--worker", choices=SYSTEMS, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    n = 10_000 if args.quick else args.docs
    if args.worker:
        print(json.dumps(worker(args.worker, n, args.seed, args.stream)))
        return 0
    from storyfold.copies import CopyConfig

    cfg = CopyConfig()
    stream = args.stream or n > 200_000
    systems = args.only or list(SYSTEMS)
    if stream and set(systems) - {"storyfold"}:
        raise SystemExit("--stream (and more than 200k documents) runs only with --only storyfold")
    t0 = time.perf_counter()
    corpus = Corpus(n, args.seed)
    gold = gold_of(corpus)
    size = corpus_bytes(corpus)
    print(
        f"corpus: {n:,} documents, {size / 1e6:,.0f} MB, seed {args.seed}; planted: "
        f"{len(gold.near):,} near pairs with J >= {THRESHOLD} ({len(gold.near_low):,} below), "
        f"{len(gold.contained):,} contained, {len(gold.rewrites):,} rewrites "
        f"(gold computed in {time.perf_counter() - t0:.0f}s)"
    )
    print(
        f"settings: {SHINGLE}-word shingles, near at J >= {cfg.threshold}, contained at "
        f"containment >= {cfg.containment_threshold}, LSH S-curve:"
    )
    print(s_curve_table(cfg.threshold, cfg.n_bands, cfg.n_rows))
    results = {}
    for system in systems:
        results[system] = run_child(system, n, args.seed, stream)
    print()
    head = (
        f"{'system':11} {'docs/s':>8} {'MB/s':>6} {'cpu s':>7} {'wall s':>7} {'peak RSS':>9} "
        f"{'+RSS':>7} {'near R':>7} {'near P':>7} {'cont R':>7} {'false':>5} {'rewr':>5}"
    )
    print(head)
    print("-" * len(head))
    rates = {}
    for system, res in results.items():
        sc = score(res, gold)
        cpu = float(res["cpu"])  # type: ignore[arg-type]
        rates[system] = n / cpu
        peak = int(res["peak_rss_kb"]) / 1024  # type: ignore[call-overload]
        delta = (int(res["peak_rss_kb"]) - int(res["base_rss_kb"])) / 1024  # type: ignore[call-overload]
        print(
            f"{system:11} {n / cpu:8,.0f} {size / 1e6 / cpu:6.1f} {cpu:7.1f} "
            f"{float(res['wall']):7.1f} {peak:7,.0f}MB {delta:5,.0f}MB "  # type: ignore[arg-type]
            f"{sc['near_recall']:7.4f} {sc['near_precision']:7.4f} {sc['contained_recall']:7.4f} "
            f"{sc['false_copies']:5d} {sc['rewrites_flagged']:5d}"
        )
    if "storyfold" in rates:
        for system, rate in rates.items():
            if system != "storyfold":
                print(f"storyfold docs/s / {system} docs/s = {rates['storyfold'] / rate:.1f}x")
    if stream:
        res = results["storyfold"]
        print(
            f"(streamed: {float(res['generate_s']):.0f} s of CPU spent generating and "  # type: ignore[arg-type]
            f"regenerating documents are not counted)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
