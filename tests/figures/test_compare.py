"""compare_figures: intervals, disagreements (equal to every pair compared), chunks."""

import math
from datetime import date, timedelta

import polars as pl
import pytest
from figures_support import figures_of
from polars.testing import assert_frame_equal

from toolkit.datasets import course_articles
from toolkit.figures import (
    QUALIFIERS,
    comparable_figures,
    compare_figures,
    compare_in_chunks,
    extract_figures,
    figure_intervals,
)

# --------------------------------------------------------------------------------------------
# compare_figures
# --------------------------------------------------------------------------------------------


def _two_sources(second: str, published=("2021-12-09", "2021-12-10")) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "article_id": ["a", "b"],
            "source": ["X", "Y"],
            "published": [pl.Series([p]).str.to_date()[0] for p in published],
            "text": ["بقي نحو 2500 جندي أمريكي في العراق.", second],
        }
    )


def test_intervals_per_qualifier():
    frame = pl.DataFrame(
        {
            "value": [100.0, 100.0, 100.0, 100.0, 100.0, 20.0],
            "low": [None, 100.0, None, None, None, 20.0],
            "high": [None, None, 100.0, None, None, 99.0],
            "qualifier": ["approx", "more_than", "at_most", "exact", "additional", "vague"],
        }
    )
    rows = figure_intervals(frame, approx_band=0.2).select("interval_low", "interval_high").rows()
    assert rows == [
        (80.0, 120.0),
        (100.0, math.inf),
        (0.0, 100.0),
        (100.0, 100.0),
        (100.0, 100.0),
        (20.0, 99.0),
    ]


def test_disagreement_between_sources():
    articles = _two_sources("وقالت مصادر إن 3000 جندي أمريكي ما زالوا هناك.")
    comparison = compare_figures(extract_figures(articles), articles=articles)
    assert comparison["disagrees"].to_list() == [True, True]
    assert comparison["disagrees_with"].to_list() == [["b:15"], ["a:4"]]
    assert comparison["source"].to_list() == ["X", "Y"]


def test_approximate_figures_agree_or_not_with_the_band():
    articles = _two_sources("وقالت مصادر إن حوالي ثلاثة آلاف جندي أمريكي ما زالوا هناك.")
    figures = extract_figures(articles)
    assert not compare_figures(figures, articles=articles)["disagrees"].any()
    assert compare_figures(figures, articles=articles, approx_band=0.05)["disagrees"].all()


def test_far_apart_dates_are_not_compared():
    articles = _two_sources("بقي 3000 جندي أمريكي.", published=("2020-01-01", "2021-12-10"))
    comparison = compare_figures(extract_figures(articles), articles=articles)
    assert not comparison["disagrees"].any()
    assert compare_figures(extract_figures(articles), articles=articles, within_days=None)[
        "disagrees"
    ].all()


def test_derived_total_from_the_seed(seed):
    comparison = compare_figures(extract_figures(seed), articles=seed)
    derived = comparison.filter("derived").row(0, named=True)
    assert (derived["value"], derived["qualifier"], derived["subject"]) == (
        3800.0,
        "more_than",
        "nato",
    )
    assert (derived["interval_low"], derived["interval_high"]) == (3800.0, math.inf)
    assert comparison.filter("derived").height == 1
    assert comparison.filter(pl.col("additional")).height == 1


def _pairwise(comparison: pl.DataFrame, keys: list[str], within_days: int | None) -> dict:
    """Every pair of a group compared: the reference compare_figures once was."""
    compared = comparison.filter(
        ~pl.col("additional")
        & ~pl.col("derived")
        & pl.col("interval_low").is_not_null()
        & pl.all_horizontal(pl.col(k).is_not_null() for k in keys)
    ).select(
        *keys, "figure_id", "article_id", "start", "published", "interval_low", "interval_high"
    )
    pairs = compared.join(compared, on=keys, suffix="_b").filter(
        (pl.col("article_id") != pl.col("article_id_b"))
        & (
            (pl.col("interval_high") < pl.col("interval_low_b"))
            | (pl.col("interval_high_b") < pl.col("interval_low"))
        )
    )
    if within_days is not None:
        gap = (pl.col("published") - pl.col("published_b")).dt.total_days().abs()
        both_undated = pl.col("published").is_null() & pl.col("published_b").is_null()
        pairs = pairs.filter(both_undated | (gap <= within_days))
    found = pairs.group_by("figure_id").agg(  # in article order, then text order
        pl.col("figure_id_b").sort_by("article_id_b", "start_b")
    )
    return dict(found.iter_rows())


