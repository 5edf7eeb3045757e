"""The text stage: the Arabic layer (:mod:`toolkit.arabic`) with the toolkit's lexicons.

:func:`tokenize` and :func:`split_clitics` use the stopwords and the clitic words of a lexicon
set (the shipped files by default, read again whenever they change).
"""

from __future__ import annotations

import polars as pl

import toolkit.arabic as arabic
from toolkit.lexicons import Lexicons, clitic_splitter, stopwords

__all__ = ["split_clitics", "token_spans", "tokenize"]


def tokenize(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    clitics: bool = False,
    lexicons: Lexicons | str | None = None,
) -> pl.DataFrame:
    """Split articles into tokens with exact offsets (see :func:`toolkit.arabic.tokenize`),
    with the stopwords and clitic words of ``lexicons`` (the shipped files by default).

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
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["وللناتو ٢٬٥٠٠ جنديٍ في."]})
    >>> tokenize(df)["token"].to_list()
    ['وللناتو', '٢٬٥٠٠', 'جنديٍ', 'في', '.']
    >>> tokenize(df, clitics=True).select("token", "norm").head(4).rows()
    [('و', 'و'), ('ل', 'ل'), ('ل', 'ال'), ('ناتو', 'ناتو')]
    """
    return token_spans(articles, clitics=clitics, lexicons=lexicons).collect()


def token_spans(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    clitics: bool = False,
    lexicons: Lexicons | str | None = None,
) -> pl.LazyFrame:
    """The lazy form of :func:`tokenize`."""
    return arabic.token_spans(
        articles,
        clitics=clitics,
        stopwords=stopwords(lexicons=lexicons),
        splitter=clitic_splitter(lexicons) if clitics else None,
    )


def split_clitics(
    word: str, *, lexicons: Lexicons | str | None = None
) -> list[tuple[int, int, str, str | None]]:
    """Split the proclitics and the article off one word, with offsets into ``word``.

    Peels, in order, a conjunction (و ف), a preposition (ب ك ل) and the article (ال, or the
    ``ل`` that replaces it after ``ل`` as in ``للناتو``). Words that only look prefixed are kept
    whole by the guard words of ``clitics.csv`` (وزير، بغداد، لبنان …) and by minimum-stem
    rules (see :class:`toolkit.arabic.CliticSplitter`).

    Returns
    -------
    list of (start, end, norm, clitic)
        ``clitic`` is ``"conj"``, ``"prep"``, ``"article"`` or ``None`` for the stem. A word
        with nothing to split comes back as one piece.

    Examples
    --------
    >>> [(p[2], p[3]) for p in split_clitics("وللناتو")]
    [('و', 'conj'), ('ل', 'prep'), ('ال', 'article'), ('ناتو', None)]
    >>> split_clitics("وزير")
    [(0, 4, 'وزير', None)]
    """
    return clitic_splitter(lexicons).split(word)
