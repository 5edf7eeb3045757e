"""Code-point tables and hashing for the fast path (:mod:`toolkit.entities.fast`).

Every code point gets a class (white space, letter, digit, number separator, other, removed by
normalization, or one the fast path cannot follow), its normalized code point and whether it
is an alef with hamza. Pieces of text are compared by 64-bit polynomial hashes of their
normalized code points, computed from prefix sums. The tables hold no words: they come from
the normalization of :mod:`toolkit.arabic` and the letters of the clitics.
"""

from __future__ import annotations

import threading
import unicodedata

import numpy as np

from toolkit.arabic import normalization_map
from toolkit.arabic.charsets import DIACRITICS, MARKS, TATWEEL
from toolkit.lexicons import on_clear

__all__ = [
    "BAD",
    "CHUNK_CHARS",
    "DIG",
    "LET",
    "LETTER_ID",
    "MAX_PREFIX",
    "NSEP",
    "OTH",
    "PREFIX_LETTER",
    "PREFIX_OF_LETTER",
    "PREFIX_SHAPES",
    "REM",
    "WS",
    "Chars",
    "HashSet",
    "chars",
    "hash_many",
    "hash_str",
    "powers",
    "slot",
    "spellings",
]

WS, LET, DIG, NSEP, OTH, REM, BAD = range(7)
_WHITE_SPACE = frozenset((*range(0x09, 0x0E), 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B)))
_WHITE_SPACE |= {0x2028, 0x2029, 0x202F, 0x205F, 0x3000}
_PRIME = 1_000_003
_MASK64 = (1 << 64) - 1
#: Characters per chunk of articles (the default of :class:`toolkit.entities.fast.FastPath`).
CHUNK_CHARS = 2_000_000
MAX_PREFIX = 4  # و + ب + ال
_CLITIC_LETTERS = "وفبكلا"  # و ف (conjunctions), ب ك ل (prepositions), ا ل (the article)


