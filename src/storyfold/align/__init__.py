"""Sentence alignment across articles: the same claim in different words.

>>> from storyfold.align import align_sentences
>>> align_sentences(["Troops were sent in June."], ["In June, the troops were deployed."])
[AlignedPair(left=0, right=0, score=..., relation='paraphrase')]
"""

from __future__ import annotations

from .align import PARAPHRASE, PARTIAL, SAME, AlignedPair, align_prepared, align_sentences
from .features import FEATURE_NAMES, Prepared, pair_features, prepare
from .model import ParaphraseModel, default_model, paraphrase_probability

__all__ = [
    "FEATURE_NAMES",
    "PARAPHRASE",
    "PARTIAL",
    "SAME",
    "AlignedPair",
    "ParaphraseModel",
    "Prepared",
    "align_prepared",
    "align_sentences",
    "default_model",
    "pair_features",
    "paraphrase_probability",
    "prepare",
]
