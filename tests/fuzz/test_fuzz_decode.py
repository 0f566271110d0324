"""Fuzz target: bytes to text (``storyfold.ingest.decode``).

Whatever the bytes, decoding gives storable text (no lone surrogates, encodable as
UTF-8) under a real codec name and never raises; text that was valid UTF-8 (or carried a
byte-order mark) comes back exactly; the binary and NUL checks agree with the bytes.
"""

from __future__ import annotations

import codecs

from hypothesis import example, given
from hypothesis import strategies as st

from storyfold.ingest.decode import decode_bytes, looks_binary, nul_offset, utf16_without_bom

from .profile import fuzz, hostile_text

ENCODINGS = ["utf-8", "utf-16-le", "utf-16-be", "utf-16", "cp1252", "latin-1", "koi8-r",
             "shift_jis", "gb18030", "iso-8859-7", "mac-roman", "utf-32"]  # fmt: skip

text_without_nul = hostile_text().map(lambda s: s.replace("\x00", ""))


@st.composite
def encoded(draw: st.DrawFn) -> bytes:
    """Text in some encoding (unencodable characters replaced), perhaps cut or corrupted."""
    text = draw(hostile_text())
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at:]
    return data


def _check(data: bytes) -> None:
    got = decode_bytes(data)
    assert isinstance(got.text, str)
    got.text.encode("utf-8")  # no lone surrogates: the text can be stored and printed
    codecs.lookup(got.encoding)
    assert got.note is None or (isinstance(got.note, str) and got.note)
    if got.note is None:  # nothing guessed or replaced: the bytes are exactly this text
        assert "\ufffd" not in got.text or "\ufffd".encode(got.encoding) in data
    binary = looks_binary(data)
    assert isinstance(binary, bool)
    at = nul_offset(data)
    if at is not None:
        assert data[at] == 0 and b"\x00" not in data[:at]
    elif utf16_without_bom(data) is None and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        assert b"\x00" not in data


@fuzz
@given(st.one_of(st.binary(max_size=600), encoded()))
@example(b"\xff\xfe\x00\xd8")  # UTF-16 with a BOM and a lone surrogate
@example(b"\xef\xbb\xbf\xed\xa0\x80")  # UTF-8 BOM, then an encoded surrogate
@example(b"a\x00b\x00c\x00d\x00\x00\xdc")  # UTF-16-LE without a BOM, a lone low surrogate
@example(b"\x00" * 64)
def test_any_bytes_decode_to_storable_text(data: bytes) -> None:
    _check(data)


@fuzz
@given(text_without_nul)
def test_valid_utf8_comes_back_as_it_was(text: str) -> None:
    data = text.encode("utf-8")
    if utf16_without_bom(data) or data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return  # read as UTF-16 or by its BOM, by design
    got = decode_bytes(data)
    assert (got.text, got.encoding, got.note) == (text, "utf-8", None)


@fuzz
@given(hostile_text(), st.sampled_from(["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]))
def test_text_with_a_byte_order_mark_comes_back_as_it_was(text: str, enc: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(enc, b"")
    data = bom + text.encode(enc)
    got = decode_bytes(data)
    assert got.text == text.removeprefix("\ufeff") or got.text == text
    assert got.note is None