def _prefix_tables() -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Letters that may start a clitic, their ids (1-6), and per length k the id shapes
    (base 8) of the prefixes the clitic rule can cut: [و ف] [ب ك ل] (ال, or ل after ل)."""
    letters = _CLITIC_LETTERS
    is_letter = np.zeros(0x110000, dtype=bool)
    ids = np.zeros(0x110000, dtype=np.int64)
    for n, ch in enumerate(letters, start=1):
        is_letter[ord(ch)] = True
        ids[ord(ch)] = n
    shapes = [np.zeros(1, dtype=bool)] + [
        np.zeros(8**k, dtype=bool) for k in range(1, MAX_PREFIX + 1)
    ]
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ك", "ل"):
            for art in ("", "ال", *(("ل",) if prep == "ل" else ())):
                prefix = conj + prep + art
                if prefix:
                    code = 0
                    for ch in prefix:
                        code = code * 8 + letters.index(ch) + 1
                    shapes[len(prefix)][code] = True
    return is_letter, ids, shapes


PREFIX_LETTER, _PREFIX_LETTER_ID, PREFIX_SHAPES = _prefix_tables()
# Arabic letters U+0621-U+064A as 1-42, everything else 0 (for the stem filter).
LETTER_ID = np.zeros(0x110000, dtype=np.uint8)
LETTER_ID[0x0621:0x064B] = np.arange(1, 43, dtype=np.uint8)
PREFIX_OF_LETTER = np.zeros(64, dtype=np.int64)  # letter id -> prefix letter id (0 for none)
for _ch in _CLITIC_LETTERS:
    PREFIX_OF_LETTER[LETTER_ID[ord(_ch)]] = _PREFIX_LETTER_ID[ord(_ch)]


class Chars:
    """Lookup tables over code points, filled for the code points met so far (the whole
    Basic Multilingual Plane at the start)."""

    def __init__(self) -> None:
        size = 0x110000
        self.known = np.zeros(size, dtype=bool)
        self.cls = np.zeros(size, dtype=np.uint8)
        self.code = np.zeros(size, dtype=np.uint32)
        self.hamza = np.zeros(size, dtype=bool)
        self.removed = {*DIACRITICS, TATWEEL, *MARKS}
        self._lock = threading.Lock()
        self._fill(np.arange(0x10000))

    def fill(self, cp: np.ndarray) -> None:
        """Fill the tables for the code points of ``cp`` not met before."""
        if not len(cp) or cp.max() <= 0xFFFF:  # the whole BMP is filled at the start
            return
        unknown = cp[~self.known[cp]]
        if not len(unknown):
            return
        with self._lock:
            self._fill(np.unique(unknown))

    def _fill(self, new: np.ndarray) -> None:
        table = normalization_map()
        for c in new.tolist():
            ch = chr(c)
            cat = unicodedata.category(ch)
            out = table.get(ch, ch)
            if ch in self.removed:
                cls = REM if cat in ("Mn", "Mc", "Me", "Cf") or ch == TATWEEL else BAD
            elif 0xFB50 <= c <= 0xFDFF or 0xFE70 <= c <= 0xFEFF or len(out) != 1:
                cls = BAD
            elif cat[0] == "M" or cat in ("Cf", "Cn"):
                cls = BAD  # Cn: unassigned here, perhaps a letter for the regex engine
            elif c in _WHITE_SPACE:
                cls = WS
            elif cat[0] == "L":
                cls = LET
            elif cat == "Nd":
                cls = DIG
            elif ch in ".,٫٬":
                cls = NSEP
            else:
                cls = OTH
            self.cls[c] = cls
            self.code[c] = ord(out) if len(out) == 1 else 0
            self.hamza[c] = ch in "أإآ"
            self.known[c] = True


# Process-wide memos (pure: they depend on no lexicon), emptied by toolkit.clear_caches().
_MEMO: dict[str, object] = {}
_MEMO_LOCK = threading.Lock()
on_clear(_MEMO.clear)


def chars() -> Chars:
    """The code-point tables, made once per process (and again after ``clear_caches``)."""
    found = _MEMO.get("chars")
    if found is None:
        with _MEMO_LOCK:
            found = _MEMO.get("chars")
            if found is None:
                found = _MEMO["chars"] = Chars()
    return found  # type: ignore[return-value]


def powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """``P**i`` and ``P**-i`` modulo 2**64 for ``i <= size``."""
    found = _MEMO.get("powers")
    if found is None or len(found[0]) <= size:  # type: ignore[index]
        n = max(size + 1, CHUNK_CHARS + 1)
        inverse = pow(_PRIME, -1, 1 << 64)
        up = np.full(n, _PRIME, dtype=np.uint64)
        up[0] = 1
        down = np.full(n, inverse, dtype=np.uint64)
        down[0] = 1
        found = _MEMO["powers"] = (
            np.cumprod(up, dtype=np.uint64),
            np.cumprod(down, dtype=np.uint64),
        )
    return found  # type: ignore[return-value]


def hash_str(text: str) -> int:
    """The hash of a string, as the prefix sums of :class:`toolkit.entities.chunk.Chunk`
    compute it for a piece of text."""
    h, p = 0, 1
    for ch in text:
        h = (h + ord(ch) * p) & _MASK64
        p = (p * _PRIME) & _MASK64
    return h


def hash_many(texts: list[str]) -> np.ndarray:
    """:func:`hash_str` of many strings at once (on arrays, for the tables of many words)."""
    if not texts:
        return np.zeros(0, dtype=np.uint64)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    up, down = powers(len(codes))
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    np.cumsum(codes.astype(np.uint64) * up[: len(codes)], out=prefix[1:])
    ends = np.cumsum(lengths)
    starts = ends - lengths
    return (prefix[ends] - prefix[starts]) * down[starts]


def slot(h: np.ndarray, bits: int) -> np.ndarray:
    """The slot of hashes in an open table of ``2**bits`` slots (Fibonacci hashing)."""
    return ((h * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - bits)).astype(np.int64)


def spellings(key: str) -> list[str]:
    """The spellings a key (ة read as ه) can have in normalized text: each ه may be a ة."""
    if "ه" not in key:
        return [key]
    spots = [i for i, ch in enumerate(key) if ch == "ه"][:6]
    out = []
    for mask in range(1 << len(spots)):
        letters = list(key)
        for bit, i in enumerate(spots):
            if mask >> bit & 1:
                letters[i] = "ة"
        out.append("".join(letters))
    return out


class HashSet:
    """A set of hashes, for membership tests of many hashes at once: an open table of slots
    (one hash per slot; the few that share a slot are kept apart, sorted)."""

    def __init__(self, hashes) -> None:
        self.hashes = np.unique(np.asarray(hashes, dtype=np.uint64))
        size = max(len(self.hashes), 1)
        self.bits = max(8, int(np.ceil(np.log2(size * 4))))
        slots = slot(self.hashes, self.bits)
        order = np.argsort(slots, kind="stable")
        slots, ordered = slots[order], self.hashes[order]
        first = np.r_[True, slots[1:] != slots[:-1]] if len(slots) else np.zeros(0, dtype=bool)
        self.used = np.zeros(1 << self.bits, dtype=bool)
        self.table = np.zeros(1 << self.bits, dtype=np.uint64)
        self.used[slots[first]] = True
        self.table[slots[first]] = ordered[first]
        self.extra = np.sort(ordered[~first])
        self.crowded = np.zeros(1 << self.bits, dtype=bool)
        self.crowded[slots[~first]] = True

    def contains(self, h: np.ndarray) -> np.ndarray:
        if not len(self.hashes):
            return np.zeros(len(h), dtype=bool)
        at = slot(h, self.bits)
        found = self.used[at] & (self.table[at] == h)
        if len(self.extra):
            more = np.flatnonzero(self.crowded[at] & ~found)
            if len(more):
                where = np.minimum(np.searchsorted(self.extra, h[more]), len(self.extra) - 1)
                found[more] = self.extra[where] == h[more]
        return found
