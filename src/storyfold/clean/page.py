"""Cut a page's lines into articles: the main story first, then teasers and related stories.

The main article is the contiguous run of lines with the largest content
weight (maximum-subarray over line weights: prose lines count their words,
furniture counts against, a "Related articles" or "Comments" heading cannot be
crossed). What follows it is cut into further articles at furniture gaps, and
a run of trailing paragraphs whose vocabulary shares little with the opening
of the main article (teasers appended with no heading) is split off too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import COMMENT, REPEATED_TITLE, Line
from .stopwords import STOPWORDS

_BARRIER = -1e9

#: how much cleaning a document gets (``fold --clean``; see :class:`CleanConfig`)
CLEAN_MODES = ("auto", "light", "none")
#: every mode :class:`CleanConfig` takes: ``page`` cleans every text as a whole page, JSONL
#: ``text`` too (``dedup --clean``, for pages that arrive as JSONL)
ALL_CLEAN_MODES = (*CLEAN_MODES, "page")


@dataclass(slots=True, frozen=True)
class CleanConfig:
    """Weights and limits of the page cleaner.

    ``short_penalty`` is what a short non-prose line costs inside a run,
    ``furniture_penalty`` what a line with a drop reason costs;
    ``min_article_words`` is the least prose a secondary article must carry;
    ``topic_overlap`` is the share of a trailing paragraph's content words that
    must occur in the opening of the main article for it to stay there, and
    ``topic_length_ratio`` how much longer than the opening's paragraphs a
    trailing paragraph must be to be taken for a pasted teaser;
    ``short_page_words``: a page whose text lines hold no more words than this,
    too short for the weighing, is one short article (see :func:`short_page_span`).
    ``mode`` is how much cleaning a document gets (one of :data:`CLEAN_MODES`):
    ``auto`` by input kind (a raw page is weighed and segmented, an HTML extraction
    is segmented at its section headings, a JSONL ``text`` is cleaned lightly),
    ``light`` furniture lines only, one article per document, ``none`` the text as given.
    """

    short_penalty: float = 5.0
    furniture_penalty: float = 6.0
    fragment_weight: float = 0.6
    data_penalty: float = 0.5
    min_article_words: int = 30
    main_share: float = 0.4
    min_main_weight: float = 15.0
    edge_share: float = 0.05
    tail_share: float = 0.15
    topic_overlap: float = 0.2
    topic_min_words: int = 30
    topic_length_ratio: float = 2.5
    repeat_min_docs: int = 3
    short_page_words: int = 60
    mode: str = "auto"

    def __post_init__(self) -> None:
        from ..errors import ConfigError

        if self.mode not in ALL_CLEAN_MODES:
            raise ConfigError(
                f"CleanConfig.mode must be one of {', '.join(ALL_CLEAN_MODES)}, got {self.mode!r}"
            )

        if self.short_penalty < 0 or self.furniture_penalty < 0:
            raise ConfigError(
                f"CleanConfig penalties must be >= 0, got {self.short_penalty}, "
                f"{self.furniture_penalty}"
            )
        if not 0.0 <= self.topic_overlap <= 1.0:
            raise ConfigError(
                f"CleanConfig.topic_overlap must be in [0, 1], got {self.topic_overlap}"
            )
        if self.min_article_words < 1:
            raise ConfigError(
                f"CleanConfig.min_article_words must be >= 1, got {self.min_article_words}"
            )


@dataclass(slots=True)
class Span:
    """A run of line positions ``[start, end]`` (inclusive) that forms one article."""

    start: int
    end: int


def weight(line: Line, cfg: CleanConfig) -> float:
    """The content weight of one line for the maximum-subarray search."""
    if line.section_end:
        return _BARRIER
    if line.reason is not None:
        return -cfg.furniture_penalty
    f = line.features
    if f.prose:
        return float(f.n_words)
    if f.alpha_share < 0.5:
        return -cfg.data_penalty  # table rows, figures, scores
    if f.n_words >= 6 and f.stop_share >= 0.15 and f.cap_share < 0.5:
        return cfg.fragment_weight * f.n_words  # a sentence fragment or list item
    return -cfg.short_penalty


def best_run(weights: list[float], lo: int, hi: int) -> tuple[int, int, float] | None:
    """Maximum-sum contiguous run in ``weights[lo:hi]`` (Kadane); None if nothing is positive."""
    best: tuple[int, int, float] | None = None
    run_start, run_sum = lo, 0.0
    for i in range(lo, hi):
        if run_sum <= 0:
            run_start, run_sum = i, 0.0
        run_sum += weights[i]
        if run_sum > 0 and (best is None or run_sum > best[2]):
            best = (run_start, i, run_sum)
    return best


def content_terms(text: str) -> set[str]:
    """Lower-cased content words of a line (no function words, no short tokens or numbers)."""
    return {
        t
        for t in re.findall(r"[^\W\d_]{3,}", text.lower())
        if t not in STOPWORDS and t not in _NEWS_COMMON
    }


_NEWS_COMMON = frozenset(
    """said says told according also would could new one two three first last year years
    week month day time people today monday tuesday wednesday thursday friday saturday sunday
    including while after before since more most many much other another""".split()
)


def split_trailing_topics(lines: list[Line], span: Span, cfg: CleanConfig) -> list[Span]:
    """Split off trailing paragraphs of a span that are about something else.

    The opening of the span (its first half of prose lines, at least three) is
    taken as the article's topic; walking back from the end, each paragraph
    much longer than the opening's (``topic_length_ratio`` times its median:
    a teaser's lead pasted as one block) that shares less than
    ``topic_overlap`` of its content words with the opening is cut off, until
    another paragraph is met. Consecutive
    cut paragraphs that share vocabulary with each other stay together.
    """
    prose = [i for i in range(span.start, span.end + 1) if lines[i].prose]
    if len(prose) < 4:
        return [span]
    core_n = max(3, len(prose) // 2)
    core: set[str] = set()
    for i in prose[:core_n]:
        core |= content_terms(lines[i].text)
    lengths = sorted(lines[i].features.n_words for i in prose[:core_n])
    long_enough = max(cfg.topic_min_words, cfg.topic_length_ratio * lengths[len(lengths) // 2])
    cut_at = None
    for i in reversed(prose[core_n:]):
        ln = lines[i]
        terms = content_terms(ln.text)
        if ln.features.n_words < long_enough or not terms:
            break
        if len(terms & core) / len(terms) >= cfg.topic_overlap:
            break
        cut_at = i
    if cut_at is None:
        return [span]
    head_end = max(
        j for j in range(span.start, cut_at) if lines[j].reason is None or j == span.start
    )
    pieces = [Span(span.start, head_end)]
    group: list[int] = []
    group_terms: set[str] = set()
    for i in [j for j in prose if j >= cut_at]:
        terms = content_terms(lines[i].text)
        if group and len(terms & group_terms) / max(1, len(terms)) < cfg.topic_overlap:
            pieces.append(Span(group[0], group[-1]))
            group, group_terms = [], set()
        group.append(i)
        group_terms |= terms
    if group:
        pieces.append(Span(group[0], group[-1]))
    return pieces


def split_runs(lines: list[Line], lo: int, hi: int) -> list[Span]:
    """Cut ``lines[lo:hi]`` (material after the main article) into prose runs.

    A run ends at furniture, at a headline-like line, or at two short lines in
    a row: teasers in a related-stories list are separated by such gaps.
    """
    spans: list[Span] = []
    start: int | None = None
    gap = 0
    last_prose = -1
    for i in range(lo, hi):
        ln = lines[i]
        if ln.prose:
            if start is None:
                start = i
            last_prose, gap = i, 0
            continue
        if start is None:
            continue
        gap += 1
        if ln.reason is not None or ln.features.title_like or gap >= 2:
            spans.append(Span(start, last_prose))
            start, gap = None, 0
    if start is not None:
        spans.append(Span(start, last_prose))
    return spans


def extracted_run(lines: list[Line], weights: list[float], lo: int, hi: int):
    """The run of an already extracted text's section: all of it, from its first line
    that is not furniture to its last (an extractor chose the main content)."""
    kept = [i for i in range(lo, hi) if lines[i].reason is None]
    if not kept or not any(lines[i].prose for i in kept):
        return best_run(weights, lo, hi)
    total = sum(w for w in weights[kept[0] : kept[-1] + 1] if w > 0)
    return (kept[0], kept[-1], total)


def tail_barriers(lines: list[Line], barriers: list[int], cfg: CleanConfig) -> list[int]:
    """The section headings of extracted text that really end the article: those with
    little prose after them (``tail_share``). A "Read also:" list in the middle of an
    extracted article does not end it, and neither does a "Comments?" line in the middle:
    the extractor has left the page's comment thread out already."""
    words = [ln.features.n_words if ln.prose else 0 for ln in lines]
    total = sum(words) or 1
    after = 0
    tail_of = {}
    for i in range(len(lines) - 1, -1, -1):
        tail_of[i] = after
        after += words[i]
    return [i for i in barriers if tail_of[i] <= cfg.tail_share * total]


