"""Text normalisation and tokenisation for copy detection.

Normalising makes two copies of a text that differ only in Unicode form, case,
typographic quotes and dashes, invisible characters or whitespace equal.

:func:`fold_text` and :func:`normalize_text` are the reference definitions in
plain string operations; the byte-level scanner of :mod:`storyfold.copies.scan`
computes the same normal form (and its hash) for whole batches at once.
:func:`tokenize` and :func:`split_sentences` return what the scanner sees.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold_text", "normalize_text", "split_sentences", "tokenize"]

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\u0060\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")


def drop_invisible(text: str) -> str:
    """``text`` without soft hyphens and zero-width characters.

    A regex search first: ``str.translate`` walks a non-ASCII text character by
    character in Python-level table lookups, several times slower than
    scanning, and most texts hold no invisible character at all.
    """
    return _INVISIBLE_RE.sub("", text) if _INVISIBLE_RE.search(text) else text


_FOLD = str.maketrans(
    {
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_INVISIBLE, None),
    }
)

_SPACE = re.compile(r"\s+")


def fold_text(text: str) -> str:
    """Return ``text`` in NFKC form, lowercased, with quotes and dashes folded.

    Curly and angled quotes become ``'`` or ``"``, all dashes become ``-``, soft
    hyphens and zero-width characters are removed. Line breaks are kept.
    """
    # invisible characters go first, so a mark they separated composes with its letter
    return unicodedata.normalize("NFKC", drop_invisible(text)).lower().translate(_FOLD)


def normalize_text(text: str) -> str:
    """Return the folded text (see :func:`fold_text`) with whitespace collapsed.

    Runs of whitespace, line breaks included, become one space; the ends are
    stripped. Two texts with equal normal forms are exact copies.
    """
    return _SPACE.sub(" ", fold_text(text)).strip()


def tokenize(text: str) -> list[str]:
    """Return the words of the folded text, in order.

    A word is a maximal run of letters, marks, digits and ``_`` (any script);
    punctuation, symbols and whitespace separate words, and soft hyphens and
    zero-width characters are dropped first, so ``re\\u00adport`` is one word.
    For text without combining marks this is ``re.findall(r"\\w+", fold_text(text))``.
    """
    from storyfold.copies.scan import scan_texts

    return scan_texts([text]).tokens(0)


def split_sentences(text: str) -> list[list[str]]:
    """Split the folded text into sentences and lines and return each one's words.

    A sentence ends at ``.``, ``!`` or ``?`` followed by whitespace, and at every
    line break. Pieces without words are left out.
    """
    from storyfold.copies.scan import scan_texts, sentence_spans

    scan = scan_texts([text])
    words = scan.tokens(0)
    _, first, count = sentence_spans(scan, 1)
    return [words[a : a + n] for a, n in zip(first.tolist(), count.tolist(), strict=True)]
