"""What the entity development sets built from ``passages.txt`` share in their tests: the
articles, gold and mentions of a set, the check that its files are what the builder
(``tests/data/passages_markup.py``) writes, and the check of its gold names and offsets."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polars as pl

from toolkit.entities import extract_entities
from toolkit.evaluate import load_gold
from toolkit.lexicons import load_entities

DATA = Path(__file__).resolve().parent / "data"


def load_dev(folder: Path) -> tuple[pl.DataFrame, list[dict], pl.DataFrame]:
    """The set's articles (id = file stem), its gold annotations and the extracted mentions."""
    articles = pl.DataFrame(
        [
            {"article_id": p.stem, "text": p.read_text(encoding="utf-8")}
            for p in sorted(folder.glob("*.txt"))
        ]
    )
    return articles, load_gold(folder), extract_entities(articles)


def assert_built(folder: Path, prefix: str) -> None:
    """Every passage file of ``folder`` is what the builder writes, and of news length."""
    sys.path.insert(0, str(DATA))
    try:
        import passages_markup as build
    finally:
        sys.path.remove(str(DATA))
    blocks = build.blocks((folder / "passages.txt").read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    party_of = build.parties()
    for slug, lines in blocks.items():
        text, gold = build.build_one(slug, lines, party_of, prefix)
        assert (folder / f"{slug}.txt").read_text(encoding="utf-8") == text
        assert json.loads((folder / f"{slug}.gold.json").read_text(encoding="utf-8")) == gold
        assert 80 <= len(text.split()) <= 250, slug


def assert_gold_names_and_offsets(articles: pl.DataFrame, golds: list[dict]) -> None:
    """Every gold span is the text at its offsets; every gold entity is a gazetteer name."""
    names = set(load_entities()["name_en"])
    texts = dict(articles.select("article_id", "text").iter_rows())
    for gold in golds:
        text = texts[gold["article_id"]]
        for span in gold["entities"] + gold["optional"]:
            assert text[span["start"] : span["end"]] == span["surface"]
        for entity in gold["entities"]:
            assert entity["entity"] in names, entity
