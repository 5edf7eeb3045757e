"""Subjects from the entity mentions of the clauses that need them (the speed path of subjects).

:func:`toolkit.figures.subjects.resolve_subjects` (the reference) reads, for each troop figure
without a subject, the party mentions that start in its clause, and without ``mentions=`` it
extracts the entities of every article that has such a figure. :func:`clause_subjects` gives
the same subjects from the entities of short segments of text around those clauses only.

Why the mentions are the same. The entities are matched on the clitic token stream
(:mod:`toolkit.entities.stream`): the tokens of :func:`toolkit.arabic.tokenize`, each giving
at most the article ال and a stem, which is a suffix of the token's normalized key (only
proclitics are split off), or nothing when that key is empty. A mention is a run of pieces
equal to an alias, kept unless a match that starts earlier reaches it; so whether a mention
starts at a place depends only on the matches that cover that place. Call a token a *barrier*
when its key is not empty and no suffix of it is a piece of any alias: its stem is no alias
piece, so no match runs through it (a match can at most end on its article). A mark (no letter
or digit) that starts no alias is a barrier too right after a barrier: a match that took it
would take the piece before it as well. A segment runs from the last barrier that starts at or
before the clause to the first barrier that ends at or after the clause's end (or the ends of
the article): every match that covers a place of the clause lies inside it, and, cut at the
edges of tokens, its tokens are cut as in the article (the tokenizer reads on from the end of
a token as if the text started there, and a token ends where the next character could not
continue it). So the segment's mentions that start in the clause are exactly the article's.
Overlapping segments of an article are merged, and each distinct segment text is read once.

This holds for the gazetteer's mentions, the only ones with a party; a mention source that
reads the whole article (:data:`toolkit.entities.mentions.LATER_SOURCES`) makes the call
read whole articles again.
"""

from __future__ import annotations

import itertools
import os
from bisect import bisect_left

import numpy as np
import polars as pl

from toolkit.arabic import normalize_expr
from toolkit.entities import extract_entities
from toolkit.entities import mentions as entity_mentions
from toolkit.entities.stream import key_expr
from toolkit.entities.tables import entity_tables
from toolkit.figures.codepoints import RS_DIGIT, RS_LETTER, RS_LMCF, RS_REGEX_SPACE, decode
from toolkit.figures.compiled import Compiled
from toolkit.figures.jit import helper, kernel
from toolkit.figures.lexicon import Grammar
from toolkit.figures.scan import _SEPARATOR, SENTENCE_CLASSES
from toolkit.figures.subjects import (
    CLAUSE_AFTER,
    CLAUSE_MARKS,
    CLAUSE_REACH,
    _subject_from_mentions,
    resolve_subjects,
    with_subjects,
)

__all__ = ["clause_segments", "clause_subjects", "piece_hash"]


class _Normalized:
    """The length-preserving normalization of one article, cut on demand (``[a:b]``)."""

    __slots__ = ("article", "run")

    def __init__(self, run: Compiled, article: int) -> None:
        self.run, self.article = run, article

    def __getitem__(self, cut: slice) -> str:
        return self.run.normalized(self.article, cut.start, cut.stop)


def clause_subjects(
    g: Grammar,
    figures: pl.DataFrame,
    run: Compiled,
    mentions: pl.DataFrame | pl.LazyFrame | None,
    gazetteer: pl.DataFrame | str | os.PathLike | None,
) -> pl.DataFrame:
    """The subjects of :func:`~toolkit.figures.subjects.resolve_subjects` on the compiled
    path's articles: from the mentions of the clause segments when no ``mentions`` are given,
    else from ``mentions`` by the reference itself."""
    need = figures.filter((pl.col("kind") == "troops") & ~pl.col("subject_done"))
    if need.height == 0:
        return figures
    if mentions is not None or entity_mentions.LATER_SOURCES:
        return resolve_subjects(g, figures, _Texts(run), mentions, gazetteer)
    updates = _segment_subjects(g, need, run, gazetteer)
    if not updates:
        return figures
    return with_subjects(figures, updates)


