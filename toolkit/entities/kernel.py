"""The compiled character scan of the fast path: one pass of numba over a chunk's code points.

:class:`toolkit.entities.chunk.Chunk` with ``compiled=True`` reads its arrays from
:func:`scan_chunk` instead of its numpy steps (the reference): the kept characters and their
offsets, the normalized code points, the tokens' starts and ends, the prefix sums of the
hashes, the letter ids and the articles the fast path cannot reproduce. Every array is equal
to the reference's (``tests/entities/test_kernel.py``).

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
import hashlib
import warnings
from pathlib import Path

import numpy as np

from toolkit.entities.chars import BAD, DIG, LET, NSEP, REM

__all__ = ["available", "scan_chunk", "version", "warm"]

_HERE = Path(__file__).resolve().parent
#: The modules whose source keys the kernel's disk cache.
KERNEL_MODULES = ("kernel.py", "chars.py")
_TATWEEL = 0x0640


@functools.cache
def version() -> int:
    """A hash of the source of :data:`KERNEL_MODULES` (what keys the kernel's disk cache)."""
    digest = hashlib.sha256()
    for name in KERNEL_MODULES:
        digest.update((_HERE / name).read_bytes())
    return int(digest.hexdigest()[:15], 16)


@functools.cache
def available() -> bool:
    """Whether numba can be imported here (the compiled scan needs it)."""
    try:
        import numba  # noqa: F401
    except ImportError:  # pragma: no cover - numba is a dependency
        return False
    return True


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


@functools.cache
def _compiled():
    import numba

    function = _make_scan(version())
    try:
        return numba.njit(cache=True, nogil=True)(function)
    except RuntimeError as error:  # no folder to cache in: compile in every process
        if "cannot cache" not in str(error):
            raise
        warnings.warn(
            f"the entity scan kernel cannot be cached on disk ({error}); it is compiled again "
            "in every new process. Set NUMBA_CACHE_DIR to a writable folder to keep the "
            "compiled code.",
            RuntimeWarning,
            stacklevel=2,
        )
        return numba.njit(cache=False, nogil=True)(function)


def warm() -> None:
    """Compile the kernel (or load it from the disk cache) now, for the argument types the
    chunks pass (the code points of a string, read-only)."""
    from toolkit.entities.chars import LETTER_ID, chars, powers

    table = chars()
    cp = np.frombuffer("\x00".encode("utf-32-le"), dtype=np.uint32)
    offset = np.array([0, 1], dtype=np.int64)
    up, _ = powers(1)
    scan_chunk(cp, table.cls, table.code, LETTER_ID, offset, up, np.zeros(1, dtype=bool))


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
