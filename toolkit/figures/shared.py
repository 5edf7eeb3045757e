"""The speed path of parsing: repeated windows, and windows that differ only in diacritics and
tatweel inside their words, share one parse.

News repeats its phrases, so each distinct window is parsed once. Placeholders (diacritics,
tatweel) that follow an Arabic letter lie inside a word, and the grammar reads no word with
them: a window is parsed with them removed (its "bare" form), and windows that differ only
there share one parse. Why the figures are the same: removing them leaves every token whole
with the same key (a word token is a run of letters, and they are in one) and every gap
between tokens as it was; a number token's neighbour that was such a placeholder becomes the
Arabic letter before it, which no identifier test tells apart from it (neither is ASCII, a
digit, a space, a dash or a colon); and every offset the grammar gives (a token's start or
end, a word after its clitics) is at a character that is kept, so it maps back one to one.

:func:`parse_windows_shared` gives exactly the rows of the reference,
:func:`toolkit.figures.extract.parse_windows` (``extract_figures(..., share=False)``); the
tests check both on corpora with random diacritics and tatweel.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from operator import add

from toolkit.figures.lexicon import PLACEHOLDER, Grammar
from toolkit.figures.phrase import OFFSET_FIELDS, figure_tuple, parse_window

__all__ = ["INNER_PLACEHOLDERS", "bare_form", "parse_windows_shared"]

#: The placeholders that lie inside a word (after an Arabic letter): what the bare form drops.
INNER_PLACEHOLDERS = re.compile(r"(?<=[\u0621-\u063a\u0641-\u064a])(\u0640+)")
_ARABIC_LETTERS = frozenset(map(chr, [*range(0x0621, 0x063B), *range(0x0641, 0x064B)]))


def parse_windows_shared(
    g: Grammar, cuts: list[tuple[int, str, int, int]]
) -> tuple[list[tuple], list[int]]:
    """The figures of the windows ``cuts`` (``(row, window, lo, hi)``): the parsed rows of the
    distinct windows (``index``, offsets into the window, fields) and, for each cut, the index
    of its distinct window."""
    memo: dict[tuple[str, int, int], int] = {}
    shared: dict[tuple[str, int, int], list[tuple]] = {}
    rows: list[tuple] = []
    distinct = []
    for _, window, lo, hi in cuts:
        key = (window, lo, hi)
        index = memo.get(key)
        if index is None:
            index = memo[key] = len(memo)
            rows.extend(_parsed(g, index, window, lo, hi, shared))
        distinct.append(index)
    return rows, distinct


def _parsed(
    g: Grammar,
    index: int,
    window: str,
    lo: int,
    hi: int,
    shared: dict[tuple[str, int, int], list[tuple]],
) -> list[tuple]:
    """The figures of one window as tuples: ``index``, offsets into the window, fields.

    The window is parsed in its bare form, once for all the windows with that form
    (``shared``), and the offsets are mapped back to the window.
    """
    bare = bare_form(window) if PLACEHOLDER in window else None
    if bare is None:
        figures = _bare_figures(g, window, lo, hi, shared)
    else:
        text, at, removed = bare
        ends = list(map(add, at, removed))  # window offsets where the runs end
        k_lo, k_hi = bisect_right(ends, lo), bisect_right(ends, hi)
        bare_lo = lo - (removed[k_lo - 1] if k_lo else 0)
        bare_hi = hi - (removed[k_hi - 1] if k_hi else 0)
        figures = []
        for figure in _bare_figures(g, text, bare_lo, bare_hi, shared):
            fields = list(figure)
            for n in OFFSET_FIELDS:
                offset = fields[n]
                if offset is not None:
                    k = bisect_right(at, offset)
                    fields[n] = offset + (removed[k - 1] if k else 0)
            figures.append(fields)
    return [
        (index, *f[:13], None if f[13] is None else window[f[13] : f[14]], *f[15:]) for f in figures
    ]


def bare_form(window: str) -> tuple[str, list[int], list[int]] | None:
    """``window`` without the placeholders that :data:`INNER_PLACEHOLDERS` matches: ``(text,
    at, removed)``, with the offset in ``text`` where each run of them was and how many
    characters were removed up to and including it; ``None`` if there is none.

    The same as ``INNER_PLACEHOLDERS.split`` (tested), with one C-level split on the
    placeholder instead of a look-behind tried at every character.
    """
    pieces = window.split(PLACEHOLDER)  # a placeholder stood between two pieces
    kept = [pieces[0]]
    at: list[int] = []
    removed: list[int] = []
    size = len(pieces[0])  # characters kept so far
    total = 0  # characters removed so far
    last = pieces[0][-1:]  # the character before the next placeholder
    for piece in pieces[1:]:
        if last in _ARABIC_LETTERS:  # this placeholder starts or continues a run
            if not at or at[-1] != size or removed[-1] != total:
                at.append(size)
                removed.append(total)
            total += 1
            removed[-1] = total
            if piece:
                kept.append(piece)
                size += len(piece)
                last = piece[-1]
        else:  # kept, and so is the piece after it
            kept.append(PLACEHOLDER)
            kept.append(piece)
            size += 1 + len(piece)
            last = piece[-1] if piece else PLACEHOLDER
    if not at:
        return None
    return "".join(kept), at, removed


def _bare_figures(
    g: Grammar, window: str, lo: int, hi: int, shared: dict[tuple[str, int, int], list[tuple]]
) -> list[tuple]:
    key = (window, lo, hi)
    found = shared.get(key)
    if found is None:
        found = shared[key] = [figure_tuple(f) for f in parse_window(g, window, lo, hi)]
    return found
