"""framing_frequency: counts and shares of terms and frames within their referent, per group."""

import datetime as dt

import polars as pl
import pytest

from toolkit import extract_framing, framing_frequency

ARTICLES = pl.DataFrame(
    {
        "article_id": ["a", "b", "c"],
        "source": ["الجبهة", "الجبهة", "الواحة"],
        "published": [dt.date(2020, 1, 5), dt.date(2024, 2, 1), dt.date(2024, 2, 9)],
        "text": [
            "ندد البيان بالاحتلال الأمريكي. وقال إن الاحتلال سيرحل.",
            "أكد المتحدث أن الوجود الأمريكي مرفوض وأن «الاحتلال» زائل.",
            "ناقش الوفد الوجود الأمريكي والشراكة الأمنية. وقال قيادي إن «الاحتلال» باق.",
        ],
    }
)


@pytest.fixture(scope="module")
def terms():
    return extract_framing(ARTICLES)


def test_shares_within_the_referent_by_source(terms):
    freq = framing_frequency(terms, by="source", articles=ARTICLES)
    us = freq.filter(pl.col("referent") == "us_presence")
    rows = us.select("source", "term", "count", "articles", "referent_count", "share").rows()
    assert rows == [
        ("الجبهة", "احتلال*", 2, 2, 4, 0.5),
        ("الجبهة", "احتلال أمريكي*/أميركي*", 1, 1, 4, 0.25),
        ("الجبهة", "وجود أمريكي*/أميركي*", 1, 1, 4, 0.25),
        ("الواحة", "احتلال*", 1, 1, 3, pytest.approx(1 / 3)),
        ("الواحة", "شراكة أمني*", 1, 1, 3, pytest.approx(1 / 3)),
        ("الواحة", "وجود أمريكي*/أميركي*", 1, 1, 3, pytest.approx(1 / 3)),
    ]
    sums = freq.group_by("source", "referent").agg(pl.col("share").sum())["share"]
    assert sums.to_list() == pytest.approx([1.0] * sums.len())


def test_frames_by_the_quoted_split(terms):
    freq = framing_frequency(terms, by="quoted", of="frame")
    assert freq.columns == [
        "quoted",
        "referent",
        "frame",
        "count",
        "articles",
        "referent_count",
        "share",
    ]
    assert freq.select("quoted", "frame", "count", "share").rows() == [
        (False, "occupation", 2, 0.4),
        (False, "presence", 2, 0.4),
        (False, "partnership", 1, 0.2),
        (True, "occupation", 2, 1.0),
    ]


def test_by_month_and_overall(terms):
    by_month = framing_frequency(terms, by="month", of="frame", articles=ARTICLES)
    months = by_month.select("month", "frame", "count").rows()
    assert months[0] == (dt.date(2020, 1, 1), "occupation", 2)
    assert (dt.date(2024, 2, 1), "occupation", 2) in months
    overall = framing_frequency(terms, of="frame")
    assert overall.filter(pl.col("frame") == "occupation")["count"].item() == 4
    assert overall["referent_count"].unique().to_list() == [7]


def test_errors_say_what_to_do(terms):
    with pytest.raises(ValueError, match="pass articles="):
        framing_frequency(terms, by="source")
    with pytest.raises(ValueError, match="of must be"):
        framing_frequency(terms, of="word")
