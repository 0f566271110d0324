"""HTML fold throughput beside trafilatura's own ``extract`` on the same pages.

Both run as whole processes on the same N HTML files (real pages of the shared evaluation
data, else generated ones), in turn, ``--runs`` times each (A B A B ...):

* ``storyfold fold DIR -q --db X`` into a fresh store (extraction, cleaning, copies,
  rewrites, stories, the store);
* one Python process reading each file and calling ``trafilatura.extract(data)`` on it,
  as a user of trafilatura would (its default settings: no metadata).

Printed: pages per second of each (by wall and by CPU time, medians), peak RSS, and the ratio
fold / trafilatura (target >= 0.8). For reference, where the fold's time goes: one more
process times ``extract_html`` alone (storyfold's extraction step) on the same pages.

    python bench/bench_html_fold.py               # 300 pages, 3 runs each
    python bench/bench_html_fold.py --pages 1000 --runs 1
    python bench/bench_html_fold.py --small       # 8 generated pages: a self-check, not a timing
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from html_pages import Timing, child_env, median, prepare_pages, run_timed, storyfold_cmd

TARGET = 0.8

TRAFILATURA_SCRIPT = """
import sys
from pathlib import Path
import trafilatura
kept = 0
for path in sorted(Path(sys.argv[1]).iterdir()):
    text = trafilatura.extract(path.read_bytes())
    kept += bool(text)
print(kept)
"""

EXTRACT_HTML_SCRIPT = """
import sys
from pathlib import Path
from storyfold.ingest.html import extract_html
from storyfold.ingest.decode import decode_bytes
for path in sorted(Path(sys.argv[1]).iterdir()):
    extract_html(decode_bytes(path.read_bytes()).text)
"""


def measure(pages: Path, scratch: Path, runs: int) -> dict[str, list[Timing]]:
    """Time each system ``runs`` times, in turn, on the same page files."""
    env = child_env()
    out: dict[str, list[Timing]] = {"storyfold fold": [], "trafilatura.extract": []}
    for n in range(runs):
        db = scratch / f"fold-{n}.db"
        out["storyfold fold"].append(
            run_timed(storyfold_cmd("fold", str(pages), "-q", "--db", str(db)), env)
        )
        out["trafilatura.extract"].append(
            run_timed([sys.executable, "-c", TRAFILATURA_SCRIPT, str(pages)], env)
        )
    out["extract_html alone"] = [
        run_timed([sys.executable, "-c", EXTRACT_HTML_SCRIPT, str(pages)], env)
    ]
    return out


def report(what: str, n_pages: int, timings: dict[str, list[Timing]]) -> float:
    """Print the table; return fold / trafilatura throughput by CPU time."""
    runs = len(timings["storyfold fold"])
    print(f"HTML fold throughput: {what}; {runs} runs each, in turn (medians)")
    head = (
        f"{'command':22} {'wall s':>8} {'cpu s':>8} {'pages/s wall':>13} {'pages/s cpu':>12} "
        f"{'peak MB':>8}"
    )
    print(head)
    print("-" * len(head))
    rate: dict[str, tuple[float, float]] = {}
    for name, ts in timings.items():
        wall, cpu = median([t.wall for t in ts]), median([t.cpu for t in ts])
        rate[name] = (n_pages / wall, n_pages / cpu)
        print(
            f"{name:22} {wall:8.2f} {cpu:8.2f} {rate[name][0]:13.1f} {rate[name][1]:12.1f} "
            f"{max(t.rss_mb for t in ts):8.0f}"
        )
    fold, traf = rate["storyfold fold"], rate["trafilatura.extract"]
    by_wall, by_cpu = fold[0] / traf[0], fold[1] / traf[1]
    print(
        f"fold / trafilatura throughput: cpu {by_cpu:.2f}x, wall {by_wall:.2f}x "
        f"(target >= {TARGET}x)"
    )
    share = rate["storyfold fold"][1] / rate["extract_html alone"][1]
    print(f"extract_html alone is {share:.0%} of the fold's CPU time (one run, for reference)")
    return by_cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300, help="HTML pages (default 300)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default 3)")
    parser.add_argument(
        "--generated", action="store_true", help="generated pages even if real ones exist"
    )
    parser.add_argument("--small", action="store_true", help="8 generated pages, one run each")
    args = parser.parse_args(argv)
    n, runs = (8, 1) if args.small else (args.pages, args.runs)
    with tempfile.TemporaryDirectory(prefix="storyfold-htmlfold-") as tmp:
        pages = Path(tmp) / "pages"
        what = prepare_pages(n, pages, generated=args.generated or args.small)
        n_pages = sum(1 for _ in pages.iterdir())
        report(what, n_pages, measure(pages, Path(tmp), runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
