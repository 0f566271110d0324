"""The byte-level scanner: many texts to token hashes and sentence spans in a few numpy passes.

A batch of texts is put in NFKC form (non-ASCII texts only: a C string
method), encoded as UTF-8 and joined with ``\\n`` into one byte buffer. Every
later step is a vector operation over that buffer or over its tokens, with no
Python-level loop per token and no Python string per token or shingle:

* **Lowercase.** ASCII capitals are lowered with three byte-wise vector
  operations over the whole buffer.
* **Folding non-ASCII characters.** Only when the buffer holds bytes >= 0x80:
  the code point of every multi-byte character is decoded from its lead byte
  (vectorised over the few lead bytes), then looked up in tables built once
  from :mod:`unicodedata` and ``str.lower``. Capitals are rewritten in place
  as their lowercase (a text holding one of the few capitals whose lowercase
  has another length, or the context-dependent capital sigma, is lowercased
  by ``str.lower`` instead); typographic quotes and dashes become their ASCII
  forms, soft hyphens and zero-width characters are deleted, other whitespace
  becomes a space, punctuation and symbols become non-word characters;
  letters, marks and digits stay word characters.
* **Tokens.** A word is a maximal run of word bytes: ASCII letters, digits and
  ``_``, and the bytes of non-ASCII letters, marks and digits. Token
  boundaries are where a boolean word mask changes.
* **Token hashes.** Each token's first 8 bytes are read as one little-endian
  64-bit word (an unaligned read assembled from two aligned words with
  shifts), the bytes past the token's end are masked off and the length is
  mixed in; longer tokens fold in their next 8 bytes the same way, one vector
  pass per 8 bytes of the longest token. The splitmix64 finaliser spreads
  every bit, so hashes of tokens of up to 8 bytes never collide. This costs
  about a dozen vector operations per *token*, where a polynomial prefix hash
  over the bytes (as used for sentences below) costs uint64 passes over every
  *byte* (a token and its separator are 6-7 bytes of news text).
* **Sentences.** A sentence ends at ``.``, ``!`` or ``?`` followed by
  whitespace, and at every line break (:func:`sentence_spans`). The hash of
  any run of tokens (:func:`sentence_hashes`) is a polynomial in its token
  hashes, read off prefix sums in O(1) per run:
  ``G[i] = Σ_{j<=i} t[j]·B^-j`` gives ``Σ_{j=a}^{b-1} t[j]·B^(b-1-j) =
  B^(b-1)·(G[b-1] - G[a-1])`` with ``B^-1`` the inverse of the odd ``B``
  modulo 2**64 (numpy's uint64 arithmetic wraps around modulo 2**64).
* **Normalised text.** Whitespace runs collapse to one space and each text is
  stripped, giving exactly the bytes of :func:`~storyfold.copies.text.normalize_text`,
  whose xxh128 digest identifies exact copies.

All arithmetic is on explicitly little-endian unsigned integers, so the
results are the same on every platform and in every run.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import xxhash

from storyfold.copies.text import (
    _DASHES,
    _DOUBLE_QUOTES,
    _INVISIBLE,
    _SINGLE_QUOTES,
    drop_invisible,
)

__all__ = [
    "SENTENCE_BASE",
    "Scan",
    "hash_token_bytes",
    "mix64",
    "scan_texts",
    "sentence_hashes",
    "sentence_spans",
]

_U64 = np.uint64
_MIX1 = _U64(0xBF58476D1CE4E5B9)
_MIX2 = _U64(0x94D049BB133111EB)
_S30, _S27, _S31 = _U64(30), _U64(27), _U64(31)
_LEN_SALT = _U64(0x632BE59BD9B4E019)
_CHUNK_MUL = _U64(0xD6E8FEB86659FD93)
_SENT_SALT = _U64(0xA0761D6478BD642F)
# Odd base of the sentence polynomial and its inverse modulo 2**64.
SENTENCE_BASE = 0xE7037ED1A0B428DB
_SENT_BINV = _U64(pow(SENTENCE_BASE, -1, 1 << 64))
# _BYTE_MASKS[n] keeps the low n bytes of a 64-bit word.
_BYTE_MASKS = np.array([(1 << (8 * n)) - 1 for n in range(9)], dtype=np.uint64)
_PAD = 16  # zero bytes after the buffer: unaligned 8-byte reads never run off its end

# Classes of non-ASCII code points in the fold table.
_WORD, _OTHER, _DELETE, _REPLACE = 0, 1, 2, 3


def mix64(values: np.ndarray) -> np.ndarray:
    """Return the splitmix64 finaliser of every value of a uint64 array (a new array).

    The finaliser is a bijection on 64-bit integers with good avalanche.
    """
    x = np.array(values, dtype=np.uint64, copy=True)
    return _mix_inplace(x)


def _mix_inplace(x: np.ndarray) -> np.ndarray:
    """Apply the splitmix64 finaliser to a uint64 array in place and return it."""
    x ^= x >> _S30
    x *= _MIX1
    x ^= x >> _S27
    x *= _MIX2
    x ^= x >> _S31
    return x


def _char_class(ch: str) -> tuple[int, int]:
    """Return ``(class, replacement byte)`` of one non-ASCII character."""
    if ch in _INVISIBLE:
        return _DELETE, 0
    if ch in _SINGLE_QUOTES:
        return _REPLACE, ord("'")
    if ch in _DOUBLE_QUOTES:
        return _REPLACE, ord('"')
    if ch in _DASHES:
        return _REPLACE, ord("-")
    if ch.isspace():
        return _REPLACE, ord(" ")
    if unicodedata.category(ch)[0] in "LMN":
        return _WORD, 0
    return _OTHER, 0


_SAME = 0  # lowercase table: the character is its own lowercase
_SPECIAL = -1  # lowercase table: str.lower() must fold it (length changes, or context)


def _lower_code(ch: str) -> int:
    """Return the lowercase code point of ``ch``, :data:`_SAME`, or :data:`_SPECIAL`.

    Special: lowercase of another UTF-8 length or of several characters, and
    the capital sigma (whose lowercase depends on its place in the word).
    """
    low = ch.lower()
    if low == ch:
        return _SAME
    if len(low) != 1 or len(low.encode("utf-8")) != len(ch.encode("utf-8")) or ch == "\u03a3":
        return _SPECIAL
    return ord(low)


@lru_cache(maxsize=1)
def _bmp_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the class, replacement and lowercase tables of the code points below 0x10000.

    Built once, on the first batch with non-ASCII text (about 0.1 s).
    """
    classes = np.full(0x10000, _WORD, dtype=np.uint8)
    repl = np.zeros(0x10000, dtype=np.uint8)
    lower = np.zeros(0x10000, dtype=np.int32)
    for cp in range(0x80, 0x10000):
        ch = chr(cp)
        cls, rep = _char_class(ch)
        if cls != _WORD:
            classes[cp] = cls
            repl[cp] = rep
        lower[cp] = _lower_code(ch)
    for table in (classes, repl, lower):
        table.setflags(write=False)
    return classes, repl, lower


