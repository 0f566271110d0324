"""Sentence anchors: a second candidate route for copies inside longer pages.

A 2 KB article republished inside a 6 KB page shares only about a third of the
page's shingles, too few for MinHash LSH to propose the pair reliably; but the
two texts share most of the article's sentences. Each sentence of at least
``MIN_SENTENCE_WORDS`` words (a long sentence is first cut into pieces of at
most ``MAX_PIECE_WORDS`` words) gives one key, its *anchor*: the least hash
among the word shingles that lie wholly inside it (a minimizer). A copy that
keeps a sentence verbatim keeps its anchor, and so does a lightly edited one
unless an edit falls inside the anchor's few words, so a text that keeps most
of its sentences, edited or not, shares many anchors with its source: an
index on anchors proposes the pair however small a part of the longer text
it is. Anchors are shingle hashes, so punctuation, case, quotes and spacing
do not change them.
"""

from __future__ import annotations

import numpy as np

from storyfold.copies.scan import Scan, scan_texts, sentence_hashes, sentence_spans
from storyfold.copies.shingles import batch_shingles, sorted_unique

__all__ = [
    "MAX_PIECE_WORDS",
    "MIN_SENTENCE_WORDS",
    "batch_sentence_keys",
    "sentence_keys",
]

MIN_SENTENCE_WORDS = 6
"""Sentences with fewer words are too common to point at a copy."""

MAX_PIECE_WORDS = 24
"""Longer sentences are cut into near-equal pieces of at most this many words, one anchor each."""

_SHORT_SALT = np.uint64(0x5851F42D4C957F2D)


def _pieces(first: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut token runs into near-equal pieces of at most MAX_PIECE_WORDS tokens.

    Returns ``(owner, start, length)``: the run each piece comes from, its first
    token and its length.
    """
    n_pieces = -(-count // MAX_PIECE_WORDS)
    owner = np.repeat(np.arange(first.size), n_pieces)
    offsets = np.zeros(first.size, dtype=np.int64)
    np.cumsum(n_pieces[:-1], out=offsets[1:])
    p = np.arange(owner.size) - offsets[owner]  # piece number within its run
    size, parts = count[owner], n_pieces[owner]
    lo = (p * size) // parts
    hi = ((p + 1) * size) // parts
    return owner, first[owner] + lo, hi - lo


def batch_sentence_keys(
    scan: Scan,
    shingles: np.ndarray,
    shingle_bounds: np.ndarray,
    k: int,
    min_words: int = MIN_SENTENCE_WORDS,
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(keys, bounds)``: each scanned text's sentence anchors, in sentence order.

    ``shingles``/``shingle_bounds`` are the texts' ``k``-word shingles from
    :func:`~storyfold.copies.shingles.batch_shingles`. Text ``i``'s anchors are
    ``keys[bounds[i]:bounds[i+1]]``; a sentence repeated in a text repeats its
    anchor (:func:`sentence_keys` gives the sorted unique set). A piece shorter
    than ``k`` words (only when ``k`` exceeds ``min_words``) is keyed by the
    hash of its words.
    """
    doc, first, count = sentence_spans(scan, max(1, int(min_words)))
    bounds = np.zeros(scan.n_docs + 1, dtype=np.int64)
    if first.size == 0:
        return np.empty(0, dtype=np.uint64), bounds
    owner, start, length = _pieces(first, count)
    doc = doc[owner]
    keys = np.empty(start.size, dtype=np.uint64)
    long_ = length >= k
    if long_.any():
        d = doc[long_]
        # Window starting at token t of text d is shingle shingle_bounds[d] + (t - tok_bounds[d]).
        lo = shingle_bounds[d] + (start[long_] - scan.tok_bounds[d])
        hi = lo + (length[long_] - k + 1)
        edges = np.empty(2 * lo.size, dtype=np.int64)
        edges[0::2], edges[1::2] = lo, hi
        padded = np.append(shingles, np.uint64(0))
        keys[long_] = np.minimum.reduceat(padded, edges)[0::2]
    if not long_.all():
        short = ~long_
        keys[short] = sentence_hashes(scan.tok_hash, start[short], length[short]) ^ _SHORT_SALT
    np.cumsum(np.bincount(doc, minlength=scan.n_docs), out=bounds[1:])
    return keys, bounds


def sentence_keys(
    text: str, min_words: int = MIN_SENTENCE_WORDS, shingle_size: int = 5
) -> np.ndarray:
    """Return the sorted unique anchors of the sentences of ``text`` with >= ``min_words``.

    Sentences end at ``.``, ``!``, ``?`` followed by whitespace, or at a line
    break (see :func:`storyfold.copies.text.split_sentences`); each sentence (or
    piece of a long one) is keyed by its least ``shingle_size``-word shingle
    hash, so punctuation, case, quotes and spacing do not change the key.
    """
    scan = scan_texts([text])
    shingles, bounds = batch_shingles(scan.tok_hash, scan.tok_bounds, shingle_size)
    keys, _ = batch_sentence_keys(scan, shingles, bounds, shingle_size, min_words)
    return sorted_unique(keys)
