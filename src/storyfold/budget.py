"""A time budget per document: work on one input that runs too long is stopped, not waited for.

Extraction and cleaning are linear by design (see ``tests/test_patterns.py``),
but a page can still be big and strange enough to take minutes in a library
storyfold calls. :func:`time_budget` arms a timer around the work on one
document; when it fires, :class:`OverBudget` is raised inside that work and the
caller skips the document with its reason, and the batch goes on.

The timer is ``SIGALRM`` (``setitimer``), so it works in the main thread of a
process, which is where the fold and its worker processes run each document.
Elsewhere (another thread, a platform without ``setitimer``) no limit applies.
``OverBudget`` derives from ``BaseException`` so that a library's broad
``except Exception`` cannot swallow it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

DEFAULT_DOCUMENT_SECONDS = 30.0
"""Wall seconds one document's extraction, or its cleaning, may take before it is skipped."""


class OverBudget(BaseException):
    """The work on one document ran past its time budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took over {seconds:g} s")
        self.seconds = seconds


def over_budget_reason(stage: str, exc: OverBudget) -> str:
    """The one-line skip reason of a document stopped by its budget."""
    return f"{stage} {exc}; skipped (raise --max-seconds to give such documents more time)"


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in the block once ``seconds`` of wall time have passed.

    ``None`` or ``0`` means no limit. Budgets do not nest: an inner one replaces
    the outer until it ends.
    """
    if (
        not seconds
        or seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def _fire(signum: int, frame: FrameType | None) -> None:
        raise OverBudget(seconds)

    previous = signal.signal(signal.SIGALRM, _fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
