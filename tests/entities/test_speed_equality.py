"""The later sources read only the mentions near each title or short form, and give the frame
they gave when they read every mention of the article (``per_article=True``).

Compared on the seed and practice articles, the held-out articles and passages, a generated
corpus (with dates, so that offices resolve), hypothesis-made text, mentions out of text order
and duplicate article ids.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import toolkit.entities.mentions as steps
from toolkit.datasets import course_articles, heldout_articles, heldout_passages, seed_articles
from toolkit.entities import extract_entities
from toolkit.entities.coreference import coreference_mentions
from toolkit.entities.offices import office_mentions

#: The later sources with a ``per_article=True`` reference (the others have no second way).
SOURCES = (office_mentions, coreference_mentions)


def calls(articles: pl.DataFrame) -> list[tuple]:
    """(source, what it read, what it gave) for each source of :data:`SOURCES` in one call."""
    seen = []

    def watched(source):
        def run(found):
            out = source(found)
            seen.append((source, found, out))
            return out

        return run

    shipped = steps.LATER_SOURCES
    steps.LATER_SOURCES = tuple(watched(s) for s in shipped)
    try:
        extract_entities(articles)
    finally:
        steps.LATER_SOURCES = shipped
    seen = [call for call in seen if call[0] in SOURCES]
    assert [s for s, _, _ in seen] == list(SOURCES)
    return seen


def assert_same(articles: pl.DataFrame) -> dict[str, int]:
    """Each later source gives the same frame both ways; the rows of each method added."""
    added = {}
    for source, found, out in calls(articles):
        assert_frame_equal(out, source(found, per_article=True))
        shuffled = dataclasses.replace(found, mentions=found.mentions.sample(fraction=1, seed=1))
        assert_frame_equal(source(shuffled), source(shuffled, per_article=True))
        added[source.__name__] = out.height - found.mentions.height
    return added


def dated(articles: pl.DataFrame, day=dt.date(2021, 7, 26)) -> pl.DataFrame:
    return articles.select("article_id", "text").with_columns(published=pl.lit(day))


@pytest.fixture(scope="module")
def generated() -> pl.DataFrame:
    root = str(Path(__file__).resolve().parents[2])  # the benchmarks package beside the toolkit
    if root not in sys.path:
        sys.path.insert(0, root)
    from benchmarks.generate import articles

    return next(articles(300, seed=5))


def test_generated_corpus(generated):
    added = assert_same(generated)
    # The corpus has bare titles and short forms: both sources add rows.
    assert added["office_mentions"] > 0
    assert added["coreference_mentions"] > 0


@pytest.mark.parametrize(
    "articles",
    [seed_articles, course_articles, lambda: heldout_articles()[0], lambda: heldout_passages()[0]],
    ids=["seed", "course", "heldout_articles", "heldout_passages"],
)
def test_shipped_texts(articles):
    frame = articles()
    assert_same(frame)
    assert_same(dated(frame))
    assert_same(dated(frame, dt.date(2016, 3, 1)))


def test_duplicate_ids_and_articles_without_mentions():
    text = "وقال رئيس الوزراء العراقي إن أبو مهدي المهندس زار أربيل، وكان المهندس قد وصل"
    frame = pl.DataFrame(
        {
            "article_id": ["a", "b", "a", "c"],
            "text": [text, "لا شيء هنا", text + " والمهندس", ""],
            "published": [dt.date(2016, 3, 1)] * 4,
        }
    )
    added = assert_same(frame)
    assert added["office_mentions"] > 0
    assert added["coreference_mentions"] > 0
    assert_same(frame.with_columns(published=None))


WORDS = [
    "رئيس الوزراء العراقي", "الرئيس الأمريكي", "حيدر العبادي", "العبادي", "السوداني", "الكاظمي",
    "مصطفى الكاظمي", "أبو مهدي المهندس", "المهندس", "جو بايدن", "بايدن", "السابق", "نائب",
    "مقتدى الصدر", "الصدر", "الحشد الشعبي", "الحشد", "الجيش", "قال", "إن", "في", "بغداد",
    "عصائب أهل الحق", "العصائب", "الحاج", "أبو آلاء الولائي", "منصب", "الإيرانية",
]  # fmt: skip
GAPS = [" ", " ", " ", "، ", ": ", "\n", " و", " ف", "  ", ".", " ال", "\u00a0"]
PIECE = st.tuples(st.sampled_from(GAPS), st.sampled_from(WORDS)).map("".join)
TEXT = st.lists(PIECE, max_size=25).map("".join)
DAYS = st.sampled_from([None, dt.date(2016, 3, 1), dt.date(2021, 7, 26), dt.date(2023, 5, 1)])


@settings(
    max_examples=int(os.environ.get("ENTITY_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(texts=st.lists(st.tuples(TEXT, DAYS), min_size=1, max_size=4))
def test_hypothesis_text(texts):
    frame = pl.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(texts))],
            "text": [t for t, _ in texts],
            "published": [d for _, d in texts],
        },
        schema={"article_id": pl.String, "text": pl.String, "published": pl.Date},
    )
    assert_same(frame)
