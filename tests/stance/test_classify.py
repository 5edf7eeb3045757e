"""classify_stance as a stage: the claims frame, its offsets, and the lexicons it reads."""

import os
import time

import polars as pl
import pytest

from toolkit.lexicons import LexiconError, Lexicons, load_entities, load_stance_cues
from toolkit.stance import CLAIM_SCHEMA, classify_stance, explain_stance


def _append(path, line: str) -> None:
    with open(path, "a", encoding="utf-8", newline="") as handle:
        handle.write(line + "\n")
    later = time.time_ns() + 2_000_000_000  # a later mtime, whatever the clock's resolution
    os.utime(path, ns=(later, later))


def test_offsets_point_into_the_original_text(seed):
    claims = classify_stance(seed)
    assert claims.schema == pl.Schema(CLAIM_SCHEMA)
    text = seed["text"][0]
    for row in claims.iter_rows(named=True):
        assert text[row["start"] : row["end"]] == row["sentence"]
        if row["cue"] is not None:
            assert text[row["cue_start"] : row["cue_end"]] == row["cue"]
        if row["speaker"] is not None:
            assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker"]
        for item in row["evidence"]:
            assert text[item["start"] : item["end"]] == item["text"]
        assert -1.0 <= row["score"] <= 1.0
        assert (row["cue"] is None) == (row["stance"] == "neutral")


def test_no_candidates_gives_an_empty_frame_with_the_schema(claims_of):
    claims = claims_of("الطقس معتدل في بغداد اليوم.")
    assert claims.is_empty() and claims.schema == pl.Schema(CLAIM_SCHEMA)


def test_an_unknown_target_says_which_targets_exist(claims_of):
    with pytest.raises(LexiconError, match="shipped targets: us_troops"):
        claims_of("قال مسؤول أمريكي إن القوات ستبقى.", target="mars_base")
    with pytest.raises(ValueError, match="lower-case"):
        claims_of("قال مسؤول أمريكي إن القوات ستبقى.", target="../etc")


def test_adding_a_cue_changes_the_reading(reading):
    text = "وطالب التيار الصدري بتسفير القوات الأمريكية."
    assert reading(text) == {(1, "sadrist_movement"): "neutral"}
    extra = pl.DataFrame(
        {"cue": ["تسفير"], "polarity": ["oppose"], "aspect": ["all"],
         "example": ["بتسفير القوات"], "note": ["sending away"]}
    )  # fmt: skip
    cues = pl.concat([load_stance_cues(), extra], how="diagonal")
    assert reading(text, cues=cues) == {(1, "sadrist_movement"): "oppose"}


def test_entity_and_cue_frames_read_the_same_when_passed_again():
    text = "دعا التيار الصدري إلى انسحاب القوات الأمريكية."
    frame = pl.DataFrame({"article_id": ["a"], "text": [text]})
    entities, cues = load_entities(), load_stance_cues()
    first = classify_stance(frame, gazetteer=entities, cues=cues)
    assert first.select("party", "stance").rows() == [("sadrist_movement", "oppose")]
    assert classify_stance(frame, gazetteer=entities.clone(), cues=cues.clone()).equals(first)
    biden = pl.DataFrame({"article_id": ["b"], "text": ["دعا بايدن إلى انسحاب القوات الأمريكية."]})
    assert classify_stance(biden, gazetteer=entities)["party"].to_list() == ["us_administration"]
    fewer = entities.filter(pl.col("entity_id") != "joe_biden")
    assert classify_stance(biden, gazetteer=fewer).is_empty()


# ---- lexicons=: a set of edited copies, used by the next call --------------------------------

CARRIED = pl.DataFrame(
    {
        "article_id": ["a"],
        "text": [
            "قال التيار الصدري إن المحادثات مستمرة.\n"
            "وأضاف صباحا أن الحكومة تريد جدولا زمنيا لانسحاب القوات الأمريكية."
        ],
    }
)


def _rows(claims: pl.DataFrame) -> list[tuple]:
    return claims.select("sentence_id", "party", "stance", "rule").rows()


def test_a_folder_of_copies_reads_as_the_shipped_files(tmp_path, seed):
    copies = Lexicons().snapshot(tmp_path / "lexicons")
    assert classify_stance(seed, lexicons=copies).equals(classify_stance(seed))
    assert classify_stance(seed, lexicons=str(copies.folder)).equals(classify_stance(seed))


def test_an_added_grammar_word_is_used_by_the_next_call(tmp_path):
    copies = Lexicons().snapshot(tmp_path / "lexicons")
    first = (1, "sadrist_movement", "neutral", "speaker:neutral")
    # an unknown word after وأضاف hands the reported words to the party named in them
    before = [first, (2, "iraqi_government", "oppose", "embedded:cue")]
    assert _rows(classify_stance(CARRIED, lexicons=copies)) == before
    # صباحاً between the verb and its أن is no subject: the speaker is carried over
    _append(copies.path("grammar_words.csv"), "صباحاً,filler,in the morning,وأضاف صباحاً أن")
    after = [first, (2, "sadrist_movement", "oppose", "carry_over:cue")]
    assert _rows(classify_stance(CARRIED, lexicons=copies)) == after
    steps = explain_stance(CARRIED["text"][0], lexicons=copies)
    assert "carry_over" in steps.filter(layer="holder")["detail"].to_list()
    assert _rows(classify_stance(CARRIED)) == before  # the shipped file is unchanged


def test_a_grammar_word_taken_out_is_no_longer_used(tmp_path):
    copies = Lexicons().snapshot(tmp_path / "lexicons")
    text = "وأكد مسؤول أمريكي أن القوات ستبقى فيما طالب التيار الصدري بانسحابها."

    def clauses() -> list[str]:
        steps = explain_stance(text, lexicons=copies)
        return steps.filter(layer="clause")["text"].to_list()

    assert clauses() == ["وأكد مسؤول أمريكي أن القوات ستبقى", "فيما طالب التيار الصدري بانسحابها"]
    path = copies.path("grammar_words.csv")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith("فيما,")), encoding="utf-8")
    later = time.time_ns() + 2_000_000_000
    os.utime(path, ns=(later, later))
    assert clauses() == [text.rstrip(".")]  # فيما opens no clause any more
