"""Per-line features that tell article prose from page furniture."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import words
from .stopwords import STOPWORDS

_TERMINAL = re.compile(r"""[.!?…:;]["'”’»)\]]*$""")


@dataclass(slots=True, frozen=True)
class LineFeatures:
    """Shape of one line: word count, sentence ending, function-word and capital shares."""

    n_words: int
    n_chars: int
    terminal: bool
    stop_share: float
    cap_share: float
    alpha_share: float

    @property
    def prose(self) -> bool:
        """Whether the line reads as running text rather than a label, menu item or heading."""
        if self.n_words >= 20 and self.stop_share >= 0.12 and self.alpha_share >= 0.6:
            return True
        return (
            self.n_words >= 6
            and self.terminal
            and self.stop_share >= 0.12
            and self.cap_share < 0.7
            and self.alpha_share >= 0.6
        )

    @property
    def title_like(self) -> bool:
        """Whether the line could be a headline: a few words, no sentence ending, mostly letters."""
        return 3 <= self.n_words <= 25 and not self.terminal and self.alpha_share >= 0.6


def line_features(line: str) -> LineFeatures:
    """Compute :class:`LineFeatures` for one already-stripped line."""
    toks = words(line)
    n = len(toks)
    alpha = sum(1 for t in toks if t.isalpha())
    stop = sum(1 for t in toks if t.lower() in STOPWORDS)
    caps = sum(1 for t in toks if t[:1].isupper())
    return LineFeatures(
        n_words=n,
        n_chars=len(line),
        terminal=bool(_TERMINAL.search(line)),
        stop_share=stop / n if n else 0.0,
        cap_share=caps / n if n else 0.0,
        alpha_share=alpha / n if n else 0.0,
    )
