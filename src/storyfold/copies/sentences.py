"""Sentence keys: a second candidate route for copies contained in longer pages.

A 2 KB article republished inside a 6 KB page shares only about a third of the
page's shingles, too few for MinHash LSH to propose the pair reliably; but the
two texts share whole sentences. Hashing every normalised sentence (or line) of
at least a few words gives keys that an index can match exactly.
"""

from __future__ import annotations

import numpy as np
import xxhash

from storyfold.copies.text import split_sentences

__all__ = ["MIN_SENTENCE_WORDS", "sentence_keys"]

MIN_SENTENCE_WORDS = 6
"""Sentences with fewer words are too common to point at a copy."""


def sentence_keys(text: str, min_words: int = MIN_SENTENCE_WORDS) -> np.ndarray:
    """Return sorted unique uint64 hashes of the sentences of ``text`` with >= ``min_words``.

    Sentences end at ``.``, ``!``, ``?`` or a line break (see
    :func:`storyfold.copies.text.split_sentences`); each is hashed as its
    normalised words joined by single spaces, so punctuation, case, quotes and
    spacing do not change the key.
    """
    keys = [
        xxhash.xxh64_intdigest(" ".join(words).encode("utf-8"))
        for words in split_sentences(text)
        if len(words) >= min_words
    ]
    return np.unique(np.array(keys, dtype=np.uint64))
