"""Copy relations among the cleaned seed articles (../shared/corpora/seeds).

004 is the wire story cut down by one site, 000 another site's edited version of it,
001 the full wire story; 002 paraphrases it, 003 is independent reporting that shares
quotes. Texts are the main articles (position 0) as ``storyfold fold`` cleans them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyfold.cli import main
from storyfold.copies import CopyConfig, compare, copy_groups, find_copies, fingerprint
from storyfold.model import CONTAINED


@pytest.fixture(scope="module")
def seed_articles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The cleaned main article of each seed page, by the page's three-digit prefix."""
    from click.testing import CliRunner

    from ..conftest import shared_path

    seeds = shared_path("corpora", "seeds")
    tmp = tmp_path_factory.mktemp("seeds")
    out = tmp / "out.json"
    result = CliRunner().invoke(
        main, ["fold", str(seeds), "--db", str(tmp / "s.db"), "--json", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    name = {d["id"]: Path(d["path"]).name[:3] for d in data["documents"]}
    return {name[a["document"]]: a["text"] for a in data["articles"] if a["position"] == 0}


def test_seed_copy_relations(seed_articles: dict[str, str]) -> None:
    assert sorted(seed_articles) == ["000", "001", "002", "003", "004"]
    cfg = CopyConfig()
    rels = list(find_copies(sorted(seed_articles.items()), cfg))
    pairs = {(r.a, r.b): r for r in rels}
    # 004 is contained in 001 (and in 000), in that direction.
    assert pairs[("004", "001")].relation == CONTAINED
    assert pairs[("004", "000")].relation == CONTAINED
    # 000, 001 and 004 form one copy group; 002 (paraphrase) and 003 (independent) are in none.
    assert copy_groups(rels) == [["000", "001", "004"]]
    assert all("002" not in p and "003" not in p for p in pairs)
    # The margins: the copies sit above the threshold, the others far below it.
    assert min(r.containment for r in rels if r.relation == CONTAINED) >= 0.62
    fps = {k: fingerprint(v, cfg) for k, v in seed_articles.items()}
    for loner in ("002", "003"):
        for other in fps.keys() - {loner}:
            jaccard, a_in_b, b_in_a = compare(fps[loner], fps[other])
            assert max(a_in_b, b_in_a) < 0.2 and jaccard < 0.1
