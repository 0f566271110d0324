"""JSONL exports: one article per line.

Any line is parsed without raising anything but :class:`SkippedInput`: malformed JSON,
nesting too deep for the parser, fields of the wrong type and URLs that cannot be parsed
each skip their line. An integer too long for Python to
convert (over ``sys.get_int_max_str_digits()`` digits) is kept as its digits: a record is
not lost over a field storyfold does not read, and an ``id`` may be such a number. Lone
surrogates (``"\\ud800"``, valid JSON but not Unicode text) are replaced by U+FFFD and
listed in ``repaired``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..errors import SkippedInput

FIELDS = ("id", "text", "html", "title", "url", "published", "source")

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(slots=True)
class JsonlRecord:
    """One parsed JSONL line: ``text`` or ``html`` plus optional metadata.

    ``repaired`` names the fields whose lone surrogates were replaced by U+FFFD.
    """

    where: str
    raw: bytes
    id: str | None
    text: str | None
    html: str | None
    title: str | None
    url: str | None
    published: str | None
    source: str | None
    repaired: tuple[str, ...] = ()
    author: str | None = None
    text_from: str | None = None
    """Where a feed item's text comes from: ``"content"``, ``"summary"`` or ``"title"``."""


class _LongInt(str):
    """The digits of a JSON integer too long to convert to ``int``."""


def _parse_int(digits: str) -> int | str:
    """``int(digits)``, or the digits themselves when Python refuses that many."""
    limit = sys.get_int_max_str_digits()
    if limit and len(digits.lstrip("-")) > limit:
        return _LongInt(digits)
    return int(digits)


def _opt_str(obj: dict[str, Any], name: str, where: str) -> str | None:
    value = obj.get(name)
    if value is None:
        return None
    if isinstance(value, (int, float, _LongInt)) and not isinstance(value, bool) and name == "id":
        return str(value)
    if isinstance(value, _LongInt):
        raise SkippedInput(where, f"field {name!r} must be a string, got int")
    if not isinstance(value, str):
        raise SkippedInput(where, f"field {name!r} must be a string, got {type(value).__name__}")
    return value


def _url_problem(url: str) -> str | None:
    """Why a URL cannot be parsed (e.g. ``Invalid IPv6 URL``), or None when it can."""
    try:
        parts = urlsplit(url)
        _ = parts.hostname, parts.port
    except ValueError as exc:
        return str(exc)
    return None


def without_lone_surrogates(value: str) -> str:
    """``value`` with each lone surrogate code point replaced by U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", value)


def parse_jsonl_line(raw: bytes, where: str) -> JsonlRecord:
    """Parse one JSONL line; raise :class:`SkippedInput` naming the line and the fix."""
    try:
        obj = json.loads(raw, parse_int=_parse_int)
    except RecursionError:
        raise SkippedInput(
            where, "JSON nested too deeply to read; flatten or remove the line"
        ) from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise SkippedInput(where, f"malformed JSON ({exc}); fix or remove the line") from None
    if not isinstance(obj, dict):
        raise SkippedInput(where, 'not a JSON object; each line must be {"text": ...}')
    return record_from_object(obj, raw, where)


def record_from_object(obj: dict[str, Any], raw: bytes, where: str) -> JsonlRecord:
    """The record of one JSON object (a JSONL line, an element of a JSON array, a CSV row);
    raise :class:`SkippedInput` naming ``where`` and the fix when it cannot be read."""
    values = [_opt_str(obj, f, where) for f in FIELDS]
    repaired = []
    for n, value in enumerate(values):
        if value is not None and _LONE_SURROGATE.search(value):
            values[n] = without_lone_surrogates(value)
            repaired.append(FIELDS[n])
    doc_id, text, html, title, url, published, source = values
    rec = JsonlRecord(
        where, raw, doc_id, text, html, title, url, published, source, tuple(repaired)
    )
    if not (rec.text or rec.html):
        raise SkippedInput(where, "no 'text' or 'html' field; each line needs one of them")
    if rec.url is not None and (problem := _url_problem(rec.url)):
        raise SkippedInput(where, f"field 'url' is not a valid URL ({problem}); fix or remove it")
    return rec
