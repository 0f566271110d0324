"""Normalisation, tokens, shingle hashes and sentence keys."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfold.copies import normalize_text, sentence_keys, shingle_hashes, tokenize
from storyfold.copies.scan import scan_texts
from storyfold.copies.sentences import MAX_PIECE_WORDS, batch_sentence_keys
from storyfold.copies.shingles import (
    batch_shingles,
    shingle_hashes_from_tokens,
    sorted_unique,
    token_hashes,
)
from storyfold.copies.text import fold_text, split_sentences


def test_normalize_folds_case_quotes_dashes_and_spaces() -> None:
    fancy = (
        "  \u201cThe Mayor\u2019s\u00a0boat\u201d \u2014 Wrenmere\u2013Ostrel\n\n ﬁne\u200b day "
    )
    plain = '"the mayor\'s boat" - wrenmere-ostrel fine day'
    assert normalize_text(fancy) == plain


def test_nfkc_fullwidth_and_ligatures() -> None:
    assert tokenize("ＷＲＥＮＭＥＲＥ ﬂoat") == ["wrenmere", "float"]


def test_fold_keeps_line_breaks() -> None:
    assert fold_text("A\nB") == "a\nb"


def test_tokens_are_word_runs() -> None:
    assert tokenize("Don't stop—now, 42 boats!") == ["don", "t", "stop", "now", "42", "boats"]


def test_shingles_sorted_unique_uint64() -> None:
    text = "one two three four five six one two three four five six"
    sh = shingle_hashes(text, 5)
    assert sh.dtype == np.uint64
    assert np.all(sh[1:] > sh[:-1])
    # 8 windows; the first two ("one ... five", "two ... six") come again at the end.
    assert sh.size == 6


def test_short_text_gives_one_shingle_and_empty_gives_none() -> None:
    assert shingle_hashes("just three words", 5).size == 1
    assert shingle_hashes("", 5).size == 0
    assert shingle_hashes(" ... !!! ", 5).size == 0


def test_short_text_shingle_is_not_a_window_of_a_longer_text() -> None:
    short = shingle_hashes("a b c", 5)
    longer = shingle_hashes("a b c d e f", 5)
    assert short.size == 1
    assert short[0] not in set(longer.tolist())


def test_shingles_depend_on_word_order() -> None:
    a = shingle_hashes("alpha beta gamma delta epsilon", 5)
    b = shingle_hashes("epsilon delta gamma beta alpha", 5)
    assert a[0] != b[0]


@settings(deadline=None)
@given(st.lists(st.sampled_from(["ka", "ro", "mi", "ne", "tu"]), max_size=40), st.integers(1, 7))
def test_shingles_match_a_string_reference(words: list[str], k: int) -> None:
    """Two texts share a shingle hash exactly when they share the word window."""
    got = shingle_hashes_from_tokens(token_hashes(words), k)
    width = min(k, len(words))
    windows = (
        {tuple(words[i : i + width]) for i in range(len(words) - width + 1)} if words else set()
    )
    assert got.size == len(windows)


def test_sentences_split_on_stops_and_lines() -> None:
    text = "First one here. Second one! Third?\nFourth line without stop\n\nFifth."
    assert split_sentences(text) == [
        ["first", "one", "here"],
        ["second", "one"],
        ["third"],
        ["fourth", "line", "without", "stop"],
        ["fifth"],
    ]


def test_sentence_keys_need_six_words_and_ignore_formatting() -> None:
    assert sentence_keys("Too short to count. Also short.").size == 0
    a = sentence_keys("The barge holds two thousand books today. Short one.")
    b = sentence_keys("  THE BARGE holds two thousand books, today!\n")
    assert a.size == 1
    assert np.array_equal(a, b)
    assert sentence_keys("one two three four five six", min_words=7).size == 0


def test_anchor_is_the_least_shingle_inside_the_sentence() -> None:
    sentence = "the harbour master checks the four heavy chains of the barge every evening"
    windows = shingle_hashes_from_tokens(token_hashes(tokenize(sentence)), 5)
    (anchor,) = sentence_keys(sentence).tolist()
    assert anchor == int(windows.min())
    # Other sentences around it change nothing; the sentence elsewhere gives the same anchor.
    page = f"Another line of text here. {sentence.capitalize()}! And a last sentence follows it."
    assert anchor in sentence_keys(page).tolist()


def test_anchor_survives_an_edit_outside_its_words() -> None:
    words = "the harbour master checks the four heavy chains of the barge every evening".split()
    hashes = [shingle_hashes(" ".join(words[i : i + 5]), 5)[0] for i in range(len(words) - 4)]
    at = int(np.argmin(hashes))  # the anchor's window covers words at .. at+4
    outside = next(i for i in range(len(words)) if not at <= i < at + 5)
    edited = list(words)
    edited[outside] = "xyzzy"
    assert np.array_equal(sentence_keys(" ".join(words)), sentence_keys(" ".join(edited)))
    edited = list(words)
    edited[at + 2] = "xyzzy"
    assert not np.array_equal(sentence_keys(" ".join(words)), sentence_keys(" ".join(edited)))


def test_long_sentences_are_cut_into_pieces() -> None:
    assert MAX_PIECE_WORDS == 24
    words = [f"w{i}" for i in range(50)]  # 50 words: three pieces of 16-17 words
    keys = sentence_keys(" ".join(words) + ".")
    assert keys.size == 3
    first_piece = sentence_keys(" ".join(words[:16]) + ".")
    assert first_piece[0] in keys.tolist()


def test_batch_anchors_keep_sentence_order_and_repeats() -> None:
    text = "one two three four five six seven.\nalpha beta gamma delta epsilon zeta.\n" * 2
    scan = scan_texts([text, "short one"])
    shingles, bounds = batch_shingles(scan.tok_hash, scan.tok_bounds, 5)
    keys, key_bounds = batch_sentence_keys(scan, shingles, bounds, 5)
    assert key_bounds.tolist() == [0, 4, 4]
    assert keys[:2].tolist() == keys[2:4].tolist()
    assert sentence_keys(text).size == 2


@settings(deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(["ka", "ro", "mi", "ne", "tu"]), max_size=12), max_size=6),
    st.integers(1, 6),
)
def test_batch_shingles_equal_per_text(docs: list[list[str]], k: int) -> None:
    """Windows never cross from one text into the next."""
    texts = [" ".join(words) for words in docs]
    scan = scan_texts(texts)
    values, bounds = batch_shingles(scan.tok_hash, scan.tok_bounds, k)
    for i, text in enumerate(texts):
        assert np.array_equal(
            sorted_unique(values[bounds[i] : bounds[i + 1]]), shingle_hashes(text, k)
        )
