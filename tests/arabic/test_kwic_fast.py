"""``kwic`` (arrays of code points, :class:`toolkit.arabic.Concordance`) gives the frame of
``kwic_reference`` (Python's regular expressions article by article), row for row and offset
for offset: on the seed, the practice corpus, the held-out articles and passages, a generated
corpus and hypothesis-made text with diacritics, tatweel, ligatures and marks."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from toolkit.arabic import Concordance, kwic, tokenize
from toolkit.arabic.kwic import kwic_reference
from toolkit.datasets import heldout_articles, heldout_passages, practice_articles, seed_articles

OPTIONS = [
    {},
    {"clitics": False},
    {"normalized": False},
    {"normalized": False, "clitics": False},
    {"window": 7},
]


def frequent_terms(articles: pl.DataFrame, n: int) -> list[str]:
    """The ``n`` most frequent words and two-word phrases of the articles, as written."""
    tokens = tokenize(articles)
    words = tokens.filter(pl.col("kind") == "word")
    top = words.group_by("token").len().sort(["len", "token"], descending=[True, False])
    single = top["token"].head(n).to_list()
    pairs = [f"{a} {b}" for a, b in zip(single[::2], single[1::2], strict=False)]
    return single + pairs


def fast_frames(articles: pl.DataFrame, term: str, **options) -> list[pl.DataFrame]:
    """The frames of the fast paths: ``kwic`` and a :class:`Concordance` with its index of
    words (as the KWIC explorer keeps it)."""
    normalized = options.pop("normalized", True)
    window = options.pop("window", 40)
    indexed = Concordance(articles, normalized=normalized, words=True)
    return [
        kwic(articles, term, normalized=normalized, window=window, **options),
        indexed.lines(term, window=window, **options),
    ]


def assert_same(articles: pl.DataFrame, terms: list[str]) -> int:
    """Every term, with every option, gives the reference's frame both ways; the rows
    compared."""
    rows = 0
    for term in terms:
        for options in OPTIONS:
            want = kwic_reference(articles, term, **options)
            for got in fast_frames(articles, term, **options):
                assert_frame_equal(got, want)
            rows += want.height
    return rows


@pytest.fixture(scope="module")
def generated() -> pl.DataFrame:
    root = str(Path(__file__).resolve().parents[2])  # the benchmarks package beside the toolkit
    if root not in sys.path:
        sys.path.insert(0, root)
    from benchmarks.generate import articles

    return next(articles(120, seed=3))


#: Terms that exercise the rules: the article alone, a clitic letter, a ligature's letters, a
#: term with diacritics and tatweel, a term with punctuation, a term with no letter.
SPECIAL = ["ال", "و", "الله", "العِــراق", "القوات الأمريكية", "(", "،", "2020", "٢٠٢٠", "لل"]


@pytest.mark.parametrize(
    "articles",
    [
        seed_articles,
        practice_articles,
        lambda: heldout_articles()[0],
        lambda: heldout_passages()[0],
    ],
    ids=["seed", "practice", "heldout_articles", "heldout_passages"],
)
def test_shipped_texts(articles):
    frame = articles()
    assert assert_same(frame, frequent_terms(frame, 12) + SPECIAL) > 0


def test_generated_corpus(generated):
    assert assert_same(generated, frequent_terms(generated, 10) + SPECIAL) > 1000


@pytest.mark.parametrize("words", [False, True])
def test_concordance_lines_are_the_first_rows(generated, words):
    found = Concordance(generated, words=words)
    for term in frequent_terms(generated, 4)[:4]:
        whole = kwic(generated, term, window=30)
        assert whole.height > 50
        assert found.lines(term, window=30).equals(whole)
        assert found.lines(term, window=30, limit=50).equals(whole.head(50))
        assert len(found.find(term)[0]) == whole.height


def test_the_explorer_counts_every_match(generated):
    from toolkit.views.text import kwic_explorer

    term = frequent_terms(generated, 1)[0]
    view = kwic_explorer(generated, term=term, window=40)
    assert f"<p>{kwic_reference(generated, term).height} matches</p>" in view.result


# Pieces of text: letters with and without hamza, clitics, diacritics, tatweel, ligatures,
# presentation forms, zero-width and directional marks, digits, punctuation, white space.
LETTERS = [*"ابتثجحخدذرسشصضطظعغفقكلمنهويةىأإآءؤئ", "ال", "لل", "ﷲ", "ﷺ", "ﻻ", "ک", "ی"]
MARKS = ["\u064e", "\u0650", "\u0651", "\u0652", "\u0640", "\u200c", "\u200f", "\u0670"]
OTHER = [" ", " ", "، ", ".", "\n", "-", "(", ")", "2", "٢", "_", "a", "\u00a0", "\x00"]
PIECE = st.sampled_from(LETTERS + MARKS + LETTERS + OTHER)
TEXT = st.lists(PIECE, max_size=60).map("".join)
WORD = st.lists(st.sampled_from(LETTERS + MARKS[:5]), min_size=1, max_size=5).map("".join)
TERM = st.one_of(
    WORD,
    st.tuples(WORD, st.sampled_from([" ", "-", "، "]), WORD).map("".join),
    st.sampled_from(["ال", "و", "الله", "لل", "ا", "-", " ", "ﷲ"]),
)


@settings(
    max_examples=int(os.environ.get("KWIC_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(texts=st.lists(TEXT, min_size=1, max_size=4), term=TERM)
def test_hypothesis_text(texts, term):
    frame = pl.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": texts})
    for options in OPTIONS:
        want = kwic_reference(frame, term, **options)
        for got in fast_frames(frame, term, **options):
            assert_frame_equal(got, want)


def test_hypothesis_finds_matches():
    """The generated texts above do hold matches (the test above compares something)."""
    frame = pl.DataFrame({"article_id": ["a"], "text": ["وبالعِــراق ﷲ والله، العراق-العراق"]})
    got = kwic(frame, "العراق")
    assert got["match"].to_list() == ["وبالعِــراق", "العراق", "العراق"]
    assert kwic(frame, "الله")["match"].to_list() == ["ﷲ", "والله"]
    assert_frame_equal(got, kwic_reference(frame, "العراق"))
