"""One batch and the corpus-wide tables added up from batches."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

import toolkit as tk
from toolkit.pipeline import TABLES, analyze, batch_partials, process_batch, summarize

EXPECTED = list(TABLES)


def test_summaries_added_up_from_batches_equal_the_whole_corpus_at_once(corpus):
    from toolkit.entities import entity_frequency, extract_entities
    from toolkit.stance import classify_stance, party_stance

    articles = tk.load_articles(corpus / "parquet").head(30)
    tables = analyze(articles, batch_size=4)  # party_stance and frequency from 8 partials
    claims = classify_stance(articles.select("article_id", "text"))
    assert tables["party_stance"].height > 1
    assert_frame_equal(tables["party_stance"], party_stance(claims))
    frequency = entity_frequency(extract_entities(articles.select("article_id", "text")))
    assert_frame_equal(
        tables["entity_frequency"].sort("entity"),
        frequency.select(tables["entity_frequency"].columns).sort("entity"),
        check_dtypes=False,
    )


def test_summarize_one_batch_is_its_partials_added_up(corpus):
    articles = tk.load_articles(corpus / "parquet").head(5)
    result = process_batch(articles)
    partials = {name: [frame] for name, frame in batch_partials(result).items()}
    for name, frame in summarize(result).items():
        assert_frame_equal(frame, summarize(result, partials=partials)[name])


def test_tables_constant_lists_every_output():
    assert set(EXPECTED) <= set(TABLES)


def test_process_batch_takes_the_entity_file_of_a_lexicon_set(tmp_path):
    """``lexicons=`` a folder of edited copies: its entities.csv is the gazetteer."""
    from toolkit.lexicons import Lexicons

    text = "قال الرئيس جو بايدن إن 300 جندي سيبقون."
    batch = pl.DataFrame({"article_id": ["a"], "text": [text]})
    edited = Lexicons().snapshot(tmp_path / "lexicons")
    entities = edited.path("entities.csv")
    rows = entities.read_text(encoding="utf-8").splitlines(keepends=True)
    entities.write_text("".join(r for r in rows if "بايدن" not in r), encoding="utf-8", newline="")
    shipped = process_batch(batch)["entities"]
    assert "جو بايدن" in shipped["surface"].to_list()
    for lexicons in (edited, edited.folder):
        found = process_batch(batch, lexicons=lexicons)["entities"]
        assert "جو بايدن" not in found.filter(pl.col("method") == "lexicon")["surface"].to_list()
