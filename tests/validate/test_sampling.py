"""Samples are reproducible, stratified as asked, weighted, and safe to open in a spreadsheet."""

import csv

import polars as pl
import pytest

from toolkit.entities import extract_entities
from toolkit.figures import extract_figures
from toolkit.validate import (
    SAMPLE_SCHEMA,
    read_sample,
    refresh_sample,
    sample_for_review,
    sample_sentences,
    sentence_hash,
    write_sample_csv,
)


def test_the_same_seed_gives_the_same_sample(claims):
    first = sample_for_review(claims, n=12, seed=7)
    assert first.equals(sample_for_review(claims, n=12, seed=7))
    assert first["item"].to_list() != sample_for_review(claims, n=12, seed=8)["item"].to_list()


def test_the_sample_does_not_depend_on_row_order(claims):
    shuffled = claims.sample(fraction=1.0, shuffle=True, seed=3)
    a = sample_for_review(claims, n=10, by="party", seed=0)["item"].to_list()
    b = sample_for_review(shuffled, n=10, by="party", seed=0)["item"].to_list()
    assert a == b


def test_a_larger_sample_extends_a_smaller_one(claims):
    small = sample_for_review(claims, n=10, seed=0)["item"].to_list()
    large = sample_for_review(claims, n=25, seed=0)["item"].to_list()
    assert large[:10] == small


def test_sample_columns_and_keys(claims):
    sample = sample_for_review(claims, n=5, seed=0)
    assert sample.columns[: len(SAMPLE_SCHEMA)] == list(SAMPLE_SCHEMA)
    for row in sample.iter_rows(named=True):
        assert row["item"] == f"stance:{row['article_id']}:{row['sentence_id']}:{row['party']}"
        assert row["sentence_sha256"] == sentence_hash(row["sentence"])
        assert row["reading"] == row["stance"]
        if row["span_start"] is not None:  # the cue, in article offsets
            offset = row["span_start"] - row["sentence_start"]
            assert row["sentence"][offset : offset + len(row["span_text"])] == row["span_text"]


def test_equal_allocation_and_weights(claims):
    sizes = dict(claims.group_by("stance").len().iter_rows())
    sample = sample_for_review(claims, n=30, by="stance", seed=0)
    taken = dict(sample.group_by("stratum").len().iter_rows())
    assert sum(taken.values()) == 30
    assert max(taken.values()) - min(taken.values()) <= 1  # 30 over 4 labels: 8, 8, 7, 7
    for row in sample.iter_rows(named=True):
        assert row["stratum"] == row["stance"]
        assert row["stratum_size"] == sizes[row["stance"]]
        assert row["weight"] == pytest.approx(sizes[row["stance"]] / taken[row["stance"]])
    # the weights add up to the whole population of claims
    assert sample["weight"].sum() == pytest.approx(claims.height)


def test_a_small_stratum_gives_all_it_has_and_the_rest_goes_to_the_others():
    frame = pl.DataFrame({
        "article_id": ["a"] * 12, "sentence_id": list(range(12)), "start": [0] * 12,
        "end": [1] * 12, "party": ["iran"] * 2 + ["nato"] * 10, "stance": ["oppose"] * 12,
        "cue": ["x"] * 12, "sentence": ["x"] * 12,
    })  # fmt: skip
    sample = sample_for_review(frame, n=8, by="party")
    taken = dict(sample.group_by("stratum").len().iter_rows())
    assert taken == {"iran": 2, "nato": 6}
    weights = dict(sample.group_by("stratum").agg(pl.col("weight").first()).iter_rows())
    assert weights == {"iran": 1.0, "nato": pytest.approx(10 / 6)}


def test_proportional_allocation(claims):
    sample = sample_for_review(claims, n=20, by="stance", allocation="proportional")
    sizes = dict(claims.group_by("stance").len().iter_rows())
    for stratum, taken in sample.group_by("stratum").len().iter_rows():
        assert abs(taken - 20 * sizes[stratum] / claims.height) < 1
    for stratum, weights in sample.group_by("stratum").agg("weight").iter_rows():
        assert set(weights) == {sizes[stratum] / len(weights)}  # N_h / n_h
    assert abs(sample["weight"].sum() - claims.height) < 1e-9  # the weights add up to N
    with pytest.raises(ValueError, match="allocation"):
        sample_for_review(claims, n=5, by="stance", allocation="optimal")


