"""Time every page of ``storyfold serve`` on a store of 100,000 articles (issue 15's bar: 200 ms).

The store is bench_reads.py's generated one (cached under ``bench/.cache/``; a copy is
served, since the server keeps the accounts it builds). ``storyfold serve`` runs as a
whole process, the way users start it; each page is fetched over HTTP from this process
with httpx: once cold (a story's first visit builds and keeps its account), then
``--runs`` times, and the median is printed with the cold time. The large story holds 300
articles, the small one 3. Exits 1 when a median is over ``--limit`` ms.

    .venv/bin/python bench/bench_web.py                  # 100,000 articles
    .venv/bin/python bench/bench_web.py --size 10000 --runs 5
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_reads import CACHE, cached_store

from storyfold.stories.group import story_id_for


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"storyfold serve exited with {proc.returncode}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("storyfold serve did not answer within 60 s")


def main(argv: list[str] | None = None) -> int:
    """Serve the store, fetch every page, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--large", type=int, default=300)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--limit", type=float, default=200.0, help="most median milliseconds")
    ap.add_argument("--cache", type=Path, default=CACHE)
    args = ap.parse_args(argv)
    exe = str(Path(sys.executable).with_name("storyfold"))
    big, small = story_id_for("b0#0"), story_id_for("b1#0")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "served.db"
        shutil.copy(cached_store(args.size, args.large, args.cache), db)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen(
            [exe, "serve", "--db", str(db), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait(f"{base}/stories.json?per_page=1", proc)
            client = httpx.Client(base_url=base, timeout=60)
            story = client.get(f"/stories/{big}.json").json()
            first, other = story["articles"][0]["id"], story["articles"][1]["id"]
            site = client.get("/stories.json").json()["sites"][0]
            pages = [
                ("story list, first page", "/stories"),
                ("story list, page 200", "/stories?page=200"),
                ("story list, title search", "/stories?q=harbour"),
                ("story list, one site", f"/stories?site={quote(site)}"),
                ("story list JSON", "/stories.json"),
                (f"story, large ({args.large})", f"/stories/{big}"),
                ("story, small (3)", f"/stories/{small}"),
                ("story JSON, large", f"/stories/{big}.json"),
                (
                    "side by side, large",
                    f"/stories/{big}/compare?a={quote(first)}&a={quote(other)}",
                ),
                ("article", f"/articles/{quote(first)}"),
                ("article JSON", f"/articles/{quote(first)}.json"),
                ("copies, first page", "/copies"),
                ("why, two articles", f"/why?a={quote(first)}&b={quote(other)}"),
            ]
            print(f"storyfold serve on {args.size:,} articles: milliseconds per page "
                  f"(median of {args.runs} after one cold fetch)")  # fmt: skip
            print(f"{'page':<28} {'status':>6} {'cold':>8} {'median':>8} {'max':>8}")
            worst = 0.0
            for label, path in pages:
                t0 = time.perf_counter()
                r = client.get(path)
                cold = (time.perf_counter() - t0) * 1000
                times = []
                for _ in range(args.runs):
                    t0 = time.perf_counter()
                    client.get(path)
                    times.append((time.perf_counter() - t0) * 1000)
                med = statistics.median(times)
                worst = max(worst, med)
                print(f"{label:<28} {r.status_code:>6} {cold:>8.1f} {med:>8.1f} {max(times):>8.1f}",
                      flush=True)  # fmt: skip
                if r.status_code != 200:
                    print(f"  {path}: {r.text[:200]}")
        finally:
            proc.terminate()
            proc.wait(10)
    if worst > args.limit:
        print(f"FAIL: a page's median is {worst:.0f} ms (limit {args.limit:.0f} ms)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
