"""The compiled kernels of the fast path: the character scan and the phrase walk (numba).

:class:`toolkit.entities.chunk.Chunk` with ``compiled=True`` reads its arrays from
:func:`scan_chunk` instead of its numpy steps (the reference): the kept characters and their
offsets, the normalized code points, the tokens' starts and ends, the prefix sums of the
hashes, the letter ids and the articles the fast path cannot reproduce; and its
:meth:`~toolkit.entities.chunk.Chunk.matches` walks each start piece down the trie in
:func:`walk_phrases` instead of stepping every walker at once. Every array and every match is
equal to the reference's (``tests/entities/test_kernel.py``).

The kernel is compiled as the figures' kernels are (:mod:`toolkit.figures.jit`): numba in
``nopython`` mode with ``nogil`` (the chunks run on two threads) and ``cache=True``, the machine
code written to ``NUMBA_CACHE_DIR`` when it is set, else beside this module in ``__pycache__``,
else (a read-only install) to numba's user cache; with no writable folder it is compiled in
every process, with a warning. The kernel's closure holds a hash of this module's source and of
:mod:`toolkit.entities.chars` (whose constants it reads), so editing either compiles afresh.
numba is imported only when the kernel is first used.
"""

from __future__ import annotations

import functools
import warnings
from pathlib import Path

import numpy as np

from toolkit.entities.chars import BAD, DIG, LET, NSEP, REM
from toolkit.workers import numba_available, source_hash

__all__ = ["available", "scan_chunk", "suffix_hits", "version", "walk_phrases", "warm"]

_HERE = Path(__file__).resolve().parent
#: The modules whose source keys the kernel's disk cache.
KERNEL_MODULES = ("kernel.py", "chars.py")
_TATWEEL = 0x0640


@functools.cache
def version() -> int:
    """A hash of the source of :data:`KERNEL_MODULES` (what keys the kernel's disk cache)."""
    return source_hash(_HERE, KERNEL_MODULES)


#: Whether numba can be imported here (the compiled scan needs it).
available = numba_available


def _make_scan(key: int):
    def scan(cp, cls, code_table, letter_table, offset, up, bad):
        """Kept characters (offsets, kinds, normalized codes), marks on ``bad`` (per article),
        then tokens (starts, ends in kept characters), prefix sums and letter ids."""
        n = len(cp)
        orig = np.empty(n, dtype=np.int64)
        kind = np.empty(n, dtype=np.uint8)
        code = np.empty(n, dtype=np.uint32)
        size = 0
        article = 0
        before = -1  # the kind of the character before (-1: none)
        kept = -1  # the kind of the last kept character (-1: none)
        for i in range(n):
            while i >= offset[article + 1]:
                article += 1
            c = cp[i]
            k = cls[c]
            if k == BAD:
                bad[article] = True
            if k == REM:
                # A removed character right after a number, or tatweel opening a word.
                if before == DIG or before == NSEP:
                    bad[article] = True
                if c == _TATWEEL and kept != LET:
                    bad[article] = True
            else:
                orig[size] = i
                kind[size] = k
                code[size] = code_table[c]
                size += 1
                kept = k
            before = k
        # Numbers: digits, and one separator between two digits.
        number = np.empty(size, dtype=np.bool_)
        for i in range(size):
            number[i] = kind[i] == DIG
        for i in range(1, size - 1):
            if kind[i] == NSEP and kind[i - 1] == DIG and kind[i + 1] == DIG:
                number[i] = True
        ts = np.empty(size, dtype=np.int64)
        te = np.empty(size, dtype=np.int64)
        tokens = 0
        ends = 0
        for i in range(size):
            k = kind[i]
            single = k >= NSEP and not number[i]
            letter = k == LET
            opens = single
            closes = single
            if letter:
                opens = opens or i == 0 or kind[i - 1] != LET
                closes = closes or i == size - 1 or kind[i + 1] != LET
            if number[i]:
                opens = opens or i == 0 or not number[i - 1]
                closes = closes or i == size - 1 or not number[i + 1]
            if opens:
                ts[tokens] = i
                tokens += 1
            if closes:
                te[ends] = i + 1
                ends += 1
        prefix = np.zeros(size + 1, dtype=np.uint64)
        letters = np.empty(size, dtype=np.uint8)
        total = np.uint64(0)
        for i in range(size):
            total += np.uint64(code[i]) * up[i]
            prefix[i + 1] = total
            letters[i] = letter_table[code[i]]
        return orig[:size], code[:size], ts[:tokens], te[:ends], prefix, letters, key

    return scan


