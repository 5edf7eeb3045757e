"""Precision and recall with Wilson intervals, weighted for a stratified sample."""

import math

import polars as pl
import pytest

from toolkit.evaluate.scores import wilson_interval
from toolkit.validate import review_accuracy, sample_sentences, weighted_share

Z = 1.959963984540054  # the 97.5% normal quantile


def test_wilson_interval_by_hand():
    # 8 right of 10, 95%: p = 0.8, z^2 = 3.841459, z^2/n = 0.3841459
    #   centre = (p + z^2 / 2n) / (1 + z^2/n) = (0.8 + 0.1920729) / 1.3841459 = 0.7167402
    #   half   = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2)
    #          = 1.959964 / 1.3841459 * sqrt(0.016 + 0.0096036) = 1.4160097 * 0.1600114 = 0.2265777
    #   interval = 0.7167402 -/+ 0.2265777 = (0.4901625, 0.9433179)
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4901625, abs=1e-6)
    assert high == pytest.approx(0.9433179, abs=1e-6)
    # 0 of 10: the interval starts at 0 and ends at (z^2/n) / (1 + z^2/n) = 0.2775328
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx((Z * Z / 10) / (1 + Z * Z / 10))
    assert wilson_interval(10, 10)[1] == 1.0
    assert all(math.isnan(x) for x in wilson_interval(0, 0))
    with pytest.raises(ValueError):
        wilson_interval(11, 10)
    # a 90% interval is narrower
    assert wilson_interval(8, 10, confidence=0.9)[0] > 0.4901625


def test_weighted_share_by_hand():
    # four items, right 1 1 0 1, weights 3 3 1 1 (the first two from a stratum sampled at 1/3)
    #   estimate = (3 + 3 + 0 + 1) / 8 = 0.875
    #   n_eff = (3+3+1+1)^2 / (9+9+1+1) = 64 / 20 = 3.2
    result = weighted_share([1, 1, 0, 1], [3, 3, 1, 1])
    assert result["estimate"] == pytest.approx(0.875)
    assert result["n_effective"] == pytest.approx(3.2)
    low, high = wilson_interval(0.875 * 3.2, 3.2)
    assert (result["low"], result["high"]) == (pytest.approx(low), pytest.approx(high))
    # equal weights: the ordinary Wilson interval of the plain share
    plain = weighted_share([1] * 8 + [0] * 2, [2.5] * 10)
    assert plain["n_effective"] == pytest.approx(10)
    assert plain["low"] == pytest.approx(0.4901625, abs=1e-6)


def _sample(readings, parties, weights):
    n = len(readings)
    return pl.DataFrame({
        "item": [f"stance:a:{i}:{p}" for i, p in enumerate(parties)], "kind": ["stance"] * n,
        "article_id": ["a"] * n, "sentence_id": list(range(n)), "party": parties,
        "reading": readings, "weight": weights, "sentence_sha256": ["h"] * n,
    })  # fmt: skip


def _answers(sample, labels, annotator="a", sha=None):
    return pl.DataFrame({"item": sample["item"], "annotator": [annotator] * sample.height,
                         "label": labels, "sentence_sha256": sha or ["h"] * sample.height})  # fmt: skip


def test_precision_per_label_and_party():
    sample = _sample(["oppose", "oppose", "oppose", "support", "neutral"],
                     ["iran", "iran", "nato", "nato", "iran"], [1.0] * 5)  # fmt: skip
    answers = _answers(sample, ["oppose", "mixed", "oppose", "support", "off_target"])
    result = review_accuracy(answers, sample)
    table = {(r["group"], r["value"]): r for r in result["precision"].to_dicts()}
    assert table[("all", "all")]["right"] == 3 and table[("all", "all")]["items"] == 5
    assert table[("label", "oppose")]["estimate"] == pytest.approx(2 / 3)
    assert table[("party", "iran")]["estimate"] == pytest.approx(1 / 3)
    low, high = wilson_interval(3, 5)
    assert (table[("all", "all")]["low"], table[("all", "all")]["high"]) == (low, high)
    assert result["n"] == 5


def test_a_stratified_sample_is_weighted():
    # two strata: 'oppose' claims sampled 1 in 4 (weight 4), 'support' claims all (weight 1)
    sample = _sample(["oppose", "oppose", "support", "support"], ["iran"] * 4, [4, 4, 1, 1])
    answers = _answers(sample, ["oppose", "neutral", "support", "support"])
    overall = review_accuracy(answers, sample)["precision"].filter(group="all").row(0, named=True)
    assert overall["right"] == 3  # unweighted count
    assert overall["estimate"] == pytest.approx((4 + 0 + 1 + 1) / 10)  # weighted: 0.6
    assert overall["n_effective"] == pytest.approx(100 / 34)


