"""Entity lexicon, clitic-aware matching, frequency and scores on gold annotations."""

from pathlib import Path

import polars as pl
import pytest

import toolkit as tk
from toolkit.datasets import heldout_passages
from toolkit.entities import entity_cooccurrence, entity_frequency, extract_entities
from toolkit.evaluate import evaluate_entities
from toolkit.lexicons import LexiconError, load_entities, load_parties

GOLD_PARTIES = {
    "us_administration", "iraqi_government", "iraqi_parliament", "fatah_alliance",
    "sadrist_movement", "iran_backed_militias", "iran", "nato", "kurdistan_region",
    "us_led_coalition", "iraqi_public",
}  # fmt: skip


def mentions_of(text: str) -> list[tuple[str, str]]:
    frame = pl.DataFrame({"article_id": ["a"], "text": [text]})
    found = extract_entities(frame)
    for start, end, surface in found.select("start", "end", "surface").iter_rows():
        assert text[start:end] == surface
    return list(zip(found["surface"], found["entity"], strict=True))


def test_lexicon_coverage_and_parties():
    entities = load_entities()
    assert entities.height >= 150
    assert entities["entity_id"].is_unique().all()
    assert GOLD_PARTIES <= set(load_parties()["party_id"])
    assert set(entities["label"]) <= {"PERSON", "ORG", "GPE", "LOC"}


def test_seed_precision_and_recall(seed, gold):
    scores = evaluate_entities(extract_entities(seed), gold)
    assert scores["precision"] >= 0.95
    assert scores["recall"] >= 0.95
    assert scores["alias_agreement"] >= 0.9


def test_clitics_and_boundaries():
    assert mentions_of("دعا للناتو") == [("ناتو", "nato")]
    assert mentions_of("والعراق وبإيران") == [("العراق", "iraq"), ("إيران", "iran")]
    # إيران is not inside الإيراني, العراق not inside العراقية
    assert mentions_of("الجنرال الإيراني والقوات العراقية") == []


def test_longest_match_wins_and_nested_names():
    found = mentions_of("أكدت الحكومة العراقية أن إدارة جو بايدن ستبقى")
    assert found == [("الحكومة العراقية", "iraqi_government"), ("جو بايدن", "joe_biden")]


def test_aliases_merge_into_one_entity():
    found = mentions_of("قالت واشنطن إن الولايات المتحدة وأميركا وأمريكا")
    assert {entity for _, entity in found} == {"united_states"}
    assert len(found) == 4


def test_normalization_insensitive_matching():
    assert mentions_of("العِـــراق وبَغْدَاد") == [("العِـــراق", "iraq"), ("بَغْدَاد", "baghdad")]


def test_title_patterns_propose_unknown_people():
    frame = pl.DataFrame({"article_id": ["a"], "text": ["وقال الجنرال الإيراني حسن باقري إن"]})
    found = extract_entities(frame).filter(pl.col("method") == "pattern")
    assert found["surface"].to_list() == ["حسن باقري"]
    assert found["label"].to_list() == ["PERSON"]
    assert extract_entities(frame, patterns=False).filter(pl.col("method") == "pattern").is_empty()


def test_output_contract_columns(seed):
    found = extract_entities(seed)
    assert found.columns == [
        "article_id", "sentence_id", "start", "end", "surface", "entity", "name_en", "name_ar",
        "label", "party", "method",
    ]  # fmt: skip
    assert found["start"].is_sorted()


def test_frequency_rates_and_groups(seed):
    mentions = extract_entities(seed)
    tokens = tk.tokenize(seed)
    freq = entity_frequency(mentions, per=tokens)
    top = freq.row(0, named=True)
    assert top["entity"] == "iraq" and top["mentions"] == 8 and top["documents"] == 1
    words = tokens.filter(pl.col("kind") != "punct").height
    assert top["per_1000"] == pytest.approx(8 * 1000 / words)
    by_party = entity_frequency(mentions, by="party")
    us = by_party.filter(pl.col("party") == "us_administration")
    assert set(us["entity"]) >= {"joe_biden", "united_states", "donald_trump"}
    raw = entity_frequency(mentions, merge=False)
    assert "surface" in raw.columns and raw.height > freq.height


def test_cooccurrence_is_symmetric_once(seed):
    pairs = entity_cooccurrence(extract_entities(seed))
    assert (pairs["entity_a"] < pairs["entity_b"]).all()
    row = pairs.filter((pl.col("entity_a") == "iraq") & (pl.col("entity_b") == "nato"))
    assert row["sentences"].item() >= 1


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


def test_heldout_passages_are_scored():
    """Passages written without seeing the rules; the floor is modest, the numbers reported."""
    articles, golds = heldout_passages()
    assert len(golds) >= 5
    scores = evaluate_entities(extract_entities(articles), golds)
    print(
        f"\nheld-out entities: P={scores['precision']:.3f} R={scores['recall']:.3f} "
        f"F1={scores['f1']:.3f} alias agreement={scores['alias_agreement']:.3f}"
    )
    assert scores["precision"] >= 0.7 and scores["recall"] >= 0.7


def test_frequency_by_source_groups_by_the_outlet():
    articles = pl.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "source": ["outlet one", "outlet two", "outlet one"],
            "text": ["زار بايدن بغداد", "قال بايدن", "التقى بايدن السوداني في بغداد"],
        }
    )
    mentions = extract_entities(articles)
    assert "source" not in mentions.columns and set(mentions["method"]) == {"lexicon"}
    table = entity_frequency(mentions, by="source", articles=articles)
    biden = dict(table.filter(pl.col("entity") == "joe_biden").select("source", "mentions").rows())
    assert biden == {"outlet one": 2, "outlet two": 1}