def _make_walk(key: int):
    def walk(code, has_art, article, codes, edge_key, edge_child, terminal, dense):
        """Longest phrase from each start piece, then the reference's overlap rule."""
        tokens = len(code)
        rows = np.empty(2 * tokens, dtype=np.int64)
        stops = np.empty(2 * tokens, dtype=np.int64)
        phrases = np.empty(2 * tokens, dtype=np.int64)
        found = 0
        edges = len(edge_key)
        for t in range(tokens):
            if code[t] < 0 or edges == 0:
                continue
            for first_piece in (2 * t, 2 * t + 1):
                if first_piece == 2 * t and not has_art[t]:
                    continue
                unit = 0 if first_piece == 2 * t else code[t]
                piece = first_piece
                node = 0
                best_stop, best_phrase = -1, -1
                while True:
                    # One step down the trie along the piece's code.
                    query = node * codes + unit
                    if len(dense):
                        node = np.int64(dense[query])
                    else:
                        at = np.searchsorted(edge_key, query)
                        node = edge_child[at] if at < edges and edge_key[at] == query else -1
                    if node < 0:
                        break
                    phrase = terminal[node]
                    if phrase >= 0:
                        stop = (piece >> 1) * 2 + 2
                        if stop > best_stop:
                            best_stop, best_phrase = stop, phrase
                    # The next piece: the stem after an article, else the next token's first.
                    stem = piece & 1
                    token = piece >> 1
                    nxt = token + stem
                    if nxt >= tokens:
                        break
                    if stem == 1 and article[nxt] != article[token]:
                        break
                    if stem == 1 and has_art[nxt]:
                        piece = 2 * nxt
                        unit = 0
                    else:
                        piece = 2 * nxt + 1
                        unit = code[nxt]
                    if unit < 0:
                        break
                if best_stop >= 0:
                    rows[found] = first_piece
                    stops[found] = best_stop
                    phrases[found] = best_phrase
                    found += 1
        t0 = np.empty(found, dtype=np.int64)
        w0 = np.empty(found, dtype=np.int64)
        last = np.empty(found, dtype=np.int64)
        out_phrase = np.empty(found, dtype=np.int64)
        kept = 0
        reach = -1
        for i in range(found):
            if rows[i] >= reach:
                t0[kept] = rows[i] >> 1
                w0[kept] = rows[i] & 1
                last[kept] = (stops[i] >> 1) - 1
                out_phrase[kept] = phrases[i]
                kept += 1
            if stops[i] > reach:
                reach = stops[i]
        return t0[:kept], w0[:kept], last[:kept], out_phrase[:kept], key

    return walk


def _make_hits(key: int):
    def hits(
        chosen, ks, ts, te, letter, last_letter, prefix, down,
        shapes, lengths, bits, slot_hash, slot_id, extra_hash, extra_id,
    ):  # fmt: skip
        """For each candidate token (``chosen``, with its prefix length ``ks``, in order): the
        stem whose hash its suffix has, after the letter-shape and length filters."""
        top = len(lengths) - 1
        size = len(letter)
        out_t = np.empty(len(chosen), dtype=np.int64)
        out_k = np.empty(len(chosen), dtype=np.int64)
        out_s = np.empty(len(chosen), dtype=np.int64)
        found = 0
        shift = np.uint64(64 - bits)
        golden = np.uint64(0x9E3779B97F4A7C15)
        for n in range(len(chosen)):
            t = chosen[n]
            k = ks[n]
            start = ts[t] + k
            end = te[t]
            second = letter[min(start + 1, end - 1, size - 1)]
            shape = (np.int64(letter[start]) * 64 + np.int64(second)) * 64 + last_letter[t]
            if not shapes[shape] or not lengths[min(end - start, top)]:
                continue
            h = (prefix[end] - prefix[start]) * down[start]
            at = np.int64((h * golden) >> shift)
            stem = slot_id[at] if slot_hash[at] == h else -1
            if stem < 0 and len(extra_hash):
                where = min(np.searchsorted(extra_hash, h), len(extra_hash) - 1)
                if extra_hash[where] == h:
                    stem = extra_id[where]
            if stem >= 0:
                out_t[found] = t
                out_k[found] = k
                out_s[found] = stem
                found += 1
        return out_t[:found], out_k[:found], out_s[:found], key

    return hits


@functools.cache
def _hitter():
    return _build(_make_hits(version()))


