"""distinctive_words: the weighted log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008), against a hand computation and a plain reference."""

import math
from collections import Counter

import polars as pl
import pytest

from toolkit import distinctive_words, tokenize
from toolkit.datasets import course_articles

TWO = pl.DataFrame(
    {
        "article_id": ["x", "y"],
        "source": ["X", "Y"],
        "text": ["الاحتلال الاحتلال الاحتلال الوجود", "الوجود الوجود الوجود الاحتلال"],
    }
)


def test_the_hand_computed_example():
    """X says الاحتلال 3 times and الوجود once; Y the other way round: n_X = n_Y = 4, n = 8.

    Informative prior with α_0 = 2: each word is half the corpus (4 of 8), so α_w = 2 · 4/8 = 1.
    For الاحتلال in X (y_X = 3, y_Y = 1):
        δ = log((3 + 1) / (4 + 2 - 3 - 1)) - log((1 + 1) / (4 + 2 - 1 - 1))
          = log(4 / 2) - log(2 / 4) = 2 log 2 = 1.386294…
        σ² = 1 / (3 + 1) + 1 / (1 + 1) = 0.75
        z = 1.386294 / √0.75 = 1.600754…
    For الوجود in X (y_X = 1, y_Y = 3) everything is mirrored: δ = -2 log 2, z = -1.600754…
    """
    words = distinctive_words(tokenize(TWO), by="source", prior=2.0, articles=TWO)
    x = {t: (c, o, d, z) for _, t, c, o, d, z in words.filter(pl.col("source") == "X").rows()}
    assert x["الاحتلال"][:2] == (3, 1)
    assert x["الاحتلال"][2] == pytest.approx(2 * math.log(2))
    assert x["الاحتلال"][3] == pytest.approx(2 * math.log(2) / math.sqrt(0.75))
    assert x["الاحتلال"][3] == pytest.approx(1.600754, abs=1e-6)
    assert x["الوجود"][3] == pytest.approx(-1.600754, abs=1e-6)
    y = words.filter(pl.col("source") == "Y")
    assert y["term"].to_list() == ["الوجود", "الاحتلال"]  # most distinctive first
    assert y["z"].to_list() == pytest.approx([1.600754, -1.600754], abs=1e-6)


def test_an_explicit_prior_frame():
    """α_w = 0.5 for both words (α_0 = 1): δ = log(3.5/1.5) - log(1.5/3.5) = 2 log(7/3),
    σ² = 1/3.5 + 1/1.5."""
    prior = pl.DataFrame({"term": ["الاحتلال", "الوجود"], "alpha": [0.5, 0.5]})
    words = distinctive_words(tokenize(TWO), by="source", prior=prior, articles=TWO)
    row = words.filter((pl.col("source") == "X") & (pl.col("term") == "الاحتلال")).row(0)
    assert row[4] == pytest.approx(2 * math.log(7 / 3))
    assert row[5] == pytest.approx(2 * math.log(7 / 3) / math.sqrt(1 / 3.5 + 1 / 1.5))
    only_one = distinctive_words(tokenize(TWO), by="source", prior=prior.head(1), articles=TWO)
    assert only_one["term"].unique().to_list() == ["الاحتلال"]


def reference(tokens: pl.DataFrame, group_of: dict, a0: float) -> dict:
    """Monroe et al.'s formula written out with dictionaries and loops."""
    counts: dict = {}
    for article, norm, kind, stop in tokens.select(
        "article_id", "norm", "kind", "is_stopword"
    ).rows():
        if kind == "word" and not stop:
            counts.setdefault(group_of[article], Counter())[norm] += 1
    total = Counter()
    for counter in counts.values():
        total.update(counter)
    n = sum(total.values())
    alpha = {w: a0 * c / n for w, c in total.items()}
    out = {}
    for group, counter in counts.items():
        n_i = sum(counter.values())
        n_j = n - n_i
        for w, y_i in counter.items():
            y_j = total[w] - y_i
            delta = math.log((y_i + alpha[w]) / (n_i + a0 - y_i - alpha[w])) - math.log(
                (y_j + alpha[w]) / (n_j + a0 - y_j - alpha[w])
            )
            out[(group, w)] = (y_i, delta / math.sqrt(1 / (y_i + alpha[w]) + 1 / (y_j + alpha[w])))
    return out


@pytest.mark.parametrize("a0", [10.0, 500.0])
def test_the_practice_corpus_by_outlet_equals_the_reference(a0):
    articles = course_articles().with_columns(pl.col("source").fill_null("(none)"))
    tokens = tokenize(articles)
    words = distinctive_words(tokens, by="source", prior=a0, articles=articles)
    expected = reference(tokens, dict(articles.select("article_id", "source").rows()), a0)
    got = {(g, t): (c, z) for g, t, c, _, _, z in words.rows()}
    assert got.keys() == expected.keys()
    for key, (count, z) in expected.items():
        assert got[key][0] == count
        assert got[key][1] == pytest.approx(z, rel=1e-9, abs=1e-12)


def test_clitic_pieces_are_set_aside_and_min_count_filters():
    clitic = tokenize(TWO, clitics=True)
    words = distinctive_words(clitic, by="source", prior=2.0, articles=TWO)
    assert set(words["term"]) == {"احتلال", "وجود"}
    fewer = distinctive_words(tokenize(TWO), by="source", prior=2.0, articles=TWO, min_count=2)
    assert fewer.select("source", "term").rows() == [("X", "الاحتلال"), ("Y", "الوجود")]


def test_errors_say_what_to_do():
    tokens = tokenize(TWO)
    with pytest.raises(ValueError, match="two groups"):
        distinctive_words(tokens.filter(pl.col("article_id") == "x"), by="article_id")
    with pytest.raises(ValueError, match="positive"):
        distinctive_words(tokens, by="article_id", prior=0)
    with pytest.raises(ValueError, match="by="):
        distinctive_words(tokens, by=[])
