"""Bare office titles resolve to the holder on the article's date; a name after the title wins."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from toolkit.entities import extract_entities
from toolkit.entities.reference import extract_entities_reference

DEV = Path(__file__).resolve().parents[1] / "data" / "entities_dev"


def found(text: str, day) -> list[tuple[str, str, str]]:
    """(surface, entity, method) of the office and coreference mentions, on both paths."""
    articles = pl.DataFrame({"article_id": ["a"], "text": [text], "published": [day]})
    fast = extract_entities(articles)
    assert_frame_equal(fast, extract_entities_reference(articles))
    for start, end, surface in fast.select("start", "end", "surface").iter_rows():
        assert text[start:end] == surface
    rows = fast.filter(pl.col("method").is_in(["office", "coreference"]))
    return rows.select("surface", "entity", "method").rows()


PM = "وقال رئيس الوزراء العراقي إن القوات الأمريكية ستغادر"


@pytest.mark.parametrize(
    ("day", "holder"),
    [
        (dt.date(2016, 3, 1), "haider_al_abadi"),
        (dt.date(2020, 2, 10), "adil_abdul_mahdi"),
        (dt.date(2021, 7, 26), "mustafa_al_kadhimi"),
        (dt.date(2023, 5, 1), "mohammed_shia_al_sudani"),
    ],
)
def test_a_bare_title_is_the_holder_of_the_day(day, holder):
    assert found(PM, day) == [("رئيس الوزراء العراقي", holder, "office")]


def test_no_date_no_mention():
    assert found(PM, None) == []
    articles = pl.DataFrame({"article_id": ["a"], "text": [PM]})  # no published column
    assert extract_entities(articles).filter(pl.col("method") == "office").is_empty()


def test_nobody_or_two_people_in_office_no_mention():
    assert found(PM, dt.date(1990, 1, 1)) == []  # before the first term listed
    assert found(PM, dt.date(2022, 10, 27)) == []  # the day the office changed hands


def test_dates_as_strings_and_datetimes():
    assert found(PM, "2021-07-26") == [("رئيس الوزراء العراقي", "mustafa_al_kadhimi", "office")]
    noon = dt.datetime(2021, 7, 26, 12, 0)
    assert found(PM, noon) == [("رئيس الوزراء العراقي", "mustafa_al_kadhimi", "office")]


def test_the_name_wins():
    day = dt.date(2021, 7, 26)
    assert found("وقال رئيس الوزراء العراقي مصطفى الكاظمي إن", day) == []
    assert found("وقال رئيس الوزراء العراقي، مصطفى الكاظمي، إن", day) == []
    assert found("وقال مصطفى الكاظمي، رئيس الوزراء العراقي، إن", day) == []
    # a name proposed after the title wins too, whoever it is
    assert found("وقال الرئيس الأمريكي جو بايدن إن", day) == []


@pytest.mark.parametrize(
    "text",
    [
        "وقال رئيس الوزراء العراقي السابق إن",
        "وقال رئيس الوزراء العراقي المكلف إن",
        "وقال نائب رئيس الوزراء العراقي إن",
        "وتتنافس الكتل على منصب رئيس الوزراء العراقي",
        "وقال رئيس الجمهورية الإسلامية الإيرانية إن",
    ],
)
def test_words_that_say_the_holder_is_not_meant(text):
    assert found(text, dt.date(2021, 7, 26)) == []


def test_a_title_that_contains_a_name_keeps_it():
    text = "وزار قائد القيادة المركزية الأمريكية قاعدة عين الأسد"
    articles = pl.DataFrame({"article_id": ["a"], "text": [text], "published": ["2023-03-01"]})
    mentions = extract_entities(articles).select("surface", "entity", "method").rows()
    assert ("قائد", "michael_kurilla", "office") in mentions
    assert ("القيادة المركزية الأمريكية", "centcom", "lexicon") in mentions


def test_a_surname_after_the_title_is_the_holders():
    text = "وقال رئيس الوزراء العراقي السوداني إن الحكومة مستعدة"
    assert found(text, dt.date(2023, 5, 1)) == [
        ("السوداني", "mohammed_shia_al_sudani", "coreference")
    ]


def test_the_holder_is_an_antecedent_for_his_surname():
    text = "وأفاد المكتب الإعلامي لرئيس مجلس الوزراء بأن السوداني أكد رفض الاعتداءات"
    assert found(text, dt.date(2025, 8, 11)) == [
        ("رئيس مجلس الوزراء", "mohammed_shia_al_sudani", "office"),
        ("السوداني", "mohammed_shia_al_sudani", "coreference"),
    ]


# The referents the development set's README gives for its bare titles, on the dates of the
# passages: a bare title is its holder; a title followed by the name leaves it to the name.
DEV_TITLES = [
    ("01_combat_mission_dated_wire", "2021-07-26", "رئيس الوزراء العراقي", "mustafa_al_kadhimi"),
    ("10_larijani_clitic_lam_iraqi_wire", "2025-08-11", "رئيس مجلس الوزراء", "mohammed_shia_al_sudani"),
    ("13_parliament_vote_2020_local", "2020-01-05", "رئيس البرلمان", "mohammed_al_halbousi"),
]  # fmt: skip
DEV_NAMED = [
    ("05_abu_fadak_kunya_local_site", "2020-02-15", "القائد العام للقوات المسلحة"),
    ("13_parliament_vote_2020_local", "2020-01-05", "رئيس حكومة تصريف الأعمال"),
]


@pytest.mark.parametrize(("stem", "day", "title", "holder"), DEV_TITLES)
def test_the_development_sets_bare_titles(stem, day, title, holder):
    text = (DEV / f"{stem}.txt").read_text(encoding="utf-8")
    assert (title, holder, "office") in found(text, dt.date.fromisoformat(day))


@pytest.mark.parametrize(("stem", "day", "title"), DEV_NAMED)
def test_the_development_sets_titles_before_names(stem, day, title):
    text = (DEV / f"{stem}.txt").read_text(encoding="utf-8")
    assert not any(surface == title for surface, _, _ in found(text, dt.date.fromisoformat(day)))
