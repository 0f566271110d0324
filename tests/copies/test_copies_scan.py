"""The byte-level scanner against plain string references, on generated Unicode text."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import xxhash
from hypothesis import example, given, settings
from hypothesis import strategies as st

from storyfold.copies.scan import hash_token_bytes, scan_texts, sentence_spans
from storyfold.copies.shingles import token_hashes
from storyfold.copies.text import fold_text, normalize_text, split_sentences, tokenize

# Letters with and without case, marks, digits, quotes, dashes, invisible characters, other
# whitespace, symbols, an astral letter and emoji, and the capitals str.lower treats specially.
ALPHABET = (
    "ab zAZ09_é ÉÜßẞΣσςΟΔ İ iı ŉ ǅ ﬂ Ω K Å \u0301\u0915\u093f 日本 \U00010400\U0001d400 😀 "
    "'\"`\u2018\u2019\u201c\u201d\u00ab\u00bb -\u2013\u2014\u2212 \u00ad\u200b\u200d\ufeff "
    "\u00a0\u2028\u3000\t\r\n .!?,;:()[]/€©•…"
)
texts = st.text(alphabet=ALPHABET, max_size=80)
WORDY = re.compile(r"\S+")


def reference_tokens(text: str) -> list[str]:
    """Runs of letters, marks, digits and ``_`` in the folded text."""
    out, current = [], []
    for ch in fold_text(text):
        if ch == "_" or unicodedata.category(ch)[0] in "LMN":
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def reference_sentences(text: str) -> list[list[str]]:
    pieces = re.split(r"(?<=[.!?])\s+|\s*\n\s*", fold_text(text))
    return [words for piece in pieces if (words := reference_tokens(piece))]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_tokens_match_reference(text: str) -> None:
    assert tokenize(text) == reference_tokens(text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_norm_hash_is_hash_of_normalized_text(text: str) -> None:
    expected = xxhash.xxh128_hexdigest(normalize_text(text).encode("utf-8", "surrogatepass"))
    assert scan_texts([text]).norm_hash[0] == expected


@settings(max_examples=200, deadline=None)
@given(texts)
@example("A\u200b\u0301")  # a mark behind a zero-width space composes with its letter
def test_sentences_match_reference(text: str) -> None:
    assert split_sentences(text) == reference_sentences(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(texts, max_size=6))
def test_batch_equals_one_by_one(batch: list[str]) -> None:
    together = scan_texts(batch)
    assert together.n_docs == len(batch)
    for i, text in enumerate(batch):
        alone = scan_texts([text])
        assert together.tokens(i) == alone.tokens(0)
        lo, hi = together.tok_bounds[i], together.tok_bounds[i + 1]
        assert np.array_equal(together.tok_hash[lo:hi], alone.tok_hash)
        assert together.norm_hash[i] == alone.norm_hash[0]


@settings(max_examples=100, deadline=None)
@given(texts)
def test_token_hashes_of_tokens_equal_scanned_hashes(text: str) -> None:
    assert np.array_equal(token_hashes(tokenize(text)), scan_texts([text]).tok_hash)


def test_token_hashes_are_pinned() -> None:
    """Same on every platform and run; a change here needs a new FINGERPRINT_VERSION."""
    hashes = token_hashes(["wrenmere", "a", "floating-library-of-the-lake"])
    assert hashes.tolist() == [0x135901BF5F178C01, 0x362303C20EB73B89, 0x52CA202ABAE3B792]


def test_long_tokens_hash_all_their_bytes() -> None:
    base = "x" * 40
    variants = [base, base[:-1] + "y", "y" + base[1:], base[:20] + "y" + base[21:], base + "x"]
    hashes = token_hashes(variants)
    assert np.unique(hashes).size == len(variants)
    # Prefixes of every length differ too (the length is mixed in).
    assert np.unique(token_hashes([base[:n] for n in range(1, 41)])).size == 40


def test_hash_token_bytes_reads_unaligned_spans() -> None:
    data = b"  alpha beta    gamma-delta epsilonzeta  "
    buf = np.zeros(len(data) + 16 + (-len(data)) % 8, dtype=np.uint8)
    buf[: len(data)] = np.frombuffer(data, dtype=np.uint8)
    spans = [(m.start(), m.end() - m.start()) for m in re.finditer(rb"[a-z]+", data)]
    start = np.array([s for s, _ in spans], dtype=np.int64)
    length = np.array([n for _, n in spans], dtype=np.int64)
    got = hash_token_bytes(buf.view("<u8"), start, length)
    words = [data[s : s + n].decode() for s, n in spans]
    assert np.array_equal(got, token_hashes(words))


def test_invisible_characters_join_and_quotes_split() -> None:
    assert tokenize("re\u00adport zero\u200bwidth") == ["report", "zerowidth"]
    assert tokenize("Kim\u2019s \u201cquote\u201d\u2014dash") == ["kim", "s", "quote", "dash"]
    assert tokenize("\u0915\u093f\u0924\u093e\u092c") == ["\u0915\u093f\u0924\u093e\u092c"]


def test_capitals_needing_str_lower() -> None:
    assert tokenize("ΟΔΟΣ ΣΑΣ") == ["οδος", "σας"]
    assert tokenize("İstanbul") == ["i\u0307stanbul"]
    assert tokenize("STRAẞE Ärger") == ["straße", "ärger"]


def test_sentence_spans_skip_short_sentences() -> None:
    scan = scan_texts(["One two three. Four five six seven eight nine!\nTen", "A b c d e f"])
    doc, first, count = sentence_spans(scan, 6)
    assert doc.tolist() == [0, 1]
    assert count.tolist() == [6, 6]
    assert first.tolist() == [3, 10]  # global token numbers: text 0 has 10 words
