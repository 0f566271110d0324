"""The founding case: folding the five seed pages gives exactly the expected stories."""

from __future__ import annotations

import subprocess
import sys

from storyfold.cli import main


def test_seeds_match_expected(tmp_path, runner, shared):
    seeds = shared("corpora", "seeds")
    expected = shared("corpora", "seeds.expected.json")
    checker = shared("tools", "check_seeds.py")
    out = tmp_path / "out.json"
    result = runner.invoke(
        main, ["fold", str(seeds), "--db", str(tmp_path / "s.db"), "--json", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    check = subprocess.run(
        [sys.executable, str(checker), str(out), str(expected)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "checks hold" in check.stdout
