"""Small fictional news texts for the store-fault tests, and a CLI run in a subprocess."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PLACES = [
    "Brindlemoor", "Carrow Fen", "Dunhallow", "Eskerby", "Fallowmere", "Glimmerton",
    "Harrowgate Vale", "Inchbrook", "Jessamy Bay", "Kettlewick", "Lorn Hythe", "Marrowdale",
    "Nethercombe", "Oakhurst Reach", "Pellinore", "Quillby", "Rookwater", "Saltmarren",
    "Thistlecombe", "Umberfield",
]  # fmt: skip
EVENTS = [
    ("ferry strike", "ferry crews walked out over rota changes", "crossings"),
    ("bridge closure", "engineers shut the old bridge after finding cracks", "vehicles"),
    ("library reopening", "the restored library opened its doors", "visitors"),
    ("flood warning", "river gauges rose past the warning mark", "homes"),
    ("market fire", "a fire spread through the covered market", "stalls"),
]
FILLER = [
    "Residents gathered outside the town hall on the morning after.",
    "A spokesperson for the council said more details would follow.",
    "Local traders described the week as the hardest in memory.",
    "Officials asked people to check the notices posted at the station.",
    "The regional board meets again at the end of the month.",
    "Volunteers handed out tea and blankets near the harbour wall.",
    "Several schools adjusted their timetables for the coming days.",
    "An inquiry into the handling of the matter has been requested.",
]


def story_text(i: int) -> str:
    """The ``i``-th fictional report: 100 events (place x kind) told in several versions.

    Every fifth report from the second hundred on republishes an earlier one of
    its event with a line added (a near copy).
    """
    if i >= 100 and i % 5 == 4:
        return _report(i - 100) + "Republished by another fictional outlet.\n"
    return _report(i)


def _report(i: int) -> str:
    rng = random.Random(i)
    event = i % 100
    place = PLACES[event % len(PLACES)]
    kind, what, counted = EVENTS[event // len(PLACES)]
    n = 40 + event * 7
    lines = [
        f"{place} {kind}: {n} {counted} affected",
        "",
        f"In {place}, {what} on Tuesday, and {n} {counted} were affected.",
        f"The {kind} in {place} was the first of its kind there since {1990 + event % 30}.",
        *rng.sample(FILLER, 3),
        f"Report number {i} from the {place} desk.",
    ]
    if i % 7 == 0:
        lines.append("Reporting by the fictional wire service.")
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, n: int) -> list[Path]:
    """Write ``n`` fictional reports as text files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"report-{i:04d}.txt"
        p.write_text(story_text(i), encoding="utf-8")
        paths.append(p)
    return paths


def as_nobody() -> None:
    """Drop root to the nobody user (65534), for good."""
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


@dataclass(frozen=True)
class Outcome:
    """What a CLI run as nobody gave."""

    returncode: int
    stdout: str
    stderr: str


def run_as_nobody(*args: str) -> Outcome:
    """``storyfold ARGS`` in a forked child that has dropped root to nobody.

    The interpreter lives under root's home, which nobody cannot enter, so the
    child is forked from this process with every module the commands import
    loaded already, and reports through a file opened before the drop.
    """
    import importlib.readers  # noqa: F401 - importlib.resources loads it on first use

    from click.testing import CliRunner
    from rich.console import Console
    from rich.table import Table

    import storyfold.accounts
    import storyfold.dedup
    import storyfold.pipeline
    import storyfold.review.corrections
    import storyfold.review.explain  # noqa: F401
    from storyfold.cli import main

    Console(file=io.StringIO()).print(Table())  # rich loads its parts on first use
    with tempfile.TemporaryFile("w+", encoding="utf-8") as report:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            status = 1
            try:
                as_nobody()
                res = CliRunner().invoke(main, list(args))
                crash = res.exception if not isinstance(res.exception, SystemExit) else None
                stderr = res.stderr + (f"\nchild raised {crash!r}" if crash else "")
                json.dump([res.exit_code, res.stdout, stderr], report)
                report.flush()
                status = 0
            finally:
                os._exit(status)
        _, status = os.waitpid(pid, 0)
        assert status == 0, "the child running as nobody failed"
        report.seek(0)
        code, out, err = json.load(report)
    return Outcome(code, out, err)


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """``python -m storyfold ARGS`` in a new process, output captured."""
    full_env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOME": "/",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "storyfold", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd="/",
        timeout=timeout,
        check=False,
    )
