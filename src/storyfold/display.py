"""Stored strings made safe to show: in a terminal, as a file name, in Markdown.

Everything storyfold prints for people comes from inputs it does not trust:
titles, source names, article text, JSONL ids and file names. This module holds
the three functions every renderer passes them through:

* :func:`safe` turns control and escape characters (C0, DEL, C1, so ESC and
  with it every terminal escape sequence), bidirectional overrides and line
  separators into visible escapes such as ``\\x1b`` or ``\\u202e``; a newline or
  tab in a one-line field becomes ``\\n`` or ``\\t``.
* :func:`quote_path` prints an odd file name (one holding such characters, any
  other non-printable character, or spaces at its ends) quoted like a Python
  ``repr``, so it can neither forge an output line nor hide.
* :func:`md_escape` makes a string inert Markdown text: HTML and link, image,
  emphasis and code syntax are escaped.

JSON output does not use them: JSON escapes its own strings.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Bidirectional marks, embeddings, overrides and isolates (they reorder what follows)."""

_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029\ud800-\udfff]")
"""What :func:`safe` escapes: C0 controls, DEL, C1 controls, bidi controls, the Unicode
line and paragraph separators and lone surrogates (undecodable bytes of a file name).
Zero-width joiners and soft hyphens are kept: real text in many scripts needs them and
they cannot move the cursor or reorder a line."""

_UNSAFE_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029\ud800-\udfff]")
"""The same without newline and tab, for text shown over several lines."""

_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()!#|~])")
"""Markdown punctuation that can start a link, image, emphasis, code span or table cell."""


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe(text: str | None, *, multiline: bool = False) -> str:
    """``text`` with every control, escape and bidi character as a visible escape.

    ESC becomes ``\\x1b``, U+202E ``\\u202e``, a carriage return ``\\r``; with
    ``multiline`` false (the default, for one-line fields such as titles) a newline
    is ``\\n`` and a tab ``\\t``, with it they are kept. None gives ``""``. Other
    characters, backslashes included, are left as they are.
    """
    if not text:
        return ""
    pattern = _UNSAFE_MULTILINE if multiline else _UNSAFE
    return pattern.sub(_escape, text)


def quote_path(name: str | None) -> str:
    """A file name (or input name such as ``path:line``) as it can be printed on one line.

    A name of printable characters without spaces at its ends is returned as it is;
    any other (a newline, an escape, a bidi override, an undecodable byte, a
    trailing space, an empty name) is quoted and escaped like a Python ``repr``.
    """
    if name is None:
        return ""
    if name and name.isprintable() and name == name.strip():
        return name
    return repr(name)


def md_escape(text: str | None) -> str:
    """``text`` as inert Markdown: it renders as the same words and never as markup.

    It is first made one safe line (see :func:`safe`); then ``&``, ``<`` and ``>``
    become HTML entities (no tag or comment can start) and the punctuation that
    makes links, images, emphasis, code, headings, strikethrough and table cells
    (``\\ ` * _ [ ] ( ) ! # | ~``) is backslash-escaped, so ``[x](javascript:…)`` is
    shown as written. URLs therefore stay text; none is made a link.
    """
    line = safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", line)