class _Texts:
    """The ``texts`` :func:`~toolkit.figures.subjects.resolve_subjects` reads: an article's
    text and its normalization (cut on demand), by article id."""

    def __init__(self, run: Compiled) -> None:
        self.run = run
        self.index = {aid: n for n, aid in enumerate(run.ids)}

    def __getitem__(self, article_id: str) -> tuple[str, _Normalized]:
        n = self.index[article_id]
        return self.run.texts[n], _Normalized(self.run, n)


def _normalized_texts(run: Compiled, spans: list[list[int]]) -> list[str]:
    """The length-preserving normalization of each span ``(article, start, end)``, decoded
    in one piece."""
    starts = np.array([run.offsets[m] + a for m, a, _ in spans], dtype=np.int64)
    sizes = np.array([b - a for _, a, b in spans], dtype=np.int64)
    ends = np.cumsum(sizes)
    where = np.repeat(starts - (ends - sizes), sizes) + np.arange(int(ends[-1]) if len(ends) else 0)
    joined = decode(run.points.pre[run.cp[where]])
    bounds = [0, *ends.tolist()]
    return [joined[a:b] for a, b in itertools.pairwise(bounds)]


def _segment_subjects(g: Grammar, need: pl.DataFrame, run: Compiled, gazetteer) -> list[tuple]:
    """The subjects the reference finds for the figures of ``need``, from the mentions of
    their merged segments (see the module docstring), each distinct segment read once, each
    figure answered once per segment text and place in it: ``(article_id, start, party,
    surface)`` of the figures that get one."""
    found = clause_segments(need, run, gazetteer)
    order = np.lexsort((found[:, 3], found[:, 0]))
    merged: list[list[int]] = []  # article, start, end
    owner = np.empty(len(found), dtype=np.int64)
    for r, (article, a, b) in zip(order.tolist(), found[order][:, [0, 3, 4]].tolist(), strict=True):
        if merged and merged[-1][0] == article and a < merged[-1][2]:
            merged[-1][2] = max(merged[-1][2], b)
        else:
            merged.append([article, a, b])
        owner[r] = len(merged) - 1
    distinct: dict[str, int] = {}
    text_of = []
    first_of: list[int] = []  # the merged segment each distinct text was first cut from
    for n, (m, a, b) in enumerate(merged):
        t = distinct.setdefault(run.texts[m][a:b], len(distinct))
        if t == len(first_of):
            first_of.append(n)
        text_of.append(t)
    texts = list(distinct)
    pres = _normalized_texts(run, [merged[n] for n in first_of])
    segments = pl.DataFrame(
        {"article_id": [str(n) for n in range(len(texts))], "text": texts},
        schema={"article_id": pl.String, "text": pl.String},
    )
    mentions = (
        extract_entities(segments, gazetteer=gazetteer, patterns=False)
        .filter(pl.col("party").is_not_null() & pl.col("start").is_not_null())
        .select(pl.col("article_id").cast(pl.Int64), "start", "end", "party", "surface")
        .sort("article_id", "start", "end")
    )
    by_text: dict[int, list[tuple]] = {}
    for t, m_start, m_end, party, surface in mentions.iter_rows():
        by_text.setdefault(t, []).append((m_start, m_end, party, surface))
    starts = {t: [m[0] for m in ms] for t, ms in by_text.items()}
    rows = need.select("article_id", "start", "noun_end").rows()
    places = found[:, :3].tolist()
    owners = owner.tolist()
    resolved: dict[tuple, tuple | None] = {}  # one answer per clause text, place and mentions
    updates = []
    for (article_id, start, noun_end), (_, clause, stop), m in zip(
        rows, places, owners, strict=True
    ):
        t, shift = text_of[m], merged[m][1]
        c, e = clause - shift, stop - shift
        text = texts[t][c:e]
        listed = by_text.get(t, ())
        in_clause = []
        if listed:
            first, last = bisect_left(starts[t], c), bisect_left(starts[t], e)
            in_clause = [(a - c, b - c, p, w) for a, b, p, w in listed[first:last]]
        noun = None if noun_end is None else noun_end - clause
        key = (text, start - clause, noun, *in_clause)
        answer = resolved.get(key, False)
        if answer is False:
            answer = resolved[key] = _subject_from_mentions(
                g, text, pres[t][c:e], in_clause, start - clause, noun
            )
        if answer is not None:
            updates.append((article_id, start, answer[0], answer[1]))
    return updates


