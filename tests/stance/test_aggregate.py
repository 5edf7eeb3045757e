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
    us = by_month.filter(party="us_administration").row(0, named=True)
    # the owner's hedged drawdown is mixed, not opposition: net 0, counted as a drawdown
    assert (us["mixed"], us["own_drawdowns"], us["net"], us["leaning"]) == (1, 1, 0.0, "mixed")


def test_shares_and_net_follow_from_the_counts():
    text = (
        "دعا التيار الصدري إلى انسحاب القوات الأمريكية.\n"
        "وقال التيار الصدري إن بقاء القوات الأمريكية ضروري.\n"
        "وطالب التيار الصدري برحيل القوات الأمريكية.\n"
        "وقال التيار الصدري إن الحكومة ستجتمع."
    )
    summary = party_stance(classify_stance(pl.DataFrame({"article_id": ["a"], "text": [text]})))
    row = summary.filter(party="sadrist_movement").row(0, named=True)
    assert (row["support"], row["oppose"], row["mixed"], row["neutral"]) == (1, 2, 0, 1)
    assert row["positions"] == 3 and row["claims"] == 4
    assert row["oppose_share"] == 2 / 3 and row["support_share"] == 1 / 3
    assert row["mixed_share"] == 0 and row["neutral_share"] == 1 / 4
    assert row["net"] == (1 - 2) / 3 and row["leaning"] == "oppose"


def test_partials_of_batches_add_up_to_the_whole():
    claims = classify_stance(_articles())
    partials = [party_stance_partial(claims.filter(article_id=a)) for a in ("a", "b")]
    assert combine_party_stance(partials).equals(party_stance(claims))