def suffix_hits(chunk, matcher) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:meth:`toolkit.entities.chunk.Chunk.hits` compiled: tokens, prefix lengths and stem ids
    of the token suffixes that are stems, in the reference's order (by prefix length, then
    token)."""
    shapes = chunk.shapes()
    chosen = np.concatenate([np.arange(len(chunk.ts), dtype=np.int64), *shapes])
    ks = np.concatenate(
        [np.zeros(len(chunk.ts), dtype=np.int64)]
        + [np.full(len(idx), k, dtype=np.int64) for k, idx in enumerate(shapes, start=1)]
    )
    t, k, stem, _ = _hitter()(
        chosen.astype(np.int64),
        ks,
        chunk.ts,
        chunk.te,
        chunk.letter,
        chunk.last_letter,
        chunk.prefix,
        chunk.down,
        matcher.shapes,
        matcher.lengths,
        matcher.bits,
        matcher.slot_hash,
        matcher.slot_id,
        matcher.extra_hash,
        matcher.extra_id,
    )
    return t, k, stem


def _build(function):
    import numba

    try:
        return numba.njit(cache=True, nogil=True)(function)
    except RuntimeError as error:  # no folder to cache in: compile in every process
        if "cannot cache" not in str(error):
            raise
        warnings.warn(
            f"the entity kernel {function.__name__!r} cannot be cached on disk ({error}); it "
            "is compiled again in every new process. Set NUMBA_CACHE_DIR to a writable folder "
            "to keep the compiled code.",
            RuntimeWarning,
            stacklevel=3,
        )
        return numba.njit(cache=False, nogil=True)(function)


@functools.cache
def _walker():
    return _build(_make_walk(version()))


def walk_phrases(
    code: np.ndarray, has_art: np.ndarray, article: np.ndarray, codes: int, trie: tuple
) -> tuple[np.ndarray, ...]:
    """The longest, non-overlapping matches of a trie from the tokens' piece codes, as
    :meth:`toolkit.entities.chunk.Chunk.matches` finds them."""
    edge_key, edge_child, terminal, dense = trie
    if dense is None:
        dense = np.zeros(0, dtype=np.int32)
    t0, w0, last, phrase, _ = _walker()(
        code, has_art, article, codes, edge_key, edge_child, terminal, dense
    )
    return t0, w0, last, phrase


@functools.cache
def _compiled():
    return _build(_make_scan(version()))


def warm() -> None:
    """Compile the kernel (or load it from the disk cache) now, for the argument types the
    chunks pass (the code points of a string, read-only)."""
    from toolkit.entities.chars import LETTER_ID, chars, powers

    table = chars()
    cp = np.frombuffer("\x00".encode("utf-32-le"), dtype=np.uint32)
    offset = np.array([0, 1], dtype=np.int64)
    up, _ = powers(1)
    scan_chunk(cp, table.cls, table.code, LETTER_ID, offset, up, np.zeros(1, dtype=bool))
    one = np.zeros(1, dtype=np.int64)
    edges = (one, one, np.full(1, -1, dtype=np.int64))
    walk_phrases(one, np.zeros(1, dtype=bool), one, 1, (*edges, None))
    walk_phrases(one, np.zeros(1, dtype=bool), one, 1, (*edges, np.zeros(1, dtype=np.int32)))
    no = np.zeros(0, dtype=np.int64)
    table = np.zeros(1 << 8, dtype=np.uint64)
    _hitter()(
        no, no, one, one + 1, np.zeros(1, dtype=np.uint8), one, np.zeros(2, dtype=np.uint64),
        np.ones(2, dtype=np.uint64), np.zeros(64**3, dtype=bool), np.zeros(2, dtype=bool), 8,
        table, np.full(1 << 8, -1, dtype=np.int64), table[:0], no,
    )  # fmt: skip


def scan_chunk(
    cp: np.ndarray,
    cls: np.ndarray,
    code_table: np.ndarray,
    letter_table: np.ndarray,
    offset: np.ndarray,
    up: np.ndarray,
    bad: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """The compiled scan of one chunk's code points ``cp`` (``offset``: where each article
    starts, with the end last): ``orig``, ``code``, ``ts``, ``te``, ``prefix`` and ``letter``
    as :class:`toolkit.entities.chunk.Chunk` computes them; ``bad`` is marked in place."""
    orig, code, ts, te, prefix, letter, _ = _compiled()(
        cp, cls, code_table, letter_table, offset, up, bad
    )
    return orig, code, ts, te, prefix, letter