def find_spans(
    lines: list[Line], cfg: CleanConfig, *, extracted: bool = False
) -> tuple[Span | None, list[Span]]:
    """The main article's span and the spans of further articles after it (teasers).

    Headings such as "Related articles" or "Comments" cut the page into
    sections. The main article is the best run of the first section whose
    best run weighs at least ``main_share`` of the page's best run: related
    stories and comment threads come after the story they hang on, even when
    one of them is longer.
    """
    weights = [weight(ln, cfg) for ln in lines]
    runs = []
    lo = 0
    pick = extracted_run if extracted else (lambda _lines, w, a, b: best_run(w, a, b))
    barriers = [i for i, ln in enumerate(lines) if ln.section_end]
    if extracted:
        barriers = tail_barriers(lines, barriers, cfg)
        for i, ln in enumerate(lines):
            if ln.section_end and i not in barriers:
                # a "See also:" heading inside the article heads what the article keeps
                ln.section_end, ln.reason = False, None
                weights[i] = weight(ln, cfg)
    for hi in [*barriers, len(lines)]:
        found = pick(lines, weights, lo, hi)
        if found is not None:
            runs.append(found)
        lo = hi + 1
    top = max((r[2] for r in runs), default=0.0)
    if top < cfg.min_main_weight:
        # A few words of prose make no article, unless they are all the page has:
        # a headline with a line of summary (a feed item, a news brief) is a story.
        short = short_page_span(lines, cfg)
        if short is None and extracted:
            # an extractor chose this text as the page's content: keep what is not furniture
            # rather than lose the page (a short or unusual article is still its article)
            short = extracted_span(lines)
        return short, []
    start, end, _ = next(r for r in runs if r[2] >= cfg.main_share * top)
    main = (
        Span(start, end)
        if extracted
        else trim_edges(lines, trim_span(lines, Span(start, end)), cfg)
    )
    # An extractor has left pasted teasers out already; only raw page text needs the split.
    pieces = [main] if extracted else split_trailing_topics(lines, main, cfg)
    main, extra = pieces[0], pieces[1:]
    in_comments = False
    for span in split_runs(lines, end + 1, len(lines)):
        heads = [ln for ln in lines[end + 1 : span.start] if ln.section_end]
        if heads:
            in_comments = heads[-1].comment_section
        if in_comments:
            for i in range(span.start, span.end + 1):
                if lines[i].reason is None:
                    lines[i].reason = COMMENT
            continue
        words = sum(lines[i].features.n_words for i in range(span.start, span.end + 1))
        if words >= cfg.min_article_words:
            extra.append(trim_span(lines, span))
    return main, extra


