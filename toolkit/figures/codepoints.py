"""Text as one array of code points for the compiled kernels, and what each code point is.

The kernels (:mod:`toolkit.figures.scan`, :mod:`toolkit.figures.kernel_tokens`) must cut
text exactly as the reference does with three regex engines: polars (Rust ``regex``) for the
candidates and the sentences, Python's ``re`` for the tokens of a window, and Python's ``str``
methods in the grammar. So the class of every code point is not written here but asked of
those engines themselves, once per code point met (:class:`CodePoints`): ``\\w``, ``\\d`` and
white space in polars, ``[^\\W\\d_]``, ``\\d`` and ``\\s`` in ``re``, and ``str.isdigit``,
``str.isalpha`` and ``str.isspace``. The length-preserving normalization
(:func:`toolkit.figures.grammar.prenormalize`) is a table from code point to code point.
"""

from __future__ import annotations

import re
import threading

import numpy as np
import polars as pl

from toolkit.figures.grammar import length_preserving_table
from toolkit.figures.jit import helper, kernel

__all__ = [
    "ISALPHA",
    "ISDIGIT",
    "ISSPACE",
    "PY_DIGIT",
    "PY_LETTER",
    "PY_SPACE",
    "RS_DIGIT",
    "RS_LETTER",
    "RS_LMCF",
    "RS_REGEX_SPACE",
    "RS_SPACE",
    "RS_WORD",
    "CodePoints",
    "code_points",
    "decode",
    "table",
]

#: Bits of :attr:`CodePoints.bits`: polars' ``\w``, ``\d``, white space (``strip_chars``);
#: ``re``'s ``[^\W\d_]``, ``\d``, ``\s``; ``str.isdigit``, ``str.isalpha``, ``str.isspace``;
#: polars' ``[\p{L}\p{M}\p{Cf}]``, ``\s`` and ``\p{L}`` (what the tokenizer of
#: :mod:`toolkit.arabic` keeps inside a word, skips, and starts a word with).
RS_WORD, RS_DIGIT, RS_SPACE, PY_LETTER, PY_DIGIT, PY_SPACE, ISDIGIT, ISALPHA, ISSPACE = (
    1 << n for n in range(9)
)
RS_LMCF, RS_REGEX_SPACE, RS_LETTER = 1 << 9, 1 << 10, 1 << 11
_SIZE = 0x110000
_PY_LETTER = re.compile(r"[^\W\d_]")
_PY_DIGIT = re.compile(r"\d")
_PY_SPACE = re.compile(r"\s")


def code_points(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The code points of ``texts`` end to end (``uint32``) and where each text starts
    (``len(texts) + 1`` offsets; Python's ``len`` counts code points, as polars does)."""
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), out=offsets[1:])
    cp = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    return cp, offsets


def decode(cp: np.ndarray) -> str:
    """The text of an array of code points."""
    return np.ascontiguousarray(cp, dtype=np.uint32).tobytes().decode("utf-32-le")


@helper
def _unknown(cp, known):
    seen = np.zeros(known.shape[0], dtype=np.bool_)
    found = []
    for c in cp:
        if not known[c] and not seen[c]:
            seen[c] = True
            found.append(c)
    out = np.empty(len(found), dtype=np.int64)
    for n in range(len(found)):
        out[n] = found[n]
    return out


def _make_unknown(version):
    def unknown(cp, known):
        """The distinct code points of ``cp`` that ``known`` does not mark."""
        _ = version
        return _unknown(cp, known)

    return unknown


_unknown_kernel = kernel(_make_unknown)


class CodePoints:
    """What every code point met so far is (:attr:`bits`) and what the length-preserving
    normalization makes of it (:attr:`pre`); one table per process (the engines do not
    change), filled as new code points are met (:meth:`cover`)."""

    def __init__(self) -> None:
        self.known = np.zeros(_SIZE, dtype=np.bool_)
        self.bits = np.zeros(_SIZE, dtype=np.uint16)
        self.pre = np.arange(_SIZE, dtype=np.uint32)
        self._lock = threading.Lock()
        self._fill(np.arange(0x0800))  # Latin, Greek, Cyrillic, Hebrew, Arabic, …

    def cover(self, cp: np.ndarray) -> None:
        """Fill the tables for the code points of ``cp`` not met before."""
        if len(cp):
            unknown = _unknown_kernel()(cp, self.known)
            if len(unknown):
                self._fill(unknown)

    def _fill(self, cps: np.ndarray) -> None:
        with self._lock:
            cps = np.asarray([c for c in np.unique(cps).tolist() if not self.known[c]])
            if not len(cps):
                return
            surrogate = (cps >= 0xD800) & (cps <= 0xDFFF)  # no polars string holds one
            chars = [chr(c) for c in cps.tolist()]
            series = pl.Series([" " if s else c for c, s in zip(chars, surrogate, strict=True)])
            bits = np.zeros(len(cps), dtype=np.uint16)
            polars_bits = (
                (series.str.contains(r"^\w$"), RS_WORD),
                (series.str.contains(r"^\d$"), RS_DIGIT),
                (series.str.strip_chars() == "", RS_SPACE),
                (series.str.contains(r"^[\p{L}\p{M}\p{Cf}]$"), RS_LMCF),
                (series.str.contains(r"^\s$"), RS_REGEX_SPACE),
                (series.str.contains(r"^\p{L}$"), RS_LETTER),
            )
            for found, bit in polars_bits:
                bits |= np.where(found.to_numpy() & ~surrogate, bit, 0).astype(np.uint16)
            for n, char in enumerate(chars):
                bits[n] |= (
                    (PY_LETTER if _PY_LETTER.fullmatch(char) else 0)
                    | (PY_DIGIT if _PY_DIGIT.fullmatch(char) else 0)
                    | (PY_SPACE if _PY_SPACE.fullmatch(char) else 0)
                    | (ISDIGIT if char.isdigit() else 0)
                    | (ISALPHA if char.isalpha() else 0)
                    | (ISSPACE if char.isspace() else 0)
                )
            self.bits[cps] = bits
            mapping = length_preserving_table()
            for c, char in zip(cps.tolist(), chars, strict=True):
                if char in mapping:
                    self.pre[c] = ord(mapping[char])
            self.known[cps] = True
            normalized = self.pre[cps]
            left = normalized[~self.known[normalized]]
        if len(left):  # what the normalization gives is read as text too
            self._fill(left)


_TABLE: CodePoints | None = None
_TABLE_LOCK = threading.Lock()


def table() -> CodePoints:
    """The process's :class:`CodePoints`."""
    global _TABLE
    with _TABLE_LOCK:
        if _TABLE is None:
            _TABLE = CodePoints()
        return _TABLE
