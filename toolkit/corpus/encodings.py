"""Decoding the bytes of a text file: UTF-8 (with or without BOM), UTF-16 with a BOM, or
Windows-1256 (the common legacy Arabic encoding), with errors that name the byte offset."""

from __future__ import annotations

import re

__all__ = ["decode_bytes", "newlines"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file; return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised by their bytes. Other
    input that is not valid UTF-8 is read as Windows-1256 (the common legacy Arabic encoding)
    when it contains no valid UTF-8 multi-byte sequence at all; otherwise the file mixes
    encodings and a ``ValueError`` names the byte offset of the first invalid byte. Line endings
    become ``\\n``. Bytes that cannot be text (NUL bytes, control characters) are rejected.

    Examples
    --------
    >>> decode_bytes("سلام\\r\\n".encode("cp1256"))
    ('سلام\\n', 'windows-1256')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise ValueError(
                    f"invalid {encoding} byte at offset {exc.start + len(bom)}"
                ) from None
            return _check_text(newlines(text)), encoding.replace("-le", "").replace("-be", "")
    if _looks_like_utf16(data):
        raise ValueError(
            "looks like UTF-16 without a byte-order mark (BOM); save it as UTF-8, or as UTF-16 "
            "with a BOM"
        )
    if b"\x00" in data:
        raise ValueError(f"binary data: NUL byte at offset {data.index(0)}")
    try:
        return _check_text(newlines(data.decode("utf-8"))), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _has_utf8_text(data):
        raise ValueError(
            f"mixed or invalid encoding: valid UTF-8 text, but an invalid UTF-8 byte at offset "
            f"{first_bad}"
        )
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError as exc:  # pragma: no cover - cp1256 maps every byte
        raise ValueError(f"undecodable byte at offset {exc.start}") from None
    return _check_text(newlines(text)), "windows-1256"


_UTF8_RUN = re.compile(r"[^\x00-\x7f\udc80-\udcff]{3}")
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _has_utf8_text(data: bytes) -> bool:
    """Whether bytes that are not valid UTF-8 still hold UTF-8 text (a file mixing encodings).

    Windows-1256 text has valid UTF-8 pairs by accident (a letter byte followed by ، ؛ ؟ « » or a
    Persian letter: ``"ق،"`` is ``DE A1``), but only here and there. UTF-8 text has runs of
    several non-ASCII characters in a row (any Arabic word); a Latin-1 ``é`` beside a UTF-8
    ``é`` is as many valid characters as invalid bytes.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    invalid = len(data) - len(text.encode("utf-8", errors="ignore"))  # the escaped bytes
    valid = len(text) - len(data.translate(None, _HIGH_BYTES)) - invalid  # minus ASCII, too
    return valid >= invalid or _UTF8_RUN.search(text) is not None


def _looks_like_utf16(data: bytes) -> bool:
    """Arabic or Latin text in UTF-16 without a BOM: one byte of every pair is 0x00 or 0x06."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return False
    for high, low in ((sample[1::2], sample[0::2]), (sample[0::2], sample[1::2])):
        block = high.count(0) + high.count(6)  # Latin (U+00xx) or Arabic (U+06xx)
        if block >= 0.9 * len(high) and low.count(0) < 0.1 * len(low):
            return True
    return False


def newlines(text: str) -> str:
    """Every line ending (``\\r\\n``, ``\\r``) as ``\\n``.

    Examples
    --------
    >>> newlines("a\\r\\nb\\rc")
    'a\\nb\\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_text(text: str) -> str:
    bad = [i for i, ch in enumerate(text[:100_000]) if ch < " " and ch not in "\n\t\f\v"]
    if len(bad) > 3:
        raise ValueError(f"binary data: control characters at character offset {bad[0]}")
    return text
