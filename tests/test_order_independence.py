"""The account depends only on a story's articles and relations, never on input order."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyfold import Store, fold
from storyfold.account.lineage import through_exact_copies
from storyfold.accounts import build_account
from storyfold.cli import main

from .conftest import DEMO

FILES = sorted(p.name for p in DEMO.iterdir() if p.is_file())


def _fold(order: list[str]) -> tuple[dict[frozenset[str], Any], set[tuple[str, str, str]]]:
    """Each story's account by member set, and the copy relations, of folding the demo
    files in ``order``."""
    with TemporaryDirectory() as tmp, Store(Path(tmp) / "d.db") as store:
        fold([str(DEMO / name) for name in order], store)
        accounts = {
            frozenset(s.article_ids): json.dumps(build_account(store, s), sort_keys=True)
            for s in store.stories()
        }
        relations = {(c.relation, c.a, c.b) for c in through_exact_copies(store.copies())}
    return accounts, relations


@cache
def _reference() -> tuple[dict[frozenset[str], Any], set[tuple[str, str, str]]]:
    return _fold(FILES)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(FILES))
def test_any_input_order_gives_the_same_stories_relations_and_accounts(order: list[str]) -> None:
    accounts, relations = _fold(list(order))
    ref_accounts, ref_relations = _reference()
    # rewrites included: found whichever file came first; a relation to a group of exact
    # copies is stored through the member that came first, so compare through the group
    assert relations == ref_relations
    assert accounts.keys() == ref_accounts.keys()
    for members, account in accounts.items():
        assert account == ref_accounts[members], sorted(members)


def test_fold_json_and_show_json_give_the_same_account(runner, tmp_path) -> None:
    db = str(tmp_path / "d.db")
    out = tmp_path / "fold.json"
    result = runner.invoke(main, ["fold", str(DEMO), "--db", db, "--json", str(out), "-q"])
    assert result.exit_code == 0, result.output
    folded = json.loads(out.read_text(encoding="utf-8"))
    with_accounts = [s for s in folded["stories"] if s.get("account")]
    assert with_accounts
    for story in with_accounts:
        shown = json.loads(runner.invoke(main, ["show", story["id"], "--db", db, "--json"]).stdout)
        assert shown["account"] == story["account"], story["id"]
