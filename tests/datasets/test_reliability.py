"""The stance reader's held-out scores, read with the lexicons given (as a run report states)."""

import polars as pl

from toolkit.datasets import HELDOUT_DIR, heldout_stance_scores
from toolkit.datasets.reliability import HELDOUT_SET
from toolkit.lexicons import Lexicons
from toolkit.pipeline.report import stance_quality
from toolkit.pipeline.snapshot import run_lexicons


def test_the_scores_cover_both_heldout_sets():
    scores = heldout_stance_scores()
    assert scores["set"] == HELDOUT_SET
    gold = scores["by_label"]["gold"].sum()
    assert gold > 60  # the required positions of both sets (articles and passages)
    assert 0 < scores["precision"] <= 1 and 0 < scores["recall"] <= 1
    assert (HELDOUT_DIR / "articles").is_dir() and (HELDOUT_DIR / "passages").is_dir()


def test_edited_lexicons_give_the_edited_readers_scores(tmp_path):
    copies = Lexicons().snapshot(tmp_path / "lexicons")
    cues = copies.path("stance_cues_us_troops.csv")
    table = pl.read_csv(cues, infer_schema=False)
    table.filter(pl.col("polarity").ne_missing("oppose")).write_csv(cues)  # no oppose cue is left
    edited = heldout_stance_scores(lexicons=copies)
    oppose = edited["by_label"].filter(label="oppose").row(0, named=True)
    shipped = heldout_stance_scores()["by_label"].filter(label="oppose").row(0, named=True)
    assert oppose["gold"] == shipped["gold"] and oppose["found"] < shipped["found"]
    with run_lexicons(lexicons=copies) as run:
        quality = stance_quality(run)
    assert quality["edited"] == ["stance_cues_us_troops.csv"]
    assert quality["by_label"][1]["found"] == oppose["found"]
