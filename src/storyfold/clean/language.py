"""The language of an article's text, by Compact Language Detector 2 (pycld2).

CLD2 knows some 80 languages in every script the cleaner reads, needs no model loading
(py3langid takes over a second to unpickle its model in each process, which every fold's
workers would pay) and classifies a news article in well under a millisecond.
"""

from __future__ import annotations

import pycld2

__all__ = ["article_language"]

#: characters of an article that are looked at: the opening decides its language
SAMPLE_CHARS = 4000
#: least share of the text CLD2 must give the language for it to be recorded
MIN_PERCENT = 50


def article_language(text: str) -> str | None:
    """The ISO 639-1 code (``"en"``, ``"zh"``, ...) of a text's language, or None when it
    cannot be told reliably (too short, mixed, or a language CLD2 does not know)."""
    sample = text[:SAMPLE_CHARS]
    if not sample.strip():
        return None
    try:
        reliable, _, details = pycld2.detect(sample.encode("utf-8", "replace"))
    except pycld2.error:  # bytes CLD2 refuses (it checks UTF-8 validity itself)
        return None
    _name, code, percent, _score = details[0]
    if not reliable or code in ("un", "xxx") or percent < MIN_PERCENT:
        return None
    return str(code).split("-")[0]  # "zh-Hant" -> "zh"
