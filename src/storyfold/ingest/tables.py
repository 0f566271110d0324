"""Records in tables: CSV files with a header, and JSON arrays of objects.

Both are read like JSONL: each row or element needs a ``text`` or ``html`` field and may
give ``id``, ``title``, ``url``, ``published`` and ``source``; a row that cannot be read is
one skip naming its row, the others are read. A CSV without a ``text`` or ``html`` column,
or JSON that is not an array of objects, is not news and is skipped whole.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from ..errors import SkippedInput
from .jsonl import FIELDS, JsonlRecord, record_from_object

__all__ = ["csv_records", "json_array_records", "looks_like_json_array"]

NEEDED = ("text", "html")


def looks_like_json_array(head: bytes) -> bool:
    """Whether a JSON document's first bytes open an array of objects."""
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return body.startswith(b"[") and body[1:].lstrip(b" \t\r\n").startswith((b"{", b"]"))


def csv_records(text: str, where: str) -> Iterator[JsonlRecord | SkippedInput]:
    """The records of a CSV text whose header names a ``text`` or ``html`` column."""
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], ",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    if not any(h in NEEDED for h in header):
        raise SkippedInput(
            where,
            "not a news format (CSV without a 'text' or 'html' column); "
            "name the article column 'text' or 'html' to read it",
        )
    reader.fieldnames = header
    row_number = 1
    try:
        for row_number, row in enumerate(reader, start=2):
            obj = {k: v for k, v in row.items() if k in FIELDS and v not in (None, "")}
            raw = json.dumps(obj, ensure_ascii=False, sort_keys=True).encode()
            try:
                yield record_from_object(obj, raw, f"{where}:{row_number}")
            except SkippedInput as skip:
                yield skip
    except csv.Error as exc:
        yield SkippedInput(f"{where}:{row_number + 1}", f"malformed CSV ({exc}); fix the row")


def json_array_records(data: bytes, where: str) -> Iterator[JsonlRecord | SkippedInput]:
    """The records of a JSON array of objects (one article each)."""
    try:
        items = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise SkippedInput(where, f"malformed JSON ({exc}); fix the file") from None
    if not isinstance(items, list):
        raise SkippedInput(
            where, "not a news format (JSON that is not an array of records nor a JSON Feed)"
        )
    for n, obj in enumerate(items, start=1):
        at = f"{where}[{n}]"
        if not isinstance(obj, dict):
            yield SkippedInput(at, 'not a JSON object; each element must be {"text": ...}')
            continue
        raw = json.dumps(obj, ensure_ascii=False, sort_keys=True).encode()
        try:
            yield record_from_object(obj, raw, at)
        except SkippedInput as skip:
            yield skip
