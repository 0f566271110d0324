"""Fold one folder of hostile inputs beside 100 good pages, as users run it.

The acceptance of issue 13: ``storyfold fold DIR --db X`` on a folder holding every
hostile input below plus 100 good pages completes, stores the 100, reports each bad
input on exactly one line, exits 1, and takes under 3 minutes of wall time on 2 cores.

Every input is written by this script (fictional content) into a scratch folder:

* slow-regex lines inside short reports: ``Readings: 0, 1, ... 9999``, a 100 KB line of
  dashes, lines of 100,000 digits, separators, emoji and combining marks;
* odd file names: one that is not UTF-8, one with a newline, one with an ESC sequence;
* one-line JSONL files: a ``url`` of ``http://[::1``, a lone surrogate ``\\ud800`` in the
  text, 100,000 nested ``[``, a 5,000-digit integer id, a field of the wrong type;
* titles with rich markup (``[/r/news]``, ``[link=file:///etc/passwd]``), terminal
  escapes (``\\x1b]0;...\\x07``, ``\\x1b[2J``) and an HTML ``<script>``;
* an 8 MB page of 1M tiny elements, a page nested 1,000 deep, a gzip bomb (expanding to
  far past ``--max-size``), a truncated ``.gz``;
* UTF-16 without a BOM, a NUL byte past the first 8 KB, a binary file, an empty file, a
  0-byte ``.jsonl``, a page declaring UTF-8 with one stray 0xA0 byte;
* ~50 templated reports of different events ("Library in X won an award", "Tunnel in Y
  won an award") that must not chain into one story.

Each input has an expected outcome: ``skip`` (not storable: exactly one ``skipped`` line
names it) or ``store`` (stored; a ``note`` line is allowed, a ``skipped`` line is not).
The good pages are generated (several site templates, prose with function words), or with
``--real`` the first 100 real pages of ``../shared/eval`` read from there at run time.

The fold is a whole child process (``python -m storyfold`` with this checkout's ``src``);
wall, CPU and peak RSS come from ``os.wait4``. Printed: the whole fold's table, the
check of every input, the biggest story of the templated reports, ``storyfold stories``
on the resulting store (exit 0, no escape bytes), and each hostile input folded alone
into a fresh store (wall, exit code, the line it printed).

    python bench/bench_hostile.py                  # the full bench (a few minutes)
    python bench/bench_hostile.py --keep /tmp/hostile --no-alone
    python bench/bench_hostile.py --real           # real pages from ../shared/eval
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from html_pages import ROOT, child_env, real_page_files

sys.path.insert(0, str(ROOT / "src"))
from storyfold import Store

WALL_LIMIT = 180.0
"""The acceptance's wall-time bound for the whole fold, seconds."""
HANG_LIMIT = 600.0
"""A fold still running after this many seconds is killed and reported as a hang."""
MAX_TEMPLATED_STORY = 5
"""The most templated reports (different events) one story may hold and still pass."""
ESCAPES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")
"""Bytes no output line may hold: C0 controls but tab/newline, DEL and C1 (UTF-8 encoded)."""
BOMB_MB = 1000
"""What the gzip bomb decompresses to (MB), against the default ``--max-size`` of 20."""

# --- fictional prose -------------------------------------------------------------------------

