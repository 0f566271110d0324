"""Exact comparison of two fingerprints and the copy relation it implies."""

from __future__ import annotations

import numpy as np

from storyfold.copies.config import CopyConfig
from storyfold.copies.fingerprint import Fingerprint
from storyfold.model import CONTAINED, EXACT, NEAR, CopyRelation

__all__ = ["classify", "compare", "intersection_size"]


def intersection_size(a: np.ndarray, b: np.ndarray) -> int:
    """Return how many values two sorted arrays of unique values share.

    Searches the smaller array in the larger, ``O(min * log(max))``.
    """
    small, large = (a, b) if a.size <= b.size else (b, a)
    if small.size == 0:
        return 0
    pos = np.searchsorted(large, small)
    pos[pos == large.size] = 0
    return int(np.count_nonzero(large[pos] == small))


def compare(a: Fingerprint, b: Fingerprint) -> tuple[float, float, float]:
    """Return ``(jaccard, containment of a in b, containment of b in a)``.

    All three are exact, computed on the true shingle sets. The containment of
    ``x`` in ``y`` is ``|x ∩ y| / |x|``. An empty set counts as contained in
    anything (1.0), and two empty sets as identical (Jaccard 1.0).
    """
    na, nb = int(a.shingles.size), int(b.shingles.size)
    common = intersection_size(a.shingles, b.shingles)
    union = na + nb - common
    jaccard = common / union if union else 1.0
    a_in_b = common / na if na else 1.0
    b_in_a = common / nb if nb else 1.0
    return jaccard, a_in_b, b_in_a


def classify(
    id_a: str, fp_a: Fingerprint, id_b: str, fp_b: Fingerprint, cfg: CopyConfig
) -> CopyRelation | None:
    """Return the copy relation between two texts, or None when they are not copies.

    * ``exact``: equal normalised texts;
    * ``near``: Jaccard similarity >= ``cfg.threshold``;
    * ``contained``: the share of the shorter text's shingles found in the
      longer one is >= ``cfg.containment_threshold``.

    For ``exact`` and ``near`` the ids are put in sorted order (``a < b``) and
    ``containment`` is the share of ``a`` in ``b``. For ``contained``, ``a`` is
    the shorter (fewer shingles) text and ``b`` the container. Texts without
    words relate to nothing. Similarity and containment are rounded to 4 places.
    """
    if fp_a.n_tokens == 0 or fp_b.n_tokens == 0:
        return None
    if fp_a.norm_hash == fp_b.norm_hash:
        first, second = sorted((id_a, id_b))
        return CopyRelation(first, second, EXACT, 1.0, 1.0)
    jaccard, a_in_b, b_in_a = compare(fp_a, fp_b)
    if jaccard >= cfg.threshold:
        if id_b < id_a:
            id_a, id_b, a_in_b = id_b, id_a, b_in_a
        return CopyRelation(id_a, id_b, NEAR, round(jaccard, 4), round(a_in_b, 4))
    # The shorter text is the one that can be contained; on equal sizes, the
    # better contained one, then the smaller id.
    key_a = (fp_a.shingles.size, -a_in_b, id_a)
    key_b = (fp_b.shingles.size, -b_in_a, id_b)
    if key_b < key_a:
        id_a, id_b, a_in_b = id_b, id_a, b_in_a
    if a_in_b >= cfg.containment_threshold:
        return CopyRelation(id_a, id_b, CONTAINED, round(jaccard, 4), round(a_in_b, 4))
    return None
