"""Subjects from the entity mentions of the clauses that need them (the speed path of subjects).

:func:`toolkit.figures.subjects.resolve_subjects` (the reference) reads, for each troop figure
without a subject, the party mentions that start in its clause, and without ``mentions=`` it
extracts the entities of every article that has such a figure. :func:`clause_subjects` gives
the same subjects from the entities of short segments of text around those clauses only.

Why the mentions are the same: a gazetteer mention is a run of pieces of the clitic token
stream equal to an alias, kept unless a match that starts earlier reaches it
(:func:`toolkit.entities.stream.match`); so whether a mention starts at a place depends only
on the matches that cover that place. A *break* is a character that is a token of its own in
the tokenizer of :mod:`toolkit.arabic` (no white space, letter, mark, format character or
digit, and no separator between two digits) and whose normalized key is no piece of any
alias: no match runs over it, and the tokens on either side of it are cut the same whether
the text goes on or not. Each segment runs from the last break before the clause (or the
start of the article) to the first break after its end (or the end of the article): every
match that covers a place of the clause lies inside it, so the segment's mentions that start
in the clause are exactly the article's. Overlapping segments of an article are merged, and
each distinct segment text is read once.

This holds for the gazetteer's mentions, the only ones with a party; a mention source that
reads the whole article (:data:`toolkit.entities.mentions.LATER_SOURCES`) makes the call
read whole articles again.
"""

from __future__ import annotations

import os

import numpy as np
import polars as pl

from toolkit.arabic import normalize
from toolkit.entities import extract_entities
from toolkit.entities import mentions as entity_mentions
from toolkit.entities.stream import key_expr
from toolkit.entities.tables import entity_tables
from toolkit.figures.codepoints import RS_DIGIT, RS_LMCF, RS_REGEX_SPACE
from toolkit.figures.compiled import Compiled
from toolkit.figures.jit import helper, kernel
from toolkit.figures.lexicon import Grammar
from toolkit.figures.scan import _SEPARATOR, SENTENCE_CLASSES
from toolkit.figures.subjects import CLAUSE_AFTER, CLAUSE_MARKS, CLAUSE_REACH, resolve_subjects

__all__ = ["clause_segments", "clause_subjects"]


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


@helper
def _is_break(cp, bits, sclass, brk, p, size, o):
    c = cp[o + p]
    if not brk[c]:
        return False
    if sclass[c] & _SEPARATOR and p > 0 and p + 1 < size:
        if bits[cp[o + p - 1]] & RS_DIGIT and bits[cp[o + p + 1]] & RS_DIGIT:
            return False  # 2,500: inside a number token
    return True


def _make_segments(version):
    def segments(cp, offsets, bits, sclass, brk, marks, need):
        """For each needed figure (article, start, end, noun end or -1, sentence start and
        end): its clause (start, stop) and its segment (start, end)."""
        _ = version
        out = np.empty((need.shape[0], 4), dtype=np.int64)
        for r in range(need.shape[0]):
            article, start, end, noun_end, s0, s1 = need[r]
            o = offsets[article]
            size = offsets[article + 1] - o
            base = max(s0, start - CLAUSE_REACH)
            clause = base
            for p in range(start - 1, base - 1, -1):
                c = cp[o + p]
                found = False
                for m in marks:
                    if c == m:
                        found = True
                if found:
                    clause = p + 1
                    break
            stop = min(s1, (noun_end if noun_end >= 0 else end) + CLAUSE_AFTER)
            a = 0
            for p in range(clause - 1, -1, -1):
                if _is_break(cp, bits, sclass, brk, p, size, o):
                    a = p
                    break
            b = size
            for q in range(max(stop, 0), size):
                if _is_break(cp, bits, sclass, brk, q, size, o):
                    b = q + 1
                    break
            out[r, 0], out[r, 1], out[r, 2], out[r, 3] = clause, stop, a, b
        return out

    return segments


_segments_kernel = kernel(_make_segments)


def _breaks(run: Compiled, gazetteer) -> np.ndarray:
    """Which code points are breaks (see the module docstring) for this gazetteer."""
    tables = entity_tables(gazetteer)
    pieces = set(tables.aliases["key"].str.split(" ").explode().drop_nulls().to_list())
    bits = run.points.bits
    known = np.flatnonzero(run.points.known)
    single = known[(bits[known] & (RS_LMCF | RS_REGEX_SPACE | RS_DIGIT)) == 0]
    chars = [chr(c) for c in single.tolist() if not 0xD800 <= c <= 0xDFFF]
    keys = pl.Series([normalize(c) for c in chars], dtype=pl.String)
    keys = pl.DataFrame({"k": keys}).select(key_expr(pl.col("k")))["k"].to_list()
    brk = np.zeros(len(bits), dtype=np.bool_)
    for char, key in zip(chars, keys, strict=True):
        if key and key not in pieces:
            brk[ord(char)] = True
    return brk


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
    brk = _breaks(run, gazetteer)
    found = _segments_kernel()(
        run.cp, run.offsets, run.points.bits, SENTENCE_CLASSES, brk, marks, rows
    )
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