@lru_cache(maxsize=4096)
def _astral_class(cp: int) -> tuple[int, int, int]:
    """Return ``(class, replacement byte, lowercase)`` of a code point above 0xFFFF."""
    return (*_char_class(chr(cp)), _lower_code(chr(cp)))


@lru_cache(maxsize=8)
def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Return ``B**j`` and ``B**-j`` modulo 2**64 for ``j < n`` (n a power of two)."""
    up = np.empty(n, dtype=np.uint64)
    down = np.empty(n, dtype=np.uint64)
    up[0] = down[0] = 1
    filled = 1
    while filled < n:
        step = min(filled, n - filled)
        up[filled : filled + step] = up[:step] * _U64(pow(SENTENCE_BASE, filled, 1 << 64))
        down[filled : filled + step] = down[:step] * _U64(pow(int(_SENT_BINV), filled, 1 << 64))
        filled += step
    up.setflags(write=False)
    down.setflags(write=False)
    return up, down


def _power_tables(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Return power tables covering at least ``n`` exponents."""
    size = 1 << max(12, (max(n, 1) - 1).bit_length())
    return _powers(size)


@dataclass(slots=True)
class Scan:
    """A batch of texts scanned into bytes and tokens.

    ``buf`` holds the folded UTF-8 bytes of all texts, each followed by one
    ``\\n``, then zero padding; text ``i`` is ``buf[doc_start[i]:doc_start[i+1]-1]``.
    Tokens are in text order: token ``t`` spans ``buf[tok_start[t]:tok_start[t]+tok_len[t]]``
    and text ``i`` owns tokens ``tok_bounds[i]`` to ``tok_bounds[i+1]-1``.
    ``tok_hash`` are their 64-bit hashes, ``norm_hash`` the xxh128 hex digests
    of the normalised texts, ``boundary`` the byte positions where sentences
    end (the last byte of a sentence's end mark, or a line break).
    """

    buf: np.ndarray
    doc_start: np.ndarray
    tok_start: np.ndarray
    tok_len: np.ndarray
    tok_bounds: np.ndarray
    tok_hash: np.ndarray
    norm_hash: list[str]
    boundary: np.ndarray

    @property
    def n_docs(self) -> int:
        """Number of texts in the batch."""
        return len(self.norm_hash)

    @property
    def n_tokens(self) -> np.ndarray:
        """Number of tokens of each text (int64 array)."""
        return np.diff(self.tok_bounds)

    def tokens(self, doc: int) -> list[str]:
        """Return the tokens of text ``doc`` as strings (for inspection and tests)."""
        lo, hi = int(self.tok_bounds[doc]), int(self.tok_bounds[doc + 1])
        data = self.buf
        return [
            bytes(data[s : s + n]).decode("utf-8", "surrogatepass")
            for s, n in zip(
                self.tok_start[lo:hi].tolist(), self.tok_len[lo:hi].tolist(), strict=True
            )
        ]