PLACES = (
    "Tarrow Brackwater Kessing Halvard Orrin Calder Dunmore Felham Greyhollow Marrow Ashby "
    "Bellwick Corran Dewhurst Elmsted Farrowby Garnock Hessle Ilbury Jarrow Kilmory Lathom "
    "Mossley Norwick Ottery Pendle Quarry Rillington Stanwix Thirsk Ulverby Vantry Wexcombe "
    "Yarrowdale Zennor Amblecote Birchover Cleddau Druridge Eskdale"
).split()
TOPICS = (
    ("the harbour wall", "repair", "contractors", "tonnes of stone"),
    ("the tram extension", "delay", "commuters", "stops"),
    ("the flood defences", "inspection", "engineers", "metres of embankment"),
    ("the school budget", "cut", "teachers", "classrooms"),
    ("the hospital car park", "closure", "patients", "spaces"),
    ("the ferry timetable", "change", "passengers", "crossings"),
    ("the market hall", "reopening", "traders", "stalls"),
    ("the water main", "burst", "households", "streets"),
    ("the library service", "review", "volunteers", "branches"),
    ("the bus depot", "strike", "drivers", "routes"),
    ("the wind farm", "approval", "residents", "turbines"),
    ("the bridge tolls", "rise", "motorists", "crossings a day"),
)
PEOPLE = (
    "Mara Linwood Tobias Grell Ines Varga Oskar Pelham Ruth Danvers Felix Amory Jonas Kerr "
    "Alma Stroud Cyril Bane Edith Morrow Nadia Ferris Pavel Osgood Lena Harrow Victor Sloane"
).split()
SENTENCES = (
    "{Place} council said on {day} that {thing} would face a {act} after {n} {who} "
    "signed a letter asking for a decision.",
    "According to {person}, who has lived in {Place} for most of her life, the {act} of "
    "{thing} was the talk of every shop on the high street.",
    "The plan was first put forward in {year}, but it was shelved when the money ran out "
    "and the {who} were told to wait.",
    "Officials said that {n} {unit} were affected and that the work could take as long as "
    "{weeks} weeks if the weather stayed wet.",
    "{person}, a spokesperson for the {who}, told reporters that they had not been asked "
    "about the {act} before it was announced.",
    "There was a meeting in the town hall on {day} evening, and more than {n} people "
    "turned up to hear what the council had to say.",
    "Some of the {who} said they were pleased, while others warned that the {act} would "
    "cost far more than the figure in the report.",
    "The county has set aside {money} million pounds for {thing}, which is about a third "
    "of what was spent on it over the past decade.",
    "A final vote is expected at the end of the month, when the committee meets for the "
    "last time before the summer break.",
    "{person} said that the people of {Place} deserved to know why the {act} had taken so "
    "long, and that the council owed them an answer.",
    "It is not the first time that {thing} has made the news in {Place}: in {year} a "
    "similar {act} led to weeks of protest.",
    "The regional paper asked the council for a comment, but it had not replied by the "
    "time this article was published.",
    "Figures released this week show that {n} {who} have written to their councillor "
    "about {thing} since the start of the year.",
    "Work on {thing} is due to begin in the spring, and the council said it would keep "
    "residents informed as it went along.",
)


def _fill(rng: random.Random, tmpl: str, place: str, topic: tuple[str, ...]) -> str:
    thing, act, who, unit = topic
    return tmpl.format(
        Place=place,
        thing=thing,
        act=act,
        who=who,
        unit=unit,
        person=f"{rng.choice(PEOPLE)} {rng.choice(PEOPLE)}",
        day=rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")),
        n=rng.randint(12, 4000),
        year=rng.randint(1988, 2022),
        weeks=rng.randint(3, 40),
        money=rng.randint(2, 90),
    )


