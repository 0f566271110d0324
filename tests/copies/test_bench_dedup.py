"""The copy detection benchmark: its corpus generator, scoring and a small end-to-end run."""

from __future__ import annotations

import re
from types import ModuleType

import pytest

from ..conftest import load_bench


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_bench("bench_dedup")


@pytest.fixture(scope="module")
def corpus(bench: ModuleType):
    return bench.Corpus(600, seed=3)


def test_documents_depend_on_seed_and_index_only(bench: ModuleType, corpus) -> None:
    again = bench.Corpus(600, seed=3)
    for i in (0, 17, 599):
        assert corpus.text(i) == again.text(i)
    assert bench.Corpus(600, seed=4).text(17) != corpus.text(17)
    # A shorter corpus is a prefix of a longer one, planted copies included.
    short = bench.Corpus(300, seed=3)
    assert all(short.text(i) == corpus.text(i) for i in range(0, 300, 7))
    assert list(short.planted()) == [p for p in corpus.planted() if p[2] < 300]


def test_documents_look_like_news(bench: ModuleType, corpus) -> None:
    texts = [corpus.base_text(i) for i in range(60)]
    sizes = [len(t.encode("utf-8")) for t in texts]
    assert 3500 < sum(sizes) / len(sizes) < 5000
    assert any(not t.isascii() for t in texts) and any(t.isascii() for t in texts)
    lines = texts[0].splitlines()
    assert len(lines) > 5 and not lines[0].endswith(".")  # a title, then paragraphs
    words = [w for t in texts for w in re.findall(r"\w+", t.lower())]
    top = max(set(words), key=words.count)
    assert 0.03 < words.count(top) / len(words) < 0.15  # Zipfian: one word ~ "the"
    assert len(bench.Vocab(seed=3).words) == 50_000


def test_planted_pairs(bench: ModuleType, corpus) -> None:
    kinds = [kind for kind, _, _ in corpus.planted()]
    assert {bench.NEAR, bench.CONTAINED, bench.REWRITE} <= set(kinds)
    sources = [source for _, source, _ in corpus.planted()]
    assert len(sources) == len(set(sources))  # each source used once
    gold = bench.gold_of(corpus)
    assert gold.near and gold.contained and gold.rewrites
    for source, copy in gold.contained:
        a = set(bench.python_shingles(corpus.text(copy)))
        b = set(bench.python_shingles(corpus.text(source)))
        assert bench.jaccard_containment(a, b)[1] >= 0.6
    for source, copy in gold.rewrites:
        a = set(bench.python_shingles(corpus.text(copy)))
        b = set(bench.python_shingles(corpus.text(source)))
        assert bench.jaccard_containment(a, b)[1] < 0.3


def test_verify_rules(bench: ModuleType) -> None:
    a = {"a", "b", "c", "d", "e"}
    assert bench.verify(a, set(a), 0.6) == "near"
    assert bench.verify({"a", "b", "c"}, a, 0.6) == "contained"
    assert bench.verify({"a", "x", "y"}, a, 0.6) is None
    assert bench.python_shingles("One two") == ["one two"]
    assert bench.python_shingles("a b c d e f") == ["a b c d e", "b c d e f"]


def test_storyfold_scores_on_a_small_corpus(bench: ModuleType, corpus) -> None:
    texts = [corpus.text(i) for i in range(corpus.n)]
    items = ((str(i), t) for i, t in enumerate(texts))
    found = bench.run_storyfold(items, lambda item_id: texts[int(item_id)])
    score = bench.score({"found": found}, bench.gold_of(corpus))
    assert score["near_recall"] == 1.0 and score["near_precision"] == 1.0
    assert score["contained_recall"] == 1.0
    assert score["false_copies"] == 0 and score["rewrites_flagged"] == 0


@pytest.mark.parametrize("system", ["datasketch", "rensa"])
def test_baselines_on_a_small_corpus(bench: ModuleType, corpus, system: str) -> None:
    pytest.importorskip(system)
    texts = [corpus.text(i) for i in range(200)]
    run = bench.run_datasketch if system == "datasketch" else bench.run_rensa
    found = run(texts, 0.6)
    small = bench.Corpus(200, seed=3)
    score = bench.score({"found": found}, bench.gold_of(small))
    assert score["near_recall"] >= 0.9 and score["near_precision"] == 1.0
    assert score["false_copies"] == 0


def test_main_runs_end_to_end(bench: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--docs", "300", "--only", "storyfold", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("storyfold "))
    assert "1.0000" in row
    assert "P(cand)" in out and "16 bands x 6 rows" in out


def test_streaming_needs_storyfold_only(bench: ModuleType) -> None:
    with pytest.raises(SystemExit, match="only with --only storyfold"):
        bench.main(["--docs", "300", "--stream"])
