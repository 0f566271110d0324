"""Time the whole fold as users run it: ``storyfold fold FILE.jsonl -q --db X``, one process.

A seeded generator writes N news-like JSONL articles (``id``, ``title``,
``text``, ``published``, ``source``): stories of 1-20 reports (heavy-tailed
sizes, as in ``bench_stories.py``), each with its own people, places, topic
words and day, written by many made-up sites in English-like prose (function
words among Zipf-distributed made-up words, so the cleaner keeps the text).
About one report in twelve of a bigger story is a near copy of its first
report (a few words changed), and one in twelve a rewrite of it (each sentence
kept with a share of its content words swapped, sentences now and then
dropped), as wire stories are copied and rewritten.

The fold runs in a child process (``python -m storyfold.cli`` through the
``storyfold`` entry point of the venv); wall time, CPU time (user + system)
and peak RSS are that child's (``os.wait4``); ``all MB`` is the peak of the resident
memory of the fold and its worker processes together, sampled from ``/proc``. Printed per
size: wall, CPU, peak RSS, input size, store size and their ratio, and the fold's per-stage
times when its JSON report has them (``stage_seconds``).

    python bench/bench_fold.py --sizes 10000
    python bench/bench_fold.py --sizes 10000 100000 --keep /tmp/fold-bench
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stories import SIZE_P, SIZES, _Background, _words

ROOT = Path(__file__).resolve().parent.parent
FUNCTION_WORDS = (
    "the of and to in a that for on with was as by at from is it his said have be "
    "has are were an their this which after had but not they who its been would over "
    "also more than when into about other will some two there up out new after before"
).split()
FUNCTION_SHARE = 0.42
"""Share of the words of a sentence that are function words (English prose: 40-50%)."""
COPY_SHARE = 1 / 12
REWRITE_SHARE = 1 / 12
REWRITE_SWAP = 0.25
"""Share of a rewritten sentence's content words swapped for other words."""


