"""The fast path's look-out for respellings: the words of a chunk that
:meth:`SpellingIndex.respell <toolkit.entities.spelling.SpellingIndex.respell>` may respell,
found on arrays, so that their articles go to the reference (which respells them).

For every word and every way the clitic rule can cut its front (the chunk's prefix shapes),
a word is a suspect when

1. what remains hashes to a name run together (حزبالله), or
2. it has a و inside, what follows the و hashes to a one-word alias and what comes before it
   to a word of an alias (الولاياتالمتحدةوالعراق), or
3. (a typo) what remains has a length an alias stem of the index can be one edit away from;
   its first three letters or its last three are those of such a stem of about that length,
   or, for a stem of six letters, its first two and its last two (one edit leaves one end of
   a word of seven letters or more untouched, and of a word of six the two ends but for a
   transposition in the middle); it is no alias stem or name itself; and it, or it with one
   letter deleted, hashes to an alias stem or to an alias stem with one letter deleted
   (symmetric delete).

These are necessary conditions of a respelling; the few distinct suspects are respelled in
Python, and only those that respell send their article to the reference. Equality with the
reference holds because the reference respells every word with the same function and no word
it respells escapes the look-out.
"""

from __future__ import annotations

import threading
import weakref

import numpy as np

from toolkit.entities.chars import LETTER_ID, HashSet, hash_many, powers, spellings
from toolkit.entities.chunk import Chunk, Splits
from toolkit.entities.spelling import MIN_STEM, SHORTEST, SpellingIndex
from toolkit.lexicons import on_clear

__all__ = ["Suspects", "suspects_for"]

_TEH, _HEH = int(LETTER_ID[ord("ة")]), int(LETTER_ID[ord("ه")])
_LETTERS = 64
_WAW = ord("و")


def _letter_ids(codes: np.ndarray) -> np.ndarray:
    ids = LETTER_ID[codes].astype(np.int64)
    ids[ids == _TEH] = _HEH  # keys read ة as ه
    return ids


def _trigram(a, b, c):
    return (a * _LETTERS + b) * _LETTERS + c


def _ends(a, b, c, d, length):
    """A number for the first two and last two letters and the length of a word."""
    return (((a * _LETTERS + b) * _LETTERS + c) * _LETTERS + d) * 64 + length


def _hashes(words) -> HashSet:
    """The hashes of every spelling (ه as ه or ة) of key-form words."""
    return HashSet(hash_many([form for word in words for form in spellings(word)]))