_ADDRESS = re.compile(r"^\s*(?:https?\s*:\s*/\s*/|www\s*\.)\s*\w", re.IGNORECASE)


def is_address(line: str) -> bool:
    """Whether a line starts with a web address (a source link, not text or a headline)."""
    return _ADDRESS.match(line) is not None


def short_page_span(lines: list[Line], cfg: CleanConfig) -> Span | None:
    """The span of a page too short for the weighing: its text lines, when that is all it holds.

    Lines of four or more words, mostly letters, with no drop reason count as
    text; the page qualifies when they hold at most ``short_page_words`` words
    and at least half of the page's words (so a page of menus with one stray
    sentence does not).
    """
    text = [
        i
        for i, ln in enumerate(lines)
        if ln.reason is None
        and ln.features.n_words >= 4
        and ln.features.alpha_share >= 0.6
        and not ln.section_end
        and not is_address(ln.text)
    ]
    words = sum(lines[i].features.n_words for i in text)
    page_words = sum(ln.features.n_words for ln in lines)
    if not text or words > cfg.short_page_words or 2 * words < page_words:
        return None
    return Span(text[0], text[-1])


def light_span(lines: list[Line], *, has_title: bool) -> Span | None:
    """The one span of a lightly cleaned text: its first line without a drop reason to its
    last. Without a metadata title, a leading headline-like line is left out of the span (it
    becomes the title); None when no line carries letters."""
    kept = [i for i, ln in enumerate(lines) if ln.reason is None and ln.features.alpha_share > 0]
    if not kept:
        return None
    first = lines[kept[0]]
    if not has_title and len(kept) > 1 and first.features.title_like and not first.prose:
        kept = kept[1:]
    return Span(kept[0], kept[-1])