class Writer:
    """Generates the articles of one corpus, story after story."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        vocab = _words(self.rng, 40_000, 2, 4)
        self.vocab = vocab
        zipf = 1.0 / np.arange(1, len(vocab) + 1) ** 1.07
        self.bg = _Background(self.rng, vocab, zipf)
        self.names = [w.capitalize() for w in _words(self.rng, 30_000, 2, 3)]
        self.sites = [f"{w}-news.example" for w in _words(self.rng, 300, 2, 3)]
        self.themes = [self.bg.draw(12) for _ in range(200)]

    def stories(self, n: int):
        """Yield lists of article dicts, one list per story, ``n`` articles in all."""
        rng = self.rng
        days = max(30, n // 25)
        made = story = 0
        while made < n:
            size = min(int(rng.choice(SIZES, p=SIZE_P)), n - made)
            picks = rng.integers(0, len(self.names), size=10).tolist()
            people = [
                f"{self.names[a]} {self.names[b]}"
                for a, b in zip(picks[:4], picks[4:8], strict=True)
            ][: int(rng.integers(2, 5))]
            places = [self.names[j] for j in picks[8 : 8 + int(rng.integers(1, 3))]]
            topic = self.bg.draw(int(rng.integers(6, 16))) + self.themes[int(rng.integers(0, 200))]
            topic += [self.vocab[j] for j in rng.integers(2000, len(self.vocab), size=8).tolist()]
            day0 = int(rng.integers(0, days))
            arts: list[dict] = []
            for k in range(size):
                aid = f"a{story:06d}-{k:02d}"
                site = self.sites[int(rng.integers(0, len(self.sites)))]
                day = day0 + int(rng.integers(0, 4))
                r = rng.random()
                if arts and r < COPY_SHARE:
                    title, text = self._copy(arts[0]["title"], arts[0]["text"])
                elif arts and r < COPY_SHARE + REWRITE_SHARE:
                    title, text = self._rewrite(arts[0]["title"], arts[0]["text"])
                else:
                    title, text = self._article(people, places, topic)
                arts.append({"id": aid, "title": title, "text": text, "day": day, "source": site})
            made += size
            story += 1
            yield arts

    def _sentence(self, people, places, topic) -> str:
        rng = self.rng
        k = int(rng.integers(12, 26))
        words = self.bg.draw(k)
        kinds = rng.random(k)
        fw = rng.integers(0, len(FUNCTION_WORDS), k)
        tp = rng.integers(0, len(topic), k)
        for i, r in enumerate(kinds.tolist()):
            if r < FUNCTION_SHARE:
                words[i] = FUNCTION_WORDS[fw[i]]
            elif r < FUNCTION_SHARE + 0.2:
                words[i] = topic[tp[i]]
            elif r < FUNCTION_SHARE + 0.24:
                words[i] = people[int(rng.integers(0, len(people)))]
            elif r < FUNCTION_SHARE + 0.26:
                words[i] = places[int(rng.integers(0, len(places)))]
        if rng.random() < 0.15:
            words.insert(int(rng.integers(1, k)), str(int(rng.integers(2, 5000))))
        s = " ".join(words)
        return s[0].upper() + s[1:] + "."

    def _article(self, people, places, topic) -> tuple[str, str]:
        rng = self.rng
        n = int(rng.integers(8, 22))
        sents = [self._sentence(people, places, topic) for _ in range(n)]
        paras = [" ".join(sents[j : j + 3]) for j in range(0, n, 3)]
        words = [people[0].split()[-1]] + [topic[int(j)] for j in rng.integers(0, len(topic), 6)]
        title = " ".join(w.capitalize() if i == 0 else w for i, w in enumerate(words))
        return title, "\n\n".join(paras)

    def _copy(self, title: str, text: str) -> tuple[str, str]:
        words = text.split(" ")
        for i in self.rng.integers(0, len(words), max(1, len(words) // 50)).tolist():
            if words[i].isalpha() and words[i].islower() and words[i] not in FUNCTION_WORDS:
                words[i] = self.bg.draw(1)[0]
        return title, " ".join(words)

    def _rewrite(self, title: str, text: str) -> tuple[str, str]:
        rng = self.rng
        paras = []
        for para in text.split("\n\n"):
            out = []
            for sent in para.split(". "):
                if rng.random() < 0.1:
                    continue  # a sentence left out
                words = sent.rstrip(".").split(" ")
                for i in range(1, len(words)):
                    w = words[i]
                    if w.islower() and w not in FUNCTION_WORDS and rng.random() < REWRITE_SWAP:
                        words[i] = self.bg.draw(1)[0]
                out.append(" ".join(words) + ".")
            if out:
                paras.append(" ".join(out))
        return title, "\n\n".join(paras)


def write_corpus(n: int, path: Path, seed: int = 11) -> int:
    """Write ``n`` generated articles as JSONL in time order; return the bytes written."""
    base = date(2021, 3, 1).toordinal()
    arts = [a for story in Writer(seed).stories(n) for a in story]
    arts.sort(key=lambda a: (a["day"], a["id"]))
    with path.open("w", encoding="utf-8") as f:
        for a in arts:
            rec = {
                "id": a["id"],
                "title": a["title"],
                "text": a["text"],
                "published": date.fromordinal(base + a["day"]).isoformat(),
                "source": a["source"],
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path.stat().st_size


def run_fold(jsonl: Path, db: Path, report: Path | None) -> dict[str, Any]:
    """Run ``storyfold fold`` as a whole process; its wall, CPU, peak RSS and stage times.

    CPU and RSS are the fold process's own and those of the children it waited
    for; the ``--workers`` pool's processes are children of a fork server, so
    their CPU is not counted here: compare wall times when the fold uses workers.

    With ``report``, the fold also writes its JSON result there (which reads the
    stories back from the store, so it costs time of its own).
    """
    exe = Path(sys.executable).parent / "storyfold"
    cmd = [str(exe), "fold", str(jsonl), "-q", "--timings", "--db", str(db)]
    if report is not None:
        cmd += ["--json", str(report)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeMemory(proc.pid)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):  # 3: some inputs skipped, reported on stderr
        raise SystemExit(f"fold failed ({code}):\n{err[-2000:]}")
    stages = next((ln[6:] for ln in err.splitlines() if ln.startswith("time: ")), "")
    return {
        "stages": stages,
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "user": usage.ru_utime,
        "sys": usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "tree_mb": sampler.peak / 1e6,
        "skipped_lines": err.count("skipped"),
    }


class TreeMemory(threading.Thread):
    """The largest sum of resident memory of a process and all its descendants (worker
    pool included), sampled every half second from ``/proc``: the fold's memory as the
    machine sees it."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            self.peak = max(self.peak, self._tree_rss())

    def _tree_rss(self) -> int:
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        total, todo = 0, [self.pid]
        while todo:
            pid = todo.pop()
            todo += children.get(pid, [])
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            except OSError:
                continue
        return total


