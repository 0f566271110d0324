"""JSONL exports: one article per line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..errors import SkippedInput

FIELDS = ("id", "text", "html", "title", "url", "published", "source")


@dataclass(slots=True)
class JsonlRecord:
    """One parsed JSONL line: ``text`` or ``html`` plus optional metadata."""

    where: str
    raw: bytes
    id: str | None
    text: str | None
    html: str | None
    title: str | None
    url: str | None
    published: str | None
    source: str | None


def _opt_str(obj: dict[str, Any], name: str, where: str) -> str | None:
    value = obj.get(name)
    if value is None:
        return None
    if isinstance(value, (int, float)) and name == "id":
        return str(value)
    if not isinstance(value, str):
        raise SkippedInput(where, f"field {name!r} must be a string, got {type(value).__name__}")
    return value


def parse_jsonl_line(raw: bytes, where: str) -> JsonlRecord:
    """Parse one JSONL line; raise :class:`SkippedInput` naming the line and the fix."""
    try:
        obj = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SkippedInput(where, f"malformed JSON ({exc}); fix or remove the line") from None
    if not isinstance(obj, dict):
        raise SkippedInput(where, 'not a JSON object; each line must be {"text": ...}')
    rec = JsonlRecord(where, raw, *(_opt_str(obj, f, where) for f in FIELDS))
    if not (rec.text or rec.html):
        raise SkippedInput(where, "no 'text' or 'html' field; each line needs one of them")
    return rec
