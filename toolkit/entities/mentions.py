"""The mention frame and the steps of a call, shared by both paths.

A call (:func:`extract_with`) reads the lexicon tables once (:mod:`toolkit.entities.tables`),
finds the gazetteer and title mentions and the *candidate* phrases (short forms of names,
office titles) with one of the two paths (the fast path or the reference), finishes them
(surfaces, ids of proposed names, the output schema, text order), sets the candidates apart
and then hands everything to the later sources (:data:`LATER_SOURCES`).

Adding a mention source
-----------------------
A source that reads the mentions already found is a function ``source(found)`` of a
:class:`Found` (the articles with their dates, the mentions so far, the candidate phrases,
the tables) that returns the mention frame with its own mentions added, in
:data:`MENTION_SCHEMA` and text order, its ``method`` naming it. Listed in
:data:`LATER_SOURCES`, it runs after the gazetteer and the titles on both paths, so the fast
path's equality test covers it with no more work. The shipped sources are the
names after a title and its place (:func:`toolkit.entities.patterns.placed_names`,
``method="pattern"``: محافظ الأنبار صهيب الراوي), the institutions named after a place (:func:`toolkit.entities.cited.institution_mentions`,
``method="institution"``: جامعة بغداد is one ORG, not Baghdad), the office holders of bare titles (:mod:`toolkit.entities.offices`, ``method="office"``), then the
coreference of short forms (:mod:`toolkit.entities.coreference`, ``method="coreference"``),
the surnames of proposed names, the outlets cited bare and the second name after a dual head
(:func:`toolkit.entities.cited.paired_mentions`, ``method="paired"``: قاعدتي عين الأسد وحرير).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import polars as pl

from toolkit.arabic import normalize_expr
from toolkit.entities.cited import cited_mentions, institution_mentions, paired_mentions
from toolkit.entities.coreference import coreference_mentions
from toolkit.entities.forms import CANDIDATE_METHODS
from toolkit.entities.found import CANDIDATE_SCHEMA, MENTION_SCHEMA, PRE_SCHEMA, Found
from toolkit.entities.offices import office_mentions
from toolkit.entities.patterns import placed_names
from toolkit.entities.repeats import repeated_surnames
from toolkit.entities.stream import surfaces
from toolkit.entities.tables import entity_tables

__all__ = [
    "CANDIDATE_SCHEMA",
    "LATER_SOURCES",
    "MENTION_SCHEMA",
    "PRE_SCHEMA",
    "PROPOSING_SOURCES",
    "Found",
    "as_articles",
    "as_candidates",
    "extract_with",
    "finish",
    "select_mentions",
]

#: A path: ``mentions_of(articles, tables, patterns, dated=..., **options)`` gives the
#: mentions and candidates (in :data:`PRE_SCHEMA`, candidates with ``method="candidate"`` and
#: their key as ``entity``; the fast path adds ``_article`` and ``surface``).
Path = Callable[..., pl.DataFrame]

#: Sources read after the gazetteer and title mentions, in order (see the module docstring):
#: ``source(found) -> mentions``.
LATER_SOURCES: tuple[Callable[[Found], pl.DataFrame], ...] = (
    placed_names,
    institution_mentions,
    office_mentions,
    coreference_mentions,
    repeated_surnames,
    cited_mentions,
    paired_mentions,
)
#: The later sources that propose names (left out when a call has ``patterns=False``).
PROPOSING_SOURCES = frozenset({placed_names})


def _published(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A ``published`` column as a date (strings read as ISO dates, anything else null)."""
    if dtype == pl.Date:
        return expr
    if isinstance(dtype, pl.Datetime):
        return expr.dt.date()
    if dtype == pl.String:
        return expr.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    return pl.lit(None, dtype=pl.Date)


def as_articles(df: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """The ``article_id`` and ``text`` of any articles frame, as strings, and ``published``
    as a date (null when the frame has none)."""
    lazy = df.lazy()
    schema = lazy.collect_schema()
    published = (
        _published(pl.col("published"), schema["published"])
        if "published" in schema
        else pl.lit(None, dtype=pl.Date)
    )
    return lazy.select(
        pl.col("article_id").cast(pl.String),
        pl.col("text").cast(pl.String),
        published.alias("published"),
    ).collect()


def select_mentions(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Frames of mentions concatenated in :data:`PRE_SCHEMA`."""
    if not frames:
        return pl.DataFrame(schema=PRE_SCHEMA)
    return pl.concat(
        [f.select(list(PRE_SCHEMA)).cast(PRE_SCHEMA) for f in frames], how="vertical_relaxed"
    )


def as_candidates(spans: pl.DataFrame) -> pl.DataFrame:
    """Spans of candidate phrases (with their ``key``) as rows of a path's mentions."""
    return spans.with_columns(
        entity=pl.col("key"),
        name_en=None,
        name_ar=None,
        label=None,
        party=None,
        method=pl.lit(CANDIDATE_METHODS[0]),
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


def _set_apart(mentions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The mentions, and the candidate rows as a :data:`CANDIDATE_SCHEMA` frame."""
    candidate = pl.col("method").is_in(CANDIDATE_METHODS)
    candidates = mentions.filter(candidate).select(
        *(c for c in CANDIDATE_SCHEMA if c != "key"), key=pl.col("entity")
    )
    return mentions.filter(~candidate), candidates


def extract_with(
    mentions_of: Path,
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    gazetteer,
    lexicons,
    patterns: bool,
    **options,
) -> pl.DataFrame:
    """One call: the tables, the articles (ids and texts as strings, dates), the mentions and
    candidates of the path ``mentions_of``, :func:`finish`, then the :data:`LATER_SOURCES`."""
    tables = entity_tables(gazetteer, lexicons)
    articles = as_articles(articles)
    dated = articles["published"].is_not_null().any()
    found = finish(articles, mentions_of(articles, tables, patterns, dated=dated, **options))
    mentions, candidates = _set_apart(found)
    state = Found(articles=articles, mentions=mentions, candidates=candidates, tables=tables)
    for source in LATER_SOURCES:
        if patterns or source not in PROPOSING_SOURCES:
            state = dataclasses.replace(state, mentions=source(state))
    return state.mentions
