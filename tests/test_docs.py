"""The README, --help and the JSON schema doc stay true to the code."""

from __future__ import annotations

import json
import re

from storyfold.clean import lexicon, lines
from storyfold.cli import main

from .conftest import ROOT
from .stories.corpus import MILL_2024_WIRE, MILL_2025_WIRE, write_jsonl

SCHEMA = (ROOT / "docs" / "json-schema.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_readme_and_has_help(runner):
    for name, command in main.commands.items():
        assert f"storyfold {name}" in README, name
        assert command.help and len(command.help) > 40, name
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_every_drop_reason_is_documented():
    reasons = {r for r, _ in lexicon.LINE_PATTERNS}
    reasons |= {v for k, v in vars(lines).items() if k.isupper() and isinstance(v, str)}
    for reason in reasons:
        assert f"`{reason}`" in SCHEMA, reason


def test_fold_json_fields_are_documented(runner, tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(
        "Harbour wall repaired\n\nThe harbour wall in Tarrow was repaired on Tuesday after a "
        "storm broke a forty-metre stretch of the old stonework last month, the council said.\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["fold", str(page), "--db", str(tmp_path / "d.db"), "--json", "-"])

    data = json.loads(result.stdout)
    for key in data:
        assert f"`{key}`" in SCHEMA or f'"{key}"' in SCHEMA, key
    for record in ("documents", "articles", "stories"):
        for key in data[record][0]:
            assert re.search(rf"\| `{key}`", SCHEMA), (record, key)


def test_why_json_fields_are_documented(runner, tmp_path):
    src = write_jsonl(tmp_path / "news.jsonl", [MILL_2024_WIRE, MILL_2025_WIRE])
    db = str(tmp_path / "d.db")
    assert runner.invoke(main, ["fold", str(src), "--db", db, "-q"]).exit_code == 0
    args = ["why", "wire-2024-mill-fire", "wire-2025-mill-fire", "--db", db, "--json"]
    data = json.loads(runner.invoke(main, args).stdout)
    assert data["stories"] is not None  # two stories: every record is filled in
    why = SCHEMA[SCHEMA.index("schema `storyfold/why`") :]
    for key in data:
        assert f"`{key}`" in why, key
    for record in ("a", "stories"):
        for key in data[record]:
            assert re.search(rf"\| `{key}`", why), (record, key)
    for key in data["shared"]["names"][0]:
        assert re.search(rf"\| `{key}`", why), key


def test_stories_json_fields_are_documented(runner, tmp_path):
    src = write_jsonl(tmp_path / "news.jsonl", [MILL_2024_WIRE, MILL_2025_WIRE])
    db = str(tmp_path / "d.db")
    assert runner.invoke(main, ["fold", str(src), "--db", db, "-q"]).exit_code == 0
    data = json.loads(runner.invoke(main, ["stories", "--db", db, "--json"]).stdout)
    listing = SCHEMA[SCHEMA.index("schema `storyfold/stories`") : SCHEMA.index("storyfold/why")]
    for key in data:
        assert f'"{key}"' in listing, key
    for key in data["stories"][0]:
        assert re.search(rf"\| `{key}`", listing), key