def _random_figures(seed: int, n: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    import random

    rng = random.Random(seed)
    qualifiers = [q for q in QUALIFIERS]
    rows = []
    for _ in range(n):
        q, v = rng.choice(qualifiers), float(rng.choice([100, 250, 300, 1000, 2500, 3000, 5000]))
        ranged = q in {"range", "vague"}
        rows.append(
            {
                "article_id": f"a{rng.randint(0, 8)}",
                "start": rng.randint(0, 500),
                "sentence_id": rng.randint(1, 5),
                "kind": rng.choice(["troops", "troops", "duration"]),
                "subject": rng.choice(["us_administration", "nato", None]),
                "unit": rng.choice(["soldier", None]),
                "value": v,
                "low": v if ranged or q in {"more_than", "at_least"} else None,
                "high": v * rng.choice([1.5, 3]) if ranged else None,
                "qualifier": q,
                "surface": "x",
                "number_start": 0,
            }
        )
    figures = pl.DataFrame(rows).unique(["article_id", "start"])
    ids = sorted(figures["article_id"].unique())
    days = [rng.choice([None, *range(0, 30)]) for _ in ids]
    articles = pl.DataFrame(
        {
            "article_id": ids,
            "source": [rng.choice(["X", "Y"]) for _ in ids],
            "published": [None if d is None else date(2021, 1, 1) + timedelta(d) for d in days],
        },
        schema_overrides={"published": pl.Date},
    )
    return figures, articles


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"within_days": None},
        {"within_days": 0},
        {"kind": None},
        {"kind": None, "by": ("subject", "unit"), "within_days": 3},
        {"by": "source", "derive": False},
    ],
    ids=["default", "undated", "same-day", "all-kinds", "by-unit", "by-source"],
)
def test_disagreements_equal_every_pair_compared(options):
    """Bucketed and ranked, the disagreements are those of comparing every pair (the old
    quadratic way), on the course corpus and on random frames; also in tiny chunks, of
    candidate pairs and of figures compared at once."""
    keys = [
        "kind",
        *(
            [options.get("by", "subject")]
            if isinstance(options.get("by", "subject"), str)
            else options["by"]
        ),
    ]
    within = options.get("within_days", 7)
    cases = [(extract_figures(course_articles()), course_articles())]
    cases += [_random_figures(seed, 60) for seed in range(12)]
    # pair_budget=400: chunks of 10 figures; chunk_rows=7: figures compared at once
    for bounds in ({}, {"pair_budget": 400, "chunk_rows": 7}):
        for figures, articles in cases:
            comparison = compare_figures(figures, articles=articles, **options, **bounds)
            expected = _pairwise(comparison, keys, within)
            listed = {
                f: w for f, w in comparison.select("figure_id", "disagrees_with").iter_rows() if w
            }
            assert listed == expected
            flagged = set(comparison.filter("disagrees")["figure_id"])
            assert flagged == set(expected)


def test_derived_totals_take_the_nearest_earlier_figure_of_the_sentence_first():
    figures = pl.DataFrame(
        {
            "article_id": ["a"] * 4,
            "start": [0, 50, 100, 150],
            "sentence_id": [1, 2, 1, 3],
            "kind": ["troops"] * 4,
            "subject": ["nato"] * 4,
            "value": [300.0, 500.0, 100.0, 50.0],
            "low": [None] * 4,
            "high": [None] * 4,
            "qualifier": ["exact", "exact", "additional", "additional"],
            "surface": ["300", "500", "100", "50"],
            "number_start": [0, 50, 100, 150],
        },
        schema_overrides={"low": pl.Float64, "high": pl.Float64},
    )
    derived = compare_figures(figures).filter("derived")
    assert derived.select("figure_id", "value").rows() == [
        ("a:0+a:100", 400.0),  # the same sentence, though a:50 is nearer
        ("a:50+a:150", 550.0),  # none in its sentence: the nearest earlier
    ]


def test_compare_stays_bounded_on_200k_figures_in_one_group():
    """All pairs of 200,000 figures are 4·10¹⁰ (the old self-join ran out of memory)."""
    n = 200_000
    values = [500.0, 1000.0, 2500.0, 3000.0, 5200.0]
    qualifiers = ["exact", "approx", "more_than"]
    figures = pl.DataFrame(
        {
            "article_id": [f"a{i // 5}" for i in range(n)],
            "start": [i % 5 * 100 for i in range(n)],
            "sentence_id": [1] * n,
            "kind": ["troops"] * n,
            "subject": ["us_administration"] * n,
            "value": [values[i * 7 % 5] for i in range(n)],
            "low": [None] * n,
            "high": [None] * n,
            "qualifier": [qualifiers[i * 11 % 3] for i in range(n)],
            "surface": ["x"] * n,
            "number_start": [0] * n,
        },
        schema_overrides={"low": pl.Float64, "high": pl.Float64},
    )
    comparison = compare_figures(figures, within_days=None)
    assert comparison.height == n
    lengths = comparison["disagrees_with"].list.len()
    assert lengths.max() == 20 and comparison["disagrees"].sum() == (lengths > 0).sum()


