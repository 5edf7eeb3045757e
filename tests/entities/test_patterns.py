"""Title patterns: names proposed after the titles of titles.csv."""

import polars as pl

from toolkit.entities import extract_entities
from toolkit.lexicons.titles import load_titles


def test_title_patterns_propose_unknown_people():
    frame = pl.DataFrame({"article_id": ["a"], "text": ["وقال الجنرال الإيراني حسن باقري إن"]})
    found = extract_entities(frame).filter(pl.col("method") == "pattern")
    assert found["surface"].to_list() == ["حسن باقري"]
    assert found["label"].to_list() == ["PERSON"]
    assert extract_entities(frame, patterns=False).filter(pl.col("method") == "pattern").is_empty()


def test_every_shipped_title_example_names_a_person():
    """Each title's example in titles.csv gives a PERSON after the title (proposed, or in
    the gazetteer)."""
    titles = load_titles().filter(kind="person_title")
    texts = pl.DataFrame({"article_id": titles["title"], "text": titles["example"]})
    people = extract_entities(texts).filter(pl.col("label") == "PERSON")
    assert set(people["article_id"]) == set(titles["title"])
    proposed = people.filter(pl.col("method") == "pattern")
    assert dict(proposed.select("article_id", "surface").rows())["الجنرال"] == "حسن باقري"
