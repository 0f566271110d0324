"""Issue acceptance on the seed pages: the consolidated story shows every expected
disagreement and same-fact-in-other-words item with the right sources on each side.

Every expected value is read from ../shared/corpora/seeds.expected.json; nothing
here names a seed's content.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from storyfold import Store, fold
from storyfold.output import story_json


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'}))
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.fixture(scope="module")
def seeds_account(tmp_path_factory):
    from tests.conftest import shared_path

    seeds = shared_path("corpora", "seeds")
    expected = json.loads(shared_path("corpora", "seeds.expected.json").read_text())
    db = tmp_path_factory.mktemp("acc") / "s.db"
    with Store(db) as store:
        fold([str(seeds)], store)
        docs = {d.id: d for d in store.documents()}
        file_of = {f"{d.id}#0": d.path.rsplit("/", 1)[-1] for d in docs.values()}
        first = expected["stories"][0]["articles"][0]["file"]
        main = next(a for a, f in file_of.items() if f == first)
        story = next(s for s in store.stories() if main in s.article_ids)
        arts = {a.id: a for a in store.articles(story.article_ids)}
        data = story_json(story, arts, docs, store)
    return data["account"], file_of, expected


def _files(ids, file_of):
    return {file_of.get(a) for a in ids}


def _side_with(variant, value):
    def shows(side):
        return any(
            norm(value) in norm(t) for t in [side["value"], *side.get("other_spellings", [])]
        )

    return next((s for s in variant["sides"] if shows(s)), None)


def test_families_count_wire_copies_and_rewrite_once(seeds_account):
    account, file_of, expected = seeds_account
    copies = expected["copies"]
    wire = set(copies["wire_family"]) | set(copies["rewrite_of_wire_family"])
    families = [_files(f["articles"], file_of) for f in account["families"]]
    assert account["independent_sources"] == 2
    assert wire in families
    assert set(copies["independent"]) in families


@pytest.mark.parametrize("index", range(3))
def test_disagreements(seeds_account, index):
    account, file_of, expected = seeds_account
    item = expected["disagreements"][index]
    matches = []
    for v in account["variants"]:
        sides = [_side_with(v, c["value"]) for c in item["claims"]]
        if all(sides) and len({id(s) for s in sides}) == len(sides):
            matches.append((v, sides))
    assert matches, f"no variant for {item['about']}"
    v, sides = matches[0]
    for claim, side in zip(item["claims"], sides, strict=True):
        assert set(claim["files"]) <= _files(side["articles"], file_of), (item["about"], side)
        if claim.get("attributed_to"):
            assert norm(claim["attributed_to"]) in norm(side.get("attribution", ""))
    if item["kind"] == "quote":
        assert v["kind"] == "quote" and v["changes"]


def test_spelling_is_no_quote_change(seeds_account):
    account, _, _ = seeds_account
    for v in account["variants"]:
        if v["kind"] != "quote":
            continue
        for change in v.get("changes", []):
            pair = {change["from"], change["to"]}
            assert pair != {"honour", "honor"}, v


@pytest.mark.parametrize("index", range(2))
def test_same_fact_in_other_words_is_aligned(seeds_account, index):
    account, file_of, expected = seeds_account
    item = expected["same_fact_different_words"][index]
    wanted = []
    for value in item["values"]:
        text, files = re.match(r"(.*)\(([\d, ]+)\)\s*$", value).groups()
        wanted.append((norm(text), [f.strip() for f in files.split(",")]))

    def holds(claim):
        by_file = {}
        for s in claim["sentences"]:
            by_file.setdefault(file_of[s["article"]][:3], []).append(norm(s["text"]))
        return all(
            any(text in sent for sent in by_file.get(f, []))
            for text, files in wanted
            for f in files
        )

    assert any(holds(c) for c in account["claims"]), item["about"]