@pytest.mark.parametrize("within_days", [7, 0, None])
def test_comparison_in_chunks_is_the_comparison_at_once(within_days, tmp_path):
    """Chunks of 1, 5 and 13 figures, read back from Parquet parts written batch by batch of
    articles (as the streaming pipeline does), give the very frame of one chunk in memory."""
    cases = [(extract_figures(course_articles()), course_articles())]
    cases += [_random_figures(seed, 80) for seed in range(6)]
    for number, (figures, articles) in enumerate(cases):
        whole = compare_figures(figures, articles=articles, kind=None, within_days=within_days)
        ids = articles["article_id"].to_list()
        parts = []
        for batch, begin in enumerate(range(0, len(ids), 3)):
            batch_ids = ids[begin : begin + 3]
            rows = comparable_figures(
                figures.filter(pl.col("article_id").is_in(batch_ids)),
                kind=None,
                articles=articles.filter(pl.col("article_id").is_in(batch_ids)),
            )
            parts.append(tmp_path / f"{number}-{batch:03d}.parquet")
            rows.write_parquet(parts[-1])
        for size in (1, 5, 13):
            chunks = list(
                compare_in_chunks(pl.scan_parquet(parts), within_days=within_days, chunk_rows=size)
            )
            assert len(chunks) == max(1, -(-whole.height // size))
            assert_frame_equal(pl.concat(chunks), whole)


def test_compare_needs_the_grouping_column():
    with pytest.raises(ValueError, match="outlet"):
        compare_figures(figures_of("نحو 2500 جندي أمريكي"), by=("subject", "outlet"))


def test_truncated_lists_do_not_depend_on_the_chunks():
    """When a figure disagrees with more than ``max_listed`` figures of equal value, which of
    them are listed depends neither on the figures compared at once nor on the pair budget
    (equal values are ranked in figure order, whatever else the chunk reads)."""
    n = 30_000
    ids = [f"a{i // 3:05d}" for i in range(n)]
    figures = pl.DataFrame(
        {
            "article_id": ids,
            "start": [i % 3 * 100 for i in range(n)],
            "sentence_id": [1] * n,
            "kind": ["troops"] * n,
            "subject": ["us_administration"] * n,
            "value": [(500.0, 2500.0, 5000.0)[i * 7 % 3] for i in range(n)],
            "low": [None] * n,
            "high": [None] * n,
            "qualifier": ["exact"] * n,
            "surface": ["x"] * n,
            "number_start": [0] * n,
        },
        schema_overrides={"low": pl.Float64, "high": pl.Float64},
    )
    unique = sorted(set(ids))
    articles = pl.DataFrame(
        {
            "article_id": unique,
            "published": [date(2021, 1, 1) + timedelta(i * 37 % 90) for i in range(len(unique))],
        }
    )
    whole = compare_figures(figures, articles=articles)
    assert whole["disagrees_with"].list.len().max() == 20  # MAX_LISTED
    for bounds in ({"chunk_rows": 3_000}, {"chunk_rows": 7_001, "pair_budget": 50_000}):
        assert_frame_equal(compare_figures(figures, articles=articles, **bounds), whole)


def test_articles_with_dates_as_text_are_compared_like_dates():
    """A ``published`` column read from a file as text (2021-01-02, or with a time) is read as
    a date, as the corpus loader reads it; a text that is no date is undated."""
    arts = pl.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "text": ["نحو 2500 جندي أمريكي.", "بقي 3000 جندي أمريكي.", "بقي 3000 جندي أمريكي."],
            "published": ["2021-01-02", "2021-01-03T08:00:00", "soon"],
        }
    )
    figures = extract_figures(arts)
    as_text = compare_figures(figures, articles=arts)
    as_dates = compare_figures(
        figures,
        articles=arts.with_columns(
            published=pl.Series([date(2021, 1, 2), date(2021, 1, 3), None], dtype=pl.Date)
        ),
    )
    assert_frame_equal(as_text, as_dates)
    assert as_text["published"].dtype == pl.Date
    assert as_text.filter(pl.col("article_id") == "c")["published"].to_list() == [None]
