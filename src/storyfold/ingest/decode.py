"""Bytes to text: encoding detection that never raises."""

from __future__ import annotations

from dataclasses import dataclass

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


@dataclass(slots=True, frozen=True)
class Decoded:
    """Decoded text, the encoding used, and a note when bytes had to be guessed or replaced."""

    text: str
    encoding: str
    note: str | None = None


def looks_binary(data: bytes) -> bool:
    """Whether bytes look like a binary file (NUL bytes or many control bytes up front)."""
    head = data[:8192]
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.05


def decode_bytes(data: bytes) -> Decoded:
    """Decode bytes as text: BOM, then strict UTF-8, then charset detection, then cp1252.

    Invalid bytes never raise: the last resort replaces them, and ``note``
    says what was done so the caller can report it.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(enc, errors="replace"), enc)
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
