"""Every input is accounted for: in ``fold --json`` (a document's ``inputs``, or the report's
``skipped``) and in ``dedup`` (a group, the keep list, or the skipped list)."""

from __future__ import annotations

import json

from storyfold.cli import EXIT_SKIPPED, main

TEXT = (
    "Night trains return to the coast line\n\n"
    "The night train between Orrin and the coast will run again from June, the rail "
    "operator said on Thursday, after a two-year pause for track works.\n\n"
    "Tickets go on sale next week; sleeper cabins will cost the same as before the pause.\n"
)
OTHER = (
    "Museum buys a lost landscape painting\n\n"
    "The city museum of Orrin has bought a landscape by a local painter that was thought "
    "lost for a century, its director said on Monday.\n\n"
    "The painting will hang in the east gallery from the autumn.\n"
)


def _inputs(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    (d / "b.txt").write_text(TEXT, encoding="utf-8")  # the same bytes as a.txt
    (d / "c.txt").write_text(OTHER, encoding="utf-8")
    (d / "d.txt").write_bytes(b"")  # skipped: empty
    return d


def test_fold_json_names_every_input(runner, tmp_path):
    d = _inputs(tmp_path)
    out = tmp_path / "out.json"
    result = runner.invoke(
        main, ["fold", str(d), "--db", str(tmp_path / "t.db"), "--json", str(out)]
    )
    assert result.exit_code == EXIT_SKIPPED
    data = json.loads(out.read_text(encoding="utf-8"))
    listed = sorted(name for doc in data["documents"] for name in doc["inputs"])
    skipped = [s["input"] for s in data["report"]["skipped"]]
    assert listed == [str(d / n) for n in ("a.txt", "b.txt", "c.txt")]
    assert skipped == [str(d / "d.txt")]
    same = next(doc for doc in data["documents"] if len(doc["inputs"]) == 2)
    assert same["inputs"] == [str(d / "a.txt"), str(d / "b.txt")]
    # a later fold of the same files names them again, under the stored documents
    out.unlink()
    runner.invoke(main, ["fold", str(d), "--db", str(tmp_path / "t.db"), "--json", str(out)])
    again = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(n for doc in again["documents"] for n in doc["inputs"]) == listed


def test_dedup_lists_skipped_inputs_apart_from_the_keep_list(runner, tmp_path):
    d = _inputs(tmp_path)
    skipped = tmp_path / "skipped.txt"
    result = runner.invoke(main, ["dedup", str(d), "--keep-list", "--skipped-list", str(skipped)])
    assert result.exit_code == EXIT_SKIPPED
    keep = result.stdout.split()
    assert str(d / "d.txt") not in keep
    assert skipped.read_text(encoding="utf-8").splitlines() == [str(d / "d.txt")]
    assert f"storyfold: skipped {d / 'd.txt'}" in result.stderr
    # without skips the list is written empty, so a script can always read it
    (d / "d.txt").unlink()
    result = runner.invoke(main, ["dedup", str(d), "--keep-list", "--skipped-list", str(skipped)])
    assert result.exit_code == 0 and skipped.read_text(encoding="utf-8") == ""
