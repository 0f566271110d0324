"""One BLAS thread per process while storyfold computes.

The matrix products storyfold computes (shared items of every sentence pair of two
texts, a batch's fingerprints) are small, and a fold already keeps every core busy
with its worker processes. Multithreaded BLAS (OpenBLAS, numpy's default) then
spends more time starting and spinning threads on busy cores than multiplying: on
a loaded 2-core machine the rewrite stage's alignments ran 2-4x slower with its
default threads. The limit is set with ``threadpoolctl``, which works on a BLAS
already loaded and restores the caller's setting afterwards.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any


def one_blas_thread() -> AbstractContextManager[Any]:
    """Limit numpy's BLAS to one thread now; as a context, restore the previous limit on exit."""
    import numpy  # noqa: F401  -- the BLAS must be loaded to be limited
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def init_worker() -> None:
    """A worker process computes with one BLAS thread for its whole life."""
    one_blas_thread()
