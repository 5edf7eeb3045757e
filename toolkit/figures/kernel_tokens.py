"""The compiled tokens of the windows: distinct windows, their tokens, the call's words.

:func:`window_tokens` takes the windows of :func:`toolkit.figures.scan.scan_windows` and

1. keeps each distinct window once (the same normalized text and the same group of number
   tokens in it), as :mod:`toolkit.figures.shared` does, by a 64-bit hash of the window that
   is then compared character by character (a window whose hash is taken by another window
   is simply kept apart);
2. cuts each distinct window into tokens exactly as :func:`toolkit.figures.grammar.tokens`
   does with Python's ``re``: a run of letters (``[^\\W\\d_]``), a run of digits with its
   separators (``\\d+(?:[.,٫٬]\\d+)*``) or any other character that is not white space; a
   token's key is its text without placeholders (a token of placeholders alone is none); it
   is a number if its first character is a digit (``str.isdigit``); and for each token,
   whether only white space (``str.isspace``) stands between it and the token before;
3. numbers the distinct keys (the call's vocabulary), again by a hash checked character by
   character; two keys with one hash make the call go back to the reference.

Token rows are ``start``, ``end`` (offsets into the window), ``key`` (its number), ``num``
and ``gap`` (white space alone before it).
"""

from __future__ import annotations

import numpy as np
from numba import types
from numba.typed import Dict

from toolkit.figures.codepoints import ISDIGIT, ISSPACE, PY_DIGIT, PY_LETTER, PY_SPACE
from toolkit.figures.jit import helper, kernel
from toolkit.figures.scan import _SEPARATOR, grow

__all__ = ["TOKEN_COLUMNS", "window_tokens"]

#: The columns of a token row.
TOKEN_COLUMNS = ("start", "end", "key", "num", "gap")


@helper
def _grow1(values, count):
    if count < values.shape[0]:
        return values
    bigger = np.empty(values.shape[0] * 2 + 64, dtype=values.dtype)
    bigger[:count] = values[:count]
    return bigger


@helper
def _same_window(cp, pmap, a, b, size):
    for n in range(size):
        if pmap[cp[a + n]] != pmap[cp[b + n]]:
            return False
    return True


@helper
def _distinct(cp, pmap, offsets, windows):
    """For each window, the number of its distinct window; and each distinct window's row."""
    prime = np.uint64(1099511628211)
    seen = Dict.empty(key_type=types.uint64, value_type=types.int64)
    index = np.empty(windows.shape[0], dtype=np.int64)
    reps = np.empty(windows.shape[0], dtype=np.int64)
    count = 0
    for w in range(windows.shape[0]):
        base = offsets[windows[w, 0]] + windows[w, 4]
        size = windows[w, 5] - windows[w, 4]
        lo, hi = windows[w, 6] - windows[w, 4], windows[w, 7] - windows[w, 4]
        h = np.uint64(1469598103934665603)
        for v in (size, lo, hi):
            h = (h ^ np.uint64(v)) * prime
        for n in range(size):
            h = (h ^ np.uint64(pmap[cp[base + n]])) * prime
        found = seen[h] if h in seen else -1
        if found >= 0:
            r = reps[found]
            r_base = offsets[windows[r, 0]] + windows[r, 4]
            if (
                windows[r, 5] - windows[r, 4] == size
                and windows[r, 6] - windows[r, 4] == lo
                and windows[r, 7] - windows[r, 4] == hi
                and _same_window(cp, pmap, base, r_base, size)
            ):
                index[w] = found
                continue
        else:
            seen[h] = count
        reps[count] = w
        index[w] = count
        count += 1
    return index, reps[:count].copy()


@helper
def _key_is(cp, pmap, a, b, kcp, k0, k1, ph):
    """Whether ``cp[a:b]`` without placeholders is the stored key ``kcp[k0:k1]``."""
    k = k0
    for t in range(a, b):
        c = pmap[cp[t]]
        if c == ph:
            continue
        if k >= k1 or kcp[k] != c:
            return False
        k += 1
    return k == k1


