"""The paraphrase scorer: a logistic model over :mod:`.features`, shipped as plain numbers.

The weights live in ``storyfold/data/paraphrase_model.json`` (feature means,
scales, coefficients, intercept and decision threshold), fitted by
``bench/train_paraphrase.py``; scoring needs numpy only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, cast

import numpy as np

from ..errors import ConfigError
from .bounds import reachable_pairs
from .features import (
    COSTLY_AT,
    FEATURE_NAMES,
    Prepared,
    add_costly_features,
    known_pair_features,
    pair_features,
)

if TYPE_CHECKING:
    from .align import SentenceIndex

MODEL_FILE = "paraphrase_model.json"


@dataclass(slots=True, frozen=True)
class ParaphraseModel:
    """Logistic regression over standardised pair features."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    _weights: np.ndarray = field(init=False, repr=False, compare=False)
    _offset: float = field(init=False, repr=False, compare=False)
    _costly_gain: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        weights = self.coef / self.scale
        object.__setattr__(self, "_weights", weights)
        object.__setattr__(self, "_offset", float(self.intercept - self.mean @ weights))
        object.__setattr__(self, "_costly_gain", np.maximum(weights[COSTLY_AT], 0.0))

    def probability_reaching(self, a: Prepared, b: Prepared, cut: float) -> float | None:
        """P(paraphrase) of a sentence pair, or None when it cannot reach ``cut``.

        The cheap features are computed first; when even the most favourable
        values of the costly ones (see :func:`~.features.known_pair_features`)
        leave the pair under ``cut``, they are not computed. A probability
        returned is exactly :meth:`probability` of :func:`~.features.pair_features`.
        """
        known, high = known_pair_features(a, b)
        if 0.0 < cut < 1.0:
            best = float(known @ self._weights) + self._offset + float(high @ self._costly_gain)
            if best < math.log(cut / (1.0 - cut)) - 1e-9:
                return None
        return float(self.probability(add_costly_features(known, a, b)))

    def reachable(
        self, left: SentenceIndex, right: SentenceIndex, pairs: set[tuple[int, int]], cut: float
    ) -> set[tuple[int, int]]:
        """The candidate pairs :meth:`probability_reaching` would not give up on at once.

        All pairs' bounds are computed together (see :mod:`.bounds`); a pair
        left out could not reach ``cut``, so leaving it out changes no result.
        """
        return reachable_pairs(
            left.bounds(),
            right.bounds(),
            pairs,
            self._weights,
            self._offset,
            self._costly_gain,
            cut,
        )

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(paraphrase) for one feature vector or a matrix of them."""
        z = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, object]:
        """The model as JSON-ready values."""
        return {
            "features": list(FEATURE_NAMES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ParaphraseModel:
        """Rebuild a model; refuses one fitted on other features."""
        names = tuple(cast("Iterable[str]", data.get("features", ())))
        if names != FEATURE_NAMES:
            raise ConfigError(
                f"paraphrase model expects features {names}, this storyfold computes "
                f"{FEATURE_NAMES}; re-run bench/train_paraphrase.py"
            )
        return cls(
            np.asarray(data["mean"], dtype=np.float64),
            np.asarray(data["scale"], dtype=np.float64),
            np.asarray(data["coef"], dtype=np.float64),
            float(data["intercept"]),  # type: ignore[arg-type]
            float(data["threshold"]),  # type: ignore[arg-type]
        )


@lru_cache(maxsize=1)
def default_model() -> ParaphraseModel:
    """The shipped paraphrase model."""
    text = resources.files("storyfold.data").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return ParaphraseModel.from_json(json.loads(text))


def paraphrase_probability(a: Prepared, b: Prepared, model: ParaphraseModel | None = None) -> float:
    """How likely two prepared sentences say the same thing (0..1)."""
    m = model or default_model()
    return float(m.probability(pair_features(a, b)))
