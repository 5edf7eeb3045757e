"""Tokens with exact offsets, their normalized forms, kinds, stopword flags and clitic pieces.

Everything is vectorized in polars but the clitic split, which runs once per distinct word.
The stopwords and the clitic splitter are arguments: this module knows no words.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from toolkit.arabic.clitics import CliticSplitter
from toolkit.arabic.normalize import normalize_expr
from toolkit.arabic.sentences import regex_pieces, sentence_spans

__all__ = ["TOKEN_KINDS", "token_spans", "tokenize"]

# Every piece is optional leading whitespace plus one token, so the pieces tile the text.
_TOKEN_COVER = (
    r"\s*(?:"
    r"\d+(?:[.,٫٬]\d+)*"  # numbers keep their separators: 2,500 and ٢٬٥٠٠ are one token
    r"|\p{L}[\p{L}\p{M}\p{Cf}]*"  # words keep their diacritics, tatweel and joiners
    r"|[\p{M}\p{Cf}]+"
    r"|(?s:.))"
)

TOKEN_KINDS = ("word", "number", "punct", "latin", "other")


def _kind() -> pl.Expr:
    token = pl.col("token")
    return (
        pl.when(token.str.contains(r"^\d"))
        .then(pl.lit("number"))
        .when(token.str.contains(r"^\p{L}") & token.str.contains(r"\p{Arabic}"))
        .then(pl.lit("word"))
        .when(token.str.contains(r"^\p{Latin}"))
        .then(pl.lit("latin"))
        .when(token.str.contains(r"^\p{P}+$"))
        .then(pl.lit("punct"))
        .otherwise(pl.lit("other"))
    )


def tokenize(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    clitics: bool = False,
    stopwords: Iterable[str] = (),
    splitter: CliticSplitter | None = None,
) -> pl.DataFrame:
    """Split articles into tokens with exact offsets.

    Arabic punctuation (، ؛ ؟) and quotes are tokens of their own; numbers keep their
    separators (``2,500`` and ``٢٬٥٠٠`` are one token each); diacritized and tatweel-stretched
    words stay whole. With ``clitics=True`` the proclitics و ف ب ك ل and the article ال
    (including the ``لل`` of ``للناتو``) become tokens of their own, split by ``splitter``.
    ``stopwords`` are normalized words flagged in ``is_stopword``.

    Returns
    -------
    polars.DataFrame
        ``article_id``, ``sentence_id``, ``token_id`` (0-based within the article), ``start``,
        ``end``, ``token`` (surface), ``norm`` (normalized form; the article in ``لل`` is
        ``ال``), ``kind`` (word, number, punct, latin, other), ``is_stopword``, and with
        ``clitics=True`` also ``clitic`` (``conj``, ``prep``, ``article`` or null for a stem).

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["وللناتو ٢٬٥٠٠ جنديٍ."]})
    >>> tokenize(df)["token"].to_list()
    ['وللناتو', '٢٬٥٠٠', 'جنديٍ', '.']
    >>> tokenize(df, clitics=True).select("token", "norm").head(4).rows()
    [('و', 'و'), ('ل', 'ل'), ('ل', 'ال'), ('ناتو', 'ناتو')]
    """
    return token_spans(articles, clitics=clitics, stopwords=stopwords, splitter=splitter).collect()


def _vocabulary(tokens: pl.DataFrame, stopwords: list[str]) -> pl.DataFrame:
    """``norm``, ``kind`` and ``is_stopword`` of each distinct token, computed once."""
    return (
        tokens.select(pl.col("token").unique())
        .with_columns(norm=normalize_expr("token"), kind=_kind())
        .with_columns(is_stopword=pl.col("norm").is_in(stopwords))
    )


def token_spans(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    clitics: bool = False,
    stopwords: Iterable[str] = (),
    splitter: CliticSplitter | None = None,
) -> pl.LazyFrame:
    """The tokens of :func:`tokenize` as a lazy frame (cut eagerly, finished lazily)."""
    stopwords = sorted(stopwords)
    articles = articles.lazy().select("article_id", "text")
    # Only the last piece of an article can be whitespace alone, so a piece's position in its
    # article's list is its token_id.
    tokens = (
        regex_pieces(articles, _TOKEN_COVER, index="token_id")
        .with_columns(token=pl.col("piece").str.strip_chars_start())
        .filter(pl.col("token") != "")
        .select(
            "article_id",
            "token_id",
            (pl.col("end") - pl.col("token").str.len_chars().cast(pl.Int64)).alias("start"),
            "end",
            "token",
        )
    )
    # the sentences are cut at the same time as the tokens (two independent queries)
    sentences = sentence_spans(articles).select("article_id", "sentence_id", "start")
    tokens, sentences = pl.collect_all([tokens, sentences])
    vocabulary = _vocabulary(tokens, stopwords)
    if clitics:
        tokens, vocabulary = _split_clitic_tokens(
            tokens, vocabulary, splitter or CliticSplitter(), stopwords
        )
    tokens = _look_up(tokens, vocabulary)
    tokens = tokens.with_columns(sentence_id=_sentence_of(tokens, sentences)).lazy()
    if clitics:
        tokens = tokens.with_columns(
            norm=pl.coalesce("p_norm", "norm"),
            is_stopword=pl.when(pl.col("clitic").is_null())
            .then("is_stopword")
            .otherwise(pl.coalesce("p_norm", "norm").is_in(stopwords)),
            token_id=pl.int_range(pl.len()).over("article_id"),
        )
    columns = ["article_id", "sentence_id", "token_id", "start", "end", "token", "norm", "kind"]
    columns += ["is_stopword"] + (["clitic"] if clitics else [])
    return tokens.select(columns)


def _look_up(tokens: pl.DataFrame, vocabulary: pl.DataFrame) -> pl.DataFrame:
    """Every token row with its vocabulary entry's other columns (a left join on ``token``,
    done as a dictionary lookup of each token's row number, then a gather: cheaper)."""
    row = pl.Series(range(vocabulary.height), dtype=pl.UInt32)
    index = tokens["token"].replace_strict(vocabulary["token"], row, default=None)
    return tokens.hstack(vocabulary.drop("token").select(pl.all().gather(index)).get_columns())


