"""Agreement: Krippendorff's worked example and a Cohen's kappa computed by hand."""

import math

import polars as pl
import pytest

from toolkit.validate import agreement, cohen_kappa, position_labels

# Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: nominal data,
# four observers, twelve units, missing values (None). His result: alpha = 0.743.
RELIABILITY_DATA = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def _long(data: dict[str, list]) -> pl.DataFrame:
    rows = [
        (f"unit{u + 1:02d}", coder, None if value is None else str(value))
        for coder, values in data.items()
        for u, value in enumerate(values)
    ]
    return pl.DataFrame(rows, schema=["item", "annotator", "label"], orient="row")


def test_krippendorffs_worked_example():
    result = agreement(_long(RELIABILITY_DATA))
    assert round(result["alpha"], 3) == 0.743
    # unit 12 has one value only: it cannot be compared and does not count
    assert result["n"] == 11 and result["items"] == 12
    assert result["annotators"] == ["A", "B", "C", "D"]
    # the pooled pairs of values within units: Krippendorff's 40 pairable values give
    # sum over units of m_u (m_u - 1) = 110 ordered pairs, of which 86 agree
    assert result["observed"] == pytest.approx(86 / 110)
    assert set(result["disagreements"]["item"]) == {"unit02", "unit06", "unit08"}


def test_missing_answers_as_rows_without_a_label_or_no_rows_give_the_same():
    with_nulls = _long(RELIABILITY_DATA)
    without = with_nulls.filter(pl.col("label").is_not_null())
    assert agreement(with_nulls)["alpha"] == agreement(without)["alpha"]


def test_cohens_kappa_by_hand():
    # Ten claims, two annotators (S support, O oppose, N neutral):
    #   A: S S S S O O O N N N
    #   B: S S S O O O N N N S
    # They agree on items 1-3 (S), 5-6 (O), 8-9 (N): p_o = 7/10 = 0.7.
    # A gives S 4 times, O 3, N 3; so does B: p_e = 0.4*0.4 + 0.3*0.3 + 0.3*0.3 = 0.34.
    # kappa = (0.7 - 0.34) / (1 - 0.34) = 0.36 / 0.66 = 6/11 = 0.5454...
    a = list("SSSSOOONNN")
    b = list("SSSOOONNNS")
    by_hand = cohen_kappa(a, b)
    assert by_hand["observed"] == pytest.approx(0.7)
    assert by_hand["expected"] == pytest.approx(0.34)
    assert by_hand["kappa"] == pytest.approx(6 / 11)
    labels = pl.DataFrame({
        "item": [str(i) for i in range(10)] * 2, "annotator": ["a"] * 10 + ["b"] * 10,
        "label": a + b,
    })  # fmt: skip
    result = agreement(labels)
    assert result["kappa"].row(0) == ("a", "b", 10, pytest.approx(0.7), pytest.approx(0.34),
                                      pytest.approx(6 / 11))  # fmt: skip
    # Krippendorff's alpha by hand for the same data (two coders, nothing missing):
    # observed disagreement D_o = 1 - p_o = 0.3; the 20 values pooled are S 8, O 6, N 6, so the
    # expected disagreement D_e = (20^2 - (8^2 + 6^2 + 6^2)) / (20 * 19) = 264 / 380;
    # alpha = 1 - D_o / D_e = 1 - 0.3 * 380 / 264 = 0.5682 (a little above kappa's 0.5455)
    assert result["alpha"] == pytest.approx(1 - 0.3 * 380 / 264)
    confusion = result["confusion"]
    assert confusion.columns == ["label", "N", "O", "S"]
    assert confusion.filter(label="S").select("N", "O", "S").row(0) == (0, 1, 3)
    assert confusion.select(pl.sum_horizontal("N", "O", "S")).to_series().sum() == 10


def test_kappa_is_undefined_when_both_give_one_label_only():
    assert math.isnan(cohen_kappa(["x", "x"], ["x", "x"])["kappa"])
    labels = pl.DataFrame({"item": ["1", "2", "1", "2"], "annotator": ["a", "a", "b", "b"],
                           "label": ["x", "x", "x", "x"]})  # fmt: skip
    result = agreement(labels)
    assert math.isnan(result["alpha"]) and result["observed"] == 1.0


def test_three_annotators_give_three_pairs():
    labels = _long({"a": [1, 2, 2], "b": [1, 2, 1], "c": [1, None, 1]})
    kappa = agreement(labels)["kappa"]
    assert kappa.select("annotator_a", "annotator_b").rows() == [("a", "b"), ("a", "c"),
                                                                 ("b", "c")]  # fmt: skip
    assert kappa["n"].to_list() == [3, 2, 2]


def test_bad_input_says_what_to_do():
    with pytest.raises(ValueError, match="one row per"):
        agreement(pl.DataFrame({"item": ["1", "1"], "annotator": ["a", "a"], "label": ["x", "y"]}))
    with pytest.raises(ValueError, match="at least two annotators"):
        agreement(pl.DataFrame({"item": ["1"], "annotator": ["a"], "label": ["x"]}))
    with pytest.raises(ValueError, match="columns item, annotator and label"):
        agreement(pl.DataFrame({"item": ["1"]}))


def test_positions_in_whole_sentences_become_labels_per_party():
    answers = pl.DataFrame({
        "item": ["sentence:a:1"] * 2 + ["sentence:a:2"] * 2, "annotator": ["a", "b"] * 2,
        "kind": ["sentence"] * 4, "label": ["positions", "positions", "none", "positions"],
        "positions": [[{"party": "iran", "stance": "oppose"}],
                      [{"party": "iran", "stance": "oppose"}, {"party": "nato", "stance": "neutral"}],
                      [], [{"party": "iran", "stance": "mixed"}]],
    })  # fmt: skip
    labels = position_labels(answers)
    assert labels.rows() == [
        ("sentence:a:1|iran", "a", "oppose"), ("sentence:a:1|iran", "b", "oppose"),
        ("sentence:a:1|nato", "a", "none"), ("sentence:a:1|nato", "b", "neutral"),
        ("sentence:a:2|iran", "a", "none"), ("sentence:a:2|iran", "b", "mixed"),
    ]  # fmt: skip
    assert agreement(labels)["n"] == 3