class Suspects:
    """The arrays of the look-out, built once per spelling index."""

    def __init__(self, index: SpellingIndex) -> None:
        self.index = index
        stems = sorted({stem for stem, _ in index.owners})
        self.top = top = max((len(s) for s in stems), default=0) + 2
        self.lengths = np.zeros(top + 1, dtype=bool)
        self.first = np.zeros(_LETTERS**3 * (top + 1), dtype=bool)
        self.last = np.zeros(_LETTERS**3 * (top + 1), dtype=bool)
        ends = []
        for stem in stems:
            codes = np.array([ord(c) for c in stem], dtype=np.uint32)
            ids = [int(i) for i in _letter_ids(codes)]
            for length in range(len(stem) - 1, len(stem) + 2):
                self.lengths[length] = True
                self.first[_trigram(*ids[:3]) * (top + 1) + length] = True
                self.last[_trigram(*ids[-3:]) * (top + 1) + length] = True
                if len(stem) < MIN_STEM + 1:
                    ends.append(_ends(*ids[:2], *ids[-2:], length))
        self.ends = HashSet(np.array(ends, dtype=np.uint64))
        self.near = _hashes(index.neighbours)
        self.exact = _hashes(index.stems | index.names)
        joined = set(index.joined)
        joined |= {"ل" + word[2:] for word in index.joined if word.startswith("ال")}
        self.joined = _hashes(joined)
        self.heads = _hashes(index.heads)
        self.tails = _hashes(index.tails)
        self.verdicts = Splits()  # word identity -> 1 when it respells, 0 when not

    def marked(self, chunk: Chunk) -> np.ndarray:
        """The tokens of ``chunk`` that respell (a boolean per token).

        A word's verdict depends on the word alone, so it is remembered (by the hash of the
        normalized word and its length): each distinct word is looked at once per index."""
        out = np.zeros(len(chunk.ts), dtype=bool)
        words = np.flatnonzero(chunk.word & (chunk.length >= SHORTEST))
        if not len(words):
            return out
        ident = chunk.hash(chunk.ts[words], chunk.te[words]) ^ (
            chunk.length[words].astype(np.uint64) * np.uint64(0x100000001B3)
        )
        verdict = self.verdicts.find(ident)
        new = verdict < 0
        if new.any():
            unique, first = np.unique(ident[new], return_index=True)
            self.verdicts.add(unique, self._respelled(chunk, words[new][first]).astype(np.int64))
            verdict = self.verdicts.find(ident)
        out[words[verdict == 1]] = True
        return out

    def _respelled(self, chunk: Chunk, words: np.ndarray) -> np.ndarray:
        """Whether each of ``words`` (tokens of distinct words) respells."""
        chosen = np.zeros(len(chunk.ts), dtype=bool)
        chosen[words] = True
        shapes = [s[chosen[s]] for s in chunk.shapes()]
        groups = [words] + [s[chunk.length[s] - k >= 3] for k, s in enumerate(shapes, 1)]
        found = [self._glued(chunk, words, shapes[0])]
        up, _ = powers(len(chunk.code))
        for k, tokens in enumerate(groups):
            if not len(tokens):
                continue
            start, end = chunk.ts[tokens] + k, chunk.te[tokens]
            whole = chunk.hash(start, end)
            found.append(tokens[self.joined.contains(whole)])
            found.append(self._typos(chunk, tokens, start, end, whole, up))
        suspects = np.unique(np.concatenate(found))
        flags = np.zeros(len(chunk.ts), dtype=bool)
        for t in suspects.tolist():
            word = chunk.code[chunk.ts[t] : chunk.te[t]].tobytes().decode("utf-32-le")
            flags[t] = self.index.respell(word) is not None
        return flags[words]

    def _typos(self, chunk, tokens, start, end, whole, up) -> np.ndarray:
        size = end - start
        ok = (size <= self.top) & (size >= MIN_STEM - 1)
        ok[ok] = self.lengths[size[ok]]
        tokens, start, end, size, whole = (x[ok] for x in (tokens, start, end, size, whole))
        if not len(tokens):
            return tokens
        top = len(chunk.code) - 1
        at = np.c_[start, start + 1, start + 2, end - 3, end - 2, end - 1]
        ids = _letter_ids(chunk.code[np.minimum(at, top)])
        width = self.top + 1
        head = _trigram(ids[:, 0], ids[:, 1], ids[:, 2]) * width + size
        tail = _trigram(ids[:, 3], ids[:, 4], ids[:, 5]) * width + size
        ok = self.first[head] | self.last[tail]
        rest = ~ok
        if rest.any() and len(self.ends.hashes):
            r = ids[rest]
            key = _ends(r[:, 0], r[:, 1], r[:, 4], r[:, 5], size[rest]).astype(np.uint64)
            ok[rest] = self.ends.contains(key)
        ok &= ~self.exact.contains(whole)
        tokens, start, end, size, whole = (x[ok] for x in (tokens, start, end, size, whole))
        hit = self.near.contains(whole)
        for j in range(int(size.max(initial=0))):
            more = ~hit & (size > j)
            if not more.any():
                break
            s, e = start[more], end[more]
            left = (chunk.prefix[s + j] - chunk.prefix[s]) * chunk.down[s]
            right = (chunk.prefix[e] - chunk.prefix[s + j + 1]) * chunk.down[s + j + 1] * up[j]
            hit[more] = self.near.contains(left + right)
        return tokens[hit]

    def _glued(self, chunk, words, after_clitic) -> np.ndarray:
        """Words with a و inside between a word of an alias and a one-word alias."""
        # in text order: the owner of a و is found by a binary search on the words' starts
        # (the words come in the order of their hashes, from the memo of verdicts)
        long = np.sort(words[chunk.length[words] >= 7])
        if not len(long):
            return long
        inside = np.zeros(len(chunk.code) + 1, dtype=np.int64)
        inside[chunk.ts[long] + 3] += 1
        inside[chunk.te[long] - 3] -= 1
        waw = np.flatnonzero((np.cumsum(inside)[:-1] > 0) & (chunk.code == _WAW))
        if not len(waw):
            return waw
        owner = long[np.searchsorted(chunk.ts[long], waw, side="right") - 1]
        ends = chunk.te[owner]
        ok = self.tails.contains(chunk.hash(waw + 1, ends))
        waw, owner = waw[ok], owner[ok]
        if not len(waw):
            return waw
        starts = chunk.ts[owner]
        hit = self.heads.contains(chunk.hash(starts, waw))
        front = np.isin(owner, after_clitic)  # one clitic letter in front: وحزباللهوإيران
        hit[front] |= self.heads.contains(chunk.hash(starts[front] + 1, waw[front]))
        return owner[hit]


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
