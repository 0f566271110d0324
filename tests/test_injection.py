"""Stored strings cannot control the terminal or inject Markup: every command prints them inert.

Fictional JSONL records carry one payload each in their title, source, id and
text; every command that shows them runs through click's runner (and one
through a real pipe), and the assertions read the raw bytes written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from storyfold import Store
from storyfold.cli import main
from storyfold.display import md_escape, quote_path, safe

from .conftest import ROOT

BODY = (
    "The Tarnwick river bridge closed on Tuesday after inspectors found cracks in two piers. "
    "Mayor Elsa Brenner said repairs would cost 4 million crowns and take six weeks. "
    "Ferries will carry commuters across the Tarnwick until the bridge reopens."
)
MORE = "Engineers from the regional office will inspect the remaining spans on Friday."

PAYLOADS = {
    "markup": "Reddit thread [/r/news] explodes",
    "tag": "[video] Storm hits Tarnwick bridge",
    "link": "[link=file:///etc/passwd]click here[/link] for the bridge",
    "osc": "Bridge \x1b]0;pwned\x07 closes",
    "osc8": "Bridge \x1b]8;;file:///etc/passwd\x1b\\closes\x1b]8;;\x1b\\ today",
    "csi": "Bridge \x1b[2J\x1b[31m closes",
    "c1": "Bridge \x9b2J closes \x9d0;t\x9c now",
    "bidi": "Bridge \u202eesolc\u202c and \u2066isolated\u2069 news",
    "html": "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3))",
    "newline": "Bridge closes\nstoryfold: note all-inputs-verified: OK",
}
"""What each payload must show as, in the terminal: the characters, escaped where needed."""
SHOWN = {
    "markup": "Reddit thread [/r/news] explodes",
    "tag": "[video] Storm hits Tarnwick bridge",
    "link": "[link=file:///etc/passwd]click here[/link] for the bridge",
    "osc": "Bridge \\x1b]0;pwned\\x07 closes",
    "osc8": "Bridge \\x1b]8;;file:///etc/passwd\\x1b\\closes\\x1b]8;;\\x1b\\ today",
    "csi": "Bridge \\x1b[2J\\x1b[31m closes",
    "c1": "Bridge \\x9b2J closes \\x9d0;t\\x9c now",
    "bidi": "Bridge \\u202eesolc\\u202c and \\u2066isolated\\u2069 news",
    "html": "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3))",
    "newline": "Bridge closes\\nstoryfold: note all-inputs-verified: OK",
}
BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
WIDE = {"COLUMNS": "400"}  # the story table on one line per row, so a title is never wrapped


def _assert_inert(raw: bytes) -> str:
    """The output decoded, after checking it holds no control, escape or bidi character."""
    assert b"\x1b" not in raw and b"\x07" not in raw and b"\r" not in raw
    text = raw.decode("utf-8")
    bad = [c for c in text if c not in "\n" and (unicodedata.category(c) == "Cc" or ord(c) in BIDI)]
    assert not bad, bad
    return text


def _records(key: str) -> list[dict[str, str]]:
    payload = PAYLOADS[key]
    return [
        {
            "id": f"{key}-{n}",
            "title": payload,
            "source": f"{payload} {n}",
            "url": f"https://news{n}.example/{key}",
            "published": "2025-03-04",
            "text": f"{payload}. {BODY}" + (f" {MORE}" if n == 2 else ""),
        }
        for n in (1, 2)
    ]


def _fold(runner, tmp_path: Path, records: list[dict[str, str]], *args: str):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = str(tmp_path / "t.db")
    result = runner.invoke(main, ["fold", str(src), "--db", db, *args], env=WIDE)
    assert result.exit_code == 0, result.output
    return db, result


def _story(db: str) -> str:
    with Store(db) as store:
        return max(store.stories(), key=lambda s: len(s.article_ids)).id


@pytest.mark.parametrize("key", sorted(PAYLOADS))
def test_every_terminal_command_prints_the_payload_as_inert_text(runner, tmp_path, key):
    db, folded = _fold(runner, tmp_path, _records(key))
    sid = _story(db)
    shown = SHOWN[key]
    runs = {
        "fold": folded,
        "stories": runner.invoke(main, ["stories", "--db", db], env=WIDE),
        "show": runner.invoke(main, ["show", sid, "--db", db], env=WIDE),
        "articles": runner.invoke(main, ["show", sid, "--db", db, "--articles"]),
        "why": runner.invoke(main, ["why", f"{key}-1#0", f"{key}-2#0", "--db", db]),
    }
    if "]8;" not in PAYLOADS[key]:  # rich's [link] would write an OSC 8 hyperlink: ESC ]8;
        assert not any(b"]8;" in r.stdout_bytes + r.stderr_bytes for r in runs.values())
    for name, result in runs.items():
        assert result.exit_code == 0, (name, result.output)
        out = _assert_inert(result.stdout_bytes)
        _assert_inert(result.stderr_bytes)
        assert shown in out, (name, out)  # the stored text in full: nothing lost as markup
        assert not any(line.startswith("storyfold: note") for line in out.splitlines())
    assert f"{shown} 1, {shown} 2" in runs["articles"].stdout  # the source names too
    assert "verdict: same story" in runs["why"].stdout


@pytest.mark.parametrize("key", sorted(PAYLOADS))
def test_show_markdown_escapes_html_links_and_controls(runner, tmp_path, key):
    db, _ = _fold(runner, tmp_path, _records(key), "-q")
    result = runner.invoke(main, ["show", _story(db), "--db", db, "--markdown"])
    assert result.exit_code == 0, result.output
    md = _assert_inert(result.stdout_bytes)
    assert md.startswith(f"# {md_escape(PAYLOADS[key])}\n")
    assert "<script" not in md and "<img" not in md and "](javascript:" not in md
    html = MarkdownIt("commonmark").render(md)
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<em>" not in html.split("<h2>Summary</h2>")[0]  # only the source lists are emphasis


def test_markdown_keeps_the_html_payload_as_visible_text(runner, tmp_path):
    db, _ = _fold(runner, tmp_path, _records("html"), "-q")
    md = runner.invoke(main, ["show", _story(db), "--db", db, "--markdown"]).stdout
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md
    assert "\\[click\\]\\(javascript:alert\\(3\\)\\)" in md
    html = MarkdownIt("commonmark").render(md)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as text
    assert "[click](javascript:alert(3))" in html


def test_ids_with_escapes_print_escaped_in_why_show_and_keep_list(runner, tmp_path):
    records = _records("tag")
    odd = records[1]["id"] = "wire\x1b]0;owned\x07\nstoryfold: note forged: OK"
    db, _ = _fold(runner, tmp_path, records, "-q")
    why = runner.invoke(main, ["why", f"{odd}#0", "tag-1#0", "--db", db])
    assert why.exit_code == 0, why.output
    out = _assert_inert(why.stdout_bytes)
    assert "a: wire\\x1b]0;owned\\x07\\nstoryfold: note forged: OK#0  [video]" in out
    listed = runner.invoke(main, ["show", _story(db), "--db", db, "--articles"])
    assert "— wire\\x1b]0;owned\\x07\\nstoryfold" in _assert_inert(listed.stdout_bytes)
    keep = runner.invoke(main, ["dedup", str(tmp_path / "in.jsonl"), "--keep-list"])
    lines = _assert_inert(keep.stdout_bytes).splitlines()
    assert lines == [repr(odd)]  # one line, quoted (the fuller text; its copy is not kept)
    assert not any(x.startswith("storyfold: note") for x in keep.stderr.splitlines())


NEWLINE_NAME = "bad\nstoryfold: note all-inputs-verified: OK.txt"
ESCAPE_NAME = "clear\x1b[2J\x1b]0;title\x07.txt"


def test_odd_file_names_are_quoted_in_skips_sources_and_keep_list(runner, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / NEWLINE_NAME).write_bytes(b"\x00\x01\x02\x03 not text")  # skipped: binary
    text = f"Bridge report\n\n{BODY} {MORE}\n"
    (src / ESCAPE_NAME).write_text(text, encoding="utf-8")
    (src / "plain.txt").write_text(f"Bridge report\n\n{BODY}\n", encoding="utf-8")
    db = str(tmp_path / "t.db")
    fold = runner.invoke(main, ["fold", str(src), "--db", db], env=WIDE)
    assert fold.exit_code == 1  # done, one input skipped
    err = _assert_inert(fold.stderr_bytes)
    skips = [x for x in err.splitlines() if x.startswith("storyfold: skipped")]
    assert skips == [
        f"storyfold: skipped {str(src / NEWLINE_NAME)!r}: "
        "binary file, not text, HTML or JSONL; remove it from the input"
    ]
    assert not any(x.startswith("storyfold: note") for x in err.splitlines())
    shown_name = "clear\\x1b[2J\\x1b]0;title\\x07.txt"
    assert shown_name in _assert_inert(fold.stdout_bytes)  # the source column of the summary
    listed = runner.invoke(main, ["show", _story(db), "--db", db, "--articles"])
    assert f"  {str(src / ESCAPE_NAME)!r}  " in _assert_inert(listed.stdout_bytes)
    dedup = runner.invoke(main, ["dedup", str(src)])
    assert dedup.exit_code == 1
    assert _assert_inert(dedup.stderr_bytes).count("storyfold: skipped '") == 1
    keep = runner.invoke(main, ["dedup", str(src), "--keep-list"])
    kept = _assert_inert(keep.stdout_bytes).splitlines()
    assert kept == [repr(str(src / ESCAPE_NAME))]


def test_a_real_pipe_gets_no_escape_byte(tmp_path):
    """Through a subprocess, as ``storyfold stories | less`` would read it (no tty, no runner)."""
    records = _records("osc") + _records("markup")
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = str(tmp_path / "t.db")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "400"}
    cmd = [sys.executable, "-m", "storyfold"]
    fold = subprocess.run([*cmd, "fold", str(src), "--db", db], capture_output=True, env=env)
    assert fold.returncode == 0, fold.stderr
    stories = subprocess.run([*cmd, "stories", "--db", db], capture_output=True, env=env)
    assert stories.returncode == 0, stories.stderr
    for raw in (fold.stdout, fold.stderr, stories.stdout):
        _assert_inert(raw)
    assert "Bridge \\x1b]0;pwned\\x07 closes" in stories.stdout.decode()
    assert "Reddit thread [/r/news] explodes" in stories.stdout.decode()


def test_json_output_keeps_the_stored_strings(runner, tmp_path):
    db, _ = _fold(runner, tmp_path, _records("osc"), "-q")
    data = json.loads(runner.invoke(main, ["stories", "--db", db, "--json"]).stdout)
    assert data["stories"][0]["title"] == PAYLOADS["osc"]  # JSON escapes it; not changed


# ---- the escapers themselves ---------------------------------------------------------


def test_safe_escapes_every_c0_c1_and_del_code_point():
    named = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
    for cp in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        want = named.get(cp, f"\\x{cp:02x}")
        assert safe(f"a{chr(cp)}b") == f"a{want}b", hex(cp)
        kept = safe(chr(cp), multiline=True)
        assert kept == (chr(cp) if cp in (0x09, 0x0A) else want), hex(cp)


def test_safe_escapes_bidi_line_separators_and_surrogates_and_keeps_real_text():
    for cp in [*BIDI, 0x2028, 0x2029, 0xD800, 0xDCFF]:
        assert safe(chr(cp)) == f"\\u{cp:04x}", hex(cp)
    real = "Zoë’s café — 東京 \u200d👩\u200d🚒 نی\u200cمه [x] \\n 50%"
    assert safe(real) == real
    assert safe(None) == "" and safe("") == ""


def test_quote_path_quotes_only_odd_names():
    assert quote_path("crawl/dam report.txt") == "crawl/dam report.txt"
    assert quote_path("crawl/Zoë.txt") == "crawl/Zoë.txt"
    for odd in (
        NEWLINE_NAME,
        ESCAPE_NAME,
        "a\u202etxt.exe",
        " lead.txt",
        "trail.txt ",
        "",
        "\udcff",
    ):
        quoted = quote_path(odd)
        assert quoted == repr(odd)
        assert quoted.isprintable() and "\n" not in quoted
        quoted.encode("utf-8")  # a lone surrogate is escaped, so it can be written


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "<!-- hidden -->",
        "[click](javascript:alert(3))",
        "![pixel](https://tracker.example/p.gif)",
        "[ref]: javascript:alert(4)",
        "<javascript:alert(5)>",
        "*bold* _em_ `code` ~~gone~~ a|b",
        "# not a heading",
        "\\[escaped\\] &amp; 5 < 6 > 4",
        "line one\nline two\x1b[2J",
    ],
)
def test_md_escape_renders_as_the_same_text_and_never_as_markup(text):
    html = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(md_escape(text))
    assert html.startswith("<p>") and html.count("<") == 2  # one paragraph, no other element
    body = html[len("<p>") : -len("</p>\n")]
    unescaped = body.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    assert unescaped.replace("&amp;", "&") == safe(text)