def test_two_annotators_who_disagree_count_half():
    sample = _sample(["oppose", "oppose"], ["iran", "iran"], [1.0, 1.0])
    answers = pl.concat([_answers(sample, ["oppose", "oppose"], "a"),
                         _answers(sample, ["oppose", "mixed"], "b")])  # fmt: skip
    overall = review_accuracy(answers, sample)["precision"].filter(group="all").row(0, named=True)
    assert overall["right"] == 1.5 and overall["estimate"] == 0.75


def test_answers_to_a_changed_sentence_are_left_out():
    sample = _sample(["oppose", "oppose"], ["iran", "iran"], [1.0, 1.0])
    answers = _answers(sample, ["oppose", "neutral"], sha=["h", "old"])
    result = review_accuracy(answers, sample)
    assert result["n"] == 1 and result["flagged"]["item"].to_list() == [sample["item"][1]]
    assert "changed" in result["message"]


def test_mentions_are_right_when_confirmed():
    sample = _sample(["PERSON", "ORG"], ["iran", None], [1.0, 1.0]).with_columns(
        kind=pl.lit("entity")
    )
    result = review_accuracy(_answers(sample, ["correct", "wrong_label"]), sample)
    assert result["precision"].filter(group="all")["estimate"].item() == 0.5
    assert result["parties"] is None


def test_the_message_names_the_rows_of_party_stance():
    sample = _sample(["oppose"] * 4 + ["support"] * 6, ["iran"] * 4 + ["nato"] * 6, [1.0] * 10)
    answers = _answers(sample, ["neutral", "neutral", "oppose", "neutral"] + ["support"] * 6)
    claims = pl.DataFrame({"party": ["iran", "nato", "fatah_alliance"], "stance": ["oppose"] * 3})
    result = review_accuracy(answers, sample, claims=claims, threshold=0.7)
    verdicts = dict(result["parties"].select("party", "verdict").iter_rows())
    assert verdicts == {"iran": "unreliable", "nato": "uncertain", "fatah_alliance": "not reviewed"}
    message = result["message"]
    assert "iran (1 of 4 right)" in message and "unreliable" in message
    assert "fatah_alliance had no claim in the sample" in message


def test_recall_from_whole_sentences(articles, claims):
    sentences = sample_sentences(articles, article_ids=["synthetic-03"])
    first = sentences.row(0, named=True)
    system = claims.filter(article_id="synthetic-03", sentence_id=first["sentence_id"])
    read = dict(system.select("party", "stance").iter_rows())
    # the annotator agrees with one non-neutral reading of the system and adds a position the
    # system cannot have found (a party it did not read there, or another stance)
    agreed = next((p, s) for p, s in read.items() if s != "neutral")
    missed = ("najaf_marjaiya", "oppose")
    assert missed[0] not in read
    positions = [[{"party": agreed[0], "stance": agreed[1]},
                  {"party": missed[0], "stance": missed[1]},
                  {"party": "nato", "stance": "neutral"}]]  # fmt: skip
    positions += [[]] * (sentences.height - 1)
    answers = pl.DataFrame({
        "item": sentences["item"], "annotator": ["a"] * sentences.height,
        "label": ["positions"] + ["none"] * (sentences.height - 1), "positions": positions,
        "sentence_sha256": sentences["sentence_sha256"],
    })  # fmt: skip
    result = review_accuracy(answers, sentences, claims=claims)
    recall = result["recall"].filter(group="all").row(0, named=True)
    assert (recall["items"], recall["right"], recall["estimate"]) == (
        2,
        1.0,
        0.5,
    )  # neutral left out
    by_party = dict(result["recall"].filter(group="party").select("value", "estimate").iter_rows())
    assert by_party == {agreed[0]: 1.0, missed[0]: 0.0}
    assert "recall 50%" in result["message"]
    assert review_accuracy(answers, sentences)["recall"] is None


def test_predictions_must_be_the_sample():
    with pytest.raises(ValueError, match="reviewed sample"):
        review_accuracy(pl.DataFrame({"item": ["x"], "annotator": ["a"], "label": ["oppose"]}),
                        pl.DataFrame({"article_id": ["a"]}))  # fmt: skip
