"""The frames a call passes between its steps: the mention schema, the candidate phrases and
what the later sources read (:class:`Found`)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from toolkit.entities.tables import EntityTables

__all__ = [
    "CANDIDATE_SCHEMA",
    "MENTION_SCHEMA",
    "PRE_SCHEMA",
    "ROW_SCHEMA",
    "Found",
    "mention_rows",
]

#: The rows a later source gives :func:`mention_rows` (the rest comes from the gazetteer).
ROW_SCHEMA = {
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "surface": pl.String,
    "entity": pl.String,
    "method": pl.String,
}

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

#: The columns of the mentions a path finds, before finishing (no ``surface`` yet).
PRE_SCHEMA = {c: t for c, t in MENTION_SCHEMA.items() if c != "surface"}

#: The columns of the candidate phrases a path finds (``key``: the phrase's key in
#: :meth:`~toolkit.entities.tables.EntityTables.candidates`), in text order.
CANDIDATE_SCHEMA = {
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "surface": pl.String,
    "key": pl.String,
}


@dataclass(frozen=True)
class Found:
    """What the later sources read.

    Attributes
    ----------
    articles
        ``article_id``, ``text`` and ``published`` (a date, null when unknown).
    mentions
        The mentions found so far, in :data:`MENTION_SCHEMA` and text order.
    candidates
        The candidate phrases, in :data:`CANDIDATE_SCHEMA` and text order.
    tables
        The lexicon tables of the call.
    """

    articles: pl.DataFrame
    mentions: pl.DataFrame
    candidates: pl.DataFrame
    tables: EntityTables

    def taken(self, articles: pl.Series | None = None) -> dict[str, list[tuple[int, int]]]:
        """The ``(start, end)`` of the mentions found so far, by article, in text order (the
        spans a later source must not overlap); only those of ``articles`` (ids) when given."""
        spans: dict[str, list[tuple[int, int]]] = {}
        mentions = self.mentions
        if articles is not None:
            mentions = mentions.filter(pl.col("article_id").is_in(articles.implode()))
        for article, start, end in mentions.select("article_id", "start", "end").iter_rows():
            spans.setdefault(article, []).append((start, end))
        return spans


def mention_rows(found: Found, rows: pl.DataFrame, drop: pl.Series | None = None) -> pl.DataFrame:
    """The mentions of ``found`` with new ones added (``rows``: ``article_id``,
    ``sentence_id``, ``start``, ``end``, ``surface``, ``entity``, ``method``; the entity's
    other columns come from the gazetteer), without the rows of ``drop`` (a boolean mask of
    the mentions), in text order."""
    mentions = found.mentions if drop is None else found.mentions.filter(~drop)
    if rows.is_empty():
        return mentions
    added = (
        rows.join(found.tables.entities.rename({"entity_id": "entity"}), on="entity", how="left")
        .select(list(MENTION_SCHEMA))
        .cast(MENTION_SCHEMA)
    )
    order = found.articles.select("article_id").with_row_index("_article")
    return (
        pl.concat([mentions, added], how="vertical")
        .join(order, on="article_id", how="left")
        .sort("_article", "start")
        .drop("_article")
    )
