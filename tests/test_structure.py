"""The package's layering: all SQL in store.py, pure stages that never import the store."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "storyfold"

SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"CREATE\s+(TABLE|INDEX)|PRAGMA\s)\b",
    re.IGNORECASE | re.DOTALL,
)

# Packages of pure stages: functions over records, never the store.
PURE = ("align", "account", "clean", "copies", "stories", "ingest")


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _strings(tree: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def test_no_sql_outside_the_store():
    offenders = []
    for path in _modules():
        if path.name == "store.py" and path.parent == PACKAGE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr in {"execute", "executemany", "executescript"}
        ]
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
            and n.body
            and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)
        }
        sql = [
            s[:60]
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
            for s in [n.value]
            if SQL.search(s)
        ]
        if calls or sql:
            offenders.append(f"{path.relative_to(PACKAGE)}: {len(calls)} execute calls, {sql}")
    assert not offenders, "SQL belongs in store.py:\n" + "\n".join(offenders)


def _imports(path: Path) -> set[str]:
    """The storyfold modules a module imports, as dotted names relative to the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PACKAGE).with_suffix("").parts
    here = list(rel[:-1])
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                mod = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.startswith("storyfold"):
                mod = node.module.removeprefix("storyfold").lstrip(".")
            else:
                continue
            out.add(mod)
            out.update(f"{mod}.{a.name}" if mod else a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("storyfold."):
                    out.add(a.name.removeprefix("storyfold."))
    return out


def test_pure_stage_packages_never_import_the_store_or_the_runner():
    offenders = []
    for path in _modules():
        rel = path.relative_to(PACKAGE).parts
        if rel[0] not in PURE:
            continue
        bad = {
            m
            for m in _imports(path)
            if m.split(".")[0] in {"store", "pipeline", "review", "cli", "output", "dedup"}
        }
        if bad:
            offenders.append(f"{'/'.join(rel)} imports {sorted(bad)}")
    assert not offenders, "\n".join(offenders)


def test_the_store_imports_no_runner_or_review_code():
    bad = {
        m
        for m in _imports(PACKAGE / "store.py")
        if m.split(".")[0] in {"pipeline", "review", "cli", "output", "dedup"}
    }
    assert not bad