_BASE = 1_000_003  # the polynomial hash of a key: sum of its code points times _BASE ** i
_MASK = (1 << 64) - 1


def piece_hash(key: str) -> int:
    """The hash the kernel gives ``key`` (as a suffix of a token's key)."""
    h = 0
    for char in reversed(key):
        h = (ord(char) + _BASE * h) & _MASK
    return h


@helper
def _token_end(cp, bits, sclass, p, e):
    """The end of the token at ``p`` in the run ``cp[:e]`` (the tokenizer of toolkit.arabic:
    a number with its separators, a letter and the letters, marks and format characters
    after it, a run of marks and format characters, or one character)."""
    c = cp[p]
    q = p + 1
    if bits[c] & RS_DIGIT:
        while q < e and bits[cp[q]] & RS_DIGIT:
            q += 1
        while q + 1 < e and sclass[cp[q]] & _SEPARATOR and bits[cp[q + 1]] & RS_DIGIT:
            q += 2
            while q < e and bits[cp[q]] & RS_DIGIT:
                q += 1
    elif bits[c] & RS_LETTER:
        while q < e and bits[cp[q]] & RS_LMCF:
            q += 1
    elif bits[c] & RS_LMCF:
        while q < e and bits[cp[q]] & RS_LMCF and not bits[cp[q]] & RS_LETTER:
            q += 1
    return q


@helper
def _member(sorted_hashes, h):
    at = np.searchsorted(sorted_hashes, h)
    return at < sorted_hashes.shape[0] and sorted_hashes[at] == h


@helper
def _barrier(cp, bits, nstart, nlen, nflat, pieces, firsts, p, q, after_barrier):
    """Whether the token ``cp[p:q]`` is a barrier: its normalized key is not empty and none of
    its suffixes is an alias piece (``pieces``: sorted hashes; a hash shared by a non-piece
    only makes a token no barrier); or it is one mark (no letter, digit or joiner) that
    starts no alias (``firsts``) right after a barrier, so that no match can take it: the
    piece before it is none of an alias's."""
    h = np.uint64(0)
    base = np.uint64(_BASE)
    empty = True
    piece = False
    for t in range(q - 1, p - 1, -1):
        c = cp[t]
        for k in range(nlen[c] - 1, -1, -1):
            h = np.uint64(nflat[nstart[c] + k]) + base * h
            empty = False
            if not piece and _member(pieces, h):
                piece = True
    if empty:
        return False
    if not piece:
        return True
    return (
        after_barrier
        and q == p + 1
        and not bits[cp[p]] & (RS_LMCF | RS_DIGIT)
        and not _member(firsts, h)
    )


def _make_segments(version):
    def segments(cp, offsets, bits, sclass, nstart, nlen, nflat, pieces, firsts, marks, need):
        """For each needed figure (article, start, end, noun end or -1, sentence start and
        end): its clause (start, stop) and its segment (start, end)."""
        _ = version
        out = np.empty((need.shape[0], 4), dtype=np.int64)
        for r in range(need.shape[0]):
            article, start, end, noun_end, s0, s1 = need[r]
            o = offsets[article]
            size = offsets[article + 1] - o
            text = cp[o : o + size]
            base = max(s0, start - CLAUSE_REACH)
            clause = base
            for p in range(start - 1, base - 1, -1):
                found = False
                for m in marks:
                    if text[p] == m:
                        found = True
                if found:
                    clause = p + 1
                    break
            stop = min(s1, (noun_end if noun_end >= 0 else end) + CLAUSE_AFTER)
            # back from the clause: the last barrier that starts at or before it
            a = 0
            p = min(clause, size - 1)
            while p >= 0 and bits[text[p]] & RS_REGEX_SPACE:
                p -= 1
            while p >= 0:
                cs = p
                while cs > 0 and not bits[text[cs - 1]] & RS_REGEX_SPACE:
                    cs -= 1
                ce = p + 1
                while ce < size and not bits[text[ce]] & RS_REGEX_SPACE:
                    ce += 1
                t = cs
                hit = -1
                after = False
                while t < ce and t <= clause:
                    u = _token_end(text, bits, sclass, t, ce)
                    after = _barrier(text, bits, nstart, nlen, nflat, pieces, firsts, t, u, after)
                    if after:
                        hit = t
                    t = u
                if hit >= 0:
                    a = hit
                    break
                p = cs - 1
                while p >= 0 and bits[text[p]] & RS_REGEX_SPACE:
                    p -= 1
            # on from the end: the first barrier that ends at or after it
            b = size
            p = min(max(stop, 0), size)
            if p < size and not bits[text[p]] & RS_REGEX_SPACE:
                while p > 0 and not bits[text[p - 1]] & RS_REGEX_SPACE:
                    p -= 1
            while p < size:
                while p < size and bits[text[p]] & RS_REGEX_SPACE:
                    p += 1
                if p >= size:
                    break
                ce = p
                while ce < size and not bits[text[ce]] & RS_REGEX_SPACE:
                    ce += 1
                t = p
                hit = -1
                after = False
                while t < ce:
                    u = _token_end(text, bits, sclass, t, ce)
                    after = _barrier(text, bits, nstart, nlen, nflat, pieces, firsts, t, u, after)
                    if after and u >= stop:
                        hit = u
                        break
                    t = u
                if hit >= 0:
                    b = hit
                    break
                p = ce
            out[r, 0], out[r, 1], out[r, 2], out[r, 3] = clause, stop, a, b
        return out

    return segments


