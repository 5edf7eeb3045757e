"""The fast path's look-out for typos: the words of a chunk that may be one edit away from an
alias word, found on arrays, so that their articles go to the reference (which respells them,
:mod:`toolkit.entities.spelling`).

The test is a necessary condition of :meth:`SpellingIndex.respell
<toolkit.entities.spelling.SpellingIndex.respell>`, computed for every word and every way the
clitic rule can cut its front (the chunk's prefix shapes):

1. the stem's length is one an alias stem of the index can be one edit away from;
2. its first two letters, or its last two, are those of such a stem of about that length
   (one edit leaves one end of a word of five letters or more untouched);
3. the stem, or the stem with one letter deleted, hashes to an alias stem or to an alias stem
   with one letter deleted (symmetric delete).

The few distinct words that pass are respelled in Python; only those that respell mark their
article. Equality with the reference holds because the reference respells every word with
the same function and the test never leaves out a word it respells.
"""

from __future__ import annotations

import threading
import weakref

import numpy as np

from toolkit.entities.chars import LETTER_ID, HashSet, hash_str, powers, spellings
from toolkit.entities.chunk import Chunk
from toolkit.entities.spelling import MIN_STEM, SpellingIndex
from toolkit.lexicons import on_clear

__all__ = ["Suspects", "suspects_for"]

_TEH, _HEH = int(LETTER_ID[ord("ة")]), int(LETTER_ID[ord("ه")])
_LETTERS = 64


def _letter_ids(codes: np.ndarray) -> np.ndarray:
    ids = LETTER_ID[codes].astype(np.int64)
    ids[ids == _TEH] = _HEH  # keys read ة as ه
    return ids


class Suspects:
    """The arrays of the test, built once per spelling index."""

    def __init__(self, index: SpellingIndex) -> None:
        self.index = index
        stems = sorted({stem for stem, _ in index.owners})
        top = max((len(s) for s in stems), default=0) + 2
        self.top = top
        self.lengths = np.zeros(top + 1, dtype=bool)
        self.first = np.zeros(_LETTERS * _LETTERS * (top + 1), dtype=bool)
        self.last = np.zeros(_LETTERS * _LETTERS * (top + 1), dtype=bool)
        for stem in stems:
            ids = [int(i) for i in _letter_ids(np.array([ord(c) for c in stem], dtype=np.uint32))]
            for length in range(len(stem) - 1, len(stem) + 2):
                self.lengths[length] = True
                self.first[(ids[0] * _LETTERS + ids[1]) * (top + 1) + length] = True
                self.last[(ids[-2] * _LETTERS + ids[-1]) * (top + 1) + length] = True
        forms = set(index.neighbours)
        self.hashes = HashSet([hash_str(f) for form in forms for f in spellings(form)])

    def marked(self, chunk: Chunk) -> np.ndarray:
        """The tokens of ``chunk`` that respell (a boolean per token)."""
        out = np.zeros(len(chunk.ts), dtype=bool)
        if not self.lengths.any():
            return out
        words = np.flatnonzero(chunk.word & (chunk.length >= MIN_STEM))
        groups = [words] + [s[chunk.length[s] - k >= 4] for k, s in enumerate(chunk.shapes(), 1)]
        found = []
        up, _ = powers(len(chunk.code))
        for k, tokens in enumerate(groups):
            if not len(tokens):
                continue
            start, end = chunk.ts[tokens] + k, chunk.te[tokens]
            size = end - start
            ok = size <= self.top
            tokens, start, end, size = tokens[ok], start[ok], end[ok], size[ok]
            ok = self.lengths[size]
            tokens, start, end, size = tokens[ok], start[ok], end[ok], size[ok]
            ids = _letter_ids(
                chunk.code[
                    np.minimum(np.c_[start, start + 1, end - 2, end - 1], len(chunk.code) - 1)
                ]
            )
            head = (ids[:, 0] * _LETTERS + ids[:, 1]) * (self.top + 1) + size
            tail = (ids[:, 2] * _LETTERS + ids[:, 3]) * (self.top + 1) + size
            ok = self.first[head] | self.last[tail]
            tokens, start, end, size = tokens[ok], start[ok], end[ok], size[ok]
            if not len(tokens):
                continue
            hit = self.hashes.contains(chunk.hash(start, end))
            for j in range(int(size.max())):
                more = ~hit & (size > j)
                if not more.any():
                    break
                s, e, at = start[more], end[more], start[more] + j
                left = (chunk.prefix[at] - chunk.prefix[s]) * chunk.down[s]
                right = (chunk.prefix[e] - chunk.prefix[at + 1]) * chunk.down[at + 1] * up[j]
                hit[more] = self.hashes.contains(left + right)
            found.append(tokens[hit])
        if not found:
            return out
        tokens = np.unique(np.concatenate(found))
        for t in tokens.tolist():
            word = chunk.code[chunk.ts[t] : chunk.te[t]].tobytes().decode("utf-32-le")
            if self.index.respell(word) is not None:
                out[t] = True
        return out


# One look-out per spelling index (a new one whenever the gazetteer changes); emptied by
# toolkit.clear_caches().
_SUSPECTS: weakref.WeakKeyDictionary[SpellingIndex, Suspects] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
on_clear(_SUSPECTS.clear)


def suspects_for(index: SpellingIndex) -> Suspects:
    """The look-out of a spelling index."""
    with _LOCK:
        found = _SUSPECTS.get(index)
        if found is None:
            found = _SUSPECTS[index] = Suspects(index)
        return found
