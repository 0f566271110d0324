"""Text normalisation and tokenisation for copy detection.

Normalising makes two copies of a text that differ only in Unicode form, case,
typographic quotes and dashes, invisible characters or whitespace equal.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold_text", "normalize_text", "split_sentences", "tokenize"]

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\u0060\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_FOLD = str.maketrans(
    {
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_INVISIBLE, None),
    }
)

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
# A sentence ends at ., ! or ? followed by whitespace, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s*\n\s*")


def fold_text(text: str) -> str:
    """Return ``text`` in NFKC form, lowercased, with quotes and dashes folded.

    Curly and angled quotes become ``'`` or ``"``, all dashes become ``-``, soft
    hyphens and zero-width characters are removed. Line breaks are kept.
    """
    return unicodedata.normalize("NFKC", text).lower().translate(_FOLD)


def normalize_text(text: str) -> str:
    """Return the folded text (see :func:`fold_text`) with whitespace collapsed.

    Runs of whitespace, line breaks included, become one space; the ends are
    stripped. Two texts with equal normal forms are exact copies.
    """
    return _SPACE.sub(" ", fold_text(text)).strip()


def tokenize(text: str) -> list[str]:
    """Return the words (``\\w+`` runs) of the folded text, in order."""
    return _WORD.findall(fold_text(text))


def split_sentences(text: str) -> list[list[str]]:
    """Split the folded text into sentences and lines and return each one's words.

    A sentence ends at ``.``, ``!`` or ``?`` followed by whitespace, and at every
    line break. Pieces without words are left out.
    """
    pieces = _SENTENCE_END.split(fold_text(text))
    return [words for piece in pieces if (words := _WORD.findall(piece))]
