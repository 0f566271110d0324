"""The fuzz targets' hypothesis settings, and the texts they are built from.

Two profiles: ``storyfold-fuzz-quick`` (``make test``: 50 examples per test) and
``storyfold-fuzz`` (``make fuzz``, chosen when ``STORYFOLD_FUZZ_SECONDS`` is set: rounds
of many examples, repeated by ``conftest.py`` until each target's time is up). Both keep
hypothesis' example database in ``.hypothesis/`` at the repository root, so a failure
found by ``make fuzz`` is replayed first by every later run, ``make test`` included.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

ROOT = Path(__file__).resolve().parent.parent.parent

FUZZ_SECONDS_ENV = "STORYFOLD_FUZZ_SECONDS"
QUICK_EXAMPLES = 50
"""Examples per test in ``make test``."""
ROUND_EXAMPLES = 200
"""Examples per round in ``make fuzz`` (rounds repeat, new seeds each, until time is up);
small, so that a round overruns a target's time by seconds only."""


def fuzz_seconds() -> float:
    """Seconds each target runs for under ``make fuzz`` (0: the quick run of ``make test``)."""
    raw = os.environ.get(FUZZ_SECONDS_ENV, "").strip()
    return float(raw) if raw else 0.0


_common = {
    "deadline": None,
    "database": DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis" / "examples")),
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}
settings.register_profile("storyfold-fuzz-quick", max_examples=QUICK_EXAMPLES, **_common)
settings.register_profile("storyfold-fuzz", max_examples=ROUND_EXAMPLES, **_common)

fuzz = settings(
    settings.get_profile("storyfold-fuzz" if fuzz_seconds() else "storyfold-fuzz-quick")
)
"""Decorator giving a target the active profile (applied per test: other tests keep theirs)."""


# ---- texts -------------------------------------------------------------------------------
WORDS = (
    "the council harbour wall repairs storm Tuesday April ferry crews walked out bridge "
    "engineers cracks library flood river market fire residents said officials minister "
    "Brindlemoor Tarrow Quillby Mr. Dr. U.S. 2025 12 40-metre 3.5 percent £2m 1,200 "
    "\"quoted\" 'single' — – … « » ¿ © ® ™ ½ ﬁ Ⅻ ① ｆｕｌｌ İ ß ς Σ ǅ ǈ"
).split()

ODD_CHARS = [
    "\x00", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\r", "\r\n",
    "\t", "\u00a0", "\u200b", "\u200e", "\u202e", "\u2066", "\ufeff", "\ufffd", "\u0301",
    "\u0338", "\ufdfa", "\u3000", "\U0001f600", "\U000e0041", "\x1b[31m", "<", ">", "&amp;",
    "&#0;", "&#xd800;", "http://[::1", "©", "\\", '"', "'", "{", "}", ".", "!", "?", ":", "|",
]  # fmt: skip

token = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(ODD_CHARS),
    st.text(max_size=12),
    st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True),
    st.integers(-(10**6), 10**12).map(str),
)
separator = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", ". ", ", ", "\t", ""])


@st.composite
def hostile_text(draw: st.DrawFn, max_tokens: int = 80) -> str:
    """News-like words mixed with control characters, odd Unicode and arbitrary text."""
    parts = draw(st.lists(st.tuples(token, separator), max_size=max_tokens))
    return "".join(t + s for t, s in parts)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    """A sentence of mostly news words (so that sentences share words), with some noise."""
    words = draw(st.lists(st.one_of(st.sampled_from(WORDS), token), min_size=1, max_size=18))
    end = draw(st.sampled_from([".", "!", "?", "", "…", '."']))
    text = " ".join(words) + end
    return text[:1].upper() + text[1:]


@st.composite
def news_text(draw: st.DrawFn) -> str:
    """Lines of sentences (a page's text), some of them hostile."""
    lines = draw(
        st.lists(
            st.one_of(
                st.lists(sentence(), min_size=1, max_size=4).map(" ".join),
                hostile_text(max_tokens=20),
            ),
            max_size=12,
        )
    )
    return "\n".join(lines)


def fuzz_costly(quick_examples: int) -> settings:
    """:data:`fuzz` for a target whose examples are slow: fewer of them in ``make test``, and
    rounds of twice that in ``make fuzz`` (so a round takes seconds)."""
    return settings(fuzz, max_examples=quick_examples * (2 if fuzz_seconds() else 1))
