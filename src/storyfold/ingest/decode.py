"""Bytes to text: encoding detection that never raises."""

from __future__ import annotations

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


def decode_bytes(data: bytes) -> Decoded:
    """Decode bytes as text: BOM, UTF-16 without BOM, strict UTF-8, charset detection, cp1252.

    Invalid bytes never raise: the last resort replaces them, and ``note``
    says what was done so the caller can report it.
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
    text = data.decode("utf-8", errors="replace")
    return Decoded(text, "utf-8", f"invalid UTF-8 at byte {bad_at}; bad bytes replaced")


def _same_as_cp1252(data: bytes, text: str) -> bool:
    try:
        return data.decode("cp1252") == text
    except UnicodeDecodeError:
        return False
