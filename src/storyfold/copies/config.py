"""Settings of the copy detection stage and the choice of LSH bands × rows.

MinHash LSH splits a signature of ``num_perm`` values into ``bands`` bands of
``rows`` values each. Two texts become candidates when all rows of at least one
band agree. For a pair with Jaccard similarity ``s`` one row agrees with
probability ``s``, so one band agrees with probability ``s**rows`` and the pair
becomes a candidate with probability

    P(s) = 1 - (1 - s**rows) ** bands

This is the LSH "S-curve": close to 0 for small ``s``, close to 1 for large
``s``, steepest near ``(1 / bands) ** (1 / rows)``. We choose the pair with
``bands * rows <= num_perm`` that keeps ``P(threshold) >= target_recall`` (a
pair at exactly the threshold is missed at most ``1 - target_recall`` of the
time) and, among those, has the smallest false-positive area
``∫₀^threshold P(s) ds`` (candidates below the threshold only cost a
verification, but they do cost one).

With the defaults (``threshold=0.8``, ``num_perm=128``, ``target_recall=0.99``)
that is 16 bands of 6 rows, whose S-curve is::

    Jaccard s        0.3    0.4    0.5    0.6    0.7    0.75   0.8    0.85   0.9
    P(candidate)     0.012  0.064  0.223  0.534  0.865  0.957  0.992  0.9995 1.000

so a pair at the threshold is proposed 99.2% of the time, one at 0.85 99.95%,
and unrelated texts (s near 0) essentially never. Other thresholds give
(bands x rows): 0.5 → 35 x 3, 0.6 → 19 x 3, 0.7 → 17 x 4, 0.9 → 11 x 10, each
with ``P(threshold) >= 0.99``. Every candidate is then verified on the exact
shingle sets, so the S-curve sets recall and cost, never precision.

Containment is not what MinHash estimates: a text wholly inside one three
times its size has Jaccard similarity 1/3, proposed by the bands 2% of the
time. Such pairs come from the second candidate route, sentence anchors
(:mod:`storyfold.copies.sentences`), and are verified on the exact sets too.

Why ``containment_threshold=0.6``: the containment of ``a`` in ``b`` is the
share of ``a``'s 5-word shingles found in ``b``. Texts written independently
stay far below 0.6 even when they report the same event and quote the same
people (a quote of ``q`` words in a text of ``n`` words contributes about
``q / n``: one shared 30-word quote gives 0.1 in a 300-word article, and a text
would have to be mostly quotation to reach 0.6); a paraphrase that keeps the
sentence order but rewords them scores about 0.1. A copy that keeps 60% of
its 5-word sequences keeps most of its sentences verbatim, or has been edited
at a rate of at most about one word in ten (a 5-gram survives an edit rate
``e`` with probability ``(1 - e)**5``; ``0.9**5 = 0.59``). On the seed pages the
wire story cut down by one site is 0.75 contained in the full wire story and
0.76 in another site's edited version, the paraphrase at most 0.13 and the
independent report at most 0.06, so 0.6 leaves a wide margin on both sides,
where 0.8 missed every copy.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = ["FINGERPRINT_VERSION", "CopyConfig", "candidate_probability", "choose_bands"]

FINGERPRINT_VERSION = "v2"
"""Changes whenever the hashing behind fingerprints changes (v2: byte-level token hashes,
one-permutation MinHash, sentence anchors), so stored fingerprints of another version are
recognisably incomparable."""


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """Return the chance that a pair with Jaccard ``similarity`` becomes a candidate.

    This is the S-curve ``1 - (1 - s**rows) ** bands`` of MinHash LSH.
    """
    return 1.0 - (1.0 - similarity**rows) ** bands


def _false_positive_area(threshold: float, bands: int, rows: int) -> float:
    """Integrate the S-curve from 0 to ``threshold`` (trapezoid rule, 512 steps)."""
    s = np.linspace(0.0, threshold, 513)
    p = 1.0 - (1.0 - s**rows) ** bands
    return float(np.sum((p[1:] + p[:-1]) * 0.5) * (threshold / 512))


def _min_bands(threshold: float, rows: int, target_recall: float, limit: int) -> int | None:
    """Return the fewest bands of ``rows`` rows reaching ``target_recall``, or None.

    None when more than ``limit`` bands would be needed.
    """
    band_hit = threshold**rows
    if band_hit >= 1.0:
        return 1
    if band_hit <= 0.0:
        return None
    guess = math.log1p(-target_recall) / math.log1p(-band_hit)
    bands = max(1, math.floor(guess) - 1)
    while bands <= limit:
        if candidate_probability(threshold, bands, rows) >= target_recall:
            return bands
        bands += 1
    return None


@lru_cache(maxsize=256)
def choose_bands(threshold: float, num_perm: int, target_recall: float) -> tuple[int, int]:
    """Return ``(bands, rows)`` for MinHash LSH.

    The pair satisfies ``bands * rows <= num_perm`` and
    ``1 - (1 - threshold**rows) ** bands >= target_recall`` and has the smallest
    false-positive area under the S-curve below ``threshold`` (ties go to more
    rows). Raises ``ValueError`` when no pair reaches ``target_recall``.
    """
    best: tuple[float, int, int] | None = None
    for rows in range(1, num_perm + 1):
        bands = _min_bands(threshold, rows, target_recall, num_perm // rows)
        if bands is None:
            continue
        area = _false_positive_area(threshold, bands, rows)
        if best is None or area < best[0] or (area == best[0] and rows > best[2]):
            best = (area, bands, rows)
    if best is None:
        raise ValueError(
            f"CopyConfig.target_recall: expected a recall reachable with num_perm={num_perm} "
            f"at threshold={threshold}, got {target_recall}"
        )
    return best[1], best[2]


def _fail(name: str, expected: str, value: object) -> ValueError:
    """Build the error for a bad field: it names the field, the expectation, the value."""
    return ValueError(f"CopyConfig.{name}: expected {expected}, got {value!r}")


def _is_int(value: object) -> bool:
    """Tell whether ``value`` is an int and not a bool."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