def store_bytes(db: Path) -> int:
    """The store's size on disk (database, WAL and shared memory files)."""
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def print_report(result: dict) -> None:
    """The fold's own counts and, when it keeps them, its per-stage times."""
    summary = result.get("report", result)
    stages = summary.get("stage_seconds") or summary.get("stages") or {}
    if stages:
        print("          stages: " + ", ".join(f"{k} {v}" for k, v in stages.items()))
    print(
        f"          {summary.get('articles', '?')} articles, copies "
        f"{summary.get('copies', {})}, stories new {summary.get('stories_new', '?')}"
    )


def print_store_counts(db: Path) -> None:
    """Articles, relations by kind and stories in the folded store."""
    import sqlite3

    con = sqlite3.connect(db)
    try:
        arts = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        rels = dict(con.execute("SELECT relation, COUNT(*) FROM copies GROUP BY relation"))
        stories = con.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    finally:
        con.close()
    print(f"          {arts:,} articles, relations {rels}, {stories:,} stories")


def main() -> int:
    """Generate, fold and print a table per size."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--keep", type=Path, help="keep the corpora, stores and reports here")
    ap.add_argument(
        "--report",
        action="store_true",
        help="also write the fold's JSON result (per-stage times, counts); timed with the fold",
    )
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="fold-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"{'articles':>9} {'wall s':>8} {'CPU s':>8} {'user':>8} {'sys':>7} {'RSS MB':>7} "
        f"{'all MB':>7} "
        f"{'input MB':>8} {'store MB':>8} {'store/in':>8} {'art/s':>7}"
    )
    rows = []
    for n in args.sizes:
        jsonl = work / f"news-{n}.jsonl"
        if not jsonl.exists():
            write_corpus(n, jsonl, args.seed)
        db = work / f"fold-{n}.db"
        for p in work.glob(db.name + "*"):
            p.unlink()
        rep = work / f"report-{n}.json" if args.report else None
        r = run_fold(jsonl, db, rep)
        size_in, size_db = jsonl.stat().st_size, store_bytes(db)
        print(
            f"{n:>9,} {r['wall']:8.1f} {r['cpu']:8.1f} {r['user']:8.1f} {r['sys']:7.1f} "
            f"{r['rss_mb']:7.0f} {r['tree_mb']:7.0f} {size_in / 1e6:8.1f} {size_db / 1e6:8.1f} "
            f"{size_db / size_in:8.2f} {n / r['wall']:7.1f}",
            flush=True,
        )
        if r["stages"]:
            print(f"          stages: {r['stages']}")
        if rep is not None:
            print_report(json.loads(rep.read_text(encoding="utf-8")))
        else:
            print_store_counts(db)
        rows.append((n, r))
    if len(rows) > 1:
        (n0, r0), (n1, r1) = rows[0], rows[-1]
        print(f"{n0:,} -> {n1:,}: CPU ratio {r1['cpu'] / r0['cpu']:.1f} (linear {n1 / n0:.0f})")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
