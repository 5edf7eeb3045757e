"""entity_frequency and entity_cooccurrence."""

import polars as pl
import pytest

import toolkit as tk
from toolkit.entities import entity_cooccurrence, entity_frequency, extract_entities


def test_frequency_rates_and_groups(seed):
    mentions = extract_entities(seed)
    tokens = tk.tokenize(seed)
    freq = entity_frequency(mentions, per=tokens)
    top = freq.row(0, named=True)
    assert top["entity"] == "iraq" and top["mentions"] == 8 and top["documents"] == 1
    words = tokens.filter(pl.col("kind") != "punct").height
    assert top["per_1000"] == pytest.approx(8 * 1000 / words)
    by_party = entity_frequency(mentions, by="party")
    us = by_party.filter(pl.col("party") == "us_administration")
    assert set(us["entity"]) >= {"joe_biden", "united_states", "donald_trump"}
    raw = entity_frequency(mentions, merge=False)
    assert "surface" in raw.columns and raw.height > freq.height


def test_cooccurrence_is_symmetric_once(seed):
    pairs = entity_cooccurrence(extract_entities(seed))
    assert (pairs["entity_a"] < pairs["entity_b"]).all()
    row = pairs.filter((pl.col("entity_a") == "iraq") & (pl.col("entity_b") == "nato"))
    assert row["sentences"].item() >= 1


def test_frequency_by_source_groups_by_the_outlet():
    articles = pl.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "source": ["outlet one", "outlet two", "outlet one"],
            "text": ["زار بايدن بغداد", "قال بايدن", "التقى بايدن السوداني في بغداد"],
        }
    )
    mentions = extract_entities(articles)
    assert "source" not in mentions.columns and set(mentions["method"]) == {"lexicon"}
    table = entity_frequency(mentions, by="source", articles=articles)
    biden = dict(table.filter(pl.col("entity") == "joe_biden").select("source", "mentions").rows())
    assert biden == {"outlet one": 2, "outlet two": 1}