_segments_kernel = kernel(_make_segments)


class _EntityKeys:
    """What the stream's key (``key_expr(normalize(...))``) makes of each code point met, as
    flat arrays (``nstart``, ``nlen``, ``nflat``); one per process, extended as code points
    are met."""

    def __init__(self) -> None:
        self.known = 0
        self.nstart = np.zeros(0x110000, dtype=np.int64)
        self.nlen = np.zeros(0x110000, dtype=np.int64)
        self.nflat = np.zeros(0, dtype=np.int64)

    def update(self, points) -> None:
        known = np.flatnonzero(points.known)
        if len(known) == self.known:
            return
        cps = [c for c in known.tolist() if not 0xD800 <= c <= 0xDFFF]
        keys = (
            pl.DataFrame({"k": [chr(c) for c in cps]})
            .select(key_expr(normalize_expr("k")))["k"]
            .to_list()
        )
        flat: list[int] = []
        for c, key in zip(cps, keys, strict=True):
            self.nstart[c] = len(flat)
            self.nlen[c] = len(key)
            flat.extend(map(ord, key))
        self.nflat = np.array(flat, dtype=np.int64)
        self.known = len(known)


_ENTITY_KEYS = _EntityKeys()


def clause_segments(need: pl.DataFrame, run: Compiled, gazetteer=None) -> np.ndarray:
    """The clause and segment of each figure of ``need`` (rows of ``article``, ``start``,
    ``end``, ``noun_end``, ``sentence_start``, ``sentence_end``): (clause, stop, a, b)."""
    article = pl.DataFrame({"article_id": run.ids, "_a": np.arange(len(run.ids))})
    rows = (
        need.join(article, on="article_id", how="left", maintain_order="left")
        .select(
            "_a",
            "start",
            "end",
            pl.col("noun_end").fill_null(-1),
            "sentence_start",
            "sentence_end",
        )
        .to_numpy()
        .astype(np.int64)
    )
    marks = np.array([ord(m) for m in CLAUSE_MARKS], dtype=np.int64)
    tables = entity_tables(gazetteer)
    split = tables.aliases["key"].str.split(" ")
    keys = split.explode().drop_nulls().unique().to_list()
    pieces = np.unique(np.array([piece_hash(k) for k in keys if k], dtype=np.uint64))
    heads = split.list.first().drop_nulls().unique().to_list()
    firsts = np.unique(np.array([piece_hash(k) for k in heads if k], dtype=np.uint64))
    keys_of = _ENTITY_KEYS
    keys_of.update(run.points)
    found = _segments_kernel()(
        run.cp, run.offsets, run.points.bits, SENTENCE_CLASSES, keys_of.nstart, keys_of.nlen,
        keys_of.nflat, pieces, firsts, marks, rows,
    )  # fmt: skip
    return np.column_stack([rows[:, 0], found])
