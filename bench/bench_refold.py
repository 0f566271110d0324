"""Re-fold benchmark: folding unchanged HTML pages again must cost a small share of the first fold.

``storyfold fold DIR -q --db X`` runs as a whole process on N HTML pages (real pages of the
shared evaluation data, else generated ones) into a fresh store, then again on the same
pages into the same store, ``--refolds`` times. Printed: wall and CPU seconds and peak RSS of
each, and the re-fold's share of the first fold (median re-fold / first fold; target < 5 %).

    python bench/bench_refold.py                  # 1,000 pages
    python bench/bench_refold.py --pages 200 --refolds 5
    python bench/bench_refold.py --small          # 12 generated pages: a self-check, not a timing
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from html_pages import Timing, child_env, median, prepare_pages, run_timed, storyfold_cmd

TARGET = 0.05


def measure(
    pages: Path, db: Path, refolds: int, workers: int | None = None
) -> tuple[Timing, list[Timing]]:
    """Time the first fold of ``pages`` into ``db`` and then each re-fold.

    ``workers`` is passed as ``--workers`` when given; with 1 the extraction runs in the
    timed process itself, so its CPU time counts (worker processes of a fork server are not
    children of the fold and escape the CPU column).
    """
    env = child_env()
    extra = ["--workers", str(workers)] if workers is not None else []
    cmd = storyfold_cmd("fold", str(pages), "-q", "--db", str(db), *extra)
    first = run_timed(cmd, env)
    again = [run_timed(cmd, env) for _ in range(refolds)]
    return first, again


def report(what: str, first: Timing, again: list[Timing]) -> dict[str, float]:
    """Print the table and return the ratios (re-fold median over first fold, wall and CPU)."""
    wall = median([t.wall for t in again])
    cpu = median([t.cpu for t in again])
    rss = max(t.rss_mb for t in again)
    print(f"re-fold benchmark: {what}; {len(again)} re-folds (median)")
    print(f"{'run':22} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}")
    print(f"{'first fold':22} {first.wall:8.2f} {first.cpu:8.2f} {first.rss_mb:8.0f}")
    print(f"{'re-fold (unchanged)':22} {wall:8.2f} {cpu:8.2f} {rss:8.0f}")
    ratios = {"wall": wall / first.wall, "cpu": cpu / first.cpu}
    print(
        f"re-fold / first fold: wall {ratios['wall']:.1%}, cpu {ratios['cpu']:.1%} "
        f"(target < {TARGET:.0%})"
    )
    return ratios


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="HTML pages (default 1000)")
    parser.add_argument("--refolds", type=int, default=3, help="re-folds to time (default 3)")
    parser.add_argument(
        "--generated", action="store_true", help="generated pages even if real ones exist"
    )
    parser.add_argument("--small", action="store_true", help="12 generated pages, one re-fold")
    args = parser.parse_args(argv)
    n, refolds = (12, 1) if args.small else (args.pages, args.refolds)
    with tempfile.TemporaryDirectory(prefix="storyfold-refold-") as tmp:
        pages = Path(tmp) / "pages"
        what = prepare_pages(n, pages, generated=args.generated or args.small)
        first, again = measure(pages, Path(tmp) / "store.db", refolds)
        report(what, first, again)
    return 0


if __name__ == "__main__":
    sys.exit(main())
