"""Shared by the HTML fold benchmarks: the pages they fold and a whole-process timer.

Pages are real ones when the shared evaluation data sits beside the repo (the WCXB dev
pages, then the real-world dev pages), else fictional generated news pages. Either way they
are written, one plain ``.html`` file each, into a scratch directory outside the repo, so
every command under test reads the very same files.
"""

from __future__ import annotations

import gzip
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval"
REAL_SOURCES = (
    ("wcxb-dev", "html"),
    ("realworld-dev", "readability/pages"),
    ("realworld-dev", "goose3/pages"),
    ("realworld-dev", "newspaper/pages"),
    ("realworld-dev", "ir-research"),
)


def real_page_files(eval_dir: Path = SHARED_EVAL) -> list[Path]:
    """Every real HTML page of the shared evaluation data, in a fixed order (may be empty)."""
    found: list[Path] = []
    for corpus, sub in REAL_SOURCES:
        base = eval_dir / corpus / sub
        if base.is_dir():
            found += sorted(p for p in base.rglob("*") if p.name.endswith((".html", ".html.gz")))
    return found


def write_real_pages(files: list[Path], out: Path) -> int:
    """Write the pages as plain ``NNNNN.html`` files into ``out``; returns how many."""
    out.mkdir(parents=True, exist_ok=True)
    for n, src in enumerate(files):
        data = src.read_bytes()
        if src.name.endswith(".gz"):
            data = gzip.decompress(data)
        (out / f"{n:05d}.html").write_bytes(data)
    return len(files)


_PLACES = "Tarrow Brackwater Kessing Halvard Orrin Calder Dunmore Felham Greyhollow Marrow".split()
_SUBJECTS = (
    "The council",
    "The harbour board",
    "A local charity",
    "The regional water authority",
    "Residents of the old quarter",
    "The ferry operator",
    "Engineers from the county",
    "The museum trust",
)
_VERBS = (
    "approved a plan to repair",
    "raised concerns about",
    "published a report on",
    "agreed to pay for",
    "asked for a review of",
    "voted against closing",
)
_OBJECTS = (
    "the north wall of the harbour",
    "the tram line to the station",
    "the flood defences along the river",
    "the library on the market square",
    "the bridge over the canal",
    "the school playing fields",
)
_TAILS = (
    "after a long debate that ran late into the evening.",
    "and said that work would begin in the spring.",
    "because the costs had risen by a third since last year.",
    "although several members said that the timetable was too short.",
    "in a statement issued on Tuesday morning.",
)


def _sentence(rng: random.Random, n: int) -> str:
    place = rng.choice(_PLACES)
    return (
        f"{rng.choice(_SUBJECTS)} in {place} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
        f"(item {n}, {rng.randint(2, 90)} of {rng.randint(100, 900)} households) "
        f"{rng.choice(_TAILS)}"
    )


def generated_page(i: int, seed: int = 11) -> str:
    """One fictional news page: navigation, a headline, six to ten paragraphs, a footer."""
    rng = random.Random(seed * 1_000_003 + i)
    place = rng.choice(_PLACES)
    title = f"{place} {rng.choice(_VERBS).split(' ', 1)[0]} plan {i}: {rng.choice(_OBJECTS)}"
    paras = [
        " ".join(_sentence(rng, i * 100 + p * 10 + s) for s in range(rng.randint(2, 4)))
        for p in range(rng.randint(6, 10))
    ]
    body = "\n".join(f"      <p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The {place} Courier</title>
<meta property="article:published_time" content="2025-{1 + i % 12:02d}-{1 + i % 28:02d}">
</head><body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
  <li><a href="/sport">Sport</a></li></ul></nav>
  <main><article><h1>{title}</h1>
{body}
  </article></main>
  <footer><p>Copyright 2025 The {place} Courier. All rights reserved.</p></footer>
</body></html>
"""


def write_generated_pages(n: int, out: Path, seed: int = 11) -> int:
    """Write ``n`` generated pages into ``out``; returns ``n``."""
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (out / f"{i:05d}.html").write_text(generated_page(i, seed), encoding="utf-8")
    return n


def prepare_pages(n: int, out: Path, *, generated: bool = False) -> str:
    """Fill ``out`` with ``n`` pages (real if available and not ``generated``); says which."""
    files = [] if generated else real_page_files()
    if files:
        count = write_real_pages(files[:n], out)
        return f"{count} real HTML pages (shared eval data)"
    write_generated_pages(n, out)
    return f"{n} generated fictional HTML pages"


@dataclass(slots=True, frozen=True)
class Timing:
    """One finished child process: wall and CPU seconds, peak RSS (MB) and exit code."""

    wall: float
    cpu: float
    rss_mb: float
    returncode: int


def run_timed(cmd: list[str], env: dict[str, str] | None = None) -> Timing:
    """Run a command as a whole process; its own rusage from ``wait4`` (not the parent's)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    code = proc.returncode
    if code not in (0, 1):  # 1: done, some inputs skipped (pages with no article text)
        sys.stderr.write(err.decode("utf-8", "replace")[-2000:])
        raise RuntimeError(f"{cmd[:4]}... exited with {code}")
    return Timing(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code)


def child_env() -> dict[str, str]:
    """The environment for children: this checkout's ``src`` first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


def storyfold_cmd(*args: str) -> list[str]:
    """The ``storyfold`` command as users run it, with this interpreter."""
    return [
        sys.executable,
        "-c",
        "import sys; from storyfold.cli import main; sys.exit(main())",
        *args,
    ]


def median(values: list[float]) -> float:
    """The median of a non-empty list."""
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2
