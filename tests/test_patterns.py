"""No pattern backtracks on a long run: every compiled pattern, and the account, on long lines.

A regular expression that backtracks on a long run of one character class
turns one hostile line into minutes of work. Every module-level pattern of the
package is searched over a 100,000-character run of each class of
:data:`tests.clean.test_long_lines.CLASSES`; patterns only ever applied to a
bounded window of text are searched over that window (their module says so).
The account, which runs most of the patterns on stored text, is built over two
articles made of such lines.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import storyfold
from storyfold.account import consolidate, quotes
from storyfold.model import Article

from .clean.test_long_lines import CLASSES

LINE = 100_000
LIMIT_S = 0.5
"""CPU seconds for searching one pattern over one run (a linear search takes milliseconds)."""

WINDOWED = {
    f"storyfold.account.quotes.{name}": quotes.SPEAKER_WINDOW
    for name in (
        "_AFTER_QUOTED",
        "_AFTER_INVERTED",
        "_AFTER_PLAIN",
        "_BEFORE_QUOTED",
        "_BEFORE_PLAIN",
    )
}
"""Patterns applied only to a bounded window around a quote, with that window's length."""


def _patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(storyfold.__path__, "storyfold."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            values = value if isinstance(value, tuple | list) else (value,)
            for i, v in enumerate(values):
                if isinstance(v, re.Pattern) and isinstance(v.pattern, str):
                    found[f"{info.name}.{name}" + (f"[{i}]" if values is value else "")] = v
    return found


PATTERNS = _patterns()


def _run(unit: str, length: int) -> str:
    return "x" + (unit * (length // len(unit) + 1))[: length - 2] + "x"


def test_the_audit_sees_the_package_patterns():
    assert len(PATTERNS) > 50
    assert set(WINDOWED) <= set(PATTERNS)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_a_pattern_searches_a_long_run_in_linear_time(name):
    pattern = PATTERNS[name]
    length = WINDOWED.get(name, LINE)
    for cls, unit in CLASSES.items():
        text = _run(unit, length)
        start = time.process_time()
        pattern.search(text)
        pattern.findall(text)
        spent = time.process_time() - start
        assert spent < LIMIT_S, f"{name} took {spent:.2f} s on {length:,} characters of {cls}"


def _account_seconds(unit: str, length: int) -> float:
    line = _run(unit, length)
    text = f'Officials said on Monday that 40 people were hurt. "{line}," Mara Voss said.\n{line}'
    arts = [
        Article(f"d{i}#0", f"d{i}", 0, text, "A headline", "2026-01-05", f"site{i}.example")
        for i in range(2)
    ]
    start = time.process_time()
    consolidate(arts, [])
    return time.process_time() - start


@pytest.mark.parametrize("cls", sorted(CLASSES))
def test_the_account_of_long_lines_grows_linearly(cls):
    """Eight times the text costs about eight times as much (quadratic work: 64 times)."""
    small = _account_seconds(CLASSES[cls], LINE // 16)
    big = _account_seconds(CLASSES[cls], LINE // 2)
    assert big < 20 * max(small, 0.01), f"{small:.3f} s -> {big:.3f} s"
