"""The product's dedup path, timed as users run it: whole processes on one JSONL file.

Writes the news-like corpus of ``bench_dedup.py`` (planted near-duplicates at
Jaccard >= 0.8, contained copies: a run of a document's sentences inside a
new text, and rewrites that must stay apart) to ``corpus.jsonl``
(``{"id", "text"}`` per line), then runs on that same file, each as its own
process, in turn, ``--repeat`` times:

* ``storyfold dedup corpus.jsonl`` (the CLI, default settings: texts as they
  are, both cores fingerprinting);
* ``bench/dedup_baseline.py rensa corpus.jsonl`` and ``... datasketch ...``:
  read the JSONL, shingle, MinHash, LSH query + verify + insert, print groups.

Each run's CPU time (user + system) and peak RSS come from the kernel's
accounting of that child (``os.wait4``), wall time from the clock. Every tool
prints copy groups as JSONL; scores come from the groups: near recall (planted
pairs at Jaccard >= 0.8 in one group), contained recall, and pair precision
(the share of co-grouped pairs that are a document and its planted copies;
a rewrite grouped with its source, or two unrelated documents, is false).
The table gives medians over the repeats and each tool's time over storyfold's.

    python bench/bench_dedup_cli.py --quick          # 3,000 documents, a self-test
    python bench/bench_dedup_cli.py                  # 100,000 documents
    python bench/bench_dedup_cli.py --docs 1000000 --only storyfold
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TOOLS = ("storyfold", "rensa", "datasketch")


def _bench_dedup() -> ModuleType:
    """The corpus generator and gold of ``bench_dedup.py``."""
    spec = importlib.util.spec_from_file_location("bench_dedup", HERE / "bench_dedup.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_dedup", module)
    spec.loader.exec_module(module)
    return module


def write_corpus(bd: ModuleType, n: int, seed: int, path: Path) -> int:
    """Write ``n`` documents as JSONL; return the bytes written."""
    corpus = bd.Corpus(n, seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": str(i), "text": corpus.text(i)}, ensure_ascii=False))
            fh.write("\n")
    return path.stat().st_size


def command(tool: str, corpus: Path) -> list[str]:
    """The command line a user runs for one tool."""
    if tool == "storyfold":
        return [sys.executable, "-m", "storyfold", "dedup", str(corpus)]
    return [sys.executable, str(HERE / "dedup_baseline.py"), tool, str(corpus)]


def run(cmd: list[str], out: Path) -> dict[str, float]:
    """Run one command as a child; return wall, CPU (user + sys) seconds and peak RSS (MB)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    with open(out, "wb") as fh:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.PIPE, env=env)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
    }


def groups_of(path: Path) -> list[list[int]]:
    """The member ids of each printed group, as ints."""
    with open(path, encoding="utf-8") as fh:
        return [[int(m["id"]) for m in json.loads(line)["members"]] for line in fh if line.strip()]


def score(groups: list[list[int]], gold: object) -> dict[str, float]:
    """Recall of planted pairs found in one group; precision of co-grouped pairs."""
    group_of = {x: g for g, members in enumerate(groups) for x in members}

    def together(pair: tuple[int, int]) -> bool:
        a, b = pair
        return a in group_of and group_of.get(a) == group_of.get(b)

    family: dict[int, int] = {}
    for source, copy in gold.near | gold.near_low | gold.contained:
        family[copy] = source
    pairs = right = 0
    for members in groups:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs += 1
                right += family.get(a, a) == family.get(b, b)
    return {
        "near_recall": sum(map(together, gold.near)) / max(1, len(gold.near)),
        "contained_recall": sum(map(together, gold.contained)) / max(1, len(gold.contained)),
        "pair_precision": right / pairs if pairs else 1.0,
        "false_pairs": pairs - right,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, help="documents (default 100,000; --quick: 3,000)")
    ap.add_argument("--quick", action="store_true", help="3,000 documents (a self-test)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each tool (median printed)")
    ap.add_argument("--only", choices=TOOLS, action="append", help="run only this tool")
    ap.add_argument("--dir", help="where to write the corpus and outputs (default: a temp dir)")
    args = ap.parse_args(argv)
    n = args.docs or (3_000 if args.quick else 100_000)
    tools = [t for t in TOOLS if t in (args.only or TOOLS)]
    bd = _bench_dedup()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.dir or tmp)
        work.mkdir(parents=True, exist_ok=True)
        corpus = work / f"corpus-{n}-{args.seed}.jsonl"
        t0 = time.perf_counter()
        size = corpus.stat().st_size if corpus.exists() else write_corpus(bd, n, args.seed, corpus)
        gold = bd.gold_of(bd.Corpus(n, args.seed))
        print(
            f"corpus: {n:,} JSONL documents, {size / 1e6:,.0f} MB; planted {len(gold.near):,} "
            f"near pairs (J >= 0.8), {len(gold.contained):,} contained, {len(gold.rewrites):,} "
            f"rewrites (written and scored in {time.perf_counter() - t0:.0f} s); "
            f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
        )
        runs: dict[str, list[dict[str, float]]] = {t: [] for t in tools}
        scores = {}
        for _ in range(args.repeat):
            for tool in tools:  # in turn, so drift in the machine's speed hits all alike
                out = work / f"{tool}.groups.jsonl"
                runs[tool].append(run(command(tool, corpus), out))
                scores[tool] = score(groups_of(out), gold)
    med = {t: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for t, rs in runs.items()}
    head = (
        f"{'tool':11} {'wall s':>8} {'cpu s':>8} {'docs/cpu-s':>10} {'peak RSS':>9} "
        f"{'near R':>7} {'pair P':>7} {'cont R':>7} {'false':>6} {'cpu/sf':>7} {'wall/sf':>7}"
    )
    print(f"\nmedian of {args.repeat} run(s) per tool, each a whole process on the same file")
    print(head)
    print("-" * len(head))
    base = med.get("storyfold")
    for tool in tools:
        m, sc = med[tool], scores[tool]
        ratio_cpu = f"{m['cpu'] / base['cpu']:6.1f}x" if base else "      -"
        ratio_wall = f"{m['wall'] / base['wall']:6.1f}x" if base else "      -"
        print(
            f"{tool:11} {m['wall']:8.1f} {m['cpu']:8.1f} {n / m['cpu']:10,.0f} "
            f"{m['rss_mb']:7,.0f}MB {sc['near_recall']:7.4f} {sc['pair_precision']:7.4f} "
            f"{sc['contained_recall']:7.4f} {sc['false_pairs']:6d} {ratio_cpu} {ratio_wall}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
