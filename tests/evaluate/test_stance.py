"""evaluate_stance: accepted labels, the confusion table, and one row per error."""

import polars as pl
import pytest

from toolkit.evaluate import evaluate_stance
from toolkit.evaluate.stance import STANCE_ERRORS
from toolkit.stance import classify_stance


def test_evaluate_stance_counts_accepted_labels():
    gold = {
        "article_id": "t",
        "stance": [
            {"party": "sadrist_movement", "stance": "oppose", "accept": ["oppose"], "sentence": 1},
            {"party": "iraqi_government", "stance": "mixed", "accept": ["mixed", "oppose"],
             "sentence": 2},
            {"party": "nato", "stance": "oppose", "accept": ["oppose", "neutral"], "sentence": 3},
            {"party": "iran", "stance": "oppose", "accept": ["oppose"], "sentence": 4},
        ],
    }  # fmt: skip
    claims = pl.DataFrame(
        {
            "article_id": ["t"] * 4,
            "sentence_id": [1, 2, 3, 5],
            "party": ["sadrist_movement", "iraqi_government", "nato", "iran"],
            "stance": ["oppose", "support", "neutral", "oppose"],
            "cue": ["انسحاب", "بقاء", None, "خروج"],
            "rule": ["speaker:cue"] * 4,
            "sentence": ["…"] * 4,
        }
    )
    scores = evaluate_stance(claims, gold)
    # Predictions: sentence 1 right, 2 wrong label, 5 has no gold claim → P = 1/3.
    # Gold: 1 found, 2 not, 3 found (neutral accepted), 4 missed → R = 2/4.
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1, 2, 2)
    assert scores["precision"] == pytest.approx(1 / 3) and scores["recall"] == 0.5
    confusion = scores["confusion"]
    assert confusion.filter(gold="mixed")["support"].item() == 1
    assert confusion.filter(gold="none")["oppose"].item() == 1
    errors = scores["errors"]
    assert errors.height == 3 and errors.columns[0] == "error"
    assert errors.select("error", "sentence_id", "party").rows() == [
        ("wrong_label", 2, "iraqi_government"),
        ("miss", 4, "iran"),
        ("false_positive", 5, "iran"),
    ]
    assert set(errors["error"]) <= set(STANCE_ERRORS)


def test_a_position_where_the_gold_has_none_is_a_false_positive():
    gold = {
        "article_id": "t",
        "stance": [
            {"party": "nato", "stance": "neutral", "accept": ["neutral"], "sentence": 1},
            {"party": "iran", "stance": "oppose", "accept": ["oppose"], "sentence": 2},
        ],
    }
    claims = pl.DataFrame(
        {
            "article_id": ["t", "t"],
            "sentence_id": [1, 2],
            "party": ["nato", "iran"],
            "stance": ["support", "neutral"],
        }
    )
    scores = evaluate_stance(claims, gold)
    assert scores["errors"].select("error", "party").rows() == [
        ("false_positive", "nato"),
        ("miss", "iran"),
    ]
    assert (scores["tp"], scores["fp"], scores["fn"]) == (0, 1, 1)


def test_seed_gold_non_neutral_f1(seed, gold):
    scores = evaluate_stance(classify_stance(seed), gold)
    assert scores["f1"] >= 0.9, scores["errors"]


def test_heldout_passages_modest_floor():
    """Passages written and annotated without seeing these rules (tests/heldout/).

    With the rules frozen before they were first read: precision 0.81, recall 0.575,
    F1 0.672 (17 true positives, 4 false positives, 17 misses). After the rules for real
    coverage (issue 15, developed on tests/data/stance_dev_cases.csv, never on these passages):
    precision 0.68, recall 0.60, F1 0.64 (21 true positives, 10 false positives, 16 misses) —
    more positions found, more wrong ones. The floor catches a collapse, not that drop.
    """
    from toolkit.datasets import heldout_passages

    passages, golds = heldout_passages()
    scores = evaluate_stance(classify_stance(passages), golds)
    assert scores["f1"] >= 0.55 and scores["precision"] >= 0.6, scores["errors"]


def test_evaluate_stance_takes_a_minimal_frame(gold):
    claims = pl.DataFrame(
        {"article_id": [gold[0]["article_id"]], "sentence_id": [8],
         "party": ["iraqi_parliament"], "stance": ["oppose"]}
    )  # fmt: skip
    scores = evaluate_stance(claims, gold)
    assert (scores["tp"], scores["fp"]) == (1, 0) and scores["precision"] == 1.0


def test_strict_scoring_ignores_the_accept_lists_and_alternatives_name_what_they_changed():
    gold = {
        "article_id": "t",
        "stance": [
            {"party": "iraqi_government", "stance": "mixed", "accept": ["mixed", "oppose"],
             "sentence": 1},
            {"party": "nato", "stance": "oppose", "accept": ["oppose", "neutral"], "sentence": 2},
            {"party": "iran", "stance": "oppose", "accept": ["oppose"], "sentence": 3},
        ],
    }  # fmt: skip
    claims = pl.DataFrame(
        {
            "article_id": ["t"] * 3,
            "sentence_id": [1, 2, 3],
            "party": ["iraqi_government", "nato", "iran"],
            "stance": ["oppose", "neutral", "oppose"],
        }
    )
    lenient = evaluate_stance(claims, gold)
    strict = evaluate_stance(claims, gold, strict=True)
    # gold mixed read as oppose counts with accept, not without; neutral for nato likewise
    assert (lenient["tp"], lenient["fp"], lenient["fn"]) == (2, 0, 0)
    assert (strict["tp"], strict["fp"], strict["fn"]) == (1, 1, 2)
    assert strict["f1"] < lenient["f1"]
    assert lenient["alternatives"].select("party", "gold", "predicted").rows() == [
        ("iraqi_government", "mixed", "oppose"),
        ("nato", "oppose", "neutral"),
    ]
    assert strict["alternatives"].is_empty()


def test_scores_per_label_add_up_to_the_totals(seed, gold):
    from toolkit.datasets import heldout_passages

    passages, golds = heldout_passages()
    scores = evaluate_stance(classify_stance(passages), golds)
    by_label = scores["by_label"]
    assert by_label["label"].to_list() == ["support", "oppose", "mixed"]
    # every non-neutral prediction has one label: the labels' counts are the totals'
    assert by_label["correct"].sum() == scores["tp"]
    assert by_label["predicted"].sum() == scores["tp"] + scores["fp"]
    assert by_label["found"].sum() / by_label["gold"].sum() == pytest.approx(scores["recall"])
    for row in by_label.iter_rows(named=True):
        for name, n, k in (("precision", "predicted", "correct"), ("recall", "gold", "found")):
            if row[n]:
                assert row[name] == row[k] / row[n]
                assert row[f"{name}_low"] <= row[name] <= row[f"{name}_high"]
            else:
                assert row[name] is None and row[f"{name}_low"] is None
