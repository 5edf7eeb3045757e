"""Reviewed items become gold annotations that every evaluate_* can score."""

import polars as pl
import pytest

import toolkit as tk
from toolkit.entities import extract_entities
from toolkit.evaluate import evaluate_entities, evaluate_figures, load_gold
from toolkit.figures import extract_figures
from toolkit.validate import (
    review_accuracy,
    reviewed_only,
    sample_for_review,
    sample_sentences,
    to_gold,
    write_gold,
)


def _answers(sample, labels, annotator="a", **extra):
    return pl.DataFrame({"item": sample["item"], "annotator": [annotator] * sample.height,
                         "label": labels, "sentence_sha256": sample["sentence_sha256"],
                         **extra})  # fmt: skip


def test_confirmed_claims_round_trip_through_evaluate_stance(claims, tmp_path):
    sample = sample_for_review(claims, n=20, by="stance", seed=0)
    golds = to_gold(_answers(sample, sample["reading"].to_list()), sample)
    paths = write_gold(golds, tmp_path)
    assert len(paths) == len(golds) == sample["article_id"].n_unique()
    back = load_gold(tmp_path)
    assert back == [dict(g, article_id=g["file"]) for g in golds]
    scores = tk.evaluate_stance(reviewed_only(claims, back), back)
    positives = (sample["reading"] != "neutral").sum()
    assert (scores["precision"], scores["tp"], scores["fp"], scores["fn"]) == (1.0, positives, 0, 0)


def test_corrections_count_as_errors_in_evaluate_stance(claims):
    sample = sample_for_review(claims.filter(pl.col("stance") != "neutral"), n=10, seed=1)
    readings = sample["reading"].to_list()
    labels = ["neutral" if i < 3 else r for i, r in enumerate(readings)]  # three readings wrong
    answers = _answers(sample, labels)
    golds = to_gold(answers, sample)
    scores = tk.evaluate_stance(reviewed_only(claims, golds), golds)
    assert (scores["tp"], scores["fp"]) == (7, 3)
    # the same precision as the review's own (unweighted: one stratum)
    review = review_accuracy(answers, sample)["precision"].filter(group="all")
    assert review["estimate"].item() == pytest.approx(scores["precision"])


def test_off_target_and_wrong_party(claims):
    sample = sample_for_review(claims.filter(pl.col("stance") == "oppose"), n=2, seed=0)
    answers = _answers(sample, ["off_target", "wrong_party"], party=[None, "fatah_alliance"])
    golds = to_gold(answers, sample)
    stance = {(g["article_id"], s["sentence"], s["party"]): s for g in golds for s in g["stance"]}
    first, second = sample.row(0, named=True), sample.row(1, named=True)
    key = (first["article_id"], first["sentence_id"], first["party"])
    assert stance[key]["stance"] == "neutral"
    moved = (second["article_id"], second["sentence_id"], "fatah_alliance")
    assert stance[moved]["stance"] == "oppose"
    assert stance[(second["article_id"], second["sentence_id"], second["party"])]["stance"] == (
        "neutral"
    )


def test_two_annotators_give_stance_and_accept(claims):
    sample = sample_for_review(claims, n=1, seed=4)
    answers = pl.concat([_answers(sample, ["mixed"], "a"), _answers(sample, ["oppose"], "b")])
    (gold,) = to_gold(answers, sample)
    (entry,) = gold["stance"]
    assert entry["stance"] == "oppose" and entry["accept"] == ["oppose", "mixed"]


def test_whole_sentences_give_every_position(articles, claims):
    sentences = sample_sentences(articles, article_ids=["synthetic-03"])
    positions = [[{"party": "sadrist_movement", "stance": "oppose"}]] + [[]] * (
        sentences.height - 1
    )
    labels = ["positions"] + ["none"] * (sentences.height - 1)
    golds = to_gold(_answers(sentences, labels, positions=positions), sentences)
    (gold,) = golds
    assert [(s["sentence"], s["party"], s["stance"]) for s in gold["stance"]] == [
        (1, "sadrist_movement", "oppose")
    ]
    assert len(gold["sentences"]) == sentences.height
    kept = reviewed_only(claims, golds)
    assert set(kept["article_id"]) == {"synthetic-03"}
    assert kept.height == claims.filter(article_id="synthetic-03").height
    scores = tk.evaluate_stance(kept, golds)
    assert scores["fn"] + scores["tp"] == 1


def test_mentions_and_figures_round_trip(articles):
    mentions = extract_entities(articles)
    sample = sample_for_review(mentions, n=8, seed=0, articles=articles)
    labels = ["correct"] * 6 + ["not_an_entity", "wrong_label"]
    golds = to_gold(_answers(sample, labels), sample)
    scores = evaluate_entities(reviewed_only(mentions, golds), golds)
    # six confirmed, one false positive, one optional (a name of another type): 6 / 7
    assert (scores["tp"], scores["fp"], scores["fn"]) == (6, 1, 0)

    figures = extract_figures(articles)
    sample = sample_for_review(figures, n=5, seed=0, articles=articles)
    labels = ["correct", "correct", "wrong_kind", "correct", "not_a_figure"]
    golds = to_gold(_answers(sample, labels), sample)
    scores = evaluate_figures(reviewed_only(figures, golds), golds)
    assert (scores["tp"], scores["fp"]) == (4, 1)
    assert scores["kind_accuracy"] == pytest.approx(3 / 4)
    assert scores["value_accuracy"] == 1.0