def _encode(text: str, lower: bool) -> bytes:
    """Return ``text`` in NFKC form (if not ASCII) as UTF-8 bytes, lowercased if ``lower``.

    Lowercasing is otherwise left to the vector passes of :func:`scan_texts`.
    """
    if text.isascii():
        return text.encode("ascii")
    text = unicodedata.normalize("NFKC", drop_invisible(text))
    if lower:
        text = text.lower()
    return text.encode("utf-8", "surrogatepass")


class _NeedsStrLower(Exception):
    """Some texts hold characters only ``str.lower`` folds right; carries their indices."""

    def __init__(self, docs: set[int]) -> None:
        super().__init__(docs)
        self.docs = docs


def _fold_non_ascii(
    buf: np.ndarray, size: int, doc_start: np.ndarray
) -> tuple[np.ndarray, int, np.ndarray, np.ndarray, np.ndarray]:
    """Fold the multi-byte characters of ``buf[:size]`` in place.

    ``buf`` is writable and padded by at least 3 zero bytes. A character that
    folds to an ASCII character keeps its length: the ASCII byte comes first,
    then spaces if it is whitespace, else zero "filler" bytes (non-word, not
    whitespace) that the normalised text leaves out. Deleted characters are
    cut out, which moves the bytes after them. Returns ``(buf, size,
    doc_start, other, filler)``: ``other`` are the positions of bytes of
    non-word characters, ``filler`` those of filler bytes.
    """
    lead = np.flatnonzero(buf[:size] >= 0xC0)
    b0 = buf[lead].astype(np.int32)
    width = 2 + (b0 >= 0xE0) + (b0 >= 0xF0)
    c1 = buf[lead + 1].astype(np.int32) & 0x3F
    c2 = buf[lead + 2].astype(np.int32) & 0x3F
    c3 = buf[lead + 3].astype(np.int32) & 0x3F
    cp = np.where(
        width == 2,
        ((b0 & 0x1F) << 6) | c1,
        np.where(
            width == 3,
            ((b0 & 0x0F) << 12) | (c1 << 6) | c2,
            ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3,
        ),
    )
    classes, repl, lower = _bmp_tables()
    bmp = cp < 0x10000
    cls = np.empty(cp.size, dtype=np.uint8)
    rep = np.empty(cp.size, dtype=np.uint8)
    low = np.empty(cp.size, dtype=np.int32)
    cls[bmp] = classes[cp[bmp]]
    rep[bmp] = repl[cp[bmp]]
    low[bmp] = lower[cp[bmp]]
    astral = np.flatnonzero(~bmp)
    if astral.size:
        found = [_astral_class(c) for c in cp[astral].tolist()]
        cls[astral] = [c for c, _, _ in found]
        rep[astral] = [r for _, r, _ in found]
        low[astral] = [w for _, _, w in found]
    special = np.flatnonzero(low == _SPECIAL)
    if special.size:
        docs = np.searchsorted(doc_start, lead[special], side="right") - 1
        raise _NeedsStrLower(set(docs.tolist()))
    _write_lowercase(buf, lead, width, low)

    def spread(sel: np.ndarray, first: int) -> np.ndarray:
        """Return the positions of bytes ``first..width-1`` of the selected characters."""
        parts = [lead[sel & (width > k)] + k for k in range(first, 4)]
        return np.sort(np.concatenate(parts))

    replaced = cls == _REPLACE
    buf[lead[replaced]] = rep[replaced]
    spaced = replaced & (rep == 32)
    buf[spread(spaced, 1)] = 32
    filler = spread(replaced & ~spaced, 1)
    buf[filler] = 0
    other = spread(cls == _OTHER, 0)
    deleted = spread(cls == _DELETE, 0)
    if deleted.size:
        keep = np.ones(size, dtype=np.bool_)
        keep[deleted] = False
        kept = buf[:size][keep]
        size = kept.size
        buf = np.zeros(size + _PAD + (-size) % 8, dtype=np.uint8)
        buf[:size] = kept
        doc_start = doc_start - np.searchsorted(deleted, doc_start)
        other = other - np.searchsorted(deleted, other)
        filler = filler - np.searchsorted(deleted, filler)
    return buf, size, doc_start, other, filler