def test_n_larger_than_the_frame_returns_everything(claims):
    small = claims.head(4)
    sample = sample_for_review(small, n=30, by="party")
    assert sample.height == 4 and set(sample["weight"]) == {1.0}
    assert sample_for_review(claims.head(0), n=5).height == 0


def test_stratify_by_article_metadata(claims, articles):
    sample = sample_for_review(claims, n=15, by="source", articles=articles)
    assert set(sample["stratum"]) <= set(articles["source"].fill_null("(none)"))
    with pytest.raises(ValueError, match="articles="):
        sample_for_review(claims, n=5, by="source")


def test_mentions_and_figures(articles):
    mentions = extract_entities(articles)
    sample = sample_for_review(mentions, n=10, by="label", articles=articles)
    assert set(sample["kind"]) == {"entity"}
    assert all(row["item"].startswith(f"entity:{row['article_id']}:") for row in sample.to_dicts())
    for row in sample.iter_rows(named=True):
        offset = row["span_start"] - row["sentence_start"]
        assert row["sentence"][offset : offset + len(row["span_text"])] == row["span_text"]
    figures = sample_for_review(extract_figures(articles), n=6, articles=articles)
    assert set(figures["kind"]) == {"figure"} and "figure_kind" in figures.columns
    assert figures["reading"].to_list() == figures["figure_kind"].to_list()
    with pytest.raises(ValueError, match="needs the articles"):
        sample_for_review(mentions, n=3)


def test_unknown_frames_are_refused():
    with pytest.raises(ValueError, match="cannot tell what to review"):
        sample_for_review(pl.DataFrame({"x": [1]}), n=1)


def test_sentences_of_given_articles(articles):
    ids = ["synthetic-01", "synthetic-02"]
    sample = sample_sentences(articles, article_ids=ids)
    expected = sum(
        len(t.splitlines()) for t in articles.filter(pl.col("article_id").is_in(ids))["text"]
    )
    assert sample.height == expected and set(sample["article_id"]) == set(ids)
    assert set(sample["weight"]) == {1.0} and set(sample["kind"]) == {"sentence"}


def test_sentences_that_mention_a_party(articles):
    sample = sample_sentences(articles, parties=["sadrist_movement"])
    assert sample.height > 0
    assert all("sadrist_movement" in parties for parties in sample["parties"])
    some = sample_sentences(articles, n=5, parties=True, seed=2)
    assert some.height == 5 and all(len(p) > 0 for p in some["parties"])
    assert some.equals(sample_sentences(articles, n=5, parties=True, seed=2))


def test_refresh_keeps_the_design_and_takes_the_new_readings(claims):
    sample = sample_for_review(claims, n=10, by="stance", seed=0)
    changed = claims.with_columns(stance=pl.lit("neutral"))
    fresh = refresh_sample(sample, changed)
    assert fresh.columns == sample.columns
    assert fresh["reading"].to_list() == ["neutral"] * 10
    assert fresh.select("item", "stratum", "weight").equals(
        sample.select("item", "stratum", "weight")
    )


def test_csv_export_cannot_start_a_cell_with_a_formula(tmp_path, claims):
    sample = sample_for_review(claims, n=4, seed=0).with_columns(
        sentence=pl.Series(["=HYPERLINK(1)", "+1", "-قال", "@SUM(A1)"]),
        detail=pl.Series(["'=already", "safe", None, "\tTab"]),
    )
    path = write_sample_csv(sample, tmp_path / "sample.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            for cell in row:
                assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    back = read_sample(path)
    assert back["sentence"].to_list() == sample["sentence"].to_list()
    assert back["detail"].to_list() == sample["detail"].to_list()
    assert back["weight"].to_list() == sample["weight"].to_list()
