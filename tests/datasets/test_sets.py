"""evaluation_sets: every shipped set scored, the held-out sets first, each named."""

import pytest

from toolkit.datasets import EVALUATION_SETS, evaluation_sets, heldout_passages
from toolkit.entities import extract_entities
from toolkit.evaluate import evaluate_entities


def test_held_out_sets_come_first_and_match_the_scorer():
    table = evaluation_sets("entities")
    assert table["set"].to_list() == [name for name, _, _ in EVALUATION_SETS]
    assert table["role"].to_list() == ["held-out", "held-out", "development"]
    passages, golds = heldout_passages()
    direct = evaluate_entities(extract_entities(passages), golds)
    first = table.row(0, named=True)
    assert (first["tp"], first["fp"], first["fn"]) == (direct["tp"], direct["fp"], direct["fn"])
    assert first["f1"] == round(direct["f1"], 3)
    assert all(table["about"].str.len_chars() > 20)


def test_a_set_without_annotations_for_the_stage_is_left_out():
    table = evaluation_sets("figures")
    assert "held-out articles" not in table["set"].to_list()  # no figures annotated there
    assert table["role"].to_list()[-1] == "development"


def test_stance_options_reach_the_scorer_and_the_development_set_scores_higher():
    lenient = evaluation_sets("stance")
    strict = evaluation_sets("stance", strict=True)
    assert (strict["tp"] <= lenient["tp"]).all() and (strict["tp"] < lenient["tp"]).any()
    held, dev = lenient.filter(role="held-out"), lenient.filter(role="development")
    assert dev["f1"].item() > held["f1"].max()


def test_an_unknown_stage_is_refused():
    with pytest.raises(ValueError, match="stage must be one of"):
        evaluation_sets("framing")


def test_practice_note_counts_the_practice_articles_a_result_rests_on(capsys):
    from toolkit.datasets import course_articles, flag_practice, practice_note, seed_articles

    articles = course_articles()
    seed = seed_articles()["article_id"].item()
    practice = articles.filter("synthetic")["article_id"].to_list()
    assert practice_note(articles).startswith(
        f"Practice data: {len(practice)} of these {articles.height} articles"
    )
    assert practice_note(articles, used=[seed, practice[0]]).startswith(
        "Practice data: 1 of these 2"
    )
    assert practice_note(articles, used=[seed]) == ""
    assert practice_note(articles.drop("synthetic")) == ""
    flag_practice(articles, used=[seed])
    assert capsys.readouterr().out == ""
    flag_practice(articles)
    assert "not evidence about real coverage" in capsys.readouterr().out
