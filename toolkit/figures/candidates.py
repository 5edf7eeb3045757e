"""Candidates, vectorized: the number tokens of every article and the windows around them.

Every article is normalized without changing its length (:func:`toolkit.figures.grammar.
prenormalize`), and one polars regex cuts it into pieces that each end in a number token: a
run of digits with its separators, or a word of the number-word lexicon (ثلاثة، آلاف،
عشرات، شهرين …) with its clitics. Nearby tokens in one sentence are grouped (a group spans
at most ``CLUSTER_SPAN`` characters) and given a window of context around them, so work and
memory grow linearly with the length of an article or of a sentence.
"""

from __future__ import annotations

import polars as pl

from toolkit.figures.lexicon import PLACEHOLDER, Grammar

__all__ = ["CLUSTER_GAP", "CLUSTER_SPAN", "WINDOW_LEFT", "WINDOW_RIGHT", "candidates", "windows"]

#: Context read around a group of number tokens, and the gap that starts a new group (chars).
WINDOW_LEFT = 64
WINDOW_RIGHT = 80
CLUSTER_GAP = 40
#: The longest stretch of text one group of tokens may cover (longer runs are cut).
CLUSTER_SPAN = 1000
_MARK = "\x00"


def candidates(g: Grammar, articles: pl.LazyFrame) -> pl.LazyFrame:
    """Number tokens: ``article_id``, ``start``, ``end`` (offsets into the text).

    One regex pass puts a mark before every token; split at the marks, each piece after the
    first starts with a token, and the pieces' lengths give the offsets.
    """
    anchors = g.anchors
    size = pl.col("piece").str.len_chars().cast(pl.Int64)
    matched = pl.col("piece").str.extract(rf"^(?:{anchors})", 0)
    # A word token is found with the character before it (a word boundary): drop it.
    core = pl.col("matched").str.replace(r"^[^\w]", "")
    return (
        articles.select(
            "article_id",
            pl.col("pre")
            .str.replace_all(_MARK, " ", literal=True)
            .str.replace_all(anchors, _MARK + "${0}")
            .str.split(_MARK)
            .alias("piece"),
        )
        .explode("piece")
        .with_columns(
            offset=(size.cum_sum() - size).over("article_id"),
            index=pl.int_range(pl.len()).over("article_id"),
        )
        .filter(pl.col("index") > 0)  # the first piece is the text before any token
        .with_columns(matched=matched)
        .with_columns(core=core)
        .with_columns(
            start=pl.col("offset")
            + pl.col("matched").str.len_chars()
            - pl.col("core").str.len_chars(),
            key=pl.col("core").str.replace_all(PLACEHOLDER, "", literal=True),
        )
        .with_columns(end=pl.col("start") + pl.col("core").str.len_chars().cast(pl.Int64))
        .filter(
            pl.col("key").str.contains(r"^[0-9]")
            | pl.col("key").is_in(pl.Series(sorted(g.number_keys)).implode())
        )
        .select("article_id", pl.col("start").cast(pl.Int64), "end")
    )


def windows(g: Grammar, articles: pl.LazyFrame, sentences: pl.LazyFrame) -> pl.LazyFrame:
    """Group nearby number tokens of one sentence; give each group the span of its window.

    One row per group: ``article_id``, ``sentence_id``, ``sentence_start``, ``sentence_end``,
    ``lo``/``hi`` (the group's tokens) and ``ws``/``we`` (the window: up to
    ``WINDOW_LEFT`` characters before and ``WINDOW_RIGHT`` after, within the sentence), all
    offsets into the article. A group spans at most ``CLUSTER_SPAN`` characters (a long run
    of numbers is cut into several), so every window is small whatever the length of the
    article or sentence; the text is cut by the parser.
    """
    found = candidates(g, articles).sort("article_id", "start")
    sentence_spans = sentences.select(
        "article_id",
        "sentence_id",
        pl.col("start").alias("sentence_start"),
        pl.col("end").alias("sentence_end"),
    ).sort("article_id", "sentence_start")
    grouped = (
        found.join_asof(
            sentence_spans,
            left_on="start",
            right_on="sentence_start",
            by="article_id",
            strategy="backward",
            check_sortedness=False,
        )
        .with_columns(
            pl.col("sentence_id").fill_null(1),
            pl.col("sentence_start").fill_null(0),
            pl.col("sentence_end").fill_null(pl.col("end")),
        )
        .with_columns(
            new=(
                (pl.col("start") - pl.col("end").shift(1) > CLUSTER_GAP)
                | (pl.col("sentence_id") != pl.col("sentence_id").shift(1))
            )
            .fill_null(True)
            .over("article_id")
        )
        .with_columns(cluster=pl.col("new").cast(pl.Int64).cum_sum().over("article_id"))
        .with_columns(
            part=(pl.col("start") - pl.col("start").min().over("article_id", "cluster"))
            // CLUSTER_SPAN
        )
        .group_by("article_id", "cluster", "part")
        .agg(
            pl.col("sentence_id").first(),
            pl.col("sentence_start").first(),
            pl.col("sentence_end").first(),
            pl.col("start").min().alias("lo"),
            pl.col("end").max().alias("hi"),
        )
    )
    window_start = pl.max_horizontal(pl.col("sentence_start"), pl.col("lo") - WINDOW_LEFT)
    window_end = pl.max_horizontal(
        pl.min_horizontal(pl.col("sentence_end"), pl.col("hi") + WINDOW_RIGHT), pl.col("hi")
    )
    return grouped.select(
        "article_id",
        "sentence_id",
        "sentence_start",
        "sentence_end",
        window_start.alias("ws"),
        window_end.alias("we"),
        "lo",
        "hi",
    ).sort("article_id", "lo")