def report_paragraphs(seed: int, place: str | None = None) -> tuple[str, list[str]]:
    """A fictional local news report (headline and paragraphs) about its own event."""
    rng = random.Random(seed)
    place = place or PLACES[seed % len(PLACES)]
    topic = TOPICS[(seed // len(PLACES) + seed) % len(TOPICS)]
    title = f"{place}: {topic[1]} of {topic[0]} angers {topic[2]} ({rng.randint(2, 999)})"
    picks = rng.sample(SENTENCES, rng.randint(8, 12))
    sents = [_fill(rng, s, place, topic) for s in picks]
    paras = [" ".join(sents[i : i + 2]) for i in range(0, len(sents), 2)]
    return title, paras


OWN_PLACES = (
    "Quenby Rostrevor Saltash Tillingham Upwey Vellow Wardle Yelverton Aldwark Brough Cawood "
    "Denby Egton Fangfoss Goxhill Hunmanby Ingleby Kettlewell Langtoft Muker Nafferton "
    "Osmotherley Pickhill Reeth Sledmere Thwaite Wold Newton"
).split()
"""Towns of the hostile reports only: each reports an event no good page reports."""


# --- the good pages: several site templates ---------------------------------------------------

SITES = (
    ("The {place} Courier", "courier"),
    ("{place} Evening Post", "eveningpost"),
    ("Radio {place} News", "radionews"),
    ("The {place} Gazette", "gazette"),
    ("{place} Today", "today"),
)


@functools.cache
def good_articles(n: int, seed: int = 13) -> list[tuple[str, list[str]]]:
    """``n`` articles about ``n`` different events: bench_fold's news-like prose (function
    words among made-up content words and names), the first report of each of its stories."""
    from bench_fold import Writer

    out: list[tuple[str, list[str]]] = []
    for story in Writer(seed).stories(50 * n):
        out.append((story[0]["title"], story[0]["text"].split("\n\n")))
        if len(out) == n:
            break
    return out


def good_page(i: int, n: int = 100) -> str:
    """The ``i``-th of ``n`` good pages: one of five site templates around its own event."""
    title, paras = good_articles(max(n, i + 1))[i]
    place = PLACES[(i * 7) % len(PLACES)]
    name, host = SITES[i % len(SITES)]
    site = name.format(place=place)
    date = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    nav = "".join(f'<li><a href="/{s}">{s.title()}</a></li>' for s in ("news", "sport", "weather"))
    related = "".join(
        f'<li><a href="/news/{k}">{report_paragraphs(k)[0]}</a></li>' for k in (i + 1, i + 2)
    )
    layouts = (
        f"<main><article><h1>{title}</h1><p class=byline>By {PEOPLE[i % 20]} {PEOPLE[(i + 3) % 20]}"
        f"</p>\n{body}</article><aside><h2>Related</h2><ul>{related}</ul></aside></main>",
        f'<div id="content"><div class="story"><h2 class="headline">{title}</h2>'
        f'<div class="story-body">\n{body}</div></div><div class="sidebar"><ul>{related}</ul>'
        "</div></div>",
        f"<section class=article><header><h1>{title}</h1><time datetime={date}>{date}</time>"
        f"</header>\n{body}<p>Share this story: Facebook Twitter Email</p></section>",
        f"<article><h1>{title}</h1>\n{body}<div class=newsletter><p>Sign up to our newsletter "
        "for the latest news from your area.</p></div></article><ul class=more>{related}</ul>",
        f'<div class="wrap"><h1 itemprop="headline">{title}</h1><div itemprop="articleBody">'
        f"\n{body}</div></div>",
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}'
        f'</title><meta property="article:published_time" content="{date}">'
        f'<link rel="canonical" href="https://{host}-{place.lower()}.example/news/{i}">'
        f"</head><body><nav><ul>{nav}</ul></nav>\n{layouts[i % len(layouts)]}\n"
        f"<footer><p>Copyright 2025 {site}. All rights reserved.</p></footer></body></html>\n"
    )


TEMPLATED_THINGS = ("Library", "Tunnel", "Bridge", "Museum", "Station")
TEMPLATED_PLACES = PLACES[:10]
ARCHITECTS = "Harker Lune Pryce Otterburn Mallory Renwick Astley Corbin Fenwick Gilroy".split()
PRAISE = (
    "a fine example of a public building that people use every day",
    "proof that a modest budget need not mean a dull design",
    "a careful piece of work that respects its neighbours",
    "bold without being showy, and built to last",
)


def templated_page(k: int, bare: bool = False) -> str:
    """The ``k``-th templated report: the same wording, another building in another town.

    Each report has its own details (architect, year, cost, visitors, day), as an
    automated local report would; ``bare`` keeps only the building and the town apart.
    """
    thing = TEMPLATED_THINGS[k % len(TEMPLATED_THINGS)]
    place = TEMPLATED_PLACES[k // len(TEMPLATED_THINGS) % len(TEMPLATED_PLACES)]
    rng = random.Random(5000 + k)
    title = f"{thing} in {place} won an award"
    it = thing.lower()
    if bare:
        details = ("", "", "a fine example of a public building that people use every day", "")
    else:
        details = (
            f", designed by {ARCHITECTS[k % 10]} {ARCHITECTS[k // 10 % 10]} Studio and "
            f"opened in {rng.randint(1995, 2023)},",
            f" It cost {rng.randint(2, 60)} million pounds and about {rng.randint(3, 900)} "
            "people use it on a normal day.",
            rng.choice(PRAISE),
            f" on {rng.choice(('Monday', 'Tuesday', 'Thursday', 'Saturday'))} "
            f"{rng.randint(2, 28)} {rng.choice(('March', 'May', 'June', 'October'))}",
        )
    paras = [
        f"The {it} in {place}{details[0]} won an award for its design on Friday, the "
        f"regional architecture society said in a statement.{details[1]}",
        f"The judges said that the {it} in {place} was {details[2]}.",
        f"The award will be presented at a dinner next month, and the {it} will hold an open "
        f"day{details[3]} for visitors who want to see it.",
    ]
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>\n{body}</article></body></html>\n"
    )


def report_text(seed: int, extra: str = "") -> str:
    """A plain-text report of its own town, with ``extra`` (a hostile line) amid its paragraphs."""
    title, paras = report_paragraphs(seed, OWN_PLACES[(seed - 800) % len(OWN_PLACES)])
    half = len(paras) // 2
    parts = [title, *paras[:half], *([extra] if extra else []), *paras[half:]]
    return "\n\n".join(parts) + "\n"


# --- the hostile inputs -----------------------------------------------------------------------

Writer = Callable[[Path, str], None]


@dataclass(slots=True, frozen=True)
class Hostile:
    """One hostile input: its slug (in its file name), what it is, what must happen."""

    slug: str
    what: str
    expect: str  # "skip" or "store"
    write: Writer
    cheap: bool = True
    """Cheap to write and fold (the fast test folds only these)."""
    keeps: str = ""
    """Text the stored document must hold (decoded as written)."""


def _text(content: str | bytes, suffix: str = ".txt") -> Writer:
    def write(folder: Path, slug: str) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / f"{slug}{suffix}").write_bytes(data)

    return write


