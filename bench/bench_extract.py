"""Benchmark main-text extraction on the WCXB dev pages.

Prints one table: mean per-page bag-of-words F1 and the corpus shingle P/R/F1 for

  (a) raw visible text        -- ``text/NNNN.txt`` scored as it is
  (b) trafilatura default     -- ``trafilatura.extract(html, url=url)``
  (c) storyfold HTML          -- ``extract_html(html, url).text``
  (d) storyfold plain text    -- ``storyfold.clean.main_text`` over ``text/NNNN.txt``
                                 (what ``storyfold fold`` keeps of a .txt page)
  (e) storyfold HTML, as folded -- ``main_text(page.text, extracted=True, title=page.title)``
                                 for ``page = extract_html(html, url)`` (what ``storyfold
                                 fold`` keeps of an .html page)
Pages whose ground truth has no ``main_content`` field are left out (an empty
``main_content`` is kept: an empty prediction scores 1.0 on it, as in ``bow_f1``).

Usage::

    PYTHONPATH=src python bench/bench_extract.py [--limit N] [--half even|odd] [--data DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "wcxb-dev"
DEFAULT_TOOLS = ROOT.parent / "shared" / "tools"

ROWS = (
    ("a", "raw visible text"),
    ("b", "trafilatura default extract()"),
    ("c", "storyfold HTML (extract_html)"),
    ("d", "storyfold plain text (fold path)"),
    ("e", "storyfold HTML (fold path)"),
)

_DATA: Path = DEFAULT_DATA


def _init(data: Path) -> None:
    global _DATA
    _DATA = data
    src = str(ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)


def _timed(fn, *args):
    start = time.perf_counter()
    try:
        out = fn(*args)
    except Exception as exc:  # a crash is scored as an empty extraction and counted
        return "", time.perf_counter() - start, f"{type(exc).__name__}: {exc}"
    return out or "", time.perf_counter() - start, None


def _page(fid: str) -> dict:
    """All predictions for one page, with per-row seconds."""
    import trafilatura

    from storyfold.ingest.html import extract_html

    gt = json.loads((_DATA / "ground-truth" / f"{fid}.json").read_text(encoding="utf-8"))
    url = gt.get("url")
    html = gzip.decompress((_DATA / "html" / f"{fid}.html.gz").read_bytes()).decode(
        "utf-8", errors="replace"
    )
    raw_path = _DATA / "text" / f"{fid}.txt"
    raw = raw_path.read_text(encoding="utf-8", errors="replace") if raw_path.exists() else ""

    pred: dict[str, str | None] = {}
    secs: dict[str, float] = {}
    errors: dict[str, str] = {}

    def run(row, fn, *args):
        pred[row], secs[row], err = _timed(fn, *args)
        if err:
            errors[row] = err

    pred["a"], secs["a"] = raw, 0.0
    run("b", lambda: trafilatura.extract(html, url=url))
    run("c", lambda: extract_html(html, url=url).text)
    from storyfold.clean import main_text

    run("d", main_text, raw)
    page = extract_html(html, url=url)
    run("e", lambda: main_text(page.text, extracted=True, title=page.title))
    return {
        "fid": fid,
        "gold": gt["ground_truth"]["main_content"] or "",
        "pred": pred,
        "secs": secs,
        "errors": errors,
    }


def _pages(data: Path, half: str, limit: int | None) -> tuple[list[str], int]:
    """Page ids that have a ``main_content`` ground truth, and how many were left out."""
    ids, skipped = [], 0
    for path in sorted((data / "ground-truth").glob("*.json")):
        fid = path.stem
        if not (data / "html" / f"{fid}.html.gz").exists():
            continue
        if half == "even" and int(fid) % 2:
            continue
        if half == "odd" and not int(fid) % 2:
            continue
        gt = json.loads(path.read_text(encoding="utf-8")).get("ground_truth", {})
        if "main_content" not in gt:
            skipped += 1
            continue
        ids.append(fid)
    return (ids[:limit] if limit else ids), skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="WCXB directory with html/, text/, ground-truth/ "
        "(default: ../shared/eval/wcxb-dev beside the repo)",
    )
    parser.add_argument(
        "--tools",
        type=Path,
        default=DEFAULT_TOOLS,
        help="directory holding textscore.py (default: ../shared/tools)",
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument(
        "--half",
        choices=("all", "even", "odd"),
        default="all",
        help="only even- or odd-numbered pages (tuning vs held-out check)",
    )
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args(argv)

    data = args.data if args.data.is_absolute() else (Path.cwd() / args.data)
    if not (data / "html").is_dir() or not (data / "ground-truth").is_dir():
        print(f"bench_extract: {data} not found (needs html/ and ground-truth/); skipping.")
        return 0
    if not (args.tools / "textscore.py").exists():
        print(f"bench_extract: {args.tools}/textscore.py not found; skipping.")
        return 0
    sys.path.insert(0, str(args.tools))
    from textscore import bow_f1, corpus_shingle_f1

    ids, skipped = _pages(data, args.half, args.limit)
    if not ids:
        print("bench_extract: no pages to score.")
        return 0

    start = time.perf_counter()
    with Pool(max(1, args.workers), initializer=_init, initargs=(data,)) as pool:
        results = pool.map(_page, ids, chunksize=4)
    wall = time.perf_counter() - start

    note = f", {skipped} without main_content left out" if skipped else ""
    print(
        f"WCXB dev: {len(ids)} pages ({args.half}{note}); {args.workers} workers, {wall:.1f}s wall"
    )
    header = (
        f"{'':3}{'extractor':34} {'pages':>5} {'BoW F1':>7} {'sh P':>6} {'sh R':>6} "
        f"{'sh F1':>6} {'secs':>7} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for row, label in ROWS:
        scored = [(r["pred"][row], r["gold"]) for r in results if r["pred"].get(row) is not None]
        if not scored:
            print(f"({row}) {label:34} {'n/a':>5}")
            continue
        bow = sum(bow_f1(p, g) for p, g in scored) / len(scored)
        sp, sr, sf = corpus_shingle_f1(scored)
        secs = sum(r["secs"].get(row, 0.0) for r in results)
        errs = sum(row in r["errors"] for r in results)
        print(
            f"({row}) {label:34} {len(scored):5d} {bow:7.4f} {sp:6.3f} {sr:6.3f} {sf:6.3f} "
            f"{secs:7.1f} {errs:6d}"
        )
    first_errors = [(r["fid"], row, e) for r in results for row, e in r["errors"].items()]
    for fid, row, err in first_errors[:5]:
        print(f"  error ({row}) page {fid}: {err}")
    print("secs = summed per-page extraction time inside the workers (raw text: none)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
