"""Per-line features that tell article prose from page furniture, in any script.

Words are ``\\w+`` runs with their combining marks (so Devanagari, Thai or Arabic words
with vowel signs stay whole). Scripts that write no spaces between words (Chinese,
Japanese, Thai, Lao, Khmer, Myanmar) are counted in approximate words from their
characters; there, and in Korean, whose particles attach to words, function words are
not separate tokens, so the prose test does not ask for them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import regex

from .stopwords import FUNCTION_WORDS

# sentence ends of Latin, CJK (。！？), Arabic/Persian/Urdu (؟ ۔) and Indic (। ॥) scripts
_TERMINAL = regex.compile(r"""[.!?…:;。！？؟۔।॥]["'”’»」』)\]）]*$""")
_WORD = regex.compile(r"\w+")
_LETTERS = regex.compile(r"^\p{L}[\p{L}\p{M}]*$")
#: characters per word in scripts written without spaces between words
_DENSE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_DENSE_CHARS_PER_WORD = 2.0
_RUNON = regex.compile(r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
_RUNON_CHARS_PER_WORD = 4.0
_HANGUL = regex.compile(r"\p{Hangul}")
_LATIN = regex.compile(r"\p{Latin}")
#: least share of function words in running text: in Latin-script languages, and in the
#: other spaced scripts, whose languages (Russian, Arabic, Hindi, ...) inflect or attach
#: many function words to the word they belong to
MIN_STOP_SHARE = 0.12
MIN_STOP_SHARE_OTHER_SCRIPTS = 0.05


@dataclass(slots=True, frozen=True)
class LineFeatures:
    """Shape of one line: word count, sentence ending, function-word and capital shares.

    ``unspaced`` says most of the line's letters are in a script whose function words are
    not separate tokens (see the module doc); ``stop_share`` is then not used.
    """

    n_words: int
    n_chars: int
    terminal: bool
    stop_share: float
    cap_share: float
    alpha_share: float
    unspaced: bool = False
    latin: bool = True

    @property
    def prose(self) -> bool:
        """Whether the line reads as running text rather than a label, menu item or heading."""
        floor = MIN_STOP_SHARE if self.latin else MIN_STOP_SHARE_OTHER_SCRIPTS
        stops = self.unspaced or self.stop_share >= floor
        if self.n_words >= 20 and stops and self.alpha_share >= 0.6:
            return True
        return (
            self.n_words >= 6
            and self.terminal
            and stops
            and self.cap_share < 0.7
            and self.alpha_share >= 0.6
        )

    @property
    def title_like(self) -> bool:
        """Whether the line could be a headline: a few words, no sentence ending, mostly letters."""
        return 3 <= self.n_words <= 25 and not self.terminal and self.alpha_share >= 0.6


def _token_words(token: str) -> tuple[int, bool]:
    """(approximate words in one token, whether it is written in an unspaced script)."""
    dense = len(_DENSE.findall(token))
    runon = len(_RUNON.findall(token))
    if not dense and not runon:
        return 1, False
    n = math.ceil(dense / _DENSE_CHARS_PER_WORD) + math.ceil(runon / _RUNON_CHARS_PER_WORD)
    rest = len(token) - dense - runon
    n += 1 if rest > 0 else 0
    return n, True


def line_features(line: str) -> LineFeatures:
    """Compute :class:`LineFeatures` for one already-stripped line."""
    toks = _WORD.findall(line)
    n = alpha = stop = caps = unspaced = latin = 0
    for t in toks:
        k, in_unspaced = _token_words(t)
        in_unspaced = in_unspaced or _HANGUL.search(t) is not None
        n += k
        unspaced += k if in_unspaced else 0
        if _LETTERS.match(t):
            alpha += k
        if not in_unspaced and t.lower() in FUNCTION_WORDS:
            stop += 1
        if t[:1].isupper():
            caps += 1
        if _LATIN.match(t):
            latin += k
    return LineFeatures(
        n_words=n,
        n_chars=len(line),
        terminal=bool(_TERMINAL.search(line)),
        stop_share=stop / n if n else 0.0,
        cap_share=caps / n if n else 0.0,
        alpha_share=alpha / n if n else 0.0,
        unspaced=n > 0 and unspaced * 2 > n,
        latin=n == 0 or latin * 2 >= n,
    )
