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
starts at a place depends only on the matches that cover that place. Call a token a
*barrier* when its key is not empty and no suffix of it is a piece of any alias: its stem is
no alias piece, so no match runs through it (a match can at most end on its article). A
segment runs from the start of the run of non-space characters (tokens never cross white
space) that holds the last barrier starting at or before the clause, to the end of the run
that holds the first barrier ending at or after the clause's end (or the ends of the
article): every match that covers a place of the clause lies inside it, and its tokens are
cut as in the article. So the segment's mentions that start in the clause are exactly the
article's. Overlapping segments of an article are merged, and each distinct segment text is
read once.

This holds for the gazetteer's mentions, the only ones with a party; a mention source that
reads the whole article (:data:`toolkit.entities.mentions.LATER_SOURCES`) makes the call
read whole articles again.
"""

from __future__ import annotations

import os

import numpy as np
import polars as pl

from toolkit.arabic import normalize_expr
from toolkit.entities import extract_entities
from toolkit.entities import mentions as entity_mentions
from toolkit.entities.stream import key_expr
from toolkit.entities.tables import entity_tables
from toolkit.figures.codepoints import RS_DIGIT, RS_LETTER, RS_LMCF, RS_REGEX_SPACE
from toolkit.figures.compiled import Compiled
from toolkit.figures.jit import helper, kernel
from toolkit.figures.lexicon import Grammar
from toolkit.figures.scan import _SEPARATOR, SENTENCE_CLASSES
from toolkit.figures.subjects import CLAUSE_AFTER, CLAUSE_MARKS, CLAUSE_REACH, resolve_subjects

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
    """:func:`~toolkit.figures.subjects.resolve_subjects` on the compiled path's articles,
    with the mentions of the clause segments when no ``mentions`` are given."""
    texts = {
        aid: (text, _Normalized(run, n))
        for n, (aid, text) in enumerate(zip(run.ids, run.texts, strict=True))
    }
    need = figures.filter((pl.col("kind") == "troops") & ~pl.col("subject_done"))
    if need.height and mentions is None and not entity_mentions.LATER_SOURCES:
        mentions = _segment_mentions(need, run, gazetteer)
    return resolve_subjects(g, figures, texts, mentions, gazetteer)


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
def _barrier(cp, nstart, nlen, nflat, pieces, p, q):
    """Whether the token ``cp[p:q]`` is a barrier: its normalized key is not empty and none of
    its suffixes is an alias piece (``pieces``: sorted hashes; a hash shared by a non-piece
    only makes a token no barrier)."""
    h = np.uint64(0)
    base = np.uint64(_BASE)
    empty = True
    for t in range(q - 1, p - 1, -1):
        c = cp[t]
        for k in range(nlen[c] - 1, -1, -1):
            h = np.uint64(nflat[nstart[c] + k]) + base * h
            empty = False
            at = np.searchsorted(pieces, h)
            if at < pieces.shape[0] and pieces[at] == h:
                return False
    return not empty


def _make_segments(version):
    def segments(cp, offsets, bits, sclass, nstart, nlen, nflat, pieces, marks, need):
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
            # back from the clause: the run that holds the last barrier starting at or before it
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
                hit = False
                while t < ce and t <= clause:
                    u = _token_end(text, bits, sclass, t, ce)
                    if _barrier(text, nstart, nlen, nflat, pieces, t, u):
                        hit = True
                        break
                    t = u
                if hit:
                    a = cs
                    break
                p = cs - 1
                while p >= 0 and bits[text[p]] & RS_REGEX_SPACE:
                    p -= 1
            # on from the end: the run that holds the first barrier ending at or after it
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
                hit = False
                while t < ce:
                    u = _token_end(text, bits, sclass, t, ce)
                    if u >= stop and _barrier(text, nstart, nlen, nflat, pieces, t, u):
                        hit = True
                        break
                    t = u
                if hit:
                    b = ce
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
    keys = tables.aliases["key"].str.split(" ").explode().drop_nulls().unique().to_list()
    pieces = np.unique(np.array([piece_hash(k) for k in keys if k], dtype=np.uint64))
    keys_of = _ENTITY_KEYS
    keys_of.update(run.points)
    found = _segments_kernel()(
        run.cp, run.offsets, run.points.bits, SENTENCE_CLASSES, keys_of.nstart, keys_of.nlen,
        keys_of.nflat, pieces, marks, rows,
    )  # fmt: skip
    return np.column_stack([rows[:, 0], found])


def _segment_mentions(need: pl.DataFrame, run: Compiled, gazetteer) -> pl.DataFrame:
    """The party mentions of the merged segments around the needed clauses, as offsets into
    their articles."""
    found = clause_segments(need, run, gazetteer)
    order = np.lexsort((found[:, 3], found[:, 0]))
    merged: list[tuple[int, int, int]] = []
    for article, a, b in found[order][:, [0, 3, 4]].tolist():
        if merged and merged[-1][0] == article and a < merged[-1][2]:
            merged[-1] = (article, merged[-1][1], max(merged[-1][2], b))
        else:
            merged.append((article, a, b))
    distinct: dict[str, int] = {}
    occurrences = []
    for article, a, b in merged:
        text = run.texts[article][a:b]
        occurrences.append((distinct.setdefault(text, len(distinct)), run.ids[article], a))
    segments = pl.DataFrame(
        {"article_id": [str(n) for n in range(len(distinct))], "text": list(distinct)},
        schema={"article_id": pl.String, "text": pl.String},
    )
    mentions = (
        extract_entities(segments, gazetteer=gazetteer, patterns=False)
        .filter(pl.col("party").is_not_null())
        .select(pl.col("article_id").cast(pl.Int64).alias("_s"), "start", "end", "party", "surface")
    )
    where = pl.DataFrame(
        occurrences, schema={"_s": pl.Int64, "article_id": pl.String, "_o": pl.Int64}, orient="row"
    )
    return where.join(mentions, on="_s").select(
        "article_id",
        pl.col("start") + pl.col("_o"),
        pl.col("end") + pl.col("_o"),
        "party",
        "surface",
    )
