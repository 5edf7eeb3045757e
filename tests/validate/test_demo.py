"""The demonstration review shipped in data/validation/ matches the shipped data."""

import json

import polars as pl
import pytest

from toolkit.datasets import course_articles, demo_validation
from toolkit.validate import (
    LABELS,
    agreement,
    check_answers,
    read_answers,
    read_sample,
    refresh_sample,
    review_accuracy,
    sentence_hash,
)


@pytest.fixture(scope="module")
def demo():
    files = demo_validation()
    return read_sample(files["sample"]), read_answers(files["annotators"]), files


def test_the_files_are_there_and_labelled_as_constructed(demo):
    _, _, files = demo
    readme = files["readme"].read_text(encoding="utf-8")
    assert "constructed for teaching" in readme.lower() or "made for teaching" in readme
    assert [p.name for p in files["annotators"]] == ["demo_annotator_a.jsonl",
                                                     "demo_annotator_b.jsonl"]  # fmt: skip


def test_every_answer_is_to_an_item_of_the_sample_and_its_sentence_is_unchanged(demo):
    sample, answers, _ = demo
    assert check_answers(answers, sample)["status"].unique().to_list() == ["ok"]
    texts = dict(course_articles().select("article_id", "text").iter_rows())
    for row in sample.iter_rows(named=True):
        text = texts[row["article_id"]]
        sentence = text[row["sentence_start"] : row["sentence_end"]]
        assert sentence == row["sentence"], row["item"]
        assert sentence_hash(sentence) == row["sentence_sha256"]


def test_both_annotators_answered_every_item_with_a_known_label(demo):
    sample, answers, files = demo
    assert sorted(answers["annotator"].unique()) == ["demo_a", "demo_b"]
    for annotator in ("demo_a", "demo_b"):
        mine = answers.filter(annotator=annotator)
        assert sorted(mine["item"]) == sorted(sample["item"])
    kinds = dict(sample.select("item", "kind").iter_rows())
    for row in answers.iter_rows(named=True):
        assert row["label"] in LABELS[kinds[row["item"]]]
    lines = files["annotators"][0].read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["time"].endswith("Z") for line in lines)
    assert len(lines) == sample.height + 1  # annotator A changed her mind once


def test_agreement_on_the_demonstration_claims(demo):
    _, answers, _ = demo
    result = agreement(answers.filter(kind="stance"))
    assert result["n"] == 30
    assert result["kappa"]["kappa"].item() == pytest.approx(0.6875)
    assert 0.6 < result["alpha"] < 0.8  # "tentative conclusions only"
    assert result["disagreements"].height == 7


def test_precision_and_recall_on_the_demonstration(demo, claims):
    sample, answers, _ = demo
    current = pl.concat(
        [refresh_sample(sample.filter(kind="stance"), claims), sample.filter(kind="sentence")]
    )
    result = review_accuracy(answers, current, claims=claims)
    overall = result["precision"].filter(group="all").row(0, named=True)
    assert overall["items"] >= 25  # the rules may change; most items keep a reading
    assert 0 <= overall["low"] <= overall["estimate"] <= overall["high"] <= 1
    recall = result["recall"].filter(group="all").row(0, named=True)
    assert recall["items"] == 19  # 10 non-neutral positions from A, 9 from B
    assert "party_stance" in result["message"]
