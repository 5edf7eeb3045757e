"""The mention frame and the steps of a call, shared by both paths.

A call (:func:`extract_with`) reads the lexicon tables once (:mod:`toolkit.entities.tables`),
finds the gazetteer and title mentions with one of the two paths (the fast path or the
reference), finishes them (surfaces, ids of proposed names, the output schema, text order) and
then hands the frame to the later sources (:data:`LATER_SOURCES`), if any.

Adding a mention source
-----------------------
A source that reads the mentions already found (coreference of a surname with the full name
mentioned before it, say) is a function ``source(articles, mentions, tables)`` that returns
the finished frame with its own mentions added, in :data:`MENTION_SCHEMA` and text order, its
``method`` naming it. Listed in :data:`LATER_SOURCES`, it runs after the gazetteer and the
titles on both paths, so the fast path's equality test covers it with no more work.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from toolkit.arabic import normalize_expr
from toolkit.entities.stream import surfaces
from toolkit.entities.tables import EntityTables, entity_tables

__all__ = [
    "LATER_SOURCES",
    "MENTION_SCHEMA",
    "PRE_SCHEMA",
    "as_articles",
    "extract_with",
    "finish",
    "select_mentions",
]

#: The columns of a mention frame, in order.
MENTION_SCHEMA = {
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "surface": pl.String,
    "entity": pl.String,
    "name_en": pl.String,
    "name_ar": pl.String,
    "label": pl.String,
    "party": pl.String,
    "method": pl.String,
}

#: The columns of the mentions a path finds, before :func:`finish` (no ``surface`` yet).
PRE_SCHEMA = {c: t for c, t in MENTION_SCHEMA.items() if c != "surface"}

#: A path: ``mentions_of(articles, tables, patterns, **options)`` gives the mentions (in
#: :data:`PRE_SCHEMA`; the fast path adds ``_article`` and ``surface``).
Path = Callable[..., pl.DataFrame]

#: Sources read after the gazetteer and title mentions, in order (see the module docstring):
#: ``source(articles, mentions, tables) -> mentions``.
LATER_SOURCES: tuple[Callable[[pl.DataFrame, pl.DataFrame, EntityTables], pl.DataFrame], ...] = ()


def as_articles(df: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """The ``article_id`` and ``text`` of any articles frame, as strings."""
    return (
        df.lazy().select(pl.col("article_id").cast(pl.String), pl.col("text").cast(pl.String))
    ).collect()


def select_mentions(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Frames of mentions concatenated in :data:`PRE_SCHEMA`."""
    if not frames:
        return pl.DataFrame(schema=PRE_SCHEMA)
    return pl.concat(
        [f.select(list(PRE_SCHEMA)).cast(PRE_SCHEMA) for f in frames], how="vertical_relaxed"
    )


def finish(articles: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """Surfaces, the ids of proposed names (``pattern:`` and the normalized surface), the
    output schema and the text order."""
    if "_article" in mentions.columns:  # the fast path: surfaces and article order are known
        pattern = pl.col("entity").is_null()
        return (
            mentions.sort("_article", "start")
            .with_columns(
                entity=pl.when(pattern)
                .then(pl.lit("pattern:") + normalize_expr("surface"))
                .otherwise("entity"),
                name_ar=pl.coalesce("name_ar", "surface"),
            )
            .select(list(MENTION_SCHEMA))
            .cast(MENTION_SCHEMA)
        )
    mentions = (
        mentions.with_columns(surface=surfaces(articles, mentions))
        .with_columns(
            entity=pl.coalesce("entity", pl.lit("pattern:") + normalize_expr("surface")),
            name_ar=pl.coalesce("name_ar", "surface"),
        )
        .select(list(MENTION_SCHEMA))
        .cast(MENTION_SCHEMA)
    )
    order = articles.select("article_id").with_row_index("_article")
    return (
        mentions.join(order, on="article_id", how="left").sort("_article", "start").drop("_article")
    )


def extract_with(
    mentions_of: Path,
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    gazetteer,
    lexicons,
    patterns: bool,
    **options,
) -> pl.DataFrame:
    """One call: the tables, the articles (ids and texts as strings), the mentions of the path
    ``mentions_of``, :func:`finish`, then the :data:`LATER_SOURCES`."""
    tables = entity_tables(gazetteer, lexicons)
    articles = as_articles(articles)
    mentions = finish(articles, mentions_of(articles, tables, patterns, **options))
    for source in LATER_SOURCES:
        mentions = source(articles, mentions, tables)
    return mentions
