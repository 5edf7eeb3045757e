"""The entity gazetteer and the parties as the matcher reads them: coverage, rows named on error."""

from pathlib import Path

import polars as pl
import pytest

from toolkit.entities import extract_entities
from toolkit.lexicons import LexiconError, load_entities, load_parties

GOLD_PARTIES = {
    "us_administration", "iraqi_government", "iraqi_parliament", "fatah_alliance",
    "sadrist_movement", "iran_backed_militias", "iran", "nato", "kurdistan_region",
    "us_led_coalition", "iraqi_public",
}  # fmt: skip


def test_lexicon_coverage_and_parties():
    entities = load_entities()
    assert entities.height >= 150
    assert entities["entity_id"].is_unique().all()
    assert GOLD_PARTIES <= set(load_parties()["party_id"])
    assert set(entities["label"]) <= {"PERSON", "ORG", "GPE", "LOC"}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x,اسم,Name,PERSON,,,", "empty alias"),
        ("x,اسم,Name,PEOPLE,,اسم,", "unknown label"),
        ("x,اسم,Name,PERSON,martians,اسم,", "unknown party"),
        ("iraq,اسم,Name,PERSON,,اسم,", "duplicate entity_id"),
        ("y,بغداد,Name,GPE,,بغداد,", "also claimed by"),
    ],
)
def test_bad_lexicon_rows_are_named(tmp_path, row, message):
    header = "entity_id,name_ar,name_en,label,party,aliases,note\n"
    base = "iraq,العراق,Iraq,GPE,,العراق,\nbaghdad,بغداد,Baghdad,GPE,,بغداد,\n"
    path = _write(tmp_path / "entities.csv", "\ufeff" + header + base + row + "\n")
    with pytest.raises(LexiconError) as info:
        load_entities(path)
    assert message in str(info.value) and "row 4" in str(info.value)
    assert str(path) in str(info.value)


def test_missing_column_is_named(tmp_path):
    path = _write(tmp_path / "entities.csv", "entity_id,name_ar\nx,س\n")
    with pytest.raises(LexiconError, match="missing column"):
        load_entities(path)


def test_regex_special_alias_is_matched_literally(tmp_path):
    header = "entity_id,name_ar,name_en,label,party,aliases,note\n"
    path = _write(tmp_path / "e.csv", header + "x,قوة (س),X,ORG,,قوة (س)|ق.س,\n")
    frame = pl.DataFrame({"article_id": ["a"], "text": ["وصلت قوة (س) ثم ق.س ثم قوة س"]})
    found = extract_entities(frame, gazetteer=path, patterns=False)
    assert found["surface"].to_list() == ["قوة (س)", "ق.س"]