def _is_real(value: object) -> bool:
    """Tell whether ``value`` is a real number (int or float, not bool) and not NaN."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        return False
    return not math.isnan(float(value))


@dataclass(frozen=True)
class CopyConfig:
    """Settings of copy detection.

    ``threshold`` is the Jaccard similarity of word-shingle sets from which two
    texts are ``near`` copies; ``containment_threshold`` the share of the shorter
    text's shingles found in the longer one from which the shorter is
    ``contained`` (see the module docstring for why 0.6). ``shingle_size`` is
    the number of words per shingle, ``num_perm`` the MinHash signature length
    and ``seed`` picks the hash functions. ``target_recall`` is the least
    chance that a pair at exactly ``threshold`` becomes an LSH candidate.

    ``bands`` and ``rows`` may be given to override the LSH layout; when left
    out they are derived (see :func:`choose_bands`) and filled in, so after
    construction both are always ints. If only one is given, the other is
    derived for it. Use :meth:`replace` rather than ``dataclasses.replace`` to
    change fields: it derives ``bands``/``rows`` anew unless they were given.

    Fingerprints are only comparable when made with equal ``shingle_size``,
    ``num_perm``, ``seed``, ``bands`` and ``rows`` (see :attr:`fingerprint_key`).
    """

    threshold: float = 0.8
    containment_threshold: float = 0.6
    shingle_size: int = 5
    num_perm: int = 128
    seed: int = 1
    target_recall: float = 0.99
    bands: int | None = None
    rows: int | None = None
    _derived: tuple[bool, bool] = field(
        default=(False, False), init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        """Validate every field and derive ``bands``/``rows`` when not given."""
        for name in ("threshold", "containment_threshold"):
            value = getattr(self, name)
            if not _is_real(value) or not 0.0 < float(value) <= 1.0:
                raise _fail(name, "a number in (0, 1]", value)
        if not _is_real(self.target_recall) or not 0.0 < float(self.target_recall) < 1.0:
            raise _fail("target_recall", "a number in (0, 1)", self.target_recall)
        if not _is_int(self.shingle_size) or self.shingle_size < 1:
            raise _fail("shingle_size", "an int >= 1", self.shingle_size)
        if not _is_int(self.num_perm) or self.num_perm < 1:
            raise _fail("num_perm", "an int >= 1", self.num_perm)
        if not _is_int(self.seed) or self.seed < 0:
            raise _fail("seed", "an int >= 0", self.seed)
        for name in ("bands", "rows"):
            value = getattr(self, name)
            if value is not None and (not _is_int(value) or value < 1):
                raise _fail(name, "None or an int >= 1", value)
        bands, rows = self._resolve_bands()
        if bands * rows > self.num_perm:
            raise _fail("bands", f"bands * rows <= num_perm={self.num_perm} (rows={rows})", bands)
        object.__setattr__(self, "_derived", (self.bands is None, self.rows is None))
        object.__setattr__(self, "bands", int(bands))
        object.__setattr__(self, "rows", int(rows))

    def _resolve_bands(self) -> tuple[int, int]:
        """Return ``(bands, rows)`` from the overrides, deriving what is missing."""
        t, n, target = float(self.threshold), int(self.num_perm), float(self.target_recall)
        if self.bands is None and self.rows is None:
            return choose_bands(t, n, target)
        if self.bands is not None and self.rows is not None:
            return int(self.bands), int(self.rows)
        if self.rows is not None:
            rows = int(self.rows)
            bands = _min_bands(t, rows, target, n // rows)
            if bands is None:
                raise _fail(
                    "rows",
                    f"rows for which some bands <= num_perm/rows reach "
                    f"target_recall={target} at threshold={t}",
                    rows,
                )
            return bands, rows
        bands = int(self.bands)  # type: ignore[arg-type]
        for rows in range(n // bands, 0, -1):
            if candidate_probability(t, bands, rows) >= target:
                return bands, rows
        raise _fail(
            "bands",
            f"bands for which some rows <= num_perm/bands reach "
            f"target_recall={target} at threshold={t}",
            bands,
        )

    @property
    def recall(self) -> float:
        """Chance that a pair at exactly ``threshold`` becomes an LSH candidate."""
        return candidate_probability(float(self.threshold), self.n_bands, self.n_rows)

    @property
    def n_bands(self) -> int:
        """``bands`` typed as a plain int (it is always set after construction)."""
        return int(self.bands)  # type: ignore[arg-type]

    @property
    def n_rows(self) -> int:
        """``rows`` typed as a plain int (it is always set after construction)."""
        return int(self.rows)  # type: ignore[arg-type]

    @property
    def fingerprint_key(self) -> str:
        """A short string naming the settings that fingerprints depend on.

        A store can keep it next to persisted fingerprints and refuse to mix
        fingerprints made under different settings.
        """
        return (
            f"{FINGERPRINT_VERSION}-k{self.shingle_size}-p{self.num_perm}-s{self.seed}"
            f"-b{self.bands}-r{self.rows}"
        )

    def replace(self, **changes: Any) -> CopyConfig:
        """Return a copy with ``changes`` applied.

        ``bands``/``rows`` that were derived (not given) are derived again for
        the new settings unless ``changes`` sets them.
        """
        derived_bands, derived_rows = self._derived
        if derived_bands and "bands" not in changes:
            changes["bands"] = None
        if derived_rows and "rows" not in changes:
            changes["rows"] = None
        return dataclasses.replace(self, **changes)