def _write_lowercase(buf: np.ndarray, lead: np.ndarray, width: np.ndarray, low: np.ndarray) -> None:
    """Overwrite the characters with a lowercase form by its UTF-8 bytes (of the same length)."""
    change = np.flatnonzero(low > 0)
    if change.size == 0:
        return
    at, w, cp = lead[change], width[change], low[change]
    for n, top in ((2, 0xC0), (3, 0xE0), (4, 0xF0)):
        sel = w == n
        if not sel.any():
            continue
        c, a = cp[sel], at[sel]
        buf[a] = top | (c >> (6 * (n - 1)))
        for k in range(1, n):
            buf[a + k] = 0x80 | ((c >> (6 * (n - 1 - k))) & 0x3F)


def _ascii_word(b: np.ndarray) -> np.ndarray:
    """Return the mask of ASCII word bytes (digits, lowercase letters, ``_``) of ``b``."""
    return (
        ((b - np.uint8(97)) < 26)
        | ((b - np.uint8(48)) < 10)
        | (b == 95)
        | ((b - np.uint8(65)) < 26)
    )


def _ascii_space(b: np.ndarray) -> np.ndarray:
    """Return the mask of ASCII whitespace bytes (as ``str.isspace``) of ``b``."""
    return (b == 32) | ((b - np.uint8(9)) < 5) | ((b - np.uint8(28)) < 4)


