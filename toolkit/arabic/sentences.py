"""Sentences, cut by one vectorized regex that tiles the text (offsets are running sums)."""

from __future__ import annotations

import re

import polars as pl

__all__ = ["TERMINATORS", "regex_pieces", "sentence_spans", "split_sentences"]


def regex_pieces(
    frame: pl.DataFrame | pl.LazyFrame, cover: str, *, index: str | None = None
) -> pl.LazyFrame:
    """Cut every article's text into consecutive pieces with a regex that matches everywhere.

    ``cover`` must match at every position of any text (end it with ``|(?s:.)``), so the
    pieces tile the text and each piece's offsets are the running sum of the lengths before it
    (taken inside each article's list of pieces, before they are exploded into rows).
    Returns a lazy frame with ``article_id``, ``piece``, ``start`` and ``end`` (characters),
    and with ``index`` given, a column of that name numbering the pieces of each article.
    """
    length = pl.element().str.len_chars().cast(pl.Int64)
    lists = {"end": pl.col("piece").list.eval(length.cum_sum())}
    if index:
        lists[index] = pl.col("piece").list.eval(pl.int_range(pl.len()))
    return (
        frame.lazy()
        .select("article_id", pl.col("text").str.extract_all(cover).alias("piece"))
        .with_columns(**lists)
        .explode("piece", *lists)
        .drop_nulls("piece")
        .with_columns(start=pl.col("end") - pl.col("piece").str.len_chars().cast(pl.Int64))
    )


#: The characters that end a sentence.
TERMINATORS = ".!?؟…"
#: The spaces after dots (``..``, ``...``) that keep their sentence going on the same line.
ELLIPSIS_SPACES = " \t\u00a0"
_SENTENCE_ATOM = (
    r"(?:\d[.,٫٬]\d|“[^”\n]*”|«[^»\n]*»|\"[^\"\n]*\""
    + rf"|\.{{2,}}[{ELLIPSIS_SPACES}]+"
    + r"|[^\n"
    + re.escape(TERMINATORS)
    + r"])"
)
_SENTENCE_COVER = (
    rf"{_SENTENCE_ATOM}+[{re.escape(TERMINATORS)}]*[\"”»’')\]]*"
    rf"|\n|[{re.escape(TERMINATORS)}]+|(?s:.)"
)


def split_sentences(articles: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Split each article into sentences.

    Sentences end at ``.``, ``!``, ``?``, ``؟``, ``…`` (with any closing quotes after them) and
    at line breaks. A full stop or comma between digits (``3.5``, ``2,500``), punctuation
    inside a quotation (“…”, «…», "…") on the same line and two or more full stops
    (``..``, ``...``) followed by a space and more of the line (a headline's «… .. والصدر: …»)
    do not end a sentence (``…`` does), and dashes never do. Surrounding whitespace is not part of a sentence.

    Returns
    -------
    polars.DataFrame
        ``article_id``, ``sentence_id`` (1-based), ``start``, ``end``, ``text``.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["قال إن 3.5 ألف جندي. وأضاف: لا!"]})
    >>> split_sentences(df)["text"].to_list()
    ['قال إن 3.5 ألف جندي.', 'وأضاف: لا!']
    """
    return sentence_spans(articles).collect()


def sentence_spans(articles: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """The lazy query behind :func:`split_sentences` (to combine with other queries)."""
    lead = pl.col("piece").str.len_chars() - pl.col("piece").str.strip_chars_start().str.len_chars()
    trail = pl.col("piece").str.len_chars() - pl.col("piece").str.strip_chars_end().str.len_chars()
    return (
        regex_pieces(articles, _SENTENCE_COVER)
        .filter(pl.col("piece").str.strip_chars() != "")
        .select(
            "article_id",
            (pl.int_range(pl.len()).over("article_id") + 1).alias("sentence_id"),
            (pl.col("start") + lead).alias("start"),
            (pl.col("end") - trail).alias("end"),
            pl.col("piece").str.strip_chars().alias("text"),
        )
    )
