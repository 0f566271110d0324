"""Cleaning costs time linear in a line: no pattern backtracks on a long run of one class."""

from __future__ import annotations

import re
import time

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from storyfold.clean import clean_page
from storyfold.clean.lexicon import key

# One unit per character class a hostile or broken page can repeat for a whole line.
CLASSES = {
    "letters": "a",
    "capitals": "A",
    "digits": "7",
    "digits and separators": "1, ",
    "dashes": "-",
    "dots": ".",
    "exclamation marks": "!",
    "quotes": '"',
    "brackets": "[",
    "pipes": "| ",
    "hashes": "#",
    "emoji": "😀",
    "combining marks": "e\u0301",
    "zero-width spaces": "a\u200b",
    "no-break spaces": "a\u00a0",
    "tabs": "a\t",
    "Chinese": "中",
    "Arabic": "ع",
    "addresses": "http://a.b/",
    "short sentences": "Word word. ",
    "questions": "word? ",
}

LIMIT_S = 0.5  # CPU seconds for one 100,000-character line (quadratic work takes minutes)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_a_100k_line_of_one_class_cleans_in_linear_time(name):
    unit = CLASSES[name]
    run = (unit * (100_000 // len(unit) + 1))[:99_998]
    line = f"x{run}x"  # a letter at each end: a run that cannot be trimmed from either side
    page = f"A headline for the page\n{line}\nA last line of plain prose that ends here."
    start = time.process_time()
    clean_page(page)
    assert time.process_time() - start < LIMIT_S


def _old_key(line: str) -> str:
    """The backtracking form of :func:`key`, as the reference for its results (with the
    ``regex`` module's ``\\W``, which keeps combining marks as part of a word)."""
    s = line.lower().strip()
    s = regex.sub(r"^[\s\W\d]+|[\s\W\d]+$", "", s)
    return re.sub(r"\s+", " ", s)


def test_key_is_linear_in_a_run_between_letters():
    start = time.process_time()
    assert key("x " + "- " * 50_000 + " x") == "x " + "- " * 49_999 + "- x"
    assert time.process_time() - start < LIMIT_S


@given(st.text(alphabet=st.sampled_from(list("ab Z1-,.\u0301\u200b😀_9\t:中")), max_size=40))
def test_key_trims_as_the_reference_pattern_did(line):
    assert key(line) == _old_key(line)
