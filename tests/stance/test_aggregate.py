"""Claims summed up by party."""

import datetime as dt

import polars as pl

from toolkit.stance import classify_stance, combine_party_stance, party_stance, party_stance_partial


def _articles() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "article_id": ["a", "b"],
            "published": [dt.date(2021, 1, 5), dt.date(2021, 2, 7)],
            "text": [
                "دعا التيار الصدري إلى انسحاب القوات الأمريكية.\n"
                "وقال التيار الصدري إن الحكومة ستجتمع.",
                "وقال مسؤول أمريكي إن واشنطن قد تسحب بعض قواتها.",
            ],
        }
    )


def test_party_stance_counts_and_picks_the_strongest_evidence():
    articles = _articles()
    claims = classify_stance(articles)
    summary = party_stance(claims)
    sadr = summary.filter(party="sadrist_movement").row(0, named=True)
    assert (sadr["claims"], sadr["oppose"], sadr["neutral"], sadr["net"]) == (2, 1, 1, -1.0)
    assert sadr["leaning"] == "oppose" and sadr["evidence_sentence_id"] == 1
    by_month = party_stance(claims, by="month", articles=articles)
    assert by_month["month"].to_list() == [dt.date(2021, 1, 1), dt.date(2021, 2, 1)]
    assert by_month.filter(party="us_administration")["net"].item() == -0.5


def test_partials_of_batches_add_up_to_the_whole():
    claims = classify_stance(_articles())
    partials = [party_stance_partial(claims.filter(article_id=a)) for a in ("a", "b")]
    assert combine_party_stance(partials).equals(party_stance(claims))
