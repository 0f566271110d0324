"""Fixtures for the copy detection tests."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from .corpus import ARTICLE, OTHER_ARTICLE, make_doc


@pytest.fixture
def article() -> str:
    """The made-up floating-library article."""
    return ARTICLE


@pytest.fixture
def other_article() -> str:
    """An independent made-up report on the same made-up event."""
    return OTHER_ARTICLE


@pytest.fixture
def doc_maker() -> Callable[..., str]:
    """A seeded generator of fictional pseudo-word documents."""
    rng = random.Random(20240601)

    def make(sentences: int = 8, words: tuple[int, int] = (8, 16)) -> str:
        return make_doc(rng, sentences, words)

    return make
