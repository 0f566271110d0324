"""Bytes to text: encoding detection that never raises."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

#: bytes looked at to tell text from binary and to guess UTF-16 without a byte-order mark
HEAD_BYTES = 8192
#: in UTF-16 text of mostly Latin letters every other byte is NUL: at least this share ...
UTF16_MIN_NUL_SHARE = 0.3
#: ... while the bytes in between are almost never NUL (at most this share)
UTF16_MAX_OTHER_NUL_SHARE = 0.02
#: and the decoded head must be this share printable characters or whitespace
UTF16_MIN_PRINTABLE = 0.95


#: bytes searched for a charset declaration (browsers look at the first 1,024; pages put
#: long scripts first)
DECLARATION_BYTES = 4096
#: text that is valid UTF-8 but for at most this share of bad sequences (and has valid
#: multi-byte characters) is UTF-8 with those bytes replaced, not another code page
UTF8_MAX_BAD_SHARE = 0.001

_XML_DECLARATION = re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})")
_META_CHARSET = re.compile(
    rb"<meta\b[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})", re.IGNORECASE
)
_WEB_ALIASES = {
    "iso8859_1": "cp1252",
    "latin_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_9": "cp1254",
}
"""What browsers read for labels that name a subset of a Windows code page (WHATWG)."""


@dataclass(slots=True, frozen=True)
class Decoded:
    """Decoded text, the encoding used, and a note when bytes had to be guessed or replaced."""

    text: str
    encoding: str
    note: str | None = None


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when bytes look like UTF-16 text without a BOM, else None.

    Only text whose characters are mostly below U+0100 is recognised (every other byte
    is NUL, the others almost never are, and the head decodes to printable text).
    """
    head = data[:HEAD_BYTES]
    head = head[: len(head) - len(head) % 2]
    half = len(head) // 2
    if half < 4:
        return None
    even, odd = head[0::2].count(0) / half, head[1::2].count(0) / half
    if odd >= UTF16_MIN_NUL_SHARE and even <= UTF16_MAX_OTHER_NUL_SHARE:
        enc = "utf-16-le"
    elif even >= UTF16_MIN_NUL_SHARE and odd <= UTF16_MAX_OTHER_NUL_SHARE:
        enc = "utf-16-be"
    else:
        return None
    text = head.decode(enc, errors="replace")
    shown = sum(1 for ch in text if ch.isprintable() or ch in "\t\n\r\f")
    return enc if shown >= UTF16_MIN_PRINTABLE * len(text) else None


def looks_binary(data: bytes) -> bool:
    """Whether bytes look like a binary file (NUL bytes or many control bytes up front).

    UTF-16 text, with or without a byte-order mark, is not binary.
    """
    head = data[:HEAD_BYTES]
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(head):
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.05


def nul_offset(data: bytes) -> int | None:
    """Where the first NUL byte of 8-bit text is (binary or corrupt data), or None.

    UTF-16 (whose NUL bytes are half of its characters) has none by definition.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(data):
        return None
    at = data.find(b"\x00")
    return at if at >= 0 else None


def declared_charset(data: bytes) -> str | None:
    """The Python codec a page or feed declares (``<?xml encoding>``, ``<meta charset>``), if known.

    Only the first :data:`DECLARATION_BYTES` are read. Labels browsers read as a
    Windows code page (``iso-8859-1``, ``us-ascii``) give that code page.
    """
    head = data[:DECLARATION_BYTES]
    match = _XML_DECLARATION.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return _WEB_ALIASES.get(name.replace("-", "_"), name)


def _codec(label: str | None) -> str | None:
    """The Python codec of a charset label, as :func:`declared_charset` names it."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return _WEB_ALIASES.get(name.replace("-", "_"), name)


def _mostly_utf8(data: bytes) -> str | None:
    """The text, bad sequences replaced, when bytes are UTF-8 but for a few stray bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if multibyte > 0 and bad <= max(1.0, UTF8_MAX_BAD_SHARE * len(data)):
        return text
    return None


def decode_bytes(data: bytes, transport_charset: str | None = None) -> Decoded:
    """Decode bytes as text, trusting what the bytes say before guessing.

    ``transport_charset`` is what the bytes came with (an HTTP ``Content-Type`` charset,
    a web archive's record header): it counts as a declaration when the bytes declare
    nothing themselves.

    In order: a byte-order mark; UTF-16 without one; strict UTF-8; a
    declaration of UTF-8 (bad bytes replaced); text that is UTF-8 but for a few
    stray bytes (replaced: one bad byte never switches a page to a code page);
    another declared charset; charset detection; UTF-8 with replacement.
    Invalid bytes never raise, and ``note`` says what was done so the caller
    can report it.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return Decoded(body.decode(enc), enc)
            except UnicodeDecodeError as exc:
                at = len(bom) + exc.start
                note = f"invalid {enc.upper()} at byte {at}; bad bytes replaced"
                return Decoded(body.decode(enc, errors="replace"), enc, note)
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        text = data.decode(utf16, errors="replace")
        return Decoded(text, utf16, f"no byte-order mark; decoded as {utf16.upper()}")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    declared = declared_charset(data) or _codec(transport_charset)
    replaced = f"invalid UTF-8 at byte {bad_at}; bad bytes replaced"
    if declared == "utf-8":
        return Decoded(data.decode("utf-8", errors="replace"), "utf-8", replaced)
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return Decoded(mostly, "utf-8", replaced)
    if declared is not None:
        try:
            return Decoded(data.decode(declared), declared)
        except UnicodeDecodeError:
            text = data.decode(declared, errors="replace")
            return Decoded(text, declared, f"bytes invalid in the declared {declared} replaced")
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding and best.encoding.lower() not in ("utf_8", "utf-8"):
        enc = best.encoding
        try:
            text = data.decode(enc)
            if enc != "cp1252" and _same_as_cp1252(data, text):
                enc = "cp1252"  # the commoner name when both read the bytes alike
            return Decoded(text, enc, f"not valid UTF-8; decoded as {enc}")
        except (UnicodeDecodeError, LookupError):
            pass
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", replaced)


def _same_as_cp1252(data: bytes, text: str) -> bool:
    try:
        return data.decode("cp1252") == text
    except UnicodeDecodeError:
        return False