def _sentence_of(tokens: pl.DataFrame, sentences: pl.DataFrame) -> pl.Series:
    """The ``sentence_id`` of the sentence each token starts in.

    Tokens and sentences come in the same article order (both tile the same texts, so an
    article has tokens exactly when it has sentences), and each is sorted by ``start``
    within its article: one binary search of (article run, start) among the sentences finds
    the last sentence starting at or before the token, as a backward as-of join by article
    would, without hashing the article ids.
    """
    if tokens.height == 0 or sentences.height == 0:
        return pl.repeat(1, tokens.height, dtype=pl.Int64, eager=True).alias("sentence_id")
    runs = [frame["article_id"].rle_id().cast(pl.Int64) for frame in (sentences, tokens)]
    keys = [
        run * 2**40 + frame["start"] for run, frame in zip(runs, (sentences, tokens), strict=True)
    ]
    # signed before the step back: a token before its run's first sentence (an article id
    # repeated on rows whose texts start differently) must not wrap round to 2**32 - 1
    index = (keys[0].search_sorted(keys[1], side="right").cast(pl.Int64) - 1).clip(0)
    same_article = runs[0].gather(index) == runs[1]
    found = sentences["sentence_id"].gather(index)
    return found.zip_with(same_article, pl.repeat(1, tokens.height, dtype=found.dtype, eager=True))


def _split_clitic_tokens(
    tokens: pl.DataFrame, vocabulary: pl.DataFrame, splitter: CliticSplitter, stopwords: list[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split word tokens into clitic pieces; the split is computed once per distinct word.

    The splits form a flat table with one row per piece, so a left join (one token row to its
    pieces) does the exploding. Returns the new tokens (with ``p_norm`` and ``clitic``) and the
    vocabulary extended with the pieces' surfaces.
    """
    candidates = vocabulary.filter(
        pl.col("norm").str.contains(r"^[وفبكلا]") & pl.col("token").str.contains(r"^\p{L}")
    )
    rows = []
    for word, norm in candidates.select("token", "norm").iter_rows():
        pieces = splitter.split(word, norm)
        if len(pieces) > 1:
            rows.extend((word, s, e, n, c) for s, e, n, c in pieces)
    schema = {
        "token": pl.String,
        "p_start": pl.Int64,
        "p_end": pl.Int64,
        "p_norm": pl.String,
        "clitic": pl.String,
    }
    splits = pl.DataFrame(rows, schema=schema, orient="row")
    length = pl.col("p_end") - pl.col("p_start")
    split = tokens.join(splits, on="token", how="left", maintain_order="left").with_columns(
        token=pl.when(pl.col("p_start").is_null())
        .then(pl.col("token"))
        .otherwise(pl.col("token").str.slice(pl.col("p_start"), length)),
        start=pl.col("start") + pl.col("p_start").fill_null(0),
        end=pl.when(pl.col("p_end").is_null())
        .then(pl.col("end"))
        .otherwise(pl.col("start") + pl.col("p_end")),
        p_norm=pl.when(pl.col("clitic") == "article").then(pl.col("p_norm")),
    )
    pieces = split.select("token").unique().join(vocabulary, on="token", how="anti")
    vocabulary = pl.concat([vocabulary, _vocabulary(pieces, stopwords)])
    return split.drop("p_start", "p_end"), vocabulary