@helper
def _tokens(cp, pmap, bits, sclass, base, size, ph, vocab, kcp, koff, state, toks, count):
    """Append the tokens of the window ``cp[base:base + size]`` to ``toks``; new keys go to
    the vocabulary (``kcp``/``koff``, ``state[0]`` keys, ``state[1]`` characters; a hash
    shared by two keys sets ``state[2]``)."""
    prime = np.uint64(1099511628211)
    p = 0
    prev_end = 0
    first = True
    while p < size:
        c = pmap[cp[base + p]]
        b = bits[c]
        if b & PY_LETTER:
            q = p + 1
            while q < size and bits[pmap[cp[base + q]]] & PY_LETTER:
                q += 1
        elif b & PY_DIGIT:
            q = p + 1
            while q < size and bits[pmap[cp[base + q]]] & PY_DIGIT:
                q += 1
            while (
                q + 1 < size
                and sclass[pmap[cp[base + q]]] & _SEPARATOR
                and bits[pmap[cp[base + q + 1]]] & PY_DIGIT
            ):
                q += 2
                while q < size and bits[pmap[cp[base + q]]] & PY_DIGIT:
                    q += 1
        elif not b & PY_SPACE:
            q = p + 1
        else:
            p += 1
            continue
        h = np.uint64(1469598103934665603)
        length = 0
        for t in range(base + p, base + q):
            k = pmap[cp[t]]
            if k != ph:
                h = (h ^ np.uint64(k)) * prime
                length += 1
        if length == 0:  # placeholders alone: no token
            p = q
            continue
        key = vocab[h] if h in vocab else -1
        if key >= 0:
            if not _key_is(cp, pmap, base + p, base + q, kcp, koff[key], koff[key + 1], ph):
                state[2] = 1
        else:
            key = state[0]
            vocab[h] = key
            start = koff[key]
            for t in range(base + p, base + q):
                k = pmap[cp[t]]
                if k != ph:
                    kcp = _grow1(kcp, start)
                    kcp[start] = k
                    start += 1
            koff = _grow1(koff, key + 2)
            koff[key + 1] = start
            state[0] = key + 1
        gap = 1
        if not first:
            for t in range(base + prev_end, base + p):
                if not bits[pmap[cp[t]]] & ISSPACE:
                    gap = 0
                    break
        toks = grow(toks, count)
        toks[count, 0] = p
        toks[count, 1] = q
        toks[count, 2] = key
        toks[count, 3] = 1 if bits[c] & ISDIGIT else 0
        toks[count, 4] = gap
        count += 1
        first = False
        prev_end = q
        p = q
    return toks, count, kcp, koff


def _make_window_tokens(version):
    def window_tokens(cp, offsets, pmap, bits, sclass, windows, ph):
        """Distinct windows, their tokens and the vocabulary (see the module docstring)."""
        _ = version
        index, reps = _distinct(cp, pmap, offsets, windows)
        vocab = Dict.empty(key_type=types.uint64, value_type=types.int64)
        kcp = np.empty(4096, dtype=np.int64)
        koff = np.zeros(1024, dtype=np.int64)
        state = np.zeros(3, dtype=np.int64)
        toks = np.empty((4096, 5), dtype=np.int64)
        t_off = np.zeros(reps.shape[0] + 1, dtype=np.int64)
        count = 0
        for d in range(reps.shape[0]):
            w = reps[d]
            base = offsets[windows[w, 0]] + windows[w, 4]
            size = windows[w, 5] - windows[w, 4]
            toks, count, kcp, koff = _tokens(
                cp, pmap, bits, sclass, base, size, ph, vocab, kcp, koff, state, toks, count
            )
            t_off[d + 1] = count
        keys = state[0]
        return (
            index,
            reps,
            t_off,
            toks[:count].copy(),
            kcp[: koff[keys]].copy(),
            koff[: keys + 1].copy(),
            state[2] == 1,
        )

    return window_tokens


window_tokens = kernel(_make_window_tokens)
