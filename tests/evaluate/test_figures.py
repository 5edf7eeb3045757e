"""evaluate_figures: misses, false positives and mismatches against the gold."""

from pathlib import Path

import polars as pl
import pytest

from toolkit.evaluate import evaluate_figures
from toolkit.figures import (
    extract_figures,
)

# --------------------------------------------------------------------------------------------
# evaluate_figures
# --------------------------------------------------------------------------------------------


def test_evaluate_reports_misses_false_positives_and_mismatches(seed, gold):
    figures = extract_figures(seed)
    wrong = figures.with_columns(
        value=pl.when(pl.col("kind") == "troops").then(pl.col("value") + 1).otherwise("value")
    ).filter(pl.col("kind") != "date")
    extra = figures.head(1).with_columns(start=pl.lit(0, pl.Int64), end=pl.lit(3, pl.Int64),
                                         number_start=pl.lit(0, pl.Int64), number_end=pl.lit(3, pl.Int64))  # fmt: skip
    scores = evaluate_figures(pl.concat([wrong, extra]), gold)
    assert scores["fn"] == 2 and scores["fp"] == 1 and scores["recall"] == pytest.approx(4 / 6)
    assert scores["value_accuracy"] == pytest.approx(1 / 4)
    errors = scores["errors"]
    assert errors.filter(pl.col("error") == "miss").height == 2
    assert errors.filter(pl.col("error") == "value").height == 3
    assert errors.filter(pl.col("error") == "false_positive").height == 1


def test_evaluate_accepts_a_path(seed):
    scores = evaluate_figures(extract_figures(seed), Path(__file__).parents[2] / "data" / "gold")
    assert scores["tp"] == 6