def _named(name: bytes, seed: int) -> Writer:
    def write(folder: Path, slug: str) -> None:
        path = os.fsencode(folder) + b"/" + slug.encode() + name
        with open(path, "wb") as fh:
            fh.write(report_text(seed).encode("utf-8"))

    return write


def _jsonl(line: str | bytes) -> Writer:
    def write(folder: Path, slug: str) -> None:
        data = line.encode("utf-8") if isinstance(line, str) else line
        (folder / f"{slug}.jsonl").write_bytes(data + b"\n")

    return write


def _record(seed: int, **fields: str) -> str:
    return json.dumps({"text": report_text(seed), **fields}, ensure_ascii=False)


def _many_elements(folder: Path, slug: str) -> None:
    cells = "<b>x</b>" * 1_000_000  # 8 MB, 1M elements
    html = f"<!DOCTYPE html><html><head><title>Cells</title></head><body>{cells}</body></html>"
    (folder / f"{slug}.html").write_text(html, encoding="utf-8")


def _deep(folder: Path, slug: str) -> None:
    _, paras = report_paragraphs(817, OWN_PLACES[17])
    inner = "".join(f"<p>{p}</p>" for p in paras)
    html = f"<html><body>{'<div>' * 1000}{inner}{'</div>' * 1000}</body></html>"
    (folder / f"{slug}.html").write_text(html, encoding="utf-8")