def extracted_span(lines: list[Line]) -> Span | None:
    """The span of an extracted text's lines that carry letters and no drop reason, if any."""
    kept = [
        i
        for i, ln in enumerate(lines)
        if ln.reason is None and not ln.section_end and ln.features.alpha_share > 0
    ]
    return Span(kept[0], kept[-1]) if kept else None


def trim_span(lines: list[Line], span: Span) -> Span:
    """Drop leading lines of a span that are not prose (a headline or kicker is no body text)."""
    start = span.start
    while start < span.end and not lines[start].prose:
        start += 1
    return Span(start, span.end)


def trim_edges(lines: list[Line], span: Span, cfg: CleanConfig) -> Span:
    """Cut a span's head and tail at furniture that leaves only a little prose outside.

    Pages often show a breadcrumb, a summary and a meta line, then "Share:", then
    the body; or the body, then "Share:", then a promotional blurb. A furniture
    line with less than ``edge_share`` of the span's prose words before it (or
    after it) marks where the body starts (or ends).
    """
    words = [
        lines[i].features.n_words if lines[i].prose else 0 for i in range(span.start, span.end + 1)
    ]
    total = sum(words)
    if total == 0:
        return span
    start, end = span.start, span.end
    acc = 0
    for i in range(span.start, span.end + 1):
        if lines[i].reason is not None and acc <= cfg.edge_share * total:
            start = i + 1
        acc += words[i - span.start]
        if acc > cfg.edge_share * total:
            break
    acc = 0
    for i in range(span.end, start - 1, -1):
        if lines[i].reason is not None and acc <= cfg.edge_share * total:
            end = i - 1
        acc += words[i - span.start]
        if acc > cfg.edge_share * total:
            break
    if end < start:
        return span
    return trim_span(lines, Span(start, end))


def title_before(lines: list[Line], pos: int, floor: int, *, reach: int = 8) -> int | None:
    """Index of the most headline-like line shortly before ``pos`` (not below ``floor``).

    Candidates are headline-shaped lines that are not furniture; a line with
    function words and four or more words (a sentence-like headline) beats a
    name or a section label.
    """
    best, best_key = None, None
    for i in range(pos - 1, max(floor, pos - reach) - 1, -1):
        ln = lines[i]
        if ln.prose:
            break
        if ln.reason not in (None, REPEATED_TITLE) or not ln.features.title_like:
            continue
        if is_address(ln.text):
            continue
        f = ln.features
        plain = "," not in ln.text and not re.search(r"\s[|–—-]\s", ln.text)
        key = (f.n_words >= 4 and f.stop_share > 0, plain, f.n_words)
        if best_key is None or key > best_key:
            best, best_key = i, key
    return best
