"""The entity explorer's counts (:class:`toolkit.views.entities.MentionCounts`) equal
:func:`toolkit.views.entities.frequency_per_tokens` of the filtered mentions."""

import polars as pl
import pytest

import toolkit as tk
from toolkit.datasets import course_articles, heldout_articles
from toolkit.views.entities import MentionCounts, frequency_per_tokens


@pytest.fixture(scope="module")
def mentions() -> pl.DataFrame:
    articles = pl.concat(
        [
            course_articles().select("article_id", "text", "source"),
            heldout_articles()[0].select("article_id", "text", pl.lit("held-out").alias("source")),
        ],
        how="diagonal_relaxed",
    )
    return tk.extract_entities(articles.drop("source")).join(
        articles.select("article_id", pl.col("source").fill_null("(unknown)")), on="article_id"
    )


def filters(mentions: pl.DataFrame) -> list[dict]:
    first = mentions.row(0, named=True)
    return [
        {},
        {"label": "PERSON"},
        {"label": "GPE", "party": "iraqi_government"},
        {"party": "iran"},
        {"article_id": first["article_id"]},
        {"source": "held-out"},
        {"source": "held-out", "label": "ORG"},
        {"party": "no such party"},
    ]


@pytest.mark.parametrize("merge", [True, False])
def test_counts_equal_the_frequency_of_the_filtered_mentions(mentions, merge):
    counts = MentionCounts(mentions)
    for equal in filters(mentions):
        chosen = mentions
        for column, value in equal.items():
            chosen = chosen.filter(pl.col(column) == value)
        expected = frequency_per_tokens(chosen.drop("source"), merge=merge, tokens=12_345)
        got = counts.frequency(counts.rows(**equal), merge=merge, tokens=12_345)
        assert got.schema == expected.schema
        assert got.sort(got.columns).equals(expected.sort(expected.columns)), equal
        # most frequent first, ties by the entity or surface
        key = "entity" if merge else "surface"
        assert got.select("mentions", key).equals(expected.select("mentions", key)), equal
        assert got.height == expected.height and (got.height > 0) == (chosen.height > 0)


def test_counts_hold_fewer_rows_than_the_mentions(mentions):
    counts = MentionCounts(mentions)
    assert counts.base["_n"].sum() == mentions.height
    assert counts.base.height < mentions.height