def _bomb(folder: Path, slug: str) -> None:
    """A gzip of ``BOMB_MB`` MB of spaces: one 10 MB member written again and again."""
    member = gzip.compress(b"<html><body>" + b" " * 10_000_000, compresslevel=9)
    with open(folder / f"{slug}.html.gz", "wb") as fh:
        for _ in range(BOMB_MB // 10):
            fh.write(member)


def _truncated_gz(folder: Path, slug: str) -> None:
    data = gzip.compress(report_text(818).encode("utf-8"))
    (folder / f"{slug}.txt.gz").write_bytes(data[: len(data) // 2])


def _binary(folder: Path, slug: str) -> None:
    rng = random.Random(903)
    (folder / f"{slug}.dat").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))


def _nul_late(folder: Path, slug: str) -> None:
    text = report_text(819)
    while len(text) < 9000:
        text += "\n" + report_text(800 + len(text) % 28)
    data = text.encode("utf-8")
    (folder / f"{slug}.txt").write_bytes(data[:8500] + b"\x00" + data[8500:])


UTF8_WORDS = "The café on Marché Street, naïve as it looks, took 5 € a cup — so the owners said."
"""Non-ASCII UTF-8 text a page declaring UTF-8 must keep as it is."""


def _stray_a0(folder: Path, slug: str) -> None:
    title, paras = report_paragraphs(820, OWN_PLACES[20])
    page = (
        f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><article>'
        f"<h1>{title}</h1><p>{UTF8_WORDS}</p>"
        + "".join(f"<p>{p}</p>" for p in paras)
        + "</article></body></html>"
    )
    data = page.encode("utf-8")
    at = data.rindex(b"</p>") - 20
    (folder / f"{slug}.html").write_bytes(data[:at] + b"\xa0" + data[at:])


def _utf16(folder: Path, slug: str) -> None:
    (folder / f"{slug}.txt").write_bytes(report_text(821).encode("utf-16-le"))


def _cycle(chars: str, n: int = 100_000) -> str:
    return (chars * (n // len(chars) + 1))[:n]


def hostile_inputs() -> list[Hostile]:
    """Every hostile input of the issue, each with the outcome it must have."""
    readings = "Readings: " + ", ".join(str(i) for i in range(10_000))
    nested = '{"text": "deep", "tags": ' + "[" * 100_000 + "]" * 100_000 + "}"
    big_int = '{"id": ' + "7" * 5000 + ', "text": ' + _record(811)[9:]
    return [
        Hostile("h01-readings", "text: `Readings: 0, 1, ... 9999`", "store",
                _text(report_text(800, readings))),
        Hostile("h02-dashes", "text: a 100 KB line of dashes", "store",
                _text(report_text(801, "-" * 100_000))),
        Hostile("h03-digits", "text: a line of 100k digits", "store",
                _text(report_text(802, _cycle("0123456789")))),
        Hostile("h04-separators", "text: a line of 100k separators", "store",
                _text(report_text(803, _cycle(" ,;:/|-.")))),
        Hostile("h05-emoji", "text: a line of 100k emoji", "store",
                _text(report_text(804, _cycle("\U0001f600\U0001f4f0\U0001f3db\u2728")))),
        Hostile("h06-combining", "text: a line of 100k combining marks", "store",
                _text(report_text(805, "e" + _cycle("\u0301\u0302\u0303\u0308")))),
        Hostile("h07-name-latin1", "file name not UTF-8 (0xE9 byte)", "store",
                _named(b"-caf\xe9.txt", 806)),
        Hostile("h08-name-newline", "file name with a newline", "store",
                _named(b"-new\nline.txt", 807)),
        Hostile("h09-name-esc", "file name with an ESC sequence", "store",
                _named(b"-\x1b[31mred\x1b[0m.txt", 808)),
        Hostile("h10-url-ipv6", "JSONL: url `http://[::1`", "skip",
                _jsonl(_record(809, url="http://[::1"))),
        Hostile("h11-surrogate", "JSONL: lone surrogate \\ud800 in text", "store",
                _jsonl(json.dumps({"text": report_text(810) + " Lone \ud800 surrogate."}))),
        Hostile("h12-nested", "JSONL: 100,000 nested [", "skip", _jsonl(nested)),
        Hostile("h13-bigint", "JSONL: 5,000-digit integer id", "store", _jsonl(big_int)),
        Hostile("h14-wrong-type", "JSONL: field of the wrong type (title a list)", "skip",
                _jsonl(_record(812)[:-1] + ', "title": ["not", "a", "string"]}')),
        Hostile("h15-title-rich", "title `[/r/news]` (rich markup)", "store",
                _jsonl(_record(813, title="Best of [/r/news] this week"))),
        Hostile("h16-title-link", "title `[link=file:///etc/passwd]`", "store",
                _jsonl(_record(814, title="[link=file:///etc/passwd]Read the report[/link]"))),
        Hostile("h17-title-esc", "title with \\x1b]0;...\\x07 and \\x1b[2J", "store",
                _jsonl(_record(815, title="\x1b]0;owned\x07Council \x1b[2Jmeets"))),
        Hostile("h18-title-script", "title with HTML <script>", "store",
                _jsonl(_record(816, title="<script>alert(1)</script> Budget vote"))),
        Hostile("h19-1m-elements", "HTML: 8 MB page of 1M tiny elements", "skip",
                _many_elements, cheap=False),
        Hostile("h20-deep", "HTML: page nested 1,000 deep", "skip", _deep),
        Hostile("h21-gzip-bomb", f"gzip bomb ({BOMB_MB:,} MB decompressed)", "skip", _bomb,
                cheap=False),
        Hostile("h22-utf16", "UTF-16 text without BOM", "store", _utf16,
                keeps=report_paragraphs(821, OWN_PLACES[21])[1][0]),
        Hostile("h23-nul-late", "NUL byte past the first 8 KB", "skip", _nul_late),
        Hostile("h24-binary", "binary file", "skip", _binary),
        Hostile("h25-empty", "empty file", "skip", _text(b"")),
        Hostile("h26-empty-jsonl", "0-byte .jsonl", "skip", _text(b"", ".jsonl")),
        Hostile("h27-truncated-gz", "truncated .gz", "skip", _truncated_gz),
        Hostile("h28-stray-a0", 'HTML <meta charset="utf-8"> + one stray 0xA0', "store",
                _stray_a0, keeps=UTF8_WORDS),
    ]  # fmt: skip


# --- the folder -------------------------------------------------------------------------------


@dataclass(slots=True)
class Folder:
    """The benchmark folder: which files hold which input."""

    path: Path
    hostile: list[Hostile]
    good: list[str] = field(default_factory=list)
    templated: list[str] = field(default_factory=list)
    good_what: str = ""

    def files_of(self, slug: str) -> list[Path]:
        """The files written for one input (matched by their slug prefix)."""
        raw = os.fsencode(self.path)
        return [
            Path(os.fsdecode(raw + b"/" + n))
            for n in sorted(os.listdir(raw))
            if n.startswith(slug.encode() + b".") or n.startswith(slug.encode() + b"-")
        ]


def build_folder(
    folder: Path,
    n_good: int = 100,
    n_templated: int = 50,
    *,
    cheap: bool = False,
    real: bool = False,
    bare: bool = False,
) -> Folder:
    """Write every input into ``folder``; ``cheap`` leaves out the costly hostile inputs."""
    folder.mkdir(parents=True, exist_ok=True)
    hostile = [h for h in hostile_inputs() if h.cheap or not cheap]
    out = Folder(folder, hostile)
    for h in hostile:
        h.write(folder, h.slug)
    files = real_page_files()[:n_good] if real else []
    if real and len(files) < n_good:
        raise SystemExit(f"--real: only {len(files)} real pages under ../shared/eval")
    for i in range(n_good):
        slug = f"good-{i:03d}"
        if files:
            data = files[i].read_bytes()
            if files[i].name.endswith(".gz"):
                data = gzip.decompress(data)
            (folder / f"{slug}.html").write_bytes(data)
        else:
            (folder / f"{slug}.html").write_text(good_page(i, n_good), encoding="utf-8")
        out.good.append(slug)
    out.good_what = (
        f"{n_good} real pages (../shared/eval)" if files else f"{n_good} generated pages"
    )
    for k in range(n_templated):
        slug = f"tmpl-{k:02d}"
        (folder / f"{slug}.html").write_text(templated_page(k, bare), encoding="utf-8")
        out.templated.append(slug)
    return out


# --- running the CLI --------------------------------------------------------------------------


@dataclass(slots=True)
class Run:
    """One finished (or killed) CLI process."""

    code: int
    wall: float
    cpu: float
    rss_mb: float
    stdout: bytes
    stderr: bytes
    hung: bool = False

    @property
    def err_lines(self) -> list[str]:
        """Stderr as text lines."""
        return self.stderr.decode("utf-8", "replace").splitlines()


def run_cli(args: list[str], limit: float = HANG_LIMIT) -> Run:
    """Run ``python -m storyfold ARGS`` as a whole process; kill its group after ``limit`` s."""
    cmd = [sys.executable, "-m", "storyfold", *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, env=child_env(), stdout=out, stderr=err, start_new_session=True
        )
        hung = threading.Event()

        def kill() -> None:
            hung.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(limit, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Run(
            code,
            wall,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
            out.read(),
            err.read(),
            hung.is_set(),
        )


def fold(
    paths: list[Path], db: Path, limit: float = HANG_LIMIT, extra: tuple[str, ...] = ()
) -> Run:
    """``storyfold fold PATHS --db DB --timings [EXTRA]`` (summary and story table printed)."""
    return run_cli(["fold", *map(str, paths), "--db", str(db), "--timings", *extra], limit)


# --- checks -----------------------------------------------------------------------------------

INPUT_LINE = re.compile(r"^storyfold: (skipped|note) ")


@dataclass(slots=True)
class Outcome:
    """What the fold did with one input: its stored documents and its stderr lines."""

    slug: str
    what: str
    expect: str
    stored: int
    skipped: list[str]
    notes: list[str]
    kept: bool = True
    """Whether the stored text holds the input's ``keeps`` text (True when it has none)."""

    @property
    def ok(self) -> bool:
        """Skip inputs: one skipped line, nothing stored; store inputs: stored as written,
        at most one note line and no skip line."""
        if self.expect == "skip":
            return self.stored == 0 and len(self.skipped) == 1 and not self.notes
        return self.stored >= 1 and self.kept and not self.skipped and len(self.notes) <= 1


def stored_paths(db: Path) -> list[str]:
    """The stored path of every document in the store."""
    return list(stored_texts(db))


def stored_texts(db: Path) -> dict[str, str]:
    """The text of every stored document by its stored path."""
    with Store(db, create=False, write=False) as store:
        return {d.path or d.id: d.text for d in store.documents()}


def outcomes(folder: Folder, run: Run, db: Path) -> tuple[list[Outcome], list[str]]:
    """Each hostile input's outcome, and the input lines that name no known input."""
    texts = {Path(p).name: text for p, text in stored_texts(db).items()}
    lines = [ln for ln in run.err_lines if INPUT_LINE.match(ln)]
    claimed: set[int] = set()
    result = []
    for h in folder.hostile:
        mine = [n for n, ln in enumerate(lines) if f"{h.slug}." in ln or f"{h.slug}-" in ln]
        claimed.update(mine)
        own = [t for name, t in texts.items() if name.startswith((f"{h.slug}.", f"{h.slug}-"))]
        result.append(
            Outcome(
                h.slug,
                h.what,
                h.expect,
                len(own),
                [lines[n] for n in mine if lines[n].startswith("storyfold: skipped")],
                [lines[n] for n in mine if lines[n].startswith("storyfold: note")],
                all(h.keeps in t for t in own),
            )
        )
    others = [ln for n, ln in enumerate(lines) if n not in claimed]
    return result, others


def count_stored(db: Path, slugs: list[str]) -> int:
    """How many of the inputs named by ``slugs`` (one file each) the store holds."""
    names = {Path(p).name.split(".")[0] for p in stored_paths(db)}
    return sum(1 for s in slugs if s in names)


def templated_stories(db: Path, slugs: list[str]) -> list[tuple[str, int, int, str]]:
    """Stories holding templated reports: (id, templated members, all members, title)."""
    wanted = set(slugs)
    with Store(db, create=False, write=False) as store:
        docs = [d.id for d in store.documents() if Path(d.path or "").stem in wanted]
        story_of = store.stories_of(store.article_ids_of(docs))
        counts: dict[str, int] = {}
        for sid in story_of.values():
            counts[sid] = counts.get(sid, 0) + 1
        rows = [
            (sid, n, store.story_size(sid), store.story(sid).title or "")
            for sid, n in counts.items()
        ]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def escape_bytes(data: bytes) -> list[bytes]:
    """The control and escape bytes in output meant for a terminal (distinct, in order)."""
    return sorted({m.group() for m in ESCAPES.finditer(data)})


# --- the report -------------------------------------------------------------------------------


def _short(line: str, width: int = 110) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


def check_folder(folder: Folder, db: Path) -> tuple[bool, Run]:
    """Fold the whole folder, print its tables and checks; whether every check passed."""
    run = fold([folder.path], db)
    print(
        f"folder: {len(os.listdir(os.fsencode(folder.path)))} files ({folder.good_what}, "
        f"{len(folder.templated)} templated reports, {len(folder.hostile)} hostile inputs)"
    )
    print(f"\n{'fold DIR':10} {'exit':>4} {'wall s':>7} {'CPU s':>6} {'RSS MB':>7}")
    print(
        f"{'':10} {run.code:>4} {run.wall:7.1f} {run.cpu:6.1f} {run.rss_mb:7.0f}"
        + ("  KILLED: hang" if run.hung else "")
    )
    timing = next((ln for ln in run.err_lines if ln.startswith("time: ")), "")
    summary = next((ln for ln in run.err_lines if ln.startswith("read ")), "")
    for ln in (summary, timing):
        if ln:
            print(f"  {_short(ln, 200)}")
    if run.hung or run.code not in (0, 1):
        print("stderr tail:\n" + "\n".join(run.err_lines[-15:]))
        return False, run
    results, others = outcomes(folder, run, db)
    good = count_stored(db, folder.good)
    tmpl = count_stored(db, folder.templated)
    stored_h = [o for o in results if o.stored]
    total = len(stored_paths(db))
    skips = sum(1 for ln in run.err_lines if ln.startswith("storyfold: skipped"))
    notes = sum(1 for ln in run.err_lines if ln.startswith("storyfold: note"))
    print(
        f"\ndocuments stored: {total} = {good}/{len(folder.good)} good pages + "
        f"{tmpl}/{len(folder.templated)} templated reports + {len(stored_h)} hostile inputs "
        f"({', '.join(o.slug for o in stored_h)})"
    )
    bad = [o for o in results if o.expect == "skip"]
    one = sum(1 for o in bad if o.ok)
    print(
        f"stderr: {skips} 'skipped' lines, {notes} 'note' lines; bad inputs with exactly one "
        f"line and nothing stored: {one}/{len(bad)}"
    )
    print(
        f"\n{'input':18} {'expect':6} {'stored':>6} {'lines':>5}  ok  line (kept: text as written)"
    )
    for o in results:
        line = (o.skipped + o.notes or ["-"])[0]
        extra = (
            f" (+{len(o.skipped) + len(o.notes) - 1} more)" if len(o.skipped + o.notes) > 1 else ""
        )
        print(
            f"{o.slug:18} {o.expect:6} {o.stored:>6} {len(o.skipped) + len(o.notes):>5}  "
            f"{'ok' if o.ok else 'NO'}  {_short(line, 120)}{extra}"
            + ("" if o.kept else "  <- stored text not as written")
        )
    for ln in others:
        print(f"  line naming no hostile input: {_short(ln, 150)}")
    checks = {
        "exit code 1": run.code == 1,
        f"wall < {WALL_LIMIT:.0f} s": run.wall < WALL_LIMIT,
        "every good page stored": good == len(folder.good),
        "every templated report stored": tmpl == len(folder.templated),
        "each bad input: exactly one skip line, nothing stored": all(o.ok for o in bad),
        "each other hostile input stored as written, no skip line": all(
            o.ok for o in results if o.expect == "store"
        ),
        "no other skip line": not [ln for ln in others if "skipped" in ln],
        "no escape bytes in the fold's output": not escape_bytes(run.stdout + run.stderr),
    }
    checks.update(check_templated(db, folder.templated))
    checks.update(check_stories(db))
    print()
    for name, ok in checks.items():
        print(f"  [{'pass' if ok else 'FAIL'}] {name}")
    return all(checks.values()), run


def check_templated(db: Path, slugs: list[str]) -> dict[str, bool]:
    """Print the biggest story among the templated reports; whether it stays small."""
    rows = templated_stories(db, slugs)
    if not rows:
        return {"templated reports stored": False}
    sid, n, size, title = rows[0]
    print(
        f"\ntemplated reports: {len(rows)} stories for {len(slugs)} reports; the biggest, "
        f"{sid} '{title}', holds {n} of them ({size} articles in all)"
    )
    with Store(db, create=False, write=False) as store:
        for art in store.articles(store.story(sid).article_ids[:8]):
            print(f"  {art.id}: {art.title}")
    return {f"templated reports: biggest story <= {MAX_TEMPLATED_STORY}": n <= MAX_TEMPLATED_STORY}


MARKUP = {
    "h15-title-rich": "[/r/news]",
    "h16-title-link": "[link=file:///etc/passwd]",
    "h17-title-esc": "\\x1b[2J",
    "h18-title-script": "<script>",
}
"""The inputs whose titles carry markup or escapes, and what of it must show as text."""


def _flat(out: bytes) -> bytes:
    """Output with table bars, ellipses and runs of white space made one space."""
    return re.sub(rb"(\s|\xe2\x94[\x80-\xbf]|\xe2\x80\xa6)+", b" ", out)


def check_stories(db: Path) -> dict[str, bool]:
    """``stories`` on the store, and ``show --articles`` on each story holding a markup title:
    exit 0, no escape bytes, the markup shown as text."""
    run = run_cli(["stories", "--db", str(db), "--limit", "1000"], 120)
    bad = escape_bytes(run.stdout + run.stderr)
    print(
        f"\nstories --limit 1000: exit {run.code}, {run.wall:.1f} s, "
        f"{len(run.stdout.splitlines())} lines, escape bytes {bad or 'none'}"
    )
    checks = {"stories exits 0": run.code == 0, "stories output has no escape bytes": not bad}
    with Store(db, create=False, write=False) as store:
        docs = {Path(d.path or "").stem: d.id for d in store.documents()}
        story_of = {
            slug: store.stories_of(store.article_ids_of([docs[slug]]))
            for slug in MARKUP
            if slug in docs
        }
    shows_ok = len(story_of) == len(MARKUP)
    for slug, stories in story_of.items():
        for sid in stories.values():
            show = run_cli(["show", sid, "--articles", "--db", str(db)], 120)
            bad = escape_bytes(show.stdout + show.stderr)
            shown = MARKUP[slug].encode() in _flat(show.stdout)
            shows_ok &= show.code == 0 and not bad and shown
            print(
                f"show {sid} --articles ({slug}): exit {show.code}, escape bytes "
                f"{bad or 'none'}, {MARKUP[slug]!r} shown as text: {shown}"
            )
    checks["show of each markup title: exit 0, no escapes, markup as text"] = shows_ok
    return checks


def alone_table(folder: Folder, work: Path) -> bool:
    """Fold each hostile input (and the templated reports) alone into a fresh store."""
    print("\neach input folded alone into a fresh store")
    print(f"{'input':18} {'wall s':>6} {'exit':>4}  line")
    ok = True
    groups = [(h.slug, folder.files_of(h.slug), h.expect) for h in folder.hostile]
    groups.append(
        ("templated (50)", [folder.path / f"{s}.html" for s in folder.templated], "store")
    )
    for slug, files, expect in groups:
        db = work / f"alone-{slug.split()[0]}.db"
        run = fold(files, db, limit=WALL_LIMIT)
        lines = [ln for ln in run.err_lines if INPUT_LINE.match(ln)]
        want = 1 if expect == "skip" else 0
        good = (
            not run.hung
            and run.code == want
            and (len(lines) == 1 if expect == "skip" else not any("skipped" in ln for ln in lines))
        )
        ok &= good
        shown = "KILLED: hang" if run.hung else (lines[0] if lines else "(stored, no line)")
        more = f" (+{len(lines) - 1} more)" if len(lines) > 1 else ""
        print(
            f"{slug:18} {run.wall:6.1f} {run.code:>4}  {_short(shown, 120)}{more}"
            + ("" if good else "  <- NOT AS EXPECTED")
        )
    return ok


def main(argv: list[str] | None = None) -> int:
    """Build the folder, fold it, print the tables; 0 when every check passed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", type=Path, help="build the folder and stores here and keep them")
    ap.add_argument("--good", type=int, default=100, help="good pages (default 100)")
    ap.add_argument("--templated", type=int, default=50, help="templated reports (default 50)")
    ap.add_argument("--real", action="store_true", help="good pages from ../shared/eval")
    ap.add_argument("--cheap", action="store_true", help="leave out the costly hostile inputs")
    ap.add_argument("--no-alone", action="store_true", help="skip the per-input folds")
    ap.add_argument(
        "--bare-template",
        action="store_true",
        help="templated reports that differ only in the building and the town",
    )
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="storyfold-hostile-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        folder = build_folder(
            work / "in",
            args.good,
            args.templated,
            cheap=args.cheap,
            real=args.real,
            bare=args.bare_template,
        )
        print(f"built in {time.perf_counter() - t0:.1f} s")
        ok, _ = check_folder(folder, work / "all.db")
        if not args.no_alone:
            ok &= alone_table(folder, work)
        print(f"\n{'every check passed' if ok else 'SOME CHECKS FAILED'}")
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
