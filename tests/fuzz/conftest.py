"""Under ``make fuzz``, each fuzz target runs for ``STORYFOLD_FUZZ_SECONDS``.

A target is one module; its time is shared among its tests. Each test is called in
rounds (hypothesis draws a fresh seed each call) until its share is spent, so the time
bound holds whatever an example costs, overrunning by at most one round. Without the
variable every test runs once, with the quick profile (see :mod:`tests.fuzz.profile`).
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from .profile import fuzz_seconds

_tests_per_module: Counter[str] = Counter()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Count the tests of each fuzz module, to share its time among them."""
    _tests_per_module.clear()
    for item in items:
        if isinstance(item, pytest.Function) and "/fuzz/" in item.nodeid.replace("\\", "/"):
            _tests_per_module[item.module.__name__] += 1


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Call a fuzz test in rounds until its share of the target's time is up."""
    seconds = fuzz_seconds()
    if not seconds:
        return None
    share = seconds / max(1, _tests_per_module[pyfuncitem.module.__name__])
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    end = time.monotonic() + share
    rounds = 0
    while True:
        pyfuncitem.obj(**kwargs)
        rounds += 1
        if time.monotonic() >= end:
            break
    pyfuncitem.user_properties.append(("fuzz_rounds", rounds))
    return True
