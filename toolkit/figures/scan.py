"""The compiled candidate and window stages: one pass over the code points of every article.

:func:`scan_windows` gives the windows of :func:`toolkit.figures.candidates.windows` (the
reference, three polars queries) from one kernel over the articles' code points
(:mod:`toolkit.figures.codepoints`). For each article it

1. cuts the sentences as :func:`toolkit.arabic.sentence_spans` does: its regex tiles the text
   with pieces ``atom+ terminators* closers*``, a line break, or a run of terminators, where an
   atom is a digit, a separator and a digit (``3.5``), a quotation on one line (“…”, «…»,
   "…"), or any character that is neither a line break nor a terminator; each piece trimmed
   of white space is a sentence unless nothing is left;
2. finds the number tokens as the anchors regex of the :class:`~toolkit.figures.lexicon.Grammar`
   does, leftmost first, on the length-preserving normalization: a run of ASCII digits with
   its separators, or, at the start of the text or after a character that is no word
   character, a number word with its clitics (walked through a trie of the number words,
   placeholders allowed between its letters) and the rest of its word; a word token is kept
   when its letters, placeholders removed, are one of the grammar's number keys (a second
   trie);
3. groups the tokens of one sentence that are at most ``CLUSTER_GAP`` characters apart
   (cutting a group every ``CLUSTER_SPAN`` characters) and gives each group its window.

Which characters are word characters, digits or white space is asked of polars itself
(:class:`~toolkit.figures.codepoints.CodePoints`), so the kernel cuts as the regexes do.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from toolkit.arabic.sentences import ELLIPSIS_SPACES, TERMINATORS
from toolkit.figures.candidates import CLUSTER_GAP, CLUSTER_SPAN, WINDOW_LEFT, WINDOW_RIGHT
from toolkit.figures.codepoints import RS_DIGIT, RS_SPACE, RS_WORD, CodePoints
from toolkit.figures.jit import helper, inline, kernel

__all__ = ["SENTENCE_CLASSES", "WINDOW_COLUMNS", "scan_sentences", "scan_windows"]

#: The columns of the windows :func:`scan_windows` gives (``article`` is the row of the
#: article; the others as in :func:`toolkit.figures.candidates.windows`).
WINDOW_COLUMNS = (
    "article",
    "sentence_id",
    "sentence_start",
    "sentence_end",
    "ws",
    "we",
    "lo",
    "hi",
)

# Classes of characters in the sentence regex (toolkit.arabic.sentences).
_TERM, _NEWLINE, _CLOSER, _SEPARATOR, _GAP = 1, 2, 4, 8, 16
_QUOTES = (("“", "”"), ("«", "»"), ('"', '"'))  # a quotation on one line does not end a sentence
_CLOSERS = "\"”»’')]"  # closing quotes and brackets after a terminator belong to its sentence
_DIGIT_SEPARATORS = ".,٫٬"  # between digits: 3.5 and 2,500 are one atom, one number token


def _sentence_classes() -> np.ndarray:
    classes = np.zeros(0x110000, dtype=np.uint8)
    for char in TERMINATORS:
        classes[ord(char)] |= _TERM
    classes[ord("\n")] |= _NEWLINE
    for char in _CLOSERS:
        classes[ord(char)] |= _CLOSER
    for char in _DIGIT_SEPARATORS:
        classes[ord(char)] |= _SEPARATOR
    for char in ELLIPSIS_SPACES:
        classes[ord(char)] |= _GAP
    return classes


#: The class of every code point in the sentence regex (and the digit separators).
SENTENCE_CLASSES = _sentence_classes()
_QUOTE_OPEN = np.array([ord(a) for a, _ in _QUOTES], dtype=np.int64)
_QUOTE_CLOSE = np.array([ord(b) for _, b in _QUOTES], dtype=np.int64)


@helper
def grow(rows, count):
    """``rows`` with room for a row at ``count`` (twice as many rows when full)."""
    if count < rows.shape[0]:
        return rows
    bigger = np.empty((rows.shape[0] * 2 + 64, rows.shape[1]), dtype=rows.dtype)
    bigger[:count] = rows[:count]
    return bigger


@helper
def _ellipsis_end(cp, sclass, q, o1):
    """Where two or more full stops at ``q`` and the spaces after them end, when spaces
    follow them (the sentence goes on: ``ELLIPSIS_SPACES``); else -1."""
    if cp[q] != 46:
        return -1
    r = q
    while r < o1 and cp[r] == 46:
        r += 1
    if r - q < 2:
        return -1
    e = r
    while e < o1 and sclass[cp[e]] & _GAP:
        e += 1
    return e if e > r else -1


@helper
def _sentences(cp, bits, sclass, q_open, q_close, o0, o1, out, count):
    """Append the sentences of ``cp[o0:o1]`` to ``out`` as (start, end, id), offsets into the
    article; return the rows and their count."""
    p = o0
    sid = 0
    while p < o1:
        c = cp[p]
        if sclass[c] & _NEWLINE:
            q = p + 1
        elif sclass[c] & _TERM and _ellipsis_end(cp, sclass, p, o1) < 0:
            q = p + 1
            while q < o1 and sclass[cp[q]] & _TERM:
                q += 1
        else:
            q = p
            while q < o1:
                c = cp[q]
                if (
                    bits[c] & RS_DIGIT
                    and q + 2 < o1
                    and sclass[cp[q + 1]] & _SEPARATOR
                    and bits[cp[q + 2]] & RS_DIGIT
                ):
                    q += 3
                    continue
                quoted = False
                for n in range(q_open.shape[0]):
                    if c == q_open[n]:
                        r = q + 1
                        while r < o1 and cp[r] != q_close[n] and cp[r] != 10:
                            r += 1
                        if r < o1 and cp[r] == q_close[n]:
                            q = r + 1
                            quoted = True
                        break
                if quoted:
                    continue
                if sclass[c] & _TERM:
                    e = _ellipsis_end(cp, sclass, q, o1)
                    if e >= 0:  # an ellipsis and spaces: the sentence goes on
                        q = e
                        continue
                if sclass[c] & (_NEWLINE | _TERM):
                    break
                q += 1
            while q < o1 and sclass[cp[q]] & _TERM:
                q += 1
            while q < o1 and sclass[cp[q]] & _CLOSER:
                q += 1
        a = p
        while a < q and bits[cp[a]] & RS_SPACE:
            a += 1
        if a < q:
            b = q
            while b > a and bits[cp[b - 1]] & RS_SPACE:
                b -= 1
            sid += 1
            out = grow(out, count)
            out[count, 0] = a - o0
            out[count, 1] = b - o0
            out[count, 2] = sid
            count += 1
        p = q
    return out, count


@inline
def _symbol(c, sym):
    if c < 0x0600 or c >= 0x0700:
        return 0
    return sym[c - 0x0600]


@inline
def _walk(cp, pmap, t, o1, sym, trans, term, ph):
    """Whether a number word starts at ``t`` (placeholders allowed between its letters)."""
    node = 0
    depth = 0
    while t < o1:
        c = pmap[cp[t]]
        if c == ph and depth >= 1:
            t += 1
            continue
        y = _symbol(c, sym)
        if y == 0:
            return False
        node = trans[node, y]
        if node < 0:
            return False
        if term[node]:
            return True
        depth += 1
        t += 1
    return False


@helper
def _number_key(cp, pmap, s, e, sym, ktrans, kterm, ph):
    """Whether ``cp[s:e]`` without placeholders is a number key (its clitics included)."""
    node = 0
    for t in range(s, e):
        c = pmap[cp[t]]
        if c == ph:
            continue
        y = _symbol(c, sym)
        if y == 0:
            return False
        node = ktrans[node, y]
        if node < 0:
            return False
    return kterm[node]


@inline
def _is_ascii_digit(c):
    return 48 <= c <= 57


@helper
def _candidates(cp, pmap, bits, sclass, o0, o1, scan_tables, ph, out, count):
    """Append the number tokens of ``cp[o0:o1]`` to ``out`` as (start, end), offsets into the
    article, in text order (successive leftmost matches of the anchors regex)."""
    ptrans, pterm, sym, trans, term, ktrans, kterm = scan_tables
    p = o0
    while p < o1:
        c = pmap[cp[p]]
        if _is_ascii_digit(c):
            q = p + 1
            while q < o1 and _is_ascii_digit(pmap[cp[q]]):
                q += 1
            while (
                q + 1 < o1 and sclass[pmap[cp[q]]] & _SEPARATOR and _is_ascii_digit(pmap[cp[q + 1]])
            ):
                q += 2
                while q < o1 and _is_ascii_digit(pmap[cp[q]]):
                    q += 1
            out = grow(out, count)
            out[count, 0] = p - o0
            out[count, 1] = q - o0
            count += 1
            p = q
            continue
        # a number word (with its clitics) at the start of the text or after a non-word
        # character: the alternative [وف]?[بل]?(?:ال|ل)?ـ*(?:words)\w* of the anchors regex.
        # The clitics are walked through their own trie (no placeholder inside them); after
        # each complete run of them (none included): placeholders, then the number words.
        start = p
        e = -1
        for attempt in range(2):
            if attempt == 0:  # (?:^|…): the word itself at the start of the text
                if p != o0:
                    continue
            elif bits[c] & RS_WORD or p + 1 >= o1:  # (?:…|[^\w]): the word after this one
                break
            else:
                start = p + 1
            if not bits[pmap[cp[start]]] & RS_WORD:
                continue
            node = 0
            t = start
            while True:
                if pterm[node]:
                    u = t
                    while u < o1 and pmap[cp[u]] == ph:
                        u += 1
                    if _walk(cp, pmap, u, o1, sym, trans, term, ph):
                        e = start
                        while e < o1 and bits[pmap[cp[e]]] & RS_WORD:
                            e += 1
                        break
                if t >= o1:
                    break
                y = _symbol(pmap[cp[t]], sym)
                if y == 0:
                    break
                node = ptrans[node, y]
                if node < 0:
                    break
                t += 1
            if e >= 0:
                break
        if e >= 0:
            if _number_key(cp, pmap, start, e, sym, ktrans, kterm, ph):
                out = grow(out, count)
                out[count, 0] = start - o0
                out[count, 1] = e - o0
                count += 1
            p = e
            continue
        p += 1
    return out, count


@helper
def _flush(out, count, article, sid, sst, sen, lo, hi):
    out = grow(out, count)
    out[count, 0] = article
    out[count, 1] = sid
    out[count, 2] = sst
    out[count, 3] = sen
    out[count, 4] = max(sst, lo - WINDOW_LEFT)
    out[count, 5] = max(min(sen, hi + WINDOW_RIGHT), hi)
    out[count, 6] = lo
    out[count, 7] = hi
    return out, count + 1


@helper
def _windows(article, sents, n_sents, cands, n_cands, out, count):
    """Append the windows of one article's number tokens (grouped as the reference groups
    them) to ``out`` (:data:`WINDOW_COLUMNS`)."""
    j = -1  # the last sentence that starts at or before the token
    prev_end = 0
    prev_sid = 0
    cluster_min = 0
    part = -1
    sid = sst = sen = lo = hi = 0
    for k in range(n_cands):
        s = cands[k, 0]
        e = cands[k, 1]
        while j + 1 < n_sents and sents[j + 1, 0] <= s:
            j += 1
        if j >= 0:
            row_sid, row_sst, row_sen = sents[j, 2], sents[j, 0], sents[j, 1]
        else:
            row_sid, row_sst, row_sen = 1, 0, e
        new = k == 0 or s - prev_end > CLUSTER_GAP or row_sid != prev_sid
        if new:
            cluster_min = s
        row_part = (s - cluster_min) // CLUSTER_SPAN
        if new or row_part != part:
            if k > 0:
                out, count = _flush(out, count, article, sid, sst, sen, lo, hi)
            sid, sst, sen, lo, hi, part = row_sid, row_sst, row_sen, s, e, row_part
        else:
            hi = max(hi, e)
        prev_end = e
        prev_sid = row_sid
    if n_cands:
        out, count = _flush(out, count, article, sid, sst, sen, lo, hi)
    return out, count


def _make_scan(version):
    def scan(cp, offsets, pmap, bits, sclass, q_open, q_close, scan_tables, ph):
        """The windows of every article (:data:`WINDOW_COLUMNS`)."""
        _ = version
        sents = np.empty((64, 3), dtype=np.int64)
        cands = np.empty((64, 2), dtype=np.int64)
        out = np.empty((1024, 8), dtype=np.int64)
        count = 0
        for article in range(offsets.shape[0] - 1):
            o0, o1 = offsets[article], offsets[article + 1]
            sents, n_sents = _sentences(cp, bits, sclass, q_open, q_close, o0, o1, sents, 0)
            cands, n_cands = _candidates(cp, pmap, bits, sclass, o0, o1, scan_tables, ph, cands, 0)
            out, count = _windows(article, sents, n_sents, cands, n_cands, out, count)
        return out[:count].copy()

    return scan


def _make_sentences(version):
    def sentences(cp, offsets, bits, sclass, q_open, q_close):
        """The sentences of every article: (article, start, end, sentence_id)."""
        _ = version
        sents = np.empty((64, 3), dtype=np.int64)
        out = np.empty((1024, 4), dtype=np.int64)
        count = 0
        for article in range(offsets.shape[0] - 1):
            o0, o1 = offsets[article], offsets[article + 1]
            sents, n = _sentences(cp, bits, sclass, q_open, q_close, o0, o1, sents, 0)
            for k in range(n):
                out = grow(out, count)
                out[count, 0] = article
                out[count, 1:] = sents[k]
                count += 1
        return out[:count].copy()

    return sentences


_scan_kernel = kernel(_make_scan)
_sentences_kernel = kernel(_make_sentences)


def scan_windows(
    cp: np.ndarray, offsets: np.ndarray, points: CodePoints, scan_tables: tuple, placeholder: int
) -> np.ndarray:
    """The windows of the articles whose code points are ``cp`` (``offsets`` from
    :func:`~toolkit.figures.codepoints.code_points`), one row per window
    (:data:`WINDOW_COLUMNS`), in article order and text order; ``scan_tables`` are the
    tries of :class:`toolkit.figures.tables.CompiledGrammar`."""
    points.cover(cp)
    return _scan_kernel()(
        cp,
        offsets,
        points.pre,
        points.bits,
        SENTENCE_CLASSES,
        _QUOTE_OPEN,
        _QUOTE_CLOSE,
        scan_tables,
        placeholder,
    )


def scan_sentences(cp: np.ndarray, offsets: np.ndarray, points: CodePoints) -> pl.DataFrame:
    """The sentences the kernel cuts, as :func:`toolkit.arabic.sentence_spans` gives them
    (``article`` instead of ``article_id``): for the tests that hold them equal."""
    points.cover(cp)
    rows = _sentences_kernel()(
        cp, offsets, points.bits, SENTENCE_CLASSES, _QUOTE_OPEN, _QUOTE_CLOSE
    )
    return pl.DataFrame(
        {
            "article": rows[:, 0],
            "sentence_id": rows[:, 3],
            "start": rows[:, 1],
            "end": rows[:, 2],
        }
    )