def _read8(words: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Return the little-endian 64-bit words starting at byte offsets ``pos``.

    ``words`` is the buffer viewed as aligned uint64; each unaligned read joins
    two aligned words with shifts (the second shift is split in two so that a
    shift by 64 never happens).
    """
    q = pos >> 3
    r = ((pos & 7) << 3).astype(np.uint64)
    lo = words.take(q)
    lo >>= r
    q += 1
    hi = words.take(q)
    hi <<= np.uint64(1)
    hi <<= np.uint64(63) - r
    lo |= hi
    return lo


def hash_token_bytes(words: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Return the 64-bit hashes of the byte strings ``buf[start:start+length]``.

    ``words`` is the buffer (padded with at least 16 zero bytes) viewed as
    little-endian uint64. Lengths must be >= 1.
    """
    length = length.astype(np.int64, copy=False)
    h = _read8(words, start)
    h &= _BYTE_MASKS.take(np.minimum(length, 8))
    h ^= length.astype(np.uint64) * _LEN_SALT
    _mix_inplace(h)
    todo = np.flatnonzero(length > 8)
    offset = 8
    while todo.size:
        rest = length[todo] - offset
        chunk = _read8(words, start[todo] + offset)
        chunk &= _BYTE_MASKS.take(np.minimum(rest, 8))
        part = h[todo] * _CHUNK_MUL
        part ^= chunk
        h[todo] = _mix_inplace(part)
        offset += 8
        todo = todo[length[todo] > offset]
    return h


def _normalised_hashes(
    buf: np.ndarray, space: np.ndarray, filler: np.ndarray, doc_start: np.ndarray, size: int
) -> list[str]:
    """Return the xxh128 hex digest of each text with whitespace collapsed and stripped.

    ``space`` marks whitespace bytes of ``buf[:size]``. A whitespace byte that
    follows another is left out, so every run keeps its first byte, made a
    space. Every text is followed by a ``\\n`` separator, so a run holding a
    separator is a text's trailing and the next text's leading run: it is left
    out whole, as is a leading run of the first text. ``filler`` bytes are left
    out. Overwrites the kept whitespace bytes of ``buf`` with spaces. Only
    sparse positions are listed: runs longer than one byte, line breaks,
    separators.
    """
    b = buf[:size]
    follows = np.flatnonzero(space[1:] & space[:-1]) + 1
    first = doc_start[1:] - 1  # separators; walk back to the first byte of their run
    while True:
        back = np.flatnonzero(space[np.maximum(first - 1, 0)] & (first > 0))
        if back.size == 0:
            break
        first[back] -= 1
    parts = [follows, first, filler]
    if size and space[0]:
        parts.append(np.zeros(1, dtype=np.int64))
    dropped = np.unique(np.concatenate(parts))
    odd = np.flatnonzero(space & (b != 32))
    buf[odd] = 32
    keep = np.ones(size, dtype=np.bool_)
    keep[dropped] = False
    text = b[keep]
    starts = (doc_start[:-1] - np.searchsorted(dropped, doc_start[:-1])).tolist()
    ends = (doc_start[1:] - 1 - np.searchsorted(dropped, doc_start[1:] - 1)).tolist()
    view = text.data  # a memoryview of the array's bytes, no copy
    digest = xxhash.xxh128_hexdigest
    return [digest(view[a:b]) for a, b in zip(starts, ends, strict=True)]


_NO_POSITIONS = np.empty(0, dtype=np.int64)


def scan_texts(texts: Sequence[str]) -> Scan:
    """Scan ``texts`` into one :class:`Scan`: folded bytes, tokens and their hashes."""
    try:
        return _scan(texts, frozenset())
    except _NeedsStrLower as exc:
        return _scan(texts, frozenset(exc.docs))


def _scan(texts: Sequence[str], str_lower: frozenset[int]) -> Scan:
    """Scan ``texts``, lowercasing those in ``str_lower`` with ``str.lower`` first."""
    encoded = [_encode(text, i in str_lower) for i, text in enumerate(texts)]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    doc_start = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=doc_start[1:])
    joined = b"\n".join(encoded) + b"\n"
    if b"`" in joined:  # the one ASCII character that folds: a backtick is a quote
        joined = joined.replace(b"`", b"'")
    size = len(joined)
    buf = np.zeros(size + _PAD + (-size) % 8, dtype=np.uint8)
    b = buf[:size]
    b[:] = np.frombuffer(joined, dtype=np.uint8)
    b |= ((b - np.uint8(65)) < 26).view(np.uint8) << 5  # ASCII A-Z to a-z
    other = filler = _NO_POSITIONS
    if not joined.isascii():
        buf, size, doc_start, other, filler = _fold_non_ascii(buf, size, doc_start)
        b = buf[:size]
    word = np.zeros(size + 2, dtype=np.bool_)
    word[1:-1] = _ascii_word(b) | (b >= 0x80)
    word[other + 1] = False
    edges = np.flatnonzero(word[1:] != word[:-1])
    tok_start = edges[0::2]
    tok_len = edges[1::2] - tok_start
    tok_bounds = np.searchsorted(tok_start, doc_start)
    tok_hash = hash_token_bytes(buf.view("<u8"), tok_start, tok_len)
    space = _ascii_space(b)
    ends = (b[:-1] == 46) | (b[:-1] == 33) | (b[:-1] == 63)
    ends &= space[1:]
    ends |= b[:-1] == 10
    boundary = np.flatnonzero(ends)
    norm_hash = _normalised_hashes(buf, space, filler, doc_start, size)
    return Scan(buf, doc_start, tok_start, tok_len, tok_bounds, tok_hash, norm_hash, boundary)


def sentence_spans(scan: Scan, min_tokens: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(doc, first token, token count)`` of the sentences with >= ``min_tokens`` tokens.

    A sentence ends at ``.``, ``!`` or ``?`` followed by whitespace and at every
    line break (texts are separated by line breaks, so no sentence spans two
    texts). Arrays are in text order.
    """
    # Tokens before each boundary: sentence j holds tokens cut[j] to cut[j+1]-1.
    cut = np.searchsorted(scan.tok_start, scan.boundary)
    first = np.concatenate(([0], cut))
    count = np.diff(np.append(first, scan.tok_start.size))
    keep = count >= max(1, min_tokens)
    first, count = first[keep], count[keep]
    doc = np.searchsorted(scan.tok_bounds, first, side="right") - 1
    return doc, first, count


def sentence_hashes(token_hash: np.ndarray, first: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Return the keys of the token runs ``token_hash[first:first+count]`` (counts >= 1).

    The key is the splitmix64 finaliser of the polynomial ``Σ t[j]·B^(last-j)``
    plus the run length, computed from prefix sums (see the module docstring).
    """
    n = int(token_hash.size)
    if first.size == 0:
        return np.empty(0, dtype=np.uint64)
    up, down = _power_tables(n)
    prefix = token_hash * down[:n]
    np.cumsum(prefix, out=prefix)
    last = first + count - 1
    total = prefix[last]
    before = first - 1
    total -= np.where(before >= 0, prefix[np.maximum(before, 0)], np.uint64(0))
    total *= up[last]
    total ^= count.astype(np.uint64) * _SENT_SALT
    return _mix_inplace(total)
