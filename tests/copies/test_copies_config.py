"""CopyConfig validation and the choice of LSH bands × rows."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfold.copies import FINGERPRINT_VERSION, CopyConfig, candidate_probability, choose_bands
from storyfold.copies import config as config_module
from storyfold.copies.config import _false_positive_area


def test_defaults() -> None:
    cfg = CopyConfig()
    assert (cfg.threshold, cfg.containment_threshold) == (0.8, 0.6)
    assert (cfg.shingle_size, cfg.num_perm, cfg.seed, cfg.target_recall) == (5, 128, 1, 0.99)
    assert (cfg.bands, cfg.rows) == (16, 6)
    assert cfg.recall >= 0.99
    assert cfg.fingerprint_key == f"{FINGERPRINT_VERSION}-k5-p128-s1-b16-r6"
    assert FINGERPRINT_VERSION == "v2"


def test_documented_s_curve_matches() -> None:
    """The S-curve table in the module docstring is what candidate_probability gives."""
    doc = config_module.__doc__ or ""
    sims = re.search(r"Jaccard s\s+([\d. ]+)\n", doc)
    probs = re.search(r"P\(candidate\)\s+([\d. ]+)\n", doc)
    assert sims and probs
    cfg = CopyConfig()
    for s, p in zip(sims.group(1).split(), probs.group(1).split(), strict=True):
        got = candidate_probability(float(s), cfg.n_bands, cfg.n_rows)
        assert abs(got - float(p)) <= 0.5 * 10 ** -(len(p.split(".")[1])) + 1e-12, (s, p, got)
    for threshold, layout in ((0.5, (35, 3)), (0.6, (19, 3)), (0.7, (17, 4)), (0.9, (11, 10))):
        assert choose_bands(threshold, 128, 0.99) == layout
        assert f"{threshold} → {layout[0]} x {layout[1]}" in " ".join(doc.split())


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("threshold", 0.0),
        ("threshold", 1.5),
        ("threshold", float("nan")),
        ("threshold", "0.8"),
        ("containment_threshold", -0.1),
        ("shingle_size", 0),
        ("shingle_size", 2.5),
        ("shingle_size", True),
        ("num_perm", 0),
        ("seed", -1),
        ("target_recall", 1.0),
        ("target_recall", 0.0),
        ("bands", 0),
        ("rows", "6"),
    ],
)
def test_bad_values_name_field_expectation_and_value(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=rf"CopyConfig\.{field}: expected .*, got") as info:
        CopyConfig(**{field: value})
    assert repr(value) in str(info.value)


def test_override_must_fit_num_perm() -> None:
    with pytest.raises(ValueError, match=r"CopyConfig\.bands: expected bands \* rows <= num_perm"):
        CopyConfig(bands=20, rows=7)


def test_unreachable_recall_is_an_error() -> None:
    with pytest.raises(ValueError, match="target_recall"):
        CopyConfig(threshold=0.05, num_perm=8)


def test_overrides() -> None:
    both = CopyConfig(bands=20, rows=5)
    assert (both.bands, both.rows) == (20, 5)
    only_rows = CopyConfig(rows=4)
    assert only_rows.rows == 4
    assert only_rows.recall >= 0.99
    assert candidate_probability(0.8, only_rows.n_bands - 1, 4) < 0.99
    only_bands = CopyConfig(bands=10)
    assert only_bands.bands == 10
    assert only_bands.recall >= 0.99
    assert candidate_probability(0.8, 10, only_bands.n_rows + 1) < 0.99


def test_frozen_and_replace_rederives() -> None:
    cfg = CopyConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.threshold = 0.5  # type: ignore[misc]
    lower = cfg.replace(threshold=0.5)
    assert (lower.bands, lower.rows) == choose_bands(0.5, 128, 0.99)
    pinned = CopyConfig(bands=20, rows=5).replace(threshold=0.5)
    assert (pinned.bands, pinned.rows) == (20, 5)


@settings(max_examples=60, deadline=None)
@given(
    threshold=st.floats(0.3, 0.99),
    num_perm=st.sampled_from([32, 64, 128, 256]),
    target=st.sampled_from([0.9, 0.95, 0.99, 0.999]),
)
def test_bands_meet_the_recall_bound(threshold: float, num_perm: int, target: float) -> None:
    cfg = CopyConfig(threshold=threshold, num_perm=num_perm, target_recall=target)
    b, r = cfg.n_bands, cfg.n_rows
    assert b * r <= num_perm
    assert 1 - (1 - threshold**r) ** b >= target
    # With the same rows, one band fewer would miss the target.
    assert b == 1 or 1 - (1 - threshold**r) ** (b - 1) < target


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.8, 0.9])
def test_bands_minimise_false_positive_area(threshold: float) -> None:
    b, r = choose_bands(threshold, 128, 0.99)
    best = _false_positive_area(threshold, b, r)
    for rows in range(1, 129):
        for bands in range(1, 128 // rows + 1):
            if candidate_probability(threshold, bands, rows) >= 0.99:
                assert _false_positive_area(threshold, bands, rows) >= best - 1e-12
