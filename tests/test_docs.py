"""The README, --help and the JSON schema doc stay true to the code."""

from __future__ import annotations

import re

from storyfold.clean import lexicon, lines
from storyfold.cli import main

from .conftest import ROOT

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
    import json

    data = json.loads(result.stdout)
    for key in data:
        assert f"`{key}`" in SCHEMA or f'"{key}"' in SCHEMA, key
    for record in ("documents", "articles", "stories"):
        for key in data[record][0]:
            assert re.search(rf"\| `{key}`", SCHEMA), (record, key)
