"""Text normalisation, tokenisation and sentence splitting shared by all stages."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

#: every Unicode space separator but the ASCII space (category Zs)
_ODD_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
_PUNCT_FOLD = str.maketrans(
    {
        **dict.fromkeys(_ODD_SPACES, " "),
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u200b": "",
        "\u200e": "",
        "\u200f": "",
        "\ufeff": "",
    }
)
_SPACE = re.compile(r"[ \t\f\v]+")
WORD = re.compile(r"\w+", re.UNICODE)
_SENT_END = re.compile(r"""(?<=[.!?…])["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9À-Ý])""")
# Abbreviations after which a full stop does not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|St|Jr|Sr|Inc|Corp|Co|Ltd|No|vs|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K|e\.g|i\.e)|\b[A-Z])\.$"
)


def fold_punctuation(text: str) -> str:
    """NFKC-normalise and fold curly quotes, dashes and odd spaces to ASCII."""
    return unicodedata.normalize("NFKC", text).translate(_PUNCT_FOLD)


def clean_line(line: str) -> str:
    """Fold quotes, dashes and odd spaces and collapse runs of whitespace inside one line.

    The characters stay as the page wrote them otherwise (NFC, not NFKC): "㈜", "２０１３",
    "km²" and "½" are article text; matching stages fold them on their own copies.
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", line).translate(_PUNCT_FOLD)).strip()


def normalize(text: str) -> str:
    """Lowercase, fold punctuation and collapse all whitespace: the form used for hashing."""
    return re.sub(r"\s+", " ", fold_punctuation(text)).strip().lower()


def words(text: str) -> list[str]:
    """Word tokens (``\\w+``) in their original case."""
    return WORD.findall(text)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences on terminal punctuation, respecting common abbreviations."""
    out: list[str] = []
    for para in text.split("\n"):
        para = para.strip()
        if not para:
            continue
        start = 0
        for m in _SENT_END.finditer(para):
            head = para[start : m.start()].rstrip()
            if _ABBREV.search(head):
                continue
            if head:
                out.append(head)
            start = m.end()
        tail = para[start:].strip()
        if tail:
            out.append(tail)
    return out


EXACT_DIFF_TOKENS = 1000
"""Longest token sequence diffed exactly; past it difflib's popular-token heuristic is on."""


def token_matcher(a: Sequence[str], b: Sequence[str]) -> difflib.SequenceMatcher[str]:
    """A :class:`difflib.SequenceMatcher` of two token sequences.

    Sentences and quotes are diffed exactly (no junk heuristic). A sequence
    longer than :data:`EXACT_DIFF_TOKENS` is no sentence but a hostile or
    broken run (one token repeated for a whole page costs difflib quadratic
    time), so there difflib's own heuristic, which skips tokens that make up
    over 1% of the sequence, keeps the cost near linear.
    """
    return difflib.SequenceMatcher(None, a, b, autojunk=max(len(a), len(b)) > EXACT_DIFF_TOKENS)


def counted(n: int, one: str, many: str | None = None) -> str:
    """``1 new item``, ``2 new items``: a count with its noun in the right number."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
