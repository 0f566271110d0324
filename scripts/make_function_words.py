"""Write ``src/storyfold/data/function_words.json``: each language's most frequent words.

The cleaner tells running text from menus and labels partly by its share of function words
(see ``storyfold.clean.features``). For languages written with spaces between words, the
most frequent words of a language are nearly all function words, so they are taken from
wordfreq's frequency lists (Speer et al., CC-BY-SA 4.0 data) rather than written by hand.
Scripts that do not separate words by spaces (Chinese, Japanese, Thai, ...) and Korean (whose
particles attach to words) have no entry: the cleaner reads them by script instead.

Run after changing :data:`LANGUAGES` or :data:`TOP_N`::

    .venv/bin/pip install -e '.[wordlists]'
    .venv/bin/python scripts/make_function_words.py
"""

from __future__ import annotations

import json
from pathlib import Path

import wordfreq

#: the languages of the most news sites that are written with spaces between words
LANGUAGES = (
    "en de fr es it pt nl sv da nb fi pl cs sk sl ro hu tr el ru uk bg "
    "ar fa ur he hi bn id ms vi ca lt lv sh"
).split()
#: how many of each language's most frequent words are taken
TOP_N = 100

OUT = Path(__file__).resolve().parent.parent / "src" / "storyfold" / "data" / "function_words.json"


def main() -> None:
    lists = {}
    for lang in LANGUAGES:
        top = wordfreq.top_n_list(lang, TOP_N * 2)
        # digits and one-letter Latin tokens are not words that mark prose
        words = [w for w in top if not w.isdigit() and not (len(w) == 1 and w.isascii())]
        lists[lang] = words[:TOP_N]
    OUT.write_text(json.dumps(lists, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
    print(f"wrote {OUT} ({len(lists)} languages, {TOP_N} words each)")


if __name__ == "__main__":
    main()
